using System.Text;
using Emulator.Machine.Cli;
using Snapshooter;
using Snapshooter.NUnit;

namespace Emulator.Tests.Guests;

/// <summary>
/// Runs every guest of guests/manifest.tsv in-process through the emu command line and
/// compares its console transcript with the stored snapshot (tests/Guests/__snapshots__).
/// </summary>
public class GuestTests
{
    public static IEnumerable<GuestEntry> Guests => GuestManifest.Entries();

    [TestCaseSource(nameof(Guests))]
    public void GuestPassesAndItsTranscriptMatches(GuestEntry guest)
    {
        var console = new MemoryStream();
        var stderr = new StringWriter();
        string[] args = ["run", GuestManifest.ElfPath(guest.Name), .. guest.Options, "--max-insns", "200000000"];
        int exit = EmuCommand.Invoke(args, console, stderr);
        string transcript = Encoding.UTF8.GetString(console.ToArray());
        Assert.That(exit, Is.EqualTo(guest.ExpectedExit), $"stderr: {stderr}\ntranscript:\n{transcript}");
        Snapshot.Match(transcript.Split('\n'), new SnapshotNameExtension(guest.Name));
    }
}
