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
        nzcv = (uint)(result >> 63) << 31 | (result == 0 ? Z : 0) | (uint)carry << 29 | (uint)overflow << 28;
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
        nzcv = (result >> 31) << 31 | (result == 0 ? Z : 0) | carry << 29 | overflow << 28;
        return result;
    }

    /// <summary>N and Z of a logical result (C and V cleared), 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint LogicFlags64(ulong result) => (uint)(result >> 63) << 31 | (result == 0 ? Z : 0);

    /// <summary>N and Z of a logical result (C and V cleared), 32 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint LogicFlags32(uint result) => (result >> 31) << 31 | (result == 0 ? Z : 0);

    /// <summary>
    /// For each condition code, a 16-bit set of the NZCV values (as a 4-bit number) that
    /// satisfy it, so ConditionHolds is a shift and a mask.
    /// </summary>
    static readonly ushort[] ConditionTable = BuildConditionTable();

    static ushort[] BuildConditionTable()
    {
        var table = new ushort[16];
        for (int cond = 0; cond < 16; cond++)
            for (int nzcv = 0; nzcv < 16; nzcv++)
            {
                bool n = (nzcv & 8) != 0, z = (nzcv & 4) != 0, c = (nzcv & 2) != 0, v = (nzcv & 1) != 0;
                bool result = (cond >> 1) switch
                {
                    0 => z,                 // EQ / NE
                    1 => c,                 // CS / CC
                    2 => n,                 // MI / PL
                    3 => v,                 // VS / VC
                    4 => c && !z,           // HI / LS
                    5 => n == v,            // GE / LT
                    6 => n == v && !z,      // GT / LE
                    _ => true,              // AL / NV
                };
                if ((cond & 1) != 0 && cond != 15) result = !result;
                if (result) table[cond] |= (ushort)(1 << nzcv);
            }
        return table;
    }

    /// <summary>ConditionHolds (Arm ARM shared pseudocode), branch-free.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ConditionHolds(uint cond, uint nzcv) =>
        ((ConditionTable[cond & 15] >> (int)(nzcv >> 28)) & 1) != 0;
}
