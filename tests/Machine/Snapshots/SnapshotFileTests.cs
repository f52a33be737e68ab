using System.Buffers.Binary;
using System.IO.Hashing;
using Emulator.Machine.Board;
using Emulator.Machine.Cli;
using Emulator.Machine.Snapshots;
using Emulator.Tests.Guests;

namespace Emulator.Tests.Machine.Snapshots;

/// <summary>A snapshot that cannot be used is refused with one line saying why, exit status 2, no stack trace.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public class SnapshotFileTests
{
    string dir = null!;
    byte[] good = null!;

    [SetUp]
    public void SetUp()
    {
        dir = Path.Combine(Path.GetTempPath(), $"emu-snapfile-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, "good.snap");
        int exit = EmuCommand.Invoke(["run", GuestManifest.ElfPath("timer"), "--semihosting", "--snapshot-at", "5000", "--snapshot-out", file],
            new MemoryStream(), new StringWriter());
        Assert.That(exit, Is.Zero);
        Assert.That(File.Exists(file), Is.True, "the timer guest runs for millions of instructions");
        good = File.ReadAllBytes(file);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    void AssertRefused(byte[] snapshot, string expected, params string[] moreArgs)
    {
        string path = Path.Combine(dir, "bad.snap");
        File.WriteAllBytes(path, snapshot);
        var stderr = new StringWriter();
        int exit = EmuCommand.Invoke(["run", "--restore", path, .. moreArgs], new MemoryStream(), stderr);
        Assert.That(exit, Is.EqualTo(EmuCommand.BadInput), stderr.ToString());
        string[] lines = stderr.ToString().TrimEnd('\n').Split('\n');
        Assert.That(lines, Has.Length.EqualTo(1), stderr.ToString());
        Assert.That(lines[0], Does.StartWith("emu: bad.snap: "));
        Assert.That(lines[0], Does.Contain(expected));
        Assert.That(stderr.ToString(), Does.Not.Contain("   at "), "no stack trace");
    }

    /// <summary>Re-seals a modified file with a valid checksum, so that a later check is the one that refuses it.</summary>
    static byte[] Reseal(byte[] file)
    {
        byte[] copy = [.. file];
        BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(copy.Length - 8), XxHash3.HashToUInt64(copy.AsSpan(0, copy.Length - 8)));
        return copy;
    }

    [Test]
    public void BadMagic()
    {
        byte[] bad = [.. good];
        bad[0] = (byte)'X';
        AssertRefused(bad, "not a snapshot of this emulator (bad magic)");
    }

    [Test]
    public void AnElfIsNotASnapshot() =>
        AssertRefused(File.ReadAllBytes(GuestManifest.ElfPath("hello")), "bad magic");

    [TestCase(3)]
    [TestCase(100)]
    [TestCase(-1)]
    public void Truncated(int length)
    {
        int keep = length < 0 ? good.Length - 1 : length;
        AssertRefused(good[..keep], $"the snapshot is truncated ({keep} bytes");
    }

    [Test]
    public void WrongFormatVersion()
    {
        byte[] bad = [.. good];
        BinaryPrimitives.WriteUInt32LittleEndian(bad.AsSpan(8), 99);
        AssertRefused(Reseal(bad), $"snapshot format version 99; this emulator reads version {SnapshotFile.FormatVersion}");
    }

    [Test]
    public void WrongSectionVersion()
    {
        // The "board" section's version follows its one-byte name length and name.
        byte[] bad = [.. good];
        Assert.That(bad[12], Is.EqualTo(5), "board");
        BinaryPrimitives.WriteUInt32LittleEndian(bad.AsSpan(18), 7);
        AssertRefused(Reseal(bad), "section 'board' is version 7; this emulator reads version 1");
    }

    [Test]
    public void BadChecksum()
    {
        byte[] bad = [.. good];
        bad[bad.Length / 2] ^= 0x10;
        AssertRefused(bad, "checksum does not match its contents: the file is corrupt");
    }

    [Test]
    public void OtherBoard() =>
        AssertRefused(good, "the snapshot was made for a different board: CPUs (MPIDR affinities) 0x0,0x1 here, 0x0 in the snapshot", "--smp", "2");

    [Test]
    public void OtherRamSize() =>
        AssertRefused(good, "RamSize 0x40000000 here, 0x20000000 in the snapshot", "--mem", "1G");

    [Test]
    public void OtherItsAttributes() =>
        AssertRefused(good, "ItsPta True here, False in the snapshot", "--its-pta");

    [Test]
    public void ImpossiblePstateIsRefusedEvenWithAValidChecksum()
    {
        // Rewrite cpu0's CurrentEl through the API, as a crafted file would, then re-seal it.
        var board = new Board { Configuration = Board.ReadConfiguration(good) };
        board.Restore(good);
        board.Cpus[0].State.CurrentEl = 3;
        var crafted = new MemoryStream();
        board.Save(crafted);
        AssertRefused(crafted.ToArray(), "CPU 0's PSTATE (EL 3");
    }

    [Test]
    public void AGuestImageWithRestoreIsAUsageError()
    {
        string path = Path.Combine(dir, "good.snap");
        var stderr = new StringWriter();
        int exit = EmuCommand.Invoke(["run", GuestManifest.ElfPath("hello"), "--restore", path], new MemoryStream(), stderr);
        Assert.That(exit, Is.EqualTo(EmuCommand.BadInput));
        Assert.That(stderr.ToString(), Does.Contain("give no guest image with it"));
    }

    [Test]
    public void MissingFile()
    {
        var stderr = new StringWriter();
        int exit = EmuCommand.Invoke(["run", "--restore", Path.Combine(dir, "nope.snap")], new MemoryStream(), stderr);
        Assert.That(exit, Is.EqualTo(EmuCommand.BadInput));
        Assert.That(stderr.ToString(), Does.Contain("snapshot").And.Contain("does not exist"));
    }

    [Test]
    public void TheApiRefusesAnotherBoardAndLeavesItUnfinalized()
    {
        var board = new Board { Topology = Emulator.Interconnect.Affinity.Linear(3), Semihosting = true };
        var e = Assert.Throws<SnapshotException>(() => board.Restore(new MemoryStream(good)));
        Assert.That(e!.Message, Does.Contain("CPUs (MPIDR affinities) 0x0,0x1,0x2 here, 0x0 in the snapshot"));
        Assert.That(board.IsFinalized, Is.False);
    }

    [Test]
    public void SaveThenRestoreThroughTheApiGivesTheSameState()
    {
        var config = Board.ReadConfiguration(good);
        var board = new Board { Configuration = config };
        board.Restore(new MemoryStream(good));
        var again = new MemoryStream();
        board.Save(again);
        var copy = new Board { Configuration = Board.ReadConfiguration(again.ToArray()) };
        copy.Restore(again.ToArray());
        Assert.That(copy.StateHash(), Is.EqualTo(board.StateHash()));
        Assert.That(copy.Cpus[0].State.PC, Is.EqualTo(board.Cpus[0].State.PC));
        Assert.That(copy.Scheduler.Retired, Is.EqualTo(5000UL));
    }
}
