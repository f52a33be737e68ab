using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using Emulator.Cpu.Decoder;
using static Emulator.Cpu.DataProcessingImmediate;

namespace Emulator.Cpu;

/// <summary>Handlers of the "Data processing -- register" group (rows in Decoder/Table/DataProcessingRegister.cs).</summary>
public static class DataProcessingRegister
{
    // ---- Operand helpers -------------------------------------------------------------

    /// <summary>
    /// Rm shifted as the predecoder said: A = sf &lt;&lt; 2 | shift type, B = amount. A 32-bit
    /// result comes back zero-extended.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ulong ShiftedRm(Processor cpu, in DecodedInsn di)
    {
        ulong x = cpu.Xr(di.Rm);
        int amount = di.B;
        return di.A switch
        {
            0 => (uint)x << amount,
            1 => (uint)x >> amount,
            2 => (uint)((int)x >> amount),
            3 => BitOperations.RotateRight((uint)x, amount),
            4 => x << amount,
            5 => x >> amount,
            6 => (ulong)((long)x >> amount),
            _ => BitOperations.RotateRight(x, amount),
        };
    }

    /// <summary>Rm extended and shifted (see the AddSubExtended predecoder for A, B and Imm).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ulong ExtendedRm(Processor cpu, in DecodedInsn di) =>
        ((ulong)((long)(cpu.Xr(di.Rm) << di.A) >> di.A) & di.Imm) << di.B;

    /// <summary>All ones when the condition holds, else zero, without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ulong ConditionMask(Processor cpu, uint cond) =>
        0UL - Unsafe.BitCast<bool, byte>(Alu.ConditionHolds(cond, cpu.Nzcv));

    /// <summary>x + y + carry with the flags of the instruction's width; a 32-bit sum is zero-extended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ulong AddWithCarry(in DecodedInsn di, ulong x, ulong y, uint carry, out uint nzcv) =>
        Is64(di) ? Alu.AddWithCarry64(x, y, carry, out nzcv) : Alu.AddWithCarry32((uint)x, (uint)y, carry, out nzcv);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static uint CarryFlag(Processor cpu) => (cpu.Nzcv >> 29) & 1;

    // ---- Logical (shifted register) ----------------------------------------------------
    // The shifted operand is already zero-extended, so AND-like results need no masking.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AND_shift(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, cpu.Xr(di.Rn) & ShiftedRm(cpu, di));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BIC_shift(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, cpu.Xr(di.Rn) & ~ShiftedRm(cpu, di) & WidthMask(di));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ORR_shift(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (cpu.Xr(di.Rn) | ShiftedRm(cpu, di)) & WidthMask(di));

    public static void ORN_shift(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (cpu.Xr(di.Rn) | ~ShiftedRm(cpu, di)) & WidthMask(di));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EOR_shift(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (cpu.Xr(di.Rn) ^ ShiftedRm(cpu, di)) & WidthMask(di));

    public static void EON_shift(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (cpu.Xr(di.Rn) ^ ~ShiftedRm(cpu, di)) & WidthMask(di));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ANDS_shift(Processor cpu, in DecodedInsn di)
    {
        ulong result = cpu.Xr(di.Rn) & ShiftedRm(cpu, di);
        cpu.SetX(di.Rd, result);
        cpu.Nzcv = LogicFlags(di, result);
    }

    public static void BICS_shift(Processor cpu, in DecodedInsn di)
    {
        ulong result = cpu.Xr(di.Rn) & ~ShiftedRm(cpu, di) & WidthMask(di);
        cpu.SetX(di.Rd, result);
        cpu.Nzcv = LogicFlags(di, result);
    }

