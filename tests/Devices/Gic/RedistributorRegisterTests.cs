using Emulator.Devices.Gic;
using Emulator.Devices.Mmio;
using Emulator.Interconnect;

namespace Emulator.Tests.Devices.Gic;

/// <summary>
/// GICR_* (RD_base and SGI_base) through the redistributor region: reset values, access
/// widths, RAZ/WI and read-only behaviour of every register (IHI 0069 12.10, 12.11).
/// </summary>
public class RedistributorRegisterTests
{
    const ulong CTLR = 0x0000, IIDR = 0x0004, TYPER = 0x0008, STATUSR = 0x0010, WAKER = 0x0014,
        PROPBASER = 0x0070, PENDBASER = 0x0078, SGI = 0x1_0000,
        IGROUPR0 = SGI + 0x0080, ISENABLER0 = SGI + 0x0100, ICENABLER0 = SGI + 0x0180, ISPENDR0 = SGI + 0x0200,
        ICPENDR0 = SGI + 0x0280, ISACTIVER0 = SGI + 0x0300, ICACTIVER0 = SGI + 0x0380, IPRIORITYR = SGI + 0x0400,
        ICFGR0 = SGI + 0x0C00, ICFGR1 = SGI + 0x0C04, IGRPMODR0 = SGI + 0x0D00, NSACR = SGI + 0x0E00;

    GicBench b = null!;

    [SetUp]
    public void SetUp() => b = new GicBench();

    [Test]
    public void ResetValuesFromTheSpecification()
    {
        for (int cpu = 0; cpu < 4; cpu++)
        {
            Assert.That(b.R(cpu, CTLR), Is.Zero);
            Assert.That(b.R(cpu, IIDR), Is.EqualTo(0x43Bu));
            Assert.That(b.R(cpu, STATUSR), Is.Zero);
            Assert.That(b.R(cpu, WAKER), Is.EqualTo(0x6u), "ProcessorSleep and ChildrenAsleep set out of reset");
            Assert.That(b.R64(cpu, PROPBASER), Is.Zero);
            Assert.That(b.R64(cpu, PENDBASER), Is.Zero);
            foreach (ulong o in new ulong[] { IGROUPR0, ISENABLER0, ICENABLER0, ISPENDR0, ICPENDR0, ISACTIVER0, ICACTIVER0, ICFGR1, IGRPMODR0, NSACR })
                Assert.That(b.R(cpu, o), Is.Zero, $"0x{o:X}");
            for (ulong o = IPRIORITYR; o < IPRIORITYR + 32; o += 4)
                Assert.That(b.R(cpu, o), Is.Zero);
            Assert.That(b.R(cpu, ICFGR0), Is.EqualTo(0xAAAA_AAAAu), "SGIs are edge-triggered");
            Assert.That(b.R(cpu, 0xFFE8), Is.EqualTo(0x3Bu), "GICR_PIDR2: ArchRev 3, JEDEC, DES_1");
        }
    }

    [Test]
    public void EveryReadableRegisterReadsItsTableResetValue()
    {
        for (int cpu = 0; cpu < 4; cpu++)
            foreach (MmioRange<Redistributor> r in b.Gic.RedistributorOf(cpu).Registers.Ranges.Where(r => r.Read is not null && r.Reset is not null))
                for (int n = r.FirstIndex; n < r.FirstIndex + r.Count; n++)
                    Assert.That(b.Read(b.Gicr, GicBench.Frame(cpu) + r.OffsetOf(n), r.Width), Is.EqualTo(r.Reset), r.ElementName(n));
    }

    [Test]
    public void IdentificationBlockInRdBase()
    {
        uint[] expected = [0x54, 0, 0, 0, 0x00, 0xB0, 0x3B, 0x00, 0x0D, 0xF0, 0x05, 0xB1];
        for (int i = 0; i < expected.Length; i++)
            Assert.That(b.R(2, 0xFFD0 + 4 * (ulong)i), Is.EqualTo(expected[i]));
    }

    [Test]
    public void TyperCarriesAffinityProcessorNumberAndLast()
    {
        Affinity[] cpus = [new(0, 0, 0, 0), new(0, 0, 0, 1), new(1, 0, 0, 0), new(1, 2, 3, 4)];
        var aff3 = new GicBench(cpus);
        for (int cpu = 0; cpu < 4; cpu++)
        {
            ulong typer = aff3.R64(cpu, TYPER);
            Assert.That(typer >> 32, Is.EqualTo((ulong)cpus[cpu].Packed), "Affinity_Value: Aff3 63:56 .. Aff0 39:32");
            Assert.That(Affinity.FromGicrTyper(typer), Is.EqualTo(cpus[cpu]));
            Assert.That(typer >> 8 & 0xFFFF, Is.EqualTo((ulong)cpu), "Processor_Number");
            Assert.That(typer >> 4 & 1, Is.EqualTo(cpu == 3 ? 1UL : 0UL), "Last");
            Assert.That(typer & 0xF, Is.Zero, "PLPIS, VLPIS, Dirty, DirectLPI are 0");
            Assert.That(typer >> 5 & 1, Is.EqualTo(1UL), "DPGS");
            Assert.That(typer >> 24 & 0xFF, Is.Zero, "CommonLPIAff, VSGI, PPInum");
            Assert.That(aff3.R(cpu, TYPER), Is.EqualTo((uint)typer), "low word");
            Assert.That(aff3.R(cpu, TYPER + 4), Is.EqualTo((uint)(typer >> 32)), "high word");
        }
        Assert.That(aff3.R64(3, TYPER), Is.EqualTo(0x0102_0304_0000_0330UL));
        Assert.That(new GicBench(lpis: true).R64(0, TYPER) & 1, Is.EqualTo(1UL), "PLPIS with LPIs");
    }

