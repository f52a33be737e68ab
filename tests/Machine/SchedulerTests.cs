using Emulator.Cpu;
using Emulator.Interconnect;
using Emulator.Machine.Scheduling;

namespace Emulator.Tests.Machine;

public class SchedulerTests
{
    const ulong RamBase = 0x4000_0000;

    static (Processor[] Cpus, Scheduler Scheduler) Rig(int count, long quantum)
    {
        var bus = new Bus();
        Ram ram = bus.AddRam("ram", RamBase, 0x10_0000);
        ram.Write(RamBase, 4, 0x91000400u, Agent.Device);  // add x0, x0, #1
        ram.Write(RamBase + 4, 4, 0x17FFFFFFu, Agent.Device); // b .-4
        var monitor = new ExclusiveMonitor(bus, count);
        var code = new DecodedCodeCache(bus);
        Processor[] cpus = [.. Enumerable.Range(0, count).Select(i => new Processor(bus, i, monitor, code))];
        foreach (Processor cpu in cpus) cpu.Reset(RamBase);
        return (cpus, new Scheduler(cpus, quantum));
    }

    [Test]
    public void CpusShareTheBudgetRoundRobinInQuanta()
    {
        var (cpus, scheduler) = Rig(3, 100);
        scheduler.PowerOn(0);
        scheduler.PowerOn(2);
        Assert.That(scheduler.Run(1050), Is.EqualTo(StopReason.InstructionLimit));
        // Five rounds of 0 then 2 (1000), then 0 runs the last 50.
        Assert.That(cpus[0].State.Retired, Is.EqualTo(550UL));
        Assert.That(cpus[1].State.Retired, Is.Zero);
        Assert.That(cpus[2].State.Retired, Is.EqualTo(500UL));
        Assert.That(scheduler.Retired, Is.EqualTo(1050UL));
    }

    [Test]
    public void ARunStoppedMidQuantumResumesThatQuantum()
    {
        var (whole, one) = Rig(3, 100);
        var (split, two) = Rig(3, 100);
        foreach (Scheduler s in new[] { one, two }) { s.PowerOn(0); s.PowerOn(2); }
        one.Run(1050);
        // Stops in the middle of CPU 0's first quantum, then of CPU 2's third: the interleaving is unchanged.
        Assert.That(two.Run(37), Is.EqualTo(StopReason.InstructionLimit));
        Assert.That(two.Now, Is.EqualTo(37UL), "virtual time includes the part of the round run so far");
        Assert.That(two.Run(537), Is.EqualTo(StopReason.InstructionLimit));
        Assert.That(two.Run(1050), Is.EqualTo(StopReason.InstructionLimit));
        for (int i = 0; i < 3; i++)
            Assert.That(split[i].State.Retired, Is.EqualTo(whole[i].State.Retired), $"CPU {i}");
        Assert.That(two.Now, Is.EqualTo(one.Now));
    }

    [Test]
    public void APauseDuringARunStopsItAndTheRoundResumesWithoutStartingAgain()
    {
        var (cpus, scheduler) = Rig(1, 100);
        scheduler.PowerOn(0);
        int rounds = 0;
        scheduler.BeforeRound = () => { if (++rounds == 2) scheduler.RequestPause(); };
        Assert.That(scheduler.Run(1000), Is.EqualTo(StopReason.Paused));
        Assert.That(cpus[0].State.Retired, Is.EqualTo(100UL), "paused at the start of the second round");
        Assert.That(scheduler.Run(1000), Is.EqualTo(StopReason.InstructionLimit));
        Assert.That(cpus[0].State.Retired, Is.EqualTo(1000UL));
        Assert.That(rounds, Is.EqualTo(10), "the paused round was not started twice");
    }

    [Test]
    public void WaitingCpusWithNothingToWakeThemEndTheRun()
    {
        var (cpus, scheduler) = Rig(2, 100);
        scheduler.PowerOn(0);
        scheduler.PowerOn(1);
        scheduler.Wait(0, WaitState.ForInterrupt);
        scheduler.Wait(1, WaitState.ForEvent);
        Assert.That(scheduler.Run(10_000), Is.EqualTo(StopReason.Deadlock));
    }

    [Test]
    public void SendEventWakesCpusInWfeAndSetsTheOthersEventRegister()
    {
        var (cpus, scheduler) = Rig(2, 100);
        scheduler.PowerOn(0);
        scheduler.PowerOn(1);
        scheduler.Wait(1, WaitState.ForEvent);
        scheduler.SendEvent();
        Assert.That(scheduler.WaitOf(1), Is.EqualTo(WaitState.Running));
        Assert.That(cpus[0].State.EventRegister, Is.True);
        Assert.That(cpus[1].State.EventRegister, Is.False);
    }

    [Test]
    public void AWakeReasonResumesAWaitingCpu()
    {
        var (cpus, scheduler) = Rig(1, 100);
        scheduler.PowerOn(0);
        scheduler.Wait(0, WaitState.ForInterrupt);
        bool pending = false;
        scheduler.CanWake = (_, _) => pending;
        Assert.That(scheduler.Run(1000), Is.EqualTo(StopReason.Deadlock));
        pending = true;
        Assert.That(scheduler.Run(1000), Is.EqualTo(StopReason.InstructionLimit));
        Assert.That(cpus[0].State.Retired, Is.EqualTo(1000UL));
    }

    [Test]
    public void NoCpuOnEndsTheRun()
    {
        var (_, scheduler) = Rig(2, 100);
        Assert.That(scheduler.Run(1000), Is.EqualTo(StopReason.AllCpusOff));
    }
}
