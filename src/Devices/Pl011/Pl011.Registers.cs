using Emulator.Devices.Mmio;

namespace Emulator.Devices.Pl011;

public sealed partial class Pl011
{
    // UARTFR (3.3.3).
    public const uint FR_CTS = 1 << 0, FR_DSR = 1 << 1, FR_DCD = 1 << 2, FR_BUSY = 1 << 3,
        FR_RXFE = 1 << 4, FR_TXFF = 1 << 5, FR_RXFF = 1 << 6, FR_TXFE = 1 << 7, FR_RI = 1 << 8;

    // UARTLCR_H (3.3.7).
    public const uint LCR_H_FEN = 1 << 4;

    // UARTCR (3.3.8).
    public const uint CR_UARTEN = 1 << 0, CR_LBE = 1 << 7, CR_TXE = 1 << 8, CR_RXE = 1 << 9;

    // Interrupt bits shared by UARTIMSC, UARTRIS, UARTMIS, UARTICR (3.3.10-3.3.13).
    public const uint INT_RIM = 1 << 0, INT_CTSM = 1 << 1, INT_DCDM = 1 << 2, INT_DSRM = 1 << 3,
        INT_RX = 1 << 4, INT_TX = 1 << 5, INT_RT = 1 << 6, INT_FE = 1 << 7, INT_PE = 1 << 8,
        INT_BE = 1 << 9, INT_OE = 1 << 10;
    public const uint INT_ALL = 0x7FF;

    // UARTDR read error bits (3.3.1) and UARTRSR bits (3.3.2).
    public const uint DR_FE = 1 << 8, DR_PE = 1 << 9, DR_BE = 1 << 10, DR_OE = 1 << 11;

    // UARTIFLS fields (3.3.9).
    static readonly Interconnect.BitField IflsTx = new(0, 3);
    static readonly Interconnect.BitField IflsRx = new(3, 3);

    public const ulong RegionSize = 0x1000;

    /// <summary>
    /// The programmer's model (DDI 0183 table 3-1). 8, 16 and 32-bit accesses at word-aligned
    /// offsets are accepted (Linux drives the PL011 with 16-bit accesses, earlycon with 8-bit
    /// ones); 64-bit or misaligned accesses are a DeviceError; reserved offsets are RAZ/WI.
    /// </summary>
    static readonly RegisterTable<Pl011> Table = new("pl011", RegionSize, sizesAccepted: 1 | 2 | 4, BadAccess.RazWi,
        new(0x000, 12, "UARTDR", 0, d => d.ReadDr(), (d, v) => d.WriteDr(v)),
        new(0x004, 4, "UARTRSR/UARTECR", 0, d => d.state.Rsr, (d, _) => d.state.Rsr = 0),
        new(0x018, 9, "UARTFR", FR_RXFE | FR_TXFE, d => d.Flags, null),
        new(0x020, 8, "UARTILPR", 0, d => d.state.Ilpr, (d, v) => d.state.Ilpr = v),
        new(0x024, 16, "UARTIBRD", 0, d => d.state.Ibrd, (d, v) => d.state.Ibrd = v),
        new(0x028, 6, "UARTFBRD", 0, d => d.state.Fbrd, (d, v) => d.state.Fbrd = v),
        new(0x02C, 8, "UARTLCR_H", 0, d => d.state.LcrH, (d, v) => d.WriteLcrH(v)),
        new(0x030, 16, "UARTCR", 0x0300, d => d.state.Cr, (d, v) => d.WriteCr(v)),
        new(0x034, 6, "UARTIFLS", 0x12, d => d.state.Ifls, (d, v) => d.WriteIfls(v)),
        new(0x038, 11, "UARTIMSC", 0, d => d.state.Imsc, (d, v) => d.WriteImsc(v)),
        new(0x03C, 11, "UARTRIS", 0, d => d.state.Ris, null),
        new(0x040, 11, "UARTMIS", 0, d => d.state.Ris & d.state.Imsc, null),
        new(0x044, 11, "UARTICR", 0, null, (d, v) => d.WriteIcr(v)),
        new(0x048, 3, "UARTDMACR", 0, d => d.state.Dmacr, (d, v) => d.state.Dmacr = v),
        new(0xFE0, 8, "UARTPeriphID0", 0x11, _ => 0x11, null),
        new(0xFE4, 8, "UARTPeriphID1", 0x10, _ => 0x10, null),
        new(0xFE8, 8, "UARTPeriphID2", 0x04, d => d.PeriphId2, null),
        new(0xFEC, 8, "UARTPeriphID3", 0x00, _ => 0x00, null),
        new(0xFF0, 8, "UARTPCellID0", 0x0D, _ => 0x0D, null),
        new(0xFF4, 8, "UARTPCellID1", 0xF0, _ => 0xF0, null),
        new(0xFF8, 8, "UARTPCellID2", 0x05, _ => 0x05, null),
        new(0xFFC, 8, "UARTPCellID3", 0xB1, _ => 0xB1, null));

    /// <summary>The register table, for tests and tracing.</summary>
    public static RegisterTable<Pl011> Registers => Table;
}
