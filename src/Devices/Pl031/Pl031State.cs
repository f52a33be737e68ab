namespace Emulator.Devices.Pl031;

/// <summary>
/// The architectural state of a PL031 RTC (ARM DDI 0224), plain data for snapshots. The
/// counter is not stored as a running number: it is <see cref="CounterAtBase"/> plus the
/// virtual seconds elapsed since <see cref="BaseSeconds"/> while the RTC is started.
/// </summary>
public sealed class Pl031State
{
    public uint Mr;
    public uint Lr;
    /// <summary>RTCCR.RTCStart: once set, only a reset clears it.</summary>
    public uint Cr;
    public uint Imsc;
    public uint Ris;

    public uint CounterAtBase;
    public ulong BaseSeconds;
    /// <summary>The counter value up to which the match comparison has been evaluated.</summary>
    public uint LastCompared;

    public bool InterruptLevel;
}
