namespace Emulator.Cpu;

/// <summary>
/// What the CPU asks of the machine around it, without knowing what the machine is: the
/// scheduler's hints and the firmware that answers HVC, SMC and semihosting calls. Every
/// member has the architectural default for a machine with nothing behind it.
/// </summary>
public interface IPlatform
{
    /// <summary>WFI executed; the platform may park the CPU (and end its quantum with <see cref="Processor.RequestExit"/>).</summary>
    void WaitForInterrupt(Processor cpu) { }

    /// <summary>WFE executed with the event register clear.</summary>
    void WaitForEvent(Processor cpu) { }

    /// <summary>SEV executed: wake every CPU waiting for an event.</summary>
    void SendEvent(Processor cpu) { }

    /// <summary>YIELD executed.</summary>
    void Yield(Processor cpu) { }

    /// <summary>
    /// HVC #imm at EL1. Return true when firmware (PSCI) handled the call as if EL2 had
    /// returned; false means there is no EL2, and HVC is UNDEFINED.
    /// </summary>
    bool HypervisorCall(Processor cpu, ushort imm) => false;

    /// <summary>SMC #imm at EL1. As <see cref="HypervisorCall"/>, for EL3.</summary>
    bool SecureMonitorCall(Processor cpu, ushort imm) => false;

    /// <summary>
    /// HLT #imm. Return true when it was a semihosting call that the platform served; false
    /// means halting debug is not enabled, and HLT is UNDEFINED.
    /// </summary>
    bool Halt(Processor cpu, ushort imm) => false;

    /// <summary>
    /// The instruction word <paramref name="word"/> is about to take the UNDEFINED exception
    /// because the emulator lacks it: no decoder row matches it (<paramref name="hasRow"/>
    /// false; an architecturally unallocated word looks the same), or its row's op has no case
    /// in the interpreter (true). For traces (<c>--trace unimpl</c>); the PC is past the word.
    /// </summary>
    void UnimplementedInstruction(Processor cpu, uint word, bool hasRow) { }

    /// <summary>An exception was taken (for traces; the CPU state already shows it).</summary>
    void ExceptionTaken(Processor cpu, in ExceptionRecord record) { }

    /// <summary>
    /// An MRS (<paramref name="write"/> false) or MSR (register) named an encoding that has
    /// no row in the CPU's <see cref="SystemRegisterTable"/>: called just before the
    /// UNDEFINED exception that the access takes, so a board can trace what a guest looks
    /// for (<c>--trace unimpl</c>). <paramref name="encoding"/> is as
    /// <see cref="SystemRegister.Encoding"/> (format it with <see cref="SystemRegister.Format"/>);
    /// the CPU state is that of the access (PC past the instruction).
    /// </summary>
    void UnimplementedSystemRegister(Processor cpu, ushort encoding, bool write) { }
}

/// <summary>A platform with nothing behind it.</summary>
public sealed class BarePlatform : IPlatform
{
    public static readonly BarePlatform Instance = new();
}
