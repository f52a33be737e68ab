using Emulator.Interconnect;

namespace Emulator.Machine.Firmware;

/// <summary>Guest memory seen by physical address, RAM only (a guest running with its MMU off).</summary>
public sealed class PhysicalGuestMemory(Bus bus) : IGuestMemory
{
    public bool TryRead(ulong address, Span<byte> into)
    {
        if (into.IsEmpty) return true;
        if (address + (ulong)into.Length < address || bus.RamAt(address, into.Length) is not { } ram)
            return false;
        ram.ReadBytes(address, into);
        return true;
    }
}
