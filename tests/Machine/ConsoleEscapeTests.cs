using System.Text;
using Emulator.Machine.Board;
using Emulator.Machine.Cli;
using Emulator.Machine.Scheduling;

namespace Emulator.Tests.Machine;

/// <summary>The console's escape key (QEMU's -nographic convention): Ctrl-A x quits, Ctrl-A Ctrl-A sends Ctrl-A.</summary>
public class ConsoleEscapeTests
{
    static (byte[] ToGuest, string ToUser, bool Quit) Type(params byte[][] reads)
    {
        var escape = new ConsoleEscape();
        var guest = new List<byte>();
        var user = new StringBuilder();
        foreach (byte[] read in reads) escape.Filter(read, guest, user);
        return ([.. guest], user.ToString(), escape.Quit);
    }

    [Test]
    public void OrdinaryKeysAndCtrlCGoToTheGuest()
    {
        var r = Type("ls\r"u8.ToArray(), [0x03, 0x04, 0x1A]);
        Assert.That(r.ToGuest, Is.EqualTo("ls\r\u0003\u0004\u001a"u8.ToArray()));
        Assert.That(r.Quit, Is.False);
    }

    [Test]
    public void CtrlACtrlASendsOneCtrlA() =>
        Assert.That(Type([0x01, 0x01, (byte)'a']).ToGuest, Is.EqualTo(new byte[] { 0x01, (byte)'a' }));

    [Test]
    public void CtrlAXQuitsEvenSplitAcrossReadsAndDropsWhatFollows()
    {
        var r = Type("ab"u8.ToArray(), [0x01], "xcd"u8.ToArray());
        Assert.That(r.Quit, Is.True);
        Assert.That(r.ToGuest, Is.EqualTo("ab"u8.ToArray()));
    }

    [Test]
    public void CtrlAHPrintsTheKeysAndSendsNothing()
    {
        var r = Type([0x01, (byte)'h']);
        Assert.That(r.ToGuest, Is.Empty);
        Assert.That(r.ToUser, Does.Contain("Ctrl-A x").And.Contain("quit"));
    }

    [Test]
    public void CtrlAWithAnotherKeySendsBoth() =>
        Assert.That(Type([0x01, (byte)'z']).ToGuest, Is.EqualTo(new byte[] { 0x01, (byte)'z' }));

    [Test]
    public void TheStreamDeliversWhatPrecededTheQuitThenEndsAndQuitsOnce()
    {
        int quits = 0;
        var stream = new EscapedInputStream(new MemoryStream([(byte)'o', (byte)'k', 0x01, (byte)'x', (byte)'!']), () => quits++, _ => { });
        var buffer = new byte[16];
        int n = stream.Read(buffer);
        Assert.That(buffer[..n], Is.EqualTo("ok"u8.ToArray()));
        Assert.That(quits, Is.EqualTo(0));
        Assert.That(stream.Read(buffer), Is.EqualTo(0));
        Assert.That(stream.Read(buffer), Is.EqualTo(0));
        Assert.That(quits, Is.EqualTo(1));
    }

    [Test]
    public void QuitKeyEndsARunWhoseCpusAllWaitForInput()
    {
        // wfi ; b .-4: with an interactive console, this board would wait for keys forever.
        byte[] code = [.. BitConverter.GetBytes(0xD503207Fu), .. BitConverter.GetBytes(0x17FFFFFFu)];
        Board board = null!;
        var keys = new BlockingTerminal();
        board = new Board
        {
            Kernel = code, LoadAddress = 0x4008_0000, RamSize = 64 << 20,
            ConsoleInput = new EscapedInputStream(keys, () => board.RequestQuit(), _ => { }),
        };
        board.FinalizeBoard();
        var run = Task.Run(() => board.Run());
        Thread.Sleep(100);
        keys.Type([0x01, (byte)'x']);
        Assert.That(run.Wait(TimeSpan.FromSeconds(10)), Is.True, "the run ended");
        Assert.That(run.Result, Is.EqualTo(StopReason.HostRequest));
    }

    /// <summary>A terminal whose reads block until a test types.</summary>
    sealed class BlockingTerminal : Stream
    {
        readonly System.Collections.Concurrent.BlockingCollection<byte[]> typed = new();
        public void Type(byte[] keys) => typed.Add(keys);
        public override int Read(byte[] buffer, int offset, int count)
        {
            byte[] keys = typed.Take();
            keys.CopyTo(buffer, offset);
            return keys.Length;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
