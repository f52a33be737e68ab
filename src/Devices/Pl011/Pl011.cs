using Emulator.Interconnect;

namespace Emulator.Devices.Pl011;

/// <summary>Error conditions the host can attach to a received character (they appear in UARTDR 11:8).</summary>
[Flags]
public enum Pl011RxError : ushort
{
    None = 0,
    Framing = (ushort)Pl011.DR_FE,
    Parity = (ushort)Pl011.DR_PE,
    Break = (ushort)Pl011.DR_BE,
    Overrun = (ushort)Pl011.DR_OE,
}

/// <summary>
/// ARM PrimeCell UART PL011 (ARM DDI 0183). Modelling choices, each a simplification of
/// timing that a guest cannot observe except as "an infinitely fast line":
/// <list type="bullet">
/// <item>A character written to UARTDR goes to the output sink at once (or, with
/// UARTCR.LBE, back into the receive FIFO): the transmit FIFO is always empty, UARTFR.BUSY
/// is 0, and the transmit interrupt is raised by every write, since the FIFO is then at or
/// below any trigger level. As on QEMU's virt, UARTCR.UARTEN/TXE do not hold data back:
/// boot firmware leaves the UART enabled and early consoles rely on it.</item>
/// <item>Received bytes wait in a host-side queue (the line is flow-controlled, so nothing
/// is lost) and move into the receive FIFO whenever it has room. The receive interrupt
/// follows the UARTIFLS trigger level; below it, the receive timeout interrupt is raised
/// at once, because a line with nothing queued is idle.</item>
/// <item>Modem inputs (CTS, DSR, DCD, RI) are inactive; their status bits read 0.</item>
/// <item>UARTDMACR is stored; the DMA request lines are not connected on this board.</item>
/// </list>
/// FIFO depth follows the revision in UARTPeriphID2: 16 entries for revisions 0-2, 32 for
/// revision 3 (r1p5). Not thread-safe: the machine thread makes every call.
/// </summary>
public sealed partial class Pl011 : IMmioDevice
{
    readonly Pl011State state;
    readonly Action<byte> output;
    readonly IInterruptLine? interrupt;
    readonly Queue<ushort> pendingInput = new();

    /// <param name="output">where transmitted bytes go (the console).</param>
    /// <param name="interrupt">UARTINTR, the combined interrupt output (SPI 1 on the virt board).</param>
    /// <param name="revision">the UARTPeriphID2 revision field, 0 to 15.</param>
    public Pl011(Action<byte> output, IInterruptLine? interrupt = null, int revision = 0, Pl011State? state = null)
    {
        if (revision is < 0 or > 15)
            throw new ArgumentOutOfRangeException(nameof(revision), "PL011 revision is a 4-bit field");
        this.output = output;
        this.interrupt = interrupt;
        Revision = revision;
        this.state = state ?? new Pl011State();
        UpdateInterrupt(force: true);
    }

    public Pl011(TextWriter writer, IInterruptLine? interrupt = null, int revision = 0)
        : this(b => writer.Write((char)b), interrupt, revision)
    {
    }

    public int Revision { get; }

    /// <summary>Receive FIFO depth with FEN set: 16, or 32 from revision 3 on.</summary>
    public int FifoDepth => Revision >= 3 ? 32 : 16;

    public Pl011State State => state;

    /// <summary>Told of every access the register table does not describe (one line each).</summary>
    public Action<string>? Trace { get; set; }

    /// <summary>Bytes the host has sent that are not yet in the receive FIFO.</summary>
    public int PendingInput => pendingInput.Count;

    uint PeriphId2 => (uint)(Revision << 4) | 0x4;

    bool FifoEnabled => (state.LcrH & LCR_H_FEN) != 0;

    int RxCapacity => FifoEnabled ? FifoDepth : 1;

    public BusStatus Read(ulong offset, int size, out ulong value)
    {
        BusStatus s = Table.Read(this, offset, size, out value, Trace);
        UpdateInterrupt();
        return s;
    }

