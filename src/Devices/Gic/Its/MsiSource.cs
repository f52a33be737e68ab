using Emulator.Devices.Mmio;
using Emulator.Interconnect;

namespace Emulator.Devices.Gic.Its;

/// <summary>
/// A small MSI-raising device for test guests (not an Arm-architected device): the guest
/// programs a doorbell address, a DeviceID and an EventID, then writes MSI_TRIGGER. The MSI is
/// a 32-bit write of the EventID to the doorbell made as requester DeviceID: the
/// <see cref="IMsiController"/>s are asked first (an ITS answers at its GITS_TRANSLATER), and
/// any other address gets a plain bus write, as a misprogrammed device would make.
/// MSI_STATUS tells the guest what happened to the last one.
/// </summary>
public sealed class MsiSource : IMmioDevice
{
    public const ulong RegionSize = 0x1000;
    public const uint MSI_DEVICEID = 0x00, MSI_DATA = 0x04, MSI_ADDRESS = 0x08, MSI_TRIGGER = 0x10, MSI_STATUS = 0x14;

    /// <summary>MSI_STATUS: 0 none sent yet, 1 taken by an MSI controller, 2 plain write accepted, 3 plain write aborted.</summary>
    public const uint StatusNone = 0, StatusController = 1, StatusPlainWrite = 2, StatusAborted = 3;

    /// <summary>The registers as plain data (for snapshots).</summary>
    public sealed class SourceState
    {
        public uint DeviceId;
        public uint Data;
        public ulong Address;
        public uint Status;
    }

    static readonly RangeTable<MsiSource> Table = new("msi-source", RegionSize, null,
        new MmioRange<MsiSource>(MSI_DEVICEID, "MSI_DEVICEID", 4, AccessSizes.Word, 0, (d, _) => d.State.DeviceId, (d, _, v, m) => d.State.DeviceId = (uint)Merge(d.State.DeviceId, v, m)),
        new MmioRange<MsiSource>(MSI_DATA, "MSI_DATA", 4, AccessSizes.Word, 0, (d, _) => d.State.Data, (d, _, v, m) => d.State.Data = (uint)Merge(d.State.Data, v, m)),
        new MmioRange<MsiSource>(MSI_ADDRESS, "MSI_ADDRESS", 8, AccessSizes.Word | AccessSizes.Double, 0, (d, _) => d.State.Address, (d, _, v, m) => d.State.Address = Merge(d.State.Address, v, m)),
        new MmioRange<MsiSource>(MSI_TRIGGER, "MSI_TRIGGER", 4, AccessSizes.Word, null, null, (d, _, _, _) => d.Send()),
        new MmioRange<MsiSource>(MSI_STATUS, "MSI_STATUS", 4, AccessSizes.Word, StatusNone, (d, _) => d.State.Status, null));

    readonly Bus bus;
    readonly IReadOnlyList<IMsiController> controllers;

    public MsiSource(Bus bus, IReadOnlyList<IMsiController> controllers, SourceState? state = null)
    {
        this.bus = bus ?? throw new ArgumentNullException(nameof(bus));
        this.controllers = controllers ?? throw new ArgumentNullException(nameof(controllers));
        State = state ?? new SourceState();
    }

    public SourceState State { get; }

    public Action<string>? Trace { get; set; }

    static ulong Merge(ulong old, ulong value, ulong mask) => (old & ~mask) | (value & mask);

    public BusStatus Read(ulong offset, int size, out ulong value) => Table.Read(this, offset, size, out value, Trace);

    public BusStatus Write(ulong offset, int size, ulong value) => Table.Write(this, offset, size, value, Trace);

    bool sending;

    /// <summary>A doorbell aimed at MSI_TRIGGER itself is written once, not forever.</summary>
    void Send()
    {
        if (sending) return;
        sending = true;
        try
        {
            SendOnce();
        }
        finally
        {
            sending = false;
        }
    }

    void SendOnce()
    {
        foreach (IMsiController c in controllers)
            if (c.MsiWrite(State.Address, State.Data, State.DeviceId))
            {
                State.Status = StatusController;
                return;
            }
        BusStatus s = bus.Write(State.Address, 4, State.Data, Agent.Device);
        State.Status = s == BusStatus.Ok ? StatusPlainWrite : StatusAborted;
        Trace?.Invoke($"msi-source: DeviceID 0x{State.DeviceId:X} data 0x{State.Data:X} to 0x{State.Address:X} is not a doorbell: plain write, {s}");
    }
}
