using Emulator.Devices.Mmio;
using Emulator.Interconnect;

namespace Emulator.Devices.Gic.Its;

public sealed partial class Its
{
    /// <summary>Control frame (ITS_base) then translation frame (64 KiB each).</summary>
    public const ulong RegionSize = 0x2_0000;
    public const uint TranslationFrame = 0x1_0000;

    public const uint GITS_CTLR = 0x0000, GITS_IIDR = 0x0004, GITS_TYPER = 0x0008, GITS_CBASER = 0x0080,
        GITS_CWRITER = 0x0088, GITS_CREADR = 0x0090, GITS_BASER = 0x0100, GITS_CMDERR = 0xC000,
        GITS_TRANSLATER = TranslationFrame + 0x0040;

    // GITS_CTLR (IHI 0069 12.19.6).
    public static readonly BitField CTLR_Enabled = new(0, 1);
    public static readonly BitField CTLR_ImDe = new(1, 1);
    public static readonly BitField CTLR_Quiescent = new(31, 1);

    // GITS_TYPER (12.19.22).
    public static readonly BitField TYPER_Physical = new(0, 1);
    public static readonly BitField TYPER_Virtual = new(1, 1);
    public static readonly BitField TYPER_ITT_entry_size = new(4, 4);
    public static readonly BitField TYPER_IDbits = new(8, 5);
    public static readonly BitField TYPER_Devbits = new(13, 5);
    public static readonly BitField TYPER_SEIS = new(18, 1);
    public static readonly BitField TYPER_PTA = new(19, 1);
    public static readonly BitField TYPER_HCC = new(24, 8);
    public static readonly BitField TYPER_CIDbits = new(32, 4);
    public static readonly BitField TYPER_CIL = new(36, 1);

    // GITS_CBASER (12.19.3).
    public static readonly BitField CBASER_Size = new(0, 8);
    public static readonly BitField CBASER_Shareability = new(10, 2);
    public static readonly BitField CBASER_Physical_Address = new(12, 40);
    public static readonly BitField CBASER_OuterCache = new(53, 3);
    public static readonly BitField CBASER_InnerCache = new(59, 3);
    public static readonly BitField CBASER_Valid = new(63, 1);

    // GITS_CWRITER (12.19.5) and GITS_CREADR (12.19.4).
    public static readonly BitField CWRITER_Retry = new(0, 1);
    public static readonly BitField CWRITER_Offset = new(5, 15);
    public static readonly BitField CREADR_Stalled = new(0, 1);
    public static readonly BitField CREADR_Offset = new(5, 15);

    // GITS_BASER<n> (12.19.2).
    public static readonly BitField BASER_Size = new(0, 8);
    public static readonly BitField BASER_Page_Size = new(8, 2);
    public static readonly BitField BASER_Shareability = new(10, 2);
    /// <summary>Bits 47:12 (4K, 16K pages: low bits below the page size are RES0); with 64K pages 47:16 plus 51:48 in 15:12.</summary>
    public static readonly BitField BASER_Physical_Address = new(12, 36);
    public static readonly BitField BASER_Physical_Address_51_48 = new(12, 4);
    public static readonly BitField BASER_Entry_Size = new(48, 5);
    public static readonly BitField BASER_OuterCache = new(53, 3);
    public static readonly BitField BASER_Type = new(56, 3);
    public static readonly BitField BASER_InnerCache = new(59, 3);
    public static readonly BitField BASER_Indirect = new(62, 1);
    public static readonly BitField BASER_Valid = new(63, 1);
    public const ulong BASER_TypeDevices = 1, BASER_TypeCollections = 4;
    public const int PageSize4K = 0, PageSize16K = 1, PageSize64K = 2;

    /// <summary>
    /// GITS_CMDERR, IMPLEMENTATION DEFINED, 64-bit read-only at 0xC000 of the control frame
    /// (the frame's IMPLEMENTATION DEFINED range): Code 23:0 is the error code of the most
    /// recent command error (0 = none since the queue was last reset), Stalled 63 mirrors
    /// GITS_CREADR.Stalled. Cleared by a write to GITS_CBASER.
    /// </summary>
    public static readonly BitField CMDERR_Code = new(0, 24);
    public static readonly BitField CMDERR_Stalled = new(63, 1);

