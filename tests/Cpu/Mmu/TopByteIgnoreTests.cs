using Emulator.Cpu;
using static Emulator.Tests.Cpu.Mmu.PageTables;

namespace Emulator.Tests.Cpu.Mmu;

/// <summary>
/// Top byte ignore (TCR_EL1.TBI0/TBI1) where it reaches beyond the table walk: branch
/// targets (Arm ARM AArch64.BranchAddr: the PC gets bits 63:56 as copies of bit 55) and
/// data and instruction addresses with the MMU off (AArch64.TranslateAddressS1Off checks
/// the address size only up to bit 55). Also the WnR that atomics report.
/// </summary>
public sealed class TopByteIgnoreTests
{
    const ulong Code = TestMachine.CodeBase;
    const ulong Data = TestMachine.DataBase;
    const ulong Tbi0 = 1UL << 37, Tbi1 = 1UL << 38;
    const ulong Tag = 0x5A00_0000_0000_0000;

    const uint BrX0 = 0xD61F0000u;   // br x0
    const uint BlrX0 = 0xD63F0000u;  // blr x0
    const uint RetX0 = 0xD65F0000u;  // ret x0
    const uint Eret = 0xD69F03E0u;   // eret
    const uint LdrX1X0 = 0xF9400001u; // ldr x1, [x0]

    static uint Esr(TestMachine m) => (uint)m.State.EsrEl1;

