using System.CommandLine;
using System.Text;
using Emulator.Interconnect;
using Emulator.Machine.Board;
using Emulator.Machine.Loaders;
using Emulator.Machine.Scheduling;

namespace Emulator.Machine.Cli;

/// <summary>
/// The <c>emu</c> command line: <c>emu run FILE [board options]</c> and
/// <c>emu dtb [board options] -o FILE</c>. Every error is one line on stderr and a
/// non-zero exit status (2 for bad input); the guest's own status is the exit status of a run.
/// </summary>
public static class EmuCommand
{
    public const int BadInput = 2;
    /// <summary>The run ended without the guest choosing a status (instruction limit, all CPUs waiting forever).</summary>
    public const int NoGuestStatus = 3;
    public const int InternalError = 70;

    sealed class BoardOptions
    {
        public readonly Option<int> Smp = new("--smp") { Description = "number of CPUs", DefaultValueFactory = _ => 1 };
        public readonly Option<string> Mem = new("--mem") { Description = "RAM size (e.g. 512M, 2G)", DefaultValueFactory = _ => "512M" };
        public readonly Option<string?> Mpidr = new("--mpidr") { Description = "comma-separated MPIDR affinities, one per CPU (e.g. 0x0,0x1,0x100000000)" };
        public readonly Option<string?> Topology = new("--topology") { Description = "affinity levels, e.g. aff3=2,aff2=1,aff1=1,aff0=2" };
        public readonly Option<string> Append = new("--append") { Description = "kernel command line (/chosen/bootargs)", DefaultValueFactory = _ => "" };

        public IEnumerable<Option> All => [Smp, Mem, Mpidr, Topology, Append];

        public void Configure(ParseResult r, Board.Board board)
        {
            board.RamSize = OptionParsing.Size(r.GetValue(Mem)!, "--mem");
            if (board.RamSize < Board.Board.MinimumRam)
                throw new UsageException($"--mem {r.GetValue(Mem)} is too small: the board needs at least 1M");
            if ((board.RamSize & Ram.PageOffsetMask) != 0)
                throw new UsageException($"--mem {r.GetValue(Mem)} is not a multiple of 4K");
            board.Topology = TopologyFrom(r);
            board.Bootargs = r.GetValue(Append)!;
        }

        IReadOnlyList<Affinity> TopologyFrom(ParseResult r)
        {
            int smp = r.GetValue(Smp);
            string? mpidr = r.GetValue(Mpidr), spec = r.GetValue(Topology);
            bool smpGiven = r.GetResult(Smp) is { Implicit: false };
            if (mpidr is not null && spec is not null)
                throw new UsageException("--mpidr and --topology cannot be used together");
            if (smp < 1)
                throw new UsageException($"--smp {smp}: a board needs at least one CPU");
            Affinity[] cpus;
            try
            {
                cpus = mpidr is not null ? Affinity.FromMpidrList(mpidr)
                    : spec is not null ? Affinity.FromSpec(spec)
                    : Affinity.Linear(smp);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new UsageException($"{(mpidr is not null ? "--mpidr" : spec is not null ? "--topology" : "--smp")}: {e.Message}");
            }
            if (smpGiven && (mpidr is not null || spec is not null) && cpus.Length != smp)
                throw new UsageException($"--smp {smp} disagrees with the {cpus.Length} CPUs of {(mpidr is not null ? "--mpidr" : "--topology")}");
            return cpus;
        }
    }

