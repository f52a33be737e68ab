namespace Emulator.Cpu.Decoder;

public static partial class A64Table
{
    /// <summary>Rows of loads and stores of SIMD and floating-point registers (single, pair, literal, LD1-LD4/ST1-ST4).</summary>
    static readonly Row[] SimdLoadsAndStores =
    [
    ];
}
