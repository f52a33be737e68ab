using Emulator.Interconnect;

namespace Emulator.Devices.Gic;

/// <summary>
/// All redistributors as one contiguous MMIO region, 128 KiB per CPU in CPU order (as a
/// device tree's single redistributor region describes them): an access goes to the
/// redistributor whose frame holds it.
/// </summary>
public sealed class RedistributorRegion : IMmioDevice
{
    readonly Redistributor[] redistributors;

    internal RedistributorRegion(Redistributor[] redistributors) => this.redistributors = redistributors;

    public ulong Size => Redistributor.FrameSize * (ulong)redistributors.Length;

    public BusStatus Read(ulong offset, int size, out ulong value)
    {
        value = 0;
        ulong frame = offset / Redistributor.FrameSize;
        if (frame >= (ulong)redistributors.Length) return BusStatus.Unmapped;
        return redistributors[frame].Read(offset % Redistributor.FrameSize, size, out value);
    }

    public BusStatus Write(ulong offset, int size, ulong value)
    {
        ulong frame = offset / Redistributor.FrameSize;
        if (frame >= (ulong)redistributors.Length) return BusStatus.Unmapped;
        return redistributors[frame].Write(offset % Redistributor.FrameSize, size, value);
    }
}
