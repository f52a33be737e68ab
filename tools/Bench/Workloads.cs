using Emulator.Interconnect;

namespace Emulator.Bench;

/// <summary>
/// One guest workload of the CPU benchmark: its raw binary (built from workloads/&lt;Name&gt;.S,
/// loaded at <see cref="Workloads.LoadAddress"/>) and the checks that prove the guest really
/// computed what it should. Each workload loops forever over identical passes; after every
/// completed pass x0 holds the pass's checksum and x19 the number of passes completed.
/// </summary>
public sealed record Workload(string Name, string Description, Func<ulong> ExpectedChecksum, Func<Ram, string?>? CheckMemory = null)
{
    /// <summary>The guest code; by default the embedded workloads/&lt;Name&gt;.bin.</summary>
    public byte[]? Code { get; init; }

    public byte[] LoadBinary()
    {
        if (Code is not null) return Code;
        string resource = $"workloads/{Name}.bin";
        using Stream stream = typeof(Workload).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the bench was built without {resource}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

/// <summary>The workloads and, for each, the same computation in C# (the reference).</summary>
public static class Workloads
{
    public const ulong LoadAddress = 0x4000_0000;
    const ulong CopyDestination = 0x4020_0000;
    const int CopyBytes = 0x10000;
    const int CrcBytes = 1024;

    public static IReadOnlyList<Workload> All { get; } =
    [
        new("alu", "xorshift64 mixed with add/eor/orr/and/madd/shifts", AluChecksum),
        new("memcpy", "64 KiB copied with ldp/stp post-index", MemcpyChecksum, MemcpyDestination),
        new("crc", "bitwise CRC-32 with tbz, over 1 KiB", CrcChecksum),
    ];

    /// <summary>workloads/alu.S, one pass.</summary>
    static ulong AluChecksum()
    {
        ulong x1 = 0x9e3779b97f4a7c15, x4 = 0x2545f4914f6cdd1d, x2 = 0;
        for (ulong x3 = 4096; x3 != 0; x3--)
        {
            x1 ^= x1 << 13;
            x1 ^= x1 >> 7;
            x1 ^= x1 << 17;
            x2 = x1 * x4 + x2;
            ulong x5 = x2 + (x1 >> 3);
            ulong x6 = x5 | (x1 << 5);
            ulong x7 = x6 & 0xff00ff00ff00ff00;
            x2 ^= ulong.RotateRight(x7, 11);
            x2 -= x3;
            ulong x8 = (uint)x1 + (uint)x2;
            x2 ^= x8;
        }
        return x2;
    }

    /// <summary>The 64-bit LCG that workloads/memcpy.S fills its source with.</summary>
    static ulong[] MemcpySource()
    {
        var words = new ulong[CopyBytes / 8];
        ulong x = 1;
        for (int i = 0; i < words.Length; i++)
            words[i] = x = x * 6364136223846793005UL + 1442695040888963407UL;
        return words;
    }

    /// <summary>workloads/memcpy.S, one pass: sum of the first and eor of the last word of each 32-byte block.</summary>
    static ulong MemcpyChecksum()
    {
        ulong[] src = MemcpySource();
        ulong sum = 0, xor = 0;
        for (int i = 0; i < src.Length; i += 4)
        {
            sum += src[i];
            xor ^= src[i + 3];
        }
        return sum ^ ulong.RotateRight(xor, 7);
    }

    static string? MemcpyDestination(Ram ram)
    {
        ulong[] src = MemcpySource();
        for (int i = 0; i < src.Length; i++)
        {
            ulong got = ram.Read(CopyDestination + (ulong)(8 * i), 8);
            if (got != src[i])
                return $"destination word {i} at 0x{CopyDestination + (ulong)(8 * i):x} is 0x{got:x16}, expected 0x{src[i]:x16}";
        }
        return null;
    }

    /// <summary>workloads/crc.S, one pass: zlib's CRC-32 of 1 KiB from a 32-bit LCG.</summary>
    static ulong CrcChecksum()
    {
        var data = new byte[CrcBytes];
        uint x = 7;
        for (int i = 0; i < CrcBytes; i += 4)
        {
            x = x * 1103515245u + 12345u;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(i), x); // as the guest stores it
        }
        return Crc32(data);
    }

    /// <summary>CRC-32 (reflected, polynomial 0xEDB88320, as in zlib and Ethernet).</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFF_FFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1;
        }
        return ~crc;
    }

    static Workloads()
    {
        // The reference itself must be right: the standard check value of CRC-32.
        if (Crc32("123456789"u8) != 0xCBF4_3926)
            throw new InvalidOperationException("the bench's CRC-32 reference is wrong");
    }
}
