using System.Runtime.CompilerServices;
using Emulator.Cpu.Decoder;
using Emulator.Interconnect;

namespace Emulator.Cpu;

/// <summary>Handlers of the "Branches, exception generating and system instructions" group.</summary>
public static class BranchesExceptionSystem
{
    // ---- Branches -------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void B_uncond(Processor cpu, in DecodedInsn di) => cpu.PC = cpu.InstructionAddress + di.Imm;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void B_cond(Processor cpu, in DecodedInsn di)
    {
        if (Alu.ConditionHolds(di.A, cpu.Nzcv))
            cpu.PC = cpu.InstructionAddress + di.Imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BL(Processor cpu, in DecodedInsn di)
    {
        cpu.SetX(LinkRegister, cpu.PC);
        cpu.PC = cpu.InstructionAddress + di.Imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BR(Processor cpu, in DecodedInsn di) => cpu.PC = cpu.BranchAddress(cpu.Xr(di.Rn));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BLR(Processor cpu, in DecodedInsn di)
    {
        // Read the target first: BLR X30 branches to the old X30.
        ulong target = cpu.Xr(di.Rn);
        cpu.SetX(LinkRegister, cpu.PC);
        cpu.PC = cpu.BranchAddress(target);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RET(Processor cpu, in DecodedInsn di) => cpu.PC = cpu.BranchAddress(cpu.Xr(di.Rn));

    /// <summary>CBZ: A is 32 for a W register, so the shift drops the upper half before the test.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CBZ(Processor cpu, in DecodedInsn di)
    {
        if (cpu.Xr(di.Rd) << di.A == 0)
            cpu.PC = cpu.InstructionAddress + di.Imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CBNZ(Processor cpu, in DecodedInsn di)
    {
        if (cpu.Xr(di.Rd) << di.A != 0)
            cpu.PC = cpu.InstructionAddress + di.Imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TBZ(Processor cpu, in DecodedInsn di)
    {
        if ((cpu.Xr(di.Rd) >> di.A & 1) == 0)
            cpu.PC = cpu.InstructionAddress + di.Imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TBNZ(Processor cpu, in DecodedInsn di)
    {
        if ((cpu.Xr(di.Rd) >> di.A & 1) != 0)
            cpu.PC = cpu.InstructionAddress + di.Imm;
    }

    const int LinkRegister = 30;

    // ---- Exception generation and return ---------------------------------------------

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void SVC(Processor cpu, in DecodedInsn di) => cpu.ExceptionGenerating(ExceptionClass.Svc64, (ushort)di.Imm);

    /// <summary>
    /// HVC: there is no EL2, so HVC is UNDEFINED unless the platform's firmware (PSCI) serves
    /// the call as EL2 would, returning to the next instruction. UNDEFINED at EL0 either way.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void HVC(Processor cpu, in DecodedInsn di)
    {
        if (cpu.State.CurrentEl == 0 || !cpu.Platform.HypervisorCall(cpu, (ushort)di.Imm))
            cpu.Undefined();
    }

    /// <summary>SMC: as <see cref="HVC"/>, for the missing EL3.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void SMC(Processor cpu, in DecodedInsn di)
    {
        if (cpu.State.CurrentEl == 0 || !cpu.Platform.SecureMonitorCall(cpu, (ushort)di.Imm))
            cpu.Undefined();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void BRK(Processor cpu, in DecodedInsn di) => cpu.ExceptionGenerating(ExceptionClass.Brk64, (ushort)di.Imm);

    /// <summary>HLT: a semihosting call when the platform serves one; otherwise halting debug is off and HLT is UNDEFINED.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void HLT(Processor cpu, in DecodedInsn di)
    {
        if (!cpu.Platform.Halt(cpu, (ushort)di.Imm))
            cpu.Undefined();
    }

    /// <summary>UDF: permanently undefined.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void UDF(Processor cpu, in DecodedInsn di) => cpu.Undefined();

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ERET(Processor cpu, in DecodedInsn di)
    {
        if (cpu.State.CurrentEl == 0) cpu.Undefined();
        else cpu.ExceptionReturn();
    }

    // ---- PSTATE (MSR immediate) -------------------------------------------------------

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MSR_SPSel_imm(Processor cpu, in DecodedInsn di)
    {
        if (cpu.State.CurrentEl == 0) cpu.Undefined();
        else cpu.SetExceptionLevel(cpu.State.CurrentEl, di.A & 1u);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MSR_DAIFSet(Processor cpu, in DecodedInsn di)
    {
        if (!El0MayAccessDaif(cpu)) SystemAccessTrap(cpu, di.Raw);
        else cpu.State.Daif |= (uint)di.A << DaifShift;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MSR_DAIFClr(Processor cpu, in DecodedInsn di)
    {
        if (!El0MayAccessDaif(cpu)) SystemAccessTrap(cpu, di.Raw);
        else
        {
            cpu.State.Daif &= ~((uint)di.A << DaifShift);
            cpu.MaskChanged();
        }
    }

    /// <summary>MSR PAN, #imm (FEAT_PAN): CRm[0] is the new PSTATE.PAN; UNDEFINED at EL0.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MSR_PAN_imm(Processor cpu, in DecodedInsn di)
    {
        if (cpu.State.CurrentEl == 0) cpu.Undefined();
        else cpu.SetPan((di.A & 1) != 0);
    }

    /// <summary>PSTATE.{D,A,I,F} sit in bits 9:6 of DAIF; the MSR immediate holds them in CRm[3:0] in the same order.</summary>
    const int DaifShift = 6;

    /// <summary>SCTLR_EL1.UMA: EL0 may access DAIF (MRS, MSR register and immediate); without it the access traps.</summary>
    internal static bool El0MayAccessDaif(Processor cpu) =>
        cpu.State.CurrentEl != 0 || (cpu.State.SctlrEl1 & Sctlr.Uma) != 0;

    // ---- Hints ------------------------------------------------------------------------

    /// <summary>NOP, and every hint the PE does not implement (the architecture makes them NOPs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void HINT(Processor cpu, in DecodedInsn di) { }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void YIELD(Processor cpu, in DecodedInsn di) => cpu.Platform.Yield(cpu);

    /// <summary>
    /// WFE: a set event register is consumed and execution continues. Otherwise the PE would
    /// wait: at EL0 with SCTLR_EL1.nTWE = 0 that traps to EL1 (EC 0x01), else the platform
    /// decides how to wait.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void WFE(Processor cpu, in DecodedInsn di)
    {
        CpuState s = cpu.State;
        if (s.EventRegister)
            s.EventRegister = false;
        else if (s.CurrentEl == 0 && (s.SctlrEl1 & Sctlr.NTwe) == 0)
            WfxTrap(cpu, isWfe: true);
        else
            cpu.Platform.WaitForEvent(cpu);
    }

    /// <summary>
    /// WFI: the platform waits for an interrupt. At EL0 with SCTLR_EL1.nTWI = 0 it traps to
    /// EL1 instead (the PE cannot see whether an interrupt is pending, which would let WFI
    /// complete at once; trapping is what happens whenever it would wait).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void WFI(Processor cpu, in DecodedInsn di)
    {
        if (cpu.State.CurrentEl == 0 && (cpu.State.SctlrEl1 & Sctlr.NTwi) == 0)
            WfxTrap(cpu, isWfe: false);
        else
            cpu.Platform.WaitForInterrupt(cpu);
    }

    /// <summary>SEV: the platform signals the event to every PE of the machine (this one included).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void SEV(Processor cpu, in DecodedInsn di) => cpu.Platform.SendEvent(cpu);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void SEVL(Processor cpu, in DecodedInsn di) => cpu.State.EventRegister = true;

    /// <summary>ISS of a trapped WFI/WFE from AArch64: CV = 1, COND = 0b1110, TI = 1 for WFE.</summary>
    static void WfxTrap(Processor cpu, bool isWfe)
    {
        const uint cv = 1u << 24, condAlways = 0b1110u << 20;
        cpu.TakeException(ExceptionKind.Synchronous, ExceptionClass.WfxTrap, cv | condAlways | (isWfe ? 1u : 0u),
            cpu.InstructionAddress);
    }

    // ---- Barriers ---------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void CLREX(Processor cpu, in DecodedInsn di)
    {
        cpu.State.ExclusiveValid = false;
        cpu.Monitor.Clear(cpu.Index);
    }

    /// <summary>DSB: one PE executes its accesses in order and completes each before the next, so there is nothing to wait for.</summary>
    public static void DSB(Processor cpu, in DecodedInsn di) { }

    /// <summary>DMB: as <see cref="DSB"/>.</summary>
    public static void DMB(Processor cpu, in DecodedInsn di) { }

    /// <summary>ISB: later instructions are fetched again, after every earlier context change.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ISB(Processor cpu, in DecodedInsn di) => cpu.InvalidateFetch();

    // ---- System instructions (SYS) ----------------------------------------------------
    // There are no caches to maintain (RAM is the point of coherency and the decoded-code
    // cache follows every write), so cache maintenance by VA only makes the checks the
    // architecture requires: EL0 permission, then the translation of the address.

    /// <summary>DC IVAC: EL1 only (there is no EL0 control that enables it).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void DC_IVAC(Processor cpu, in DecodedInsn di)
    {
        if (cpu.State.CurrentEl == 0) cpu.Undefined();
        else cpu.CheckCacheMaintenance(cpu.Xr(di.Rd), invalidate: true);
    }

    /// <summary>DC ISW, CSW, CISW: by set/way, EL1 only; Xt names a cache line, not an address, so nothing can fault.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void DC_ISW(Processor cpu, in DecodedInsn di) => SetWay(cpu);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void DC_CSW(Processor cpu, in DecodedInsn di) => SetWay(cpu);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void DC_CISW(Processor cpu, in DecodedInsn di) => SetWay(cpu);

    static void SetWay(Processor cpu)
    {
        if (cpu.State.CurrentEl == 0) cpu.Undefined();
    }

    /// <summary>DC ZVA: at EL0 only with SCTLR_EL1.DZE (else a trap, EC 0x18).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void DC_ZVA(Processor cpu, in DecodedInsn di)
    {
        if (cpu.State.CurrentEl == 0 && (cpu.State.SctlrEl1 & Sctlr.Dze) == 0) SystemAccessTrap(cpu, di.Raw);
        else cpu.ZeroBlock(cpu.Xr(di.Rd));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void DC_CVAC(Processor cpu, in DecodedInsn di) => CleanByVa(cpu, in di);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void DC_CVAU(Processor cpu, in DecodedInsn di) => CleanByVa(cpu, in di);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void DC_CIVAC(Processor cpu, in DecodedInsn di) => CleanByVa(cpu, in di);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void IC_IVAU(Processor cpu, in DecodedInsn di) => CleanByVa(cpu, in di);

    /// <summary>DC CVAC, CVAU, CIVAC and IC IVAU: at EL0 only with SCTLR_EL1.UCI (else a trap, EC 0x18).</summary>
    static void CleanByVa(Processor cpu, in DecodedInsn di)
    {
        if (cpu.State.CurrentEl == 0 && (cpu.State.SctlrEl1 & Sctlr.Uci) == 0) SystemAccessTrap(cpu, di.Raw);
        else cpu.CheckCacheMaintenance(cpu.Xr(di.Rd), invalidate: false);
    }

    /// <summary>
    /// IC IALLUIS, IALLU: EL1 only. The decoded-code cache follows every write to a code page,
    /// so it never holds stale instructions; what remains is the fetch page each PE holds
    /// (of the Inner Shareable domain for IALLUIS), fetched afresh.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void IC_IALLUIS(Processor cpu, in DecodedInsn di)
    {
        if (cpu.State.CurrentEl == 0) cpu.Undefined();
        else cpu.ShareableDomain.InvalidateInstructionCaches();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void IC_IALLU(Processor cpu, in DecodedInsn di)
    {
        if (cpu.State.CurrentEl == 0) cpu.Undefined();
        else cpu.InvalidateFetch();
    }

    /// <summary>
    /// AT S1E1R, S1E1W, S1E0R, S1E0W (A = op2: bit 0 write, bit 1 EL0): EL1 only. Writes
    /// PAR_EL1 with the stage 1 translation of Xt, without taking any fault
    /// (<see cref="Processor.AddressTranslate"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AT(Processor cpu, in DecodedInsn di)
    {
        if (cpu.State.CurrentEl == 0)
        {
            cpu.Undefined();
            return;
        }
        cpu.State.ParEl1 = cpu.AddressTranslate(cpu.Xr(di.Rd), write: (di.A & 1) != 0, el0: (di.A & 2) != 0);
    }

    /// <summary>
    /// TLBI (EL1&amp;0): EL1 only. op2 names the operation (<see cref="TlbiOperation"/>);
    /// CRm = 3 is the Inner Shareable form, broadcast to every PE of the domain.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void TLBI(Processor cpu, in DecodedInsn di)
    {
        if (cpu.State.CurrentEl == 0)
        {
            cpu.Undefined();
            return;
        }
        var operation = (TlbiOperation)((di.Raw >> 5) & 7);
        bool innerShareable = ((di.Raw >> 8) & 0xF) == 3;
        cpu.TlbMaintenance(operation, cpu.Xr(di.Rd), innerShareable);
    }

    // ---- System register moves --------------------------------------------------------

    /// <summary>MRS: reads the register the encoding (Imm) names; see <see cref="SystemRegisterTable.Permission"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MRS(Processor cpu, in DecodedInsn di)
    {
        SystemRegister? row = cpu.SystemRegisters.Find((ushort)di.Imm);
        if (!MayMove(cpu, row, in di, write: false)) return;
        cpu.SetX(di.Rd, row!.Read!(cpu));
    }

    /// <summary>MSR (register): writes the register the encoding (Imm) names.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MSR_reg(Processor cpu, in DecodedInsn di)
    {
        SystemRegister? row = cpu.SystemRegisters.Find((ushort)di.Imm);
        if (!MayMove(cpu, row, in di, write: true)) return;
        row!.Write!(cpu, cpu.Xr(di.Rd));
    }

    /// <summary>False when the access took an exception: UNDEFINED for no such register or access, a trap for a disabled EL0 access.</summary>
    static bool MayMove(Processor cpu, SystemRegister? row, in DecodedInsn di, bool write)
    {
        if (row is null) cpu.Platform.UnimplementedSystemRegister(cpu, (ushort)di.Imm, write);
        SystemRegisterPermission permission = row is null
            ? SystemRegisterPermission.Undefined
            : cpu.SystemRegisters.Permission(cpu, row, write);
        if (permission == SystemRegisterPermission.Allowed) return true;
        if (permission == SystemRegisterPermission.Trapped) SystemAccessTrap(cpu, di.Raw);
        else cpu.Undefined();
        return false;
    }

    // ---- Trapped system accesses (EC 0x18) ----------------------------------------------

    static readonly BitField InsnOp0 = new(19, 2), InsnOp1 = new(16, 3), InsnCrn = new(12, 4),
        InsnCrm = new(8, 4), InsnOp2 = new(5, 3), InsnRt = new(0, 5), InsnRead = new(21, 1);

    static readonly BitField IssOp0 = new(20, 2), IssOp2 = new(17, 3), IssOp1 = new(14, 3), IssCrn = new(10, 4),
        IssRt = new(5, 5), IssCrm = new(1, 4), IssDirection = new(0, 1);

    /// <summary>
    /// The ISS of a trapped MSR, MRS or System instruction (Arm ARM D17.2.37, EC 0x18):
    /// op0, op2, op1, CRn, Rt, CRm and the direction (1 = read), taken from the instruction.
    /// An MSR (immediate) reports op0 = 0 and Rt = 0b11111, as its encoding holds.
    /// </summary>
    public static uint SystemAccessIss(uint raw)
    {
        uint iss = 0;
        iss = IssOp0.Deposit(iss, InsnOp0.Extract(raw));
        iss = IssOp2.Deposit(iss, InsnOp2.Extract(raw));
        iss = IssOp1.Deposit(iss, InsnOp1.Extract(raw));
        iss = IssCrn.Deposit(iss, InsnCrn.Extract(raw));
        iss = IssRt.Deposit(iss, InsnRt.Extract(raw));
        iss = IssCrm.Deposit(iss, InsnCrm.Extract(raw));
        iss = IssDirection.Deposit(iss, InsnRead.Extract(raw));
        return iss;
    }

    static void SystemAccessTrap(Processor cpu, uint raw) =>
        cpu.TakeException(ExceptionKind.Synchronous, ExceptionClass.SystemRegisterTrap, SystemAccessIss(raw), cpu.InstructionAddress);

    /// <summary>The SCTLR_EL1 controls these instructions obey.</summary>
    internal static class Sctlr
    {
        public const ulong Uma = 1UL << 9, Dze = 1UL << 14, Uct = 1UL << 15, NTwi = 1UL << 16, NTwe = 1UL << 18, Uci = 1UL << 26;
    }

}
