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
        /// <summary>The page's VA (page aligned), or <see cref="InvalidTag"/>.</summary>
        public ulong Tag;
        public ulong PhysicalPage;
        public byte[] Page;
    }

    readonly TlbEntry[] readTlb = new TlbEntry[TlbSize];
    readonly TlbEntry[] writeTlb = new TlbEntry[TlbSize];

    // The page instructions are fetched from: its VA tag, decoded slots and bytes.
    ulong fetchTag = InvalidTag;
    DecodedInsn[] fetchSlots = [];
    byte[] fetchBytes = [];

    /// <summary>Drops every cached translation (TLBI, MMU enable, translation-table changes).</summary>
    public void FlushTlb()
    {
        for (int i = 0; i < TlbSize; i++)
        {
            readTlb[i] = new TlbEntry { Tag = InvalidTag };
            writeTlb[i] = new TlbEntry { Tag = InvalidTag };
        }
        InvalidateFetch();
    }

    /// <summary>Makes the next instruction fetch go through the slow path.</summary>
    public void InvalidateFetch() => fetchTag = InvalidTag;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ref TlbEntry Entry(TlbEntry[] tlb, ulong va) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(tlb), (nint)((va >> Ram.PageShift) & (TlbSize - 1)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ref byte At(byte[] page, ulong va) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(page), (nint)(va & Ram.PageOffsetMask));

    // ---- Loads ----------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Read8(ulong va, out ulong value, AccessFlags flags = AccessFlags.None)
    {
        ref TlbEntry e = ref Entry(readTlb, va);
        if (e.Tag == (va & PageTagMask)) { value = At(e.Page, va); return true; }
        return ReadSlow(va, 1, flags, out value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Read16(ulong va, out ulong value, AccessFlags flags = AccessFlags.None)
    {
        ref TlbEntry e = ref Entry(readTlb, va);
        if (e.Tag == (va & (PageTagMask | 1))) { value = Unsafe.ReadUnaligned<ushort>(ref At(e.Page, va)); return true; }
        return ReadSlow(va, 2, flags, out value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Read32(ulong va, out ulong value, AccessFlags flags = AccessFlags.None)
    {
        ref TlbEntry e = ref Entry(readTlb, va);
        if (e.Tag == (va & (PageTagMask | 3))) { value = Unsafe.ReadUnaligned<uint>(ref At(e.Page, va)); return true; }
        return ReadSlow(va, 4, flags, out value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Read64(ulong va, out ulong value, AccessFlags flags = AccessFlags.None)
    {
        ref TlbEntry e = ref Entry(readTlb, va);
        if (e.Tag == (va & (PageTagMask | 7))) { value = Unsafe.ReadUnaligned<ulong>(ref At(e.Page, va)); return true; }
        return ReadSlow(va, 8, flags, out value);
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

    /// <summary>A single-copy-atomic 16-byte load (LDXP/LDAXP of X registers, CASP): both halves or a fault.</summary>
    public bool Read128(ulong va, out ulong low, out ulong high, AccessFlags flags = AccessFlags.None)
    {
        high = 0;
        if (!Check(va, 16, flags, write: false)) { low = 0; return false; }
        return Read64(va, out low) && Read64(va + 8, out high);
    }

    // ---- Stores ---------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Write8(ulong va, ulong value, AccessFlags flags = AccessFlags.None)
    {
        ref TlbEntry e = ref Entry(writeTlb, va);
        if (e.Tag != (va & PageTagMask)) return WriteSlow(va, 1, value, flags);
        At(e.Page, va) = (byte)value;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Write16(ulong va, ulong value, AccessFlags flags = AccessFlags.None)
    {
        ref TlbEntry e = ref Entry(writeTlb, va);
        if (e.Tag != (va & (PageTagMask | 1))) return WriteSlow(va, 2, value, flags);
        Unsafe.WriteUnaligned(ref At(e.Page, va), (ushort)value);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Write32(ulong va, ulong value, AccessFlags flags = AccessFlags.None)
    {
        ref TlbEntry e = ref Entry(writeTlb, va);
        if (e.Tag != (va & (PageTagMask | 3))) return WriteSlow(va, 4, value, flags);
        Unsafe.WriteUnaligned(ref At(e.Page, va), (uint)value);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Write64(ulong va, ulong value, AccessFlags flags = AccessFlags.None)
    {
        ref TlbEntry e = ref Entry(writeTlb, va);
        if (e.Tag != (va & (PageTagMask | 7))) return WriteSlow(va, 8, value, flags);
        Unsafe.WriteUnaligned(ref At(e.Page, va), value);
        return true;
    }

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

    // ---- DC ZVA and cache maintenance by VA ------------------------------------------

    /// <summary>The DC ZVA block: 64 bytes (DCZID_EL0.BS = 4, log2 of 16 words).</summary>
    public const int ZeroBlockSize = 64;

    /// <summary>
    /// DC ZVA: zeroes the naturally aligned <see cref="ZeroBlockSize"/>-byte block holding
    /// <paramref name="va"/>, as a set of stores. On any type of Device memory it is an
    /// Alignment fault, so with the MMU off (all data accesses Device-nGnRnE) it always
    /// faults. Faults report <paramref name="va"/> itself, with ESR.CM = 0.
    /// </summary>
    public bool ZeroBlock(ulong va)
    {
        ulong block = va & ~(ulong)(ZeroBlockSize - 1);
        if (block >> PhysicalAddressBits != 0)
        {
            DataAbort(va, FaultStatus.AddressSizeLevel0, write: true);
            return false;
        }
        if ((State.SctlrEl1 & SctlrM) == 0)
        {
            DataAbort(va, FaultStatus.Alignment, write: true);
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
    /// abort (there is no cache line to act on). <paramref name="invalidate"/>: DC IVAC, which
    /// needs write permission once the MMU has permissions. False when the abort was taken.
    /// </summary>
    public bool CheckCacheMaintenance(ulong va, bool invalidate)
    {
        // With the MMU off every address is readable and writable: only the address size can fault.
        if (va >> PhysicalAddressBits != 0)
        {
            DataAbort(va, FaultStatus.AddressSizeLevel0, write: true, cacheMaintenance: true);
            return false;
        }
        return true;
    }

    /// <summary>
    /// A page just became watched (code was decoded from it, or an exclusive monitor marked
    /// it): drop the write-TLB entries that map it, so every store to it goes through the
    /// slow path, which tells the watchers. Unwatched pages are written with no check at all.
    /// </summary>
    void OnWatchStarted(ulong physicalPage)
    {
        for (int i = 0; i < TlbSize; i++)
            if (writeTlb[i].PhysicalPage == physicalPage)
                writeTlb[i] = new TlbEntry { Tag = InvalidTag };
    }

    /// <summary>
    /// Translates a virtual address for the host's own use (semihosting, traces, loaders of
    /// guest-supplied pointers): no fault is raised and no state changes. False when the
    /// address has no physical mapping.
    /// </summary>
    public bool TryTranslateForHost(ulong va, out ulong pa)
    {
        pa = va;
        return va >> PhysicalAddressBits == 0;
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
    /// Stage 1 translation with the MMU off (Arm ARM D8.2.11): VA = PA, data accesses are to
    /// Device-nGnRnE memory (so any unaligned access faults), and an address beyond the
    /// physical address size is an Address size fault at level 0.
    /// </summary>
    bool Translate(ulong va, int size, AccessFlags flags, bool write, out ulong pa)
    {
        pa = va;
        bool aligned = (va & (ulong)(size - 1)) == 0;
        bool strict = (flags & AccessFlags.AlignmentRequired) != 0 || (State.SctlrEl1 & SctlrA) != 0;
        if (!aligned && strict)
        {
            DataAbort(va, FaultStatus.Alignment, write);
            return false;
        }
        if (va >> PhysicalAddressBits != 0)
        {
            DataAbort(va, FaultStatus.AddressSizeLevel0, write);
            return false;
        }
        bool device = (State.SctlrEl1 & SctlrM) == 0;
        if (!aligned && device)
        {
            DataAbort(va, FaultStatus.Alignment, write);
            return false;
        }
        return true;
    }

    const ulong SctlrM = 1UL << 0, SctlrA = 1UL << 1, SctlrSa = 1UL << 3, SctlrSa0 = 1UL << 4;

    /// <summary>
    /// The SP alignment check (Arm ARM D1.8.2): a load or store whose base register is SP,
    /// with SP not 16-byte aligned and SCTLR_EL1.SA (SA0 at EL0) set, takes an SP alignment
    /// fault. Call before the access; false means the exception was taken.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CheckSpAlignment(int baseSlot)
    {
        if (baseSlot != CpuState.SpSlot || (X[CpuState.SpSlot] & 15) == 0) return true;
        ulong enable = State.CurrentEl == 0 ? SctlrSa0 : SctlrSa;
        if ((State.SctlrEl1 & enable) == 0) return true;
        TakeException(ExceptionKind.Synchronous, ExceptionClass.SpAlignment, 0, InstructionAddress);
        return false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    bool ReadSlow(ulong va, int size, AccessFlags flags, out ulong value)
    {
        value = 0;
        if (!Translate(va, size, flags, write: false, out ulong pa)) return false;
        if ((va & Ram.PageOffsetMask) + (ulong)size > Ram.PageSize)
        {
            // Crosses a page: two translations, each half with its own faults.
            int first = (int)(Ram.PageSize - (va & Ram.PageOffsetMask));
            if (!ReadSlow(va, first, AccessFlags.None, out ulong low) ||
                !ReadSlow(va + (ulong)first, size - first, AccessFlags.None, out ulong high))
                return false;
            value = low | (high << (8 * first));
            return true;
        }
        if (Bus.RamAt(pa, size) is { } ram)
        {
            Fill(readTlb, va, pa, ram);
            value = ram.Read(pa, size);
            return true;
        }
        if (Bus.Read(pa, size, out value) != BusStatus.Ok)
        {
            DataAbort(va, FaultStatus.SynchronousExternal, write: false);
            return false;
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    bool WriteSlow(ulong va, int size, ulong value, AccessFlags flags)
    {
        if (!Translate(va, size, flags, write: true, out ulong pa)) return false;
        if ((va & Ram.PageOffsetMask) + (ulong)size > Ram.PageSize)
        {
            int first = (int)(Ram.PageSize - (va & Ram.PageOffsetMask));
            // Check both pages before writing either, so a fault leaves memory untouched.
            if (!Translate(va + (ulong)first, size - first, AccessFlags.None, write: true, out _)) return false;
            return WriteSlow(va, first, value, AccessFlags.None) &&
                   WriteSlow(va + (ulong)first, size - first, value >> (8 * first), AccessFlags.None);
        }
        if (Bus.RamAt(pa, size) is { } ram)
        {
            // Only unwatched pages get a write entry (see OnWatchStarted).
            if (ram.WatchFlags[ram.PageIndex(pa)] == PageWatch.None)
                Fill(writeTlb, va, pa, ram);
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

    static void Fill(TlbEntry[] tlb, ulong va, ulong pa, Ram ram)
    {
        ref TlbEntry e = ref Entry(tlb, va);
        e.Tag = va & PageTagMask;
        e.PhysicalPage = pa & PageTagMask;
        e.Page = ram.PageAt(pa);
    }

    /// <summary>
    /// Points the fetch path at the page holding <paramref name="pc"/>, or takes the
    /// exception that fetching from there raises (Illegal Execution State, PC alignment,
    /// instruction abort). Returns false when an exception was taken.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    bool SetFetchPage(ulong pc)
    {
        fetchTag = InvalidTag;
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
        ExceptionClass abort = State.CurrentEl == 0 ? ExceptionClass.InstructionAbortLowerEl : ExceptionClass.InstructionAbortSameEl;
        if (pc >> PhysicalAddressBits != 0)
        {
            TakeException(ExceptionKind.Synchronous, abort, FaultStatus.AddressSizeLevel0, pc, pc);
            return false;
        }
        ulong pa = pc;
        if (Bus.RamAt(pa, 4) is not { } ram)
        {
            TakeException(ExceptionKind.Synchronous, abort, FaultStatus.SynchronousExternal, pc, pc);
            return false;
        }
        fetchSlots = Code.PageFor(ram, pa);
        fetchBytes = ram.PageAt(pa);
        fetchTag = pc & PageTagMask;
        return true;
    }
}
