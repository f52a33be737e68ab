using Emulator.Interconnect;

namespace Emulator.Cpu.Decoder;

public static partial class A64Table
{
    /// <summary>Operand fields of the data-processing (register) encodings (nested, so their names stay local to the group).</summary>
    static class DpReg
    {
        public static readonly BitField ShiftType = new(22, 2);
        public static readonly BitField Imm6 = new(10, 6);
        public static readonly BitField ExtendOption = new(13, 3);
        public static readonly BitField ExtendShift = new(10, 3);
        public static readonly BitField Cond = new(12, 4);
        public static readonly BitField CompareNzcv = new(0, 4);
        public static readonly BitField CompareImm5 = new(16, 5);
        public static readonly BitField RevOpcLow = new(10, 1);
    }

    // Letters: z = sf, h = shift type, i = immediate / shift amount, o = extend option,
    // c = condition, f = the nzcv to set when the condition fails.
    static readonly Row[] DataProcessingRegister =
    [
        // Logical (shifted register).
        new(Op.AND_shift,  "AND (shifted register)",  "z0001010hh0mmmmmiiiiiinnnnnddddd", LogicalShifted),
        new(Op.BIC_shift,  "BIC (shifted register)",  "z0001010hh1mmmmmiiiiiinnnnnddddd", LogicalShifted),
        new(Op.ORR_shift,  "ORR (shifted register)",  "z0101010hh0mmmmmiiiiiinnnnnddddd", LogicalShifted),
        new(Op.ORN_shift,  "ORN (shifted register)",  "z0101010hh1mmmmmiiiiiinnnnnddddd", LogicalShifted),
        new(Op.EOR_shift,  "EOR (shifted register)",  "z1001010hh0mmmmmiiiiiinnnnnddddd", LogicalShifted),
        new(Op.EON_shift,  "EON (shifted register)",  "z1001010hh1mmmmmiiiiiinnnnnddddd", LogicalShifted),
        new(Op.ANDS_shift, "ANDS (shifted register)", "z1101010hh0mmmmmiiiiiinnnnnddddd", LogicalShifted),
        new(Op.BICS_shift, "BICS (shifted register)", "z1101010hh1mmmmmiiiiiinnnnnddddd", LogicalShifted),

        // Add/subtract (shifted register).
        new(Op.ADD_shift,  "ADD (shifted register)",  "z0001011hh0mmmmmiiiiiinnnnnddddd", AddSubShifted),
        new(Op.ADDS_shift, "ADDS (shifted register)", "z0101011hh0mmmmmiiiiiinnnnnddddd", AddSubShifted),
        new(Op.SUB_shift,  "SUB (shifted register)",  "z1001011hh0mmmmmiiiiiinnnnnddddd", AddSubShifted),
        new(Op.SUBS_shift, "SUBS (shifted register)", "z1101011hh0mmmmmiiiiiinnnnnddddd", AddSubShifted),

        // Add/subtract (extended register): Rn is SP-capable, and so is Rd unless flags are set.
        new(Op.ADD_ext,  "ADD (extended register)",  "z0001011001mmmmmoooiiiNNNNNDDDDD", AddSubExtended),
        new(Op.ADDS_ext, "ADDS (extended register)", "z0101011001mmmmmoooiiiNNNNNddddd", AddSubExtended),
        new(Op.SUB_ext,  "SUB (extended register)",  "z1001011001mmmmmoooiiiNNNNNDDDDD", AddSubExtended),
        new(Op.SUBS_ext, "SUBS (extended register)", "z1101011001mmmmmoooiiiNNNNNddddd", AddSubExtended),

        // Add/subtract (with carry).
        new(Op.ADC,  "ADC",  "z0011010000mmmmm000000nnnnnddddd"),
        new(Op.ADCS, "ADCS", "z0111010000mmmmm000000nnnnnddddd"),
        new(Op.SBC,  "SBC",  "z1011010000mmmmm000000nnnnnddddd"),
        new(Op.SBCS, "SBCS", "z1111010000mmmmm000000nnnnnddddd"),

        // Conditional compare (register) and (immediate).
        new(Op.CCMN_reg, "CCMN (register)",  "z0111010010mmmmmcccc00nnnnn0ffff", ConditionalCompare),
        new(Op.CCMP_reg, "CCMP (register)",  "z1111010010mmmmmcccc00nnnnn0ffff", ConditionalCompare),
        new(Op.CCMN_imm, "CCMN (immediate)", "z0111010010iiiiicccc10nnnnn0ffff", ConditionalCompare),
        new(Op.CCMP_imm, "CCMP (immediate)", "z1111010010iiiiicccc10nnnnn0ffff", ConditionalCompare),

        // Conditional select.
        new(Op.CSEL,  "CSEL",  "z0011010100mmmmmcccc00nnnnnddddd", ConditionalSelect),
        new(Op.CSINC, "CSINC", "z0011010100mmmmmcccc01nnnnnddddd", ConditionalSelect),
        new(Op.CSINV, "CSINV", "z1011010100mmmmmcccc00nnnnnddddd", ConditionalSelect),
        new(Op.CSNEG, "CSNEG", "z1011010100mmmmmcccc01nnnnnddddd", ConditionalSelect),

        // Data-processing (3 source). The long and high forms exist only with sf = 1;
        // SMULH/UMULH ignore Ra (it should be 11111).
        new(Op.MADD,   "MADD",   "z0011011000mmmmm0aaaaannnnnddddd"),
        new(Op.MSUB,   "MSUB",   "z0011011000mmmmm1aaaaannnnnddddd"),
        new(Op.SMADDL, "SMADDL", "10011011001mmmmm0aaaaannnnnddddd"),
        new(Op.SMSUBL, "SMSUBL", "10011011001mmmmm1aaaaannnnnddddd"),
        new(Op.SMULH,  "SMULH",  "10011011010mmmmm0-----nnnnnddddd"),
        new(Op.UMADDL, "UMADDL", "10011011101mmmmm0aaaaannnnnddddd"),
        new(Op.UMSUBL, "UMSUBL", "10011011101mmmmm1aaaaannnnnddddd"),
        new(Op.UMULH,  "UMULH",  "10011011110mmmmm0-----nnnnnddddd"),

        // Data-processing (2 source). CRC32 sizes B/H/W need sf = 0, X needs sf = 1.
        new(Op.UDIV,    "UDIV",    "z0011010110mmmmm000010nnnnnddddd"),
        new(Op.SDIV,    "SDIV",    "z0011010110mmmmm000011nnnnnddddd"),
        new(Op.LSLV,    "LSLV",    "z0011010110mmmmm001000nnnnnddddd"),
        new(Op.LSRV,    "LSRV",    "z0011010110mmmmm001001nnnnnddddd"),
        new(Op.ASRV,    "ASRV",    "z0011010110mmmmm001010nnnnnddddd"),
        new(Op.RORV,    "RORV",    "z0011010110mmmmm001011nnnnnddddd"),
        new(Op.CRC32B,  "CRC32B",  "00011010110mmmmm010000nnnnnddddd"),
        new(Op.CRC32H,  "CRC32H",  "00011010110mmmmm010001nnnnnddddd"),
        new(Op.CRC32W,  "CRC32W",  "00011010110mmmmm010010nnnnnddddd"),
        new(Op.CRC32X,  "CRC32X",  "10011010110mmmmm010011nnnnnddddd"),
        new(Op.CRC32CB, "CRC32CB", "00011010110mmmmm010100nnnnnddddd"),
        new(Op.CRC32CH, "CRC32CH", "00011010110mmmmm010101nnnnnddddd"),
        new(Op.CRC32CW, "CRC32CW", "00011010110mmmmm010110nnnnnddddd"),
        new(Op.CRC32CX, "CRC32CX", "10011010110mmmmm010111nnnnnddddd"),

        // Data-processing (1 source). REV is opc 10 with sf = 0 and opc 11 with sf = 1;
        // opc 10 with sf = 1 is the more specific REV32 row.
        new(Op.RBIT,  "RBIT",  "z101101011000000000000nnnnnddddd"),
        new(Op.REV16, "REV16", "z101101011000000000001nnnnnddddd"),
        new(Op.REV32, "REV32", "1101101011000000000010nnnnnddddd"),
        new(Op.REV,   "REV",   "z10110101100000000001-nnnnnddddd", ReverseBytes),
        new(Op.CLZ,   "CLZ",   "z101101011000000000100nnnnnddddd"),
        new(Op.CLS,   "CLS",   "z101101011000000000101nnnnnddddd"),
    ];

