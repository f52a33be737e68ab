using Emulator.Interconnect;

namespace Emulator.Devices.Gic;

/// <summary>
/// What a GICv3 is built with, fixed at construction (the "configure, then finalize" step:
/// nothing here changes once the GIC exists). Only a single Security state
/// (GICD_CTLR.DS = 1) with affinity routing (ARE = 1) is modelled.
/// </summary>
public sealed record GicConfiguration
{
    /// <summary>One redistributor per CPU, in CPU order: CPU n's affinity (its MPIDR_EL1).</summary>
    public required IReadOnlyList<Affinity> Cpus { get; init; }

    /// <summary>SPIs implemented: INTIDs 32 .. 32 + SpiCount - 1 (at most 988, up to INTID 1019).</summary>
    public int SpiCount { get; init; } = 64;

    /// <summary>Where the bus maps GICD_* (64 KiB) and the redistributors (128 KiB per CPU).</summary>
    public ulong DistributorBase { get; init; } = 0x0800_0000;
    public ulong RedistributorBase { get; init; } = 0x080A_0000;

    /// <summary>GICD_TYPER.LPIS and GICR_TYPER.PLPIS: LPIs supported (their behaviour comes with the ITS).</summary>
    public bool Lpis { get; init; }

    /// <summary>GICD_TYPER.MBIS: message-based SPIs through GICD_SETSPI_NSR / GICD_CLRSPI_NSR.</summary>
    public bool Mbis { get; init; } = true;

    /// <summary>Implemented priority bits, 4 to 8; the low-order bits of each priority are RAZ/WI.</summary>
    public int PriorityBits { get; init; } = 8;

    /// <summary>
    /// GICD_IIDR / GICR_IIDR fields; the peripheral ID registers are derived from them.
    /// Implementer is a JEP106 code (bits 11:8 continuation, 6:0 identity); 0x43B is Arm's,
    /// which software models of the Arm GIC architecture report.
    /// </summary>
    public uint Implementer { get; init; } = 0x43B;
    public byte ProductId { get; init; }
    public byte Variant { get; init; }
    public byte Revision { get; init; }

    public const int MaxSpis = 988;

    public void Validate()
    {
        if (Cpus is null || Cpus.Count < 1)
            throw new ArgumentException("a GIC needs at least one CPU");
        if (Cpus.Count > 0x10000)
            throw new ArgumentException($"{Cpus.Count} CPUs do not fit GICR_TYPER.Processor_Number (16 bits)");
        if (Cpus.Distinct().Count() != Cpus.Count)
            throw new ArgumentException("two CPUs share an affinity");
        if (SpiCount is < 0 or > MaxSpis)
            throw new ArgumentException($"SPI count {SpiCount} must be between 0 and {MaxSpis}");
        if (PriorityBits is < 4 or > 8)
            throw new ArgumentException($"priority bits {PriorityBits} must be between 4 and 8");
        if (Implementer > 0xFFF || (Implementer & 0x80) != 0)
            throw new ArgumentException($"implementer 0x{Implementer:X} is not a JEP106 code in GICD_IIDR form");
        if (Variant > 15 || Revision > 15)
            throw new ArgumentException("GICD_IIDR Variant and Revision are 4-bit fields");
        if (DistributorBase % 0x1_0000 != 0 || RedistributorBase % 0x2_0000 != 0)
            throw new ArgumentException("the distributor base must be 64 KiB aligned, the redistributor base 128 KiB aligned");
    }
}

/// <summary>An interrupt group with GICD_CTLR.DS = 1: Group 0 is signalled as FIQ, Group 1 as IRQ.</summary>
public enum GicGroup : byte
{
    Group0 = 0,
    Group1 = 1,
}

/// <summary>
/// The highest-priority pending interrupt the GIC forwards to a CPU interface: its INTID,
/// priority and group. <see cref="None"/> (INTID 1023, the spurious INTID, priority 0xFF)
/// when there is none.
/// </summary>
public readonly record struct PendingInterrupt(int Intid, byte Priority, GicGroup Group)
{
    public const int SpuriousIntid = 1023;

    public static readonly PendingInterrupt None = new(SpuriousIntid, 0xFF, GicGroup.Group1);

    public bool IsNone => Intid == SpuriousIntid;

    public override string ToString() => IsNone ? "none" : $"INTID {Intid} priority 0x{Priority:X2} {Group}";
}

/// <summary>Which CPU-interface register generated an SGI (IHI 0069 12.11, "Forwarding an SGI to a target PE").</summary>
public enum SgiRegister : byte
{
    /// <summary>ICC_SGI0R_EL1: forwarded only to targets where the SGI is Group 0.</summary>
    Sgi0R,
    /// <summary>ICC_SGI1R_EL1: with GICD_CTLR.DS = 1 forwarded whatever the SGI's group at the target.</summary>
    Sgi1R,
    /// <summary>ICC_ASGI1R_EL1: with DS = 1 there is no other Security state, so it behaves as ICC_SGI0R_EL1.</summary>
    Asgi1R,
}
