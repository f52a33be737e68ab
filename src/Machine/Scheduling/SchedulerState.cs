namespace Emulator.Machine.Scheduling;

/// <summary>
/// The scheduler's position, plain data for snapshots: virtual time, the instructions
/// retired, each CPU's power and wait state (WFI/WFE parking), and where the round under
/// way stands (whose quantum, how much of it is used), so that a run resumed from it
/// interleaves the CPUs exactly as an uninterrupted run.
/// </summary>
public sealed class SchedulerState
{
    /// <summary>Virtual time, in instruction slots, at the start of the current (or next) round.</summary>
    public ulong RoundStart;

    /// <summary>Instructions retired by all CPUs together.</summary>
    public ulong Retired;

    /// <summary>One <see cref="PowerState"/> per CPU.</summary>
    public byte[] Power = [];

    /// <summary>One <see cref="WaitState"/> per CPU.</summary>
    public byte[] Waits = [];

    /// <summary>A round has started and not every CPU has had its quantum yet.</summary>
    public bool InRound;

    /// <summary>The length of the current round's quantum (shortened to the next device event).</summary>
    public long RoundSlice;

    /// <summary>The CPU whose quantum is next or under way.</summary>
    public int NextCpu;

    /// <summary>How much of that CPU's quantum it has used (0: it has not started).</summary>
    public long UsedInQuantum;

    /// <summary>That CPU's retired count when its quantum started (its view of virtual time counts from there).</summary>
    public ulong RetiredBeforeQuantum;

    /// <summary>How far the round has got: the most instructions one CPU ran in it.</summary>
    public long Longest;

    /// <summary>Whether some CPU was on, and whether some CPU ran, in this round so far.</summary>
    public bool AnyOn, AnyRan;

    /// <summary>Every CPU off and not waiting, time 0, no round started.</summary>
    public static SchedulerState Reset(int cpus)
    {
        var s = new SchedulerState { Power = new byte[cpus], Waits = new byte[cpus] };
        Array.Fill(s.Power, (byte)PowerState.Off);
        return s;
    }

    internal void StartRound(long slice)
    {
        InRound = true;
        RoundSlice = slice;
        NextCpu = 0;
        UsedInQuantum = 0;
        Longest = 0;
        AnyOn = AnyRan = false;
    }

    /// <summary>Refuses a state no scheduler of this shape could be in (a corrupt snapshot).</summary>
    internal void CheckShape(int cpus, long quantum)
    {
        if (Power is null || Waits is null || Power.Length != cpus || Waits.Length != cpus)
            throw new ArgumentException($"the scheduler state is for {Power?.Length ?? 0} CPUs, not {cpus}");
        foreach (byte p in Power)
            if (!Enum.IsDefined((PowerState)p))
                throw new ArgumentException($"the scheduler state holds power state {p}");
        foreach (byte w in Waits)
            if (!Enum.IsDefined((WaitState)w))
                throw new ArgumentException($"the scheduler state holds wait state {w}");
        if (InRound && (RoundSlice <= 0 || RoundSlice > quantum || NextCpu < 0 || NextCpu > cpus
            || UsedInQuantum < 0 || UsedInQuantum >= RoundSlice || Longest < 0 || Longest > RoundSlice))
            throw new ArgumentException("the scheduler state's round position is impossible");
    }
}