    public static int Invoke(string[] args, Stream console, TextWriter stderr)
    {
        var board = new BoardOptions();

        var file = new Argument<string>("file") { Description = "guest image: ELF, arm64 Linux Image, or raw binary with --load-addr" };
        var initrd = new Option<string?>("--initrd") { Description = "initial ramdisk to load and pass in /chosen" };
        var dtb = new Option<string?>("--dtb") { Description = "pass this device tree blob instead of the board's own" };
        var loadAddr = new Option<string?>("--load-addr") { Description = "load address of a raw binary (e.g. 0x40080000)" };
        var semihosting = new Option<bool>("--semihosting") { Description = "serve Arm semihosting calls (HLT #0xF000)" };
        var maxInsns = new Option<string?>("--max-insns") { Description = "stop after this many instructions" };
        var trace = new Option<string[]>("--trace") { Description = "trace to stderr: irq (each interrupt's life), its (ITS commands, errors, LPI deliveries), unimpl (each system register or instruction the emulator lacks, once)", AllowMultipleArgumentsPerToken = true };
        trace.AcceptOnlyFromAmong("irq", "its", "unimpl");
        var itsPta = new Option<bool>("--its-pta") { Description = "GITS_TYPER.PTA = 1: ITS collections target redistributor addresses" };
        var run = new Command("run", "Run a guest on the board") { file, initrd, dtb, loadAddr, semihosting, maxInsns, trace, itsPta };
        foreach (Option o in board.All) run.Options.Add(o);
        run.SetAction(r => Run(r, board, console, stderr, file, initrd, dtb, loadAddr, semihosting, maxInsns, trace, itsPta));

        var output = new Option<string>("-o", "--output") { Description = "where to write the blob", Required = true };
        var dtbCommand = new Command("dtb", "Write the board's device tree blob") { output };
        foreach (Option o in board.All) dtbCommand.Options.Add(o);
        dtbCommand.SetAction(r => WriteDtb(r, board, output));

        var root = new RootCommand("emu: an AArch64 full-system emulator") { run, dtbCommand };
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            stderr.WriteLine($"emu: {parsed.Errors[0].Message}");
            return BadInput;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = Console.Out, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is UsageException or BoardException or LoaderException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"emu: {e.Message}");
            return BadInput;
        }
        catch (Exception e)
        {
            // An emulator bug: still one line, so a user's terminal is not flooded.
            stderr.WriteLine($"emu: internal error: {e.GetType().Name}: {e.Message}");
            return InternalError;
        }
    }

    static byte[] ReadInput(string path, string what)
    {
        if (!File.Exists(path))
            throw new UsageException($"{what} '{path}' does not exist");
        return File.ReadAllBytes(path);
    }

    static int Run(ParseResult r, BoardOptions options, Stream console, TextWriter stderr, Argument<string> file,
        Option<string?> initrd, Option<string?> dtb, Option<string?> loadAddr, Option<bool> semihosting, Option<string?> maxInsns,
        Option<string[]> trace, Option<bool> itsPta)
    {
        var board = new Board.Board();
        options.Configure(r, board);
        string path = r.GetValue(file)!;
        board.Kernel = ReadInput(path, "guest image");
        board.KernelName = Path.GetFileName(path);
        if (r.GetValue(initrd) is { } initrdPath) board.Initrd = ReadInput(initrdPath, "initrd");
        if (r.GetValue(dtb) is { } dtbPath) board.Dtb = ReadInput(dtbPath, "device tree blob");
        if (r.GetValue(loadAddr) is { } address) board.LoadAddress = OptionParsing.Number(address, "--load-addr");
        board.Semihosting = r.GetValue(semihosting);
        string[] traces = r.GetValue(trace) ?? [];
        if (traces.Contains("irq")) board.IrqTrace = stderr.WriteLine;
        if (traces.Contains("its")) board.ItsTrace = stderr.WriteLine;
        if (traces.Contains("unimpl")) board.UnimplementedTrace = stderr.WriteLine;
        board.ItsPta = r.GetValue(itsPta);
        ulong limit = r.GetValue(maxInsns) is { } max ? OptionParsing.Number(max, "--max-insns") : ulong.MaxValue;

        board.Console = bytes => { console.Write(bytes); console.Flush(); };
        // An interactive console: the terminal in raw mode, its keys to the PL011 through
        // the escape key (Ctrl-A x quits, see ConsoleEscape).
        RawTerminal? terminal = null;
        if (!Console.IsInputRedirected)
            board.ConsoleInput = new EscapedInputStream(TerminalInput(), board.RequestQuit, stderr.Write);
        StopReason stop;
        try
        {
            board.FinalizeBoard();
            if (board.ConsoleInput is not null) terminal = RawTerminal.TryEnter();
            stop = board.Run(limit);
            console.Flush();
        }
        finally
        {
            terminal?.Dispose();
        }
        if (stop == StopReason.HostRequest)
        {
            stderr.WriteLine("emu: quit (Ctrl-A x)");
            return 0;
        }
        if (board.ExitStatus is { } status) return status;
        stderr.WriteLine(stop switch
        {
            StopReason.InstructionLimit => $"emu: stopped after {board.Scheduler.Retired} instructions (--max-insns)",
            StopReason.AllCpusOff => "emu: every CPU is off (PSCI CPU_OFF) and none can be woken",
            StopReason.Deadlock => "emu: every CPU is waiting (WFI/WFE) and nothing can wake any of them",
            _ => "emu: the guest stopped without an exit status",
        });
        // Where each CPU was: what a user (or a findings log) needs to see why a guest stalled.
        for (int i = 0; i < board.Cpus.Length; i++)
            stderr.WriteLine(DescribeCpu(board, i));
        return NoGuestStatus;
    }

    /// <summary>
    /// Stdin as the bytes the terminal sends. Not Console.OpenStandardInput: for a terminal,
    /// .NET reads that through its own line editor, which eats control keys (Ctrl-A among
    /// them) and delivers nothing until Enter.
    /// </summary>
    static Stream TerminalInput() =>
        new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);

    /// <summary>One line of a CPU's state at a stop: power, PC, EL and the last exception's registers.</summary>
    static string DescribeCpu(Board.Board board, int i)
    {
        Emulator.Cpu.CpuState s = board.Cpus[i].State;
        string power = board.Scheduler.PowerOf(i) == PowerState.On
            ? board.Scheduler.WaitOf(i) is var wait && wait != WaitState.Running ? $"on, waiting ({wait})" : "on"
            : board.Scheduler.PowerOf(i).ToString().ToLowerInvariant();
        return $"emu: cpu {i} ({power}): pc 0x{s.PC:x} EL{s.CurrentEl} SCTLR_EL1 0x{s.SctlrEl1:x} " +
            $"ESR_EL1 0x{s.EsrEl1:x} ELR_EL1 0x{s.ElrEl1:x} FAR_EL1 0x{s.FarEl1:x} VBAR_EL1 0x{s.VbarEl1:x}";
    }

    static int WriteDtb(ParseResult r, BoardOptions options, Option<string> output)
    {
        var board = new Board.Board();
        options.Configure(r, board);
        byte[] blob = Board.Board.DescribeOnly(board.Map, board.Topology, board.RamSize, board.Bootargs).ToBlob();
        AtomicFile.Write(r.GetValue(output)!, blob);
        return 0;
    }
}

/// <summary>Writes a file so that a reader sees either the old file or the whole new one, never a part.</summary>
public static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> data)
    {
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var f = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                f.Write(data);
                f.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
