using Emulator.Interconnect;

namespace Emulator.Devices.Pl031;

/// <summary>
/// ARM PrimeCell Real Time Clock PL031 (ARM DDI 0224). The counter advances one per second
/// of the clock handed in (the machine's virtual time, never the host's wall clock) once
/// RTCCR.RTCStart is set; before that it holds the last loaded value. A write to RTCLR
/// loads the counter. When the counter equals RTCMR the raw interrupt RTCRIS is set; the
/// time passes without MMIO accesses, so the machine calls <see cref="Update"/> when its
/// virtual time advances (at least by <see cref="SecondsUntilMatch"/>), and every register
/// access updates first. RTCINTR is a level: (RTCRIS &amp; RTCIMSC) != 0.
/// </summary>
public sealed partial class Pl031 : IMmioDevice
{
    readonly Pl031State state;
    readonly Func<ulong> seconds;
    readonly IInterruptLine? interrupt;

    /// <param name="seconds">the virtual clock, in whole seconds; it never goes backwards.</param>
    /// <param name="interrupt">RTCINTR (SPI 2 on the virt board).</param>
    public Pl031(Func<ulong> seconds, IInterruptLine? interrupt = null, Pl031State? state = null)
    {
        this.seconds = seconds;
        this.interrupt = interrupt;
        this.state = state ?? new Pl031State { BaseSeconds = seconds() };
        UpdateInterrupt(force: true);
    }

    public Pl031State State => state;

    public Action<string>? Trace { get; set; }

    bool Started => (state.Cr & CR_RTCStart) != 0;

    /// <summary>RTCDR: the current counter value.</summary>
    public uint Counter => Started ? unchecked(state.CounterAtBase + (uint)(seconds() - state.BaseSeconds)) : state.CounterAtBase;

    /// <summary>Whole seconds until the counter reaches RTCMR, or null if it is stopped.</summary>
    public ulong? SecondsUntilMatch
    {
        get
        {
            if (!Started) return null;
            uint distance = unchecked(state.Mr - Counter);
            return distance == 0 ? 1UL << 32 : distance;
        }
    }

    public BusStatus Read(ulong offset, int size, out ulong value)
    {
        Compare();
        BusStatus s = Table.Read(this, offset, size, out value, Trace);
        UpdateInterrupt();
        return s;
    }

    public BusStatus Write(ulong offset, int size, ulong value)
    {
        Compare();
        BusStatus s = Table.Write(this, offset, size, value, Trace);
        UpdateInterrupt();
        return s;
    }

    /// <summary>Brings the match interrupt up to date with the clock.</summary>
    public void Update()
    {
        Compare();
        UpdateInterrupt();
    }

    /// <summary>
    /// Sets RTCRIS if the counter has passed through RTCMR since the last comparison
    /// (the counter is compared at every value it takes, not only when someone looks).
    /// </summary>
    void Compare()
    {
        uint now = Counter;
        uint stepped = unchecked(now - state.LastCompared);
        uint toMatch = unchecked(state.Mr - state.LastCompared);
        if (stepped != 0 && toMatch != 0 && toMatch <= stepped)
            state.Ris |= INT_RTC;
        state.LastCompared = now;
    }

    void Rebase(uint counter)
    {
        state.CounterAtBase = counter;
        state.BaseSeconds = seconds();
        state.LastCompared = counter;
        if (counter == state.Mr)
            state.Ris |= INT_RTC;
    }

    void WriteLr(uint value)
    {
        state.Lr = value;
        Rebase(value);
    }

    void WriteMr(uint value)
    {
        state.Mr = value;
        if (Counter == value)
            state.Ris |= INT_RTC;
    }

    void WriteCr(uint value)
    {
        if (Started || (value & CR_RTCStart) == 0)
            return; // once started, writes have no effect until reset
        uint counter = Counter;
        state.Cr = CR_RTCStart;
        state.CounterAtBase = counter;
        state.BaseSeconds = seconds();
    }

    void UpdateInterrupt(bool force = false)
    {
        bool level = (state.Ris & state.Imsc & INT_RTC) != 0;
        if (level == state.InterruptLevel && !force) return;
        state.InterruptLevel = level;
        interrupt?.Set(level);
    }
}
