using System.Runtime.CompilerServices;
using Emulator.Cpu;
using Emulator.Devices.GenericTimer;
using Emulator.Devices.Gic;
using Emulator.Devices.Gic.Its;
using Emulator.Devices.Pl011;
using Emulator.Devices.Pl031;
using Emulator.Interconnect;
using Emulator.Machine.DeviceTree;
using Emulator.Machine.Firmware;
using Emulator.Machine.Loaders;
using Emulator.Machine.Scheduling;

namespace Emulator.Machine.Board;

/// <summary>
/// The "virt"-class board. Its life has four steps (DESIGN.md principle 1): create it, set
/// its attributes (RAM, CPUs and topology, addresses, images, command line), call
/// <see cref="FinalizeBoard"/> (which checks the map, builds the bus, devices and CPUs,
/// loads the images, writes the device tree and establishes the reset state), then
/// <see cref="Run"/>. Setting an attribute after finalize is an error.
/// </summary>
public sealed partial class Board
{
    public const ulong MinimumRam = 1UL << 20;

    bool finalized;

    T Attribute<T>(T value, [CallerMemberName] string name = "")
    {
        if (finalized)
            throw new InvalidOperationException($"cannot set {name} after the board is finalized");
        return value;
    }

    ulong ramSize = 512UL << 20;
    IReadOnlyList<Affinity> topology = Affinity.Linear(1);
    MemoryMap map = new();
    string bootargs = "";
    bool semihostingEnabled;
    byte[]? kernel;
    string kernelName = "kernel";
    ulong? loadAddress;
    byte[]? initrd;
    byte[]? dtbOverride;
    ulong instructionsPerSecond = 1_000_000_000;
    ulong counterFrequency = 62_500_000;
    long quantum = 10_000;
    ulong rtcEpoch = 1_735_689_600; // 2025-01-01T00:00:00Z: fixed, so runs are deterministic
    int spiCount = 256;
    bool itsPta;
    int itsDeviceIdBits = 16, itsEventIdBits = 16;
    ulong cntvoff;
    Action<ReadOnlySpan<byte>> console = _ => { };
    Stream? consoleInput;
    Action<string>? irqTrace;
    Action<string>? itsTrace;
    Action<string>? unimplementedTrace;
    readonly System.Collections.Concurrent.ConcurrentQueue<byte> pendingInput = new();
    readonly SemaphoreSlim inputArrived = new(0);
    volatile bool inputEnded;
    volatile bool quitRequested;

