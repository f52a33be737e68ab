using Emulator.Cpu.Decoder;
using static Emulator.Cpu.SimdLanes;

namespace Emulator.Cpu;

/// <summary>
/// Handlers of Advanced SIMD table lookup, permute, extract, copy, scalar copy and modified
/// immediate (rows in Decoder/Table/SimdPermuteCopy.cs).
/// </summary>
public static class SimdPermuteCopy
{
    // ---- Table lookup: A = len, B = Q ------------------------------------------------------

    /// <summary>
    /// TBL/TBX: each byte of Vm indexes the table Vn, Vn+1, ... (len + 1 registers, numbered
    /// modulo 32); an index past the table gives 0 (TBL) or leaves Vd's byte (TBX).
    /// </summary>
    static void TableLookup(Processor cpu, in DecodedInsn di, bool extension)
    {
        int tableBytes = 16 * (di.A + 1), bytes = di.B != 0 ? 16 : 8;
        ulong indicesLo = cpu.VLow(di.Rm), indicesHi = cpu.VHigh(di.Rm);
        ulong lo = extension ? cpu.VLow(di.Rd) : 0, hi = extension && di.B != 0 ? cpu.VHigh(di.Rd) : 0;
        for (int i = 0; i < bytes; i++)
        {
            int index = (int)(((i < 8 ? indicesLo : indicesHi) >> (8 * (i & 7))) & 0xFF);
            if (index >= tableBytes) continue;
            ulong b = cpu.VElement((di.Rn + (index >> 4)) & 31, index & 15, 8);
            int s = 8 * (i & 7);
            if (i < 8) lo = (lo & ~(0xFFUL << s)) | b << s;
            else hi = (hi & ~(0xFFUL << s)) | b << s;
        }
        cpu.SetV(di.Rd, lo, hi);
    }

    public static void TBL(Processor cpu, in DecodedInsn di) => TableLookup(cpu, di, extension: false);
    public static void TBX(Processor cpu, in DecodedInsn di) => TableLookup(cpu, di, extension: true);

    // ---- Permute: A = size, B = Q -----------------------------------------------------------

    /// <summary>Element i of the vector held in (lo, hi).</summary>
    static ulong Element(ulong lo, ulong hi, int i, int bits)
    {
        int bit = i * bits;
        ulong half = bit < 64 ? lo : hi;
        return bits == 64 ? half : (half >> (bit & 63)) & Mask(bits);
    }

    /// <summary>Builds Vd from a rule giving, for result element i, whether it comes from Vm and which element.</summary>
    static void Permute(Processor cpu, in DecodedInsn di, Func<int, int, (bool FromM, int Index)> source)
    {
        int bits = Bits(di), count = (di.B != 0 ? 128 : 64) / bits;
        ulong nl = cpu.VLow(di.Rn), nh = cpu.VHigh(di.Rn), ml = cpu.VLow(di.Rm), mh = cpu.VHigh(di.Rm), lo = 0, hi = 0;
        for (int i = 0; i < count; i++)
        {
            (bool fromM, int index) = source(i, count);
            ulong e = fromM ? Element(ml, mh, index, bits) : Element(nl, nh, index, bits);
            int bit = i * bits;
            if (bit < 64) lo |= e << bit;
            else hi |= e << (bit - 64);
        }
        cpu.SetV(di.Rd, lo, hi);
    }

    // UZP: the even (1) or odd (2) elements of Vm:Vn; TRN: even/odd pairs interleaved; ZIP: the lower/upper halves interleaved.
    public static void UZP1(Processor cpu, in DecodedInsn di) => Permute(cpu, di, static (i, n) => (2 * i >= n, 2 * i % n));
    public static void UZP2(Processor cpu, in DecodedInsn di) => Permute(cpu, di, static (i, n) => (2 * i >= n, (2 * i + 1) % n));
    public static void TRN1(Processor cpu, in DecodedInsn di) => Permute(cpu, di, static (i, n) => ((i & 1) != 0, i & ~1));
    public static void TRN2(Processor cpu, in DecodedInsn di) => Permute(cpu, di, static (i, n) => ((i & 1) != 0, i | 1));
    public static void ZIP1(Processor cpu, in DecodedInsn di) => Permute(cpu, di, static (i, n) => ((i & 1) != 0, i >> 1));
    public static void ZIP2(Processor cpu, in DecodedInsn di) => Permute(cpu, di, static (i, n) => ((i & 1) != 0, (i >> 1) + n / 2));

