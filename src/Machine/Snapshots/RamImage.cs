using System.IO.Compression;
using Emulator.Interconnect;

namespace Emulator.Machine.Snapshots;

/// <summary>
/// Guest RAM in a snapshot: only the pages the guest ever touched, in chunks of up to
/// <see cref="PagesPerChunk"/> pages that are compressed (Deflate, fastest level) and
/// decompressed independently, so both run on every host core. A touched page that holds
/// only zeros is listed without data; a page that looks incompressible (many distinct byte
/// values in a sample: compressed or random data, where Deflate runs ten times slower and
/// gains nothing) is stored raw.
/// <code>
/// u64 RAM size in bytes, i32 chunk count, then per chunk:
///   i32 page count n, i32[n] page indices (ascending), u8[n] 0 = zero / 1 = compressed / 2 = raw,
///   i32 compressed length, the Deflate stream of the compressed pages in order,
///   the raw pages in order (4 KiB each)
/// </code>
/// </summary>
public static class RamImage
{
    public const int PagesPerChunk = 256;

    const byte ZeroPage = 0, CompressedPage = 1, RawPage = 2;

    /// <summary>One chunk ready to write; its raw pages are the RAM's own (written as they are, not copied first).</summary>
    internal sealed record Chunk(int[] Pages, byte[] Flags, ArraySegment<byte> Compressed, byte[][] RawPages);

    /// <summary>
    /// Whether a page looks incompressible: more than half of 256 sampled bytes distinct
    /// (random data gives about 160, code and text well under 100, tables a handful).
    /// </summary>
    static bool LooksIncompressible(ReadOnlySpan<byte> page)
    {
        Span<bool> seen = stackalloc bool[256];
        int distinct = 0;
        for (int i = 0; i < page.Length; i += 16)
            if (!seen[page[i]]) { seen[page[i]] = true; distinct++; }
        return distinct > 128;
    }

    /// <summary>The RAM compressed and ready to write (so that its length is known before it is written).</summary>
    public sealed class Image
    {
        readonly ulong ramSize;
        readonly Chunk[] chunks;

        internal Image(ulong ramSize, Chunk[] chunks)
        {
            this.ramSize = ramSize;
            this.chunks = chunks;
            Length = 12 + chunks.Sum(c => 4 + 5L * c.Pages.Length + 4 + c.Compressed.Count + (long)c.RawPages.Length * Ram.PageSize);
        }

        public long Length { get; }

        public void WriteTo(Stream output)
        {
            using var w = new BinaryWriter(output, System.Text.Encoding.UTF8, leaveOpen: true);
            w.Write(ramSize);
            w.Write(chunks.Length);
            foreach (Chunk c in chunks)
            {
                w.Write(c.Pages.Length);
                foreach (int p in c.Pages) w.Write(p);
                w.Write(c.Flags);
                w.Write(c.Compressed.Count);
                w.Write(c.Compressed.AsSpan());
                foreach (byte[] page in c.RawPages) w.Write(page);
            }
        }
    }

