namespace Emulator.Cpu.Decoder;

/// <summary>
/// The A64 decoder table: one row per encoding, as data, in the groups of the Arm ARM's
/// encoding index. Each group is a partial file under Decoder/Table. Row order does not
/// matter: the decoder tries the most specific row first, and a test rejects any two rows
/// that overlap without one being a special case of the other.
/// </summary>
public static partial class A64Table
{
    public static IReadOnlyList<Row> Rows => AllRows.Rows;

    // A nested holder, so the groups' static fields exist before they are gathered.
    static class AllRows
    {
        public static readonly Row[] Rows =
        [
            .. DataProcessingImmediate,
            .. BranchesExceptionSystem,
            .. LoadsAndStores,
            .. LoadsAndStoresAtomic,
            .. DataProcessingRegister,
            .. FloatingPoint,
            .. SimdInteger,
            .. SimdLoadsAndStores,
            .. Cryptographic,
        ];
    }
}
