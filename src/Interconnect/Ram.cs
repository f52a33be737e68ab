using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Emulator.Interconnect;

/// <summary>Why somebody wants to hear about writes to a RAM page.</summary>
[Flags]
public enum PageWatch : byte
{
    None = 0,
    /// <summary>A CPU has decoded instructions from the page; a write must drop them.</summary>
    Code = 1,
    /// <summary>An exclusive monitor holds a reservation in the page.</summary>
    Exclusive = 2,
}

/// <summary>Told of every write to a watched page, whoever makes it.</summary>
public interface IRamWriteWatcher
{
    PageWatch Watches { get; }
    void OnWatchedWrite(Ram ram, ulong address, int size, int agent);
}

/// <summary>
/// Guest RAM: sparse, allocated a 4 KiB page at a time on first touch, so a board with
/// gigabytes of RAM costs only what the guest uses. Pages never move once allocated (they
/// are pinned), which lets the CPU's TLB hold on to their host addresses.
/// </summary>
public sealed class Ram
{
    public const int PageShift = 12;
    public const int PageSize = 1 << PageShift;
    public const ulong PageOffsetMask = PageSize - 1;

    readonly byte[]?[] pages;
    readonly PageWatch[] watch;
    readonly List<IRamWriteWatcher> watchers = [];

    public Ram(ulong baseAddress, ulong size)
    {
        if (size == 0 || (size & PageOffsetMask) != 0)
            throw new ArgumentException($"RAM size 0x{size:X} must be a non-zero multiple of 4 KiB");
        if ((baseAddress & PageOffsetMask) != 0)
            throw new ArgumentException($"RAM base 0x{baseAddress:X} must be 4 KiB aligned");
        if ((size >> PageShift) > int.MaxValue / 2)
            throw new ArgumentException($"RAM size 0x{size:X} is too large");
        Base = baseAddress;
        Size = size;
        pages = new byte[]?[size >> PageShift];
        watch = new PageWatch[pages.Length];
    }

    public ulong Base { get; }
    public ulong Size { get; }
    public ulong End => Base + Size;

    int allocatedPages;

    /// <summary>How many pages the guest has touched so far.</summary>
    public int AllocatedPages => allocatedPages;

    public void AddWatcher(IRamWriteWatcher watcher) => watchers.Add(watcher);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(ulong address) => address - Base < Size;

    /// <summary>The page holding <paramref name="address"/> (which must be in this RAM).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte[] PageAt(ulong address)
    {
        int index = (int)((address - Base) >> PageShift);
        return Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(pages), index) ?? Allocate(index);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    byte[] Allocate(int index)
    {
        // Pinned: a CPU's TLB keeps the host address of the page.
        byte[] page = GC.AllocateArray<byte>(PageSize, pinned: true);
        pages[index] = page;
        Interlocked.Increment(ref allocatedPages);
        return page;
    }

    /// <summary>How many 4 KiB pages the RAM has (touched or not).</summary>
    public int PageCount => pages.Length;

    /// <summary>Whether page <paramref name="index"/> has ever been touched (snapshots save only those).</summary>
    public bool IsTouched(int index) => pages[index] is not null;

    /// <summary>
    /// Page <paramref name="index"/>, allocated (zeroed) on first use. Threads may allocate
    /// different pages at once (a snapshot restore does), never the same one.
    /// </summary>
    public byte[] PageByIndex(int index) => pages[index] ?? Allocate(index);

    /// <summary>The watch flags of a page, indexed from <see cref="PageIndex"/>; read on the store fast path.</summary>
    public PageWatch[] WatchFlags => watch;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int PageIndex(ulong address) => (int)((address - Base) >> PageShift);

    /// <summary>
    /// Raised with a page's address when it goes from unwatched to watched: a CPU that
    /// writes unwatched pages directly (without checking the flags) must stop doing so for it.
    /// </summary>
    public event Action<ulong>? WatchStarted;

