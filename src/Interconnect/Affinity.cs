using System.Globalization;

namespace Emulator.Interconnect;

/// <summary>
/// A processing element's affinity Aff3.Aff2.Aff1.Aff0 (Arm ARM D23.2 MPIDR_EL1; GICv3 IHI 0069
/// 2.1). One type for every place the value appears, each with its own bit layout:
/// MPIDR_EL1, GICR_TYPER, GICD_IROUTER, ICC_SGI1R target lists, ITS collections and the
/// device tree's cpu <c>reg</c>. Ordering is lexicographic from Aff3 down to Aff0.
/// </summary>
public readonly record struct Affinity(byte Aff3, byte Aff2, byte Aff1, byte Aff0) : IComparable<Affinity>
{
    // MPIDR_EL1 (and GICD_IROUTER, which shares the placement of all four fields).
    static readonly BitField MpidrAff0 = new(0, 8);
    static readonly BitField MpidrAff1 = new(8, 8);
    static readonly BitField MpidrAff2 = new(16, 8);
    static readonly BitField MpidrAff3 = new(32, 8);
    /// <summary>MPIDR_EL1 bit 31 is RES1.</summary>
    public const ulong MpidrRes1 = 1UL << 31;
    /// <summary>The bits of MPIDR_EL1 that hold affinity (U, MT and RES1 excluded).</summary>
    public const ulong MpidrAffinityMask = 0xFF_00FF_FFFFUL;
    /// <summary>GICR_TYPER.Affinity_Value: Aff3.Aff2.Aff1.Aff0 packed into bits 63:32.</summary>
    static readonly BitField GicrTyperAffinity = new(32, 32);

    /// <summary>Aff3..Aff0 as one 32-bit number, Aff3 highest (the GICR_TYPER and ITS packing).</summary>
    public uint Packed => (uint)Aff3 << 24 | (uint)Aff2 << 16 | (uint)Aff1 << 8 | Aff0;

    public static Affinity FromPacked(uint packed) =>
        new((byte)(packed >> 24), (byte)(packed >> 16), (byte)(packed >> 8), (byte)packed);

    /// <summary>The affinity fields of an MPIDR_EL1 value; every other bit is ignored.</summary>
    public static Affinity FromMpidr(ulong mpidr) =>
        new((byte)MpidrAff3.Extract(mpidr), (byte)MpidrAff2.Extract(mpidr),
            (byte)MpidrAff1.Extract(mpidr), (byte)MpidrAff0.Extract(mpidr));

    /// <summary>MPIDR_EL1 as a uniprocessor-capable, non-multithreaded PE reads it (U = 0, MT = 0, bit 31 set).</summary>
    public ulong ToMpidr() => MpidrRes1 | AffinityBits;

    /// <summary>The affinity fields in their MPIDR_EL1 places, nothing else (the device tree cpu reg value).</summary>
    public ulong AffinityBits =>
        MpidrAff3.Deposit(MpidrAff2.Deposit(MpidrAff1.Deposit(MpidrAff0.Deposit(0UL, Aff0), Aff1), Aff2), Aff3);

    public ulong ToGicrTyperBits() => GicrTyperAffinity.Deposit(0UL, Packed);

    public static Affinity FromGicrTyper(ulong typer) => FromPacked((uint)GicrTyperAffinity.Extract(typer));

    /// <summary>GICD_IROUTER.Aff3/Aff2/Aff1/Aff0 (the Interrupt_Routing_Mode bit 31 is not touched).</summary>
    public ulong ToIrouterBits() => AffinityBits;

    /// <summary>The affinity named by a GICD_IROUTER value; Interrupt_Routing_Mode and RES0 bits are ignored.</summary>
    public static Affinity FromIrouter(ulong irouter) => FromMpidr(irouter);

    /// <summary>Aff3.Aff2.Aff1, the cluster an ICC_SGI1R target list addresses.</summary>
    public bool SameCluster(Affinity other) => (Packed >> 8) == (other.Packed >> 8);

    /// <summary>
    /// True if this PE is one of the targets of an ICC_SGI1R_EL1-style request: the same
    /// Aff3.Aff2.Aff1, and bit <c>Aff0</c> set in the 16-bit target list (RS selects which
    /// block of 16 Aff0 values the list covers).
    /// </summary>
    public bool MatchesTargetList(byte aff3, byte aff2, byte aff1, ushort targetList, int rangeSelector = 0)
    {
        if (Aff3 != aff3 || Aff2 != aff2 || Aff1 != aff1) return false;
        int bit = Aff0 - 16 * rangeSelector;
        return bit is >= 0 and < 16 && (targetList >> bit & 1) != 0;
    }

    /// <summary>True if the affinity fields of an MPIDR (or GICD_IROUTER) value name this PE.</summary>
    public bool MatchesMpidr(ulong mpidrOrIrouter) => FromMpidr(mpidrOrIrouter) == this;

    public int CompareTo(Affinity other) => Packed.CompareTo(other.Packed);

    public static bool operator <(Affinity a, Affinity b) => a.Packed < b.Packed;
    public static bool operator >(Affinity a, Affinity b) => a.Packed > b.Packed;
    public static bool operator <=(Affinity a, Affinity b) => a.Packed <= b.Packed;
    public static bool operator >=(Affinity a, Affinity b) => a.Packed >= b.Packed;

    /// <summary>"Aff3.Aff2.Aff1.Aff0" in decimal, e.g. "1.0.0.1".</summary>
    public override string ToString() => $"{Aff3}.{Aff2}.{Aff1}.{Aff0}";

    public string Format() => ToString();

    /// <summary>
    /// Parses an MPIDR-layout number ("0x100000001", hexadecimal with 0x, or decimal) or a
    /// dotted "Aff3.Aff2.Aff1.Aff0" (four decimal bytes). A number with bits outside the
    /// affinity fields is refused rather than silently trimmed (bit 31 is accepted, as MPIDR_EL1 reads it).
    /// </summary>
    public static Affinity Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Trim();
        if (s.Length == 0)
            throw new FormatException("empty affinity value");
        if (s.Contains('.'))
        {
            string[] parts = s.Split('.');
            if (parts.Length != 4)
                throw new FormatException($"affinity '{text}' must have four fields Aff3.Aff2.Aff1.Aff0");
            var bytes = new byte[4];
            for (int i = 0; i < 4; i++)
                if (parts[i].Length == 0 || !parts[i].All(char.IsAsciiDigit)
                    || !byte.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
                    throw new FormatException($"affinity '{text}': field '{parts[i]}' is not a number from 0 to 255");
            return new(bytes[0], bytes[1], bytes[2], bytes[3]);
        }
        ulong value = 0;
        bool ok = s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!ok)
            throw new FormatException($"affinity '{text}' is not a number (0x... or decimal) nor Aff3.Aff2.Aff1.Aff0");
        if ((value & ~(MpidrAffinityMask | MpidrRes1)) != 0)
            throw new FormatException($"affinity '{text}' sets bits outside MPIDR Aff3 (39:32), Aff2 (23:16), Aff1 (15:8), Aff0 (7:0)");
        return FromMpidr(value);
    }

    public static bool TryParse(string text, out Affinity affinity)
    {
        try
        {
            affinity = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            affinity = default;
            return false;
        }
    }

    /// <summary>
    /// The linear topology of common virt boards: CPU i is Aff1 = i / 16, Aff0 = i % 16
    /// (GICv3 target lists reach 16 Aff0 values per cluster).
    /// </summary>
    public static Affinity[] Linear(int count)
    {
        if (count < 1 || count > 16 * 256)
            throw new ArgumentException($"CPU count {count} must be between 1 and {16 * 256}");
        var result = new Affinity[count];
        for (int i = 0; i < count; i++)
            result[i] = new(0, 0, (byte)(i / 16), (byte)(i % 16));
        return result;
    }

    /// <summary>
    /// The product topology of a spec such as "aff3=2,aff2=1,aff1=1,aff0=2": every
    /// combination, Aff0 varying fastest. Levels left out count 1; each count is 1..256
    /// (Aff0 at most 16, the reach of an SGI target list).
    /// </summary>
    public static Affinity[] FromSpec(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var counts = new int[4] { 1, 1, 1, 1 }; // index = level
        var seen = new bool[4];
        if (spec.Trim().Length == 0)
            throw new FormatException("empty topology spec (expected e.g. aff3=2,aff2=1,aff1=1,aff0=2)");
        foreach (string raw in spec.Split(','))
        {
            string item = raw.Trim();
            int eq = item.IndexOf('=');
            if (eq < 0)
                throw new FormatException($"topology item '{item}' is not affN=COUNT");
            string key = item[..eq].Trim().ToLowerInvariant();
            int level = key switch { "aff0" => 0, "aff1" => 1, "aff2" => 2, "aff3" => 3, _ => -1 };
            if (level < 0)
                throw new FormatException($"topology item '{item}': '{key}' is not aff0, aff1, aff2 or aff3");
            if (seen[level])
                throw new FormatException($"topology spec '{spec}' gives {key} twice");
            seen[level] = true;
            string countText = item[(eq + 1)..].Trim();
            int max = level == 0 ? 16 : 256;
            if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1 || count > max)
                throw new FormatException($"topology item '{item}': count must be a number from 1 to {max}");
            counts[level] = count;
        }
        long total = (long)counts[0] * counts[1] * counts[2] * counts[3];
        if (total > 4096)
            throw new FormatException($"topology spec '{spec}' gives {total} CPUs, more than 4096");
        var result = new Affinity[total];
        int n = 0;
        for (int a3 = 0; a3 < counts[3]; a3++)
            for (int a2 = 0; a2 < counts[2]; a2++)
                for (int a1 = 0; a1 < counts[1]; a1++)
                    for (int a0 = 0; a0 < counts[0]; a0++)
                        result[n++] = new((byte)a3, (byte)a2, (byte)a1, (byte)a0);
        return result;
    }

    /// <summary>A comma-separated list of affinities (see <see cref="Parse"/>), in CPU order; duplicates are refused.</summary>
    public static Affinity[] FromMpidrList(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        if (list.Trim().Length == 0)
            throw new FormatException("empty MPIDR list");
        string[] items = list.Split(',');
        var result = new Affinity[items.Length];
        var seen = new Dictionary<Affinity, int>();
        for (int i = 0; i < items.Length; i++)
        {
            result[i] = Parse(items[i]);
            if (seen.TryGetValue(result[i], out int first))
                throw new ArgumentException(
                    $"duplicate MPIDR: CPU {i} ('{items[i].Trim()}') and CPU {first} both have affinity {result[i]}");
            seen.Add(result[i], i);
        }
        return result;
    }

    /// <summary>True if any affinity has a non-zero Aff3 (the device tree then needs two-cell cpu reg values).</summary>
    public static bool AnyAff3(IEnumerable<Affinity> affinities) => affinities.Any(a => a.Aff3 != 0);
}
