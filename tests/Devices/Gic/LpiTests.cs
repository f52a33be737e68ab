using Emulator.Devices.Gic;
using Emulator.Interconnect;

namespace Emulator.Tests.Devices.Gic;

/// <summary>
/// LPIs in the redistributors (IHI 0069 5.1 and the GICR_CTLR, GICR_PROPBASER,
/// GICR_PENDBASER, GICR_INVLPIR, GICR_INVALLR and GICR_SYNCR descriptions of 12.11), with
/// the configuration and pending tables in a real RAM on a bus, and the ILpiTarget calls an
/// ITS makes.
/// </summary>
public class LpiTests
{
    const ulong CTLR = 0x0000, TYPER = 0x0008, STATUSR = 0x0010, PROPBASER = 0x0070, PENDBASER = 0x0078,
        INVLPIR = 0x00A0, INVALLR = 0x00B0, SYNCR = 0x00C0, SGI = 0x1_0000,
        GICR_ISENABLER0 = SGI + 0x0100, GICR_ISPENDR0 = SGI + 0x0200, GICR_IGROUPR0 = SGI + 0x0080, GICR_IPRIORITYR = SGI + 0x0400;
    const ulong GICD_TYPER = 0x0004, GICD_IGROUPR = 0x0080, GICD_ISENABLER = 0x0100, GICD_ISPENDR = 0x0200,
        GICD_IPRIORITYR = 0x0400, GICD_IROUTER = 0x6000;
    const ulong RamBase = 0x4000_0000, ConfigTable = RamBase + 0x1_0000, PendingTables = RamBase + 0x10_0000;
    const ulong Ptz = 1UL << 62;

    Bus bus = null!;
    GicBench b = null!;
    ILpiTarget its = null!;

    [SetUp]
    public void SetUp()
    {
        bus = new Bus();
        bus.AddRam("ram", RamBase, 0x20_0000);
        b = new GicBench(lpis: true, memory: bus).Awake();
        its = b.Gic;
    }

    static ulong PendingTable(int cpu) => PendingTables + 0x1_0000 * (ulong)cpu;

    /// <summary>The configuration byte of an LPI in the table: priority bits 7:2, enable bit 0.</summary>
    void Configure(int intid, byte priority, bool enabled) =>
        bus.Write(ConfigTable + (ulong)(intid - 8192), 1, (ulong)(byte)(priority & 0xFC) | (enabled ? 1UL : 0UL));

    void SetTableBit(int cpu, int intid) =>
        bus.Write(PendingTable(cpu) + (ulong)(intid / 8), 1, Memory(PendingTable(cpu) + (ulong)(intid / 8)) | (1UL << (intid % 8)));

    ulong Memory(ulong address)
    {
        Assert.That(bus.Read(address, 1, out ulong v), Is.EqualTo(BusStatus.Ok));
        return v;
    }

    bool TableBit(int cpu, int intid) => (Memory(PendingTable(cpu) + (ulong)(intid / 8)) >> (intid % 8) & 1) != 0;

    void EnableLpis(int cpu, bool ptz = true, uint idBits = 15)
    {
        b.R64(cpu, PROPBASER, ConfigTable | idBits);
        b.R64(cpu, PENDBASER, PendingTable(cpu) | (ptz ? Ptz : 0));
        b.R(cpu, CTLR, 1);
    }

    [Test]
    public void LpisAreAdvertised()
    {
        Assert.That(b.D(GICD_TYPER) >> 17 & 1, Is.EqualTo(1u), "GICD_TYPER.LPIS");
        Assert.That(b.D(GICD_TYPER) >> 19 & 0x1F, Is.EqualTo(15u), "GICD_TYPER.IDbits: 16 INTID bits");
        Assert.That(b.R64(0, TYPER) & 1, Is.EqualTo(1UL), "GICR_TYPER.PLPIS");
        Assert.That(b.R64(0, TYPER) >> 3 & 1, Is.Zero, "GICR_TYPER.DirectLPI = 0: no SETLPIR/CLRLPIR");
        Assert.That(b.R(0, CTLR) & 0x4, Is.EqualTo(0x4u), "GICR_CTLR.IR: INVLPIR, INVALLR, SYNCR implemented");
        Assert.That(b.R(0, 0x0040), Is.Zero, "GICR_SETLPIR is reserved");
        Assert.That(b.R(0, STATUSR) & 1, Is.EqualTo(1u), "RRD: a reserved offset was read");
    }

