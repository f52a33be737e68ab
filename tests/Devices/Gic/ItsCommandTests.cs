using Emulator.Devices.Gic;
using Emulator.Devices.Gic.Its;
using Emulator.Interconnect;
using static Emulator.Tests.Devices.Gic.ItsBench;

namespace Emulator.Tests.Devices.Gic;

/// <summary>Each ITS command's effect on the tables in guest memory and on the redistributors (IHI 0069 6.3).</summary>
public class ItsCommandTests
{
    ItsBench b = null!;

    [SetUp]
    public void SetUp() => b = new ItsBench().Standard();

    void AssertDrained()
    {
        Assert.That(b.Its.Stalled, Is.False, $"stalled with {ItsErrors.Describe(b.Its.LastError)}");
        Assert.That(b.Creadr, Is.EqualTo(b.WriteOffset));
    }

    /// <summary>Device 2 with 32 events, collection 1 on CPU 3, event 5 -> LPI 8200.</summary>
    void MapOne()
    {
        b.Queue(Mapd(2, 4, IttBase), Mapc(1, 3), Mapti(2, 5, 8200, 1));
        AssertDrained();
    }

    [Test]
    public void MapdMapcMaptiWriteTheDocumentedEntries()
    {
        MapOne();
        Assert.That(b.Mem(DeviceTable + 2 * 8), Is.EqualTo(1UL << 63 | IttBase | 4), "DTE: Valid, ITT_addr, Size");
        Assert.That(b.Mem(CollectionTable + 1 * 8), Is.EqualTo(1UL << 63 | 3), "CTE: Valid, RDbase");
        Assert.That(b.Mem(IttBase + 5 * 8), Is.EqualTo(1UL << 63 | 1UL << 32 | 8200), "ITE: Valid, ICID, pINTID");
        Assert.That(b.TraceLines, Has.Some.EqualTo("its: MAPTI DeviceID 0x2 EventID 0x5 pINTID 8200 ICID 1"));
    }

    [Test]
    public void IntSetsTheLpiPendingOnTheCollectionsCpu()
    {
        MapOne();
        b.Queue(Int(2, 5));
        AssertDrained();
        Assert.That(b.Lpis.Pending, Is.EquivalentTo(new[] { (3, 8200) }));
        Assert.That(b.TraceLines, Has.Some.EqualTo("its: INT DeviceID 0x2 EventID 0x5: LPI 8200 pending on CPU 3"));
    }

    [Test]
    public void MapiUsesTheEventIdAsTheLpi()
    {
        b.Queue(Mapd(1, 15, IttBase), Mapc(0, 0), Mapi(1, 9000, 0), Int(1, 9000));
        AssertDrained();
        Assert.That(b.Lpis.Pending, Is.EquivalentTo(new[] { (0, 9000) }));
    }

    [Test]
    public void TranslateDeliversLikeInt()
    {
        MapOne();
        Assert.That(b.Its.Translate(2, 5), Is.EqualTo(ItsTranslation.Delivered));
        Assert.That(b.Lpis.Pending, Is.EquivalentTo(new[] { (3, 8200) }));
        Assert.That(b.Its.Translate(2, 6), Is.EqualTo(ItsTranslation.UnmappedInterrupt));
        Assert.That(b.Its.Translate(3, 5), Is.EqualTo(ItsTranslation.UnmappedDevice));
        Assert.That(b.Its.Translate(2, 32), Is.EqualTo(ItsTranslation.EventOutOfRange));
        Assert.That(b.Its.Translate(512, 0), Is.EqualTo(ItsTranslation.DeviceOutOfRange), "beyond the one-page device table");
        b.Lpis.Enabled[3] = false;
        Assert.That(b.Its.Translate(2, 5), Is.EqualTo(ItsTranslation.DroppedByRedistributor));
        b.Write(Emulator.Devices.Gic.Its.Its.GITS_CTLR, 0);
        Assert.That(b.Its.Translate(2, 5), Is.EqualTo(ItsTranslation.ItsDisabled));
    }

    [Test]
    public void LpiBeyondTheRedistributorsIdBitsIsDropped()
    {
        b.Lpis.Max = 8191 + 64;
        b.Queue(Mapd(2, 4, IttBase), Mapc(1, 3), Mapti(2, 5, 8192 + 64, 1), Int(2, 5));
        AssertDrained();
        Assert.That(b.Lpis.Pending, Is.Empty);
    }

    [Test]
    public void ClearRemovesThePendingState()
    {
        MapOne();
        b.Queue(Int(2, 5), Clear(2, 5));
        AssertDrained();
        Assert.That(b.Lpis.Pending, Is.Empty);
        Assert.That(b.Lpis.Calls, Does.Contain("clear 3 8200"));
    }

