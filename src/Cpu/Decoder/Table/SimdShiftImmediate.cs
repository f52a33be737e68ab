namespace Emulator.Cpu.Decoder;

public static partial class A64Table
{
    // Letters: q = Q, h = the free bits of immh, b = immb. The vector rows come four to a
    // mnemonic (three for the narrowing and lengthening ones, whose 64-bit form is reserved),
    // one per element size, because immh = 0000 is the modified-immediate group: a row with
    // immh free would overlap the MOVI row without either containing the other. immh = 0001,
    // 001x, 01xx, 1xxx give esize = 8, 16, 32, 64 (the Arm ARM's esize: the narrow elements
    // of SHRN and friends, the source elements of SSHLL/USHLL). The scalar group has nothing
    // at immh = 0000, so its rows leave immh free and the predecoder rejects 0000. Opcodes
    // 11100 and 11111 (fixed-point conversions) belong to the floating-point rows.
    static readonly Row[] SimdShiftImmediateRows =
    [
        // Advanced SIMD shift by immediate.
        new(Op.SSHR_v8, "SSHR, vector, 8-bit elements", "0q00111100001bbb000001nnnnnddddd", SimdShiftRight),
        new(Op.SSHR_v16, "SSHR, vector, 16-bit elements", "0q0011110001hbbb000001nnnnnddddd", SimdShiftRight),
        new(Op.SSHR_v32, "SSHR, vector, 32-bit elements", "0q001111001hhbbb000001nnnnnddddd", SimdShiftRight),
        new(Op.SSHR_v64, "SSHR, vector, 64-bit elements", "0q00111101hhhbbb000001nnnnnddddd", SimdShiftRight),

        new(Op.USHR_v8, "USHR, vector, 8-bit elements", "0q10111100001bbb000001nnnnnddddd", SimdShiftRight),
        new(Op.USHR_v16, "USHR, vector, 16-bit elements", "0q1011110001hbbb000001nnnnnddddd", SimdShiftRight),
        new(Op.USHR_v32, "USHR, vector, 32-bit elements", "0q101111001hhbbb000001nnnnnddddd", SimdShiftRight),
        new(Op.USHR_v64, "USHR, vector, 64-bit elements", "0q10111101hhhbbb000001nnnnnddddd", SimdShiftRight),

        new(Op.SSRA_v8, "SSRA, vector, 8-bit elements", "0q00111100001bbb000101nnnnnddddd", SimdShiftRight),
        new(Op.SSRA_v16, "SSRA, vector, 16-bit elements", "0q0011110001hbbb000101nnnnnddddd", SimdShiftRight),
        new(Op.SSRA_v32, "SSRA, vector, 32-bit elements", "0q001111001hhbbb000101nnnnnddddd", SimdShiftRight),
        new(Op.SSRA_v64, "SSRA, vector, 64-bit elements", "0q00111101hhhbbb000101nnnnnddddd", SimdShiftRight),

        new(Op.USRA_v8, "USRA, vector, 8-bit elements", "0q10111100001bbb000101nnnnnddddd", SimdShiftRight),
        new(Op.USRA_v16, "USRA, vector, 16-bit elements", "0q1011110001hbbb000101nnnnnddddd", SimdShiftRight),
        new(Op.USRA_v32, "USRA, vector, 32-bit elements", "0q101111001hhbbb000101nnnnnddddd", SimdShiftRight),
        new(Op.USRA_v64, "USRA, vector, 64-bit elements", "0q10111101hhhbbb000101nnnnnddddd", SimdShiftRight),

        new(Op.SRSHR_v8, "SRSHR, vector, 8-bit elements", "0q00111100001bbb001001nnnnnddddd", SimdShiftRight),
        new(Op.SRSHR_v16, "SRSHR, vector, 16-bit elements", "0q0011110001hbbb001001nnnnnddddd", SimdShiftRight),
        new(Op.SRSHR_v32, "SRSHR, vector, 32-bit elements", "0q001111001hhbbb001001nnnnnddddd", SimdShiftRight),
        new(Op.SRSHR_v64, "SRSHR, vector, 64-bit elements", "0q00111101hhhbbb001001nnnnnddddd", SimdShiftRight),

        new(Op.URSHR_v8, "URSHR, vector, 8-bit elements", "0q10111100001bbb001001nnnnnddddd", SimdShiftRight),
        new(Op.URSHR_v16, "URSHR, vector, 16-bit elements", "0q1011110001hbbb001001nnnnnddddd", SimdShiftRight),
        new(Op.URSHR_v32, "URSHR, vector, 32-bit elements", "0q101111001hhbbb001001nnnnnddddd", SimdShiftRight),
        new(Op.URSHR_v64, "URSHR, vector, 64-bit elements", "0q10111101hhhbbb001001nnnnnddddd", SimdShiftRight),

        new(Op.SRSRA_v8, "SRSRA, vector, 8-bit elements", "0q00111100001bbb001101nnnnnddddd", SimdShiftRight),
        new(Op.SRSRA_v16, "SRSRA, vector, 16-bit elements", "0q0011110001hbbb001101nnnnnddddd", SimdShiftRight),
        new(Op.SRSRA_v32, "SRSRA, vector, 32-bit elements", "0q001111001hhbbb001101nnnnnddddd", SimdShiftRight),
        new(Op.SRSRA_v64, "SRSRA, vector, 64-bit elements", "0q00111101hhhbbb001101nnnnnddddd", SimdShiftRight),

        new(Op.URSRA_v8, "URSRA, vector, 8-bit elements", "0q10111100001bbb001101nnnnnddddd", SimdShiftRight),
        new(Op.URSRA_v16, "URSRA, vector, 16-bit elements", "0q1011110001hbbb001101nnnnnddddd", SimdShiftRight),
        new(Op.URSRA_v32, "URSRA, vector, 32-bit elements", "0q101111001hhbbb001101nnnnnddddd", SimdShiftRight),
        new(Op.URSRA_v64, "URSRA, vector, 64-bit elements", "0q10111101hhhbbb001101nnnnnddddd", SimdShiftRight),

        new(Op.SRI_v8, "SRI, vector, 8-bit elements", "0q10111100001bbb010001nnnnnddddd", SimdShiftRight),
        new(Op.SRI_v16, "SRI, vector, 16-bit elements", "0q1011110001hbbb010001nnnnnddddd", SimdShiftRight),
        new(Op.SRI_v32, "SRI, vector, 32-bit elements", "0q101111001hhbbb010001nnnnnddddd", SimdShiftRight),
        new(Op.SRI_v64, "SRI, vector, 64-bit elements", "0q10111101hhhbbb010001nnnnnddddd", SimdShiftRight),

        new(Op.SHL_v8, "SHL, vector, 8-bit elements", "0q00111100001bbb010101nnnnnddddd", SimdShiftLeft),
        new(Op.SHL_v16, "SHL, vector, 16-bit elements", "0q0011110001hbbb010101nnnnnddddd", SimdShiftLeft),
        new(Op.SHL_v32, "SHL, vector, 32-bit elements", "0q001111001hhbbb010101nnnnnddddd", SimdShiftLeft),
        new(Op.SHL_v64, "SHL, vector, 64-bit elements", "0q00111101hhhbbb010101nnnnnddddd", SimdShiftLeft),

        new(Op.SLI_v8, "SLI, vector, 8-bit elements", "0q10111100001bbb010101nnnnnddddd", SimdShiftLeft),
        new(Op.SLI_v16, "SLI, vector, 16-bit elements", "0q1011110001hbbb010101nnnnnddddd", SimdShiftLeft),
        new(Op.SLI_v32, "SLI, vector, 32-bit elements", "0q101111001hhbbb010101nnnnnddddd", SimdShiftLeft),
        new(Op.SLI_v64, "SLI, vector, 64-bit elements", "0q10111101hhhbbb010101nnnnnddddd", SimdShiftLeft),

        new(Op.SQSHLU_v8, "SQSHLU, vector, 8-bit elements", "0q10111100001bbb011001nnnnnddddd", SimdShiftLeft),
        new(Op.SQSHLU_v16, "SQSHLU, vector, 16-bit elements", "0q1011110001hbbb011001nnnnnddddd", SimdShiftLeft),
        new(Op.SQSHLU_v32, "SQSHLU, vector, 32-bit elements", "0q101111001hhbbb011001nnnnnddddd", SimdShiftLeft),
        new(Op.SQSHLU_v64, "SQSHLU, vector, 64-bit elements", "0q10111101hhhbbb011001nnnnnddddd", SimdShiftLeft),

        new(Op.SQSHL_imm_v8, "SQSHL (immediate), vector, 8-bit elements", "0q00111100001bbb011101nnnnnddddd", SimdShiftLeft),
        new(Op.SQSHL_imm_v16, "SQSHL (immediate), vector, 16-bit elements", "0q0011110001hbbb011101nnnnnddddd", SimdShiftLeft),
        new(Op.SQSHL_imm_v32, "SQSHL (immediate), vector, 32-bit elements", "0q001111001hhbbb011101nnnnnddddd", SimdShiftLeft),
        new(Op.SQSHL_imm_v64, "SQSHL (immediate), vector, 64-bit elements", "0q00111101hhhbbb011101nnnnnddddd", SimdShiftLeft),

        new(Op.UQSHL_imm_v8, "UQSHL (immediate), vector, 8-bit elements", "0q10111100001bbb011101nnnnnddddd", SimdShiftLeft),
        new(Op.UQSHL_imm_v16, "UQSHL (immediate), vector, 16-bit elements", "0q1011110001hbbb011101nnnnnddddd", SimdShiftLeft),
        new(Op.UQSHL_imm_v32, "UQSHL (immediate), vector, 32-bit elements", "0q101111001hhbbb011101nnnnnddddd", SimdShiftLeft),
        new(Op.UQSHL_imm_v64, "UQSHL (immediate), vector, 64-bit elements", "0q10111101hhhbbb011101nnnnnddddd", SimdShiftLeft),

        new(Op.SHRN_v8, "SHRN, SHRN2, vector, 8-bit results", "0q00111100001bbb100001nnnnnddddd", SimdShiftRightNarrow),
        new(Op.SHRN_v16, "SHRN, SHRN2, vector, 16-bit results", "0q0011110001hbbb100001nnnnnddddd", SimdShiftRightNarrow),
        new(Op.SHRN_v32, "SHRN, SHRN2, vector, 32-bit results", "0q001111001hhbbb100001nnnnnddddd", SimdShiftRightNarrow),

        new(Op.SQSHRUN_v8, "SQSHRUN, SQSHRUN2, vector, 8-bit results", "0q10111100001bbb100001nnnnnddddd", SimdShiftRightNarrow),
        new(Op.SQSHRUN_v16, "SQSHRUN, SQSHRUN2, vector, 16-bit results", "0q1011110001hbbb100001nnnnnddddd", SimdShiftRightNarrow),
        new(Op.SQSHRUN_v32, "SQSHRUN, SQSHRUN2, vector, 32-bit results", "0q101111001hhbbb100001nnnnnddddd", SimdShiftRightNarrow),

        new(Op.RSHRN_v8, "RSHRN, RSHRN2, vector, 8-bit results", "0q00111100001bbb100011nnnnnddddd", SimdShiftRightNarrow),
        new(Op.RSHRN_v16, "RSHRN, RSHRN2, vector, 16-bit results", "0q0011110001hbbb100011nnnnnddddd", SimdShiftRightNarrow),
        new(Op.RSHRN_v32, "RSHRN, RSHRN2, vector, 32-bit results", "0q001111001hhbbb100011nnnnnddddd", SimdShiftRightNarrow),

        new(Op.SQRSHRUN_v8, "SQRSHRUN, SQRSHRUN2, vector, 8-bit results", "0q10111100001bbb100011nnnnnddddd", SimdShiftRightNarrow),
        new(Op.SQRSHRUN_v16, "SQRSHRUN, SQRSHRUN2, vector, 16-bit results", "0q1011110001hbbb100011nnnnnddddd", SimdShiftRightNarrow),
        new(Op.SQRSHRUN_v32, "SQRSHRUN, SQRSHRUN2, vector, 32-bit results", "0q101111001hhbbb100011nnnnnddddd", SimdShiftRightNarrow),

        new(Op.SQSHRN_v8, "SQSHRN, SQSHRN2, vector, 8-bit results", "0q00111100001bbb100101nnnnnddddd", SimdShiftRightNarrow),
        new(Op.SQSHRN_v16, "SQSHRN, SQSHRN2, vector, 16-bit results", "0q0011110001hbbb100101nnnnnddddd", SimdShiftRightNarrow),
        new(Op.SQSHRN_v32, "SQSHRN, SQSHRN2, vector, 32-bit results", "0q001111001hhbbb100101nnnnnddddd", SimdShiftRightNarrow),

        new(Op.UQSHRN_v8, "UQSHRN, UQSHRN2, vector, 8-bit results", "0q10111100001bbb100101nnnnnddddd", SimdShiftRightNarrow),
        new(Op.UQSHRN_v16, "UQSHRN, UQSHRN2, vector, 16-bit results", "0q1011110001hbbb100101nnnnnddddd", SimdShiftRightNarrow),
        new(Op.UQSHRN_v32, "UQSHRN, UQSHRN2, vector, 32-bit results", "0q101111001hhbbb100101nnnnnddddd", SimdShiftRightNarrow),

        new(Op.SQRSHRN_v8, "SQRSHRN, SQRSHRN2, vector, 8-bit results", "0q00111100001bbb100111nnnnnddddd", SimdShiftRightNarrow),
        new(Op.SQRSHRN_v16, "SQRSHRN, SQRSHRN2, vector, 16-bit results", "0q0011110001hbbb100111nnnnnddddd", SimdShiftRightNarrow),
        new(Op.SQRSHRN_v32, "SQRSHRN, SQRSHRN2, vector, 32-bit results", "0q001111001hhbbb100111nnnnnddddd", SimdShiftRightNarrow),

        new(Op.UQRSHRN_v8, "UQRSHRN, UQRSHRN2, vector, 8-bit results", "0q10111100001bbb100111nnnnnddddd", SimdShiftRightNarrow),
        new(Op.UQRSHRN_v16, "UQRSHRN, UQRSHRN2, vector, 16-bit results", "0q1011110001hbbb100111nnnnnddddd", SimdShiftRightNarrow),
        new(Op.UQRSHRN_v32, "UQRSHRN, UQRSHRN2, vector, 32-bit results", "0q101111001hhbbb100111nnnnnddddd", SimdShiftRightNarrow),

        new(Op.SSHLL_v8, "SSHLL, SSHLL2, vector, 8-bit sources", "0q00111100001bbb101001nnnnnddddd", SimdShiftLeftLong),
        new(Op.SSHLL_v16, "SSHLL, SSHLL2, vector, 16-bit sources", "0q0011110001hbbb101001nnnnnddddd", SimdShiftLeftLong),
        new(Op.SSHLL_v32, "SSHLL, SSHLL2, vector, 32-bit sources", "0q001111001hhbbb101001nnnnnddddd", SimdShiftLeftLong),

        new(Op.USHLL_v8, "USHLL, USHLL2, vector, 8-bit sources", "0q10111100001bbb101001nnnnnddddd", SimdShiftLeftLong),
        new(Op.USHLL_v16, "USHLL, USHLL2, vector, 16-bit sources", "0q1011110001hbbb101001nnnnnddddd", SimdShiftLeftLong),
        new(Op.USHLL_v32, "USHLL, USHLL2, vector, 32-bit sources", "0q101111001hhbbb101001nnnnnddddd", SimdShiftLeftLong),

        // Advanced SIMD scalar shift by immediate (the plain shifts and inserts exist only on D).
        new(Op.SSHR_s, "SSHR, scalar", "010111110hhhhbbb000001nnnnnddddd", SimdScalarShiftRight),
        new(Op.USHR_s, "USHR, scalar", "011111110hhhhbbb000001nnnnnddddd", SimdScalarShiftRight),
        new(Op.SSRA_s, "SSRA, scalar", "010111110hhhhbbb000101nnnnnddddd", SimdScalarShiftRight),
        new(Op.USRA_s, "USRA, scalar", "011111110hhhhbbb000101nnnnnddddd", SimdScalarShiftRight),
        new(Op.SRSHR_s, "SRSHR, scalar", "010111110hhhhbbb001001nnnnnddddd", SimdScalarShiftRight),
        new(Op.URSHR_s, "URSHR, scalar", "011111110hhhhbbb001001nnnnnddddd", SimdScalarShiftRight),
        new(Op.SRSRA_s, "SRSRA, scalar", "010111110hhhhbbb001101nnnnnddddd", SimdScalarShiftRight),
        new(Op.URSRA_s, "URSRA, scalar", "011111110hhhhbbb001101nnnnnddddd", SimdScalarShiftRight),
        new(Op.SRI_s, "SRI, scalar", "011111110hhhhbbb010001nnnnnddddd", SimdScalarShiftRight),
        new(Op.SHL_s, "SHL, scalar", "010111110hhhhbbb010101nnnnnddddd", SimdScalarShiftLeft),
        new(Op.SLI_s, "SLI, scalar", "011111110hhhhbbb010101nnnnnddddd", SimdScalarShiftLeft),
        new(Op.SQSHLU_s, "SQSHLU, scalar", "011111110hhhhbbb011001nnnnnddddd", SimdScalarShiftLeftAnySize),
        new(Op.SQSHL_imm_s, "SQSHL (immediate), scalar", "010111110hhhhbbb011101nnnnnddddd", SimdScalarShiftLeftAnySize),
        new(Op.UQSHL_imm_s, "UQSHL (immediate), scalar", "011111110hhhhbbb011101nnnnnddddd", SimdScalarShiftLeftAnySize),
        new(Op.SQSHRUN_s, "SQSHRUN, scalar", "011111110hhhhbbb100001nnnnnddddd", SimdScalarShiftRightNarrow),
        new(Op.SQRSHRUN_s, "SQRSHRUN, scalar", "011111110hhhhbbb100011nnnnnddddd", SimdScalarShiftRightNarrow),
        new(Op.SQSHRN_s, "SQSHRN, scalar", "010111110hhhhbbb100101nnnnnddddd", SimdScalarShiftRightNarrow),
        new(Op.UQSHRN_s, "UQSHRN, scalar", "011111110hhhhbbb100101nnnnnddddd", SimdScalarShiftRightNarrow),
        new(Op.SQRSHRN_s, "SQRSHRN, scalar", "010111110hhhhbbb100111nnnnnddddd", SimdScalarShiftRightNarrow),
        new(Op.UQRSHRN_s, "UQRSHRN, scalar", "011111110hhhhbbb100111nnnnnddddd", SimdScalarShiftRightNarrow),
    ];
}
