namespace Emulator.Devices.GenericTimer;

/// <summary>
/// One generic-timer system register as data, for the PE's system-register table to bind:
/// its name as the Arm ARM spells it, its encoding, how it reads and writes the PE's timer
/// (null: that access is UNDEFINED), and whether CNTKCTL_EL1 lets EL0 access it (when not,
/// an EL0 access traps to EL1 with EC 0x18; EL1 may always access it).
/// </summary>
/// <param name="Encoding">op0[1:0]:op1:CRn:CRm:op2, as MRS and MSR carry it in bits 20:5
/// (the layout of Emulator.Cpu's SystemRegister.Encoding).</param>
public sealed record TimerRegister(
    string Name,
    ushort Encoding,
    Func<GenericTimer, ulong>? Read,
    Action<GenericTimer, ulong>? Write,
    Func<ulong, bool> El0Enabled)
{
    public static ushort Encode(int op0, int op1, int crn, int crm, int op2) =>
        (ushort)(((op0 & 3) << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2);
}

public sealed partial class GenericTimer
{
    /// <summary>
    /// The timer's registers at EL0/EL1 (Arm DDI 0487, D11 and the CNT* register
    /// descriptions). CNTPCT_EL0 and CNTVCT_EL0 are read-only (an MSR to them is UNDEFINED).
    /// CNTFRQ_EL0 and CNTKCTL_EL1 are not here: they are plain storage the PE keeps.
    /// </summary>
    public static IReadOnlyList<TimerRegister> Registers => Table;

    static readonly TimerRegister[] Table =
    [
        new("CNTPCT_EL0", TimerRegister.Encode(3, 3, 14, 0, 1), t => t.PhysicalCount, null, Cntkctl.El0MayReadPhysicalCount),
        new("CNTVCT_EL0", TimerRegister.Encode(3, 3, 14, 0, 2), t => t.VirtualCount, null, Cntkctl.El0MayReadVirtualCount),
        .. TimerRows("CNTP", crm: 2, TimerKind.Physical, Cntkctl.El0MayAccessPhysicalTimer),
        .. TimerRows("CNTV", crm: 3, TimerKind.Virtual, Cntkctl.El0MayAccessVirtualTimer),
    ];

    /// <summary>A timer's TVAL (op2 = 0), CTL (op2 = 1) and CVAL (op2 = 2), at S3_3_C14_C{crm}_op2.</summary>
    static TimerRegister[] TimerRows(string prefix, int crm, TimerKind timer, Func<ulong, bool> el0Enabled) =>
    [
        new($"{prefix}_TVAL_EL0", TimerRegister.Encode(3, 3, 14, crm, 0), t => t.ReadTval(timer), (t, v) => t.WriteTval(timer, v), el0Enabled),
        new($"{prefix}_CTL_EL0", TimerRegister.Encode(3, 3, 14, crm, 1), t => t.ReadCtl(timer), (t, v) => t.WriteCtl(timer, v), el0Enabled),
        new($"{prefix}_CVAL_EL0", TimerRegister.Encode(3, 3, 14, crm, 2), t => t.ReadCval(timer), (t, v) => t.WriteCval(timer, v), el0Enabled),
    ];
}