    [Test]
    public void InvAndInvallReachTheRedistributor()
    {
        MapOne();
        b.Queue(Inv(2, 5), Invall(1));
        AssertDrained();
        Assert.That(b.Lpis.Calls, Is.SupersetOf(new[] { "inv 3 8200", "invall 3" }));
    }

    [Test]
    public void DiscardClearsPendingAndUnmapsTheEvent()
    {
        MapOne();
        b.Queue(Int(2, 5), Discard(2, 5));
        AssertDrained();
        Assert.That(b.Lpis.Pending, Is.Empty);
        Assert.That(b.Mem(IttBase + 5 * 8) >> 63, Is.Zero, "ITE invalid");
        b.Queue(Int(2, 5));
        Assert.That(b.Its.LastError, Is.EqualTo(ItsErrors.E_ITS_INT_UNMAPPED_INTERRUPT));
    }

    [Test]
    public void MoviMovesThePendingStateAndLaterInterrupts()
    {
        MapOne();
        b.Queue(Mapc(7, 0), Int(2, 5), Movi(2, 5, 7));
        AssertDrained();
        Assert.That(b.Lpis.Pending, Is.EquivalentTo(new[] { (0, 8200) }));
        Assert.That(b.Mem(IttBase + 5 * 8), Is.EqualTo(1UL << 63 | 7UL << 32 | 8200));
        b.Lpis.Pending.Clear();
        b.Queue(Int(2, 5));
        Assert.That(b.Lpis.Pending, Is.EquivalentTo(new[] { (0, 8200) }));
    }

    [Test]
    public void MovallMovesEveryPendingLpi()
    {
        b.Lpis.Pending.UnionWith(new[] { (1, 8192), (1, 9000), (2, 8193) });
        b.Queue(Movall(1, 3));
        AssertDrained();
        Assert.That(b.Lpis.Pending, Is.EquivalentTo(new[] { (3, 8192), (3, 9000), (2, 8193) }));
    }

    sealed class BulkTarget(int cpus) : ILpiTarget, ILpiBulkMove
    {
        readonly FakeLpiTarget inner = new(cpus);
        public readonly List<(int, int)> BulkMoves = [];
        public bool LpisEnabled(int cpu) => inner.LpisEnabled(cpu);
        public int MaxLpi(int cpu) => inner.MaxLpi(cpu);
        public void SetLpiPending(int cpu, int intid) => inner.SetLpiPending(cpu, intid);
        public void ClearLpiPending(int cpu, int intid) => inner.ClearLpiPending(cpu, intid);
        public bool IsLpiPending(int cpu, int intid) => throw new AssertionException("MOVALL should use the bulk move");
        public void MoveLpiPending(int fromCpu, int toCpu, int intid) => inner.MoveLpiPending(fromCpu, toCpu, intid);
        public void InvalidateLpiConfiguration(int cpu, int intid) => inner.InvalidateLpiConfiguration(cpu, intid);
        public void InvalidateAllLpiConfiguration(int cpu) => inner.InvalidateAllLpiConfiguration(cpu);
        public void MoveAllLpiPending(int fromCpu, int toCpu) => BulkMoves.Add((fromCpu, toCpu));
    }

    [Test]
    public void MovallUsesABulkMoveWhenTheRedistributorsOfferOne()
    {
        var bus = new Bus();
        bus.AddRam("ram", RamBase, 0x100_0000);
        var target = new BulkTarget(4);
        var its = new Emulator.Devices.Gic.Its.Its(new ItsConfiguration { CpuCount = 4 }, bus, target);
        its.Write(Emulator.Devices.Gic.Its.Its.GITS_CBASER, 8, 1UL << 63 | QueueBase);
        its.Write(Emulator.Devices.Gic.Its.Its.GITS_CTLR, 4, 1);
        ItsCommand m = Movall(2, 0);
        bus.Write(QueueBase, 8, m.Dw0);
        bus.Write(QueueBase + 16, 8, m.Dw2);
        bus.Write(QueueBase + 24, 8, m.Dw3);
        its.Write(Emulator.Devices.Gic.Its.Its.GITS_CWRITER, 8, 0x20);
        Assert.That(its.Stalled, Is.False);
        Assert.That(target.BulkMoves, Is.EqualTo(new[] { (2, 0) }));
    }

    [Test]
    public void UnmappingADeviceOrCollection()
    {
        MapOne();
        b.Queue(Mapc(1, 0, valid: false), Int(2, 5));
        Assert.That(b.Its.LastError, Is.EqualTo(0x010309u), "INT, unmapped collection");
        b.Write(Emulator.Devices.Gic.Its.Its.GITS_CTLR, 0);
        b.Write(Emulator.Devices.Gic.Its.Its.GITS_CTLR, 1);
        b.Queue(Mapd(2, 0, 0, valid: false), Int(2, 5));
        Assert.That(b.Its.LastError, Is.EqualTo(0x010304u), "INT, unmapped device");
        Assert.That(b.Mem(DeviceTable + 16), Is.Zero);
    }

