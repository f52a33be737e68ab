namespace Emulator.Devices.Gic;

/// <summary>
/// What the ITS asks of the redistributors about LPIs (INTID 8192 and up), by CPU number:
/// the ITS translates (DeviceID, EventID) to an LPI and a collection's target, then calls
/// these. Implemented by <see cref="GicV3"/>; tests of the ITS use a fake.
/// </summary>
public interface ILpiTarget
{
    /// <summary>Whether LPIs are enabled on that redistributor (GICR_CTLR.EnableLPIs).</summary>
    bool LpisEnabled(int cpu);

    /// <summary>The largest LPI INTID the redistributors accept (from GICR_PROPBASER.IDbits and GICD_TYPER.IDbits).</summary>
    int MaxLpi(int cpu);

    /// <summary>INT, or a TRANSLATER write: sets the LPI pending on that CPU.</summary>
    void SetLpiPending(int cpu, int intid);

    /// <summary>CLEAR or DISCARD: clears the LPI's pending state on that CPU.</summary>
    void ClearLpiPending(int cpu, int intid);

    bool IsLpiPending(int cpu, int intid);

    /// <summary>MOVI/MOVALL: moves the LPI's pending state from one CPU's redistributor to another's.</summary>
    void MoveLpiPending(int fromCpu, int toCpu, int intid);

    /// <summary>INV: the redistributor re-reads the LPI's configuration (priority, enable) from the table in memory.</summary>
    void InvalidateLpiConfiguration(int cpu, int intid);

    /// <summary>INVALL: the redistributor re-reads every LPI's configuration.</summary>
    void InvalidateAllLpiConfiguration(int cpu);
}
