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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
            // (end of branches, exception generating and system instructions)


            // ---- Loads and stores -------------------------------------------------------
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