    [Test]
    public void SyncChecksItsRdbase()
    {
        b.Queue(Sync(3));
        AssertDrained();
        b.Queue(Sync(4));
        Assert.That(b.Its.Stalled);
    }

    [Test]
    public void QueueWrapsAtItsEnd()
    {
        var syncs = Enumerable.Repeat(Sync(0), 127).ToArray();
        b.Queue(syncs);
        Assert.That(b.Creadr, Is.EqualTo(127UL * 32));
        // Slot 127 is the last of the 4 KiB queue; the next command is back at slot 0.
        b.Queue(Mapd(2, 4, IttBase), Mapc(1, 3), Mapti(2, 5, 8200, 1), Int(2, 5));
        Assert.That(b.WriteOffset, Is.EqualTo(3UL * 32));
        AssertDrained();
        Assert.That(b.Lpis.Pending, Is.EquivalentTo(new[] { (3, 8200) }));
    }

    [Test]
    public void BiggerQueueAndFullPass()
    {
        var c = new ItsBench().Standard(pages: 2);
        var syncs = Enumerable.Repeat(Sync(1), 255).ToArray();
        c.Queue(syncs);
        Assert.That(c.Creadr, Is.EqualTo(255UL * 32), "255 commands in one CWRITER write");
    }

    [Test]
    public void TwoLevelDeviceTable()
    {
        var c = new ItsBench();
        const ulong level2 = RamBase + 0x50_0000;
        c.Write64(Emulator.Devices.Gic.Its.Its.GITS_CBASER, 1UL << 63 | QueueBase);
        c.Write64(Emulator.Devices.Gic.Its.Its.GITS_BASER, 1UL << 63 | 1UL << 62 | DeviceTable);
        c.Write64(Emulator.Devices.Gic.Its.Its.GITS_BASER + 8, 1UL << 63 | CollectionTable);
        c.Write(Emulator.Devices.Gic.Its.Its.GITS_CTLR, 1);
        // DeviceID 0x1234: 512 DTEs per 4K level-2 page, so level-1 entry 9, DTE 0x34.
        c.Bus.Write(DeviceTable + 9 * 8, 8, 1UL << 63 | level2);
        c.Queue(Mapd(0x1234, 4, IttBase), Mapc(0, 2), Mapti(0x1234, 1, 8192, 0), Int(0x1234, 1));
        Assert.That(c.Its.Stalled, Is.False);
        Assert.That(c.Mem(level2 + 0x34 * 8), Is.EqualTo(1UL << 63 | IttBase | 4));
        Assert.That(c.Lpis.Pending, Is.EquivalentTo(new[] { (2, 8192) }));
        // A DeviceID whose level-1 entry is not valid has no storage: out of range.
        c.Queue(Mapd(0x1400, 4, IttBase));
        Assert.That(c.Its.LastError, Is.EqualTo(ItsErrors.E_ITS_MAPD_DEVICE_OOR));
        // A level-1 index beyond the one-page level-1 table (512 entries * 512 DTEs).
        Assert.That(c.Its.Translate(512 * 512, 0), Is.EqualTo(ItsTranslation.DeviceOutOfRange));
    }

    [Test]
    public void SixtyFourKPagesTakeAddressBits51To48FromBits15To12()
    {
        var c = new ItsBench();
        c.Write64(Emulator.Devices.Gic.Its.Its.GITS_CBASER, 1UL << 63 | QueueBase);
        // Page_Size 64K with PA bits 51:48 = 1: the table is at 0x1_0000_4010_0000, not RAM.
        c.Write64(Emulator.Devices.Gic.Its.Its.GITS_BASER, 1UL << 63 | DeviceTable | 1UL << 12 | 2UL << 8);
        c.Write64(Emulator.Devices.Gic.Its.Its.GITS_BASER + 8, 1UL << 63 | CollectionTable | 2UL << 8);
        c.Write(Emulator.Devices.Gic.Its.Its.GITS_CTLR, 1);
        c.Queue(Mapc(8191, 1));
        Assert.That(c.Its.Stalled, Is.False, "one 64K page holds 8192 CTEs");
        c.Queue(Mapd(0, 4, IttBase));
        Assert.That(c.Its.LastError, Is.EqualTo(0x0108FEu), "the DTE's address is beyond RAM: memory fault");
    }

