namespace Emulator.Cpu.Decoder;

public static partial class A64Table
{
    // Letters: q = Q (the "2" forms, which read or write the upper halves), z = size,
    // l and h = L and H of an element index (M is the top bit of the m field).
    static readonly Row[] SimdThreeDifferentRows =
    [
        // Advanced SIMD three different.
        new(Op.SADDL,     "SADDL, SADDL2",     "0q001110zz1mmmmm000000nnnnnddddd", SimdVectorNo64),
        new(Op.UADDL,     "UADDL, UADDL2",     "0q101110zz1mmmmm000000nnnnnddddd", SimdVectorNo64),
        new(Op.SADDW,     "SADDW, SADDW2",     "0q001110zz1mmmmm000100nnnnnddddd", SimdVectorNo64),
        new(Op.UADDW,     "UADDW, UADDW2",     "0q101110zz1mmmmm000100nnnnnddddd", SimdVectorNo64),
        new(Op.SSUBL,     "SSUBL, SSUBL2",     "0q001110zz1mmmmm001000nnnnnddddd", SimdVectorNo64),
        new(Op.USUBL,     "USUBL, USUBL2",     "0q101110zz1mmmmm001000nnnnnddddd", SimdVectorNo64),
        new(Op.SSUBW,     "SSUBW, SSUBW2",     "0q001110zz1mmmmm001100nnnnnddddd", SimdVectorNo64),
        new(Op.USUBW,     "USUBW, USUBW2",     "0q101110zz1mmmmm001100nnnnnddddd", SimdVectorNo64),
        new(Op.ADDHN,     "ADDHN, ADDHN2",     "0q001110zz1mmmmm010000nnnnnddddd", SimdVectorNo64),
        new(Op.RADDHN,    "RADDHN, RADDHN2",   "0q101110zz1mmmmm010000nnnnnddddd", SimdVectorNo64),
        new(Op.SABAL,     "SABAL, SABAL2",     "0q001110zz1mmmmm010100nnnnnddddd", SimdVectorNo64),
        new(Op.UABAL,     "UABAL, UABAL2",     "0q101110zz1mmmmm010100nnnnnddddd", SimdVectorNo64),
        new(Op.SUBHN,     "SUBHN, SUBHN2",     "0q001110zz1mmmmm011000nnnnnddddd", SimdVectorNo64),
        new(Op.RSUBHN,    "RSUBHN, RSUBHN2",   "0q101110zz1mmmmm011000nnnnnddddd", SimdVectorNo64),
        new(Op.SABDL,     "SABDL, SABDL2",     "0q001110zz1mmmmm011100nnnnnddddd", SimdVectorNo64),
        new(Op.UABDL,     "UABDL, UABDL2",     "0q101110zz1mmmmm011100nnnnnddddd", SimdVectorNo64),
        new(Op.SMLAL_v,   "SMLAL, SMLAL2 (vector)", "0q001110zz1mmmmm100000nnnnnddddd", SimdVectorNo64),
        new(Op.UMLAL_v,   "UMLAL, UMLAL2 (vector)", "0q101110zz1mmmmm100000nnnnnddddd", SimdVectorNo64),
        new(Op.SQDMLAL_v, "SQDMLAL, SQDMLAL2 (vector), vector", "0q001110zz1mmmmm100100nnnnnddddd", SimdVectorHS),
        new(Op.SMLSL_v,   "SMLSL, SMLSL2 (vector)", "0q001110zz1mmmmm101000nnnnnddddd", SimdVectorNo64),
        new(Op.UMLSL_v,   "UMLSL, UMLSL2 (vector)", "0q101110zz1mmmmm101000nnnnnddddd", SimdVectorNo64),
        new(Op.SQDMLSL_v, "SQDMLSL, SQDMLSL2 (vector), vector", "0q001110zz1mmmmm101100nnnnnddddd", SimdVectorHS),
        new(Op.SMULL_v,   "SMULL, SMULL2 (vector)", "0q001110zz1mmmmm110000nnnnnddddd", SimdVectorNo64),
        new(Op.UMULL_v,   "UMULL, UMULL2 (vector)", "0q101110zz1mmmmm110000nnnnnddddd", SimdVectorNo64),
        new(Op.SQDMULL_v, "SQDMULL, SQDMULL2 (vector), vector", "0q001110zz1mmmmm110100nnnnnddddd", SimdVectorHS),
        // size 11 (1Q from 1D) is the cryptographic extension's PMULL.
        new(Op.PMULL,     "PMULL, PMULL2",     "0q001110zz1mmmmm111000nnnnnddddd", SimdPolynomialLong),

        // Advanced SIMD scalar three different.
        new(Op.SQDMLAL_s, "SQDMLAL (vector), scalar", "01011110zz1mmmmm100100nnnnnddddd", SimdScalarHS),
        new(Op.SQDMLSL_s, "SQDMLSL (vector), scalar", "01011110zz1mmmmm101100nnnnnddddd", SimdScalarHS),
        new(Op.SQDMULL_s, "SQDMULL (vector), scalar", "01011110zz1mmmmm110100nnnnnddddd", SimdScalarHS),

        // Advanced SIMD vector x indexed element (integer; opcodes 0001, 0101, 1001 are floating point).
        new(Op.MLA_elem,     "MLA (by element)",     "0q101111zzlmmmmm0000h0nnnnnddddd", SimdByElement),
        new(Op.SMLAL_elem,   "SMLAL, SMLAL2 (by element)", "0q001111zzlmmmmm0010h0nnnnnddddd", SimdByElement),
        new(Op.UMLAL_elem,   "UMLAL, UMLAL2 (by element)", "0q101111zzlmmmmm0010h0nnnnnddddd", SimdByElement),
        new(Op.SQDMLAL_elem_v, "SQDMLAL, SQDMLAL2 (by element), vector", "0q001111zzlmmmmm0011h0nnnnnddddd", SimdByElement),
        new(Op.MLS_elem,     "MLS (by element)",     "0q101111zzlmmmmm0100h0nnnnnddddd", SimdByElement),
        new(Op.SMLSL_elem,   "SMLSL, SMLSL2 (by element)", "0q001111zzlmmmmm0110h0nnnnnddddd", SimdByElement),
        new(Op.UMLSL_elem,   "UMLSL, UMLSL2 (by element)", "0q101111zzlmmmmm0110h0nnnnnddddd", SimdByElement),
        new(Op.SQDMLSL_elem_v, "SQDMLSL, SQDMLSL2 (by element), vector", "0q001111zzlmmmmm0111h0nnnnnddddd", SimdByElement),
        new(Op.MUL_elem,     "MUL (by element)",     "0q001111zzlmmmmm1000h0nnnnnddddd", SimdByElement),
        new(Op.SMULL_elem,   "SMULL, SMULL2 (by element)", "0q001111zzlmmmmm1010h0nnnnnddddd", SimdByElement),
        new(Op.UMULL_elem,   "UMULL, UMULL2 (by element)", "0q101111zzlmmmmm1010h0nnnnnddddd", SimdByElement),
        new(Op.SQDMULL_elem_v, "SQDMULL, SQDMULL2 (by element), vector", "0q001111zzlmmmmm1011h0nnnnnddddd", SimdByElement),
        new(Op.SQDMULH_elem_v, "SQDMULH (by element), vector", "0q001111zzlmmmmm1100h0nnnnnddddd", SimdByElement),
        new(Op.SQRDMULH_elem_v, "SQRDMULH (by element), vector", "0q001111zzlmmmmm1101h0nnnnnddddd", SimdByElement),

        // Advanced SIMD scalar x indexed element (integer).
        new(Op.SQDMLAL_elem_s, "SQDMLAL (by element), scalar", "01011111zzlmmmmm0011h0nnnnnddddd", SimdByElementScalar),
        new(Op.SQDMLSL_elem_s, "SQDMLSL (by element), scalar", "01011111zzlmmmmm0111h0nnnnnddddd", SimdByElementScalar),
        new(Op.SQDMULL_elem_s, "SQDMULL (by element), scalar", "01011111zzlmmmmm1011h0nnnnnddddd", SimdByElementScalar),
        new(Op.SQDMULH_elem_s, "SQDMULH (by element), scalar", "01011111zzlmmmmm1100h0nnnnnddddd", SimdByElementScalar),
        new(Op.SQRDMULH_elem_s, "SQRDMULH (by element), scalar", "01011111zzlmmmmm1101h0nnnnnddddd", SimdByElementScalar),
    ];
}
