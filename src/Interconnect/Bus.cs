namespace Emulator.Interconnect;

/// <summary>
/// The physical address map: RAM regions and MMIO regions, each registered with a base and
/// a size. Registration rejects overlaps; every access returns a <see cref="BusStatus"/>
/// so that an access to nothing becomes an external abort for the guest.
/// </summary>
public sealed class Bus
{
    /// <summary>One entry of the address map.</summary>
    public sealed record Region(string Name, ulong Base, ulong Size, Ram? Ram, IMmioDevice? Device)
    {
        public ulong End => Base + Size;
        public bool Contains(ulong address) => address - Base < Size;
    }

    Region[] regions = [];
    Ram[] rams = [];

    public IReadOnlyList<Region> Regions => regions;
    public IReadOnlyList<Ram> Rams => rams;

    public Ram AddRam(string name, ulong baseAddress, ulong size)
    {
        var ram = new Ram(baseAddress, size);
        Add(new Region(name, baseAddress, size, ram, null));
        rams = [.. rams, ram];
        return ram;
    }

    public void AddMmio(string name, ulong baseAddress, ulong size, IMmioDevice device) =>
        Add(new Region(name, baseAddress, size, null, device));

    void Add(Region region)
    {
        if (region.Size == 0)
            throw new ArgumentException($"region '{region.Name}' has size 0");
        if (region.Base + region.Size < region.Base)
            throw new ArgumentException($"region '{region.Name}' at 0x{region.Base:X} size 0x{region.Size:X} wraps past the top of the address space");
        foreach (Region r in regions)
            if (region.Base < r.End && r.Base < region.End)
                throw new ArgumentException(
                    $"region '{region.Name}' [0x{region.Base:X}, 0x{region.End:X}) overlaps '{r.Name}' [0x{r.Base:X}, 0x{r.End:X})");
        regions = [.. regions.Append(region).OrderBy(r => r.Base)];
    }

    /// <summary>The region holding an address, by binary search; null where nothing is mapped.</summary>
    public Region? Find(ulong address)
    {
        int lo = 0, hi = regions.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            Region r = regions[mid];
            if (address < r.Base) hi = mid - 1;
            else if (address >= r.End) lo = mid + 1;
            else return r;
        }
        return null;
    }

    /// <summary>The RAM holding the whole of [address, address + size), or null.</summary>
    public Ram? RamAt(ulong address, int size = 1)
    {
        foreach (Ram ram in rams)
            if (ram.Contains(address) && ram.Contains(address + (ulong)size - 1))
                return ram;
        return null;
    }

    /// <summary>Reads 1, 2, 4 or 8 bytes, little-endian.</summary>
    public BusStatus Read(ulong address, int size, out ulong value)
    {
        value = 0;
        Region? r = Find(address);
        if (r is null || !r.Contains(address + (ulong)size - 1))
            return BusStatus.Unmapped;
        if (r.Ram is { } ram)
        {
            value = ram.Read(address, size);
            return BusStatus.Ok;
        }
        return r.Device!.Read(address - r.Base, size, out value);
    }

    /// <summary>Writes 1, 2, 4 or 8 bytes, little-endian.</summary>
    public BusStatus Write(ulong address, int size, ulong value, int agent = Agent.Device)
    {
        Region? r = Find(address);
        if (r is null || !r.Contains(address + (ulong)size - 1))
            return BusStatus.Unmapped;
        if (r.Ram is { } ram)
        {
            ram.Write(address, size, value, agent);
            return BusStatus.Ok;
        }
        return r.Device!.Write(address - r.Base, size, value);
    }

    /// <summary>A 16-byte read; a device sees it as two 8-byte reads, low half first.</summary>
    public BusStatus Read128(ulong address, out UInt128 value)
    {
        value = 0;
        BusStatus s = Read(address, 8, out ulong lo);
        if (s != BusStatus.Ok) return s;
        s = Read(address + 8, 8, out ulong hi);
        if (s == BusStatus.Ok) value = new UInt128(hi, lo);
        return s;
    }

    /// <summary>A 16-byte write; a device sees it as two 8-byte writes, low half first.</summary>
    public BusStatus Write128(ulong address, UInt128 value, int agent = Agent.Device)
    {
        BusStatus s = Write(address, 8, (ulong)value, agent);
        return s != BusStatus.Ok ? s : Write(address + 8, 8, (ulong)(value >> 64), agent);
    }

    /// <summary>Loads bytes into RAM (ELF segments, kernels, device trees).</summary>
    public void LoadBytes(ulong address, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        Ram ram = RamAt(address, data.Length)
            ?? throw new ArgumentException($"[0x{address:X}, 0x{address + (ulong)data.Length:X}) is not inside RAM");
        ram.WriteBytes(address, data);
    }
}
