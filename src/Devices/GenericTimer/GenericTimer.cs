using Emulator.Interconnect;

namespace Emulator.Devices.GenericTimer;

/// <summary>The two EL1 timers of a PE without EL2 (Arm DDI 0487, D11).</summary>
public enum TimerKind : byte
{
    /// <summary>The EL1 physical timer, CNTP_*_EL0, counting CNTPCT_EL0.</summary>
    Physical,
    /// <summary>The EL1 virtual timer, CNTV_*_EL0, counting CNTVCT_EL0.</summary>
    Virtual,
}

/// <summary>
/// The generic timer of one PE (Arm DDI 0487, chapter D11 "The Generic Timer in AArch64
/// state"): the EL1 physical and virtual timers over the system counter, with CNTVOFF
/// fixed by the board since there is no EL2.
/// <para>
/// The system counter is handed in (the machine's virtual time, never the host's clock);
/// CNTPCT_EL0 is its value and CNTVCT_EL0 = CNTPCT_EL0 - CNTVOFF. Each timer's condition is
/// met while ENABLE = 1 and its count is at least CVAL, as unsigned 64-bit numbers
/// (TimerConditionMet: UInt(count) - UInt(CVAL) &gt;= 0). Its output is a level:
/// ENABLE and not IMASK and condition met. It stays high, whatever time does, until the guest
/// disables, masks or reprograms the timer, so no expiry is lost: the machine calls
/// <see cref="Update"/> whenever virtual time advances and every register access updates
/// first and after; <see cref="NextEventCounter"/> says when a CPU parked in WFI must wake.
/// </para>
/// <para>
/// Registers are methods that the PE's system-register table binds to (see
/// <see cref="Registers"/>). CNTFRQ_EL0 and CNTKCTL_EL1 are kept by the PE; <see cref="Cntkctl"/>
/// gives CNTKCTL_EL1 its meaning.
/// </para>
/// </summary>
public sealed partial class GenericTimer
{
    /// <summary>Where the board connects the outputs: the non-secure EL1 physical timer to PPI 14 (INTID 30), the virtual timer to PPI 11 (INTID 27).</summary>
    public const int PhysicalPpi = 14, VirtualPpi = 11;
    public const int PhysicalIntid = 16 + PhysicalPpi, VirtualIntid = 16 + VirtualPpi;

    // CNTP_CTL_EL0 / CNTV_CTL_EL0; bits 63:3 are RES0.
    public static readonly BitField CTL_ENABLE = new(0, 1);
    public static readonly BitField CTL_IMASK = new(1, 1);
    /// <summary>Read-only: the timer condition is met. Writes to it are ignored.</summary>
    public static readonly BitField CTL_ISTATUS = new(2, 1);
    const uint CtlWritable = 0b11;

    readonly GenericTimerState state;
    readonly Func<ulong> counter;
    readonly IInterruptLine? physicalLine;
    readonly IInterruptLine? virtualLine;

    // The levels the outputs were last driven to: derived from the state, so not part of it;
    // construction drives both lines, so a restored timer re-asserts what its state implies.
    bool physicalLevel;
    bool virtualLevel;

    /// <summary>A timer out of reset (see <see cref="GenericTimerState.Reset"/>).</summary>
    /// <param name="counter">the system counter: CNTPCT_EL0 from virtual time; it never goes backwards.</param>
    /// <param name="physicalLine">the physical timer's output (PPI 14, INTID 30 on the virt board).</param>
    /// <param name="virtualLine">the virtual timer's output (PPI 11, INTID 27).</param>
    /// <param name="cntvoff">CNTVOFF_EL2, a board attribute while EL2 does not exist.</param>
    public GenericTimer(Func<ulong> counter, IInterruptLine? physicalLine, IInterruptLine? virtualLine, ulong cntvoff = 0)
        : this(GenericTimerState.Reset(cntvoff), counter, physicalLine, virtualLine)
    {
    }