    /// <summary>RAM size in bytes (a multiple of 4 KiB, at least 1 MiB).</summary>
    public ulong RamSize { get => ramSize; set => ramSize = Attribute(value); }
    /// <summary>One affinity per CPU, in CPU order (CPU 0 boots).</summary>
    public IReadOnlyList<Affinity> Topology { get => topology; set => topology = Attribute(value); }
    public MemoryMap Map { get => map; set => map = Attribute(value); }
    /// <summary>The kernel command line, written to /chosen/bootargs.</summary>
    public string Bootargs { get => bootargs; set => bootargs = Attribute(value); }
    public bool Semihosting { get => semihostingEnabled; set => semihostingEnabled = Attribute(value); }
    /// <summary>The guest image: ELF, arm64 Linux Image, or raw (with <see cref="LoadAddress"/>).</summary>
    public byte[]? Kernel { get => kernel; set => kernel = Attribute(value); }
    /// <summary>What to call the kernel in messages (its file name).</summary>
    public string KernelName { get => kernelName; set => kernelName = Attribute(value); }
    public ulong? LoadAddress { get => loadAddress; set => loadAddress = Attribute(value); }
    public byte[]? Initrd { get => initrd; set => initrd = Attribute(value); }
    /// <summary>A device tree blob to pass instead of the one the board writes.</summary>
    public byte[]? Dtb { get => dtbOverride; set => dtbOverride = Attribute(value); }
    /// <summary>The rate of virtual time: retired instruction slots per virtual second.</summary>
    public ulong InstructionsPerSecond { get => instructionsPerSecond; set => instructionsPerSecond = Attribute(value); }
    /// <summary>CNTFRQ_EL0: the system counter's frequency.</summary>
    public ulong CounterFrequency { get => counterFrequency; set => counterFrequency = Attribute(value); }
    public long Quantum { get => quantum; set => quantum = Attribute(value); }
    /// <summary>SPIs the distributor implements (GICD_TYPER.ITLinesNumber follows).</summary>
    public int SpiCount { get => spiCount; set => spiCount = Attribute(value); }
    /// <summary>GITS_TYPER.PTA: collections name their target by redistributor address (true) or processor number (false).</summary>
    public bool ItsPta { get => itsPta; set => itsPta = Attribute(value); }
    /// <summary>GITS_TYPER.Devbits + 1: how many DeviceID bits the ITS accepts.</summary>
    public int ItsDeviceIdBits { get => itsDeviceIdBits; set => itsDeviceIdBits = Attribute(value); }
    /// <summary>GITS_TYPER.IDbits + 1: how many EventID bits the ITS accepts.</summary>
    public int ItsEventIdBits { get => itsEventIdBits; set => itsEventIdBits = Attribute(value); }
    /// <summary>CNTVOFF: the virtual counter's offset from the physical one (an EL2 register; a board attribute until EL2 exists).</summary>
    public ulong Cntvoff { get => cntvoff; set => cntvoff = Attribute(value); }
    /// <summary>The PL031's time at reset, in seconds since 1970.</summary>
    public ulong RtcEpoch { get => rtcEpoch; set => rtcEpoch = Attribute(value); }
    /// <summary>Where console output goes (UART transmit and semihosting writes).</summary>
    public Action<ReadOnlySpan<byte>> Console { get => console; set => console = Attribute(value); }
    /// <summary>
    /// Where the UART receives from (an interactive stdin), or null. It is read on a thread of
    /// its own and delivered between quanta, so the guest only ever sees it on its own thread.
    /// </summary>
    public Stream? ConsoleInput { get => consoleInput; set => consoleInput = Attribute(value); }
    /// <summary>
    /// Where each interrupt's life is told (<c>--trace irq</c>): line levels, pending,
    /// acknowledge with the running priority, priority drop, deactivation, and the CPU taking
    /// the exception; one line each, prefixed with the virtual time in instruction slots.
    /// </summary>
    public Action<string>? IrqTrace { get => irqTrace; set => irqTrace = Attribute(value); }
    /// <summary>Where the ITS tells each decoded command, each error and each LPI delivery (<c>--trace its</c>).</summary>
    public Action<string>? ItsTrace { get => itsTrace; set => itsTrace = Attribute(value); }
    /// <summary>Where each system register and instruction the emulator lacks is told, once each (<c>--trace unimpl</c>; see <see cref="Diagnostics.UnimplementedTrace"/>).</summary>
    public Action<string>? UnimplementedTrace { get => unimplementedTrace; set => unimplementedTrace = Attribute(value); }

    // ---- Built by FinalizeBoard --------------------------------------------------------

    public Bus Bus { get; private set; } = null!;
    public Ram Ram { get; private set; } = null!;
    public Processor[] Cpus { get; private set; } = [];
    public Scheduler Scheduler { get; private set; } = null!;
    public Psci Psci { get; private set; } = null!;
    public Semihosting? SemihostingService { get; private set; }
    public Pl011 Uart { get; private set; } = null!;
    public Pl031 Rtc { get; private set; } = null!;
    public GicV3 Gic { get; private set; } = null!;
    public Its Its { get; private set; } = null!;
    public MsiSource MsiSource { get; private set; } = null!;
    public CpuInterface[] CpuInterfaces { get; private set; } = [];
    public GenericTimer[] Timers { get; private set; } = [];
    public LoadedImage? Image { get; private set; }
    public BootLayout? Layout { get; private set; }
    /// <summary>The device tree the board wrote (even when a --dtb replaced it for the guest).</summary>
    public FlattenedDeviceTree DeviceTree { get; private set; } = null!;
    public byte[] DtbBlob { get; private set; } = [];

