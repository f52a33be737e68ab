using Emulator.Devices.Gic;
using Emulator.Interconnect;

namespace Emulator.Tests.Devices.Gic;

/// <summary>
/// Interrupt state and delivery (IHI 0069 chapter 4 and the register descriptions): edge
/// and level pending, set/clear through registers and SETSPI/CLRSPI, routing by
/// GICD_IROUTER (Aff3, 1-of-N), SGI targeting, the highest pending interrupt per CPU and
/// group, acknowledge and deactivate, and the change notification.
/// </summary>
public class GicDeliveryTests
{
    const ulong CTLR = 0x0000, SETSPI_NSR = 0x0040, CLRSPI_NSR = 0x0048, IGROUPR = 0x0080, ISENABLER = 0x0100,
        ISPENDR = 0x0200, ICPENDR = 0x0280, ISACTIVER = 0x0300, IPRIORITYR = 0x0400, ICFGR = 0x0C00, IROUTER = 0x6000;
    const ulong WAKER = 0x0014, GICR_CTLR = 0x0000, SGI = 0x1_0000, GICR_IGROUPR0 = SGI + 0x0080, GICR_ISENABLER0 = SGI + 0x0100,
        GICR_ISPENDR0 = SGI + 0x0200, GICR_ISACTIVER0 = SGI + 0x0300, GICR_IPRIORITYR = SGI + 0x0400, GICR_ICFGR1 = SGI + 0x0C04;

    static readonly Affinity[] Aff3Topology = [new(0, 0, 0, 0), new(0, 0, 0, 1), new(1, 0, 0, 0), new(1, 0, 0, 1)];

    GicBench b = null!;

    [SetUp]
    public void SetUp() => b = new GicBench().Awake();

    static ulong Bit(int intid) => (ulong)(intid / 32 * 4);
    static uint Mask(int intid) => 1u << (intid % 32);

    /// <summary>Configures an SPI: enabled, Group 1 (or 0), priority, routed to one affinity.</summary>
    void Spi(GicBench g, int intid, byte priority, Affinity target, bool group1 = true, bool edge = false)
    {
        if (group1) g.D(IGROUPR + Bit(intid), g.D(IGROUPR + Bit(intid)) | Mask(intid));
        g.Write(g.Gicd, IPRIORITYR + (ulong)intid, 1, priority);
        g.D64(IROUTER + 8 * (ulong)intid, target.ToIrouterBits());
        if (edge)
        {
            ulong cfg = ICFGR + (ulong)(intid / 16 * 4);
            g.D(cfg, g.D(cfg) | 2u << (2 * (intid % 16)));
        }
        g.D(ISENABLER + Bit(intid), Mask(intid));
    }

    bool Pending(GicBench g, int intid) => (g.D(ISPENDR + Bit(intid)) & Mask(intid)) != 0;
    bool Active(GicBench g, int intid) => (g.D(ISACTIVER + Bit(intid)) & Mask(intid)) != 0;

    [Test]
    public void LevelSensitiveSpiIsPendingWhileItsLineIsHigh()
    {
        Spi(b, 40, 0x80, new(0, 0, 0, 1));
        GicInputLine line = b.Gic.SpiLine(8);
        Assert.That(line.Intid, Is.EqualTo(40));
        line.Set(true);
        Assert.That(Pending(b, 40), Is.True);
        Assert.That(b.Gic.HighestPending(1), Is.EqualTo(new PendingInterrupt(40, 0x80, GicGroup.Group1)));
        Assert.That(b.Gic.HighestPending(0).IsNone, Is.True, "routed to CPU 1 only");
        b.D(ICPENDR + 4, Mask(40));
        Assert.That(Pending(b, 40), Is.True, "ICPENDR cannot clear a level that is still asserted");
        line.Set(false);
        Assert.That(Pending(b, 40), Is.False);
        Assert.That(b.Gic.HighestPending(1).IsNone, Is.True);
        b.D(ISPENDR + 4, Mask(40));
        Assert.That(Pending(b, 40), Is.True, "the latch set by ISPENDR is separate from the line");
        line.Set(true);
        line.Set(false);
        Assert.That(Pending(b, 40), Is.True, "the line going low does not clear the latch");
        b.D(ICPENDR + 4, Mask(40));
        Assert.That(Pending(b, 40), Is.False);
    }

