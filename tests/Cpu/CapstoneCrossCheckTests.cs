using System.Diagnostics;
using Emulator.Cpu.Decoder;
using Emulator.Cpu.Diagnostics;

namespace Emulator.Tests.Cpu;

/// <summary>
/// Our decoder against Capstone: the same words must be valid integer instructions of our
/// set (Armv8.0 base + LSE + CRC32 + LDAPR, and the FP/SIMD areas compared so far: Advanced
/// SIMD integer) in both, in both directions. FP/SIMD words of the other areas (as Capstone
/// reads them, see <see cref="CrossCheckFpSimdAreas"/>) are set aside; the categories where Capstone's opinion is not
/// used are data, with reasons, in <see cref="CrossCheckRules"/>. A failure prints the
/// counts and the first mismatches with both opinions, grouped by Capstone mnemonic; the
/// same report is available without NUnit:
/// <c>dotnet run -c Release --project tools/Bench -- capcheck [words] [seed]</c>.
/// Cost: Capstone in detail mode (needed for its groups and operands) takes about 1.7 us a
/// word against 0.8 us without details; the whole check of 10^6 words takes 2-6 s on the
/// shared 2-core machine.
/// </summary>
public class CapstoneCrossCheckTests
{
    const int RandomWordCount = 1_000_000;
    const int Seed = 20_261_125;
    const int WordsPerRow = 2_000;

    [Test]
    public void RandomWordsAgreeWithCapstone()
    {
        using var check = new CapstoneCrossCheck();
        var clock = Stopwatch.StartNew();
        CrossCheckReport report = check.Run(CapstoneCrossCheck.RandomWords(RandomWordCount, Seed),
            $"{RandomWordCount} uniformly random words, seed {Seed}");
        TestContext.Out.WriteLine($"{report}  ({clock.Elapsed.TotalSeconds:F1} s)");

        Assert.That(report.Words, Is.EqualTo(RandomWordCount));
        // About 30% of random words are A64 instructions, most of them integer: a much smaller
        // share compared would mean the rules or the FP/SIMD filter swallow what they should not.
        Assert.That(report.Compared, Is.GreaterThan(RandomWordCount / 2), report.ToString());
        Assert.That(report.Mismatches, Is.Zero, report.ToString());
    }

    [Test]
    public void WordsOfEveryDecoderRowAgreeWithCapstone()
    {
        using var check = new CapstoneCrossCheck();
        A64Decoder decoder = A64Decoder.Instance;
        CrossCheckReport report = check.Run(CapstoneCrossCheck.RowDirectedWords(decoder, WordsPerRow, Seed),
            $"{WordsPerRow} random words inside each of the {decoder.Rows.Count} decoder rows");
        TestContext.Out.WriteLine(report);

        Assert.That(report.Words, Is.EqualTo((long)WordsPerRow * decoder.Rows.Count));
        Assert.That(report.Mismatches, Is.Zero, report.ToString());
    }

    // ---- The check itself, on decoders made for the purpose -----------------------

    static readonly A64Decoder NothingDecoder = new([]);

    [Test]
    public void AWordOnlyCapstoneAcceptsIsAMismatch()
    {
        using var check = new CapstoneCrossCheck(NothingDecoder);
        CrossCheckVerdict v = check.Check(0x8B020020u); // add x0, x1, x2
        Assert.That(v.Outcome, Is.EqualTo(CrossCheckOutcome.ReferenceOnly));
        Assert.That(v.CapstoneText, Is.EqualTo("add x0, x1, x2"));
        Assert.That(v.Group, Is.EqualTo("add"));
    }

    [Test]
    public void AWordOnlyOurDecoderAcceptsIsAMismatch()
    {
        // A deliberately wrong row claiming 0xFFFFxxxx, which is unallocated.
        var wrong = new A64Decoder([new Row(Op.ADD_imm, "wrong row", "1111111111111111----------------")]);
        using var check = new CapstoneCrossCheck(wrong);
        CrossCheckVerdict v = check.Check(0xFFFF_1234u);
        Assert.That(v.Outcome, Is.EqualTo(CrossCheckOutcome.OursOnly));
        Assert.That(v.OurTitle, Is.EqualTo("wrong row"));
        Assert.That(check.Check(0xFFFE_0000u).Outcome, Is.EqualTo(CrossCheckOutcome.Agree)); // unallocated, no row
    }