    [Test]
    public void ReadOnlyRegistersIgnoreWritesAndReportWrod()
    {
        ulong typer = b.R64(1, TYPER);
        b.R64(1, TYPER, 0);
        b.R(1, IIDR, 0);
        b.R(1, 0xFFE8, 0);
        Assert.That(b.R64(1, TYPER), Is.EqualTo(typer));
        Assert.That(b.R(1, IIDR), Is.EqualTo(0x43Bu));
        Assert.That(b.R(1, 0xFFE8), Is.EqualTo(0x3Bu));
        Assert.That(b.R(1, STATUSR), Is.EqualTo(Distributor.STATUSR_WROD));
        Assert.That(b.R(0, STATUSR), Is.Zero, "each redistributor has its own GICR_STATUSR");
    }

    [Test]
    public void SgiConfigurationIsFixedAsEdge()
    {
        b.R(1, ICFGR0, 0);
        Assert.That(b.R(1, ICFGR0), Is.EqualTo(0xAAAA_AAAAu));
        Assert.That(b.R(1, STATUSR), Is.Zero, "the register is RW with read-only fields: not a WROD error");
    }

    [Test]
    public void StatusrRecordsReservedAccessesAndClearsOnWriteOne()
    {
        Assert.That(b.R(2, 0x0040), Is.Zero, "GICR_SETLPIR is reserved without DirectLPI");
        b.R(2, 0x00C0, 1);
        Assert.That(b.R(2, STATUSR), Is.EqualTo(Distributor.STATUSR_RRD | Distributor.STATUSR_WRD));
        b.R(2, STATUSR, 1);
        Assert.That(b.R(2, STATUSR), Is.EqualTo(Distributor.STATUSR_WRD));
    }

    [Test]
    public void CtlrWithoutLpisKeepsOnlyTheDpgBits()
    {
        b.R(0, CTLR, 0xFFFF_FFFF);
        Assert.That(b.R(0, CTLR), Is.EqualTo(0x0300_0000u), "DPG0, DPG1NS; EnableLPIs RAZ/WI without LPIs; DPG1S RAZ/WI with DS = 1; RWP, UWP 0");
        b.R(0, CTLR, 0);
        Assert.That(b.R(0, CTLR), Is.Zero);
    }

    [Test]
    public void CtlrWithLpis()
    {
        var l = new GicBench(lpis: true);
        Assert.That(l.R(0, CTLR), Is.EqualTo(0x6u), "CES: EnableLPIs can be cleared; IR: GICR_INVLPIR, GICR_INVALLR, GICR_SYNCR exist");
        l.R(0, CTLR, 0x1);
        Assert.That(l.R(0, CTLR), Is.EqualTo(0x7u));
        l.R(0, CTLR, 0);
        Assert.That(l.R(0, CTLR), Is.EqualTo(0x6u));
    }

    [Test]
    public void BaseRegistersAreRazWiWithoutLpis()
    {
        b.R64(0, PROPBASER, ulong.MaxValue);
        b.R64(0, PENDBASER, ulong.MaxValue);
        Assert.That(b.R64(0, PROPBASER), Is.Zero);
        Assert.That(b.R64(0, PENDBASER), Is.Zero);
    }

    [Test]
    public void BaseRegistersHoldTheirFieldsWithLpis()
    {
        var l = new GicBench(lpis: true);
        l.R64(1, PROPBASER, ulong.MaxValue);
        Assert.That(l.R64(1, PROPBASER), Is.EqualTo(0x070F_FFFF_FFFF_FF9FUL), "IDbits, InnerCache, Shareability, PA 51:12, OuterCache");
        l.R64(1, PENDBASER, ulong.MaxValue);
        Assert.That(l.R64(1, PENDBASER), Is.EqualTo(0x070F_FFFF_FFFF_0F80UL), "PTZ is write-only, PA 51:16");
        l.R(1, PROPBASER, 0x1234_500F);
        Assert.That(l.R64(1, PROPBASER), Is.EqualTo(0x070F_FFFF_1234_500FUL), "a word write changes the low half");
        Assert.That(l.R64(0, PROPBASER), Is.Zero, "per redistributor");
        l.R(1, CTLR, 1);
        l.R64(1, PROPBASER, 0);
        Assert.That(l.R64(1, PROPBASER), Is.EqualTo(0x070F_FFFF_1234_500FUL), "ignored while EnableLPIs is 1");
    }

