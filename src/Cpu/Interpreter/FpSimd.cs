using System.Runtime.CompilerServices;
using Emulator.Cpu.Decoder;

namespace Emulator.Cpu;

/// <summary>
/// The floating-point, Advanced SIMD and cryptographic instructions: every op from
/// <see cref="Op.FpSimdFirst"/> on. They have a switch of their own, reached from the main
/// interpreter switch in one compare, so the integer loop keeps its size and its inlining
/// budget; each case calls the handler of the same name in Interpreter/&lt;Group&gt;.cs.
/// </summary>
public sealed partial class Processor
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    void ExecuteFpSimd(in DecodedInsn di)
    {
        if (!CheckFpAccess()) return;
        switch (di.Op)
        {
            // ---- Data processing -- scalar floating-point and Advanced SIMD floating-point ----
            // (end of floating-point)


            // ---- Data processing -- Advanced SIMD integer, permute, copy and bitwise -----------
            // (end of advanced SIMD integer)


            // ---- Loads and stores: SIMD and floating-point registers ---------------------------
            // (end of SIMD and floating-point loads and stores)


            // ---- Cryptographic extension --------------------------------------------------------
            // (end of cryptographic extension)


            default: Unhandled(in di); break;
        }
    }

    /// <summary>
    /// CPACR_EL1.FPEN (Arm ARM D17.2.30): 0b11 traps nothing, 0b01 traps EL0 only, 0b00 and
    /// 0b10 trap EL0 and EL1. A trapped instruction takes an exception with EC 0x07 whose ISS
    /// has CV = 1 and COND = 0b1110 (the values the architecture gives for an A64 instruction),
    /// returning to the instruction itself. MRS/MSR of FPCR and FPSR use it too.
    /// </summary>
    public bool CheckFpAccess()
    {
        uint fpen = (uint)(State.CpacrEl1 >> 20) & 3;
        if (fpen == 3 || (fpen == 1 && State.CurrentEl == 1)) return true;
        TakeException(ExceptionKind.Synchronous, ExceptionClass.FpAccessTrap, FpAccessTrapIss, InstructionAddress);
        return false;
    }

    const uint FpAccessTrapIss = 1u << 24 | 0b1110u << 20;

    // ---- SIMD and floating-point registers -------------------------------------------
    // V[2n] is bits 63:0 of Vn, V[2n + 1] bits 127:64 (CpuState.V). Register fields of FP/SIMD
    // rows are decoded like general-purpose ones (lower-case letters: 31 is slot 31), so
    // a slot is the register number.

    /// <summary>Bits 63:0 of Vn (Dn).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong VLow(int n) => State.V[2 * n];

    /// <summary>Bits 127:64 of Vn.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong VHigh(int n) => State.V[2 * n + 1];

    /// <summary>Writes all 128 bits of Vn.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetV(int n, ulong low, ulong high)
    {
        State.V[2 * n] = low;
        State.V[2 * n + 1] = high;
    }

    /// <summary>
    /// A scalar write of 8, 16, 32 or 64 bits to Vn (Bn, Hn, Sn, Dn): the bits above the
    /// written size are cleared up to bit 127, as every scalar FP/SIMD write does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetVScalar(int n, ulong value, int bits)
    {
        State.V[2 * n] = bits == 64 ? value : value & ((1UL << bits) - 1);
        State.V[2 * n + 1] = 0;
    }

    /// <summary>Element <paramref name="index"/> of <paramref name="bits"/> (8, 16, 32 or 64) of Vn, zero-extended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong VElement(int n, int index, int bits)
    {
        int bit = index * bits;
        ulong half = State.V[2 * n + (bit >> 6)];
        return bits == 64 ? half : (half >> (bit & 63)) & ((1UL << bits) - 1);
    }

    /// <summary>Writes element <paramref name="index"/> of Vn, leaving the other bits as they are (INS-like).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetVElement(int n, int index, int bits, ulong value)
    {
        int bit = index * bits;
        ref ulong half = ref State.V[2 * n + (bit >> 6)];
        if (bits == 64) { half = value; return; }
        ulong mask = ((1UL << bits) - 1) << (bit & 63);
        half = (half & ~mask) | ((value << (bit & 63)) & mask);
    }
}
