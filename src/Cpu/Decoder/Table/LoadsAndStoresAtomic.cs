using Emulator.Interconnect;

namespace Emulator.Cpu.Decoder;

// Loads and stores: exclusive, ordered, atomic. Letters: z = size (2 bits; 1 bit "sz" in
// the pair rows), q = acquire (A, or L/o0 of the acquiring forms), r = release (R, or o0 of
// the releasing forms). Should-be-one register fields (Rs, Rt2 where the instruction has
// none) are fixed to 11111 here; see AtomicShouldBeOne for the words that break them.
public static partial class A64Table
{
    static readonly Row[] LoadsAndStoresAtomic =
    [
        // Load/store exclusive register: size 001000 o2=0 L o1=0 Rs o0 Rt2=(11111) Rn Rt.
        new(Op.STXR, "STXRB, STXRH, STXR, STLXRB, STLXRH, STLXR", "zz001000000sssssr11111NNNNNttttt", AtomicStoreExclusive),
        new(Op.LDXR, "LDXRB, LDXRH, LDXR, LDAXRB, LDAXRH, LDAXR", "zz00100001011111q11111NNNNNttttt", AtomicSized),

        // Load/store exclusive pair: 1 sz 001000 o2=0 L o1=1 Rs o0 Rt2 Rn Rt.
        new(Op.STXP, "STXP, STLXP", "1z001000001sssssraaaaaNNNNNttttt", AtomicStoreExclusivePair),
        new(Op.LDXP, "LDXP, LDAXP", "1z00100001111111qaaaaaNNNNNttttt", AtomicLoadExclusivePair),

        // Load/store ordered: size 001000 o2=1 L o1=0 Rs=(11111) o0 Rt2=(11111) Rn Rt.
        // o0 = 0 is the LORegion form (STLLR, LDLAR); without LORegions it orders as o0 = 1.
        new(Op.STLR, "STLRB, STLRH, STLR, STLLRB, STLLRH, STLLR", "zz00100010011111r11111NNNNNttttt", AtomicSized),
        new(Op.LDAR, "LDARB, LDARH, LDAR, LDLARB, LDLARH, LDLAR", "zz00100011011111q11111NNNNNttttt", AtomicSized),

        // Compare and swap: size 001000 o2=1 L o1=1 Rs o0 Rt2=(11111) Rn Rt.
        new(Op.CAS, "CASB, CASH, CAS (and their A, L, AL forms)", "zz0010001q1sssssr11111NNNNNttttt", AtomicSized),
        // Compare and swap pair: 0 sz 001000 o2=0 L o1=1 Rs o0 Rt2=(11111) Rn Rt.
        new(Op.CASP, "CASP (and its A, L, AL forms)", "0z0010000q1sssssr11111NNNNNttttt", AtomicCompareAndSwapPair),

        // Atomic memory operations: size 111 V=0 00 A R 1 Rs o3 opc 00 Rn Rt. With Rt = XZR
        // (and A = 0) they are the ST<op> aliases: the old value is discarded.
        new(Op.LDADD,  "LDADD, STADD",   "zz111000qr1sssss000000NNNNNttttt", AtomicSized),
        new(Op.LDCLR,  "LDCLR, STCLR",   "zz111000qr1sssss000100NNNNNttttt", AtomicSized),
        new(Op.LDEOR,  "LDEOR, STEOR",   "zz111000qr1sssss001000NNNNNttttt", AtomicSized),
        new(Op.LDSET,  "LDSET, STSET",   "zz111000qr1sssss001100NNNNNttttt", AtomicSized),
        new(Op.LDSMAX, "LDSMAX, STSMAX", "zz111000qr1sssss010000NNNNNttttt", AtomicSized),
        new(Op.LDSMIN, "LDSMIN, STSMIN", "zz111000qr1sssss010100NNNNNttttt", AtomicSized),
        new(Op.LDUMAX, "LDUMAX, STUMAX", "zz111000qr1sssss011000NNNNNttttt", AtomicSized),
        new(Op.LDUMIN, "LDUMIN, STUMIN", "zz111000qr1sssss011100NNNNNttttt", AtomicSized),
        new(Op.SWP,    "SWP",            "zz111000qr1sssss100000NNNNNttttt", AtomicSized),
        // Armv8.3 RCpc: A=1 R=0 Rs=(11111) o3=1 opc=100.
        new(Op.LDAPR,  "LDAPRB, LDAPRH, LDAPR", "zz11100010111111110000NNNNNttttt", AtomicSized),
    ];

