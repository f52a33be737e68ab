using System.Text;
using System.Text.RegularExpressions;
using Emulator.Cpu.Decoder;
using Gee.External.Capstone.Arm64;

namespace Emulator.Cpu.Diagnostics;

/// <summary>How the cross-check treated one word.</summary>
public enum CrossCheckOutcome
{
    /// <summary>Our decoder and the reference (Capstone, or a rule's Arm ARM verdict) agree.</summary>
    Agree,
    /// <summary>Our decoder accepts a word the reference rejects.</summary>
    OursOnly,
    /// <summary>The reference accepts a word our decoder rejects.</summary>
    ReferenceOnly,
    /// <summary>Capstone decodes an FP/SIMD/crypto instruction of an area not compared yet (see <see cref="CrossCheckFpSimdAreas"/>).</summary>
    SetAsideFpSimd,
    /// <summary>A <see cref="CrossCheckTreatment.SetAside"/> rule matched: not compared.</summary>
    SetAsideByRule,
}

/// <summary>Both opinions on one word.</summary>
public readonly record struct CrossCheckVerdict(
    uint Word, CrossCheckOutcome Outcome, bool OursValid, Op OurOp, string OurTitle, bool CapstoneValid, string CapstoneText,
    string CapstoneMnemonic, CrossCheckRule? Rule)
{
    public bool IsMismatch => Outcome is CrossCheckOutcome.OursOnly or CrossCheckOutcome.ReferenceOnly;

    /// <summary>What the report groups mismatches by: Capstone's mnemonic, else the rule, else our op.</summary>
    public string Group =>
        CapstoneValid ? CapstoneMnemonic
        : Rule is not null ? $"[{Rule.Name}]"
        : $"(capstone: invalid; ours: {OurOp})";
}

/// <summary>
/// Compares which words our A64 decoder accepts with which words Capstone decodes as
/// instructions of our set (Armv8.0 integer + LSE + CRC32 + LDAPR). Words Capstone reads
/// as FP/SIMD are set aside unless they belong to one of the compared
/// <see cref="CrossCheckFpSimdAreas"/>; <see cref="CrossCheckRules"/> lists, with reasons, the
/// categories where Capstone's opinion is not used. One instance owns a Capstone handle
/// (in detail mode) and is not thread-safe.
/// </summary>
public sealed partial class CapstoneCrossCheck : IDisposable
{
    readonly CapstoneArm64Disassembler capstone;
    readonly A64Decoder decoder;
    readonly IReadOnlyList<CrossCheckRule> rules;
    readonly IReadOnlyList<CrossCheckFpSimdArea> areas;
    readonly byte[] buffer = new byte[4];

    public CapstoneCrossCheck(A64Decoder? decoder = null, IReadOnlyList<CrossCheckRule>? rules = null,
        IReadOnlyList<CrossCheckFpSimdArea>? areas = null)
    {
        this.decoder = decoder ?? A64Decoder.Instance;
        this.rules = rules ?? CrossCheckRules.Default;
        this.areas = areas ?? CrossCheckFpSimdAreas.Default;
        capstone = new CapstoneArm64Disassembler(Arm64DisassembleMode.LittleEndian) { EnableInstructionDetails = true };
    }

    public IReadOnlyList<CrossCheckRule> Rules => rules;

    [GeneratedRegex("^[vqdshb][0-9]+$")]
    private static partial Regex FpSimdRegister();

