using System.Reflection;
using System.Runtime.CompilerServices;
using Emulator.Cpu;
using Emulator.Devices.Gic;
using Emulator.Machine.Board;
using Emulator.Machine.Snapshots;

namespace Emulator.Tests.Machine.Snapshots;

/// <summary>
/// Every plain state type round-trips through the snapshot codec field for field, and every
/// one of them is in a board snapshot: a field or a device state added later without
/// snapshot support fails here.
/// </summary>
public class StateCodecTests
{
    /// <summary>The public classes named *State in the emulator's assemblies (nested ones too), plus the board's own.</summary>
    public static IEnumerable<Type> StateTypes() =>
        new[] { typeof(CpuState).Assembly, typeof(GicState).Assembly, typeof(Board).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && !t.IsAbstract && (t.IsPublic || t.IsNestedPublic) && t.Name.EndsWith("State", StringComparison.Ordinal))
            .Append(typeof(BoardConfiguration))
            .OrderBy(t => t.FullName);

    [Test]
    public void TheStateTypesAreFound() =>
        Assert.That(StateTypes().Select(t => t.Name), Is.SupersetOf(new[]
        {
            "CpuState", "GicState", "DistributorState", "RedistributorState", "InterruptBankState", "CpuInterfaceState",
            "ItsState", "SourceState", "Pl011State", "Pl031State", "GenericTimerState", "TimerState", "SchedulerState",
        }));

    [TestCaseSource(nameof(StateTypes))]
    public void RandomStateRoundTripsFieldForField(Type type)
    {
        var random = new Random(type.FullName!.Length * 7919);
        object original = New(type);
        Fill(original, random, depth: 0);

        var bytes = new MemoryStream();
        using (var w = new BinaryWriter(bytes, System.Text.Encoding.UTF8, leaveOpen: true))
            StateCodec.Write(w, original);
        bytes.Position = 0;
        object copy = New(type);
        StateCodec.ReadInto(new BinaryReader(bytes), copy, type.Name);
        Assert.That(bytes.Position, Is.EqualTo(bytes.Length), "the whole record is read");
        AssertSame(original, copy, type.Name);
    }

    [Test]
    public void ReadingFillsReadonlyArraysInPlace()
    {
        var source = new CpuState();
        source.X[5] = 0x1234;
        source.V[63] = 0xFEED;
        var bytes = new MemoryStream();
        using (var w = new BinaryWriter(bytes, System.Text.Encoding.UTF8, leaveOpen: true)) StateCodec.Write(w, source);
        var target = new CpuState();
        ulong[] x = target.X;
        bytes.Position = 0;
        StateCodec.ReadInto(new BinaryReader(bytes), target, "cpu");
        Assert.That(target.X, Is.SameAs(x), "the interpreter keeps a pointer to the pinned X array");
        Assert.That(target.X[5], Is.EqualTo(0x1234UL));
        Assert.That(target.V[63], Is.EqualTo(0xFEEDUL));
    }

