using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Emulator.Cpu.Decoder;
using Emulator.Interconnect;

namespace Emulator.Cpu;

/// <summary>How an access must be checked beyond its size.</summary>
[Flags]
public enum AccessFlags : byte
{
    None = 0,
    /// <summary>Exclusives and atomics: unaligned is an Alignment fault whatever the memory type.</summary>
    AlignmentRequired = 1,
    /// <summary>LDTR/STTR and friends: checked with EL0 permissions.</summary>
    Unprivileged = 2,
}

/// <summary>
/// The data and instruction paths to memory. Every access first tries the software TLB:
/// one tag compare that also rejects unaligned and page-crossing accesses, then a direct
/// read of the host page. Everything else (first touch of a page, MMIO, unaligned
/// accesses, faults) takes the slow path, which raises the architectural abort and
/// returns false; the handler then returns at once without further effects.
/// </summary>
public sealed partial class Processor
{
    // Separate read and write TLBs: a copy loop's loads and stores then never evict each
    // other, however its buffers are placed.
    const int TlbBits = 9;
    const int TlbSize = 1 << TlbBits;
    const ulong PageTagMask = ~Ram.PageOffsetMask;
    const ulong InvalidTag = ulong.MaxValue;
    /// <summary>Output (and, with the MMU off, input) addresses have 48 bits (ID_AA64MMFR0_EL1.PARange = 0b0101).</summary>
    public const int PhysicalAddressBits = 48;

    struct TlbEntry
    {
        /// <summary>The page's VA (page aligned, tag bits included), or <see cref="InvalidTag"/>.</summary>
        public ulong Tag;
        public ulong PhysicalPage;
        /// <summary>The host address of the RAM page (pinned, and kept alive by its <see cref="Ram"/>).</summary>
        public nint Host;
    }

    // The fast TLBs cache final translations of 4 KiB VA pages to RAM pages, with the
    // permission checks of one translation context already made: an entry exists only where
    // the access is allowed, so a hit needs no walk and no check. There is one pair (read,
    // write) per context: EL0, EL1, and EL1 with PSTATE.PAN. Changing EL or PAN (exception
    // entry and return) only points readTlb/writeTlb at another pair; a change of what the
    // translations are (TLBI, TTBR, TCR, SCTLR, MAIR) drops them all (InvalidateFastTlb).
    // LDTR/STTR always use the EL0 pair, whose permissions are theirs. With the MMU off every
    // pair holds the flat map.
    const int ContextEl0 = 0, ContextEl1 = 1, ContextEl1Pan = 2, ContextCount = 3;

    // The TLBs are pinned arrays reached through pointers, so a lookup needs no array
    // reference and no null check; the array field only keeps them alive.
    readonly TlbEntry[] tlbEntries = GC.AllocateArray<TlbEntry>(ContextCount * 2 * TlbSize, pinned: true);
    readonly unsafe TlbEntry* tlbBase;
    unsafe TlbEntry* readTlb, writeTlb;
    readonly unsafe TlbEntry* unprivilegedReadTlb, unprivilegedWriteTlb;
    int translationContext = -1;
    /// <summary>Whether any fast entry may be valid: dropping them all again is then free.</summary>
    bool fastTlbFilled;

    unsafe TlbEntry* ReadTlbOf(int context) => tlbBase + context * 2 * TlbSize;
    unsafe TlbEntry* WriteTlbOf(int context) => tlbBase + context * 2 * TlbSize + TlbSize;

    // The page instructions are fetched from: its VA tag, decoded slots and bytes.
    ulong fetchTag = InvalidTag;
    DecodedInsn[] fetchSlots = [];
    byte[] fetchBytes = [];

    /// <summary>The fetch TLB: per context, VA pages already translated for execution, with their decoded slots.</summary>
    struct FetchEntry
    {
        public ulong Tag;
        public DecodedInsn[] Slots;
        public byte[] Bytes;
    }

    const int FetchTlbBits = 8, FetchTlbSize = 1 << FetchTlbBits;
    readonly FetchEntry[] fetchTlb = new FetchEntry[ContextCount * FetchTlbSize];

