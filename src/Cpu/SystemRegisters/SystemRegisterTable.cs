namespace Emulator.Cpu;

/// <summary>
/// One system register as data: its encoding (op0, op1, CRn, CRm, op2), its name as the
/// Arm ARM spells it, who may access it, and how reads and writes act on the PE.
/// A missing accessor means the register is read-only or write-only (the other access is UNDEFINED).
/// </summary>
public sealed record SystemRegister(
    string Name,
    ushort Encoding,
    Func<Processor, ulong>? Read,
    Action<Processor, ulong>? Write,
    SystemRegisterAccess Access = SystemRegisterAccess.El1)
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
    }

    /// <summary>Adds a row or replaces the row with the same encoding.</summary>
    public void Set(SystemRegister row) => rows[row.Encoding] = row;

    public void SetEl0Check(ushort encoding, Func<Processor, bool> check) => el0Checks[encoding] = check;

    public SystemRegister? Find(ushort encoding) => rows.GetValueOrDefault(encoding);

    /// <summary>Whether the PE, at its current EL, may access the register.</summary>
    public bool El0Check(Processor cpu, SystemRegister row) => row.Access switch
    {
        SystemRegisterAccess.El0 => true,
        SystemRegisterAccess.El0Conditional => el0Checks.TryGetValue(row.Encoding, out var check) && check(cpu),
        _ => false,
    };

    public bool MayAccess(Processor cpu, SystemRegister row) => cpu.State.CurrentEl >= 1 || El0Check(cpu, row);
}