    /// <summary>Compresses the touched pages, a chunk per task.</summary>
    public static Image Compress(Ram ram)
    {
        var touched = new List<int>();
        for (int i = 0; i < ram.PageCount; i++)
            if (ram.IsTouched(i)) touched.Add(i);
        int chunkCount = (touched.Count + PagesPerChunk - 1) / PagesPerChunk;
        var chunks = new Chunk[chunkCount];
        Parallel.For(0, chunkCount, c =>
        {
            int[] pages = [.. touched.Skip(c * PagesPerChunk).Take(PagesPerChunk)];
            var flags = new byte[pages.Length];
            var compressed = new MemoryStream();
            var raw = new List<byte[]>();
            using (var deflate = new DeflateStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
                for (int n = 0; n < pages.Length; n++)
                {
                    byte[] page = ram.PageByIndex(pages[n]);
                    if (page.AsSpan().IndexOfAnyExcept((byte)0) < 0) continue;
                    if (LooksIncompressible(page)) { flags[n] = RawPage; raw.Add(page); continue; }
                    flags[n] = CompressedPage;
                    deflate.Write(page);
                }
            chunks[c] = new Chunk(pages, flags, new ArraySegment<byte>(compressed.GetBuffer(), 0, (int)compressed.Length), [.. raw]);
        });
        return new Image(ram.Size, chunks);
    }

    /// <summary>The touched pages that hold anything but zeros, raw (for the state hash, which must not depend on compression).</summary>
    public static void WriteCanonical(BinaryWriter w, Ram ram)
    {
        w.Write(ram.Size);
        for (int i = 0; i < ram.PageCount; i++)
            if (ram.IsTouched(i) && ram.PageByIndex(i).AsSpan().IndexOfAnyExcept((byte)0) >= 0)
            {
                w.Write(i);
                w.Write(ram.PageByIndex(i));
            }
    }

    /// <summary>A read-only stream over the bytes, without copying them.</summary>
    internal static MemoryStream StreamOf(ReadOnlyMemory<byte> bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out ArraySegment<byte> segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);

    /// <summary>Fills a fresh RAM from a section written by <see cref="Write"/>.</summary>
    public static void Read(ReadOnlyMemory<byte> payload, Ram ram)
    {
        var r = new BinaryReader(StreamOf(payload));
        ulong size = r.ReadUInt64();
        if (size != ram.Size)
            throw new SnapshotException($"the RAM image is of {size} bytes, the board has {ram.Size}");
        int chunkCount = r.ReadInt32();
        if (chunkCount < 0 || (long)chunkCount * PagesPerChunk > ram.PageCount + (long)PagesPerChunk)
            throw new SnapshotException($"the RAM image has {chunkCount} chunks, more than the RAM's pages");
        var chunks = new List<(int[] Pages, byte[] Flags, ReadOnlyMemory<byte> Data, ReadOnlyMemory<byte> Raw)>(chunkCount);
        int last = -1;
        for (int c = 0; c < chunkCount; c++)
        {
            int count = r.ReadInt32();
            if (count is < 1 or > PagesPerChunk)
                throw new SnapshotException($"RAM chunk {c} has {count} pages");
            var pages = new int[count];
            for (int n = 0; n < count; n++)
            {
                int index = r.ReadInt32();
                if (index <= last || index >= ram.PageCount)
                    throw new SnapshotException($"RAM chunk {c} lists page {index} out of order or beyond the RAM");
                last = index;
                pages[n] = index;
            }
            byte[] flags = r.ReadBytes(count);
            int length = r.ReadInt32();
            long at = r.BaseStream.Position;
            long rawLength = (long)flags.Count(f => f == RawPage) * Ram.PageSize;
            if (length < 0 || length + rawLength > r.BaseStream.Length - at)
                throw new SnapshotException($"RAM chunk {c} runs past the end of the section");
            chunks.Add((pages, flags, payload.Slice((int)at, length), payload.Slice((int)at + length, (int)rawLength)));
            r.BaseStream.Position = at + length + rawLength;
        }
        // The pages are allocated here, a chunk per task: on a fresh host process most of a
        // restore's time is the first touch of the new pages, and that spreads over the cores.
        string? error = null;
        Parallel.For(0, chunks.Count, c =>
        {
            var (pages, flags, data, raw) = chunks[c];
            try
            {
                using var inflate = new DeflateStream(StreamOf(data), CompressionMode.Decompress);
                int rawAt = 0;
                for (int n = 0; n < pages.Length; n++)
                {
                    byte[] page = ram.PageByIndex(pages[n]);
                    if (flags[n] == CompressedPage) inflate.ReadExactly(page);
                    else if (flags[n] == RawPage) { raw.Span.Slice(rawAt, Ram.PageSize).CopyTo(page); rawAt += Ram.PageSize; }
                    else if (flags[n] != ZeroPage) throw new InvalidDataException($"page flag {flags[n]}");
                }
                if (inflate.ReadByte() >= 0) throw new InvalidDataException("data left over");
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
            {
                error = $"RAM chunk {c} does not decompress: {e.Message}";
            }
        });
        if (error is not null) throw new SnapshotException(error);
    }
}
