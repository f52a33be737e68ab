namespace Emulator.Cpu.Decoder;

/// <summary>
/// Finds the row of an instruction word: rows are bucketed on bits 31:20 (a row whose
/// pattern leaves some of those bits free sits in every bucket it can match), and each
/// bucket is scanned by mask/value, most specific row first. Immutable once built, so one
/// instance serves every machine in the process.
/// </summary>
public sealed class A64Decoder
{
    const int BucketShift = 20;

    public static readonly A64Decoder Instance = new(A64Table.Rows);

    readonly Row[][] buckets;

    public A64Decoder(IReadOnlyList<Row> rows)
    {
        Rows = rows;
        // Most fixed bits first: a row that is a special case of another must be tried first.
        Row[] ordered = [.. rows.OrderByDescending(r => System.Numerics.BitOperations.PopCount(r.Mask))];
        var lists = new List<Row>[1 << (32 - BucketShift)];
        for (int i = 0; i < lists.Length; i++) lists[i] = [];
        foreach (Row row in ordered)
        {
            uint keyMask = row.Mask >> BucketShift, keyValue = row.Value >> BucketShift;
            for (uint key = 0; key < lists.Length; key++)
                if ((key & keyMask) == keyValue)
                    lists[key].Add(row);
        }
        buckets = [.. lists.Select(l => l.ToArray())];
        rowByOp = rows.GroupBy(r => r.Op).ToDictionary(g => g.Key, g => g.First());
    }

    public IReadOnlyList<Row> Rows { get; }

    /// <summary>The row a word matches, ignoring predecoders; null when no row matches.</summary>
    public Row? Lookup(uint raw)
    {
        foreach (Row row in buckets[raw >> BucketShift])
            if ((raw & row.Mask) == row.Value)
                return row;
        return null;
    }

    /// <summary>Decodes a word; an encoding with no row, or one its row's predecoder rejects, is <see cref="Op.Unallocated"/>.</summary>
    public DecodedInsn Decode(uint raw)
    {
        Row? row = Lookup(raw);
        var insn = new DecodedInsn { Op = Op.Unallocated, Raw = raw };
        if (row is null) return insn;
        insn.Op = row.Op;
        insn.Rd = row.Rd.Map(raw);
        insn.Rn = row.Rn.Map(raw);
        insn.Rm = row.Rm.Map(raw);
        insn.Ra = row.Ra.Map(raw);
        if (row.Predecode is { } predecode && !predecode(ref insn))
            return new DecodedInsn { Op = Op.Unallocated, Raw = raw };
        return insn;
    }

    /// <summary>The row of a decoded op.</summary>
    public Row RowOf(Op op) => rowByOp[op];

    readonly Dictionary<Op, Row> rowByOp;
}