    [Test]
    public void NoLpiRegistersWithoutLpis()
    {
        var plain = new GicBench(memory: bus).Awake();
        plain.R(0, SYNCR);
        Assert.That(plain.R(0, STATUSR) & 1, Is.EqualTo(1u), "GICR_SYNCR is reserved without LPIs");
        Assert.That(plain.Gic.LpisEnabled(0), Is.False);
        Assert.That(plain.Gic.MaxLpi(0), Is.EqualTo(8191));
    }

    [Test]
    public void IdBitsLimitTheLpiRange()
    {
        b.R64(0, PROPBASER, ConfigTable | 15);
        Assert.That(its.MaxLpi(0), Is.EqualTo(65535));
        b.R64(0, PROPBASER, ConfigTable | 13);
        Assert.That(its.MaxLpi(0), Is.EqualTo(16383), "14 INTID bits");
        b.R64(0, PROPBASER, ConfigTable | 12);
        Assert.That(its.MaxLpi(0), Is.EqualTo(8191), "fewer than 14 bits: no LPI in range");
        b.R64(0, PROPBASER, ConfigTable | 31);
        Assert.That(its.MaxLpi(0), Is.EqualTo(65535), "capped by GICD_TYPER.IDbits");
        Assert.That(b.R64(0, PROPBASER) & 0x1F, Is.EqualTo(31UL), "the field itself holds what was written");

        EnableLpis(1, idBits: 13);
        its.SetLpiPending(1, 16383);
        its.SetLpiPending(1, 16384);
        Assert.That(its.IsLpiPending(1, 16383), Is.True);
        Assert.That(its.IsLpiPending(1, 16384), Is.False, "beyond IDbits");
        Assert.That(b.TraceLines, Has.Some.Contains("INTID 16384").And.Contains("not an LPI in range"));
    }

    [Test]
    public void BaseRegistersAreReadOnlyWhileLpisAreEnabled()
    {
        EnableLpis(0, ptz: true);
        ulong prop = b.R64(0, PROPBASER), pend = b.R64(0, PENDBASER);
        Assert.That(prop, Is.EqualTo(ConfigTable | 15));
        Assert.That(pend, Is.EqualTo(PendingTable(0)), "PTZ reads 0");
        b.R64(0, PROPBASER, RamBase | 13);
        b.R64(0, PENDBASER, RamBase);
        b.R(0, PROPBASER, 0);
        Assert.That(b.R64(0, PROPBASER), Is.EqualTo(prop));
        Assert.That(b.R64(0, PENDBASER), Is.EqualTo(pend));
        Assert.That(its.MaxLpi(0), Is.EqualTo(65535));
        b.R64(1, PROPBASER, RamBase | 13);
        Assert.That(b.R64(1, PROPBASER), Is.EqualTo(RamBase | 13), "another redistributor is still writable");
        b.R(0, CTLR, 0);
        b.R64(0, PROPBASER, RamBase | 13);
        Assert.That(b.R64(0, PROPBASER), Is.EqualTo(RamBase | 13), "writable again once EnableLPIs is cleared");
        Assert.That(b.R(0, CTLR) & 0x8, Is.Zero, "RWP: the disable completed");
    }

    [Test]
    public void PendingTableIsReadAtEnableUnlessPtz()
    {
        SetTableBit(0, 8200);
        SetTableBit(0, 40000);
        SetTableBit(1, 8200);
        SetTableBit(0, 100); // the first 1 KiB is not LPI state
        EnableLpis(0, ptz: false);
        EnableLpis(1, ptz: true);
        Assert.That(its.IsLpiPending(0, 8200), Is.True);
        Assert.That(its.IsLpiPending(0, 40000), Is.True);
        Assert.That(its.IsLpiPending(0, 8201), Is.False);
        Assert.That(b.Gic.IsPending(0, 100), Is.False);
        Assert.That(its.IsLpiPending(1, 8200), Is.False, "PTZ = 1: the table is taken as zero");
    }

