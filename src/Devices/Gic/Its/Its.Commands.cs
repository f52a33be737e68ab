namespace Emulator.Devices.Gic.Its;

/// <summary>
/// The ITS commands (IHI 0069 6.3), one method each. Each validates every field it uses and
/// returns <see cref="CommandResult.Continue"/> or the error that stalls the queue; the
/// policy for errors lives in <see cref="ProcessQueue"/> and <see cref="Stall"/>.
/// </summary>
public sealed partial class Its
{
    CommandResult Execute(in ItsCommand c) => c.Command switch
    {
        ItsCommand.MAPD => Mapd(c),
        ItsCommand.MAPC => Mapc(c),
        ItsCommand.MAPTI => Mapti(c, c.PhysicalId),
        ItsCommand.MAPI => Mapti(c, c.EventId),
        ItsCommand.MOVI => Movi(c),
        ItsCommand.MOVALL => Movall(c),
        ItsCommand.DISCARD => Discard(c),
        ItsCommand.INV => Inv(c),
        ItsCommand.INVALL => Invall(c),
        ItsCommand.INT => Int(c),
        ItsCommand.CLEAR => Clear(c),
        ItsCommand.SYNC => Sync(c),
        _ => Error(c, ItsErrorReason.UnknownCommand),
    };

    static CommandResult Error(in ItsCommand c, ItsErrorReason reason) =>
        reason == 0 ? CommandResult.Continue : new(ItsErrors.Code(c.Command, reason));

    /// <summary>MAPD: writes the device's DTE (valid with ITT address and size, or invalid).</summary>
    CommandResult Mapd(in ItsCommand c)
    {
        switch (EntryAddress(0, c.DeviceId, config.DeviceIdBits, out ulong address))
        {
            case Lookup.OutOfRange: return Error(c, ItsErrorReason.DeviceOor);
            case Lookup.Fault: return Error(c, ItsErrorReason.MemoryFault);
        }
        if (c.Valid && c.IttSize + 1 > config.EventIdBits)
            return Error(c, ItsErrorReason.SizeOrProcnumOor);
        ulong dte = c.Valid
            ? DTE_Valid.Deposit(DTE_ITT_addr.Deposit(DTE_Size.Deposit(0UL, (ulong)c.IttSize), c.IttAddress >> DTE_ITT_addr.Shift), 1)
            : 0;
        return WriteEntry(address, dte) ? CommandResult.Continue : Error(c, ItsErrorReason.MemoryFault);
    }

    /// <summary>MAPC: writes the collection's CTE (valid with its RDbase, or invalid).</summary>
    CommandResult Mapc(in ItsCommand c)
    {
        switch (EntryAddress(1, c.Icid, config.CollectionIdBits, out ulong address))
        {
            case Lookup.OutOfRange: return Error(c, ItsErrorReason.CollectionOor);
            case Lookup.Fault: return Error(c, ItsErrorReason.MemoryFault);
        }
        if (c.Valid && CpuOfRdbase(c.Rdbase) is null)
            return Error(c, ItsErrorReason.SizeOrProcnumOor);
        ulong cte = c.Valid ? CTE_Valid.Deposit(CTE_RDbase.Deposit(0UL, c.Rdbase), 1) : 0;
        return WriteEntry(address, cte) ? CommandResult.Continue : Error(c, ItsErrorReason.MemoryFault);
    }

    /// <summary>MAPTI (and MAPI, whose pINTID is the EventID): writes the event's ITE.</summary>
    CommandResult Mapti(in ItsCommand c, uint pintid)
    {
        ItsErrorReason r = FindDevice(c.DeviceId, out ulong dte);
        if (r != 0) return Error(c, r);
        int bits = (int)DTE_Size.Extract(dte) + 1;
        if (bits < 32 && c.EventId >> bits != 0) return Error(c, ItsErrorReason.IdOor);
        if (pintid < 8192 || (config.EventIdBits < 32 && pintid >> config.EventIdBits != 0))
            return Error(c, ItsErrorReason.PhysicalIdOor);
        switch (EntryAddress(1, c.Icid, config.CollectionIdBits, out _))
        {
            case Lookup.OutOfRange: return Error(c, ItsErrorReason.CollectionOor);
            case Lookup.Fault: return Error(c, ItsErrorReason.MemoryFault);
        }
        ulong address = (DTE_ITT_addr.Extract(dte) << DTE_ITT_addr.Shift) + (ulong)c.EventId * EntryBytes;
        ulong ite = ITE_Valid.Deposit(ITE_ICID.Deposit(ITE_pINTID.Deposit(0UL, pintid), c.Icid), 1);
        return WriteEntry(address, ite) ? CommandResult.Continue : Error(c, ItsErrorReason.MemoryFault);
    }

