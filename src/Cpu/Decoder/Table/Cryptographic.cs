namespace Emulator.Cpu.Decoder;

public static partial class A64Table
{
    /// <summary>Rows of the cryptographic extension (AES, SHA-1, SHA-256; PMULL on 64-bit lanes is an Advanced SIMD three-different row).</summary>
    static readonly Row[] Cryptographic =
    [
    ];
}
