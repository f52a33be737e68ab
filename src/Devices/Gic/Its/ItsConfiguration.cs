namespace Emulator.Devices.Gic.Its;

/// <summary>
/// What an ITS is built with, fixed at construction (set before the machine is finalized,
/// never after): the identifier widths GITS_TYPER advertises, how collections name their
/// redistributor (GITS_TYPER.PTA), and how TRANSLATER writes from a CPU get a DeviceID.
/// </summary>
public sealed record ItsConfiguration
{
    /// <summary>Where the board maps the 128 KiB ITS (control frame, then translation frame).</summary>
    public ulong Base { get; init; } = 0x0808_0000;

    /// <summary>The redistributors the collections can target: CPU numbers 0 .. CpuCount - 1.</summary>
    public required int CpuCount { get; init; }

    /// <summary>GITS_TYPER.Devbits + 1: DeviceIDs are this many bits wide (1..32).</summary>
    public int DeviceIdBits { get; init; } = 16;

    /// <summary>GITS_TYPER.IDbits + 1: EventIDs and LPI INTIDs are this many bits wide (14..32; LPIs start at 8192).</summary>
    public int EventIdBits { get; init; } = 16;

    /// <summary>GITS_TYPER.CIDbits + 1 with CIL = 1: collection IDs are this many bits wide (1..16).</summary>
    public int CollectionIdBits { get; init; } = 16;

    /// <summary>
    /// GITS_TYPER.PTA. False: a command's RDbase is the target's processor number
    /// (GICR_TYPER.Processor_Number). True: it is the physical address of the target's RD_base
    /// frame, turned into a CPU number by <see cref="RedistributorAt"/>.
    /// </summary>
    public bool Pta { get; init; }

    /// <summary>With PTA = 1: the CPU whose RD_base frame is at a physical address, or null if none is.</summary>
    public Func<ulong, int?>? RedistributorAt { get; init; }

    /// <summary>The DeviceID a TRANSLATER write through the ITS's own MMIO frame carries (a CPU is not a PCI requester).</summary>
    public uint DefaultDeviceId { get; init; }

    /// <summary>GITS_IIDR fields (JEP106 implementer; 0x43B is Arm's); the ID block is derived from them.</summary>
    public uint Implementer { get; init; } = 0x43B;
    public byte ProductId { get; init; }
    public byte Variant { get; init; }
    public byte Revision { get; init; }

    public void Validate()
    {
        if (CpuCount is < 1 or > 0x10000)
            throw new ArgumentException($"ITS: CPU count {CpuCount} must be between 1 and 65536");
        if (DeviceIdBits is < 1 or > 32)
            throw new ArgumentException($"ITS: DeviceID bits {DeviceIdBits} must be between 1 and 32");
        if (EventIdBits is < 14 or > 32)
            throw new ArgumentException($"ITS: EventID bits {EventIdBits} must be between 14 and 32 (LPIs start at INTID 8192)");
        if (CollectionIdBits is < 1 or > 16)
            throw new ArgumentException($"ITS: collection ID bits {CollectionIdBits} must be between 1 and 16");
        if (Pta && RedistributorAt is null)
            throw new ArgumentException("ITS: PTA = 1 needs the map from RD_base addresses to CPUs");
        if (Base % 0x1_0000 != 0)
            throw new ArgumentException($"ITS: base 0x{Base:X} must be 64 KiB aligned");
        if (DeviceIdBits < 32 && DefaultDeviceId >> DeviceIdBits != 0)
            throw new ArgumentException($"ITS: default DeviceID 0x{DefaultDeviceId:X} does not fit {DeviceIdBits} bits");
        if (Implementer > 0xFFF || (Implementer & 0x80) != 0)
            throw new ArgumentException($"ITS: implementer 0x{Implementer:X} is not a JEP106 code in GITS_IIDR form");
        if (Variant > 15 || Revision > 15)
            throw new ArgumentException("ITS: GITS_IIDR Variant and Revision are 4-bit fields");
    }
}