    [Test]
    public void AFieldTheStreamLacksIsNamed()
    {
        // A record written from a type with one field fewer than CpuInterfaceState: what an older emulator would have written.
        var bytes = new MemoryStream();
        using (var w = new BinaryWriter(bytes, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(1);
            w.Write("Pmr"); w.Write((byte)2); w.Write((byte)0x80);
        }
        bytes.Position = 0;
        var e = Assert.Throws<SnapshotException>(() => StateCodec.ReadInto(new BinaryReader(bytes), new CpuInterfaceState(), "cpu-interface0"));
        Assert.That(e!.Message, Does.Contain("cpu-interface0").And.Contain("no field Bpr0"));
    }

    [Test]
    public void AFieldThisEmulatorLacksIsNamed()
    {
        var bytes = new MemoryStream();
        using (var w = new BinaryWriter(bytes, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(1);
            w.Write("Frobnicator"); w.Write((byte)6); w.Write(7u);
        }
        bytes.Position = 0;
        var e = Assert.Throws<SnapshotException>(() => StateCodec.ReadInto(new BinaryReader(bytes), new CpuInterfaceState(), "cpu-interface0"));
        Assert.That(e!.Message, Does.Contain("Frobnicator"));
    }

    [Test]
    public void EveryStateTypeIsInABoardSnapshot()
    {
        var board = new Board { Kernel = [0x00, 0x00, 0x00, 0x14], LoadAddress = 0x4008_0000, RamSize = 64 << 20, Topology = Emulator.Interconnect.Affinity.Linear(2) }; // b .
        board.FinalizeBoard();
        var reachable = new HashSet<Type>();
        foreach (var (_, state) in board.SnapshotStates()) Reach(state.GetType(), reachable);
        string[] missing = [.. StateTypes().Where(t => !reachable.Contains(t)).Select(t => t.FullName!)];
        Assert.That(missing, Is.Empty, "state types no board snapshot section holds");
    }

    static void Reach(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type)) return;
        foreach (FieldInfo f in StateCodec.FieldsOf(type))
        {
            Type t = f.FieldType.IsArray ? f.FieldType.GetElementType()! : f.FieldType;
            if (t.IsClass) Reach(t, seen);
        }
    }

    // ---- Reflection helpers: fill with random values, compare ----------------------------

    static object New(Type t) =>
        t.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes) is { } c
            ? c.Invoke(null) : RuntimeHelpers.GetUninitializedObject(t);

    static void Fill(object target, Random random, int depth)
    {
        foreach (FieldInfo f in StateCodec.FieldsOf(target.GetType()))
        {
            Type t = f.FieldType;
            if (t.IsArray)
            {
                Type e = t.GetElementType()!;
                var current = f.GetValue(target) as Array;
                int length = current?.Length ?? random.Next(1, 6);
                Array array = current ?? Array.CreateInstance(e, length);
                for (int i = 0; i < length; i++)
                    array.SetValue(e.IsClass ? Filled(e, random, depth + 1) : RandomScalar(e, random), i);
                f.SetValue(target, array);
            }
            else if (t.IsClass)
                f.SetValue(target, Filled(t, random, depth + 1));
            else
                f.SetValue(target, RandomScalar(t, random));
        }
    }

    static object Filled(Type t, Random random, int depth)
    {
        if (depth > 8) throw new InvalidOperationException($"{t.Name}: state nests too deep");
        object o = New(t);
        Fill(o, random, depth);
        return o;
    }

    static object RandomScalar(Type t, Random random)
    {
        Type u = t.IsEnum ? Enum.GetUnderlyingType(t) : t;
        ulong bits = (ulong)random.NextInt64() ^ ((ulong)random.NextInt64() << 1);
        object v = Type.GetTypeCode(u) switch
        {
            TypeCode.Boolean => (bits & 1) != 0,
            TypeCode.Byte => (byte)bits,
            TypeCode.SByte => (sbyte)bits,
            TypeCode.UInt16 => (ushort)bits,
            TypeCode.Int16 => (short)bits,
            TypeCode.UInt32 => (uint)bits,
            TypeCode.Int32 => (int)bits,
            TypeCode.UInt64 => bits,
            TypeCode.Int64 => (long)bits,
            _ => throw new InvalidOperationException($"no random {u.Name}"),
        };
        return t.IsEnum ? Enum.ToObject(t, v) : v;
    }

    static void AssertSame(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null) { Assert.That(actual, Is.EqualTo(expected), path); return; }
        Type t = expected.GetType();
        if (t.IsArray)
        {
            var a = (Array)expected; var b = (Array)actual;
            Assert.That(b.Length, Is.EqualTo(a.Length), $"{path}.Length");
            for (int i = 0; i < a.Length; i++) AssertSame(a.GetValue(i), b.GetValue(i), $"{path}[{i}]");
        }
        else if (t.IsClass)
            foreach (FieldInfo f in StateCodec.FieldsOf(t))
                AssertSame(f.GetValue(expected), f.GetValue(actual), $"{path}.{f.Name}");
        else
            Assert.That(actual, Is.EqualTo(expected), path);
    }
}
