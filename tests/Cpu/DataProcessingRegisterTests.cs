using Emulator.Cpu;

namespace Emulator.Tests.Cpu;

/// <summary>
/// The "Data processing -- register" group. Expected values were worked out from the Arm
/// ARM pseudocode and cross-checked against another emulator; flags in the test cases are
/// NZCV as a 4-bit number (8 = N, 4 = Z, 2 = C, 1 = V).
/// </summary>
public class DataProcessingRegisterTests
{
    const ulong Garbage = 0xDEAD_BEEF_0000_0000;

    static TestMachine Execute(uint insn, ulong x1, ulong x2 = 0, ulong x3 = 0, uint nzcv = 0)
    {
        var m = new TestMachine(insn);
        m[0] = Garbage;
        m[1] = x1;
        m[2] = x2;
        m[3] = x3;
        m.State.Nzcv = nzcv << 28;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(TestMachine.CodeBase + 4), "no exception");
        return m;
    }

    static uint Flags(TestMachine m) => m.State.Nzcv >> 28;

    static bool IsUndefined(uint insn)
    {
        var m = new TestMachine(insn);
        m.Run();
        return m.Took(ExceptionClass.Unknown) && m.State.ElrEl1 == TestMachine.CodeBase;
    }

    // ---- Logical (shifted register) ------------------------------------------------------

    [TestCase(0x8A021020u, 0xFFFF_FFFF_FFFF_FFFFUL, 0xF000_0000_0000_000FUL, 0xF0UL)] // and x0, x1, x2, lsl #4
    [TestCase(0x0AC22020u, 0xFFFF_FFFF_FFFF_FFFFUL, 0xFFFF_FFFF_0000_00ABUL, 0xAB00_0000UL)] // and w0, w1, w2, ror #8
    [TestCase(0x0AA27C20u, 0xFFFF_FFFF_1234_5678UL, 0x0UL, 0x1234_5678UL)] // bic w0, w1, w2, asr #31
    [TestCase(0x0AA27C20u, 0xFFFF_FFFF_1234_5678UL, 0x8000_0000UL, 0x0UL)] // bic w0, w1, w2, asr #31
    [TestCase(0x8A62FC20u, 0xFFFF_FFFF_FFFF_FFFFUL, 0x8000_0000_0000_0000UL, 0xFFFF_FFFF_FFFF_FFFEUL)] // bic x0, x1, x2, lsr #63
    [TestCase(0xAA0103E0u, 0x1234_5678_9ABC_DEF0UL, 0x0UL, 0x1234_5678_9ABC_DEF0UL)] // mov x0, x1
    [TestCase(0x2A0103E0u, 0x1234_5678_9ABC_DEF0UL, 0x0UL, 0x9ABC_DEF0UL)] // mov w0, w1
    [TestCase(0x2A420420u, 0xFFFF_FFFF_0000_0001UL, 0xFFFF_FFFF_8000_0000UL, 0x4000_0001UL)] // orr w0, w1, w2, lsr #1
    [TestCase(0xAAC2FC20u, 0x0UL, 0x8000_0000_0000_0001UL, 0x3UL)] // orr x0, x1, x2, ror #63
    [TestCase(0x2A2103E0u, 0xF0F0_F0F0UL, 0x0UL, 0xF0F_0F0FUL)] // mvn w0, w1
    [TestCase(0xAAA20420u, 0x1UL, 0x8000_0000_0000_0000UL, 0x3FFF_FFFF_FFFF_FFFFUL)] // orn x0, x1, x2, asr #1
    [TestCase(0x4A027C20u, 0xFFFF_FFFF_0000_0000UL, 0x3UL, 0x8000_0000UL)] // eor w0, w1, w2, lsl #31
    [TestCase(0xCAA2FC20u, 0xFFFF_0000UL, 0x8000_0000_0000_0000UL, 0xFFFF_0000UL)] // eon x0, x1, x2, asr #63
    public void LogicalShifted(uint insn, ulong x1, ulong x2, ulong expected)
    {
        var m = Execute(insn, x1, x2, nzcv: 0xF);
        Assert.That(m[0], Is.EqualTo(expected));
        Assert.That(Flags(m), Is.EqualTo(0xFu), "flags untouched");
    }

    [TestCase(0xEA02003Fu, 0xF0UL, 0xFUL, Garbage, 0x4u)] // tst x1, x2
    [TestCase(0xEA02003Fu, 0x8000_0000_0000_0000UL, 0x8000_0000_0000_0000UL, Garbage, 0x8u)] // tst x1, x2
    [TestCase(0x6A020420u, 0xFFFF_FFFF_FFFF_FFFFUL, 0x4000_0000UL, 0x8000_0000UL, 0x8u)] // ands w0, w1, w2, lsl #1
    [TestCase(0x6A020420u, 0x8000_0000_0000_0000UL, 0xC000_0000_0000_0000UL, 0x0UL, 0x4u)] // ands w0, w1, w2, lsl #1
    [TestCase(0xEA220020u, 0xFFUL, 0xFFUL, 0x0UL, 0x4u)] // bics x0, x1, x2
    [TestCase(0x6AE24020u, 0xFFFF_FFFF_FFFF_FFFFUL, 0x7FFFUL, 0x8000_FFFFUL, 0x8u)] // bics w0, w1, w2, ror #16
    public void LogicalShiftedSetsFlags(uint insn, ulong x1, ulong x2, ulong expected, uint nzcv)
    {
        var m = Execute(insn, x1, x2, nzcv: 0x3);
        Assert.That(m[0], Is.EqualTo(expected));
        Assert.That(Flags(m), Is.EqualTo(nzcv));
    }

    [Test]
    public void LogicalShiftedRegister31IsZeroNotSp()
    {
        var m = new TestMachine(0xAA1F03E0u); // mov x0, xzr (orr x0, xzr, xzr)
        m[0] = Garbage;
        m.Sp = 0x4000_1000;
        m.Run();
        Assert.That(m[0], Is.EqualTo(0UL));
        Assert.That(m.Sp, Is.EqualTo(0x4000_1000UL));
    }

    [TestCase(0x0A028020u)] // and w0, w1, w2, lsl #32: imm6 >= 32 with sf = 0
    [TestCase(0x2AE2FC20u)] // orn w0, w1, w2, ror #63: imm6 >= 32 with sf = 0
    public void LogicalShiftedReservedIsUndefined(uint insn)
    {
        Assert.That(IsUndefined(insn), Is.True);
    }

    // ---- Add/subtract (shifted register) ---------------------------------------------------

    [TestCase(0x8B020C20u, 0x10UL, 0x2000_0000_0000_0001UL, 0x18UL)] // add x0, x1, x2, lsl #3
    [TestCase(0x0B820820u, 0xFFFF_FFFF_0000_0010UL, 0x8000_0000UL, 0xE000_0010UL)] // add w0, w1, w2, asr #2
    [TestCase(0xCB0103E0u, 0x1UL, 0x0UL, 0xFFFF_FFFF_FFFF_FFFFUL)] // neg x0, x1
    [TestCase(0x4B027C20u, 0x0UL, 0x1UL, 0x8000_0000UL)] // sub w0, w1, w2, lsl #31
    public void AddSubShifted(uint insn, ulong x1, ulong x2, ulong expected)
    {
        var m = Execute(insn, x1, x2, nzcv: 0xF);
        Assert.That(m[0], Is.EqualTo(expected));
        Assert.That(Flags(m), Is.EqualTo(0xFu), "flags untouched");
    }

    [TestCase(0xAB020020u, 0x8000_0000_0000_0000UL, 0x8000_0000_0000_0000UL, 0x0UL, 0x7u)] // adds x0, x1, x2
    [TestCase(0x2B427C20u, 0x7FFF_FFFFUL, 0x8000_0000UL, 0x8000_0000UL, 0x9u)] // adds w0, w1, w2, lsr #31
    [TestCase(0x2B02003Fu, 0xFFFF_FFFFUL, 0x1UL, Garbage, 0x6u)] // cmn w1, w2
    [TestCase(0xEB420420u, 0x8UL, 0x20UL, 0xFFFF_FFFF_FFFF_FFF8UL, 0x8u)] // subs x0, x1, x2, lsr #1
    [TestCase(0xEB02003Fu, 0x8000_0000_0000_0000UL, 0x1UL, Garbage, 0x3u)] // cmp x1, x2
    [TestCase(0x6B0103E0u, 0x8000_0000UL, 0x0UL, 0x8000_0000UL, 0x9u)] // negs w0, w1
    [TestCase(0x6B0103E0u, 0x0UL, 0x0UL, 0x0UL, 0x6u)] // negs w0, w1
    public void AddSubShiftedSetsFlags(uint insn, ulong x1, ulong x2, ulong expected, uint nzcv)
    {
        var m = Execute(insn, x1, x2);
        Assert.That(m[0], Is.EqualTo(expected), "cmp/cmn write XZR, leaving x0 alone");
        Assert.That(Flags(m), Is.EqualTo(nzcv));
    }

    [TestCase(0x8BC20020u)] // add x0, x1, x2, ror #0: ROR is reserved
    [TestCase(0xEBC2043Fu)] // cmp x1, x2, ror #1: ROR is reserved
    [TestCase(0x0B028020u)] // add w0, w1, w2, lsl #32: imm6 bit 5 with sf = 0
    [TestCase(0x6B42FC3Fu)] // cmp w1, w2, lsr #63: imm6 bit 5 with sf = 0
    public void AddSubShiftedReservedIsUndefined(uint insn)
    {
        Assert.That(IsUndefined(insn), Is.True);
    }

    // ---- Add/subtract (extended register) ----------------------------------------------------

    [TestCase(0x8B228020u, 0x1000UL, 0xFFFF_FFFF_FFFF_FF80UL, 0xFu, 0xF80UL, 0xFu)] // add x0, x1, w2, sxtb
    [TestCase(0x0B223020u, 0xFFFF_FFFF_0000_0001UL, 0xFFFF_FFFF_FFFF_8000UL, 0xFu, 0x8_0001UL, 0xFu)] // add w0, w1, w2, uxth #4
    [TestCase(0x8B226820u, 0x1UL, 0x4000_0000_0000_0001UL, 0xFu, 0x5UL, 0xFu)] // add x0, x1, x2, uxtx #2
    [TestCase(0x6B228020u, 0x1UL, 0xFFUL, 0x0u, 0x2UL, 0x0u)] // subs w0, w1, w2, sxtb
    public void AddSubExtended(uint insn, ulong x1, ulong x2, uint nzcvIn, ulong expected, uint nzcv)
    {
        var m = Execute(insn, x1, x2, nzcv: nzcvIn);
        Assert.That(m[0], Is.EqualTo(expected));
        Assert.That(Flags(m), Is.EqualTo(nzcv));
    }

    [TestCase(0x8B21C3E0u, 0x1234_5678_FFFF_FFF0UL, 0x4000_0FF0UL, 0x4000_1000UL, 0x0u)] // add x0, sp, w1, sxtw
    [TestCase(0x8B2163FFu, 0x10UL, Garbage, 0x4000_1010UL, 0x0u)] // add sp, sp, x1
    [TestCase(0xCB2173FFu, 0x10UL, Garbage, 0x4000_0F00UL, 0x0u)] // sub sp, sp, x1, lsl #4
    [TestCase(0xAB2163FFu, 0xFFFF_FFFF_BFFF_F000UL, Garbage, 0x4000_1000UL, 0x6u)] // cmn sp, x1
    [TestCase(0xAB21A7E0u, 0x8000UL, 0x3FFF_1000UL, 0x4000_1000UL, 0x2u)] // adds x0, sp, w1, sxth #1
    [TestCase(0xCB2103E0u, 0x1FFUL, 0x4000_0F01UL, 0x4000_1000UL, 0x0u)] // sub x0, sp, w1, uxtb
    [TestCase(0xEB2163FFu, 0x4000_1001UL, Garbage, 0x4000_1000UL, 0x8u)] // cmp sp, x1
    public void AddSubExtendedSpForms(uint insn, ulong x1, ulong expectedX0, ulong expectedSp, uint nzcv)
    {
        var m = new TestMachine(insn);
        m[0] = Garbage;
        m[1] = x1;
        m.Sp = 0x4000_1000;
        m.Run();
        Assert.That(m[0], Is.EqualTo(expectedX0));
        Assert.That(m.Sp, Is.EqualTo(expectedSp));
        Assert.That(Flags(m), Is.EqualTo(nzcv));
    }

    [TestCase(0x8B221420u)] // add x0, x1, w2, uxtb #5: shift > 4
    [TestCase(0xEB3F1C3Fu)] // cmp x1, xzr, uxtx #7: shift > 4
    [TestCase(0x8B620020u)] // add with opt = 01: unallocated
    public void AddSubExtendedReservedIsUndefined(uint insn)
    {
        Assert.That(IsUndefined(insn), Is.True);
    }

    // ---- Add/subtract (with carry) -------------------------------------------------------------

    [TestCase(0x9A020020u, 0xFFFF_FFFF_FFFF_FFFFUL, 0x0UL, 0x2u, 0x0UL, 0x2u)] // adc x0, x1, x2
    [TestCase(0x1A020020u, 0xFFFF_FFFFUL, 0xFFFF_FFFFUL, 0x2u, 0xFFFF_FFFFUL, 0x2u)] // adc w0, w1, w2
    [TestCase(0x1A020020u, 0x5UL, 0x6UL, 0xDu, 0xBUL, 0xDu)] // adc w0, w1, w2
    [TestCase(0xBA020020u, 0xFFFF_FFFF_FFFF_FFFFUL, 0x0UL, 0x2u, 0x0UL, 0x6u)] // adcs x0, x1, x2
    [TestCase(0x3A020020u, 0x7FFF_FFFFUL, 0x0UL, 0x2u, 0x8000_0000UL, 0x9u)] // adcs w0, w1, w2
    [TestCase(0x3A020020u, 0x7FFF_FFFFUL, 0x0UL, 0x0u, 0x7FFF_FFFFUL, 0x0u)] // adcs w0, w1, w2
    [TestCase(0x5A020020u, 0x5UL, 0x3UL, 0x0u, 0x1UL, 0x0u)] // sbc w0, w1, w2
    [TestCase(0xDA020020u, 0x5UL, 0x3UL, 0x2u, 0x2UL, 0x2u)] // sbc x0, x1, x2
    [TestCase(0xFA020020u, 0x0UL, 0x0UL, 0x0u, 0xFFFF_FFFF_FFFF_FFFFUL, 0x8u)] // sbcs x0, x1, x2
    [TestCase(0xFA020020u, 0x0UL, 0x0UL, 0x2u, 0x0UL, 0x6u)] // sbcs x0, x1, x2
    [TestCase(0x7A0103E0u, 0x0UL, 0x0UL, 0x2u, 0x0UL, 0x6u)] // ngcs w0, w1
    public void AddSubWithCarry(uint insn, ulong x1, ulong x2, uint nzcvIn, ulong expected, uint nzcv)
    {
        var m = Execute(insn, x1, x2, nzcv: nzcvIn);
        Assert.That(m[0], Is.EqualTo(expected));
        Assert.That(Flags(m), Is.EqualTo(nzcv));
    }

    [Test]
    public void AddSubWithCarryNonZeroOpcode2IsUndefined()
    {
        Assert.That(IsUndefined(0x9A020420u), Is.True); // adc x0, x1, x2 with bits 15:10 = 000001
    }

    // ---- Conditional compare -------------------------------------------------------------------

    [TestCase(0xFA420024u, 0x5UL, 0x5UL, 0x4u, 0x6u)] // ccmp x1, x2, #4, eq
    [TestCase(0xFA420024u, 0x5UL, 0x6UL, 0x0u, 0x4u)] // ccmp x1, x2, #4, eq
    [TestCase(0xFA420024u, 0x5UL, 0x6UL, 0x4u, 0x8u)] // ccmp x1, x2, #4, eq
    [TestCase(0x7A42B02Fu, 0x8000_0000UL, 0x1UL, 0x8u, 0x3u)] // ccmp w1, w2, #0xf, lt
    [TestCase(0x7A42B02Fu, 0x8000_0000UL, 0x1UL, 0x9u, 0xFu)] // ccmp w1, w2, #0xf, lt
    [TestCase(0xBA421022u, 0xFFFF_FFFF_FFFF_FFFFUL, 0x1UL, 0x0u, 0x6u)] // ccmn x1, x2, #2, ne
    [TestCase(0xBA421022u, 0xFFFF_FFFF_FFFF_FFFFUL, 0x1UL, 0x4u, 0x2u)] // ccmn x1, x2, #2, ne
    [TestCase(0x3A451822u, 0xFFFF_FFFBUL, 0x0UL, 0x0u, 0x6u)] // ccmn w1, #5, #2, ne
    [TestCase(0x3A451822u, 0x7FFF_FFFFUL, 0x0UL, 0x0u, 0x9u)] // ccmn w1, #5, #2, ne
    [TestCase(0x3A451822u, 0x7FFF_FFFFUL, 0x0UL, 0x4u, 0x2u)] // ccmn w1, #5, #2, ne
    [TestCase(0xFA5F2828u, 0x1FUL, 0x0UL, 0x2u, 0x6u)] // ccmp x1, #31, #8, hs
    [TestCase(0xFA5F2828u, 0x1EUL, 0x0UL, 0x2u, 0x8u)] // ccmp x1, #31, #8, hs
    [TestCase(0xFA5F2828u, 0x1FUL, 0x0UL, 0x0u, 0x8u)] // ccmp x1, #31, #8, hs
    [TestCase(0x7A40F820u, 0x0UL, 0x0UL, 0x0u, 0x6u)] // ccmp w1, #0, #0, nv
    public void ConditionalCompare(uint insn, ulong x1, ulong x2, uint nzcvIn, uint nzcv)
    {
        var m = Execute(insn, x1, x2, nzcv: nzcvIn);
        Assert.That(Flags(m), Is.EqualTo(nzcv));
        Assert.That(m[0], Is.EqualTo(Garbage), "no register is written");
    }

    [TestCase(0xFA420424u)] // ccmp x1, x2, #4, eq with o2 = 1
    [TestCase(0xFA420034u)] // ccmp x1, x2, #4, eq with o3 = 1
    [TestCase(0xDA420024u)] // ccmp x1, x2, #4, eq with S = 0
    public void ConditionalCompareReservedIsUndefined(uint insn)
    {
        Assert.That(IsUndefined(insn), Is.True);
    }

    // ---- Conditional select --------------------------------------------------------------------

    [TestCase(0x9A820020u, 0x1111_1111_1111_1111UL, 0x2222_2222_2222_2222UL, 0x4u, 0x1111_1111_1111_1111UL)] // csel x0, x1, x2, eq
    [TestCase(0x9A820020u, 0x1111_1111_1111_1111UL, 0x2222_2222_2222_2222UL, 0x0u, 0x2222_2222_2222_2222UL)] // csel x0, x1, x2, eq
    [TestCase(0x1A828020u, 0x1111_1111_1111_1111UL, 0x2222_2222_2222_2222UL, 0x2u, 0x1111_1111UL)] // csel w0, w1, w2, hi
    [TestCase(0x1A828020u, 0x1111_1111_1111_1111UL, 0x2222_2222_2222_2222UL, 0x6u, 0x2222_2222UL)] // csel w0, w1, w2, hi
    [TestCase(0x1A821420u, 0x1111_1111_1111_1111UL, 0xFFFF_FFFF_FFFF_FFFFUL, 0x4u, 0x0UL)] // csinc w0, w1, w2, ne
    [TestCase(0x1A9F17E0u, 0x0UL, 0x0UL, 0x4u, 0x1UL)] // cset w0, eq
    [TestCase(0x1A9F17E0u, 0x0UL, 0x0UL, 0xBu, 0x0UL)] // cset w0, eq
    [TestCase(0xDA82A020u, 0x1111_1111_1111_1111UL, 0xFFFF_FFFFUL, 0x8u, 0xFFFF_FFFF_0000_0000UL)] // csinv x0, x1, x2, ge
    [TestCase(0xDA9FA3E0u, 0x0UL, 0x0UL, 0x8u, 0xFFFF_FFFF_FFFF_FFFFUL)] // csetm x0, lt
    [TestCase(0x5A82B420u, 0x1111_1111_1111_1111UL, 0x1UL, 0x0u, 0xFFFF_FFFFUL)] // csneg w0, w1, w2, lt
    [TestCase(0x5A82B420u, 0x1111_1111_1111_1111UL, 0x1UL, 0x1u, 0x1111_1111UL)] // csneg w0, w1, w2, lt
    [TestCase(0xDA815420u, 0x8000_0000_0000_0000UL, 0x0UL, 0x8u, 0x8000_0000_0000_0000UL)] // cneg x0, x1, mi
    public void ConditionalSelect(uint insn, ulong x1, ulong x2, uint nzcv, ulong expected)
    {
        var m = Execute(insn, x1, x2, nzcv: nzcv);
        Assert.That(m[0], Is.EqualTo(expected));
        Assert.That(Flags(m), Is.EqualTo(nzcv), "flags untouched");
    }

    [Test]
    public void ConditionalSelectAlwaysAndNeverConditionsBothHold()
    {
        // cond = 1110 (AL) and 1111 (NV) both always hold.
        var m = new TestMachine(
            0x9A82E020u,  // csel x0, x1, x2, al
            0x9A82F023u); // csel x3, x1, x2, nv
        m[1] = 1;
        m[2] = 2;
        m.Run(2);
        Assert.That(m[0], Is.EqualTo(1UL));
        Assert.That(m[3], Is.EqualTo(1UL));
    }

    [TestCase(0x9A820820u)] // csel x0, x1, x2, eq with op2 = 10
    [TestCase(0xBA820020u)] // csel x0, x1, x2, eq with S = 1
    public void ConditionalSelectReservedIsUndefined(uint insn)
    {
        Assert.That(IsUndefined(insn), Is.True);
    }

    // ---- Data-processing (3 source) --------------------------------------------------------------

    [TestCase(0x9B020C20u, 0x1_0000_0001UL, 0x1_0000_0001UL, 0x5UL, 0x2_0000_0006UL)] // madd x0, x1, x2, x3
    [TestCase(0x1B027C20u, 0xFFFF_FFFFUL, 0xFFFF_FFFFUL, 0x0UL, 0x1UL)] // mul w0, w1, w2
    [TestCase(0x9B028C20u, 0x3UL, 0x4UL, 0xAUL, 0xFFFF_FFFF_FFFF_FFFEUL)] // msub x0, x1, x2, x3
    [TestCase(0x1B02FC20u, 0x3UL, 0x4UL, 0xAUL, 0xFFFF_FFF4UL)] // mneg w0, w1, w2
    [TestCase(0x9B220C20u, 0xFFFF_FFFF_FFFF_FFFEUL, 0x8000_0000UL, 0x1UL, 0x1_0000_0001UL)] // smaddl x0, w1, w2, x3
    [TestCase(0x9B227C20u, 0xFFFF_FFFFUL, 0x7FFF_FFFFUL, 0x0UL, 0xFFFF_FFFF_8000_0001UL)] // smull x0, w1, w2
    [TestCase(0x9B228C20u, 0xFFFF_FFFFUL, 0xFFFF_FFFFUL, 0x0UL, 0xFFFF_FFFF_FFFF_FFFFUL)] // smsubl x0, w1, w2, x3
    [TestCase(0x9BA20C20u, 0xFFFF_FFFFUL, 0xFFFF_FFFFUL, 0xFFFF_FFFF_FFFF_FFFFUL, 0xFFFF_FFFE_0000_0000UL)] // umaddl x0, w1, w2, x3
    [TestCase(0x9BA27C20u, 0xAAAA_AAAA_FFFF_FFFFUL, 0x5555_5555_FFFF_FFFFUL, 0x0UL, 0xFFFF_FFFE_0000_0001UL)] // umull x0, w1, w2
    [TestCase(0x9BA28C20u, 0x2UL, 0x3UL, 0x5UL, 0xFFFF_FFFF_FFFF_FFFFUL)] // umsubl x0, w1, w2, x3
    [TestCase(0x9B427C20u, 0xFFFF_FFFF_FFFF_FFFFUL, 0x1UL, 0x0UL, 0xFFFF_FFFF_FFFF_FFFFUL)] // smulh x0, x1, x2
    [TestCase(0x9B427C20u, 0x8000_0000_0000_0000UL, 0x8000_0000_0000_0000UL, 0x0UL, 0x4000_0000_0000_0000UL)] // smulh x0, x1, x2
    [TestCase(0x9BC27C20u, 0xFFFF_FFFF_FFFF_FFFFUL, 0xFFFF_FFFF_FFFF_FFFFUL, 0x0UL, 0xFFFF_FFFF_FFFF_FFFEUL)] // umulh x0, x1, x2
    [TestCase(0x9BC27C20u, 0x8000_0000_0000_0000UL, 0x2UL, 0x0UL, 0x1UL)] // umulh x0, x1, x2
    public void ThreeSource(uint insn, ulong x1, ulong x2, ulong x3, ulong expected)
    {
        var m = Execute(insn, x1, x2, x3);
        Assert.That(m[0], Is.EqualTo(expected));
    }

    [TestCase(0x1B220C20u)] // smaddl with sf = 0
    [TestCase(0x1BA27C20u)] // umull with sf = 0
    [TestCase(0x9B42FC20u)] // smulh x0, x1, x2 with o0 = 1
    [TestCase(0xBB020C20u)] // madd x0, x1, x2, x3 with op54 = 01
    public void ThreeSourceReservedIsUndefined(uint insn)
    {
        Assert.That(IsUndefined(insn), Is.True);
    }

    // ---- Data-processing (2 source) --------------------------------------------------------------

    [TestCase(0x9AC20820u, 0x64UL, 0x7UL, 0xEUL)] // udiv x0, x1, x2
    [TestCase(0x9AC20820u, 0x64UL, 0x0UL, 0x0UL)] // udiv x0, x1, x2
    [TestCase(0x1AC20820u, 0x1_FFFF_FFFFUL, 0x1_0000_0002UL, 0x7FFF_FFFFUL)] // udiv w0, w1, w2
    [TestCase(0x9AC20C20u, 0x8000_0000_0000_0000UL, 0xFFFF_FFFF_FFFF_FFFFUL, 0x8000_0000_0000_0000UL)] // sdiv x0, x1, x2
    [TestCase(0x9AC20C20u, 0xFFFF_FFFF_FFFF_FFF9UL, 0x2UL, 0xFFFF_FFFF_FFFF_FFFDUL)] // sdiv x0, x1, x2
    [TestCase(0x9AC20C20u, 0x7UL, 0x0UL, 0x0UL)] // sdiv x0, x1, x2
    [TestCase(0x1AC20C20u, 0x8000_0000UL, 0xFFFF_FFFFUL, 0x8000_0000UL)] // sdiv w0, w1, w2
    [TestCase(0x1AC20C20u, 0xFFFF_FFF9UL, 0x2UL, 0xFFFF_FFFDUL)] // sdiv w0, w1, w2
    [TestCase(0x1AC20C20u, 0xFFFF_FFF9UL, 0x0UL, 0x0UL)] // sdiv w0, w1, w2
    [TestCase(0x9AC22020u, 0x8000_0000_0000_0003UL, 0x41UL, 0x6UL)] // lsl x0, x1, x2
    [TestCase(0x1AC22020u, 0xFFFF_FFFF_8000_0003UL, 0x21UL, 0x6UL)] // lsl w0, w1, w2
    [TestCase(0x9AC22420u, 0x8000_0000_0000_0000UL, 0xFFFF_FFFF_FFFF_FFFFUL, 0x1UL)] // lsr x0, x1, x2
    [TestCase(0x1AC22420u, 0xFFFF_FFFF_8000_0000UL, 0x1FUL, 0x1UL)] // lsr w0, w1, w2
    [TestCase(0x9AC22820u, 0x8000_0000_0000_0000UL, 0x3FUL, 0xFFFF_FFFF_FFFF_FFFFUL)] // asr x0, x1, x2
    [TestCase(0x1AC22820u, 0x8000_0000UL, 0x24UL, 0xF800_0000UL)] // asr w0, w1, w2
    [TestCase(0x9AC22C20u, 0x1UL, 0x41UL, 0x8000_0000_0000_0000UL)] // ror x0, x1, x2
    [TestCase(0x1AC22C20u, 0xFFFF_FFFF_0000_0001UL, 0x1UL, 0x8000_0000UL)] // ror w0, w1, w2
    public void TwoSource(uint insn, ulong x1, ulong x2, ulong expected)
    {
        var m = Execute(insn, x1, x2);
        Assert.That(m[0], Is.EqualTo(expected));
    }

    // CRC32 check values (the CRC of "123456789" with the usual pre- and post-inversion)
    // computed through the instructions, which themselves invert nothing.

    static readonly byte[] CheckInput = "123456789"u8.ToArray();

    [TestCase(0x1AC14000u, 1, 0xCBF4_3926u)] // crc32b w0, w0, w1
    [TestCase(0x1AC14400u, 2, 0xCBF4_3926u)] // crc32h w0, w0, w1
    [TestCase(0x1AC14800u, 4, 0xCBF4_3926u)] // crc32w w0, w0, w1
    [TestCase(0x9AC14C00u, 8, 0xCBF4_3926u)] // crc32x w0, w0, x1
    [TestCase(0x1AC15000u, 1, 0xE306_9283u)] // crc32cb w0, w0, w1
    [TestCase(0x1AC15400u, 2, 0xE306_9283u)] // crc32ch w0, w0, w1
    [TestCase(0x1AC15800u, 4, 0xE306_9283u)] // crc32cw w0, w0, w1
    [TestCase(0x9AC15C00u, 8, 0xE306_9283u)] // crc32cx w0, w0, x1
    public void CrcCheckValue(uint insn, int chunk, uint expected)
    {
        bool castagnoli = (insn & 0x1000) != 0;
        uint crc32b = castagnoli ? 0x1AC15000u /* crc32cb w0, w0, w1 */ : 0x1AC14000u /* crc32b w0, w0, w1 */;
        int whole = CheckInput.Length / chunk * chunk;
        var code = new List<uint>();
        for (int i = 0; i < whole; i += chunk) code.Add(insn);
        for (int i = whole; i < CheckInput.Length; i++) code.Add(crc32b);
        var m = new TestMachine([.. code]);
        m[0] = Garbage | 0xFFFF_FFFF; // the upper half of Xn is ignored
        for (int i = 0; i < CheckInput.Length;)
        {
            int size = i < whole ? chunk : 1;
            ulong value = 0;
            for (int b = size - 1; b >= 0; b--) value = value << 8 | CheckInput[i + b];
            // Bits of Rm above the operand size are ignored.
            m[1] = size < 8 ? value | Garbage : value;
            m.Run();
            Assert.That(m[0] >> 32, Is.Zero, "Wd is zero-extended");
            i += size;
        }
        Assert.That(~(uint)m[0], Is.EqualTo(expected));
    }

    [Test]
    public void CrcAccumulatorAndDataInDifferentRegisters()
    {
        var m = new TestMachine(0x9AC35C45u); // crc32cx w5, w2, x3
        m[2] = 0xFFFF_FFFF;
        m[3] = 0x3837_3635_3433_3231; // "12345678"
        m.Run();
        Assert.That(~(uint)m[5], Is.EqualTo(0x6087_809Au)); // CRC-32C of "12345678"
        Assert.That(m[2], Is.EqualTo(0xFFFF_FFFFUL));
    }

    [TestCase(0x9AC14000u)] // crc32b with sf = 1
    [TestCase(0x1AC14C00u)] // crc32x with sf = 0
    [TestCase(0x9AC15800u)] // crc32cw with sf = 1
    [TestCase(0x9AC20420u)] // 2-source opcode 000001
    [TestCase(0x3AC20820u)] // udiv w0, w1, w2 with S = 1
    public void TwoSourceReservedIsUndefined(uint insn)
    {
        Assert.That(IsUndefined(insn), Is.True);
    }

    // ---- Data-processing (1 source) --------------------------------------------------------------

    [TestCase(0x5AC00020u, 0xFFFF_FFFF_0000_0001UL, 0x8000_0000UL)] // rbit w0, w1
    [TestCase(0xDAC00020u, 0x3UL, 0xC000_0000_0000_0000UL)] // rbit x0, x1
    [TestCase(0x5AC00420u, 0xFFFF_FFFF_1122_3344UL, 0x2211_4433UL)] // rev16 w0, w1
    [TestCase(0xDAC00420u, 0x1122_3344_5566_7788UL, 0x2211_4433_6655_8877UL)] // rev16 x0, x1
    [TestCase(0xDAC00820u, 0x1122_3344_5566_7788UL, 0x4433_2211_8877_6655UL)] // rev32 x0, x1
    [TestCase(0x5AC00820u, 0xFFFF_FFFF_1122_3344UL, 0x4433_2211UL)] // rev w0, w1
    [TestCase(0xDAC00C20u, 0x1122_3344_5566_7788UL, 0x8877_6655_4433_2211UL)] // rev x0, x1
    [TestCase(0xDAC01020u, 0x0UL, 0x40UL)] // clz x0, x1
    [TestCase(0xDAC01020u, 0x1_0000_0000UL, 0x1FUL)] // clz x0, x1
    [TestCase(0x5AC01020u, 0xFFFF_FFFF_0000_0000UL, 0x20UL)] // clz w0, w1
    [TestCase(0x5AC01020u, 0x8000UL, 0x10UL)] // clz w0, w1
    [TestCase(0xDAC01420u, 0x0UL, 0x3FUL)] // cls x0, x1
    [TestCase(0xDAC01420u, 0xFFFF_FFFF_FFFF_FFFFUL, 0x3FUL)] // cls x0, x1
    [TestCase(0xDAC01420u, 0xFF00_0000_0000_0000UL, 0x7UL)] // cls x0, x1
    [TestCase(0x5AC01420u, 0x1UL, 0x1EUL)] // cls w0, w1
    [TestCase(0x5AC01420u, 0xFFFF_FFFFUL, 0x1FUL)] // cls w0, w1
    [TestCase(0x5AC01420u, 0xFFFF_FFFF_4000_0000UL, 0x0UL)] // cls w0, w1
    public void OneSource(uint insn, ulong x1, ulong expected)
    {
        var m = Execute(insn, x1);
        Assert.That(m[0], Is.EqualTo(expected));
    }

    [TestCase(0x5AC00C20u)] // rev w0, w1 with opc = 11 (sf = 0)
    [TestCase(0xFAC00020u)] // rbit x0, x1 with S = 1
    [TestCase(0x5AC04020u)] // 1-source opcode 010000
    public void OneSourceReservedIsUndefined(uint insn)
    {
        Assert.That(IsUndefined(insn), Is.True);
    }
}
