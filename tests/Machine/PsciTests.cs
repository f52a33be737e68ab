using Emulator.Cpu;
using Emulator.Interconnect;
using Emulator.Machine.Firmware;
using Emulator.Machine.Scheduling;

namespace Emulator.Tests.Machine;

/// <summary>PSCI calls served directly (the HVC/SMC conduit is tested with the CPU), against DEN 0022.</summary>
public class PsciTests
{
    const ulong RamBase = 0x4000_0000;

    sealed class Rig
    {
        public readonly Processor[] Cpus;
        public readonly Scheduler Scheduler;
        public readonly Psci Psci;

        public Rig(params ulong[] mpidrs)
        {
            var bus = new Bus();
            bus.AddRam("ram", RamBase, 0x10_0000);
            var monitor = new ExclusiveMonitor(bus, mpidrs.Length);
            var code = new DecodedCodeCache(bus);
            Cpus = [.. mpidrs.Select((m, i) => new Processor(bus, i, monitor, code) { Mpidr = m | 1UL << 31 })];
            Scheduler = new Scheduler(Cpus, 1000);
            Psci = new Psci(Scheduler, a => bus.RamAt(a) is not null);
            Scheduler.PowerOn(0);
        }

        public long Call(uint function, ulong a1 = 0, ulong a2 = 0, ulong a3 = 0, int caller = 0)
        {
            Processor cpu = Cpus[caller];
            cpu.SetX(0, function);
            cpu.SetX(1, a1);
            cpu.SetX(2, a2);
            cpu.SetX(3, a3);
            Assert.That(Psci.Handle(cpu, 0), Is.True);
            return (long)cpu.Xr(0);
        }
    }

    [Test]
    public void VersionsAre11()
    {
        var rig = new Rig(0);
        Assert.That(rig.Call(Psci.PsciVersion), Is.EqualTo(0x10001));
        Assert.That(rig.Call(Psci.SmcccVersion), Is.EqualTo(0x10001));
    }

    [Test]
    public void FeaturesReportsImplementedFunctionsOnly()
    {
        var rig = new Rig(0);
        Assert.That(rig.Call(Psci.PsciFeatures, Psci.CpuOn64), Is.EqualTo(Psci.Success));
        Assert.That(rig.Call(Psci.PsciFeatures, Psci.SystemOff), Is.EqualTo(Psci.Success));
        Assert.That((int)rig.Call(Psci.PsciFeatures, 0x8400_0013), Is.EqualTo(Psci.NotSupported), "MEM_PROTECT");
        Assert.That((int)rig.Call(Psci.PsciFeatures, Psci.SmcccArchFeatures), Is.EqualTo(Psci.NotSupported));
        Assert.That(rig.Call(0xC400_0099), Is.EqualTo(Psci.NotSupported));
    }

    [Test]
    public void CpuOnStartsTheTargetAtItsEntryWithTheContextId()
    {
        var rig = new Rig(0x0, 0x1_0000_0001);
        Assert.That(rig.Call(Psci.AffinityInfo64, 0x1_0000_0001, 0), Is.EqualTo((long)PowerState.Off));
        Assert.That(rig.Call(Psci.CpuOn64, 0x1_0000_0001, RamBase + 0x1000, 0xC0FFEE), Is.EqualTo(Psci.Success));
        Processor target = rig.Cpus[1];
        Assert.That(target.PC, Is.EqualTo(RamBase + 0x1000));
        Assert.That(target.Xr(0), Is.EqualTo(0xC0FFEEUL));
        Assert.That(target.State.CurrentEl, Is.EqualTo(1u));
        Assert.That(target.State.Daif, Is.EqualTo(0x3C0u));
        Assert.That(rig.Scheduler.PowerOf(1), Is.EqualTo(PowerState.On));
        Assert.That(rig.Call(Psci.AffinityInfo64, 0x1_0000_0001, 0), Is.EqualTo((long)PowerState.On));
    }

    [Test]
    public void CpuOnErrors()
    {
        var rig = new Rig(0x0, 0x1);
        Assert.That(rig.Call(Psci.CpuOn64, 0x0, RamBase, 0), Is.EqualTo(Psci.AlreadyOn));
        Assert.That(rig.Call(Psci.CpuOn64, 0x2, RamBase, 0), Is.EqualTo(Psci.InvalidParameters), "no such MPIDR");
        Assert.That(rig.Call(Psci.CpuOn64, 0x1, 0x1000, 0), Is.EqualTo(Psci.InvalidAddress), "not RAM");
        Assert.That(rig.Call(Psci.CpuOn64, 0x1, RamBase + 2, 0), Is.EqualTo(Psci.InvalidAddress), "misaligned");
        Assert.That(rig.Call(Psci.AffinityInfo64, 0x1, 1), Is.EqualTo(Psci.InvalidParameters), "level 1");
    }

    [Test]
    public void ThirtyTwoBitCallsUseWRegisters()
    {
        var rig = new Rig(0x0, 0x1);
        // The upper halves are garbage that an SMC32 call must ignore.
        Assert.That((int)rig.Call(Psci.CpuOn32, 0xFFFF_FFFF_0000_0001, 0xFFFF_FFFF_0000_0000 | RamBase, 7), Is.EqualTo(Psci.Success));
        Assert.That(rig.Cpus[1].PC, Is.EqualTo(RamBase));
        Assert.That(rig.Cpus[0].Xr(0), Is.Zero);
    }

    [Test]
    public void UnknownThirtyTwoBitFunctionReturnsMinusOneInX0()
    {
        var rig = new Rig(0x0);
        Assert.That(rig.Call(0x8400_001F), Is.EqualTo(-1L));
        Assert.That(rig.Call(Psci.PsciFeatures, 0x8400_001F), Is.EqualTo(-1L));
    }

    [Test]
    public void CpuOffPowersTheCallerDown()
    {
        var rig = new Rig(0x0, 0x1);
        rig.Call(Psci.CpuOn64, 0x1, RamBase, 0);
        rig.Call(Psci.CpuOff, caller: 1);
        Assert.That(rig.Scheduler.PowerOf(1), Is.EqualTo(PowerState.Off));
        Assert.That(rig.Call(Psci.AffinityInfo64, 0x1, 0), Is.EqualTo((long)PowerState.Off));
    }

    [Test]
    public void SystemOffStopsTheMachine()
    {
        var rig = new Rig(0x0);
        rig.Call(Psci.SystemOff);
        Assert.That(rig.Psci.SystemEvent, Is.EqualTo(Psci.SystemOff));
        Assert.That(rig.Call(Psci.MigrateInfoType), Is.EqualTo(2));
    }

    [Test]
    public void OnlyImmediateZeroIsAFirmwareCall()
    {
        var rig = new Rig(0x0);
        Assert.That(rig.Psci.Handle(rig.Cpus[0], 1), Is.False);
    }
}
