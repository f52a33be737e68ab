using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Emulator.Interconnect;
using Emulator.Machine.Board;
using Emulator.Machine.Scheduling;

namespace Emulator.Tests.Guests;

/// <summary>
/// Boots Debian's unmodified arm64 cloud kernel with the busybox initramfs of
/// tools/fetch-debian-guest.sh (cache/debian-guest/) and checks what its /init prints
/// against what the same kit prints on QEMU (tools/linux-reference/): the marker, every CPU
/// online, the arch_timer (PPI 27 = INTID 27) ticking on every CPU, the PL011 on its SPI
/// (INTID 33), IPIs reaching every CPU, the ITS probed with its tables and the LPI property
/// and pending tables in use, and PSCI SYSTEM_OFF at the end.
/// <para>
/// Each boot is bounded: by an instruction budget, by wall-clock time (EMU_LINUX_BOOT_SECONDS,
/// 900 s by default), and it fails at once on a kernel panic or on a CPU that keeps taking
/// exceptions inside its own vector table. Without the kit the test is skipped, except under
/// CI (CI=true), where the kit is part of the run and its absence is a failure.
/// </para>
/// </summary>
[Category("LinuxBoot")]
public class LinuxBootTests
{
    const string Marker = "EMU-GUEST-MARKER";
    const string Done = "EMU-GUEST-DONE";
    const ulong Budget = 60_000_000_000;
    const ulong Chunk = 200_000_000;

    static string Kit => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../cache/debian-guest"));

    /// <summary>The kit's Image and initramfs; without them the test is skipped, or fails under CI.</summary>
    internal static (string Image, string Initrd) RequireKit()
    {
        string image = Path.Combine(Kit, "Image"), initrd = Path.Combine(Kit, "initramfs.cpio.gz");
        if (!File.Exists(image) || !File.Exists(initrd))
        {
            string why = $"the Debian guest kit is not in {Kit} (run tools/fetch-debian-guest.sh)";
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail(why + ": CI must fetch it first");
            Assert.Ignore(why);
        }
        return (image, initrd);
    }

    public static IEnumerable<TestCaseData> Topologies()
    {
        yield return new TestCaseData("smp1", "0x0").SetName("Linux boots on 1 CPU");
        yield return new TestCaseData("smp4", "0x0,0x1,0x2,0x3").SetName("Linux boots on 4 CPUs");
        yield return new TestCaseData("aff3", "0x0,0x1,0x100000000,0x100000001").SetName("Linux boots on 4 CPUs across Aff3");
    }

    [TestCaseSource(nameof(Topologies))]
    public void BootsToTheMarkerWithEveryCpuAndItsInterrupts(string name, string mpidrs)
    {
        (string image, string initrd) = RequireKit();
        Affinity[] cpus = Affinity.FromMpidrList(mpidrs);
        (string console, StopReason stop, int? exit) = Boot(name, image, initrd, cpus);
        CheckTranscript(console, cpus.Length);
        Assert.That((stop, exit), Is.EqualTo((StopReason.Requested, (int?)0)),
            "poweroff -f ends in PSCI SYSTEM_OFF\n" + console[Math.Max(0, console.Length - 2000)..]);
    }

