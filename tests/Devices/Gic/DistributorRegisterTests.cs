using Emulator.Devices.Gic;
using Emulator.Devices.Mmio;
using Emulator.Interconnect;

namespace Emulator.Tests.Devices.Gic;

/// <summary>
/// GICD_* through the bus interface: reset values, access widths, RAZ/WI and read-only
/// behaviour of every register (IHI 0069 12.9), with 4 CPUs and 64 SPIs (INTIDs 32-95).
/// </summary>
public class DistributorRegisterTests
{
    const ulong CTLR = 0x0000, TYPER = 0x0004, IIDR = 0x0008, TYPER2 = 0x000C, STATUSR = 0x0010,
        SETSPI_NSR = 0x0040, CLRSPI_NSR = 0x0048, SETSPI_SR = 0x0050, CLRSPI_SR = 0x0058,
        IGROUPR = 0x0080, ISENABLER = 0x0100, ICENABLER = 0x0180, ISPENDR = 0x0200, ICPENDR = 0x0280,
        ISACTIVER = 0x0300, ICACTIVER = 0x0380, IPRIORITYR = 0x0400, ITARGETSR = 0x0800, ICFGR = 0x0C00,
        IGRPMODR = 0x0D00, NSACR = 0x0E00, SGIR = 0x0F00, CPENDSGIR = 0x0F10, SPENDSGIR = 0x0F20, IROUTER = 0x6000;

    GicBench b = null!;

    [SetUp]
    public void SetUp() => b = new GicBench();

    [Test]
    public void ResetValuesFromTheSpecification()
    {
        Assert.That(b.D(CTLR), Is.EqualTo(0x50u), "ARE (bit 4) and DS (bit 6) read as one, groups disabled, RWP 0");
        // ITLinesNumber 2 (INTIDs up to 95), MBIS, IDbits 15 (16 bits), A3V, RSS; CPUNumber 0,
        // SecurityExtn 0, LPIS 0, No1N 0, ESPI 0.
        Assert.That(b.D(TYPER), Is.EqualTo(0x0579_0002u));
        Assert.That(b.D(IIDR), Is.EqualTo(0x0000_043Bu));
        Assert.That(b.D(TYPER2), Is.Zero);
        Assert.That(b.D(STATUSR), Is.Zero);
        for (int n = 0; n < 32; n++)
        {
            Assert.That(b.D(IGROUPR + 4 * (ulong)n), Is.Zero);
            Assert.That(b.D(ISENABLER + 4 * (ulong)n), Is.Zero);
            Assert.That(b.D(ISPENDR + 4 * (ulong)n), Is.Zero);
            Assert.That(b.D(ISACTIVER + 4 * (ulong)n), Is.Zero);
        }
        for (ulong o = IPRIORITYR; o < 0x7FC; o += 4) Assert.That(b.D(o), Is.Zero);
        for (ulong o = ICFGR; o < 0xD00; o += 4) Assert.That(b.D(o), Is.Zero, "SPIs reset level-sensitive");
        for (int n = 32; n < 96; n++) Assert.That(b.D64(IROUTER + 8 * (ulong)n), Is.Zero);
    }

    [Test]
    public void EveryReadableRegisterReadsItsTableResetValue()
    {
        foreach (MmioRange<Distributor> r in b.Gic.Distributor.Registers.Ranges.Where(r => r.Read is not null && r.Reset is not null))
            for (int n = r.FirstIndex; n < r.FirstIndex + r.Count; n++)
                Assert.That(b.Read(b.Gicd, r.OffsetOf(n), r.Width), Is.EqualTo(r.Reset), r.ElementName(n));
    }

    [Test]
    public void TyperFollowsTheConfiguration()
    {
        var full = new GicBench(spis: 988, lpis: true, mbis: false);
        uint typer = full.D(TYPER);
        Assert.That(typer & 0x1F, Is.EqualTo(31u), "988 SPIs reach INTID 1019: ITLinesNumber 31");
        Assert.That(typer >> 16 & 1, Is.Zero, "MBIS");
        Assert.That(typer >> 17 & 1, Is.EqualTo(1u), "LPIS");
        Assert.That(new GicBench(spis: 0).D(TYPER) & 0x1F, Is.Zero);
        Assert.That(new GicBench(spis: 33).D(TYPER) & 0x1F, Is.EqualTo(2u), "INTIDs 32-64 need ITLinesNumber 2");
        Assert.Throws<ArgumentException>(() => new GicBench(spis: 989));
    }

