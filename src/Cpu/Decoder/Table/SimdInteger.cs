using System.Numerics;
using Emulator.Interconnect;

namespace Emulator.Cpu.Decoder;

public static partial class A64Table
{
    /// <summary>
    /// Rows of Advanced SIMD integer, permute, copy, modified-immediate and bitwise (data
    /// processing), from the group files Table/Simd*.cs. A property rather than a field, so
    /// it is gathered after every group's field exists, whatever the order of the files.
    /// </summary>
    static Row[] SimdInteger =>
    [
        .. SimdThreeSameRows,
        .. SimdTwoRegisterMiscRows,
        .. SimdThreeDifferentRows,
        .. SimdShiftImmediateRows,
        .. SimdPermuteCopyRows,
    ];

    /// <summary>Operand fields of the Advanced SIMD encodings (Arm ARM C4.1.95 onwards).</summary>
    static class SimdField
    {
        public static readonly BitField Q = new(30, 1);
        public static readonly BitField Op = new(29, 1);
        public static readonly BitField Size = new(22, 2);
        public static readonly BitField Rm = new(16, 5);
        public static readonly BitField L = new(21, 1);
        public static readonly BitField M = new(20, 1);
        public static readonly BitField H = new(11, 1);
        public static readonly BitField Immh = new(19, 4);
        public static readonly BitField ImmhImmb = new(16, 7);
        public static readonly BitField Imm5 = new(16, 5);
        public static readonly BitField Imm4 = new(11, 4);
        public static readonly BitField Len = new(13, 2);
        public static readonly BitField Cmode = new(12, 4);
        public static readonly BitField Abc = new(16, 3);
        public static readonly BitField Defgh = new(5, 5);
    }

    // Every Advanced SIMD integer predecoder leaves A = size (elements of 8 << A bits) and
    // B = Q, unless it says otherwise; returning false makes a reserved size or Q UNDEFINED.

    static bool SimdArrangement(ref DecodedInsn di)
    {
        di.A = (byte)SimdField.Size.Extract(di.Raw);
        di.B = (byte)SimdField.Q.Extract(di.Raw);
        return true;
    }

    /// <summary>Any size; 64-bit elements need Q = 1 (size:Q = 110 is reserved).</summary>
    static bool SimdVector(ref DecodedInsn di) => SimdArrangement(ref di) && !(di.A == 3 && di.B == 0);

    static bool SimdVectorNo64(ref DecodedInsn di) => SimdArrangement(ref di) && di.A != 3;

    static bool SimdVectorHS(ref DecodedInsn di) => SimdArrangement(ref di) && di.A is 1 or 2;

    static bool SimdVectorBH(ref DecodedInsn di) => SimdArrangement(ref di) && di.A < 2;

    /// <summary>Bitwise operations, and rows whose pattern fixes the size: only Q matters (A = 0, bytes).</summary>
    static bool SimdVectorBitwise(ref DecodedInsn di)
    {
        di.A = 0;
        di.B = (byte)SimdField.Q.Extract(di.Raw);
        return true;
    }

    static bool SimdScalar(ref DecodedInsn di)
    {
        di.A = (byte)SimdField.Size.Extract(di.Raw);
        return true;
    }

    static bool SimdScalarHS(ref DecodedInsn di) => SimdScalar(ref di) && di.A is 1 or 2;

    static bool SimdScalarNo64(ref DecodedInsn di) => SimdScalar(ref di) && di.A != 3;

    /// <summary>Across lanes: 64-bit elements are reserved, and so is 4S (size:Q = 100).</summary>
    static bool SimdAcrossLanes(ref DecodedInsn di) => SimdArrangement(ref di) && di.A != 3 && !(di.A == 2 && di.B == 0);

    /// <summary>PMULL: 8-bit elements, or (size 11) the 64-bit ones of the cryptographic extension.</summary>
    static bool SimdPolynomialLong(ref DecodedInsn di) => SimdArrangement(ref di) && di.A is 0 or 3;

