using System.Runtime.CompilerServices;
using Emulator.Cpu.Decoder;
using Emulator.Interconnect;

namespace Emulator.Cpu;

/// <summary>
/// Handlers of "Loads and stores: exclusive, ordered, atomic (LSE)" (rows in
/// Decoder/Table/LoadsAndStoresAtomic.cs). The acquire/release forms need nothing beyond
/// the plain ones: PEs run one at a time and each access completes before the next
/// instruction, so every access is already observed in program order.
/// <para>Choices where the Arm ARM leaves one:</para>
/// <list type="bullet">
/// <item>CONSTRAINED UNPREDICTABLE register overlaps (store-exclusive status register equal
///   to a data register or to a base other than SP; LDXP/LDAXP with Rt == Rt2) and
///   should-be-one fields that are not all ones are UNDEFINED, decided at decode time.
///   <see cref="IsConstrainedUnpredictable"/> recognises all of them.</item>
/// <item>A load-exclusive from MMIO marks only the local monitor (the global monitor watches
///   RAM only), so a store-exclusive to MMIO succeeds on the local monitor alone.</item>
/// <item>A store-exclusive checks alignment whatever the monitors say, but translates (and
///   so can abort otherwise) only when the monitors pass, as the Arm ARM's pseudocode does.
///   It clears both monitors whether it passes or not.</item>
/// <item>An alignment fault on an atomic read-modify-write (LD&lt;op&gt;, SWP, CAS, CASP)
///   reports WnR = 1: the access both reads and writes.</item>
/// </list>
/// </summary>
public static class LoadsAndStoresAtomic
{
    const AccessFlags Aligned = AccessFlags.AlignmentRequired;

    // ---- Exclusive monitors ---------------------------------------------------------

    /// <summary>The monitors track physical addresses (with the MMU off PA = VA).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ulong PhysicalAddress(Processor cpu, ulong va) => cpu.PhysicalAddressOf(va);

    /// <summary>
    /// AArch64.SetExclusiveMonitors: marks [va, va + size) in the local monitor and, when it
    /// is RAM, its granule in the global monitor for this PE.
    /// </summary>
    public static void SetExclusiveMonitors(Processor cpu, ulong va, int size)
    {
        ulong pa = PhysicalAddress(cpu, va);
        CpuState s = cpu.State;
        s.ExclusiveValid = true;
        s.ExclusiveAddress = pa;
        s.ExclusiveSize = size;
        if (cpu.Bus.RamAt(pa, size) is { } ram) cpu.Monitor.Mark(cpu.Index, ram, pa);
        else cpu.Monitor.Clear(cpu.Index);
    }

    /// <summary>
    /// Whether a store-exclusive of <paramref name="size"/> bytes at <paramref name="va"/>
    /// may write: the local monitor holds exactly that address and size, and (for RAM) the
    /// global monitor still holds the granule for this PE. Clears both monitors either way.
    /// </summary>
    public static bool ExclusiveMonitorsPass(Processor cpu, ulong va, int size)
    {
        ulong pa = PhysicalAddress(cpu, va);
        CpuState s = cpu.State;
        bool pass = s.ExclusiveValid && s.ExclusiveAddress == pa && s.ExclusiveSize == size;
        if (pass && cpu.Bus.RamAt(pa, size) is not null)
            pass = cpu.Monitor.Holds(cpu.Index, pa);
        ClearExclusiveMonitors(cpu);
        return pass;
    }

    /// <summary>
    /// Clears this PE's local monitor and releases its global reservation (CLREX, exception
    /// return). Releasing the global one too is allowed (the local monitor alone already
    /// makes the next store-exclusive fail) and stops the RAM page being watched.
    /// </summary>
    public static void ClearExclusiveMonitors(Processor cpu)
    {
        cpu.State.ExclusiveValid = false;
        cpu.Monitor.Clear(cpu.Index);
    }

