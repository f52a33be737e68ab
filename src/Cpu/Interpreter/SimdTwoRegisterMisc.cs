using System.Numerics;
using System.Runtime.CompilerServices;
using Emulator.Cpu.Decoder;
using static Emulator.Cpu.SimdLanes;

namespace Emulator.Cpu;

/// <summary>
/// Handlers of "Advanced SIMD two-register miscellaneous", its scalar group and "Advanced
/// SIMD across lanes" (rows in Decoder/Table/SimdTwoRegisterMisc.cs). A = size, B = Q.
/// </summary>
public static class SimdTwoRegisterMisc
{
    // ---- Lane operations (a = Vn's element, d = Vd's for the accumulating ones) ---------

    struct Suqadd : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => SignedSat((Int128)Signed(d, bits) + a, bits, ref qc); }
    struct Usqadd : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => UnsignedSat((Int128)d + Signed(a, bits), bits, ref qc); }
    struct Cls : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (ulong)(BitOperations.LeadingZeroCount(((a >> 1) ^ a) & Mask(bits - 1)) - (65 - bits)); }
    struct Clz : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (ulong)(BitOperations.LeadingZeroCount(a) - (64 - bits)); }
    struct Sqabs : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => SignedSat(Int128.Abs(Signed(a, bits)), bits, ref qc); }
    struct Sqneg : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => SignedSat(-(Int128)Signed(a, bits), bits, ref qc); }
    struct CmgtZero : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => Signed(a, bits) > 0 ? ulong.MaxValue : 0; }
    struct CmgeZero : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => Signed(a, bits) >= 0 ? ulong.MaxValue : 0; }
    struct CmeqZero : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => a == 0 ? ulong.MaxValue : 0; }
    struct CmleZero : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => Signed(a, bits) <= 0 ? ulong.MaxValue : 0; }
    struct CmltZero : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => Signed(a, bits) < 0 ? ulong.MaxValue : 0; }
    struct Abs : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => Signed(a, bits) < 0 ? 0 - a : a; }
    struct Neg : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => 0 - a; }

    // Narrowing: a is the wide element (2 * bits), the result has bits.
    struct Xtn : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => a; }
    struct Sqxtn : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => SignedSat(Signed(a, 2 * bits), bits, ref qc); }
    struct Uqxtn : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => UnsignedSat(a, bits, ref qc); }
    struct Sqxtun : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => UnsignedSat(Signed(a, 2 * bits), bits, ref qc); }

    // ---- Reversal, counting and bitwise --------------------------------------------------

    /// <summary>The elements of bits reversed within each container of <paramref name="container"/> bits.</summary>
    static ulong ReverseElements(ulong x, int bits, int container)
    {
        ulong mask = Mask(bits), result = 0;
        int perContainer = container / bits;
        for (int i = 0; i < 64 / bits; i++)
        {
            int j = i / perContainer * perContainer + (perContainer - 1 - i % perContainer);
            result |= ((x >> (i * bits)) & mask) << (j * bits);
        }
        return result;
    }

    static void Reverse(Processor cpu, in DecodedInsn di, int container)
    {
        int bits = Bits(di);
        cpu.SetV(di.Rd, ReverseElements(cpu.VLow(di.Rn), bits, container), di.B != 0 ? ReverseElements(cpu.VHigh(di.Rn), bits, container) : 0);
    }

    public static void REV64(Processor cpu, in DecodedInsn di) => Reverse(cpu, di, 64);
    public static void REV32_v(Processor cpu, in DecodedInsn di) => Reverse(cpu, di, 32);
    public static void REV16_v(Processor cpu, in DecodedInsn di) => Reverse(cpu, di, 16);

    /// <summary>The bits of every byte reversed.</summary>
    static ulong ReverseBitsInBytes(ulong x)
    {
        x = ((x >> 1) & 0x5555_5555_5555_5555UL) | ((x & 0x5555_5555_5555_5555UL) << 1);
        x = ((x >> 2) & 0x3333_3333_3333_3333UL) | ((x & 0x3333_3333_3333_3333UL) << 2);
        return ((x >> 4) & 0x0F0F_0F0F_0F0F_0F0FUL) | ((x & 0x0F0F_0F0F_0F0F_0F0FUL) << 4);
    }

    /// <summary>The number of set bits of every byte, in that byte.</summary>
    static ulong CountBitsInBytes(ulong x)
    {
        x -= (x >> 1) & 0x5555_5555_5555_5555UL;
        x = (x & 0x3333_3333_3333_3333UL) + ((x >> 2) & 0x3333_3333_3333_3333UL);
        return (x + (x >> 4)) & 0x0F0F_0F0F_0F0F_0F0FUL;
    }

    public static void CNT(Processor cpu, in DecodedInsn di) =>
        cpu.SetV(di.Rd, CountBitsInBytes(cpu.VLow(di.Rn)), di.B != 0 ? CountBitsInBytes(cpu.VHigh(di.Rn)) : 0);

    public static void NOT(Processor cpu, in DecodedInsn di) =>
        cpu.SetV(di.Rd, ~cpu.VLow(di.Rn), di.B != 0 ? ~cpu.VHigh(di.Rn) : 0);

    public static void RBIT_v(Processor cpu, in DecodedInsn di) =>
        cpu.SetV(di.Rd, ReverseBitsInBytes(cpu.VLow(di.Rn)), di.B != 0 ? ReverseBitsInBytes(cpu.VHigh(di.Rn)) : 0);

    public static void CLS_v(Processor cpu, in DecodedInsn di) => Unary<Cls>(cpu, di);
    public static void CLZ_v(Processor cpu, in DecodedInsn di) => Unary<Clz>(cpu, di);

    // ---- Pairwise long -------------------------------------------------------------------

    /// <summary>SADDLP/UADDLP and (accumulating) SADALP/UADALP: adjacent pairs of Vn added into elements twice as wide.</summary>
    static ulong AddPairsLong(ulong x, ulong accumulator, int bits, bool unsigned)
    {
        int wide = 2 * bits;
        ulong wideMask = Mask(wide), result = 0;
        for (int s = 0; s < 64; s += wide)
        {
            Int128 sum = Int((x >> s) & Mask(bits), bits, unsigned) + Int((x >> (s + bits)) & Mask(bits), bits, unsigned);
            result |= (((ulong)sum + (accumulator >> s)) & wideMask) << s;
        }
        return result;
    }

    static void AddPairsLong(Processor cpu, in DecodedInsn di, bool unsigned, bool accumulate)
    {
        int bits = Bits(di);
        ulong dl = accumulate ? cpu.VLow(di.Rd) : 0, dh = accumulate ? cpu.VHigh(di.Rd) : 0;
        cpu.SetV(di.Rd, AddPairsLong(cpu.VLow(di.Rn), dl, bits, unsigned), di.B != 0 ? AddPairsLong(cpu.VHigh(di.Rn), dh, bits, unsigned) : 0);
    }

    public static void SADDLP(Processor cpu, in DecodedInsn di) => AddPairsLong(cpu, di, unsigned: false, accumulate: false);
    public static void UADDLP(Processor cpu, in DecodedInsn di) => AddPairsLong(cpu, di, unsigned: true, accumulate: false);
    public static void SADALP(Processor cpu, in DecodedInsn di) => AddPairsLong(cpu, di, unsigned: false, accumulate: true);
    public static void UADALP(Processor cpu, in DecodedInsn di) => AddPairsLong(cpu, di, unsigned: true, accumulate: true);

    // ---- Arithmetic and comparisons with zero -------------------------------------------

    public static void SUQADD_v(Processor cpu, in DecodedInsn di) => Unary<Suqadd>(cpu, di);
    public static void USQADD_v(Processor cpu, in DecodedInsn di) => Unary<Usqadd>(cpu, di);
    public static void SQABS_v(Processor cpu, in DecodedInsn di) => Unary<Sqabs>(cpu, di);
    public static void SQNEG_v(Processor cpu, in DecodedInsn di) => Unary<Sqneg>(cpu, di);
    public static void CMGT_zero_v(Processor cpu, in DecodedInsn di) => Unary<CmgtZero>(cpu, di);
    public static void CMGE_zero_v(Processor cpu, in DecodedInsn di) => Unary<CmgeZero>(cpu, di);
    public static void CMLE_zero_v(Processor cpu, in DecodedInsn di) => Unary<CmleZero>(cpu, di);
    public static void CMLT_zero_v(Processor cpu, in DecodedInsn di) => Unary<CmltZero>(cpu, di);
    public static void ABS_v(Processor cpu, in DecodedInsn di) => Unary<Abs>(cpu, di);

    public static void CMEQ_zero_v(Processor cpu, in DecodedInsn di)
    {
        int bits = Bits(di);
        cpu.SetV(di.Rd, ~NonZeroLanes(cpu.VLow(di.Rn), bits), di.B != 0 ? ~NonZeroLanes(cpu.VHigh(di.Rn), bits) : 0);
    }

    public static void NEG_v(Processor cpu, in DecodedInsn di)
    {
        int bits = Bits(di);
        cpu.SetV(di.Rd, SubLanes(0, cpu.VLow(di.Rn), bits), di.B != 0 ? SubLanes(0, cpu.VHigh(di.Rn), bits) : 0);
    }

    // ---- Narrowing and SHLL: A = the size of the narrow elements -------------------------

    static void Narrow<T>(Processor cpu, in DecodedInsn di) where T : struct, ILaneOp
    {
        bool qc = false;
        ulong half = NarrowHalf<T>(cpu.VLow(di.Rn), cpu.VHigh(di.Rn), 0, 0, Bits(di), bIsConstant: true, ref qc);
        SetNarrow(cpu, di, half, qc);
    }

    public static void XTN(Processor cpu, in DecodedInsn di) => Narrow<Xtn>(cpu, di);
    public static void SQXTUN_v(Processor cpu, in DecodedInsn di) => Narrow<Sqxtun>(cpu, di);
    public static void SQXTN_v(Processor cpu, in DecodedInsn di) => Narrow<Sqxtn>(cpu, di);
    public static void UQXTN_v(Processor cpu, in DecodedInsn di) => Narrow<Uqxtn>(cpu, di);

    struct ShiftLeftByEsize : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => a << bits; }

    public static void SHLL(Processor cpu, in DecodedInsn di)
    {
        bool qc = false;
        Long<ShiftLeftByEsize>(cpu, di, 0, wideA: false, ref qc);
    }

    // ---- Scalar two-register miscellaneous -----------------------------------------------

    public static void SUQADD_s(Processor cpu, in DecodedInsn di) => ScalarUnary<Suqadd>(cpu, di);
    public static void USQADD_s(Processor cpu, in DecodedInsn di) => ScalarUnary<Usqadd>(cpu, di);
    public static void SQABS_s(Processor cpu, in DecodedInsn di) => ScalarUnary<Sqabs>(cpu, di);
    public static void SQNEG_s(Processor cpu, in DecodedInsn di) => ScalarUnary<Sqneg>(cpu, di);
    public static void CMGT_zero_s(Processor cpu, in DecodedInsn di) => ScalarUnary<CmgtZero>(cpu, di);
    public static void CMGE_zero_s(Processor cpu, in DecodedInsn di) => ScalarUnary<CmgeZero>(cpu, di);
    public static void CMEQ_zero_s(Processor cpu, in DecodedInsn di) => ScalarUnary<CmeqZero>(cpu, di);
    public static void CMLE_zero_s(Processor cpu, in DecodedInsn di) => ScalarUnary<CmleZero>(cpu, di);
    public static void CMLT_zero_s(Processor cpu, in DecodedInsn di) => ScalarUnary<CmltZero>(cpu, di);
    public static void ABS_s(Processor cpu, in DecodedInsn di) => ScalarUnary<Abs>(cpu, di);
    public static void NEG_s(Processor cpu, in DecodedInsn di) => ScalarUnary<Neg>(cpu, di);

    /// <summary>A scalar narrowing: the 2 * bits element 0 of Vn to a bits element 0 of Vd.</summary>
    static void ScalarNarrow<T>(Processor cpu, in DecodedInsn di) where T : struct, ILaneOp
    {
        int bits = Bits(di);
        bool qc = false;
        ulong r = T.Apply(0, cpu.VLow(di.Rn) & Mask(2 * bits), 0, bits, ref qc);
        cpu.SetVScalar(di.Rd, r, bits);
        SetQc(cpu, qc);
    }

    public static void SQXTUN_s(Processor cpu, in DecodedInsn di) => ScalarNarrow<Sqxtun>(cpu, di);
    public static void SQXTN_s(Processor cpu, in DecodedInsn di) => ScalarNarrow<Sqxtn>(cpu, di);
    public static void UQXTN_s(Processor cpu, in DecodedInsn di) => ScalarNarrow<Uqxtn>(cpu, di);

    // ---- Across lanes --------------------------------------------------------------------

    /// <summary>Element i of the 64/128-bit Vn (Q = B).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static int LaneCount(in DecodedInsn di) => (di.B != 0 ? 128 : 64) >> (3 + di.A);

    static void AddAcross(Processor cpu, in DecodedInsn di, bool unsigned, bool wide)
    {
        int bits = Bits(di);
        Int128 sum = 0;
        for (int i = 0, count = LaneCount(di); i < count; i++)
            sum += Int(cpu.VElement(di.Rn, i, bits), bits, unsigned);
        cpu.SetVScalar(di.Rd, (ulong)sum, wide ? 2 * bits : bits);
    }

    public static void SADDLV(Processor cpu, in DecodedInsn di) => AddAcross(cpu, di, unsigned: false, wide: true);
    public static void UADDLV(Processor cpu, in DecodedInsn di) => AddAcross(cpu, di, unsigned: true, wide: true);

    public static void ADDV(Processor cpu, in DecodedInsn di)
    {
        int bits = Bits(di);
        ulong lo = cpu.VLow(di.Rn), sum = di.B != 0 ? AddLanes(lo, cpu.VHigh(di.Rn), bits) : lo;
        // Fold the half onto itself until one lane holds the total.
        for (int width = 32; width >= bits; width >>= 1)
            sum = AddLanes(sum, sum >> width, bits);
        cpu.SetVScalar(di.Rd, sum, bits);
    }

    /// <summary>SMAXV..UMINV: the extreme element, T choosing between two (as SMAX and friends do).</summary>
    static void Extreme<T>(Processor cpu, in DecodedInsn di) where T : struct, ILaneOp
    {
        int bits = Bits(di);
        bool qc = false;
        ulong best = cpu.VElement(di.Rn, 0, bits);
        for (int i = 1, count = LaneCount(di); i < count; i++)
            best = T.Apply(0, best, cpu.VElement(di.Rn, i, bits), bits, ref qc);
        cpu.SetVScalar(di.Rd, best, bits);
    }

    public static void SMAXV(Processor cpu, in DecodedInsn di) => Extreme<SimdThreeSame.Smax>(cpu, di);
    public static void SMINV(Processor cpu, in DecodedInsn di) => Extreme<SimdThreeSame.Smin>(cpu, di);

    /// <summary>UMAXV/UMINV on bytes, glibc's strlen/memchr reduction, a half at a time.</summary>
    public static void UMAXV(Processor cpu, in DecodedInsn di)
    {
        if (di.A != 0) { Extreme<SimdThreeSame.Umax>(cpu, di); return; }
        ulong x = cpu.VLow(di.Rn), result = 0;
        if (di.B != 0) x = MaxBytes(x, cpu.VHigh(di.Rn));
        for (int i = 0; i < 8; i++) result = Math.Max(result, (x >> (8 * i)) & 0xFF);
        cpu.SetVScalar(di.Rd, result, 8);
    }

    public static void UMINV(Processor cpu, in DecodedInsn di)
    {
        if (di.A != 0) { Extreme<SimdThreeSame.Umin>(cpu, di); return; }
        ulong x = cpu.VLow(di.Rn), result = 0xFF;
        if (di.B != 0) x = ~MaxBytes(~x, ~cpu.VHigh(di.Rn));
        for (int i = 0; i < 8; i++) result = Math.Min(result, (x >> (8 * i)) & 0xFF);
        cpu.SetVScalar(di.Rd, result, 8);
    }

    /// <summary>The lane-wise unsigned maximum of two halves of bytes.</summary>
    static ulong MaxBytes(ulong a, ulong b)
    {
        // a >= b per byte where a - b does not borrow: the borrow-out of lane i is
        // (~a & b) | (~(a ^ b) & diff), at the top bit of the lane.
        ulong diff = SubLanes(a, b, 8);
        ulong borrow = ((~a & b) | (~(a ^ b) & diff)) & LaneTops(8);
        ulong bLarger = (borrow >> 7) * 0xFF;
        return (a & ~bLarger) | (b & bLarger);
    }
}
