using Emulator.Cpu;
using Emulator.Machine.Scheduling;

namespace Emulator.Machine.Firmware;

/// <summary>
/// PSCI 1.1 (Arm DEN 0022) and the SMCCC version call, served as if by firmware at a
/// higher exception level, over HVC #0 or SMC #0. Both SMC32 and SMC64 function IDs are
/// accepted where the specification defines both; 32-bit arguments are read from W registers.
/// </summary>
public sealed class Psci
{
    // Function IDs (DEN 0022 table 5.1, and DEN 0028 for SMCCC_VERSION).
    public const uint PsciVersion = 0x8400_0000, CpuSuspend32 = 0x8400_0001, CpuSuspend64 = 0xC400_0001,
        CpuOff = 0x8400_0002, CpuOn32 = 0x8400_0003, CpuOn64 = 0xC400_0003,
        AffinityInfo32 = 0x8400_0004, AffinityInfo64 = 0xC400_0004, MigrateInfoType = 0x8400_0006,
        SystemOff = 0x8400_0008, SystemReset = 0x8400_0009, PsciFeatures = 0x8400_000A,
        SmcccVersion = 0x8000_0000, SmcccArchFeatures = 0x8000_0001;

    // Return codes.
    public const long Success = 0, NotSupported = -1, InvalidParameters = -2, Denied = -3, AlreadyOn = -4,
        OnPending = -5, InternalFailure = -6, NotPresent = -7, Disabled = -8, InvalidAddress = -9;

    /// <summary>MIGRATE_INFO_TYPE: no Trusted OS, migration not required.</summary>
    const long TrustedOsNotPresent = 2;

    static readonly uint[] Implemented =
    [
        PsciVersion, CpuSuspend32, CpuSuspend64, CpuOff, CpuOn32, CpuOn64, AffinityInfo32, AffinityInfo64,
        MigrateInfoType, SystemOff, SystemReset, PsciFeatures, SmcccVersion,
    ];

    readonly Scheduler scheduler;
    readonly Func<ulong, bool> isValidEntry;

    /// <param name="isValidEntry">Whether an entry point is executable memory (RAM); CPU_ON refuses others with INVALID_ADDRESS.</param>
    public Psci(Scheduler scheduler, Func<ulong, bool> isValidEntry)
    {
        this.scheduler = scheduler;
        this.isValidEntry = isValidEntry;
    }

    /// <summary>Set when the guest called SYSTEM_OFF or SYSTEM_RESET.</summary>
    public uint? SystemEvent { get; internal set; }

    /// <summary>Serves a call; false when <paramref name="imm"/> is not 0 (not a firmware call: HVC/SMC is then UNDEFINED).</summary>
    public bool Handle(Processor cpu, ushort imm)
    {
        if (imm != 0) return false;
        uint function = cpu.Wr(0);
        bool is32 = (function & 0x4000_0000) == 0;
        ulong Arg(int n) => is32 ? cpu.Wr(n) : cpu.Xr(n);
        long result = function switch
        {
            PsciVersion => 0x0001_0001, // 1.1
            SmcccVersion => 0x0001_0001, // SMCCC 1.1
            PsciFeatures => Features(cpu.Wr(1)),
            CpuOn32 or CpuOn64 => CpuOn(Arg(1), Arg(2), Arg(3)),
            CpuOff => Off(cpu),
            CpuSuspend32 or CpuSuspend64 => Suspend(cpu),
            AffinityInfo32 or AffinityInfo64 => AffinityInfo(Arg(1), Arg(2)),
            MigrateInfoType => TrustedOsNotPresent,
            SystemOff or SystemReset => SystemCall(cpu, function),
            _ => NotSupported,
        };
        // A 32-bit call returns in W0; its error codes are sign-extended into X0, as QEMU and
        // Trusted Firmware leave them, so a guest comparing X0 with -1 sees NOT_SUPPORTED.
        cpu.SetX(0, is32 ? (ulong)(long)(int)result : (ulong)result);
        return true;
    }

    static long Features(uint function) =>
        function == SmcccArchFeatures ? NotSupported : Array.IndexOf(Implemented, function) >= 0 ? Success : NotSupported;

    int FindCpu(ulong mpidr)
    {
        // MPIDR_EL1 bits other than the affinity fields are ignored (bits 31 and 30 in particular).
        const ulong affinityBits = 0xFF_00FF_FFFF;
        for (int i = 0; i < scheduler.Cpus.Count; i++)
            if ((scheduler.Cpus[i].Mpidr & affinityBits) == (mpidr & affinityBits))
                return i;
        return -1;
    }

    long CpuOn(ulong targetMpidr, ulong entry, ulong contextId)
    {
        int target = FindCpu(targetMpidr);
        if (target < 0 || (targetMpidr & ~0xFF_00FF_FFFFUL) != 0) return InvalidParameters;
        if (scheduler.PowerOf(target) == PowerState.On) return AlreadyOn;
        if ((entry & 3) != 0 || !isValidEntry(entry)) return InvalidAddress;
        Processor cpu = scheduler.Cpus[target];
        cpu.Reset(entry);
        cpu.SetX(0, contextId);
        scheduler.PowerOn(target);
        return Success;
    }

    long Off(Processor cpu)
    {
        scheduler.PowerOff(cpu.Index);
        return Success; // not seen by the guest: the CPU does not run again until CPU_ON
    }

    /// <summary>CPU_SUSPEND as a standby state: like WFI, it returns when an interrupt is pending.</summary>
    long Suspend(Processor cpu)
    {
        scheduler.Wait(cpu.Index, WaitState.ForInterrupt);
        return Success;
    }

    long AffinityInfo(ulong targetMpidr, ulong lowestLevel)
    {
        if (lowestLevel != 0) return InvalidParameters; // only level 0 (a single PE) is reported
        int target = FindCpu(targetMpidr);
        if (target < 0) return InvalidParameters;
        return (long)scheduler.PowerOf(target);
    }

    long SystemCall(Processor cpu, uint function)
    {
        SystemEvent = function;
        scheduler.RequestStop(cpu);
        return Success;
    }
}