    /// <summary>Device, ITT and collection table entries are all 8 bytes (GITS_TYPER.ITT_entry_size, GITS_BASER.Entry_Size).</summary>
    public const int EntryBytes = 8;

    const ulong CbaserWritable = 0xB8EF_FFFF_FFFF_FCFFUL; // Valid, InnerCache, OuterCache, Physical_Address 51:12, Shareability, Size
    const ulong BaserWritable = 0xF8E0_FFFF_FFFF_FFFFUL;  // all but Type and Entry_Size (RO) and 52 (RES0)

    const AccessSizes Word = AccessSizes.Word;
    const AccessSizes WordOrDouble = AccessSizes.Word | AccessSizes.Double;

    /// <summary>
    /// GITS_* (IHI 0069 12.19): 32-bit registers take word accesses, 64-bit ones a doubleword
    /// or either word; GITS_TRANSLATER takes a halfword or a word. Other sizes are a
    /// DeviceError; reserved offsets are RAZ/WI (traced in the table). GITS_BASER2..7 are
    /// RAZ/WI (only the device and collection tables exist).
    /// </summary>
    static RangeTable<Its> BuildTable(ItsConfiguration c)
    {
        var ids = new GicConfiguration
        {
            Cpus = [default],
            Implementer = c.Implementer,
            ProductId = c.ProductId,
            Variant = c.Variant,
            Revision = c.Revision,
        };
        var rows = new List<MmioRange<Its>>
        {
            new(GITS_CTLR, "GITS_CTLR", 4, Word, CTLR_Quiescent.Mask, (d, _) => d.Ctlr, (d, _, v, m) => d.WriteCtlr((uint)v, (uint)m)),
            new(GITS_IIDR, "GITS_IIDR", 4, Word, null, (_, _) => GicIdentification.Iidr(ids), null),
            new(GITS_TYPER, "GITS_TYPER", 8, WordOrDouble, null, (d, _) => d.Typer, null),
            new(GITS_CBASER, "GITS_CBASER", 8, WordOrDouble, 0, (d, _) => d.state.Cbaser, (d, _, v, m) => d.WriteCbaser(v, m)),
            new(GITS_CWRITER, "GITS_CWRITER", 8, WordOrDouble, 0, (d, _) => d.state.Cwriter, (d, _, v, m) => d.WriteCwriter(v, m)),
            new(GITS_CREADR, "GITS_CREADR", 8, WordOrDouble, 0, (d, _) => d.state.Creadr, null),
            new(GITS_BASER, "GITS_BASER<n>", 8, WordOrDouble, null, (d, n) => n < 2 ? d.state.Baser[n] : 0, (d, n, v, m) => d.WriteBaser(n, v, m), Count: 8),
            new(GITS_CMDERR, "GITS_CMDERR", 8, WordOrDouble, 0, (d, _) => d.state.CmdErr, null),
            new(GITS_TRANSLATER, "GITS_TRANSLATER", 4, AccessSizes.Half | Word, null, null, (d, _, v, m) => d.WriteTranslater(v, m)),
        };
        rows.AddRange(GicIdentification.Rows<Its>(ids, "GITS", sizeLog2Blocks: 5, baseOffset: 0));
        return new RangeTable<Its>("gits", RegionSize, null, [.. rows]);
    }

    /// <summary>GITS_BASER&lt;n&gt; out of reset: Type and Entry_Size only (8-byte entries, 4K pages, not valid).</summary>
    public static ulong ResetBaser(int n) =>
        BASER_Type.Deposit(0UL, n == 0 ? BASER_TypeDevices : BASER_TypeCollections) | BASER_Entry_Size.Deposit(0UL, EntryBytes - 1);