    [Test]
    public void WakerHandshake()
    {
        b.R(1, WAKER, 0xFFFF_FFFD);
        Assert.That(b.R(1, WAKER), Is.Zero, "ProcessorSleep cleared: ChildrenAsleep follows at once; bits 0 and 31 RAZ/WI");
        Assert.That(b.Gic.RedistributorOf(1).IsAsleep, Is.False);
        Assert.That(b.R(0, WAKER), Is.EqualTo(0x6u), "other CPUs still asleep");
        b.R(1, WAKER, 0x2);
        Assert.That(b.R(1, WAKER), Is.EqualTo(0x6u));
        b.R(1, WAKER, 0x4);
        Assert.That(b.R(1, WAKER), Is.Zero, "ChildrenAsleep is read-only");
    }

    [Test]
    public void SgiFrameSetAndClearPairs()
    {
        (ulong Set, ulong Clear)[] pairs = [(ISENABLER0, ICENABLER0), (ISPENDR0, ICPENDR0), (ISACTIVER0, ICACTIVER0)];
        foreach ((ulong set, ulong clear) in pairs)
        {
            b.R(2, set, 0x8001_0002);
            Assert.That(b.R(2, set), Is.EqualTo(0x8001_0002u), $"0x{set:X}");
            Assert.That(b.R(2, clear), Is.EqualTo(0x8001_0002u));
            Assert.That(b.R(1, set), Is.Zero, "other CPUs have their own SGIs and PPIs");
            b.R(2, clear, 0x8000_0002);
            Assert.That(b.R(2, set), Is.EqualTo(0x0001_0000u));
            b.R(2, clear, 0xFFFF_FFFF);
        }
    }

    [Test]
    public void SgiFrameGroupPriorityAndConfig()
    {
        b.R(0, IGROUPR0, 0xFFFF_FFFF);
        Assert.That(b.R(0, IGROUPR0), Is.EqualTo(0xFFFF_FFFFu));
        b.R(0, IPRIORITYR + 28, 0x8070_6050);
        b.Write(b.Gicr, SGI + 0x0400 + 3, 1, 0x90);
        Assert.That(b.R(0, IPRIORITYR), Is.EqualTo(0x9000_0000u));
        Assert.That(b.Read(b.Gicr, IPRIORITYR + 30, 1), Is.EqualTo(0x70UL));
        b.R(0, ICFGR1, 0xFFFF_FFFF);
        Assert.That(b.R(0, ICFGR1), Is.EqualTo(0xAAAA_AAAAu), "PPIs are programmable");
        b.R(0, ICFGR1, 0);
        Assert.That(b.R(0, ICFGR1), Is.Zero);
        b.R(0, IGRPMODR0, 0xFFFF_FFFF);
        b.R(0, NSACR, 0xFFFF_FFFF);
        Assert.That(b.R(0, IGRPMODR0), Is.Zero, "RAZ/WI with DS = 1");
        Assert.That(b.R(0, NSACR), Is.Zero, "RAZ/WI with DS = 1");
    }

    [Test]
    public void AccessWidthsOfEveryRegister()
    {
        for (int cpu = 0; cpu < 4; cpu += 3)
            foreach (MmioRange<Redistributor> r in b.Gic.RedistributorOf(cpu).Registers.Ranges)
                for (int n = r.FirstIndex; n < r.FirstIndex + r.Count; n++)
                    foreach (int size in new[] { 1, 2, 4, 8 })
                        for (int at = 0; at < r.Width; at += size)
                        {
                            ulong offset = GicBench.Frame(cpu) + r.OffsetOf(n) + (ulong)at;
                            bool allowed = ((int)r.Sizes & size) != 0 && size <= r.Width;
                            Assert.That(b.Gicr.Read(offset, size, out _), Is.EqualTo(allowed ? BusStatus.Ok : BusStatus.DeviceError),
                                $"{size}-byte read of {r.ElementName(n)} +{at}");
                        }
        Assert.That(b.Gicr.Read(WAKER, 8, out _), Is.EqualTo(BusStatus.DeviceError), "misaligned for its size");
        Assert.That(b.Gicr.Read(TYPER + 4, 4, out _), Is.EqualTo(BusStatus.Ok));
        Assert.That(b.Gicr.Read(ISENABLER0, 1, out _), Is.EqualTo(BusStatus.DeviceError));
        Assert.That(b.Gicr.Read(GicBench.Frame(4), 4, out _), Is.EqualTo(BusStatus.Unmapped), "past the last frame");
    }

    [Test]
    public void ReservedOffsetsAreRazWi()
    {
        foreach (ulong o in new ulong[] { 0x0018, 0x0040, 0x0048, 0x00A0, 0x00B0, 0x00C0, 0x0084, SGI + 0x0084, SGI + 0x0C08, SGI + 0xFFE8, SGI + 0x0F00 })
        {
            b.R(0, o, 0xFFFF_FFFF);
            Assert.That(b.R(0, o), Is.Zero, $"0x{o:X}");
        }
    }
}
