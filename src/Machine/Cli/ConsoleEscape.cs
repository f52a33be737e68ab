namespace Emulator.Machine.Cli;

/// <summary>
/// The console's escape key, as QEMU's -nographic has it: Ctrl-A then x quits the emulator,
/// Ctrl-A Ctrl-A sends one Ctrl-A to the guest, Ctrl-A h prints the keys; Ctrl-A followed by
/// any other key sends both to the guest. Everything else (Ctrl-C included) goes to the
/// guest unchanged. A state machine over the bytes typed, so that an escape split across
/// two reads still works.
/// </summary>
public sealed class ConsoleEscape
{
    public const byte CtrlA = 0x01;

    public const string Help =
        "\r\nemu console keys:\r\n" +
        "  Ctrl-A x       quit the emulator\r\n" +
        "  Ctrl-A Ctrl-A  send Ctrl-A to the guest\r\n" +
        "  Ctrl-A h       this help\r\n";

    bool escaped;

    /// <summary>Whether Ctrl-A x was typed; bytes after it are dropped.</summary>
    public bool Quit { get; private set; }

    /// <summary>Appends to <paramref name="toGuest"/> what <paramref name="typed"/> sends the guest, and to <paramref name="toUser"/> any help text.</summary>
    public void Filter(ReadOnlySpan<byte> typed, List<byte> toGuest, System.Text.StringBuilder toUser)
    {
        foreach (byte b in typed)
        {
            if (Quit) return;
            if (!escaped)
            {
                if (b == CtrlA) escaped = true;
                else toGuest.Add(b);
                continue;
            }
            escaped = false;
            switch (b)
            {
                case (byte)'x' or (byte)'X': Quit = true; break;
                case CtrlA: toGuest.Add(CtrlA); break;
                case (byte)'h' or (byte)'H' or (byte)'?': toUser.Append(Help); break;
                default: toGuest.Add(CtrlA); toGuest.Add(b); break;
            }
        }
    }
}

/// <summary>
/// The terminal's input through <see cref="ConsoleEscape"/>: reads return what the guest
/// should receive; Ctrl-A x ends the stream (the board then gets no more input) after
/// calling <c>quit</c>.
/// </summary>
public sealed class EscapedInputStream(Stream terminal, Action quit, Action<string> tellUser) : Stream
{
    readonly ConsoleEscape escape = new();
    readonly List<byte> ready = [];
    readonly byte[] buffer = new byte[256];
    int readyAt;
    bool quitCalled;

    public bool QuitRequested => escape.Quit;

    public override int Read(byte[] target, int offset, int count) => Read(target.AsSpan(offset, count));

    public override int Read(Span<byte> target)
    {
        while (readyAt == ready.Count)
        {
            if (escape.Quit)
            {
                // What was typed before Ctrl-A x has been delivered: now quit, once.
                if (!quitCalled) quit();
                quitCalled = true;
                return 0;
            }
            ready.Clear();
            readyAt = 0;
            int n = terminal.Read(buffer);
            if (n <= 0) return 0;
            var help = new System.Text.StringBuilder();
            escape.Filter(buffer.AsSpan(0, n), ready, help);
            if (help.Length > 0) tellUser(help.ToString());
        }
        int take = Math.Min(target.Length, ready.Count - readyAt);
        for (int i = 0; i < take; i++) target[i] = ready[readyAt + i];
        readyAt += take;
        return take;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
