using Emulator.Interconnect;

namespace Emulator.Devices.GenericTimer;

/// <summary>
/// CNTKCTL_EL1, the Counter-timer Kernel Control register (Arm DDI 0487, D11 and the
/// register's description): EL1's controls of EL0 access to the counters and timers, and of
/// the event stream from the virtual counter. Pure functions of the register's value, so the
/// value can live with the PE (the CPU's system-register state) or with the timer alike.
/// With no EL2 (and so no HCR_EL2.{E2H, TGE} = {1, 1}) these controls always apply.
/// </summary>
public static class Cntkctl
{
    /// <summary>EL0 may read CNTPCT_EL0 (and, with EL0VCTEN, CNTFRQ_EL0).</summary>
    public static readonly BitField EL0PCTEN = new(0, 1);
    /// <summary>EL0 may read CNTVCT_EL0 (and, with EL0PCTEN, CNTFRQ_EL0).</summary>
    public static readonly BitField EL0VCTEN = new(1, 1);
    /// <summary>Enables the event stream from CNTVCT_EL0.</summary>
    public static readonly BitField EVNTEN = new(2, 1);
    /// <summary>0: a 0 to 1 transition of the trigger bit makes an event; 1: a 1 to 0 transition.</summary>
    public static readonly BitField EVNTDIR = new(3, 1);
    /// <summary>The trigger bit of CNTVCT_EL0, 0 to 15 (EVNTIS, which moves it to 8..23, needs FEAT_ECV).</summary>
    public static readonly BitField EVNTI = new(4, 4);
    /// <summary>EL0 may access CNTV_CTL_EL0, CNTV_CVAL_EL0, CNTV_TVAL_EL0.</summary>
    public static readonly BitField EL0VTEN = new(8, 1);
    /// <summary>EL0 may access CNTP_CTL_EL0, CNTP_CVAL_EL0, CNTP_TVAL_EL0.</summary>
    public static readonly BitField EL0PTEN = new(9, 1);

    /// <summary>The bits an MSR keeps (9:0); the rest are RES0 in Armv8.0 (EVNTIS is FEAT_ECV).</summary>
    public const ulong Writable = 0x3FF;

    // EL0 access checks. False means the access traps to EL1 with EC 0x18 (trapped MSR/MRS),
    // not UNDEFINED: the register exists at EL0, EL1 has just not granted it.

    public static bool El0MayReadPhysicalCount(ulong cntkctl) => EL0PCTEN.IsSet(cntkctl);

    public static bool El0MayReadVirtualCount(ulong cntkctl) => EL0VCTEN.IsSet(cntkctl);

    /// <summary>CNTFRQ_EL0 is trapped only when both counters are (EL0PCTEN = EL0VCTEN = 0).</summary>
    public static bool El0MayReadFrequency(ulong cntkctl) => EL0PCTEN.IsSet(cntkctl) || EL0VCTEN.IsSet(cntkctl);

    public static bool El0MayAccessPhysicalTimer(ulong cntkctl) => EL0PTEN.IsSet(cntkctl);

    public static bool El0MayAccessVirtualTimer(ulong cntkctl) => EL0VTEN.IsSet(cntkctl);

    /// <summary>
    /// The first virtual count after <paramref name="virtualCount"/> at which the event
    /// stream's trigger bit makes the selected transition (the count whose trigger bit has
    /// just changed), or null while the stream is disabled. Counts wrap modulo 2^64.
    /// </summary>
    public static ulong? NextEventStreamTrigger(ulong cntkctl, ulong virtualCount)
    {
        if (!EVNTEN.IsSet(cntkctl)) return null;
        int bit = (int)EVNTI.Extract(cntkctl);
        ulong period = 1UL << (bit + 1); // the trigger bit's pattern repeats every 2^(bit+1) counts
        ulong periodStart = virtualCount & ~(period - 1);
        if (EVNTDIR.IsSet(cntkctl))
            return unchecked(periodStart + period); // 1 -> 0: the bit clears at each multiple of the period
        ulong rise = periodStart + (1UL << bit); // 0 -> 1: the bit sets half way through the period
        return rise > virtualCount ? rise : unchecked(rise + period);
    }

    /// <summary>
    /// Whether the event stream makes an event while the virtual count goes from
    /// <paramref name="fromVirtual"/> (already accounted for) to <paramref name="toVirtual"/>:
    /// the scheduler asks this when time advances and sets the PE's event register if so.
    /// Several triggers in the interval are one event (the event register is one bit).
    /// </summary>
    public static bool EventStreamTriggered(ulong cntkctl, ulong fromVirtual, ulong toVirtual)
    {
        if (NextEventStreamTrigger(cntkctl, fromVirtual) is not { } trigger) return false;
        ulong elapsed = unchecked(toVirtual - fromVirtual);
        return elapsed != 0 && unchecked(trigger - fromVirtual) <= elapsed;
    }
}
