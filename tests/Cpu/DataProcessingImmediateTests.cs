using Emulator.Cpu;

namespace Emulator.Tests.Cpu;

public class DataProcessingImmediateTests
{
    const ulong Garbage = 0xDEAD_BEEF_0000_0000;

    static bool IsUndefined(uint insn)
    {
        var m = new TestMachine(insn);
        m.Run();
        return m.Took(ExceptionClass.Unknown) && m.State.ElrEl1 == TestMachine.CodeBase;
    }

    // ---- PC-rel. addressing ----------------------------------------------------------------

    [Test]
    public void AdrAddsSignedOffsetToInstructionAddress()
    {
        var m = new TestMachine(
            0x10000040u,  // adr x0, .+8
            0x10FFF803u); // adr x3, .-0x100
        m.Run(2);
        Assert.That(m[0], Is.EqualTo(TestMachine.CodeBase + 8));
        Assert.That(m[3], Is.EqualTo(TestMachine.CodeBase + 4 - 0x100));
    }

    [Test]
    public void AdrpUsesPageOfInstructionAddress()
    {
        var m = new TestMachine(
            0xD2800009u,  // mov x9, #0        (so the ADRPs are not page-aligned)
            0xF0000001u,  // adrp x1, .+0x3000 (immlo = 3)
            0xF0FFFFE2u); // adrp x2, .-0x1000 (imm = -1)
        m.Run(3);
        Assert.That(m[1], Is.EqualTo((TestMachine.CodeBase & ~0xFFFUL) + 0x3000));
        Assert.That(m[2], Is.EqualTo((TestMachine.CodeBase & ~0xFFFUL) - 0x1000));
    }

    [Test]
    public void AdrToXzrIsDiscarded()
    {
        var m = new TestMachine(0x1000005Fu); // adr xzr, .+8
        m.Sp = 0x1234;
        m.Run();
        Assert.That(m[31], Is.EqualTo(0UL));
        Assert.That(m.Sp, Is.EqualTo(0x1234UL));
    }

    // ---- Add/subtract (immediate) ------------------------------------------------------------

    [Test]
    public void AddImmediateShifted()
    {
        var m = new TestMachine(0x91400420u); // add x0, x1, #1, lsl #12
        m[1] = 0x10;
        m.Run();
        Assert.That(m[0], Is.EqualTo(0x1010UL));
        Assert.That(m.State.PC, Is.EqualTo(TestMachine.CodeBase + 4));
    }

    [Test]
    public void AddImmediateUsesSpForRegister31()
    {
        var m = new TestMachine(0x910043FFu); // add sp, sp, #0x10
        m.Sp = 0x1000;
        m.Run();
        Assert.That(m.Sp, Is.EqualTo(0x1010UL));
    }

    [Test]
    public void AddImmediateWordZeroExtends()
    {
        var m = new TestMachine(0x11000420u); // add w0, w1, #1
        m[1] = 0x1234_5678_FFFF_FFFF;
        m.Run();
        Assert.That(m[0], Is.EqualTo(0UL));
    }

    [Test]
    public void SubImmediateWordWrapsAndZeroExtends()
    {
        var m = new TestMachine(0x51000420u); // sub w0, w1, #1
        m[1] = Garbage;
        m.Run();
        Assert.That(m[0], Is.EqualTo(0xFFFF_FFFFUL));
    }

    [Test]
    public void SubsSetsFlagsAndDiscardsToZeroRegister()
    {
        var m = new TestMachine(0x7100043Fu); // cmp w1, #1  (subs wzr, w1, #1)
        m[1] = 1;
        m.Run();
        Assert.That(m.State.Nzcv, Is.EqualTo(Alu.Z | Alu.C));
        Assert.That(m[31], Is.EqualTo(0UL));
    }

    [Test]
    public void SubsBorrowClearsCarry()
    {
        var m = new TestMachine(0xF1000820u); // subs x0, x1, #2
        m[1] = 1;
        m.Run();
        Assert.That(m[0], Is.EqualTo(ulong.MaxValue));
        Assert.That(m.State.Nzcv, Is.EqualTo(Alu.N));
    }

    [Test]
    public void AddsWordOverflowSetsV()
    {
        var m = new TestMachine(0x31000420u); // adds w0, w1, #1
        m[1] = 0x7FFF_FFFF;
        m.Run();
        Assert.That(m[0], Is.EqualTo(0x8000_0000UL));
        Assert.That(m.State.Nzcv, Is.EqualTo(Alu.N | Alu.V));
    }

