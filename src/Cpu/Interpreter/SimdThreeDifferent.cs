using Emulator.Cpu.Decoder;
using static Emulator.Cpu.SimdLanes;

namespace Emulator.Cpu;

/// <summary>
/// Handlers of "Advanced SIMD three different" and its scalar group (rows in
/// Decoder/Table/SimdThreeDifferent.cs). A = the size of the narrow elements, B = Q: the
/// "2" forms read the upper halves of the narrow operands (or write the upper half of a
/// narrow result).
/// </summary>
public static class SimdThreeDifferent
{
    // ---- Widening lane operations: a, b of bits (a of 2 * bits for the W forms), d and the result of 2 * bits ----

    internal struct Saddl : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (ulong)(Signed(a, bits) + Signed(b, bits)); }
    internal struct Uaddl : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => a + b; }
    internal struct Saddw : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => a + (ulong)Signed(b, bits); }
    internal struct Ssubl : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (ulong)(Signed(a, bits) - Signed(b, bits)); }
    internal struct Usubl : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => a - b; }
    internal struct Ssubw : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => a - (ulong)Signed(b, bits); }
    internal struct Sabdl : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (ulong)Math.Abs(Signed(a, bits) - Signed(b, bits)); }
    internal struct Uabdl : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => a >= b ? a - b : b - a; }
    internal struct Sabal : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => d + Sabdl.Apply(d, a, b, bits, ref qc); }
    internal struct Uabal : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => d + Uabdl.Apply(d, a, b, bits, ref qc); }
    internal struct Smull : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (ulong)(Signed(a, bits) * Signed(b, bits)); }
    internal struct Umull : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => a * b; }
    internal struct Smlal : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => d + (ulong)(Signed(a, bits) * Signed(b, bits)); }
    internal struct Umlal : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => d + a * b; }
    internal struct Smlsl : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => d - (ulong)(Signed(a, bits) * Signed(b, bits)); }
    internal struct Umlsl : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => d - a * b; }
    internal struct Pmull : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => SimdThreeSame.PolynomialMultiply(a, b, bits); }

    /// <summary>SignedSatQ(2 * a * b, 2 * esize): only -2^(esize-1) squared saturates.</summary>
    internal struct Sqdmull : ILaneOp
    {
        public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) =>
            SignedSat((Int128)Signed(a, bits) * Signed(b, bits) * 2, 2 * bits, ref qc);
    }

    /// <summary>The doubled product saturates first, then the accumulation (both set QC).</summary>
    internal struct Sqdmlal : ILaneOp
    {
        public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) =>
            SignedSat((Int128)Signed(d, 2 * bits) + Signed(Sqdmull.Apply(d, a, b, bits, ref qc), 2 * bits), 2 * bits, ref qc);
    }

    internal struct Sqdmlsl : ILaneOp
    {
        public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) =>
            SignedSat((Int128)Signed(d, 2 * bits) - Signed(Sqdmull.Apply(d, a, b, bits, ref qc), 2 * bits), 2 * bits, ref qc);
    }

    // ---- Narrowing high-half lane operations: a, b of 2 * bits, the result their top bits ----

    struct Addhn : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (ulong)(((UInt128)a + b) >> bits); }
    struct Raddhn : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (ulong)(((UInt128)a + b + (1UL << (bits - 1))) >> bits); }
    struct Subhn : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (a - b) >> bits; }
    struct Rsubhn : ILaneOp { public static ulong Apply(ulong d, ulong a, ulong b, int bits, ref bool qc) => (a - b + (1UL << (bits - 1))) >> bits; }

    static void LongOp<T>(Processor cpu, in DecodedInsn di, bool wideA = false) where T : struct, ILaneOp
    {
        bool qc = false;
        Long<T>(cpu, di, SourceHalf(cpu, di.Rm, di), wideA, ref qc);
        SetQc(cpu, qc);
    }

    static void HighNarrow<T>(Processor cpu, in DecodedInsn di) where T : struct, ILaneOp
    {
        bool qc = false;
        ulong half = NarrowHalf<T>(cpu.VLow(di.Rn), cpu.VHigh(di.Rn), cpu.VLow(di.Rm), cpu.VHigh(di.Rm), Bits(di), bIsConstant: false, ref qc);
        SetNarrow(cpu, di, half, qc);
    }

    public static void SADDL(Processor cpu, in DecodedInsn di) => LongOp<Saddl>(cpu, di);
    public static void UADDL(Processor cpu, in DecodedInsn di) => LongOp<Uaddl>(cpu, di);
    public static void SADDW(Processor cpu, in DecodedInsn di) => LongOp<Saddw>(cpu, di, wideA: true);
    public static void UADDW(Processor cpu, in DecodedInsn di) => LongOp<Uaddl>(cpu, di, wideA: true);
    public static void SSUBL(Processor cpu, in DecodedInsn di) => LongOp<Ssubl>(cpu, di);
    public static void USUBL(Processor cpu, in DecodedInsn di) => LongOp<Usubl>(cpu, di);
    public static void SSUBW(Processor cpu, in DecodedInsn di) => LongOp<Ssubw>(cpu, di, wideA: true);
    public static void USUBW(Processor cpu, in DecodedInsn di) => LongOp<Usubl>(cpu, di, wideA: true);
    public static void ADDHN(Processor cpu, in DecodedInsn di) => HighNarrow<Addhn>(cpu, di);
    public static void RADDHN(Processor cpu, in DecodedInsn di) => HighNarrow<Raddhn>(cpu, di);
    public static void SUBHN(Processor cpu, in DecodedInsn di) => HighNarrow<Subhn>(cpu, di);
    public static void RSUBHN(Processor cpu, in DecodedInsn di) => HighNarrow<Rsubhn>(cpu, di);
    public static void SABAL(Processor cpu, in DecodedInsn di) => LongOp<Sabal>(cpu, di);
    public static void UABAL(Processor cpu, in DecodedInsn di) => LongOp<Uabal>(cpu, di);
    public static void SABDL(Processor cpu, in DecodedInsn di) => LongOp<Sabdl>(cpu, di);
    public static void UABDL(Processor cpu, in DecodedInsn di) => LongOp<Uabdl>(cpu, di);
    public static void SMLAL_v(Processor cpu, in DecodedInsn di) => LongOp<Smlal>(cpu, di);
    public static void UMLAL_v(Processor cpu, in DecodedInsn di) => LongOp<Umlal>(cpu, di);
    public static void SQDMLAL_v(Processor cpu, in DecodedInsn di) => LongOp<Sqdmlal>(cpu, di);
    public static void SMLSL_v(Processor cpu, in DecodedInsn di) => LongOp<Smlsl>(cpu, di);
    public static void UMLSL_v(Processor cpu, in DecodedInsn di) => LongOp<Umlsl>(cpu, di);
    public static void SQDMLSL_v(Processor cpu, in DecodedInsn di) => LongOp<Sqdmlsl>(cpu, di);
    public static void SMULL_v(Processor cpu, in DecodedInsn di) => LongOp<Smull>(cpu, di);
    public static void UMULL_v(Processor cpu, in DecodedInsn di) => LongOp<Umull>(cpu, di);
    public static void SQDMULL_v(Processor cpu, in DecodedInsn di) => LongOp<Sqdmull>(cpu, di);

    /// <summary>PMULL on bytes (8x8 to 16 bits), or size 11: one 64x64 to 128-bit carry-less product.</summary>
    public static void PMULL(Processor cpu, in DecodedInsn di)
    {
        if (di.A != 3)
        {
            LongOp<Pmull>(cpu, di);
            return;
        }
        ulong a = SourceHalf(cpu, di.Rn, di), b = SourceHalf(cpu, di.Rm, di), lo = 0, hi = 0;
        for (int i = 0; i < 64; i++)
        {
            if ((b >> i & 1) == 0) continue;
            lo ^= a << i;
            if (i != 0) hi ^= a >> (64 - i);
        }
        cpu.SetV(di.Rd, lo, hi);
    }

    // ---- Advanced SIMD scalar three different ---------------------------------------------

    /// <summary>A scalar widening operation: element 0 of bits from Vn and <paramref name="b"/>, the 2 * bits result to Vd.</summary>
    internal static void ScalarLong<T>(Processor cpu, in DecodedInsn di, ulong b) where T : struct, ILaneOp
    {
        int bits = Bits(di);
        bool qc = false;
        ulong r = T.Apply(cpu.VLow(di.Rd) & Mask(2 * bits), cpu.VLow(di.Rn) & Mask(bits), b & Mask(bits), bits, ref qc);
        cpu.SetVScalar(di.Rd, r, 2 * bits);
        SetQc(cpu, qc);
    }

    public static void SQDMLAL_s(Processor cpu, in DecodedInsn di) => ScalarLong<Sqdmlal>(cpu, di, cpu.VLow(di.Rm));
    public static void SQDMLSL_s(Processor cpu, in DecodedInsn di) => ScalarLong<Sqdmlsl>(cpu, di, cpu.VLow(di.Rm));
    public static void SQDMULL_s(Processor cpu, in DecodedInsn di) => ScalarLong<Sqdmull>(cpu, di, cpu.VLow(di.Rm));
}
