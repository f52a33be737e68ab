namespace Emulator.Cpu;

/// <summary>ESR_ELx.EC values (Arm ARM D17.2.37) for the exceptions this CPU takes.</summary>
public enum ExceptionClass : byte
{
    Unknown = 0x00,
    WfxTrap = 0x01,
    /// <summary>An access to SIMD or floating-point functionality trapped by CPACR_EL1.FPEN.</summary>
    FpAccessTrap = 0x07,
    IllegalExecutionState = 0x0E,
    Svc64 = 0x15,
    Hvc64 = 0x16,
    Smc64 = 0x17,
    SystemRegisterTrap = 0x18,
    InstructionAbortLowerEl = 0x20,
    InstructionAbortSameEl = 0x21,
    PcAlignment = 0x22,
    DataAbortLowerEl = 0x24,
    DataAbortSameEl = 0x25,
    SpAlignment = 0x26,
    SError = 0x2F,
    BreakpointLowerEl = 0x30,
    BreakpointSameEl = 0x31,
    SoftwareStepLowerEl = 0x32,
    SoftwareStepSameEl = 0x33,
    WatchpointLowerEl = 0x34,
    WatchpointSameEl = 0x35,
    Brk64 = 0x3C,
}

/// <summary>The four kinds of exception, each with its own vector (Arm ARM D1.10.2).</summary>
public enum ExceptionKind : byte
{
    Synchronous = 0,
    Irq = 1,
    Fiq = 2,
    SError = 3,
}

/// <summary>Fault status codes for aborts (ESR_ELx.ISS.DFSC / IFSC).</summary>
public static class FaultStatus
{
    public const uint AddressSizeLevel0 = 0b000000;
    public const uint TranslationLevel0 = 0b000100;
    public const uint SynchronousExternal = 0b010000;
    public const uint Alignment = 0b100001;
    /// <summary>The code every debug exception (breakpoint, step, watchpoint) reports as IFSC or DFSC.</summary>
    public const uint Debug = 0b100010;
}

/// <summary>What an exception handler sees of an exception that was just taken (for traces and tests).</summary>
public readonly record struct ExceptionRecord(
    ExceptionKind Kind, ExceptionClass Class, uint Iss, ulong ReturnAddress, ulong? FaultAddress, uint FromEl, ulong Vector);
