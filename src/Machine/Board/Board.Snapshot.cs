using System.IO.Hashing;
using Emulator.Cpu;
using Emulator.Devices.GenericTimer;
using Emulator.Devices.Gic;
using Emulator.Devices.Gic.Its;
using Emulator.Devices.Pl011;
using Emulator.Devices.Pl031;
using Emulator.Interconnect;
using Emulator.Machine.Firmware;
using Emulator.Machine.Scheduling;
using Emulator.Machine.Snapshots;

namespace Emulator.Machine.Board;

/// <summary>
/// What defines a board, as plain data: the snapshot header. A snapshot is restored only on a
/// board with exactly this configuration (host attributes such as the console are not part
/// of it, nor are the boot images, whose effect is in RAM).
/// </summary>
public sealed class BoardConfiguration
{
    public ulong RamSize;
    /// <summary>MPIDR_EL1 of each CPU, in CPU order (the topology).</summary>
    public ulong[] Mpidrs = [];
    public ulong RamBase, GicDistributor, GicIts, GicRedistributors, Uart, Rtc, MsiSource;
    public int UartSpi, RtcSpi;
    public uint ApbClockHz;
    public int SpiCount;
    public bool ItsPta;
    public int ItsDeviceIdBits, ItsEventIdBits;
    public ulong InstructionsPerSecond, CounterFrequency;
    public long Quantum;
    public ulong Cntvoff, RtcEpoch;
    public bool Semihosting;

    /// <summary>The fields in which <paramref name="other"/> differs, as "name here vs there" phrases.</summary>
    public IEnumerable<string> Differences(BoardConfiguration other, string thisName, string otherName)
    {
        foreach (var f in StateCodec.FieldsOf(typeof(BoardConfiguration)))
        {
            object? a = f.GetValue(this), b = f.GetValue(other);
            string sa = Show(a), sb = Show(b);
            // The topology as --mpidr gives it: affinities, without MPIDR_EL1's RES1 bit 31.
            string label = f.Name == nameof(Mpidrs) ? "CPUs (MPIDR affinities)" : f.Name;
            if (f.Name == nameof(Mpidrs)) (sa, sb) = (Show(Affinities((ulong[])a!)), Show(Affinities((ulong[])b!)));
            if (sa != sb) yield return $"{label} {sa} {thisName}, {sb} {otherName}";
        }
    }

    static ulong[] Affinities(ulong[] mpidrs) => [.. mpidrs.Select(m => m & ~(1UL << 31))];

    static string Show(object? v) => v switch
    {
        ulong[] list => list.Length == 0 ? "(none)" : string.Join(",", list.Select(x => $"0x{x:X}")),
        ulong u => u >= 0x10000 ? $"0x{u:X}" : u.ToString(),
        _ => v?.ToString() ?? "null",
    };
}

/// <summary>What the board itself keeps between rounds: how far the CPUs' event streams have been delivered (a system counter value).</summary>
public sealed class BoardEventState
{
    public ulong EventStreamDeliveredTo;
}

/// <summary>PSCI's and semihosting's outcome so far (set once the guest asked to stop).</summary>
public sealed class FirmwareState
{
    public bool HasSystemEvent;
    public uint SystemEvent;
    public bool HasExitStatus;
    public int ExitStatus;
}

/// <summary>The global exclusive monitor: which granule each CPU holds marked.</summary>
public sealed class ExclusiveMonitorState
{
    public bool[] Held = [];
    public ulong[] Address = [];
}

