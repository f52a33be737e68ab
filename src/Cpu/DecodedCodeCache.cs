using Emulator.Cpu.Decoder;
using Emulator.Interconnect;

namespace Emulator.Cpu;

/// <summary>
/// Decoded instructions, cached per 4 KiB page of physical RAM so that loops are decoded
/// once. A page that holds decoded instructions is watched: any write to it (by any CPU or
/// device) clears its decoded slots in place, so they decode again from the new bytes. One
/// cache serves all CPUs of a machine. This is a cache: dropping it changes nothing the
/// guest can see.
/// </summary>
public sealed class DecodedCodeCache : IRamWriteWatcher
{
    public const int SlotsPerPage = Ram.PageSize / 4;

    readonly Dictionary<(Ram, ulong), DecodedInsn[]> pages = [];

    public PageWatch Watches => PageWatch.Code;

    /// <summary>Registers the cache with every RAM of the bus.</summary>
    public DecodedCodeCache(Bus bus)
    {
        foreach (Ram ram in bus.Rams)
            ram.AddWatcher(this);
    }

    /// <summary>The decoded slots of the page holding <paramref name="physicalAddress"/>.</summary>
    public DecodedInsn[] PageFor(Ram ram, ulong physicalAddress)
    {
        ulong page = physicalAddress & ~Ram.PageOffsetMask;
        if (!pages.TryGetValue((ram, page), out DecodedInsn[]? slots))
        {
            slots = new DecodedInsn[SlotsPerPage];
            pages[(ram, page)] = slots;
        }
        ram.Watch(page, PageWatch.Code);
        return slots;
    }

    public void OnWatchedWrite(Ram ram, ulong address, int size, int agent)
    {
        ulong first = address & ~Ram.PageOffsetMask, last = (address + (ulong)size - 1) & ~Ram.PageOffsetMask;
        for (ulong page = first; page <= last; page += Ram.PageSize)
        {
            if (!ram.Contains(page) || !pages.TryGetValue((ram, page), out DecodedInsn[]? slots)) continue;
            // Only the words written need decoding again; the rest of the page stays decoded.
            ulong from = Math.Max(address, page), to = Math.Min(address + (ulong)size, page + Ram.PageSize);
            int firstSlot = (int)((from & Ram.PageOffsetMask) >> 2);
            int lastSlot = (int)(((to - 1) & Ram.PageOffsetMask) >> 2);
            // Only the op is reset: an instruction that overwrites its own slot is still
            // executing from it and may read its other fields after the store.
            for (int i = firstSlot; i <= lastSlot; i++)
                slots[i].Op = Op.Undecoded;
        }
    }

    /// <summary>Drops every decoded instruction (e.g. after a snapshot restore).</summary>
    public void Clear()
    {
        foreach (DecodedInsn[] slots in pages.Values)
            Array.Clear(slots);
    }
}
