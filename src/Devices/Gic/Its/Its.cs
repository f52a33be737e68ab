using Emulator.Devices.Mmio;
using Emulator.Interconnect;

namespace Emulator.Devices.Gic.Its;

/// <summary>
/// A GICv3 Interrupt Translation Service (IHI 0069 chapter 6, registers 12.19): translates
/// an MSI (DeviceID, EventID) into an LPI on a redistributor, configured by a command queue
/// in guest memory. It reaches the redistributors only through <see cref="ILpiTarget"/> and
/// guest memory only through the <see cref="Bus"/> (as <see cref="Agent.Device"/>).
///
/// <para><b>Tables in guest memory.</b> GITS_BASER0 describes the device table, GITS_BASER1
/// the collection table; both are flat or two-level (Indirect = 1). Every entry is one
/// little-endian doubleword:</para>
/// <list type="bullet">
/// <item>Level-1 entry (Indirect = 1): Valid 63, Physical_Address 51:12 of a level-2 page of
/// the table's Page_Size (bits below the page size ignored).</item>
/// <item>DTE (device table, indexed by DeviceID): Valid 63, ITT_addr 51:8 (the ITT's
/// address, 256-byte aligned, in place), Size 4:0 (the device's EventID bits - 1).</item>
/// <item>ITE (the device's ITT, indexed by EventID): Valid 63, ICID 47:32, pINTID 31:0.</item>
/// <item>CTE (collection table, indexed by ICID): Valid 63, RDbase 35:0 as the command gave
/// it (a processor number with PTA = 0, physical address bits 51:16 with PTA = 1).</item>
/// </list>
///
/// <para><b>The queue.</b> Commands (32 bytes, see <see cref="ItsCommand"/>) run when
/// GITS_CWRITER is written (or GITS_CTLR.Enabled goes to 1) while the ITS is enabled and
/// GITS_CBASER is valid, from GITS_CREADR up to GITS_CWRITER, wrapping at the end of the
/// queue; each write does at most one pass over the queue. All commands complete before the
/// register write returns, so SYNC only validates its RDbase.</para>
///
/// <para><b>Errors the guest sees.</b> A command with an out-of-range or unmapped argument,
/// an unknown command, or a table/queue access that the bus refuses stalls the queue:
/// GITS_CREADR.Stalled = 1 with CREADR.Offset at the failing command, and the error code
/// (0x01CCRR, <see cref="ItsErrors"/>) in the IMPLEMENTATION DEFINED register GITS_CMDERR at
/// 0xC000. Writing GITS_CWRITER with Retry = 1 runs the command again; writing GITS_CBASER
/// (ITS disabled) or disabling the ITS resets the queue. A CWRITER.Offset beyond the queue
/// stalls with <see cref="ItsErrors.QueueCwriterOor"/>.</para>
/// </summary>
public sealed partial class Its : IMmioDevice, IMsiController
{
    readonly ItsConfiguration config;
    readonly ItsState state;
    readonly Bus bus;
    readonly ILpiTarget lpis;
    readonly RangeTable<Its> table;

    public Its(ItsConfiguration config, Bus bus, ILpiTarget lpis, ItsState? state = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(lpis);
        config.Validate();
        this.config = config;
        this.bus = bus;
        this.lpis = lpis;
        this.state = state ?? Reset();
        if (this.state.Baser is not { Length: 2 })
            throw new ArgumentException("the ITS state must hold GITS_BASER0 and GITS_BASER1");
        table = BuildTable(config);
    }

    /// <summary>The state out of reset: disabled, no queue, both tables invalid.</summary>
    public static ItsState Reset() => new() { Baser = [ResetBaser(0), ResetBaser(1)] };

    public ItsConfiguration Configuration => config;
    public ItsState State => state;
    public RangeTable<Its> Registers => table;

    /// <summary>One stable line per decoded command, command error, LPI delivery, dropped MSI and ignored register write (for --trace its).</summary>
    public Action<string>? Trace { get; set; }

    public bool Enabled => CTLR_Enabled.IsSet(state.Ctlr);
    public bool Stalled => CREADR_Stalled.IsSet(state.Creadr);

    /// <summary>The error code in GITS_CMDERR (0 if none since the queue was reset).</summary>
    public uint LastError => (uint)CMDERR_Code.Extract(state.CmdErr);

    public BusStatus Read(ulong offset, int size, out ulong value) => table.Read(this, offset, size, out value, Trace);

