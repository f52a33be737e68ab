namespace Emulator.Cpu.Decoder;

public static partial class A64Table
{
    /// <summary>Rows of Advanced SIMD integer, permute, copy, modified-immediate and bitwise (data processing).</summary>
    static readonly Row[] SimdInteger =
    [
    ];
}
