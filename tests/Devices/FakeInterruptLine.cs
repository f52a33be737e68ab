using Emulator.Interconnect;

namespace Emulator.Tests.Devices;

/// <summary>Records the level a device drives and every change of it.</summary>
public sealed class FakeInterruptLine : IInterruptLine
{
    public bool Level { get; private set; }
    public List<bool> History { get; } = [];

    public void Set(bool level)
    {
        Level = level;
        History.Add(level);
    }
}
