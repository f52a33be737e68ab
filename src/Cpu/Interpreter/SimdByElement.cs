using Emulator.Cpu.Decoder;
using static Emulator.Cpu.SimdLanes;

namespace Emulator.Cpu;

/// <summary>
/// Handlers of the integer "Advanced SIMD vector x indexed element" and "Advanced SIMD
/// scalar x indexed element" rows (in Decoder/Table/SimdThreeDifferent.cs): the second
/// operand is element Imm of Vm (Vm in 0-15 for 16-bit elements), the same for every lane.
/// A = size, B = Q.
/// </summary>
public static class SimdByElement
{
    static ulong Element(Processor cpu, in DecodedInsn di) => cpu.VElement(di.Rm, (int)di.Imm, Bits(di));

    /// <summary>Vd = T(Vd, Vn, Vm[index]) lane by lane.</summary>
    static void SameByElement<T>(Processor cpu, in DecodedInsn di) where T : struct, ILaneOp
    {
        int bits = Bits(di);
        ulong b = Element(cpu, di) * LaneOnes(bits);
        bool qc = false;
        ulong lo = Half<T>(cpu.VLow(di.Rd), cpu.VLow(di.Rn), b, bits, ref qc);
        ulong hi = di.B != 0 ? Half<T>(cpu.VHigh(di.Rd), cpu.VHigh(di.Rn), b, bits, ref qc) : 0;
        cpu.SetV(di.Rd, lo, hi);
        SetQc(cpu, qc);
    }

    /// <summary>The widening forms: the narrow elements of Vn's lower or ("2") upper half with Vm[index].</summary>
    static void LongByElement<T>(Processor cpu, in DecodedInsn di) where T : struct, ILaneOp
    {
        bool qc = false;
        Long<T>(cpu, di, Element(cpu, di) * LaneOnes(Bits(di)), wideA: false, ref qc);
        SetQc(cpu, qc);
    }

    static void ScalarByElement<T>(Processor cpu, in DecodedInsn di) where T : struct, ILaneOp
    {
        int bits = Bits(di);
        bool qc = false;
        ulong r = T.Apply(0, cpu.VLow(di.Rn) & Mask(bits), Element(cpu, di), bits, ref qc);
        cpu.SetVScalar(di.Rd, r, bits);
        SetQc(cpu, qc);
    }

    public static void MLA_elem(Processor cpu, in DecodedInsn di) => SameByElement<SimdThreeSame.Mla>(cpu, di);
    public static void MLS_elem(Processor cpu, in DecodedInsn di) => SameByElement<SimdThreeSame.Mls>(cpu, di);
    public static void MUL_elem(Processor cpu, in DecodedInsn di) => SameByElement<SimdThreeSame.Mul>(cpu, di);
    public static void SQDMULH_elem_v(Processor cpu, in DecodedInsn di) => SameByElement<SimdThreeSame.Sqdmulh>(cpu, di);
    public static void SQRDMULH_elem_v(Processor cpu, in DecodedInsn di) => SameByElement<SimdThreeSame.Sqrdmulh>(cpu, di);
    public static void SMLAL_elem(Processor cpu, in DecodedInsn di) => LongByElement<SimdThreeDifferent.Smlal>(cpu, di);
    public static void UMLAL_elem(Processor cpu, in DecodedInsn di) => LongByElement<SimdThreeDifferent.Umlal>(cpu, di);
    public static void SMLSL_elem(Processor cpu, in DecodedInsn di) => LongByElement<SimdThreeDifferent.Smlsl>(cpu, di);
    public static void UMLSL_elem(Processor cpu, in DecodedInsn di) => LongByElement<SimdThreeDifferent.Umlsl>(cpu, di);
    public static void SMULL_elem(Processor cpu, in DecodedInsn di) => LongByElement<SimdThreeDifferent.Smull>(cpu, di);
    public static void UMULL_elem(Processor cpu, in DecodedInsn di) => LongByElement<SimdThreeDifferent.Umull>(cpu, di);
    public static void SQDMLAL_elem_v(Processor cpu, in DecodedInsn di) => LongByElement<SimdThreeDifferent.Sqdmlal>(cpu, di);
    public static void SQDMLSL_elem_v(Processor cpu, in DecodedInsn di) => LongByElement<SimdThreeDifferent.Sqdmlsl>(cpu, di);
    public static void SQDMULL_elem_v(Processor cpu, in DecodedInsn di) => LongByElement<SimdThreeDifferent.Sqdmull>(cpu, di);

    public static void SQDMLAL_elem_s(Processor cpu, in DecodedInsn di) => SimdThreeDifferent.ScalarLong<SimdThreeDifferent.Sqdmlal>(cpu, di, Element(cpu, di));
    public static void SQDMLSL_elem_s(Processor cpu, in DecodedInsn di) => SimdThreeDifferent.ScalarLong<SimdThreeDifferent.Sqdmlsl>(cpu, di, Element(cpu, di));
    public static void SQDMULL_elem_s(Processor cpu, in DecodedInsn di) => SimdThreeDifferent.ScalarLong<SimdThreeDifferent.Sqdmull>(cpu, di, Element(cpu, di));
    public static void SQDMULH_elem_s(Processor cpu, in DecodedInsn di) => ScalarByElement<SimdThreeSame.Sqdmulh>(cpu, di);
    public static void SQRDMULH_elem_s(Processor cpu, in DecodedInsn di) => ScalarByElement<SimdThreeSame.Sqrdmulh>(cpu, di);
}