    public BusStatus Write(ulong offset, int size, ulong value) => table.Write(this, offset, size, value, Trace);

    /// <summary>Maps the ITS's 128 KiB at its configured base.</summary>
    public void MapInto(Bus target) => target.AddMmio("gic-its", config.Base, RegionSize, this);

    void Note(string line) => Trace?.Invoke("its: " + line);

    ulong QueueBase => CBASER_Physical_Address.Extract(state.Cbaser) << CBASER_Physical_Address.Shift;

    /// <summary>The queue holds Size + 1 4 KiB pages.</summary>
    ulong QueueBytes => (CBASER_Size.Extract(state.Cbaser) + 1) * 0x1000;

    /// <summary>
    /// Runs the commands from GITS_CREADR to GITS_CWRITER (a retry first re-runs a stalled
    /// command). At most one queue's worth of commands per call, so a write always returns;
    /// only a queue whose CWRITER a command itself moved can be left with work (CREADR !=
    /// CWRITER, not Quiescent), resumed by the next CWRITER write.
    /// </summary>
    void ProcessQueue(bool retry)
    {
        // A table or ITT placed over the ITS's own registers makes a command write GITS_CWRITER
        // (or GITS_CTLR): the running pass must not recurse, it picks the change up in its loop.
        if (processing || !Enabled || !CBASER_Valid.IsSet(state.Cbaser))
            return;
        processing = true;
        try
        {
            RunQueue(retry);
        }
        finally
        {
            processing = false;
        }
    }

    bool processing;

    void RunQueue(bool retry)
    {
        if (Stalled)
        {
            if (!retry) return;
            state.Creadr = CREADR_Stalled.Deposit(state.Creadr, 0);
            state.CmdErr = CMDERR_Stalled.Deposit(state.CmdErr, 0);
            Note($"retry at CREADR 0x{state.Creadr:X}");
        }
        ulong bytes = QueueBytes;
        ulong write = WriteOffset;
        ulong read = CREADR_Offset.Extract(state.Creadr) << CREADR_Offset.Shift;
        if (write >= bytes || read >= bytes)
        {
            Stall(ItsErrors.QueueCwriterOor, $"CWRITER 0x{write:X} or CREADR 0x{read:X} beyond the 0x{bytes:X}-byte queue");
            return;
        }
        // CWRITER is re-read after each command: a command may have written it (see above).
        for (ulong n = 0; n < bytes / ItsCommand.Size && read != (write = WriteOffset) && Enabled; n++)
        {
            if (write >= bytes)
            {
                Stall(ItsErrors.QueueCwriterOor, $"CWRITER 0x{write:X} beyond the 0x{bytes:X}-byte queue");
                return;
            }
            CommandResult result = FetchAndExecute(QueueBase + read);
            if (result.Stalls)
            {
                Stall(result.ErrorCode, $"at CREADR 0x{read:X}");
                return;
            }
            read = (read + ItsCommand.Size) % bytes;
            state.Creadr = CREADR_Offset.Deposit(0UL, read >> CREADR_Offset.Shift);
        }
    }

    ulong WriteOffset => CWRITER_Offset.Extract(state.Cwriter) << CWRITER_Offset.Shift;

    CommandResult FetchAndExecute(ulong address)
    {
        if (bus.Read128(address, out UInt128 low) != BusStatus.Ok || bus.Read128(address + 16, out UInt128 high) != BusStatus.Ok)
            return new(ItsErrors.QueueReadFault);
        var command = new ItsCommand((ulong)low, (ulong)(low >> 64), (ulong)high, (ulong)(high >> 64));
        Note(command.ToString());
        return Execute(command);
    }

    /// <summary>The guest-error policy, in one place: stall, expose the code, trace it.</summary>
    void Stall(uint code, string where)
    {
        state.Creadr = CREADR_Stalled.Deposit(state.Creadr, 1);
        state.CmdErr = CMDERR_Code.Deposit(CMDERR_Stalled.Deposit(0UL, 1), code);
        Note($"error {ItsErrors.Describe(code)} {where}: queue stalled");
    }

    // ---- Tables -------------------------------------------------------------------------

    enum Lookup : byte { Ok, OutOfRange, Fault }

    static ulong PageBytes(ulong baser) => BASER_Page_Size.Extract(baser) switch
    {
        PageSize4K => 0x1000,
        PageSize16K => 0x4000,
        _ => 0x1_0000,
    };