    [Test]
    public void PendingStateIsWrittenBackWhenLpisAreDisabled()
    {
        EnableLpis(0);
        Configure(9000, 0x80, true);
        its.SetLpiPending(0, 9000);
        its.SetLpiPending(0, 8192);
        its.SetLpiPending(0, 8192 + 31);
        b.R(0, CTLR, 0);
        Assert.That(its.LpisEnabled(0), Is.False);
        Assert.That(its.IsLpiPending(0, 9000), Is.False, "the table holds it now");
        Assert.That(TableBit(0, 9000) && TableBit(0, 8192) && TableBit(0, 8192 + 31), Is.True);
        Assert.That(TableBit(0, 9001), Is.False);
        Assert.That(b.Gic.HighestPending(0).IsNone, Is.True);

        b.R64(0, PENDBASER, PendingTable(0)); // PTZ = 0
        b.R(0, CTLR, 1);
        Assert.That(its.IsLpiPending(0, 9000), Is.True, "read back at the next enable");
        Assert.That(b.Gic.HighestPending(0), Is.EqualTo(new PendingInterrupt(9000, 0x80, GicGroup.Group1)));
    }

    [Test]
    public void PriorityAndEnableComeFromTheTable()
    {
        Configure(8192, 0x40, true);
        Configure(8193, 0x20, false);
        Configure(8194, 0x43, true); // bits 1:0 are not priority
        EnableLpis(2);
        its.SetLpiPending(2, 8193);
        Assert.That(b.Gic.HighestPending(2).IsNone, Is.True, "a disabled LPI stays pending but is not forwarded");
        Assert.That(its.IsLpiPending(2, 8193), Is.True);
        its.SetLpiPending(2, 8192);
        Assert.That(b.Gic.HighestPending(2), Is.EqualTo(new PendingInterrupt(8192, 0x40, GicGroup.Group1)));
        Assert.That(b.Gic.HighestPending(2, GicGroup.Group0).IsNone, Is.True, "LPIs are Group 1");
        Assert.That(b.Gic.HighestPending(1).IsNone, Is.True, "pending on CPU 2 only");
        its.ClearLpiPending(2, 8192);
        its.SetLpiPending(2, 8194);
        Assert.That(b.Gic.HighestPending(2), Is.EqualTo(new PendingInterrupt(8194, 0x40, GicGroup.Group1)));
        Assert.That(b.Gic.PriorityOf(2, 8194), Is.EqualTo(0x40));
        Assert.That(b.Gic.GroupOf(2, 8194), Is.EqualTo(GicGroup.Group1));
    }

    [Test]
    public void TheHighestPriorityLpiWinsAcrossTheWholeRange()
    {
        Configure(65535, 0x10, true);
        Configure(40000, 0x20, true);
        Configure(8192, 0x30, true);
        EnableLpis(0);
        foreach (int intid in new[] { 8192, 40000, 65535 })
            its.SetLpiPending(0, intid);
        Assert.That(b.Gic.HighestPending(0), Is.EqualTo(new PendingInterrupt(65535, 0x10, GicGroup.Group1)));
        its.ClearLpiPending(0, 65535);
        Assert.That(b.Gic.HighestPending(0).Intid, Is.EqualTo(40000));
        its.ClearLpiPending(0, 40000);
        Assert.That(b.Gic.HighestPending(0).Intid, Is.EqualTo(8192));
        its.ClearLpiPending(0, 8192);
        Assert.That(b.Gic.HighestPending(0).IsNone, Is.True);
    }

    [Test]
    public void ImplementedPriorityBitsApplyToLpis()
    {
        var four = new GicBench(lpis: true, priorityBits: 4, memory: bus).Awake();
        Configure(8192, 0x5C, true);
        four.R64(0, PROPBASER, ConfigTable | 15);
        four.R64(0, PENDBASER, PendingTable(0) | Ptz);
        four.R(0, CTLR, 1);
        four.Gic.SetLpiPending(0, 8192);
        Assert.That(four.Gic.HighestPending(0).Priority, Is.EqualTo(0x50));
    }

    [Test]
    public void GroupOneMustBeEnabledInTheDistributor()
    {
        Configure(8192, 0x40, true);
        EnableLpis(0);
        its.SetLpiPending(0, 8192);
        b.D(0x0000, 0x1); // EnableGrp0 only
        Assert.That(b.Gic.HighestPending(0).IsNone, Is.True);
        b.D(0x0000, 0x3);
        Assert.That(b.Gic.HighestPending(0).Intid, Is.EqualTo(8192));
        b.R(0, 0x0014, 0x2); // ProcessorSleep
        Assert.That(b.Gic.HighestPending(0).IsNone, Is.True, "an asleep redistributor forwards nothing");
    }

