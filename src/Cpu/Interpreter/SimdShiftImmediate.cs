using Emulator.Cpu.Decoder;
using static Emulator.Cpu.SimdLanes;

namespace Emulator.Cpu;

/// <summary>
/// Handlers of "Advanced SIMD shift by immediate" and its scalar group (rows in
/// Decoder/Table/SimdShiftImmediate.cs). A = the size from immh (the narrow size for the
/// narrowing forms, the source size for SSHLL/USHLL), B = Q, Imm = the shift amount, which
/// the lane operations receive as b.
/// </summary>
public static class SimdShiftImmediate
{
    // Right shifts run to esize (64 for D), so they go through 128 bits: a C# shift of a
    // 64-bit value by 64 would not clear it.

    struct Sshr : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (ulong)ShiftRight(Signed(a, bits), (int)b, rounding: false); }
    struct Ushr : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (ulong)ShiftRight(a, (int)b, rounding: false); }
    struct Srshr : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (ulong)ShiftRight(Signed(a, bits), (int)b, rounding: true); }
    struct Urshr : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (ulong)ShiftRight(a, (int)b, rounding: true); }
    struct Ssra : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => d + Sshr.Apply(d, a, b, bits, ref qc); }
    struct Usra : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => d + Ushr.Apply(d, a, b, bits, ref qc); }
    struct Srsra : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => d + Srshr.Apply(d, a, b, bits, ref qc); }
    struct Ursra : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => d + Urshr.Apply(d, a, b, bits, ref qc); }

    /// <summary>SRI: the bits shifted in replace Vd's, the top <paramref name="b"/> bits of Vd stay (all of them for a shift of esize).</summary>
    struct Sri : ILaneOp
    {
        public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc)
        {
            ulong mask = (ulong)((UInt128)Mask(bits) >> (int)b);
            return (d & ~mask) | ((ulong)((UInt128)a >> (int)b) & mask);
        }
    }

    struct Shl : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => a << (int)b; }
    struct Sli : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (d & ~(Mask(bits) << (int)b)) | (a << (int)b); }
    struct SqshlImm : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => SignedSat((Int128)Signed(a, bits) << (int)b, bits, ref qc); }
    struct UqshlImm : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => UnsignedSat((Int128)a << (int)b, bits, ref qc); }
    struct Sqshlu : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => UnsignedSat((Int128)Signed(a, bits) << (int)b, bits, ref qc); }

    // Narrowing: a has 2 * bits, the result bits.
    struct Shrn : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => a >> (int)b; }
    struct Rshrn : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (ulong)ShiftRight(a, (int)b, rounding: true); }
    struct Sqshrn : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => SignedSat(ShiftRight(Signed(a, 2 * bits), (int)b, rounding: false), bits, ref qc); }
    struct Sqrshrn : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => SignedSat(ShiftRight(Signed(a, 2 * bits), (int)b, rounding: true), bits, ref qc); }
    struct Uqshrn : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => UnsignedSat(ShiftRight(a, (int)b, rounding: false), bits, ref qc); }
    struct Uqrshrn : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => UnsignedSat(ShiftRight(a, (int)b, rounding: true), bits, ref qc); }
    struct Sqshrun : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => UnsignedSat(ShiftRight(Signed(a, 2 * bits), (int)b, rounding: false), bits, ref qc); }
    struct Sqrshrun : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => UnsignedSat(ShiftRight(Signed(a, 2 * bits), (int)b, rounding: true), bits, ref qc); }

    // Lengthening: a has bits, the result 2 * bits.
    struct Sshll : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (ulong)Signed(a, bits) << (int)b; }
    struct Ushll : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => a << (int)b; }

    static void Shift<T>(Processor cpu, in DecodedInsn di) where T : struct, ILaneOp
    {
        int bits = Bits(di);
        ulong shift = di.Imm * LaneOnes(bits); // the amount in every lane, as Half hands out b lane by lane
        bool qc = false;
        ulong lo = Half<T>(cpu.VLow(di.Rd), cpu.VLow(di.Rn), shift, bits, ref qc);
        ulong hi = di.B != 0 ? Half<T>(cpu.VHigh(di.Rd), cpu.VHigh(di.Rn), shift, bits, ref qc) : 0;
        cpu.SetV(di.Rd, lo, hi);
        SetQc(cpu, qc);
    }

    static void Narrow<T>(Processor cpu, in DecodedInsn di) where T : struct, ILaneOp
    {
        bool qc = false;
        ulong half = NarrowHalf<T>(cpu.VLow(di.Rn), cpu.VHigh(di.Rn), di.Imm, di.Imm, Bits(di), bIsConstant: true, ref qc);
        SetNarrow(cpu, di, half, qc);
    }

    static void Lengthen<T>(Processor cpu, in DecodedInsn di) where T : struct, ILaneOp
    {
        bool qc = false;
        Long<T>(cpu, di, di.Imm * LaneOnes(Bits(di)), wideA: false, ref qc);
    }

    static void Scalar<T>(Processor cpu, in DecodedInsn di) where T : struct, ILaneOp
    {
        int bits = Bits(di);
        bool qc = false;
        ulong r = T.Apply(cpu.VLow(di.Rd) & Mask(bits), cpu.VLow(di.Rn) & Mask(bits), di.Imm, bits, ref qc);
        cpu.SetVScalar(di.Rd, r, bits);
        SetQc(cpu, qc);
    }

    static void ScalarNarrow<T>(Processor cpu, in DecodedInsn di) where T : struct, ILaneOp
    {
        int bits = Bits(di);
        bool qc = false;
        ulong r = T.Apply(0, cpu.VLow(di.Rn) & Mask(2 * bits), di.Imm, bits, ref qc);
        cpu.SetVScalar(di.Rd, r, bits);
        SetQc(cpu, qc);
    }

    // ---- Advanced SIMD shift by immediate (one handler for the rows of every element size) ----

    public static void SSHR_v(Processor cpu, in DecodedInsn di) => Shift<Sshr>(cpu, di);
    public static void USHR_v(Processor cpu, in DecodedInsn di) => Shift<Ushr>(cpu, di);
    public static void SSRA_v(Processor cpu, in DecodedInsn di) => Shift<Ssra>(cpu, di);
    public static void USRA_v(Processor cpu, in DecodedInsn di) => Shift<Usra>(cpu, di);
    public static void SRSHR_v(Processor cpu, in DecodedInsn di) => Shift<Srshr>(cpu, di);
    public static void URSHR_v(Processor cpu, in DecodedInsn di) => Shift<Urshr>(cpu, di);
    public static void SRSRA_v(Processor cpu, in DecodedInsn di) => Shift<Srsra>(cpu, di);
    public static void URSRA_v(Processor cpu, in DecodedInsn di) => Shift<Ursra>(cpu, di);
    public static void SRI_v(Processor cpu, in DecodedInsn di) => Shift<Sri>(cpu, di);
    public static void SHL_v(Processor cpu, in DecodedInsn di) => Shift<Shl>(cpu, di);
    public static void SLI_v(Processor cpu, in DecodedInsn di) => Shift<Sli>(cpu, di);
    public static void SQSHLU_v(Processor cpu, in DecodedInsn di) => Shift<Sqshlu>(cpu, di);
    public static void SQSHL_imm_v(Processor cpu, in DecodedInsn di) => Shift<SqshlImm>(cpu, di);
    public static void UQSHL_imm_v(Processor cpu, in DecodedInsn di) => Shift<UqshlImm>(cpu, di);
    public static void SHRN_v(Processor cpu, in DecodedInsn di) => Narrow<Shrn>(cpu, di);
    public static void RSHRN_v(Processor cpu, in DecodedInsn di) => Narrow<Rshrn>(cpu, di);
    public static void SQSHRN_v(Processor cpu, in DecodedInsn di) => Narrow<Sqshrn>(cpu, di);
    public static void SQRSHRN_v(Processor cpu, in DecodedInsn di) => Narrow<Sqrshrn>(cpu, di);
    public static void UQSHRN_v(Processor cpu, in DecodedInsn di) => Narrow<Uqshrn>(cpu, di);
    public static void UQRSHRN_v(Processor cpu, in DecodedInsn di) => Narrow<Uqrshrn>(cpu, di);
    public static void SQSHRUN_v(Processor cpu, in DecodedInsn di) => Narrow<Sqshrun>(cpu, di);
    public static void SQRSHRUN_v(Processor cpu, in DecodedInsn di) => Narrow<Sqrshrun>(cpu, di);
    public static void SSHLL_v(Processor cpu, in DecodedInsn di) => Lengthen<Sshll>(cpu, di);
    public static void USHLL_v(Processor cpu, in DecodedInsn di) => Lengthen<Ushll>(cpu, di);

    // ---- Advanced SIMD scalar shift by immediate -------------------------------------------

    public static void SSHR_s(Processor cpu, in DecodedInsn di) => Scalar<Sshr>(cpu, di);
    public static void USHR_s(Processor cpu, in DecodedInsn di) => Scalar<Ushr>(cpu, di);
    public static void SSRA_s(Processor cpu, in DecodedInsn di) => Scalar<Ssra>(cpu, di);
    public static void USRA_s(Processor cpu, in DecodedInsn di) => Scalar<Usra>(cpu, di);
    public static void SRSHR_s(Processor cpu, in DecodedInsn di) => Scalar<Srshr>(cpu, di);
    public static void URSHR_s(Processor cpu, in DecodedInsn di) => Scalar<Urshr>(cpu, di);
    public static void SRSRA_s(Processor cpu, in DecodedInsn di) => Scalar<Srsra>(cpu, di);
    public static void URSRA_s(Processor cpu, in DecodedInsn di) => Scalar<Ursra>(cpu, di);
    public static void SRI_s(Processor cpu, in DecodedInsn di) => Scalar<Sri>(cpu, di);
    public static void SHL_s(Processor cpu, in DecodedInsn di) => Scalar<Shl>(cpu, di);
    public static void SLI_s(Processor cpu, in DecodedInsn di) => Scalar<Sli>(cpu, di);
    public static void SQSHLU_s(Processor cpu, in DecodedInsn di) => Scalar<Sqshlu>(cpu, di);
    public static void SQSHL_imm_s(Processor cpu, in DecodedInsn di) => Scalar<SqshlImm>(cpu, di);
    public static void UQSHL_imm_s(Processor cpu, in DecodedInsn di) => Scalar<UqshlImm>(cpu, di);
    public static void SQSHRUN_s(Processor cpu, in DecodedInsn di) => ScalarNarrow<Sqshrun>(cpu, di);
    public static void SQRSHRUN_s(Processor cpu, in DecodedInsn di) => ScalarNarrow<Sqrshrun>(cpu, di);
    public static void SQSHRN_s(Processor cpu, in DecodedInsn di) => ScalarNarrow<Sqshrn>(cpu, di);
    public static void UQSHRN_s(Processor cpu, in DecodedInsn di) => ScalarNarrow<Uqshrn>(cpu, di);
    public static void SQRSHRN_s(Processor cpu, in DecodedInsn di) => ScalarNarrow<Sqrshrn>(cpu, di);
    public static void UQRSHRN_s(Processor cpu, in DecodedInsn di) => ScalarNarrow<Uqrshrn>(cpu, di);
}