    [TestCase(0x1E622820u)] // fadd d0, d1, d2      (FP group)
    [TestCase(0x4EA2D420u)] // fadd v0.4s, v1.4s, v2.4s (NEON group, floating point)
    [TestCase(0x3DC00020u)] // ldr q0, [x1]          (no group: found by its Q register)
    [TestCase(0x4E284800u)] // aese v0.16b, v0.16b  (crypto)
    public void FpSimdWordsOfAreasNotComparedYetAreSetAside(uint word)
    {
        using var check = new CapstoneCrossCheck(NothingDecoder);
        Assert.That(check.Check(word).Outcome, Is.EqualTo(CrossCheckOutcome.SetAsideFpSimd));
    }

    [TestCase(0x4EA28420u)] // add v0.4s, v1.4s, v2.4s
    [TestCase(0x4E141C20u)] // mov v0.s[2], w1 (INS (general), printed as its alias)
    [TestCase(0x4F08A420u)] // sxtl2 v0.8h, v1.16b (SSHLL2 #0, printed as its alias)
    [TestCase(0x4E212820u)] // xtn2 v0.16b, v1.8h (a "2" form)
    public void AdvancedSimdIntegerWordsAreCompared(uint word)
    {
        using (var nothing = new CapstoneCrossCheck(NothingDecoder))
            Assert.That(nothing.Check(word).Outcome, Is.EqualTo(CrossCheckOutcome.ReferenceOnly), "a decoder without the row is caught");
        using var check = new CapstoneCrossCheck();
        Assert.That(check.Check(word).Outcome, Is.EqualTo(CrossCheckOutcome.Agree));
    }

    /// <summary>
    /// With every FP/SIMD area compared, no word is set aside as FP/SIMD any more: the areas
    /// between them claim every FP/SIMD mnemonic Capstone prints, so the check then runs over
    /// the whole encoding space.
    /// </summary>
    [Test]
    public void TheFpSimdAreasTogetherClaimEveryFpSimdWord()
    {
        using var check = new CapstoneCrossCheck(areas: CrossCheckFpSimdAreas.All);
        var unclaimed = CapstoneCrossCheck.RandomWords(300_000, Seed).Select(w => check.Check(w))
            .Where(v => v.Outcome == CrossCheckOutcome.SetAsideFpSimd).Select(v => $"0x{v.Word:x8} {v.CapstoneText}").Take(20).ToList();
        Assert.That(unclaimed, Is.Empty);

        Assert.That(check.Check(0x1E622820u).Outcome, Is.Not.EqualTo(CrossCheckOutcome.SetAsideFpSimd)); // fadd d0, d1, d2
    }

    [Test]
    public void AReservedFormOfAnAdvancedSimdIntegerRowIsCompared()
    {
        // add v0.1d, v1.1d, v2.1d (size:Q = 110): Capstone rejects it and so must we.
        using var check = new CapstoneCrossCheck();
        CrossCheckVerdict v = check.Check(0x0EE28420u);
        Assert.That((v.Outcome, v.OursValid, v.CapstoneValid), Is.EqualTo((CrossCheckOutcome.Agree, false, false)));
    }

    [Test]
    public void ReportGroupsMismatchesByCapstoneMnemonicWithBothOpinions()
    {
        using var check = new CapstoneCrossCheck(NothingDecoder);
        CrossCheckReport report = check.Run(
            [0x8B020020u /* add x0, x1, x2 */, 0x8B030041u /* add x1, x2, x3 */, 0xCB020020u /* sub x0, x1, x2 */,
             0xFFFFFFFFu /* unallocated */, 0x1E622820u /* fadd d0, d1, d2 */],
            "five words");
        string text = report.ToString();
        Assert.That(report.Mismatches, Is.EqualTo(3));
        Assert.That(report.ReferenceOnly, Is.EqualTo(3));
        Assert.That(report.Agreed, Is.EqualTo(1));
        Assert.That(report.SetAsideFpSimd, Is.EqualTo(1));
        Assert.That(report.MismatchesByGroup["add"], Is.EqualTo(2));
        Assert.That(text, Does.Contain("0x8b020020  capstone \"add x0, x1, x2\"; ours Unallocated"));
        Assert.That(text, Does.Contain("    add:"));
        Assert.That(text, Does.Contain("    sub:"));
    }

