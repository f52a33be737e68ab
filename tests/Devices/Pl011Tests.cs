using System.Text;
using Emulator.Devices.Pl011;
using Emulator.Interconnect;
using static Emulator.Devices.Pl011.Pl011;

namespace Emulator.Tests.Devices;

public class Pl011Tests
{
    const ulong DR = 0x000, RSR = 0x004, FR = 0x018, ILPR = 0x020, IBRD = 0x024, FBRD = 0x028, LCR_H = 0x02C,
        CR = 0x030, IFLS = 0x034, IMSC = 0x038, RIS = 0x03C, MIS = 0x040, ICR = 0x044, DMACR = 0x048;

    readonly List<byte> sent = [];
    FakeInterruptLine line = null!;
    Pl011 uart = null!;
    IMmioDevice Bus => uart;

    [SetUp]
    public void SetUp()
    {
        sent.Clear();
        line = new FakeInterruptLine();
        uart = new Pl011(sent.Add, line);
    }

    uint Rd(ulong offset, int size = 4)
    {
        Assert.That(Bus.Read(offset, size, out ulong v), Is.EqualTo(BusStatus.Ok));
        return (uint)v;
    }

    void Wr(ulong offset, uint value, int size = 4) =>
        Assert.That(Bus.Write(offset, size, value), Is.EqualTo(BusStatus.Ok));

    [Test]
    public void EveryReadableRegisterReadsItsTableResetValue()
    {
        foreach (var r in Pl011.Registers.Registers.Where(r => r.Read is not null))
            Assert.That(Rd(r.Offset), Is.EqualTo(r.Reset), r.Name);
        // Independent of the table: the values of DDI 0183 and the AMBA IDs Linux matches.
        Assert.That(Rd(FR), Is.EqualTo(0x90u));
        Assert.That(Rd(CR), Is.EqualTo(0x300u));
        Assert.That(Rd(IFLS), Is.EqualTo(0x12u));
        uint periph = Rd(0xFE0) | Rd(0xFE4) << 8 | Rd(0xFE8) << 16 | Rd(0xFEC) << 24;
        uint cell = Rd(0xFF0) | Rd(0xFF4) << 8 | Rd(0xFF8) << 16 | Rd(0xFFC) << 24;
        Assert.That(periph, Is.EqualTo(0x00041011u));
        Assert.That(cell, Is.EqualTo(0xB105F00Du));
        Assert.That(line.Level, Is.False);
    }

    [Test]
    public void RevisionAppearsInPeriphId2AndSelectsFifoDepth()
    {
        var r3 = new Pl011(_ => { }, revision: 3);
        Assert.That(r3.Read(0xFE8, 4, out ulong id2), Is.EqualTo(BusStatus.Ok));
        Assert.That(id2, Is.EqualTo(0x34UL));
        Assert.That(r3.FifoDepth, Is.EqualTo(32));
        Assert.That(uart.FifoDepth, Is.EqualTo(16));
    }

    [TestCase(0x00CUL)]
    [TestCase(0x04CUL)]
    [TestCase(0x800UL)]
    [TestCase(0xFDCUL)]
    public void ReservedOffsetsAreRazWi(ulong offset)
    {
        Wr(offset, 0xFFFF_FFFF);
        Assert.That(Rd(offset), Is.Zero);
    }

    [Test]
    public void ReadOnlyRegistersIgnoreWritesAndIcrReadsAsZero()
    {
        foreach (ulong ro in new ulong[] { FR, RIS, MIS, 0xFE0, 0xFE8, 0xFFC })
        {
            uint before = Rd(ro);
            Wr(ro, 0xFFFF_FFFF);
            Assert.That(Rd(ro), Is.EqualTo(before), $"offset 0x{ro:X}");
        }
        Wr(IMSC, INT_TX);
        Wr(DR, 'a');
        Assert.That(Rd(RIS) & INT_TX, Is.Not.Zero);
        Assert.That(Rd(ICR), Is.Zero);
    }

