namespace Emulator.Cpu;

/// <summary>
/// One cached stage 1 translation of the EL1&amp;0 regime: a page or block and what its
/// final descriptor (with the table descriptors' hierarchical controls folded in) says.
/// Only successful walks are cached: a descriptor that faults (invalid, Access flag 0,
/// address size) is never held, as the Arm ARM requires.
/// </summary>
public struct TlbRecord
{
    /// <summary>The VA of the page or block, with bits 63:56 the copy of bit 55 (tags and range bits normalised).</summary>
    public ulong VirtualBase;
    public ulong PhysicalBase;
    /// <summary>log2 of the page or block size (12 to 39).</summary>
    public byte SizeShift;
    /// <summary>The lookup level of the final descriptor (1 to 3), reported in permission fault syndromes.</summary>
    public byte Level;
    /// <summary>nG = 0: the translation holds for every ASID.</summary>
    public bool Global;
    /// <summary>The ASID the walk was made with (meaningful when not <see cref="Global"/>).</summary>
    public ushort Asid;
    /// <summary>AP[2:1] after APTable: bit 0 is AP[1] (EL0 access), bit 1 is AP[2] (read-only).</summary>
    public byte Ap;
    /// <summary>UXN and PXN after UXNTable and PXNTable.</summary>
    public bool Uxn, Pxn;
    /// <summary>AttrIndx: the MAIR_EL1 attribute field that gives the memory type.</summary>
    public byte AttrIndex;
    /// <summary>SH[1:0] of the descriptor.</summary>
    public byte Shareability;

    public readonly ulong SizeMask => (1UL << SizeShift) - 1;

    public readonly bool Covers(ulong normalisedVa) => (normalisedVa & ~SizeMask) == VirtualBase;
}

/// <summary>
/// The architectural TLB of one PE: translations tagged with the ASID they were walked
/// with, or global. It holds entries until TLB maintenance removes them, so that software
/// sees what a real TLB lets it see (a changed descriptor is not used before the TLBI that
/// the architecture asks for; a non-global entry of another ASID is not used; a global one
/// is). Past <see cref="Capacity"/> entries it drops them all, which the architecture allows
/// at any time. This is state that can be dropped (it is a cache), not snapshot data.
/// </summary>
public sealed class TranslationLookasideBuffer
{
    public const int Capacity = 4096;

    // Keyed by the page or block VA and its size: each key holds the entries of the ASIDs
    // (and the global one) that map it.
    readonly Dictionary<(ulong Base, byte Shift), List<TlbRecord>> entries = [];
    // Which sizes are present: a lookup tries only those.
    readonly int[] sizeCounts = new int[64];
    ulong sizesPresent;
    int count;

    public int Count => count;

    public bool Lookup(ulong normalisedVa, ushort asid, out TlbRecord record)
    {
        ulong sizes = sizesPresent;
        while (sizes != 0)
        {
            byte shift = (byte)ulong.TrailingZeroCount(sizes);
            sizes &= sizes - 1;
            if (!entries.TryGetValue((normalisedVa & ~((1UL << shift) - 1), shift), out List<TlbRecord>? list)) continue;
            foreach (TlbRecord r in list)
                if (r.Global || r.Asid == asid)
                {
                    record = r;
                    return true;
                }
        }
        record = default;
        return false;
    }

    public void Insert(in TlbRecord record)
    {
        if (count >= Capacity) Clear();
        var key = (record.VirtualBase, record.SizeShift);
        if (!entries.TryGetValue(key, out List<TlbRecord>? list))
            entries[key] = list = [];
        // One entry per ASID (or global) and VA: a new walk replaces the old one.
        for (int i = 0; i < list.Count; i++)
            if (list[i].Global == record.Global && (record.Global || list[i].Asid == record.Asid))
            {
                list[i] = record;
                return;
            }
        list.Add(record);
        Added(record.SizeShift);
    }

    public void Clear()
    {
        entries.Clear();
        Array.Clear(sizeCounts);
        sizesPresent = 0;
        count = 0;
    }

    /// <summary>
    /// Removes the entries that translate <paramref name="normalisedVa"/> and that
    /// <paramref name="matches"/> accepts (TLBI by VA; the VA's bits below the page or block
    /// size do not matter, as an entry covers them all).
    /// </summary>
    public void RemoveCovering(ulong normalisedVa, Func<TlbRecord, bool> matches)
    {
        ulong sizes = sizesPresent;
        while (sizes != 0)
        {
            byte shift = (byte)ulong.TrailingZeroCount(sizes);
            sizes &= sizes - 1;
            var key = (normalisedVa & ~((1UL << shift) - 1), shift);
            if (entries.TryGetValue(key, out List<TlbRecord>? list))
                RemoveFrom(key, list, matches);
        }
    }

    /// <summary>Removes every entry that <paramref name="matches"/> accepts (TLBI by ASID).</summary>
    public void RemoveAll(Func<TlbRecord, bool> matches)
    {
        foreach (var (key, list) in entries.ToArray())
            RemoveFrom(key, list, matches);
    }

    void RemoveFrom((ulong, byte) key, List<TlbRecord> list, Func<TlbRecord, bool> matches)
    {
        for (int i = list.Count - 1; i >= 0; i--)
            if (matches(list[i]))
            {
                Removed(list[i].SizeShift);
                list.RemoveAt(i);
            }
        if (list.Count == 0) entries.Remove(key);
    }

    void Added(byte shift)
    {
        count++;
        if (sizeCounts[shift]++ == 0) sizesPresent |= 1UL << shift;
    }

    void Removed(byte shift)
    {
        count--;
        if (--sizeCounts[shift] == 0) sizesPresent &= ~(1UL << shift);
    }
}

/// <summary>The TLBI operations of the EL1&amp;0 regime, numbered by op2 (Arm ARM C5.5).</summary>
public enum TlbiOperation : byte
{
    /// <summary>All entries (of the current VMID, here: all).</summary>
    VMALLE1 = 0,
    /// <summary>By VA and ASID: the global entries for the VA too.</summary>
    VAE1 = 1,
    /// <summary>By ASID: non-global entries of that ASID.</summary>
    ASIDE1 = 2,
    /// <summary>By VA, all ASIDs.</summary>
    VAAE1 = 3,
    /// <summary>By VA and ASID, last level only.</summary>
    VALE1 = 5,
    /// <summary>By VA, all ASIDs, last level only.</summary>
    VAALE1 = 7,
}

/// <summary>
/// The PEs that Inner Shareable maintenance reaches: TLBI ...IS and IC IALLUIS executed by
/// one PE act on all of them. The board gives one to every CPU, as it shares the exclusive
/// monitor; a lone PE has one of its own.
/// </summary>
public sealed class InnerShareableDomain
{
    readonly List<Processor> members = [];

    public IReadOnlyList<Processor> Members => members;

    public void Join(Processor cpu) => members.Add(cpu);

    /// <summary>Performs a TLBI operation on every PE of the domain (the issuing one included).</summary>
    public void Invalidate(TlbiOperation operation, ulong argument)
    {
        foreach (Processor cpu in members)
            cpu.InvalidateTlb(operation, argument);
    }

    /// <summary>IC IALLUIS: every PE fetches its next instruction afresh.</summary>
    public void InvalidateInstructionCaches()
    {
        foreach (Processor cpu in members)
            cpu.InvalidateFetch();
    }
}
