using Emulator.Interconnect;

namespace Emulator.Devices.Gic;

/// <summary>
/// A GICv3 (Arm IHI 0069) with one Security state (GICD_CTLR.DS = 1) and affinity routing
/// (ARE = 1): the <see cref="Distributor"/>, one <see cref="Redistributor"/> per CPU, and
/// the interface a CPU interface (ICC_* system registers) drives. Not thread-safe: the
/// machine thread makes every call.
///
/// <para><b>Inputs.</b> Devices drive SPIs through <see cref="SpiLine"/> and PPIs through
/// <see cref="PpiLine"/> as levels; the CPU interface sends SGIs with <see cref="SendSgi"/>.</para>
///
/// <para><b>Delivery.</b> <see cref="HighestPending(int)"/> is the interrupt the GIC forwards
/// to CPU n: the highest-priority (numerically lowest) interrupt that is pending, enabled,
/// not active, of a group enabled in GICD_CTLR, and routed to n, while n's redistributor is
/// awake (GICR_WAKER.ProcessorSleep = 0). Equal priorities go to the lowest INTID. The CPU
/// interface applies its own group enables, priority mask and running priority to it.
/// <see cref="Acknowledge"/> activates an interrupt (ICC_IAR*), <see cref="Deactivate"/>
/// deactivates it (ICC_EOIR* with EOImode = 0, or ICC_DIR). Whenever anything changes that
/// could change CPU n's answer, <see cref="PendingChanged"/> is called with n, so the
/// machine can re-evaluate that CPU's IRQ (Group 1) and FIQ (Group 0) inputs as levels.</para>
///
/// <para><b>LPIs</b> (INTID 8192 and up, GicConfiguration.Lpis): each redistributor holds
/// its own, configured from the guest's tables (see Redistributor.Lpis.cs); they are Group
/// 1, take part in <see cref="HighestPending(int)"/> by priority like the others, and the
/// ITS drives them through <see cref="ILpiTarget"/> (GicV3.Lpis.cs).</para>
///
/// <para><b>SPI routing</b> (GICD_IROUTER): with Interrupt_Routing_Mode = 0 the SPI goes to
/// the CPU whose affinity equals Aff3.Aff2.Aff1.Aff0; if none does, it stays pending and is
/// delivered nowhere. With Interrupt_Routing_Mode = 1 (1-of-N) it goes to the
/// lowest-numbered CPU that is awake, whose GICR_CTLR.DPG bit for the SPI's group is 0 and
/// whose CPU interface has reported that group enabled (<see cref="SetCpuInterfaceGroupEnables"/>);
/// if none qualifies it stays pending. The choice is re-made whenever state changes, and
/// an SPI is no longer offered to anyone once acknowledged (it is then active).</para>
/// </summary>
public sealed partial class GicV3 : ILpiTarget
{
    readonly GicConfiguration config;
    readonly GicState state;
    readonly Redistributor[] redistributors;
    readonly Dictionary<Affinity, int> cpuByAffinity = [];
    readonly PendingInterrupt[][] cache; // [cpu][0 = both groups, 1 = Group 0, 2 = Group 1]
    readonly bool[] cacheValid;

    /// <param name="memory">
    /// Guest memory, where the LPI configuration and pending tables live (GICR_PROPBASER,
    /// GICR_PENDBASER). Without it (or where it maps nothing) table reads return zeros and
    /// table writes are dropped, each with a <see cref="Trace"/> line.
    /// </param>
    public GicV3(GicConfiguration config, GicState? state = null, Bus? memory = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        this.config = config;
        Memory = memory;
        int cpus = config.Cpus.Count;
        this.state = state ?? GicState.Reset(cpus);
        CheckShape(this.state, cpus);
        Distributor = new Distributor(this, config, this.state.Distributor);
        redistributors = new Redistributor[cpus];
        for (int i = 0; i < cpus; i++)
        {
            redistributors[i] = new Redistributor(this, config, i, this.state.Redistributors[i]);
            cpuByAffinity.Add(config.Cpus[i], i);
        }
        Redistributors = new RedistributorRegion(redistributors);
        cache = new PendingInterrupt[cpus][];
        for (int i = 0; i < cpus; i++)
            cache[i] = new PendingInterrupt[3];
        cacheValid = new bool[cpus];
        foreach (Redistributor r in redistributors)
            r.RestoreLpis();
    }

