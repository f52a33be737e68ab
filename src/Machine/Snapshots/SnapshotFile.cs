using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Emulator.Machine.Snapshots;

/// <summary>
/// The container of a whole-machine snapshot:
/// <code>
/// "AA64SNAP"              8 bytes of magic
/// u32 format version      (<see cref="FormatVersion"/>)
/// section*                u8 name length, name (ASCII), u32 section version, u64 payload length, payload
/// "SNAPEND!"              8 bytes
/// u64 file length         of the whole file, trailer included
/// u64 checksum            XxHash3 (64-bit) of every byte before it
/// </code>
/// All numbers are little-endian. The first section, "board", is the board configuration;
/// each device's section has its own version, so one device's format can change without
/// the others'. The trailer comes last so that a snapshot can be written to any stream in
/// one pass, and a file cut short has none.
/// </summary>
public static class SnapshotFile
{
    public const uint FormatVersion = 1;
    static ReadOnlySpan<byte> Magic => "AA64SNAP"u8;
    static ReadOnlySpan<byte> EndMagic => "SNAPEND!"u8;
    const int TrailerSize = 24;

    /// <summary>Writes sections to a stream, hashing as it goes; <see cref="Finish"/> writes the trailer.</summary>
    public sealed class Writer(Stream output)
    {
        readonly XxHash3 hash = new();
        long length;
        readonly HashSet<string> names = [];

        void Put(ReadOnlySpan<byte> bytes)
        {
            output.Write(bytes);
            hash.Append(bytes);
            length += bytes.Length;
        }

        public void Begin()
        {
            Span<byte> header = stackalloc byte[12];
            Magic.CopyTo(header);
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], FormatVersion);
            Put(header);
        }

        /// <summary>Writes one section; <paramref name="payload"/> writes its contents.</summary>
        public void Section(string name, uint version, Action<BinaryWriter> payload)
        {
            var body = new MemoryStream();
            using (var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
                payload(w);
            Section(name, version, body.Length, s => s.Write(body.GetBuffer().AsSpan(0, (int)body.Length)));
        }

        /// <summary>Writes one section of a length known in advance, streamed (RAM: no copy of it in between).</summary>
        public void Section(string name, uint version, long length, Action<Stream> payload)
        {
            if (!names.Add(name)) throw new InvalidOperationException($"section {name} written twice");
            byte[] nameBytes = Encoding.ASCII.GetBytes(name);
            Span<byte> header = stackalloc byte[1 + nameBytes.Length + 12];
            header[0] = checked((byte)nameBytes.Length);
            nameBytes.CopyTo(header[1..]);
            BinaryPrimitives.WriteUInt32LittleEndian(header[(1 + nameBytes.Length)..], version);
            BinaryPrimitives.WriteUInt64LittleEndian(header[(5 + nameBytes.Length)..], (ulong)length);
            Put(header);
            long before = this.length;
            payload(new Sink(this));
            if (this.length - before != length)
                throw new InvalidOperationException($"section {name} wrote {this.length - before} bytes, not the {length} announced");
        }

        /// <summary>A write-only stream into the snapshot (hashed and counted).</summary>
        sealed class Sink(Writer writer) : Stream
        {
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => writer.Put(buffer.AsSpan(offset, count));
            public override void Write(ReadOnlySpan<byte> buffer) => writer.Put(buffer);
        }

        public void Finish()
        {
            Span<byte> trailer = stackalloc byte[TrailerSize];
            EndMagic.CopyTo(trailer);
            BinaryPrimitives.WriteUInt64LittleEndian(trailer[8..], (ulong)(length + TrailerSize));
            Put(trailer[..16]);
            BinaryPrimitives.WriteUInt64LittleEndian(trailer[16..], hash.GetCurrentHashAsUInt64());
            output.Write(trailer[16..]);
            output.Flush();
        }
    }

    /// <summary>One section of a snapshot read back: its version and its payload.</summary>
    public sealed record Section(string Name, uint Version, ReadOnlyMemory<byte> Payload);

    /// <summary>
    /// Checks a whole snapshot (magic, format version, completeness, checksum) and splits it
    /// into sections. Anything wrong is a <see cref="SnapshotException"/> whose message says
    /// which of these it is.
    /// </summary>
    public static IReadOnlyDictionary<string, Section> Parse(byte[] file)
    {
        if (file.Length < Magic.Length || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            if (file.Length < Magic.Length && Magic.StartsWith(file))
                throw new SnapshotException($"the snapshot is truncated ({file.Length} bytes)");
            throw new SnapshotException("not a snapshot of this emulator (bad magic)");
        }
        if (file.Length < 12)
            throw new SnapshotException($"the snapshot is truncated ({file.Length} bytes)");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(8));
        if (version != FormatVersion)
            throw new SnapshotException($"snapshot format version {version}; this emulator reads version {FormatVersion}");
        if (file.Length < 12 + TrailerSize || !file.AsSpan(file.Length - TrailerSize, 8).SequenceEqual(EndMagic)
            || BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(file.Length - 16)) != (ulong)file.Length)
            throw new SnapshotException($"the snapshot is truncated ({file.Length} bytes, no complete end record)");
        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(file.Length - 8));
        if (XxHash3.HashToUInt64(file.AsSpan(0, file.Length - 8)) != stored)
            throw new SnapshotException("the snapshot's checksum does not match its contents: the file is corrupt");

        var sections = new Dictionary<string, Section>();
        int at = 12, end = file.Length - TrailerSize;
        while (at < end)
        {
            int nameLength = file[at];
            if (at + 1 + nameLength + 12 > end)
                throw new SnapshotException($"section header at byte {at} runs past the end");
            string name = Encoding.ASCII.GetString(file, at + 1, nameLength);
            uint sectionVersion = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 1 + nameLength));
            ulong payloadLength = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(at + 5 + nameLength));
            int start = at + 13 + nameLength;
            if (payloadLength > (ulong)(end - start))
                throw new SnapshotException($"section {name} runs past the end of the snapshot");
            if (!sections.TryAdd(name, new Section(name, sectionVersion, file.AsMemory(start, (int)payloadLength))))
                throw new SnapshotException($"section {name} appears twice");
            at = start + (int)payloadLength;
        }
        return sections;
    }
}
