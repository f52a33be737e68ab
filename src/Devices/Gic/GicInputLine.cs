using Emulator.Interconnect;

namespace Emulator.Devices.Gic;

/// <summary>One interrupt input of the GIC (an SPI or a CPU's PPI): a device drives it as a level.</summary>
public sealed class GicInputLine : IInterruptLine
{
    readonly Action<bool> set;

    internal GicInputLine(int intid, Action<bool> set)
    {
        Intid = intid;
        this.set = set;
    }

    /// <summary>The INTID this wire drives.</summary>
    public int Intid { get; }

    public void Set(bool level) => set(level);
}
