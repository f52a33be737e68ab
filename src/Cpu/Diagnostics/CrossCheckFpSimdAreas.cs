using Emulator.Cpu.Decoder;

namespace Emulator.Cpu.Diagnostics;

/// <summary>
/// A part of the FP/SIMD encoding space that the cross-check compares instead of setting
/// it aside: a word belongs to it when our decoder gives it one of the area's rows (the row
/// by pattern, so that a reserved size of one of them is compared too: Capstone must reject
/// it as well), or when Capstone's mnemonic is one of the area's (so that an encoding we
/// lack shows up as a mismatch).
/// </summary>
public sealed class CrossCheckFpSimdArea
{
    readonly HashSet<Row> rows;
    readonly Func<string, bool> isMnemonic;

    public CrossCheckFpSimdArea(string name, IEnumerable<Row> rows, Func<string, bool> isMnemonic)
    {
        Name = name;
        this.rows = [.. rows];
        this.isMnemonic = isMnemonic;
    }

    public CrossCheckFpSimdArea(string name, IEnumerable<Row> rows, IEnumerable<string> mnemonics)
        : this(name, rows, new HashSet<string>(mnemonics, StringComparer.Ordinal).Contains)
    {
    }

    public string Name { get; }

    public bool Claims(Row? ourRow, string capstoneMnemonic) =>
        (ourRow is not null && rows.Contains(ourRow)) || isMnemonic(capstoneMnemonic)
        // The "2" forms (saddl2, xtn2, fcvtn2, ...) are the same mnemonics to the area.
        || (capstoneMnemonic.EndsWith('2') && isMnemonic(capstoneMnemonic[..^1]));

    public override string ToString() => Name;
}

/// <summary>
/// The FP/SIMD areas of the A64 encoding space, and (<see cref="Default"/>) those compared so
/// far. An area joins <see cref="Default"/> once its rows are all in the decoder (before,
/// every encoding it lacks would count as a mismatch); with all four listed, no Capstone
/// FP/SIMD word is set aside any more and the check covers the whole A64 encoding space.
/// </summary>
public static class CrossCheckFpSimdAreas
{
    /// <summary>
    /// Advanced SIMD integer, permute, copy, modified immediate and bitwise (vector and
    /// scalar): the mnemonics Capstone 4 prints for them, aliases included (MOV for ORR, INS,
    /// UMOV and scalar DUP; MVN for NOT; SXTL/UXTL for SSHLL/USHLL #0; CMLE/CMLT/CMLS/CMLO for
    /// the register compares with swapped operands). FMOV (vector, immediate) is not listed,
    /// FMOV being mostly floating point: it is compared through its row.
    /// </summary>
    public static CrossCheckFpSimdArea SimdInteger { get; } = new("Advanced SIMD integer", A64Table.SimdIntegerRows,
    [
        "add", "sub", "shadd", "uhadd", "srhadd", "urhadd", "shsub", "uhsub", "sqadd", "uqadd", "sqsub", "uqsub",
        "cmgt", "cmhi", "cmge", "cmhs", "cmeq", "cmtst", "cmle", "cmlt", "cmls", "cmlo",
        "sshl", "ushl", "sqshl", "uqshl", "srshl", "urshl", "sqrshl", "uqrshl",
        "smax", "umax", "smin", "umin", "sabd", "uabd", "saba", "uaba", "mla", "mls", "mul", "pmul",
        "smaxp", "umaxp", "sminp", "uminp", "sqdmulh", "sqrdmulh", "addp",
        "and", "bic", "orr", "orn", "eor", "bsl", "bit", "bif", "mov", "mvn", "not", "movi", "mvni",
        "saddl", "uaddl", "saddw", "uaddw", "ssubl", "usubl", "ssubw", "usubw", "addhn", "raddhn", "subhn", "rsubhn",
        "sabal", "uabal", "sabdl", "uabdl", "smlal", "umlal", "smlsl", "umlsl", "smull", "umull",
        "sqdmlal", "sqdmlsl", "sqdmull", "pmull",
        "rev64", "rev32", "rev16", "saddlp", "uaddlp", "sadalp", "uadalp", "cls", "clz", "cnt", "rbit",
        "suqadd", "usqadd", "sqabs", "sqneg", "abs", "neg", "xtn", "sqxtn", "uqxtn", "sqxtun", "shll",
        "addv", "saddlv", "uaddlv", "smaxv", "umaxv", "sminv", "uminv",
        "zip1", "zip2", "uzp1", "uzp2", "trn1", "trn2", "ext", "tbl", "tbx", "dup", "ins", "umov", "smov",
        "sshr", "ushr", "ssra", "usra", "srshr", "urshr", "srsra", "ursra", "sri", "shl", "sli", "sqshlu",
        "shrn", "rshrn", "sqshrn", "uqshrn", "sqrshrn", "uqrshrn", "sqshrun", "sqrshrun", "sshll", "ushll", "sxtl", "uxtl",
    ]);

    /// <summary>Scalar floating point and AdvSIMD floating point, FP/integer conversions, URECPE/URSQRTE.</summary>
    public static CrossCheckFpSimdArea FloatingPoint { get; } = new("Floating point", A64Table.FloatingPointRows,
        m => m.StartsWith('f') || m is "scvtf" or "ucvtf" or "urecpe" or "ursqrte");

    /// <summary>Loads and stores of SIMD and floating-point registers (Capstone marks them FP/SIMD by their registers).</summary>
    public static CrossCheckFpSimdArea SimdLoadsAndStores { get; } = new("SIMD and floating-point loads and stores", A64Table.SimdLoadsAndStoresRows,
    [
        "ld1", "ld2", "ld3", "ld4", "ld1r", "ld2r", "ld3r", "ld4r", "st1", "st2", "st3", "st4",
        "ldr", "str", "ldur", "stur", "ldp", "stp", "ldnp", "stnp",
    ]);

    /// <summary>AES, SHA-1, SHA-256 (PMULL on 64-bit lanes is an Advanced SIMD integer row).</summary>
    public static CrossCheckFpSimdArea Cryptographic { get; } = new("Cryptographic extension", A64Table.CryptographicRows,
    [
        "aese", "aesd", "aesmc", "aesimc", "sha1c", "sha1p", "sha1m", "sha1h", "sha1su0", "sha1su1",
        "sha256h", "sha256h2", "sha256su0", "sha256su1",
    ]);

    public static IReadOnlyList<CrossCheckFpSimdArea> All { get; } = [SimdInteger, FloatingPoint, SimdLoadsAndStores, Cryptographic];

    /// <summary>The areas compared. Advanced SIMD integer only, until the other groups land and pass.</summary>
    public static IReadOnlyList<CrossCheckFpSimdArea> Default { get; } = [SimdInteger];
}
