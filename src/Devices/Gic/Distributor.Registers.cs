using Emulator.Devices.Mmio;
using Emulator.Interconnect;

namespace Emulator.Devices.Gic;

public sealed partial class Distributor
{
    public const ulong RegionSize = 0x1_0000;

    // GICD_CTLR with GICD_CTLR.DS = 1 (IHI 0069 12.9.4, single Security state view).
    public static readonly BitField CTLR_EnableGrp0 = new(0, 1);
    public static readonly BitField CTLR_EnableGrp1 = new(1, 1);
    public static readonly BitField CTLR_ARE = new(4, 1);
    public static readonly BitField CTLR_DS = new(6, 1);
    public static readonly BitField CTLR_E1NWF = new(7, 1);
    public static readonly BitField CTLR_RWP = new(31, 1);

    // GICD_TYPER (12.9.38).
    public static readonly BitField TYPER_ITLinesNumber = new(0, 5);
    public static readonly BitField TYPER_CPUNumber = new(5, 3);
    public static readonly BitField TYPER_ESPI = new(8, 1);
    public static readonly BitField TYPER_SecurityExtn = new(10, 1);
    public static readonly BitField TYPER_MBIS = new(16, 1);
    public static readonly BitField TYPER_LPIS = new(17, 1);
    public static readonly BitField TYPER_IDbits = new(19, 5);
    public static readonly BitField TYPER_A3V = new(24, 1);
    public static readonly BitField TYPER_No1N = new(25, 1);
    public static readonly BitField TYPER_RSS = new(26, 1);

    /// <summary>INTIDs are 16 bits wide (GICD_TYPER.IDbits = 15), as ICC_CTLR_EL1.IDbits = 0b000 reports.</summary>
    public const uint IdBits = 16;

    // GICD_STATUSR (12.9.37), GICR_STATUSR alike: write 1 to clear.
    public const uint STATUSR_RRD = 1 << 0, STATUSR_WRD = 1 << 1, STATUSR_RWOD = 1 << 2, STATUSR_WROD = 1 << 3;

    // GICD_SETSPI_NSR / GICD_CLRSPI_NSR INTID field (bits 12:0).
    public static readonly BitField SETSPI_INTID = new(0, 13);

    // GICD_IROUTER<n> (12.9.22).
    public static readonly BitField IROUTER_Interrupt_Routing_Mode = new(31, 1);
    /// <summary>Aff0 7:0, Aff1 15:8, Aff2 23:16, Interrupt_Routing_Mode 31, Aff3 39:32; the rest is RES0.</summary>
    public const ulong IROUTER_Writable = 0xFF_80FF_FFFFUL;

    const AccessSizes Word = AccessSizes.Word;
    const AccessSizes ByteOrWord = AccessSizes.Byte | AccessSizes.Word;
    const AccessSizes WordOrDouble = AccessSizes.Word | AccessSizes.Double;

    static readonly RangeRead<Distributor> Raz = (_, _) => 0;
    static readonly RangeWrite<Distributor> Wi = (_, _, _, _) => { };

