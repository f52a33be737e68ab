using Emulator.Devices.Gic.Its;
using Emulator.Interconnect;
using static Emulator.Devices.Gic.Its.Its;

namespace Emulator.Tests.Devices.Gic;

/// <summary>GITS_* registers (IHI 0069 12.19): reset values, widths, RAZ/WI and read-only behaviour.</summary>
public class ItsRegisterTests
{
    [Test]
    public void ResetValues()
    {
        var b = new ItsBench();
        Assert.That(b.Read(GITS_CTLR), Is.EqualTo(0x8000_0000u), "disabled and quiescent");
        Assert.That(b.Read(GITS_IIDR), Is.EqualTo(0x43Bu));
        ulong typer = b.Read64(GITS_TYPER);
        Assert.That(TYPER_Physical.Extract(typer), Is.EqualTo(1));
        Assert.That(TYPER_Virtual.Extract(typer), Is.Zero);
        Assert.That(TYPER_ITT_entry_size.Extract(typer), Is.EqualTo(7), "8-byte ITEs");
        Assert.That(TYPER_IDbits.Extract(typer), Is.EqualTo(15));
        Assert.That(TYPER_Devbits.Extract(typer), Is.EqualTo(15));
        Assert.That(TYPER_PTA.Extract(typer), Is.Zero);
        Assert.That(TYPER_HCC.Extract(typer), Is.Zero);
        Assert.That(TYPER_CIL.Extract(typer), Is.EqualTo(1));
        Assert.That(TYPER_CIDbits.Extract(typer), Is.EqualTo(15));
        Assert.That(typer, Is.EqualTo(0x1F_0001_EF71UL));
        Assert.That(b.Read64(GITS_CBASER), Is.Zero);
        Assert.That(b.Read64(GITS_CWRITER), Is.Zero);
        Assert.That(b.Read64(GITS_CREADR), Is.Zero);
        Assert.That(b.Read64(GITS_BASER), Is.EqualTo(0x0107_0000_0000_0000UL), "Type 1 (devices), Entry_Size 7");
        Assert.That(b.Read64(GITS_BASER + 8), Is.EqualTo(0x0407_0000_0000_0000UL), "Type 4 (collections), Entry_Size 7");
        for (ulong n = 2; n < 8; n++)
            Assert.That(b.Read64(GITS_BASER + 8 * n), Is.Zero);
        Assert.That(b.Read64(GITS_CMDERR), Is.Zero);
        uint[] idBlock = [0x54, 0, 0, 0, 0, 0xB0, 0x3B, 0, 0x0D, 0xF0, 0x05, 0xB1];
        for (int i = 0; i < idBlock.Length; i++)
            Assert.That(b.Read(0xFFD0 + 4 * (ulong)i), Is.EqualTo(idBlock[i]), $"ID register at 0x{0xFFD0 + 4 * i:X}");
    }

    [Test]
    public void PtaIsAnAttribute()
    {
        var b = new ItsBench(pta: true, redistributorAt: _ => null);
        Assert.That(TYPER_PTA.Extract(b.Read64(GITS_TYPER)), Is.EqualTo(1));
    }

    [Test]
    public void AccessWidths()
    {
        var b = new ItsBench();
        Assert.That(b.Bus.Read(ItsBase(GITS_CTLR), 1, out _), Is.EqualTo(BusStatus.DeviceError), "GITS_CTLR is word-only");
        Assert.That(b.Bus.Read(ItsBase(GITS_CTLR), 8, out _), Is.EqualTo(BusStatus.DeviceError));
        Assert.That(b.Read(GITS_TYPER + 4), Is.EqualTo(0x1Fu), "upper word of GITS_TYPER: CIL, CIDbits");
        Assert.That(b.Bus.Read(ItsBase(GITS_CBASER), 2, out _), Is.EqualTo(BusStatus.DeviceError));
        Assert.That(b.Bus.Read(ItsBase(GITS_TRANSLATER), 4, out ulong t), Is.EqualTo(BusStatus.Ok));
        Assert.That(t, Is.Zero, "GITS_TRANSLATER is write-only, reads as zero");
        Assert.That(b.Bus.Write(ItsBase(GITS_TRANSLATER), 1, 0), Is.EqualTo(BusStatus.DeviceError));
        Assert.That(b.Bus.Write(ItsBase(GITS_TRANSLATER), 8, 0), Is.EqualTo(BusStatus.DeviceError));
        Assert.That(b.Read(0x2000), Is.Zero, "reserved offsets are RAZ");
        b.Write(0x2000, 0xFFFF_FFFF);
        Assert.That(b.Read(0x2000), Is.Zero, "and WI");
    }