    /// <summary>A state to restore must have the sizes this model uses (a corrupt snapshot is refused, not half-used).</summary>
    static void CheckShape(GicState s, int cpus)
    {
        static bool Bank(InterruptBankState? b, int words) =>
            b is not null && b.Group?.Length == words && b.Enabled?.Length == words && b.PendingLatch?.Length == words
            && b.Active?.Length == words && b.LineLevel?.Length == words && b.MessageLevel?.Length == words
            && b.EdgeTriggered?.Length == words && b.Priority?.Length == 32 * words;
        if (s.Redistributors is null || s.Redistributors.Length != cpus)
            throw new ArgumentException($"the GIC state holds {s.Redistributors?.Length ?? 0} redistributors for {cpus} CPUs");
        if (s.Distributor is null || !Bank(s.Distributor.Spis, DistributorState.Intids / 32) || s.Distributor.Irouter?.Length != DistributorState.Intids)
            throw new ArgumentException("the GIC state's distributor does not have the shape of this model");
        for (int i = 0; i < cpus; i++)
            if (s.Redistributors[i] is null || !Bank(s.Redistributors[i].Private, 1)
                || s.Redistributors[i].LpiPending?.Length != Redistributor.LpiWords)
                throw new ArgumentException($"the GIC state's redistributor {i} does not have the shape of this model");
    }

    public GicConfiguration Configuration => config;

    public GicState State => state;

    public int CpuCount => redistributors.Length;

    /// <summary>The GICD_* frame (64 KiB), for the bus at <see cref="GicConfiguration.DistributorBase"/>.</summary>
    public Distributor Distributor { get; }

    /// <summary>All redistributor frames (128 KiB per CPU), for the bus at <see cref="GicConfiguration.RedistributorBase"/>.</summary>
    public RedistributorRegion Redistributors { get; }

    public Redistributor RedistributorOf(int cpu) => redistributors[cpu];

    /// <summary>The physical address of CPU <paramref name="cpu"/>'s RD_base frame (an ITS with GITS_TYPER.PTA = 1 names redistributors so).</summary>
    public ulong RedistributorAddress(int cpu) => config.RedistributorBase + Redistributor.FrameSize * (ulong)cpu;

    /// <summary>Maps the distributor and the redistributor region on the bus at their configured bases.</summary>
    public void MapInto(Bus bus)
    {
        bus.AddMmio("gic-distributor", config.DistributorBase, Distributor.RegionSize, Distributor);
        bus.AddMmio("gic-redistributors", config.RedistributorBase, Redistributors.Size, Redistributors);
    }

    /// <summary>Told of every guest access the register tables refuse or ignore (one line each).</summary>
    public Action<string>? Trace { get; set; }

    /// <summary>
    /// Told of each interrupt's life, one stable line per event: an input wire changing level,
    /// GICD_SETSPI_NSR / GICD_CLRSPI_NSR, an SGI made pending, acknowledge and deactivate
    /// (e.g. "INTID 33 acknowledged by CPU 1 (priority 0x80, Group1): active").
    /// </summary>
    public Action<string>? InterruptTrace { get; set; }

    /// <summary>
    /// "CPU n's highest pending interrupt may have changed": called after every change that
    /// can affect <see cref="HighestPending(int)"/> for CPU n (the GIC is consistent again
    /// when it is called, so the handler may query it).
    /// </summary>
    public Action<int>? PendingChanged { get; set; }

    /// <summary>The CPU number whose affinity is <paramref name="affinity"/>, or -1.</summary>
    public int CpuOf(Affinity affinity) => cpuByAffinity.TryGetValue(affinity, out int cpu) ? cpu : -1;

