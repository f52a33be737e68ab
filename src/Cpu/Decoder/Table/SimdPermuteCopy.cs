namespace Emulator.Cpu.Decoder;

public static partial class A64Table
{
    // Letters: q = Q, z = size, l = len (table registers - 1), i and j = immediates
    // (imm5/imm4 of copy, imm4 of EXT, a:b:c and d:e:f:g:h of modified immediate),
    // o = op, c = cmode.
    static readonly Row[] SimdPermuteCopyRows =
    [
        // Advanced SIMD table lookup.
        new(Op.TBL,  "TBL",  "0q001110000mmmmm0ll000nnnnnddddd", SimdTableLookup),
        new(Op.TBX,  "TBX",  "0q001110000mmmmm0ll100nnnnnddddd", SimdTableLookup),

        // Advanced SIMD permute.
        new(Op.UZP1, "UZP1", "0q001110zz0mmmmm000110nnnnnddddd", SimdVector),
        new(Op.TRN1, "TRN1", "0q001110zz0mmmmm001010nnnnnddddd", SimdVector),
        new(Op.ZIP1, "ZIP1", "0q001110zz0mmmmm001110nnnnnddddd", SimdVector),
        new(Op.UZP2, "UZP2", "0q001110zz0mmmmm010110nnnnnddddd", SimdVector),
        new(Op.TRN2, "TRN2", "0q001110zz0mmmmm011010nnnnnddddd", SimdVector),
        new(Op.ZIP2, "ZIP2", "0q001110zz0mmmmm011110nnnnnddddd", SimdVector),

        // Advanced SIMD extract.
        new(Op.EXT,  "EXT",  "0q101110000mmmmm0iiii0nnnnnddddd", SimdExtract),

        // Advanced SIMD copy and scalar copy (the general registers are Wn/Xn, Wd/Xd with 31 = ZR).
        new(Op.DUP_elem_v, "DUP (element), vector", "0q001110000iiiii000001nnnnnddddd", SimdCopyVector),
        new(Op.DUP_general, "DUP (general)",        "0q001110000iiiii000011nnnnnddddd", SimdCopyVector),
        new(Op.SMOV,        "SMOV",                 "0q001110000iiiii001011nnnnnddddd", SimdCopySmov),
        new(Op.UMOV,        "UMOV",                 "0q001110000iiiii001111nnnnnddddd", SimdCopyUmov),
        new(Op.INS_general, "INS (general)",        "01001110000iiiii000111nnnnnddddd", SimdCopyElement),
        new(Op.INS_elem,    "INS (element)",        "01101110000iiiii0jjjj1nnnnnddddd", SimdCopyInsElement),
        new(Op.DUP_elem_s,  "DUP (element), scalar", "01011110000iiiii000001nnnnnddddd", SimdCopyElement),

        // Advanced SIMD modified immediate. MOVI, MVNI, ORR (vector, immediate) and BIC
        // (vector, immediate) are one row: which one it is depends on op:cmode as a whole
        // (cmode 110x is MOVI/MVNI where 0xx1/10x1 are ORR/BIC), and the predecoder expands
        // the immediate once. cmode 1111 is FMOV; o2 = 1 (half precision) is Armv8.2.
        new(Op.MOVI,        "MOVI, MVNI, ORR (vector, immediate), BIC (vector, immediate)", "0qo0111100000iiicccc01iiiiiddddd", SimdModifiedImmediate),
        new(Op.FMOV_v_imm,  "FMOV (vector, immediate)", "0qo0111100000iii111101iiiiiddddd", SimdFmovImmediate),
    ];
}
