namespace Emulator.Devices.Gic.Its;

/// <summary>
/// Why a command stalls the queue. A command error code is 0x01_CC_RR (IHI 0069 command
/// errors; Linux's arm-gic-v3.h E_ITS_* values): CC is the command number, RR the reason
/// below. arm-gic-v3.h numbers the CLEAR errors 0x0105RR, and so do we; SYNC (command 0x05)
/// with an RDbase naming no redistributor therefore reports 0x010501 like CLEAR with an
/// out-of-range DeviceID: GITS_CREADR.Offset tells which command it was. Reasons 0xFE and
/// 0xFF, and CC = 0x00 (errors of the queue itself rather than of one command) are
/// IMPLEMENTATION DEFINED here.
/// </summary>
public enum ItsErrorReason : byte
{
    /// <summary>DeviceID out of range (MOVALL and SYNC: RDbase out of range, E_ITS_MOVALL_PROCNUM_OOR).</summary>
    DeviceOor = 0x01,
    /// <summary>MAPD: ITT size larger than GITS_TYPER.IDbits; MAPC: RDbase names no redistributor.</summary>
    SizeOrProcnumOor = 0x02,
    /// <summary>ICID out of range (GITS_TYPER.CIDbits or the collection table).</summary>
    CollectionOor = 0x03,
    UnmappedDevice = 0x04,
    /// <summary>EventID out of range (the ITT size of the device).</summary>
    IdOor = 0x05,
    /// <summary>pINTID not an LPI or out of range (GITS_TYPER.IDbits).</summary>
    PhysicalIdOor = 0x06,
    UnmappedInterrupt = 0x07,
    UnmappedCollection = 0x09,
    /// <summary>IMPLEMENTATION DEFINED: a table or the queue is not in readable/writable memory (BusStatus not Ok).</summary>
    MemoryFault = 0xFE,
    /// <summary>IMPLEMENTATION DEFINED: the command number is not one GICv3 defines for a physical ITS.</summary>
    UnknownCommand = 0xFF,
}

/// <summary>The E_ITS_* codes of arm-gic-v3.h, and the code of any (command, reason) pair.</summary>
public static class ItsErrors
{
    public const uint E_ITS_MOVI_UNMAPPED_INTERRUPT = 0x010107;
    public const uint E_ITS_MOVI_UNMAPPED_COLLECTION = 0x010109;
    public const uint E_ITS_INT_UNMAPPED_INTERRUPT = 0x010307;
    public const uint E_ITS_CLEAR_UNMAPPED_INTERRUPT = 0x010507;
    public const uint E_ITS_MAPD_DEVICE_OOR = 0x010801;
    public const uint E_ITS_MAPD_ITTSIZE_OOR = 0x010802;
    public const uint E_ITS_MAPC_PROCNUM_OOR = 0x010902;
    public const uint E_ITS_MAPC_COLLECTION_OOR = 0x010903;
    public const uint E_ITS_MAPTI_UNMAPPED_DEVICE = 0x010a04;
    public const uint E_ITS_MAPTI_ID_OOR = 0x010a05;
    public const uint E_ITS_MAPTI_PHYSICALID_OOR = 0x010a06;
    public const uint E_ITS_INV_UNMAPPED_INTERRUPT = 0x010c07;
    public const uint E_ITS_INVALL_UNMAPPED_COLLECTION = 0x010d09;
    public const uint E_ITS_MOVALL_PROCNUM_OOR = 0x010e01;
    public const uint E_ITS_DISCARD_UNMAPPED_INTERRUPT = 0x010f07;

    /// <summary>IMPLEMENTATION DEFINED: GITS_CWRITER.Offset lies beyond the end of the queue.</summary>
    public const uint QueueCwriterOor = 0x010001;
    /// <summary>IMPLEMENTATION DEFINED: the command at GITS_CREADR could not be read.</summary>
    public const uint QueueReadFault = 0x0100FE;

    /// <summary>The code for a reason found while executing command number <paramref name="command"/>.</summary>
    public static uint Code(byte command, ItsErrorReason reason)
    {
        byte cc = command == ItsCommand.CLEAR ? (byte)0x05 : command;
        return 0x01_0000u | (uint)cc << 8 | (byte)reason;
    }

    /// <summary>"E_ITS_MAPD_DEVICE_OOR (0x010801)", or the bare hexadecimal code when arm-gic-v3.h does not name it.</summary>
    public static string Describe(uint code)
    {
        string? name = code switch
        {
            E_ITS_MOVI_UNMAPPED_INTERRUPT => nameof(E_ITS_MOVI_UNMAPPED_INTERRUPT),
            E_ITS_MOVI_UNMAPPED_COLLECTION => nameof(E_ITS_MOVI_UNMAPPED_COLLECTION),
            E_ITS_INT_UNMAPPED_INTERRUPT => nameof(E_ITS_INT_UNMAPPED_INTERRUPT),
            E_ITS_CLEAR_UNMAPPED_INTERRUPT => nameof(E_ITS_CLEAR_UNMAPPED_INTERRUPT),
            E_ITS_MAPD_DEVICE_OOR => nameof(E_ITS_MAPD_DEVICE_OOR),
            E_ITS_MAPD_ITTSIZE_OOR => nameof(E_ITS_MAPD_ITTSIZE_OOR),
            E_ITS_MAPC_PROCNUM_OOR => nameof(E_ITS_MAPC_PROCNUM_OOR),
            E_ITS_MAPC_COLLECTION_OOR => nameof(E_ITS_MAPC_COLLECTION_OOR),
            E_ITS_MAPTI_UNMAPPED_DEVICE => nameof(E_ITS_MAPTI_UNMAPPED_DEVICE),
            E_ITS_MAPTI_ID_OOR => nameof(E_ITS_MAPTI_ID_OOR),
            E_ITS_MAPTI_PHYSICALID_OOR => nameof(E_ITS_MAPTI_PHYSICALID_OOR),
            E_ITS_INV_UNMAPPED_INTERRUPT => nameof(E_ITS_INV_UNMAPPED_INTERRUPT),
            E_ITS_INVALL_UNMAPPED_COLLECTION => nameof(E_ITS_INVALL_UNMAPPED_COLLECTION),
            E_ITS_MOVALL_PROCNUM_OOR => nameof(E_ITS_MOVALL_PROCNUM_OOR),
            E_ITS_DISCARD_UNMAPPED_INTERRUPT => nameof(E_ITS_DISCARD_UNMAPPED_INTERRUPT),
            QueueCwriterOor => "CWRITER beyond the queue",
            QueueReadFault => "command read fault",
            _ => null,
        };
        return name is null ? $"0x{code:X6}" : $"{name} (0x{code:X6})";
    }
}

/// <summary>What a command returns: continue with the next one, or stall the queue with an error code.</summary>
public readonly record struct CommandResult(uint ErrorCode)
{
    public static readonly CommandResult Continue = new(0);
    public bool Stalls => ErrorCode != 0;
}

/// <summary>What became of an MSI (a TRANSLATER write or <see cref="Its.Translate"/>); only Delivered sets an LPI pending.</summary>
public enum ItsTranslation : byte
{
    Delivered,
    /// <summary>GITS_CTLR.Enabled = 0: the write is ignored.</summary>
    ItsDisabled,
    DeviceOutOfRange,
    UnmappedDevice,
    EventOutOfRange,
    UnmappedInterrupt,
    UnmappedCollection,
    /// <summary>A table entry could not be read (BusStatus not Ok).</summary>
    MemoryFault,
    /// <summary>The target redistributor has LPIs disabled or does not implement that INTID.</summary>
    DroppedByRedistributor,
}
