namespace Emulator.Devices.Gic.Its;

/// <summary>
/// The hook a bus master that raises MSIs (a PCI host bridge, <see cref="MsiSource"/>) calls
/// instead of a plain bus write, so the write carries the requester's DeviceID as a real
/// interconnect's sideband would.
/// </summary>
public interface IMsiController
{
    /// <summary>
    /// A 32-bit write of <paramref name="data"/> to <paramref name="address"/> by requester
    /// <paramref name="deviceId"/>. False if <paramref name="address"/> is not this
    /// controller's doorbell; the caller then makes it an ordinary bus write.
    /// </summary>
    bool MsiWrite(ulong address, uint data, uint deviceId);
}
