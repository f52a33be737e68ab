using Emulator.Devices.Pl031;
using Emulator.Interconnect;

namespace Emulator.Tests.Devices;

public class Pl031Tests
{
    const ulong DR = 0x000, MR = 0x004, LR = 0x008, CR = 0x00C, IMSC = 0x010, RIS = 0x014, MIS = 0x018, ICR = 0x01C;

    ulong now;
    FakeInterruptLine line = null!;
    Pl031 rtc = null!;
    IMmioDevice Bus => rtc;

    [SetUp]
    public void SetUp()
    {
        now = 1000;
        line = new FakeInterruptLine();
        rtc = new Pl031(() => now, line);
    }

    uint Rd(ulong offset)
    {
        Assert.That(Bus.Read(offset, 4, out ulong v), Is.EqualTo(BusStatus.Ok));
        return (uint)v;
    }

    void Wr(ulong offset, uint value) => Assert.That(Bus.Write(offset, 4, value), Is.EqualTo(BusStatus.Ok));

    [Test]
    public void EveryReadableRegisterReadsItsTableResetValue()
    {
        foreach (var r in Pl031.Registers.Registers.Where(r => r.Read is not null))
            Assert.That(Rd(r.Offset), Is.EqualTo(r.Reset), r.Name);
        uint periph = Rd(0xFE0) | Rd(0xFE4) << 8 | Rd(0xFE8) << 16 | Rd(0xFEC) << 24;
        uint cell = Rd(0xFF0) | Rd(0xFF4) << 8 | Rd(0xFF8) << 16 | Rd(0xFFC) << 24;
        Assert.That(periph, Is.EqualTo(0x00041031u));
        Assert.That(cell, Is.EqualTo(0xB105F00Du));
    }

    [Test]
    public void CounterRunsWithTheVirtualClockOnceStarted()
    {
        Wr(LR, 5000);
        now += 10;
        Assert.That(Rd(DR), Is.EqualTo(5000u), "stopped: holds the loaded value");
        Wr(CR, 1);
        Assert.That(Rd(CR), Is.EqualTo(1u));
        now += 7;
        Assert.That(Rd(DR), Is.EqualTo(5007u));
        Wr(LR, 100);
        Assert.That(Rd(LR), Is.EqualTo(100u));
        now += 3;
        Assert.That(Rd(DR), Is.EqualTo(103u));
    }

    [Test]
    public void OnceStartedCrCannotBeCleared()
    {
        Wr(CR, 1);
        Wr(CR, 0);
        Assert.That(Rd(CR), Is.EqualTo(1u));
        now += 2;
        Assert.That(Rd(DR), Is.EqualTo(2u));
    }

    [Test]
    public void CounterWrapsAt32Bits()
    {
        Wr(LR, 0xFFFF_FFFE);
        Wr(CR, 1);
        now += 3;
        Assert.That(Rd(DR), Is.EqualTo(1u));
    }

    [Test]
    public void MatchRaisesTheInterruptEvenIfNobodyLooksAtTheExactSecond()
    {
        Wr(LR, 10);
        Wr(MR, 15);
        Wr(IMSC, 1);
        Wr(CR, 1);
        Assert.That(rtc.SecondsUntilMatch, Is.EqualTo(5UL));
        now += 4;
        rtc.Update();
        Assert.That(line.Level, Is.False);
        now += 3; // counter 17: it went through 15
        rtc.Update();
        Assert.That(line.Level, Is.True);
        Assert.That(Rd(RIS), Is.EqualTo(1u));
        Assert.That(Rd(MIS), Is.EqualTo(1u));
        Wr(ICR, 1);
        Assert.That(Rd(RIS), Is.Zero);
        Assert.That(line.Level, Is.False);
        now += 100;
        rtc.Update();
        Assert.That(line.Level, Is.False, "no second match until the counter wraps");
    }

    [Test]
    public void MaskedMatchSetsRisOnly()
    {
        Wr(MR, 3);
        Wr(CR, 1);
        now += 3;
        Assert.That(Rd(RIS), Is.EqualTo(1u));
        Assert.That(Rd(MIS), Is.Zero);
        Assert.That(line.Level, Is.False);
        Wr(IMSC, 1);
        Assert.That(line.Level, Is.True, "unmasking a pending match raises the line");
    }

    [Test]
    public void ReadOnlyAndWriteOnlyRegisters()
    {
        Wr(CR, 1);
        now += 4;
        Wr(DR, 0x1234); // RTCDR is read-only
        Assert.That(Rd(DR), Is.EqualTo(4u));
        Wr(RIS, 1);
        Assert.That(Rd(RIS), Is.Zero);
        Assert.That(Rd(ICR), Is.Zero);
        Wr(0xFE0, 0);
        Assert.That(Rd(0xFE0), Is.EqualTo(0x31u));
    }

    [TestCase(0x020UL)]
    [TestCase(0x400UL)]
    [TestCase(0xFDCUL)]
    public void ReservedOffsetsAreRazWi(ulong offset)
    {
        Wr(offset, 0xFFFF_FFFF);
        Assert.That(Rd(offset), Is.Zero);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(8)]
    public void NonWordAccessesAreDeviceErrors(int size)
    {
        Assert.That(Bus.Read(DR, size, out _), Is.EqualTo(BusStatus.DeviceError));
        Assert.That(Bus.Write(LR, size, 7), Is.EqualTo(BusStatus.DeviceError));
        Assert.That(Rd(LR), Is.Zero);
    }

    [Test]
    public void MisalignedWordIsDeviceError() =>
        Assert.That(Bus.Read(MR + 2, 4, out _), Is.EqualTo(BusStatus.DeviceError));
}
