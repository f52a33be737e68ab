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
    /// <summary><see cref="Scheduler.RequestPause"/> was called (a snapshot marker was printed, say).</summary>
    Paused,
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
    readonly SchedulerState state;
    bool stopRequested, pauseRequested;
    volatile bool hostStopRequested;

    /// <summary>
    /// A scheduler out of reset (every CPU off, time 0) or continuing from a saved
    /// <paramref name="state"/>: creating and restoring take the same path.
    /// </summary>
    public Scheduler(IReadOnlyList<Processor> cpus, long quantum, SchedulerState? state = null)
    {
        if (quantum <= 0) throw new ArgumentOutOfRangeException(nameof(quantum), "the quantum must be positive");
        this.cpus = [.. cpus];
        this.state = state ?? SchedulerState.Reset(cpus.Count);
        this.state.CheckShape(cpus.Count, quantum);
        Quantum = quantum;
    }

    public long Quantum { get; }

    /// <summary>The scheduler's position as plain data (for snapshots).</summary>
    public SchedulerState State => state;

    /// <summary>
    /// Virtual time: instruction slots elapsed since reset (the system counter derives from
    /// it). While a round runs it is the round's start; between runs that stopped in the
    /// middle of a round it includes the part of the round run so far.
    /// </summary>
    public ulong Now => running < 0 && state.InRound ? state.RoundStart + (ulong)state.Longest : state.RoundStart;

    int running = -1;

    /// <summary>Whether a CPU is executing now (the machine's state is then in motion: no snapshot).</summary>
    public bool IsRunning => running >= 0;

    /// <summary>
    /// Virtual time as the CPU running now sees it: the round's start plus the instructions
    /// it has retired in this quantum, so time advances from one instruction to the next
    /// (between quanta it is <see cref="Now"/>).
    /// </summary>
    public ulong CurrentTime => running < 0 ? Now : state.RoundStart + (cpus[running].RetiredNow - state.RetiredBeforeQuantum);

    /// <summary>Instructions retired by all CPUs together.</summary>
    public ulong Retired => state.Retired;

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
    public PowerState PowerOf(int cpu) => (PowerState)state.Power[cpu];
    public WaitState WaitOf(int cpu) => (WaitState)state.Waits[cpu];

    public void PowerOn(int cpu)
    {
        state.Power[cpu] = (byte)PowerState.On;
        state.Waits[cpu] = (byte)WaitState.Running;
    }

    /// <summary>Powers a CPU off; if it is the one running, its quantum ends after this instruction.</summary>
    public void PowerOff(int cpu)
    {
        state.Power[cpu] = (byte)PowerState.Off;
        state.Waits[cpu] = (byte)WaitState.Running;
        cpus[cpu].RequestExit();
    }

    /// <summary>Parks a CPU (WFI or WFE) and ends its quantum.</summary>
    public void Wait(int cpu, WaitState why)
    {
        state.Waits[cpu] = (byte)why;
        cpus[cpu].RequestExit();
    }

    /// <summary>SEV: every CPU in WFE wakes; the others get their event register set.</summary>
    public void SendEvent()
    {
        for (int i = 0; i < cpus.Length; i++)
        {
            if (state.Waits[i] == (byte)WaitState.ForEvent) state.Waits[i] = (byte)WaitState.Running;
            else cpus[i].State.EventRegister = true;
        }
    }

    /// <summary>
    /// A WFE wake-up event for one CPU (its event stream, or its exclusive monitor cleared by
    /// another agent's store): it wakes if it waits in WFE, otherwise its event register is
    /// set, so that its next WFE does not wait.
    /// </summary>
    public void SendEventTo(int cpu)
    {
        if (state.Waits[cpu] == (byte)WaitState.ForEvent) state.Waits[cpu] = (byte)WaitState.Running;
        else cpus[cpu].State.EventRegister = true;
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

    /// <summary>
    /// Pauses the run under way (called from a device or console callback) after the
    /// instruction executing now, or before the CPUs of a round that is starting run:
    /// <see cref="Run"/> returns <see cref="StopReason.Paused"/> and a later Run goes on
    /// exactly where this one stopped, in the middle of the quantum if need be. A request
    /// made between runs is forgotten when the next starts.
    /// </summary>
    public void RequestPause()
    {
        pauseRequested = true;
        if (running >= 0) cpus[running].RequestExit();
    }

    /// <summary>
    /// Runs until something stops the machine or <paramref name="maxInstructions"/> have
    /// retired in total. The position inside a round (which CPU, how much of its quantum it
    /// has used) is part of <see cref="State"/>, so a run that stops at the limit or on a
    /// pause and is then resumed (in this process or from a snapshot) interleaves the CPUs
    /// exactly as one uninterrupted run does.
    /// </summary>
    public StopReason Run(ulong maxInstructions = ulong.MaxValue)
    {
        stopRequested = pauseRequested = false;
        SchedulerState s = state;
        while (true)
        {
            if (!s.InRound)
            {
                BeforeRound?.Invoke();
                // A round ends no later than the next device event, so that a timer's interrupt
                // is raised, and a CPU waiting for it wakes, at exactly its virtual time.
                long slice = Quantum;
                if (NextEvent?.Invoke() is { } eventAt && eventAt > s.RoundStart && eventAt - s.RoundStart < (ulong)slice)
                    slice = (long)(eventAt - s.RoundStart);
                s.StartRound(slice);
            }
            if (pauseRequested) return StopReason.Paused;
            if (hostStopRequested) return StopReason.HostRequest;
            for (; s.NextCpu < cpus.Length; s.NextCpu++, s.UsedInQuantum = 0)
            {
                int i = s.NextCpu;
                if (s.Power[i] != (byte)PowerState.On) continue;
                s.AnyOn = true;
                if (s.UsedInQuantum == 0)
                {
                    if (s.Waits[i] != (byte)WaitState.Running && CanWake(i, (WaitState)s.Waits[i]))
                        s.Waits[i] = (byte)WaitState.Running;
                    if (s.Waits[i] != (byte)WaitState.Running) continue;
                    s.RetiredBeforeQuantum = cpus[i].State.Retired;
                }
                long left = s.RoundSlice - s.UsedInQuantum;
                long budget = (long)Math.Min((ulong)left, maxInstructions - s.Retired);
                running = i;
                long ran = cpus[i].Run(budget);
                running = -1;
                s.Retired += (ulong)ran;
                s.UsedInQuantum += ran;
                s.Longest = Math.Max(s.Longest, s.UsedInQuantum);
                s.AnyRan = true;
                // The quantum goes on after a stop at the limit or a pause, unless the CPU itself
                // ended it (WFI, CPU_OFF, or any other exit it asked for).
                bool quantumGoesOn = ran < left && s.Power[i] == (byte)PowerState.On && s.Waits[i] == (byte)WaitState.Running
                    && (pauseRequested || (ran == budget && !cpus[i].ExitWasRequested));
                StopReason? stop = stopRequested ? StopReason.Requested
                    : pauseRequested ? StopReason.Paused
                    : s.Retired >= maxInstructions ? StopReason.InstructionLimit : null;
                if (stop is { } reason)
                {
                    if (!quantumGoesOn) { s.NextCpu++; s.UsedInQuantum = 0; }
                    return reason;
                }
            }
            s.InRound = false;
            if (!s.AnyOn) return StopReason.AllCpusOff;
            if (!s.AnyRan && !AnyWakeablePending())
            {
                // Everyone waits: skip idle time to the next device event, exactly.
                if (NextEvent?.Invoke() is { } next)
                    s.RoundStart = Math.Max(s.RoundStart + 1, next);
                else if (WaitForHost?.Invoke() != true)
                    return StopReason.Deadlock;
                continue;
            }
            s.RoundStart += (ulong)s.RoundSlice;
        }
    }

    bool AnyWakeablePending()
    {
        for (int i = 0; i < cpus.Length; i++)
            if (state.Power[i] == (byte)PowerState.On && CanWake(i, (WaitState)state.Waits[i]))
                return true;
        return false;
    }
}