    [TestCase(BrX0)]
    [TestCase(BlrX0)]
    [TestCase(RetX0)]
    public void WithTbi0ABranchDropsTheTagOfItsTarget(uint branch)
    {
        var m = new TestMachine(branch);
        m.State.TcrEl1 = Tbi0;
        m[0] = Tag | (Code + 0x40);
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Code + 0x40));
    }

    [Test]
    public void WithTbi1ABranchToATaggedUpperAddressSetsTheTopByteToOnes()
    {
        var m = new TestMachine(BrX0);
        m.State.TcrEl1 = Tbi1;
        m[0] = 0x5AFF_FF80_0000_1000;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(0xFFFF_FF80_0000_1000));
    }

    [Test]
    public void Tbi1DoesNotApplyToLowerAddresses()
    {
        var m = new TestMachine(BrX0);
        m.State.TcrEl1 = Tbi1;
        m[0] = Tag | (Code + 0x40);
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Tag | (Code + 0x40)));
    }

    [Test]
    public void WithoutTbiATaggedTargetIsAnAddressSizeFaultOnTheFetch()
    {
        var m = new TestMachine(BrX0);
        m[0] = Tag | (Code + 0x40);
        m.Run(2);
        Assert.That(m.Ec, Is.EqualTo(ExceptionClass.InstructionAbortSameEl));
        Assert.That(Esr(m), Is.EqualTo((uint)ExceptionClass.InstructionAbortSameEl << 26 | 1u << 25 | 0b000000), "ESR_EL1, IFSC address size level 0");
        Assert.That(m.State.FarEl1, Is.EqualTo(Tag | (Code + 0x40)));
        Assert.That(m.State.ElrEl1, Is.EqualTo(Tag | (Code + 0x40)));
    }

    [Test]
    public void EretToATaggedElrDropsTheTagWithTbi0()
    {
        var m = new TestMachine(Eret);
        m.State.TcrEl1 = Tbi0;
        m.State.SpsrEl1 = 0b0101; // EL1h
        m.State.ElrEl1 = Tag | (Code + 0x80);
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Code + 0x80));
    }

    [Test]
    public void WithTheMmuOffTbi0LetsATaggedLoadThrough()
    {
        var m = new TestMachine(LdrX1X0);
        m.Write(Data, 8, 0x1234);
        m.State.TcrEl1 = Tbi0;
        m[0] = Tag | Data;
        m.Run();
        Assert.That(m[1], Is.EqualTo(0x1234UL));
    }

    [Test]
    public void WithTheMmuOffATaggedLoadWithoutTbiIsAnAddressSizeFault()
    {
        var m = new TestMachine(LdrX1X0);
        m[0] = Tag | Data;
        m.Run();
        Assert.That(m.Ec, Is.EqualTo(ExceptionClass.DataAbortSameEl));
        Assert.That(Esr(m) & 0x3F, Is.EqualTo(0b000000u), "DFSC address size level 0");
        Assert.That(m.State.FarEl1, Is.EqualTo(Tag | Data));
    }

    [Test]
    public void WithTheMmuOffTbiDoesNotWidenThePhysicalAddress()
    {
        var m = new TestMachine(LdrX1X0);
        m.State.TcrEl1 = Tbi0;
        m[0] = Tag | 1UL << 48 | Data; // bit 48 is an address bit below the tag
        m.Run();
        Assert.That(m.Ec, Is.EqualTo(ExceptionClass.DataAbortSameEl));
        Assert.That(Esr(m) & 0x3F, Is.EqualTo(0b000000u));
    }

    [Test]
    public void AtWithTheMmuOffIgnoresTheTagUnderTbi()
    {
        var m = new TestMachine(0xD5087800u); // at s1e1r, x0
        m.State.TcrEl1 = Tbi0;
        m[0] = Tag | Data;
        m.Run();
        Assert.That(m.State.ParEl1 & 1, Is.Zero, "PAR_EL1.F");
        Assert.That(m.State.ParEl1 & 0x0000_FFFF_FFFF_F000, Is.EqualTo(Data));
    }

    // ---- WnR of atomic read-modify-writes ---------------------------------------------

    const uint LdaddX1X2X0 = 0xF8210002u; // ldadd x1, x2, [x0]
    const uint CasX1X2X0 = 0xC8A17C02u;   // cas x1, x2, [x0]

    static (TestMachine M, PageTables T) MmuMachine(uint insn) => TranslationTests.Machine(12, 39, insn);

    [TestCase(LdaddX1X2X0)]
    [TestCase(CasX1X2X0)]
    public void AnAtomicOnAnUnmappedPageReportsARead(uint insn)
    {
        var (m, _) = MmuMachine(insn);
        m[0] = 0x12_3456_7000;
        m.Run();
        Assert.That(m.Ec, Is.EqualTo(ExceptionClass.DataAbortSameEl));
        Assert.That(Esr(m) & 0x7F, Is.EqualTo(0b0_000101u), "WnR = 0, DFSC translation fault level 1 (no table below)");
        Assert.That(m.State.FarEl1, Is.EqualTo(0x12_3456_7000UL));
    }

    [TestCase(LdaddX1X2X0)]
    [TestCase(CasX1X2X0)]
    public void AnAtomicWithTheAccessFlagClearReportsARead(uint insn)
    {
        var (m, t) = MmuMachine(insn);
        t.Map(0x12_3456_7000, Data, 3, KernelData & ~Af);
        m[0] = 0x12_3456_7008;
        m.Run();
        Assert.That(Esr(m) & 0x7F, Is.EqualTo(0b0_001011u), "WnR = 0, DFSC access flag fault level 3");
    }

    [TestCase(LdaddX1X2X0)]
    [TestCase(CasX1X2X0)]
    public void AnAtomicOnAReadOnlyPageReportsAWrite(uint insn)
    {
        var (m, t) = MmuMachine(insn);
        t.Map(0x12_3456_7000, Data, 3, Af | InnerShareable | Normal | ApEl1ReadOnly);
        m.Write(Data + 8, 8, 7);
        m[0] = 0x12_3456_7008;
        m[1] = 7; // CAS: the comparison would succeed
        m.Run();
        Assert.That(Esr(m) & 0x7F, Is.EqualTo(0b1_001111u), "WnR = 1, DFSC permission fault level 3");
        Assert.That(m.Read(Data + 8, 8), Is.EqualTo(7UL));
        Assert.That(m[2], Is.Zero, "no register written");
    }
}