    // ---- The rules: each category catches the encodings its reason names -----------

    [TestCase(0xF8408421u, "Load/store register writeback with Rn == Rt")]   // ldr x1, [x1], #8
    [TestCase(0xF8008C21u, "Load/store register writeback with Rn == Rt")]   // str x1, [x1, #8]!
    [TestCase(0xA9E00C69u, "Load/store pair writeback with Rn == Rt or Rt2")] // ldp x9, x3, [x3, #-512]!
    [TestCase(0xA94504A1u, "Load pair with Rt == Rt2")]                       // ldp x1, x1, [x5, #80]
    [TestCase(0xA8400461u, "Load pair with Rt == Rt2")]                       // ldnp x1, x1, [x3]
    [TestCase(0x887D38EEu, "Load-exclusive pair with Rt == Rt2")]             // ldxp w14, w14, [x7]
    [TestCase(0xC8017C41u, "Store-exclusive status register overlaps a transfer or base register")] // stxr w1, x1, [x2]
    [TestCase(0xC8027C41u, "Store-exclusive status register overlaps a transfer or base register")] // stxr w2, x1, [x2]
    [TestCase(0xC8407C41u, "Should-be-one field of an exclusive/ordered/CAS encoding is not 11111")] // ldxr x1, [x2] with Rs = 0
    [TestCase(0xC8C0FC41u, "Should-be-one field of an exclusive/ordered/CAS encoding is not 11111")] // ldar x1, [x2] with Rs = 0
    [TestCase(0xF8A0C020u, "LDAPR with Rs != 11111")]                         // ldapr x0, [x1] with Rs = 0
    [TestCase(0xD4A00001u, "DCPS1/2/3 (Debug state only)")]                  // dcps1
    [TestCase(0xD6BF03E0u, "DRPS (Debug state only)")]                       // drps
    [TestCase(0xD500409Fu, "MSR (immediate) to a PSTATE field added after Armv8.0")] // msr pan, #0
    [TestCase(0x00000000u, "UDF (permanently undefined)")]                   // udf #0
    [TestCase(0x48DF7E4Bu, "LDLAR/STLLR (Armv8.1 LORegions)")]               // ldlarh w11, [x18]
    [TestCase(0x889F7C00u, "LDLAR/STLLR (Armv8.1 LORegions)")]               // stllr w0, [x0]
    [TestCase(0x0000FFFFu, "UDF (permanently undefined)")]                   // udf #0xffff
    [TestCase(0xD50C84ACu, "SYS/SYSL (which operations exist is decided at execution)")] // tlbi ipas2le1, x12 (EL2)
    [TestCase(0xD508751Fu, "SYS/SYSL (which operations exist is decided at execution)")] // ic iallu (sys #0, c7, c5, #0)
    [TestCase(0xD528001Fu, "SYS/SYSL (which operations exist is decided at execution)")] // sysl xzr, #0, c0, c0, #0
    public void SetAsideRulesCatchTheirEncodings(uint word, string rule)
    {
        CrossCheckRule? match = CrossCheckRules.Default.FirstOrDefault(r => r.Matches(word));
        Assert.That(match?.Name, Is.EqualTo(rule));
        Assert.That(match!.Treatment, Is.EqualTo(CrossCheckTreatment.SetAside));
    }

