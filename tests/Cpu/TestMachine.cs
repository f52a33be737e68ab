using Emulator.Cpu;
using Emulator.Interconnect;

namespace Emulator.Tests.Cpu;

/// <summary>
/// A CPU with RAM and nothing else, for instruction tests: code at <see cref="CodeBase"/>,
/// a data area at <see cref="DataBase"/>, VBAR_EL1 at <see cref="VectorBase"/>.
/// </summary>
public sealed class TestMachine
{
    public const ulong RamBase = 0x4000_0000;
    public const ulong RamSize = 0x0100_0000;
    public const ulong CodeBase = RamBase + 0x1_0000;
    public const ulong DataBase = RamBase + 0x10_0000;
    public const ulong VectorBase = RamBase;

    public TestMachine(params uint[] code)
    {
        Bus = new Bus();
        Ram = Bus.AddRam("ram", RamBase, RamSize);
        Cpu = new Processor(Bus);
        Cpu.Reset(CodeBase);
        Cpu.State.VbarEl1 = VectorBase;
        Load(CodeBase, code);
    }

    public Bus Bus { get; }
    public Ram Ram { get; }
    public Processor Cpu { get; }
    public CpuState State => Cpu.State;

    public void Load(ulong address, params uint[] words)
    {
        for (int i = 0; i < words.Length; i++)
            Ram.Write(address + (ulong)(4 * i), 4, words[i], Agent.Device);
    }

    public ulong this[int register]
    {
        get => Cpu.Xr(register);
        set => Cpu.SetX(register, value);
    }

    public ulong Sp
    {
        get => State.X[CpuState.SpSlot];
        set => State.X[CpuState.SpSlot] = value;
    }

    /// <summary>Runs <paramref name="count"/> instructions.</summary>
    public TestMachine Run(int count = 1)
    {
        Cpu.Run(count);
        return this;
    }

    public ulong Read(ulong address, int size) => Ram.Read(address, size);
    public void Write(ulong address, int size, ulong value) => Ram.Write(address, size, value, Agent.Device);

    /// <summary>Where <see cref="EnableMmu"/> builds its translation tables (the last MiB of RAM, left unmapped).</summary>
    public const ulong PageTableArea = RamBase + RamSize - 0x10_0000;

    /// <summary>
    /// Turns the MMU on with identity-mapped RAM (4KB granule, 39-bit VA, TTBR0): the first
    /// MiB (vectors and code) read-only and executable at EL1 and EL0, the rest up to
    /// <see cref="PageTableArea"/> Normal read/write at both ELs and never executable.
    /// </summary>
    public Mmu.PageTables EnableMmu(int granuleShift = 12, int inputBits = 39)
    {
        var tables = new Mmu.PageTables(Ram, PageTableArea, 0x10_0000, granuleShift, inputBits);
        const ulong common = Mmu.PageTables.Af | Mmu.PageTables.InnerShareable | Mmu.PageTables.Normal;
        const ulong codeSize = 0x10_0000;
        tables.MapRange(RamBase, RamBase, codeSize, 3, common | Mmu.PageTables.ApReadOnly);
        tables.MapRange(RamBase + codeSize, RamBase + codeSize, PageTableArea - RamBase - codeSize, 3,
            common | Mmu.PageTables.ApReadWrite | Mmu.PageTables.Uxn | Mmu.PageTables.Pxn);
        tables.TurnOnMmu(Cpu);
        return tables;
    }

    /// <summary>A machine whose CPU starts at EL0 (EL0t).</summary>
    public static TestMachine AtEl0(params uint[] code)
    {
        var m = new TestMachine(code);
        m.Cpu.SetExceptionLevel(0, 0);
        return m;
    }

    /// <summary>ESR_EL1.EC of the last exception taken.</summary>
    public ExceptionClass Ec => (ExceptionClass)(State.EsrEl1 >> 26);

    /// <summary>True when the last instruction took a synchronous exception of this class.</summary>
    public bool Took(ExceptionClass ec) =>
        State.PC == VectorBase + 0x200 && (ExceptionClass)(State.EsrEl1 >> 26) == ec;
}
