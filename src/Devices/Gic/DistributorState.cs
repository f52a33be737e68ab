namespace Emulator.Devices.Gic;

/// <summary>
/// The architectural state of the GICv3 distributor (GICD_*), plain data for snapshots:
/// GICD_CTLR, GICD_STATUSR, the per-INTID state of the SPIs and one GICD_IROUTER value per
/// INTID (only 32..1019 are used), stored as the register reads.
/// </summary>
public sealed class DistributorState
{
    public const int Intids = 1024;

    public uint Ctlr = Distributor.ResetCtlr;
    public uint Statusr;
    public InterruptBankState Spis = new(Intids / 32);
    public ulong[] Irouter = new ulong[Intids];
}
