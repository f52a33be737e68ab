using Emulator.Interconnect;
using Emulator.Machine.Scheduling;
using Emulator.Testing;
using Emulator.Tests.Guests;

namespace Emulator.Tests.Tools;

/// <summary>The users' test helpers (tools/Testing): boot to a marker or a count, snapshot, compare a state dump with an approved file.</summary>
public class TestingLibraryTests
{
    static GuestMachine GicSgi() =>
        GuestMachine.Boot(GuestManifest.ElfPath("gic-sgi"), b => { b.Topology = Affinity.Linear(4); b.Semihosting = true; });

    /// <summary>The approved dump: four CPUs in their SGI rounds, the GIC with SGIs enabled, the transcript so far.</summary>
    [Test]
    public void GicSgiAtAllCpusReadyMatchesTheApprovedDump()
    {
        using GuestMachine machine = GicSgi().RunToMarker("all CPUs ready");
        Assert.That(machine.Transcript, Does.EndWith("all CPUs ready"));
        MachineApproval.MatchApproved(machine);
    }

    [Test]
    public void AChangedStateFailsWithADiffNamingTheLine()
    {
        using GuestMachine machine = GicSgi().RunToMarker("all CPUs ready");
        var dump = machine.Dump().ToList();
        MachineApproval.MatchApproved(dump, "changed"); // the approved file: the state as it is
        int pc = dump.FindIndex(l => l.StartsWith("  PC = ", StringComparison.Ordinal));
        dump[pc] = "  PC = 0xBADBAD";
        string mismatchDir = Path.Combine(Path.GetDirectoryName(ThisFile())!, "__snapshots__", "__mismatch__");
        try
        {
            var e = Assert.Catch(() => MachineApproval.MatchApproved(dump, "changed"));
            Assert.That(e!.Message, Does.Contain("PC = 0xBADBAD"));
        }
        finally
        {
            if (Directory.Exists(mismatchDir)) Directory.Delete(mismatchDir, recursive: true);
        }
    }

    static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    [Test]
    public void ASnapshotRestoredAndRunOnEndsLikeTheOriginal()
    {
        using GuestMachine original = GicSgi().RunTo(150_001);
        byte[] snapshot = original.Save();
        using GuestMachine copy = GuestMachine.Restore(snapshot);
        Assert.That(copy.Dump(includeTranscript: false), Is.EqualTo(original.Dump(includeTranscript: false)));
        string before = original.Transcript;
        Assert.That(original.RunToEnd(), Is.EqualTo(StopReason.Requested));
        Assert.That(copy.RunToEnd(), Is.EqualTo(StopReason.Requested));
        Assert.That(before + copy.Transcript, Is.EqualTo(original.Transcript));
        Assert.That(copy.Dump(includeTranscript: false), Is.EqualTo(original.Dump(includeTranscript: false)));
    }

    [Test]
    public void AMarkerNeverPrintedIsAClearFailure()
    {
        using GuestMachine machine = GuestMachine.Boot(GuestManifest.ElfPath("hello"), b => b.Semihosting = true);
        var e = Assert.Throws<InvalidOperationException>(() => machine.RunToMarker("no such text"));
        Assert.That(e!.Message, Does.Contain("never printed 'no such text'"));
    }
}