    [Test]
    public void EdgeTriggeredSpiLatchesTheRisingEdge()
    {
        Spi(b, 41, 0x80, new(0, 0, 0, 0), edge: true);
        GicInputLine line = b.Gic.SpiLine(9);
        line.Set(true);
        line.Set(false);
        Assert.That(Pending(b, 41), Is.True, "latched");
        b.D(ICPENDR + 4, Mask(41));
        Assert.That(Pending(b, 41), Is.False);
        line.Set(true);
        Assert.That(Pending(b, 41), Is.True);
        Assert.That(b.Gic.Acknowledge(0, 41), Is.True);
        Assert.That(Pending(b, 41), Is.False, "acknowledge consumes the edge although the line is high");
        Assert.That(Active(b, 41), Is.True);
        line.Set(true);
        Assert.That(Pending(b, 41), Is.False, "no new edge while the line stays high");
        line.Set(false);
        line.Set(true);
        Assert.That(Pending(b, 41) && Active(b, 41), Is.True, "active and pending");
        Assert.That(b.Gic.HighestPending(0).IsNone, Is.True, "an active interrupt is not forwarded again");
        Assert.That(b.Gic.Deactivate(0, 41), Is.True);
        Assert.That(b.Gic.HighestPending(0).Intid, Is.EqualTo(41));
    }

    [Test]
    public void AcknowledgingAnAssertedLevelLeavesItActiveAndPending()
    {
        Spi(b, 42, 0x10, new(0, 0, 0, 2));
        b.Gic.SpiLine(10).Set(true);
        Assert.That(b.Gic.Acknowledge(2, 42), Is.True);
        Assert.That(Active(b, 42) && Pending(b, 42), Is.True);
        Assert.That(b.Gic.HighestPending(2).IsNone, Is.True);
        b.Gic.SpiLine(10).Set(false);
        Assert.That(Active(b, 42) && !Pending(b, 42), Is.True);
        Assert.That(b.Gic.Deactivate(2, 42), Is.True);
        Assert.That(Active(b, 42) || Pending(b, 42), Is.False);
        Assert.That(b.Gic.Deactivate(2, 42), Is.False, "not active");
        Assert.That(b.Gic.Acknowledge(2, 42), Is.False, "not pending");

        b.D(ISPENDR + 4, Mask(42));
        Assert.That(b.Gic.Acknowledge(2, 42), Is.True);
        Assert.That(Pending(b, 42), Is.False, "acknowledge clears a level interrupt's ISPENDR latch");
    }

    [Test]
    public void SetSpiAndClrSpiForEdgeTriggered()
    {
        Spi(b, 43, 0x20, new(0, 0, 0, 0), edge: true);
        b.Write(b.Gicd, SETSPI_NSR, 2, 43);
        Assert.That(Pending(b, 43), Is.True);
        b.D(CLRSPI_NSR, 43);
        Assert.That(Pending(b, 43), Is.False);
        b.D(SETSPI_NSR, 43);
        Assert.That(b.Gic.Acknowledge(0, 43), Is.True);
        Assert.That(Pending(b, 43), Is.False, "an edge-triggered SETSPI is consumed by activation");
    }

    [Test]
    public void SetSpiAssertsALevelSensitiveSpiUntilClrSpi()
    {
        Spi(b, 44, 0x20, new(0, 0, 0, 0));
        b.D(SETSPI_NSR, 44);
        Assert.That(Pending(b, 44), Is.True);
        b.D(ICPENDR + 4, Mask(44));
        Assert.That(Pending(b, 44), Is.True, "pending for a reason other than ISPENDR: ICPENDR has no effect");
        Assert.That(b.Gic.Acknowledge(0, 44), Is.True);
        Assert.That(Pending(b, 44) && Active(b, 44), Is.True, "active and pending until CLRSPI");
        b.D(CLRSPI_NSR, 44);
        Assert.That(Pending(b, 44), Is.False);
        Assert.That(Active(b, 44), Is.True, "CLRSPI leaves the active state");

        b.Gic.SpiLine(12).Set(true);
        b.D(SETSPI_NSR, 44);
        b.D(CLRSPI_NSR, 44);
        Assert.That(Pending(b, 44), Is.True, "the wire is still asserted");
    }

