using Emulator.Interconnect;

namespace Emulator.Cpu.Decoder;

public static partial class A64Table
{
    static readonly BitField Imm12 = new(10, 12);
    static readonly BitField AddSubShift = new(22, 1);
    static readonly BitField Imm16 = new(5, 16);
    static readonly BitField Hw = new(21, 2);
    static readonly BitField Sf = new(31, 1);
    static readonly BitField AdrImmLo = new(29, 2);
    static readonly BitField AdrImmHi = new(5, 19);
    /// <summary>N, immr and imms of the logical (immediate), bitfield and EXTR encodings.</summary>
    static readonly BitField BitmaskN = new(22, 1);
    static readonly BitField Immr = new(16, 6);
    static readonly BitField Imms = new(10, 6);

    // Letters: z = sf, h = shift / hw, i = immediate, l/h = immlo/immhi (ADR), w = N,
    // r = immr, i = imms (logical, bitfield, EXTR's lsb).
    static readonly Row[] DataProcessingImmediate =
    [
        // PC-rel. addressing.
        new(Op.ADR,  "ADR",  "0ll10000hhhhhhhhhhhhhhhhhhhddddd", PcRelative),
        new(Op.ADRP, "ADRP", "1ll10000hhhhhhhhhhhhhhhhhhhddddd", PcRelativePage),

        // Add/subtract (immediate). sh = 1 shifts imm12 left by 12.
        new(Op.ADD_imm,  "ADD (immediate)",  "z00100010hiiiiiiiiiiiiNNNNNDDDDD", AddSubImmediate),
        new(Op.ADDS_imm, "ADDS (immediate)", "z01100010hiiiiiiiiiiiiNNNNNddddd", AddSubImmediate),
        new(Op.SUB_imm,  "SUB (immediate)",  "z10100010hiiiiiiiiiiiiNNNNNDDDDD", AddSubImmediate),
        new(Op.SUBS_imm, "SUBS (immediate)", "z11100010hiiiiiiiiiiiiNNNNNddddd", AddSubImmediate),

        // Logical (immediate). The flag-setting form writes XZR for 31, the others SP.
        new(Op.AND_imm,  "AND (immediate)",  "z00100100wrrrrrriiiiiinnnnnDDDDD", LogicalImmediate),
        new(Op.ORR_imm,  "ORR (immediate)",  "z01100100wrrrrrriiiiiinnnnnDDDDD", LogicalImmediate),
        new(Op.EOR_imm,  "EOR (immediate)",  "z10100100wrrrrrriiiiiinnnnnDDDDD", LogicalImmediate),
        new(Op.ANDS_imm, "ANDS (immediate)", "z11100100wrrrrrriiiiiinnnnnddddd", LogicalImmediate),

        // Move wide (immediate).
        new(Op.MOVN, "MOVN", "z00100101hhiiiiiiiiiiiiiiiiddddd", MoveWideInverted),
        new(Op.MOVZ, "MOVZ", "z10100101hhiiiiiiiiiiiiiiiiddddd", MoveWide),
        new(Op.MOVK, "MOVK", "z11100101hhiiiiiiiiiiiiiiiiddddd", MoveWide),

        // Bitfield.
        new(Op.SBFM, "SBFM", "z00100110wrrrrrriiiiiinnnnnddddd", Bitfield),
        new(Op.BFM,  "BFM",  "z01100110wrrrrrriiiiiinnnnnddddd", Bitfield),
        new(Op.UBFM, "UBFM", "z10100110wrrrrrriiiiiinnnnnddddd", Bitfield),

        // Extract.
        new(Op.EXTR, "EXTR", "z00100111w0mmmmmiiiiiinnnnnddddd", Extract),
    ];

    /// <summary>Imm = the signed 21-bit byte offset immhi:immlo.</summary>
    static bool PcRelative(ref DecodedInsn insn)
    {
        insn.Imm = (ulong)AdrOffset(insn.Raw);
        return true;
    }

    /// <summary>Imm = the signed 21-bit page offset immhi:immlo, in bytes (times 4096).</summary>
    static bool PcRelativePage(ref DecodedInsn insn)
    {
        insn.Imm = (ulong)AdrOffset(insn.Raw) << 12;
        return true;
    }

    static long AdrOffset(uint raw)
    {
        ulong joined = AdrImmHi.Extract((ulong)raw) << 2 | AdrImmLo.Extract((ulong)raw);
        return (long)(joined << 43) >> 43;
    }

    static bool AddSubImmediate(ref DecodedInsn insn)
    {
        insn.Imm = Imm12.Extract((ulong)insn.Raw) << (AddSubShift.Extract(insn.Raw) == 1 ? 12 : 0);
        return true;
    }