    /// <summary>The wire of SPI <paramref name="spi"/>, INTID 32 + spi.</summary>
    public GicInputLine SpiLine(int spi) => Distributor.SpiLine(spi);

    /// <summary>The wire of PPI <paramref name="ppi"/> (INTID 16 + ppi) of CPU <paramref name="cpu"/>.</summary>
    public GicInputLine PpiLine(int cpu, int ppi) => redistributors[cpu].PpiLine(ppi);

    /// <summary>The highest-priority interrupt forwarded to CPU <paramref name="cpu"/>, of either group.</summary>
    public PendingInterrupt HighestPending(int cpu) => Cached(cpu, 0);

    /// <summary>
    /// The highest-priority interrupt of <paramref name="group"/> forwarded to CPU
    /// <paramref name="cpu"/> (for ICC_HPPIR0/1 and ICC_IAR0/1, and the FIQ / IRQ levels).
    /// </summary>
    public PendingInterrupt HighestPending(int cpu, GicGroup group) => Cached(cpu, 1 + (int)group);

    PendingInterrupt Cached(int cpu, int slot)
    {
        if (!cacheValid[cpu])
        {
            cache[cpu][0] = Compute(cpu, allow0: true, allow1: true);
            cache[cpu][1] = Compute(cpu, allow0: true, allow1: false);
            cache[cpu][2] = Compute(cpu, allow0: false, allow1: true);
            cacheValid[cpu] = true;
        }
        return cache[cpu][slot];
    }

    PendingInterrupt Compute(int cpu, bool allow0, bool allow1)
    {
        Redistributor r = redistributors[cpu];
        if (r.IsAsleep)
            return PendingInterrupt.None;
        allow0 &= Distributor.Group0Enabled;
        allow1 &= Distributor.Group1Enabled;
        if (!allow0 && !allow1)
            return PendingInterrupt.None;
        PendingInterrupt best = PendingInterrupt.None;
        Scan(r.Bank, 0, cpu, allow0, allow1, spis: false, ref best);
        InterruptBank spis = Distributor.Bank;
        for (int w = 1; w < spis.Words; w++)
            Scan(spis, w, cpu, allow0, allow1, spis: true, ref best);
        if (allow1)
            r.BestLpi(ref best); // LPIs are Group 1
        return best;
    }

    void Scan(InterruptBank bank, int w, int cpu, bool allow0, bool allow1, bool spis, ref PendingInterrupt best)
    {
        uint group1 = bank.State.Group[w];
        uint candidates = bank.Candidates(w) & ((allow1 ? group1 : 0u) | (allow0 ? ~group1 : 0u));
        while (candidates != 0)
        {
            int bit = System.Numerics.BitOperations.TrailingZeroCount(candidates);
            candidates &= candidates - 1;
            int intid = 32 * w + bit;
            byte priority = bank.PriorityOf(intid);
            if (!best.IsNone && priority >= best.Priority)
                continue; // equal priority: the lower INTID, seen first, wins
            if (spis && SpiTarget(intid) != cpu)
                continue;
            best = new PendingInterrupt(intid, priority, (group1 >> bit & 1) != 0 ? GicGroup.Group1 : GicGroup.Group0);
        }
    }

    /// <summary>
    /// The CPU an SPI is offered to under the current routing (see the class remarks), or -1
    /// if none: an SPI routed to an affinity no CPU has, or a 1-of-N SPI no CPU can take.
    /// </summary>
    public int SpiTarget(int intid)
    {
        if (!Distributor.Bank.Implements(intid) || intid < 32)
            return -1;
        if (!Distributor.IsOneOfN(intid))
            return CpuOf(Distributor.RoutedTo(intid));
        GicGroup group = Distributor.Bank.IsGroup1(intid) ? GicGroup.Group1 : GicGroup.Group0;
        for (int cpu = 0; cpu < redistributors.Length; cpu++)
        {
            Redistributor r = redistributors[cpu];
            if (!r.IsAsleep && !r.DisablesOneOfN(group) && r.CpuInterfaceEnables(group))
                return cpu;
        }
        return -1;
    }