    static ulong TableBase(ulong baser)
    {
        ulong page = PageBytes(baser);
        ulong address = (BASER_Physical_Address.Extract(baser) << BASER_Physical_Address.Shift) & ~(page - 1);
        if (page == 0x1_0000)
            address |= BASER_Physical_Address_51_48.Extract(baser) << 48;
        return address;
    }

    /// <summary>
    /// Where entry <paramref name="id"/> of the table GITS_BASER&lt;n&gt; describes lives:
    /// out of range if the table is invalid, the ID is wider than <paramref name="idBits"/>,
    /// beyond the table, or (two-level) its level-1 entry is not valid.
    /// </summary>
    Lookup EntryAddress(int n, ulong id, int idBits, out ulong address)
    {
        address = 0;
        ulong baser = state.Baser[n];
        if (!BASER_Valid.IsSet(baser) || (idBits < 64 && id >> idBits != 0))
            return Lookup.OutOfRange;
        ulong page = PageBytes(baser);
        ulong bytes = (BASER_Size.Extract(baser) + 1) * page;
        ulong start = TableBase(baser);
        if (!BASER_Indirect.IsSet(baser))
        {
            if (id * EntryBytes >= bytes) return Lookup.OutOfRange;
            address = start + id * EntryBytes;
            return Lookup.Ok;
        }
        ulong perPage = page / EntryBytes;
        ulong level1 = id / perPage;
        if (level1 * EntryBytes >= bytes) return Lookup.OutOfRange;
        if (bus.Read(start + level1 * EntryBytes, EntryBytes, out ulong l1) != BusStatus.Ok) return Lookup.Fault;
        if (!L1_Valid.IsSet(l1)) return Lookup.OutOfRange;
        address = (L1_Physical_Address.Extract(l1) << L1_Physical_Address.Shift & ~(page - 1)) + id % perPage * EntryBytes;
        return Lookup.Ok;
    }

    static readonly BitField L1_Valid = new(63, 1);
    static readonly BitField L1_Physical_Address = new(12, 40);

    // DTE, ITE, CTE (see the class comment).
    static readonly BitField DTE_Valid = new(63, 1);
    static readonly BitField DTE_ITT_addr = new(8, 44);
    static readonly BitField DTE_Size = new(0, 5);
    static readonly BitField ITE_Valid = new(63, 1);
    static readonly BitField ITE_ICID = new(32, 16);
    static readonly BitField ITE_pINTID = new(0, 32);
    static readonly BitField CTE_Valid = new(63, 1);
    static readonly BitField CTE_RDbase = new(0, 36);

    bool ReadEntry(ulong address, out ulong entry) => bus.Read(address, EntryBytes, out entry) == BusStatus.Ok;

    bool WriteEntry(ulong address, ulong entry) => bus.Write(address, EntryBytes, entry, Agent.Device) == BusStatus.Ok;

    /// <summary>The CPU an RDbase field names: a processor number (PTA = 0) or an RD_base address (PTA = 1); null if none.</summary>
    int? CpuOfRdbase(ulong rdbase)
    {
        if (!config.Pta)
            return rdbase < (ulong)config.CpuCount ? (int)rdbase : null;
        int? cpu = config.RedistributorAt!(rdbase << 16);
        return cpu is { } c && (uint)c < (uint)config.CpuCount ? c : null;
    }

    /// <summary>An event that resolved to a valid ITE.</summary>
    readonly record struct Event(ulong IteAddress, ulong Ite, int Intid, ushort Icid);

    /// <summary>DeviceID and EventID to the ITE: the reason it fails, or 0 with the event.</summary>
    ItsErrorReason FindEvent(uint deviceId, uint eventId, out Event found)
    {
        found = default;
        ItsErrorReason r = FindDevice(deviceId, out ulong dte);
        if (r != 0) return r;
        int bits = (int)DTE_Size.Extract(dte) + 1;
        if (bits < 32 && eventId >> bits != 0) return ItsErrorReason.IdOor;
        ulong address = (DTE_ITT_addr.Extract(dte) << DTE_ITT_addr.Shift) + (ulong)eventId * EntryBytes;
        if (!ReadEntry(address, out ulong ite)) return ItsErrorReason.MemoryFault;
        if (!ITE_Valid.IsSet(ite)) return ItsErrorReason.UnmappedInterrupt;
        found = new(address, ite, (int)ITE_pINTID.Extract(ite), (ushort)ITE_ICID.Extract(ite));
        return 0;
    }

