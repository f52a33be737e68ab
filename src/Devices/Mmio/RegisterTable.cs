using Emulator.Interconnect;

namespace Emulator.Devices.Mmio;

/// <summary>
/// One 32-bit-aligned MMIO register, declared as data: offset in the device's region,
/// implemented width in bits (bits above it read as zero and are ignored on write), the
/// spec name, the reset value, and the read and write behaviour. A null
/// <paramref name="Read"/> is a write-only register (reads as zero); a null
/// <paramref name="Write"/> is read-only (writes ignored).
/// </summary>
public sealed record MmioRegister<TDevice>(
    uint Offset, int Width, string Name, uint Reset,
    Func<TDevice, uint>? Read, Action<TDevice, uint>? Write)
{
    public uint Mask => Width >= 32 ? uint.MaxValue : (1u << Width) - 1;
}

/// <summary>How a device answers accesses that its register table does not describe.</summary>
public enum BadAccess : byte
{
    /// <summary>Read as zero, ignore the write.</summary>
    RazWi,
    /// <summary>Refuse the access: the CPU takes a synchronous external abort.</summary>
    DeviceError,
}

/// <summary>
/// A device's registers as a sorted table with binary-search lookup (the KVM vgic-mmio
/// shape). Every access that is not a plain register access goes through one place,
/// <see cref="Trace"/>, with the policy the device chose:
/// <list type="bullet">
/// <item>a size the device does not accept, or an offset not aligned to 4: DeviceError;</item>
/// <item>an offset inside the region with no register (reserved): <c>reserved</c> policy;</item>
/// <item>a write to a read-only register: ignored; a read of a write-only register: zero.</item>
/// </list>
/// A narrow write (8 or 16 bits) writes the low bits zero-extended, as an APB slave without
/// byte strobes sees it; a narrow read returns the low bits.
/// </summary>
public sealed class RegisterTable<TDevice>
{
    readonly MmioRegister<TDevice>[] registers;
    readonly int sizesAccepted;
    readonly BadAccess reserved;

    /// <param name="sizesAccepted">a bit mask of accepted access sizes in bytes: bit 1, 2, 4, 8.</param>
    public RegisterTable(string deviceName, ulong regionSize, int sizesAccepted, BadAccess reserved,
        params MmioRegister<TDevice>[] registers)
    {
        this.registers = [.. registers.OrderBy(r => r.Offset)];
        for (int i = 0; i < this.registers.Length; i++)
        {
            if (this.registers[i].Offset % 4 != 0 || this.registers[i].Offset >= regionSize)
                throw new ArgumentException($"{deviceName}: register {this.registers[i].Name} at 0x{this.registers[i].Offset:X} is misplaced");
            if (i > 0 && this.registers[i].Offset == this.registers[i - 1].Offset)
                throw new ArgumentException($"{deviceName}: {this.registers[i].Name} and {this.registers[i - 1].Name} share an offset");
        }
        DeviceName = deviceName;
        RegionSize = regionSize;
        this.sizesAccepted = sizesAccepted;
        this.reserved = reserved;
    }

    public string DeviceName { get; }
    public ulong RegionSize { get; }
    public IReadOnlyList<MmioRegister<TDevice>> Registers => registers;

    public MmioRegister<TDevice>? Find(ulong offset)
    {
        int lo = 0, hi = registers.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            uint o = registers[mid].Offset;
            if (offset < o) hi = mid - 1;
            else if (offset > o) lo = mid + 1;
            else return registers[mid];
        }
        return null;
    }

    bool SizeOk(ulong offset, int size) =>
        size is 1 or 2 or 4 or 8 && (sizesAccepted & size) != 0 && offset % 4 == 0 && offset + (ulong)size <= RegionSize;

    public BusStatus Read(TDevice device, ulong offset, int size, out ulong value, Action<string>? trace)
    {
        value = 0;
        if (!SizeOk(offset, size))
        {
            trace?.Invoke($"{DeviceName}: {size}-byte read at +0x{offset:X3} refused (DeviceError)");
            return BusStatus.DeviceError;
        }
        MmioRegister<TDevice>? r = Find(offset);
        if (r is null)
        {
            trace?.Invoke($"{DeviceName}: read of reserved offset +0x{offset:X3} ({reserved})");
            return reserved == BadAccess.RazWi ? BusStatus.Ok : BusStatus.DeviceError;
        }
        if (r.Read is null)
        {
            trace?.Invoke($"{DeviceName}: read of write-only {r.Name} (RAZ)");
            return BusStatus.Ok;
        }
        ulong sizeMask = size == 8 ? ulong.MaxValue : (1UL << (8 * size)) - 1;
        value = (r.Read(device) & r.Mask) & sizeMask;
        return BusStatus.Ok;
    }

    public BusStatus Write(TDevice device, ulong offset, int size, ulong value, Action<string>? trace)
    {
        if (!SizeOk(offset, size))
        {
            trace?.Invoke($"{DeviceName}: {size}-byte write at +0x{offset:X3} refused (DeviceError)");
            return BusStatus.DeviceError;
        }
        MmioRegister<TDevice>? r = Find(offset);
        if (r is null)
        {
            trace?.Invoke($"{DeviceName}: write of reserved offset +0x{offset:X3} ({reserved})");
            return reserved == BadAccess.RazWi ? BusStatus.Ok : BusStatus.DeviceError;
        }
        if (r.Write is null)
        {
            trace?.Invoke($"{DeviceName}: write to read-only {r.Name} ignored");
            return BusStatus.Ok;
        }
        ulong sizeMask = size == 8 ? ulong.MaxValue : (1UL << (8 * size)) - 1;
        r.Write(device, (uint)(value & sizeMask) & r.Mask);
        return BusStatus.Ok;
    }
}
