using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Emulator.Machine.Snapshots;

/// <summary>
/// Writes and reads plain-data state objects (CpuState, GicState, ...: DESIGN.md principle 4)
/// field by field, each field under its name, from a field list built once per type by
/// reflection. A field added to a state type later is saved and restored with no snapshot
/// code to change, and a file whose fields do not match this build's (an older or newer
/// emulator) is refused naming the field, never half-applied.
///
/// <para>Supported field types: bool, the integer types and enums over them, arrays of those
/// (stored as raw little-endian bytes), nested state classes and arrays of them. Anything
/// else is an emulator bug, reported when the type is first used (a test saves every state
/// type, so it is caught there).</para>
///
/// <para>Reading fills an existing object in place, so that arrays which others hold on to
/// (CpuState.X is pinned and the interpreter keeps a pointer to it) stay the same arrays: a
/// readonly array field must arrive with the length it already has.</para>
/// </summary>
public static class StateCodec
{
    enum Kind : byte
    {
        Bool = 1, Byte, SByte, UInt16, Int16, UInt32, Int32, UInt64, Int64,
        Object = 32, ObjectArray = 33, PrimitiveArray = 34,
    }

    sealed record FieldPlan(FieldInfo Field, string Name, Kind Kind, Kind ElementKind, Type? ElementType);

    static readonly ConcurrentDictionary<Type, FieldPlan[]> Plans = new();

    /// <summary>The fields of <paramref name="type"/> as the codec sees them (in declaration order).</summary>
    public static IReadOnlyList<FieldInfo> FieldsOf(Type type) => [.. PlanOf(type).Select(p => p.Field)];

    static FieldPlan[] PlanOf(Type type) => Plans.GetOrAdd(type, BuildPlan);

    static FieldPlan[] BuildPlan(Type type)
    {
        if (!type.IsClass || type.IsArray)
            throw new InvalidOperationException($"{type.Name} is not a plain state class");
        var plan = new List<FieldPlan>();
        for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
            foreach (FieldInfo f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                string name = f.Name.StartsWith('<') ? f.Name[1..f.Name.IndexOf('>')] : f.Name; // auto-property backing field
                Type ft = f.FieldType;
                if (ScalarKind(ft) is { } k)
                    plan.Add(new FieldPlan(f, name, k, 0, null));
                else if (ft.IsArray && ft.GetArrayRank() == 1 && ScalarKind(ft.GetElementType()!) is { } ek)
                    plan.Add(new FieldPlan(f, name, Kind.PrimitiveArray, ek, ft.GetElementType()));
                else if (ft.IsArray && ft.GetArrayRank() == 1 && IsStateClass(ft.GetElementType()!))
                    plan.Add(new FieldPlan(f, name, Kind.ObjectArray, 0, ft.GetElementType()));
                else if (IsStateClass(ft))
                    plan.Add(new FieldPlan(f, name, Kind.Object, 0, ft));
                else
                    throw new InvalidOperationException($"{type.Name}.{name} has type {ft.Name}, which a snapshot cannot hold");
            }
        return [.. plan];
    }

    static bool IsStateClass(Type t) => t.IsClass && !t.IsArray && t != typeof(string) && !typeof(Delegate).IsAssignableFrom(t);

    static Kind? ScalarKind(Type t)
    {
        if (t.IsEnum) t = Enum.GetUnderlyingType(t);
        return Type.GetTypeCode(t) switch
        {
            TypeCode.Boolean => Kind.Bool,
            TypeCode.Byte => Kind.Byte,
            TypeCode.SByte => Kind.SByte,
            TypeCode.UInt16 => Kind.UInt16,
            TypeCode.Int16 => Kind.Int16,
            TypeCode.UInt32 => Kind.UInt32,
            TypeCode.Int32 => Kind.Int32,
            TypeCode.UInt64 => Kind.UInt64,
            TypeCode.Int64 => Kind.Int64,
            _ => null,
        };
    }

    static int SizeOf(Kind k) => k switch
    {
        Kind.Bool or Kind.Byte or Kind.SByte => 1,
        Kind.UInt16 or Kind.Int16 => 2,
        Kind.UInt32 or Kind.Int32 => 4,
        _ => 8,
    };

    // ---- Writing ------------------------------------------------------------------------