    /// <summary>
    /// By element: size 01 indexes H:L:M with Rm in 0-15, size 10 indexes H:L with any Rm;
    /// other sizes are reserved for the integer operations. Imm = the element index.
    /// </summary>
    static bool SimdByElement(ref DecodedInsn di)
    {
        SimdArrangement(ref di);
        uint h = SimdField.H.Extract(di.Raw), l = SimdField.L.Extract(di.Raw);
        switch (di.A)
        {
            case 1:
                di.Imm = h << 2 | l << 1 | SimdField.M.Extract(di.Raw);
                di.Rm = (byte)(SimdField.Rm.Extract(di.Raw) & 15);
                return true;
            case 2:
                di.Imm = h << 1 | l;
                return true;
            default:
                return false;
        }
    }

    static bool SimdByElementScalar(ref DecodedInsn di)
    {
        bool ok = SimdByElement(ref di);
        di.B = 0;
        return ok;
    }

    /// <summary>TBL/TBX: A = len (number of table registers - 1).</summary>
    static bool SimdTableLookup(ref DecodedInsn di)
    {
        di.A = (byte)SimdField.Len.Extract(di.Raw);
        di.B = (byte)SimdField.Q.Extract(di.Raw);
        return true;
    }

    /// <summary>EXT: Imm = the first byte taken; with Q = 0 it must lie in the 8 bytes of Vn.</summary>
    static bool SimdExtract(ref DecodedInsn di)
    {
        di.B = (byte)SimdField.Q.Extract(di.Raw);
        di.Imm = SimdField.Imm4.Extract(di.Raw);
        return di.B == 1 || di.Imm < 8;
    }

    /// <summary>Copy: the lowest set bit of imm5 gives the size (A), the bits above it the index (Imm); imm5 = x0000 is reserved.</summary>
    static bool SimdCopyElement(ref DecodedInsn di)
    {
        uint imm5 = SimdField.Imm5.Extract(di.Raw);
        if ((imm5 & 15) == 0) return false;
        di.A = (byte)BitOperations.TrailingZeroCount(imm5);
        di.B = (byte)SimdField.Q.Extract(di.Raw);
        di.Imm = imm5 >> (di.A + 1);
        return true;
    }

    /// <summary>DUP: 64-bit elements need Q = 1.</summary>
    static bool SimdCopyVector(ref DecodedInsn di) => SimdCopyElement(ref di) && !(di.A == 3 && di.B == 0);

    /// <summary>SMOV: to Wd (Q = 0) from B or H, to Xd (Q = 1) from B, H or S.</summary>
    static bool SimdCopySmov(ref DecodedInsn di) => SimdCopyElement(ref di) && di.A < 2 + di.B;

    /// <summary>UMOV: to Wd (Q = 0) from B, H or S, to Xd (Q = 1) from D only.</summary>
    static bool SimdCopyUmov(ref DecodedInsn di) => SimdCopyElement(ref di) && (di.B == 1 ? di.A == 3 : di.A < 3);

    /// <summary>INS (element): Imm = the destination index (from imm5), B = the source index (imm4 &gt;&gt; size).</summary>
    static bool SimdCopyInsElement(ref DecodedInsn di)
    {
        if (!SimdCopyElement(ref di)) return false;
        di.B = (byte)(SimdField.Imm4.Extract(di.Raw) >> di.A);
        return true;
    }

    /// <summary>
    /// MOVI, MVNI, ORR and BIC (vector, immediate): Imm = the 64-bit pattern of
    /// AdvSIMDExpandImm, already inverted for MVNI and BIC; A = 0 writes it, 1 ORs it in,
    /// 2 ANDs it in; B = Q.
    /// </summary>
    static bool SimdModifiedImmediate(ref DecodedInsn di)
    {
        uint op = SimdField.Op.Extract(di.Raw), cmode = SimdField.Cmode.Extract(di.Raw);
        ulong imm8 = SimdField.Abc.Extract(di.Raw) << 5 | SimdField.Defgh.Extract(di.Raw);
        di.B = (byte)SimdField.Q.Extract(di.Raw);
        ulong imm = AdvSimdExpandImm(op, cmode, imm8);
        bool logical = cmode < 12 && (cmode & 1) == 1; // 0xx1, 10x1: ORR (op 0) or BIC (op 1)
        bool inverted = op == 1 && cmode != 14;         // MVNI, BIC; op:cmode 1:1110 is MOVI (64-bit)
        di.Imm = inverted ? ~imm : imm;
        di.A = (byte)(logical ? (op == 0 ? 1 : 2) : 0);
        return true;
    }

