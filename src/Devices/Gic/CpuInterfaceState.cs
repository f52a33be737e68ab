namespace Emulator.Devices.Gic;

/// <summary>
/// The architectural state of one CPU's GICv3 CPU interface (the ICC_* system registers of
/// IHI 0069 chapter 12.2), plain data for snapshots. Everything else the interface reports
/// (ICC_CTLR_EL1's read-only fields, ICC_SRE_EL1, ICC_RPR_EL1, the IRQ and FIQ levels) is
/// derived from this, the GIC's state and the configuration.
/// </summary>
public sealed class CpuInterfaceState
{
    /// <summary>ICC_PMR_EL1.Priority (the unimplemented low-order bits are 0).</summary>
    public byte Pmr;

    /// <summary>ICC_BPR0_EL1.BinaryPoint (never below the minimum the implemented preemption bits allow).</summary>
    public byte Bpr0;

    /// <summary>ICC_BPR1_EL1.BinaryPoint as last written (with ICC_CTLR_EL1.CBPR = 1 reads show BPR0 + 1 instead).</summary>
    public byte Bpr1;

    /// <summary>The writable bits of ICC_CTLR_EL1: CBPR (0), EOImode (1), PMHE (6).</summary>
    public uint Ctlr;

    /// <summary>ICC_IGRPEN0_EL1.Enable and ICC_IGRPEN1_EL1.Enable.</summary>
    public bool Igrpen0, Igrpen1;

    /// <summary>
    /// ICC_AP0R0..3_EL1 and ICC_AP1R0..3_EL1: one bit per preemption level (group priority),
    /// 32 levels per register; only the registers and bits the implemented preemption bits
    /// need are used, the rest stay 0.
    /// </summary>
    public uint[] Ap0r = new uint[4];
    public uint[] Ap1r = new uint[4];

    /// <summary>
    /// The state out of reset: ICC_PMR_EL1 0 (every interrupt masked), both binary points at
    /// their minimum (<paramref name="minimumBpr0"/>, and one more for Group 1), ICC_CTLR_EL1's
    /// writable fields 0 (EOImode 0: EOI drops priority and deactivates), both groups
    /// disabled and no active priority. The architecture leaves PMR and the CTLR fields
    /// UNKNOWN after a warm reset; these are the values this model chooses.
    /// </summary>
    public static CpuInterfaceState Reset(int minimumBpr0) =>
        new() { Bpr0 = (byte)minimumBpr0, Bpr1 = (byte)(minimumBpr0 + 1) };
}