    [Test]
    public void WritableRegistersKeepOnlyTheirImplementedBits()
    {
        Wr(ILPR, 0xFFFF_FFFF);
        Wr(IBRD, 0xFFFF_FFFF);
        Wr(FBRD, 0xFFFF_FFFF);
        Wr(LCR_H, 0xFFFF_FFFF);
        Wr(IFLS, 0xFFFF_FFFF);
        Wr(IMSC, 0xFFFF_FFFF);
        Wr(DMACR, 0xFFFF_FFFF);
        Assert.That(Rd(ILPR), Is.EqualTo(0xFFu));
        Assert.That(Rd(IBRD), Is.EqualTo(0xFFFFu));
        Assert.That(Rd(FBRD), Is.EqualTo(0x3Fu));
        Assert.That(Rd(LCR_H), Is.EqualTo(0xFFu));
        Assert.That(Rd(IFLS), Is.EqualTo(0x3Fu));
        Assert.That(Rd(IMSC), Is.EqualTo(0x7FFu));
        Assert.That(Rd(DMACR), Is.EqualTo(0x7u));
    }

    [Test]
    public void BadWidthsAndMisalignedAccessesAreDeviceErrors()
    {
        Assert.That(Bus.Read(DR, 8, out _), Is.EqualTo(BusStatus.DeviceError));
        Assert.That(Bus.Write(DR, 8, 0x41), Is.EqualTo(BusStatus.DeviceError));
        Assert.That(Bus.Read(FR + 1, 1, out _), Is.EqualTo(BusStatus.DeviceError));
        Assert.That(Bus.Write(CR + 2, 2, 0), Is.EqualTo(BusStatus.DeviceError));
        Assert.That(Bus.Read(0x1000, 4, out _), Is.EqualTo(BusStatus.DeviceError));
        Assert.That(sent, Is.Empty);
        var traced = new List<string>();
        uart.Trace = traced.Add;
        Bus.Read(DR, 8, out _);
        Bus.Read(0x100, 4, out _);
        Assert.That(traced, Has.Count.EqualTo(2));
        Assert.That(traced[1], Does.Contain("reserved").And.Contain("RazWi"));
    }

    [Test]
    public void NarrowAccessesReachTheRegister()
    {
        Wr(DR, 'x', size: 1);    // earlycon
        Wr(CR, 0x0301, size: 2); // Linux's 16-bit accessors
        Assert.That(Rd(CR, 2), Is.EqualTo(0x301u));
        Assert.That(Rd(FR, 1), Is.EqualTo(0x90u));
        Assert.That(sent, Is.EqualTo("x"u8.ToArray()));
    }

    [Test]
    public void TransmitGoesToTheSinkAndRaisesTxInterrupt()
    {
        foreach (char c in "Hi!\n") Wr(DR, c | 0xF00u);
        Assert.That(Encoding.ASCII.GetString([.. sent]), Is.EqualTo("Hi!\n"));
        Assert.That(Rd(FR) & (FR_TXFE | FR_TXFF | FR_BUSY), Is.EqualTo(FR_TXFE));
        Assert.That(Rd(RIS), Is.EqualTo(INT_TX));
        Assert.That(Rd(MIS), Is.Zero);
        Assert.That(line.Level, Is.False, "masked");
        Wr(IMSC, INT_TX);
        Assert.That(Rd(MIS), Is.EqualTo(INT_TX));
        Assert.That(line.Level, Is.True);
        Wr(ICR, INT_TX);
        Assert.That(Rd(RIS), Is.Zero);
        Assert.That(line.Level, Is.False);
        Wr(DR, 'z');
        Assert.That(line.Level, Is.True, "next write raises it again");
        Assert.That(line.History, Is.EqualTo(new[] { false, true, false, true }));
    }

    [Test]
    public void TextWriterSinkReceivesCharacters()
    {
        var writer = new StringWriter();
        IMmioDevice u = new Pl011(writer);
        foreach (char c in "ok") u.Write(DR, 4, c);
        Assert.That(writer.ToString(), Is.EqualTo("ok"));
    }

    [Test]
    public void WithoutFifoOneCharacterIsHeldAndTheRestWait()
    {
        uart.Receive("abc"u8);
        Assert.That(Rd(FR) & (FR_RXFE | FR_RXFF), Is.EqualTo(FR_RXFF), "1-deep holding register is full");
        Assert.That(uart.PendingInput, Is.EqualTo(2));
        Assert.That(Rd(RIS) & INT_RX, Is.EqualTo(INT_RX));
        Assert.That(Rd(DR), Is.EqualTo((uint)'a'));
        Assert.That(Rd(DR), Is.EqualTo((uint)'b'));
        Assert.That(Rd(DR), Is.EqualTo((uint)'c'));
        Assert.That(Rd(FR) & (FR_RXFE | FR_RXFF), Is.EqualTo(FR_RXFE));
        Assert.That(Rd(RIS) & (INT_RX | INT_RT), Is.Zero, "reading the last character clears the receive interrupts");
    }