    public bool IsFinalized => finalized;

    /// <summary>Seconds of virtual time since reset.</summary>
    public ulong VirtualSeconds => Scheduler.Now / instructionsPerSecond;

    /// <summary>Checks the configuration and builds everything; see the class summary.</summary>
    public void FinalizeBoard()
    {
        if (finalized) throw new InvalidOperationException("the board is already finalized");
        Validate(needKernel: true);
        finalized = true;
        Build(null);
        LoadAndBoot();
    }

    /// <summary>
    /// Builds the bus, CPUs and devices, out of reset or (<paramref name="restored"/>) from a
    /// snapshot: creating and restoring take the same path, each part built from its state
    /// in the restore order documented in Board.Snapshot.cs.
    /// </summary>
    void Build(Restored? restored)
    {
        Bus = new Bus();
        Ram = Bus.AddRam("ram", map.RamBase, ramSize);
        restored?.LoadRam(Ram);

        var monitor = new ExclusiveMonitor(Bus, topology.Count);
        var code = new DecodedCodeCache(Bus);
        var shareable = new InnerShareableDomain();
        Cpus = new Processor[topology.Count];
        for (int i = 0; i < Cpus.Length; i++)
        {
            Cpus[i] = new Processor(Bus, i, monitor, code, shareableDomain: shareable) { Mpidr = topology[i].ToMpidr() };
            restored?.LoadCpu(i, Cpus[i]);
        }
        restored?.LoadExclusiveMonitor(monitor, Ram);
        Scheduler = new Scheduler(Cpus, quantum, restored?.Scheduler);
        monitor.ClearedByWrite = Scheduler.SendEventTo;
        // Devices after the scheduler: the RTC and the timers read virtual time at reset.
        Gic = new GicV3(new GicConfiguration
        {
            Cpus = topology,
            SpiCount = spiCount,
            DistributorBase = map.GicDistributor,
            RedistributorBase = map.GicRedistributors,
            Lpis = true,
        }, restored?.Gic, memory: Bus);
        Gic.MapInto(Bus);
        Its = new Its(new ItsConfiguration
        {
            Base = map.GicIts,
            CpuCount = topology.Count,
            Pta = itsPta,
            DeviceIdBits = itsDeviceIdBits,
            EventIdBits = itsEventIdBits,
            RedistributorAt = address =>
                address >= map.GicRedistributors && (address - map.GicRedistributors) % MemoryMap.GicRedistributorStride == 0
                && (address - map.GicRedistributors) / MemoryMap.GicRedistributorStride < (ulong)topology.Count
                    ? (int)((address - map.GicRedistributors) / MemoryMap.GicRedistributorStride) : null,
        }, Bus, Gic, restored?.Its);
        Its.MapInto(Bus);
        if (itsTrace is { } traceIts)
            Its.Trace = line => traceIts($"its {Scheduler.CurrentTime,12}: {(line.StartsWith("its: ", StringComparison.Ordinal) ? line[5..] : line)}");
        MsiSource = new MsiSource(Bus, [Its], restored?.MsiSource);
        Bus.AddMmio("msi-source", map.MsiSource, MemoryMap.MsiSourceSize, MsiSource);
        if (irqTrace is { } trace)
            Gic.InterruptTrace = line => trace($"irq {Scheduler.CurrentTime,12}: {line}");
        Uart = new Pl011(b => console([b]), Gic.SpiLine(map.UartSpi), state: restored?.Uart);
        Bus.AddMmio("pl011", map.Uart, MemoryMap.UartSize, Uart);
        Rtc = new Pl031(() => VirtualSeconds, Gic.SpiLine(map.RtcSpi), initialCounter: (uint)rtcEpoch, state: restored?.Rtc);
        Bus.AddMmio("pl031", map.Rtc, MemoryMap.RtcSize, Rtc);
        CpuInterfaces = new CpuInterface[Cpus.Length];
        Timers = new GenericTimer[Cpus.Length];
        for (int i = 0; i < Cpus.Length; i++)
        {
            CpuInterfaces[i] = new CpuInterface(Gic, i, restored?.CpuInterfaces[i]);
            SystemRegisterWiring.Bind(Cpus[i].SystemRegisters, CpuInterfaces[i]);
            Timers[i] = restored is null
                ? new GenericTimer(SystemCounter, Gic.PpiLine(i, GenericTimer.PhysicalPpi), Gic.PpiLine(i, GenericTimer.VirtualPpi), cntvoff)
                : GenericTimer.FromState(restored.Timers[i], SystemCounter, Gic.PpiLine(i, GenericTimer.PhysicalPpi), Gic.PpiLine(i, GenericTimer.VirtualPpi));
            SystemRegisterWiring.Bind(Cpus[i].SystemRegisters, Timers[i]);
            Processor cpu = Cpus[i];
            CpuInterfaces[i].SignalsChanged += ci => cpu.SetInterruptLines(ci.IrqPending, ci.FiqPending);
            cpu.SetInterruptLines(CpuInterfaces[i].IrqPending, CpuInterfaces[i].FiqPending);
        }
        // WFI wakes on a raised input whatever PSTATE masks; WFE on one that would be taken.
        Scheduler.CanWake = (i, why) => why == WaitState.ForInterrupt
            ? Cpus[i].IrqLine || Cpus[i].FiqLine
            : (Cpus[i].IrqLine && (Cpus[i].State.Daif & 0x80) == 0) || (Cpus[i].FiqLine && (Cpus[i].State.Daif & 0x40) == 0);
        Scheduler.NextEvent = NextTimerEvent;
        Scheduler.BeforeRound = BeforeRound;
        if (consoleInput is not null)
        {
            StartInputReader(consoleInput);
            // An idle guest waiting for a key is not stuck: wait for the user instead.
            Scheduler.WaitForHost = () =>
            {
                while (pendingInput.IsEmpty && !inputEnded && !quitRequested) inputArrived.Wait();
                return !pendingInput.IsEmpty || quitRequested;
            };
        }
        Psci = new Psci(Scheduler, address => Bus.RamAt(address, 4) is not null);
        if (semihostingEnabled)
            SemihostingService = new Semihosting(console);
        var platform = new MachinePlatform(Scheduler, Psci, SemihostingService);
        if (irqTrace is { } exceptionTrace)
            platform.InterruptTaken = (cpu, record) => exceptionTrace(
                $"irq {Scheduler.CurrentTime,12}: CPU {cpu.Index} takes {(record.Kind == ExceptionKind.Irq ? "IRQ" : "FIQ")} " +
                $"at 0x{record.ReturnAddress:X} from EL{record.FromEl} (vector 0x{record.Vector:X})");
        if (unimplementedTrace is { } traceUnimplemented)
        {
            var unimplemented = new Diagnostics.UnimplementedTrace(traceUnimplemented);
            platform.UnimplementedInstructionSeen = unimplemented.Instruction;
            platform.UnimplementedSystemRegisterAccessed = unimplemented.SystemRegister;
        }
        foreach (Processor cpu in Cpus)
        {
            cpu.Platform = platform;
            // Firmware's job on hardware (CNTFRQ_EL0 is writable only at the highest EL).
            if (restored is null) cpu.State.CntfrqEl0 = counterFrequency;
        }
        restored?.LoadFirmware(Psci, SemihostingService);
        if (restored is not null) eventStreamDeliveredTo = restored.Events.EventStreamDeliveredTo;
    }

