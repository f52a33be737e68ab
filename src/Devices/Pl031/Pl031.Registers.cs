using Emulator.Devices.Mmio;

namespace Emulator.Devices.Pl031;

public sealed partial class Pl031
{
    public const uint CR_RTCStart = 1;
    public const uint INT_RTC = 1;
    public const ulong RegionSize = 0x1000;

    /// <summary>
    /// The programmer's model (DDI 0224 table 3-1). The PL031 is a 32-bit APB slave: only
    /// word accesses at word-aligned offsets are accepted, any other size or alignment is a
    /// DeviceError; reserved offsets inside the 4 KiB region are RAZ/WI.
    /// </summary>
    static readonly RegisterTable<Pl031> Table = new("pl031", RegionSize, sizesAccepted: 4, BadAccess.RazWi,
        new(0x000, 32, "RTCDR", 0, d => d.Counter, null),
        new(0x004, 32, "RTCMR", 0, d => d.state.Mr, (d, v) => d.WriteMr(v)),
        new(0x008, 32, "RTCLR", 0, d => d.state.Lr, (d, v) => d.WriteLr(v)),
        new(0x00C, 1, "RTCCR", 0, d => d.state.Cr, (d, v) => d.WriteCr(v)),
        new(0x010, 1, "RTCIMSC", 0, d => d.state.Imsc, (d, v) => d.state.Imsc = v),
        new(0x014, 1, "RTCRIS", 0, d => d.state.Ris, null),
        new(0x018, 1, "RTCMIS", 0, d => d.state.Ris & d.state.Imsc, null),
        new(0x01C, 1, "RTCICR", 0, null, (d, v) => d.state.Ris &= ~v),
        new(0xFE0, 8, "RTCPeriphID0", 0x31, _ => 0x31, null),
        new(0xFE4, 8, "RTCPeriphID1", 0x10, _ => 0x10, null),
        new(0xFE8, 8, "RTCPeriphID2", 0x04, _ => 0x04, null),
        new(0xFEC, 8, "RTCPeriphID3", 0x00, _ => 0x00, null),
        new(0xFF0, 8, "RTCPCellID0", 0x0D, _ => 0x0D, null),
        new(0xFF4, 8, "RTCPCellID1", 0xF0, _ => 0xF0, null),
        new(0xFF8, 8, "RTCPCellID2", 0x05, _ => 0x05, null),
        new(0xFFC, 8, "RTCPCellID3", 0xB1, _ => 0xB1, null));

    public static RegisterTable<Pl031> Registers => Table;
}
