using System.Runtime.CompilerServices;

namespace Emulator.Cpu;

/// <summary>
/// The architectural state of one PE, as plain data (DESIGN.md principle 4): everything a
/// snapshot needs and nothing that can be rebuilt (decoded instructions, TLB).
/// </summary>
public sealed class CpuState
{
    /// <summary>Slot of the stack pointer in <see cref="X"/>: a register field of 31 that means SP is decoded to it.</summary>
    public const int SpSlot = 32;
    /// <summary>Slot 31 of <see cref="X"/> is the zero register: it always reads 0.</summary>
    public const int ZrSlot = 31;

    /// <summary>
    /// X0-X30, then XZR (slot 31, always 0), then the current stack pointer (slot 32,
    /// SP_EL0 or SP_EL1 by PSTATE.SP). The inactive stack pointer lives in
    /// <see cref="SpEl0"/> or <see cref="SpEl1"/>. Pinned, so that the interpreter can
    /// reach it through a pointer (no array reference to load, no null check).
    /// </summary>
    public readonly ulong[] X = GC.AllocateArray<ulong>(33, pinned: true);

    /// <summary>
    /// The SIMD and floating-point registers V0-V31, 128 bits each, as two 64-bit halves:
    /// V[2n] holds bits 63:0 of Vn and V[2n + 1] bits 127:64. Pinned, as <see cref="X"/> is.
    /// </summary>
    public readonly ulong[] V = GC.AllocateArray<ulong>(64, pinned: true);

    /// <summary>FPCR and FPSR, the floating-point control and status registers (32 bits each in Armv8.0).</summary>
    public uint Fpcr, Fpsr;

    /// <summary>The program counter. While an instruction executes it already holds that instruction's address + 4.</summary>
    public ulong PC;

    /// <summary>PSTATE.{N,Z,C,V} in bits 31:28, as in the NZCV register.</summary>
    public uint Nzcv;

    /// <summary>PSTATE.{D,A,I,F} in bits 9:6, as in the DAIF register.</summary>
    public uint Daif;

    /// <summary>PSTATE.EL: 0 or 1.</summary>
    public uint CurrentEl = 1;

    /// <summary>PSTATE.PAN (FEAT_PAN): privileged loads and stores may not access memory that EL0 may access.</summary>
    public bool Pan;

    /// <summary>PSTATE.SP: 0 selects SP_EL0, 1 selects SP_ELx.</summary>
    public uint SpSel = 1;

    /// <summary>The banked stack pointers; the one selected by PSTATE is held in X[SpSlot] instead.</summary>
    public ulong SpEl0, SpEl1;

    // EL1 exception and control registers.
    public ulong ElrEl1, SpsrEl1, EsrEl1, FarEl1, VbarEl1;
    public ulong SctlrEl1 = SctlrEl1Reset;
    public ulong TpidrEl0, TpidrroEl0, TpidrEl1;
    public ulong ContextidrEl1, CpacrEl1;

    /// <summary>CSSELR_EL1: the cache CCSIDR_EL1 describes (Level in bits 3:1, InD in bit 0).</summary>
    public ulong CsselrEl1;

    // Translation controls of the EL1&0 regime (src/Cpu/Mmu).
    public ulong TcrEl1, Ttbr0El1, Ttbr1El1, MairEl1, AmairEl1;

    /// <summary>PAR_EL1: the result of the last AT instruction (or what software wrote).</summary>
    public ulong ParEl1;

    // Debug: MDSCR_EL1, the OS lock (OSLSR_EL1.OSLK, set by a cold reset), the OS double lock,
    // and the two breakpoints and two watchpoints that ID_AA64DFR0_EL1 advertises.
    public ulong MdscrEl1, OsdlrEl1;
    public bool OsLock = true;
    public readonly ulong[] DbgBvr = new ulong[2], DbgBcr = new ulong[2], DbgWvr = new ulong[2], DbgWcr = new ulong[2];

    /// <summary>The eight claim tags of DBGCLAIMSET_EL1/DBGCLAIMCLR_EL1 (cleared by a cold reset).</summary>
    public byte DbgClaimTags;

    /// <summary>OSECCR_EL1 (EDECCR): the exception catch controls, kept for an OS save and restore; without halting debug they catch nothing.</summary>
    public ulong OseccrEl1;

    // Generic timer controls kept by the PE (the timer itself is a device).
    public ulong CntkctlEl1, CntfrqEl0;

    /// <summary>The local exclusive monitor: the address and size a load-exclusive marked.</summary>
    public bool ExclusiveValid;
    public ulong ExclusiveAddress;
    public int ExclusiveSize;

    /// <summary>PSTATE.IL: set by an illegal exception return; the next instruction is then an Illegal Execution State exception.</summary>
    public bool IllegalState;

    /// <summary>PSTATE event register, set by SEV/SEVL and consumed by WFE.</summary>
    public bool EventRegister;

    /// <summary>
    /// PSTATE.SS, the software step state bit (Arm ARM D2.12): with software step active, 1
    /// is active-not-pending (the next instruction is stepped) and 0 active-pending (a
    /// Software Step exception is taken before the next instruction). Set only by ERET.
    /// </summary>
    public bool SoftwareStep;

    /// <summary>
    /// An SError interrupt raised by the platform and not yet taken (ISR_EL1.A); it is taken
    /// once PSTATE.A is clear, with <see cref="SErrorSyndrome"/> as ESR_EL1.ISS.
    /// </summary>
    public bool SErrorPending;
    public uint SErrorSyndrome;

    /// <summary>DBGPRCR_EL1.CORENPDRQ: with it clear, OSDLR_EL1.DLK locks the OS double lock.</summary>
    public bool CoreNoPowerDownRequest;

    /// <summary>Instructions retired since reset (drives virtual time).</summary>
    public ulong Retired;

    /// <summary>
    /// SCTLR_EL1 at reset: the RES1 bits set (11, 20, 22, 28, 29, and ITD/SED, bits 7
    /// and 8, which are RES1 when EL0 cannot use AArch32), SPAN (bit 23) set so that exception
    /// entry leaves PSTATE.PAN alone (what it was when bit 23 was RES1), MMU, caches and
    /// alignment checks off.
    /// </summary>
    public const ulong SctlrEl1Reset = 0x30D0_0980;

    /// <summary>The PSTATE bits that SPSR_ELx saves: NZCV, PAN, SS, IL, DAIF, M[3:0].</summary>
    public uint Spsr => Nzcv | (Pan ? 1u << 22 : 0) | (SoftwareStep ? 1u << 21 : 0) | (IllegalState ? 1u << 20 : 0) | Daif | (CurrentEl << 2) | SpSel;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong GetSp() => X[SpSlot];

    /// <summary>
    /// Not architectural: the budget of the run under way and what was left of it when the
    /// last MRS/MSR began, so a timer register read mid-quantum sees exact virtual time
    /// (<see cref="Processor.RetiredNow"/>). Both are 0 between runs.
    /// </summary>
    public long RunBudget, RunLeft;
}