    /// <summary>AdvSIMDExpandImm (Arm ARM shared pseudocode) for the integer cmodes (not 1111).</summary>
    static ulong AdvSimdExpandImm(uint op, uint cmode, ulong imm8)
    {
        static ulong Replicate32(ulong x) => x | x << 32;
        static ulong Replicate16(ulong x) => Replicate32(x | x << 16);
        switch (cmode >> 1)
        {
            case 0: return Replicate32(imm8);
            case 1: return Replicate32(imm8 << 8);
            case 2: return Replicate32(imm8 << 16);
            case 3: return Replicate32(imm8 << 24);
            case 4: return Replicate16(imm8);
            case 5: return Replicate16(imm8 << 8);
            case 6: return Replicate32((cmode & 1) == 0 ? imm8 << 8 | 0xFF : imm8 << 16 | 0xFFFF);
            default:
                if (op == 0) return imm8 * 0x0101_0101_0101_0101UL;
                ulong bytes = 0;
                for (int i = 0; i < 8; i++)
                    if ((imm8 >> i & 1) != 0) bytes |= 0xFFUL << (8 * i);
                return bytes;
        }
    }

    /// <summary>FMOV (vector, immediate): Imm = the value replicated to 64 bits (VFPExpandImm); op = 1 (double) needs Q = 1.</summary>
    static bool SimdFmovImmediate(ref DecodedInsn di)
    {
        uint op = SimdField.Op.Extract(di.Raw);
        ulong imm8 = SimdField.Abc.Extract(di.Raw) << 5 | SimdField.Defgh.Extract(di.Raw);
        di.B = (byte)SimdField.Q.Extract(di.Raw);
        ulong a = imm8 >> 7, b = imm8 >> 6 & 1, cdefgh = imm8 & 0x3F;
        if (op == 0)
        {
            ulong single = a << 31 | (b ^ 1) << 30 | (b * 0x1F) << 25 | cdefgh << 19;
            di.Imm = single | single << 32;
        }
        else
            di.Imm = a << 63 | (b ^ 1) << 62 | (b * 0xFF) << 54 | cdefgh << 48;
        di.A = 0;
        return op == 0 || di.B == 1;
    }

    // Shift by immediate: esize = 8 << HighestSetBit(immh) (A = its log2 in bytes);
    // right shifts are 2 * esize - immh:immb (1 to esize), left shifts immh:immb - esize
    // (0 to esize - 1). Imm = the shift amount.

    static bool SimdShiftFields(ref DecodedInsn di, bool left)
    {
        uint immh = SimdField.Immh.Extract(di.Raw);
        if (immh == 0) return false;
        di.A = (byte)(31 - BitOperations.LeadingZeroCount(immh));
        di.B = (byte)SimdField.Q.Extract(di.Raw);
        int esize = 8 << di.A;
        int immhImmb = (int)SimdField.ImmhImmb.Extract(di.Raw);
        di.Imm = (ulong)(left ? immhImmb - esize : 2 * esize - immhImmb);
        return true;
    }

    static bool SimdShiftRight(ref DecodedInsn di) => SimdShiftFields(ref di, left: false) && !(di.A == 3 && di.B == 0);

    static bool SimdShiftLeft(ref DecodedInsn di) => SimdShiftFields(ref di, left: true) && !(di.A == 3 && di.B == 0);

    static bool SimdShiftRightNarrow(ref DecodedInsn di) => SimdShiftFields(ref di, left: false) && di.A != 3;

    static bool SimdShiftLeftLong(ref DecodedInsn di) => SimdShiftFields(ref di, left: true) && di.A != 3;

    static bool SimdScalarShiftRight(ref DecodedInsn di) => SimdShiftFields(ref di, left: false) && di.A == 3;

    static bool SimdScalarShiftLeft(ref DecodedInsn di) => SimdShiftFields(ref di, left: true) && di.A == 3;

    static bool SimdScalarShiftLeftAnySize(ref DecodedInsn di) => SimdShiftFields(ref di, left: true);

    static bool SimdScalarShiftRightNarrow(ref DecodedInsn di) => SimdShiftFields(ref di, left: false) && di.A != 3;
}
