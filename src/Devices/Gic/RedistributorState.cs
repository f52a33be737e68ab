namespace Emulator.Devices.Gic;

/// <summary>
/// The architectural state of one redistributor, plain data for snapshots: GICR_CTLR,
/// GICR_STATUSR, GICR_WAKER, GICR_PROPBASER, GICR_PENDBASER, the SGIs and PPIs of its
/// CPU and, while GICR_CTLR.EnableLPIs is 1, the pending state of its LPIs. The cached LPI
/// configuration is not state: it is re-read from the guest's table when a GIC is built
/// from a state with EnableLPIs = 1 (a redistributor may re-read its configuration at any
/// time; INV only guarantees that it has), so restore guest RAM before the GIC. GICR_TYPER is not state: it is derived from the CPU's affinity and number, which
/// the configuration fixes (so restore the topology before the GIC).
/// </summary>
public sealed class RedistributorState
{
    public uint Ctlr;
    public uint Statusr;
    public uint Waker = Redistributor.ResetWaker;
    public ulong Propbaser;
    public ulong Pendbaser;
    public InterruptBankState Private = NewPrivateBank();

    /// <summary>
    /// The pending bits of LPIs 8192 .. 65535 (bit n of word w is INTID 8192 + 32w + n),
    /// held by the redistributor while EnableLPIs is 1; the guest's pending table holds them
    /// while it is 0 (see <see cref="Redistributor"/>).
    /// </summary>
    public uint[] LpiPending = new uint[Redistributor.LpiWords];

    /// <summary>
    /// The CPU interface's group enables (ICC_IGRPEN0_EL1 bit 0, ICC_IGRPEN1_EL1 bit 1) as it
    /// last reported them upstream; 1-of-N SPIs select only PEs with the group enabled.
    /// </summary>
    public byte CpuInterfaceGroupEnables;

    static InterruptBankState NewPrivateBank()
    {
        var bank = new InterruptBankState(1);
        bank.EdgeTriggered[0] = 0x0000_FFFF; // SGIs are always edge-triggered
        return bank;
    }
}
