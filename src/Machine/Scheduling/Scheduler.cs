using Emulator.Cpu;

namespace Emulator.Machine.Scheduling;

/// <summary>Whether a CPU is powered, as PSCI AFFINITY_INFO reports it.</summary>
public enum PowerState : byte
{
    On = 0,
    Off = 1,
    OnPending = 2,
}

/// <summary>Why a CPU that is on is not running.</summary>
public enum WaitState : byte
{
    Running,
    /// <summary>In WFI: until an interrupt is pending for it (even one PSTATE masks).</summary>
    ForInterrupt,
    /// <summary>In WFE: until an event (SEV from any CPU, an interrupt, or its event register).</summary>
    ForEvent,
}

/// <summary>Why <see cref="Scheduler.Run"/> returned.</summary>
public enum StopReason
{
    /// <summary>Something asked the machine to stop (semihosting exit, PSCI SYSTEM_OFF or SYSTEM_RESET).</summary>
    Requested,
    /// <summary>The instruction budget (--max-insns) ran out.</summary>
    InstructionLimit,
    /// <summary>Every CPU is off.</summary>
    AllCpusOff,
    /// <summary>Every CPU that is on waits, and nothing can ever wake any of them.</summary>
    Deadlock,
    /// <summary>The host asked the run to end (the user quit at the console, <see cref="Scheduler.RequestHostStop"/>).</summary>
    HostRequest,
}

/// <summary>
/// Runs the vCPUs round-robin on one host thread, a quantum of instructions each, in a
/// fixed order, so the same inputs always give the same interleaving (DESIGN.md principle
/// 3). Virtual time is the count of instruction slots elapsed: it advances by one quantum
/// per round whoever ran, so a CPU parked in WFI does not stop the clock.
/// </summary>
public sealed class Scheduler
{
    readonly Processor[] cpus;
    readonly PowerState[] power;
    readonly WaitState[] waits;
    bool stopRequested;
    volatile bool hostStopRequested;

    public Scheduler(IReadOnlyList<Processor> cpus, long quantum)
    {
        if (quantum <= 0) throw new ArgumentOutOfRangeException(nameof(quantum), "the quantum must be positive");
        this.cpus = [.. cpus];
        power = new PowerState[cpus.Count];
        waits = new WaitState[cpus.Count];
        Array.Fill(power, PowerState.Off);
        Quantum = quantum;
    }

    public long Quantum { get; }

    /// <summary>Virtual time: instruction slots elapsed since reset (the system counter derives from it).</summary>
    public ulong Now { get; private set; }

    int running = -1;
    ulong retiredBeforeQuantum;

    /// <summary>
    /// Virtual time as the CPU running now sees it: the round's start plus the instructions
    /// it has retired in this quantum, so time advances from one instruction to the next
    /// (between quanta it is <see cref="Now"/>).
    /// </summary>
    public ulong CurrentTime => running < 0 ? Now : Now + (cpus[running].RetiredNow - retiredBeforeQuantum);

    /// <summary>Instructions retired by all CPUs together.</summary>
    public ulong Retired { get; private set; }

    /// <summary>Called on the scheduler's thread before every round: devices catch up with virtual time, host input is delivered.</summary>
    public Action? BeforeRound { get; set; }

    /// <summary>
    /// The virtual time (in instruction slots) of the next device event that could wake a
    /// waiting CPU (a timer reaching its compare value), or null. When every CPU waits, time
    /// jumps there instead of ending the run.
    /// </summary>
    public Func<ulong?>? NextEvent { get; set; }

    /// <summary>
    /// When every CPU waits and no device event is due, blocks until the host has something
    /// for the guest (interactive input) and returns true, or returns false when nothing can
    /// come any more. Null: the run ends as a deadlock.
    /// </summary>
    public Func<bool>? WaitForHost { get; set; }

    /// <summary>Asked by the platform: can anything wake this waiting CPU now (an interrupt input raised, an event)?</summary>
    public Func<int, WaitState, bool> CanWake { get; set; } = (_, _) => false;