    [Test]
    public void ConfigurationChangesNeedAnInvalidate()
    {
        Configure(8200, 0xA0, true);
        EnableLpis(0);
        EnableLpis(1);
        its.SetLpiPending(0, 8200);
        Assert.That(b.Gic.HighestPending(0), Is.EqualTo(new PendingInterrupt(8200, 0xA0, GicGroup.Group1)));

        Configure(8200, 0x10, false);
        Assert.That(b.Gic.HighestPending(0), Is.EqualTo(new PendingInterrupt(8200, 0xA0, GicGroup.Group1)), "no INV yet: the cached configuration");
        its.InvalidateLpiConfiguration(1, 8200);
        Assert.That(b.Gic.HighestPending(0).IsNone, Is.False, "INV on another redistributor does not refresh this one");
        its.InvalidateLpiConfiguration(0, 8200);
        Assert.That(b.Gic.HighestPending(0).IsNone, Is.True, "INV: now disabled");

        Configure(8200, 0x30, true);
        Assert.That(b.Gic.HighestPending(0).IsNone, Is.True);
        b.R64(0, INVLPIR, 8200);
        Assert.That(b.Gic.HighestPending(0), Is.EqualTo(new PendingInterrupt(8200, 0x30, GicGroup.Group1)), "GICR_INVLPIR");

        Configure(8200, 0x50, true);
        b.R64(0, INVLPIR, 8201);
        Assert.That(b.Gic.HighestPending(0).Priority, Is.EqualTo(0x30), "INVLPIR of another LPI");
        b.R64(0, INVALLR, 0);
        Assert.That(b.Gic.HighestPending(0).Priority, Is.EqualTo(0x50), "GICR_INVALLR");

        Configure(8200, 0x60, true);
        Assert.That(b.Gic.HighestPending(0).Priority, Is.EqualTo(0x50));
        its.InvalidateAllLpiConfiguration(0);
        Assert.That(b.Gic.HighestPending(0).Priority, Is.EqualTo(0x60), "INVALL");
        Assert.That(b.R(0, SYNCR), Is.Zero, "GICR_SYNCR.Busy: every invalidation has completed");
    }

    [Test]
    public void InvalidationRegistersAreWriteOnly()
    {
        EnableLpis(0);
        Assert.That(b.R64(0, INVLPIR), Is.Zero);
        Assert.That(b.R(0, STATUSR) & 0x4, Is.EqualTo(0x4u), "RWOD: read of a write-only register");
        b.R(0, STATUSR, 0xF);
        b.R(0, SYNCR, 1);
        Assert.That(b.R(0, STATUSR) & 0x8, Is.EqualTo(0x8u), "WROD: write to read-only GICR_SYNCR");
        b.R(0, INVLPIR + 4, 0x2000); // the upper word is RES0 for a physical LPI
        Assert.That(b.TraceLines, Has.None.Contains("GICR_INVLPIR of INTID"));
        b.R64(0, INVLPIR, 100);
        Assert.That(b.TraceLines, Has.Some.Contains("GICR_INVLPIR of INTID 100 ignored"));
    }

    [Test]
    public void LpisAreOrderedByPriorityWithSpisAndPpis()
    {
        // PPI 20 priority 0x60, SPI 40 priority 0x80, both Group 1, enabled, pending on CPU 0.
        b.R(0, GICR_IGROUPR0, 1u << 20);
        b.R(0, GICR_IPRIORITYR + 20, 0x60);
        b.R(0, GICR_ISENABLER0, 1u << 20);
        b.R(0, GICR_ISPENDR0, 1u << 20);
        b.D(GICD_IGROUPR + 4, 1u << 8);
        b.D(GICD_IPRIORITYR + 40, 0x80);
        b.D64(GICD_IROUTER + 8 * 40, 0);
        b.D(GICD_ISENABLER + 4, 1u << 8);
        b.D(GICD_ISPENDR + 4, 1u << 8);
        Configure(8192, 0x70, true);
        Configure(8193, 0x80, true);
        Configure(8194, 0x50, true);
        EnableLpis(0);
        its.SetLpiPending(0, 8192);
        its.SetLpiPending(0, 8193);
        Assert.That(b.Gic.HighestPending(0).Intid, Is.EqualTo(20), "0x60 beats 0x70");
        b.R(0, SGI + 0x0280, 1u << 20); // GICR_ICPENDR0
        Assert.That(b.Gic.HighestPending(0).Intid, Is.EqualTo(8192), "0x70 beats the SPI's 0x80");
        its.ClearLpiPending(0, 8192);
        Assert.That(b.Gic.HighestPending(0).Intid, Is.EqualTo(40), "equal priority 0x80: the lower INTID");
        its.SetLpiPending(0, 8194);
        Assert.That(b.Gic.HighestPending(0).Intid, Is.EqualTo(8194));
    }

