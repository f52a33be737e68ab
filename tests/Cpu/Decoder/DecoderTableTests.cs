using System.Numerics;
using Emulator.Cpu.Decoder;
using Emulator.Tests.Cpu;

namespace Emulator.Tests.Cpu.Decoder;

/// <summary>The decoder table as data: well formed, unambiguous, every row reachable and executed.</summary>
public class DecoderTableTests
{
    static IReadOnlyList<Row> Rows => A64Table.Rows;

    [Test]
    public void EveryOpHasExactlyOneRow()
    {
        var counts = Rows.GroupBy(r => r.Op).ToDictionary(g => g.Key, g => g.Count());
        var missing = Enum.GetValues<Op>().Where(op => op > Op.Unallocated && op != Op.FpSimdFirst && !counts.ContainsKey(op)).ToList();
        var duplicated = counts.Where(kv => kv.Value > 1).Select(kv => kv.Key).ToList();
        Assert.That(missing, Is.Empty, "ops without a row");
        Assert.That(duplicated, Is.Empty, "ops with several rows");
        Assert.That(Rows.Any(r => r.Op is Op.Undecoded or Op.Unallocated or Op.FpSimdFirst), Is.False);
    }

    /// <summary>
    /// Two rows may overlap only when one is a special case of the other (all its words
    /// also match the other), because then trying the most specific row first decides.
    /// </summary>
    [Test]
    public void NoAmbiguousOverlap()
    {
        var ambiguous = new List<string>();
        for (int i = 0; i < Rows.Count; i++)
            for (int j = i + 1; j < Rows.Count; j++)
            {
                Row a = Rows[i], b = Rows[j];
                bool overlap = ((a.Value ^ b.Value) & a.Mask & b.Mask) == 0;
                if (!overlap) continue;
                bool aInB = (b.Mask & ~a.Mask) == 0 && (a.Value & b.Mask) == b.Value;
                bool bInA = (a.Mask & ~b.Mask) == 0 && (b.Value & a.Mask) == a.Value;
                if (aInB == bInA) // neither contains the other, or both are the same pattern
                    ambiguous.Add($"{a} <> {b}");
            }
        Assert.That(ambiguous, Is.Empty);
    }

    [Test]
    public void LookupAgreesWithALinearScanOfTheMostSpecificRow()
    {
        var random = new Random(1234);
        Row[] bySpecificity = [.. Rows.OrderByDescending(r => BitOperations.PopCount(r.Mask))];
        for (int i = 0; i < 200_000; i++)
        {
            uint word = (uint)random.NextInt64(0, 1L << 32);
            if (i % 2 == 0)
            {
                // Half the words are drawn from a row, so the scan is not only over unallocated space.
                Row r = Rows[random.Next(Rows.Count)];
                word = r.Value | (word & r.FreeBits);
            }
            Row? expected = bySpecificity.FirstOrDefault(r => r.Matches(word));
            Assert.That(A64Decoder.Instance.Lookup(word), Is.SameAs(expected), $"word 0x{word:X8}");
        }
    }

    [Test]
    public void EveryRowIsReachable()
    {
        var unreachable = Rows.Where(r => !SampleWords(r, 1, attempts: 100_000).Any()).ToList();
        Assert.That(unreachable.Select(r => r.ToString()), Is.Empty);
    }

    /// <summary>The integer rows the interpreter does not execute: this list must be empty.</summary>
    [Test]
    public void EveryRowIsExecutedByTheInterpreter()
    {
        var notExecuted = new List<string>();
        foreach (Row row in Rows)
        {
            foreach (uint word in SampleWords(row, 8))
            {
                var m = new TestMachine(word);
                m.State.CpacrEl1 = 3UL << 20; // CPACR_EL1.FPEN = 0b11, so FP/SIMD rows run instead of trapping
                m.Run();
                if (m.Cpu.UnhandledOp is { } op)
                    notExecuted.Add($"{op} (0x{word:X8})");
            }
        }
        Assert.That(notExecuted.Distinct().ToList(), Is.Empty);
    }

    static bool Decodes(Row row, uint word) => A64Decoder.Instance.Decode(word).Op == row.Op;

    /// <summary>Up to <paramref name="count"/> random words that decode to <paramref name="row"/>.</summary>
    internal static IEnumerable<uint> SampleWords(Row row, int count, int attempts = 0)
    {
        var random = new Random((int)row.Op * 7919 ^ (int)row.Value);
        int found = 0;
        if (attempts == 0) attempts = 1000 * count;
        for (int attempt = 0; attempt < attempts && found < count; attempt++)
        {
            uint word = row.Value | ((uint)random.NextInt64(0, 1L << 32) & row.FreeBits);
            if (Decodes(row, word))
            {
                found++;
                yield return word;
            }
        }
    }
}