    [Test]
    public void AddsDoublewordCarryOut()
    {
        var m = new TestMachine(0xB1000420u); // adds x0, x1, #1
        m[1] = ulong.MaxValue;
        m.Run();
        Assert.That(m[0], Is.EqualTo(0UL));
        Assert.That(m.State.Nzcv, Is.EqualTo(Alu.Z | Alu.C));
    }

    // ---- Logical (immediate) ---------------------------------------------------------------

    [TestCase(0x92089C20u, 0x1234_5678_9ABC_DEF0UL, 0x1200_5600_9A00_DE00UL)] // and x0, x1, #0xff00ff00ff00ff00
    [TestCase(0x121C0C20u, 0xFFFF_FFFF_FFFF_FFFFUL, 0xF0UL)]                  // and w0, w1, #0xf0
    [TestCase(0xB27C1420u, 0x8000_0000_0000_0001UL, 0x8000_0000_0000_03F1UL)] // orr x0, x1, #0x3f0
    [TestCase(0x52010020u, 0xDEAD_BEEF_8000_0001UL, 0x1UL)]                   // eor w0, w1, #0x80000000
    [TestCase(0xD2008420u, 0x0001_0001_0001_0001UL, 0x0002_0002_0002_0002UL)] // eor x0, x1, #0x0003000300030003
    public void LogicalImmediate(uint insn, ulong x1, ulong expected)
    {
        var m = new TestMachine(insn);
        m[1] = x1;
        m.State.Nzcv = Alu.N | Alu.Z | Alu.C | Alu.V;
        m.Run();
        Assert.That(m[0], Is.EqualTo(expected));
        Assert.That(m.State.Nzcv, Is.EqualTo(Alu.N | Alu.Z | Alu.C | Alu.V), "only ANDS sets flags");
    }

    [TestCase(0x3200F3E0u, 0x5555_5555UL)]             // mov w0, #0x55555555 (orr w0, wzr, ...)
    [TestCase(0xB24107E0u, 0x8000_0000_0000_0001UL)]   // mov x0, #0x8000000000000001 (two ones rotated by 1)
    public void OrrImmediateFromZeroRegisterIsMov(uint insn, ulong expected)
    {
        var m = new TestMachine(insn);
        m[0] = Garbage;
        m.Sp = 0xFFFF_0000; // Rn = 31 is XZR, not SP
        m.Run();
        Assert.That(m[0], Is.EqualTo(expected));
    }

    [Test]
    public void AndImmediateMayWriteSp()
    {
        var m = new TestMachine(0x927CEC3Fu); // and sp, x1, #0xfffffffffffffff0
        m[1] = 0x4000_1237;
        m.Run();
        Assert.That(m.Sp, Is.EqualTo(0x4000_1230UL));
    }

    [Test]
    public void AndsImmediateSetsNZAndClearsCV()
    {
        var m = new TestMachine(
            0xF2400020u,  // ands x0, x1, #0x1
            0x7201003Fu); // tst w1, #0x80000000
        m[1] = 0xFFFF_FFFF_8000_0000;
        m.State.Nzcv = Alu.C | Alu.V;
        m.Run();
        Assert.That(m[0], Is.EqualTo(0UL));
        Assert.That(m.State.Nzcv, Is.EqualTo(Alu.Z));
        m.Run();
        Assert.That(m.State.Nzcv, Is.EqualTo(Alu.N), "the word form takes N from bit 31");
    }

    [Test]
    public void AndsImmediateToZeroRegisterDoesNotTouchSp()
    {
        var m = new TestMachine(0x7202043Fu); // tst w1, #0xc0000000 (ands wzr, ...)
        m[1] = 0x4000_0000;
        m.Sp = 0x1000;
        m.Run();
        Assert.That(m.Sp, Is.EqualTo(0x1000UL));
        Assert.That(m.State.Nzcv, Is.EqualTo(0u));
    }

    [TestCase(0x12400000u)] // and w0, w0, N = 1 with sf = 0
    [TestCase(0x9240FC00u)] // and x0, x0, N = 1, imms = 111111: a 64-bit element of all ones
    [TestCase(0x9200FC00u)] // and x0, x0, N = 0, imms = 111111: no element size
    [TestCase(0x9200F800u)] // and x0, x0, N = 0, imms = 111110: no element size
    [TestCase(0x9200F400u)] // and x0, x0, N = 0, imms = 111101: a 2-bit element of all ones
    [TestCase(0x3200EFE0u)] // orr w0, wzr, imms = 111011: a 4-bit element of all ones
    public void LogicalImmediateReservedBitmaskIsUndefined(uint insn)
    {
        Assert.That(IsUndefined(insn), Is.True);
    }