    [Test]
    public void SetSpiIgnoresIntidsThatAreNotImplementedSpis()
    {
        foreach (uint intid in new uint[] { 0, 20, 31, 96, 1019, 1023, 8192 })
            b.D(SETSPI_NSR, intid);
        for (int n = 0; n < 32; n++)
            Assert.That(b.D(ISPENDR + 4 * (ulong)n), Is.Zero);
        foreach (int cpu in new[] { 0, 1, 2, 3 })
            Assert.That(b.R(cpu, GICR_ISPENDR0), Is.Zero);
        b.D(SETSPI_NSR, 0xFFFF_E000 | 45);
        Assert.That(Pending(b, 45), Is.True, "bits 31:13 are RES0 and ignored");
    }

    [Test]
    public void IrouterMatchesAllFourAffinityLevels()
    {
        var g = new GicBench(Aff3Topology).Awake();
        Spi(g, 50, 0x40, new(1, 0, 0, 1));
        g.D(SETSPI_NSR, 50);
        Assert.That(g.Gic.SpiTarget(50), Is.EqualTo(3));
        Assert.That(g.Gic.HighestPending(3).Intid, Is.EqualTo(50));
        Assert.That(g.Gic.HighestPending(1).IsNone, Is.True, "0.0.0.1 differs from 1.0.0.1 only in Aff3");
        g.D64(IROUTER + 8 * 50, new Affinity(0, 0, 0, 1).ToIrouterBits());
        Assert.That(g.Gic.HighestPending(1).Intid, Is.EqualTo(50));
        Assert.That(g.Gic.HighestPending(3).IsNone, Is.True);
        g.D64(IROUTER + 8 * 50, new Affinity(2, 0, 0, 0).ToIrouterBits());
        Assert.That(g.Gic.SpiTarget(50), Is.EqualTo(-1));
        for (int cpu = 0; cpu < 4; cpu++)
            Assert.That(g.Gic.HighestPending(cpu).IsNone, Is.True, "no CPU has affinity 2.0.0.0");
        Assert.That(Pending(g, 50), Is.True, "still pending, just not delivered");
    }

    [Test]
    public void OneOfNPicksTheLowestEligibleCpu()
    {
        Spi(b, 60, 0x30, default);
        b.D64(IROUTER + 8 * 60, 1UL << 31);
        b.D(SETSPI_NSR, 60);
        Assert.That(b.Gic.SpiTarget(60), Is.EqualTo(-1), "no CPU interface has Group 1 enabled yet");
        for (int cpu = 0; cpu < 4; cpu++)
            b.Gic.SetCpuInterfaceGroupEnables(cpu, group0: false, group1: true);
        Assert.That(b.Gic.SpiTarget(60), Is.EqualTo(0));
        Assert.That(b.Gic.HighestPending(0).Intid, Is.EqualTo(60));
        Assert.That(b.Gic.HighestPending(1).IsNone, Is.True, "offered to one CPU only");
        b.R(0, WAKER, 0x2);
        Assert.That(b.Gic.SpiTarget(60), Is.EqualTo(1), "a sleeping PE is not chosen");
        b.R(1, GICR_CTLR, 1u << 25);
        Assert.That(b.Gic.SpiTarget(60), Is.EqualTo(2), "GICR_CTLR.DPG1NS takes CPU 1 out");
        b.R(1, GICR_CTLR, 1u << 24);
        Assert.That(b.Gic.SpiTarget(60), Is.EqualTo(1), "DPG0 does not affect a Group 1 SPI");
        b.Gic.SetCpuInterfaceGroupEnables(1, group0: true, group1: false);
        Assert.That(b.Gic.SpiTarget(60), Is.EqualTo(2), "CPU 1's interface has Group 1 disabled");
        Assert.That(b.Gic.Acknowledge(2, 60), Is.True);
        for (int cpu = 0; cpu < 4; cpu++)
            Assert.That(b.Gic.HighestPending(cpu).IsNone, Is.True, "taken by one CPU, offered to no other");
    }

    [Test]
    public void SleepingRedistributorForwardsNothing()
    {
        b.R(3, WAKER, 0x2);
        b.R(3, GICR_ISENABLER0, 1u << 27);
        b.Gic.PpiLine(3, 11).Set(true);
        Assert.That(b.R(3, GICR_ISPENDR0), Is.EqualTo(1u << 27), "pending is kept");
        Assert.That(b.Gic.HighestPending(3).IsNone, Is.True);
        b.R(3, WAKER, 0);
        Assert.That(b.Gic.HighestPending(3).Intid, Is.EqualTo(27));
    }

