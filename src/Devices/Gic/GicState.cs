namespace Emulator.Devices.Gic;

/// <summary>
/// A whole GICv3's architectural state, plain data: the distributor's and each
/// redistributor's (in CPU order). Creating a GIC from a state and creating it new take the
/// same path (<see cref="GicV3"/>'s constructor); derived data (the per-CPU cache of the
/// highest pending interrupt, the affinity index) is rebuilt, never stored.
/// </summary>
public sealed class GicState
{
    public DistributorState Distributor = new();
    public RedistributorState[] Redistributors = [];

    public static GicState Reset(int cpus)
    {
        var s = new GicState { Redistributors = new RedistributorState[cpus] };
        for (int i = 0; i < cpus; i++)
            s.Redistributors[i] = new RedistributorState();
        return s;
    }
}
