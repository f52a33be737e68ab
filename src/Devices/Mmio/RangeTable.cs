using Emulator.Interconnect;

namespace Emulator.Devices.Mmio;

/// <summary>The access sizes a register accepts, as a mask of byte counts.</summary>
[Flags]
public enum AccessSizes : byte
{
    Byte = 1,
    Half = 2,
    Word = 4,
    Double = 8,
}

/// <summary>What went wrong with an access, for a device's error-reporting register.</summary>
public enum MmioFault : byte
{
    /// <summary>A size the register does not accept, or an access not aligned to its size.</summary>
    BadSize,
    /// <summary>A read of an offset with no register.</summary>
    ReadReserved,
    /// <summary>A write of an offset with no register.</summary>
    WriteReserved,
    /// <summary>A read of a write-only register.</summary>
    ReadWriteOnly,
    /// <summary>A write of a read-only register.</summary>
    WriteReadOnly,
}

/// <summary>
/// Reads register <c>index</c> of a row (its spec number: <see cref="MmioRange{TDevice}.FirstIndex"/>
/// for the first register of the row, 0 for a single register), all of its bits.
/// </summary>
public delegate ulong RangeRead<in TDevice>(TDevice device, int index);

/// <summary>
/// Writes register <c>index</c> of a row: only the bits set in <c>mask</c> were written (a
/// narrow access covers part of the register); <c>value</c> is already shifted into place.
/// </summary>
public delegate void RangeWrite<in TDevice>(TDevice device, int index, ulong value, ulong mask);

