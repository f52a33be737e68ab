using Emulator.Interconnect;

namespace Emulator.Cpu.Decoder;

/// <summary>
/// Loads and stores of the general-purpose registers (the Arm ARM's "Loads and Stores"
/// encoding group): single registers with every addressing mode, literals, pairs, prefetches. Only
/// V = 0 (bit 26) is matched: the SIMD&amp;FP forms of the same encodings are not rows here.
/// Each size/opc combination is its own row, so a handler never tests the access size or
/// the extension at run time; the combinations the Arm ARM leaves unallocated have no row.
/// </summary>
public static partial class A64Table
{
    static readonly BitField LoadStoreSize = new(30, 2);
    static readonly BitField LoadStoreImm12 = new(10, 12);
    static readonly BitField LoadStoreImm9 = new(12, 9);
    static readonly BitField LoadStoreOption = new(13, 3);
    static readonly BitField LoadStoreShift = new(12, 1);
    static readonly BitField LoadLiteralImm19 = new(5, 19);
    static readonly BitField LoadStorePairOpc = new(30, 2);
    static readonly BitField LoadStorePairImm7 = new(15, 7);

    static readonly Row[] LoadsAndStores =
    [
        // Load/store register (unsigned immediate): offset = imm12 scaled by the access size.
        new(Op.STRB_uimm,     "STRB (immediate), unsigned offset",             "0011100100iiiiiiiiiiiiNNNNNttttt", LoadStoreUnsignedOffset),
        new(Op.LDRB_uimm,     "LDRB (immediate), unsigned offset",             "0011100101iiiiiiiiiiiiNNNNNttttt", LoadStoreUnsignedOffset),
        new(Op.LDRSB_x_uimm,  "LDRSB (immediate), 64-bit, unsigned offset",    "0011100110iiiiiiiiiiiiNNNNNttttt", LoadStoreUnsignedOffset),
        new(Op.LDRSB_w_uimm,  "LDRSB (immediate), 32-bit, unsigned offset",    "0011100111iiiiiiiiiiiiNNNNNttttt", LoadStoreUnsignedOffset),
        new(Op.STRH_uimm,     "STRH (immediate), unsigned offset",             "0111100100iiiiiiiiiiiiNNNNNttttt", LoadStoreUnsignedOffset),
        new(Op.LDRH_uimm,     "LDRH (immediate), unsigned offset",             "0111100101iiiiiiiiiiiiNNNNNttttt", LoadStoreUnsignedOffset),
        new(Op.LDRSH_x_uimm,  "LDRSH (immediate), 64-bit, unsigned offset",    "0111100110iiiiiiiiiiiiNNNNNttttt", LoadStoreUnsignedOffset),
        new(Op.LDRSH_w_uimm,  "LDRSH (immediate), 32-bit, unsigned offset",    "0111100111iiiiiiiiiiiiNNNNNttttt", LoadStoreUnsignedOffset),
        new(Op.STR_w_uimm,    "STR (immediate), 32-bit, unsigned offset",      "1011100100iiiiiiiiiiiiNNNNNttttt", LoadStoreUnsignedOffset),
        new(Op.LDR_w_uimm,    "LDR (immediate), 32-bit, unsigned offset",      "1011100101iiiiiiiiiiiiNNNNNttttt", LoadStoreUnsignedOffset),
        new(Op.LDRSW_uimm,    "LDRSW (immediate), unsigned offset",            "1011100110iiiiiiiiiiiiNNNNNttttt", LoadStoreUnsignedOffset),
        new(Op.STR_x_uimm,    "STR (immediate), 64-bit, unsigned offset",      "1111100100iiiiiiiiiiiiNNNNNttttt", LoadStoreUnsignedOffset),
        new(Op.LDR_x_uimm,    "LDR (immediate), 64-bit, unsigned offset",      "1111100101iiiiiiiiiiiiNNNNNttttt", LoadStoreUnsignedOffset),
        new(Op.PRFM_uimm,     "PRFM (immediate), unsigned offset",             "1111100110iiiiiiiiiiiiNNNNNppppp", LoadStoreUnsignedOffset),

        // Load/store register (immediate pre-indexed): the base is written back with the address.
        new(Op.STRB_pre,      "STRB (immediate), pre-index",                   "00111000000iiiiiiiii11NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDRB_pre,      "LDRB (immediate), pre-index",                   "00111000010iiiiiiiii11NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDRSB_x_pre,   "LDRSB (immediate), 64-bit, pre-index",          "00111000100iiiiiiiii11NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDRSB_w_pre,   "LDRSB (immediate), 32-bit, pre-index",          "00111000110iiiiiiiii11NNNNNttttt", LoadStoreSignedOffset),
        new(Op.STRH_pre,      "STRH (immediate), pre-index",                   "01111000000iiiiiiiii11NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDRH_pre,      "LDRH (immediate), pre-index",                   "01111000010iiiiiiiii11NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDRSH_x_pre,   "LDRSH (immediate), 64-bit, pre-index",          "01111000100iiiiiiiii11NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDRSH_w_pre,   "LDRSH (immediate), 32-bit, pre-index",          "01111000110iiiiiiiii11NNNNNttttt", LoadStoreSignedOffset),
        new(Op.STR_w_pre,     "STR (immediate), 32-bit, pre-index",            "10111000000iiiiiiiii11NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDR_w_pre,     "LDR (immediate), 32-bit, pre-index",            "10111000010iiiiiiiii11NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDRSW_pre,     "LDRSW (immediate), pre-index",                  "10111000100iiiiiiiii11NNNNNttttt", LoadStoreSignedOffset),
        new(Op.STR_x_pre,     "STR (immediate), 64-bit, pre-index",            "11111000000iiiiiiiii11NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDR_x_pre,     "LDR (immediate), 64-bit, pre-index",            "11111000010iiiiiiiii11NNNNNttttt", LoadStoreSignedOffset),

        // Load/store register (immediate post-indexed): access at the base, then base += imm9.
        new(Op.STRB_post,     "STRB (immediate), post-index",                  "00111000000iiiiiiiii01NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDRB_post,     "LDRB (immediate), post-index",                  "00111000010iiiiiiiii01NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDRSB_x_post,  "LDRSB (immediate), 64-bit, post-index",         "00111000100iiiiiiiii01NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDRSB_w_post,  "LDRSB (immediate), 32-bit, post-index",         "00111000110iiiiiiiii01NNNNNttttt", LoadStoreSignedOffset),
        new(Op.STRH_post,     "STRH (immediate), post-index",                  "01111000000iiiiiiiii01NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDRH_post,     "LDRH (immediate), post-index",                  "01111000010iiiiiiiii01NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDRSH_x_post,  "LDRSH (immediate), 64-bit, post-index",         "01111000100iiiiiiiii01NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDRSH_w_post,  "LDRSH (immediate), 32-bit, post-index",         "01111000110iiiiiiiii01NNNNNttttt", LoadStoreSignedOffset),
        new(Op.STR_w_post,    "STR (immediate), 32-bit, post-index",           "10111000000iiiiiiiii01NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDR_w_post,    "LDR (immediate), 32-bit, post-index",           "10111000010iiiiiiiii01NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDRSW_post,    "LDRSW (immediate), post-index",                 "10111000100iiiiiiiii01NNNNNttttt", LoadStoreSignedOffset),
        new(Op.STR_x_post,    "STR (immediate), 64-bit, post-index",           "11111000000iiiiiiiii01NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDR_x_post,    "LDR (immediate), 64-bit, post-index",           "11111000010iiiiiiiii01NNNNNttttt", LoadStoreSignedOffset),

        // Load/store register (unscaled immediate).
        new(Op.STURB,         "STURB",                                         "00111000000iiiiiiiii00NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDURB,         "LDURB",                                         "00111000010iiiiiiiii00NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDURSB_x,      "LDURSB, 64-bit",                                "00111000100iiiiiiiii00NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDURSB_w,      "LDURSB, 32-bit",                                "00111000110iiiiiiiii00NNNNNttttt", LoadStoreSignedOffset),
        new(Op.STURH,         "STURH",                                         "01111000000iiiiiiiii00NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDURH,         "LDURH",                                         "01111000010iiiiiiiii00NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDURSH_x,      "LDURSH, 64-bit",                                "01111000100iiiiiiiii00NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDURSH_w,      "LDURSH, 32-bit",                                "01111000110iiiiiiiii00NNNNNttttt", LoadStoreSignedOffset),
        new(Op.STUR_w,        "STUR, 32-bit",                                  "10111000000iiiiiiiii00NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDUR_w,        "LDUR, 32-bit",                                  "10111000010iiiiiiiii00NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDURSW,        "LDURSW",                                        "10111000100iiiiiiiii00NNNNNttttt", LoadStoreSignedOffset),
        new(Op.STUR_x,        "STUR, 64-bit",                                  "11111000000iiiiiiiii00NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDUR_x,        "LDUR, 64-bit",                                  "11111000010iiiiiiiii00NNNNNttttt", LoadStoreSignedOffset),
        new(Op.PRFUM,         "PRFUM",                                         "11111000100iiiiiiiii00NNNNNppppp", LoadStoreSignedOffset),

        // Load/store register (unprivileged): as unscaled, checked with EL0 permissions.
        new(Op.STTRB,         "STTRB",                                         "00111000000iiiiiiiii10NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDTRB,         "LDTRB",                                         "00111000010iiiiiiiii10NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDTRSB_x,      "LDTRSB, 64-bit",                                "00111000100iiiiiiiii10NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDTRSB_w,      "LDTRSB, 32-bit",                                "00111000110iiiiiiiii10NNNNNttttt", LoadStoreSignedOffset),
        new(Op.STTRH,         "STTRH",                                         "01111000000iiiiiiiii10NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDTRH,         "LDTRH",                                         "01111000010iiiiiiiii10NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDTRSH_x,      "LDTRSH, 64-bit",                                "01111000100iiiiiiiii10NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDTRSH_w,      "LDTRSH, 32-bit",                                "01111000110iiiiiiiii10NNNNNttttt", LoadStoreSignedOffset),
        new(Op.STTR_w,        "STTR, 32-bit",                                  "10111000000iiiiiiiii10NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDTR_w,        "LDTR, 32-bit",                                  "10111000010iiiiiiiii10NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDTRSW,        "LDTRSW",                                        "10111000100iiiiiiiii10NNNNNttttt", LoadStoreSignedOffset),
        new(Op.STTR_x,        "STTR, 64-bit",                                  "11111000000iiiiiiiii10NNNNNttttt", LoadStoreSignedOffset),
        new(Op.LDTR_x,        "LDTR, 64-bit",                                  "11111000010iiiiiiiii10NNNNNttttt", LoadStoreSignedOffset),

        // Load/store register (register offset): option<1> = 0 is reserved.
        new(Op.STRB_reg,      "STRB (register)",                               "00111000001mmmmmoooh10NNNNNttttt", LoadStoreRegisterOffset),
        new(Op.LDRB_reg,      "LDRB (register)",                               "00111000011mmmmmoooh10NNNNNttttt", LoadStoreRegisterOffset),
        new(Op.LDRSB_x_reg,   "LDRSB (register), 64-bit",                      "00111000101mmmmmoooh10NNNNNttttt", LoadStoreRegisterOffset),
        new(Op.LDRSB_w_reg,   "LDRSB (register), 32-bit",                      "00111000111mmmmmoooh10NNNNNttttt", LoadStoreRegisterOffset),
        new(Op.STRH_reg,      "STRH (register)",                               "01111000001mmmmmoooh10NNNNNttttt", LoadStoreRegisterOffset),
        new(Op.LDRH_reg,      "LDRH (register)",                               "01111000011mmmmmoooh10NNNNNttttt", LoadStoreRegisterOffset),
        new(Op.LDRSH_x_reg,   "LDRSH (register), 64-bit",                      "01111000101mmmmmoooh10NNNNNttttt", LoadStoreRegisterOffset),
        new(Op.LDRSH_w_reg,   "LDRSH (register), 32-bit",                      "01111000111mmmmmoooh10NNNNNttttt", LoadStoreRegisterOffset),
        new(Op.STR_w_reg,     "STR (register), 32-bit",                        "10111000001mmmmmoooh10NNNNNttttt", LoadStoreRegisterOffset),
        new(Op.LDR_w_reg,     "LDR (register), 32-bit",                        "10111000011mmmmmoooh10NNNNNttttt", LoadStoreRegisterOffset),
        new(Op.LDRSW_reg,     "LDRSW (register)",                              "10111000101mmmmmoooh10NNNNNttttt", LoadStoreRegisterOffset),
        new(Op.STR_x_reg,     "STR (register), 64-bit",                        "11111000001mmmmmoooh10NNNNNttttt", LoadStoreRegisterOffset),
        new(Op.LDR_x_reg,     "LDR (register), 64-bit",                        "11111000011mmmmmoooh10NNNNNttttt", LoadStoreRegisterOffset),
        new(Op.PRFM_reg,      "PRFM (register)",                               "11111000101mmmmmoooh10NNNNNppppp", LoadStoreRegisterOffset),

        // Load register (literal): PC-relative, imm19 words.
        new(Op.LDR_w_lit,     "LDR (literal), 32-bit",                         "00011000iiiiiiiiiiiiiiiiiiittttt", LoadLiteral),
        new(Op.LDR_x_lit,     "LDR (literal), 64-bit",                         "01011000iiiiiiiiiiiiiiiiiiittttt", LoadLiteral),
        new(Op.LDRSW_lit,     "LDRSW (literal)",                               "10011000iiiiiiiiiiiiiiiiiiittttt", LoadLiteral),
        new(Op.PRFM_lit,      "PRFM (literal)",                                "11011000iiiiiiiiiiiiiiiiiiippppp", LoadLiteral),

        // Load/store register pair (offset, pre-indexed, post-indexed): imm7 scaled by the element size.
        new(Op.STP_w_off,     "STP, 32-bit, signed offset",                    "0010100100iiiiiiiaaaaaNNNNNttttt", LoadStorePair),
        new(Op.LDP_w_off,     "LDP, 32-bit, signed offset",                    "0010100101iiiiiiiaaaaaNNNNNttttt", LoadStorePair),
        new(Op.STP_w_pre,     "STP, 32-bit, pre-index",                        "0010100110iiiiiiiaaaaaNNNNNttttt", LoadStorePair),
        new(Op.LDP_w_pre,     "LDP, 32-bit, pre-index",                        "0010100111iiiiiiiaaaaaNNNNNttttt", LoadStorePair),
        new(Op.STP_w_post,    "STP, 32-bit, post-index",                       "0010100010iiiiiiiaaaaaNNNNNttttt", LoadStorePair),
        new(Op.LDP_w_post,    "LDP, 32-bit, post-index",                       "0010100011iiiiiiiaaaaaNNNNNttttt", LoadStorePair),
        new(Op.STP_x_off,     "STP, 64-bit, signed offset",                    "1010100100iiiiiiiaaaaaNNNNNttttt", LoadStorePair),
        new(Op.LDP_x_off,     "LDP, 64-bit, signed offset",                    "1010100101iiiiiiiaaaaaNNNNNttttt", LoadStorePair),
        new(Op.STP_x_pre,     "STP, 64-bit, pre-index",                        "1010100110iiiiiiiaaaaaNNNNNttttt", LoadStorePair),
        new(Op.LDP_x_pre,     "LDP, 64-bit, pre-index",                        "1010100111iiiiiiiaaaaaNNNNNttttt", LoadStorePair),
        new(Op.STP_x_post,    "STP, 64-bit, post-index",                       "1010100010iiiiiiiaaaaaNNNNNttttt", LoadStorePair),
        new(Op.LDP_x_post,    "LDP, 64-bit, post-index",                       "1010100011iiiiiiiaaaaaNNNNNttttt", LoadStorePair),
        new(Op.LDPSW_off,     "LDPSW, signed offset",                          "0110100101iiiiiiiaaaaaNNNNNttttt", LoadStorePair),
        new(Op.LDPSW_pre,     "LDPSW, pre-index",                              "0110100111iiiiiiiaaaaaNNNNNttttt", LoadStorePair),
        new(Op.LDPSW_post,    "LDPSW, post-index",                             "0110100011iiiiiiiaaaaaNNNNNttttt", LoadStorePair),

        // Load/store no-allocate pair (offset): a hint about caching, otherwise STP/LDP with offset.
        new(Op.STNP_w,        "STNP, 32-bit",                                  "0010100000iiiiiiiaaaaaNNNNNttttt", LoadStorePair),
        new(Op.LDNP_w,        "LDNP, 32-bit",                                  "0010100001iiiiiiiaaaaaNNNNNttttt", LoadStorePair),
        new(Op.STNP_x,        "STNP, 64-bit",                                  "1010100000iiiiiiiaaaaaNNNNNttttt", LoadStorePair),
        new(Op.LDNP_x,        "LDNP, 64-bit",                                  "1010100001iiiiiiiaaaaaNNNNNttttt", LoadStorePair),
    ];

    /// <summary>Imm = imm12 &lt;&lt; size (the unsigned offset scaled by the access size).</summary>
    static bool LoadStoreUnsignedOffset(ref DecodedInsn insn)
    {
        insn.Imm = LoadStoreImm12.Extract((ulong)insn.Raw) << (int)LoadStoreSize.Extract(insn.Raw);
        return true;
    }

    /// <summary>Imm = imm9 sign-extended, unscaled (pre/post-index, unscaled, unprivileged).</summary>
    static bool LoadStoreSignedOffset(ref DecodedInsn insn)
    {
        insn.Imm = (ulong)LoadStoreImm9.ExtractSigned(insn.Raw);
        return true;
    }

    /// <summary>
    /// The index register's extension as the handler applies it without branches:
    /// A = 32 for the W extends (UXTW, SXTW) and 0 for the X ones (LSL/UXTX, SXTX), the
    /// number of bits shifted out and back; Imm = all ones when the extend is signed; B = the
    /// left shift, log2(size) when S = 1 (for bytes that is 0 either way). option&lt;1&gt; = 0
    /// (the byte and halfword extends) is reserved.
    /// </summary>
    static bool LoadStoreRegisterOffset(ref DecodedInsn insn)
    {
        uint option = LoadStoreOption.Extract(insn.Raw);
        if ((option & 0b010) == 0) return false;
        insn.A = (byte)((option & 0b001) == 0 ? 32 : 0);
        insn.Imm = (option & 0b100) != 0 ? ulong.MaxValue : 0;
        insn.B = (byte)(LoadStoreShift.Extract(insn.Raw) * LoadStoreSize.Extract(insn.Raw));
        return true;
    }

    /// <summary>Imm = imm19 words, sign-extended, from the instruction's address.</summary>
    static bool LoadLiteral(ref DecodedInsn insn)
    {
        insn.Imm = (ulong)LoadLiteralImm19.ExtractSigned(insn.Raw) << 2;
        return true;
    }

    /// <summary>Imm = imm7 sign-extended and scaled by the element size: 4 bytes for opc = 00 and 01 (LDPSW), 8 for 10.</summary>
    static bool LoadStorePair(ref DecodedInsn insn)
    {
        int scale = 2 + (int)(LoadStorePairOpc.Extract(insn.Raw) >> 1);
        insn.Imm = (ulong)LoadStorePairImm7.ExtractSigned(insn.Raw) << scale;
        return true;
    }
}
