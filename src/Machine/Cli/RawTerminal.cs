using System.Runtime.InteropServices;

namespace Emulator.Machine.Cli;

/// <summary>
/// Puts the terminal on stdin in raw mode for an interactive guest console, as QEMU's
/// -nographic does: every key (Ctrl-C, Ctrl-Z, Ctrl-D included) goes to the guest, nothing is
/// echoed or line-buffered by the host, and output keeps its newline translation so that
/// emu's own messages stay readable. The previous mode is restored on <see cref="Dispose"/>,
/// at process exit, on an unhandled exception and on SIGTERM, SIGHUP and SIGQUIT.
/// <para>
/// Through libc's tcgetattr, cfmakeraw and tcsetattr (P/Invoke) rather than a child
/// <c>stty</c>: no process to start (it must also work in an exit or signal handler), no
/// dependence on the PATH, and a failure is an error code rather than text to parse. The
/// termios structure is handled as opaque bytes (its size differs between libcs), except for
/// c_oflag, which is the second 32-bit word on Linux and the second word on the BSDs.
/// </para>
/// </summary>
public sealed class RawTerminal : IDisposable
{
    const int StdinFd = 0;
    const int Tcsanow = 0;
    // Larger than any libc's struct termios (glibc x86-64: 60 bytes, macOS: 72).
    const int TermiosBytes = 256;
    const uint Opost = 1;

    [DllImport("libc", SetLastError = true)]
    static extern int tcgetattr(int fd, byte[] termios);

    [DllImport("libc", SetLastError = true)]
    static extern int tcsetattr(int fd, int optionalActions, byte[] termios);

    [DllImport("libc")]
    static extern void cfmakeraw(byte[] termios);

    [DllImport("libc")]
    static extern int isatty(int fd);

    readonly byte[] saved;
    readonly PosixSignalRegistration[] signals;
    int restored;

    RawTerminal(byte[] saved)
    {
        this.saved = saved;
        AppDomain.CurrentDomain.ProcessExit += OnExit;
        AppDomain.CurrentDomain.UnhandledException += OnCrash;
        // Restore, then let the signal do what it does by default (end the process).
        signals = [.. new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT, PosixSignal.SIGINT }
            .Select(s => PosixSignalRegistration.Create(s, _ => Restore()))];
    }

    /// <summary>Raw mode on stdin if it is a terminal (and the host has termios); null otherwise.</summary>
    public static RawTerminal? TryEnter()
    {
        if (OperatingSystem.IsWindows()) return null;
        try
        {
            if (isatty(StdinFd) != 1) return null;
            var saved = new byte[TermiosBytes];
            if (tcgetattr(StdinFd, saved) != 0) return null;
            var raw = (byte[])saved.Clone();
            cfmakeraw(raw);
            // Keep output processing (ONLCR): the guest writes \r\n itself, emu's messages \n.
            uint oflag = BitConverter.ToUInt32(raw, OflagOffset) | Opost;
            BitConverter.TryWriteBytes(raw.AsSpan(OflagOffset), oflag);
            if (tcsetattr(StdinFd, Tcsanow, raw) != 0) return null;
            return new RawTerminal(saved);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null; // no termios here: the console stays line-buffered
        }
    }

    // c_iflag, c_oflag, ...: tcflag_t is 32 bits on Linux, a long on macOS.
    static int OflagOffset => OperatingSystem.IsMacOS() ? 8 : 4;

    void OnExit(object? sender, EventArgs e) => Restore();
    void OnCrash(object? sender, UnhandledExceptionEventArgs e) => Restore();

    /// <summary>Puts the terminal back as it was; safe to call more than once, from any thread.</summary>
    public void Restore()
    {
        if (Interlocked.Exchange(ref restored, 1) != 0) return;
        tcsetattr(StdinFd, Tcsanow, saved);
    }

    public void Dispose()
    {
        Restore();
        AppDomain.CurrentDomain.ProcessExit -= OnExit;
        AppDomain.CurrentDomain.UnhandledException -= OnCrash;
        foreach (PosixSignalRegistration s in signals) s.Dispose();
    }
}
