using Emulator.Cpu;
using Emulator.Cpu.Decoder;
using Emulator.Interconnect;
using Emulator.Tests.Cpu.Mmu;
using static Emulator.Tests.Cpu.Mmu.PageTables;

namespace Emulator.Tests.Cpu.Differential;

/// <summary>
/// The differential worker's MMU-on mode (issue 6 item 7): our side translates every
/// access through stage 1 tables that map the worker's areas onto themselves, while
/// Unicorn keeps its flat memory, and the results must not change. The tables give each
/// area the rights Unicorn maps it with: code read/write/execute at EL1 (AP = 0b00, EL0
/// nothing, so EL1 may execute it), data and vectors read/write at EL1 and EL0 and never
/// executable (AP = 0b01, which takes away EL1 execution), all Normal write-back memory.
/// Everything else is unmapped on both sides: a Translation fault on ours, an unmapped
/// access on Unicorn's. (So LDTR/STTR at EL1 to the code area, which EL0 may not touch, would
/// fault on ours only: EL1 cannot execute what EL0 may write, so no mapping serves both.)
/// Each case uses the next of three table sets, 4KB, 16KB and 64KB granules, all with a
/// 48-bit VA (the vector area is at 0x7000_0000_0000), starting from the worker's seed.
/// </summary>
public sealed class IdentityMapping
{
    /// <summary>Where the tables live: RAM of ours that no VA maps and Unicorn does not have.</summary>
    const ulong TablesBase = 0x3000_0000;
    const ulong AreaPerGranule = 0x8_0000;

    static readonly int[] Granules = [12, 14, 16];

    readonly PageTables[] tables;
    int next;

    public IdentityMapping(Bus bus, int seed, (ulong Base, ulong Size) code, params (ulong Base, ulong Size)[] data)
    {
        Ram ram = bus.AddRam("translation tables", TablesBase, AreaPerGranule * (ulong)Granules.Length);
        tables = new PageTables[Granules.Length];
        const ulong normal = Af | InnerShareable | Normal;
        for (int i = 0; i < Granules.Length; i++)
        {
            var t = tables[i] = new PageTables(ram, TablesBase + AreaPerGranule * (ulong)i, AreaPerGranule, Granules[i], inputBits: 48);
            Map(t, code, normal | ApEl1ReadWrite);
            foreach (var area in data)
                Map(t, area, normal | ApReadWrite | Uxn | Pxn);
        }
        next = seed % Granules.Length;
    }

    static void Map(PageTables t, (ulong Base, ulong Size) area, ulong attributes)
    {
        ulong granule = t.GranuleSize;
        ulong start = area.Base & ~(granule - 1);
        t.MapRange(start, start, (area.Base + area.Size - start + granule - 1) & ~(granule - 1), 3, attributes);
    }

    /// <summary>
    /// Load-acquire and store-release (LDAR, LDAPR, STLR): an unaligned one is an Alignment
    /// fault whatever the memory type (Arm ARM B2.5.2, no FEAT_LSE2 here), but Unicorn 2.0.1
    /// (QEMU 5.0) does not check it. With the MMU off that hides among the Device-memory
    /// alignment faults; with it on, our fault is accepted for these alone.
    /// </summary>
    public static bool UnicornSkipsAlignmentCheck(uint raw) => A64Decoder.Instance.Decode(raw).Op is Op.LDAR or Op.LDAPR or Op.STLR;

    /// <summary>Turns the MMU on after the worker's reset of <paramref name="cpu"/>, with the next granule's tables.</summary>
    public void TurnOn(Processor cpu)
    {
        tables[next].TurnOnMmu(cpu);
        next = (next + 1) % tables.Length;
    }
}
