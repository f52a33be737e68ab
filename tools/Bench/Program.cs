using System.Diagnostics;
using Emulator.Bench;
using Emulator.Cpu.Decoder;
using Emulator.Cpu.Diagnostics;

const string Usage = """
    usage: bench cpu [--quick] [--instructions N]
               run the integer guest workloads on the interpreter; prints "<workload> <value> MIPS"
           bench snapshot [--runs N]
               save and restore a 1 GiB machine with 256 MiB touched; prints the times of each run
           bench capcheck [WORDS] [SEED]
               cross-check the decoder against Capstone on WORDS random words (default 1000000)
    """;

if (args.Length == 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

switch (args[0])
{
    case "cpu":
    {
        long? instructions = null;
        bool quick = false;
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--quick") quick = true;
            else if (args[i] == "--instructions" && i + 1 < args.Length && long.TryParse(args[++i], out long n) && n > 0) instructions = n;
            else
            {
                Console.Error.WriteLine($"bench: unknown option '{args[i]}'");
                return 2;
            }
        }
        var bench = quick
            ? new CpuBench { WarmupInstructions = 1_000_000, MeasuredInstructions = instructions ?? 5_000_000 }
            : new CpuBench { MeasuredInstructions = instructions ?? 200_000_000 };
        return bench.Run(Console.Out, Console.Error);
    }
    case "snapshot":
    {
        int runs = 3;
        if (args.Length > 1 && !(args.Length == 3 && args[1] == "--runs" && int.TryParse(args[2], out runs) && runs > 0))
        {
            Console.Error.WriteLine("bench: snapshot takes --runs N (a positive count)");
            return 2;
        }
        return new SnapshotBench { Runs = runs }.Run(Console.Out);
    }
    case "capcheck":
    {
        int words = 1_000_000, seed = 20_261_125;
        if ((args.Length > 1 && !int.TryParse(args[1], out words)) || (args.Length > 2 && !int.TryParse(args[2], out seed)) || words <= 0)
        {
            Console.Error.WriteLine("bench: capcheck takes a positive word count and an integer seed");
            return 2;
        }
        using var check = new CapstoneCrossCheck();
        var clock = Stopwatch.StartNew();
        CrossCheckReport random = check.Run(CapstoneCrossCheck.RandomWords(words, seed), $"{words} uniformly random words, seed {seed}");
        Console.WriteLine($"{random}  ({clock.Elapsed.TotalSeconds:F1} s)");
        CrossCheckReport rows = check.Run(CapstoneCrossCheck.RowDirectedWords(A64Decoder.Instance, 2_000, seed), "2000 words inside each decoder row");
        Console.WriteLine(rows);
        return random.Mismatches + rows.Mismatches == 0 ? 0 : 1;
    }
    default:
        Console.Error.WriteLine($"bench: unknown command '{args[0]}'");
        Console.Error.WriteLine(Usage);
        return 2;
}