    static ulong ItsBase(ulong offset) => ItsBench.ItsBase + offset;

    [Test]
    public void RegisterWritableBits()
    {
        var b = new ItsBench();
        b.Write64(GITS_CBASER, ulong.MaxValue);
        Assert.That(b.Read64(GITS_CBASER), Is.EqualTo(0xB8EF_FFFF_FFFF_FCFFUL), "RES0 bits of GITS_CBASER read zero");
        b.Write64(GITS_CBASER, 0);
        b.Write64(GITS_BASER, ulong.MaxValue);
        Assert.That(b.Read64(GITS_BASER), Is.EqualTo(0xF9E7_FFFF_FFFF_FEFFUL), "Type and Entry_Size are read-only; Page_Size 3 reads as 64K");
        b.Write64(GITS_BASER + 16, ulong.MaxValue);
        Assert.That(b.Read64(GITS_BASER + 16), Is.Zero, "GITS_BASER2 is RAZ/WI");
        b.Write(GITS_CTLR, 0xFFFF_FFFF);
        Assert.That(b.Read(GITS_CTLR) & 1, Is.EqualTo(1u), "only Enabled is writable");
        Assert.That(b.Read(GITS_CTLR) & 0x7FFF_FFFE, Is.Zero);
        b.Write64(GITS_CWRITER, ulong.MaxValue);
        Assert.That(b.Read64(GITS_CWRITER), Is.EqualTo(0xF_FFE0UL), "Offset 19:5; Retry reads as 0");
        b.Write64(GITS_CREADR, 0x20);
        Assert.That(b.Read64(GITS_CREADR) & ~1UL, Is.Zero, "GITS_CREADR is read-only");
    }

    [Test]
    public void CbaserAndBaserAreReadOnlyWhileEnabled()
    {
        var b = new ItsBench().Standard();
        ulong cbaser = b.Read64(GITS_CBASER), baser0 = b.Read64(GITS_BASER);
        b.Write64(GITS_CBASER, 0x4000_0000_1234_5000UL);
        b.Write64(GITS_BASER, 0);
        Assert.That(b.Read64(GITS_CBASER), Is.EqualTo(cbaser));
        Assert.That(b.Read64(GITS_BASER), Is.EqualTo(baser0));
        Assert.That(b.TraceLines, Has.Some.Contains("GITS_CBASER ignored"));
        b.Write(GITS_CTLR, 0);
        b.Write64(GITS_CBASER, 0);
        Assert.That(b.Read64(GITS_CBASER), Is.Zero, "writable again once disabled");
    }

    [Test]
    public void CbaserWriteResetsCreadr()
    {
        var b = new ItsBench().Standard();
        b.Queue(ItsBench.Sync(0), ItsBench.Sync(0));
        Assert.That(b.Creadr, Is.EqualTo(0x40UL));
        b.Write(GITS_CTLR, 0);
        b.Write(GITS_CBASER, 0x4000_0000);   // low word only: still a CBASER write
        Assert.That(b.Creadr, Is.Zero);
    }

