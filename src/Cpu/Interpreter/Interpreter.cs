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
        CpuState s = State;
        A64Decoder decoder = A64Decoder.Instance;
        long executed = 0;
        remaining = maxInstructions;
        while (remaining > 0)
        {
            remaining--;
            executed++;
            ulong pc = s.PC;
            if ((pc & (PageTagMask | 3)) != fetchTag && !SetFetchPage(pc))
                continue;
            ref DecodedInsn slot = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(fetchSlots),
                (nint)((pc & Ram.PageOffsetMask) >> 2));
            if (slot.Op == Op.Undecoded)
                slot = decoder.Decode(Unsafe.ReadUnaligned<uint>(ref At(fetchBytes, pc)));
            // A copy: the instruction may overwrite its own slot (a store to its own page).
            DecodedInsn di = slot;
            s.PC = pc + 4;
            Execute(in di);
        }
        s.Retired += (ulong)executed;
        return executed;
    }

    /// <summary>Runs exactly one instruction (tests, single-stepping).</summary>
    public void Step() => Run(1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void Execute(in DecodedInsn di)
    {
        switch (di.Op)
        {
            // ---- Data processing -- immediate ----------------------------------------
            case Op.ADD_imm: DataProcessingImmediate.ADD_imm(this, in di); break;
            case Op.ADDS_imm: DataProcessingImmediate.ADDS_imm(this, in di); break;
            case Op.SUB_imm: DataProcessingImmediate.SUB_imm(this, in di); break;
            case Op.SUBS_imm: DataProcessingImmediate.SUBS_imm(this, in di); break;
            case Op.MOVZ: DataProcessingImmediate.MOVZ(this, in di); break;
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
            case Op.MSR_reg: BranchesExceptionSystem.MSR_reg(this, in di); break;
            case Op.MRS: BranchesExceptionSystem.MRS(this, in di); break;
            // (end of branches, exception generating and system instructions)


            // ---- Loads and stores -------------------------------------------------------
            // (end of loads and stores)


            // ---- Loads and stores: exclusive, ordered, atomic (LSE) ---------------------
            // (end of loads and stores: exclusive, ordered, atomic)


            // ---- Data processing -- register ----------------------------------------------
            // (end of data processing -- register)


            case Op.Unallocated: Undefined(); break;
            default: Unhandled(in di); break;
        }
    }

    /// <summary>The last decoded op that had no case in <see cref="Execute"/> (an emulator gap, not a guest error).</summary>
    public Op? UnhandledOp { get; private set; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    void Unhandled(in DecodedInsn di)
    {
        UnhandledOp = di.Op;
        Undefined();
    }
}
