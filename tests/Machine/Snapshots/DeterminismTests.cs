using System.Text;
using System.Text.RegularExpressions;
using Emulator.Interconnect;
using Emulator.Machine.Board;
using Emulator.Machine.Cli;
using Emulator.Machine.Scheduling;
using Emulator.Tests.Guests;

namespace Emulator.Tests.Machine.Snapshots;

/// <summary>
/// Running N instructions, saving, restoring in a fresh process and running on gives what one
/// uninterrupted run gives: the same console bytes, exit status and final state hash.
/// </summary>
[Parallelizable(ParallelScope.Children)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public partial class DeterminismTests
{
    string dir = null!;

    [SetUp]
    public void SetUp()
    {
        dir = Path.Combine(Path.GetTempPath(), $"emu-snap-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    static GuestEntry Guest(string name) => GuestManifest.Entries().Single(g => g.Name == name);

    static (int Exit, byte[] Console, string Stderr) EmuHere(params string[] args)
    {
        var stderr = new StringWriter();
        var console = new MemoryStream();
        int exit = EmuCommand.Invoke(args, console, stderr);
        return (exit, console.ToArray(), stderr.ToString());
    }

    [GeneratedRegex(@"state hash ([0-9a-f]{16}) after (\d+) instructions")]
    private static partial Regex HashLine();

    static (string Hash, ulong Retired) HashOf(string stderr)
    {
        Match m = HashLine().Match(stderr);
        Assert.That(m.Success, Is.True, $"no state hash in: {stderr}");
        return (m.Groups[1].Value, ulong.Parse(m.Groups[2].Value));
    }

    /// <summary>The GIC, ITS and timer guests, each split at moments spread over its run (odd offsets, so mid-quantum).</summary>
    [TestCase("timer")]
    [TestCase("timer-no-loss")]
    [TestCase("gic-sgi")]
    [TestCase("gic-spi")]
    [TestCase("gic-priority")]
    [TestCase("its-basic")]
    [TestCase("its-movi")]
    [TestCase("its-errors")]
    [TestCase("its-msi")]
    [TestCase("its-aff3")]
    [TestCase("el0")]
    public void SplitRunEqualsUninterruptedRun(string name)
    {
        GuestEntry guest = Guest(name);
        string elf = GuestManifest.ElfPath(name);
        var whole = EmuHere(["run", elf, .. guest.Options, "--state-hash"]);
        Assert.That(whole.Exit, Is.EqualTo(guest.ExpectedExit), whole.Stderr);
        var (hash, total) = HashOf(whole.Stderr);

        foreach (ulong n in new[] { total / 9 + 1, total / 2 + 4_321 })
        {
            string file = Path.Combine(dir, $"{name}-{n}.snap");
            var first = EmuHere(["run", elf, .. guest.Options, "--snapshot-at", n.ToString(), "--snapshot-out", file]);
            Assert.That(first.Exit, Is.Zero, first.Stderr);
            Assert.That(File.Exists(file), Is.True);
            var second = EmuProcess.Run("run", "--restore", file, "--state-hash");
            Assert.That(second.Exit, Is.EqualTo(whole.Exit), $"N = {n}: {second.Stderr}");
            Assert.That(Encoding.UTF8.GetString([.. first.Console, .. second.Console]), Is.EqualTo(Encoding.UTF8.GetString(whole.Console)), $"N = {n}");
            Assert.That(HashOf(second.Stderr), Is.EqualTo((hash, total)), $"N = {n}: final state");
        }
    }

    [Test]
    public void ARestoredMachineSavedAgainChainsThreeProcesses()
    {
        GuestEntry guest = Guest("its-movi");
        string elf = GuestManifest.ElfPath("its-movi");
        var whole = EmuHere(["run", elf, .. guest.Options, "--state-hash"]);
        var (_, total) = HashOf(whole.Stderr);
        string a = Path.Combine(dir, "a.snap"), b = Path.Combine(dir, "b.snap");
        var first = EmuHere(["run", elf, .. guest.Options, "--snapshot-at", (total / 3).ToString(), "--snapshot-out", a]);
        var second = EmuProcess.Run("run", "--restore", a, "--snapshot-at", (2 * total / 3 + 7).ToString(), "--snapshot-out", b);
        Assert.That(second.Exit, Is.Zero, second.Stderr);
        var third = EmuProcess.Run("run", "--restore", b, "--state-hash");
        Assert.That(third.Exit, Is.EqualTo(whole.Exit), third.Stderr);
        Assert.That(Encoding.UTF8.GetString([.. first.Console, .. second.Console, .. third.Console]), Is.EqualTo(Encoding.UTF8.GetString(whole.Console)));
        Assert.That(HashOf(third.Stderr), Is.EqualTo(HashOf(whole.Stderr)));
    }

    [Test]
    public void SnapshotAtAMarkerResumesRightAfterIt()
    {
        GuestEntry guest = Guest("gic-sgi");
        string elf = GuestManifest.ElfPath("gic-sgi");
        var whole = EmuHere(["run", elf, .. guest.Options, "--state-hash"]);
        string file = Path.Combine(dir, "marker.snap");
        var first = EmuHere(["run", elf, .. guest.Options, "--snapshot-at-marker", "all CPUs ready", "--snapshot-out", file]);
        Assert.That(first.Exit, Is.Zero, first.Stderr);
        Assert.That(Encoding.UTF8.GetString(first.Console), Does.EndWith("all CPUs ready"), "stopped right after the marker");
        var second = EmuProcess.Run("run", "--restore", file, "--state-hash");
        Assert.That(Encoding.UTF8.GetString([.. first.Console, .. second.Console]), Is.EqualTo(Encoding.UTF8.GetString(whole.Console)));
        Assert.That(HashOf(second.Stderr), Is.EqualTo(HashOf(whole.Stderr)));
    }

    [Test]
    public void AGuestThatEndsFirstExitsWithItsStatusAndWritesNoFile()
    {
        string file = Path.Combine(dir, "never.snap");
        var run = EmuHere(["run", GuestManifest.ElfPath("hello"), "--semihosting", "--snapshot-at", "999999999999", "--snapshot-out", file]);
        Assert.That(run.Exit, Is.EqualTo(Guest("hello").ExpectedExit));
        Assert.That(File.Exists(file), Is.False);
        var marker = EmuHere(["run", GuestManifest.ElfPath("hello"), "--semihosting", "--snapshot-at-marker", "never printed", "--snapshot-out", file]);
        Assert.That(marker.Exit, Is.EqualTo(Guest("hello").ExpectedExit));
        Assert.That(File.Exists(file), Is.False);
    }

    [Test]
    public void MaxInsnsAfterARestoreCountsFromTheSnapshot()
    {
        GuestEntry guest = Guest("timer");
        string elf = GuestManifest.ElfPath("timer");
        var whole = EmuHere(["run", elf, .. guest.Options, "--max-insns", "300000", "--state-hash"]);
        string file = Path.Combine(dir, "m.snap");
        EmuHere(["run", elf, .. guest.Options, "--snapshot-at", "120001", "--snapshot-out", file]);
        var rest = EmuProcess.Run("run", "--restore", file, "--max-insns", "179999", "--state-hash");
        Assert.That(rest.Exit, Is.EqualTo(EmuCommand.NoGuestStatus), rest.Stderr);
        Assert.That(HashOf(rest.Stderr), Is.EqualTo(HashOf(whole.Stderr)));
    }

    // ---- Moments with LPIs pending and the ITS queue not drained ---------------------------

    static Board BootInProcess(GuestEntry guest, MemoryStream console)
    {
        var board = new Board { Kernel = File.ReadAllBytes(GuestManifest.ElfPath(guest.Name)), Console = b => console.Write(b) };
        for (int i = 0; i < guest.Options.Length; i++)
            switch (guest.Options[i])
            {
                case "--smp": board.Topology = Affinity.Linear(int.Parse(guest.Options[++i])); break;
                case "--mpidr": board.Topology = Affinity.FromMpidrList(guest.Options[++i]); break;
                case "--semihosting": board.Semihosting = true; break;
                case "--its-pta": board.ItsPta = true; break;
                default: throw new ArgumentException(guest.Options[i]);
            }
        board.FinalizeBoard();
        return board;
    }

    static bool AnyLpiPending(Board board) => board.Gic.State.Redistributors.Any(r => r.LpiPending.Any(w => w != 0));

    static bool QueueUndrained(Board board) =>
        (board.Its.State.Creadr & 0xF_FFE0) != (board.Its.State.Cwriter & 0xF_FFE0) || board.Its.Stalled;

    /// <summary>Saves <paramref name="board"/> now, finishes it here, restores the file in a fresh process and finishes that: both must agree.</summary>
    void AssertFreshProcessRestoreMatches(Board board, MemoryStream console, string what)
    {
        string file = Path.Combine(dir, "moment.snap");
        using (var f = File.Create(file)) board.Save(f);
        long printed = console.Length;
        Assert.That(board.Run(), Is.EqualTo(StopReason.Requested));
        string hash = board.StateHash().ToString("x16");
        var rest = EmuProcess.Run("run", "--restore", file, "--state-hash");
        Assert.That(rest.Exit, Is.EqualTo(board.ExitStatus), rest.Stderr);
        Assert.That(Encoding.UTF8.GetString(rest.Console), Is.EqualTo(Encoding.UTF8.GetString(console.ToArray()[(int)printed..])), what);
        Assert.That(HashOf(rest.Stderr), Is.EqualTo((hash, board.Scheduler.Retired)), what);
    }

    [Test]
    public void RestoreWithLpisPendingInTheRedistributor()
    {
        var console = new MemoryStream();
        Board board = BootInProcess(Guest("its-inv"), console);
        ulong n = 0;
        do Assert.That(board.Run(n += 1_003), Is.EqualTo(StopReason.InstructionLimit), "its-inv ended with no LPI ever pending");
        while (!AnyLpiPending(board));
        AssertFreshProcessRestoreMatches(board, console, $"its-inv at {n}");
    }

    /// <summary>
    /// its-errors stalls its queue on purpose; at the first stall the host also makes an LPI
    /// pending that the guest never enables (a pending, not forwarded LPI), so the snapshot
    /// holds both at once; the guest then retries the queue from GITS_CREADR after the restore.
    /// </summary>
    [Test]
    public void RestoreWithTheItsQueueStalledAndAnLpiPending()
    {
        var console = new MemoryStream();
        Board board = BootInProcess(Guest("its-errors"), console);
        ulong n = 0;
        do Assert.That(board.Run(n += 1_001), Is.EqualTo(StopReason.InstructionLimit), "its-errors ended with its queue never stalled");
        while (!(QueueUndrained(board) && board.Gic.LpisEnabled(0)));
        int lpi = board.Gic.MaxLpi(0);
        Assert.That(board.Gic.IsLpiPending(0, lpi), Is.False);
        board.Gic.SetLpiPending(0, lpi);
        Assert.That(AnyLpiPending(board) && QueueUndrained(board), Is.True);
        AssertFreshProcessRestoreMatches(board, console, $"its-errors at {n}");
    }
}
