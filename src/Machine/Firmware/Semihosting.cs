using System.Buffers.Binary;

namespace Emulator.Machine.Firmware;

/// <summary>How the semihosting service sees guest memory (the CPU translates addresses).</summary>
public interface IGuestMemory
{
    /// <summary>Reads guest bytes at a virtual address; false if any of them cannot be read.</summary>
    bool TryRead(ulong address, Span<byte> into);
}

/// <summary>
/// What a semihosting call asks of the machine: the value for x0 (null when the call leaves
/// x0 as the specification calls "corrupted", i.e. unspecified: we leave it unchanged), and
/// an exit status when the guest asked to stop.
/// </summary>
public readonly record struct SemihostingOutcome(ulong? Result, int? ExitStatus)
{
    public static SemihostingOutcome Return(ulong value) => new(value, null);
    public static readonly SemihostingOutcome Unchanged = new(null, null);
    public static readonly SemihostingOutcome Error = new(ulong.MaxValue, null);
}

/// <summary>
/// Arm semihosting for A64 guests (the HLT #0xF000 trap; "Semihosting for AArch32 and
/// AArch64", ARM IHI 0063): the operation is w0, its parameter x1. Implemented: SYS_OPEN of
/// ":tt" (the console), SYS_WRITEC, SYS_WRITE0, SYS_WRITE to the console, SYS_ERRNO,
/// SYS_EXIT and SYS_EXIT_EXTENDED. Anything else returns -1. Guest pointers that cannot be
/// read make the call fail with -1; the host never throws.
/// </summary>
public sealed class Semihosting(Action<byte> console)
{
    public const uint SYS_OPEN = 0x01;
    public const uint SYS_WRITEC = 0x03;
    public const uint SYS_WRITE0 = 0x04;
    public const uint SYS_WRITE = 0x05;
    public const uint SYS_ERRNO = 0x13;
    public const uint SYS_EXIT = 0x18;
    public const uint SYS_EXIT_EXTENDED = 0x20;

    public const ulong ADP_Stopped_ApplicationExit = 0x20026;

    /// <summary>Console handles returned by SYS_OPEN(":tt"): modes 0-3 read, 4-7 write, 8-11 append (stderr).</summary>
    public const ulong StdinHandle = 1, StdoutHandle = 2, StderrHandle = 3;

    /// <summary>A guest string longer than this is refused rather than read forever.</summary>
    public const int MaxString = 1 << 20;

    const int EBADF = 9, EFAULT = 14, ENOENT = 2;

    int lastErrno;

    public SemihostingOutcome Call(uint operation, ulong parameter, IGuestMemory memory) => operation switch
    {
        SYS_WRITEC => WriteC(parameter, memory),
        SYS_WRITE0 => Write0(parameter, memory),
        SYS_WRITE => Write(parameter, memory),
        SYS_OPEN => Open(parameter, memory),
        SYS_ERRNO => SemihostingOutcome.Return((ulong)lastErrno),
        SYS_EXIT or SYS_EXIT_EXTENDED => Exit(parameter, memory),
        _ => SemihostingOutcome.Error,
    };

    SemihostingOutcome Fail(int errno)
    {
        lastErrno = errno;
        return SemihostingOutcome.Error;
    }

    SemihostingOutcome WriteC(ulong address, IGuestMemory memory)
    {
        Span<byte> c = stackalloc byte[1];
        if (!memory.TryRead(address, c)) return Fail(EFAULT);
        console(c[0]);
        return SemihostingOutcome.Unchanged;
    }

    SemihostingOutcome Write0(ulong address, IGuestMemory memory)
    {
        Span<byte> c = stackalloc byte[1];
        for (int n = 0; n < MaxString; n++)
        {
            if (!memory.TryRead(address + (ulong)n, c)) return Fail(EFAULT);
            if (c[0] == 0) return SemihostingOutcome.Unchanged;
            console(c[0]);
        }
        return Fail(EFAULT);
    }

    /// <summary>Block {handle, buffer, length}; returns how many bytes were NOT written.</summary>
    SemihostingOutcome Write(ulong block, IGuestMemory memory)
    {
        if (!ReadWords(block, memory, out ulong handle, out ulong buffer, out ulong length, words: 3))
            return Fail(EFAULT);
        if (handle != StdoutHandle && handle != StderrHandle)
        {
            lastErrno = EBADF;
            return SemihostingOutcome.Return(length);
        }
        Span<byte> chunk = stackalloc byte[256];
        for (ulong done = 0; done < length;)
        {
            int n = (int)Math.Min((ulong)chunk.Length, length - done);
            if (!memory.TryRead(buffer + done, chunk[..n]))
            {
                lastErrno = EFAULT;
                return SemihostingOutcome.Return(length - done);
            }
            foreach (byte b in chunk[..n]) console(b);
            done += (ulong)n;
        }
        return SemihostingOutcome.Return(0);
    }

    /// <summary>Block {name, mode, name length}: only ":tt", the console, can be opened.</summary>
    SemihostingOutcome Open(ulong block, IGuestMemory memory)
    {
        if (!ReadWords(block, memory, out ulong name, out ulong mode, out ulong length, words: 3))
            return Fail(EFAULT);
        Span<byte> text = stackalloc byte[3];
        if (length != 3 || !memory.TryRead(name, text) || !text.SequenceEqual(":tt"u8))
            return Fail(ENOENT);
        return mode switch
        {
            <= 3 => SemihostingOutcome.Return(StdinHandle),
            <= 7 => SemihostingOutcome.Return(StdoutHandle),
            <= 11 => SemihostingOutcome.Return(StderrHandle),
            _ => Fail(ENOENT),
        };
    }

    /// <summary>
    /// A64 passes a block {reason, subcode}: ADP_Stopped_ApplicationExit exits with the
    /// subcode as status; any other reason is an abnormal stop, status 1 (as QEMU does).
    /// An unreadable block still stops the guest, with status 1.
    /// </summary>
    SemihostingOutcome Exit(ulong block, IGuestMemory memory)
    {
        if (!ReadWords(block, memory, out ulong reason, out ulong subcode, out _, words: 2))
            return new SemihostingOutcome(null, 1);
        return new SemihostingOutcome(null, reason == ADP_Stopped_ApplicationExit ? (int)subcode : 1);
    }

    static bool ReadWords(ulong address, IGuestMemory memory, out ulong a, out ulong b, out ulong c, int words)
    {
        Span<byte> bytes = stackalloc byte[24];
        a = b = c = 0;
        if (!memory.TryRead(address, bytes[..(8 * words)])) return false;
        a = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        b = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
        if (words > 2) c = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]);
        return true;
    }
}
