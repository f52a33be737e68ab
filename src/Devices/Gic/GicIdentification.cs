using Emulator.Devices.Mmio;

namespace Emulator.Devices.Gic;

/// <summary>
/// The identification registers the distributor and every redistributor share: GICD_IIDR /
/// GICR_IIDR, and the CoreSight-style ID block PIDR4-7, PIDR0-3, CIDR0-3 at 0xFFD0-0xFFFC
/// of the 64 KiB frame (IHI 0069 12.1.13). Only PIDR2.ArchRev is architected (3 = GICv3);
/// the rest is IMPLEMENTATION DEFINED and derived here from the configuration so the two
/// views agree: DES_0..DES_2 and JEDEC = 1 carry the JEP106 implementer, the part number is
/// the IIDR ProductID, REVISION is the ArchRev, SIZE is log2 of the 4 KiB blocks the
/// component occupies (4 for the 64 KiB distributor, 5 for a 128 KiB redistributor).
/// </summary>
static class GicIdentification
{
    public const uint ArchRevGicV3 = 3;

    /// <summary>GICD_IIDR / GICR_IIDR: Implementer 11:0, Revision 15:12, Variant 19:16, ProductID 31:24.</summary>
    public static uint Iidr(GicConfiguration c) =>
        c.Implementer | (uint)c.Revision << 12 | (uint)c.Variant << 16 | (uint)c.ProductId << 24;

    /// <summary>The ID block's twelve word registers, from 0xFFD0 up, each with its spec name.</summary>
    public static (string Name, uint Value)[] IdBlock(GicConfiguration c, string prefix, int sizeLog2Blocks)
    {
        uint continuation = c.Implementer >> 8 & 0xF, identity = c.Implementer & 0x7F;
        uint part = c.ProductId;
        return
        [
            ($"{prefix}_PIDR4", (uint)sizeLog2Blocks << 4 | continuation),
            ($"{prefix}_PIDR5", 0),
            ($"{prefix}_PIDR6", 0),
            ($"{prefix}_PIDR7", 0),
            ($"{prefix}_PIDR0", part & 0xFF),
            ($"{prefix}_PIDR1", (identity & 0xF) << 4 | (part >> 8 & 0xF)),
            ($"{prefix}_PIDR2", ArchRevGicV3 << 4 | 1u << 3 | identity >> 4),
            ($"{prefix}_PIDR3", 0),
            ($"{prefix}_CIDR0", 0x0D),
            ($"{prefix}_CIDR1", 0xF0),
            ($"{prefix}_CIDR2", 0x05),
            ($"{prefix}_CIDR3", 0xB1),
        ];
    }

    /// <summary>Table rows for the ID block at <paramref name="baseOffset"/> + 0xFFD0: read-only words.</summary>
    public static IEnumerable<MmioRange<T>> Rows<T>(GicConfiguration c, string prefix, int sizeLog2Blocks, uint baseOffset)
    {
        (string Name, uint Value)[] ids = IdBlock(c, prefix, sizeLog2Blocks);
        for (int i = 0; i < ids.Length; i++)
        {
            uint value = ids[i].Value;
            yield return new(baseOffset + 0xFFD0 + (uint)(4 * i), ids[i].Name, 4, AccessSizes.Word, value, (_, _) => value, null);
        }
    }
}