/// <summary>
/// A register, or an array of <see cref="Count"/> equal registers, declared as data (the KVM
/// vgic-mmio row): first offset, spec name, width in bytes (4 or 8), the access sizes it
/// accepts, its reset value (null where it depends on the configuration, such as the
/// identification registers), and the read and write behaviour. A null
/// <see cref="Read"/> is a write-only register; a null <see cref="Write"/> is read-only.
/// </summary>
public sealed record MmioRange<TDevice>(
    uint Offset, string Name, int Width, AccessSizes Sizes, ulong? Reset,
    RangeRead<TDevice>? Read, RangeWrite<TDevice>? Write, int Count = 1, int FirstIndex = 0)
{
    public ulong End => Offset + (ulong)(Width * Count);

    /// <summary>The offset of register <paramref name="n"/> (numbered from <see cref="FirstIndex"/>).</summary>
    public uint OffsetOf(int n) => Offset + (uint)(Width * (n - FirstIndex));

    /// <summary>"GICD_IGROUPR3" for register 3 of an array row named "GICD_IGROUPR&lt;n&gt;".</summary>
    public string ElementName(int n) => Count == 1 ? Name : Name.Replace("<n>", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>
/// A device's registers as a sorted table of ranges with binary-search lookup. Unlike
/// <see cref="RegisterTable{TDevice}"/> it holds arrays of registers, 64-bit registers and
/// narrow accesses to part of a register (a byte of GICD_IPRIORITYR, a word of
/// GICD_IROUTER): an access of size S at byte b of a register must have S in the row's
/// <see cref="MmioRange{TDevice}.Sizes"/> and b a multiple of S. Every access that is not
/// a plain register access goes through one place, the <c>trace</c> hook plus the device's
/// <c>fault</c> callback (for its error-reporting register):
/// <list type="bullet">
/// <item>a refused size or alignment: DeviceError;</item>
/// <item>an offset with no row (reserved): RAZ/WI, accepted at any naturally aligned size;</item>
/// <item>a write to a read-only register: ignored; a read of a write-only register: zero.</item>
/// </list>
/// </summary>
public sealed class RangeTable<TDevice>
{
    readonly MmioRange<TDevice>[] ranges;
    readonly Action<TDevice, MmioFault>? fault;

    public RangeTable(string deviceName, ulong regionSize, Action<TDevice, MmioFault>? fault, params MmioRange<TDevice>[] ranges)
    {
        this.ranges = [.. ranges.OrderBy(r => r.Offset)];
        for (int i = 0; i < this.ranges.Length; i++)
        {
            MmioRange<TDevice> r = this.ranges[i];
            if (r.Width is not (4 or 8) || r.Count < 1 || r.Offset % r.Width != 0 || r.End > regionSize)
                throw new ArgumentException($"{deviceName}: {r.Name} at 0x{r.Offset:X} is misplaced");
            if ((r.Sizes & ~(AccessSizes)(r.Width * 2 - 1)) != 0 || r.Sizes == 0)
                throw new ArgumentException($"{deviceName}: {r.Name} accepts sizes wider than the register");
            if (i > 0 && r.Offset < this.ranges[i - 1].End)
                throw new ArgumentException($"{deviceName}: {r.Name} overlaps {this.ranges[i - 1].Name}");
        }
        DeviceName = deviceName;
        RegionSize = regionSize;
        this.fault = fault;
    }

    public string DeviceName { get; }
    public ulong RegionSize { get; }
    public IReadOnlyList<MmioRange<TDevice>> Ranges => ranges;

    /// <summary>The row covering an offset, or null for a reserved offset.</summary>
    public MmioRange<TDevice>? Find(ulong offset)
    {
        int lo = 0, hi = ranges.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            MmioRange<TDevice> r = ranges[mid];
            if (offset < r.Offset) hi = mid - 1;
            else if (offset >= r.End) lo = mid + 1;
            else return r;
        }
        return null;
    }

    static ulong SizeMask(int size) => size == 8 ? ulong.MaxValue : (1UL << (8 * size)) - 1;

    /// <summary>
    /// Checks the size and alignment; on success gives the row (null if reserved), the
    /// register index and the byte position of the access in the register.
    /// </summary>
    bool Locate(TDevice device, ulong offset, int size, bool write, Action<string>? trace,
        out MmioRange<TDevice>? row, out int index, out int shift)
    {
        row = null;
        index = 0;
        shift = 0;
        bool natural = size is 1 or 2 or 4 or 8 && offset % (ulong)size == 0 && offset + (ulong)size <= RegionSize;
        row = natural ? Find(offset) : null;
        if (natural && row is null)
            return true;
        if (natural)
        {
            ulong within = offset - row!.Offset;
            index = (int)(within / (ulong)row.Width) + row.FirstIndex;
            shift = 8 * (int)(within % (ulong)row.Width);
            if (((int)row.Sizes & size) != 0)
                return true;
        }
        string what = row is null ? "" : $" ({row.ElementName(index)})";
        trace?.Invoke($"{DeviceName}: {size}-byte {(write ? "write" : "read")} at +0x{offset:X4}{what} refused (DeviceError)");
        fault?.Invoke(device, MmioFault.BadSize);
        row = null;
        return false;
    }

    public BusStatus Read(TDevice device, ulong offset, int size, out ulong value, Action<string>? trace)
    {
        value = 0;
        if (!Locate(device, offset, size, write: false, trace, out MmioRange<TDevice>? row, out int index, out int shift))
            return BusStatus.DeviceError;
        if (row is null)
        {
            trace?.Invoke($"{DeviceName}: read of reserved offset +0x{offset:X4} (RAZ)");
            fault?.Invoke(device, MmioFault.ReadReserved);
            return BusStatus.Ok;
        }
        if (row.Read is null)
        {
            trace?.Invoke($"{DeviceName}: read of write-only {row.ElementName(index)} (RAZ)");
            fault?.Invoke(device, MmioFault.ReadWriteOnly);
            return BusStatus.Ok;
        }
        value = (row.Read(device, index) >> shift) & SizeMask(size);
        return BusStatus.Ok;
    }

    public BusStatus Write(TDevice device, ulong offset, int size, ulong value, Action<string>? trace)
    {
        if (!Locate(device, offset, size, write: true, trace, out MmioRange<TDevice>? row, out int index, out int shift))
            return BusStatus.DeviceError;
        if (row is null)
        {
            trace?.Invoke($"{DeviceName}: write of reserved offset +0x{offset:X4} ignored");
            fault?.Invoke(device, MmioFault.WriteReserved);
            return BusStatus.Ok;
        }
        if (row.Write is null)
        {
            trace?.Invoke($"{DeviceName}: write to read-only {row.ElementName(index)} ignored");
            fault?.Invoke(device, MmioFault.WriteReadOnly);
            return BusStatus.Ok;
        }
        ulong mask = SizeMask(size) << shift;
        row.Write(device, index, (value << shift) & mask, mask);
        return BusStatus.Ok;
    }
}
