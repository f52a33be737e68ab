using Snapshooter;
using Snapshooter.NUnit;

namespace Emulator.Testing;

/// <summary>
/// Compares a machine's state dump with an approved file, with Snapshooter: the first run
/// writes <c>__snapshots__/Class.Test[_name].snap</c> beside the test (review it and commit
/// it); later runs fail with a line-by-line diff of the dump and leave the new dump in
/// <c>__snapshots__/__mismatch__/</c> for inspection.
/// </summary>
public static class MachineApproval
{
    public static void MatchApproved(GuestMachine machine, string? name = null, bool includeTranscript = true, bool includeRamHash = true) =>
        MatchApproved(machine.Dump(includeTranscript, includeRamHash), name);

    /// <summary>Compares any dump (lines) with the approved file; the lines are stored as a JSON array, so a diff names each changed line.</summary>
    public static void MatchApproved(IReadOnlyList<string> dump, string? name = null)
    {
        if (name is null) Snapshot.Match(dump);
        else Snapshot.Match(dump, new SnapshotNameExtension(name));
    }
}
