using Emulator.Devices.Mmio;
using Emulator.Interconnect;

namespace Emulator.Devices.Gic;

public sealed partial class Redistributor
{
    /// <summary>RD_base (64 KiB) then SGI_base (64 KiB); no VLPI frames (GICR_TYPER.VLPIS = 0).</summary>
    public const ulong FrameSize = 0x2_0000;
    public const uint SgiBase = 0x1_0000;

    // GICR_CTLR (IHI 0069 12.11.2).
    public static readonly BitField CTLR_EnableLPIs = new(0, 1);
    public static readonly BitField CTLR_CES = new(1, 1);
    public static readonly BitField CTLR_IR = new(2, 1);
    public static readonly BitField CTLR_RWP = new(3, 1);
    public static readonly BitField CTLR_DPG0 = new(24, 1);
    public static readonly BitField CTLR_DPG1NS = new(25, 1);
    public static readonly BitField CTLR_DPG1S = new(26, 1);
    public static readonly BitField CTLR_UWP = new(31, 1);

    // GICR_TYPER (12.11.37).
    public static readonly BitField TYPER_PLPIS = new(0, 1);
    public static readonly BitField TYPER_VLPIS = new(1, 1);
    public static readonly BitField TYPER_Dirty = new(2, 1);
    public static readonly BitField TYPER_DirectLPI = new(3, 1);
    public static readonly BitField TYPER_Last = new(4, 1);
    public static readonly BitField TYPER_DPGS = new(5, 1);
    public static readonly BitField TYPER_Processor_Number = new(8, 16);
    public static readonly BitField TYPER_CommonLPIAff = new(24, 2);
    public static readonly BitField TYPER_PPInum = new(27, 5);
    public static readonly BitField TYPER_Affinity_Value = new(32, 32);

    // GICR_WAKER (12.11.39); bits 0 and 31 are IMPLEMENTATION DEFINED, RAZ/WI here.
    public static readonly BitField WAKER_ProcessorSleep = new(1, 1);
    public static readonly BitField WAKER_ChildrenAsleep = new(2, 1);

    /// <summary>Out of reset the PE is asleep: ProcessorSleep = 1, ChildrenAsleep = 1.</summary>
    public static readonly uint ResetWaker = (uint)(WAKER_ProcessorSleep.Mask | WAKER_ChildrenAsleep.Mask);

    /// <summary>
    /// GICR_PROPBASER (12.11.29): IDbits 4:0, InnerCache 9:7, Shareability 11:10, Physical_Address
    /// 51:12, OuterCache 58:56. GICR_PENDBASER (12.11.28): InnerCache, Shareability,
    /// Physical_Address 51:16, OuterCache, and PTZ 62 which is write-only (reads 0).
    /// </summary>
    public const ulong PROPBASER_Writable = 0x070F_FFFF_FFFF_FF9FUL;
    public const ulong PENDBASER_Readable = 0x070F_FFFF_FFFF_0F80UL;
    public static readonly BitField PENDBASER_PTZ = new(62, 1);

    /// <summary>ICFGR0: the sixteen SGIs are edge-triggered, read-only.</summary>
    public const uint IcfgR0Value = 0xAAAA_AAAA;

    const AccessSizes Word = AccessSizes.Word;
    const AccessSizes WordOrDouble = AccessSizes.Word | AccessSizes.Double;

    static readonly RangeRead<Redistributor> Raz = (_, _) => 0;
    static readonly RangeWrite<Redistributor> Wi = (_, _, _, _) => { };