    [TestCase(0xC8E0FC41u, true, "Compare and swap (CAS, CASP; Armv8.1 LSE)")] // casal x0, x1, [x2]
    [TestCase(0x48207C82u, true, "Compare and swap (CAS, CASP; Armv8.1 LSE)")] // casp x0, x1, x2, x3, [x4]
    [TestCase(0x0862FFE4u, true, "Compare and swap (CAS, CASP; Armv8.1 LSE)")] // caspal w2, w3, w4, w5, [sp]
    [TestCase(0x48217C82u, false, "Compare and swap (CAS, CASP; Armv8.1 LSE)")] // casp with Rs = x1 (odd): UNDEFINED
    [TestCase(0x48207C83u, false, "Compare and swap (CAS, CASP; Armv8.1 LSE)")] // casp with Rt = x3 (odd): UNDEFINED
    [TestCase(0xB8200061u, true, "Atomic memory operations and LDAPR (Armv8.1 LSE, Armv8.3 LRCPC)")] // ldadd w0, w1, [x3]
    [TestCase(0xF8E183E2u, true, "Atomic memory operations and LDAPR (Armv8.1 LSE, Armv8.3 LRCPC)")] // swpal x1, x2, [sp]
    [TestCase(0xF8BFC020u, true, "Atomic memory operations and LDAPR (Armv8.1 LSE, Armv8.3 LRCPC)")] // ldapr x0, [x1]
    [TestCase(0x38BFC020u, true, "Atomic memory operations and LDAPR (Armv8.1 LSE, Armv8.3 LRCPC)")] // ldaprb w0, [x1]
    [TestCase(0xF83F9020u, false, "Atomic memory operations and LDAPR (Armv8.1 LSE, Armv8.3 LRCPC)")] // o3:opc = 1001 (ST64B space, Armv8.7)
    [TestCase(0x784C0A73u, true, "Unprivileged load with Rt == Rn")]         // ldtrh w19, [x19, #192]
    [TestCase(0xF8808821u, false, "Unprivileged load with Rt == Rn")]        // size 11, opc 10: no LDTR form
    [TestCase(0xD503201Fu, true, "System instructions with op0 == 00")]      // nop
    [TestCase(0xD503269Fu, true, "System instructions with op0 == 00")]      // hint #0x34
    [TestCase(0xD5033F9Fu, true, "System instructions with op0 == 00")]      // dsb sy
    [TestCase(0xD5033F5Fu, true, "System instructions with op0 == 00")]      // clrex
    [TestCase(0xD50041BFu, true, "System instructions with op0 == 00")]      // msr spsel, #1
    [TestCase(0xD50342FFu, true, "System instructions with op0 == 00")]      // msr daifclr, #2
    [TestCase(0xD50330FFu, false, "System instructions with op0 == 00")]     // sb (Armv8.5)
    [TestCase(0xD5032020u, false, "System instructions with op0 == 00")]     // hint space with Rt = 0: Capstone says msr
    [TestCase(0xD5020606u, false, "System instructions with op0 == 00")]     // CRn = 0: Capstone says msr s3_2_c0_c6_0, x6
    [TestCase(0xD520001Fu, false, "System instructions with op0 == 00")]     // L = 1, op0 = 00 (sysl has op0 = 01)
    [TestCase(0x4E190FF7u, true, "DUP (general) with imm5 bits above the size set")]  // dup v23.16b, wzr with imm5 = 11001
    [TestCase(0x0E180C20u, false, "DUP (general) with imm5 bits above the size set")] // imm5 = 11000: D element with Q = 0
    [TestCase(0x6E044D13u, true, "INS (element) with imm4 bits below the element size set")] // mov v19.s[1], v8.s[2] with imm4 = 1001
    public void VerdictRulesFollowTheArmArm(uint word, bool valid, string rule)
    {
        CrossCheckRule? match = CrossCheckRules.Default.FirstOrDefault(r => r.Matches(word));
        Assert.That(match?.Name, Is.EqualTo(rule));
        Assert.That(match!.Treatment, Is.EqualTo(CrossCheckTreatment.ArmArmVerdict));
        Assert.That(match.IsValid(word), Is.EqualTo(valid));
    }

    [TestCase(0x8B020020u)] // add x0, x1, x2
    [TestCase(0xF9400421u)] // ldr x1, [x1, #8] (no writeback: no overlap rule)
    [TestCase(0x68C10861u)] // ldpsw x1, x2, [x3], #8
    [TestCase(0xC85F7C41u)] // ldxr x1, [x2]
    [TestCase(0xD5380000u)] // mrs x0, midr_el1
    [TestCase(0x9AC25C20u)] // crc32cx w0, w1, x2
    public void OrdinaryInstructionsAreLeftToCapstone(uint word) =>
        Assert.That(CrossCheckRules.Default.Where(r => r.Matches(word)).Select(r => r.Name), Is.Empty);
}
