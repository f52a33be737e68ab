using System.Runtime.CompilerServices;
using Emulator.Cpu.Decoder;

namespace Emulator.Cpu;

/// <summary>
/// One Advanced SIMD lane operation, as a struct type so that the generic lane loops of
/// <see cref="SimdLanes"/> are compiled once per operation with it inlined. The elements
/// come zero-extended: <paramref name="d"/> the destination's old element (for the
/// accumulating operations), <paramref name="a"/> Vn's and <paramref name="b"/> Vm's; the
/// result's bits above <paramref name="bits"/> are ignored. A saturating operation sets
/// <paramref name="qc"/> when it saturates.
/// </summary>
public interface ILaneOp
{
    static abstract ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc);
}

/// <summary>
/// Element helpers and lane loops shared by the Advanced SIMD integer handlers. Vectors
/// are worked on as their two 64-bit halves (<see cref="Processor.VLow"/>,
/// <see cref="Processor.VHigh"/>); with Q = 0 the upper half of the result is zero, as for
/// every 64-bit vector write. Every source is read before the destination is written, so
/// Vd may be Vn or Vm.
/// </summary>
public static class SimdLanes
{
    /// <summary>FPSR.QC, the cumulative saturation bit.</summary>
    public const uint FpsrQc = 1u << 27;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mask(int bits) => bits >= 64 ? ulong.MaxValue : (1UL << bits) - 1;

    /// <summary>An element of <paramref name="bits"/> bits read as a signed number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Signed(ulong value, int bits) => (long)(value << (64 - bits)) >> (64 - bits);

    /// <summary>Bit 0 of every lane set: 0x0101..01 for bytes, and so on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong LaneOnes(int bits) => bits switch
    {
        8 => 0x0101_0101_0101_0101UL,
        16 => 0x0001_0001_0001_0001UL,
        32 => 0x0000_0001_0000_0001UL,
        _ => 1,
    };

    /// <summary>The top bit of every lane set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong LaneTops(int bits) => LaneOnes(bits) << (bits - 1);

    /// <summary>Lane-wise a + b without carries between lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AddLanes(ulong a, ulong b, int bits)
    {
        ulong h = LaneTops(bits);
        return ((a & ~h) + (b & ~h)) ^ ((a ^ b) & h);
    }

    /// <summary>Lane-wise a - b without borrows between lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong SubLanes(ulong a, ulong b, int bits)
    {
        ulong h = LaneTops(bits);
        return ((a | h) - (b & ~h)) ^ ((a ^ ~b) & h);
    }

    /// <summary>All ones in every lane of x that is not zero, zeros in the others.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong NonZeroLanes(ulong x, int bits)
    {
        if (bits == 64) return x != 0 ? ulong.MaxValue : 0;
        ulong h = LaneTops(bits);
        ulong tops = (((x & ~h) + ~h) | x) & h;
        return (tops >> (bits - 1)) * Mask(bits);
    }

