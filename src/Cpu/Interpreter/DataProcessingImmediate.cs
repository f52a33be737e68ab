using System.Numerics;
using System.Runtime.CompilerServices;
using Emulator.Cpu.Decoder;

namespace Emulator.Cpu;

/// <summary>Handlers of the "Data processing -- immediate" group (rows in Decoder/Table/DataProcessingImmediate.cs).</summary>
public static class DataProcessingImmediate
{
    /// <summary>True for the 64-bit form (sf, bit 31, set).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Is64(in DecodedInsn di) => (int)di.Raw < 0;

    /// <summary>All ones for the 64-bit form, the low 32 bits for the 32-bit form (sf is bit 31), without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong WidthMask(in DecodedInsn di) => (ulong)((int)di.Raw >> 31) | uint.MaxValue;

    /// <summary>N and Z of a logical result of the instruction's width, C and V clear.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint LogicFlags(in DecodedInsn di, ulong result) =>
        Is64(di) ? Alu.LogicFlags64(result) : Alu.LogicFlags32((uint)result);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ADR(Processor cpu, in DecodedInsn di) => cpu.SetX(di.Rd, cpu.InstructionAddress + di.Imm);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ADRP(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (cpu.InstructionAddress & ~0xFFFUL) + di.Imm);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ADD_imm(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (cpu.Xr(di.Rn) + di.Imm) & WidthMask(di));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ADDS_imm(Processor cpu, in DecodedInsn di)
    {
        uint nzcv;
        if (Is64(di)) cpu.SetX(di.Rd, Alu.AddWithCarry64(cpu.Xr(di.Rn), di.Imm, 0, out nzcv));
        else cpu.SetW(di.Rd, Alu.AddWithCarry32(cpu.Wr(di.Rn), (uint)di.Imm, 0, out nzcv));
        cpu.Nzcv = nzcv;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SUB_imm(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (cpu.Xr(di.Rn) - di.Imm) & WidthMask(di));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SUBS_imm(Processor cpu, in DecodedInsn di)
    {
        uint nzcv;
        if (Is64(di)) cpu.SetX(di.Rd, Alu.AddWithCarry64(cpu.Xr(di.Rn), ~di.Imm, 1, out nzcv));
        else cpu.SetW(di.Rd, Alu.AddWithCarry32(cpu.Wr(di.Rn), ~(uint)di.Imm, 1, out nzcv));
        cpu.Nzcv = nzcv;
    }

    // Logical (immediate): Imm is the bitmask already cut to the width, so AND needs no
    // further masking; ORR and EOR must drop the upper half of a 32-bit source.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AND_imm(Processor cpu, in DecodedInsn di) => cpu.SetX(di.Rd, cpu.Xr(di.Rn) & di.Imm);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ORR_imm(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (cpu.Xr(di.Rn) & WidthMask(di)) | di.Imm);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EOR_imm(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (cpu.Xr(di.Rn) & WidthMask(di)) ^ di.Imm);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ANDS_imm(Processor cpu, in DecodedInsn di)
    {
        ulong result = cpu.Xr(di.Rn) & di.Imm;
        cpu.SetX(di.Rd, result);
        cpu.Nzcv = LogicFlags(di, result);
    }

    // Move wide: Imm is the final value for MOVZ and MOVN, the shifted halfword for MOVK.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MOVN(Processor cpu, in DecodedInsn di) => cpu.SetX(di.Rd, di.Imm);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MOVZ(Processor cpu, in DecodedInsn di) => cpu.SetX(di.Rd, di.Imm);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MOVK(Processor cpu, in DecodedInsn di)
    {
        ulong kept = cpu.Xr(di.Rd) & ~(0xFFFFUL << di.A);
        cpu.SetX(di.Rd, (kept | di.Imm) & WidthMask(di));
    }

    // Bitfield: A and B are the left and right shifts that move the field into place,
    // Imm the destination bits that the field occupies (see the Bitfield predecoder).

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SBFM(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (ulong)((long)(cpu.Xr(di.Rn) << di.A) >> di.B) & WidthMask(di));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void UBFM(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (cpu.Xr(di.Rn) << di.A) >> di.B);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BFM(Processor cpu, in DecodedInsn di)
    {
        ulong field = (cpu.Xr(di.Rn) << di.A) >> di.B;
        cpu.SetX(di.Rd, ((cpu.Xr(di.Rd) & ~di.Imm) | field) & WidthMask(di));
    }

    /// <summary>EXTR: the low width bits of Rn:Rm shifted right by lsb (A).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EXTR(Processor cpu, in DecodedInsn di)
    {
        ulong n = cpu.Xr(di.Rn), m = cpu.Xr(di.Rm);
        int lsb = di.A;
        if (Is64(di))
            // Two steps so that lsb = 0 does not become a shift by 64 (which C# reads as 0).
            cpu.SetX(di.Rd, (m >> lsb) | (n << 1 << (63 - lsb)));
        else
            cpu.SetW(di.Rd, (uint)((((ulong)(uint)n << 32) | (uint)m) >> lsb));
    }
}