// Whole-machine snapshots (Save, Restore, StateHash).
//
// Restore order, and why (Build follows it; each step builds a part from its state):
//  1. The configuration from the "board" section: topology (and so every MPIDR), RAM size,
//     memory map, SPI count, ITS attributes, virtual-time rate. It is compared with this
//     board's and the snapshot is refused if they differ. GICR_TYPER and GITS_TYPER derive
//     from it, so it comes before the GIC and the ITS.
//  2. RAM, before anything that reads guest memory at build time: the redistributors re-read
//     the LPI configuration and pending tables (GICR_PROPBASER/PENDBASER) when built with
//     EnableLPIs = 1, and the ITS tables live there too.
//  3. The CPUs' architectural state (filled in place: the interpreter holds on to CpuState.X),
//     then what each processor derives from it (TLB flushed, debug paths re-armed from
//     MDSCR_EL1 and the breakpoint/watchpoint controls), then the global exclusive
//     monitor's marks (they watch RAM pages).
//  4. The scheduler: virtual time, retired count, power and WFI/WFE parking, and the position
//     inside the round; before any device that reads virtual time when built (the timers).
//  5. The GIC (distributor, redistributors with their LPI enable and pending state), then the
//     ITS with all its registers at once (GITS_CBASER/CWRITER/CREADR/BASERn are in place
//     before GITS_CTLR.Enabled takes effect; building runs no command), the MSI source, UART
//     (with its receive FIFO), RTC, and per CPU the CPU interface (active priorities) and the
//     timer, whose output levels are driven again from their state; then the CPUs' IRQ/FIQ
//     inputs from the CPU interfaces.
//  6. Firmware outcome (PSCI system event, semihosting exit status).
// Caches are never saved and start empty: decoded code, TLBs, the GIC's highest-pending
// cache and its cached LPI configuration. Host input typed but not yet delivered to the UART
// is not machine state either (it belongs to the host session).
public sealed partial class Board
{
    /// <summary>Section names and versions. Bump a version when its contents change meaning.</summary>
    static class Sections
    {
        public const string Board = "board", Ram = "ram", Cpu = "cpu", Monitor = "exclusive-monitor", Scheduler = "scheduler",
            Firmware = "firmware", Events = "board-events", Gic = "gic", Its = "its", MsiSource = "msi-source", Uart = "pl011", Rtc = "pl031",
            CpuInterface = "cpu-interface", Timer = "timer";
        public const uint Version = 1;
    }

    /// <summary>The configuration this board has (or will have when finalized).</summary>
    public BoardConfiguration Configuration
    {
        get => new()
        {
            RamSize = ramSize,
            Mpidrs = [.. topology.Select(a => a.ToMpidr())],
            RamBase = map.RamBase, GicDistributor = map.GicDistributor, GicIts = map.GicIts,
            GicRedistributors = map.GicRedistributors, Uart = map.Uart, Rtc = map.Rtc, MsiSource = map.MsiSource,
            UartSpi = map.UartSpi, RtcSpi = map.RtcSpi, ApbClockHz = map.ApbClockHz,
            SpiCount = spiCount, ItsPta = itsPta, ItsDeviceIdBits = itsDeviceIdBits, ItsEventIdBits = itsEventIdBits,
            InstructionsPerSecond = instructionsPerSecond, CounterFrequency = counterFrequency, Quantum = quantum,
            Cntvoff = cntvoff, RtcEpoch = rtcEpoch, Semihosting = semihostingEnabled,
        };
        set
        {
            RamSize = value.RamSize;
            Topology = [.. value.Mpidrs.Select(Affinity.FromMpidr)];
            Map = map with
            {
                RamBase = value.RamBase, GicDistributor = value.GicDistributor, GicIts = value.GicIts,
                GicRedistributors = value.GicRedistributors, Uart = value.Uart, Rtc = value.Rtc, MsiSource = value.MsiSource,
                UartSpi = value.UartSpi, RtcSpi = value.RtcSpi, ApbClockHz = value.ApbClockHz,
            };
            SpiCount = value.SpiCount;
            ItsPta = value.ItsPta;
            ItsDeviceIdBits = value.ItsDeviceIdBits;
            ItsEventIdBits = value.ItsEventIdBits;
            InstructionsPerSecond = value.InstructionsPerSecond;
            CounterFrequency = value.CounterFrequency;
            Quantum = value.Quantum;
            Cntvoff = value.Cntvoff;
            RtcEpoch = value.RtcEpoch;
            Semihosting = value.Semihosting;
        }
    }

