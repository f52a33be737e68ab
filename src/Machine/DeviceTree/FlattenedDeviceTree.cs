using System.Buffers.Binary;
using System.Text;

namespace Emulator.Machine.DeviceTree;

/// <summary>One entry of the memory reservation block.</summary>
public readonly record struct MemoryReservation(ulong Address, ulong Size);

/// <summary>
/// A whole device tree: the root node, the memory reservation block, the boot CPU id, and
/// phandle allocation. <see cref="ToBlob"/> writes the flattened form (Devicetree
/// Specification v0.4 chapter 5: version 17, last compatible version 16, big-endian).
/// </summary>
public sealed class FlattenedDeviceTree
{
    public const uint Magic = 0xD00DFEED;
    public const uint Version = 17;
    public const uint LastCompatibleVersion = 16;
    public const int HeaderSize = 40;

    // Structure block tokens (5.4.1).
    public const uint FDT_BEGIN_NODE = 1;
    public const uint FDT_END_NODE = 2;
    public const uint FDT_PROP = 3;
    public const uint FDT_NOP = 4;
    public const uint FDT_END = 9;

    uint nextPhandle = 1;

    public DeviceTreeNode Root { get; } = new("");
    public List<MemoryReservation> Reservations { get; } = [];
    public uint BootCpuIdPhys { get; set; }

    /// <summary>The node's phandle, giving it a new one (and its "phandle" property) on first use.</summary>
    public uint Phandle(DeviceTreeNode node)
    {
        if (node.Property("phandle") is { } existing)
            return existing.AsU32();
        uint handle = nextPhandle++;
        node.AddU32("phandle", handle);
        return handle;
    }

    /// <summary>Keeps new phandles clear of one the tree already uses (a tree read from a blob).</summary>
    public void ReservePhandle(uint handle)
    {
        if (handle >= nextPhandle && handle != uint.MaxValue)
            nextPhandle = handle + 1;
    }

    /// <summary>Writes the blob: header, memory reservation block, structure block, strings block.</summary>
    public byte[] ToBlob()
    {
        var strings = new StringTable();
        var structure = new List<byte>();
        WriteNode(Root, structure, strings);
        AppendU32(structure, FDT_END);

        int rsvOffset = HeaderSize; // already 8-byte aligned
        int rsvSize = (Reservations.Count + 1) * 16;
        int structOffset = rsvOffset + rsvSize;
        int stringsOffset = structOffset + structure.Count;
        byte[] stringBytes = strings.Bytes;
        int total = stringsOffset + stringBytes.Length;

        var blob = new byte[total];
        Span<byte> s = blob;
        BinaryPrimitives.WriteUInt32BigEndian(s[0..], Magic);
        BinaryPrimitives.WriteUInt32BigEndian(s[4..], (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(s[8..], (uint)structOffset);
        BinaryPrimitives.WriteUInt32BigEndian(s[12..], (uint)stringsOffset);
        BinaryPrimitives.WriteUInt32BigEndian(s[16..], (uint)rsvOffset);
        BinaryPrimitives.WriteUInt32BigEndian(s[20..], Version);
        BinaryPrimitives.WriteUInt32BigEndian(s[24..], LastCompatibleVersion);
        BinaryPrimitives.WriteUInt32BigEndian(s[28..], BootCpuIdPhys);
        BinaryPrimitives.WriteUInt32BigEndian(s[32..], (uint)stringBytes.Length);
        BinaryPrimitives.WriteUInt32BigEndian(s[36..], (uint)structure.Count);
        for (int i = 0; i < Reservations.Count; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(s[(rsvOffset + 16 * i)..], Reservations[i].Address);
            BinaryPrimitives.WriteUInt64BigEndian(s[(rsvOffset + 16 * i + 8)..], Reservations[i].Size);
        }
        structure.CopyTo(blob, structOffset);
        stringBytes.CopyTo(blob, stringsOffset);
        return blob;
    }

    static void WriteNode(DeviceTreeNode node, List<byte> output, StringTable strings)
    {
        AppendU32(output, FDT_BEGIN_NODE);
        output.AddRange(Encoding.ASCII.GetBytes(node.Name));
        output.Add(0);
        Pad(output);
        foreach (DeviceTreeProperty p in node.Properties)
        {
            AppendU32(output, FDT_PROP);
            AppendU32(output, (uint)p.Value.Length);
            AppendU32(output, strings.Offset(p.Name));
            output.AddRange(p.Value);
            Pad(output);
        }
        foreach (DeviceTreeNode child in node.Children)
            WriteNode(child, output, strings);
        AppendU32(output, FDT_END_NODE);
    }

    static void AppendU32(List<byte> output, uint value)
    {
        output.Add((byte)(value >> 24));
        output.Add((byte)(value >> 16));
        output.Add((byte)(value >> 8));
        output.Add((byte)value);
    }

    static void Pad(List<byte> output)
    {
        while (output.Count % 4 != 0) output.Add(0);
    }

    /// <summary>The strings block: each property name stored once.</summary>
    sealed class StringTable
    {
        readonly Dictionary<string, uint> offsets = [];
        readonly List<byte> bytes = [];

        public uint Offset(string name)
        {
            if (offsets.TryGetValue(name, out uint offset)) return offset;
            offset = (uint)bytes.Count;
            bytes.AddRange(Encoding.ASCII.GetBytes(name));
            bytes.Add(0);
            offsets.Add(name, offset);
            return offset;
        }

        public byte[] Bytes => [.. bytes];
    }
}
