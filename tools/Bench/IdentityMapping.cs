using Emulator.Cpu;
using Emulator.Interconnect;

namespace Emulator.Bench;

/// <summary>
/// Turns the bench CPU's MMU on over translation tables that map the bench RAM to itself
/// with 4 KiB pages (the deepest walk: three levels with a 39-bit VA), Normal write-back
/// memory, EL1 read/write/execute. The workloads then run unchanged, each access translated;
/// the figures show what translation costs once the TLBs are warm.
/// </summary>
public static class IdentityMapping
{
    const ulong PageSize = 0x1000;
    const ulong Valid = 1, TableOrPage = 2, Af = 1UL << 10, InnerShareable = 3UL << 8;

    /// <summary>Builds the tables at <paramref name="tableArea"/> (which stays unmapped) and enables the MMU.</summary>
    public static void Enable(Processor cpu, Ram ram, ulong tableArea)
    {
        ulong l1 = tableArea, l2 = tableArea + PageSize, l3 = tableArea + 2 * PageSize;
        ulong first = ram.Base, last = ram.Base + ram.Size;
        if (ram.Base % (1UL << 30) != 0 || ram.Size > 1UL << 30 || tableArea < first || tableArea + 3 * PageSize > last)
            throw new InvalidOperationException("identity mapping: RAM must be one gigabyte-aligned region of at most 1 GiB");
        Clear(ram, l1);
        Clear(ram, l2);
        ram.Write(l1 + (ram.Base >> 30) * 8, 8, l2 | Valid | TableOrPage, Agent.Device);
        for (ulong page = first; page < last; page += PageSize)
        {
            if (page >= tableArea) break; // the tables and what follows stay unmapped
            ulong l2Index = (page >> 21) & 511;
            ulong table = l3 + l2Index * PageSize;
            if (table + PageSize > last) throw new InvalidOperationException("identity mapping: no room for the tables");
            ulong l2Entry = ram.Read(l2 + l2Index * 8, 8);
            if (l2Entry == 0)
            {
                Clear(ram, table);
                ram.Write(l2 + l2Index * 8, 8, table | Valid | TableOrPage, Agent.Device);
            }
            ram.Write(table + ((page >> 12) & 511) * 8, 8, page | Af | InnerShareable | Valid | TableOrPage, Agent.Device);
        }
        CpuState s = cpu.State;
        s.MairEl1 = 0xFF;                                      // Attr0: Normal, write-back
        s.TcrEl1 = 25 | 1UL << 23 | 0b101UL << 32 | 1UL << 36; // T0SZ = 25 (39 bits), 4KB, EPD1, IPS 48 bits, 16-bit ASIDs
        s.Ttbr0El1 = l1;
        s.SctlrEl1 |= 1 | 1UL << 2 | 1UL << 12;                // M, C, I
        cpu.FlushTlb();
    }

    static void Clear(Ram ram, ulong table)
    {
        for (ulong i = 0; i < PageSize; i += 8) ram.Write(table + i, 8, 0, Agent.Device);
    }
}