    /// <summary>
    /// Every plain state object a snapshot holds, with the section it goes in, in restore
    /// order (RAM, which is not a state object, goes right after the configuration).
    /// </summary>
    public IEnumerable<(string Section, object State)> SnapshotStates()
    {
        RequireFinalized();
        yield return (Sections.Board, Configuration);
        for (int i = 0; i < Cpus.Length; i++) yield return ($"{Sections.Cpu}{i}", Cpus[i].State);
        yield return (Sections.Monitor, MonitorState());
        yield return (Sections.Scheduler, Scheduler.State);
        yield return (Sections.Events, new BoardEventState { EventStreamDeliveredTo = eventStreamDeliveredTo });
        yield return (Sections.Gic, Gic.State);
        yield return (Sections.Its, Its.State);
        yield return (Sections.MsiSource, MsiSource.State);
        yield return (Sections.Uart, Uart.State);
        yield return (Sections.Rtc, Rtc.State);
        for (int i = 0; i < Cpus.Length; i++) yield return ($"{Sections.CpuInterface}{i}", CpuInterfaces[i].State);
        for (int i = 0; i < Cpus.Length; i++) yield return ($"{Sections.Timer}{i}", Timers[i].State);
        yield return (Sections.Firmware, new FirmwareState
        {
            HasSystemEvent = Psci.SystemEvent is not null, SystemEvent = Psci.SystemEvent ?? 0,
            HasExitStatus = SemihostingService?.ExitStatus is not null, ExitStatus = SemihostingService?.ExitStatus ?? 0,
        });
    }

    ExclusiveMonitorState MonitorState()
    {
        ExclusiveMonitor m = Cpus[0].Monitor;
        var s = new ExclusiveMonitorState { Held = new bool[m.Agents], Address = new ulong[m.Agents] };
        for (int i = 0; i < m.Agents; i++)
            if (m.ReservationOf(i) is { } address) { s.Held[i] = true; s.Address[i] = address; }
        return s;
    }

    void RequireFinalized()
    {
        if (!finalized) throw new InvalidOperationException("the board has no state before it is finalized");
        if (Scheduler.IsRunning) throw new InvalidOperationException("a snapshot is taken between runs, not during one");
    }

    /// <summary>Writes the whole machine to <paramref name="output"/> (see <see cref="SnapshotFile"/> for the format).</summary>
    public void Save(Stream output)
    {
        var w = new SnapshotFile.Writer(output);
        w.Begin();
        WriteSections(w.Section, () =>
        {
            RamImage.Image image = RamImage.Compress(Ram);
            w.Section(Sections.Ram, Sections.Version, image.Length, image.WriteTo);
        });
        w.Finish();
    }

    void WriteSections(Action<string, uint, Action<BinaryWriter>> section, Action ram)
    {
        bool first = true;
        foreach (var (name, state) in SnapshotStates())
        {
            section(name, Sections.Version, w => StateCodec.Write(w, state));
            if (first) ram();
            first = false;
        }
    }

    /// <summary>
    /// A hash of the whole architectural state (every section of a snapshot, RAM as raw
    /// non-zero pages so that it does not depend on compression): two machines in the same
    /// state have the same hash. Printed by <c>emu run --state-hash</c>.
    /// </summary>
    public ulong StateHash()
    {
        var hash = new XxHash3();
        void Section(string name, uint version, Action<BinaryWriter> payload)
        {
            var body = new MemoryStream();
            using (var w = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true)) { w.Write(name); w.Write(version); payload(w); }
            hash.Append(body.GetBuffer().AsSpan(0, (int)body.Length));
        }
        WriteSections(Section, () => Section(Sections.Ram, Sections.Version, w => RamImage.WriteCanonical(w, Ram)));
        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>Reads and checks a snapshot (magic, version, completeness, checksum) and returns the configuration it was made for.</summary>
    public static BoardConfiguration ReadConfiguration(byte[] snapshot) =>
        ConfigurationOf(SnapshotFile.Parse(snapshot));

    static BoardConfiguration ConfigurationOf(IReadOnlyDictionary<string, SnapshotFile.Section> sections) =>
        Restored.Decode<BoardConfiguration>(sections, Sections.Board);

    /// <summary>
    /// Finalizes this board from a snapshot instead of from reset: the board must have the
    /// configuration the snapshot was made for (set it with <see cref="Configuration"/> from
    /// <see cref="ReadConfiguration"/>); host attributes (console, traces) are this board's.
    /// A snapshot that cannot be used is a <see cref="SnapshotException"/> saying why, and
    /// leaves the board unfinalized.
    /// </summary>
    public void Restore(Stream input)
    {
        var buffer = new MemoryStream();
        input.CopyTo(buffer);
        Restore(buffer.ToArray());
    }

