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
}
