using Emulator.Interconnect;

namespace Emulator.Cpu.Decoder;

public static partial class A64Table
{
    static readonly BitField Imm26 = new(0, 26);
    static readonly BitField BranchImm19 = new(5, 19);
    static readonly BitField TestBranchImm14 = new(5, 14);
    static readonly BitField BranchCond = new(0, 4);
    static readonly BitField CompareBranchSf = new(31, 1);
    static readonly BitField TestBitHigh = new(31, 1);
    static readonly BitField TestBitLow = new(19, 5);
    static readonly BitField ExceptionImm16 = new(5, 16);
    /// <summary>op0[1:0], op1, CRn, CRm, op2 of MRS/MSR/SYS: the system register encoding (<see cref="SystemRegister.Encode"/>).</summary>
    static readonly BitField SystemEncoding = new(5, 16);
    static readonly BitField SystemCrm = new(8, 4);
    static readonly BitField SystemOp2 = new(5, 3);

    static readonly Row[] BranchesExceptionSystem =
    [
        // Conditional branch (immediate). Imm = the signed byte offset, A = cond. Bit 4 set is BC.cond (FEAT_HBC): unallocated.
        new(Op.B_cond, "B.cond", "01010100iiiiiiiiiiiiiiiiiii0cccc", ConditionalBranch),

        // Unconditional branch (immediate). Imm = the signed byte offset.
        new(Op.B_uncond, "B", "000101iiiiiiiiiiiiiiiiiiiiiiiiii", BranchImm26),
        new(Op.BL,       "BL", "100101iiiiiiiiiiiiiiiiiiiiiiiiii", BranchImm26),

        // Unconditional branch (register). op3 = 000000 and op4 = 00000 only: the pointer
        // authentication forms (BRAA, RETAA, ERETAA...) stay unallocated (no FEAT_PAuth).
        new(Op.BR,   "BR",   "1101011000011111000000nnnnn00000"),
        new(Op.BLR,  "BLR",  "1101011000111111000000nnnnn00000"),
        new(Op.RET,  "RET",  "1101011001011111000000nnnnn00000"),
        new(Op.ERET, "ERET", "11010110100111110000001111100000"),
        // DRPS (11010110101111110000001111100000) is UNDEFINED outside Debug state: no row.

        // Compare and branch (immediate). Imm = the signed byte offset, A = 32 for W (the shift that drops the upper half), 0 for X.
        new(Op.CBZ,  "CBZ",  "z0110100iiiiiiiiiiiiiiiiiiittttt", CompareAndBranch),
        new(Op.CBNZ, "CBNZ", "z0110101iiiiiiiiiiiiiiiiiiittttt", CompareAndBranch),

        // Test and branch (immediate). Imm = the signed byte offset, A = the bit number b5:b40.
        new(Op.TBZ,  "TBZ",  "b0110110oooooiiiiiiiiiiiiiittttt", TestAndBranch),
        new(Op.TBNZ, "TBNZ", "b0110111oooooiiiiiiiiiiiiiittttt", TestAndBranch),

        // Exception generation. Imm = imm16. DCPS1/2/3 (11010100101iiiiiiiiiiiiiiii000ll)
        // are UNDEFINED outside Debug state: no row.
        new(Op.SVC, "SVC", "11010100000iiiiiiiiiiiiiiii00001", ExceptionImmediate),
        new(Op.HVC, "HVC", "11010100000iiiiiiiiiiiiiiii00010", ExceptionImmediate),
        new(Op.SMC, "SMC", "11010100000iiiiiiiiiiiiiiii00011", ExceptionImmediate),
        new(Op.BRK, "BRK", "11010100001iiiiiiiiiiiiiiii00000", ExceptionImmediate),
        new(Op.HLT, "HLT", "11010100010iiiiiiiiiiiiiiii00000", ExceptionImmediate),

        // Reserved: the permanently undefined encoding.
        new(Op.UDF, "UDF", "0000000000000000iiiiiiiiiiiiiiii"),

        // PSTATE (MSR immediate), op0 = 00, CRn = 0100, Rt = 11111. A = CRm. PAN (FEAT_PAN) is
        // implemented; UAO, DIT, SSBS, TCO and CFINV belong to later extensions: unallocated.
        new(Op.MSR_SPSel_imm, "MSR (immediate) SPSel",   "11010101000000000100kkkk10111111", SystemCrmImmediate),
        new(Op.MSR_DAIFSet,   "MSR (immediate) DAIFSet", "11010101000000110100kkkk11011111", SystemCrmImmediate),
        new(Op.MSR_DAIFClr,   "MSR (immediate) DAIFClr", "11010101000000110100kkkk11111111", SystemCrmImmediate),
        new(Op.MSR_PAN_imm,   "MSR (immediate) PAN",     "11010101000000000100kkkk10011111", SystemCrmImmediate),

        // Hints. Every hint without a row of its own (CSDB, ESB, BTI, the PAC*SP/AUT*SP
        // hints of FEAT_PAuth...) executes as a NOP, as the architecture requires of
        // unallocated hints.
        new(Op.HINT,  "HINT (NOP and unallocated hints)", "11010101000000110010kkkkppp11111"),
        new(Op.YIELD, "YIELD", "11010101000000110010000000111111"),
        new(Op.WFE,   "WFE",   "11010101000000110010000001011111"),
        new(Op.WFI,   "WFI",   "11010101000000110010000001111111"),
        new(Op.SEV,   "SEV",   "11010101000000110010000010011111"),
        new(Op.SEVL,  "SEVL",  "11010101000000110010000010111111"),

        // Barriers. Every CRm option of DSB and DMB is a barrier (the reserved ones act as the
        // full-system barrier), so SSBB (DSB #0) and PSSBB (DSB #4) are DSBs here; ISB options
        // other than SY also act as SY. SB (op2 = 111) is FEAT_SB: unallocated.
        new(Op.CLREX, "CLREX", "11010101000000110011kkkk01011111"),
        new(Op.DSB,   "DSB",   "11010101000000110011kkkk10011111"),
        new(Op.DMB,   "DMB",   "11010101000000110011kkkk10111111"),
        new(Op.ISB,   "ISB",   "11010101000000110011kkkk11011111"),

        // System instructions: SYS with op0 = 01. Only the Armv8.0 EL1&0 operations have rows;
        // every other SYS encoding and every SYSL encoding is UNDEFINED.
        //                                         op1 CRn  CRm  op2
        new(Op.DC_IVAC,    "DC IVAC",    "1101010100001" + "000" + "0111" + "0110" + "001" + "ttttt"),
        new(Op.DC_ISW,     "DC ISW",     "1101010100001" + "000" + "0111" + "0110" + "010" + "ttttt"),
        new(Op.DC_CSW,     "DC CSW",     "1101010100001" + "000" + "0111" + "1010" + "010" + "ttttt"),
        new(Op.DC_CISW,    "DC CISW",    "1101010100001" + "000" + "0111" + "1110" + "010" + "ttttt"),
        new(Op.DC_ZVA,     "DC ZVA",     "1101010100001" + "011" + "0111" + "0100" + "001" + "ttttt"),
        new(Op.DC_CVAC,    "DC CVAC",    "1101010100001" + "011" + "0111" + "1010" + "001" + "ttttt"),
        new(Op.DC_CVAU,    "DC CVAU",    "1101010100001" + "011" + "0111" + "1011" + "001" + "ttttt"),
        new(Op.DC_CIVAC,   "DC CIVAC",   "1101010100001" + "011" + "0111" + "1110" + "001" + "ttttt"),
        new(Op.IC_IALLUIS, "IC IALLUIS", "1101010100001" + "000" + "0111" + "0001" + "000" + "-----"),
        new(Op.IC_IALLU,   "IC IALLU",   "1101010100001" + "000" + "0111" + "0101" + "000" + "-----"),
        new(Op.IC_IVAU,    "IC IVAU",    "1101010100001" + "011" + "0111" + "0101" + "001" + "ttttt"),
        // AT S1E1R, S1E1W, S1E0R, S1E0W (op2 = 0..3). A = op2.
        new(Op.AT,         "AT S1E1R/S1E1W/S1E0R/S1E0W", "1101010100001" + "000" + "0111" + "1000" + "0pp" + "ttttt", SystemOp2Immediate),
        // TLBI VMALLE1(IS), VAE1(IS), ASIDE1(IS), VAAE1(IS), VALE1(IS), VAALE1(IS).
        new(Op.TLBI,       "TLBI (EL1&0)", "1101010100001" + "000" + "1000" + "kkkk" + "ppp" + "ttttt", TlbiEl1),

        // System register move. Imm = the encoding op0:op1:CRn:CRm:op2 (bits 20:5), looked up
        // in the PE's system register table when the instruction executes.
        new(Op.MSR_reg, "MSR (register)", "110101010001iiiiiiiiiiiiiiittttt", SystemRegisterMove),
        new(Op.MRS,     "MRS",            "110101010011iiiiiiiiiiiiiiittttt", SystemRegisterMove),
    ];

