namespace Emulator.Cpu.Decoder;

public static partial class A64Table
{
    /// <summary>Rows of scalar floating-point and Advanced SIMD floating-point (data processing).</summary>
    static readonly Row[] FloatingPoint =
    [
    ];
}