    /// <summary>Drops every cached translation, the architectural TLB included (reset, snapshot restore).</summary>
    public void FlushTlb()
    {
        Tlb.Clear();
        fastTlbFilled = true;
        InvalidateFastTlb();
    }

    /// <summary>
    /// Drops the fast translations of every context and the fetch page: what they were made
    /// from has changed (TLB maintenance, or a write to a register that controls translation).
    /// The architectural TLB stays.
    /// </summary>
    public unsafe void InvalidateFastTlb()
    {
        InvalidateFetch();
        if (!fastTlbFilled) return;
        fastTlbFilled = false;
        for (int i = 0; i < ContextCount * 2 * TlbSize; i++)
            tlbBase[i] = new TlbEntry { Tag = InvalidTag };
        for (int i = 0; i < fetchTlb.Length; i++)
            fetchTlb[i] = new FetchEntry { Tag = InvalidTag, Slots = [], Bytes = [] };
    }

    /// <summary>
    /// Selects the fast TLBs for the current EL and PSTATE.PAN; call after either changes.
    /// Costs two stores and a fetch-page invalidation when the context changes.
    /// </summary>
    public unsafe void UpdateTranslationContext()
    {
        int context = State.CurrentEl == 0 ? ContextEl0 : State.Pan ? ContextEl1Pan : ContextEl1;
        if (context == translationContext) return;
        translationContext = context;
        readTlb = ReadTlbOf(context);
        writeTlb = WriteTlbOf(context);
        InvalidateFetch();
    }

    /// <summary>Makes the next instruction fetch go through the slow path.</summary>
    public void InvalidateFetch() => fetchTag = InvalidTag;

    /// <summary>The read TLB an access uses: LDTR and friends the EL0 one (flags are constants at every call, so this folds away).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    unsafe TlbEntry* ReadTlbFor(AccessFlags flags) => (flags & AccessFlags.Unprivileged) != 0 ? unprivilegedReadTlb : readTlb;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    unsafe TlbEntry* WriteTlbFor(AccessFlags flags) => (flags & AccessFlags.Unprivileged) != 0 ? unprivilegedWriteTlb : writeTlb;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe TlbEntry* Entry(TlbEntry* tlb, ulong va) => tlb + ((va >> Ram.PageShift) & (TlbSize - 1));

    /// <summary>The host address of <paramref name="va"/> in the page an entry maps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe byte* Host(TlbEntry* e, ulong va) => (byte*)e->Host + (va & Ram.PageOffsetMask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ref byte At(byte[] page, ulong va) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(page), (nint)(va & Ram.PageOffsetMask));

