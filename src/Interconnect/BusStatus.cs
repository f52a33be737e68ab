namespace Emulator.Interconnect;

/// <summary>
/// The outcome of a bus access. Anything but <see cref="Ok"/> becomes a synchronous
/// external abort for the CPU that made the access; the host never sees an exception.
/// </summary>
public enum BusStatus : byte
{
    Ok,
    /// <summary>No RAM and no device answers at that address (a decode error).</summary>
    Unmapped,
    /// <summary>A device refused the access (for example a width it does not support).</summary>
    DeviceError,
}

/// <summary>Who made an access: a CPU number, or a bus master that is not a CPU.</summary>
public static class Agent
{
    /// <summary>A device or the host (loaders, DMA, the ITS reading its tables).</summary>
    public const int Device = -1;
}
