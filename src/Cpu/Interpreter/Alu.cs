using System.Runtime.CompilerServices;

namespace Emulator.Cpu;

/// <summary>Arithmetic and flag helpers shared by every instruction group (and later the JIT).</summary>
public static class Alu
{
    public const uint N = 1u << 31, Z = 1u << 30, C = 1u << 29, V = 1u << 28;

    /// <summary>AddWithCarry (Arm ARM shared pseudocode) on 64 bits: the sum and its NZCV.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AddWithCarry64(ulong x, ulong y, ulong carryIn, out uint nzcv)
    {
        ulong result = x + y + carryIn;
        // Carry out: the unsigned sum overflowed.
        ulong carry = ((x & y) | ((x | y) & ~result)) >> 63;
        ulong overflow = ((x ^ result) & (y ^ result)) >> 63;
        nzcv = (uint)(result >> 63) << 31 | ZeroFlag(result == 0) | (uint)carry << 29 | (uint)overflow << 28;
        return result;
    }

    /// <summary>AddWithCarry on 32 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint AddWithCarry32(uint x, uint y, uint carryIn, out uint nzcv)
    {
        ulong wide = (ulong)x + y + carryIn;
        uint result = (uint)wide;
        uint carry = (uint)(wide >> 32);
        uint overflow = ((x ^ result) & (y ^ result)) >> 31;
        nzcv = (result >> 31) << 31 | ZeroFlag(result == 0) | carry << 29 | overflow << 28;
        return result;
    }

    /// <summary>N and Z of a logical result (C and V cleared), 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint LogicFlags64(ulong result) => (uint)(result >> 63) << 31 | ZeroFlag(result == 0);

    /// <summary>N and Z of a logical result (C and V cleared), 32 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint LogicFlags32(uint result) => (result >> 31) << 31 | ZeroFlag(result == 0);

    /// <summary>Z for a zero result, without a branch (a setcc: whether a result is zero is data, not control flow).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static uint ZeroFlag(bool zero) => (uint)Unsafe.BitCast<bool, byte>(zero) << 30;

    /// <summary>
    /// For each condition code, the set of NZCV values (bit NZCV, as a 4-bit number N = 8,
    /// Z = 4, C = 2, V = 1) that satisfy it, so ConditionHolds is a shift and a mask. Constant
    /// data (not an array built at start-up), so the hot path has no class-initialisation
    /// check and no bounds check. Each pair is a test and its inverse, except AL and NV.
    /// </summary>
    static ReadOnlySpan<ushort> ConditionTable =>
    [
        0xF0F0, 0x0F0F, // EQ: Z;                 NE
        0xCCCC, 0x3333, // CS: C;                 CC
        0xFF00, 0x00FF, // MI: N;                 PL
        0xAAAA, 0x5555, // VS: V;                 VC
        0x0C0C, 0xF3F3, // HI: C and not Z;       LS
        0xAA55, 0x55AA, // GE: N == V;            LT
        0x0A05, 0xF5FA, // GT: N == V and not Z;  LE
        0xFFFF, 0xFFFF, // AL, NV: always
    ];

    /// <summary>ConditionHolds (Arm ARM shared pseudocode), branch-free.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ConditionHolds(uint cond, uint nzcv) =>
        ((ConditionTable[(int)(cond & 15)] >> (int)(nzcv >> 28)) & 1) != 0;
}
