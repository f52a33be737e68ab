namespace Emulator.Devices.Pl011;

/// <summary>
/// The architectural state of a PL011 (ARM DDI 0183), plain data for snapshots. The
/// receive FIFO holds 12-bit entries (data 7:0, FE 8, PE 9, BE 10, OE 11) as a ring.
/// Transmission completes at once (the transmit FIFO is always empty), so it has no state.
/// </summary>
public sealed class Pl011State
{
    public const int MaxFifoDepth = 32;

    public ushort[] RxFifo = new ushort[MaxFifoDepth];
    public int RxHead;
    public int RxCount;

    /// <summary>UARTRSR: error status of the character last read from UARTDR.</summary>
    public uint Rsr;
    public uint Ilpr;
    public uint Ibrd;
    public uint Fbrd;
    public uint LcrH;
    public uint Cr = 0x0300;
    public uint Ifls = 0x12;
    public uint Imsc;
    /// <summary>UARTRIS, latched: events set bits, UARTICR and the conditions below clear them.</summary>
    public uint Ris;
    public uint Dmacr;

    /// <summary>The level last driven on the interrupt output (UARTINTR).</summary>
    public bool InterruptLevel;
}
