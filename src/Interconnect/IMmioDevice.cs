namespace Emulator.Interconnect;

/// <summary>
/// A memory-mapped device region. Offsets are relative to the region's base; sizes are
/// 1, 2, 4 or 8 bytes (16-byte CPU accesses reach a device as two 8-byte halves).
/// </summary>
public interface IMmioDevice
{
    BusStatus Read(ulong offset, int size, out ulong value);
    BusStatus Write(ulong offset, int size, ulong value);
}