    /// <summary>
    /// One redistributor's 128 KiB: RD_base registers from 0, SGI_base registers from 0x10000
    /// (IHI 0069 12.10). Word access to 32-bit registers, also bytes for GICR_IPRIORITYR;
    /// doubleword or either word for the 64-bit GICR_TYPER, GICR_PROPBASER and
    /// GICR_PENDBASER. Other sizes and misaligned accesses are a DeviceError; reserved
    /// offsets are RAZ/WI and set GICR_STATUSR. With LPIs, GICR_INVLPIR and GICR_INVALLR
    /// (write-only, 64-bit) and GICR_SYNCR (read-only) are rows (GICR_CTLR.IR = 1). Not
    /// present as rows (so reserved): GICR_SETLPIR and GICR_CLRLPIR (DirectLPI = 0), MPAM
    /// registers, and the extended PPI range (PPInum = 0).
    /// </summary>
    RangeTable<Redistributor> BuildTable()
    {
        var rows = new List<MmioRange<Redistributor>>
        {
            new(0x0000, "GICR_CTLR", 4, Word, 0, (r, _) => r.Ctlr, (r, _, v, m) => r.WriteCtlr((uint)v, (uint)m)),
            new(0x0004, "GICR_IIDR", 4, Word, null, (r, _) => GicIdentification.Iidr(r.config), null),
            new(0x0008, "GICR_TYPER", 8, WordOrDouble, null, (r, _) => r.Typer, null),
            new(0x0010, "GICR_STATUSR", 4, Word, 0, (r, _) => r.state.Statusr, (r, _, v, m) => r.state.Statusr &= ~(uint)(v & m)),
            new(0x0014, "GICR_WAKER", 4, Word, ResetWaker, (r, _) => r.state.Waker, (r, _, v, m) => r.WriteWaker((uint)v, (uint)m)),
            new(0x0070, "GICR_PROPBASER", 8, WordOrDouble, 0, (r, _) => r.config.Lpis ? r.state.Propbaser : 0,
                (r, _, v, m) => r.WriteBaser(ref r.state.Propbaser, v, m & PROPBASER_Writable)),
            new(0x0078, "GICR_PENDBASER", 8, WordOrDouble, 0, (r, _) => r.config.Lpis ? r.state.Pendbaser & PENDBASER_Readable : 0,
                (r, _, v, m) => r.WriteBaser(ref r.state.Pendbaser, v, m & (PENDBASER_Readable | PENDBASER_PTZ.Mask))),

            new(SgiBase + 0x0080, "GICR_IGROUPR0", 4, Word, 0, (r, _) => r.bank.ReadGroup(0), (r, _, v, m) => r.Change(() => r.bank.WriteGroup(0, (uint)v, (uint)m))),
            new(SgiBase + 0x0100, "GICR_ISENABLER0", 4, Word, 0, (r, _) => r.bank.ReadEnabled(0), (r, _, v, m) => r.Change(() => r.bank.SetEnabled(0, (uint)(v & m)))),
            new(SgiBase + 0x0180, "GICR_ICENABLER0", 4, Word, 0, (r, _) => r.bank.ReadEnabled(0), (r, _, v, m) => r.Change(() => r.bank.ClearEnabled(0, (uint)(v & m)))),
            new(SgiBase + 0x0200, "GICR_ISPENDR0", 4, Word, 0, (r, _) => r.bank.Pending(0), (r, _, v, m) => r.Change(() => r.SetPendingByRegister((uint)(v & m)))),
            new(SgiBase + 0x0280, "GICR_ICPENDR0", 4, Word, 0, (r, _) => r.bank.Pending(0), (r, _, v, m) => r.Change(() => r.bank.ClearPendingLatch(0, (uint)(v & m)))),
            new(SgiBase + 0x0300, "GICR_ISACTIVER0", 4, Word, 0, (r, _) => r.bank.ReadActive(0), (r, _, v, m) => r.Change(() => r.bank.SetActive(0, (uint)(v & m)))),
            new(SgiBase + 0x0380, "GICR_ICACTIVER0", 4, Word, 0, (r, _) => r.bank.ReadActive(0), (r, _, v, m) => r.Change(() => r.bank.ClearActive(0, (uint)(v & m)))),
            new(SgiBase + 0x0400, "GICR_IPRIORITYR<n>", 4, AccessSizes.Byte | Word, 0, (r, n) => r.bank.ReadPriority(n), (r, n, v, m) => r.Change(() => r.bank.WritePriority(n, (uint)v, (uint)m)), Count: 8),
            // The register is RW but its SGI fields are read-only: writes are ignored, not a WROD error.
            new(SgiBase + 0x0C00, "GICR_ICFGR0", 4, Word, IcfgR0Value, (r, _) => r.bank.ReadConfig(0), Wi),
            new(SgiBase + 0x0C04, "GICR_ICFGR1", 4, Word, 0, (r, _) => r.bank.ReadConfig(1), (r, _, v, m) => r.Change(() => r.bank.WriteConfig(1, (uint)v, (uint)m))),
            // With GICD_CTLR.DS = 1, GICR_IGRPMODR0 and GICR_NSACR are RAZ/WI (12.11.17, 12.11.27).
            new(SgiBase + 0x0D00, "GICR_IGRPMODR0", 4, Word, 0, Raz, Wi),
            new(SgiBase + 0x0E00, "GICR_NSACR", 4, Word, 0, Raz, Wi),
        };
        if (config.Lpis)
            rows.AddRange(
            [
                new(0x00A0, "GICR_INVLPIR", 8, WordOrDouble, null, null, (r, _, v, m) => r.WriteInvlpir(v, m)),
                new(0x00B0, "GICR_INVALLR", 8, WordOrDouble, null, null, (r, _, _, _) => r.WriteInvallr()),
                new(0x00C0, "GICR_SYNCR", 4, Word, 0, (_, _) => 0, null), // Busy = 0: invalidations complete at once
            ]);
        rows.AddRange(GicIdentification.Rows<Redistributor>(config, "GICR", sizeLog2Blocks: 5, baseOffset: 0));
        return new RangeTable<Redistributor>("gicr", FrameSize, (r, f) => r.Fault(f), [.. rows]);
    }

    void Fault(MmioFault fault) => state.Statusr |= fault switch
    {
        MmioFault.ReadReserved => Distributor.STATUSR_RRD,
        MmioFault.WriteReserved => Distributor.STATUSR_WRD,
        MmioFault.ReadWriteOnly => Distributor.STATUSR_RWOD,
        MmioFault.WriteReadOnly => Distributor.STATUSR_WROD,
        _ => 0u,
    };
}