    /// <summary>An event's ITE and the CPU its collection targets, for INT, CLEAR, INV and MOVI.</summary>
    ItsErrorReason FindTarget(in ItsCommand c, out Event e, out int cpu)
    {
        cpu = -1;
        ItsErrorReason r = FindEvent(c.DeviceId, c.EventId, out e);
        return r != 0 ? r : FindCollection(e.Icid, out cpu);
    }

    /// <summary>INT: the event's LPI becomes pending, as if the device had written GITS_TRANSLATER.</summary>
    CommandResult Int(in ItsCommand c)
    {
        ItsErrorReason r = FindTarget(c, out Event e, out int cpu);
        if (r != 0) return Error(c, r);
        Deliver(cpu, e.Intid, $"INT DeviceID 0x{c.DeviceId:X} EventID 0x{c.EventId:X}");
        return CommandResult.Continue;
    }

    /// <summary>CLEAR: the event's LPI is no longer pending.</summary>
    CommandResult Clear(in ItsCommand c)
    {
        ItsErrorReason r = FindTarget(c, out Event e, out int cpu);
        if (r != 0) return Error(c, r);
        lpis.ClearLpiPending(cpu, e.Intid);
        return CommandResult.Continue;
    }

    /// <summary>INV: the target redistributor re-reads the LPI's configuration.</summary>
    CommandResult Inv(in ItsCommand c)
    {
        ItsErrorReason r = FindTarget(c, out Event e, out int cpu);
        if (r != 0) return Error(c, r);
        lpis.InvalidateLpiConfiguration(cpu, e.Intid);
        return CommandResult.Continue;
    }

    /// <summary>DISCARD: clears the LPI's pending state (where its collection is mapped) and unmaps the event.</summary>
    CommandResult Discard(in ItsCommand c)
    {
        ItsErrorReason r = FindEvent(c.DeviceId, c.EventId, out Event e);
        if (r != 0) return Error(c, r);
        r = FindCollection(e.Icid, out int cpu);
        if (r == ItsErrorReason.MemoryFault) return Error(c, r);
        if (r == 0)
            lpis.ClearLpiPending(cpu, e.Intid);
        return WriteEntry(e.IteAddress, 0) ? CommandResult.Continue : Error(c, ItsErrorReason.MemoryFault);
    }

    /// <summary>MOVI: the event moves to another collection, taking its pending state with it.</summary>
    CommandResult Movi(in ItsCommand c)
    {
        ItsErrorReason r = FindTarget(c, out Event e, out int from);
        if (r != 0) return Error(c, r);
        r = FindCollection(c.Icid, out int to);
        if (r != 0) return Error(c, r);
        if (from != to)
            lpis.MoveLpiPending(from, to, e.Intid);
        ulong ite = ITE_ICID.Deposit(e.Ite, c.Icid);
        return WriteEntry(e.IteAddress, ite) ? CommandResult.Continue : Error(c, ItsErrorReason.MemoryFault);
    }

    /// <summary>INVALL: the collection's redistributor re-reads every LPI's configuration.</summary>
    CommandResult Invall(in ItsCommand c)
    {
        ItsErrorReason r = FindCollection(c.Icid, out int cpu);
        if (r != 0) return Error(c, r);
        lpis.InvalidateAllLpiConfiguration(cpu);
        return CommandResult.Continue;
    }

    /// <summary>
    /// MOVALL: every LPI pending on RDbase1's redistributor moves to RDbase2's. Bounded by
    /// the LPIs both the ITS (GITS_TYPER.IDbits) and the source redistributor implement.
    /// Collections are not remapped (software follows MOVALL with MAPC).
    /// </summary>
    CommandResult Movall(in ItsCommand c)
    {
        if (CpuOfRdbase(c.Rdbase) is not { } from || CpuOfRdbase(c.Rdbase2) is not { } to)
            return Error(c, ItsErrorReason.DeviceOor);
        if (from == to) return CommandResult.Continue;
        if (lpis is ILpiBulkMove bulk)
        {
            bulk.MoveAllLpiPending(from, to);
            return CommandResult.Continue;
        }
        long last = Math.Min((1L << config.EventIdBits) - 1, lpis.MaxLpi(from));
        for (long intid = 8192; intid <= last; intid++)
            if (lpis.IsLpiPending(from, (int)intid))
                lpis.MoveLpiPending(from, to, (int)intid);
        return CommandResult.Continue;
    }

    /// <summary>SYNC: commands complete synchronously here, so only the RDbase is checked.</summary>
    CommandResult Sync(in ItsCommand c) =>
        CpuOfRdbase(c.Rdbase) is null ? Error(c, ItsErrorReason.DeviceOor) : CommandResult.Continue;
}
