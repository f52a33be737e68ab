using System.Globalization;

namespace Emulator.Machine.Cli;

/// <summary>A bad command-line value or input file: reported as one line, exit status 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Parsers for the values of emu's options, each failing with a one-line message.</summary>
public static class OptionParsing
{
    /// <summary>A size such as 512M, 1G, 65536 or 0x1000000 (suffixes K, M, G, T are powers of 1024).</summary>
    public static ulong Size(string text, string option)
    {
        string t = text.Trim();
        ulong unit = 1;
        if (t.Length > 0)
        {
            char suffix = char.ToUpperInvariant(t[^1]);
            int shift = suffix switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => 0 };
            if (shift > 0)
            {
                unit = 1UL << shift;
                t = t[..^1];
            }
        }
        if (!TryNumber(t, out ulong n) || n == 0 || n > ulong.MaxValue / unit)
            throw new UsageException($"{option} '{text}' is not a size (e.g. 512M, 2G)");
        return n * unit;
    }

    /// <summary>An address or count in decimal or 0x-prefixed hexadecimal.</summary>
    public static ulong Number(string text, string option)
    {
        if (!TryNumber(text.Trim(), out ulong n))
            throw new UsageException($"{option} '{text}' is not a number (decimal or 0x hexadecimal)");
        return n;
    }

    static bool TryNumber(string t, out ulong n)
    {
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return ulong.TryParse(t.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out n);
        return ulong.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out n);
    }

    /// <summary>A size in the form people read: 512 MiB, 1 GiB, 4 KiB, or bytes.</summary>
    public static string FormatSize(ulong bytes)
    {
        foreach ((int shift, string unit) in new[] { (40, "TiB"), (30, "GiB"), (20, "MiB"), (10, "KiB") })
            if (bytes >= 1UL << shift && bytes % (1UL << shift) == 0)
                return $"{bytes >> shift} {unit}";
        return $"{bytes} bytes";
    }
}
