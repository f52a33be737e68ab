using System.Numerics;
using System.Runtime.CompilerServices;
using Emulator.Cpu.Decoder;
using static Emulator.Cpu.SimdLanes;

namespace Emulator.Cpu;

/// <summary>
/// Handlers of "Advanced SIMD three same" and "Advanced SIMD scalar three same", and of
/// scalar pairwise ADDP (rows in Decoder/Table/SimdThreeSame.cs). A = size, B = Q.
/// </summary>
public static class SimdThreeSame
{
    // ---- Lane operations (shared with the scalar forms and the by-element group) --------

    internal struct Shadd : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (ulong)((Signed(a, bits) + Signed(b, bits)) >> 1); }
    internal struct Uhadd : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (a + b) >> 1; }
    internal struct Srhadd : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (ulong)((Signed(a, bits) + Signed(b, bits) + 1) >> 1); }
    internal struct Urhadd : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (a + b + 1) >> 1; }
    internal struct Shsub : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (ulong)((Signed(a, bits) - Signed(b, bits)) >> 1); }
    internal struct Uhsub : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (ulong)(((long)a - (long)b) >> 1); }
    internal struct Sqadd : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => SignedSat((Int128)Signed(a, bits) + Signed(b, bits), bits, ref qc); }
    internal struct Uqadd : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => UnsignedSat((Int128)a + b, bits, ref qc); }
    internal struct Sqsub : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => SignedSat((Int128)Signed(a, bits) - Signed(b, bits), bits, ref qc); }
    internal struct Uqsub : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => UnsignedSat((Int128)a - b, bits, ref qc); }
    internal struct Cmgt : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => Signed(a, bits) > Signed(b, bits) ? ulong.MaxValue : 0; }
    internal struct Cmhi : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => a > b ? ulong.MaxValue : 0; }
    internal struct Cmge : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => Signed(a, bits) >= Signed(b, bits) ? ulong.MaxValue : 0; }
    internal struct Cmhs : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => a >= b ? ulong.MaxValue : 0; }
    internal struct Cmtst : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (a & b) != 0 ? ulong.MaxValue : 0; }
    internal struct Cmeq : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => a == b ? ulong.MaxValue : 0; }
    internal struct Sshl : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => ShiftByRegister(a, b, bits, unsigned: false, rounding: false, saturating: false, ref qc); }
    internal struct Ushl : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => ShiftByRegister(a, b, bits, unsigned: true, rounding: false, saturating: false, ref qc); }
    internal struct Sqshl : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => ShiftByRegister(a, b, bits, unsigned: false, rounding: false, saturating: true, ref qc); }
    internal struct Uqshl : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => ShiftByRegister(a, b, bits, unsigned: true, rounding: false, saturating: true, ref qc); }
    internal struct Srshl : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => ShiftByRegister(a, b, bits, unsigned: false, rounding: true, saturating: false, ref qc); }
    internal struct Urshl : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => ShiftByRegister(a, b, bits, unsigned: true, rounding: true, saturating: false, ref qc); }
    internal struct Sqrshl : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => ShiftByRegister(a, b, bits, unsigned: false, rounding: true, saturating: true, ref qc); }
    internal struct Uqrshl : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => ShiftByRegister(a, b, bits, unsigned: true, rounding: true, saturating: true, ref qc); }
    internal struct Smax : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => Signed(a, bits) >= Signed(b, bits) ? a : b; }
    internal struct Umax : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => a >= b ? a : b; }
    internal struct Smin : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => Signed(a, bits) <= Signed(b, bits) ? a : b; }
    internal struct Umin : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => a <= b ? a : b; }
    internal struct Sabd : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (ulong)Math.Abs(Signed(a, bits) - Signed(b, bits)); }
    internal struct Uabd : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => a >= b ? a - b : b - a; }
    internal struct Saba : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => d + Sabd.Apply(d, a, b, bits, ref qc); }
    internal struct Uaba : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => d + Uabd.Apply(d, a, b, bits, ref qc); }
    internal struct Add : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => a + b; }
    internal struct Mla : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => d + a * b; }
    internal struct Mls : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => d - a * b; }
    internal struct Mul : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => a * b; }
    internal struct Pmul : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => PolynomialMultiply(a, b, bits); }

    /// <summary>(2 * a * b) &gt;&gt; esize, saturated: only -2^(esize-1) squared saturates.</summary>
    internal struct Sqdmulh : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => SignedSat(((Int128)Signed(a, bits) * Signed(b, bits) * 2) >> bits, bits, ref qc); }
    internal struct Sqrdmulh : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => SignedSat(((Int128)Signed(a, bits) * Signed(b, bits) * 2 + (((Int128)1) << (bits - 1))) >> bits, bits, ref qc); }

    /// <summary>Carry-less product of the low <paramref name="bits"/> bits of a and b (up to 2 * bits - 1 bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong PolynomialMultiply(ulong a, ulong b, int bits)
    {
        ulong result = 0;
        for (int i = 0; i < bits; i++)
            if ((b >> i & 1) != 0) result ^= a << i;
        return result;
    }

    // ---- Advanced SIMD three same ------------------------------------------------------

    public static void SHADD(Processor cpu, in DecodedInsn di) => Same<Shadd>(cpu, di);
    public static void UHADD(Processor cpu, in DecodedInsn di) => Same<Uhadd>(cpu, di);
    public static void SQADD_v(Processor cpu, in DecodedInsn di) => Same<Sqadd>(cpu, di);
    public static void UQADD_v(Processor cpu, in DecodedInsn di) => Same<Uqadd>(cpu, di);
    public static void SRHADD(Processor cpu, in DecodedInsn di) => Same<Srhadd>(cpu, di);
    public static void URHADD(Processor cpu, in DecodedInsn di) => Same<Urhadd>(cpu, di);
    public static void SHSUB(Processor cpu, in DecodedInsn di) => Same<Shsub>(cpu, di);
    public static void UHSUB(Processor cpu, in DecodedInsn di) => Same<Uhsub>(cpu, di);
    public static void SQSUB_v(Processor cpu, in DecodedInsn di) => Same<Sqsub>(cpu, di);
    public static void UQSUB_v(Processor cpu, in DecodedInsn di) => Same<Uqsub>(cpu, di);
    public static void CMGT_v(Processor cpu, in DecodedInsn di) => Same<Cmgt>(cpu, di);
    public static void CMHI_v(Processor cpu, in DecodedInsn di) => Same<Cmhi>(cpu, di);
    public static void CMGE_v(Processor cpu, in DecodedInsn di) => Same<Cmge>(cpu, di);
    public static void CMHS_v(Processor cpu, in DecodedInsn di) => Same<Cmhs>(cpu, di);
    public static void SSHL_v(Processor cpu, in DecodedInsn di) => Same<Sshl>(cpu, di);
    public static void USHL_v(Processor cpu, in DecodedInsn di) => Same<Ushl>(cpu, di);
    public static void SQSHL_v_reg(Processor cpu, in DecodedInsn di) => Same<Sqshl>(cpu, di);
    public static void UQSHL_v_reg(Processor cpu, in DecodedInsn di) => Same<Uqshl>(cpu, di);
    public static void SRSHL_v(Processor cpu, in DecodedInsn di) => Same<Srshl>(cpu, di);
    public static void URSHL_v(Processor cpu, in DecodedInsn di) => Same<Urshl>(cpu, di);
    public static void SQRSHL_v(Processor cpu, in DecodedInsn di) => Same<Sqrshl>(cpu, di);
    public static void UQRSHL_v(Processor cpu, in DecodedInsn di) => Same<Uqrshl>(cpu, di);
    public static void SMAX(Processor cpu, in DecodedInsn di) => Same<Smax>(cpu, di);
    public static void UMAX(Processor cpu, in DecodedInsn di) => Same<Umax>(cpu, di);
    public static void SMIN(Processor cpu, in DecodedInsn di) => Same<Smin>(cpu, di);
    public static void UMIN(Processor cpu, in DecodedInsn di) => Same<Umin>(cpu, di);
    public static void SABD(Processor cpu, in DecodedInsn di) => Same<Sabd>(cpu, di);
    public static void UABD(Processor cpu, in DecodedInsn di) => Same<Uabd>(cpu, di);
    public static void SABA(Processor cpu, in DecodedInsn di) => Same<Saba>(cpu, di);
    public static void UABA(Processor cpu, in DecodedInsn di) => Same<Uaba>(cpu, di);
    public static void CMTST_v(Processor cpu, in DecodedInsn di) => Same<Cmtst>(cpu, di);
    public static void MLA_v(Processor cpu, in DecodedInsn di) => Same<Mla>(cpu, di);
    public static void MLS_v(Processor cpu, in DecodedInsn di) => Same<Mls>(cpu, di);
    public static void MUL_v(Processor cpu, in DecodedInsn di) => Same<Mul>(cpu, di);
    public static void PMUL(Processor cpu, in DecodedInsn di) => Same<Pmul>(cpu, di);
    public static void SQDMULH_v(Processor cpu, in DecodedInsn di) => Same<Sqdmulh>(cpu, di);
    public static void SQRDMULH_v(Processor cpu, in DecodedInsn di) => Same<Sqrdmulh>(cpu, di);
    public static void SMAXP(Processor cpu, in DecodedInsn di) => Pairwise<Smax>(cpu, di);
    public static void UMAXP(Processor cpu, in DecodedInsn di) => Pairwise<Umax>(cpu, di);
    public static void SMINP(Processor cpu, in DecodedInsn di) => Pairwise<Smin>(cpu, di);
    public static void UMINP(Processor cpu, in DecodedInsn di) => Pairwise<Umin>(cpu, di);
    public static void ADDP_v(Processor cpu, in DecodedInsn di) => Pairwise<Add>(cpu, di);

    // The common ones work on whole halves: glibc's string functions lean on them.

    public static void ADD_v(Processor cpu, in DecodedInsn di)
    {
        int bits = Bits(di);
        cpu.SetV(di.Rd, AddLanes(cpu.VLow(di.Rn), cpu.VLow(di.Rm), bits),
            di.B != 0 ? AddLanes(cpu.VHigh(di.Rn), cpu.VHigh(di.Rm), bits) : 0);
    }

    public static void SUB_v(Processor cpu, in DecodedInsn di)
    {
        int bits = Bits(di);
        cpu.SetV(di.Rd, SubLanes(cpu.VLow(di.Rn), cpu.VLow(di.Rm), bits),
            di.B != 0 ? SubLanes(cpu.VHigh(di.Rn), cpu.VHigh(di.Rm), bits) : 0);
    }

    public static void CMEQ_v(Processor cpu, in DecodedInsn di)
    {
        int bits = Bits(di);
        cpu.SetV(di.Rd, ~NonZeroLanes(cpu.VLow(di.Rn) ^ cpu.VLow(di.Rm), bits),
            di.B != 0 ? ~NonZeroLanes(cpu.VHigh(di.Rn) ^ cpu.VHigh(di.Rm), bits) : 0);
    }

    /// <summary>Writes both halves of Vd, the upper one only with Q = 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void SetVector(Processor cpu, in DecodedInsn di, ulong lo, ulong hi) => cpu.SetV(di.Rd, lo, di.B != 0 ? hi : 0);

    public static void AND_v(Processor cpu, in DecodedInsn di) =>
        SetVector(cpu, di, cpu.VLow(di.Rn) & cpu.VLow(di.Rm), cpu.VHigh(di.Rn) & cpu.VHigh(di.Rm));

    public static void BIC_v_reg(Processor cpu, in DecodedInsn di) =>
        SetVector(cpu, di, cpu.VLow(di.Rn) & ~cpu.VLow(di.Rm), cpu.VHigh(di.Rn) & ~cpu.VHigh(di.Rm));

    public static void ORR_v_reg(Processor cpu, in DecodedInsn di) =>
        SetVector(cpu, di, cpu.VLow(di.Rn) | cpu.VLow(di.Rm), cpu.VHigh(di.Rn) | cpu.VHigh(di.Rm));

    public static void ORN_v(Processor cpu, in DecodedInsn di) =>
        SetVector(cpu, di, cpu.VLow(di.Rn) | ~cpu.VLow(di.Rm), cpu.VHigh(di.Rn) | ~cpu.VHigh(di.Rm));

    public static void EOR_v(Processor cpu, in DecodedInsn di) =>
        SetVector(cpu, di, cpu.VLow(di.Rn) ^ cpu.VLow(di.Rm), cpu.VHigh(di.Rn) ^ cpu.VHigh(di.Rm));

    // BSL, BIT, BIF: operand1 EOR ((operand1 EOR operand2) AND operand3), with the operands
    // the Arm ARM gives each: (Vm, Vn, Vd), (Vd, Vn, Vm), (Vd, Vn, NOT Vm).

    public static void BSL(Processor cpu, in DecodedInsn di)
    {
        ulong dl = cpu.VLow(di.Rd), dh = cpu.VHigh(di.Rd), ml = cpu.VLow(di.Rm), mh = cpu.VHigh(di.Rm);
        SetVector(cpu, di, ml ^ ((ml ^ cpu.VLow(di.Rn)) & dl), mh ^ ((mh ^ cpu.VHigh(di.Rn)) & dh));
    }

    public static void BIT(Processor cpu, in DecodedInsn di)
    {
        ulong dl = cpu.VLow(di.Rd), dh = cpu.VHigh(di.Rd);
        SetVector(cpu, di, dl ^ ((dl ^ cpu.VLow(di.Rn)) & cpu.VLow(di.Rm)), dh ^ ((dh ^ cpu.VHigh(di.Rn)) & cpu.VHigh(di.Rm)));
    }

    public static void BIF(Processor cpu, in DecodedInsn di)
    {
        ulong dl = cpu.VLow(di.Rd), dh = cpu.VHigh(di.Rd);
        SetVector(cpu, di, dl ^ ((dl ^ cpu.VLow(di.Rn)) & ~cpu.VLow(di.Rm)), dh ^ ((dh ^ cpu.VHigh(di.Rn)) & ~cpu.VHigh(di.Rm)));
    }

    // ---- Advanced SIMD scalar three same and scalar pairwise ----------------------------

    public static void SQADD_s(Processor cpu, in DecodedInsn di) => Scalar<Sqadd>(cpu, di);
    public static void UQADD_s(Processor cpu, in DecodedInsn di) => Scalar<Uqadd>(cpu, di);
    public static void SQSUB_s(Processor cpu, in DecodedInsn di) => Scalar<Sqsub>(cpu, di);
    public static void UQSUB_s(Processor cpu, in DecodedInsn di) => Scalar<Uqsub>(cpu, di);
    public static void CMGT_s(Processor cpu, in DecodedInsn di) => Scalar<Cmgt>(cpu, di);
    public static void CMHI_s(Processor cpu, in DecodedInsn di) => Scalar<Cmhi>(cpu, di);
    public static void CMGE_s(Processor cpu, in DecodedInsn di) => Scalar<Cmge>(cpu, di);
    public static void CMHS_s(Processor cpu, in DecodedInsn di) => Scalar<Cmhs>(cpu, di);
    public static void SSHL_s(Processor cpu, in DecodedInsn di) => Scalar<Sshl>(cpu, di);
    public static void USHL_s(Processor cpu, in DecodedInsn di) => Scalar<Ushl>(cpu, di);
    public static void SQSHL_s_reg(Processor cpu, in DecodedInsn di) => Scalar<Sqshl>(cpu, di);
    public static void UQSHL_s_reg(Processor cpu, in DecodedInsn di) => Scalar<Uqshl>(cpu, di);
    public static void SRSHL_s(Processor cpu, in DecodedInsn di) => Scalar<Srshl>(cpu, di);
    public static void URSHL_s(Processor cpu, in DecodedInsn di) => Scalar<Urshl>(cpu, di);
    public static void SQRSHL_s(Processor cpu, in DecodedInsn di) => Scalar<Sqrshl>(cpu, di);
    public static void UQRSHL_s(Processor cpu, in DecodedInsn di) => Scalar<Uqrshl>(cpu, di);
    public static void ADD_s(Processor cpu, in DecodedInsn di) => cpu.SetVScalar(di.Rd, cpu.VLow(di.Rn) + cpu.VLow(di.Rm), 64);
    public static void SUB_s(Processor cpu, in DecodedInsn di) => cpu.SetVScalar(di.Rd, cpu.VLow(di.Rn) - cpu.VLow(di.Rm), 64);
    public static void CMTST_s(Processor cpu, in DecodedInsn di) => Scalar<Cmtst>(cpu, di);
    public static void CMEQ_s(Processor cpu, in DecodedInsn di) => Scalar<Cmeq>(cpu, di);
    public static void SQDMULH_s(Processor cpu, in DecodedInsn di) => Scalar<Sqdmulh>(cpu, di);
    public static void SQRDMULH_s(Processor cpu, in DecodedInsn di) => Scalar<Sqrdmulh>(cpu, di);
    public static void ADDP_s(Processor cpu, in DecodedInsn di) => cpu.SetVScalar(di.Rd, cpu.VLow(di.Rn) + cpu.VHigh(di.Rn), 64);
}
