using System.Text.RegularExpressions;
using Emulator.Bench;

namespace Emulator.Tests.Tools;

/// <summary>
/// The CPU benchmark's guest workloads as end-to-end CPU tests (their checksums come from
/// C# references that were also checked against Unicorn), and the bench's own checks: a
/// wrong checksum or a guest exception must fail the run with one clear line.
/// </summary>
public partial class CpuBenchTests
{
    [GeneratedRegex(@"^(alu|memcpy|crc)(-mmu)? [0-9]+\.[0-9] MIPS$")]
    private static partial Regex ResultLine();

    static (int Exit, string[] Output, string Errors) Run(CpuBench bench)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        int exit = bench.Run(output, errors);
        return (exit, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), errors.ToString().Trim());
    }

    static byte[] Code(params uint[] words) => [.. words.SelectMany(BitConverter.GetBytes)];

    // movz x19, #0 ; movz x0, #42 ; 1: add x19, x19, #1 ; b 1b  -- one "pass" per loop, checksum 42
    static readonly byte[] Counter = Code(0xD2800013u, 0xD2800540u, 0x91000673u, 0x17FFFFFFu);

    [Test]
    public void EveryWorkloadRunsAndVerifiesOnTheInterpreter()
    {
        // Enough instructions for several passes of each workload (the longest pass is ~55k).
        var (exit, output, errors) = Run(new CpuBench { WarmupInstructions = 100_000, MeasuredInstructions = 400_000 });
        Assert.That(errors, Is.Empty);
        Assert.That(exit, Is.Zero);
        // Each workload with the MMU off, then with it on.
        Assert.That(output, Has.Length.EqualTo(6));
        Assert.That(output, Has.All.Match(ResultLine().ToString()));
    }

    [Test]
    public void ACorrectChecksumPasses()
    {
        var workload = new Workload("counter", "test", () => 42) { Code = Counter };
        var (exit, output, errors) = Run(new CpuBench { WarmupInstructions = 10, MeasuredInstructions = 1000, Workloads = [workload] });
        Assert.That(errors, Is.Empty);
        Assert.That(exit, Is.Zero);
        Assert.That(output, Has.Length.EqualTo(2));
        Assert.That(output[0], Does.Match(@"^counter [0-9]+\.[0-9] MIPS$"));
        Assert.That(output[1], Does.Match(@"^counter-mmu [0-9]+\.[0-9] MIPS$"));
    }

    [Test]
    public void AWrongChecksumFailsInOneLine()
    {
        var workload = new Workload("counter", "test", () => 43) { Code = Counter };
        var (exit, output, errors) = Run(new CpuBench { WarmupInstructions = 10, MeasuredInstructions = 1000, Workloads = [workload] });
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        // One line for each run that failed: MMU off, then on.
        string[] lines = errors.Split('\n');
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[0], Does.StartWith("bench: counter: wrong checksum after ").And.Contain("x0 = 0x000000000000002a, expected 0x000000000000002b"));
        Assert.That(lines[1], Does.StartWith("bench: counter-mmu: wrong checksum after ").And.Contain("x0 = 0x000000000000002a, expected 0x000000000000002b"));
    }

    [Test]
    public void AGuestExceptionFailsInOneLineNamingTheInstruction()
    {
        // movz x19, #0 ; udf #0
        var workload = new Workload("undefined", "test", () => 0) { Code = Code(0xD2800013u, 0x00000000u) };
        var (exit, _, errors) = Run(new CpuBench { WarmupInstructions = 10, MeasuredInstructions = 1000, Workloads = [workload] });
        Assert.That(exit, Is.EqualTo(1));
        string[] lines = errors.Split('\n');
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[0], Does.StartWith("bench: undefined: the CPU raised UNDEFINED (EC Unknown) at 0x40000004 on 0x00000000"));
        Assert.That(lines[1], Does.StartWith("bench: undefined-mmu: the CPU raised UNDEFINED (EC Unknown) at 0x40000004 on 0x00000000"));
    }

    [Test]
    public void NoCompletedPassIsAFailure()
    {
        // movz x19, #0 ; b .  -- spins without ever completing a pass
        var workload = new Workload("spin", "test", () => 0) { Code = Code(0xD2800013u, 0x14000000u) };
        var (exit, _, errors) = Run(new CpuBench { WarmupInstructions = 10, MeasuredInstructions = 1000, Workloads = [workload] });
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(errors, Does.StartWith("bench: spin: no pass completed"));
    }

    [Test]
    public void TheCrcReferenceIsZlibsCrc32() =>
        Assert.That(Workloads.Crc32("123456789"u8), Is.EqualTo(0xCBF43926u)); // the standard check value
}