    // ---- Add/subtract (shifted register, extended register, with carry) ------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ADD_shift(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (cpu.Xr(di.Rn) + ShiftedRm(cpu, di)) & WidthMask(di));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ADDS_shift(Processor cpu, in DecodedInsn di)
    {
        cpu.SetX(di.Rd, AddWithCarry(di, cpu.Xr(di.Rn), ShiftedRm(cpu, di), 0, out uint nzcv));
        cpu.Nzcv = nzcv;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SUB_shift(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (cpu.Xr(di.Rn) - ShiftedRm(cpu, di)) & WidthMask(di));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SUBS_shift(Processor cpu, in DecodedInsn di)
    {
        cpu.SetX(di.Rd, AddWithCarry(di, cpu.Xr(di.Rn), ~ShiftedRm(cpu, di), 1, out uint nzcv));
        cpu.Nzcv = nzcv;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ADD_ext(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (cpu.Xr(di.Rn) + ExtendedRm(cpu, di)) & WidthMask(di));

    public static void ADDS_ext(Processor cpu, in DecodedInsn di)
    {
        cpu.SetX(di.Rd, AddWithCarry(di, cpu.Xr(di.Rn), ExtendedRm(cpu, di), 0, out uint nzcv));
        cpu.Nzcv = nzcv;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SUB_ext(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (cpu.Xr(di.Rn) - ExtendedRm(cpu, di)) & WidthMask(di));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SUBS_ext(Processor cpu, in DecodedInsn di)
    {
        cpu.SetX(di.Rd, AddWithCarry(di, cpu.Xr(di.Rn), ~ExtendedRm(cpu, di), 1, out uint nzcv));
        cpu.Nzcv = nzcv;
    }

    public static void ADC(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (cpu.Xr(di.Rn) + cpu.Xr(di.Rm) + CarryFlag(cpu)) & WidthMask(di));

    public static void ADCS(Processor cpu, in DecodedInsn di)
    {
        cpu.SetX(di.Rd, AddWithCarry(di, cpu.Xr(di.Rn), cpu.Xr(di.Rm), CarryFlag(cpu), out uint nzcv));
        cpu.Nzcv = nzcv;
    }

    public static void SBC(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (cpu.Xr(di.Rn) + ~cpu.Xr(di.Rm) + CarryFlag(cpu)) & WidthMask(di));

    public static void SBCS(Processor cpu, in DecodedInsn di)
    {
        cpu.SetX(di.Rd, AddWithCarry(di, cpu.Xr(di.Rn), ~cpu.Xr(di.Rm), CarryFlag(cpu), out uint nzcv));
        cpu.Nzcv = nzcv;
    }

    // ---- Conditional compare ---------------------------------------------------------------
    // A = cond, B = the NZCV to set when it fails, Imm = imm5 (immediate forms).

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void ConditionalCompare(Processor cpu, in DecodedInsn di, ulong y, uint carry)
    {
        AddWithCarry(di, cpu.Xr(di.Rn), y, carry, out uint compared);
        uint holds = (uint)ConditionMask(cpu, di.A);
        cpu.Nzcv = (compared & holds) | ((uint)di.B << 28 & ~holds);
    }

    public static void CCMN_reg(Processor cpu, in DecodedInsn di) => ConditionalCompare(cpu, di, cpu.Xr(di.Rm), 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CCMP_reg(Processor cpu, in DecodedInsn di) => ConditionalCompare(cpu, di, ~cpu.Xr(di.Rm), 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CCMN_imm(Processor cpu, in DecodedInsn di) => ConditionalCompare(cpu, di, di.Imm, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CCMP_imm(Processor cpu, in DecodedInsn di) => ConditionalCompare(cpu, di, ~di.Imm, 1);

    // ---- Conditional select (branch-free; A = cond) ----------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void ConditionalSelect(Processor cpu, in DecodedInsn di, ulong otherwise)
    {
        ulong holds = ConditionMask(cpu, di.A);
        cpu.SetX(di.Rd, ((cpu.Xr(di.Rn) & holds) | (otherwise & ~holds)) & WidthMask(di));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CSEL(Processor cpu, in DecodedInsn di) => ConditionalSelect(cpu, di, cpu.Xr(di.Rm));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CSINC(Processor cpu, in DecodedInsn di) => ConditionalSelect(cpu, di, cpu.Xr(di.Rm) + 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CSINV(Processor cpu, in DecodedInsn di) => ConditionalSelect(cpu, di, ~cpu.Xr(di.Rm));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CSNEG(Processor cpu, in DecodedInsn di) => ConditionalSelect(cpu, di, 0 - cpu.Xr(di.Rm));

    // ---- Data-processing (3 source) -----------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MADD(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (cpu.Xr(di.Ra) + cpu.Xr(di.Rn) * cpu.Xr(di.Rm)) & WidthMask(di));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MSUB(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (cpu.Xr(di.Ra) - cpu.Xr(di.Rn) * cpu.Xr(di.Rm)) & WidthMask(di));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ulong SignedProduct(Processor cpu, in DecodedInsn di) => (ulong)((long)(int)cpu.Wr(di.Rn) * (int)cpu.Wr(di.Rm));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ulong UnsignedProduct(Processor cpu, in DecodedInsn di) => (ulong)cpu.Wr(di.Rn) * cpu.Wr(di.Rm);

    public static void SMADDL(Processor cpu, in DecodedInsn di) => cpu.SetX(di.Rd, cpu.Xr(di.Ra) + SignedProduct(cpu, di));

    public static void SMSUBL(Processor cpu, in DecodedInsn di) => cpu.SetX(di.Rd, cpu.Xr(di.Ra) - SignedProduct(cpu, di));

    public static void UMADDL(Processor cpu, in DecodedInsn di) => cpu.SetX(di.Rd, cpu.Xr(di.Ra) + UnsignedProduct(cpu, di));

    public static void UMSUBL(Processor cpu, in DecodedInsn di) => cpu.SetX(di.Rd, cpu.Xr(di.Ra) - UnsignedProduct(cpu, di));

    public static void SMULH(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (ulong)Math.BigMul((long)cpu.Xr(di.Rn), (long)cpu.Xr(di.Rm), out _));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void UMULH(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, Math.BigMul(cpu.Xr(di.Rn), cpu.Xr(di.Rm), out _));

    // ---- Data-processing (2 source) -----------------------------------------------------------

    /// <summary>UDIV: division by zero gives zero (no trap in A64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void UDIV(Processor cpu, in DecodedInsn di)
    {
        ulong n = cpu.Xr(di.Rn) & WidthMask(di), m = cpu.Xr(di.Rm) & WidthMask(di);
        cpu.SetX(di.Rd, m == 0 ? 0 : n / m);
    }

    /// <summary>SDIV: division by zero gives zero, and the most negative number over -1 gives itself (it wraps).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SDIV(Processor cpu, in DecodedInsn di)
    {
        if (Is64(di))
        {
            long n = (long)cpu.Xr(di.Rn), m = (long)cpu.Xr(di.Rm);
            // C# throws on long.MinValue / -1; negation wraps as the architecture does.
            cpu.SetX(di.Rd, (ulong)(m == 0 ? 0 : m == -1 ? 0 - n : n / m));
        }
        else
        {
            long n = (int)cpu.Wr(di.Rn), m = (int)cpu.Wr(di.Rm);
            cpu.SetW(di.Rd, (uint)(m == 0 ? 0 : n / m));
        }
    }

    /// <summary>The variable shifts use Rm modulo the width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LSLV(Processor cpu, in DecodedInsn di)
    {
        int amount = (int)cpu.Xr(di.Rm);
        cpu.SetX(di.Rd, Is64(di) ? cpu.Xr(di.Rn) << (amount & 63) : cpu.Wr(di.Rn) << (amount & 31));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LSRV(Processor cpu, in DecodedInsn di)
    {
        int amount = (int)cpu.Xr(di.Rm);
        cpu.SetX(di.Rd, Is64(di) ? cpu.Xr(di.Rn) >> (amount & 63) : cpu.Wr(di.Rn) >> (amount & 31));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ASRV(Processor cpu, in DecodedInsn di)
    {
        int amount = (int)cpu.Xr(di.Rm);
        cpu.SetX(di.Rd, Is64(di)
            ? (ulong)((long)cpu.Xr(di.Rn) >> (amount & 63))
            : (uint)((int)cpu.Wr(di.Rn) >> (amount & 31)));
    }

    public static void RORV(Processor cpu, in DecodedInsn di)
    {
        int amount = (int)cpu.Xr(di.Rm);
        cpu.SetX(di.Rd, Is64(di)
            ? BitOperations.RotateRight(cpu.Xr(di.Rn), amount & 63)
            : BitOperations.RotateRight(cpu.Wr(di.Rn), amount & 31));
    }

    // CRC32 and CRC32C: Wd = the CRC of Rm's low bytes (lowest first) folded into the running
    // value Wn, bit-reflected and with no pre- or post-inversion, as the Arm ARM defines it.

    public static void CRC32B(Processor cpu, in DecodedInsn di) => Crc(cpu, di, Crc32Table, 1);
    public static void CRC32H(Processor cpu, in DecodedInsn di) => Crc(cpu, di, Crc32Table, 2);
    public static void CRC32W(Processor cpu, in DecodedInsn di) => Crc(cpu, di, Crc32Table, 4);
    public static void CRC32X(Processor cpu, in DecodedInsn di) => Crc(cpu, di, Crc32Table, 8);
    public static void CRC32CB(Processor cpu, in DecodedInsn di) => Crc(cpu, di, Crc32CTable, 1);
    public static void CRC32CH(Processor cpu, in DecodedInsn di) => Crc(cpu, di, Crc32CTable, 2);
    public static void CRC32CW(Processor cpu, in DecodedInsn di) => Crc(cpu, di, Crc32CTable, 4);
    public static void CRC32CX(Processor cpu, in DecodedInsn di) => Crc(cpu, di, Crc32CTable, 8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Crc(Processor cpu, in DecodedInsn di, uint[] table, int bytes)
    {
        uint crc = cpu.Wr(di.Rn);
        ulong data = cpu.Xr(di.Rm);
        for (int i = 0; i < bytes; i++, data >>= 8)
            crc = table[(byte)(crc ^ data)] ^ (crc >> 8);
        cpu.SetW(di.Rd, crc);
    }

    /// <summary>Byte-at-a-time tables for CRC-32 (polynomial 0x04C11DB7) and CRC-32C (0x1EDC6F41), both bit-reflected.</summary>
    static readonly uint[] Crc32Table = BuildCrcTable(0x04C11DB7), Crc32CTable = BuildCrcTable(0x1EDC6F41);

    static uint[] BuildCrcTable(uint polynomial)
    {
        uint reflected = ReverseBits(polynomial);
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint crc = i;
            for (int bit = 0; bit < 8; bit++)
                crc = (crc >> 1) ^ (reflected & (0u - (crc & 1)));
            table[i] = crc;
        }
        return table;
    }

    // ---- Data-processing (1 source) -----------------------------------------------------------

    const ulong Odd1 = 0x5555_5555_5555_5555, Odd2 = 0x3333_3333_3333_3333, Odd4 = 0x0F0F_0F0F_0F0F_0F0F, Odd8 = 0x00FF_00FF_00FF_00FF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ulong ReverseBits(ulong x)
    {
        x = ((x >> 1) & Odd1) | ((x & Odd1) << 1);
        x = ((x >> 2) & Odd2) | ((x & Odd2) << 2);
        x = ((x >> 4) & Odd4) | ((x & Odd4) << 4);
        return BinaryPrimitives.ReverseEndianness(x);
    }

    static uint ReverseBits(uint x) => (uint)(ReverseBits((ulong)x) >> 32);

    /// <summary>RBIT: the 32-bit form is the top half of the 64-bit reversal of the zero-extended word.</summary>
    public static void RBIT(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, ReverseBits(cpu.Xr(di.Rn) & WidthMask(di)) >> (Is64(di) ? 0 : 32));

    /// <summary>REV16 swaps the bytes of each halfword, which is the same operation at either width.</summary>
    public static void REV16(Processor cpu, in DecodedInsn di)
    {
        ulong x = cpu.Xr(di.Rn);
        cpu.SetX(di.Rd, (((x >> 8) & Odd8) | ((x & Odd8) << 8)) & WidthMask(di));
    }

    public static void REV32(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, BitOperations.RotateRight(BinaryPrimitives.ReverseEndianness(cpu.Xr(di.Rn)), 32));

    public static void REV(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, Is64(di) ? BinaryPrimitives.ReverseEndianness(cpu.Xr(di.Rn)) : BinaryPrimitives.ReverseEndianness(cpu.Wr(di.Rn)));

    public static void CLZ(Processor cpu, in DecodedInsn di) =>
        cpu.SetX(di.Rd, (ulong)(Is64(di) ? BitOperations.LeadingZeroCount(cpu.Xr(di.Rn)) : BitOperations.LeadingZeroCount(cpu.Wr(di.Rn))));

    /// <summary>
    /// CLS counts the bits below the sign bit that equal it: the leading zeros of
    /// x XOR (x &lt;&lt; 1), with bit 0 forced so that all-equal gives width - 1.
    /// </summary>
    public static void CLS(Processor cpu, in DecodedInsn di)
    {
        ulong x = cpu.Xr(di.Rn);
        uint w = (uint)x;
        cpu.SetX(di.Rd, (ulong)(Is64(di)
            ? BitOperations.LeadingZeroCount((x ^ (x << 1)) | 1)
            : BitOperations.LeadingZeroCount((w ^ (w << 1)) | 1)));
    }
}
