using System.Numerics;

namespace Emulator.Devices.Gic;

/// <summary>
/// One CPU's GICv3 CPU interface (IHI 0069 chapters 4 and 12.2: the ICC_*_EL1 system
/// registers), for a GIC with a single Security state (GICD_CTLR.DS = 1) seen from a PE
/// without EL2 or EL3, which accesses it as Non-secure EL1. Group 0 interrupts are signalled
/// as FIQ, Group 1 interrupts as IRQ. The register behaviour lives here as methods; the
/// rows binding them to system-register encodings are <see cref="Registers"/>.
///
/// <para><b>Priorities.</b> The interface implements the GIC's priority bits
/// (<see cref="GicConfiguration.PriorityBits"/>, ICC_CTLR_EL1.PRIbits + 1) and
/// min(priority bits, 7) preemption bits: with the architectural maximum of 8 priority
/// bits, a group priority has at most 7 bits (binary point 0 for Group 0 leaves bit 0 as
/// subpriority). The minimum ICC_BPR0_EL1 is 7 - preemption bits, the minimum ICC_BPR1_EL1
/// one more; both reset to their minimum, and a smaller value written reads back as the
/// minimum. Active priorities take one bit per preemption level: 32 levels per APR
/// register, so 4 or 5 preemption bits use ICC_AP{0,1}R0_EL1 only (4 bits: bits 15:0),
/// 6 bits R0-R1, 7 bits R0-R3 (IHI 0069 ICC_AP0Rn_EL1); the registers beyond are not
/// implemented (their rows are absent, so accesses are UNDEFINED) and unused bits are RAZ/WI.
/// The APR contents are IMPLEMENTATION DEFINED (only 0 = nothing active is architectural);
/// this model uses the layout Arm's cores document: bit n (counting across the registers)
/// is group priority n &lt;&lt; (8 - preemption bits), e.g. with 5 bits bit 1 is priority 0x08.</para>
///
/// <para><b>Signalling.</b> The highest-priority pending interrupt (HPPI) of this CPU is the
/// one the GIC forwards among the groups enabled here (ICC_IGRPEN0/1_EL1; the interface
/// reports them upstream, so the GIC does not offer a disabled group). It is signalled,
/// and ICC_IAR0/1_EL1 of its group acknowledge it, when its priority is higher
/// (numerically lower) than ICC_PMR_EL1 and its group priority (the priority with the
/// subpriority bits below the group's binary point cleared; with ICC_CTLR_EL1.CBPR = 1
/// Group 1 uses ICC_BPR0_EL1 as well) is higher than the running priority: an interrupt of
/// the same group priority as the active one does not preempt it. Acknowledge sets the
/// active-priority bit of that group priority; the running priority (ICC_RPR_EL1) is the
/// highest set bit across both groups' APRs, 0xFF when none is. ICC_IAR and ICC_HPPIR of the
/// other group than the HPPI's return the spurious INTID 1023.</para>
///
/// <para><b>End of interrupt.</b> A write of ICC_EOIR0/1_EL1 drops the highest active
/// priority; with ICC_CTLR_EL1.EOImode = 0 it also deactivates the INTID written, with
/// EOImode = 1 that is left to ICC_DIR_EL1. Writes of special INTIDs (1020-1023) are
/// ignored. The architecture makes an EOI that does not match the last acknowledge
/// UNPREDICTABLE; this model then does the following and says so on <see cref="GicV3.Trace"/>:
/// no active priority, or the highest active priority of the other group: the write is
/// ignored (nothing dropped, nothing deactivated); the INTID not active, or of the other
/// group: the priority is dropped but nothing is deactivated. ICC_DIR_EL1 with EOImode = 0
/// is ignored; with EOImode = 1 it deactivates the INTID of either group if it is active.</para>
///
/// <para><b>Levels out.</b> <see cref="IrqPending"/> and <see cref="FiqPending"/> are the
/// levels of the CPU's IRQ and FIQ inputs; <see cref="SignalsChanged"/> fires whenever one
/// of them changes (the interface follows <see cref="GicV3.PendingChanged"/> for its CPU and
/// its own register writes), so the machine drives the CPU as levels and wakes it from WFI.
/// The interface subscribes with <c>+=</c>: whoever else listens to PendingChanged must add
/// to it too, not assign it, or the interfaces stop hearing of changes.</para>
/// </summary>
public sealed partial class CpuInterface
{
    readonly GicV3 gic;
    readonly CpuInterfaceState state;
    readonly uint aprMask;
    readonly IccRegister[] registers;
    bool irq, fiq;