    /// <summary>SignedSatQ / UnsignedSatQ (Arm ARM shared pseudocode): x clamped to <paramref name="bits"/> bits.</summary>
    public static ulong Saturate(Int128 x, int bits, bool unsigned, ref bool qc)
    {
        Int128 max = unsigned ? (((Int128)1) << bits) - 1 : (((Int128)1) << (bits - 1)) - 1;
        Int128 min = unsigned ? 0 : -max - 1;
        if (x > max) { qc = true; x = max; }
        else if (x < min) { qc = true; x = min; }
        return (ulong)x & Mask(bits);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong SignedSat(Int128 x, int bits, ref bool qc) => Saturate(x, bits, unsigned: false, ref qc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong UnsignedSat(Int128 x, int bits, ref bool qc) => Saturate(x, bits, unsigned: true, ref qc);

    /// <summary>An element as the integer the operation sees: signed or unsigned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Int128 Int(ulong value, int bits, bool unsigned) => unsigned ? value : Signed(value, bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetQc(Processor cpu, bool saturated)
    {
        if (saturated) cpu.State.Fpsr |= FpsrQc;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Bits(in DecodedInsn di) => 8 << di.A;

    // ---- Lane loops ---------------------------------------------------------------------

    /// <summary>T over every lane of one 64-bit half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Half<T>(ulong d, ulong a, ulong b, int bits, ref bool qc) where T : struct, ILaneOp
    {
        if (bits == 64) return T.Apply(d, a, b, 64, ref qc);
        ulong mask = Mask(bits), result = 0;
        for (int s = 0; s < 64; s += bits)
            result |= (T.Apply((d >> s) & mask, (a >> s) & mask, (b >> s) & mask, bits, ref qc) & mask) << s;
        return result;
    }

    /// <summary>Vd = T(Vd, Vn, Vm) lane by lane (A = size, B = Q).</summary>
    public static void Same<T>(Processor cpu, in DecodedInsn di) where T : struct, ILaneOp
    {
        int bits = Bits(di);
        bool qc = false;
        ulong lo = Half<T>(cpu.VLow(di.Rd), cpu.VLow(di.Rn), cpu.VLow(di.Rm), bits, ref qc);
        ulong hi = di.B != 0 ? Half<T>(cpu.VHigh(di.Rd), cpu.VHigh(di.Rn), cpu.VHigh(di.Rm), bits, ref qc) : 0;
        cpu.SetV(di.Rd, lo, hi);
        SetQc(cpu, qc);
    }

    /// <summary>Vd = T(Vd, Vn) lane by lane (b is 0).</summary>
    public static void Unary<T>(Processor cpu, in DecodedInsn di) where T : struct, ILaneOp
    {
        int bits = Bits(di);
        bool qc = false;
        ulong lo = Half<T>(cpu.VLow(di.Rd), cpu.VLow(di.Rn), 0, bits, ref qc);
        ulong hi = di.B != 0 ? Half<T>(cpu.VHigh(di.Rd), cpu.VHigh(di.Rn), 0, bits, ref qc) : 0;
        cpu.SetV(di.Rd, lo, hi);
        SetQc(cpu, qc);
    }

    /// <summary>The scalar form: element 0 of size A, the rest of Vd cleared.</summary>
    public static void Scalar<T>(Processor cpu, in DecodedInsn di) where T : struct, ILaneOp
    {
        int bits = Bits(di);
        ulong mask = Mask(bits);
        bool qc = false;
        ulong r = T.Apply(cpu.VLow(di.Rd) & mask, cpu.VLow(di.Rn) & mask, cpu.VLow(di.Rm) & mask, bits, ref qc);
        cpu.SetVScalar(di.Rd, r, bits);
        SetQc(cpu, qc);
    }

    /// <summary>The scalar form of a unary operation.</summary>
    public static void ScalarUnary<T>(Processor cpu, in DecodedInsn di) where T : struct, ILaneOp
    {
        int bits = Bits(di);
        ulong mask = Mask(bits);
        bool qc = false;
        ulong r = T.Apply(cpu.VLow(di.Rd) & mask, cpu.VLow(di.Rn) & mask, 0, bits, ref qc);
        cpu.SetVScalar(di.Rd, r, bits);
        SetQc(cpu, qc);
    }

    /// <summary>
    /// Pairs of the 128-bit value y:x reduced by T into one 64-bit half: element k is
    /// T(element 2k, element 2k + 1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ulong PairHalf<T>(ulong x, ulong y, int bits) where T : struct, ILaneOp
    {
        bool qc = false;
        if (bits == 64) return T.Apply(0, x, y, 64, ref qc);
        ulong mask = Mask(bits), result = 0;
        int halfWidth = 32;
        for (int s = 0; s < halfWidth; s += bits)
        {
            result |= (T.Apply(0, (x >> (2 * s)) & mask, (x >> (2 * s + bits)) & mask, bits, ref qc) & mask) << s;
            result |= (T.Apply(0, (y >> (2 * s)) & mask, (y >> (2 * s + bits)) & mask, bits, ref qc) & mask) << (s + halfWidth);
        }
        return result;
    }

    /// <summary>Pairwise: the pairs of Vm:Vn (Vn the low part) reduced by T.</summary>
    public static void Pairwise<T>(Processor cpu, in DecodedInsn di) where T : struct, ILaneOp
    {
        int bits = Bits(di);
        if (di.B != 0)
            cpu.SetV(di.Rd, PairHalf<T>(cpu.VLow(di.Rn), cpu.VHigh(di.Rn), bits), PairHalf<T>(cpu.VLow(di.Rm), cpu.VHigh(di.Rm), bits));
        else
            cpu.SetV(di.Rd, PairHalf<T>(cpu.VLow(di.Rn), cpu.VLow(di.Rm), bits), 0);
    }

    // ---- Shifts by register and by immediate --------------------------------------------

    /// <summary>
    /// The shift of SSHL, USHL, SRSHL, URSHL, SQSHL, UQSHL, SQRSHL, UQRSHL (register): the
    /// shift is the signed bottom byte of <paramref name="b"/>, negative shifting right
    /// (rounding adds 1 &lt;&lt; (-shift - 1) first); the result is truncated or saturated.
    /// Shifts past the element are clamped where the outcome no longer changes, so the
    /// arithmetic fits in 128 bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ShiftByRegister(ulong a, ulong b, int bits, bool unsigned, bool rounding, bool saturating, ref bool qc)
    {
        int shift = (sbyte)(byte)b;
        Int128 x = Int(a, bits, unsigned);
        if (shift >= bits)
            return saturating && x != 0 ? Saturate(x > 0 ? Int128.MaxValue : Int128.MinValue, bits, unsigned, ref qc) : 0;
        if (shift >= 0)
            x <<= shift;
        else
        {
            int right = Math.Min(-shift, bits + 1);
            if (rounding) x += ((Int128)1) << (right - 1);
            x >>= right;
        }
        return saturating ? Saturate(x, bits, unsigned, ref qc) : (ulong)x & Mask(bits);
    }

    /// <summary>A right shift by 1 to esize (or more, for the narrowing forms' wide elements), optionally rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Int128 ShiftRight(Int128 x, int shift, bool rounding)
    {
        if (rounding) x += ((Int128)1) << (shift - 1);
        return x >> shift;
    }

    // ---- Narrowing and widening -----------------------------------------------------------

    /// <summary>
    /// One 64-bit half of narrow results from the 128-bit a (elements of 2 * bits) and b:
    /// result element i is T(0, a[i], b[i], bits), with bits the narrow size. With
    /// <paramref name="bIsConstant"/>, b is handed to every lane as it is (a shift amount).
    /// </summary>
    public static ulong NarrowHalf<T>(ulong aLo, ulong aHi, ulong bLo, ulong bHi, int bits, bool bIsConstant, ref bool qc) where T : struct, ILaneOp
    {
        int wide = 2 * bits, perHalf = 64 / wide;
        ulong wideMask = Mask(wide), mask = Mask(bits), result = 0;
        for (int i = 0; i < perHalf; i++)
        {
            int s = i * wide;
            ulong bl = bIsConstant ? bLo : (bLo >> s) & wideMask, bh = bIsConstant ? bHi : (bHi >> s) & wideMask;
            result |= (T.Apply(0, (aLo >> s) & wideMask, bl, bits, ref qc) & mask) << (i * bits);
            result |= (T.Apply(0, (aHi >> s) & wideMask, bh, bits, ref qc) & mask) << ((i + perHalf) * bits);
        }
        return result;
    }

    /// <summary>Writes a narrowed half: to the lower half of Vd, clearing the upper (Q = 0), or to the upper half keeping the lower ("2", Q = 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetNarrow(Processor cpu, in DecodedInsn di, ulong half, bool qc)
    {
        if (di.B != 0) cpu.SetV(di.Rd, cpu.VLow(di.Rd), half);
        else cpu.SetV(di.Rd, half, 0);
        SetQc(cpu, qc);
    }

    /// <summary>The half of Vn that a widening operation reads: the upper one for the "2" forms (Q = 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong SourceHalf(Processor cpu, int n, in DecodedInsn di) => di.B != 0 ? cpu.VHigh(n) : cpu.VLow(n);

    /// <summary>
    /// A widening operation: result element i (2 * bits wide) is T(Vd[i], a[i], b[i], bits),
    /// with a and b elements of the 64-bit halves given (of bits, or of 2 * bits when
    /// <paramref name="wideA"/>: the W forms take Vn whole), d the wide element of Vd.
    /// </summary>
    public static void Long<T>(Processor cpu, in DecodedInsn di, ulong bHalf, bool wideA, ref bool qc) where T : struct, ILaneOp
    {
        int bits = Bits(di), wide = 2 * bits, count = 64 / bits;
        ulong mask = Mask(bits), wideMask = Mask(wide);
        ulong aLo = wideA ? cpu.VLow(di.Rn) : SourceHalf(cpu, di.Rn, di), aHi = cpu.VHigh(di.Rn);
        ulong dLo = cpu.VLow(di.Rd), dHi = cpu.VHigh(di.Rd), lo = 0, hi = 0;
        int perHalf = count / 2;
        for (int i = 0; i < count; i++)
        {
            ulong a = wideA ? ((i < perHalf ? aLo : aHi) >> ((i % perHalf) * wide)) & wideMask : (aLo >> (i * bits)) & mask;
            ulong b = (bHalf >> (i * bits)) & mask;
            int s = (i % perHalf) * wide;
            if (i < perHalf)
                lo |= (T.Apply((dLo >> s) & wideMask, a, b, bits, ref qc) & wideMask) << s;
            else
                hi |= (T.Apply((dHi >> s) & wideMask, a, b, bits, ref qc) & wideMask) << s;
        }
        cpu.SetV(di.Rd, lo, hi);
    }
}
