using System.Diagnostics;
using Emulator.Machine.Board;

namespace Emulator.Bench;

/// <summary>
/// Times a whole-machine snapshot of a 1 GiB board with 256 MiB touched: Save to a file,
/// then Restore from it into a fresh board (file read included in both). The touched pages
/// are a mix meant to look like a running system's memory: a quarter zeroed (touched, then
/// cleared), a quarter random bytes (incompressible: compressed or encrypted data), half
/// structured words (pointer-like values with flags, as in page tables and kernel structures).
/// </summary>
public sealed class SnapshotBench
{
    public ulong RamSize { get; init; } = 1UL << 30;
    public ulong Touched { get; init; } = 256UL << 20;
    public int Runs { get; init; } = 3;

    public int Run(TextWriter output)
    {
        Board board = NewBoard();
        board.FinalizeBoard();
        Fill(board);
        string file = Path.Combine(Path.GetTempPath(), $"bench-snapshot-{Environment.ProcessId}.snap");
        try
        {
            output.WriteLine($"snapshot: {RamSize >> 20} MiB RAM, {Touched >> 20} MiB touched (1/4 zero, 1/4 random, 1/2 structured), {Environment.ProcessorCount} cores");
            ulong expected = board.StateHash();
            for (int run = 1; run <= Runs; run++)
            {
                // The previous run's restored board (256 MiB of pages) is garbage now: collect it
                // outside the timed region, or its collection lands in this run's restore.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var clock = Stopwatch.StartNew();
                using (var f = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
                    board.Save(f);
                double save = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                byte[] bytes = File.ReadAllBytes(file);
                Board restored = Board.FromSnapshot(bytes);
                double restore = clock.Elapsed.TotalMilliseconds;
                if (restored.StateHash() != expected)
                {
                    output.WriteLine("snapshot: the restored machine differs from the saved one");
                    return 1;
                }
                clock.Restart();
                var image = Emulator.Machine.Snapshots.RamImage.Compress(board.Ram);
                double compress = clock.Elapsed.TotalMilliseconds;
                output.WriteLine($"run {run}: save {save,7:F0} ms  restore {restore,7:F0} ms  total {save + restore,7:F0} ms  file {new FileInfo(file).Length >> 20} MiB  (RAM compression alone {compress:F0} ms)");
            }
            return 0;
        }
        finally
        {
            File.Delete(file);
        }
    }

    Board NewBoard() => new()
    {
        RamSize = RamSize,
        Kernel = BitConverter.GetBytes(0x14000000u), // b .
        LoadAddress = 0x4008_0000,
    };

    void Fill(Board board)
    {
        var random = new Random(20_261_206);
        int pages = (int)(Touched >> Emulator.Interconnect.Ram.PageShift);
        int stride = board.Ram.PageCount / pages; // spread over the whole RAM, as a guest's are
        for (int n = 0; n < pages; n++)
        {
            byte[] page = board.Ram.PageByIndex(n * stride);
            switch (n % 4)
            {
                case 0: Array.Clear(page); break;
                case 1: random.NextBytes(page); break;
                default:
                    var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(page.AsSpan());
                    ulong basePointer = 0xFFFF_0000_0000_0000UL | ((ulong)random.Next() << 12);
                    for (int i = 0; i < words.Length; i++)
                        words[i] = (i % 3 == 0) ? 0 : basePointer + ((ulong)random.Next(64) << 6) | 0x703;
                    break;
            }
        }
    }
}
