namespace Emulator.Cpu;

/// <summary>
/// One system register as data: its encoding (op0, op1, CRn, CRm, op2), its name as the
/// Arm ARM spells it, who may access it, and how reads and writes act on the PE.
/// A missing accessor means the register is read-only or write-only (the other access is UNDEFINED).
/// </summary>
/// <param name="Available">
/// A condition on the PE's state without which any access is UNDEFINED, whatever the EL
/// (e.g. SP_EL0 while PSTATE.SP selects it); null means always available.
/// </param>
public sealed record SystemRegister(
    string Name,
    ushort Encoding,
    Func<Processor, ulong>? Read,
    Action<Processor, ulong>? Write,
    SystemRegisterAccess Access = SystemRegisterAccess.El1,
    Func<Processor, bool>? Available = null)
{
    /// <summary>The encoding as MRS/MSR carry it in bits 20:5: op0[1:0], op1, CRn, CRm, op2.</summary>
    public static ushort Encode(int op0, int op1, int crn, int crm, int op2) =>
        (ushort)(((op0 & 3) << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2);

    public static string Format(ushort encoding) =>
        $"S{encoding >> 14}_{(encoding >> 11) & 7}_C{(encoding >> 7) & 15}_C{(encoding >> 3) & 15}_{encoding & 7}";
}

/// <summary>The lowest exception level that may access a register without an UNDEFINED exception.</summary>
public enum SystemRegisterAccess : byte
{
    /// <summary>EL1 only: UNDEFINED at EL0.</summary>
    El1,
    /// <summary>EL0 and EL1.</summary>
    El0,
    /// <summary>Decided by the PE's state at the time (e.g. SCTLR_EL1.UMA, CNTKCTL_EL1): see <see cref="SystemRegisterTable.El0Check"/>.</summary>
    El0Conditional,
    /// <summary>EL0 may read but not write (TPIDRRO_EL0): an EL0 write is UNDEFINED.</summary>
    El0ReadOnly,
    /// <summary>EL0 may read when the check allows (CNTFRQ_EL0); an EL0 write is UNDEFINED.</summary>
    El0ReadConditional,
}

/// <summary>What an MRS or MSR may do with a register at the PE's current state.</summary>
public enum SystemRegisterPermission : byte
{
    Allowed,
    /// <summary>The access does not exist at this EL: an Unknown-reason exception.</summary>
    Undefined,
    /// <summary>
    /// The access exists but an EL1 control (SCTLR_EL1.UMA, SCTLR_EL1.UCT, CNTKCTL_EL1...)
    /// disables it at EL0: a trapped system register access (ESR_EL1.EC = 0x18).
    /// </summary>
    Trapped,
}

/// <summary>
/// The system registers a PE implements, looked up by encoding. Built from the base rows
/// (SystemRegisters/BaseSystemRegisters.cs); the machine adds rows for the GIC CPU interface and the
/// timer before it finalizes.
/// </summary>
public sealed class SystemRegisterTable
{
    readonly Dictionary<ushort, SystemRegister> rows = [];
    readonly Dictionary<ushort, Func<Processor, bool>> el0Checks = [];

    // MRS/MSR look rows up on every execution (Linux reads SP_EL0 and TPIDR_EL1 all the
    // time), so Find is two array reads: op0:op1:CRn selects a group of 128 CRm:op2 slots,
    // allocated only for groups that hold a register. A cache of `rows`.
    const int GroupShift = 7, GroupSize = 1 << GroupShift;
    readonly SystemRegister?[]?[] groups = new SystemRegister?[]?[1 << (16 - GroupShift)];

    public IEnumerable<SystemRegister> Rows => rows.Values;

    public static SystemRegisterTable CreateDefault()
    {
        var table = new SystemRegisterTable();
        foreach (SystemRegister row in BaseSystemRegisters.Base)
            table.Add(row);
        foreach ((ushort encoding, Func<Processor, bool> check) in BaseSystemRegisters.El0Checks)
            table.el0Checks[encoding] = check;
        return table;
    }

    public void Add(SystemRegister row)
    {
        if (!rows.TryAdd(row.Encoding, row))
            throw new ArgumentException($"system register {row.Name} ({SystemRegister.Format(row.Encoding)}) is already defined as {rows[row.Encoding].Name}");
        Index(row);
    }

    /// <summary>Adds a row or replaces the row with the same encoding.</summary>
    public void Set(SystemRegister row)
    {
        rows[row.Encoding] = row;
        Index(row);
    }

    void Index(SystemRegister row)
    {
        ref SystemRegister?[]? group = ref groups[row.Encoding >> GroupShift];
        group ??= new SystemRegister?[GroupSize];
        group[row.Encoding & (GroupSize - 1)] = row;
    }

    public void SetEl0Check(ushort encoding, Func<Processor, bool> check) => el0Checks[encoding] = check;

    public SystemRegister? Find(ushort encoding) => groups[encoding >> GroupShift]?[encoding & (GroupSize - 1)];

    /// <summary>Whether the PE, at its current EL, may access the register.</summary>
    public bool El0Check(Processor cpu, SystemRegister row) => row.Access switch
    {
        SystemRegisterAccess.El0 or SystemRegisterAccess.El0ReadOnly => true,
        SystemRegisterAccess.El0Conditional or SystemRegisterAccess.El0ReadConditional =>
            el0Checks.TryGetValue(row.Encoding, out var check) && check(cpu),
        _ => false,
    };

    public bool MayAccess(Processor cpu, SystemRegister row) => cpu.State.CurrentEl >= 1 || El0Check(cpu, row);

    /// <summary>
    /// What a read (MRS) or write (MSR) of the row may do now. An access the row has no
    /// accessor for (writing a read-only register, reading a write-only one) is UNDEFINED at
    /// every EL, as are accesses the row's <see cref="SystemRegister.Available"/> condition
    /// rules out and EL0 accesses to EL1 registers. The EL0 controls of EL1 (UMA, UCT,
    /// CNTKCTL_EL1) trap instead.
    /// </summary>
    public SystemRegisterPermission Permission(Processor cpu, SystemRegister row, bool write)
    {
        if ((write ? row.Write is null : row.Read is null) || (row.Available is { } available && !available(cpu)))
            return SystemRegisterPermission.Undefined;
        if (cpu.State.CurrentEl >= 1) return SystemRegisterPermission.Allowed;
        return row.Access switch
        {
            SystemRegisterAccess.El0 => SystemRegisterPermission.Allowed,
            SystemRegisterAccess.El0ReadOnly when !write => SystemRegisterPermission.Allowed,
            SystemRegisterAccess.El0Conditional => El0CheckPermission(cpu, row),
            SystemRegisterAccess.El0ReadConditional when !write => El0CheckPermission(cpu, row),
            _ => SystemRegisterPermission.Undefined,
        };
    }

    SystemRegisterPermission El0CheckPermission(Processor cpu, SystemRegister row) =>
        El0Check(cpu, row) ? SystemRegisterPermission.Allowed : SystemRegisterPermission.Trapped;
}
