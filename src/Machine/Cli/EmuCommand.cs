using System.CommandLine;
using System.Text;
using Emulator.Interconnect;
using Emulator.Machine.Board;
using Emulator.Machine.Loaders;
using Emulator.Machine.Scheduling;
using Emulator.Machine.Snapshots;

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

        /// <param name="onlyGiven">set only what the command line gives explicitly (the rest comes from a snapshot).</param>
        public void Configure(ParseResult r, Board.Board board, bool onlyGiven = false)
        {
            bool Use(Option o) => !onlyGiven || Given(r, o);
            if (Use(Mem))
            {
                board.RamSize = OptionParsing.Size(r.GetValue(Mem)!, "--mem");
                if (board.RamSize < Board.Board.MinimumRam)
                    throw new UsageException($"--mem {r.GetValue(Mem)} is too small: the board needs at least 1M");
                if ((board.RamSize & Ram.PageOffsetMask) != 0)
                    throw new UsageException($"--mem {r.GetValue(Mem)} is not a multiple of 4K");
            }
            if (Use(Smp) || Use(Mpidr) || Use(Topology))
                board.Topology = TopologyFrom(r);
            if (Use(Append))
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

        var file = new Argument<string?>("file") { Description = "guest image: ELF, arm64 Linux Image, or raw binary with --load-addr (none with --restore)", Arity = ArgumentArity.ZeroOrOne };
        var initrd = new Option<string?>("--initrd") { Description = "initial ramdisk to load and pass in /chosen" };
        var dtb = new Option<string?>("--dtb") { Description = "pass this device tree blob instead of the board's own" };
        var loadAddr = new Option<string?>("--load-addr") { Description = "load address of a raw binary (e.g. 0x40080000)" };
        var semihosting = new Option<bool>("--semihosting") { Description = "serve Arm semihosting calls (HLT #0xF000)" };
        var maxInsns = new Option<string?>("--max-insns") { Description = "stop after this many instructions" };
        var trace = new Option<string[]>("--trace") { Description = "trace to stderr: irq (each interrupt's life), its (ITS commands, errors, LPI deliveries), unimpl (each system register or instruction the emulator lacks, once)", AllowMultipleArgumentsPerToken = true };
        trace.AcceptOnlyFromAmong("irq", "its", "unimpl");
        var itsPta = new Option<bool>("--its-pta") { Description = "GITS_TYPER.PTA = 1: ITS collections target redistributor addresses" };
        var snapshot = new SnapshotOptions();
        var run = new Command("run", "Run a guest on the board") { file, initrd, dtb, loadAddr, semihosting, maxInsns, trace, itsPta };
        foreach (Option o in board.All) run.Options.Add(o);
        foreach (Option o in snapshot.All) run.Options.Add(o);
        run.SetAction(r => Run(r, board, snapshot, console, stderr, file, initrd, dtb, loadAddr, semihosting, maxInsns, trace, itsPta));

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
        catch (Exception e) when (e is UsageException or BoardException or LoaderException or SnapshotException or IOException or UnauthorizedAccessException)
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

    sealed class SnapshotOptions
    {
        public readonly Option<string?> At = new("--snapshot-at") { Description = "save the machine when this many instructions in total have retired, then stop (status 0)" };
        public readonly Option<string?> AtMarker = new("--snapshot-at-marker") { Description = "save the machine once the guest has printed this text, then stop (status 0)" };
        public readonly Option<string?> Out = new("--snapshot-out") { Description = "where --snapshot-at or --snapshot-at-marker writes the snapshot" };
        public readonly Option<string?> Restore = new("--restore") { Description = "resume the machine saved in this snapshot (instead of booting a guest image)" };
        public readonly Option<bool> StateHash = new("--state-hash") { Description = "print a hash of the whole machine state to stderr when the run stops" };

        public IEnumerable<Option> All => [At, AtMarker, Out, Restore, StateHash];
    }

    static bool Given(ParseResult r, Option o) => r.GetResult(o) is { Implicit: false };

    static int Run(ParseResult r, BoardOptions options, SnapshotOptions snapshot, Stream console, TextWriter stderr, Argument<string?> file,
        Option<string?> initrd, Option<string?> dtb, Option<string?> loadAddr, Option<bool> semihosting, Option<string?> maxInsns,
        Option<string[]> trace, Option<bool> itsPta)
    {
        var board = new Board.Board();
        string? path = r.GetValue(file);
        string? restorePath = r.GetValue(snapshot.Restore);
        byte[]? restoreFrom = null;
        if (restorePath is not null)
        {
            if (path is not null)
                throw new UsageException("--restore resumes a saved machine: give no guest image with it");
            foreach (Option o in new Option[] { initrd, dtb, loadAddr })
                if (Given(r, o)) throw new UsageException($"{o.Name} cannot be used with --restore (the guest is already in the snapshot's RAM)");
            restoreFrom = ReadInput(restorePath, "snapshot");
        }
        else
        {
            if (path is null) throw new UsageException("no guest image given (or --restore FILE)");
            options.Configure(r, board);
            board.Kernel = ReadInput(path, "guest image");
            board.KernelName = Path.GetFileName(path);
            if (r.GetValue(initrd) is { } initrdPath) board.Initrd = ReadInput(initrdPath, "initrd");
            if (r.GetValue(dtb) is { } dtbPath) board.Dtb = ReadInput(dtbPath, "device tree blob");
            if (r.GetValue(loadAddr) is { } address) board.LoadAddress = OptionParsing.Number(address, "--load-addr");
            board.Semihosting = r.GetValue(semihosting);
            board.ItsPta = r.GetValue(itsPta);
        }
        string[] traces = r.GetValue(trace) ?? [];
        ulong? maxGiven = r.GetValue(maxInsns) is { } max ? OptionParsing.Number(max, "--max-insns") : null;
        ulong? snapshotAt = r.GetValue(snapshot.At) is { } at ? OptionParsing.Number(at, "--snapshot-at") : null;
        string? marker = r.GetValue(snapshot.AtMarker);
        string? snapshotOut = r.GetValue(snapshot.Out);
        if ((snapshotAt is not null || marker is not null) != (snapshotOut is not null))
            throw new UsageException(snapshotOut is null ? "--snapshot-at and --snapshot-at-marker need --snapshot-out FILE" : "--snapshot-out needs --snapshot-at N or --snapshot-at-marker TEXT");
        if (snapshotAt is not null && marker is not null)
            throw new UsageException("give --snapshot-at or --snapshot-at-marker, not both");
        if (marker is { Length: 0 })
            throw new UsageException("--snapshot-at-marker needs a non-empty text");

        var markerWatch = marker is null ? null : new ConsoleMarker(marker);
        void HostAttributes(Board.Board b)
        {
            if (traces.Contains("irq")) b.IrqTrace = stderr.WriteLine;
            if (traces.Contains("its")) b.ItsTrace = stderr.WriteLine;
            if (traces.Contains("unimpl")) b.UnimplementedTrace = stderr.WriteLine;
            b.Console = bytes =>
            {
                console.Write(bytes);
                console.Flush();
                if (markerWatch is not null && markerWatch.Feed(bytes))
                    b.Scheduler.RequestPause();
            };
            // An interactive console: the terminal in raw mode, its keys to the PL011 through
            // the escape key (Ctrl-A x quits, see ConsoleEscape).
            if (!Console.IsInputRedirected)
                b.ConsoleInput = new EscapedInputStream(TerminalInput(), b.RequestQuit, stderr.Write);
        }
        if (restoreFrom is not null)
        {
            try
            {
                board = Board.Board.FromSnapshot(restoreFrom, b =>
                {
                    // Options given explicitly must agree with the snapshot (the restore refuses otherwise).
                    options.Configure(r, b, onlyGiven: true);
                    if (Given(r, semihosting)) b.Semihosting = r.GetValue(semihosting);
                    if (Given(r, itsPta)) b.ItsPta = r.GetValue(itsPta);
                    HostAttributes(b);
                });
            }
            catch (SnapshotException e)
            {
                throw new SnapshotException($"{Path.GetFileName(restorePath)}: {e.Message}");
            }
        }
        else
        {
            HostAttributes(board);
            board.FinalizeBoard();
        }

        // --max-insns counts from where the run starts (after a restore, from the snapshot); --snapshot-at from reset.
        ulong limit = maxGiven is { } m ? board.Scheduler.Retired + m : ulong.MaxValue;
        if (snapshotAt is { } n)
        {
            if (n < board.Scheduler.Retired)
                throw new UsageException($"--snapshot-at {n}: the restored machine has already retired {board.Scheduler.Retired} instructions");
            limit = Math.Min(limit, n);
        }
        StopReason stop;
        RawTerminal? terminal = null;
        try
        {
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
        if (r.GetValue(snapshot.StateHash))
            stderr.WriteLine($"emu: state hash {board.StateHash():x16} after {board.Scheduler.Retired} instructions");
        if (board.ExitStatus is { } status) return status;
        bool snapshotNow = stop == StopReason.Paused
            || (stop == StopReason.InstructionLimit && snapshotAt is { } wanted && board.Scheduler.Retired == wanted);
        if (snapshotNow && snapshotOut is not null)
        {
            var buffer = new MemoryStream();
            board.Save(buffer);
            AtomicFile.Write(snapshotOut, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            return 0;
        }
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
