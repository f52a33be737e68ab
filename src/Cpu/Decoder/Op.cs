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
    ADR,
    ADRP,
    ADD_imm,
    ADDS_imm,
    SUB_imm,
    SUBS_imm,
    AND_imm,
    ORR_imm,
    EOR_imm,
    ANDS_imm,
    MOVN,
    MOVZ,
    MOVK,
    SBFM,
    BFM,
    UBFM,
    EXTR,
    // (end of data processing -- immediate)


    // ---- Branches, exception generating and system instructions ---------------------
    B_uncond,
    HLT,
    // (end of branches, exception generating and system instructions)


    // ---- Loads and stores -------------------------------------------------------------
    // (end of loads and stores)


    // ---- Loads and stores: exclusive, ordered, atomic (LSE) ---------------------------
    STXR,
    LDXR,
    STXP,
    LDXP,
    STLR,
    LDAR,
    CAS,
    CASP,
    LDADD,
    LDCLR,
    LDEOR,
    LDSET,
    LDSMAX,
    LDSMIN,
    LDUMAX,
    LDUMIN,
    SWP,
    LDAPR,
    // (end of loads and stores: exclusive, ordered, atomic)


    // ---- Data processing -- register ----------------------------------------------------
    AND_shift,
    BIC_shift,
    ORR_shift,
    ORN_shift,
    EOR_shift,
    EON_shift,
    ANDS_shift,
    BICS_shift,
    ADD_shift,
    ADDS_shift,
    SUB_shift,
    SUBS_shift,
    ADD_ext,
    ADDS_ext,
    SUB_ext,
    SUBS_ext,
    ADC,
    ADCS,
    SBC,
    SBCS,
    CCMN_reg,
    CCMP_reg,
    CCMN_imm,
    CCMP_imm,
    CSEL,
    CSINC,
    CSINV,
    CSNEG,
    MADD,
    MSUB,
    SMADDL,
    SMSUBL,
    SMULH,
    UMADDL,
    UMSUBL,
    UMULH,
    UDIV,
    SDIV,
    LSLV,
    LSRV,
    ASRV,
    RORV,
    CRC32B,
    CRC32H,
    CRC32W,
    CRC32X,
    CRC32CB,
    CRC32CH,
    CRC32CW,
    CRC32CX,
    RBIT,
    REV16,
    REV32,
    REV,
    CLZ,
    CLS,
    // (end of data processing -- register)
}
