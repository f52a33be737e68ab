using System.Text;
using Emulator.Machine.Board;
using Emulator.Machine.Scheduling;
using Emulator.Machine.Snapshots;

namespace Emulator.Testing;

/// <summary>
/// A board running a guest, for tests: boot it, run it to a console marker or an instruction
/// count, save and restore it, and dump its state readably. The console transcript is kept.
/// <code>
/// using var machine = GuestMachine.Boot("guests/bin/gic-sgi.elf", b => { b.Topology = Affinity.Linear(4); b.Semihosting = true; });
/// machine.RunToMarker("all CPUs ready");
/// MachineApproval.MatchApproved(machine);   // compares with __snapshots__/TestClass.TestName.snap
/// </code>
/// </summary>
public sealed class GuestMachine : IDisposable
{
    readonly MemoryStream transcript = new();
    ConsoleMarker? marker;

    GuestMachine(Board board) => Board = board;

    public Board Board { get; }

    /// <summary>Everything the guest has printed on this machine (since boot or restore).</summary>
    public string Transcript => Encoding.UTF8.GetString(transcript.GetBuffer(), 0, (int)transcript.Length);

    /// <summary>Boots a guest image with the default board; <paramref name="configure"/> sets attributes (CPUs, RAM, semihosting...).</summary>
    public static GuestMachine Boot(string imagePath, Action<Board>? configure = null)
    {
        var board = new Board { Kernel = File.ReadAllBytes(imagePath), KernelName = Path.GetFileName(imagePath) };
        configure?.Invoke(board);
        var machine = new GuestMachine(board);
        board.Console = machine.OnConsole;
        board.FinalizeBoard();
        return machine;
    }

    /// <summary>A machine restored from a snapshot (its board configuration comes from the snapshot).</summary>
    public static GuestMachine Restore(byte[] snapshot)
    {
        GuestMachine? machine = null;
        Board.FromSnapshot(snapshot, board =>
        {
            machine = new GuestMachine(board);
            board.Console = machine.OnConsole;
        });
        return machine!;
    }

    void OnConsole(ReadOnlySpan<byte> bytes)
    {
        transcript.Write(bytes);
        if (marker?.Feed(bytes) == true) Board.Scheduler.RequestPause();
    }

    /// <summary>Runs until the guest has printed <paramref name="text"/> (stopping right after the instruction that printed its end).</summary>
    /// <exception cref="InvalidOperationException">the guest stopped, or ran <paramref name="maxInstructions"/> more, first.</exception>
    public GuestMachine RunToMarker(string text, ulong maxInstructions = 2_000_000_000)
    {
        marker = new ConsoleMarker(text);
        StopReason stop = Board.Run(Board.Scheduler.Retired + maxInstructions);
        marker = null;
        if (stop != StopReason.Paused)
            throw new InvalidOperationException($"the guest never printed '{text}' (the run ended: {stop}, after {Board.Scheduler.Retired} instructions)");
        return this;
    }

    /// <summary>Runs until <paramref name="instructions"/> have retired in total since reset.</summary>
    /// <exception cref="InvalidOperationException">the guest stopped first.</exception>
    public GuestMachine RunTo(ulong instructions)
    {
        StopReason stop = Board.Run(instructions);
        if (stop != StopReason.InstructionLimit)
            throw new InvalidOperationException($"the guest stopped ({stop}) after {Board.Scheduler.Retired} of {instructions} instructions");
        return this;
    }

    /// <summary>Runs until the guest stops the machine (or <paramref name="maxInstructions"/> more have retired); returns why it stopped.</summary>
    public StopReason RunToEnd(ulong maxInstructions = 2_000_000_000) => Board.Run(Board.Scheduler.Retired + maxInstructions);

    /// <summary>The whole machine as a snapshot file's bytes.</summary>
    public byte[] Save()
    {
        var bytes = new MemoryStream();
        Board.Save(bytes);
        return bytes.ToArray();
    }

    /// <summary>The readable state dump (see <see cref="StateDump"/>), with this machine's transcript.</summary>
    public IReadOnlyList<string> Dump(bool includeTranscript = true, bool includeRamHash = true) =>
        StateDump.Of(Board, includeTranscript ? Transcript : null, includeRamHash);

    public void Dispose() => transcript.Dispose();
}