    /// <summary>The system counter (CNTPCT) from virtual time, at <see cref="CounterFrequency"/>; it advances with every instruction.</summary>
    ulong SystemCounter() => (ulong)((UInt128)Scheduler.CurrentTime * counterFrequency / instructionsPerSecond);

    /// <summary>
    /// The first instruction slot at which some CPU's timer output rises or its event stream
    /// (CNTKCTL_EL1.EVNTEN) makes an event, or null: what a CPU in WFI or WFE waits for.
    /// </summary>
    ulong? NextTimerEvent()
    {
        ulong? earliest = null;
        void Consider(ulong counter)
        {
            // The slot whose counter value first reaches the event (rounding up).
            UInt128 slot = ((UInt128)counter * instructionsPerSecond + counterFrequency - 1) / counterFrequency;
            ulong at = slot > ulong.MaxValue ? ulong.MaxValue : (ulong)slot;
            earliest = earliest is { } e ? Math.Min(e, at) : at;
        }
        for (int i = 0; i < Timers.Length; i++)
        {
            if (Timers[i].NextEventCounter is { } counter) Consider(counter);
            if (Timers[i].NextEventStreamCounter(Cpus[i].State.CntkctlEl1) is { } trigger) Consider(trigger);
        }
        return earliest;
    }

