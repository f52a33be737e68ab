namespace Emulator.Machine.Board;

/// <summary>
/// The board's address map and interrupt wiring, as data: the bus is populated from it and
/// the device-tree writer describes it, so the two cannot disagree. Defaults follow
/// DESIGN.md (compatible with what arm64 guests expect of a "virt" board).
/// </summary>
public sealed record MemoryMap
{
    public ulong GicDistributor { get; init; } = 0x0800_0000;
    public const ulong GicDistributorSize = 0x1_0000;

    public ulong GicIts { get; init; } = 0x0808_0000;
    public const ulong GicItsSize = 0x2_0000;

    /// <summary>One RD_base + SGI_base pair (128 KiB) per CPU, contiguous from here.</summary>
    public ulong GicRedistributors { get; init; } = 0x080A_0000;
    public const ulong GicRedistributorStride = 0x2_0000;

    public ulong Uart { get; init; } = 0x0900_0000;
    public const ulong UartSize = 0x1000;
    public int UartSpi { get; init; } = 1;

    public ulong Rtc { get; init; } = 0x0901_0000;
    public const ulong RtcSize = 0x1000;
    public int RtcSpi { get; init; } = 2;

    /// <summary>A test device of this board only (not on QEMU's virt): it raises MSIs through the ITS (Devices/Gic/Its/MsiSource).</summary>
    public ulong MsiSource { get; init; } = 0x090F_0000;
    public const ulong MsiSourceSize = 0x1000;

    public ulong RamBase { get; init; } = 0x4000_0000;

    /// <summary>The PrimeCell bus clock the PL011 and PL031 are described with (24 MHz).</summary>
    public uint ApbClockHz { get; init; } = 24_000_000;

    // Generic timer PPIs (DESIGN.md): INTID = 16 + PPI number.
    public const int TimerSecurePhysicalPpi = 13, TimerPhysicalPpi = 14, TimerVirtualPpi = 11, TimerHypervisorPpi = 10;

    public ulong RedistributorRegionSize(int cpus) => GicRedistributorStride * (ulong)cpus;

    /// <summary>The MMIO regions of the map, named, for overlap checks and the device tree.</summary>
    public IEnumerable<(string Name, ulong Base, ulong Size)> MmioRegions(int cpus) =>
    [
        ("gic-distributor", GicDistributor, GicDistributorSize),
        ("gic-its", GicIts, GicItsSize),
        ("gic-redistributors", GicRedistributors, RedistributorRegionSize(cpus)),
        ("pl011", Uart, UartSize),
        ("pl031", Rtc, RtcSize),
        ("msi-source", MsiSource, MsiSourceSize),
    ];
}