    public void Restore(byte[] snapshot)
    {
        if (finalized) throw new InvalidOperationException("restore a snapshot into a new board, not a finalized one");
        Restore(SnapshotFile.Parse(snapshot));
    }

    /// <summary>
    /// A new board from a snapshot, checked and read once: its configuration is the
    /// snapshot's, then <paramref name="configure"/> sets host attributes (console, traces)
    /// and may set board attributes, which must then agree with the snapshot.
    /// </summary>
    public static Board FromSnapshot(byte[] snapshot, Action<Board>? configure = null)
    {
        var sections = SnapshotFile.Parse(snapshot);
        var board = new Board { Configuration = ConfigurationOf(sections) };
        configure?.Invoke(board);
        board.Restore(sections);
        return board;
    }

    void Restore(IReadOnlyDictionary<string, SnapshotFile.Section> sections)
    {
        BoardConfiguration theirs = ConfigurationOf(sections);
        string[] differences = [.. Configuration.Differences(theirs, "here", "in the snapshot")];
        if (differences.Length > 0)
            throw new SnapshotException($"the snapshot was made for a different board: {string.Join("; ", differences)}");
        try
        {
            Validate(needKernel: false);
        }
        catch (BoardException e)
        {
            throw new SnapshotException($"the snapshot's board cannot be built: {e.Message}");
        }
        var restored = new Restored(sections, topology.Count);
        try
        {
            Build(restored);
        }
        catch (ArgumentException e)
        {
            // A device refused its state (CheckShape): the snapshot holds values no device could have.
            throw new SnapshotException($"the snapshot holds an impossible state: {e.Message}");
        }
        finalized = true;
    }

    /// <summary>The decoded sections of a snapshot, handed to <see cref="Build"/> part by part.</summary>
    sealed class Restored
    {
        readonly IReadOnlyDictionary<string, SnapshotFile.Section> sections;

        public Restored(IReadOnlyDictionary<string, SnapshotFile.Section> sections, int cpus)
        {
            this.sections = sections;
            Scheduler = Decode<SchedulerState>(sections, Sections.Scheduler);
            Gic = Decode<GicState>(sections, Sections.Gic);
            Its = Decode<ItsState>(sections, Sections.Its);
            MsiSource = Decode<MsiSource.SourceState>(sections, Sections.MsiSource);
            Uart = Decode<Pl011State>(sections, Sections.Uart);
            Rtc = Decode<Pl031State>(sections, Sections.Rtc);
            CpuInterfaces = [.. Enumerable.Range(0, cpus).Select(i => Decode<CpuInterfaceState>(sections, $"{Sections.CpuInterface}{i}"))];
            Timers = [.. Enumerable.Range(0, cpus).Select(i => Decode<GenericTimerState>(sections, $"{Sections.Timer}{i}"))];
            monitor = Decode<ExclusiveMonitorState>(sections, Sections.Monitor);
            firmware = Decode<FirmwareState>(sections, Sections.Firmware);
            Events = Decode<BoardEventState>(sections, Sections.Events);
            for (int i = 0; i < cpus; i++) Payload(sections, $"{Sections.Cpu}{i}"); // present, checked before anything is built
            Payload(sections, Sections.Ram);
            string[] known = [Sections.Board, Sections.Ram, Sections.Monitor, Sections.Scheduler, Sections.Firmware, Sections.Events, Sections.Gic,
                Sections.Its, Sections.MsiSource, Sections.Uart, Sections.Rtc,
                .. Enumerable.Range(0, cpus).SelectMany(i => new[] { $"{Sections.Cpu}{i}", $"{Sections.CpuInterface}{i}", $"{Sections.Timer}{i}" })];
            if (sections.Keys.FirstOrDefault(k => !known.Contains(k)) is { } extra)
                throw new SnapshotException($"the snapshot has a section '{extra}' this emulator does not know");
        }