    /// <summary>
    /// The system counter value up to which the CPUs' event streams have been delivered (the
    /// last round's start). Saved in snapshots: a restored board must deliver the triggers
    /// between that round's start and the moment of the snapshot, as an uninterrupted run does.
    /// </summary>
    ulong eventStreamDeliveredTo;

    /// <summary>
    /// The event stream (Arm ARM D11.2.3): each trigger of a CPU's CNTVCT_EL0 bit since the
    /// last round is a WFE wake-up event for it. Linux enables it (CNTKCTL_EL1.EVNTEN) so that
    /// a CPU waiting in WFE, in a spinlock for instance, wakes within ~100 us even if no other
    /// event reaches it.
    /// </summary>
    void DeliverEventStreams()
    {
        ulong now = SystemCounter();
        if (now == eventStreamDeliveredTo) return;
        for (int i = 0; i < Timers.Length; i++)
            if (Timers[i].EventStreamTriggered(Cpus[i].State.CntkctlEl1, eventStreamDeliveredTo, now))
                Scheduler.SendEventTo(i);
        eventStreamDeliveredTo = now;
    }

    void BeforeRound()
    {
        Rtc.Update();
        foreach (GenericTimer timer in Timers) timer.Update();
        DeliverEventStreams();
        while (pendingInput.TryDequeue(out byte b))
            Uart.Receive(b);
    }

    void StartInputReader(Stream input)
    {
        var reader = new Thread(() =>
        {
            var buffer = new byte[256];
            try
            {
                int n;
                while ((n = input.Read(buffer)) > 0)
                {
                    for (int i = 0; i < n; i++) pendingInput.Enqueue(buffer[i]);
                    inputArrived.Release();
                }
            }
            catch (IOException) { } // the terminal went away: no more input
            catch (ObjectDisposedException) { }
            inputEnded = true;
            inputArrived.Release();
        }) { IsBackground = true, Name = "console input" };
        reader.Start();
    }

    void Validate(bool needKernel)
    {
        if (ramSize < MinimumRam)
            throw new BoardException($"RAM size {ramSize} bytes is too small: at least {MinimumRam >> 20} MiB");
        if ((ramSize & Interconnect.Ram.PageOffsetMask) != 0)
            throw new BoardException($"RAM size {ramSize} bytes is not a multiple of 4 KiB");
        if (topology.Count == 0)
            throw new BoardException("the board needs at least one CPU");
        var seen = new HashSet<Affinity>();
        foreach (Affinity a in topology)
            if (!seen.Add(a))
                throw new BoardException($"two CPUs have the same MPIDR affinity {a}");
        if (itsDeviceIdBits is < 1 or > 32 || itsEventIdBits is < 14 or > 32)
            throw new BoardException($"ITS DeviceID bits {itsDeviceIdBits} must be 1-32 and EventID bits {itsEventIdBits} 14-32");
        if (spiCount is < 0 or > GicConfiguration.MaxSpis)
            throw new BoardException($"SPI count {spiCount} must be from 0 to {GicConfiguration.MaxSpis}");
        if (instructionsPerSecond == 0 || counterFrequency == 0 || quantum <= 0)
            throw new BoardException("the virtual time rate, counter frequency and quantum must be positive");
        if (needKernel && kernel is null)
            throw new BoardException("no kernel or guest image was given");

        // The MMIO map must not overlap itself or RAM.
        var regions = map.MmioRegions(topology.Count).Append(("ram", map.RamBase, ramSize)).OrderBy(r => r.Item2).ToList();
        for (int i = 1; i < regions.Count; i++)
            if (regions[i - 1].Item2 + regions[i - 1].Item3 > regions[i].Item2)
                throw new BoardException(
                    $"{regions[i - 1].Item1} [0x{regions[i - 1].Item2:X}, 0x{regions[i - 1].Item2 + regions[i - 1].Item3:X}) overlaps " +
                    $"{regions[i].Item1} at 0x{regions[i].Item2:X}" +
                    (regions[i - 1].Item1 == "gic-redistributors" ? $" ({topology.Count} CPUs need more redistributor space than the map has)" : ""));
    }