    [Test]
    public void FifoFillsToDepthAndRxInterruptFollowsTriggerLevel()
    {
        Wr(LCR_H, LCR_H_FEN);
        Wr(IMSC, INT_RX | INT_RT);
        // Default IFLS: RXIFLSEL = 0b010, half full = 8 of 16.
        uart.Receive("1234567"u8);
        Assert.That(Rd(RIS) & (INT_RX | INT_RT), Is.EqualTo(INT_RT), "below the trigger: receive timeout");
        Assert.That(line.Level, Is.True);
        uart.Receive("89ABCDEFGHIJ"u8);
        Assert.That(Rd(RIS) & INT_RX, Is.EqualTo(INT_RX));
        Assert.That(Rd(FR) & FR_RXFF, Is.EqualTo(FR_RXFF));
        Assert.That(uart.PendingInput, Is.EqualTo(3));
        var got = new StringBuilder();
        while ((Rd(FR) & FR_RXFE) == 0)
            got.Append((char)Rd(DR));
        Assert.That(got.ToString(), Is.EqualTo("123456789ABCDEFGHIJ"));
        Assert.That(Rd(RIS) & (INT_RX | INT_RT), Is.Zero);
        Assert.That(line.Level, Is.False);
    }

    [Test]
    public void RxTriggerLevelIsProgrammable()
    {
        Wr(LCR_H, LCR_H_FEN);
        Wr(IFLS, 0b100 << 3); // 7/8 full = 14 of 16
        uart.Receive(new byte[13]);
        Assert.That(Rd(RIS) & INT_RX, Is.Zero);
        uart.Receive(new byte[1]);
        Assert.That(Rd(RIS) & INT_RX, Is.EqualTo(INT_RX));
        Rd(DR);
        Assert.That(Rd(RIS) & INT_RX, Is.Zero, "dropping below the trigger clears RXRIS");
    }

    [Test]
    public void ErrorBitsTravelWithTheCharacterIntoDrAndRsr()
    {
        Wr(LCR_H, LCR_H_FEN);
        uart.Receive((byte)'p', Pl011RxError.Parity);
        uart.Receive((byte)'q');
        Assert.That(Rd(RIS) & (INT_PE | INT_FE), Is.EqualTo(INT_PE));
        Assert.That(Rd(DR), Is.EqualTo(DR_PE | 'p'));
        Assert.That(Rd(RSR), Is.EqualTo(0b0010u), "RSR.PE");
        Wr(RSR, 0); // UARTECR: any write clears
        Assert.That(Rd(RSR), Is.Zero);
        Assert.That(Rd(DR), Is.EqualTo((uint)'q'));
        uart.Receive(0, Pl011RxError.Break | Pl011RxError.Framing);
        Assert.That(Rd(DR), Is.EqualTo(DR_BE | DR_FE));
        Assert.That(Rd(RSR), Is.EqualTo(0b0101u));
        Wr(ICR, INT_ALL);
        Assert.That(Rd(RIS), Is.Zero);
    }

    [Test]
    public void LoopbackSendsTransmittedDataToTheReceiver()
    {
        Wr(CR, CR_UARTEN | CR_TXE | CR_RXE | CR_LBE);
        Wr(DR, 'L');
        Assert.That(sent, Is.Empty);
        Assert.That(Rd(DR), Is.EqualTo((uint)'L'));
    }

    [Test]
    public void StatePersistsAcrossANewDeviceBuiltFromIt()
    {
        Wr(LCR_H, LCR_H_FEN);
        Wr(IMSC, INT_RT);
        uart.Receive("xy"u8);
        var copy = new Pl011(_ => { }, new FakeInterruptLine(), state: uart.State);
        Assert.That(copy.Read(DR, 4, out ulong v), Is.EqualTo(BusStatus.Ok));
        Assert.That(v, Is.EqualTo((ulong)'x'));
        Assert.That(copy.Read(IMSC, 4, out v), Is.EqualTo(BusStatus.Ok));
        Assert.That(v, Is.EqualTo((ulong)INT_RT));
    }
}
