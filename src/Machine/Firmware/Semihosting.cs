using System.Text;
using Emulator.Cpu;

namespace Emulator.Machine.Firmware;

/// <summary>
/// Arm semihosting for A64 guests (HLT #0xF000; operation in W0, parameter block address
/// in X1, result in X0), the calls a bare-metal test guest needs: console output and exit
/// with a status. Enabled by <c>--semihosting</c>; without it HLT is UNDEFINED.
/// </summary>
public sealed class Semihosting
{
    public const ushort HltImmediate = 0xF000;

    // Operation numbers (Arm semihosting specification, "Semihosting operations").
    public const uint SysOpen = 0x01, SysClose = 0x02, SysWriteC = 0x03, SysWrite0 = 0x04, SysWrite = 0x05,
        SysIsTty = 0x09, SysErrno = 0x13, SysExit = 0x18, SysExitExtended = 0x20;

    /// <summary>ADP_Stopped_ApplicationExit: the reason code of a normal exit.</summary>
    public const ulong ApplicationExit = 0x20026;

    /// <summary>The handle SYS_OPEN(":tt") returns; writes to it go to the console.</summary>
    const ulong ConsoleHandle = 1;

    readonly Action<ReadOnlySpan<byte>> console;

    public Semihosting(Action<ReadOnlySpan<byte>> console) => this.console = console;

    /// <summary>Set when the guest asked to exit: its exit status.</summary>
    public int? ExitStatus { get; internal set; }

    /// <summary>Serves one call; returns false when <paramref name="imm"/> is not the semihosting immediate.</summary>
    public bool Handle(Processor cpu, ushort imm)
    {
        if (imm != HltImmediate) return false;
        uint op = cpu.Wr(0);
        ulong block = cpu.Xr(1);
        ulong result = op switch
        {
            SysWriteC => WriteC(cpu, block),
            SysWrite0 => Write0(cpu, block),
            SysWrite => Write(cpu, block),
            SysOpen => Open(cpu, block),
            SysClose => 0,
            SysIsTty => Arg(cpu, block, 0, out ulong h) && h == ConsoleHandle ? 1UL : 0UL,
            SysErrno => 0,
            SysExit or SysExitExtended => Exit(cpu, block),
            _ => ulong.MaxValue, // -1: not supported
        };
        cpu.SetX(0, result);
        return true;
    }

    static bool Arg(Processor cpu, ulong block, int index, out ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        bool ok = cpu.TryReadForHost(block + (ulong)(8 * index), bytes);
        value = BitConverter.ToUInt64(bytes);
        return ok;
    }

    ulong WriteC(Processor cpu, ulong address)
    {
        Span<byte> c = stackalloc byte[1];
        if (!cpu.TryReadForHost(address, c)) return ulong.MaxValue;
        console(c);
        return 0;
    }

    ulong Write0(Processor cpu, ulong address)
    {
        var text = new List<byte>();
        Span<byte> c = stackalloc byte[1];
        // A bound keeps a guest's missing terminator from reading all of RAM.
        for (int i = 0; i < 1 << 20; i++)
        {
            if (!cpu.TryReadForHost(address + (ulong)i, c)) return ulong.MaxValue;
            if (c[0] == 0) break;
            text.Add(c[0]);
        }
        console(text.ToArray());
        return 0;
    }

    /// <summary>SYS_WRITE: returns the number of bytes not written (0 when all were).</summary>
    ulong Write(Processor cpu, ulong block)
    {
        if (!Arg(cpu, block, 0, out ulong handle) || !Arg(cpu, block, 1, out ulong data) || !Arg(cpu, block, 2, out ulong length))
            return ulong.MaxValue;
        if (handle != ConsoleHandle && handle != ConsoleHandle + 1) return length;
        if (length > 1 << 24) return length;
        var bytes = new byte[length];
        if (!cpu.TryReadForHost(data, bytes)) return length;
        console(bytes);
        return 0;
    }

    /// <summary>SYS_OPEN: only the console, ":tt", opens (for writing, handle 1; reading is not served).</summary>
    ulong Open(Processor cpu, ulong block)
    {
        if (!Arg(cpu, block, 0, out ulong name) || !Arg(cpu, block, 1, out ulong mode) || !Arg(cpu, block, 2, out ulong length))
            return ulong.MaxValue;
        if (length != 3) return ulong.MaxValue;
        Span<byte> text = stackalloc byte[3];
        if (!cpu.TryReadForHost(name, text) || Encoding.ASCII.GetString(text) != ":tt") return ulong.MaxValue;
        return mode >= 4 ? ConsoleHandle : ulong.MaxValue;
    }

    /// <summary>
    /// SYS_EXIT and SYS_EXIT_EXTENDED take a block {reason, subcode} on A64: an application
    /// exit's status is the subcode; any other reason is a failure (status 1).
    /// </summary>
    ulong Exit(Processor cpu, ulong block)
    {
        if (!Arg(cpu, block, 0, out ulong reason)) reason = 0;
        if (!Arg(cpu, block, 1, out ulong subcode)) subcode = 1;
        ExitStatus = reason == ApplicationExit ? (int)subcode : 1;
        cpu.RequestExit();
        return 0;
    }
}
