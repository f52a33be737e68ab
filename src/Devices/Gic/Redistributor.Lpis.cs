using System.Buffers.Binary;
using System.Numerics;
using Emulator.Interconnect;

namespace Emulator.Devices.Gic;

/// <summary>
/// LPIs (IHI 0069 chapter 5.1 "LPIs", 12.11 GICR_PROPBASER / GICR_PENDBASER / GICR_CTLR).
///
/// <para><b>Tables.</b> GICR_PROPBASER names the LPI configuration table: one byte per LPI,
/// INTID 8192 at its first byte, bits 7:2 the priority (low two bits 0) and bit 0 the
/// enable. GICR_PENDBASER names the pending table: one bit per INTID (INTID n is bit n % 8
/// of byte n / 8), its first 1 KiB (INTIDs 0-8191) unused here. The number of INTID bits is
/// GICR_PROPBASER.IDbits + 1, capped at GICD_TYPER.IDbits + 1 (16); fewer than 14 leaves no
/// LPI in range.</para>
///
/// <para><b>EnableLPIs.</b> Setting GICR_CTLR.EnableLPIs reads the whole configuration
/// table into the redistributor's cache and, unless the PENDBASER write that preceded it
/// had PTZ = 1 (the table is known to be zero), the pending table into
/// <see cref="RedistributorState.LpiPending"/>. While it is 1 the redistributor owns the
/// pending state: the table in memory is neither read nor written, and GICR_PROPBASER /
/// GICR_PENDBASER ignore writes (UNPREDICTABLE in the spec; ignoring is a permitted
/// outcome). GICR_CTLR.CES = 1: EnableLPIs may be cleared; clearing writes every LPI's
/// pending bit back to the pending table, then drops the held pending state. Both steps
/// complete within the GICR_CTLR write, so GICR_CTLR.RWP reads 0.</para>
///
/// <para><b>Configuration cache.</b> The priority and enable of each LPI come from the
/// cache, not from memory: a guest that edits the table sees the change only after an ITS
/// INV / INVALL (<see cref="ILpiTarget"/>), a GICR_INVLPIR / GICR_INVALLR write, or
/// re-enabling LPIs, as the architecture allows. GICR_CTLR.IR = 1 advertises GICR_INVLPIR,
/// GICR_INVALLR and GICR_SYNCR although GICR_TYPER.DirectLPI = 0 (no GICR_SETLPIR /
/// GICR_CLRLPIR); every invalidation completes at once, so GICR_SYNCR.Busy reads 0.</para>
///
/// <para>LPIs are Group 1 (Non-secure Group 1 with GICD_CTLR.DS = 1), edge-triggered, and
/// have no active state: acknowledge clears the pending bit. Tables are accessed in RAM
/// only: bytes outside RAM read as zeros and are not written (traced); the spec leaves such
/// tables UNPREDICTABLE.</para>
/// </summary>
public sealed partial class Redistributor
{
    public const int FirstLpi = 8192;
    public const int LpiLimit = 1 << (int)Distributor.IdBits; // one more than the largest INTID
    public const int LpiWords = (LpiLimit - FirstLpi) / 32;

    // GICR_PROPBASER / GICR_PENDBASER fields (12.11.29, 12.11.28).
    public static readonly BitField PROPBASER_IDbits = new(0, 5);
    public static readonly BitField PROPBASER_Physical_Address = new(12, 40);
    public static readonly BitField PENDBASER_Physical_Address = new(16, 36);

    // One byte per LPI in the configuration table.
    public static readonly BitField LpiConfig_Enable = new(0, 1);
    public static readonly BitField LpiConfig_Priority = new(2, 6);

    // GICR_INVLPIR: INTID 31:0 for a physical LPI; GICR_SYNCR.Busy bit 0.
    public static readonly BitField INVLPIR_INTID = new(0, 32);
    public static readonly BitField SYNCR_Busy = new(0, 1);