    [Test]
    public void QuiescentOnlyWhenDisabledWithAnEmptyQueue()
    {
        var b = new ItsBench().Standard();
        Assert.That(b.Read(GITS_CTLR), Is.EqualTo(1u), "enabled: not quiescent");
        b.Write(GITS_CTLR, 0);
        Assert.That(b.Read(GITS_CTLR), Is.EqualTo(0x8000_0000u));
        b.Queue(ItsBench.Sync(0));   // disabled: the command waits
        Assert.That(b.Creadr, Is.Zero);
        Assert.That(b.Read(GITS_CTLR), Is.Zero, "commands waiting: not quiescent");
        b.Write(GITS_CTLR, 1);       // enabling runs them
        Assert.That(b.Creadr, Is.EqualTo(0x20UL));
        b.Write(GITS_CTLR, 0);
        Assert.That(b.Read(GITS_CTLR), Is.EqualTo(0x8000_0000u));
    }

    [Test]
    public void TranslaterFromACpuUsesTheDefaultDeviceId()
    {
        var b = new ItsBench(defaultDeviceId: 7).Standard();
        b.Queue(ItsBench.Mapd(7, 4, ItsBench.IttBase), ItsBench.Mapc(2, 1), ItsBench.Mapti(7, 3, 8200, 2));
        b.Write(GITS_TRANSLATER, 3);
        Assert.That(b.Lpis.Pending, Is.EquivalentTo(new[] { (1, 8200) }));
        b.Write(GITS_TRANSLATER, 4, size: 2);
        Assert.That(b.Lpis.Pending, Has.Count.EqualTo(1), "EventID 4 is not mapped: dropped");
        Assert.That(b.TraceLines, Has.Some.Contains("EventID 0x4 dropped: UnmappedInterrupt"));
        Assert.That(b.Its.Stalled, Is.False, "a translation failure is not a command error");
    }

    [Test]
    public void ConfigurationIsCheckedAtConstruction()
    {
        var bus = new Bus();
        var lpis = new FakeLpiTarget(1);
        Assert.Throws<ArgumentException>(() => _ = new Its(new ItsConfiguration { CpuCount = 1, Pta = true }, bus, lpis));
        Assert.Throws<ArgumentException>(() => _ = new Its(new ItsConfiguration { CpuCount = 1, EventIdBits = 13 }, bus, lpis));
        Assert.Throws<ArgumentException>(() => _ = new Its(new ItsConfiguration { CpuCount = 1, DeviceIdBits = 4, DefaultDeviceId = 16 }, bus, lpis));
    }
}

/// <summary>Creating from a saved state gives the same ITS: the state is plain data, the tables are in guest memory.</summary>
public class ItsSnapshotTests
{
    [Test]
    public void AnItsBuiltFromAnotherOnesStateBehavesTheSame()
    {
        var b = new ItsBench().Standard();
        b.Queue(ItsBench.Mapd(2, 4, ItsBench.IttBase), ItsBench.Mapc(1, 3), ItsBench.Mapti(2, 5, 8200, 1), ItsBench.Int(4, 0));
        Assert.That(b.Its.Stalled);
        var copy = new Its(b.Its.Configuration, b.Bus, b.Lpis, b.Its.State);
        foreach (uint offset in new[] { GITS_CTLR, GITS_CBASER, GITS_CWRITER, GITS_CREADR, GITS_BASER, GITS_BASER + 8, GITS_CMDERR })
        {
            Assert.That(copy.Read(offset, 8 >> (offset == GITS_CTLR ? 1 : 0), out ulong v), Is.EqualTo(BusStatus.Ok));
            Assert.That(b.Its.Read(offset, 8 >> (offset == GITS_CTLR ? 1 : 0), out ulong w), Is.EqualTo(BusStatus.Ok));
            Assert.That(v, Is.EqualTo(w), $"0x{offset:X}");
        }
        Assert.That(copy.Translate(2, 5), Is.EqualTo(ItsTranslation.Delivered));
        Assert.Throws<ArgumentException>(() => _ = new Its(b.Its.Configuration, b.Bus, b.Lpis, new ItsState { Baser = new ulong[1] }));
    }
}