    public const int SpuriousIntid = PendingInterrupt.SpuriousIntid;

    /// <summary>
    /// The CPU interface of CPU <paramref name="cpu"/> of <paramref name="gic"/>, from reset or
    /// from a saved <paramref name="state"/> (the same path; a state that this configuration
    /// cannot hold is refused). It reports its group enables upstream at once.
    /// </summary>
    public CpuInterface(GicV3 gic, int cpu, CpuInterfaceState? state = null)
    {
        ArgumentNullException.ThrowIfNull(gic);
        if ((uint)cpu >= (uint)gic.CpuCount)
            throw new ArgumentOutOfRangeException(nameof(cpu), $"CPU {cpu} has no redistributor (the GIC has {gic.CpuCount})");
        this.gic = gic;
        Cpu = cpu;
        PriorityBits = gic.Configuration.PriorityBits;
        PreemptionBits = Math.Min(PriorityBits, 7);
        AprCount = 1 << Math.Max(PreemptionBits - 5, 0);
        MinimumBpr0 = 7 - PreemptionBits;
        aprMask = PreemptionBits >= 5 ? uint.MaxValue : (1u << (1 << PreemptionBits)) - 1;
        this.state = state ?? CpuInterfaceState.Reset(MinimumBpr0);
        CheckState(this.state);
        registers = BuildRegisters();
        gic.PendingChanged += OnPendingChanged;
        gic.SetCpuInterfaceGroupEnables(cpu, this.state.Igrpen0, this.state.Igrpen1);
        (irq, fiq) = ComputeSignals();
    }

    void CheckState(CpuInterfaceState s)
    {
        if (s.Ap0r is not { Length: 4 } || s.Ap1r is not { Length: 4 })
            throw new ArgumentException("a CPU interface state holds four AP0R and four AP1R words");
        for (int n = 0; n < 4; n++)
            if (((s.Ap0r[n] | s.Ap1r[n]) & ~AprMask(n)) != 0)
                throw new ArgumentException($"the CPU interface state sets active priority bits of ICC_AP0R{n}/AP1R{n} that {PreemptionBits} preemption bits do not have");
        if (s.Bpr0 < MinimumBpr0 || s.Bpr0 > 7 || s.Bpr1 < MinimumBpr0 + 1 || s.Bpr1 > 7)
            throw new ArgumentException($"the CPU interface state's binary points ({s.Bpr0}, {s.Bpr1}) are outside {MinimumBpr0}..7 and {MinimumBpr0 + 1}..7");
        if ((s.Pmr & ~PriorityMask) != 0 || (s.Ctlr & ~CtlrWritable) != 0)
            throw new ArgumentException("the CPU interface state sets ICC_PMR_EL1 or ICC_CTLR_EL1 bits this model does not implement");
    }

    /// <summary>Stops following the GIC (for a CPU interface replaced by one restored from a snapshot).</summary>
    public void Detach() => gic.PendingChanged -= OnPendingChanged;

    public GicV3 Gic => gic;

    /// <summary>The CPU number (its redistributor's GICR_TYPER.Processor_Number).</summary>
    public int Cpu { get; }

    public CpuInterfaceState State => state;

    /// <summary>Implemented priority bits (ICC_CTLR_EL1.PRIbits + 1), the GIC's.</summary>
    public int PriorityBits { get; }

    /// <summary>Group-priority bits that can preempt: min(<see cref="PriorityBits"/>, 7).</summary>
    public int PreemptionBits { get; }

    /// <summary>How many ICC_AP0Rn_EL1 (and ICC_AP1Rn_EL1) registers exist: 1, 2 or 4.</summary>
    public int AprCount { get; }

    /// <summary>The smallest ICC_BPR0_EL1 value; ICC_BPR1_EL1's is one more.</summary>
    public int MinimumBpr0 { get; }

    byte PriorityMask => (byte)(0xFF << (8 - PriorityBits));

    uint AprMask(int n) => n < AprCount ? aprMask : 0u;

    bool Cbpr => CTLR_CBPR.IsSet(state.Ctlr);

    bool EoiMode => CTLR_EOImode.IsSet(state.Ctlr);

    /// <summary>The CPU's IRQ input: the HPPI is Group 1 and may be signalled (priority mask, running priority).</summary>
    public bool IrqPending => irq;

    /// <summary>The CPU's FIQ input: the HPPI is Group 0 and may be signalled.</summary>
    public bool FiqPending => fiq;

