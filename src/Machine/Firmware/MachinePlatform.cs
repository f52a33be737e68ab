using Emulator.Cpu;
using Emulator.Machine.Scheduling;

namespace Emulator.Machine.Firmware;

/// <summary>
/// What the CPUs of a board see around them: WFI/WFE park them in the scheduler, SEV wakes
/// the others, HVC #0 and SMC #0 reach PSCI, and HLT #0xF000 reaches semihosting when it is
/// enabled. Anything else is UNDEFINED, as on hardware with no EL2, no EL3 and no debugger.
/// </summary>
public sealed class MachinePlatform : IPlatform
{
    readonly Scheduler scheduler;
    readonly Psci psci;
    readonly Semihosting? semihosting;

    public MachinePlatform(Scheduler scheduler, Psci psci, Semihosting? semihosting)
    {
        this.scheduler = scheduler;
        this.psci = psci;
        this.semihosting = semihosting;
    }

    /// <summary>Told of every IRQ or FIQ a CPU takes (for <c>--trace irq</c>).</summary>
    public Action<Processor, ExceptionRecord>? InterruptTaken { get; set; }

    public void ExceptionTaken(Processor cpu, in ExceptionRecord record)
    {
        if (record.Kind is ExceptionKind.Irq or ExceptionKind.Fiq)
            InterruptTaken?.Invoke(cpu, record);
    }

    /// <summary>
    /// Told of every MRS or MSR of an encoding the CPU has no row for, with the encoding
    /// and whether it was a write (for <c>--trace unimpl</c>); the access is UNDEFINED.
    /// </summary>
    public Action<Processor, ushort, bool>? UnimplementedSystemRegisterAccessed { get; set; }

    public void UnimplementedSystemRegister(Processor cpu, ushort encoding, bool write) =>
        UnimplementedSystemRegisterAccessed?.Invoke(cpu, encoding, write);

    public void WaitForInterrupt(Processor cpu) => scheduler.Wait(cpu.Index, WaitState.ForInterrupt);

    public void WaitForEvent(Processor cpu) => scheduler.Wait(cpu.Index, WaitState.ForEvent);

    public void SendEvent(Processor cpu) => scheduler.SendEvent();

    public bool HypervisorCall(Processor cpu, ushort imm) => psci.Handle(cpu, imm);

    public bool SecureMonitorCall(Processor cpu, ushort imm) => psci.Handle(cpu, imm);

    public bool Halt(Processor cpu, ushort imm)
    {
        if (semihosting is null || !semihosting.Handle(cpu, imm)) return false;
        if (semihosting.ExitStatus is not null) scheduler.RequestStop(cpu);
        return true;
    }

    /// <summary>
    /// Told of every instruction word that is UNDEFINED because the emulator lacks it (no
    /// decoder row, or a row with no handler), for <c>--trace unimpl</c>.
    /// </summary>
    public Action<Processor, uint, bool>? UnimplementedInstructionSeen { get; set; }

    public void UnimplementedInstruction(Processor cpu, uint word, bool hasRow) =>
        UnimplementedInstructionSeen?.Invoke(cpu, word, hasRow);
}
