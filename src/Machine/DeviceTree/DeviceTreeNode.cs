using System.Buffers.Binary;
using System.Text;

namespace Emulator.Machine.DeviceTree;

/// <summary>One property: a name and its raw big-endian value (Devicetree Specification 2.2.4).</summary>
public sealed record DeviceTreeProperty(string Name, byte[] Value)
{
    /// <summary>The value as big-endian 32-bit cells; the length must be a multiple of 4.</summary>
    public uint[] AsCells()
    {
        if (Value.Length % 4 != 0)
            throw new FormatException($"property '{Name}' is {Value.Length} bytes, not a whole number of cells");
        var cells = new uint[Value.Length / 4];
        for (int i = 0; i < cells.Length; i++)
            cells[i] = BinaryPrimitives.ReadUInt32BigEndian(Value.AsSpan(4 * i));
        return cells;
    }

    public uint AsU32() => Value.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(Value)
        : throw new FormatException($"property '{Name}' is {Value.Length} bytes, not one cell");

    public ulong AsU64() => Value.Length == 8 ? BinaryPrimitives.ReadUInt64BigEndian(Value)
        : throw new FormatException($"property '{Name}' is {Value.Length} bytes, not two cells");

    /// <summary>The value as a list of NUL-terminated strings.</summary>
    public string[] AsStrings()
    {
        if (Value.Length == 0 || Value[^1] != 0)
            throw new FormatException($"property '{Name}' is not NUL-terminated string data");
        return Encoding.ASCII.GetString(Value, 0, Value.Length - 1).Split('\0');
    }

    public string AsString() => AsStrings() is [var single] ? single
        : throw new FormatException($"property '{Name}' holds several strings, not one");
}

/// <summary>
/// A node of a device tree under construction: a name ("name@unit-address"), properties in
/// insertion order and children in insertion order. Builders panic (throw) on emulator bugs
/// such as a repeated property or child name; a guest never reaches this code.
/// </summary>
public sealed class DeviceTreeNode
{
    readonly List<DeviceTreeProperty> properties = [];
    readonly List<DeviceTreeNode> children = [];

    public DeviceTreeNode(string name)
    {
        ValidateNodeName(name);
        Name = name;
    }

    public string Name { get; }
    public DeviceTreeNode? Parent { get; private set; }
    public IReadOnlyList<DeviceTreeProperty> Properties => properties;
    public IReadOnlyList<DeviceTreeNode> Children => children;

    /// <summary>The full path, "/" for the root.</summary>
    public string Path => Parent is null ? "/" : Parent.Parent is null ? "/" + Name : Parent.Path + "/" + Name;

    public DeviceTreeNode AddChild(string name)
    {
        var child = new DeviceTreeNode(name);
        AddChild(child);
        return child;
    }

    public DeviceTreeNode AddChild(DeviceTreeNode child)
    {
        if (child.Parent is not null)
            throw new InvalidOperationException($"node '{child.Name}' already has a parent");
        if (children.Any(c => c.Name == child.Name))
            throw new ArgumentException($"node '{Path}' already has a child '{child.Name}'");
        child.Parent = this;
        children.Add(child);
        return child;
    }

    public DeviceTreeNode? Child(string name) => children.FirstOrDefault(c => c.Name == name);

    public DeviceTreeProperty? Property(string name) => properties.FirstOrDefault(p => p.Name == name);

    /// <summary>Finds a node by absolute or relative path ("/cpus/cpu@0").</summary>
    public DeviceTreeNode? Find(string path)
    {
        DeviceTreeNode? node = this;
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node.Child(part);
            if (node is null) return null;
        }
        return node;
    }

    public DeviceTreeNode Add(string name, byte[] value)
    {
        ValidatePropertyName(name);
        if (properties.Any(p => p.Name == name))
            throw new ArgumentException($"node '{Path}' already has a property '{name}'");
        properties.Add(new DeviceTreeProperty(name, value));
        return this;
    }

    /// <summary>Replaces a property's value, or adds it.</summary>
    public DeviceTreeNode Set(string name, byte[] value)
    {
        int i = properties.FindIndex(p => p.Name == name);
        if (i < 0) return Add(name, value);
        properties[i] = new DeviceTreeProperty(name, value);
        return this;
    }

    public bool Remove(string name) => properties.RemoveAll(p => p.Name == name) > 0;

    /// <summary>A property with no value (a boolean such as "interrupt-controller").</summary>
    public DeviceTreeNode AddEmpty(string name) => Add(name, []);

    public DeviceTreeNode AddU32(string name, uint value) => Add(name, Cells(value));

    public DeviceTreeNode AddU64(string name, ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return Add(name, bytes);
    }

    public DeviceTreeNode AddCells(string name, params uint[] cells) => Add(name, Cells(cells));

    public DeviceTreeNode AddString(string name, string value) => AddStringList(name, value);

    public DeviceTreeNode AddStringList(string name, params string[] values) => Add(name, Strings(values));

    /// <summary>
    /// Address/size pairs encoded with the given cell counts (a "reg" or "ranges" value):
    /// each number is split into big-endian cells, high cell first.
    /// </summary>
    public DeviceTreeNode AddReg(string name, int addressCells, int sizeCells, params (ulong Address, ulong Size)[] entries)
    {
        var cells = new List<uint>();
        foreach ((ulong address, ulong size) in entries)
        {
            AppendNumber(cells, address, addressCells, name);
            AppendNumber(cells, size, sizeCells, name);
        }
        return Add(name, Cells([.. cells]));
    }

    static void AppendNumber(List<uint> cells, ulong value, int count, string name)
    {
        if (count is < 0 or > 2)
            throw new ArgumentException($"property '{name}': {count} cells per number is not supported");
        if (count < 2 && (value >> (32 * count)) != 0)
            throw new ArgumentException($"property '{name}': 0x{value:X} does not fit in {count} cell(s)");
        if (count == 2) cells.Add((uint)(value >> 32));
        if (count >= 1) cells.Add((uint)value);
    }

    public static byte[] Cells(params uint[] cells)
    {
        var bytes = new byte[cells.Length * 4];
        for (int i = 0; i < cells.Length; i++)
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 * i), cells[i]);
        return bytes;
    }

    public static byte[] Strings(params string[] values)
    {
        var bytes = new List<byte>();
        foreach (string v in values)
        {
            if (v.Contains('\0') || v.Any(c => c > 0x7E))
                throw new ArgumentException($"device-tree string '{v}' must be printable ASCII without NUL");
            bytes.AddRange(Encoding.ASCII.GetBytes(v));
            bytes.Add(0);
        }
        return [.. bytes];
    }

    // Devicetree Specification 2.2.1 (node names) and 2.2.4.1 (property names).
    static void ValidateNodeName(string name)
    {
        if (name.Length == 0) return; // the root
        int at = name.IndexOf('@');
        string baseName = at < 0 ? name : name[..at];
        if (baseName.Length is 0 or > 31 || !baseName.All(c => char.IsAsciiLetterOrDigit(c) || ",._+-".Contains(c)))
            throw new ArgumentException($"'{name}' is not a valid device-tree node name");
        if (at >= 0 && (at == name.Length - 1 || !name[(at + 1)..].All(c => char.IsAsciiLetterOrDigit(c) || ",._+-".Contains(c))))
            throw new ArgumentException($"'{name}' has an invalid unit address");
    }

    static void ValidatePropertyName(string name)
    {
        if (name.Length is 0 or > 31 || !name.All(c => char.IsAsciiLetterOrDigit(c) || ",._+?#-".Contains(c)))
            throw new ArgumentException($"'{name}' is not a valid device-tree property name");
    }
}