    /// <summary>EXT: bytes Imm onwards of Vm:Vn (16 bytes, or 8 of Vm[63:0]:Vn[63:0] with Q = 0).</summary>
    public static void EXT(Processor cpu, in DecodedInsn di)
    {
        int shift = 8 * (int)di.Imm;
        if (di.B == 0)
        {
            UInt128 x = (UInt128)cpu.VLow(di.Rm) << 64 | cpu.VLow(di.Rn);
            cpu.SetV(di.Rd, (ulong)(x >> shift), 0);
            return;
        }
        UInt128 n = (UInt128)cpu.VHigh(di.Rn) << 64 | cpu.VLow(di.Rn), m = (UInt128)cpu.VHigh(di.Rm) << 64 | cpu.VLow(di.Rm);
        UInt128 r = shift == 0 ? n : n >> shift | m << (128 - shift);
        cpu.SetV(di.Rd, (ulong)r, (ulong)(r >> 64));
    }

    // ---- Copy: A = size, Imm = index, B = Q ----------------------------------------------------

    static void Duplicate(Processor cpu, in DecodedInsn di, ulong element)
    {
        ulong replicated = element * LaneOnes(Bits(di));
        cpu.SetV(di.Rd, replicated, di.B != 0 ? replicated : 0);
    }

    public static void DUP_elem_v(Processor cpu, in DecodedInsn di) => Duplicate(cpu, di, cpu.VElement(di.Rn, (int)di.Imm, Bits(di)));
    public static void DUP_general(Processor cpu, in DecodedInsn di) => Duplicate(cpu, di, cpu.Xr(di.Rn) & Mask(Bits(di)));
    public static void DUP_elem_s(Processor cpu, in DecodedInsn di) => cpu.SetVScalar(di.Rd, cpu.VElement(di.Rn, (int)di.Imm, Bits(di)), Bits(di));

    /// <summary>SMOV: sign-extended to Wd (Q = 0, zero-extended above bit 31) or Xd.</summary>
    public static void SMOV(Processor cpu, in DecodedInsn di)
    {
        long value = Signed(cpu.VElement(di.Rn, (int)di.Imm, Bits(di)), Bits(di));
        cpu.SetX(di.Rd, di.B != 0 ? (ulong)value : (uint)value);
    }

    public static void UMOV(Processor cpu, in DecodedInsn di) => cpu.SetX(di.Rd, cpu.VElement(di.Rn, (int)di.Imm, Bits(di)));
    public static void INS_general(Processor cpu, in DecodedInsn di) => cpu.SetVElement(di.Rd, (int)di.Imm, Bits(di), cpu.Xr(di.Rn));
    public static void INS_elem(Processor cpu, in DecodedInsn di) => cpu.SetVElement(di.Rd, (int)di.Imm, Bits(di), cpu.VElement(di.Rn, di.B, Bits(di)));

    // ---- Modified immediate: Imm = the 64-bit pattern, A = 0 move, 1 OR, 2 AND; B = Q ----------

    public static void MOVI(Processor cpu, in DecodedInsn di)
    {
        ulong imm = di.Imm, lo = imm, hi = imm;
        if (di.A == 1) { lo |= cpu.VLow(di.Rd); hi |= cpu.VHigh(di.Rd); }
        else if (di.A == 2) { lo &= cpu.VLow(di.Rd); hi &= cpu.VHigh(di.Rd); }
        cpu.SetV(di.Rd, lo, di.B != 0 ? hi : 0);
    }

    public static void FMOV_v_imm(Processor cpu, in DecodedInsn di) => cpu.SetV(di.Rd, di.Imm, di.B != 0 ? di.Imm : 0);
}