    // ---- Loads ----------------------------------------------------------------------
    // The slow path returns the value and reports success through an out parameter (rather
    // than the other way round) so that the caller's value stays in a register.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe bool Read8(ulong va, out ulong value, AccessFlags flags = AccessFlags.None)
    {
        TlbEntry* e = Entry(ReadTlbFor(flags), va);
        if (e->Tag == (va & PageTagMask)) { value = *Host(e, va); return true; }
        value = ReadSlow(va, 1, flags, out bool ok);
        return ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe bool Read16(ulong va, out ulong value, AccessFlags flags = AccessFlags.None)
    {
        TlbEntry* e = Entry(ReadTlbFor(flags), va);
        if (e->Tag == (va & (PageTagMask | 1))) { value = Unsafe.ReadUnaligned<ushort>(Host(e, va)); return true; }
        value = ReadSlow(va, 2, flags, out bool ok);
        return ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe bool Read32(ulong va, out ulong value, AccessFlags flags = AccessFlags.None)
    {
        TlbEntry* e = Entry(ReadTlbFor(flags), va);
        if (e->Tag == (va & (PageTagMask | 3))) { value = Unsafe.ReadUnaligned<uint>(Host(e, va)); return true; }
        value = ReadSlow(va, 4, flags, out bool ok);
        return ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe bool Read64(ulong va, out ulong value, AccessFlags flags = AccessFlags.None)
    {
        TlbEntry* e = Entry(ReadTlbFor(flags), va);
        if (e->Tag == (va & (PageTagMask | 7))) { value = Unsafe.ReadUnaligned<ulong>(Host(e, va)); return true; }
        value = ReadSlow(va, 8, flags, out bool ok);
        return ok;
    }

    /// <summary>A load of 1, 2, 4 or 8 bytes, zero-extended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Read(ulong va, int size, out ulong value, AccessFlags flags = AccessFlags.None) => size switch
    {
        1 => Read8(va, out value, flags),
        2 => Read16(va, out value, flags),
        4 => Read32(va, out value, flags),
        _ => Read64(va, out value, flags),
    };

    /// <summary>
    /// The two elements of a load pair (LDP, LDPSW, LDNP) of <paramref name="size"/> = 4 or
    /// 8 bytes each, zero-extended, in address order as two accesses. Both in one lookup when
    /// they are aligned and in one page: the TLB entry of <paramref name="va"/> then also maps
    /// va + size, and since an entry only ever holds tags of its own index, that tag compare
    /// alone proves both (va + size starting the next page would need the next entry).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe bool ReadPair(ulong va, int size, out ulong first, out ulong second)
    {
        TlbEntry* e = Entry(readTlb, va);
        if (e->Tag == ((va + (ulong)size) & (PageTagMask | (ulong)(size - 1))))
        {
            byte* p = Host(e, va);
            first = size == 8 ? Unsafe.ReadUnaligned<ulong>(p) : Unsafe.ReadUnaligned<uint>(p);
            second = size == 8 ? Unsafe.ReadUnaligned<ulong>(p + 8) : Unsafe.ReadUnaligned<uint>(p + 4);
            return true;
        }
        (first, second) = ReadPairSlow(va, size, out bool ok);
        return ok;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    (ulong, ulong) ReadPairSlow(ulong va, int size, out bool ok)
    {
        ulong first = 0, second = 0;
        ok = Read(va, size, out first) && Read(va + (ulong)size, size, out second);
        return (first, second);
    }

    /// <summary>A single-copy-atomic 16-byte load (LDXP/LDAXP of X registers, CASP): both halves or a fault.</summary>
    public bool Read128(ulong va, out ulong low, out ulong high, AccessFlags flags = AccessFlags.None)
    {
        high = 0;
        if (!Check(va, 16, flags, write: false)) { low = 0; return false; }
        return Read64(va, out low) && Read64(va + 8, out high);
    }

    // ---- Stores ---------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe bool Write8(ulong va, ulong value, AccessFlags flags = AccessFlags.None)
    {
        TlbEntry* e = Entry(WriteTlbFor(flags), va);
        if (e->Tag != (va & PageTagMask)) return WriteSlow(va, 1, value, flags);
        *Host(e, va) = (byte)value;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe bool Write16(ulong va, ulong value, AccessFlags flags = AccessFlags.None)
    {
        TlbEntry* e = Entry(WriteTlbFor(flags), va);
        if (e->Tag != (va & (PageTagMask | 1))) return WriteSlow(va, 2, value, flags);
        Unsafe.WriteUnaligned(Host(e, va), (ushort)value);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe bool Write32(ulong va, ulong value, AccessFlags flags = AccessFlags.None)
    {
        TlbEntry* e = Entry(WriteTlbFor(flags), va);
        if (e->Tag != (va & (PageTagMask | 3))) return WriteSlow(va, 4, value, flags);
        Unsafe.WriteUnaligned(Host(e, va), (uint)value);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe bool Write64(ulong va, ulong value, AccessFlags flags = AccessFlags.None)
    {
        TlbEntry* e = Entry(WriteTlbFor(flags), va);
        if (e->Tag != (va & (PageTagMask | 7))) return WriteSlow(va, 8, value, flags);
        Unsafe.WriteUnaligned(Host(e, va), value);
        return true;
    }

    /// <summary>
    /// The two elements of a store pair (STP, STNP) of <paramref name="size"/> = 4 or 8 bytes
    /// each, in address order; both in one lookup as for <see cref="ReadPair"/>. If the second
    /// faults the first has been made, which the Arm ARM allows (the memory the instruction
    /// writes is UNKNOWN after an abort).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe bool WritePair(ulong va, int size, ulong first, ulong second)
    {
        TlbEntry* e = Entry(writeTlb, va);
        if (e->Tag != ((va + (ulong)size) & (PageTagMask | (ulong)(size - 1))))
            return WritePairSlow(va, size, first, second);
        byte* p = Host(e, va);
        if (size == 8)
        {
            Unsafe.WriteUnaligned(p, first);
            Unsafe.WriteUnaligned(p + 8, second);
        }
        else
        {
            Unsafe.WriteUnaligned(p, (uint)first);
            Unsafe.WriteUnaligned(p + 4, (uint)second);
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    bool WritePairSlow(ulong va, int size, ulong first, ulong second) =>
        Write(va, size, first) && Write(va + (ulong)size, size, second);

    /// <summary>A store of the low 1, 2, 4 or 8 bytes of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Write(ulong va, int size, ulong value, AccessFlags flags = AccessFlags.None) => size switch
    {
        1 => Write8(va, value, flags),
        2 => Write16(va, value, flags),
        4 => Write32(va, value, flags),
        _ => Write64(va, value, flags),
    };

    /// <summary>A single-copy-atomic 16-byte store (STXP/STLXP of X registers, CASP).</summary>
    public bool Write128(ulong va, ulong low, ulong high, AccessFlags flags = AccessFlags.None)
    {
        if (!Check(va, 16, flags, write: true)) return false;
        // Probe the second half first, so that a fault there leaves memory untouched.
        if (!Check(va + 8, 8, AccessFlags.None, write: true)) return false;
        return Write64(va, low) && Write64(va + 8, high);
    }

    /// <summary>Checks that an access would succeed (alignment and translation), raising its abort if not.</summary>
    public bool Check(ulong va, int size, AccessFlags flags, bool write) =>
        Translate(va, size, flags, write, out _);

    /// <summary>
    /// Checks the access of an atomic read-modify-write (CAS, CASP, LD&lt;op&gt;, SWP), raising
    /// its abort if it would fault. The Arm ARM's WnR for these: 0 when a read of the address
    /// would raise the fault reported (translation, Access flag, alignment...), 1 otherwise,
    /// that is for a Permission fault that only the write raises.
    /// </summary>
    public bool CheckReadModifyWrite(ulong va, int size, AccessFlags flags) =>
        Check(va, size, flags, write: false) && Check(va, size, flags, write: true);

    // ---- DC ZVA and cache maintenance by VA ------------------------------------------

    /// <summary>The DC ZVA block: 64 bytes (DCZID_EL0.BS = 4, log2 of 16 words).</summary>
    public const int ZeroBlockSize = 64;

    /// <summary>
    /// DC ZVA: zeroes the naturally aligned <see cref="ZeroBlockSize"/>-byte block holding
    /// <paramref name="va"/>, as a set of stores after one translation as a write. On any
    /// type of Device memory it is an Alignment fault, so with the MMU off (all data
    /// accesses Device-nGnRnE) it always faults. Faults report <paramref name="va"/> itself,
    /// with ESR.CM = 0.
    /// </summary>
    public bool ZeroBlock(ulong va)
    {
        ulong block = va & ~(ulong)(ZeroBlockSize - 1);
        uint fault;
        if (!MmuEnabled)
            fault = !FlatAddressFits(block) ? FaultStatus.AddressSizeLevel0 : FaultStatus.Alignment;
        else
        {
            fault = TranslateStage1(block, out TlbRecord r);
            if (fault == NoFault && IsDevice(Attribute(r))) fault = FaultStatus.Alignment;
            else if (fault == NoFault && !Permits(r, AccessKind.Write, State.CurrentEl != 0, State.Pan))
                fault = Fault(PermissionFault, r.Level);
        }
        if (fault != NoFault)
        {
            DataAbort(va, fault, write: true);
            return false;
        }
        for (int i = 0; i < ZeroBlockSize; i += 8)
            if (!Write64(block + (ulong)i, 0))
                return false;
        return true;
    }

    /// <summary>
    /// The translation that a cache maintenance instruction by VA (DC IVAC/CVAC/CVAU/CIVAC,
    /// IC IVAU) performs: it faults as the access would (ESR.CM = 1, WnR = 1) but reads and
    /// writes nothing, so an address with no RAM or device behind it is not an external
    /// abort (there is no cache line to act on). The permission it needs: write for DC IVAC
    /// (<paramref name="invalidate"/>), read at EL0 for the others, none at EL1; PAN does not
    /// apply. False when the abort was taken.
    /// </summary>
    public bool CheckCacheMaintenance(ulong va, bool invalidate)
    {
        uint fault = NoFault;
        if (!MmuEnabled)
        {
            // With the MMU off every address is readable and writable: only the address size can fault.
            if (!FlatAddressFits(va)) fault = FaultStatus.AddressSizeLevel0;
        }
        else
        {
            fault = TranslateStage1(va, out TlbRecord r);
            if (fault == NoFault && !Permits(r, invalidate ? AccessKind.CacheInvalidate : AccessKind.CacheClean,
                    State.CurrentEl != 0, pan: false))
                fault = Fault(PermissionFault, r.Level);
        }
        if (fault == NoFault) return true;
        DataAbort(va, fault, write: true, cacheMaintenance: true);
        return false;
    }

    /// <summary>
    /// A page just became watched (code was decoded from it, or an exclusive monitor marked
    /// it): drop the write-TLB entries that map it, so every store to it goes through the
    /// slow path, which tells the watchers. Unwatched pages are written with no check at all.
    /// </summary>
    unsafe void OnWatchStarted(ulong physicalPage)
    {
        for (int context = 0; context < ContextCount; context++)
        {
            TlbEntry* tlb = WriteTlbOf(context);
            for (int i = 0; i < TlbSize; i++)
                if (tlb[i].PhysicalPage == physicalPage)
                    tlb[i] = new TlbEntry { Tag = InvalidTag };
        }
    }

    /// <summary>
    /// Translates a virtual address for the host's own use (semihosting, traces, loaders of
    /// guest-supplied pointers): no fault is raised and no state changes (the TLB is looked
    /// at but not filled). False when the address has no physical mapping. Permissions are
    /// not checked.
    /// </summary>
    public bool TryTranslateForHost(ulong va, out ulong pa)
    {
        pa = FlatAddress(va);
        if (!MmuEnabled) return FlatAddressFits(va);
        if (TranslateStage1(va, out TlbRecord r, allocate: false) != NoFault) return false;
        pa = r.PhysicalBase | (Normalise(va) & r.SizeMask);
        return true;
    }

    /// <summary>
    /// The physical address the exclusive monitors track for an access to <paramref name="va"/>
    /// the instruction has just made or checked: from the fast TLBs when they map it, else
    /// from a translation without side effects.
    /// </summary>
    internal unsafe ulong PhysicalAddressOf(ulong va)
    {
        if (!MmuEnabled) return FlatAddress(va);
        TlbEntry* e = Entry(readTlb, va);
        if (e->Tag == (va & PageTagMask)) return e->PhysicalPage | (va & Ram.PageOffsetMask);
        e = Entry(writeTlb, va);
        if (e->Tag == (va & PageTagMask)) return e->PhysicalPage | (va & Ram.PageOffsetMask);
        return TryTranslateForHost(va, out ulong pa) ? pa : va;
    }

    /// <summary>Reads guest RAM through the current translation without side effects; false if any byte is not RAM.</summary>
    public bool TryReadForHost(ulong va, Span<byte> into)
    {
        for (int i = 0; i < into.Length; i++)
        {
            // RAM only: reading a device register could have side effects (a UART's FIFO pops).
            if (!TryTranslateForHost(va + (ulong)i, out ulong pa) || Bus.RamAt(pa) is not { } ram)
                return false;
            into[i] = (byte)ram.Read(pa, 1);
        }
        return true;
    }

    // ---- Slow paths -----------------------------------------------------------------

    /// <summary>
    /// The translation of a data access, raising its abort when it faults. The alignment
    /// checks that do not depend on the memory type come first (SCTLR_EL1.A, exclusives and
    /// atomics). With the MMU off (Arm ARM D8.2.11) VA = PA, data accesses are to
    /// Device-nGnRnE memory (so any unaligned access faults), and an address beyond the
    /// physical address size is an Address size fault at level 0. With the MMU on, see
    /// <see cref="TranslateData"/>.
    /// </summary>
    bool Translate(ulong va, int size, AccessFlags flags, bool write, out ulong pa)
    {
        pa = FlatAddress(va);
        bool aligned = (va & (ulong)(size - 1)) == 0;
        bool strict = (flags & AccessFlags.AlignmentRequired) != 0 || (State.SctlrEl1 & SctlrA) != 0;
        if (!aligned && strict)
        {
            DataAbort(va, FaultStatus.Alignment, write);
            return false;
        }
        uint fault;
        if (MmuEnabled)
            fault = TranslateData(va, write ? AccessKind.Write : AccessKind.Read, (flags & AccessFlags.Unprivileged) != 0, aligned, out pa);
        else if (!FlatAddressFits(va))
            fault = FaultStatus.AddressSizeLevel0;
        else
            fault = aligned ? NoFault : FaultStatus.Alignment;
        if (fault == NoFault) return true;
        DataAbort(va, fault, write);
        return false;
    }

    const ulong SctlrM = 1UL << 0, SctlrA = 1UL << 1, SctlrSa = 1UL << 3, SctlrSa0 = 1UL << 4;

    /// <summary>
    /// The SP alignment check (Arm ARM D1.8.2): a load or store whose base register is SP,
    /// with SP not 16-byte aligned and SCTLR_EL1.SA (SA0 at EL0) set, takes an SP alignment
    /// fault. Call before the access; false means the exception was taken.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CheckSpAlignment(int baseSlot) =>
        baseSlot != CpuState.SpSlot || (Xr(CpuState.SpSlot) & 15) == 0 || CheckSpAlignmentSlow();

    [MethodImpl(MethodImplOptions.NoInlining)]
    bool CheckSpAlignmentSlow()
    {
        ulong enable = State.CurrentEl == 0 ? SctlrSa0 : SctlrSa;
        if ((State.SctlrEl1 & enable) == 0) return true;
        TakeException(ExceptionKind.Synchronous, ExceptionClass.SpAlignment, 0, InstructionAddress);
        return false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    unsafe ulong ReadSlow(ulong va, int size, AccessFlags flags, out bool ok)
    {
        ok = false;
        if (!Translate(va, size, flags, write: false, out ulong pa)) return 0;
        if (debugWatchArmed && !CheckWatchpoints(va, size, write: false, flags)) return 0;
        if ((va & Ram.PageOffsetMask) + (ulong)size > Ram.PageSize)
        {
            // Crosses a page: two translations, each half with its own faults.
            AccessFlags halves = flags & AccessFlags.Unprivileged;
            int first = (int)(Ram.PageSize - (va & Ram.PageOffsetMask));
            ulong low = ReadSlow(va, first, halves, out ok);
            if (!ok) return 0;
            ulong high = ReadSlow(va + (ulong)first, size - first, halves, out ok);
            return ok ? low | (high << (8 * first)) : 0;
        }
        if (Bus.RamAt(pa, size) is { } ram)
        {
            if (!WatchpointOnPage(va)) Fill(ReadTlbFor(flags), va, pa, ram);
            ok = true;
            return ram.Read(pa, size);
        }
        if (Bus.Read(pa, size, out ulong value) != BusStatus.Ok)
        {
            DataAbort(va, FaultStatus.SynchronousExternal, write: false);
            return 0;
        }
        ok = true;
        return value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    unsafe bool WriteSlow(ulong va, int size, ulong value, AccessFlags flags)
    {
        if (!Translate(va, size, flags, write: true, out ulong pa)) return false;
        if (debugWatchArmed && !CheckWatchpoints(va, size, write: true, flags)) return false;
        if ((va & Ram.PageOffsetMask) + (ulong)size > Ram.PageSize)
        {
            AccessFlags halves = flags & AccessFlags.Unprivileged;
            int first = (int)(Ram.PageSize - (va & Ram.PageOffsetMask));
            // Check both pages before writing either, so a fault leaves memory untouched.
            if (!Translate(va + (ulong)first, size - first, halves, write: true, out _)) return false;
            return WriteSlow(va, first, value, halves) &&
                   WriteSlow(va + (ulong)first, size - first, value >> (8 * first), halves);
        }
        if (Bus.RamAt(pa, size) is { } ram)
        {
            // Only unwatched pages get a write entry (see OnWatchStarted).
            if (ram.WatchFlags[ram.PageIndex(pa)] == PageWatch.None && !WatchpointOnPage(va))
                Fill(WriteTlbFor(flags), va, pa, ram);
            ram.Write(pa, size, value, Index);
            return true;
        }
        if (Bus.Write(pa, size, value, Index) != BusStatus.Ok)
        {
            DataAbort(va, FaultStatus.SynchronousExternal, write: true);
            return false;
        }
        return true;
    }

    unsafe void Fill(TlbEntry* tlb, ulong va, ulong pa, Ram ram)
    {
        fastTlbFilled = true;
        TlbEntry* e = Entry(tlb, va);
        e->Tag = va & PageTagMask;
        e->PhysicalPage = pa & PageTagMask;
        e->Host = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(ram.PageAt(pa)));
    }

    /// <summary>
    /// Points the fetch path at the page holding <paramref name="pc"/>, or takes the
    /// exception that fetching from there raises (Illegal Execution State, PC alignment,
    /// instruction abort). The fetch TLB of the context answers for pages already
    /// translated; otherwise the translation checks execute permission at the current EL.
    /// Returns false when an exception was taken.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    bool SetFetchPage(ulong pc)
    {
        fetchTag = InvalidTag;
        if (debugArmed && DebugStepBeforeFetch(pc))
            return false;
        if (TakePendingInterrupt(pc))
            return false;
        if (State.IllegalState)
        {
            TakeException(ExceptionKind.Synchronous, ExceptionClass.IllegalExecutionState, 0, pc);
            return false;
        }
        if ((pc & 3) != 0)
        {
            TakeException(ExceptionKind.Synchronous, ExceptionClass.PcAlignment, 0, pc, pc);
            return false;
        }
        ref FetchEntry cached = ref fetchTlb[translationContext * FetchTlbSize + (int)((pc >> Ram.PageShift) & (FetchTlbSize - 1))];
        ulong tag = pc & PageTagMask;
        if (cached.Tag != tag)
        {
            ExceptionClass abort = State.CurrentEl == 0 ? ExceptionClass.InstructionAbortLowerEl : ExceptionClass.InstructionAbortSameEl;
            ulong pa = FlatAddress(pc);
            uint fault = MmuEnabled ? TranslateFetch(pc, out pa)
                : !FlatAddressFits(pc) ? FaultStatus.AddressSizeLevel0 : NoFault;
            if (fault != NoFault)
            {
                TakeException(ExceptionKind.Synchronous, abort, fault, pc, pc);
                return false;
            }
            if (Bus.RamAt(pa, 4) is not { } ram)
            {
                TakeException(ExceptionKind.Synchronous, abort, FaultStatus.SynchronousExternal, pc, pc);
                return false;
            }
            fastTlbFilled = true;
            cached = new FetchEntry { Tag = tag, Slots = Code.PageFor(ram, pa), Bytes = ram.PageAt(pa) };
        }
        if (debugArmed && DebugBreakpointBeforeFetch(pc))
            return false;
        fetchSlots = cached.Slots;
        fetchBytes = cached.Bytes;
        fetchTag = debugArmed ? DebugFetchTag(pc) : tag;
        return true;
    }
}