    public BusStatus Write(ulong offset, int size, ulong value)
    {
        BusStatus s = Table.Write(this, offset, size, value, Trace);
        UpdateInterrupt();
        return s;
    }

    /// <summary>The host sends a byte to the guest (keyboard, a test script).</summary>
    public void Receive(byte data, Pl011RxError errors = Pl011RxError.None)
    {
        pendingInput.Enqueue((ushort)(data | (ushort)errors));
        FillRxFifo();
        UpdateInterrupt();
    }

    public void Receive(ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
            pendingInput.Enqueue(b);
        FillRxFifo();
        UpdateInterrupt();
    }

    uint Flags
    {
        get
        {
            uint fr = FR_TXFE;
            if (state.RxCount == 0) fr |= FR_RXFE;
            if (state.RxCount >= RxCapacity) fr |= FR_RXFF;
            return fr;
        }
    }

    uint ReadDr()
    {
        if (state.RxCount == 0)
            return 0; // reading an empty FIFO returns nothing new; no status changes
        ushort entry = state.RxFifo[state.RxHead];
        state.RxHead = (state.RxHead + 1) % Pl011State.MaxFifoDepth;
        state.RxCount--;
        state.Rsr = (uint)(entry >> 8) & 0xF;
        if (state.RxCount < RxTriggerLevel || !FifoEnabled)
            state.Ris &= ~INT_RX;
        if (state.RxCount == 0)
            state.Ris &= ~INT_RT;
        FillRxFifo();
        return entry;
    }

    void WriteDr(uint value)
    {
        byte data = (byte)value;
        if ((state.Cr & CR_LBE) != 0)
        {
            pendingInput.Enqueue(data);
            FillRxFifo();
        }
        else
        {
            output(data);
        }
        state.Ris |= INT_TX;
    }

    void WriteLcrH(uint value)
    {
        state.LcrH = value;
        FillRxFifo(); // enabling the FIFO makes room
    }

    void WriteCr(uint value)
    {
        state.Cr = value;
        FillRxFifo(); // loopback may have queued bytes
    }

    void WriteIfls(uint value) => state.Ifls = value;

    void WriteImsc(uint value) => state.Imsc = value;

    void WriteIcr(uint value) => state.Ris &= ~value;

    /// <summary>
    /// The receive trigger level in entries (UARTIFLS.RXIFLSEL: 1/8, 1/4, 1/2, 3/4, 7/8 full;
    /// the reserved encodings 5-7 act as 1/2).
    /// </summary>
    int RxTriggerLevel
    {
        get
        {
            uint sel = IflsRx.Extract(state.Ifls);
            int eighths = sel switch { 0 => 1, 1 => 2, 3 => 6, 4 => 7, _ => 4 };
            return FifoDepth * eighths / 8;
        }
    }

    void FillRxFifo()
    {
        while (pendingInput.Count > 0 && state.RxCount < RxCapacity)
        {
            ushort entry = pendingInput.Dequeue();
            state.RxFifo[(state.RxHead + state.RxCount) % Pl011State.MaxFifoDepth] = entry;
            state.RxCount++;
            if (!FifoEnabled || state.RxCount >= RxTriggerLevel)
                state.Ris |= INT_RX;
            else
                state.Ris |= INT_RT;
            if ((entry & DR_FE) != 0) state.Ris |= INT_FE;
            if ((entry & DR_PE) != 0) state.Ris |= INT_PE;
            if ((entry & DR_BE) != 0) state.Ris |= INT_BE;
            if ((entry & DR_OE) != 0) state.Ris |= INT_OE;
        }
    }

    void UpdateInterrupt(bool force = false)
    {
        bool level = (state.Ris & state.Imsc & INT_ALL) != 0;
        if (level == state.InterruptLevel && !force) return;
        state.InterruptLevel = level;
        interrupt?.Set(level);
    }
}
