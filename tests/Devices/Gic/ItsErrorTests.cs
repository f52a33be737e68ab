using Emulator.Devices.Gic.Its;
using static Emulator.Tests.Devices.Gic.ItsBench;
using ItsDevice = Emulator.Devices.Gic.Its.Its;

namespace Emulator.Tests.Devices.Gic;

/// <summary>
/// Command errors: the queue stalls at the failing command (GITS_CREADR.Stalled, Offset) with
/// the E_ITS_* code in GITS_CMDERR, until CWRITER.Retry, a CBASER write or disabling the ITS.
/// </summary>
public class ItsErrorTests
{
    ItsBench b = null!;

    [SetUp]
    public void SetUp()
    {
        b = new ItsBench().Standard();
        // Device 2 (32 events) with event 5 -> LPI 8200 in collection 1 on CPU 3.
        b.Queue(Mapd(2, 4, IttBase), Mapc(1, 3), Mapti(2, 5, 8200, 1));
        Assert.That(b.Its.Stalled, Is.False);
    }

    static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Case(string name, uint code, ItsCommand c) => new TestCaseData(c, code).SetName($"Stalls_{name}");
        yield return Case("MAPD_DEVICE_OOR_beyond_table", ItsErrors.E_ITS_MAPD_DEVICE_OOR, Mapd(512, 4, IttBase));
        yield return Case("MAPD_DEVICE_OOR_beyond_Devbits", ItsErrors.E_ITS_MAPD_DEVICE_OOR, Mapd(0x10000, 4, IttBase));
        yield return Case("MAPD_ITTSIZE_OOR", ItsErrors.E_ITS_MAPD_ITTSIZE_OOR, Mapd(3, 16, IttBase));
        yield return Case("MAPC_PROCNUM_OOR", ItsErrors.E_ITS_MAPC_PROCNUM_OOR, Mapc(2, 4));
        yield return Case("MAPC_COLLECTION_OOR", ItsErrors.E_ITS_MAPC_COLLECTION_OOR, Mapc(512, 0));
        yield return Case("MAPTI_UNMAPPED_DEVICE", ItsErrors.E_ITS_MAPTI_UNMAPPED_DEVICE, Mapti(3, 0, 8192, 1));
        yield return Case("MAPTI_DEVICE_OOR", 0x010A01, Mapti(600, 0, 8192, 1));
        yield return Case("MAPTI_ID_OOR", ItsErrors.E_ITS_MAPTI_ID_OOR, Mapti(2, 32, 8192, 1));
        yield return Case("MAPTI_PHYSICALID_OOR_not_an_LPI", ItsErrors.E_ITS_MAPTI_PHYSICALID_OOR, Mapti(2, 0, 8191, 1));
        yield return Case("MAPTI_PHYSICALID_OOR_beyond_IDbits", ItsErrors.E_ITS_MAPTI_PHYSICALID_OOR, Mapti(2, 0, 65536, 1));
        yield return Case("MAPTI_COLLECTION_OOR", 0x010A03, Mapti(2, 0, 8192, 600));
        yield return Case("MAPI_ID_OOR", 0x010B05, Mapi(2, 40, 1));
        yield return Case("MAPI_PHYSICALID_OOR", 0x010B06, Mapi(2, 7, 1));
        yield return Case("INT_UNMAPPED_INTERRUPT", ItsErrors.E_ITS_INT_UNMAPPED_INTERRUPT, Int(2, 6));
        yield return Case("INT_UNMAPPED_DEVICE", 0x010304, Int(4, 5));
        yield return Case("INT_ID_OOR", 0x010305, Int(2, 32));
        yield return Case("CLEAR_UNMAPPED_INTERRUPT", ItsErrors.E_ITS_CLEAR_UNMAPPED_INTERRUPT, Clear(2, 6));
        yield return Case("INV_UNMAPPED_INTERRUPT", ItsErrors.E_ITS_INV_UNMAPPED_INTERRUPT, Inv(2, 6));
        yield return Case("DISCARD_UNMAPPED_INTERRUPT", ItsErrors.E_ITS_DISCARD_UNMAPPED_INTERRUPT, Discard(2, 6));
        yield return Case("MOVI_UNMAPPED_INTERRUPT", ItsErrors.E_ITS_MOVI_UNMAPPED_INTERRUPT, Movi(2, 6, 1));
        yield return Case("MOVI_UNMAPPED_COLLECTION", ItsErrors.E_ITS_MOVI_UNMAPPED_COLLECTION, Movi(2, 5, 9));
        yield return Case("INVALL_UNMAPPED_COLLECTION", ItsErrors.E_ITS_INVALL_UNMAPPED_COLLECTION, Invall(9));
        yield return Case("MOVALL_PROCNUM_OOR", ItsErrors.E_ITS_MOVALL_PROCNUM_OOR, Movall(0, 4));
        yield return Case("SYNC_RDbase_OOR", 0x010501, Sync(99));
        yield return Case("unknown_command", 0x0102FF, new ItsCommand(0x02, 0, 0, 0));
        yield return Case("ITT_not_in_memory", 0x0103FE, Int(8, 0));
    }

    [TestCaseSource(nameof(Cases))]
    public void StallsWithTheErrorCode(ItsCommand command, uint code)
    {
        // Device 8's ITT is outside any memory: reading its ITE faults.
        b.Queue(Mapd(8, 4, 0x10_0000_0000));
        ulong at = b.WriteOffset;
        b.Queue(command, Sync(0));
        Assert.That(b.Its.Stalled, Is.True);
        Assert.That(b.Creadr, Is.EqualTo(at | 1), "CREADR.Offset at the failing command, Stalled = 1");
        Assert.That(b.CmdErr, Is.EqualTo(1UL << 63 | code), "GITS_CMDERR: Stalled and the code");
        Assert.That(b.TraceLines, Has.Some.Contains($"error {ItsErrors.Describe(code)}"));
        // Moving CWRITER again does not resume a stalled queue.
        b.Queue(Sync(0));
        Assert.That(b.Creadr, Is.EqualTo(at | 1));
    }

    [Test]
    public void RetryRerunsTheCommandOnceSoftwareFixedTheCause()
    {
        ulong at = b.WriteOffset;
        b.Queue(Int(4, 0), Sync(0));
        Assert.That(b.Its.LastError, Is.EqualTo(0x010304u));
        b.Retry();
        Assert.That(b.Creadr, Is.EqualTo(at | 1), "still unmapped: stalls again");
        // Map device 4 behind the ITS's back, as the error handler would after fixing the command.
        b.Put(QueueBase + at, Int(2, 5));
        b.Retry();
        Assert.That(b.Its.Stalled, Is.False);
        Assert.That(b.Creadr, Is.EqualTo(b.WriteOffset));
        Assert.That(b.Lpis.Pending, Is.EquivalentTo(new[] { (3, 8200) }));
        Assert.That(b.CmdErr, Is.EqualTo((ulong)0x010304), "the code stays readable, Stalled clears");
    }

    [Test]
    public void CbaserWriteResetsAStalledQueue()
    {
        b.Queue(Int(4, 0));
        Assert.That(b.Its.Stalled);
        b.Write(ItsDevice.GITS_CTLR, 0);
        b.Write64(ItsDevice.GITS_CBASER, 1UL << 63 | QueueBase);
        Assert.That(b.Creadr, Is.Zero);
        Assert.That(b.CmdErr, Is.Zero);
        b.Write64(ItsDevice.GITS_CWRITER, 0);
        b.WriteOffset = 0;
        b.Write(ItsDevice.GITS_CTLR, 1);
        b.Queue(Int(2, 5));
        Assert.That(b.Its.Stalled, Is.False);
        Assert.That(b.Lpis.Pending, Has.Count.EqualTo(1));
    }

    [Test]
    public void DisablingResetsAStalledQueue()
    {
        b.Queue(Int(4, 0), Int(2, 5));
        Assert.That(b.Its.Stalled);
        b.Write(ItsDevice.GITS_CTLR, 0);
        Assert.That(b.Its.Stalled, Is.False);
        Assert.That(b.Creadr, Is.EqualTo(b.WriteOffset), "the commands after the error are abandoned");
        Assert.That(b.Read(ItsDevice.GITS_CTLR), Is.EqualTo(0x8000_0000u), "quiescent");
        Assert.That(b.Lpis.Pending, Is.Empty);
    }

    [Test]
    public void QueueInUnmappedMemoryStalls()
    {
        b.Write(ItsDevice.GITS_CTLR, 0);
        b.Write64(ItsDevice.GITS_CBASER, 1UL << 63 | 0x7000_0000);
        b.Write(ItsDevice.GITS_CTLR, 1);
        b.Write64(ItsDevice.GITS_CWRITER, 0x20);
        Assert.That(b.Its.LastError, Is.EqualTo(ItsErrors.QueueReadFault));
        Assert.That(b.Creadr, Is.EqualTo(1UL));
    }

    [Test]
    public void CwriterBeyondTheQueueStalls()
    {
        b.Write64(ItsDevice.GITS_CWRITER, 0x1000);
        Assert.That(b.Its.LastError, Is.EqualTo(ItsErrors.QueueCwriterOor));
        Assert.That(b.Its.Stalled);
    }

    [Test]
    public void DeviceTableInUnmappedMemoryStalls()
    {
        b.Write(ItsDevice.GITS_CTLR, 0);
        b.Write64(ItsDevice.GITS_BASER, 1UL << 63 | 0x7000_0000);
        b.Write(ItsDevice.GITS_CTLR, 1);
        b.Queue(Mapd(1, 4, IttBase));
        Assert.That(b.Its.LastError, Is.EqualTo(0x0108FEu));
    }

    [Test]
    public void ATablePlacedOverTheItsRegistersDoesNotRecurse()
    {
        // Device 0's DTE would land on GITS_CWRITER (0x88 = DeviceID 17 * 8) of the ITS itself.
        b.Write(ItsDevice.GITS_CTLR, 0);
        b.Write64(ItsDevice.GITS_BASER, 1UL << 63 | ItsBase);
        b.Write(ItsDevice.GITS_CTLR, 1);
        ulong before = b.WriteOffset;
        b.Queue(Mapd(17, 0, IttBase + 0x400), Sync(0));
        Assert.That(b.Read64(ItsDevice.GITS_CWRITER), Is.EqualTo(0x400UL), "the DTE landed in GITS_CWRITER (ITT_addr bits 19:5)");
        // The pass followed the new CWRITER: past the SYNC, then on through the zeroed queue,
        // where command 0x00 is unknown.
        Assert.That(b.Its.LastError, Is.EqualTo(0x0100FFu));
        Assert.That(b.Creadr, Is.EqualTo(before + 64 | 1));
    }

    [Test]
    public void InvalidTablesMakeEveryIdOutOfRange()
    {
        b.Write(ItsDevice.GITS_CTLR, 0);
        b.Write64(ItsDevice.GITS_BASER + 8, 0);
        b.Write(ItsDevice.GITS_CTLR, 1);
        b.Queue(Mapc(0, 0));
        Assert.That(b.Its.LastError, Is.EqualTo(ItsErrors.E_ITS_MAPC_COLLECTION_OOR));
    }
}
