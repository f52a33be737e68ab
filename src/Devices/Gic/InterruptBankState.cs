namespace Emulator.Devices.Gic;

/// <summary>
/// The per-INTID state of a contiguous range of INTIDs starting at 0, plain data for
/// snapshots: one bit per INTID in 32-bit words laid out like the GICD_I*R registers (word
/// n holds INTIDs 32n..32n+31), one byte of priority per INTID. The distributor holds one
/// for all 1024 INTIDs (it uses the SPI range), each redistributor one for its 32 SGIs and PPIs.
/// </summary>
public sealed class InterruptBankState
{
    public InterruptBankState(int words)
    {
        Group = new uint[words];
        Enabled = new uint[words];
        PendingLatch = new uint[words];
        Active = new uint[words];
        LineLevel = new uint[words];
        MessageLevel = new uint[words];
        EdgeTriggered = new uint[words];
        Priority = new byte[words * 32];
    }

    /// <summary>GICD_IGROUPR / GICR_IGROUPR0: 0 = Group 0, 1 = Group 1 (GICD_CTLR.DS = 1).</summary>
    public uint[] Group;
    public uint[] Enabled;
    /// <summary>
    /// The pending latch: set by an edge on the input of an edge-triggered interrupt, by
    /// ISPENDR, by SETSPI (edge-triggered SPIs) or an SGI; cleared by ICPENDR, CLRSPI and
    /// activation (acknowledge).
    /// </summary>
    public uint[] PendingLatch;
    public uint[] Active;
    /// <summary>The level of each input wire (SPI and PPI lines).</summary>
    public uint[] LineLevel;
    /// <summary>
    /// Level-sensitive SPIs asserted by a GICD_SETSPI_NSR write, until a GICD_CLRSPI_NSR write
    /// deasserts them (IHI 0069 GICD_SETSPI_NSR); acknowledge does not clear it.
    /// </summary>
    public uint[] MessageLevel;
    /// <summary>GICD_ICFGR / GICR_ICFGR Int_config[1] per INTID: 1 = edge-triggered, 0 = level-sensitive.</summary>
    public uint[] EdgeTriggered;
    /// <summary>GICD_IPRIORITYR / GICR_IPRIORITYR: the implemented high-order bits, the others 0.</summary>
    public byte[] Priority;
}
