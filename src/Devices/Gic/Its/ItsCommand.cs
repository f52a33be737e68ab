using Emulator.Interconnect;

namespace Emulator.Devices.Gic.Its;

/// <summary>
/// One 32-byte command of the queue, four little-endian doublewords DW0..DW3 (IHI 0069 6.3;
/// field placement as arm-gic-v3.h encodes it). Every field has a name; which ones a
/// command uses is its own business.
/// </summary>
public readonly record struct ItsCommand(ulong Dw0, ulong Dw1, ulong Dw2, ulong Dw3)
{
    public const int Size = 32;

    // Command numbers (GITS_CMD_*).
    public const byte MOVI = 0x01, INT = 0x03, CLEAR = 0x04, SYNC = 0x05, MAPD = 0x08, MAPC = 0x09,
        MAPTI = 0x0A, MAPI = 0x0B, INV = 0x0C, INVALL = 0x0D, MOVALL = 0x0E, DISCARD = 0x0F;

    public static readonly BitField CommandField = new(0, 8);        // DW0
    public static readonly BitField DeviceIdField = new(32, 32);     // DW0
    public static readonly BitField EventIdField = new(0, 32);       // DW1
    public static readonly BitField PhysicalIdField = new(32, 32);   // DW1 (MAPTI pINTID)
    public static readonly BitField IttSizeField = new(0, 5);        // DW1 (MAPD: EventID bits - 1)
    public static readonly BitField IcidField = new(0, 16);          // DW2
    public static readonly BitField IttAddressField = new(8, 44);    // DW2 (MAPD: ITT_addr 51:8)
    public static readonly BitField RdbaseField = new(16, 36);       // DW2 (MAPC, SYNC, MOVALL RDbase1), DW3 (MOVALL RDbase2)
    public static readonly BitField ValidField = new(63, 1);         // DW2 (MAPD, MAPC)

    public byte Command => (byte)CommandField.Extract(Dw0);
    public uint DeviceId => (uint)DeviceIdField.Extract(Dw0);
    public uint EventId => (uint)EventIdField.Extract(Dw1);
    public uint PhysicalId => (uint)PhysicalIdField.Extract(Dw1);
    public int IttSize => (int)IttSizeField.Extract(Dw1);
    public ushort Icid => (ushort)IcidField.Extract(Dw2);
    /// <summary>MAPD: the ITT's physical address (256-byte aligned).</summary>
    public ulong IttAddress => IttAddressField.Extract(Dw2) << IttAddressField.Shift;
    public ulong Rdbase => RdbaseField.Extract(Dw2);
    public ulong Rdbase2 => RdbaseField.Extract(Dw3);
    public bool Valid => ValidField.IsSet(Dw2);

    public static string Name(byte command) => command switch
    {
        MOVI => "MOVI", INT => "INT", CLEAR => "CLEAR", SYNC => "SYNC", MAPD => "MAPD", MAPC => "MAPC",
        MAPTI => "MAPTI", MAPI => "MAPI", INV => "INV", INVALL => "INVALL", MOVALL => "MOVALL", DISCARD => "DISCARD",
        _ => $"command 0x{command:X2}",
    };

    /// <summary>The command with the fields it uses, for the trace ("MAPTI DeviceID 0x2 EventID 0x5 pINTID 8192 ICID 1").</summary>
    public override string ToString() => Command switch
    {
        MAPD => $"MAPD DeviceID 0x{DeviceId:X} Size {IttSize} ITT_addr 0x{IttAddress:X} V {(Valid ? 1 : 0)}",
        MAPC => $"MAPC ICID {Icid} RDbase 0x{Rdbase:X} V {(Valid ? 1 : 0)}",
        MAPTI => $"MAPTI DeviceID 0x{DeviceId:X} EventID 0x{EventId:X} pINTID {PhysicalId} ICID {Icid}",
        MAPI => $"MAPI DeviceID 0x{DeviceId:X} EventID 0x{EventId:X} ICID {Icid}",
        MOVI => $"MOVI DeviceID 0x{DeviceId:X} EventID 0x{EventId:X} ICID {Icid}",
        INT or CLEAR or DISCARD or INV => $"{Name(Command)} DeviceID 0x{DeviceId:X} EventID 0x{EventId:X}",
        INVALL => $"INVALL ICID {Icid}",
        SYNC => $"SYNC RDbase 0x{Rdbase:X}",
        MOVALL => $"MOVALL RDbase1 0x{Rdbase:X} RDbase2 0x{Rdbase2:X}",
        _ => $"{Name(Command)} [0x{Dw0:X16} 0x{Dw1:X16} 0x{Dw2:X16} 0x{Dw3:X16}]",
    };
}