    /// <summary>The cached configuration byte of each LPI (index INTID - 8192): derived, rebuilt from the table.</summary>
    readonly byte[] lpiConfig = new byte[LpiLimit - FirstLpi];

    /// <summary>Bit w set when word w of <see cref="RedistributorState.LpiPending"/> is non-zero (derived), so a search skips empty words.</summary>
    readonly ulong[] lpiPendingWords = new ulong[LpiWords / 64];

    byte LpiPriorityMask => (byte)(0xFF << (8 - config.PriorityBits));

    /// <summary>INTID bits in use: GICR_PROPBASER.IDbits + 1, at most GICD_TYPER.IDbits + 1.</summary>
    int LpiIdBits => Math.Min((int)PROPBASER_IDbits.Extract(state.Propbaser) + 1, (int)Distributor.IdBits);

    /// <summary>The largest LPI INTID in range, or 8191 when GICR_PROPBASER.IDbits leaves none.</summary>
    public int MaxLpi => config.Lpis && LpiIdBits >= 14 ? (1 << LpiIdBits) - 1 : FirstLpi - 1;

    public bool LpiInRange(int intid) => intid >= FirstLpi && intid <= MaxLpi;

    ulong ConfigTableAddress => PROPBASER_Physical_Address.Extract(state.Propbaser) << 12;

    ulong PendingTableAddress => PENDBASER_Physical_Address.Extract(state.Pendbaser) << 16;

    /// <summary>Builds the derived LPI data from the state (a new GIC, or one restored from a snapshot).</summary>
    internal void RestoreLpis()
    {
        Array.Clear(lpiPendingWords);
        for (int w = 0; w < LpiWords; w++)
            NoteWord(w);
        if (LpisEnabled)
            LoadAllLpiConfiguration();
    }

    /// <summary>GICR_CTLR.EnableLPIs changed to <paramref name="enabled"/> (see the class remarks).</summary>
    void EnableLpisChanged(bool enabled)
    {
        if (enabled)
        {
            LoadAllLpiConfiguration();
            Array.Clear(state.LpiPending);
            if (!PENDBASER_PTZ.IsSet(state.Pendbaser))
                ReadPendingTable();
            owner.Note($"LPIs enabled on CPU {Index} (INTIDs 8192-{MaxLpi})");
        }
        else
        {
            WritePendingTable();
            Array.Clear(state.LpiPending);
            owner.Note($"LPIs disabled on CPU {Index}: pending state written to the pending table");
        }
        RestoreLpis();
    }

    void LoadAllLpiConfiguration()
    {
        Array.Clear(lpiConfig);
        int count = MaxLpi + 1 - FirstLpi;
        if (count > 0)
            owner.ReadGuest(ConfigTableAddress, lpiConfig.AsSpan(0, count), $"CPU {Index} LPI configuration table");
    }

    internal void LoadLpiConfiguration(int intid)
    {
        if (!LpisEnabled || !LpiInRange(intid)) return;
        owner.ReadGuest(ConfigTableAddress + (ulong)(intid - FirstLpi), lpiConfig.AsSpan(intid - FirstLpi, 1), $"CPU {Index} LPI configuration table");
    }

    internal void LoadAllLpiConfigurationIfEnabled()
    {
        if (LpisEnabled) LoadAllLpiConfiguration();
    }

    /// <summary>The bytes of the pending table that hold LPIs 8192 .. MaxLpi.</summary>
    int PendingTableLpiBytes => (MaxLpi + 1 - FirstLpi) / 8;