    public void Watch(ulong address, PageWatch what)
    {
        int index = PageIndex(address);
        PageWatch before = watch[index];
        watch[index] = before | what;
        if (before == PageWatch.None && what != PageWatch.None)
            WatchStarted?.Invoke(address & ~PageOffsetMask);
    }

    public void Unwatch(ulong address, PageWatch what) => watch[PageIndex(address)] &= ~what;

    /// <summary>Called after a write to a page whose watch flags are not empty.</summary>
    public void NotifyWrite(ulong address, int size, int agent)
    {
        PageWatch flags = watch[PageIndex(address)];
        if (PageIndex(address + (ulong)size - 1) != PageIndex(address) && Contains(address + (ulong)size - 1))
            flags |= watch[PageIndex(address + (ulong)size - 1)];
        foreach (IRamWriteWatcher w in watchers)
            if ((w.Watches & flags) != 0)
                w.OnWatchedWrite(this, address, size, agent);
    }

    /// <summary>
    /// Reads 1 to 8 bytes, little-endian, possibly across a page boundary. Sizes other than
    /// 1, 2, 4 and 8 are the halves of an unaligned access that the CPU splits at a page
    /// boundary (each half translated on its own), e.g. 3 + 5.
    /// </summary>
    public ulong Read(ulong address, int size)
    {
        ulong offset = address & PageOffsetMask;
        if (offset + (ulong)size <= PageSize && (size & (size - 1)) == 0)
        {
            ReadOnlySpan<byte> bytes = PageAt(address).AsSpan((int)offset, size);
            return size switch
            {
                1 => bytes[0],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
                4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
                _ => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            };
        }
        ulong value = 0;
        for (int i = 0; i < size; i++)
            value |= (ulong)PageAt(address + (ulong)i)[(address + (ulong)i) & PageOffsetMask] << (8 * i);
        return value;
    }

    /// <summary>Writes 1 to 8 bytes (see <see cref="Read"/>), little-endian, and tells the watchers.</summary>
    public void Write(ulong address, int size, ulong value, int agent)
    {
        ulong offset = address & PageOffsetMask;
        if (offset + (ulong)size <= PageSize && (size & (size - 1)) == 0)
        {
            Span<byte> bytes = PageAt(address).AsSpan((int)offset, size);
            switch (size)
            {
                case 1: bytes[0] = (byte)value; break;
                case 2: BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value); break;
                case 4: BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)value); break;
                default: BinaryPrimitives.WriteUInt64LittleEndian(bytes, value); break;
            }
        }
        else
        {
            for (int i = 0; i < size; i++)
                PageAt(address + (ulong)i)[(address + (ulong)i) & PageOffsetMask] = (byte)(value >> (8 * i));
        }
        if ((watch[PageIndex(address)] | watch[PageIndex(address + (ulong)size - 1)]) != 0)
            NotifyWrite(address, size, agent);
    }

    /// <summary>Copies bytes in (loaders); tells the watchers like any other write.</summary>
    public void WriteBytes(ulong address, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            int offset = (int)(address & PageOffsetMask);
            int chunk = Math.Min(PageSize - offset, data.Length);
            data[..chunk].CopyTo(PageAt(address).AsSpan(offset, chunk));
            if (watch[PageIndex(address)] != 0)
                NotifyWrite(address, chunk, Agent.Device);
            data = data[chunk..];
            address += (ulong)chunk;
        }
    }

    public void ReadBytes(ulong address, Span<byte> into)
    {
        while (!into.IsEmpty)
        {
            int offset = (int)(address & PageOffsetMask);
            int chunk = Math.Min(PageSize - offset, into.Length);
            int index = PageIndex(address);
            if (pages[index] is { } page)
                page.AsSpan(offset, chunk).CopyTo(into);
            else
                into[..chunk].Clear();
            into = into[chunk..];
            address += (ulong)chunk;
        }
    }
}