    [Test]
    public void PtaOneNamesRedistributorsByAddressIncludingAff3()
    {
        var gic = new GicV3(new GicConfiguration
        {
            Cpus = [new Affinity(1, 0, 0, 0), new Affinity(1, 0, 0, 1), new Affinity(2, 0, 3, 0)],
        });
        int? At(ulong pa)
        {
            for (int cpu = 0; cpu < gic.CpuCount; cpu++)
                if (gic.RedistributorAddress(cpu) == pa) return cpu;
            return null;
        }
        var c = new ItsBench(cpus: 3, pta: true, redistributorAt: At).Standard();
        ulong rd2 = gic.RedistributorAddress(2) >> 16;
        c.Queue(Mapd(1, 4, IttBase), Mapc(4, rd2), Mapti(1, 0, 8300, 4), Int(1, 0));
        Assert.That(c.Its.Stalled, Is.False);
        Assert.That(c.Lpis.Pending, Is.EquivalentTo(new[] { (2, 8300) }), "the CPU with affinity 2.0.3.0");
        c.Queue(Movall(rd2, gic.RedistributorAddress(0) >> 16));
        Assert.That(c.Lpis.Pending, Is.EquivalentTo(new[] { (0, 8300) }));
        c.Queue(Mapc(5, 2)); // processor number 2 is not an RD_base address with PTA = 1
        Assert.That(c.Its.LastError, Is.EqualTo(ItsErrors.E_ITS_MAPC_PROCNUM_OOR));
    }
}

/// <summary>The MSI source device and the <see cref="IMsiController"/> hook: DeviceID from the requester.</summary>
public class ItsMsiSourceTests
{
    [Test]
    public void TriggerSendsTheProgrammedEventAsTheProgrammedDevice()
    {
        var b = new ItsBench().Standard();
        b.Queue(Mapd(0x42, 4, IttBase), Mapc(0, 1), Mapti(0x42, 9, 8400, 0));
        var msi = new MsiSource(b.Bus, [b.Its]);
        b.Bus.AddMmio("msi-source", 0x0902_0000, MsiSource.RegionSize, msi);
        Assert.That(b.Bus.Write(0x0902_0000 + MsiSource.MSI_DEVICEID, 4, 0x42), Is.EqualTo(Emulator.Interconnect.BusStatus.Ok));
        b.Bus.Write(0x0902_0000 + MsiSource.MSI_DATA, 4, 9);
        b.Bus.Write(0x0902_0000 + MsiSource.MSI_ADDRESS, 8, ItsBase + Emulator.Devices.Gic.Its.Its.GITS_TRANSLATER);
        b.Bus.Write(0x0902_0000 + MsiSource.MSI_TRIGGER, 4, 1);
        Assert.That(b.Lpis.Pending, Is.EquivalentTo(new[] { (1, 8400) }));
        b.Bus.Read(0x0902_0000 + MsiSource.MSI_STATUS, 4, out ulong status);
        Assert.That(status, Is.EqualTo((ulong)MsiSource.StatusController));

        // A doorbell that is not an ITS: a plain write to RAM, no LPI.
        b.Lpis.Pending.Clear();
        b.Bus.Write(0x0902_0000 + MsiSource.MSI_ADDRESS, 8, RamBase + 0x80_0000);
        b.Bus.Write(0x0902_0000 + MsiSource.MSI_TRIGGER, 4, 1);
        Assert.That(b.Lpis.Pending, Is.Empty);
        Assert.That(b.Mem(RamBase + 0x80_0000) & 0xFFFF_FFFF, Is.EqualTo(9UL));
        b.Bus.Read(0x0902_0000 + MsiSource.MSI_STATUS, 4, out status);
        Assert.That(status, Is.EqualTo((ulong)MsiSource.StatusPlainWrite));
        b.Bus.Write(0x0902_0000 + MsiSource.MSI_ADDRESS, 8, 0x10);
        b.Bus.Write(0x0902_0000 + MsiSource.MSI_TRIGGER, 4, 1);
        b.Bus.Read(0x0902_0000 + MsiSource.MSI_STATUS, 4, out status);
        Assert.That(status, Is.EqualTo((ulong)MsiSource.StatusAborted));

        // Aimed at its own trigger: one plain write, no endless loop.
        b.Bus.Write(0x0902_0000 + MsiSource.MSI_ADDRESS, 8, 0x0902_0000 + MsiSource.MSI_TRIGGER);
        b.Bus.Write(0x0902_0000 + MsiSource.MSI_TRIGGER, 4, 1);
        b.Bus.Read(0x0902_0000 + MsiSource.MSI_STATUS, 4, out status);
        Assert.That(status, Is.EqualTo((ulong)MsiSource.StatusPlainWrite));
    }
}
