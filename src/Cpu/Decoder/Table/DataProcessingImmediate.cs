using Emulator.Interconnect;

namespace Emulator.Cpu.Decoder;

public static partial class A64Table
{
    static readonly BitField Imm12 = new(10, 12);
    static readonly BitField AddSubShift = new(22, 1);
    static readonly BitField Imm16 = new(5, 16);
    static readonly BitField Hw = new(21, 2);
    static readonly BitField Sf = new(31, 1);

    static readonly Row[] DataProcessingImmediate =
    [
        // Add/subtract (immediate). sh = 1 shifts imm12 left by 12.
        new(Op.ADD_imm,  "ADD (immediate)",  "z00100010hiiiiiiiiiiiiNNNNNDDDDD", AddSubImmediate),
        new(Op.ADDS_imm, "ADDS (immediate)", "z01100010hiiiiiiiiiiiiNNNNNddddd", AddSubImmediate),
        new(Op.SUB_imm,  "SUB (immediate)",  "z10100010hiiiiiiiiiiiiNNNNNDDDDD", AddSubImmediate),
        new(Op.SUBS_imm, "SUBS (immediate)", "z11100010hiiiiiiiiiiiiNNNNNddddd", AddSubImmediate),

        // Move wide (immediate).
        new(Op.MOVZ, "MOVZ", "z10100101hhiiiiiiiiiiiiiiiiddddd", MoveWide),
    ];

    static bool AddSubImmediate(ref DecodedInsn insn)
    {
        insn.Imm = Imm12.Extract((ulong)insn.Raw) << (AddSubShift.Extract(insn.Raw) == 1 ? 12 : 0);
        return true;
    }

    /// <summary>Imm = imm16 shifted into place; hw must name a halfword that the register has.</summary>
    static bool MoveWide(ref DecodedInsn insn)
    {
        uint hw = Hw.Extract(insn.Raw);
        if (Sf.Extract(insn.Raw) == 0 && hw >= 2) return false;
        insn.A = (byte)(hw * 16);
        insn.Imm = Imm16.Extract((ulong)insn.Raw) << insn.A;
        return true;
    }
}