    [Test]
    public void LogicalImmediateRotatedElement()
    {
        var m = new TestMachine(0xD27F7C20u); // eor x0, x1, #0x1fffffffe (N = 1, immr = 63, imms = 31)
        m[1] = 0x3;
        m.Run();
        Assert.That(m[0], Is.EqualTo(0x1_FFFF_FFFDUL));
    }

    // ---- Move wide (immediate) ------------------------------------------------------------

    [Test]
    public void MovnInvertsShiftedHalfword()
    {
        var m = new TestMachine(
            0x92A24680u,  // movn x0, #0x1234, lsl #16
            0x12824681u); // movn w1, #0x1234
        m[1] = Garbage;
        m.Run(2);
        Assert.That(m[0], Is.EqualTo(0xFFFF_FFFF_EDCB_FFFFUL));
        Assert.That(m[1], Is.EqualTo(0xFFFF_EDCBUL), "the word form is zero-extended");
    }

    [Test]
    public void MovzReplacesWholeRegister()
    {
        var m = new TestMachine(0xD2F7DDE0u); // movz x0, #0xbeef, lsl #48
        m[0] = 0x1111_2222_3333_4444;
        m.Run();
        Assert.That(m[0], Is.EqualTo(0xBEEF_0000_0000_0000UL));
    }

    [Test]
    public void MovkKeepsOtherHalfwords()
    {
        var m = new TestMachine(
            0xF2F7DDE0u,  // movk x0, #0xbeef, lsl #48
            0x72B7DDE1u); // movk w1, #0xbeef, lsl #16
        m[0] = 0x1111_2222_3333_4444;
        m[1] = 0x1111_2222_3333_4444;
        m.Run(2);
        Assert.That(m[0], Is.EqualTo(0xBEEF_2222_3333_4444UL));
        Assert.That(m[1], Is.EqualTo(0xBEEF_4444UL), "the word form clears bits 63:32");
    }

    [TestCase(0x52C00020u)] // movz w0, #1, lsl #32 : hw = 2 with sf = 0
    [TestCase(0x12E00020u)] // movn w0, #1, lsl #48 : hw = 3 with sf = 0
    [TestCase(0x72C00020u)] // movk w0, #1, lsl #32 : hw = 2 with sf = 0
    [TestCase(0x32800020u)] // move wide with opc = 01: unallocated
    public void MoveWideReservedIsUndefined(uint insn)
    {
        Assert.That(IsUndefined(insn), Is.True);
    }

    [Test]
    public void MovzWithReservedHalfwordIsUndefined()
    {
        var m = new TestMachine(0x52C00020u); // movz w0, #1, lsl #32 : hw = 2 with sf = 0 is unallocated
        m.Run();
        Assert.That(m.Took(ExceptionClass.Unknown), Is.True);
        Assert.That(m.State.ElrEl1, Is.EqualTo(TestMachine.CodeBase));
    }

    // ---- Bitfield ---------------------------------------------------------------------------

    [TestCase(0x9344FC20u, 0x8000_0000_0000_00F0UL, 0xF800_0000_0000_000FUL)] // asr x0, x1, #4
    [TestCase(0x13047C20u, 0x1234_5678_8000_0000UL, 0xF800_0000UL)]           // asr w0, w1, #4
    [TestCase(0x13001C20u, 0x0000_0000_0000_0080UL, 0xFFFF_FF80UL)]           // sxtb w0, w1
    [TestCase(0x93407C20u, 0x0000_0000_8000_0000UL, 0xFFFF_FFFF_8000_0000UL)] // sxtw x0, w1
    [TestCase(0x93780C20u, 0x0000_0000_0000_00F8UL, 0xFFFF_FFFF_FFFF_F800UL)] // sbfiz x0, x1, #8, #4
    [TestCase(0x13042C20u, 0xFFFF_FFFF_0000_0A50UL, 0xFFFF_FFA5UL)]           // sbfx w0, w1, #4, #8
    [TestCase(0x13042C20u, 0x0000_0000_0000_0750UL, 0x75UL)]                  // sbfx w0, w1, #4, #8
    public void Sbfm(uint insn, ulong x1, ulong expected)
    {
        var m = new TestMachine(insn);
        m[1] = x1;
        m.Run();
        Assert.That(m[0], Is.EqualTo(expected));
    }