    /// <summary>
    /// The bank holding <paramref name="intid"/> as CPU <paramref name="cpu"/> sees it (its
    /// own SGIs and PPIs, or the shared SPIs), or null for an INTID that is neither.
    /// </summary>
    InterruptBank? BankOf(int cpu, int intid)
    {
        if ((uint)intid < 32) return redistributors[cpu].Bank;
        return Distributor.Bank.Implements(intid) ? Distributor.Bank : null;
    }

    /// <summary>The group of an SGI or PPI of CPU <paramref name="cpu"/>, or of an SPI (Group 0 for other INTIDs).</summary>
    public GicGroup GroupOf(int cpu, int intid) =>
        IsLpi(cpu, intid) || BankOf(cpu, intid)?.IsGroup1(intid) == true ? GicGroup.Group1 : GicGroup.Group0;

    /// <summary>The priority of an SGI, PPI or SPI, or an LPI's cached priority, as CPU <paramref name="cpu"/> sees it (0xFF for other INTIDs).</summary>
    public byte PriorityOf(int cpu, int intid) =>
        IsLpi(cpu, intid) ? redistributors[cpu].LpiPriority(intid) : BankOf(cpu, intid)?.PriorityOf(intid) ?? 0xFF;

    /// <summary>Active, or active and pending (LPIs have no active state).</summary>
    public bool IsActive(int cpu, int intid) => BankOf(cpu, intid)?.IsActive(intid) == true;

    /// <summary>Pending, or active and pending.</summary>
    public bool IsPending(int cpu, int intid) =>
        IsLpi(cpu, intid) ? redistributors[cpu].IsLpiPending(intid) : BankOf(cpu, intid)?.IsPending(intid) == true;

    /// <summary>
    /// Acknowledges <paramref name="intid"/> on CPU <paramref name="cpu"/> (the effect of an
    /// ICC_IAR0/1_EL1 read that returned it): its pending latch is cleared and it becomes
    /// active. An edge-triggered interrupt thus goes pending -> active (and becomes active
    /// and pending if another edge arrives); a level-sensitive one whose input is still
    /// asserted becomes active and pending. Returns false, changing nothing, if the
    /// interrupt is not pending there (or is not an SGI, PPI, implemented SPI or LPI in
    /// range). An LPI has no active state: acknowledge only clears its pending bit.
    /// </summary>
    public bool Acknowledge(int cpu, int intid)
    {
        if (IsLpi(cpu, intid))
            return AcknowledgeLpi(cpu, intid);
        InterruptBank? bank = BankOf(cpu, intid);
        if (bank is null || !bank.Activate(intid)) return false;
        if (InterruptTrace is { } trace)
            trace($"INTID {intid} acknowledged by CPU {cpu} (priority 0x{bank.PriorityOf(intid):X2}, {GroupOf(cpu, intid)}): "
                + (bank.IsPending(intid) ? "active and pending" : "active"));
        Changed(cpu, intid);
        return true;
    }

    /// <summary>
    /// Deactivates <paramref name="intid"/> (ICC_EOIR0/1_EL1 with EOImode = 0, or ICC_DIR_EL1):
    /// active becomes inactive, active and pending becomes pending. An SGI or PPI is
    /// CPU <paramref name="cpu"/>'s own; an SPI may be deactivated by any CPU. Returns false
    /// if the interrupt was not active. For an LPI in range it does nothing and returns true:
    /// an EOI of an LPI is a priority drop only, and ICC_DIR_EL1 has no effect on it.
    /// </summary>
    public bool Deactivate(int cpu, int intid)
    {
        if (IsLpi(cpu, intid))
            return true; // LPIs have no active state: EOI is a priority drop only, DIR has no effect
        InterruptBank? bank = BankOf(cpu, intid);
        if (bank is null || !bank.Deactivate(intid)) return false;
        if (InterruptTrace is { } trace)
            trace($"INTID {intid} deactivated by CPU {cpu}: " + (bank.IsPending(intid) ? "pending" : "inactive"));
        Changed(cpu, intid);
        return true;
    }