    [Test]
    public void AcknowledgeAndEoiThroughTheCpuInterface()
    {
        var ci = new CpuInterface(b.Gic, 0);
        ci.Register("ICC_PMR_EL1")!.Write!(ci, 0xFF);
        ci.Register("ICC_IGRPEN1_EL1")!.Write!(ci, 1);
        Configure(8300, 0x40, true);
        Configure(8301, 0x40, true);
        EnableLpis(0);
        its.SetLpiPending(0, 8300);
        Assert.That(ci.IrqPending, Is.True, "PendingChanged reached the CPU interface");
        Assert.That(ci.Register("ICC_HPPIR1_EL1")!.Read!(ci), Is.EqualTo(8300UL));
        Assert.That(ci.Register("ICC_IAR1_EL1")!.Read!(ci), Is.EqualTo(8300UL));
        Assert.That(its.IsLpiPending(0, 8300), Is.False, "acknowledge clears the pending state");
        Assert.That(b.Gic.IsActive(0, 8300), Is.False, "LPIs have no active state");
        Assert.That(ci.Register("ICC_RPR_EL1")!.Read!(ci), Is.EqualTo(0x40UL));
        Assert.That(ci.IrqPending, Is.False);

        its.SetLpiPending(0, 8300); // pending again while its handler runs
        its.SetLpiPending(0, 8301);
        Assert.That(ci.IrqPending, Is.False, "same priority: no preemption");
        Assert.That(ci.Register("ICC_IAR1_EL1")!.Read!(ci), Is.EqualTo(1023UL));

        b.TraceLines.Clear();
        ci.Register("ICC_EOIR1_EL1")!.Write!(ci, 8300);
        Assert.That(ci.Register("ICC_RPR_EL1")!.Read!(ci), Is.EqualTo(0xFFUL), "EOI drops the priority");
        Assert.That(b.TraceLines, Is.Empty, "no deactivation complaint for an LPI");
        Assert.That(ci.IrqPending, Is.True);
        Assert.That(ci.Register("ICC_IAR1_EL1")!.Read!(ci), Is.EqualTo(8300UL), "taken again: it was re-pended");
    }

    [Test]
    public void DirHasNoEffectOnAnLpi()
    {
        var ci = new CpuInterface(b.Gic, 0);
        ci.Register("ICC_PMR_EL1")!.Write!(ci, 0xFF);
        ci.Register("ICC_IGRPEN1_EL1")!.Write!(ci, 1);
        ci.Register("ICC_CTLR_EL1")!.Write!(ci, 2); // EOImode = 1
        Configure(8192, 0x40, true);
        EnableLpis(0);
        its.SetLpiPending(0, 8192);
        Assert.That(ci.Register("ICC_IAR1_EL1")!.Read!(ci), Is.EqualTo(8192UL));
        ci.Register("ICC_EOIR1_EL1")!.Write!(ci, 8192);
        Assert.That(ci.Register("ICC_RPR_EL1")!.Read!(ci), Is.EqualTo(0xFFUL));
        its.SetLpiPending(0, 8192);
        b.TraceLines.Clear();
        ci.Register("ICC_DIR_EL1")!.Write!(ci, 8192);
        Assert.That(its.IsLpiPending(0, 8192), Is.True, "DIR does not touch an LPI's pending state");
        Assert.That(b.TraceLines, Is.Empty);
    }

