namespace Emulator.Devices.Gic;

/// <summary>
/// The architectural state of one redistributor, plain data for snapshots: GICR_CTLR,
/// GICR_STATUSR, GICR_WAKER, GICR_PROPBASER, GICR_PENDBASER and the SGIs and PPIs of its
/// CPU. GICR_TYPER is not state: it is derived from the CPU's affinity and number, which
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