    void Changed(int cpu, int intid)
    {
        if (intid < 32) PrivateChanged(cpu);
        else SpisChanged();
    }

    /// <summary>
    /// Sends SGI <paramref name="intid"/> (0-15) from CPU <paramref name="sourceCpu"/>, as a
    /// write of ICC_SGI0R_EL1 / ICC_SGI1R_EL1 / ICC_ASGI1R_EL1 does: every CPU that
    /// <paramref name="targets"/> names (full Aff3.Aff2.Aff1 match and Aff0 in the range
    /// selected target list, or with IRM every CPU but the sender) gets the SGI pending,
    /// provided the register may generate the SGI's group at that target: with DS = 1,
    /// ICC_SGI1R_EL1 generates it whatever its group, ICC_SGI0R_EL1 and ICC_ASGI1R_EL1 only
    /// where it is Group 0 (IHI 0069 "Forwarding an SGI to a target PE"). Target list bits
    /// that name no CPU are ignored. Returns how many CPUs it was made pending on.
    /// </summary>
    public int SendSgi(int sourceCpu, int intid, SgiRegister register, SgiTargets targets)
    {
        if ((uint)sourceCpu >= (uint)redistributors.Length)
            throw new ArgumentOutOfRangeException(nameof(sourceCpu));
        if ((uint)intid >= 16)
            throw new ArgumentOutOfRangeException(nameof(intid), $"INTID {intid} is not an SGI");
        int sent = 0;
        for (int cpu = 0; cpu < redistributors.Length; cpu++)
        {
            Redistributor r = redistributors[cpu];
            if (!targets.Includes(cpu, r.Affinity, sourceCpu))
                continue;
            if (register != SgiRegister.Sgi1R && r.Bank.IsGroup1(intid))
                continue;
            r.Bank.SetPendingLatch(0, 1u << intid);
            sent++;
            InterruptTrace?.Invoke($"INTID {intid} pending on CPU {cpu} (SGI from CPU {sourceCpu} by {SgiRegisterName(register)})");
            PrivateChanged(cpu);
        }
        return sent;
    }

    static string SgiRegisterName(SgiRegister register) => register switch
    {
        SgiRegister.Sgi0R => "ICC_SGI0R_EL1",
        SgiRegister.Sgi1R => "ICC_SGI1R_EL1",
        _ => "ICC_ASGI1R_EL1",
    };

    /// <summary>
    /// The CPU interface reports its group enables (ICC_IGRPEN0_EL1.Enable,
    /// ICC_IGRPEN1_EL1.Enable) upstream: a 1-of-N SPI selects only a PE with its group
    /// enabled. Out of reset both are 0, as the ICC registers reset.
    /// </summary>
    public void SetCpuInterfaceGroupEnables(int cpu, bool group0, bool group1)
    {
        byte enables = (byte)((group0 ? 1 : 0) | (group1 ? 2 : 0));
        if (redistributors[cpu].State.CpuInterfaceGroupEnables == enables) return;
        redistributors[cpu].SetCpuInterfaceGroupEnables(enables);
        AllChanged();
    }

    internal void NoteLine(int intid, int cpu, bool level)
    {
        if (InterruptTrace is { } trace)
            trace(cpu < 0 ? $"INTID {intid} line {(level ? "high" : "low")}" : $"INTID {intid} line {(level ? "high" : "low")} on CPU {cpu}");
    }

    internal void Note(string line) => InterruptTrace?.Invoke(line);

    internal void PrivateChanged(int cpu)
    {
        cacheValid[cpu] = false;
        PendingChanged?.Invoke(cpu);
    }

    internal void SpisChanged() => AllChanged();

    internal void AllChanged()
    {
        Array.Clear(cacheValid);
        for (int cpu = 0; cpu < redistributors.Length; cpu++)
            PendingChanged?.Invoke(cpu);
    }
}
