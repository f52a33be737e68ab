using Emulator.Cpu;

namespace Emulator.Tests.Cpu;

/// <summary>
/// The tricky corners of the Advanced SIMD integer instructions: saturation and FPSR.QC,
/// rounding shifts at the element's edge, by-element indexing, TBL/TBX indices past the
/// table, the narrowing "2" forms, the modified-immediate expansions, reserved encodings.
/// Expected values are worked out from the Arm ARM pseudocode (DDI 0487, C7.2); the
/// differential test compares every row with Unicorn on random values besides.
/// </summary>
public class SimdIntegerTests
{
    const uint Qc = 1u << 27;

    /// <summary>Runs one instruction with FP/SIMD enabled and V1-V3 (and V0, V15, V31) as given.</summary>
    static TestMachine Execute(uint insn, params (int Reg, ulong Lo, ulong Hi)[] vectors)
    {
        var m = new TestMachine(insn);
        m.State.CpacrEl1 = 3UL << 20;
        for (int i = 0; i < 32; i++) m.Cpu.SetV(i, 0xDEAD_BEEF_DEAD_BEEF, 0xDEAD_BEEF_DEAD_BEEF);
        foreach ((int reg, ulong lo, ulong hi) in vectors) m.Cpu.SetV(reg, lo, hi);
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(TestMachine.CodeBase + 4), "no exception");
        return m;
    }

    static (ulong Lo, ulong Hi) V(TestMachine m, int n) => (m.Cpu.VLow(n), m.Cpu.VHigh(n));

    static bool IsUndefined(uint insn)
    {
        var m = new TestMachine(insn);
        m.State.CpacrEl1 = 3UL << 20;
        m.Run();
        return m.Took(ExceptionClass.Unknown) && m.State.ElrEl1 == TestMachine.CodeBase;
    }

    // ---- Saturation and QC ---------------------------------------------------------------

    [Test]
    public void SqaddSaturatesEachLaneAndSetsQc()
    {
        // 0x7F + 0x01 saturates to 0x7F, 0x80 + 0xFF (-128 + -1) to 0x80, 0x10 + 0x20 does not.
        var m = Execute(0x4E220C20u, (1, 0x0000_0000_0010_807F, 0x7F), (2, 0x0000_0000_0020_FF01, 0x7F)); // sqadd v0.16b, v1.16b, v2.16b
        Assert.That(V(m, 0), Is.EqualTo((0x0000_0000_0030_807FUL, 0x7FUL)));
        Assert.That(m.State.Fpsr & Qc, Is.EqualTo(Qc));
    }

    [Test]
    public void QcIsCumulative_AnUnsaturatedResultLeavesItAsItWas()
    {
        var m = new TestMachine(0x4E220C20u); // sqadd v0.16b, v1.16b, v2.16b
        m.State.CpacrEl1 = 3UL << 20;
        m.Cpu.SetV(1, 1, 1);
        m.Cpu.SetV(2, 2, 2);
        m.State.Fpsr = Qc;
        m.Run();
        Assert.That(V(m, 0), Is.EqualTo((3UL, 3UL)));
        Assert.That(m.State.Fpsr, Is.EqualTo(Qc));

        m = Execute(0x4E220C20u, (1, 1, 1), (2, 2, 2)); // sqadd v0.16b, v1.16b, v2.16b
        Assert.That(m.State.Fpsr, Is.Zero);
    }

    [Test]
    public void UqsubClampsAtZero()
    {
        var m = Execute(0x6E622C20u, (1, 0x0005_0001, 0), (2, 0x0002_0002, 0)); // uqsub v0.8h, v1.8h, v2.8h
        Assert.That(V(m, 0), Is.EqualTo((0x0003_0000UL, 0UL)));
        Assert.That(m.State.Fpsr & Qc, Is.EqualTo(Qc));
    }

    [Test]
    public void SqdmulhOfMinimumTimesMinimumSaturates()
    {
        // 2 * -32768 * -32768 >> 16 = 32768 does not fit: 0x7FFF. 2 * 0x4000 * 0x4000 >> 16 = 0x2000.
        var m = Execute(0x4E62B420u, (1, 0x4000_8000, 0), (2, 0x4000_8000, 0)); // sqdmulh v0.8h, v1.8h, v2.8h
        Assert.That(V(m, 0), Is.EqualTo((0x2000_7FFFUL, 0UL)));
        Assert.That(m.State.Fpsr & Qc, Is.EqualTo(Qc));
    }

    [Test]
    public void SqrdmulhScalarRoundsAndClearsTheRestOfTheRegister()
    {
        // (2 * 0x40000000 * 3 + 2^31) >> 32 = (0x1_8000_0000 + 0x8000_0000) >> 32 = 2.
        var m = Execute(0x7EA2B420u, (1, 0xFFFF_FFFF_4000_0000, 5), (2, 3, 0)); // sqrdmulh s0, s1, s2
        Assert.That(V(m, 0), Is.EqualTo((2UL, 0UL)));
    }

    [Test]
    public void SqnegOfTheMostNegativeSaturates()
    {
        var m = Execute(0x6EE07820u, (1, 0x8000_0000_0000_0000, 5)); // sqneg v0.2d, v1.2d
        Assert.That(V(m, 0), Is.EqualTo((0x7FFF_FFFF_FFFF_FFFFUL, unchecked((ulong)-5L))));
        Assert.That(m.State.Fpsr & Qc, Is.EqualTo(Qc));
    }

    // ---- Shifts ------------------------------------------------------------------------------

    [Test]
    public void SrshlRoundsHalvesUpAndShiftsLeftForPositiveCounts()
    {
        // 3 >> 1 rounded = 2; -3 >> 1 rounded = -1 (-1.5 rounds towards +inf); 1 << 4 = 16; 5 >> 32 rounded = 0.
        var m = Execute(0x4EA25420u, // srshl v0.4s, v1.4s, v2.4s
            (1, 0xFFFF_FFFD_0000_0003, 0x0000_0005_0000_0001),
            (2, 0x0000_00FF_0000_00FF, 0x0000_00E0_0000_0004));
        Assert.That(V(m, 0), Is.EqualTo((0xFFFF_FFFF_0000_0002UL, 0x0000_0000_0000_0010UL)));
    }

    [Test]
    public void UrshrByTheWholeElementKeepsTheRoundingBit()
    {
        // (0xFFFF_FFFF_FFFF_FFFF + 2^63) >> 64 = 1: the sum needs 65 bits.
        var m = Execute(0x7F402420u, (1, ulong.MaxValue, 7)); // urshr d0, d1, #64
        Assert.That(V(m, 0), Is.EqualTo((1UL, 0UL)));
    }

    [Test]
    public void SshrBy64FillsWithTheSign()
    {
        var m = Execute(0x4F400420u, (1, 0x8000_0000_0000_0000, 0x7FFF_FFFF_FFFF_FFFF)); // sshr v0.2d, v1.2d, #64
        Assert.That(V(m, 0), Is.EqualTo((ulong.MaxValue, 0UL)));
    }

    [Test]
    public void SriBy32LeavesTheDestinationAndSliInsertsBelow()
    {
        var m = Execute(0x6F204420u, (0, 0x1111_1111_2222_2222, 0x3333_3333_4444_4444), (1, ulong.MaxValue, ulong.MaxValue)); // sri v0.4s, v1.4s, #32
        Assert.That(V(m, 0), Is.EqualTo((0x1111_1111_2222_2222UL, 0x3333_3333_4444_4444UL)));

        m = Execute(0x7F7F5420u, (0, 0x7FFF_FFFF_FFFF_FFFF, 9), (1, 3, 0)); // sli d0, d1, #63
        Assert.That(V(m, 0), Is.EqualTo((0xFFFF_FFFF_FFFF_FFFFUL, 0UL)));
    }

    [Test]
    public void UqrshlScalarSaturatesALargeLeftShift()
    {
        // b2 = 8 shifts the byte left by 8: any non-zero value saturates to 0xFF.
        var m = Execute(0x7E225C20u, (1, 0x01, 0), (2, 0x08, 0)); // uqrshl b0, b1, b2
        Assert.That(V(m, 0), Is.EqualTo((0xFFUL, 0UL)));
        Assert.That(m.State.Fpsr & Qc, Is.EqualTo(Qc));
    }

    // ---- By element ----------------------------------------------------------------------------

    [Test]
    public void MulByElementIndexesHlmWithRmBelow16()
    {
        // h[7] of v15 (H:L:M = 111, Rm = 01111) is 3.
        var m = Execute(0x4F7F8820u, (1, 0x0004_0003_0002_0001, 0x0008_0007_0006_0005), (15, 0, 0x0003_0000_0000_0000)); // mul v0.8h, v1.8h, v15.h[7]
        Assert.That(V(m, 0), Is.EqualTo((0x000C_0009_0006_0003UL, 0x0018_0015_0012_000FUL)));
    }

    [Test]
    public void Sqdmull2ByElementReadsTheUpperHalfAndSaturates()
    {
        // v15.h[5] = 0x8000; upper half of v1: 0x8000, 1, 0, 0xFFFF.
        var m = Execute(0x4F5FB820u, (1, 0x1234_5678_9ABC_DEF0, 0xFFFF_0000_0001_8000), (15, 0, 0x0000_0000_8000_0000)); // sqdmull2 v0.4s, v1.8h, v15.h[5]
        // 2 * -32768 * -32768 = 2^31 saturates; 2 * 1 * -32768 = -65536; 0; 2 * -1 * -32768 = 65536.
        Assert.That(V(m, 0), Is.EqualTo((0xFFFF_0000_7FFF_FFFFUL, 0x0001_0000_0000_0000UL)));
        Assert.That(m.State.Fpsr & Qc, Is.EqualTo(Qc));
    }

    [Test]
    public void MlaByElementUsesRegister31AndIndex3()
    {
        var m = Execute(0x6FBF0820u, (0, 0x0000_0001_0000_0001, 0x0000_0001_0000_0001), (1, 0x0000_0002_0000_0001, 0x0000_0004_0000_0003),
            (31, 0, 0x0000_000A_0000_0000)); // mla v0.4s, v1.4s, v31.s[3]
        Assert.That(V(m, 0), Is.EqualTo((0x0000_0015_0000_000BUL, 0x0000_0029_0000_001FUL)));
    }

    // ---- Table lookup -----------------------------------------------------------------------------

    [Test]
    public void TblGivesZeroForIndicesPastTheTable()
    {
        // A two-register table of 32 bytes: indices 0, 17, 31 are in it, 32 and 255 are not.
        var m = Execute(0x4E032020u, // tbl v0.16b, {v1.16b, v2.16b}, v3.16b
            (1, 0x0706_0504_0302_01AA, 0x0F0E_0D0C_0B0A_0908),
            (2, 0x1716_1514_1312_1110, 0x1F1E_1D1C_1B1A_1918),
            (3, 0x0000_0000_FF20_1F11, 0x2000_0000_0000_0000));
        Assert.That(V(m, 0), Is.EqualTo((0xAAAA_AAAA_0000_1F11UL, 0x00AA_AAAA_AAAA_AAAAUL)));
    }

    [Test]
    public void TbxKeepsTheDestinationForIndicesPastTheTableAndWrapsTheRegisterNumber()
    {
        // The table is {v31, v0}: index 16 is byte 0 of v0, index 0 byte 0 of v31; 8B clears the upper half.
        var m = Execute(0x0E0333E0u, // tbx v0.8b, {v31.16b, v0.16b}, v3.8b
            (31, 0xAA, 0), (0, 0x1111_1111_1111_11BB, 0x5555), (3, 0x4040_4040_4040_0010, 0));
        Assert.That(V(m, 0), Is.EqualTo((0x1111_1111_1111_AABBUL, 0UL)));
    }

    // ---- Narrowing "2" forms ---------------------------------------------------------------------

    [Test]
    public void XtnWritesTheLowerHalfAndClearsTheUpper_Xtn2WritesTheUpperAndKeepsTheLower()
    {
        var m = Execute(0x0E212820u, (0, 0x1111, 0x2222), (1, 0x0004_0003_0102_0301, 0x0008_0007_0006_0005)); // xtn v0.8b, v1.8h
        Assert.That(V(m, 0), Is.EqualTo((0x0807_0605_0403_0201UL, 0UL)));

        m = Execute(0x4E212820u, (0, 0x1111, 0x2222), (1, 0x0004_0003_0102_0301, 0x0008_0007_0006_0005)); // xtn2 v0.16b, v1.8h
        Assert.That(V(m, 0), Is.EqualTo((0x1111UL, 0x0807_0605_0403_0201UL)));
    }

    [Test]
    public void Sqxtn2SaturatesIntoTheUpperHalf()
    {
        var m = Execute(0x4E614820u, (0, 0x1234, 0), (1, 0xFFFF_0000_0001_0000, 0x0000_0000_FFFF_FFFF)); // sqxtn2 v0.8h, v1.4s
        // 0x00010000 -> 0x7FFF, 0xFFFF0000 -> 0x8000, 0xFFFFFFFF (-1) -> 0xFFFF, 0 -> 0.
        Assert.That(V(m, 0), Is.EqualTo((0x1234UL, 0x0000_FFFF_8000_7FFFUL)));
        Assert.That(m.State.Fpsr & Qc, Is.EqualTo(Qc));
    }

    [Test]
    public void Sqshrun2ClampsNegativesToZero()
    {
        // (x >> 3) of 0x0800 = 0x100 -> 0xFF; 0xFFF8 (-8) -> -1 -> 0; 0x0040 -> 8.
        var m = Execute(0x6F0D8420u, (0, 0x77, 0), (1, 0x0040_FFF8_0800, 0)); // sqshrun2 v0.16b, v1.8h, #3
        Assert.That(V(m, 0), Is.EqualTo((0x77UL, 0x08_00_FFUL)));
    }

    // ---- Modified immediate ---------------------------------------------------------------------

    [TestCase(0x6F05E540u, 0xFF00_FF00_FF00_FF00UL, 0xFF00_FF00_FF00_FF00UL)] // movi v0.2d, #0xff00ff00ff00ff00
    [TestCase(0x6F00C640u, 0xFFFF_ED00_FFFF_ED00UL, 0xFFFF_ED00_FFFF_ED00UL)] // mvni v0.4s, #0x12, msl #8
    [TestCase(0x4F00B640u, 0x9381_9381_9381_9381UL, 0x9381_9381_9381_9381UL)] // orr v0.8h, #0x12, lsl #8
    [TestCase(0x2F047400u, 0x0181_8181_0181_8181UL, 0UL)] // bic v0.2s, #0x80, lsl #24
    [TestCase(0x6F03F600u, 0x3FF0_0000_0000_0000UL, 0x3FF0_0000_0000_0000UL)] // fmov v0.2d, #1.0
    [TestCase(0x0F07F400u, 0xBF00_0000_BF00_0000UL, 0UL)] // fmov v0.2s, #-0.5
    public void ModifiedImmediate(uint insn, ulong lo, ulong hi)
    {
        var m = Execute(insn, (0, 0x8181_8181_8181_8181, 0x8181_8181_8181_8181)); // what ORR and BIC combine with
        Assert.That(V(m, 0), Is.EqualTo((lo, hi)));
    }

    // ---- Copy, permute, across lanes ---------------------------------------------------------------

    [Test]
    public void UmovSmovInsDup()
    {
        var m = Execute(0x0E1F3C20u, (1, 0, 0x9A00_0000_0000_0000)); // umov w0, v1.b[15]
        Assert.That(m[0], Is.EqualTo(0x9AUL));
        m = Execute(0x4E0E2C20u, (1, 0x8001_0000_0000_0000, 0)); // smov x0, v1.h[3]
        Assert.That(m[0], Is.EqualTo(0xFFFF_FFFF_FFFF_8001UL));
        var ins = new TestMachine(0x4E141C20u); // mov v0.s[2], w1
        ins.State.CpacrEl1 = 3UL << 20;
        ins.Cpu.SetV(0, 1, 2);
        ins[1] = 0xFFFF_FFFF_1234_5678;
        ins.Run();
        Assert.That(V(ins, 0), Is.EqualTo((1UL, 0x1234_5678UL)));
        m = Execute(0x6E180420u, (0, 7, 8), (1, 9, 10)); // mov v0.d[1], v1.d[0]
        Assert.That(V(m, 0), Is.EqualTo((7UL, 9UL)));
        m = Execute(0x4E1C0420u, (1, 0, 0xCAFE_F00D_0000_0000)); // dup v0.4s, v1.s[3]
        Assert.That(V(m, 0), Is.EqualTo((0xCAFE_F00D_CAFE_F00DUL, 0xCAFE_F00D_CAFE_F00DUL)));
    }

    [Test]
    public void ExtTakesBytesFromBothRegisters()
    {
        var m = Execute(0x6E021820u, (1, 0x0706_0504_0302_0100, 0x0F0E_0D0C_0B0A_0908), (2, 0x1716_1514_1312_1110, 0x1F1E_1D1C_1B1A_1918)); // ext v0.16b, v1.16b, v2.16b, #3
        Assert.That(V(m, 0), Is.EqualTo((0x0A09_0807_0605_0403UL, 0x1211_100F_0E0D_0C0BUL)));
    }

    [Test]
    public void PermutesInterleaveAsTheArmArmSays()
    {
        var m = Execute(0x4E821820u, (1, 0x0000_0001_0000_0000, 0x0000_0003_0000_0002), (2, 0x0000_0005_0000_0004, 0x0000_0007_0000_0006)); // uzp1 v0.4s, v1.4s, v2.4s
        Assert.That(V(m, 0), Is.EqualTo((0x0000_0002_0000_0000UL, 0x0000_0006_0000_0004UL)));
        m = Execute(0x0E027820u, (1, 0x0706_0504_0302_0100, 0), (2, 0x1716_1514_1312_1110, 0)); // zip2 v0.8b, v1.8b, v2.8b
        Assert.That(V(m, 0), Is.EqualTo((0x1707_1606_1505_1404UL, 0UL)));
        m = Execute(0x4E422820u, (1, 0x0003_0002_0001_0000, 0), (2, 0x0013_0012_0011_0010, 0)); // trn1 v0.8h, v1.8h, v2.8h
        Assert.That(V(m, 0), Is.EqualTo((0x0012_0002_0010_0000UL, 0UL)));
    }

    [Test]
    public void AcrossLanes()
    {
        var m = Execute(0x4E31B820u, (1, 0xFFFF_FFFF_FFFF_FFFF, 0x0000_0000_0000_0012)); // addv b0, v1.16b
        Assert.That(V(m, 0), Is.EqualTo((0x0AUL, 0UL))); // 8 * 0xFF + 0x12 = 0x80A, modulo 2^8
        m = Execute(0x6E30A820u, (1, 0x0102_0304_0506_0708, 0x0090_0000_0000_00F0)); // umaxv b0, v1.16b
        Assert.That(V(m, 0), Is.EqualTo((0xF0UL, 0UL)));
        m = Execute(0x6E71A820u, (1, 0x8000_9000_A000_B000, 0x0007_C000_D000_E000)); // uminv h0, v1.8h
        Assert.That(V(m, 0), Is.EqualTo((7UL, 0UL)));
    }

    [Test]
    public void CmeqCntPmull2Cls()
    {
        var m = Execute(0x6E228C20u, (1, 0x0011_2233_4455_6677, 0), (2, 0x0011_0033_0055_0077, 0)); // cmeq v0.16b, v1.16b, v2.16b
        Assert.That(V(m, 0), Is.EqualTo((0xFFFF_00FF_00FF_00FFUL, 0xFFFF_FFFF_FFFF_FFFFUL)));
        m = Execute(0x0E205820u, (1, 0xFF01_0307_0F00_8001, 5)); // cnt v0.8b, v1.8b
        Assert.That(V(m, 0), Is.EqualTo((0x0801_0203_0400_0101UL, 0UL)));
        // (x^63 + 1) * (x + 1) = x^64 + x^63 + x + 1.
        m = Execute(0x4EE2E020u, (1, 0, 0x8000_0000_0000_0001), (2, 0, 3)); // pmull2 v0.1q, v1.2d, v2.2d
        Assert.That(V(m, 0), Is.EqualTo((0x8000_0000_0000_0003UL, 1UL)));
        m = Execute(0x4EA04820u, (1, 0xFFFF_FFFF_0000_0001, 0x8000_0000_0000_0000)); // cls v0.4s, v1.4s
        Assert.That(V(m, 0), Is.EqualTo((0x0000_001F_0000_001EUL, 0x0000_0000_0000_001FUL)));
    }

    [Test]
    public void AddpScalarAndSaddlp()
    {
        var m = Execute(0x5EF1B820u, (1, ulong.MaxValue, 2)); // addp d0, v1.2d
        Assert.That(V(m, 0), Is.EqualTo((1UL, 0UL)));
        m = Execute(0x4E602820u, (1, 0x0001_FFFF_8000_8000, 0)); // saddlp v0.4s, v1.8h
        Assert.That(V(m, 0), Is.EqualTo((0x0000_0000_FFFF_0000UL, 0UL)));
    }

    // ---- Reserved encodings ------------------------------------------------------------------------

    [TestCase(0x0EE28420u)] // add v0.1d, v1.1d, v2.1d (size:Q = 110, reserved)
    [TestCase(0x4EE20420u)] // shadd with size 11 (reserved)
    [TestCase(0x4EF1B820u)] // addv with size 11 (reserved)
    [TestCase(0x0EB1B820u)] // addv s0, v1.2s (size:Q = 100, reserved)
    [TestCase(0x4F40A420u)] // sshll with immh = 1xxx (reserved)
    [TestCase(0x4E002C20u)] // smov with imm5 = 00000 (reserved)
    [TestCase(0x0E083C20u)] // umov w0, v1.d[0] (Q = 0 with a D element, reserved)
    [TestCase(0x2F03F600u)] // fmov with op = 1, Q = 0 (reserved)
    [TestCase(0x2E014020u)] // ext v0.8b, v1.8b, v1.8b, #8 (imm4<3> = 1 with Q = 0, reserved)
    public void ReservedEncodingsAreUndefined(uint insn) => Assert.That(IsUndefined(insn), Is.True);
}