    /// <summary>Imm = the bitmask immediate, already cut to the operation's width.</summary>
    static bool LogicalImmediate(ref DecodedInsn insn)
    {
        bool is64 = Sf.Extract(insn.Raw) == 1;
        uint n = BitmaskN.Extract(insn.Raw);
        if (!is64 && n == 1) return false;
        if (!DecodeBitMasks(n, Imms.Extract(insn.Raw), Immr.Extract(insn.Raw), out ulong wmask)) return false;
        insn.Imm = is64 ? wmask : (uint)wmask;
        return true;
    }

    /// <summary>
    /// DecodeBitMasks (Arm ARM shared pseudocode) for a logical immediate: an element of
    /// 2..64 bits holding imms+1 ones rotated right by immr, replicated to 64 bits. False
    /// for the reserved values (no element size, or an element of all ones).
    /// </summary>
    internal static bool DecodeBitMasks(uint n, uint imms, uint immr, out ulong wmask)
    {
        wmask = 0;
        // The element size is 2^len, len the highest set bit of N:NOT(imms) (-1 when none).
        int len = 31 - System.Numerics.BitOperations.LeadingZeroCount(n << 6 | (~imms & 0x3F));
        if (len < 1) return false;
        int esize = 1 << len;
        uint levels = (uint)esize - 1;
        int s = (int)(imms & levels), r = (int)(immr & levels);
        if (s == (int)levels) return false;
        ulong elementMask = Ones(esize);
        ulong element = Ones(s + 1);
        if (r != 0) element = ((element >> r) | (element << (esize - r))) & elementMask;
        for (int size = esize; size < 64; size *= 2) element |= element << size;
        wmask = element;
        return true;
    }

    static ulong Ones(int count) => count >= 64 ? ulong.MaxValue : (1UL << count) - 1;

    /// <summary>Imm = imm16 shifted into place, A = the shift; hw must name a halfword that the register has.</summary>
    static bool MoveWide(ref DecodedInsn insn)
    {
        uint hw = Hw.Extract(insn.Raw);
        if (Sf.Extract(insn.Raw) == 0 && hw >= 2) return false;
        insn.A = (byte)(hw * 16);
        insn.Imm = Imm16.Extract((ulong)insn.Raw) << insn.A;
        return true;
    }

    /// <summary>MOVN: Imm = the final value, NOT(imm16 shifted into place) cut to the register width.</summary>
    static bool MoveWideInverted(ref DecodedInsn insn)
    {
        if (!MoveWide(ref insn)) return false;
        insn.Imm = Sf.Extract(insn.Raw) == 1 ? ~insn.Imm : (uint)~insn.Imm;
        return true;
    }

    /// <summary>
    /// SBFM/BFM/UBFM. With R = immr and S = imms, the result is either bits S:R of the
    /// source moved to bit 0 (S &gt;= R: xBFX, BFXIL) or bits S:0 moved to bit width-R
    /// (S &lt; R: xBFIZ, BFI, LSL). Both are "shift left by 63-S, then right by A - B";
    /// A = the left shift, B = the right shift (arithmetic for SBFM, logical otherwise),
    /// Imm = the destination bits that receive the field (what BFM replaces).
    /// sf must equal N; a 32-bit operation has no bit 5 in immr or imms.
    /// </summary>
    static bool Bitfield(ref DecodedInsn insn)
    {
        uint sf = Sf.Extract(insn.Raw);
        uint r = Immr.Extract(insn.Raw), s = Imms.Extract(insn.Raw);
        if (BitmaskN.Extract(insn.Raw) != sf) return false;
        if (sf == 0 && ((r | s) & 0x20) != 0) return false;
        int width = sf == 1 ? 64 : 32;
        insn.A = (byte)(63 - s);
        if (s >= r)
        {
            insn.B = (byte)(63 - s + r);
            insn.Imm = Ones((int)(s - r + 1));
        }
        else
        {
            int position = width - (int)r;
            insn.B = (byte)(63 - s - position);
            insn.Imm = Ones((int)s + 1) << position;
        }
        return true;
    }

    /// <summary>EXTR: A = lsb. sf must equal N; a 32-bit operation has lsb &lt; 32.</summary>
    static bool Extract(ref DecodedInsn insn)
    {
        uint sf = Sf.Extract(insn.Raw), lsb = Imms.Extract(insn.Raw);
        if (BitmaskN.Extract(insn.Raw) != sf) return false;
        if (sf == 0 && lsb >= 32) return false;
        insn.A = (byte)lsb;
        return true;
    }
}