    /// <summary>Raised after <see cref="IrqPending"/> or <see cref="FiqPending"/> changed.</summary>
    public event Action<CpuInterface>? SignalsChanged;

    void OnPendingChanged(int cpu)
    {
        if (cpu == Cpu) Update();
    }

    /// <summary>Re-evaluates the IRQ and FIQ levels and tells <see cref="SignalsChanged"/> if either changed.</summary>
    void Update()
    {
        (bool newIrq, bool newFiq) = ComputeSignals();
        if (newIrq == irq && newFiq == fiq) return;
        irq = newIrq;
        fiq = newFiq;
        SignalsChanged?.Invoke(this);
    }

    /// <summary>The IRQ and FIQ levels: the HPPI's group's line, if it may be signalled (at most one is high).</summary>
    (bool Irq, bool Fiq) ComputeSignals()
    {
        PendingInterrupt p = HighestPending;
        if (p.IsNone || !CanSignal(p)) return (false, false);
        return (p.Group == GicGroup.Group1, p.Group == GicGroup.Group0);
    }

    /// <summary>
    /// The highest-priority pending interrupt forwarded to this CPU among the groups enabled
    /// by ICC_IGRPEN0/1_EL1 (<see cref="PendingInterrupt.None"/> if there is none).
    /// </summary>
    public PendingInterrupt HighestPending => (state.Igrpen0, state.Igrpen1) switch
    {
        (true, true) => gic.HighestPending(Cpu),
        (true, false) => gic.HighestPending(Cpu, GicGroup.Group0),
        (false, true) => gic.HighestPending(Cpu, GicGroup.Group1),
        _ => PendingInterrupt.None,
    };

    /// <summary>Priority above the mask, group priority above the running priority (IHI 0069 4.8).</summary>
    bool CanSignal(PendingInterrupt p) =>
        p.Priority < state.Pmr && GroupPriority(p.Priority, p.Group) < RunningPriority;

    /// <summary>
    /// The group priority of <paramref name="priority"/> for <paramref name="group"/>: the
    /// bits above the binary point. ICC_BPR0_EL1 = n keeps bits [7:n+1]; ICC_BPR1_EL1 = n
    /// keeps [7:n]; with CBPR = 1 Group 1 uses ICC_BPR0_EL1's split. BPR0 = 7 keeps none, so
    /// every Group 0 interrupt has group priority 0 and none preempts another.
    /// </summary>
    public byte GroupPriority(byte priority, GicGroup group)
    {
        int subpriorityBits = group == GicGroup.Group0 || Cbpr ? state.Bpr0 + 1 : state.Bpr1;
        return (byte)(priority & (0xFF << subpriorityBits));
    }

    /// <summary>
    /// The highest active priority level (an APR bit number, lowest first) and its group, or
    /// -1 when no priority is active. If both groups hold the same level, Group 0's counts.
    /// </summary>
    int HighestActiveLevel(out GicGroup group)
    {
        for (int n = 0; n < AprCount; n++)
        {
            uint both = state.Ap0r[n] | state.Ap1r[n];
            if (both == 0) continue;
            int bit = BitOperations.TrailingZeroCount(both);
            group = (state.Ap0r[n] >> bit & 1) != 0 ? GicGroup.Group0 : GicGroup.Group1;
            return 32 * n + bit;
        }
        group = GicGroup.Group1;
        return -1;
    }

    /// <summary>The running priority (ICC_RPR_EL1.Priority): the highest active group priority, 0xFF (idle) if none.</summary>
    public byte RunningPriority
    {
        get
        {
            int level = HighestActiveLevel(out _);
            return level < 0 ? (byte)0xFF : LevelPriority(level);
        }
    }

    byte LevelPriority(int level) => (byte)(level << (8 - PreemptionBits));

    int PriorityLevel(byte groupPriority) => groupPriority >> (8 - PreemptionBits);

    uint[] Aprs(GicGroup group) => group == GicGroup.Group0 ? state.Ap0r : state.Ap1r;

    static bool IsSpecial(int intid) => intid is >= 1020 and <= 1023;

    static string Name(string register, GicGroup group) => register.Replace("<n>", group == GicGroup.Group0 ? "0" : "1");

    void Ignored(string register, int intid, string why) =>
        gic.Trace?.Invoke($"CPU {Cpu} {register} write of INTID {intid} ignored: {why}");

    // ---- ICC_PMR_EL1 ----------------------------------------------------------------------