    void LoadAndBoot()
    {
        LoadedImage image;
        try
        {
            image = ImageLoader.Load(Bus, Ram, kernel!, kernelName, loadAddress);
        }
        catch (ArgumentException e)
        {
            throw new LoaderException($"{kernelName}: {e.Message}");
        }
        Image = image;

        // Place the DTB (and initrd) high in RAM, clear of the image; the tree's size does
        // not depend on the initrd addresses, so a first build measures it.
        ulong dtbSize = (ulong)(dtbOverride ?? Tree(null).ToBlob()).Length;
        BootLayout layout = BootLayout.Place(map.RamBase, ramSize, image, dtbSize, (ulong)(initrd?.Length ?? 0));
        Layout = layout;
        (ulong, ulong)? initrdRange = initrd is null ? null : (layout.InitrdStart, layout.InitrdEnd);
        DeviceTree = Tree(initrdRange);
        DtbBlob = dtbOverride ?? DeviceTree.ToBlob();
        Bus.LoadBytes(layout.DtbAddress, DtbBlob);
        if (initrd is not null)
            Bus.LoadBytes(layout.InitrdStart, initrd);

        Processor boot = Cpus[0];
        boot.Reset(image.EntryPoint);
        // booting.rst: x0 = physical address of the DTB, x1-x3 = 0. An ELF guest gets the same.
        boot.SetX(0, layout.DtbAddress);
        Scheduler.PowerOn(0);
    }

    FlattenedDeviceTree Tree((ulong, ulong)? initrdRange) =>
        BoardDeviceTree.Build(map, topology, ramSize, new BoardDeviceTree.Boot(bootargs, initrdRange));

    /// <summary>The device tree for <c>emu dtb</c>: needs no image.</summary>
    public static FlattenedDeviceTree DescribeOnly(MemoryMap map, IReadOnlyList<Affinity> topology, ulong ramSize, string bootargs) =>
        BoardDeviceTree.Build(map, topology, ramSize, new BoardDeviceTree.Boot(bootargs, null));

    /// <summary>
    /// Ends a <see cref="Run"/> under way from any thread (the user's quit key at the
    /// console): it returns <see cref="StopReason.HostRequest"/> before its next round, even
    /// if every CPU waits for input.
    /// </summary>
    public void RequestQuit()
    {
        quitRequested = true;
        Scheduler.RequestHostStop();
        inputArrived.Release();
    }

    /// <summary>Runs the machine until the guest stops it, every CPU is off or waits forever, or the budget runs out.</summary>
    public StopReason Run(ulong maxInstructions = ulong.MaxValue)
    {
        if (!finalized) throw new InvalidOperationException("finalize the board before running it");
        return Scheduler.Run(maxInstructions);
    }

    /// <summary>The guest's exit status: its semihosting exit status, 0 after PSCI SYSTEM_OFF, or null if it did neither.</summary>
    public int? ExitStatus =>
        SemihostingService?.ExitStatus ?? (Psci.SystemEvent is Psci.SystemOff or Psci.SystemReset ? 0 : null);
}

/// <summary>A board configuration that cannot be built; its message is one line for the user.</summary>
public sealed class BoardException(string message) : Exception(message);
