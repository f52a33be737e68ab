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
            case Op.ADD_imm: DataProcessingImmediate.ADD_imm(this, in di); break;
            case Op.ADDS_imm: DataProcessingImmediate.ADDS_imm(this, in di); break;
            case Op.SUB_imm: DataProcessingImmediate.SUB_imm(this, in di); break;
            case Op.SUBS_imm: DataProcessingImmediate.SUBS_imm(this, in di); break;
            case Op.MOVZ: DataProcessingImmediate.MOVZ(this, in di); break;
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