    /// <summary>Writes every field of <paramref name="state"/>, recursively.</summary>
    public static void Write(BinaryWriter w, object state)
    {
        FieldPlan[] plan = PlanOf(state.GetType());
        w.Write(plan.Length);
        foreach (FieldPlan p in plan)
        {
            w.Write(p.Name);
            w.Write((byte)p.Kind);
            object? value = p.Field.GetValue(state);
            switch (p.Kind)
            {
                case Kind.PrimitiveArray:
                    w.Write((byte)p.ElementKind);
                    WritePrimitiveArray(w, (Array?)value, p.ElementKind);
                    break;
                case Kind.Object:
                    WriteObject(w, value);
                    break;
                case Kind.ObjectArray:
                    if (value is not Array items) { w.Write(-1); break; }
                    w.Write(items.Length);
                    foreach (object? item in items) WriteObject(w, item);
                    break;
                default:
                    WriteScalar(w, p.Kind, value!);
                    break;
            }
        }
    }

    static void WriteObject(BinaryWriter w, object? value)
    {
        w.Write(value is not null);
        if (value is not null) Write(w, value);
    }

    static void WriteScalar(BinaryWriter w, Kind k, object value)
    {
        if (value.GetType().IsEnum) value = Convert.ChangeType(value, Enum.GetUnderlyingType(value.GetType()));
        switch (k)
        {
            case Kind.Bool: w.Write((bool)value); break;
            case Kind.Byte: w.Write((byte)value); break;
            case Kind.SByte: w.Write((sbyte)value); break;
            case Kind.UInt16: w.Write((ushort)value); break;
            case Kind.Int16: w.Write((short)value); break;
            case Kind.UInt32: w.Write((uint)value); break;
            case Kind.Int32: w.Write((int)value); break;
            case Kind.UInt64: w.Write((ulong)value); break;
            default: w.Write((long)value); break;
        }
    }