    public ulong ReadPmr() => state.Pmr;

    /// <summary>Priority bits below the implemented ones are RAZ/WI.</summary>
    public void WritePmr(ulong value)
    {
        state.Pmr = (byte)(PMR_Priority.Extract(value) & PriorityMask);
        Update();
    }

    // ---- ICC_IAR0_EL1 / ICC_IAR1_EL1 ------------------------------------------------------

    /// <summary>
    /// Acknowledge: the HPPI if it is of <paramref name="group"/> and may be signalled
    /// (then it becomes active, or active and pending, and its group priority becomes
    /// active), else the spurious INTID 1023 with no effect.
    /// </summary>
    public ulong ReadIar(GicGroup group)
    {
        PendingInterrupt p = HighestPending;
        if (p.IsNone || p.Group != group || !CanSignal(p))
            return SpuriousIntid;
        int level = PriorityLevel(GroupPriority(p.Priority, group));
        uint[] aprs = Aprs(group);
        uint before = aprs[level >> 5];
        aprs[level >> 5] |= 1u << (level & 31);
        if (!gic.Acknowledge(Cpu, p.Intid))
        {
            aprs[level >> 5] = before; // cannot happen for an interrupt the GIC just offered
            return SpuriousIntid;
        }
        gic.Note($"CPU {Cpu} running priority 0x{RunningPriority:X2} (INTID {p.Intid} active)");
        Update();
        return (ulong)p.Intid;
    }

    // ---- ICC_EOIR0_EL1 / ICC_EOIR1_EL1 ----------------------------------------------------

    /// <summary>Priority drop, and with EOImode = 0 deactivation (see the class remarks for mismatches).</summary>
    public void WriteEoir(GicGroup group, ulong value)
    {
        string register = Name("ICC_EOIR<n>_EL1", group);
        int intid = (int)INTID.Extract(value);
        if (IsSpecial(intid))
        {
            Ignored(register, intid, "special INTID");
            return;
        }
        int level = HighestActiveLevel(out GicGroup activeGroup);
        if (level < 0)
        {
            Ignored(register, intid, "no active priority");
            return;
        }
        if (activeGroup != group)
        {
            Ignored(register, intid, $"the highest active priority is {activeGroup}'s");
            return;
        }
        Aprs(group)[level >> 5] &= ~(1u << (level & 31));
        gic.Note($"CPU {Cpu} priority drop of 0x{LevelPriority(level):X2} by {register} (INTID {intid}): running priority 0x{RunningPriority:X2}");
        if (!EoiMode)
        {
            if (gic.GroupOf(Cpu, intid) != group)
                gic.Trace?.Invoke($"CPU {Cpu} {register} of INTID {intid}: not {group}, not deactivated");
            else if (!gic.Deactivate(Cpu, intid))
                gic.Trace?.Invoke($"CPU {Cpu} {register} of INTID {intid}: not active, nothing to deactivate");
        }
        Update();
    }

    // ---- ICC_DIR_EL1 -----------------------------------------------------------------------

    /// <summary>Deactivation apart from priority drop: only with ICC_CTLR_EL1.EOImode = 1.</summary>
    public void WriteDir(ulong value)
    {
        int intid = (int)INTID.Extract(value);
        if (IsSpecial(intid))
            Ignored("ICC_DIR_EL1", intid, "special INTID");
        else if (!EoiMode)
            Ignored("ICC_DIR_EL1", intid, "ICC_CTLR_EL1.EOImode is 0");
        else if (!gic.Deactivate(Cpu, intid))
            Ignored("ICC_DIR_EL1", intid, "not active");
        Update();
    }

    // ---- ICC_HPPIR0_EL1 / ICC_HPPIR1_EL1 ---------------------------------------------------

    /// <summary>The HPPI's INTID if it is of <paramref name="group"/> (whatever the mask and running priority), else 1023.</summary>
    public ulong ReadHppir(GicGroup group)
    {
        PendingInterrupt p = HighestPending;
        return p.IsNone || p.Group != group ? SpuriousIntid : (ulong)p.Intid;
    }

    // ---- ICC_BPR0_EL1 / ICC_BPR1_EL1 -------------------------------------------------------

    /// <summary>With CBPR = 1, ICC_BPR1_EL1 reads ICC_BPR0_EL1 + 1 saturated to 7 (the Non-secure view).</summary>
    public ulong ReadBpr(GicGroup group) =>
        group == GicGroup.Group0 ? state.Bpr0 : Cbpr ? (ulong)Math.Min(state.Bpr0 + 1, 7) : state.Bpr1;

