using System.Globalization;
using System.IO.Hashing;
using System.Reflection;
using Emulator.Machine.Board;

namespace Emulator.Machine.Snapshots;

/// <summary>
/// A readable dump of a machine's architectural state, one fact per line, for approved-file
/// regression tests: every field of every state a snapshot holds that is not at its reset
/// value (so a field added later shows up with no change here as soon as it matters, and an
/// approved file does not change when a field is merely added), arrays as their non-zero
/// elements, plus a hash of RAM and, if given, the console transcript. Hex for register
/// values, decimal for counts and times.
/// </summary>
public static class StateDump
{
    public static IReadOnlyList<string> Of(Board.Board board, string? transcript = null, bool includeRamHash = true)
    {
        var lines = new List<string>
        {
            $"machine: {board.Cpus.Length} CPUs, {board.RamSize >> 20} MiB RAM, {board.Scheduler.Retired} instructions retired, virtual time {board.Scheduler.Now}",
        };
        foreach (var (section, state) in board.SnapshotStates())
        {
            if (state is BoardConfiguration) continue; // the first line says what matters; the rest is in the options
            // A part still at its reset state is left out entirely, header and all.
            var inner = new List<string>();
            Dump(state, ResetOf(state.GetType()), "  ", inner);
            if (inner.Count == 0) continue;
            lines.Add($"[{section}]");
            lines.AddRange(inner);
        }
        if (includeRamHash)
        {
            var hash = new XxHash3();
            for (int i = 0; i < board.Ram.PageCount; i++)
                if (board.Ram.IsTouched(i) && board.Ram.PageByIndex(i).AsSpan().IndexOfAnyExcept((byte)0) >= 0)
                {
                    hash.Append(BitConverter.GetBytes(i));
                    hash.Append(board.Ram.PageByIndex(i));
                }
            lines.Add($"[ram] non-zero pages hash {hash.GetCurrentHashAsUInt64():x16}");
        }
        if (transcript is not null)
        {
            lines.Add("[console]");
            foreach (string line in transcript.Split('\n'))
                lines.Add("  | " + line.TrimEnd('\r'));
        }
        return lines;
    }

    /// <summary>A new instance of a state type (its reset values), or null if it has no parameterless constructor.</summary>
    static object? ResetOf(Type t) =>
        t.GetConstructor(BindingFlags.Instance | BindingFlags.Public, Type.EmptyTypes) is { } c ? c.Invoke(null) : null;

    static void Dump(object state, object? reset, string indent, List<string> lines)
    {
        foreach (FieldInfo f in StateCodec.FieldsOf(state.GetType()))
        {
            string name = f.Name.StartsWith('<') ? f.Name[1..f.Name.IndexOf('>')] : f.Name;
            object? value = f.GetValue(state);
            object? initial = reset is null ? null : f.GetValue(reset);
            switch (value)
            {
                case null:
                    break;
                case Array array when f.FieldType.GetElementType()!.IsClass:
                    for (int i = 0; i < array.Length; i++)
                        if (array.GetValue(i) is { } item)
                        {
                            lines.Add($"{indent}{name}[{i}]:");
                            Dump(item, ResetOf(item.GetType()), indent + "  ", lines);
                        }
                    break;
                case Array array:
                {
                    var shown = new List<string>();
                    var initialArray = initial as Array;
                    for (int i = 0; i < array.Length; i++)
                    {
                        string s = Show(name, array.GetValue(i)!);
                        string r = initialArray is not null && i < initialArray.Length ? Show(name, initialArray.GetValue(i)!) : "0";
                        if (s != r && !(r == "0" && s == "False"))
                            shown.Add($"[{i}]={s}");
                    }
                    if (shown.Count > 0) lines.Add($"{indent}{name}: {string.Join(' ', shown)}");
                    break;
                }
                case var nested when f.FieldType.IsClass:
                {
                    var inner = new List<string>();
                    Dump(nested, initial ?? ResetOf(f.FieldType), indent + "  ", inner);
                    if (inner.Count > 0) { lines.Add($"{indent}{name}:"); lines.AddRange(inner); }
                    break;
                }
                default:
                {
                    string s = Show(name, value);
                    string r = initial is not null ? Show(name, initial) : Show(name, Activator.CreateInstance(f.FieldType)!);
                    if (s != r) lines.Add($"{indent}{name} = {s}");
                    break;
                }
            }
        }
    }

    /// <summary>Counts and times in decimal, register values in hex.</summary>
    static bool IsCount(string name) =>
        name.Contains("Retired", StringComparison.Ordinal) || name.Contains("Count", StringComparison.Ordinal)
        || name is "RoundStart" or "RoundSlice" or "UsedInQuantum" or "Longest" or "NextCpu" or "RxHead" or "BaseSeconds" or "LastCompared";

    static string Show(string name, object v) =>
        IsCount(name) && v is not bool && v is not Enum ? Convert.ToString(v, CultureInfo.InvariantCulture)! : Show(v);

    static string Show(object v) => v switch
    {
        bool b => b ? "True" : "False",
        Enum e => e.ToString(),
        byte or ushort or uint or ulong => Convert.ToUInt64(v, CultureInfo.InvariantCulture) is var u && u >= 10 ? $"0x{u:X}" : u.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}

/// <summary>Watches console output for a text, across writes of any size (for --snapshot-at-marker and test helpers).</summary>
public sealed class ConsoleMarker(byte[] text)
{
    readonly byte[] recent = new byte[text.Length];
    int filled;

    public ConsoleMarker(string text) : this(System.Text.Encoding.UTF8.GetBytes(text)) { }

    /// <summary>Whether the text has appeared (it is looked for once).</summary>
    public bool Seen { get; private set; }

    /// <summary>Feeds output; true the first time the text has appeared.</summary>
    public bool Feed(ReadOnlySpan<byte> bytes)
    {
        if (Seen || text.Length == 0) return false;
        foreach (byte b in bytes)
        {
            if (filled == recent.Length) { Array.Copy(recent, 1, recent, 0, recent.Length - 1); filled--; }
            recent[filled++] = b;
            if (filled == recent.Length && recent.AsSpan().SequenceEqual(text)) return Seen = true;
        }
        return false;
    }
}