    /// <summary>
    /// The should-be-one fields that the rows above fix to ones. A word that matches a row
    /// except for these bits is CONSTRAINED UNPREDICTABLE; here it decodes as UNDEFINED.
    /// </summary>
    internal static readonly (Op Op, uint Bits)[] AtomicShouldBeOne =
    [
        (Op.STXR, AtomicFields.Rt2Bits),
        (Op.LDXR, AtomicFields.RsBits | AtomicFields.Rt2Bits),
        (Op.LDXP, AtomicFields.RsBits),
        (Op.STLR, AtomicFields.RsBits | AtomicFields.Rt2Bits),
        (Op.LDAR, AtomicFields.RsBits | AtomicFields.Rt2Bits),
        (Op.CAS, AtomicFields.Rt2Bits),
        (Op.CASP, AtomicFields.Rt2Bits),
        (Op.LDAPR, AtomicFields.RsBits),
    ];

    // Nested so that its names cannot collide with other groups' fields in this partial class.
    static class AtomicFields
    {
        public static readonly BitField Size = new(30, 2);
        public static readonly BitField PairSize = new(30, 1);
        public const uint RsBits = 0x1Fu << 16, Rt2Bits = 0x1Fu << 10;
    }

    /// <summary>A = bytes accessed (1, 2, 4 or 8).</summary>
    static bool AtomicSized(ref DecodedInsn insn)
    {
        insn.A = (byte)(1 << (int)AtomicFields.Size.Extract(insn.Raw));
        return true;
    }

    /// <summary>
    /// As <see cref="AtomicSized"/>. Rs == Rt, or Rs == Rn with Rn not SP, is CONSTRAINED
    /// UNPREDICTABLE; we choose UNDEFINED (Rs = 31 is XZR and Rn = 31 is SP, so their slots differ).
    /// </summary>
    static bool AtomicStoreExclusive(ref DecodedInsn insn) =>
        AtomicSized(ref insn) && insn.Rm != insn.Rd && insn.Rm != insn.Rn;

    /// <summary>A = bytes of one register (4 or 8); the status register overlapping Rt, Rt2 or Rn is UNDEFINED (our choice).</summary>
    static bool AtomicStoreExclusivePair(ref DecodedInsn insn)
    {
        insn.A = (byte)(4 << (int)AtomicFields.PairSize.Extract(insn.Raw));
        return insn.Rm != insn.Rd && insn.Rm != insn.Ra && insn.Rm != insn.Rn;
    }

    /// <summary>A = bytes of one register; Rt == Rt2 is CONSTRAINED UNPREDICTABLE, UNDEFINED here.</summary>
    static bool AtomicLoadExclusivePair(ref DecodedInsn insn)
    {
        insn.A = (byte)(4 << (int)AtomicFields.PairSize.Extract(insn.Raw));
        return insn.Rd != insn.Ra;
    }

    /// <summary>A = bytes of one register; an odd Rs or Rt is UNDEFINED (Arm ARM CASP).</summary>
    static bool AtomicCompareAndSwapPair(ref DecodedInsn insn)
    {
        insn.A = (byte)(4 << (int)AtomicFields.PairSize.Extract(insn.Raw));
        return ((insn.Rm | insn.Rd) & 1) == 0;
    }
}
