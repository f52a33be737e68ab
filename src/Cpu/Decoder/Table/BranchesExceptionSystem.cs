using Emulator.Interconnect;

namespace Emulator.Cpu.Decoder;

public static partial class A64Table
{
    static readonly BitField Imm26 = new(0, 26);
    static readonly BitField ExceptionImm16 = new(5, 16);

    static readonly Row[] BranchesExceptionSystem =
    [
        // Unconditional branch (immediate). Imm = the signed byte offset.
        new(Op.B_uncond, "B", "000101iiiiiiiiiiiiiiiiiiiiiiiiii", BranchImm26),

        // Exception generation. Imm = imm16.
        new(Op.HLT, "HLT", "11010100010iiiiiiiiiiiiiiii00000", ExceptionImmediate),
    ];

    static bool BranchImm26(ref DecodedInsn insn)
    {
        insn.Imm = (ulong)(Imm26.ExtractSigned(insn.Raw) * 4);
        return true;
    }

    static bool ExceptionImmediate(ref DecodedInsn insn)
    {
        insn.Imm = ExceptionImm16.Extract((ulong)insn.Raw);
        return true;
    }
}