    static void WritePrimitiveArray(BinaryWriter w, Array? array, Kind elementKind)
    {
        if (array is null) { w.Write(-1); return; }
        w.Write(array.Length);
        int bytes = array.Length * SizeOf(elementKind);
        if (bytes == 0) return;
        // Raw bytes (the host is little-endian, as the format is): one copy, no per-element work.
        ref byte first = ref MemoryMarshalHelpers.ArrayData(array);
        w.Write(System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref first, bytes));
    }

    // ---- Reading ------------------------------------------------------------------------

    /// <summary>Creates a <typeparamref name="T"/> and fills it from the stream.</summary>
    public static T Read<T>(BinaryReader r, string path) where T : class
    {
        var value = (T)New(typeof(T));
        ReadInto(r, value, path);
        return value;
    }

    /// <summary>
    /// Fills <paramref name="target"/> from the stream. Every field of the target must be in
    /// the stream and every field in the stream must be one of the target's, of the same
    /// kind; otherwise <see cref="SnapshotException"/> names the first that is not
    /// (<paramref name="path"/> says where, e.g. "cpu 1").
    /// </summary>
    public static void ReadInto(BinaryReader r, object target, string path)
    {
        FieldPlan[] plan = PlanOf(target.GetType());
        int count = r.ReadInt32();
        if (count < 0 || count > 4096)
            throw new SnapshotException($"{path}: {count} fields is not a state record");
        var seen = new bool[plan.Length];
        for (int n = 0; n < count; n++)
        {
            string name = r.ReadString();
            var kind = (Kind)r.ReadByte();
            int index = Array.FindIndex(plan, p => p.Name == name);
            if (index < 0)
                throw new SnapshotException($"{path}: the snapshot has a field {name} that this emulator's {target.GetType().Name} does not have (a snapshot from another version)");
            FieldPlan p = plan[index];
            if (seen[index])
                throw new SnapshotException($"{path}: field {name} appears twice");
            seen[index] = true;
            if (kind != p.Kind)
                throw new SnapshotException($"{path}.{name}: stored as {kind}, this emulator has {p.Kind}");
            switch (p.Kind)
            {
                case Kind.PrimitiveArray:
                    var elementKind = (Kind)r.ReadByte();
                    if (elementKind != p.ElementKind)
                        throw new SnapshotException($"{path}.{name}: elements stored as {elementKind}, this emulator has {p.ElementKind}");
                    ReadPrimitiveArray(r, target, p, $"{path}.{name}");
                    break;
                case Kind.Object:
                {
                    object? current = p.Field.GetValue(target);
                    if (!r.ReadBoolean()) { p.Field.SetValue(target, null); break; }
                    current ??= New(p.ElementType!);
                    ReadInto(r, current, $"{path}.{name}");
                    p.Field.SetValue(target, current);
                    break;
                }
                case Kind.ObjectArray:
                {
                    int length = r.ReadInt32();
                    if (length < 0) { p.Field.SetValue(target, null); break; }
                    if (length > 1 << 16) throw new SnapshotException($"{path}.{name}: {length} entries is not plausible");
                    var current = p.Field.GetValue(target) as Array;
                    Array items = current is not null && current.Length == length ? current : Array.CreateInstance(p.ElementType!, length);
                    for (int i = 0; i < length; i++)
                    {
                        if (!r.ReadBoolean()) { items.SetValue(null, i); continue; }
                        object item = items.GetValue(i) ?? New(p.ElementType!);
                        ReadInto(r, item, $"{path}.{name}[{i}]");
                        items.SetValue(item, i);
                    }
                    p.Field.SetValue(target, items);
                    break;
                }
                default:
                    p.Field.SetValue(target, ReadScalar(r, p.Kind, p.Field.FieldType));
                    break;
            }
        }
        int missing = Array.IndexOf(seen, false);
        if (missing >= 0)
            throw new SnapshotException($"{path}: the snapshot has no field {plan[missing].Name} (a snapshot from another version)");
    }

    static object ReadScalar(BinaryReader r, Kind k, Type type)
    {
        object value = k switch
        {
            Kind.Bool => r.ReadByte() switch { 0 => false, 1 => true, var b => throw new SnapshotException($"{b} is not a boolean") },
            Kind.Byte => r.ReadByte(),
            Kind.SByte => r.ReadSByte(),
            Kind.UInt16 => r.ReadUInt16(),
            Kind.Int16 => r.ReadInt16(),
            Kind.UInt32 => r.ReadUInt32(),
            Kind.Int32 => r.ReadInt32(),
            Kind.UInt64 => r.ReadUInt64(),
            _ => r.ReadInt64(),
        };
        return type.IsEnum ? Enum.ToObject(type, value) : value;
    }

    static void ReadPrimitiveArray(BinaryReader r, object target, FieldPlan p, string path)
    {
        int length = r.ReadInt32();
        if (length < 0) { p.Field.SetValue(target, null); return; }
        long bytes = (long)length * SizeOf(p.ElementKind);
        if (bytes > r.BaseStream.Length - r.BaseStream.Position)
            throw new SnapshotException($"{path}: {length} elements run past the end of the section");
        var current = p.Field.GetValue(target) as Array;
        Array array;
        if (current is not null && current.Length == length) array = current;
        else if (p.Field.IsInitOnly && current is not null)
            throw new SnapshotException($"{path}: {length} elements where this emulator has {current.Length}");
        else array = Array.CreateInstance(p.ElementType!, length);
        if (bytes > 0)
        {
            ref byte first = ref MemoryMarshalHelpers.ArrayData(array);
            Span<byte> into = System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref first, (int)bytes);
            r.BaseStream.ReadExactly(into);
            if (p.ElementKind == Kind.Bool)
                foreach (byte b in into)
                    if (b > 1) throw new SnapshotException($"{path}: {b} is not a boolean");
        }
        if (!ReferenceEquals(array, current)) p.Field.SetValue(target, array);
    }

    /// <summary>A fresh instance of a state class: its parameterless constructor, or zeroed fields if it has none (they are all read next).</summary>
    static object New(Type type) =>
        type.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes) is { } ctor
            ? ctor.Invoke(null)
            : RuntimeHelpers.GetUninitializedObject(type);
}

static class MemoryMarshalHelpers
{
    /// <summary>The first byte of a one-dimensional array of an unmanaged element type.</summary>
    public static ref byte ArrayData(Array array) => ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(array);
}

/// <summary>A snapshot that cannot be used; the message is one line for the user, saying why.</summary>
public sealed class SnapshotException(string message) : Exception(message);
