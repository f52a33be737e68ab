using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Emulator.Cpu.Decoder;
using Emulator.Interconnect;

namespace Emulator.Cpu;

/// <summary>
/// The interpreter: fetch from the decoded-page cache, then one switch over the decoded
/// op, each case calling the handler of the same name in Interpreter/&lt;Group&gt;.cs.
/// </summary>
public sealed partial class Processor
{
    /// <summary>
    /// Runs up to <paramref name="maxInstructions"/> instructions (fewer if something asks
    /// for an exit) and returns how many it ran. An instruction that takes an exception
    /// counts as one.
    /// </summary>
    public long Run(long maxInstructions)
    {
        State.RunBudget = State.RunLeft = maxInstructions;
        long executed = maxInstructions - Interpret(maxInstructions);
        DebugRunEnded();
        State.Retired += (ulong)executed;
        State.RunBudget = State.RunLeft = 0;
        return executed;
    }

    /// <summary>
    /// The interpreter loop; returns how many of the <paramref name="budget"/> instructions
    /// it did not run. (Run counts them, so that the budget is the only count live in the
    /// loop and the JIT has one more callee-saved register for it.)
    /// </summary>
    /// <remarks>
    /// When measuring a change here, note that the speed also depends on where the JIT
    /// places this method: the same code ran the alu workload up to 25% faster or slower
    /// with its start at 0 or at 32 mod 64 (the dispatch jump is then predicted better or
    /// worse). Compare at both placements, e.g. by adding code to the harness that runs first.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    long Interpret(long budget)
    {
        CpuState s = State;
        // The first slot of the fetch page; it changes only with fetchTag, in SetFetchPage.
        // Held as a reference rather than the array, so indexing needs no null check.
        ref DecodedInsn slots = ref MemoryMarshal.GetArrayDataReference(fetchSlots);
        long left = budget;
        ulong pc = s.PC;
        exitRequested = false;
        while (left > 0 && !exitRequested)
        {
            left--;
            if ((pc & (PageTagMask | 3)) != fetchTag)
            {
                if (!SetFetchPage(pc))
                {
                    pc = s.PC;
                    continue;
                }
                slots = ref MemoryMarshal.GetArrayDataReference(fetchSlots);
            }
            // Executed in place, without a copy: a store over the instruction itself resets
            // only its op (DecodedCodeCache), so its other fields stay valid until it is done.
            // pc is 4-aligned here (the tag compare covers its low bits), so its page offset
            // scaled by a quarter of the slot size is the slot's byte offset: one op less on
            // the path from PC to the dispatch jump.
            ref DecodedInsn di = ref Unsafe.AddByteOffset(ref slots,
                (nint)((pc & Ram.PageOffsetMask) * (ulong)(Unsafe.SizeOf<DecodedInsn>() / 4)));
            ulong next = pc + 4;
            s.PC = next;
            // The switch is written here rather than in a method of its own, which the JIT
            // would inline but then stop inlining into (its budget grows with the size of the
            // method it compiles): the handlers at the end of the switch were left as calls.
            // It also stops inlining once the method has 512 locals: rare handlers are
            // NoInlining, and hot ones keep their locals few.
            switch (di.Op)
            {
                // ---- Data processing -- immediate ----------------------------------------
                case Op.ADR: DataProcessingImmediate.ADR(this, in di); break;
                case Op.ADRP: DataProcessingImmediate.ADRP(this, in di); break;
                case Op.ADD_imm: DataProcessingImmediate.ADD_imm(this, in di); break;
                case Op.ADDS_imm: DataProcessingImmediate.ADDS_imm(this, in di); break;
                case Op.SUB_imm: DataProcessingImmediate.SUB_imm(this, in di); break;
                case Op.SUBS_imm: DataProcessingImmediate.SUBS_imm(this, in di); break;
                case Op.AND_imm: DataProcessingImmediate.AND_imm(this, in di); break;
                case Op.ORR_imm: DataProcessingImmediate.ORR_imm(this, in di); break;
                case Op.EOR_imm: DataProcessingImmediate.EOR_imm(this, in di); break;
                case Op.ANDS_imm: DataProcessingImmediate.ANDS_imm(this, in di); break;
                case Op.MOVN: DataProcessingImmediate.MOVN(this, in di); break;
                case Op.MOVZ: DataProcessingImmediate.MOVZ(this, in di); break;
                case Op.MOVK: DataProcessingImmediate.MOVK(this, in di); break;
                case Op.SBFM: DataProcessingImmediate.SBFM(this, in di); break;
                case Op.BFM: DataProcessingImmediate.BFM(this, in di); break;
                case Op.UBFM: DataProcessingImmediate.UBFM(this, in di); break;
                case Op.EXTR: DataProcessingImmediate.EXTR(this, in di); break;
                // (end of data processing -- immediate)


                // ---- Branches, exception generating and system instructions --------------
                case Op.B_uncond: BranchesExceptionSystem.B_uncond(this, in di); break;
                case Op.HLT: BranchesExceptionSystem.HLT(this, in di); break;
                case Op.B_cond: BranchesExceptionSystem.B_cond(this, in di); break;
                case Op.BL: BranchesExceptionSystem.BL(this, in di); break;
                case Op.BR: BranchesExceptionSystem.BR(this, in di); break;
                case Op.BLR: BranchesExceptionSystem.BLR(this, in di); break;
                case Op.RET: BranchesExceptionSystem.RET(this, in di); break;
                case Op.CBZ: BranchesExceptionSystem.CBZ(this, in di); break;
                case Op.CBNZ: BranchesExceptionSystem.CBNZ(this, in di); break;
                case Op.TBZ: BranchesExceptionSystem.TBZ(this, in di); break;
                case Op.TBNZ: BranchesExceptionSystem.TBNZ(this, in di); break;
                case Op.SVC: BranchesExceptionSystem.SVC(this, in di); break;
                case Op.HVC: BranchesExceptionSystem.HVC(this, in di); break;
                case Op.SMC: BranchesExceptionSystem.SMC(this, in di); break;
                case Op.BRK: BranchesExceptionSystem.BRK(this, in di); break;
                case Op.UDF: BranchesExceptionSystem.UDF(this, in di); break;
                case Op.ERET: BranchesExceptionSystem.ERET(this, in di); break;
                case Op.MSR_SPSel_imm: BranchesExceptionSystem.MSR_SPSel_imm(this, in di); break;
                case Op.MSR_DAIFSet: BranchesExceptionSystem.MSR_DAIFSet(this, in di); break;
                case Op.MSR_DAIFClr: BranchesExceptionSystem.MSR_DAIFClr(this, in di); break;
                case Op.HINT: BranchesExceptionSystem.HINT(this, in di); break;
                case Op.YIELD: BranchesExceptionSystem.YIELD(this, in di); break;
                case Op.WFE: BranchesExceptionSystem.WFE(this, in di); break;
                case Op.WFI: BranchesExceptionSystem.WFI(this, in di); break;
                case Op.SEV: BranchesExceptionSystem.SEV(this, in di); break;
                case Op.SEVL: BranchesExceptionSystem.SEVL(this, in di); break;
                case Op.CLREX: BranchesExceptionSystem.CLREX(this, in di); break;
                case Op.DSB: BranchesExceptionSystem.DSB(this, in di); break;
                case Op.DMB: BranchesExceptionSystem.DMB(this, in di); break;
                case Op.ISB: BranchesExceptionSystem.ISB(this, in di); break;
                case Op.DC_IVAC: BranchesExceptionSystem.DC_IVAC(this, in di); break;
                case Op.DC_ISW: BranchesExceptionSystem.DC_ISW(this, in di); break;
                case Op.DC_CSW: BranchesExceptionSystem.DC_CSW(this, in di); break;
                case Op.DC_CISW: BranchesExceptionSystem.DC_CISW(this, in di); break;
                case Op.DC_ZVA: BranchesExceptionSystem.DC_ZVA(this, in di); break;
                case Op.DC_CVAC: BranchesExceptionSystem.DC_CVAC(this, in di); break;
                case Op.DC_CVAU: BranchesExceptionSystem.DC_CVAU(this, in di); break;
                case Op.DC_CIVAC: BranchesExceptionSystem.DC_CIVAC(this, in di); break;
                case Op.IC_IALLUIS: BranchesExceptionSystem.IC_IALLUIS(this, in di); break;
                case Op.IC_IALLU: BranchesExceptionSystem.IC_IALLU(this, in di); break;
                case Op.IC_IVAU: BranchesExceptionSystem.IC_IVAU(this, in di); break;
                case Op.AT: BranchesExceptionSystem.AT(this, in di); break;
                case Op.TLBI: BranchesExceptionSystem.TLBI(this, in di); break;
                case Op.MSR_reg: s.RunLeft = left; BranchesExceptionSystem.MSR_reg(this, in di); break;
                case Op.MRS: s.RunLeft = left; BranchesExceptionSystem.MRS(this, in di); break;
                // (end of branches, exception generating and system instructions)


                // ---- Loads and stores -------------------------------------------------------
                case Op.STRB_uimm: LoadsAndStores.STRB_uimm(this, in di); break;
                case Op.LDRB_uimm: LoadsAndStores.LDRB_uimm(this, in di); break;
                case Op.LDRSB_x_uimm: LoadsAndStores.LDRSB_x_uimm(this, in di); break;
                case Op.LDRSB_w_uimm: LoadsAndStores.LDRSB_w_uimm(this, in di); break;
                case Op.STRH_uimm: LoadsAndStores.STRH_uimm(this, in di); break;
                case Op.LDRH_uimm: LoadsAndStores.LDRH_uimm(this, in di); break;
                case Op.LDRSH_x_uimm: LoadsAndStores.LDRSH_x_uimm(this, in di); break;
                case Op.LDRSH_w_uimm: LoadsAndStores.LDRSH_w_uimm(this, in di); break;
                case Op.STR_w_uimm: LoadsAndStores.STR_w_uimm(this, in di); break;
                case Op.LDR_w_uimm: LoadsAndStores.LDR_w_uimm(this, in di); break;
                case Op.LDRSW_uimm: LoadsAndStores.LDRSW_uimm(this, in di); break;
                case Op.STR_x_uimm: LoadsAndStores.STR_x_uimm(this, in di); break;
                case Op.LDR_x_uimm: LoadsAndStores.LDR_x_uimm(this, in di); break;
                case Op.PRFM_uimm: LoadsAndStores.PRFM_uimm(this, in di); break;
                case Op.STRB_pre: LoadsAndStores.STRB_pre(this, in di); break;
                case Op.LDRB_pre: LoadsAndStores.LDRB_pre(this, in di); break;
                case Op.LDRSB_x_pre: LoadsAndStores.LDRSB_x_pre(this, in di); break;
                case Op.LDRSB_w_pre: LoadsAndStores.LDRSB_w_pre(this, in di); break;
                case Op.STRH_pre: LoadsAndStores.STRH_pre(this, in di); break;
                case Op.LDRH_pre: LoadsAndStores.LDRH_pre(this, in di); break;
                case Op.LDRSH_x_pre: LoadsAndStores.LDRSH_x_pre(this, in di); break;
                case Op.LDRSH_w_pre: LoadsAndStores.LDRSH_w_pre(this, in di); break;
                case Op.STR_w_pre: LoadsAndStores.STR_w_pre(this, in di); break;
                case Op.LDR_w_pre: LoadsAndStores.LDR_w_pre(this, in di); break;
                case Op.LDRSW_pre: LoadsAndStores.LDRSW_pre(this, in di); break;
                case Op.STR_x_pre: LoadsAndStores.STR_x_pre(this, in di); break;
                case Op.LDR_x_pre: LoadsAndStores.LDR_x_pre(this, in di); break;
                case Op.STRB_post: LoadsAndStores.STRB_post(this, in di); break;
                case Op.LDRB_post: LoadsAndStores.LDRB_post(this, in di); break;
                case Op.LDRSB_x_post: LoadsAndStores.LDRSB_x_post(this, in di); break;
                case Op.LDRSB_w_post: LoadsAndStores.LDRSB_w_post(this, in di); break;
                case Op.STRH_post: LoadsAndStores.STRH_post(this, in di); break;
                case Op.LDRH_post: LoadsAndStores.LDRH_post(this, in di); break;
                case Op.LDRSH_x_post: LoadsAndStores.LDRSH_x_post(this, in di); break;
                case Op.LDRSH_w_post: LoadsAndStores.LDRSH_w_post(this, in di); break;
                case Op.STR_w_post: LoadsAndStores.STR_w_post(this, in di); break;
                case Op.LDR_w_post: LoadsAndStores.LDR_w_post(this, in di); break;
                case Op.LDRSW_post: LoadsAndStores.LDRSW_post(this, in di); break;
                case Op.STR_x_post: LoadsAndStores.STR_x_post(this, in di); break;
                case Op.LDR_x_post: LoadsAndStores.LDR_x_post(this, in di); break;
                case Op.STURB: LoadsAndStores.STURB(this, in di); break;
                case Op.LDURB: LoadsAndStores.LDURB(this, in di); break;
                case Op.LDURSB_x: LoadsAndStores.LDURSB_x(this, in di); break;
                case Op.LDURSB_w: LoadsAndStores.LDURSB_w(this, in di); break;
                case Op.STURH: LoadsAndStores.STURH(this, in di); break;
                case Op.LDURH: LoadsAndStores.LDURH(this, in di); break;
                case Op.LDURSH_x: LoadsAndStores.LDURSH_x(this, in di); break;
                case Op.LDURSH_w: LoadsAndStores.LDURSH_w(this, in di); break;
                case Op.STUR_w: LoadsAndStores.STUR_w(this, in di); break;
                case Op.LDUR_w: LoadsAndStores.LDUR_w(this, in di); break;
                case Op.LDURSW: LoadsAndStores.LDURSW(this, in di); break;
                case Op.STUR_x: LoadsAndStores.STUR_x(this, in di); break;
                case Op.LDUR_x: LoadsAndStores.LDUR_x(this, in di); break;
                case Op.PRFUM: LoadsAndStores.PRFUM(this, in di); break;
                case Op.STTRB: LoadsAndStores.STTRB(this, in di); break;
                case Op.LDTRB: LoadsAndStores.LDTRB(this, in di); break;
                case Op.LDTRSB_x: LoadsAndStores.LDTRSB_x(this, in di); break;
                case Op.LDTRSB_w: LoadsAndStores.LDTRSB_w(this, in di); break;
                case Op.STTRH: LoadsAndStores.STTRH(this, in di); break;
                case Op.LDTRH: LoadsAndStores.LDTRH(this, in di); break;
                case Op.LDTRSH_x: LoadsAndStores.LDTRSH_x(this, in di); break;
                case Op.LDTRSH_w: LoadsAndStores.LDTRSH_w(this, in di); break;
                case Op.STTR_w: LoadsAndStores.STTR_w(this, in di); break;
                case Op.LDTR_w: LoadsAndStores.LDTR_w(this, in di); break;
                case Op.LDTRSW: LoadsAndStores.LDTRSW(this, in di); break;
                case Op.STTR_x: LoadsAndStores.STTR_x(this, in di); break;
                case Op.LDTR_x: LoadsAndStores.LDTR_x(this, in di); break;
                case Op.STRB_reg: LoadsAndStores.STRB_reg(this, in di); break;
                case Op.LDRB_reg: LoadsAndStores.LDRB_reg(this, in di); break;
                case Op.LDRSB_x_reg: LoadsAndStores.LDRSB_x_reg(this, in di); break;
                case Op.LDRSB_w_reg: LoadsAndStores.LDRSB_w_reg(this, in di); break;
                case Op.STRH_reg: LoadsAndStores.STRH_reg(this, in di); break;
                case Op.LDRH_reg: LoadsAndStores.LDRH_reg(this, in di); break;
                case Op.LDRSH_x_reg: LoadsAndStores.LDRSH_x_reg(this, in di); break;
                case Op.LDRSH_w_reg: LoadsAndStores.LDRSH_w_reg(this, in di); break;
                case Op.STR_w_reg: LoadsAndStores.STR_w_reg(this, in di); break;
                case Op.LDR_w_reg: LoadsAndStores.LDR_w_reg(this, in di); break;
                case Op.LDRSW_reg: LoadsAndStores.LDRSW_reg(this, in di); break;
                case Op.STR_x_reg: LoadsAndStores.STR_x_reg(this, in di); break;
                case Op.LDR_x_reg: LoadsAndStores.LDR_x_reg(this, in di); break;
                case Op.PRFM_reg: LoadsAndStores.PRFM_reg(this, in di); break;
                case Op.LDR_w_lit: LoadsAndStores.LDR_w_lit(this, in di); break;
                case Op.LDR_x_lit: LoadsAndStores.LDR_x_lit(this, in di); break;
                case Op.LDRSW_lit: LoadsAndStores.LDRSW_lit(this, in di); break;
                case Op.PRFM_lit: LoadsAndStores.PRFM_lit(this, in di); break;
                case Op.STP_w_off: LoadsAndStores.STP_w_off(this, in di); break;
                case Op.LDP_w_off: LoadsAndStores.LDP_w_off(this, in di); break;
                case Op.STP_w_pre: LoadsAndStores.STP_w_pre(this, in di); break;
                case Op.LDP_w_pre: LoadsAndStores.LDP_w_pre(this, in di); break;
                case Op.STP_w_post: LoadsAndStores.STP_w_post(this, in di); break;
                case Op.LDP_w_post: LoadsAndStores.LDP_w_post(this, in di); break;
                case Op.STP_x_off: LoadsAndStores.STP_x_off(this, in di); break;
                case Op.LDP_x_off: LoadsAndStores.LDP_x_off(this, in di); break;
                case Op.STP_x_pre: LoadsAndStores.STP_x_pre(this, in di); break;
                case Op.LDP_x_pre: LoadsAndStores.LDP_x_pre(this, in di); break;
                case Op.STP_x_post: LoadsAndStores.STP_x_post(this, in di); break;
                case Op.LDP_x_post: LoadsAndStores.LDP_x_post(this, in di); break;
                case Op.LDPSW_off: LoadsAndStores.LDPSW_off(this, in di); break;
                case Op.LDPSW_pre: LoadsAndStores.LDPSW_pre(this, in di); break;
                case Op.LDPSW_post: LoadsAndStores.LDPSW_post(this, in di); break;
                case Op.STNP_w: LoadsAndStores.STNP_w(this, in di); break;
                case Op.LDNP_w: LoadsAndStores.LDNP_w(this, in di); break;
                case Op.STNP_x: LoadsAndStores.STNP_x(this, in di); break;
                case Op.LDNP_x: LoadsAndStores.LDNP_x(this, in di); break;
                // (end of loads and stores)


                // ---- Loads and stores: exclusive, ordered, atomic (LSE) ---------------------
                case Op.STXR: LoadsAndStoresAtomic.STXR(this, in di); break;
                case Op.LDXR: LoadsAndStoresAtomic.LDXR(this, in di); break;
                case Op.STXP: LoadsAndStoresAtomic.STXP(this, in di); break;
                case Op.LDXP: LoadsAndStoresAtomic.LDXP(this, in di); break;
                case Op.STLR: LoadsAndStoresAtomic.STLR(this, in di); break;
                case Op.LDAR: LoadsAndStoresAtomic.LDAR(this, in di); break;
                case Op.CAS: LoadsAndStoresAtomic.CAS(this, in di); break;
                case Op.CASP: LoadsAndStoresAtomic.CASP(this, in di); break;
                case Op.LDADD: LoadsAndStoresAtomic.LDADD(this, in di); break;
                case Op.LDCLR: LoadsAndStoresAtomic.LDCLR(this, in di); break;
                case Op.LDEOR: LoadsAndStoresAtomic.LDEOR(this, in di); break;
                case Op.LDSET: LoadsAndStoresAtomic.LDSET(this, in di); break;
                case Op.LDSMAX: LoadsAndStoresAtomic.LDSMAX(this, in di); break;
                case Op.LDSMIN: LoadsAndStoresAtomic.LDSMIN(this, in di); break;
                case Op.LDUMAX: LoadsAndStoresAtomic.LDUMAX(this, in di); break;
                case Op.LDUMIN: LoadsAndStoresAtomic.LDUMIN(this, in di); break;
                case Op.SWP: LoadsAndStoresAtomic.SWP(this, in di); break;
                case Op.LDAPR: LoadsAndStoresAtomic.LDAPR(this, in di); break;
                // (end of loads and stores: exclusive, ordered, atomic)


                // ---- Data processing -- register ----------------------------------------------
                case Op.AND_shift: DataProcessingRegister.AND_shift(this, in di); break;
                case Op.BIC_shift: DataProcessingRegister.BIC_shift(this, in di); break;
                case Op.ORR_shift: DataProcessingRegister.ORR_shift(this, in di); break;
                case Op.ORN_shift: DataProcessingRegister.ORN_shift(this, in di); break;
                case Op.EOR_shift: DataProcessingRegister.EOR_shift(this, in di); break;
                case Op.EON_shift: DataProcessingRegister.EON_shift(this, in di); break;
                case Op.ANDS_shift: DataProcessingRegister.ANDS_shift(this, in di); break;
                case Op.BICS_shift: DataProcessingRegister.BICS_shift(this, in di); break;
                case Op.ADD_shift: DataProcessingRegister.ADD_shift(this, in di); break;
                case Op.ADDS_shift: DataProcessingRegister.ADDS_shift(this, in di); break;
                case Op.SUB_shift: DataProcessingRegister.SUB_shift(this, in di); break;
                case Op.SUBS_shift: DataProcessingRegister.SUBS_shift(this, in di); break;
                case Op.ADD_ext: DataProcessingRegister.ADD_ext(this, in di); break;
                case Op.ADDS_ext: DataProcessingRegister.ADDS_ext(this, in di); break;
                case Op.SUB_ext: DataProcessingRegister.SUB_ext(this, in di); break;
                case Op.SUBS_ext: DataProcessingRegister.SUBS_ext(this, in di); break;
                case Op.ADC: DataProcessingRegister.ADC(this, in di); break;
                case Op.ADCS: DataProcessingRegister.ADCS(this, in di); break;
                case Op.SBC: DataProcessingRegister.SBC(this, in di); break;
                case Op.SBCS: DataProcessingRegister.SBCS(this, in di); break;
                case Op.CCMN_reg: DataProcessingRegister.CCMN_reg(this, in di); break;
                case Op.CCMP_reg: DataProcessingRegister.CCMP_reg(this, in di); break;
                case Op.CCMN_imm: DataProcessingRegister.CCMN_imm(this, in di); break;
                case Op.CCMP_imm: DataProcessingRegister.CCMP_imm(this, in di); break;
                case Op.CSEL: DataProcessingRegister.CSEL(this, in di); break;
                case Op.CSINC: DataProcessingRegister.CSINC(this, in di); break;
                case Op.CSINV: DataProcessingRegister.CSINV(this, in di); break;
                case Op.CSNEG: DataProcessingRegister.CSNEG(this, in di); break;
                case Op.MADD: DataProcessingRegister.MADD(this, in di); break;
                case Op.MSUB: DataProcessingRegister.MSUB(this, in di); break;
                case Op.SMADDL: DataProcessingRegister.SMADDL(this, in di); break;
                case Op.SMSUBL: DataProcessingRegister.SMSUBL(this, in di); break;
                case Op.SMULH: DataProcessingRegister.SMULH(this, in di); break;
                case Op.UMADDL: DataProcessingRegister.UMADDL(this, in di); break;
                case Op.UMSUBL: DataProcessingRegister.UMSUBL(this, in di); break;
                case Op.UMULH: DataProcessingRegister.UMULH(this, in di); break;
                case Op.UDIV: DataProcessingRegister.UDIV(this, in di); break;
                case Op.SDIV: DataProcessingRegister.SDIV(this, in di); break;
                case Op.LSLV: DataProcessingRegister.LSLV(this, in di); break;
                case Op.LSRV: DataProcessingRegister.LSRV(this, in di); break;
                case Op.ASRV: DataProcessingRegister.ASRV(this, in di); break;
                case Op.RORV: DataProcessingRegister.RORV(this, in di); break;
                case Op.CRC32B: DataProcessingRegister.CRC32B(this, in di); break;
                case Op.CRC32H: DataProcessingRegister.CRC32H(this, in di); break;
                case Op.CRC32W: DataProcessingRegister.CRC32W(this, in di); break;
                case Op.CRC32X: DataProcessingRegister.CRC32X(this, in di); break;
                case Op.CRC32CB: DataProcessingRegister.CRC32CB(this, in di); break;
                case Op.CRC32CH: DataProcessingRegister.CRC32CH(this, in di); break;
                case Op.CRC32CW: DataProcessingRegister.CRC32CW(this, in di); break;
                case Op.CRC32CX: DataProcessingRegister.CRC32CX(this, in di); break;
                case Op.RBIT: DataProcessingRegister.RBIT(this, in di); break;
                case Op.REV16: DataProcessingRegister.REV16(this, in di); break;
                case Op.REV32: DataProcessingRegister.REV32(this, in di); break;
                case Op.REV: DataProcessingRegister.REV(this, in di); break;
                case Op.CLZ: DataProcessingRegister.CLZ(this, in di); break;
                case Op.CLS: DataProcessingRegister.CLS(this, in di); break;
                // (end of data processing -- register)


                case Op.Unallocated: Unallocated(in di); break;
                // A slot not decoded yet is a case of the switch rather than a test of its own
                // before it: decode it, then run it as the next iteration, without counting
                // this one.
                case Op.Undecoded:
                    Decode(ref di, pc);
                    s.PC = pc;
                    left++;
                    break;
                default:
                    if (di.Op >= Op.FpSimdFirst) ExecuteFpSimd(in di);
                    else Unhandled(in di);
                    break;
            }
            // State.PC stays the truth (branches and exceptions write it), but a predicted
            // branch, unlike reading it back, does not make the next fetch wait for the
            // store just made: sequential code runs ahead on the local.
            if (s.PC == next) pc = next;
            else pc = s.PC;
        }
        return left;
    }

    /// <summary>Decodes the instruction at <paramref name="pc"/> (in the fetch page) into its slot.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    void Decode(ref DecodedInsn slot, ulong pc) =>
        slot = A64Decoder.Instance.Decode(Unsafe.ReadUnaligned<uint>(ref At(fetchBytes, pc)));

    /// <summary>Runs exactly one instruction (tests, single-stepping).</summary>
    public void Step() => Run(1);

    /// <summary>The last decoded op that had no case in the switch of <see cref="Run"/> (an emulator gap, not a guest error).</summary>
    public Op? UnhandledOp { get; private set; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    void Unhandled(in DecodedInsn di)
    {
        UnhandledOp = di.Op;
        Platform.UnimplementedInstruction(this, di.Raw, hasRow: true);
        Undefined();
    }

    /// <summary>No decoder row matches the word: UNDEFINED, told to the platform first (traces).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    void Unallocated(in DecodedInsn di)
    {
        Platform.UnimplementedInstruction(this, di.Raw, hasRow: false);
        Undefined();
    }
}