    [TestCase(0xD374CC20u, 0xFFF0_0000_0000_0ABCUL, 0x0000_0000_00AB_C000UL)] // lsl x0, x1, #12
    [TestCase(0x53010020u, 0xFFFF_FFFF_FFFF_FFFFUL, 0x8000_0000UL)]           // lsl w0, w1, #31
    [TestCase(0x53037C20u, 0xFFFF_FFFF_8000_0000UL, 0x1000_0000UL)]           // lsr w0, w1, #3
    [TestCase(0xD37CFC20u, 0xA000_0000_0000_0000UL, 0xAUL)]                   // lsr x0, x1, #60 (ubfx #60, #4)
    [TestCase(0x53040C20u, 0xFFFF_FFFF_FFFF_FFF5UL, 0x5000_0000UL)]           // ubfiz w0, w1, #28, #4
    [TestCase(0x53001C20u, 0xFFFF_FFFF_FFFF_FF80UL, 0x80UL)]                  // uxtb w0, w1
    public void Ubfm(uint insn, ulong x1, ulong expected)
    {
        var m = new TestMachine(insn);
        m[1] = x1;
        m.Run();
        Assert.That(m[0], Is.EqualTo(expected));
    }

    [TestCase(0xB3783C20u, 0x1111_1111_1111_1111UL, 0xFFFF_FFFF_FFFF_ABCDUL, 0x1111_1111_11AB_CD11UL)] // bfi x0, x1, #8, #16
    [TestCase(0x33042C20u, 0xFFFF_FFFF_1234_5678UL, 0x9ABCUL, 0x1234_56ABUL)]                         // bfxil w0, w1, #4, #8
    [TestCase(0x33010020u, 0xFFFF_FFFF_0000_0001UL, 0x3UL, 0x8000_0001UL)]                            // bfi w0, w1, #31, #1
    [TestCase(0xB340FC20u, 0x1111_1111_1111_1111UL, 0x8765_4321_0FED_CBA9UL, 0x8765_4321_0FED_CBA9UL)] // bfxil x0, x1, #0, #64
    public void Bfm(uint insn, ulong x0, ulong x1, ulong expected)
    {
        var m = new TestMachine(insn);
        m[0] = x0;
        m[1] = x1;
        m.Run();
        Assert.That(m[0], Is.EqualTo(expected));
    }

    [TestCase(0x9304FC20u)] // sbfm x0, x1, #4, #63 with N = 0 (sf != N)
    [TestCase(0x13447C20u)] // sbfm w0, w1, #4, #31 with N = 1 (sf != N)
    [TestCase(0x13247C20u)] // sbfm w0, w1, #36, #31: immr bit 5 in a 32-bit operation
    [TestCase(0x5300FC20u)] // ubfm w0, w1, #0, #63: imms bit 5 in a 32-bit operation
    [TestCase(0x33200020u)] // bfm w0, w1, #32, #0: immr bit 5 in a 32-bit operation
    [TestCase(0xF3400020u)] // opc = 11 (bitfield): unallocated
    public void BitfieldReservedIsUndefined(uint insn)
    {
        Assert.That(IsUndefined(insn), Is.True);
    }

    // ---- Extract ----------------------------------------------------------------------------

    [TestCase(0x93C22020u, 0x1122_3344_5566_7788UL, 0x99AA_BBCC_DDEE_FF00UL, 0x8899_AABB_CCDD_EEFFUL)] // extr x0, x1, x2, #8
    [TestCase(0x93C20020u, 0x1122_3344_5566_7788UL, 0x99AA_BBCC_DDEE_FF00UL, 0x99AA_BBCC_DDEE_FF00UL)] // extr x0, x1, x2, #0
    [TestCase(0x93C10020u, 0x1122_3344_5566_7788UL, 0UL, 0x1122_3344_5566_7788UL)]                     // ror x0, x1, #0
    [TestCase(0x13827C20u, 0xFFFF_FFFF_0000_0003UL, 0x8000_0000UL, 0x7UL)]                             // extr w0, w1, w2, #31
    [TestCase(0x13811020u, 0xAAAA_AAAA_1234_567FUL, 0UL, 0xF123_4567UL)]                               // ror w0, w1, #4
    public void Extr(uint insn, ulong x1, ulong x2, ulong expected)
    {
        var m = new TestMachine(insn);
        m[1] = x1;
        m[2] = x2;
        m.Run();
        Assert.That(m[0], Is.EqualTo(expected));
    }

    [TestCase(0x1382A020u)] // extr w0, w1, w2, #40: lsb >= 32 in a 32-bit operation
    [TestCase(0x93822020u)] // extr x0, x1, x2, #8 with N = 0 (sf != N)
    [TestCase(0x13C21020u)] // extr w0, w1, w2, #4 with N = 1 (sf != N)
    [TestCase(0x93E22020u)] // o0 = 1: unallocated
    public void ExtrReservedIsUndefined(uint insn)
    {
        Assert.That(IsUndefined(insn), Is.True);
    }
}
