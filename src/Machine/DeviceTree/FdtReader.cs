using System.Buffers.Binary;
using System.Text;

namespace Emulator.Machine.DeviceTree;

/// <summary>
/// Reads a flattened device tree blob back into nodes (for checking what we write, and for
/// a user-supplied DTB). Anything malformed (bad magic, offsets outside the blob, a
/// truncated structure block, unbalanced nodes) is a <see cref="FormatException"/> with one line.
/// </summary>
public static class FdtReader
{
    public static FlattenedDeviceTree Read(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < FlattenedDeviceTree.HeaderSize)
            throw new FormatException($"device tree blob is {blob.Length} bytes, shorter than its 40-byte header");
        uint U32(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt32BigEndian(b[at..]);
        if (U32(blob, 0) != FlattenedDeviceTree.Magic)
            throw new FormatException($"not a device tree blob (magic 0x{U32(blob, 0):X8}, expected 0xD00DFEED)");
        uint total = U32(blob, 4), structOff = U32(blob, 8), stringsOff = U32(blob, 12), rsvOff = U32(blob, 16);
        uint version = U32(blob, 20), lastComp = U32(blob, 24);
        uint stringsSize = U32(blob, 32), structSize = U32(blob, 36);
        if (total > blob.Length)
            throw new FormatException($"device tree blob says it is {total} bytes but only {blob.Length} are present");
        if (version < 17 || lastComp > 17)
            throw new FormatException($"device tree version {version} (last compatible {lastComp}) is not supported; need 17");
        CheckBlock("structure", structOff, structSize, total);
        CheckBlock("strings", stringsOff, stringsSize, total);
        if (rsvOff % 8 != 0 || rsvOff >= total)
            throw new FormatException($"memory reservation block offset 0x{rsvOff:X} is misaligned or outside the blob");

        var tree = new FlattenedDeviceTree { BootCpuIdPhys = U32(blob, 28) };
        for (int at = (int)rsvOff; ; at += 16)
        {
            if (at + 16 > total)
                throw new FormatException("memory reservation block is not terminated");
            ulong address = BinaryPrimitives.ReadUInt64BigEndian(blob[at..]);
            ulong size = BinaryPrimitives.ReadUInt64BigEndian(blob[(at + 8)..]);
            if (address == 0 && size == 0) break;
            tree.Reservations.Add(new MemoryReservation(address, size));
        }

        ReadOnlySpan<byte> structure = blob.Slice((int)structOff, (int)structSize);
        ReadOnlySpan<byte> strings = blob.Slice((int)stringsOff, (int)stringsSize);
        int pos = 0;
        uint Token(ReadOnlySpan<byte> s)
        {
            if (pos + 4 > s.Length)
                throw new FormatException($"structure block truncated at offset 0x{pos:X}");
            uint t = U32(s, pos);
            pos += 4;
            return t;
        }

        var stack = new Stack<DeviceTreeNode>();
        bool rootSeen = false;
        while (true)
        {
            uint token = Token(structure);
            switch (token)
            {
                case FlattenedDeviceTree.FDT_BEGIN_NODE:
                {
                    string name = CString(structure, pos, "node name");
                    pos = Align4(pos + name.Length + 1);
                    if (stack.Count == 0)
                    {
                        if (rootSeen || name.Length != 0)
                            throw new FormatException($"structure block has a second top-level node '{name}'");
                        rootSeen = true;
                        stack.Push(tree.Root);
                    }
                    else
                    {
                        DeviceTreeNode child;
                        try { child = stack.Peek().AddChild(name); }
                        catch (ArgumentException e) { throw new FormatException(e.Message); }
                        stack.Push(child);
                    }
                    break;
                }
                case FlattenedDeviceTree.FDT_END_NODE:
                    if (stack.Count == 0)
                        throw new FormatException($"FDT_END_NODE without a node at offset 0x{pos - 4:X}");
                    stack.Pop();
                    break;
                case FlattenedDeviceTree.FDT_PROP:
                {
                    if (stack.Count == 0)
                        throw new FormatException($"property outside any node at offset 0x{pos - 4:X}");
                    uint len = Token(structure), nameOff = Token(structure);
                    if (len > structure.Length - pos)
                        throw new FormatException($"property at offset 0x{pos - 12:X} runs past the structure block");
                    if (nameOff >= strings.Length)
                        throw new FormatException($"property name offset 0x{nameOff:X} is outside the strings block");
                    string name = CString(strings, (int)nameOff, "property name");
                    byte[] value = structure.Slice(pos, (int)len).ToArray();
                    pos = Align4(pos + (int)len);
                    try { stack.Peek().Add(name, value); }
                    catch (ArgumentException e) { throw new FormatException(e.Message); }
                    if (name is "phandle" or "linux,phandle" && value.Length == 4)
                        tree.ReservePhandle(BinaryPrimitives.ReadUInt32BigEndian(value));
                    break;
                }
                case FlattenedDeviceTree.FDT_NOP:
                    break;
                case FlattenedDeviceTree.FDT_END:
                    if (stack.Count != 0 || !rootSeen)
                        throw new FormatException("FDT_END reached with unclosed nodes");
                    return tree;
                default:
                    throw new FormatException($"unknown structure token 0x{token:X} at offset 0x{pos - 4:X}");
            }
        }
    }

    static void CheckBlock(string what, uint offset, uint size, uint total)
    {
        if ((ulong)offset + size > total)
            throw new FormatException($"{what} block [0x{offset:X}, +0x{size:X}) lies outside the {total}-byte blob");
    }

    static int Align4(int value) => (value + 3) & ~3;

    static string CString(ReadOnlySpan<byte> data, int at, string what)
    {
        int end = data[at..].IndexOf((byte)0);
        if (end < 0)
            throw new FormatException($"{what} at offset 0x{at:X} is not NUL-terminated");
        return Encoding.ASCII.GetString(data.Slice(at, end));
    }
}
