using Emulator.Interconnect;

namespace Emulator.Devices.Gic;

/// <summary>
/// LPIs (INTID 8192 and up) across the redistributors, and <see cref="ILpiTarget"/> for the
/// ITS. Each redistributor keeps its own LPIs (see Redistributor.Lpis.cs). An ITS request
/// that names a CPU that does not exist, an LPI out of range, or a redistributor with
/// GICR_CTLR.EnableLPIs = 0 is ignored with a <see cref="Trace"/> line (the spec makes it
/// UNPREDICTABLE); none throws.
/// </summary>
public sealed partial class GicV3
{
    /// <summary>Guest memory for the LPI tables (null: none, tables read as zeros).</summary>
    public Bus? Memory { get; }

    /// <summary>An LPI in range of CPU <paramref name="cpu"/>'s redistributor (whether or not LPIs are enabled there).</summary>
    bool IsLpi(int cpu, int intid) => intid >= Redistributor.FirstLpi && ValidCpu(cpu) && redistributors[cpu].LpiInRange(intid);

    bool ValidCpu(int cpu) => (uint)cpu < (uint)redistributors.Length;

    /// <summary>Acknowledge of an LPI: its pending state is cleared; there is no active state.</summary>
    bool AcknowledgeLpi(int cpu, int intid)
    {
        Redistributor r = redistributors[cpu];
        if (!r.IsLpiPending(intid) || !r.SetLpiPending(intid, false)) return false;
        InterruptTrace?.Invoke($"INTID {intid} acknowledged by CPU {cpu} (priority 0x{r.LpiPriority(intid):X2}, Group1): LPI, not pending");
        PrivateChanged(cpu);
        return true;
    }

    public bool LpisEnabled(int cpu) => ValidCpu(cpu) && redistributors[cpu].LpisEnabled;

    /// <summary>8191 (no LPI) for a CPU that does not exist or GICR_PROPBASER.IDbits below 13.</summary>
    public int MaxLpi(int cpu) => ValidCpu(cpu) ? redistributors[cpu].MaxLpi : Redistributor.FirstLpi - 1;

    public void SetLpiPending(int cpu, int intid) => ChangeLpi(cpu, intid, true, "pending");

    public void ClearLpiPending(int cpu, int intid) => ChangeLpi(cpu, intid, false, "cleared");

    public bool IsLpiPending(int cpu, int intid) => ValidCpu(cpu) && redistributors[cpu].IsLpiPending(intid);

    public void MoveLpiPending(int fromCpu, int toCpu, int intid)
    {
        if (fromCpu == toCpu || !IsLpiPending(fromCpu, intid)) return;
        if (!Accepts(toCpu, intid, "move"))
            return; // the pending state stays where it was rather than being lost
        redistributors[fromCpu].SetLpiPending(intid, false);
        redistributors[toCpu].SetLpiPending(intid, true);
        InterruptTrace?.Invoke($"INTID {intid} pending moved from CPU {fromCpu} to CPU {toCpu}");
        PrivateChanged(fromCpu);
        PrivateChanged(toCpu);
    }

    public void InvalidateLpiConfiguration(int cpu, int intid)
    {
        if (!Accepts(cpu, intid, "invalidate")) return;
        redistributors[cpu].LoadLpiConfiguration(intid);
        InterruptTrace?.Invoke($"INTID {intid} configuration re-read by CPU {cpu}: priority 0x{redistributors[cpu].LpiPriority(intid):X2}, "
            + (redistributors[cpu].LpiEnabled(intid) ? "enabled" : "disabled"));
        PrivateChanged(cpu);
    }

    public void InvalidateAllLpiConfiguration(int cpu)
    {
        if (!ValidCpu(cpu) || !redistributors[cpu].LpisEnabled)
        {
            Trace?.Invoke($"LPI invalidate-all of CPU {cpu} ignored: " + (ValidCpu(cpu) ? "LPIs disabled" : "no such CPU"));
            return;
        }
        redistributors[cpu].LoadAllLpiConfigurationIfEnabled();
        InterruptTrace?.Invoke($"LPI configuration re-read by CPU {cpu}");
        PrivateChanged(cpu);
    }

    void ChangeLpi(int cpu, int intid, bool pending, string what)
    {
        if (!Accepts(cpu, intid, what == "pending" ? "set pending" : "clear")) return;
        if (!redistributors[cpu].SetLpiPending(intid, pending)) return;
        InterruptTrace?.Invoke($"INTID {intid} {what} on CPU {cpu} (LPI)");
        PrivateChanged(cpu);
    }

    /// <summary>Whether CPU <paramref name="cpu"/> exists, has LPIs enabled and <paramref name="intid"/> in range; traced when not.</summary>
    bool Accepts(int cpu, int intid, string request)
    {
        string? why = !ValidCpu(cpu) ? "no such CPU"
            : !redistributors[cpu].LpisEnabled ? "LPIs disabled"
            : !redistributors[cpu].LpiInRange(intid) ? $"not an LPI in range (8192-{redistributors[cpu].MaxLpi})"
            : null;
        if (why is null) return true;
        Trace?.Invoke($"LPI {request} of INTID {intid} on CPU {cpu} ignored: {why}");
        return false;
    }

    /// <summary>
    /// Reads guest RAM into <paramref name="into"/>; bytes outside RAM read 0. The tables are
    /// only ever looked up in RAM: a table placed over MMIO must not reach a device (reading
    /// the UART's data register, or re-entering the GIC's own registers mid-write).
    /// </summary>
    internal void ReadGuest(ulong address, Span<byte> into, string what)
    {
        bool missed = false;
        for (int i = 0; i < into.Length;)
        {
            ulong a = address + (ulong)i;
            int size = (a & 7) == 0 && into.Length - i >= 8 ? 8 : 1;
            ulong v = 0;
            if (Memory?.RamAt(a, size) is { } ram)
                v = ram.Read(a, size);
            else
                missed = true;
            for (int k = 0; k < size; k++)
                into[i + k] = (byte)(v >> (8 * k));
            i += size;
        }
        if (missed)
            Trace?.Invoke($"{what} at 0x{address:X} (0x{into.Length:X} bytes) is not all in memory: missing bytes read as 0");
    }

    /// <summary>Writes <paramref name="data"/> to guest RAM (as a device agent, so exclusive monitors and code watchers see it); bytes outside RAM are dropped.</summary>
    internal void WriteGuest(ulong address, ReadOnlySpan<byte> data, string what)
    {
        bool missed = false;
        for (int i = 0; i < data.Length;)
        {
            ulong a = address + (ulong)i;
            int size = (a & 7) == 0 && data.Length - i >= 8 ? 8 : 1;
            ulong v = 0;
            for (int k = 0; k < size; k++)
                v |= (ulong)data[i + k] << (8 * k);
            if (Memory?.RamAt(a, size) is { } ram)
                ram.Write(a, size, v, Agent.Device);
            else
                missed = true;
            i += size;
        }
        if (missed)
            Trace?.Invoke($"{what} at 0x{address:X} (0x{data.Length:X} bytes) is not all in memory: missing bytes not written");
    }
}