    [Test]
    public void IdentificationBlock()
    {
        uint[] expected = [0x44, 0, 0, 0, 0x00, 0xB0, 0x3B, 0x00, 0x0D, 0xF0, 0x05, 0xB1];
        for (int i = 0; i < expected.Length; i++)
            Assert.That(b.D(0xFFD0 + 4 * (ulong)i), Is.EqualTo(expected[i]), $"0x{0xFFD0 + 4 * i:X}");
        Assert.That(b.D(0xFFE8) >> 4 & 0xF, Is.EqualTo(3u), "PIDR2.ArchRev = GICv3");
    }

    [Test]
    public void CtlrGroupEnablesAreWritableAreAndDsAreRaoWi()
    {
        b.D(CTLR, 0xFFFF_FFFF);
        Assert.That(b.D(CTLR), Is.EqualTo(0x53u), "EnableGrp0/1 set; E1NWF RAZ/WI; RWP reads 0");
        b.D(CTLR, 0);
        Assert.That(b.D(CTLR), Is.EqualTo(0x50u));
        b.D(CTLR, 0x2);
        Assert.That(b.D(CTLR), Is.EqualTo(0x52u));
    }

    [Test]
    public void ReadOnlyRegistersIgnoreWritesAndReportWrod()
    {
        foreach (ulong o in new ulong[] { TYPER, IIDR, TYPER2, 0xFFD0, 0xFFE8, 0xFFFC })
        {
            uint before = b.D(o);
            b.D(o, 0xFFFF_FFFF);
            Assert.That(b.D(o), Is.EqualTo(before), $"0x{o:X}");
        }
        Assert.That(b.D(STATUSR), Is.EqualTo(Distributor.STATUSR_WROD));
        Assert.That(b.TraceLines, Has.Some.Contains("read-only GICD_TYPER"));
    }

    [Test]
    public void StatusrRecordsBadAccessesAndClearsOnWriteOne()
    {
        Assert.That(b.D(0x0020), Is.Zero, "reserved offset reads as zero");
        b.D(0x0024, 0xFFFF_FFFF);
        Assert.That(b.D(SETSPI_NSR), Is.Zero, "write-only reads as zero");
        Assert.That(b.D(STATUSR), Is.EqualTo(Distributor.STATUSR_RRD | Distributor.STATUSR_WRD | Distributor.STATUSR_RWOD));
        b.D(STATUSR, Distributor.STATUSR_WRD);
        Assert.That(b.D(STATUSR), Is.EqualTo(Distributor.STATUSR_RRD | Distributor.STATUSR_RWOD));
        b.D(STATUSR, 0xFFFF_FFFF);
        Assert.That(b.D(STATUSR), Is.Zero);
        Assert.That(b.TraceLines, Has.Count.EqualTo(3));
    }

    [Test]
    public void SgiAndPpiBitsAreRazWiWithAffinityRouting()
    {
        foreach (ulong o in new ulong[] { IGROUPR, ISENABLER, ICENABLER, ISPENDR, ICPENDR, ISACTIVER, ICACTIVER, ICFGR, ICFGR + 4 })
        {
            b.D(o, 0xFFFF_FFFF);
            Assert.That(b.D(o), Is.Zero, $"0x{o:X}");
        }
        for (ulong o = IPRIORITYR; o < IPRIORITYR + 32; o += 4)
        {
            b.D(o, 0xFFFF_FFFF);
            Assert.That(b.D(o), Is.Zero);
        }
        Assert.That(b.Gic.RedistributorOf(0).State.Private.Enabled[0], Is.Zero, "the redistributor's state is untouched");
        Assert.That(b.D(STATUSR), Is.Zero, "RES0, not reserved");
    }

    [Test]
    public void UnimplementedSpisAreRazWi()
    {
        // INTIDs 96 and up do not exist with 64 SPIs.
        foreach (ulong o in new ulong[] { IGROUPR + 12, ISENABLER + 12, ISPENDR + 12, ISACTIVER + 12, IGROUPR + 124, ICFGR + 24 })
        {
            b.D(o, 0xFFFF_FFFF);
            Assert.That(b.D(o), Is.Zero, $"0x{o:X}");
        }
        b.D(IPRIORITYR + 96, 0xFFFF_FFFF);
        Assert.That(b.D(IPRIORITYR + 96), Is.Zero);
        b.D64(IROUTER + 8 * 96, ulong.MaxValue);
        Assert.That(b.D64(IROUTER + 8 * 96), Is.Zero);
        Assert.That(b.D64(IROUTER + 8 * 1019), Is.Zero);
    }

    [Test]
    public void GroupRegistersHoldOneBitPerSpi()
    {
        b.D(IGROUPR + 4, 0xFFFF_FFFF);
        b.D(IGROUPR + 8, 0x8000_0001);
        Assert.That(b.D(IGROUPR + 4), Is.EqualTo(0xFFFF_FFFFu));
        Assert.That(b.D(IGROUPR + 8), Is.EqualTo(0x8000_0001u));
        b.D(IGROUPR + 4, 0x0000_FFFF);
        Assert.That(b.D(IGROUPR + 4), Is.EqualTo(0x0000_FFFFu));
    }