    /// <summary>The checks themselves, on QEMU's transcripts of the same kit: they must hold there.</summary>
    [TestCase("qemu-cortex-a57-smp1.log", 1)]
    [TestCase("qemu-cortex-a57-smp4.log", 4)]
    public void TheChecksHoldOnQemusTranscript(string log, int cpus) =>
        CheckTranscript(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "linux-reference", log)), cpus);

    [Test]
    public void TheChecksFailOnATranscriptWhereOneCpusTimerIsSilent()
    {
        string log = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "linux-reference", "qemu-cortex-a57-smp4.log"));
        string[] lines = log.Split('\n');
        int last = Array.FindLastIndex(lines, l => l.Contains("arch_timer"));
        string[] f = lines[last].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        lines[last] = $" {f[0]} {f[1]} {f[2]} 0 {f[4]} GICv3  27 Level     arch_timer";
        Assert.Throws<AssertionException>(() => CheckTranscript(string.Join('\n', lines), 4));
    }

    static void CheckTranscript(string console, int cpuCount)
    {
        // dmesg is printed twice (the boot console and /init's grep): count CPUs, not lines.
        int DistinctCpus(string pattern) =>
            Regex.Matches(console, pattern).Select(m => m.Groups[1].Value).Distinct().Count();
        string Tail() => "\n--- console (last 3000 characters):\n" + console[Math.Max(0, console.Length - 3000)..];
        Assert.That(console, Does.Contain(Marker), "the marker" + Tail());
        Assert.That(console, Does.Contain($"{Marker}: userspace is up (").And.Contain($", {cpuCount} CPUs online)"), "every CPU online" + Tail());
        Assert.That(Regex.Matches(console, @"^processor\s+: \d+", RegexOptions.Multiline), Has.Count.EqualTo(cpuCount), "/proc/cpuinfo" + Tail());
        Assert.That(DistinctCpus(@"GICv3: CPU(\d+): found redistributor [0-9a-f]+ region"), Is.EqualTo(cpuCount),
            "each CPU found its redistributor by GICR_TYPER affinity" + Tail());
        Assert.That(console, Does.Match(@"ITS@0x0*8080000: allocated \d+ Devices").And.Match(@"ITS@0x0*8080000: allocated \d+ Interrupt Collections"),
            "the ITS probed and its tables allocated" + Tail());
        Assert.That(console, Does.Contain("GICv3: using LPI property table @"), "LPI property table" + Tail());
        Assert.That(DistinctCpus(@"GICv3: CPU(\d+): using allocated LPI pending table @"), Is.EqualTo(cpuCount),
            "an LPI pending table per CPU" + Tail());

        string[] interrupts = Section(console, "--- /proc/interrupts after the workload", Done);
        Assert.That(interrupts, Is.Not.Empty, "/proc/interrupts after the workload" + Tail());
        ulong[] timer = Counts(interrupts, @"GICv3\s+27 Level\s+arch_timer", cpuCount, Tail);
        Assert.That(timer, Has.All.GreaterThan(0UL), "arch_timer (PPI 27) ticks on every CPU" + Tail());
        Counts(interrupts, @"GICv3\s+33 Level\s+uart-pl011", cpuCount, Tail);
        if (cpuCount > 1)
        {
            ulong[] reschedule = Counts(interrupts, "Rescheduling interrupts", cpuCount, Tail);
            ulong[] call = Counts(interrupts, "Function call interrupts", cpuCount, Tail);
            Assert.That(reschedule.Zip(call, (a, b) => a + b), Has.All.GreaterThan(0UL), "IPIs (SGIs) reach every CPU" + Tail());
        }
        Assert.That(Regex.Matches(console, @"^cpu\d+ 8a39d2abd3999ab73c34db2476849cddf303ce389b35826850f9a700589b4a90  -", RegexOptions.Multiline),
            Has.Count.EqualTo(cpuCount), "one correct sha256 of 256 KiB of zeros per CPU" + Tail());
        Assert.That(console, Does.Contain(Done), Tail());
    }

    static (string Console, StopReason Stop, int? Exit) Boot(string name, string image, string initrd, Affinity[] cpus)
    {
        var output = new MemoryStream();
        var unimplemented = new List<string>();
        var board = new Board
        {
            UnimplementedTrace = unimplemented.Add,
            Kernel = File.ReadAllBytes(image),
            KernelName = "Image",
            Initrd = File.ReadAllBytes(initrd),
            Bootargs = "console=ttyAMA0",
            RamSize = 1UL << 30,
            Topology = cpus,
            Console = bytes => output.Write(bytes),
        };
        board.FinalizeBoard();
        int seconds = int.TryParse(Environment.GetEnvironmentVariable("EMU_LINUX_BOOT_SECONDS"), out int s) && s > 0 ? s : 900;
        var clock = Stopwatch.StartNew();
        string Text() => Encoding.Latin1.GetString(output.GetBuffer(), 0, (int)output.Length);
        StopReason stop = StopReason.InstructionLimit;
        string gaveUp = "the instruction budget ran out";
        int recursing = 0;
        for (ulong target = Chunk; target <= Budget; target += Chunk)
        {
            stop = board.Run(target);
            if (stop != StopReason.InstructionLimit) { gaveUp = "the board stopped"; break; }
            if (Text().Contains("Kernel panic")) { gaveUp = "kernel panic"; break; }
            // A CPU whose exceptions return into its own vector table is lost (e.g. aborts on
            // the vector fetch itself): nothing more will happen there.
            recursing = board.Cpus.Any(InVectors) ? recursing + 1 : 0;
            if (recursing >= 3) { gaveUp = "a CPU keeps taking exceptions in its vector table"; break; }
            if (clock.Elapsed.TotalSeconds > seconds) { gaveUp = $"over {seconds} s (EMU_LINUX_BOOT_SECONDS)"; break; }
        }
        string console = Text();
        string where = string.Join("\n", board.Cpus.Select(c =>
            $"cpu {c.Index}: pc 0x{c.State.PC:x} EL{c.State.CurrentEl} ESR_EL1 0x{c.State.EsrEl1:x} ELR_EL1 0x{c.State.ElrEl1:x} FAR_EL1 0x{c.State.FarEl1:x} VBAR_EL1 0x{c.State.VbarEl1:x}"));
        string summary = $"{name}: {stop} ({gaveUp}) after {board.Scheduler.Retired:N0} instructions, {clock.Elapsed.TotalSeconds:F1} s\n{where}" +
            (unimplemented.Count > 0 ? "\n--- --trace unimpl\n" + string.Join("\n", unimplemented) : "");
        TestContext.Out.WriteLine(summary);
        string log = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"linux-{name}.log");
        File.WriteAllText(log, console + "\n--- emu\n" + summary + "\n");
        TestContext.AddTestAttachment(log);
        return (console + "\n--- emu\n" + summary, stop, board.ExitStatus);
    }

    static bool InVectors(Emulator.Cpu.Processor cpu)
    {
        ulong vbar = cpu.State.VbarEl1;
        return cpu.State.ElrEl1 - vbar < 0x800 && cpu.State.PC - vbar < 0x800;
    }

    /// <summary>The lines after the line <paramref name="start"/>, up to the line starting with <paramref name="end"/>.</summary>
    static string[] Section(string console, string start, string end) =>
        [.. console.Replace("\r", "").Split('\n').SkipWhile(l => l != start).Skip(1).TakeWhile(l => !l.StartsWith(end, StringComparison.Ordinal))];

    /// <summary>The per-CPU counts of the one /proc/interrupts row that matches <paramref name="row"/>.</summary>
    static ulong[] Counts(string[] interrupts, string row, int cpus, Func<string> tail)
    {
        string[] lines = [.. interrupts.Where(l => Regex.IsMatch(l, row))];
        Assert.That(lines, Has.Length.EqualTo(1), $"one /proc/interrupts row matching '{row}'" + tail());
        string[] fields = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(fields.Length, Is.GreaterThan(cpus), lines[0]);
        return [.. fields.Skip(1).Take(cpus).Select(ulong.Parse)];
    }
}
