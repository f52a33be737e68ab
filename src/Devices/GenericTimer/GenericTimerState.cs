namespace Emulator.Devices.GenericTimer;

/// <summary>
/// The architectural state of one PE's generic timer (Arm DDI 0487, chapter D11), plain data
/// for snapshots: CNTVOFF and the two EL1 timers' control and compare registers. Nothing
/// here runs: the counts come from the system counter (virtual time), TimerValue and
/// ISTATUS are computed from the counts and CVAL, and the output levels are derived
/// (ENABLE and not IMASK and condition met), so restoring a state re-drives the lines
/// rather than replaying them.
/// </summary>
public sealed class GenericTimerState
{
    /// <summary>
    /// CNTVOFF_EL2: CNTVCT_EL0 = CNTPCT_EL0 - CNTVOFF. Without EL2 it is a board attribute,
    /// fixed for the life of the machine.
    /// </summary>
    public ulong Cntvoff;

    /// <summary>The EL1 physical timer: CNTP_CTL_EL0, CNTP_CVAL_EL0.</summary>
    public TimerState Physical = new();

    /// <summary>The EL1 virtual timer: CNTV_CTL_EL0, CNTV_CVAL_EL0.</summary>
    public TimerState Virtual = new();

    /// <summary>
    /// The state out of reset. ENABLE, IMASK and CVAL reset to architecturally UNKNOWN
    /// values; this implementation picks 0 for all of them, so runs are deterministic and a
    /// timer is off until the guest enables it.
    /// </summary>
    public static GenericTimerState Reset(ulong cntvoff = 0) => new() { Cntvoff = cntvoff };

    /// <summary>A deep copy, for snapshots taken while the machine goes on running.</summary>
    public GenericTimerState Copy() => new() { Cntvoff = Cntvoff, Physical = Physical.Copy(), Virtual = Virtual.Copy() };
}

/// <summary>One timer's registers as stored: the CTL bits software can write, and CVAL.</summary>
public sealed class TimerState
{
    /// <summary>CTL.ENABLE (bit 0) and CTL.IMASK (bit 1); ISTATUS is computed, never stored.</summary>
    public uint Ctl;

    /// <summary>CVAL: the 64-bit CompareValue, compared unsigned against the timer's count.</summary>
    public ulong Cval;

    public TimerState Copy() => new() { Ctl = Ctl, Cval = Cval };
}
