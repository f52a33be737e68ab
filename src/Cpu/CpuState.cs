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
    /// <see cref="SpEl0"/> or <see cref="SpEl1"/>.
    /// </summary>
    public readonly ulong[] X = new ulong[33];

    /// <summary>The program counter. While an instruction executes it already holds that instruction's address + 4.</summary>
    public ulong PC;

    /// <summary>PSTATE.{N,Z,C,V} in bits 31:28, as in the NZCV register.</summary>
    public uint Nzcv;

    /// <summary>PSTATE.{D,A,I,F} in bits 9:6, as in the DAIF register.</summary>
    public uint Daif;

    /// <summary>PSTATE.EL: 0 or 1.</summary>
    public uint CurrentEl = 1;

    /// <summary>PSTATE.SP: 0 selects SP_EL0, 1 selects SP_ELx.</summary>
    public uint SpSel = 1;

    /// <summary>The banked stack pointers; the one selected by PSTATE is held in X[SpSlot] instead.</summary>
    public ulong SpEl0, SpEl1;

    // EL1 exception and control registers.
    public ulong ElrEl1, SpsrEl1, EsrEl1, FarEl1, VbarEl1;
    public ulong SctlrEl1 = SctlrEl1Reset;
    public ulong TpidrEl0, TpidrroEl0, TpidrEl1;

    /// <summary>The local exclusive monitor: the address and size a load-exclusive marked.</summary>
    public bool ExclusiveValid;
    public ulong ExclusiveAddress;
    public int ExclusiveSize;

    /// <summary>PSTATE.IL: set by an illegal exception return; the next instruction is then an Illegal Execution State exception.</summary>
    public bool IllegalState;

    /// <summary>PSTATE event register, set by SEV/SEVL and consumed by WFE.</summary>
    public bool EventRegister;

    /// <summary>Instructions retired since reset (drives virtual time).</summary>
    public ulong Retired;

    /// <summary>SCTLR_EL1 at reset: the RES1 bits set, MMU, caches and alignment checks off.</summary>
    public const ulong SctlrEl1Reset = 0x30D0_0800;

    /// <summary>The PSTATE bits that SPSR_ELx saves: NZCV, IL, DAIF, M[3:0].</summary>
    public uint Spsr => Nzcv | (IllegalState ? 1u << 20 : 0) | Daif | (CurrentEl << 2) | SpSel;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong GetSp() => X[SpSlot];
}
