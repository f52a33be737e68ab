namespace Emulator.Cpu.Decoder;

/// <summary>
/// One value per row of the decoder table (<see cref="A64Table"/>), named as the row's
/// handler is. Grouped as the Arm ARM's A64 encoding index is; each group's rows live in
/// Decoder/Table/&lt;Group&gt;.cs and its handlers in Interpreter/&lt;Group&gt;.cs.
/// </summary>
public enum Op : ushort
{
    /// <summary>Not decoded yet (the state of a fresh slot in the decoded-page cache).</summary>
    Undecoded = 0,
    /// <summary>No row matches, or the row's predecoder found reserved values: UNDEFINED.</summary>
    Unallocated,

    // ---- Data processing -- immediate -----------------------------------------------
    ADD_imm,
    ADDS_imm,
    SUB_imm,
    SUBS_imm,
    MOVZ,
    // (end of data processing -- immediate)


    // ---- Branches, exception generating and system instructions ---------------------
    B_uncond,
    HLT,
    // (end of branches, exception generating and system instructions)


    // ---- Loads and stores -------------------------------------------------------------
    STRB_uimm,
    LDRB_uimm,
    LDRSB_x_uimm,
    LDRSB_w_uimm,
    STRH_uimm,
    LDRH_uimm,
    LDRSH_x_uimm,
    LDRSH_w_uimm,
    STR_w_uimm,
    LDR_w_uimm,
    LDRSW_uimm,
    STR_x_uimm,
    LDR_x_uimm,
    PRFM_uimm,
    STRB_pre,
    LDRB_pre,
    LDRSB_x_pre,
    LDRSB_w_pre,
    STRH_pre,
    LDRH_pre,
    LDRSH_x_pre,
    LDRSH_w_pre,
    STR_w_pre,
    LDR_w_pre,
    LDRSW_pre,
    STR_x_pre,
    LDR_x_pre,
    STRB_post,
    LDRB_post,
    LDRSB_x_post,
    LDRSB_w_post,
    STRH_post,
    LDRH_post,
    LDRSH_x_post,
    LDRSH_w_post,
    STR_w_post,
    LDR_w_post,
    LDRSW_post,
    STR_x_post,
    LDR_x_post,
    STURB,
    LDURB,
    LDURSB_x,
    LDURSB_w,
    STURH,
    LDURH,
    LDURSH_x,
    LDURSH_w,
    STUR_w,
    LDUR_w,
    LDURSW,
    STUR_x,
    LDUR_x,
    PRFUM,
    STTRB,
    LDTRB,
    LDTRSB_x,
    LDTRSB_w,
    STTRH,
    LDTRH,
    LDTRSH_x,
    LDTRSH_w,
    STTR_w,
    LDTR_w,
    LDTRSW,
    STTR_x,
    LDTR_x,
    STRB_reg,
    LDRB_reg,
    LDRSB_x_reg,
    LDRSB_w_reg,
    STRH_reg,
    LDRH_reg,
    LDRSH_x_reg,
    LDRSH_w_reg,
    STR_w_reg,
    LDR_w_reg,
    LDRSW_reg,
    STR_x_reg,
    LDR_x_reg,
    PRFM_reg,
    LDR_w_lit,
    LDR_x_lit,
    LDRSW_lit,
    PRFM_lit,
    STP_w_off,
    LDP_w_off,
    STP_w_pre,
    LDP_w_pre,
    STP_w_post,
    LDP_w_post,
    STP_x_off,
    LDP_x_off,
    STP_x_pre,
    LDP_x_pre,
    STP_x_post,
    LDP_x_post,
    LDPSW_off,
    LDPSW_pre,
    LDPSW_post,
    STNP_w,
    LDNP_w,
    STNP_x,
    LDNP_x,
    // (end of loads and stores)


    // ---- Loads and stores: exclusive, ordered, atomic (LSE) ---------------------------
    // (end of loads and stores: exclusive, ordered, atomic)


    // ---- Data processing -- register ----------------------------------------------------
    // (end of data processing -- register)
}