        public SchedulerState Scheduler { get; }
        public BoardEventState Events { get; }
        public GicState Gic { get; }
        public ItsState Its { get; }
        public MsiSource.SourceState MsiSource { get; }
        public Pl011State Uart { get; }
        public Pl031State Rtc { get; }
        public CpuInterfaceState[] CpuInterfaces { get; }
        public GenericTimerState[] Timers { get; }
        readonly ExclusiveMonitorState monitor;
        readonly FirmwareState firmware;

        static ReadOnlyMemory<byte> Payload(IReadOnlyDictionary<string, SnapshotFile.Section> sections, string name)
        {
            if (!sections.TryGetValue(name, out SnapshotFile.Section? s))
                throw new SnapshotException($"the snapshot has no section '{name}'");
            if (s.Version != Sections.Version)
                throw new SnapshotException($"section '{name}' is version {s.Version}; this emulator reads version {Sections.Version}");
            return s.Payload;
        }

        static void Fill(IReadOnlyDictionary<string, SnapshotFile.Section> sections, string name, object target)
        {
            using var r = new BinaryReader(RamImage.StreamOf(Payload(sections, name)));
            try
            {
                StateCodec.ReadInto(r, target, name);
            }
            catch (Exception e) when (e is EndOfStreamException or FormatException or IOException)
            {
                throw new SnapshotException($"section '{name}' ends early or is malformed");
            }
            if (r.BaseStream.Position != r.BaseStream.Length)
                throw new SnapshotException($"section '{name}' has {r.BaseStream.Length - r.BaseStream.Position} bytes left over");
        }

        public static T Decode<T>(IReadOnlyDictionary<string, SnapshotFile.Section> sections, string name) where T : class, new()
        {
            var value = new T();
            Fill(sections, name, value);
            return value;
        }

        public void LoadRam(Ram ram)
        {
            try
            {
                RamImage.Read(Payload(sections, Sections.Ram), ram);
            }
            catch (EndOfStreamException)
            {
                throw new SnapshotException("section 'ram' ends early");
            }
        }

        public void LoadCpu(int index, Processor cpu)
        {
            CpuState s = cpu.State;
            Fill(sections, $"{Sections.Cpu}{index}", s);
            // PSTATE fields the interpreter relies on being in range (a crafted file must not reach it).
            if (s.CurrentEl > 1 || s.SpSel > 1 || (s.CurrentEl == 0 && s.SpSel != 0)
                || (s.Nzcv & ~0xF000_0000u) != 0 || (s.Daif & ~0x3C0u) != 0)
                throw new SnapshotException($"CPU {index}'s PSTATE (EL {s.CurrentEl}, SP {s.SpSel}, NZCV 0x{s.Nzcv:X}, DAIF 0x{s.Daif:X}) is not one this PE can be in");
            if (s.ExclusiveValid && s.ExclusiveSize is not (1 or 2 or 4 or 8 or 16))
                throw new SnapshotException($"CPU {index}'s exclusive monitor holds an access of {s.ExclusiveSize} bytes");
            s.X[CpuState.ZrSlot] = 0;
            cpu.FlushTlb();
            // What the processor derives from its state (the translation context of its EL and
            // PSTATE.PAN, the debug fetch and data paths) follows it.
            cpu.UpdateTranslationContext();
            cpu.DebugControlsChanged();
        }

        public void LoadExclusiveMonitor(ExclusiveMonitor m, Ram ram)
        {
            if (monitor.Held.Length != m.Agents || monitor.Address.Length != m.Agents)
                throw new SnapshotException($"the exclusive monitor section is for {monitor.Held.Length} CPUs, not {m.Agents}");
            for (int i = 0; i < m.Agents; i++)
                if (monitor.Held[i])
                {
                    if (!ram.Contains(monitor.Address[i]))
                        throw new SnapshotException($"CPU {i}'s exclusive mark 0x{monitor.Address[i]:X} is outside RAM");
                    m.Mark(i, ram, monitor.Address[i]);
                }
        }

        public void LoadFirmware(Psci psci, Semihosting? semihosting)
        {
            psci.SystemEvent = firmware.HasSystemEvent ? firmware.SystemEvent : null;
            if (semihosting is not null) semihosting.ExitStatus = firmware.HasExitStatus ? firmware.ExitStatus : null;
            else if (firmware.HasExitStatus)
                throw new SnapshotException("the snapshot holds a semihosting exit status but the board has no semihosting");
        }
    }
}
