using Emulator.Cpu;

namespace Emulator.Tests.Cpu;

public class SystemRegisterTests
{
    const ulong Code = TestMachine.CodeBase;
    const ulong Vectors = TestMachine.VectorBase;
    const uint IssIl = 1u << 25;

    static TestMachine AtEl0(params uint[] code) => TestMachine.AtEl0(code);

    static ExceptionClass Ec(TestMachine m) => m.Ec;

    static void AssertUndefined(TestMachine m, ulong vector)
    {
        Assert.That(m.State.PC, Is.EqualTo(vector), "vector");
        Assert.That(m.State.EsrEl1, Is.EqualTo((ulong)IssIl), "EC = Unknown, IL = 1");
        Assert.That(m.State.ElrEl1, Is.EqualTo(Code));
    }

    /// <summary>MSR &lt;reg&gt;, X1 then MRS X2, &lt;reg&gt; at EL1: what reads back after writing <paramref name="written"/>.</summary>
    static ulong RoundTrip(uint msr, uint mrs, ulong written)
    {
        var m = new TestMachine(msr, mrs);
        m[1] = written;
        m.Run(2);
        Assert.That(m.State.PC, Is.EqualTo(Code + 8), "no exception");
        return m[2];
    }

    const ulong All = ulong.MaxValue;

