namespace Emulator.Cpu.Decoder;

public static partial class A64Table
{
    // Letters: q = Q, z = size. The floating-point opcodes of these groups (01100-01111
    // with size<1> set, 1011x, 11xxx; across lanes 01100, 01111) stay free for their rows.
    static readonly Row[] SimdTwoRegisterMiscRows =
    [
        // Advanced SIMD two-register miscellaneous.
        new(Op.REV64,       "REV64",             "0q001110zz100000000010nnnnnddddd", SimdVectorNo64),
        new(Op.REV32_v,     "REV32 (vector)",    "0q101110zz100000000010nnnnnddddd", SimdVectorBH),
        new(Op.REV16_v,     "REV16 (vector)",    "0q00111000100000000110nnnnnddddd", SimdVectorBitwise),
        new(Op.SADDLP,      "SADDLP",            "0q001110zz100000001010nnnnnddddd", SimdVectorNo64),
        new(Op.UADDLP,      "UADDLP",            "0q101110zz100000001010nnnnnddddd", SimdVectorNo64),
        new(Op.SUQADD_v,    "SUQADD, vector",    "0q001110zz100000001110nnnnnddddd", SimdVector),
        new(Op.USQADD_v,    "USQADD, vector",    "0q101110zz100000001110nnnnnddddd", SimdVector),
        new(Op.CLS_v,       "CLS (vector)",      "0q001110zz100000010010nnnnnddddd", SimdVectorNo64),
        new(Op.CLZ_v,       "CLZ (vector)",      "0q101110zz100000010010nnnnnddddd", SimdVectorNo64),
        new(Op.CNT,         "CNT",               "0q00111000100000010110nnnnnddddd", SimdVectorBitwise),
        new(Op.NOT,         "NOT",               "0q10111000100000010110nnnnnddddd", SimdVectorBitwise),
        new(Op.RBIT_v,      "RBIT (vector)",     "0q10111001100000010110nnnnnddddd", SimdVectorBitwise),
        new(Op.SADALP,      "SADALP",            "0q001110zz100000011010nnnnnddddd", SimdVectorNo64),
        new(Op.UADALP,      "UADALP",            "0q101110zz100000011010nnnnnddddd", SimdVectorNo64),
        new(Op.SQABS_v,     "SQABS, vector",     "0q001110zz100000011110nnnnnddddd", SimdVector),
        new(Op.SQNEG_v,     "SQNEG, vector",     "0q101110zz100000011110nnnnnddddd", SimdVector),
        new(Op.CMGT_zero_v, "CMGT (zero), vector", "0q001110zz100000100010nnnnnddddd", SimdVector),
        new(Op.CMGE_zero_v, "CMGE (zero), vector", "0q101110zz100000100010nnnnnddddd", SimdVector),
        new(Op.CMEQ_zero_v, "CMEQ (zero), vector", "0q001110zz100000100110nnnnnddddd", SimdVector),
        new(Op.CMLE_zero_v, "CMLE (zero), vector", "0q101110zz100000100110nnnnnddddd", SimdVector),
        new(Op.CMLT_zero_v, "CMLT (zero), vector", "0q001110zz100000101010nnnnnddddd", SimdVector),
        new(Op.ABS_v,       "ABS, vector",       "0q001110zz100000101110nnnnnddddd", SimdVector),
        new(Op.NEG_v,       "NEG (vector), vector", "0q101110zz100000101110nnnnnddddd", SimdVector),
        new(Op.XTN,         "XTN, XTN2",         "0q001110zz100001001010nnnnnddddd", SimdVectorNo64),
        new(Op.SQXTUN_v,    "SQXTUN, SQXTUN2, vector", "0q101110zz100001001010nnnnnddddd", SimdVectorNo64),
        new(Op.SHLL,        "SHLL, SHLL2",       "0q101110zz100001001110nnnnnddddd", SimdVectorNo64),
        new(Op.SQXTN_v,     "SQXTN, SQXTN2, vector", "0q001110zz100001010010nnnnnddddd", SimdVectorNo64),
        new(Op.UQXTN_v,     "UQXTN, UQXTN2, vector", "0q101110zz100001010010nnnnnddddd", SimdVectorNo64),

        // Advanced SIMD scalar two-register miscellaneous: the comparisons with zero, ABS and NEG exist only on D.
        new(Op.SUQADD_s,    "SUQADD, scalar",    "01011110zz100000001110nnnnnddddd", SimdScalar),
        new(Op.USQADD_s,    "USQADD, scalar",    "01111110zz100000001110nnnnnddddd", SimdScalar),
        new(Op.SQABS_s,     "SQABS, scalar",     "01011110zz100000011110nnnnnddddd", SimdScalar),
        new(Op.SQNEG_s,     "SQNEG, scalar",     "01111110zz100000011110nnnnnddddd", SimdScalar),
        new(Op.CMGT_zero_s, "CMGT (zero), scalar", "0101111011100000100010nnnnnddddd", SimdScalar),
        new(Op.CMGE_zero_s, "CMGE (zero), scalar", "0111111011100000100010nnnnnddddd", SimdScalar),
        new(Op.CMEQ_zero_s, "CMEQ (zero), scalar", "0101111011100000100110nnnnnddddd", SimdScalar),
        new(Op.CMLE_zero_s, "CMLE (zero), scalar", "0111111011100000100110nnnnnddddd", SimdScalar),
        new(Op.CMLT_zero_s, "CMLT (zero), scalar", "0101111011100000101010nnnnnddddd", SimdScalar),
        new(Op.ABS_s,       "ABS, scalar",       "0101111011100000101110nnnnnddddd", SimdScalar),
        new(Op.NEG_s,       "NEG (vector), scalar", "0111111011100000101110nnnnnddddd", SimdScalar),
        new(Op.SQXTUN_s,    "SQXTUN, scalar",    "01111110zz100001001010nnnnnddddd", SimdScalarNo64),
        new(Op.SQXTN_s,     "SQXTN, scalar",     "01011110zz100001010010nnnnnddddd", SimdScalarNo64),
        new(Op.UQXTN_s,     "UQXTN, scalar",     "01111110zz100001010010nnnnnddddd", SimdScalarNo64),

        // Advanced SIMD across lanes.
        new(Op.SADDLV,      "SADDLV",            "0q001110zz110000001110nnnnnddddd", SimdAcrossLanes),
        new(Op.UADDLV,      "UADDLV",            "0q101110zz110000001110nnnnnddddd", SimdAcrossLanes),
        new(Op.SMAXV,       "SMAXV",             "0q001110zz110000101010nnnnnddddd", SimdAcrossLanes),
        new(Op.UMAXV,       "UMAXV",             "0q101110zz110000101010nnnnnddddd", SimdAcrossLanes),
        new(Op.SMINV,       "SMINV",             "0q001110zz110001101010nnnnnddddd", SimdAcrossLanes),
        new(Op.UMINV,       "UMINV",             "0q101110zz110001101010nnnnnddddd", SimdAcrossLanes),
        new(Op.ADDV,        "ADDV",              "0q001110zz110001101110nnnnnddddd", SimdAcrossLanes),
    ];
}