    GenericTimer(GenericTimerState state, Func<ulong> counter, IInterruptLine? physicalLine, IInterruptLine? virtualLine)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(counter);
        CheckShape(state);
        this.state = state;
        this.counter = counter;
        this.physicalLine = physicalLine;
        this.virtualLine = virtualLine;
        UpdateOutputs(counter(), force: true);
    }

    /// <summary>
    /// A timer that continues from <paramref name="state"/> (which it then owns): creating and
    /// restoring take the same path. The output lines are driven to the levels the state and
    /// the counter imply right away.
    /// </summary>
    public static GenericTimer FromState(GenericTimerState state, Func<ulong> counter, IInterruptLine? physicalLine, IInterruptLine? virtualLine) =>
        new(state, counter, physicalLine, virtualLine);

    /// <summary>Refuses a state no timer could have been in (a corrupt or foreign snapshot).</summary>
    static void CheckShape(GenericTimerState s)
    {
        if (s.Physical is null || s.Virtual is null)
            throw new ArgumentException("generic timer state: a timer is missing", nameof(s));
        if ((s.Physical.Ctl & ~CtlWritable) != 0 || (s.Virtual.Ctl & ~CtlWritable) != 0)
            throw new ArgumentException("generic timer state: a CTL holds bits other than ENABLE and IMASK", nameof(s));
    }

    public GenericTimerState State => state;

    /// <summary>Receives a line for each change of an output level.</summary>
    public Action<string>? Trace { get; set; }

    /// <summary>What traces call this timer (e.g. "cpu0 timer").</summary>
    public string Name { get; init; } = "timer";

    /// <summary>CNTVOFF_EL2.</summary>
    public ulong Cntvoff => state.Cntvoff;

    /// <summary>CNTPCT_EL0: the system counter.</summary>
    public ulong PhysicalCount => counter();

    /// <summary>CNTVCT_EL0: the system counter minus CNTVOFF, modulo 2^64.</summary>
    public ulong VirtualCount => unchecked(counter() - state.Cntvoff);

    /// <summary>The level each output is driven to now (after the last update).</summary>
    public bool OutputLevel(TimerKind timer) => timer == TimerKind.Physical ? physicalLevel : virtualLevel;

    // ---- Registers (bound to system-register rows in GenericTimer.Registers.cs) ----------

    /// <summary>CNTx_CTL_EL0: ENABLE, IMASK, and ISTATUS = condition met (0 while ENABLE = 0).</summary>
    public ulong ReadCtl(TimerKind timer)
    {
        ulong now = counter();
        UpdateOutputs(now);
        TimerState t = TimerOf(timer);
        return CTL_ISTATUS.Deposit(t.Ctl, ConditionMet(timer, now) ? 1UL : 0);
    }

    /// <summary>Writes ENABLE and IMASK; ISTATUS and the RES0 bits ignore writes.</summary>
    public void WriteCtl(TimerKind timer, ulong value)
    {
        ulong now = counter();
        TimerOf(timer).Ctl = (uint)value & CtlWritable;
        UpdateOutputs(now);
    }

    /// <summary>CNTx_CVAL_EL0: the 64-bit CompareValue.</summary>
    public ulong ReadCval(TimerKind timer)
    {
        UpdateOutputs(counter());
        return TimerOf(timer).Cval;
    }

    public void WriteCval(TimerKind timer, ulong value)
    {
        ulong now = counter();
        TimerOf(timer).Cval = value;
        UpdateOutputs(now);
    }

    /// <summary>
    /// CNTx_TVAL_EL0, the TimerValue view: (CVAL - count)[31:0], a signed 32-bit down-counter
    /// that goes negative once the timer has expired. Bits 63:32 of the register are RES0, so
    /// the value is zero-extended (0xFFFF_FFFF reads as 0x0000_0000_FFFF_FFFF, not -1); see
    /// <see cref="TimerValue"/> for the signed number. The value read while ENABLE = 0 is
    /// UNKNOWN in the architecture; this implementation returns the same view, which goes on
    /// counting down as the spec describes.
    /// </summary>
    public ulong ReadTval(TimerKind timer) => (uint)TimerValue(timer);

    /// <summary>The TimerValue view as the signed 32-bit number it stands for.</summary>
    public int TimerValue(TimerKind timer)
    {
        ulong now = counter();
        UpdateOutputs(now);
        return unchecked((int)(uint)(TimerOf(timer).Cval - CountOf(timer, now)));
    }

    /// <summary>CVAL = count + TimerValue, with bits 31:0 taken as a signed 32-bit number (bits 63:32 ignored).</summary>
    public void WriteTval(TimerKind timer, ulong value)
    {
        ulong now = counter();
        long timerValue = (int)(uint)value;
        TimerOf(timer).Cval = unchecked(CountOf(timer, now) + (ulong)timerValue);
        UpdateOutputs(now);
    }

    // ---- Time -----------------------------------------------------------------------------

    /// <summary>Brings both outputs up to date with the counter; the machine calls it when virtual time advances.</summary>
    public void Update() => UpdateOutputs(counter());

    /// <summary>
    /// The earliest system-counter value (CNTPCT_EL0) at which an output will rise, or null
    /// if neither will (both disabled or masked, or already high). Reading it first brings the
    /// outputs up to date, so an expiry that is already due is raised now rather than reported.
    /// A CPU in WFI sleeps until this count (or another wake-up); a later register write
    /// changes the answer, so the machine asks again after running the CPU.
    /// </summary>
    public ulong? NextEventCounter
    {
        get
        {
            ulong now = counter();
            UpdateOutputs(now);
            return Earliest(RiseAt(TimerKind.Physical, now), RiseAt(TimerKind.Virtual, now));
        }
    }

    /// <summary>The earliest system-counter value at which this timer's output will rise, or null.</summary>
    public ulong? NextRiseCounter(TimerKind timer)
    {
        ulong now = counter();
        UpdateOutputs(now);
        return RiseAt(timer, now);
    }

    /// <summary>
    /// The earliest system-counter value at which the event stream that
    /// <paramref name="cntkctl"/> (CNTKCTL_EL1) configures makes an event, or null while it is
    /// disabled: the time a PE waiting in WFE must wake.
    /// </summary>
    public ulong? NextEventStreamCounter(ulong cntkctl)
    {
        ulong now = counter();
        ulong count = CountOf(TimerKind.Virtual, now);
        return Cntkctl.NextEventStreamTrigger(cntkctl, count) is { } trigger
            ? After(now, unchecked(trigger - count))
            : null;
    }

    /// <summary>
    /// Whether the event stream makes an event while the system counter goes from
    /// <paramref name="fromCounter"/> to <paramref name="toCounter"/> (the stream follows
    /// CNTVCT_EL0 as EL1 sees it, i.e. after CNTVOFF).
    /// </summary>
    public bool EventStreamTriggered(ulong cntkctl, ulong fromCounter, ulong toCounter) =>
        Cntkctl.EventStreamTriggered(cntkctl, CountOf(TimerKind.Virtual, fromCounter), CountOf(TimerKind.Virtual, toCounter));

    // ---- Internals --------------------------------------------------------------------------

    TimerState TimerOf(TimerKind timer) => timer == TimerKind.Physical ? state.Physical : state.Virtual;

    /// <summary>The timer's count (CNTPCT_EL0 or CNTVCT_EL0) when the system counter reads <paramref name="now"/>.</summary>
    ulong CountOf(TimerKind timer, ulong now) => timer == TimerKind.Physical ? now : unchecked(now - state.Cntvoff);

    /// <summary>ISTATUS: ENABLE = 1 and count &gt;= CVAL, unsigned. A disabled timer's condition is not met.</summary>
    bool ConditionMet(TimerKind timer, ulong now)
    {
        TimerState t = TimerOf(timer);
        return CTL_ENABLE.IsSet(t.Ctl) && CountOf(timer, now) >= t.Cval;
    }

    bool Output(TimerKind timer, ulong now) => ConditionMet(timer, now) && !CTL_IMASK.IsSet(TimerOf(timer).Ctl);

    /// <summary>
    /// When the output of an enabled, unmasked timer next rises. Below CVAL it rises when the
    /// count reaches CVAL. At or above CVAL it is already high and only falls if the count wraps
    /// to 0 (the virtual count can, when CNTVOFF is above the physical count), to rise again
    /// at CVAL after the wrap (with CVAL = 0 it never falls). The 64-bit system counter itself is taken never to wrap: a rise
    /// beyond its range is none.
    /// </summary>
    ulong? RiseAt(TimerKind timer, ulong now)
    {
        TimerState t = TimerOf(timer);
        if (!CTL_ENABLE.IsSet(t.Ctl) || CTL_IMASK.IsSet(t.Ctl)) return null;
        ulong count = CountOf(timer, now);
        if (count >= t.Cval && t.Cval == 0) return null; // met at every count: never falls
        UInt128 wait = count < t.Cval
            ? t.Cval - count
            : ((UInt128)1 << 64) - count + t.Cval;
        UInt128 at = now + wait;
        return at <= ulong.MaxValue ? (ulong)at : null;
    }

    static ulong? After(ulong now, ulong wait)
    {
        UInt128 at = (UInt128)now + wait;
        return at <= ulong.MaxValue ? (ulong)at : null;
    }

    static ulong? Earliest(ulong? a, ulong? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    void UpdateOutputs(ulong now, bool force = false)
    {
        bool physical = Output(TimerKind.Physical, now);
        if (physical != physicalLevel || force)
        {
            physicalLevel = physical;
            physicalLine?.Set(physical);
            TraceLevel("CNTP", physical, now);
        }
        bool @virtual = Output(TimerKind.Virtual, now);
        if (@virtual != virtualLevel || force)
        {
            virtualLevel = @virtual;
            virtualLine?.Set(@virtual);
            TraceLevel("CNTV", @virtual, now);
        }
    }

    void TraceLevel(string timer, bool level, ulong now) =>
        Trace?.Invoke($"{Name}: {timer} output {(level ? "asserted" : "deasserted")} at CNTPCT 0x{now:X}");
}