    /// <summary>Both opinions on one word and what the check makes of them.</summary>
    public CrossCheckVerdict Check(uint word)
    {
        DecodedInsn ours = decoder.Decode(word);
        bool oursValid = ours.Op != Op.Unallocated;

        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(buffer, word);
        Arm64Instruction[] decoded = capstone.Disassemble(buffer, 0, 1);
        bool capstoneValid = decoded.Length > 0;
        string text = "", mnemonic = "";
        bool fpSimd = false;
        if (capstoneValid)
        {
            Arm64Instruction insn = decoded[0];
            mnemonic = insn.Mnemonic;
            text = string.IsNullOrEmpty(insn.Operand) ? insn.Mnemonic : $"{insn.Mnemonic} {insn.Operand}";
            fpSimd = IsFpSimd(insn);
        }

        CrossCheckRule? rule = null;
        foreach (CrossCheckRule r in rules)
            if (r.Matches(word)) { rule = r; break; }

        CrossCheckOutcome outcome;
        if (rule is { Treatment: CrossCheckTreatment.SetAside })
            outcome = CrossCheckOutcome.SetAsideByRule;
        else if (rule is null && fpSimd && !InComparedArea(word, mnemonic))
            outcome = CrossCheckOutcome.SetAsideFpSimd;
        else
        {
            bool reference = rule is null ? capstoneValid : rule.IsValid(word);
            outcome = oursValid == reference ? CrossCheckOutcome.Agree
                : oursValid ? CrossCheckOutcome.OursOnly : CrossCheckOutcome.ReferenceOnly;
        }
        string title = oursValid ? decoder.RowOf(ours.Op).Title : "";
        return new CrossCheckVerdict(word, outcome, oursValid, ours.Op, title, capstoneValid, text, mnemonic, rule);
    }

    bool InComparedArea(uint word, string mnemonic)
    {
        Row? row = decoder.Lookup(word);
        foreach (CrossCheckFpSimdArea area in areas)
            if (area.Claims(row, mnemonic)) return true;
        return false;
    }

    /// <summary>
    /// FP/SIMD as Capstone sees it: in the FP, NEON or crypto group, or naming a V/Q/D/S/H/B
    /// register (loads and stores of SIMD registers carry no group).
    /// </summary>
    static bool IsFpSimd(Arm64Instruction insn)
    {
        foreach (Arm64InstructionGroup group in insn.Details.Groups)
            if (group.Id is Arm64InstructionGroupId.ARM64_GRP_FPARMV8 or Arm64InstructionGroupId.ARM64_GRP_NEON
                or Arm64InstructionGroupId.ARM64_GRP_CRYPTO)
                return true;
        foreach (Arm64Operand operand in insn.Details.Operands)
            if (operand.Type == Arm64OperandType.Register && operand.Register is { } reg && FpSimdRegister().IsMatch(reg.Name))
                return true;
        return false;
    }

    /// <summary>Checks every word and gathers the counts and mismatches.</summary>
    public CrossCheckReport Run(IEnumerable<uint> words, string description)
    {
        var report = new CrossCheckReport(description, rules);
        foreach (uint word in words)
            report.Add(Check(word));
        return report;
    }

    /// <summary><paramref name="count"/> uniformly random words from a fixed seed.</summary>
    public static IEnumerable<uint> RandomWords(int count, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
            yield return (uint)random.NextInt64(0, 1L << 32);
    }

    /// <summary>
    /// For each row of the decoder, <paramref name="perRow"/> random words that match its
    /// pattern (free bits random): dense coverage of what our decoder claims.
    /// </summary>
    public static IEnumerable<uint> RowDirectedWords(A64Decoder decoder, int perRow, int seed)
    {
        var random = new Random(seed);
        foreach (Row row in decoder.Rows)
            for (int i = 0; i < perRow; i++)
                yield return row.Value | ((uint)random.NextInt64(0, 1L << 32) & ~row.Mask);
    }

    bool disposed;

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        capstone.Dispose();
    }
}

/// <summary>The counts of a cross-check run, its mismatches by group, and a readable report.</summary>
public sealed class CrossCheckReport
{
    const int ExamplesKept = 50;

    public CrossCheckReport(string description, IReadOnlyList<CrossCheckRule> rules)
    {
        Description = description;
        Rules = rules;
        foreach (CrossCheckRule rule in rules) ByRule[rule] = 0;
    }

