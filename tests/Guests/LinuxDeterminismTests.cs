using System.Text;
using System.Text.RegularExpressions;
using Emulator.Machine.Cli;
using Emulator.Tests.Machine.Snapshots;

namespace Emulator.Tests.Guests;

/// <summary>
/// Issue 9's determinism check on the real guest: Debian's kernel on 4 CPUs, run for a fixed
/// instruction budget in one go, and the same run split in two (save at N, restore in a fresh
/// emu process, run the rest) give the same console bytes and the same final state hash. The
/// split points are mid-boot (secondary CPUs coming up, IPIs, the ITS being set up) and late
/// (user space, timers ticking on every CPU). It needs the kit but not a boot that reaches
/// the shell, so it has a category of its own, which CI runs (the LinuxBoot boots wait for
/// FP/SIMD: without it busybox takes SIGILL, the kernel panics, and the run ends in its
/// panic loop, which is still a deterministic run to compare).
/// </summary>
[Category("LinuxKit")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public partial class LinuxDeterminismTests
{
    const ulong Budget = 1_500_000_000;

    string dir = null!;

    [SetUp]
    public void SetUp()
    {
        dir = Path.Combine(Path.GetTempPath(), $"emu-linux-snap-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    [GeneratedRegex(@"state hash ([0-9a-f]{16}) after (\d+) instructions")]
    private static partial Regex HashLine();

    static (string Hash, ulong Retired) HashOf(string stderr)
    {
        Match m = HashLine().Match(stderr);
        Assert.That(m.Success, Is.True, $"no state hash in: {stderr}");
        return (m.Groups[1].Value, ulong.Parse(m.Groups[2].Value));
    }

    static (int Exit, byte[] Console, string Stderr) EmuHere(params string[] args)
    {
        var stderr = new StringWriter();
        var console = new MemoryStream();
        int exit = EmuCommand.Invoke(args, console, stderr);
        return (exit, console.ToArray(), stderr.ToString());
    }

    [TestCase(300_000_007UL)]
    [TestCase(1_100_000_013UL)]
    public void FourCpuLinuxSplitAtNEqualsTheUninterruptedRun(ulong n)
    {
        (string image, string initrd) = LinuxBootTests.RequireKit();
        string[] boot = ["run", image, "--initrd", initrd, "--append", "console=ttyAMA0", "--smp", "4", "--mem", "1G"];
        var whole = EmuHere([.. boot, "--max-insns", Budget.ToString(), "--state-hash"]);
        var (hash, total) = HashOf(whole.Stderr);
        Assert.That(n, Is.LessThan(total), "the split point is inside the run");

        string file = Path.Combine(dir, "linux.snap");
        var first = EmuHere([.. boot, "--snapshot-at", n.ToString(), "--snapshot-out", file]);
        Assert.That(first.Exit, Is.Zero, first.Stderr);
        var second = EmuProcess.Run("run", "--restore", file, "--max-insns", (total - n).ToString(), "--state-hash");
        Assert.That(second.Exit, Is.EqualTo(whole.Exit), second.Stderr);
        Assert.That(Encoding.Latin1.GetString([.. first.Console, .. second.Console]), Is.EqualTo(Encoding.Latin1.GetString(whole.Console)));
        Assert.That(HashOf(second.Stderr), Is.EqualTo((hash, total)), "the final state");
    }
}