    [TestCase(0xD51BD041u, 0xD53BD042u, All, All, TestName = "TPIDR_EL0")]               // msr tpidr_el0, x1 ; mrs x2, tpidr_el0
    [TestCase(0xD51BD061u, 0xD53BD062u, All, All, TestName = "TPIDRRO_EL0")]             // msr tpidrro_el0, x1 ; mrs x2, tpidrro_el0
    [TestCase(0xD518D081u, 0xD538D082u, All, All, TestName = "TPIDR_EL1")]               // msr tpidr_el1, x1 ; mrs x2, tpidr_el1
    [TestCase(0xD5184021u, 0xD5384022u, All, All, TestName = "ELR_EL1")]                 // msr elr_el1, x1 ; mrs x2, elr_el1
    [TestCase(0xD5186001u, 0xD5386002u, All, All, TestName = "FAR_EL1")]                 // msr far_el1, x1 ; mrs x2, far_el1
    [TestCase(0xD518C001u, 0xD538C002u, All, ~0x7FFUL, TestName = "VBAR_EL1 bits 10:0 RES0")]  // msr vbar_el1, x1 ; mrs x2, vbar_el1
    [TestCase(0xD5184001u, 0xD5384002u, All, 0xF03003DFUL, TestName = "SPSR_EL1 RES0 bits")]   // msr spsr_el1, x1 ; mrs x2, spsr_el1
    [TestCase(0xD5185201u, 0xD5385202u, All, 0xFFFFFFFFUL, TestName = "ESR_EL1 bits 63:32 RES0")] // msr esr_el1, x1 ; mrs x2, esr_el1
    [TestCase(0xD518D021u, 0xD538D022u, All, 0xFFFFFFFFUL, TestName = "CONTEXTIDR_EL1")] // msr contextidr_el1, x1 ; mrs x2, contextidr_el1
    [TestCase(0xD5182041u, 0xD5382042u, 0x12345678_9ABCDEF0UL, 0x12345678_9ABCDEF0UL, TestName = "TCR_EL1")] // msr tcr_el1, x1 ; mrs x2, tcr_el1
    [TestCase(0xD5182001u, 0xD5382002u, All, All, TestName = "TTBR0_EL1")]               // msr ttbr0_el1, x1 ; mrs x2, ttbr0_el1
    [TestCase(0xD5182021u, 0xD5382022u, All, All, TestName = "TTBR1_EL1")]               // msr ttbr1_el1, x1 ; mrs x2, ttbr1_el1
    [TestCase(0xD518A201u, 0xD538A202u, 0x000000FF_440C0400UL, 0x000000FF_440C0400UL, TestName = "MAIR_EL1")] // msr mair_el1, x1 ; mrs x2, mair_el1
    [TestCase(0xD518A301u, 0xD538A302u, All, All, TestName = "AMAIR_EL1")]               // msr amair_el1, x1 ; mrs x2, amair_el1
    [TestCase(0xD5187401u, 0xD5387402u, All, All, TestName = "PAR_EL1")]                 // msr par_el1, x1 ; mrs x2, par_el1
    [TestCase(0xD51A0001u, 0xD53A0002u, All, 0xFUL, TestName = "CSSELR_EL1")]            // msr csselr_el1, x1 ; mrs x2, csselr_el1
    [TestCase(0xD5100241u, 0xD5300242u, All, 0x00E0F001UL, TestName = "MDSCR_EL1")]      // msr mdscr_el1, x1 ; mrs x2, mdscr_el1
    [TestCase(0xD5101381u, 0xD5301382u, All, 1UL, TestName = "OSDLR_EL1")]               // msr osdlr_el1, x1 ; mrs x2, osdlr_el1
    [TestCase(0xD518E101u, 0xD538E102u, All, 0x3FFUL, TestName = "CNTKCTL_EL1")]         // msr cntkctl_el1, x1 ; mrs x2, cntkctl_el1
    [TestCase(0xD51BE001u, 0xD53BE002u, All, 0xFFFFFFFFUL, TestName = "CNTFRQ_EL0")]     // msr cntfrq_el0, x1 ; mrs x2, cntfrq_el0
    [TestCase(0xD5181041u, 0xD5381042u, All, 0x300000UL, TestName = "CPACR_EL1 FPEN")]   // msr cpacr_el1, x1 ; mrs x2, cpacr_el1
    [TestCase(0xD5100081u, 0xD5300082u, All, ~3UL, TestName = "DBGBVR0_EL1")]            // msr dbgbvr0_el1, x1 ; mrs x2, dbgbvr0_el1
    [TestCase(0xD51001A1u, 0xD53001A2u, All, 0x00FFE1E7UL, TestName = "DBGBCR1_EL1")]    // msr dbgbcr1_el1, x1 ; mrs x2, dbgbcr1_el1
    [TestCase(0xD51001C1u, 0xD53001C2u, All, ~3UL, TestName = "DBGWVR1_EL1")]            // msr dbgwvr1_el1, x1 ; mrs x2, dbgwvr1_el1
    [TestCase(0xD51000E1u, 0xD53000E2u, All, 0x1F1FFFFFUL, TestName = "DBGWCR0_EL1")]    // msr dbgwcr0_el1, x1 ; mrs x2, dbgwcr0_el1
    [TestCase(0xD51B4201u, 0xD53B4202u, All, 0xF0000000UL, TestName = "NZCV")]           // msr nzcv, x1 ; mrs x2, nzcv
    [TestCase(0xD51B4221u, 0xD53B4222u, All, 0x3C0UL, TestName = "DAIF")]                // msr daif, x1 ; mrs x2, daif
    [TestCase(0xD5181021u, 0xD5381022u, All, 0UL, TestName = "ACTLR_EL1 RAZ/WI")]        // msr actlr_el1, x1 ; mrs x2, actlr_el1
    public void WriteThenRead(uint msr, uint mrs, ulong written, ulong expected)
    {
        Assert.That(RoundTrip(msr, mrs, written), Is.EqualTo(expected));
        Assert.That(RoundTrip(msr, mrs, 0), Is.EqualTo(0UL), "and back to zero");
    }

    [Test]
    public void NzcvAndDaifWritesReachPstate()
    {
        var m = new TestMachine(0xD51B4201u, 0xD51B4221u); // msr nzcv, x1 ; msr daif, x1
        m[1] = 0x6000_0000 | 0x140; // Z, C ; D clear, A set, I clear, F set
        m.State.Daif = 0;
        m.Run(2);
        Assert.That(m.State.Nzcv, Is.EqualTo(Alu.Z | Alu.C));
        Assert.That(m.State.Daif, Is.EqualTo(0x140u));
    }

    [Test]
    public void SctlrKeepsItsRes0AndRes1Bits()
    {
        Assert.That(RoundTrip(0xD5181001u, 0xD5381002u, 0), Is.EqualTo(0x30D00980UL), "RES1: 29, 28, 23, 22, 20, 11, 8, 7"); // msr sctlr_el1, x1 ; mrs x2, sctlr_el1
        Assert.That(RoundTrip(0xD5181001u, 0xD5381002u, All), Is.EqualTo(0x30D00980UL | 0x040DD21FUL)); // msr sctlr_el1, x1 ; mrs x2, sctlr_el1
    }

