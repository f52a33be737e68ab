using Emulator.Interconnect;

namespace Emulator.Tests.Cpu.Mmu;

/// <summary>
/// Builds VMSAv8-64 stage 1 translation tables in guest RAM, for any granule and input
/// size: tables are taken from an area handed in, the root first. Descriptors are written
/// as the Arm ARM (D8.3) lays them out; the test names the attributes it wants.
/// </summary>
public sealed class PageTables
{
    // Leaf descriptor attributes (lower: bits 11:2, upper: 54:52).
    public const ulong Af = 1UL << 10, NotGlobal = 1UL << 11, Contiguous = 1UL << 52, Pxn = 1UL << 53, Uxn = 1UL << 54;
    public const ulong InnerShareable = 3UL << 8;
    /// <summary>AP[2:1]: EL1 read/write, EL0 none.</summary>
    public const ulong ApEl1ReadWrite = 0b00UL << 6;
    /// <summary>AP[2:1]: EL1 and EL0 read/write.</summary>
    public const ulong ApReadWrite = 0b01UL << 6;
    /// <summary>AP[2:1]: EL1 read-only, EL0 none.</summary>
    public const ulong ApEl1ReadOnly = 0b10UL << 6;
    /// <summary>AP[2:1]: EL1 and EL0 read-only.</summary>
    public const ulong ApReadOnly = 0b11UL << 6;
    // Table descriptor attributes.
    public const ulong PxnTable = 1UL << 59, UxnTable = 1UL << 60, ApTableNoEl0 = 1UL << 61, ApTableReadOnly = 1UL << 62;

    /// <summary>MAIR_EL1 of these tests: Attr0 Normal write-back, Attr1 Device-nGnRnE, Attr2 Normal Non-cacheable.</summary>
    public const ulong Mair = 0x44_00_FF;
    public const ulong Normal = 0UL << 2, Device = 1UL << 2, NonCacheable = 2UL << 2;

    /// <summary>Normal, inner shareable, accessed, EL1 read/write: the usual kernel data page.</summary>
    public const ulong KernelData = Af | InnerShareable | Normal | ApEl1ReadWrite;

    readonly Ram ram;
    ulong next;
    readonly ulong end;

    public PageTables(Ram ram, ulong area, ulong areaSize, int granuleShift, int inputBits)
    {
        this.ram = ram;
        GranuleShift = granuleShift;
        InputBits = inputBits;
        Stride = granuleShift - 3;
        StartLevel = StartLevelFor(granuleShift, inputBits);
        next = area;
        end = area + areaSize;
        Root = NewTable();
    }

    /// <summary>The level a walk starts at (Arm ARM D8.2: enough levels of granuleShift - 3 bits each to cover the input).</summary>
    public static int StartLevelFor(int granuleShift, int inputBits)
    {
        int stride = granuleShift - 3;
        return 4 - (inputBits - granuleShift + stride - 1) / stride;
    }

    public int GranuleShift { get; }
    public int InputBits { get; }
    public int Stride { get; }
    public int StartLevel { get; }
    public ulong Root { get; }

    public ulong GranuleSize => 1UL << GranuleShift;

    /// <summary>The size a leaf at <paramref name="level"/> maps.</summary>
    public ulong SizeAt(int level) => 1UL << (GranuleShift + (3 - level) * Stride);

    ulong NewTable()
    {
        ulong table = next;
        next += GranuleSize;
        if (next > end) throw new InvalidOperationException("page table area exhausted");
        for (ulong i = 0; i < GranuleSize; i += 8) ram.Write(table + i, 8, 0, Agent.Device);
        return table;
    }

    int IndexBits(int level) => level == StartLevel ? InputBits - (GranuleShift + (3 - level) * Stride) : Stride;

    /// <summary>The address of the descriptor for <paramref name="va"/> at <paramref name="level"/>, creating tables above it.</summary>
    public ulong DescriptorAddress(ulong va, int level, ulong tableAttributes = 0)
    {
        ulong table = Root;
        for (int l = StartLevel; ; l++)
        {
            int shift = GranuleShift + (3 - l) * Stride;
            ulong address = table + ((va >> shift) & ((1UL << IndexBits(l)) - 1)) * 8;
            if (l == level) return address;
            ulong desc = ram.Read(address, 8);
            if ((desc & 3) != 3)
            {
                ulong child = NewTable();
                desc = child | 3 | tableAttributes;
                ram.Write(address, 8, desc, Agent.Device);
            }
            table = desc & 0x0000_FFFF_FFFF_F000 & ~(GranuleSize - 1);
        }
    }

    /// <summary>Maps <paramref name="va"/> to <paramref name="pa"/> with a block (level &lt; 3) or page (level 3) descriptor.</summary>
    public ulong Map(ulong va, ulong pa, int level, ulong attributes, ulong tableAttributes = 0)
    {
        ulong address = DescriptorAddress(va, level, tableAttributes);
        ram.Write(address, 8, pa | attributes | (level == 3 ? 3UL : 1UL), Agent.Device);
        return address;
    }

    /// <summary>Maps [va, va + size) to [pa, ...) with leaves at <paramref name="level"/>.</summary>
    public void MapRange(ulong va, ulong pa, ulong size, int level, ulong attributes)
    {
        for (ulong offset = 0; offset < size; offset += SizeAt(level))
            Map(va + offset, pa + offset, level, attributes);
    }

    public void Write(ulong descriptorAddress, ulong descriptor) => ram.Write(descriptorAddress, 8, descriptor, Agent.Device);
    public ulong Read(ulong descriptorAddress) => ram.Read(descriptorAddress, 8);

    /// <summary>TCR_EL1 for TTBR0 with these tables (TTBR1 walks disabled by EPD1), 48-bit IPS, 16-bit ASIDs.</summary>
    public ulong Tcr0 => (ulong)(uint)(64 - InputBits) | (Tg0 << 14) | 1UL << 23 | 0b101UL << 32 | 1UL << 36;

    /// <summary>TCR_EL1 for TTBR1 with these tables (TTBR0 walks disabled by EPD0), 48-bit IPS, 16-bit ASIDs.</summary>
    public ulong Tcr1 => (ulong)(uint)(64 - InputBits) << 16 | Tg1 << 30 | 1UL << 7 | 0b101UL << 32 | 1UL << 36;

    /// <summary>Turns the MMU on with these tables through TTBR0 (<see cref="Tcr0"/>, the tests' MAIR, SCTLR_EL1.M, C and I).</summary>
    public void TurnOnMmu(Emulator.Cpu.Processor cpu)
    {
        cpu.State.TcrEl1 = Tcr0;
        cpu.State.MairEl1 = Mair;
        cpu.State.Ttbr0El1 = Root;
        cpu.State.SctlrEl1 |= 1 | 1UL << 2 | 1UL << 12; // M, C, I
        cpu.FlushTlb();
    }

    ulong Tg0 => GranuleShift switch { 12 => 0b00, 14 => 0b10, _ => 0b01 };
    ulong Tg1 => GranuleShift switch { 12 => 0b10, 14 => 0b01, _ => 0b11 };
}
