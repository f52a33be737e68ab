namespace Emulator.Cpu.Decoder;

/// <summary>
/// Works out, once at decode time, what a row's handler would otherwise compute on every
/// execution. Returns false when the field values are reserved: the encoding is then
/// UNDEFINED (it decodes to <see cref="Op.Unallocated"/>).
/// </summary>
public delegate bool Predecoder(ref DecodedInsn insn);

/// <summary>
/// One encoding of the A64 instruction set, as data. The pattern has 32 characters, bit 31
/// first, in the style of dynarmic's a64.inc:
/// <list type="bullet">
/// <item><c>0</c>, <c>1</c>: fixed bits.</item>
/// <item><c>-</c>: a bit the encoding ignores.</item>
/// <item>register fields of five letters: <c>d</c> or <c>t</c> (Rd, Rt), <c>n</c> (Rn),
///   <c>m</c> or <c>s</c> (Rm, Rs), <c>a</c> (Ra, Rt2). Lower case: 31 is the zero register;
///   upper case (<c>D T N M S A</c>): 31 is the stack pointer. The decoder maps them to
///   slots of <see cref="CpuState.X"/>, so no handler tests for 31.</item>
/// <item>any other lower-case letter: an operand field, read by the handler or its
///   predecoder through a <c>BitField</c>.</item>
/// </list>
/// </summary>
public sealed class Row
{
    public Row(Op op, string title, string pattern, Predecoder? predecode = null)
    {
        if (pattern.Length != 32)
            throw new ArgumentException($"{op}: pattern '{pattern}' has {pattern.Length} characters, not 32");
        Op = op;
        Title = title;
        Pattern = pattern;
        Predecode = predecode;
        for (int i = 0; i < 32; i++)
        {
            uint bit = 1u << (31 - i);
            char c = pattern[i];
            if (c == '0' || c == '1')
            {
                Mask |= bit;
                if (c == '1') Value |= bit;
            }
            else if (c != '-' && !char.IsAsciiLetter(c))
                throw new ArgumentException($"{op}: pattern '{pattern}' has '{c}'");
        }
        Rd = RegisterField(pattern, op, 'd', 't');
        Rn = RegisterField(pattern, op, 'n');
        Rm = RegisterField(pattern, op, 'm', 's');
        Ra = RegisterField(pattern, op, 'a');
    }

    public Op Op { get; }
    /// <summary>The Arm ARM's name for the encoding, e.g. "ADD (immediate)".</summary>
    public string Title { get; }
    public string Pattern { get; }
    public uint Mask { get; }
    public uint Value { get; }
    public Predecoder? Predecode { get; }

    /// <summary>Where a register field sits and whether 31 means SP; Shift &lt; 0 when the row has none.</summary>
    public readonly record struct RegisterSlot(int Shift, bool Is31Sp)
    {
        public static readonly RegisterSlot None = new(-1, false);

        public byte Map(uint raw)
        {
            if (Shift < 0) return 0;
            uint r = (raw >> Shift) & 31;
            return (byte)(r == 31 && Is31Sp ? CpuState.SpSlot : r);
        }
    }

    public RegisterSlot Rd { get; }
    public RegisterSlot Rn { get; }
    public RegisterSlot Rm { get; }
    public RegisterSlot Ra { get; }

    public bool Matches(uint raw) => (raw & Mask) == Value;

    /// <summary>Bits that the pattern leaves free (operand fields and ignored bits).</summary>
    public uint FreeBits => ~Mask;

    static RegisterSlot RegisterField(string pattern, Op op, params char[] letters)
    {
        foreach (char lower in letters)
        {
            foreach (char c in new[] { lower, char.ToUpperInvariant(lower) })
            {
                int first = pattern.IndexOf(c);
                if (first < 0) continue;
                if (first + 5 > 32 || pattern.Substring(first, 5) != new string(c, 5) || pattern.IndexOf(c, first + 5) >= 0)
                    throw new ArgumentException($"{op}: register field '{c}' in '{pattern}' is not five adjacent letters");
                return new RegisterSlot(31 - (first + 4), char.IsUpper(c));
            }
        }
        return RegisterSlot.None;
    }

    public override string ToString() => $"{Op} \"{Title}\" {Pattern}";
}