    [Test]
    public void MoveLpiPendingMovesToTheNewRedistributor()
    {
        Configure(8500, 0x40, true);
        EnableLpis(0);
        EnableLpis(3);
        its.SetLpiPending(0, 8500);
        b.Notified.Clear();
        its.MoveLpiPending(0, 3, 8500);
        Assert.That(its.IsLpiPending(0, 8500), Is.False);
        Assert.That(its.IsLpiPending(3, 8500), Is.True);
        Assert.That(b.Notified, Does.Contain(0).And.Contain(3));
        Assert.That(b.Gic.HighestPending(0).IsNone, Is.True);
        Assert.That(b.Gic.HighestPending(3).Intid, Is.EqualTo(8500));

        its.MoveLpiPending(3, 1, 8500); // CPU 1 has LPIs disabled
        Assert.That(its.IsLpiPending(3, 8500), Is.True, "not moved to a redistributor that cannot hold it");
        its.MoveLpiPending(0, 3, 8501); // not pending: nothing to move
        Assert.That(its.IsLpiPending(3, 8501), Is.False);
    }

    [Test]
    public void LpisEnabledGatesEveryRequest()
    {
        Configure(8192, 0x40, true);
        Assert.That(its.LpisEnabled(0), Is.False);
        its.SetLpiPending(0, 8192);
        Assert.That(its.IsLpiPending(0, 8192), Is.False);
        Assert.That(b.TraceLines, Has.Some.Contains("LPIs disabled"));
        EnableLpis(0);
        Assert.That(its.LpisEnabled(0), Is.True);
        Assert.That(its.LpisEnabled(1), Is.False);
        b.Notified.Clear();
        its.SetLpiPending(0, 8192);
        Assert.That(its.IsLpiPending(0, 8192), Is.True);
        Assert.That(b.Notified, Does.Contain(0), "PendingChanged fires for LPIs");
        its.SetLpiPending(0, 8191);
        its.SetLpiPending(9, 8192);
        its.InvalidateAllLpiConfiguration(-1);
        its.InvalidateLpiConfiguration(1, 8192);
        Assert.That(its.IsLpiPending(9, 8192), Is.False);
        Assert.That(its.LpisEnabled(9), Is.False);
        Assert.That(b.Gic.IsPending(0, 8191), Is.False);
    }

    [Test]
    public void StateRestoresIntoANewGic()
    {
        Configure(8192, 0x40, true);
        EnableLpis(1);
        its.SetLpiPending(1, 8192);
        Configure(8192, 0x20, true); // no INV: a rebuilt cache may see it (a redistributor may re-read at any time)
        var restored = new GicV3(b.Gic.Configuration, b.Gic.State, bus);
        Assert.That(restored.LpisEnabled(1), Is.True);
        Assert.That(restored.IsLpiPending(1, 8192), Is.True);
        Assert.That(restored.HighestPending(1), Is.EqualTo(new PendingInterrupt(8192, 0x20, GicGroup.Group1)));
        b.Gic.State.Redistributors[0].LpiPending = new uint[3];
        Assert.Throws<ArgumentException>(() => new GicV3(b.Gic.Configuration, b.Gic.State, bus));
    }

    [Test]
    public void TablesOutsideMemoryReadAsZero()
    {
        b.R64(0, PROPBASER, 0x1000_0000 | 15UL);
        b.R64(0, PENDBASER, 0x2000_0000);
        b.R(0, CTLR, 1);
        Assert.That(b.TraceLines, Has.Some.Contains("LPI configuration table").And.Contains("read as 0"));
        its.SetLpiPending(0, 8192);
        Assert.That(b.Gic.HighestPending(0).IsNone, Is.True, "configuration read as 0: disabled");
        b.R(0, CTLR, 0);
        Assert.That(b.TraceLines, Has.Some.Contains("LPI pending table").And.Contains("not written"));
    }

    [Test]
    public void TablesOverMmioNeverReachTheDevice()
    {
        bus.AddMmio("gic-redistributors", 0x080A_0000, b.Gic.Redistributors.Size, b.Gic.Redistributors);
        // CPU 1's tables over CPU 0's redistributor frame: enabling with PTZ = 0 reads both,
        // disabling writes the pending table (offsets 0x400-0x23FF of the frame).
        b.R(0, STATUSR, 0xF);
        b.R64(1, PROPBASER, 0x080A_0000 | 15UL);
        b.R64(1, PENDBASER, 0x080A_0000);
        b.R(1, CTLR, 1);
        its.SetLpiPending(1, 0xFFFF);
        b.R(1, CTLR, 0);
        Assert.That(b.R(0, STATUSR), Is.Zero, "no access reached CPU 0's frame (a reserved offset would set STATUSR)");
        Assert.That(b.TraceLines, Has.None.Contains("gicr:"));
    }
}