    [Test]
    public void CurrentElReadsTheExceptionLevel()
    {
        var m = new TestMachine(0xD5384240u); // mrs x0, currentel
        m.Run();
        Assert.That(m[0], Is.EqualTo(1UL << 2));
    }

    [Test]
    public void SpSelRegisterSwitchesTheStackPointer()
    {
        var m = new TestMachine(0xD5184201u, 0xD5384202u); // msr spsel, x1 ; mrs x2, spsel
        m.Sp = 0x4000_9000;
        m.State.SpEl0 = 0x4000_7000;
        m[1] = 0;
        m.Run(2);
        Assert.That(m[2], Is.Zero);
        Assert.That(m.Sp, Is.EqualTo(0x4000_7000UL));
        Assert.That(m.State.SpEl1, Is.EqualTo(0x4000_9000UL));
    }

    [Test]
    public void SpEl0IsTheBankedStackPointerAtEl1h()
    {
        var m = new TestMachine(0xD5384102u, 0xD5184101u); // mrs x2, sp_el0 ; msr sp_el0, x1
        m.State.SpEl0 = 0x4000_7000;
        m.Sp = 0x4000_9000;
        m[1] = 0x4000_6000;
        m.Run(2);
        Assert.That(m[2], Is.EqualTo(0x4000_7000UL));
        Assert.That(m.State.SpEl0, Is.EqualTo(0x4000_6000UL));
        Assert.That(m.Sp, Is.EqualTo(0x4000_9000UL), "SP_EL1 untouched");
    }

    [TestCase(0xD5384102u)] // mrs x2, sp_el0
    [TestCase(0xD5184101u)] // msr sp_el0, x1
    public void SpEl0IsUndefinedWhileItIsTheCurrentStackPointer(uint insn)
    {
        var m = new TestMachine(insn);
        m.Cpu.SetExceptionLevel(1, 0);
        m.Run();
        AssertUndefined(m, Vectors + 0x000);
    }

    [TestCase(0xD53C4100u)] // mrs x0, sp_el1 (an EL2 register)
    [TestCase(0xD538F000u)] // mrs x0, s3_0_c15_c0_0 (nothing there)
    [TestCase(0xD5184240u)] // msr currentel, x0 (read-only)
    [TestCase(0xD5180000u)] // msr midr_el1, x0 (read-only)
    [TestCase(0xD51B0020u)] // msr ctr_el0, x0 (read-only)
    [TestCase(0xD5301080u)] // mrs x0, oslar_el1 (write-only)
    public void UnknownRegistersAndWrongDirectionsAreUndefined(uint insn)
    {
        var m = new TestMachine(insn);
        m.Run();
        AssertUndefined(m, Vectors + 0x200);
    }

    [TestCase(0xD5381000u)] // mrs x0, sctlr_el1
    [TestCase(0xD518D081u)] // msr tpidr_el1, x1
    [TestCase(0xD5380000u)] // mrs x0, midr_el1
    [TestCase(0xD5384240u)] // mrs x0, currentel
    [TestCase(0xD5384200u)] // mrs x0, spsel
    [TestCase(0xD5384100u)] // mrs x0, sp_el0
    [TestCase(0xD5380400u)] // mrs x0, id_aa64pfr0_el1
    [TestCase(0xD5390020u)] // mrs x0, clidr_el1
    [TestCase(0xD51BD061u)] // msr tpidrro_el0, x1 (EL0 may only read it)
    [TestCase(0xD51BE001u)] // msr cntfrq_el0, x1 (EL0 may only read it)
    [TestCase(0xD5300242u)] // mrs x2, mdscr_el1
    public void El0AccessToEl1RegistersIsUndefined(uint insn)
    {
        var m = AtEl0(insn);
        m.State.CntkctlEl1 = 3;
        m.Run();
        AssertUndefined(m, Vectors + 0x400);
    }

