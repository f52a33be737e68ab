using Emulator.Machine.Board;

namespace Emulator.Tests.Machine.Snapshots;

/// <summary>What a processor derives from its state (not saved) is rebuilt on restore, so the restored machine behaves the same.</summary>
public class DerivedStateTests
{
    const ulong Code = 0x4008_0000, Vectors = 0x4008_1000;

    [Test]
    public void AnArmedBreakpointFiresAfterARestore()
    {
        byte[] image = new byte[0x1400];
        BitConverter.GetBytes(0x91000400u).CopyTo(image, 0);     // add x0, x0, #1
        BitConverter.GetBytes(0x17FFFFFFu).CopyTo(image, 4);     // b .-4
        BitConverter.GetBytes(0x14000000u).CopyTo(image, 0x1200); // b . (current EL with SP_ELx, synchronous)
        var board = new Board { Kernel = image, LoadAddress = Code, RamSize = 64 << 20 };
        board.FinalizeBoard();
        var s = board.Cpus[0].State;
        s.VbarEl1 = Vectors;
        s.Daif = 0;                       // PSTATE.D clear: debug exceptions may be taken at EL1
        s.OsLock = false;
        s.MdscrEl1 = (1UL << 15) | (1UL << 13); // MDE, KDE
        s.DbgBvr[0] = Code + 4;
        s.DbgBcr[0] = 1 | (0b11 << 1) | (0b1111 << 5); // E, PMC = EL1 and EL0, BAS = all, BT = unlinked address
        board.Cpus[0].DebugControlsChanged();
        var saved = new MemoryStream();
        board.Save(saved);

        var restored = new Board { Configuration = Board.ReadConfiguration(saved.ToArray()) };
        restored.Restore(saved.ToArray());
        board.Run(1000);
        restored.Run(1000);
        Assert.That(board.Cpus[0].State.PC, Is.EqualTo(Vectors + 0x200), "the breakpoint fired on the original");
        Assert.That(board.Cpus[0].State.EsrEl1 >> 26, Is.EqualTo(0x31UL), "EC = Breakpoint, same EL");
        Assert.That(restored.StateHash(), Is.EqualTo(board.StateHash()));
    }
}