    /// <summary>A value below the minimum sets the minimum; with CBPR = 1 ICC_BPR1_EL1 writes are ignored.</summary>
    public void WriteBpr(GicGroup group, ulong value)
    {
        int v = (int)BPR_BinaryPoint.Extract(value);
        if (group == GicGroup.Group0)
            state.Bpr0 = (byte)Math.Max(v, MinimumBpr0);
        else if (Cbpr)
            gic.Trace?.Invoke($"CPU {Cpu} ICC_BPR1_EL1 write ignored: ICC_CTLR_EL1.CBPR is 1");
        else
            state.Bpr1 = (byte)Math.Max(v, MinimumBpr0 + 1);
        Update();
    }

    // ---- ICC_RPR_EL1 -----------------------------------------------------------------------

    public ulong ReadRpr() => RunningPriority;

    // ---- ICC_CTLR_EL1 ----------------------------------------------------------------------

    /// <summary>
    /// CBPR, EOImode and PMHE are read/write (PMHE is kept but the GIC does not use the
    /// priority mask as a 1-of-N hint, which a hint allows); PRIbits, IDbits (0: 16-bit
    /// INTIDs), SEIS (0), A3V (1), RSS (1: target lists reach Aff0 up to 255, as
    /// GICD_TYPER.RSS says) and ExtRange (0) are read-only.
    /// </summary>
    public ulong ReadCtlr() =>
        state.Ctlr
        | CTLR_PRIbits.Deposit(0UL, (ulong)(PriorityBits - 1))
        | CTLR_A3V.Mask
        | CTLR_RSS.Mask;

    public void WriteCtlr(ulong value)
    {
        state.Ctlr = (uint)(value & CtlrWritable);
        Update();
    }

    // A property, not a static field: the BitFields live in the other part of this partial
    // class, and static initialisers across partial files run in no defined order.
    static uint CtlrWritable => (uint)(CTLR_CBPR.Mask | CTLR_EOImode.Mask | CTLR_PMHE.Mask);

    // ---- ICC_SRE_EL1 -----------------------------------------------------------------------

    /// <summary>SRE, DFB and DIB are RAO/WI: the system register interface is the only one, and there is no EL2 or EL3 to route IRQ/FIQ elsewhere.</summary>
    public ulong ReadSre() => SRE_SRE.Mask | SRE_DFB.Mask | SRE_DIB.Mask;

    public void WriteSre(ulong value) { }

    // ---- ICC_IGRPEN0_EL1 / ICC_IGRPEN1_EL1 -------------------------------------------------

    public ulong ReadIgrpen(GicGroup group) => (group == GicGroup.Group0 ? state.Igrpen0 : state.Igrpen1) ? 1UL : 0UL;

    public void WriteIgrpen(GicGroup group, ulong value)
    {
        bool enable = IGRPEN_Enable.IsSet(value);
        if (group == GicGroup.Group0) state.Igrpen0 = enable;
        else state.Igrpen1 = enable;
        gic.SetCpuInterfaceGroupEnables(Cpu, state.Igrpen0, state.Igrpen1);
        Update();
    }

    // ---- ICC_AP0Rn_EL1 / ICC_AP1Rn_EL1 -----------------------------------------------------

    public ulong ReadAp(GicGroup group, int n) => Aprs(group)[CheckApr(n)];

    /// <summary>
    /// Software writes these only to restore a saved state (anything else the spec leaves
    /// UNPREDICTABLE); the value is stored, unimplemented bits dropped.
    /// </summary>
    public void WriteAp(GicGroup group, int n, ulong value)
    {
        Aprs(group)[CheckApr(n)] = (uint)value & AprMask(n);
        Update();
    }

    int CheckApr(int n) => (uint)n < (uint)AprCount ? n
        : throw new ArgumentOutOfRangeException(nameof(n), $"ICC_AP*R{n}_EL1 is not implemented with {PreemptionBits} preemption bits");

    // ---- ICC_SGI0R_EL1 / ICC_SGI1R_EL1 / ICC_ASGI1R_EL1 -----------------------------------

    /// <summary>Generates the SGI the value names (INTID, Aff3.Aff2.Aff1 + target list with RS, or IRM = 1 for all but this CPU).</summary>
    public void WriteSgi(SgiRegister register, ulong value) =>
        gic.SendSgi(Cpu, SgiTargets.IntidOf(value), register, SgiTargets.FromRegister(value));
}