    /// <summary>
    /// GITS_TYPER: physical LPIs only, 8-byte ITT entries, the configured identifier widths,
    /// no SEIs, HCC = 0 (every collection lives in the collection table), CIL = 1.
    /// </summary>
    public ulong Typer =>
        TYPER_Physical.Deposit(0UL, 1)
        | TYPER_ITT_entry_size.Deposit(0UL, EntryBytes - 1)
        | TYPER_IDbits.Deposit(0UL, (ulong)config.EventIdBits - 1)
        | TYPER_Devbits.Deposit(0UL, (ulong)config.DeviceIdBits - 1)
        | TYPER_PTA.Deposit(0UL, config.Pta ? 1UL : 0)
        | TYPER_CIDbits.Deposit(0UL, (ulong)config.CollectionIdBits - 1)
        | TYPER_CIL.Deposit(0UL, 1);

    /// <summary>GITS_CTLR: Quiescent when disabled with an empty, unstalled queue (commands run to completion inside the CWRITER write).</summary>
    uint Ctlr
    {
        get
        {
            bool quiescent = !Enabled && CREADR_Offset.Extract(state.Creadr) == CWRITER_Offset.Extract(state.Cwriter) && !Stalled;
            return (uint)CTLR_Quiescent.Deposit(state.Ctlr & (uint)CTLR_Enabled.Mask, quiescent ? 1UL : 0);
        }
    }

    static ulong Merge(ulong old, ulong value, ulong mask, ulong writable) => (old & ~(mask & writable)) | (value & mask & writable);

    void WriteCtlr(uint value, uint mask)
    {
        bool wasEnabled = Enabled;
        state.Ctlr = (uint)Merge(state.Ctlr, value, mask, CTLR_Enabled.Mask);
        if (wasEnabled && !Enabled && Stalled)
        {
            // Disabling the ITS abandons the stalled command: the queue is reset to CREADR = CWRITER.
            state.Creadr = CREADR_Offset.Deposit(0UL, CWRITER_Offset.Extract(state.Cwriter));
            state.CmdErr = CMDERR_Stalled.Deposit(state.CmdErr, 0);
            Note("ITS disabled: the stalled queue is reset");
        }
        if (!wasEnabled && Enabled)
            ProcessQueue(retry: false);
    }

    /// <summary>GITS_CBASER is read-only while the ITS is enabled; a write resets the queue (CREADR = 0, no error).</summary>
    void WriteCbaser(ulong value, ulong mask)
    {
        if (Enabled)
        {
            Note("write to GITS_CBASER ignored: the ITS is enabled");
            return;
        }
        state.Cbaser = Merge(state.Cbaser, value, mask, CbaserWritable);
        state.Creadr = 0;
        state.CmdErr = 0;
    }

    void WriteCwriter(ulong value, ulong mask)
    {
        ulong writable = CWRITER_Offset.Mask | CWRITER_Retry.Mask;
        ulong next = Merge(state.Cwriter, value, mask, writable);
        bool retry = CWRITER_Retry.IsSet(next);
        state.Cwriter = CWRITER_Retry.Deposit(next, 0); // Retry is a request, not state: it reads 0.
        ProcessQueue(retry);
    }

    /// <summary>GITS_BASER0/1: read-only while the ITS is enabled; Page_Size 0b11 (reserved) is taken as 64K.</summary>
    void WriteBaser(int n, ulong value, ulong mask)
    {
        if (n >= 2) return;
        if (Enabled)
        {
            Note($"write to GITS_BASER{n} ignored: the ITS is enabled");
            return;
        }
        ulong next = Merge(state.Baser[n], value, mask, BaserWritable);
        if (BASER_Page_Size.Extract(next) == 3)
            next = BASER_Page_Size.Deposit(next, PageSize64K);
        state.Baser[n] = next;
    }

    void WriteTranslater(ulong value, ulong mask)
    {
        // A halfword write carries EventID 15:0; the upper half of the register is not written.
        uint eventId = (uint)(value & mask);
        Translate(config.DefaultDeviceId, eventId);
    }
}