    public IReadOnlyList<Processor> Cpus => cpus;
    public PowerState PowerOf(int cpu) => power[cpu];
    public WaitState WaitOf(int cpu) => waits[cpu];

    public void PowerOn(int cpu)
    {
        power[cpu] = PowerState.On;
        waits[cpu] = WaitState.Running;
    }

    /// <summary>Powers a CPU off; if it is the one running, its quantum ends after this instruction.</summary>
    public void PowerOff(int cpu)
    {
        power[cpu] = PowerState.Off;
        waits[cpu] = WaitState.Running;
        cpus[cpu].RequestExit();
    }

    /// <summary>Parks a CPU (WFI or WFE) and ends its quantum.</summary>
    public void Wait(int cpu, WaitState why)
    {
        waits[cpu] = why;
        cpus[cpu].RequestExit();
    }

    /// <summary>SEV: every CPU in WFE wakes; the others get their event register set.</summary>
    public void SendEvent()
    {
        for (int i = 0; i < cpus.Length; i++)
        {
            if (waits[i] == WaitState.ForEvent) waits[i] = WaitState.Running;
            else cpus[i].State.EventRegister = true;
        }
    }

    /// <summary>Stops the run after the current instruction (exit, SYSTEM_OFF).</summary>
    public void RequestStop(Processor current)
    {
        stopRequested = true;
        current.RequestExit();
    }

    /// <summary>
    /// Asked from any host thread (the console's quit key): the run ends before its next
    /// round. Whoever blocks in <see cref="WaitForHost"/> must also be woken.
    /// </summary>
    public void RequestHostStop() => hostStopRequested = true;

    /// <summary>Runs until something stops the machine or <paramref name="maxInstructions"/> have retired.</summary>
    public StopReason Run(ulong maxInstructions = ulong.MaxValue)
    {
        stopRequested = false;
        while (true)
        {
            BeforeRound?.Invoke();
            if (hostStopRequested) return StopReason.HostRequest;
            // A round ends no later than the next device event, so that a timer's interrupt
            // is raised, and a CPU waiting for it wakes, at exactly its virtual time.
            long slice = Quantum;
            if (NextEvent?.Invoke() is { } eventAt && eventAt > Now && eventAt - Now < (ulong)slice)
                slice = (long)(eventAt - Now);
            bool anyOn = false, anyRan = false;
            long longest = 0; // how far this round got, in case it ends early
            for (int i = 0; i < cpus.Length; i++)
            {
                if (power[i] != PowerState.On) continue;
                anyOn = true;
                if (waits[i] != WaitState.Running && CanWake(i, waits[i]))
                    waits[i] = WaitState.Running;
                if (waits[i] != WaitState.Running) continue;
                long budget = (long)Math.Min((ulong)slice, maxInstructions - Retired);
                running = i;
                retiredBeforeQuantum = cpus[i].State.Retired;
                long ran = cpus[i].Run(budget);
                running = -1;
                Retired += (ulong)ran;
                longest = Math.Max(longest, ran);
                anyRan = true;
                StopReason? stop = stopRequested ? StopReason.Requested
                    : Retired >= maxInstructions ? StopReason.InstructionLimit : null;
                if (stop is { } reason)
                {
                    Now += (ulong)longest;
                    return reason;
                }
            }
            if (!anyOn) return StopReason.AllCpusOff;
            if (!anyRan && !AnyWakeablePending())
            {
                // Everyone waits: skip idle time to the next device event, exactly.
                if (NextEvent?.Invoke() is { } next)
                    Now = Math.Max(Now + 1, next);
                else if (WaitForHost?.Invoke() != true)
                    return StopReason.Deadlock;
                continue;
            }
            Now += (ulong)slice;
        }
    }

    bool AnyWakeablePending()
    {
        for (int i = 0; i < cpus.Length; i++)
            if (power[i] == PowerState.On && CanWake(i, waits[i]))
                return true;
        return false;
    }
}
