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
    // (end of data processing -- register)
}