    [TestCase(0xD53BD042u)] // mrs x2, tpidr_el0
    [TestCase(0xD53BD062u)] // mrs x2, tpidrro_el0
    [TestCase(0xD53B4202u)] // mrs x2, nzcv
    public void El0MayReadItsRegisters(uint insn)
    {
        var m = AtEl0(insn);
        m.State.TpidrEl0 = 0x77;
        m.State.TpidrroEl0 = 0x77;
        m.State.Nzcv = 0x7000_0000;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Code + 4));
        Assert.That(m[2], Is.EqualTo(insn == 0xD53B4202u ? 0x7000_0000UL : 0x77UL));
    }

    /// <summary>The ISS of EC 0x18: op0, op2, op1, CRn, Rt, CRm, direction (Arm ARM D17.2.37).</summary>
    static uint SysRegIss(uint op0, uint op1, uint crn, uint crm, uint op2, uint rt, bool read) =>
        op0 << 20 | op2 << 17 | op1 << 14 | crn << 10 | rt << 5 | crm << 1 | (read ? 1u : 0);

    [Test]
    public void El0DaifAccessTrapsUnlessUmaIsSet()
    {
        var m = AtEl0(0xD53B4222u); // mrs x2, daif
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Vectors + 0x400));
        Assert.That(Ec(m), Is.EqualTo(ExceptionClass.SystemRegisterTrap));
        Assert.That(m.State.EsrEl1 & 0x1FF_FFFF, Is.EqualTo((ulong)SysRegIss(3, 3, 4, 2, 1, 2, read: true)));
        Assert.That(m.State.ElrEl1, Is.EqualTo(Code));

        var w = AtEl0(0xD51B4221u); // msr daif, x1
        w.Run();
        Assert.That(w.State.EsrEl1 & 0x1FF_FFFF, Is.EqualTo((ulong)SysRegIss(3, 3, 4, 2, 1, 1, read: false)));

        var allowed = AtEl0(0xD51B4221u, 0xD53B4222u); // msr daif, x1 ; mrs x2, daif
        allowed.State.SctlrEl1 |= 1UL << 9; // UMA
        allowed[1] = 0x80;
        allowed.Run(2);
        Assert.That(allowed.State.PC, Is.EqualTo(Code + 8));
        Assert.That(allowed.State.Daif, Is.EqualTo(0x80u));
        Assert.That(allowed[2], Is.EqualTo(0x80UL));
    }

    [Test]
    public void El0CtrAccessTrapsUnlessUctIsSet()
    {
        var m = AtEl0(0xD53B0020u); // mrs x0, ctr_el0
        m.Run();
        Assert.That(Ec(m), Is.EqualTo(ExceptionClass.SystemRegisterTrap));
        Assert.That(m.State.EsrEl1 & 0x1FF_FFFF, Is.EqualTo((ulong)SysRegIss(3, 3, 0, 0, 1, 0, read: true)));

        var allowed = AtEl0(0xD53B0020u); // mrs x0, ctr_el0
        allowed.State.SctlrEl1 |= 1UL << 15; // UCT
        allowed.Run();
        Assert.That(allowed[0], Is.EqualTo(BaseSystemRegisters.Ctr));
    }

    [Test]
    public void El0CntfrqReadTrapsUnlessCntkctlAllowsACounter()
    {
        var m = AtEl0(0xD53BE000u); // mrs x0, cntfrq_el0
        m.State.CntfrqEl0 = 62_500_000;
        m.Run();
        Assert.That(Ec(m), Is.EqualTo(ExceptionClass.SystemRegisterTrap));

        foreach (ulong enable in new ulong[] { 1, 2 }) // EL0PCTEN, EL0VCTEN
        {
            var allowed = AtEl0(0xD53BE000u); // mrs x0, cntfrq_el0
            allowed.State.CntfrqEl0 = 62_500_000;
            allowed.State.CntkctlEl1 = enable;
            allowed.Run();
            Assert.That(allowed[0], Is.EqualTo(62_500_000UL));
        }
    }

    [Test]
    public void DczidReportsTheBlockSizeAndWhetherDcZvaIsProhibited()
    {
        var el1 = new TestMachine(0xD53B00E0u); // mrs x0, dczid_el0
        el1.Run();
        Assert.That(el1[0], Is.EqualTo(4UL), "BS = 4 (64 bytes), DZP = 0");

        var el0 = AtEl0(0xD53B00E0u); // mrs x0, dczid_el0
        el0.Run();
        Assert.That(el0[0], Is.EqualTo(0x14UL), "DZP = 1 without SCTLR_EL1.DZE");

        var el0Dze = AtEl0(0xD53B00E0u); // mrs x0, dczid_el0
        el0Dze.State.SctlrEl1 |= 1UL << 14;
        el0Dze.Run();
        Assert.That(el0Dze[0], Is.EqualTo(4UL));
    }

    [TestCase(0xD5380000u, 0x411FD070UL, TestName = "MIDR_EL1")]              // mrs x0, midr_el1
    [TestCase(0xD53800C0u, 0UL, TestName = "REVIDR_EL1")]                     // mrs x0, revidr_el1
    [TestCase(0xD5380400u, 0x01FF0011UL, TestName = "ID_AA64PFR0_EL1")]       // mrs x0, id_aa64pfr0_el1
    [TestCase(0xD5380600u, 0x00210000UL, TestName = "ID_AA64ISAR0_EL1")]      // mrs x0, id_aa64isar0_el1
    [TestCase(0xD5380620u, 0x00100000UL, TestName = "ID_AA64ISAR1_EL1 (LRCPC)")]  // mrs x0, id_aa64isar1_el1
    [TestCase(0xD5380700u, 0x0F000025UL, TestName = "ID_AA64MMFR0_EL1")]      // mrs x0, id_aa64mmfr0_el1
    [TestCase(0xD5380500u, 0x00101006UL, TestName = "ID_AA64DFR0_EL1")]       // mrs x0, id_aa64dfr0_el1
    [TestCase(0xD5380100u, 0UL, TestName = "ID_PFR0_EL1 (no AArch32)")]       // mrs x0, id_pfr0_el1
    [TestCase(0xD53807E0u, 0UL, TestName = "Reserved ID space RAZ")]          // mrs x0, s3_0_c0_c7_7
    [TestCase(0xD5390020u, 0x0A200023UL, TestName = "CLIDR_EL1")]             // mrs x0, clidr_el1
    [TestCase(0xD53B0020u, 0x8444C004UL, TestName = "CTR_EL0")]               // mrs x0, ctr_el0
    public void IdentificationRegisters(uint mrs, ulong expected)
    {
        var m = new TestMachine(mrs);
        m[0] = 0xDEAD;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Code + 4));
        Assert.That(m[0], Is.EqualTo(expected));
    }

    [Test]
    public void IdAa64Pfr0DescribesThisPe()
    {
        ulong pfr0 = BaseSystemRegisters.IdAa64Pfr0;
        Assert.That(pfr0 & 0xF, Is.EqualTo(1UL), "EL0: AArch64 only");
        Assert.That(pfr0 >> 4 & 0xF, Is.EqualTo(1UL), "EL1: AArch64 only");
        Assert.That(pfr0 >> 8 & 0xFF, Is.Zero, "no EL2, no EL3");
        Assert.That(pfr0 >> 16 & 0xFF, Is.EqualTo(0xFFUL), "FP and AdvSIMD not implemented");
        Assert.That(pfr0 >> 24 & 0xF, Is.EqualTo(1UL), "GICv3 system registers");
    }

    [Test]
    public void MpidrIsTheBoardsValue()
    {
        var m = new TestMachine(0xD53800A0u); // mrs x0, mpidr_el1
        m.Cpu.Mpidr = 1UL << 31 | 0x01_0000_0203UL; // Aff3 = 1, Aff1 = 2, Aff0 = 3
        m.Run();
        Assert.That(m[0], Is.EqualTo(1UL << 31 | 0x01_0000_0203UL));
    }

    [Test]
    public void CacheGeometryIsConsistent()
    {
        ulong clidr = BaseSystemRegisters.Clidr;
        int dminLineBytes = 4 << (int)(BaseSystemRegisters.Ctr >> 16 & 0xF);
        int iminLineBytes = 4 << (int)(BaseSystemRegisters.Ctr & 0xF);
        for (int level = 0; level < 7; level++)
        {
            ulong ctype = clidr >> (3 * level) & 7;
            bool hasData = ctype is 0b010 or 0b011 or 0b100, hasInstruction = ctype is 0b001 or 0b011;
            foreach ((bool present, ulong inD, int minLine) in new[] { (hasData, 0UL, dminLineBytes), (hasInstruction, 1UL, iminLineBytes) })
            {
                // Select through CSSELR_EL1 and read CCSIDR_EL1 as software does.
                var m = new TestMachine(0xD51A0001u, 0xD5390000u); // msr csselr_el1, x1 ; mrs x0, ccsidr_el1
                m[1] = (ulong)level << 1 | inD;
                m.Run(2);
                ulong ccsidr = m[0];
                if (!present)
                {
                    Assert.That(ccsidr, Is.Zero, $"level {level + 1} InD {inD}: no such cache");
                    continue;
                }
                int lineBytes = 16 << (int)(ccsidr & 7);
                Assert.That(lineBytes, Is.EqualTo(minLine), $"level {level + 1} InD {inD}: line size agrees with CTR_EL0");
                ulong ways = (ccsidr >> 3 & 0x3FF) + 1, sets = (ccsidr >> 13 & 0x7FFF) + 1;
                Assert.That(ways * sets * (ulong)lineBytes, Is.GreaterThanOrEqualTo(16UL * 1024), "a plausible size");
            }
        }
        Assert.That(clidr >> 24 & 7, Is.EqualTo(2UL), "LoC: both levels");
    }

    [Test]
    public void OsLockIsSetAtColdResetAndClearedThroughOslar()
    {
        var m = new TestMachine(0xD5301180u, 0xD510109Fu, 0xD5301181u); // mrs x0, oslsr_el1 ; msr oslar_el1, xzr ; mrs x1, oslsr_el1
        m.Run(3);
        Assert.That(m[0], Is.EqualTo(0b1010UL), "OSLM = 0b10, OSLK = 1");
        Assert.That(m[1], Is.EqualTo(0b1000UL), "OSLK = 0");
    }

    [Test]
    public void ZeroRegisterAsOperand()
    {
        var m = new TestMachine(0xD53BD05Fu, 0xD51BD05Fu); // mrs xzr, tpidr_el0 ; msr tpidr_el0, xzr
        m.State.TpidrEl0 = 0x1234;
        m.Run();
        Assert.That(m[31], Is.Zero, "the read is discarded");
        Assert.That(m.State.PC, Is.EqualTo(Code + 4));
        m.Run();
        Assert.That(m.State.TpidrEl0, Is.Zero, "XZR writes zero");
    }

    [Test]
    public void EncodingMatchesTheInstructionField()
    {
        // mrs x0, tpidr_el0 = 0xD53BD040: bits 20:5 hold op0:op1:CRn:CRm:op2.
        Assert.That(SystemRegister.Encode(3, 3, 13, 0, 2), Is.EqualTo((ushort)(0xD53BD040u >> 5 & 0xFFFF)));
        Assert.That(SystemRegister.Format(SystemRegister.Encode(3, 3, 13, 0, 2)), Is.EqualTo("S3_3_C13_C0_2"));
    }

    [Test]
    public void RowsTheMachineAddsOrReplacesAreWhatMrsAndMsrReach()
    {
        var m = new TestMachine(0xD5184601u, 0xD5384600u, 0xD53BD042u); // msr icc_pmr_el1, x1 ; mrs x0, icc_pmr_el1 ; mrs x2, tpidr_el0
        ulong pmr = 0;
        m.Cpu.SystemRegisters.Add(new SystemRegister("ICC_PMR_EL1", SystemRegister.Encode(3, 0, 4, 6, 0), _ => pmr, (_, v) => pmr = v & 0xFF));
        m.Cpu.SystemRegisters.Set(new SystemRegister("TPIDR_EL0", SystemRegister.Encode(3, 3, 13, 0, 2), _ => 0x5A, null, SystemRegisterAccess.El0));
        Assert.That(() => m.Cpu.SystemRegisters.Add(new SystemRegister("again", SystemRegister.Encode(3, 0, 4, 6, 0), null, null)),
            Throws.ArgumentException);
        m[1] = 0x1F0;
        m.Run(3);
        Assert.That(m[0], Is.EqualTo(0xF0UL));
        Assert.That(m[2], Is.EqualTo(0x5AUL));
    }

    [Test]
    public void TheTableHasOneRowPerNameAndTheIdSpaceIsReadOnly()
    {
        SystemRegisterTable table = SystemRegisterTable.CreateDefault();
        var names = table.Rows.Select(r => r.Name).ToList();
        Assert.That(names, Is.Unique);
        var idSpace = table.Rows.Where(r => r.Encoding >> 7 == SystemRegister.Encode(3, 0, 0, 0, 0) >> 7).ToList();
        Assert.That(idSpace, Has.Count.EqualTo(8 * 8 - 5), "CRm 1-7 fully populated, plus MIDR, MPIDR, REVIDR");
        Assert.That(idSpace.All(r => r.Write is null), Is.True);
    }
}