    /// <summary>The DTE of a mapped device, or the reason there is none.</summary>
    ItsErrorReason FindDevice(uint deviceId, out ulong dte)
    {
        dte = 0;
        switch (EntryAddress(0, deviceId, config.DeviceIdBits, out ulong address))
        {
            case Lookup.OutOfRange: return ItsErrorReason.DeviceOor;
            case Lookup.Fault: return ItsErrorReason.MemoryFault;
        }
        if (!ReadEntry(address, out dte)) return ItsErrorReason.MemoryFault;
        return DTE_Valid.IsSet(dte) ? 0 : ItsErrorReason.UnmappedDevice;
    }

    /// <summary>The CPU a mapped collection targets, or the reason there is none.</summary>
    ItsErrorReason FindCollection(ushort icid, out int cpu)
    {
        cpu = -1;
        switch (EntryAddress(1, icid, config.CollectionIdBits, out ulong address))
        {
            case Lookup.OutOfRange: return ItsErrorReason.CollectionOor;
            case Lookup.Fault: return ItsErrorReason.MemoryFault;
        }
        if (!ReadEntry(address, out ulong cte)) return ItsErrorReason.MemoryFault;
        if (!CTE_Valid.IsSet(cte) || CpuOfRdbase(CTE_RDbase.Extract(cte)) is not { } c)
            return ItsErrorReason.UnmappedCollection;
        cpu = c;
        return 0;
    }

    // ---- MSIs ---------------------------------------------------------------------------

    /// <summary>
    /// An MSI: a write of <paramref name="eventId"/> to GITS_TRANSLATER by the bus master
    /// <paramref name="deviceId"/> (the hook a PCI host or MSI source calls). Makes the LPI
    /// pending on the collection's redistributor; a translation failure is not a command
    /// error: the write is dropped, traced, and the reason returned.
    /// </summary>
    public ItsTranslation Translate(uint deviceId, uint eventId)
    {
        if (!Enabled)
        {
            Note($"MSI DeviceID 0x{deviceId:X} EventID 0x{eventId:X} dropped: ITS disabled");
            return ItsTranslation.ItsDisabled;
        }
        ItsErrorReason r = FindEvent(deviceId, eventId, out Event e);
        int cpu = -1;
        if (r == 0) r = FindCollection(e.Icid, out cpu);
        ItsTranslation outcome = r switch
        {
            0 => ItsTranslation.Delivered,
            ItsErrorReason.DeviceOor => ItsTranslation.DeviceOutOfRange,
            ItsErrorReason.UnmappedDevice => ItsTranslation.UnmappedDevice,
            ItsErrorReason.IdOor => ItsTranslation.EventOutOfRange,
            ItsErrorReason.UnmappedInterrupt => ItsTranslation.UnmappedInterrupt,
            ItsErrorReason.CollectionOor or ItsErrorReason.UnmappedCollection => ItsTranslation.UnmappedCollection,
            _ => ItsTranslation.MemoryFault,
        };
        if (outcome != ItsTranslation.Delivered)
        {
            Note($"MSI DeviceID 0x{deviceId:X} EventID 0x{eventId:X} dropped: {outcome}");
            return outcome;
        }
        return Deliver(cpu, e.Intid, $"MSI DeviceID 0x{deviceId:X} EventID 0x{eventId:X}")
            ? ItsTranslation.Delivered : ItsTranslation.DroppedByRedistributor;
    }

    /// <summary>An MSI from requester <paramref name="deviceId"/>: a 32-bit write to this ITS's GITS_TRANSLATER.</summary>
    public bool MsiWrite(ulong address, uint data, uint deviceId)
    {
        if (address != config.Base + GITS_TRANSLATER)
            return false;
        Translate(deviceId, data);
        return true;
    }

    /// <summary>Sets an LPI pending on a redistributor that accepts it (LPIs enabled, INTID implemented).</summary>
    bool Deliver(int cpu, int intid, string cause)
    {
        if (!lpis.LpisEnabled(cpu) || intid > lpis.MaxLpi(cpu))
        {
            Note($"{cause}: LPI {intid} dropped by CPU {cpu}'s redistributor (LPIs disabled or INTID beyond GICR_PROPBASER.IDbits)");
            return false;
        }
        lpis.SetLpiPending(cpu, intid);
        Note($"{cause}: LPI {intid} pending on CPU {cpu}");
        return true;
    }
}
