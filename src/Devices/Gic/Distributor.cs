using Emulator.Devices.Mmio;
using Emulator.Interconnect;

namespace Emulator.Devices.Gic;

/// <summary>
/// The GICv3 Distributor (IHI 0069 chapter 12.9): the 64 KiB GICD_* frame and the state of
/// the SPIs (INTIDs 32 .. 32 + SpiCount - 1). Only a single Security state with affinity
/// routing is modelled: GICD_CTLR.DS and GICD_CTLR.ARE are RAO/WI (an implementation that
/// supports only affinity routing may make ARE RAO/WI; with one Security state DS is
/// RAO/WI), so the SGI/PPI bits of the per-INTID registers (INTID &lt; 32) are RAZ/WI here
/// and live in the redistributors. Register writes take effect at once, so GICD_CTLR.RWP
/// always reads 0. Every change that can alter which interrupt a CPU should take is
/// reported to the owning <see cref="GicV3"/>.
/// </summary>
public sealed partial class Distributor : IMmioDevice
{
    readonly GicV3 owner;
    readonly GicConfiguration config;
    readonly DistributorState state;
    readonly InterruptBank bank;
    readonly GicInputLine[] spiLines;
    readonly RangeTable<Distributor> table;

    internal Distributor(GicV3 owner, GicConfiguration config, DistributorState state)
    {
        this.owner = owner;
        this.config = config;
        this.state = state;
        var implemented = new uint[DistributorState.Intids / 32];
        for (int intid = 32; intid < 32 + config.SpiCount; intid++)
            implemented[intid >> 5] |= 1u << (intid & 31);
        bank = new InterruptBank(state.Spis, implemented, configWritable: implemented, config.PriorityBits);
        spiLines = new GicInputLine[config.SpiCount];
        for (int n = 0; n < config.SpiCount; n++)
        {
            int intid = 32 + n;
            spiLines[n] = new GicInputLine(intid, level => SetSpiLevel(intid, level));
        }
        table = BuildTable();
    }

    public DistributorState State => state;

    /// <summary>The register table, for tests and tracing.</summary>
    public RangeTable<Distributor> Registers => table;

    internal InterruptBank Bank => bank;

    public bool Group0Enabled => CTLR_EnableGrp0.IsSet(state.Ctlr);
    public bool Group1Enabled => CTLR_EnableGrp1.IsSet(state.Ctlr);

    public BusStatus Read(ulong offset, int size, out ulong value) => table.Read(this, offset, size, out value, owner.Trace);

    public BusStatus Write(ulong offset, int size, ulong value) => table.Write(this, offset, size, value, owner.Trace);

    /// <summary>The input wire of SPI <paramref name="spi"/> (INTID 32 + spi; "SPI 1" of a device tree is INTID 33).</summary>
    public GicInputLine SpiLine(int spi)
    {
        if ((uint)spi >= (uint)spiLines.Length)
            throw new ArgumentOutOfRangeException(nameof(spi), $"SPI {spi} is not implemented (this GIC has {spiLines.Length} SPIs)");
        return spiLines[spi];
    }

    /// <summary>GICD_ISPENDR&lt;n&gt;: latches pending, with a trace line per interrupt newly pended.</summary>
    void SetPendingByRegister(int n, uint bits)
    {
        uint before = bank.Pending(n);
        bank.SetPendingLatch(n, bits);
        for (uint added = bank.Pending(n) & ~before; added != 0; added &= added - 1)
            owner.Note($"INTID {32 * n + System.Numerics.BitOperations.TrailingZeroCount(added)} set pending by GICD_ISPENDR{n}");
    }

    void SetSpiLevel(int intid, bool level)
    {
        if (!bank.SetLine(intid, level)) return;
        owner.NoteLine(intid, -1, level);
        owner.SpisChanged();
    }

    void Change(Action update)
    {
        update();
        owner.SpisChanged();
    }

    void WriteCtlr(uint value, uint mask)
    {
        uint writable = (uint)(CTLR_EnableGrp0.Mask | CTLR_EnableGrp1.Mask) & mask;
        uint next = (state.Ctlr & ~writable) | (value & writable);
        next |= ResetCtlr; // ARE and DS are RAO/WI; E1NWF is RAZ/WI; RWP reads 0
        if (next == state.Ctlr) return;
        state.Ctlr = next;
        owner.AllChanged();
    }

    /// <summary>
    /// GICD_SETSPI_NSR (12.9.34): an edge-triggered SPI latches pending (like an edge on its
    /// wire); a level-sensitive SPI is asserted until GICD_CLRSPI_NSR deasserts it. An INTID
    /// that is not an implemented SPI is ignored. Only a write covering bits 15:0 names an INTID.
    /// </summary>
    void WriteSetSpi(ulong value, ulong mask)
    {
        if ((mask & 0xFFFF) != 0xFFFF || !IsSpi((int)SETSPI_INTID.Extract(value), out int intid)) return;
        uint bit = 1u << (intid & 31);
        if (bank.IsEdge(intid)) state.Spis.PendingLatch[intid >> 5] |= bit;
        else state.Spis.MessageLevel[intid >> 5] |= bit;
        owner.Note($"INTID {intid} set pending by GICD_SETSPI_NSR");
        owner.SpisChanged();
    }

    /// <summary>
    /// GICD_CLRSPI_NSR (12.9.3): removes the pending state; for a level-sensitive SPI it
    /// deasserts the message, so the SPI stays pending only if its wire is still high.
    /// </summary>
    void WriteClrSpi(ulong value, ulong mask)
    {
        if ((mask & 0xFFFF) != 0xFFFF || !IsSpi((int)SETSPI_INTID.Extract(value), out int intid)) return;
        uint bit = 1u << (intid & 31);
        state.Spis.PendingLatch[intid >> 5] &= ~bit;
        state.Spis.MessageLevel[intid >> 5] &= ~bit;
        owner.Note($"INTID {intid} cleared by GICD_CLRSPI_NSR");
        owner.SpisChanged();
    }

    bool IsSpi(int intid, out int spi)
    {
        spi = intid;
        return intid >= 32 && bank.Implements(intid);
    }

    ulong ReadIrouter(int n) => bank.Implements(n) ? state.Irouter[n] : 0;

    void WriteIrouter(int n, ulong value, ulong mask)
    {
        if (!bank.Implements(n)) return;
        mask &= IROUTER_Writable;
        state.Irouter[n] = (state.Irouter[n] & ~mask) | (value & mask);
        owner.SpisChanged();
    }

    /// <summary>True if GICD_IROUTER of an SPI selects 1-of-N distribution.</summary>
    public bool IsOneOfN(int intid) => IROUTER_Interrupt_Routing_Mode.IsSet(state.Irouter[intid]);

    /// <summary>The affinity GICD_IROUTER of an SPI names (meaningful when it is not 1-of-N).</summary>
    public Affinity RoutedTo(int intid) => Affinity.FromIrouter(state.Irouter[intid]);
}