    [Test]
    public void SetAndClearPairs()
    {
        (ulong Set, ulong Clear)[] pairs = [(ISENABLER, ICENABLER), (ISPENDR, ICPENDR), (ISACTIVER, ICACTIVER)];
        foreach ((ulong set, ulong clear) in pairs)
        {
            b.D(set + 4, 0x0000_0011);
            b.D(set + 4, 0x0000_0100); // writing 1 sets; 0 bits change nothing
            Assert.That(b.D(set + 4), Is.EqualTo(0x0000_0111u), $"set 0x{set:X}");
            Assert.That(b.D(clear + 4), Is.EqualTo(0x0000_0111u), "both views read the same state");
            b.D(clear + 4, 0x0000_0010);
            Assert.That(b.D(set + 4), Is.EqualTo(0x0000_0101u), $"clear 0x{clear:X}");
            b.D(clear + 4, 0);
            Assert.That(b.D(clear + 4), Is.EqualTo(0x0000_0101u));
        }
    }

    [Test]
    public void PriorityByteAndWordAccess()
    {
        b.D(IPRIORITYR + 32, 0x4030_2010);
        Assert.That(b.Read(b.Gicd, IPRIORITYR + 34, 1), Is.EqualTo(0x30UL));
        b.Write(b.Gicd, IPRIORITYR + 33, 1, 0xA0);
        Assert.That(b.D(IPRIORITYR + 32), Is.EqualTo(0x4030_A010u), "a byte write changes one INTID");
        Assert.That(b.Gic.Distributor.State.Spis.Priority[33], Is.EqualTo(0xA0));
        b.Write(b.Gicd, IPRIORITYR + 95, 1, 0xEE);
        Assert.That(b.Read(b.Gicd, IPRIORITYR + 95, 1), Is.EqualTo(0xEEUL));
        Assert.That(b.Gicd.Read(IPRIORITYR + 34, 2, out _), Is.EqualTo(BusStatus.DeviceError), "halfword access is not supported");
    }

    [Test]
    public void UnimplementedPriorityBitsAreRazWi()
    {
        var five = new GicBench(priorityBits: 5);
        five.D(IPRIORITYR + 32, 0xFFFF_FFFF);
        Assert.That(five.D(IPRIORITYR + 32), Is.EqualTo(0xF8F8_F8F8u));
    }

    [Test]
    public void IcfgrHasOneProgrammableBitPerSpi()
    {
        b.D(ICFGR + 8, 0xFFFF_FFFF);
        Assert.That(b.D(ICFGR + 8), Is.EqualTo(0xAAAA_AAAAu), "Int_config[0] is RES0");
        b.D(ICFGR + 8, 0x0000_0008);
        Assert.That(b.D(ICFGR + 8), Is.EqualTo(0x0000_0008u), "INTID 33 edge, the rest level");
        Assert.That(b.Gic.Distributor.State.Spis.EdgeTriggered[1], Is.EqualTo(1u << 1), "INTID 33");
    }

    [Test]
    public void SecurityAndLegacyRegistersAreRazWi()
    {
        var offsets = new List<ulong> { SGIR, SETSPI_SR, CLRSPI_SR };
        for (int n = 0; n < 32; n++) offsets.Add(IGRPMODR + 4 * (ulong)n);
        for (int n = 0; n < 64; n++) offsets.Add(NSACR + 4 * (ulong)n);
        for (int n = 0; n < 4; n++) { offsets.Add(CPENDSGIR + 4 * (ulong)n); offsets.Add(SPENDSGIR + 4 * (ulong)n); }
        for (int n = 0; n < 255; n += 17) offsets.Add(ITARGETSR + 4 * (ulong)n);
        b.D(ISPENDR + 4, 0); // nothing pending for SETSPI_SR to change
        foreach (ulong o in offsets)
        {
            b.D(o, 0xFFFF_FFFF);
            if (o is not SETSPI_SR and not CLRSPI_SR)
                Assert.That(b.D(o), Is.Zero, $"0x{o:X}");
        }
        b.Write(b.Gicd, ITARGETSR + 33, 1, 0xFF);
        Assert.That(b.Read(b.Gicd, ITARGETSR + 33, 1), Is.Zero);
        b.D(SETSPI_SR, 40);
        Assert.That(b.D(ISPENDR + 4), Is.Zero, "GICD_SETSPI_SR is WI when DS = 1");
    }

