using Emulator.Devices.Mmio;
using Emulator.Interconnect;

namespace Emulator.Devices.Gic;

/// <summary>
/// One GICv3 Redistributor (IHI 0069 chapter 12.10, 12.11): the RD_base and SGI_base frames
/// of one CPU, holding its SGIs (INTIDs 0-15) and PPIs (16-31). GICR_TYPER reports the CPU's
/// affinity (Aff3 included), its Processor_Number and, on the last redistributor of the
/// region, Last. GICR_WAKER's handshake completes at once: ChildrenAsleep follows
/// ProcessorSleep. While ProcessorSleep is 1 the redistributor forwards no interrupt to its
/// CPU interface and the CPU is not chosen for 1-of-N SPIs (pending state is kept).
/// Register writes take effect at once, so RWP and UWP read 0.
/// </summary>
public sealed partial class Redistributor
{
    readonly GicV3 owner;
    readonly GicConfiguration config;
    readonly RedistributorState state;
    readonly InterruptBank bank;
    readonly GicInputLine[] ppiLines = new GicInputLine[16];
    readonly RangeTable<Redistributor> table;

    internal Redistributor(GicV3 owner, GicConfiguration config, int index, RedistributorState state)
    {
        this.owner = owner;
        this.config = config;
        this.state = state;
        Index = index;
        Affinity = config.Cpus[index];
        bank = new InterruptBank(state.Private, implemented: [0xFFFF_FFFF], configWritable: [0xFFFF_0000], config.PriorityBits);
        for (int ppi = 0; ppi < 16; ppi++)
        {
            int intid = 16 + ppi;
            ppiLines[ppi] = new GicInputLine(intid, level => SetPpiLevel(intid, level));
        }
        table = BuildTable();
    }

    /// <summary>The CPU number (GICR_TYPER.Processor_Number) this redistributor serves.</summary>
    public int Index { get; }

    public Affinity Affinity { get; }

    public RedistributorState State => state;

    public RangeTable<Redistributor> Registers => table;

    internal InterruptBank Bank => bank;

    /// <summary>GICR_WAKER.ProcessorSleep: the CPU interface is asleep and gets no interrupts.</summary>
    public bool IsAsleep => WAKER_ProcessorSleep.IsSet(state.Waker);

    public bool LpisEnabled => CTLR_EnableLPIs.IsSet(state.Ctlr);

    public BusStatus Read(ulong offset, int size, out ulong value) => table.Read(this, offset, size, out value, owner.Trace);

    public BusStatus Write(ulong offset, int size, ulong value) => table.Write(this, offset, size, value, owner.Trace);

    /// <summary>
    /// The input wire of PPI <paramref name="ppi"/> of this CPU (INTID 16 + ppi; the device
    /// tree's "PPI 14", the non-secure physical timer, is INTID 30).
    /// </summary>
    public GicInputLine PpiLine(int ppi)
    {
        if ((uint)ppi >= 16)
            throw new ArgumentOutOfRangeException(nameof(ppi), $"PPI {ppi} does not exist (PPIs are 0-15, INTIDs 16-31)");
        return ppiLines[ppi];
    }

    /// <summary>GICR_ISPENDR0: latches pending, with a trace line per interrupt newly pended.</summary>
    void SetPendingByRegister(uint bits)
    {
        uint before = bank.Pending(0);
        bank.SetPendingLatch(0, bits);
        for (uint added = bank.Pending(0) & ~before; added != 0; added &= added - 1)
            owner.Note($"INTID {System.Numerics.BitOperations.TrailingZeroCount(added)} set pending on CPU {Index} by GICR_ISPENDR0");
    }

    void SetPpiLevel(int intid, bool level)
    {
        if (!bank.SetLine(intid, level)) return;
        owner.NoteLine(intid, Index, level);
        owner.PrivateChanged(Index);
    }

    void Change(Action update)
    {
        update();
        owner.PrivateChanged(Index);
    }

    /// <summary>
    /// GICR_CTLR: EnableLPIs (RAZ/WI without LPIs; see Redistributor.Lpis.cs), CES = 1 (it
    /// can be cleared) and IR = 1 (GICR_INVLPIR, GICR_INVALLR, GICR_SYNCR exist) with LPIs,
    /// DPG0 and DPG1NS (GICR_TYPER.DPGS = 1); DPG1S is RAZ/WI with DS = 1; RWP and UWP read
    /// 0 (every write completes at once).
    /// </summary>
    uint Ctlr => state.Ctlr | (config.Lpis ? (uint)(CTLR_CES.Mask | CTLR_IR.Mask) : 0u);

    void WriteCtlr(uint value, uint mask)
    {
        uint writable = (uint)(CTLR_DPG0.Mask | CTLR_DPG1NS.Mask) | (config.Lpis ? (uint)CTLR_EnableLPIs.Mask : 0u);
        writable &= mask;
        uint next = (state.Ctlr & ~writable) | (value & writable);
        if (next == state.Ctlr) return;
        bool lpisWere = LpisEnabled;
        state.Ctlr = next;
        if (LpisEnabled != lpisWere)
            EnableLpisChanged(LpisEnabled);
        owner.AllChanged(); // DPG bits change which PEs 1-of-N SPIs may select
    }

    /// <summary>True if GICR_CTLR.DPGx keeps 1-of-N SPIs of <paramref name="group"/> away from this PE.</summary>
    public bool DisablesOneOfN(GicGroup group) =>
        (group == GicGroup.Group0 ? CTLR_DPG0 : CTLR_DPG1NS).IsSet(state.Ctlr);

    /// <summary>GICR_TYPER, derived from the configuration (see the field declarations).</summary>
    public ulong Typer =>
        Affinity.ToGicrTyperBits()
        | TYPER_Processor_Number.Deposit(0UL, (ulong)Index)
        | TYPER_PLPIS.Deposit(0UL, config.Lpis ? 1UL : 0UL)
        | TYPER_Last.Deposit(0UL, Index == config.Cpus.Count - 1 ? 1UL : 0UL)
        | TYPER_DPGS.Deposit(0UL, 1UL);

    void WriteWaker(uint value, uint mask)
    {
        if ((mask & WAKER_ProcessorSleep.Mask) == 0) return;
        bool sleep = WAKER_ProcessorSleep.IsSet(value);
        uint next = sleep ? ResetWaker : 0u;
        if (next == state.Waker) return;
        state.Waker = next;
        owner.AllChanged();
    }

    /// <summary>
    /// GICR_PROPBASER / GICR_PENDBASER: while GICR_CTLR.EnableLPIs is 1 they are read-only
    /// (the spec leaves writes then UNPREDICTABLE; ignoring them is one of the permitted
    /// outcomes). RAZ/WI without LPIs.
    /// </summary>
    void WriteBaser(ref ulong register, ulong value, ulong mask)
    {
        if (!config.Lpis || LpisEnabled) return;
        register = (register & ~mask) | (value & mask);
    }

    internal void SetCpuInterfaceGroupEnables(byte enables) => state.CpuInterfaceGroupEnables = enables;

    internal bool CpuInterfaceEnables(GicGroup group) => (state.CpuInterfaceGroupEnables >> (int)group & 1) != 0;
}
