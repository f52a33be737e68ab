namespace Emulator.Cpu;

/// <summary>The base system registers of the PE, one row each (the rows later work extends).</summary>
public static class BaseSystemRegisters
{
    static ushort E(int op0, int op1, int crn, int crm, int op2) => SystemRegister.Encode(op0, op1, crn, crm, op2);

    public static readonly SystemRegister[] Base =
    [
        new("TPIDR_EL0", E(3, 3, 13, 0, 2), c => c.State.TpidrEl0, (c, v) => c.State.TpidrEl0 = v, SystemRegisterAccess.El0),
    ];

    /// <summary>Conditions under which EL0 may access a register whose access is <see cref="SystemRegisterAccess.El0Conditional"/>.</summary>
    public static readonly (ushort Encoding, Func<Processor, bool> Check)[] El0Checks =
    [
    ];
}