    [Test]
    public void IrouterIsSixtyFourBitWithAff3AndRoutingMode()
    {
        b.D64(IROUTER + 8 * 32, ulong.MaxValue);
        Assert.That(b.D64(IROUTER + 8 * 32), Is.EqualTo(0xFF_80FF_FFFFUL), "Aff3 39:32, IRM 31, Aff2..Aff0 23:0; RES0 elsewhere");
        b.D64(IROUTER + 8 * 40, 0x0000_0002_0003_0405UL);
        Assert.That(b.Gic.Distributor.RoutedTo(40), Is.EqualTo(new Affinity(2, 3, 4, 5)));
        Assert.That(b.Gic.Distributor.IsOneOfN(40), Is.False);
        // Two word accesses, as a 32-bit guest would make them.
        b.D(IROUTER + 8 * 41, 0x8000_0102);
        b.D(IROUTER + 8 * 41 + 4, 0x0000_0007);
        Assert.That(b.D64(IROUTER + 8 * 41), Is.EqualTo(0x7_8000_0102UL));
        Assert.That(b.D(IROUTER + 8 * 41 + 4), Is.EqualTo(7u));
        Assert.That(b.Gic.Distributor.IsOneOfN(41), Is.True);
        b.D(IROUTER + 8 * 41 + 4, 0xFFFF_FF01);
        Assert.That(b.D64(IROUTER + 8 * 41), Is.EqualTo(0x1_8000_0102UL), "bits 63:40 are RES0");
    }

    [Test]
    public void IrouterOfSgisAndPpisIsReserved()
    {
        Assert.That(b.D64(IROUTER), Is.Zero);
        Assert.That(b.D64(IROUTER + 8 * 31), Is.Zero);
        Assert.That(b.D(STATUSR), Is.EqualTo(Distributor.STATUSR_RRD));
    }

    [Test]
    public void AccessWidthsOfEveryRegister()
    {
        RangeTable<Distributor> table = b.Gic.Distributor.Registers;
        foreach (MmioRange<Distributor> r in table.Ranges)
        {
            int[] elements = [r.FirstIndex, r.FirstIndex + r.Count - 1];
            foreach (int n in elements)
                foreach (int size in new[] { 1, 2, 4, 8 })
                    for (int at = 0; at < r.Width; at += size)
                    {
                        ulong offset = r.OffsetOf(n) + (ulong)at;
                        bool allowed = ((int)r.Sizes & size) != 0 && size <= r.Width;
                        BusStatus read = b.Gicd.Read(offset, size, out _);
                        Assert.That(read, Is.EqualTo(allowed ? BusStatus.Ok : BusStatus.DeviceError), $"{size}-byte read of {r.ElementName(n)} +{at}");
                    }
        }
        // The spot checks the spec names (12.1.3).
        Assert.That(b.Gicd.Read(CTLR, 8, out _), Is.EqualTo(BusStatus.DeviceError), "64-bit access to a 32-bit register");
        Assert.That(b.Gicd.Read(CTLR, 1, out _), Is.EqualTo(BusStatus.DeviceError));
        Assert.That(b.Gicd.Read(IGROUPR + 4, 2, out _), Is.EqualTo(BusStatus.DeviceError));
        Assert.That(b.Gicd.Write(IPRIORITYR + 1, 4, 0), Is.EqualTo(BusStatus.DeviceError), "misaligned word");
        Assert.That(b.Gicd.Write(SETSPI_NSR, 2, 33), Is.EqualTo(BusStatus.Ok), "16-bit SETSPI_NSR");
        Assert.That(b.Gicd.Read(IROUTER + 8 * 32 + 4, 4, out _), Is.EqualTo(BusStatus.Ok), "upper word of IROUTER");
        Assert.That(b.Gicd.Read(IROUTER + 8 * 32 + 2, 2, out _), Is.EqualTo(BusStatus.DeviceError));
        Assert.That(b.TraceLines, Has.Some.Contains("refused (DeviceError)"));
    }

    [Test]
    public void ReservedOffsetsAreRazWiAtAnyNaturalSize()
    {
        foreach (ulong o in new ulong[] { 0x0018, 0x1000, 0x2000, 0x8000, 0xC000, 0xFFC8 })
            foreach (int size in new[] { 1, 2, 4, 8 })
            {
                Assert.That(b.Gicd.Write(o, size, ulong.MaxValue), Is.EqualTo(BusStatus.Ok));
                Assert.That(b.Read(b.Gicd, o, size), Is.Zero);
            }
        Assert.That(b.Gicd.Read(0x0019, 2, out _), Is.EqualTo(BusStatus.DeviceError), "misaligned even where reserved");
    }

    [Test]
    public void MbisOffMakesSetSpiReserved()
    {
        var noMbi = new GicBench(mbis: false);
        noMbi.D(SETSPI_NSR, 40);
        Assert.That(noMbi.D(ISPENDR + 4), Is.Zero);
        Assert.That(noMbi.D(STATUSR), Is.EqualTo(Distributor.STATUSR_WRD));
    }
}
