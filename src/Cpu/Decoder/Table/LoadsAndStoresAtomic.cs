namespace Emulator.Cpu.Decoder;

public static partial class A64Table
{
    static readonly Row[] LoadsAndStoresAtomic =
    [
    ];
}