    static bool BranchImm26(ref DecodedInsn insn)
    {
        insn.Imm = (ulong)(Imm26.ExtractSigned(insn.Raw) * 4);
        return true;
    }

    static bool ConditionalBranch(ref DecodedInsn insn)
    {
        insn.Imm = (ulong)(BranchImm19.ExtractSigned(insn.Raw) * 4);
        insn.A = (byte)BranchCond.Extract(insn.Raw);
        return true;
    }

    static bool CompareAndBranch(ref DecodedInsn insn)
    {
        insn.Imm = (ulong)(BranchImm19.ExtractSigned(insn.Raw) * 4);
        insn.A = (byte)(CompareBranchSf.Extract(insn.Raw) == 1 ? 0 : 32);
        return true;
    }

    static bool TestAndBranch(ref DecodedInsn insn)
    {
        insn.Imm = (ulong)(TestBranchImm14.ExtractSigned(insn.Raw) * 4);
        insn.A = (byte)(TestBitHigh.Extract(insn.Raw) << 5 | TestBitLow.Extract(insn.Raw));
        return true;
    }

    static bool ExceptionImmediate(ref DecodedInsn insn)
    {
        insn.Imm = ExceptionImm16.Extract((ulong)insn.Raw);
        return true;
    }

    static bool SystemCrmImmediate(ref DecodedInsn insn)
    {
        insn.A = (byte)SystemCrm.Extract(insn.Raw);
        return true;
    }

    static bool SystemOp2Immediate(ref DecodedInsn insn)
    {
        insn.A = (byte)SystemOp2.Extract(insn.Raw);
        return true;
    }

    /// <summary>The Armv8.0 TLBI operations of the EL1&amp;0 regime: CRm = 3 (Inner Shareable) or 7, op2 in {0, 1, 2, 3, 5, 7}.</summary>
    static bool TlbiEl1(ref DecodedInsn insn)
    {
        uint crm = SystemCrm.Extract(insn.Raw), op2 = SystemOp2.Extract(insn.Raw);
        return (crm == 3 || crm == 7) && op2 is 0 or 1 or 2 or 3 or 5 or 7;
    }

    static bool SystemRegisterMove(ref DecodedInsn insn)
    {
        insn.Imm = SystemEncoding.Extract((ulong)insn.Raw);
        return true;
    }
}