    /// <summary>A = sf &lt;&lt; 2 | shift type (LSL, LSR, ASR, ROR), B = amount; a 32-bit operation shifts by less than 32.</summary>
    static bool LogicalShifted(ref DecodedInsn insn)
    {
        uint sf = Sf.Extract(insn.Raw), amount = DpReg.Imm6.Extract(insn.Raw);
        if (sf == 0 && amount >= 32) return false;
        insn.A = (byte)(sf << 2 | DpReg.ShiftType.Extract(insn.Raw));
        insn.B = (byte)amount;
        return true;
    }

    /// <summary>As <see cref="LogicalShifted"/>, but ROR is reserved.</summary>
    static bool AddSubShifted(ref DecodedInsn insn) =>
        DpReg.ShiftType.Extract(insn.Raw) != 3 && LogicalShifted(ref insn);

    /// <summary>
    /// The extended operand is ((Rm &lt;&lt; A) &gt;&gt; A, arithmetic) AND Imm, then &lt;&lt; B:
    /// A = 64 - the extended width, Imm = the width's ones for UXT* (all ones for SXT*),
    /// B = the left shift, at most 4.
    /// </summary>
    static bool AddSubExtended(ref DecodedInsn insn)
    {
        uint option = DpReg.ExtendOption.Extract(insn.Raw), shift = DpReg.ExtendShift.Extract(insn.Raw);
        if (shift > 4) return false;
        int width = 8 << (int)(option & 3);
        insn.A = (byte)(64 - width);
        insn.B = (byte)shift;
        insn.Imm = (option & 4) != 0 ? ulong.MaxValue : Ones(width);
        return true;
    }

    /// <summary>A = cond, B = the NZCV (4 bits) set when it fails, Imm = imm5 for the immediate forms.</summary>
    static bool ConditionalCompare(ref DecodedInsn insn)
    {
        insn.A = (byte)DpReg.Cond.Extract(insn.Raw);
        insn.B = (byte)DpReg.CompareNzcv.Extract(insn.Raw);
        insn.Imm = DpReg.CompareImm5.Extract((ulong)insn.Raw);
        return true;
    }

    /// <summary>A = cond.</summary>
    static bool ConditionalSelect(ref DecodedInsn insn)
    {
        insn.A = (byte)DpReg.Cond.Extract(insn.Raw);
        return true;
    }

    /// <summary>REV: the low bit of opc must equal sf (sf = 0, opc = 11 is unallocated).</summary>
    static bool ReverseBytes(ref DecodedInsn insn) => DpReg.RevOpcLow.Extract(insn.Raw) == Sf.Extract(insn.Raw);
}