    /// <summary>
    /// The GICD_* programmer's model (IHI 0069 12.8, 12.9) with DS = 1 and ARE = 1. Widths
    /// follow 12.1.3: 32-bit registers take word accesses, GICD_IPRIORITYR and the GICv2
    /// byte-wide RES0 registers also bytes, GICD_SETSPI_NSR / GICD_CLRSPI_NSR also a halfword
    /// at bits 15:0, 64-bit GICD_IROUTER a doubleword or either word. Any other size or a
    /// misaligned access is a DeviceError; reserved offsets are RAZ/WI and set GICD_STATUSR.
    /// Registers that the spec makes RES0 or RAZ/WI in this configuration are listed as rows
    /// so that they are visibly RAZ/WI rather than reserved.
    /// </summary>
    RangeTable<Distributor> BuildTable()
    {
        var rows = new List<MmioRange<Distributor>>
        {
            new(0x0000, "GICD_CTLR", 4, Word, ResetCtlr, (d, _) => d.state.Ctlr, (d, _, v, m) => d.WriteCtlr((uint)v, (uint)m)),
            new(0x0004, "GICD_TYPER", 4, Word, null, (d, _) => d.Typer, null),
            new(0x0008, "GICD_IIDR", 4, Word, null, (d, _) => GicIdentification.Iidr(d.config), null),
            new(0x000C, "GICD_TYPER2", 4, Word, 0, (_, _) => 0, null),
            new(0x0010, "GICD_STATUSR", 4, Word, 0, (d, _) => d.state.Statusr, (d, _, v, m) => d.state.Statusr &= ~(uint)(v & m)),
            new(0x0080, "GICD_IGROUPR<n>", 4, Word, 0, (d, n) => d.bank.ReadGroup(n), (d, n, v, m) => d.Change(() => d.bank.WriteGroup(n, (uint)v, (uint)m)), Count: 32),
            new(0x0100, "GICD_ISENABLER<n>", 4, Word, 0, (d, n) => d.bank.ReadEnabled(n), (d, n, v, m) => d.Change(() => d.bank.SetEnabled(n, (uint)(v & m))), Count: 32),
            new(0x0180, "GICD_ICENABLER<n>", 4, Word, 0, (d, n) => d.bank.ReadEnabled(n), (d, n, v, m) => d.Change(() => d.bank.ClearEnabled(n, (uint)(v & m))), Count: 32),
            new(0x0200, "GICD_ISPENDR<n>", 4, Word, 0, (d, n) => d.bank.Pending(n), (d, n, v, m) => d.Change(() => d.SetPendingByRegister(n, (uint)(v & m))), Count: 32),
            new(0x0280, "GICD_ICPENDR<n>", 4, Word, 0, (d, n) => d.bank.Pending(n), (d, n, v, m) => d.Change(() => d.bank.ClearPendingLatch(n, (uint)(v & m))), Count: 32),
            new(0x0300, "GICD_ISACTIVER<n>", 4, Word, 0, (d, n) => d.bank.ReadActive(n), (d, n, v, m) => d.Change(() => d.bank.SetActive(n, (uint)(v & m))), Count: 32),
            new(0x0380, "GICD_ICACTIVER<n>", 4, Word, 0, (d, n) => d.bank.ReadActive(n), (d, n, v, m) => d.Change(() => d.bank.ClearActive(n, (uint)(v & m))), Count: 32),
            new(0x0400, "GICD_IPRIORITYR<n>", 4, ByteOrWord, 0, (d, n) => d.bank.ReadPriority(n), (d, n, v, m) => d.Change(() => d.bank.WritePriority(n, (uint)v, (uint)m)), Count: 255),
            // GICv2 legacy registers: RES0 when affinity routing is enabled (12.9.24, 12.9.35, 12.9.5, 12.9.36).
            new(0x0800, "GICD_ITARGETSR<n>", 4, ByteOrWord, 0, Raz, Wi, Count: 255),
            new(0x0C00, "GICD_ICFGR<n>", 4, Word, 0, (d, n) => d.bank.ReadConfig(n), (d, n, v, m) => d.Change(() => d.bank.WriteConfig(n, (uint)v, (uint)m)), Count: 64),
            // With GICD_CTLR.DS = 1, GICD_IGRPMODR<n> and GICD_NSACR<n> are RAZ/WI (12.9.15, 12.9.23).
            new(0x0D00, "GICD_IGRPMODR<n>", 4, Word, 0, Raz, Wi, Count: 32),
            new(0x0E00, "GICD_NSACR<n>", 4, Word, 0, Raz, Wi, Count: 64),
            new(0x0F00, "GICD_SGIR", 4, Word, 0, Raz, Wi),
            new(0x0F10, "GICD_CPENDSGIR<n>", 4, ByteOrWord, 0, Raz, Wi, Count: 4),
            new(0x0F20, "GICD_SPENDSGIR<n>", 4, ByteOrWord, 0, Raz, Wi, Count: 4),
            new(0x6100, "GICD_IROUTER<n>", 8, WordOrDouble, 0, (d, n) => d.ReadIrouter(n), (d, n, v, m) => d.WriteIrouter(n, v, m), Count: 988, FirstIndex: 32),
        };
        if (config.Mbis)
        {
            // Write-only; 16-bit accesses to bits 15:0 must be supported (12.9.34, 12.9.3).
            rows.Add(new(0x0040, "GICD_SETSPI_NSR", 4, AccessSizes.Half | Word, null, null, (d, _, v, m) => d.WriteSetSpi(v, m)));
            rows.Add(new(0x0048, "GICD_CLRSPI_NSR", 4, AccessSizes.Half | Word, null, null, (d, _, v, m) => d.WriteClrSpi(v, m)));
            // The Secure pair is WI when GICD_CTLR.DS = 1.
            rows.Add(new(0x0050, "GICD_SETSPI_SR", 4, AccessSizes.Half | Word, null, null, Wi));
            rows.Add(new(0x0058, "GICD_CLRSPI_SR", 4, AccessSizes.Half | Word, null, null, Wi));
        }
        rows.AddRange(GicIdentification.Rows<Distributor>(config, "GICD", sizeLog2Blocks: 4, baseOffset: 0));
        return new RangeTable<Distributor>("gicd", RegionSize, (d, f) => d.Fault(f), [.. rows]);
    }

    /// <summary>GICD_CTLR out of reset: both groups disabled; ARE and DS read as one.</summary>
    public static readonly uint ResetCtlr = (uint)(CTLR_ARE.Mask | CTLR_DS.Mask);

    /// <summary>
    /// GICD_TYPER: ITLinesNumber covers the SPIs; CPUNumber is 0 because ARE = 0 is not
    /// supported; SecurityExtn 0 (single Security state); 16 INTID bits; A3V = 1 (non-zero
    /// Aff3 supported); No1N = 0 (1-of-N supported); RSS = 1 (SGI targets with Aff0 up to
    /// 255 through the range selector); no ESPI, DVIS or NMI.
    /// </summary>
    public uint Typer =>
        TYPER_ITLinesNumber.Deposit(0u, (uint)ItLinesNumber)
        | TYPER_MBIS.Deposit(0u, config.Mbis ? 1u : 0u)
        | TYPER_LPIS.Deposit(0u, config.Lpis ? 1u : 0u)
        | TYPER_IDbits.Deposit(0u, IdBits - 1)
        | TYPER_A3V.Deposit(0u, 1u)
        | TYPER_RSS.Deposit(0u, 1u);

    /// <summary>The largest SPI INTID is 32 * (ITLinesNumber + 1) - 1.</summary>
    public int ItLinesNumber => (32 + config.SpiCount + 31) / 32 - 1;

    void Fault(MmioFault fault) => state.Statusr |= fault switch
    {
        MmioFault.ReadReserved => STATUSR_RRD,
        MmioFault.WriteReserved => STATUSR_WRD,
        MmioFault.ReadWriteOnly => STATUSR_RWOD,
        MmioFault.WriteReadOnly => STATUSR_WROD,
        _ => 0u,
    };
}