    /// <summary>Exclusives are aligned to their whole size (a pair to twice the register size) whatever the memory type.</summary>
    static bool CheckExclusiveAlignment(Processor cpu, ulong va, int size)
    {
        if ((va & (ulong)(size - 1)) == 0) return true;
        cpu.DataAbort(va, FaultStatus.Alignment, write: true);
        return false;
    }

    // ---- Load/store exclusive -------------------------------------------------------

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void LDXR(Processor cpu, in DecodedInsn di)
    {
        if (!cpu.CheckSpAlignment(di.Rn)) return;
        ulong va = cpu.Xr(di.Rn);
        if (!cpu.Read(va, di.A, out ulong value, Aligned)) return;
        SetExclusiveMonitors(cpu, va, di.A);
        cpu.SetX(di.Rd, value);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void STXR(Processor cpu, in DecodedInsn di)
    {
        if (!cpu.CheckSpAlignment(di.Rn)) return;
        ulong va = cpu.Xr(di.Rn);
        int size = di.A;
        if (!CheckExclusiveAlignment(cpu, va, size)) return;
        bool pass = ExclusiveMonitorsPass(cpu, va, size);
        if (pass && !cpu.Write(va, size, cpu.Xr(di.Rd), Aligned)) return;
        cpu.SetX(di.Rm, pass ? 0UL : 1UL);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void LDXP(Processor cpu, in DecodedInsn di)
    {
        if (!cpu.CheckSpAlignment(di.Rn)) return;
        ulong va = cpu.Xr(di.Rn);
        ulong first, second;
        if (di.A == 4)
        {
            // One 8-byte single-copy-atomic access; Rt gets the word at the lower address.
            if (!cpu.Read64(va, out ulong both, Aligned)) return;
            first = (uint)both;
            second = both >> 32;
        }
        else if (!cpu.Read128(va, out first, out second, Aligned)) return;
        SetExclusiveMonitors(cpu, va, 2 * di.A);
        cpu.SetX(di.Rd, first);
        cpu.SetX(di.Ra, second);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void STXP(Processor cpu, in DecodedInsn di)
    {
        if (!cpu.CheckSpAlignment(di.Rn)) return;
        ulong va = cpu.Xr(di.Rn);
        int size = 2 * di.A;
        if (!CheckExclusiveAlignment(cpu, va, size)) return;
        bool pass = ExclusiveMonitorsPass(cpu, va, size);
        if (pass)
        {
            bool stored = di.A == 4
                ? cpu.Write64(va, cpu.Wr(di.Rd) | (ulong)cpu.Wr(di.Ra) << 32, Aligned)
                : cpu.Write128(va, cpu.Xr(di.Rd), cpu.Xr(di.Ra), Aligned);
            if (!stored) return;
        }
        cpu.SetX(di.Rm, pass ? 0UL : 1UL);
    }

    // ---- Load-acquire / store-release -----------------------------------------------

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void LDAR(Processor cpu, in DecodedInsn di)
    {
        if (!cpu.CheckSpAlignment(di.Rn)) return;
        if (!cpu.Read(cpu.Xr(di.Rn), di.A, out ulong value, Aligned)) return;
        cpu.SetX(di.Rd, value);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void STLR(Processor cpu, in DecodedInsn di)
    {
        if (!cpu.CheckSpAlignment(di.Rn)) return;
        cpu.Write(cpu.Xr(di.Rn), di.A, cpu.Xr(di.Rd), Aligned);
    }

    /// <summary>RCpc ordering is weaker than LDAR's; with one PE running at a time the two are the same.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void LDAPR(Processor cpu, in DecodedInsn di) => LDAR(cpu, di);

    // ---- Compare and swap -----------------------------------------------------------

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void CAS(Processor cpu, in DecodedInsn di)
    {
        if (!cpu.CheckSpAlignment(di.Rn)) return;
        ulong va = cpu.Xr(di.Rn);
        int size = di.A;
        ulong expected = cpu.Xr(di.Rm) & SizeMask(size);
        ulong replacement = cpu.Xr(di.Rd);
        // Probe as a write first: a location CAS could not write faults even when the compare fails.
        if (!cpu.CheckReadModifyWrite(va, size, Aligned)) return;
        if (!cpu.Read(va, size, out ulong old, Aligned)) return;
        if (old == expected && !cpu.Write(va, size, replacement, Aligned)) return;
        cpu.SetX(di.Rm, old);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void CASP(Processor cpu, in DecodedInsn di)
    {
        if (!cpu.CheckSpAlignment(di.Rn)) return;
        ulong va = cpu.Xr(di.Rn);
        // Rs and Rt are even (the predecoder makes odd ones UNDEFINED), so +1 is at most slot 31 (XZR).
        int s = di.Rm, t = di.Rd;
        ulong s1 = cpu.Xr(s), s2 = cpu.Xr(s + 1), t1 = cpu.Xr(t), t2 = cpu.Xr(t + 1);
        if (!cpu.CheckReadModifyWrite(va, 2 * di.A, Aligned)) return;
        ulong first, second;
        if (di.A == 4)
        {
            // The first register of each pair is the word at the lower address.
            if (!cpu.Read64(va, out ulong old, Aligned)) return;
            if (old == ((uint)s1 | (ulong)(uint)s2 << 32) &&
                !cpu.Write64(va, (uint)t1 | (ulong)(uint)t2 << 32, Aligned)) return;
            first = (uint)old;
            second = old >> 32;
        }
        else
        {
            if (!cpu.Read128(va, out first, out second, Aligned)) return;
            if (first == s1 && second == s2 && !cpu.Write128(va, t1, t2, Aligned)) return;
        }
        cpu.SetX(s, first);
        cpu.SetX(s + 1, second);
    }

    // ---- Atomic memory operations ---------------------------------------------------

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void LDADD(Processor cpu, in DecodedInsn di) => ReadModifyWrite<Add>(cpu, di);
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void LDCLR(Processor cpu, in DecodedInsn di) => ReadModifyWrite<BitClear>(cpu, di);
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void LDEOR(Processor cpu, in DecodedInsn di) => ReadModifyWrite<ExclusiveOr>(cpu, di);
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void LDSET(Processor cpu, in DecodedInsn di) => ReadModifyWrite<BitSet>(cpu, di);
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void LDSMAX(Processor cpu, in DecodedInsn di) => ReadModifyWrite<SignedMax>(cpu, di);
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void LDSMIN(Processor cpu, in DecodedInsn di) => ReadModifyWrite<SignedMin>(cpu, di);
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void LDUMAX(Processor cpu, in DecodedInsn di) => ReadModifyWrite<UnsignedMax>(cpu, di);
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void LDUMIN(Processor cpu, in DecodedInsn di) => ReadModifyWrite<UnsignedMin>(cpu, di);
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void SWP(Processor cpu, in DecodedInsn di) => ReadModifyWrite<Swap>(cpu, di);

    /// <summary>
    /// MemAtomic: reads the old value, stores op(old, Rs) (its low size bytes), then writes
    /// the old value zero-extended to Rt. A fault on either access leaves the registers alone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void ReadModifyWrite<TOp>(Processor cpu, in DecodedInsn di) where TOp : struct, IAtomicOperation
    {
        if (!cpu.CheckSpAlignment(di.Rn)) return;
        ulong va = cpu.Xr(di.Rn);
        int size = di.A;
        ulong operand = cpu.Xr(di.Rm);
        if (!cpu.CheckReadModifyWrite(va, size, Aligned)) return;
        if (!cpu.Read(va, size, out ulong old, Aligned)) return;
        if (!cpu.Write(va, size, TOp.Apply(old, operand, size), Aligned)) return;
        cpu.SetX(di.Rd, old);
    }

    /// <summary>All ones in the low <paramref name="size"/> bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ulong SizeMask(int size) => ulong.MaxValue >> (64 - 8 * size);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static long SignExtend(ulong value, int size) => (long)(value << (64 - 8 * size)) >> (64 - 8 * size);

    /// <summary>
    /// The operation of one atomic instruction. <c>old</c> is zero-extended from
    /// <c>size</c> bytes; the operand is the whole register; only the low <c>size</c>
    /// bytes of the result are stored.
    /// </summary>
    interface IAtomicOperation
    {
        static abstract ulong Apply(ulong old, ulong operand, int size);
    }

    readonly struct Add : IAtomicOperation
    {
        public static ulong Apply(ulong old, ulong operand, int size) => old + operand;
    }

    readonly struct BitClear : IAtomicOperation
    {
        public static ulong Apply(ulong old, ulong operand, int size) => old & ~operand;
    }

    readonly struct ExclusiveOr : IAtomicOperation
    {
        public static ulong Apply(ulong old, ulong operand, int size) => old ^ operand;
    }

    readonly struct BitSet : IAtomicOperation
    {
        public static ulong Apply(ulong old, ulong operand, int size) => old | operand;
    }

    readonly struct SignedMax : IAtomicOperation
    {
        public static ulong Apply(ulong old, ulong operand, int size) =>
            (ulong)Math.Max(SignExtend(old, size), SignExtend(operand, size));
    }

    readonly struct SignedMin : IAtomicOperation
    {
        public static ulong Apply(ulong old, ulong operand, int size) =>
            (ulong)Math.Min(SignExtend(old, size), SignExtend(operand, size));
    }

    readonly struct UnsignedMax : IAtomicOperation
    {
        public static ulong Apply(ulong old, ulong operand, int size) => Math.Max(old, operand & SizeMask(size));
    }

    readonly struct UnsignedMin : IAtomicOperation
    {
        public static ulong Apply(ulong old, ulong operand, int size) => Math.Min(old, operand & SizeMask(size));
    }

    readonly struct Swap : IAtomicOperation
    {
        public static ulong Apply(ulong old, ulong operand, int size) => operand;
    }

    // ---- CONSTRAINED UNPREDICTABLE encodings ------------------------------------------

    static readonly BitField RsField = new(16, 5), Rt2Field = new(10, 5), RnField = new(5, 5), RtField = new(0, 5);

    /// <summary>Each row with should-be-one fields, with those fields freed: (mask, value, the fields).</summary>
    static readonly (uint Mask, uint Value, uint Bits)[] ShouldBeOnePatterns =
    [
        .. A64Table.AtomicShouldBeOne.Select(e =>
        {
            Row row = A64Decoder.Instance.RowOf(e.Op);
            return (row.Mask & ~e.Bits, row.Value & ~e.Bits, e.Bits);
        }),
    ];

    /// <summary>
    /// True for the words of this group whose behaviour the Arm ARM leaves CONSTRAINED
    /// UNPREDICTABLE (and that we decode as UNDEFINED), so that a differential tester can
    /// skip them: should-be-one fields not all ones; STXR/STLXR (any size) and STXP/STLXP
    /// with Rs == Rt, Rs == Rt2 or Rs == Rn != 31; LDXP/LDAXP with Rt == Rt2.
    /// </summary>
    public static bool IsConstrainedUnpredictable(uint raw)
    {
        foreach ((uint mask, uint value, uint bits) in ShouldBeOnePatterns)
            if ((raw & mask) == value && (raw & bits) != bits)
                return true;
        uint rs = RsField.Extract(raw), rt = RtField.Extract(raw), rt2 = Rt2Field.Extract(raw), rn = RnField.Extract(raw);
        return A64Decoder.Instance.Lookup(raw)?.Op switch
        {
            Op.STXR => rs == rt || (rs == rn && rn != 31),
            Op.STXP => rs == rt || rs == rt2 || (rs == rn && rn != 31),
            Op.LDXP => rt == rt2,
            _ => false,
        };
    }
}