    public string Description { get; }
    public IReadOnlyList<CrossCheckRule> Rules { get; }
    public long Words { get; private set; }
    public long Agreed { get; private set; }
    public long OursOnly { get; private set; }
    public long ReferenceOnly { get; private set; }
    public long SetAsideFpSimd { get; private set; }
    /// <summary>Of the FP/SIMD words set aside, how many our decoder accepts (informative: FP/SIMD rows may exist).</summary>
    public long SetAsideFpSimdOursAccepts { get; private set; }
    public long Mismatches => OursOnly + ReferenceOnly;
    public long Compared => Agreed + Mismatches;
    /// <summary>Words each rule matched (set aside, or compared with its verdict).</summary>
    public Dictionary<CrossCheckRule, long> ByRule { get; } = [];
    /// <summary>Mismatch counts per group (Capstone mnemonic, rule, or our op).</summary>
    public Dictionary<string, long> MismatchesByGroup { get; } = [];
    /// <summary>The first mismatches, in the order met.</summary>
    public List<CrossCheckVerdict> FirstMismatches { get; } = [];

    public void Add(in CrossCheckVerdict v)
    {
        Words++;
        if (v.Rule is not null) ByRule[v.Rule]++;
        switch (v.Outcome)
        {
            case CrossCheckOutcome.Agree: Agreed++; break;
            case CrossCheckOutcome.SetAsideFpSimd:
                SetAsideFpSimd++;
                if (v.OursValid) SetAsideFpSimdOursAccepts++;
                break;
            case CrossCheckOutcome.SetAsideByRule: break;
            default:
                if (v.Outcome == CrossCheckOutcome.OursOnly) OursOnly++; else ReferenceOnly++;
                MismatchesByGroup[v.Group] = MismatchesByGroup.GetValueOrDefault(v.Group) + 1;
                if (FirstMismatches.Count < ExamplesKept) FirstMismatches.Add(v);
                break;
        }
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Capstone {Disassembler.CapstoneVersion} cross-check, {Description}: {Words} words");
        sb.AppendLine($"  compared {Compared}: agree {Agreed}, mismatch {Mismatches} "
            + $"(ours accepts, reference rejects: {OursOnly}; reference accepts, ours rejects: {ReferenceOnly})");
        sb.AppendLine($"  set aside as FP/SIMD per Capstone: {SetAsideFpSimd} (our decoder accepts {SetAsideFpSimdOursAccepts} of them)");
        foreach (CrossCheckRule rule in Rules)
        {
            string how = rule.Treatment == CrossCheckTreatment.SetAside ? "set aside" : "compared with the Arm ARM verdict";
            sb.AppendLine($"  rule '{rule.Name}': {ByRule[rule]} ({how})");
        }
        if (Mismatches == 0) return sb.ToString();

        sb.AppendLine("  mismatches by group (all):");
        foreach ((string group, long count) in MismatchesByGroup.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
            sb.AppendLine($"    {count,8}  {group}");
        sb.AppendLine($"  first {FirstMismatches.Count} mismatches, grouped:");
        foreach (IGrouping<string, CrossCheckVerdict> group in FirstMismatches.GroupBy(v => v.Group).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.AppendLine($"    {group.Key}:");
            foreach (CrossCheckVerdict v in group)
            {
                string capstone = v.CapstoneValid ? $"capstone \"{v.CapstoneText}\"" : "capstone: invalid";
                string reference = v.Rule is { Treatment: CrossCheckTreatment.ArmArmVerdict } r
                    ? $"; Arm ARM verdict ({r.Name}): {(v.Outcome == CrossCheckOutcome.ReferenceOnly ? "valid" : "invalid")}"
                    : "";
                string ours = v.OursValid ? $"ours {v.OurOp} ({v.OurTitle})" : "ours Unallocated";
                sb.AppendLine($"      0x{v.Word:x8}  {capstone}{reference}; {ours}");
            }
        }
        return sb.ToString();
    }
}
