namespace Emulator.Interconnect;

/// <summary>
/// The global exclusive monitor shared by all CPUs of a machine. A load-exclusive marks a
/// granule for its agent; any write to that granule by another agent (another CPU or a
/// device) clears the mark, so that agent's store-exclusive fails.
/// </summary>
public sealed class ExclusiveMonitor : IRamWriteWatcher
{
    /// <summary>The exclusives reservation granule: 64 bytes (CTR_EL0.ERG = 4).</summary>
    public const int GranuleShift = 6;

    readonly ulong[] granule;
    readonly bool[] held;
    readonly Ram?[] ramOf;

    /// <summary>A monitor for <paramref name="agents"/> CPUs, watching every RAM of the bus.</summary>
    public ExclusiveMonitor(Bus bus, int agents)
    {
        foreach (Ram ram in bus.Rams)
            ram.AddWatcher(this);
        granule = new ulong[agents];
        held = new bool[agents];
        ramOf = new Ram?[agents];
    }

    public PageWatch Watches => PageWatch.Exclusive;

    /// <summary>
    /// Told the agent whose mark another agent's write just cleared. For a PE this is a WFE
    /// wake-up event (Arm ARM D1.6.1: clearing the global monitor of the PE generates an
    /// event), which spinlocks built on LDXR + WFE wait for.
    /// </summary>
    public Action<int>? ClearedByWrite { get; set; }

    public void Mark(int agent, Ram ram, ulong address)
    {
        Clear(agent);
        granule[agent] = address >> GranuleShift;
        held[agent] = true;
        ramOf[agent] = ram;
        ram.Watch(address, PageWatch.Exclusive);
    }

    /// <summary>How many agents (CPUs) the monitor tracks.</summary>
    public int Agents => held.Length;

    /// <summary>The granule an agent holds marked (its address), or null (for snapshots).</summary>
    public ulong? ReservationOf(int agent) => held[agent] ? granule[agent] << GranuleShift : null;

    public bool Holds(int agent, ulong address) =>
        held[agent] && granule[agent] == address >> GranuleShift;

    public void Clear(int agent)
    {
        if (!held[agent]) return;
        held[agent] = false;
        ulong page = granule[agent] << GranuleShift >> Ram.PageShift;
        Ram ram = ramOf[agent]!;
        ramOf[agent] = null;
        for (int i = 0; i < held.Length; i++)
            if (held[i] && ramOf[i] == ram && granule[i] << GranuleShift >> Ram.PageShift == page)
                return;
        ram.Unwatch(page << Ram.PageShift, PageWatch.Exclusive);
    }

    public void OnWatchedWrite(Ram ram, ulong address, int size, int agent)
    {
        ulong first = address >> GranuleShift, last = (address + (ulong)size - 1) >> GranuleShift;
        for (int i = 0; i < held.Length; i++)
            if (i != agent && held[i] && ramOf[i] == ram && granule[i] >= first && granule[i] <= last)
            {
                Clear(i);
                ClearedByWrite?.Invoke(i);
            }
    }
}
