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
    B_cond,
    BL,
    BR,
    BLR,
    RET,
    CBZ,
    CBNZ,
    TBZ,
    TBNZ,
    SVC,
    HVC,
    SMC,
    BRK,
    UDF,
    ERET,
    MSR_SPSel_imm,
    MSR_DAIFSet,
    MSR_DAIFClr,
    HINT,
    YIELD,
    WFE,
    WFI,
    SEV,
    SEVL,
    CLREX,
    DSB,
    DMB,
    ISB,
    DC_IVAC,
    DC_ISW,
    DC_CSW,
    DC_CISW,
    DC_ZVA,
    DC_CVAC,
    DC_CVAU,
    DC_CIVAC,
    IC_IALLUIS,
    IC_IALLU,
    IC_IVAU,
    AT,
    TLBI,
    MSR_reg,
    MRS,
    // (end of branches, exception generating and system instructions)


    // ---- Loads and stores -------------------------------------------------------------
    // (end of loads and stores)


    // ---- Loads and stores: exclusive, ordered, atomic (LSE) ---------------------------
    // (end of loads and stores: exclusive, ordered, atomic)


    // ---- Data processing -- register ----------------------------------------------------
    // (end of data processing -- register)
}
