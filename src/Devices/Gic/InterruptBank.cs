namespace Emulator.Devices.Gic;

/// <summary>
/// The register behaviour shared by the distributor's SPI registers and a redistributor's
/// SGI/PPI registers (IHI 0069 chapter 12, the GICD_I*R and GICR_I*R0 families) over an
/// <see cref="InterruptBankState"/>. Bits of INTIDs that the owner does not implement in
/// this bank (<c>implemented</c>) are RAZ/WI, as the spec asks of unimplemented interrupts
/// and of the distributor's SGI/PPI bits when affinity routing is enabled.
///
/// Pending follows IHI 0069 4.1.2 and the ISPENDR/ICPENDR descriptions: an edge-triggered
/// interrupt is pending while its latch is set; a level-sensitive interrupt is pending
/// while its latch is set (by ISPENDR) or its input is asserted (the wire, or for SPIs a
/// GICD_SETSPI_NSR message). ICPENDR and acknowledge clear only the latch, so a
/// level-sensitive interrupt whose input stays asserted stays pending.
/// </summary>
public sealed class InterruptBank
{
    readonly uint[] implemented;
    readonly uint[] configWritable;
    readonly byte priorityMask;

    /// <param name="implemented">per word, the INTIDs this bank answers for.</param>
    /// <param name="configWritable">per word, the INTIDs whose Int_config is programmable (others read their reset value).</param>
    /// <param name="priorityBits">implemented priority bits, 4 to 8 (the low-order bits are RAZ/WI).</param>
    public InterruptBank(InterruptBankState state, uint[] implemented, uint[] configWritable, int priorityBits)
    {
        State = state;
        this.implemented = implemented;
        this.configWritable = configWritable;
        priorityMask = (byte)(0xFF << (8 - priorityBits));
    }

    public InterruptBankState State { get; }

    public int Words => implemented.Length;

    public bool Implements(int intid) => (uint)intid < (uint)(32 * Words) && (implemented[intid >> 5] >> (intid & 31) & 1) != 0;

    public uint Implemented(int word) => implemented[word];

    /// <summary>Pending or active-and-pending, per INTID of a word.</summary>
    public uint Pending(int w) =>
        (State.PendingLatch[w] | (~State.EdgeTriggered[w] & (State.LineLevel[w] | State.MessageLevel[w]))) & implemented[w];

    /// <summary>Pending, enabled and not active: what may be forwarded to a CPU interface.</summary>
    public uint Candidates(int w) => Pending(w) & State.Enabled[w] & ~State.Active[w];

    public bool IsPending(int intid) => (Pending(intid >> 5) >> (intid & 31) & 1) != 0;
    public bool IsActive(int intid) => (State.Active[intid >> 5] >> (intid & 31) & 1) != 0;
    public bool IsGroup1(int intid) => (State.Group[intid >> 5] >> (intid & 31) & 1) != 0;
    public bool IsEdge(int intid) => (State.EdgeTriggered[intid >> 5] >> (intid & 31) & 1) != 0;
    public byte PriorityOf(int intid) => State.Priority[intid];

    // Group, enable, pending and active registers (one bit per INTID).

    public uint ReadGroup(int w) => State.Group[w] & implemented[w];

    public void WriteGroup(int w, uint value, uint mask)
    {
        mask &= implemented[w];
        State.Group[w] = (State.Group[w] & ~mask) | (value & mask);
    }

    public uint ReadEnabled(int w) => State.Enabled[w] & implemented[w];
    public void SetEnabled(int w, uint bits) => State.Enabled[w] |= bits & implemented[w];
    public void ClearEnabled(int w, uint bits) => State.Enabled[w] &= ~(bits & implemented[w]);

    public void SetPendingLatch(int w, uint bits) => State.PendingLatch[w] |= bits & implemented[w];
    public void ClearPendingLatch(int w, uint bits) => State.PendingLatch[w] &= ~(bits & implemented[w]);

    public uint ReadActive(int w) => State.Active[w] & implemented[w];
    public void SetActive(int w, uint bits) => State.Active[w] |= bits & implemented[w];
    public void ClearActive(int w, uint bits) => State.Active[w] &= ~(bits & implemented[w]);

    // Priority registers: four INTIDs per 32-bit register, byte-accessible.

    public uint ReadPriority(int register)
    {
        uint v = 0;
        for (int i = 0; i < 4; i++)
        {
            int intid = 4 * register + i;
            if (Implements(intid))
                v |= (uint)State.Priority[intid] << (8 * i);
        }
        return v;
    }

    public void WritePriority(int register, uint value, uint mask)
    {
        for (int i = 0; i < 4; i++)
        {
            int intid = 4 * register + i;
            if ((mask >> (8 * i) & 0xFF) != 0 && Implements(intid))
                State.Priority[intid] = (byte)((value >> (8 * i)) & priorityMask);
        }
    }

    // Configuration registers: two bits per INTID, sixteen INTIDs per register.
    // Int_config[0] (the even bit) is RES0 in GICv3; Int_config[1] is 1 for edge-triggered.

    public uint ReadConfig(int register)
    {
        int w = register >> 1, first = 16 * (register & 1);
        uint edge = State.EdgeTriggered[w] & implemented[w];
        uint v = 0;
        for (int i = 0; i < 16; i++)
            v |= (edge >> (first + i) & 1) << (2 * i + 1);
        return v;
    }

    public void WriteConfig(int register, uint value, uint mask)
    {
        int w = register >> 1, first = 16 * (register & 1);
        for (int i = 0; i < 16; i++)
        {
            uint bit = 1u << (first + i);
            if ((mask >> (2 * i + 1) & 1) == 0 || (configWritable[w] & implemented[w] & bit) == 0)
                continue;
            if ((value >> (2 * i + 1) & 1) != 0) State.EdgeTriggered[w] |= bit;
            else State.EdgeTriggered[w] &= ~bit;
        }
    }

    /// <summary>
    /// Drives an input wire. A rising edge latches pending for an edge-triggered interrupt;
    /// a level-sensitive one follows the wire. Returns true if the wire changed.
    /// </summary>
    public bool SetLine(int intid, bool level)
    {
        int w = intid >> 5;
        uint bit = 1u << (intid & 31);
        bool was = (State.LineLevel[w] & bit) != 0;
        if (was == level || (implemented[w] & bit) == 0)
            return false;
        if (level)
        {
            State.LineLevel[w] |= bit;
            if ((State.EdgeTriggered[w] & bit) != 0)
                State.PendingLatch[w] |= bit;
        }
        else
            State.LineLevel[w] &= ~bit;
        return true;
    }

    /// <summary>
    /// Activation on acknowledge (IHI 0069 4.1.2): pending becomes active, and the latch is
    /// cleared; a level-sensitive interrupt whose input is still asserted becomes active
    /// and pending. Returns false (and changes nothing) if the interrupt was not pending.
    /// </summary>
    public bool Activate(int intid)
    {
        if (!Implements(intid) || !IsPending(intid))
            return false;
        uint bit = 1u << (intid & 31);
        State.PendingLatch[intid >> 5] &= ~bit;
        State.Active[intid >> 5] |= bit;
        return true;
    }

    /// <summary>Clears the active state; false if the interrupt was not active.</summary>
    public bool Deactivate(int intid)
    {
        if (!Implements(intid) || !IsActive(intid))
            return false;
        State.Active[intid >> 5] &= ~(1u << (intid & 31));
        return true;
    }
}