    void ReadPendingTable()
    {
        int bytes = PendingTableLpiBytes;
        if (bytes == 0) return;
        var buffer = new byte[bytes];
        owner.ReadGuest(PendingTableAddress + FirstLpi / 8, buffer, $"CPU {Index} LPI pending table");
        for (int w = 0; w < bytes / 4; w++)
            state.LpiPending[w] = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(4 * w)); // bit n of byte k is INTID 8k + n
    }

    void WritePendingTable()
    {
        int bytes = PendingTableLpiBytes;
        if (bytes == 0) return;
        var buffer = new byte[bytes];
        for (int w = 0; w < bytes / 4; w++)
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4 * w), state.LpiPending[w]);
        owner.WriteGuest(PendingTableAddress + FirstLpi / 8, buffer, $"CPU {Index} LPI pending table");
    }

    public bool IsLpiPending(int intid) =>
        LpiInRange(intid) && (state.LpiPending[(intid - FirstLpi) >> 5] >> (intid & 31) & 1) != 0;

    /// <summary>Sets or clears an LPI's pending bit; true if it changed (LPIs enabled, INTID in range).</summary>
    internal bool SetLpiPending(int intid, bool pending)
    {
        if (!LpisEnabled || !LpiInRange(intid)) return false;
        int w = (intid - FirstLpi) >> 5;
        uint bit = 1u << (intid & 31);
        if (((state.LpiPending[w] & bit) != 0) == pending) return false;
        state.LpiPending[w] ^= bit;
        NoteWord(w);
        return true;
    }

    void NoteWord(int w)
    {
        ulong bit = 1UL << (w & 63);
        if (state.LpiPending[w] != 0) lpiPendingWords[w >> 6] |= bit;
        else lpiPendingWords[w >> 6] &= ~bit;
    }

    /// <summary>The priority of an LPI from the cached configuration (implemented bits only).</summary>
    public byte LpiPriority(int intid) =>
        LpiInRange(intid) ? (byte)(lpiConfig[intid - FirstLpi] & ~3 & LpiPriorityMask) : (byte)0xFF;

    /// <summary>Whether the cached configuration enables the LPI.</summary>
    public bool LpiEnabled(int intid) => LpiInRange(intid) && LpiConfig_Enable.IsSet(lpiConfig[intid - FirstLpi]);

    /// <summary>Offers the highest-priority pending, enabled LPI if it beats <paramref name="best"/> (ties go to the lower INTID).</summary>
    internal void BestLpi(ref PendingInterrupt best)
    {
        if (!LpisEnabled) return;
        int words = (MaxLpi + 1 - FirstLpi) / 32;
        uint[] pending = state.LpiPending;
        byte mask = LpiPriorityMask;
        for (int s = 0; s < lpiPendingWords.Length; s++)
        {
            for (ulong nonEmpty = lpiPendingWords[s]; nonEmpty != 0; nonEmpty &= nonEmpty - 1)
            {
                int w = 64 * s + BitOperations.TrailingZeroCount(nonEmpty);
                if (w >= words) return;
                for (uint bits = pending[w]; bits != 0; bits &= bits - 1)
                {
                    int index = 32 * w + BitOperations.TrailingZeroCount(bits);
                    byte c = lpiConfig[index];
                    if ((c & 1) == 0) continue;
                    byte priority = (byte)(c & ~3 & mask);
                    if (!best.IsNone && priority >= best.Priority) continue;
                    best = new PendingInterrupt(FirstLpi + index, priority, GicGroup.Group1);
                }
            }
        }
    }

    void WriteInvlpir(ulong value, ulong mask)
    {
        if ((mask & INVLPIR_INTID.Mask) == 0) return; // only the RES0 upper word written
        long intid = (long)INVLPIR_INTID.Extract(value);
        if (intid > int.MaxValue || !LpiInRange((int)intid) || !LpisEnabled)
        {
            owner.Trace?.Invoke($"CPU {Index} GICR_INVLPIR of INTID {intid} ignored: " + (LpisEnabled ? "not an LPI in range" : "LPIs disabled"));
            return;
        }
        owner.InvalidateLpiConfiguration(Index, (int)intid);
    }

    void WriteInvallr() => owner.InvalidateAllLpiConfiguration(Index);
}