    [Test]
    public void PpisArePerCpu()
    {
        GicInputLine timer = b.Gic.PpiLine(1, 14);
        Assert.That(timer.Intid, Is.EqualTo(30));
        b.R(1, GICR_ISENABLER0, 1u << 30);
        b.R(1, GICR_IPRIORITYR + 28, 0x00A0_0000); // INTID 30 is byte 2 of IPRIORITYR7
        timer.Set(true);
        Assert.That(b.Gic.HighestPending(1), Is.EqualTo(new PendingInterrupt(30, 0xA0, GicGroup.Group0)));
        Assert.That(b.R(0, GICR_ISPENDR0), Is.Zero);
        Assert.That(b.Gic.HighestPending(0).IsNone, Is.True);
        timer.Set(false);
        Assert.That(b.Gic.HighestPending(1).IsNone, Is.True, "level-sensitive by default");
        b.R(1, GICR_ICFGR1, 2u << 28);
        timer.Set(true);
        timer.Set(false);
        Assert.That(b.Gic.HighestPending(1).Intid, Is.EqualTo(30), "edge-triggered once ICFGR1 says so");
        Assert.Throws<ArgumentOutOfRangeException>(() => b.Gic.PpiLine(0, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => b.Gic.SpiLine(64));
    }

    [Test]
    public void SgiTargetListMatchesAff3Aff2Aff1()
    {
        var g = new GicBench(Aff3Topology).Awake();
        var targets = new SgiTargets(Aff3: 1, Aff2: 0, Aff1: 0, TargetList: 0b10, RangeSelector: 0, AllButSelf: false);
        Assert.That(g.Gic.SendSgi(0, 5, SgiRegister.Sgi1R, targets), Is.EqualTo(1));
        Assert.That(g.R(3, GICR_ISPENDR0), Is.EqualTo(1u << 5), "1.0.0.1");
        Assert.That(g.R(1, GICR_ISPENDR0), Is.Zero, "0.0.0.1 has the same Aff0 but another Aff3");
        Assert.That(g.Gic.SendSgi(3, 6, SgiRegister.Sgi1R, targets with { Aff3 = 0, TargetList = 0xFFFF }), Is.EqualTo(2));
        Assert.That(g.R(0, GICR_ISPENDR0), Is.EqualTo(1u << 6));
        Assert.That(g.R(1, GICR_ISPENDR0), Is.EqualTo(1u << 6), "bits naming absent CPUs are ignored");
    }

    [Test]
    public void SgiRangeSelectorReachesAff0Above15()
    {
        var g = new GicBench([new(0, 0, 0, 1), new(0, 0, 0, 17), new(0, 0, 0, 33)]).Awake();
        SgiTargets t = SgiTargets.FromRegister(1UL << 44 | 1UL << 1);
        Assert.That(g.Gic.SendSgi(0, 2, SgiRegister.Sgi1R, t), Is.EqualTo(1));
        Assert.That(g.R(1, GICR_ISPENDR0), Is.EqualTo(1u << 2), "RS = 1, bit 1: Aff0 17");
        Assert.That(g.R(0, GICR_ISPENDR0), Is.Zero);
        Assert.That(g.Gic.SendSgi(0, 3, SgiRegister.Sgi1R, SgiTargets.To(new(0, 0, 0, 33))), Is.EqualTo(1));
        Assert.That(g.R(2, GICR_ISPENDR0), Is.EqualTo(1u << 3));
    }

    [Test]
    public void IrmBroadcastGoesToEveryoneButTheSender()
    {
        var g = new GicBench(Aff3Topology).Awake();
        ulong sgi1r = 1UL << 40 | 9UL << 24 | 0x00FF_00FF_0000_FFFFUL & ~(0xFUL << 24);
        Assert.That(SgiTargets.IntidOf(sgi1r), Is.EqualTo(9));
        Assert.That(g.Gic.SendSgi(2, SgiTargets.IntidOf(sgi1r), SgiRegister.Sgi1R, SgiTargets.FromRegister(sgi1r)), Is.EqualTo(3));
        for (int cpu = 0; cpu < 4; cpu++)
            Assert.That(g.R(cpu, GICR_ISPENDR0), Is.EqualTo(cpu == 2 ? 0u : 1u << 9), $"CPU {cpu}; Aff fields are ignored with IRM");
    }

    [Test]
    public void SgiRegisterSelectsWhichGroupsItMayGenerate()
    {
        b.R(1, GICR_IGROUPR0, 1u << 1); // SGI 1 Group 1, SGI 0 Group 0
        SgiTargets cpu1 = SgiTargets.To(new(0, 0, 0, 1));
        Assert.That(b.Gic.SendSgi(0, 1, SgiRegister.Sgi0R, cpu1), Is.Zero, "ICC_SGI0R_EL1 cannot generate a Group 1 SGI");
        Assert.That(b.Gic.SendSgi(0, 1, SgiRegister.Asgi1R, cpu1), Is.Zero, "nor ICC_ASGI1R_EL1 with DS = 1");
        Assert.That(b.Gic.SendSgi(0, 0, SgiRegister.Asgi1R, cpu1), Is.EqualTo(1));
        Assert.That(b.Gic.SendSgi(0, 0, SgiRegister.Sgi0R, cpu1), Is.EqualTo(1));
        Assert.That(b.Gic.SendSgi(0, 1, SgiRegister.Sgi1R, cpu1), Is.EqualTo(1));
        b.R(1, GICR_ISPENDR0 + 0x80, 0xFFFF); // ICPENDR0
        Assert.That(b.Gic.SendSgi(0, 0, SgiRegister.Sgi1R, cpu1), Is.EqualTo(1), "ICC_SGI1R_EL1 generates Group 0 SGIs too with DS = 1");
        Assert.That(b.R(1, GICR_ISPENDR0), Is.EqualTo(1u));
    }

    [Test]
    public void SgiTargetsRoundTripThroughTheRegisterFormat()
    {
        var t = new SgiTargets(Aff3: 0xAB, Aff2: 0xCD, Aff1: 0xEF, TargetList: 0x8421, RangeSelector: 0xF, AllButSelf: false);
        ulong v = t.ToRegister(13);
        Assert.That(v, Is.EqualTo(0x00AB_F0CD_0DEF_8421UL));
        Assert.That(SgiTargets.FromRegister(v), Is.EqualTo(t));
        Assert.That(SgiTargets.IntidOf(v), Is.EqualTo(13));
        Assert.That(SgiTargets.FromRegister(1UL << 40).AllButSelf, Is.True);
    }

    [Test]
    public void SgiActiveAndPendingAcrossAcknowledgeAndDeactivate()
    {
        b.R(0, GICR_ISENABLER0, 0xFFFF);
        SgiTargets cpu0 = SgiTargets.To(default);
        b.Gic.SendSgi(1, 3, SgiRegister.Sgi1R, cpu0);
        Assert.That(b.Gic.HighestPending(0, GicGroup.Group0).Intid, Is.EqualTo(3));
        Assert.That(b.Gic.Acknowledge(0, 3), Is.True);
        b.Gic.SendSgi(1, 3, SgiRegister.Sgi1R, cpu0);
        Assert.That(b.R(0, GICR_ISPENDR0) & b.R(0, GICR_ISACTIVER0), Is.EqualTo(1u << 3), "active and pending");
        Assert.That(b.Gic.HighestPending(0).IsNone, Is.True);
        Assert.That(b.Gic.Deactivate(0, 3), Is.True);
        Assert.That(b.Gic.HighestPending(0).Intid, Is.EqualTo(3));
        Assert.That(b.Gic.Deactivate(1, 3), Is.False, "SGIs are per CPU");
    }

    [Test]
    public void HighestPriorityWinsAndTiesGoToTheLowestIntid()
    {
        Spi(b, 70, 0x60, default);
        Spi(b, 34, 0x40, default);
        Spi(b, 33, 0x40, default);
        b.R(0, GICR_ISENABLER0, 1u << 20 | 1u << 21);
        b.R(0, GICR_IGROUPR0, 1u << 20 | 1u << 21);
        b.R(0, GICR_IPRIORITYR + 20, 0x0000_5040); // INTID 20: 0x40, 21: 0x50
        b.D(ISPENDR + 8, Mask(70));
        Assert.That(b.Gic.HighestPending(0).Intid, Is.EqualTo(70));
        b.D(ISPENDR + 4, Mask(34));
        Assert.That(b.Gic.HighestPending(0).Intid, Is.EqualTo(34));
        b.D(ISPENDR + 4, Mask(33));
        Assert.That(b.Gic.HighestPending(0).Intid, Is.EqualTo(33), "equal priority: lower INTID");
        b.R(0, GICR_ISPENDR0, 1u << 21 | 1u << 20);
        Assert.That(b.Gic.HighestPending(0), Is.EqualTo(new PendingInterrupt(20, 0x40, GicGroup.Group1)), "a PPI ties with SPIs and has the lower INTID");
        b.R(0, GICR_IPRIORITYR + 20, 0x0000_5050);
        Assert.That(b.Gic.HighestPending(0).Intid, Is.EqualTo(33));
        b.D(ISENABLER + 0x80 + 4, Mask(33)); // ICENABLER1
        Assert.That(b.Gic.HighestPending(0).Intid, Is.EqualTo(34), "disabled interrupts are not forwarded");
        b.D(ISACTIVER + 4, Mask(34));
        Assert.That(b.Gic.HighestPending(0).Intid, Is.EqualTo(20), "nor active ones");
    }

    [Test]
    public void GroupsAreSeparatedAndGatedByGicdCtlr()
    {
        Spi(b, 35, 0x80, default, group1: false);
        Spi(b, 36, 0x90, default, group1: true);
        b.D(ISPENDR + 4, Mask(35) | Mask(36));
        Assert.That(b.Gic.HighestPending(0), Is.EqualTo(new PendingInterrupt(35, 0x80, GicGroup.Group0)));
        Assert.That(b.Gic.HighestPending(0, GicGroup.Group0).Intid, Is.EqualTo(35));
        Assert.That(b.Gic.HighestPending(0, GicGroup.Group1), Is.EqualTo(new PendingInterrupt(36, 0x90, GicGroup.Group1)));
        b.D(CTLR, 0x2); // EnableGrp0 = 0
        Assert.That(b.Gic.HighestPending(0).Intid, Is.EqualTo(36));
        Assert.That(b.Gic.HighestPending(0, GicGroup.Group0).IsNone, Is.True);
        b.D(CTLR, 0x0);
        Assert.That(b.Gic.HighestPending(0).IsNone, Is.True);
        b.D(CTLR, 0x1);
        Assert.That(b.Gic.HighestPending(0, GicGroup.Group1).IsNone, Is.True);
    }

    [Test]
    public void LowestPriorityValueIsStillReported()
    {
        Spi(b, 37, 0xFF, default);
        b.D(ISPENDR + 4, Mask(37));
        Assert.That(b.Gic.HighestPending(0), Is.EqualTo(new PendingInterrupt(37, 0xFF, GicGroup.Group1)));
    }

    [Test]
    public void ChangesNotifyTheCpusTheyConcern()
    {
        b.Notified.Clear();
        b.Gic.PpiLine(2, 11).Set(true);
        Assert.That(b.Notified, Is.EqualTo(new[] { 2 }));
        b.Notified.Clear();
        b.Gic.PpiLine(2, 11).Set(true);
        Assert.That(b.Notified, Is.Empty, "a level that does not change is no event");
        b.Gic.SpiLine(0).Set(true);
        Assert.That(b.Notified, Is.EqualTo(new[] { 0, 1, 2, 3 }), "an SPI may concern any CPU");
        b.Notified.Clear();
        b.Gic.SendSgi(0, 1, SgiRegister.Sgi1R, SgiTargets.Broadcast);
        Assert.That(b.Notified, Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public void NotificationHandlerSeesTheNewState()
    {
        Spi(b, 38, 0x10, new(0, 0, 0, 1));
        var seen = new List<PendingInterrupt>();
        b.Gic.PendingChanged = cpu => { if (cpu == 1) seen.Add(b.Gic.HighestPending(1)); };
        b.Gic.SpiLine(6).Set(true);
        b.Gic.SpiLine(6).Set(false);
        Assert.That(seen, Is.EqualTo(new[] { new PendingInterrupt(38, 0x10, GicGroup.Group1), PendingInterrupt.None }));
    }

    [Test]
    public void RestoringFromStateGivesTheSameGic()
    {
        Spi(b, 39, 0x30, new(0, 0, 0, 3), edge: true);
        b.Gic.SpiLine(7).Set(true);
        b.R(3, GICR_ISENABLER0, 1u << 4);
        b.Gic.SendSgi(0, 4, SgiRegister.Sgi1R, SgiTargets.To(new(0, 0, 0, 3)));
        var restored = new GicV3(b.Gic.Configuration, b.Gic.State);
        for (int cpu = 0; cpu < 4; cpu++)
            Assert.That(restored.HighestPending(cpu), Is.EqualTo(b.Gic.HighestPending(cpu)));
        Assert.That(restored.HighestPending(3).Intid, Is.EqualTo(4));
        Assert.Throws<ArgumentException>(() => new GicV3(b.Gic.Configuration, GicState.Reset(2)));
        GicState corrupt = GicState.Reset(4);
        corrupt.Distributor.Spis.Priority = new byte[10];
        Assert.Throws<ArgumentException>(() => new GicV3(b.Gic.Configuration, corrupt));
    }

    [Test]
    public void MappedOnABusAtTheConfiguredBases()
    {
        var gic = new GicV3(new GicConfiguration { Cpus = Aff3Topology, DistributorBase = 0x0800_0000, RedistributorBase = 0x080A_0000 });
        var bus = new Bus();
        gic.MapInto(bus);
        Assert.That(bus.Read(0x0800_FFE8, 4, out ulong pidr2), Is.EqualTo(BusStatus.Ok));
        Assert.That(pidr2 >> 4 & 0xF, Is.EqualTo(3UL));
        Assert.That(gic.RedistributorAddress(2), Is.EqualTo(0x080E_0000UL));
        Assert.That(bus.Read(gic.RedistributorAddress(2) + 8, 8, out ulong typer), Is.EqualTo(BusStatus.Ok));
        Assert.That(Affinity.FromGicrTyper(typer), Is.EqualTo(new Affinity(1, 0, 0, 0)));
        Assert.That(bus.Read(0x080A_0000 + 4 * Redistributor.FrameSize, 4, out _), Is.EqualTo(BusStatus.Unmapped));
    }

    [Test]
    public void QueriesForTheCpuInterface()
    {
        Spi(b, 46, 0x48, default, group1: false);
        b.R(2, GICR_IGROUPR0, 1u << 27);
        b.R(2, GICR_IPRIORITYR + 24, 0x6000_0000);
        Assert.That(b.Gic.GroupOf(2, 27), Is.EqualTo(GicGroup.Group1));
        Assert.That(b.Gic.GroupOf(1, 27), Is.EqualTo(GicGroup.Group0), "another CPU's PPI 27 is its own");
        Assert.That(b.Gic.PriorityOf(2, 27), Is.EqualTo(0x60));
        Assert.That(b.Gic.PriorityOf(0, 46), Is.EqualTo(0x48));
        Assert.That(b.Gic.GroupOf(3, 46), Is.EqualTo(GicGroup.Group0));
        Assert.That(b.Gic.PriorityOf(0, 1023), Is.EqualTo(0xFF));
        b.D(ISPENDR + 4, Mask(46));
        Assert.That(b.Gic.IsPending(0, 46) && !b.Gic.IsActive(0, 46), Is.True);
        b.Gic.Acknowledge(0, 46);
        Assert.That(!b.Gic.IsPending(0, 46) && b.Gic.IsActive(3, 46), Is.True);
        Assert.That(b.Gic.Acknowledge(0, 1023), Is.False);
        Assert.That(b.Gic.Deactivate(0, 8192), Is.False, "LPIs have no active state");
        Assert.That(b.Gic.Acknowledge(0, -1), Is.False);
    }

    [Test]
    public void InterruptTraceTellsEachInterruptsLife()
    {
        var lines = new List<string>();
        b.Gic.InterruptTrace = lines.Add;
        Spi(b, 33, 0x80, new(0, 0, 0, 1));
        b.Gic.SpiLine(1).Set(true);
        b.Gic.Acknowledge(1, 33);
        b.Gic.SpiLine(1).Set(false);
        b.Gic.Deactivate(1, 33);
        b.Gic.PpiLine(2, 14).Set(true);
        b.D(SETSPI_NSR, 34);
        b.D(CLRSPI_NSR, 34);
        b.Gic.SendSgi(0, 7, SgiRegister.Sgi1R, SgiTargets.To(new(0, 0, 0, 3)));
        Assert.That(lines, Is.EqualTo(new[]
        {
            "INTID 33 line high",
            "INTID 33 acknowledged by CPU 1 (priority 0x80, Group1): active and pending",
            "INTID 33 line low",
            "INTID 33 deactivated by CPU 1: inactive",
            "INTID 30 line high on CPU 2",
            "INTID 34 set pending by GICD_SETSPI_NSR",
            "INTID 34 cleared by GICD_CLRSPI_NSR",
            "INTID 7 pending on CPU 3 (SGI from CPU 0 by ICC_SGI1R_EL1)",
        }));
    }
}
