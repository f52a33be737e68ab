namespace Emulator.Tests.Cpu.Differential;

/// <summary>
/// What Unicorn 2.0.1 does on AArch64, pinned down because the differential harness relies
/// on it (see the summary of <see cref="Unicorn"/>). If the library changes, these fail
/// first and say which assumption broke.
/// </summary>
public class UnicornBehaviourTests
{
    const ulong Code = 0x1000_0000, Data = 0x2000_0000, Unmapped = 0x3000_0000;

    static Unicorn Open(params uint[] code)
    {
        var u = new Unicorn();
        u.Map(Code, 0x1000, Unicorn.ProtAll);
        u.Map(Data, 0x1000, Unicorn.ProtRead | Unicorn.ProtWrite);
        Load(u, code);
        return u;
    }

    static void Load(Unicorn u, params uint[] code)
    {
        var bytes = new byte[code.Length * 4];
        Buffer.BlockCopy(code, 0, bytes, 0, bytes.Length);
        u.WriteCode(Code, bytes);
    }

    static ulong X(Unicorn u, int n) => u.ReadRegister(Unicorn.Reg.X(n));

    [Test]
    public void RegisterIdsMatchArm64Header()
    {
        using Unicorn u = Open();
        for (int n = 0; n <= 30; n++) u.WriteRegister(Unicorn.Reg.X(n), 0x1111_0000_0000_0000UL * (ulong)(n % 15 + 1) + (ulong)n);
        for (int n = 0; n <= 30; n++)
            Assert.That(u.ReadRegister(Unicorn.Reg.W0 + n), Is.EqualTo((ulong)n), $"W{n} is the low half of X{n}");
        ulong[] values = new ulong[2];
        u.ReadRegisters([Unicorn.Reg.X(29), Unicorn.Reg.X(30)], values);
        Assert.That(values, Is.EqualTo(new[] { 0x1111_0000_0000_0000UL * 15 + 29, 0x1111_0000_0000_0000UL * 1 + 30 }));
    }

    /// <summary>Q0-Q31 (128 bits), FPCR, FPSR and CPACR_EL1 ids, as the harness uses them, against what instructions see.</summary>
    [Test]
    public void VectorAndFpControlRegistersRoundTripThroughInstructions()
    {
        using Unicorn u = Open(
            0x4EE28420,  // add v0.2d, v1.2d, v2.2d
            0xD53B4403,  // mrs x3, fpcr
            0xD53B4424,  // mrs x4, fpsr
            0x0E0C3C25); // mov w5, v1.s[1]
        u.WriteRegister(Unicorn.Reg.CpacrEl1, 3UL << 20);
        ulong[] v = new ulong[64];
        for (int i = 0; i < 64; i++) v[i] = 0x0101_0101_0101_0101UL * (ulong)(i + 1);
        u.WriteVectors(v);
        u.WriteRegister(Unicorn.Reg.Fpcr, 0x07C0_0000); // AHP, DN, FZ, RMode = 0b11
        u.WriteRegister(Unicorn.Reg.Fpsr, 0x0800_009F); // QC, IDC, IXC..IOC
        Assert.That(u.Run(Code, 4), Is.EqualTo(UcError.Ok));
        u.ReadVectors(v);
        Assert.That((v[0], v[1]), Is.EqualTo((0x0303_0303_0303_0303UL + 0x0505_0505_0505_0505UL, 0x0404_0404_0404_0404UL + 0x0606_0606_0606_0606UL)),
            "V0 = V1 + V2 lane by lane (V1 is halves 2 and 3, V2 halves 4 and 5)");
        Assert.That(X(u, 3), Is.EqualTo(0x07C0_0000UL), "FPCR");
        Assert.That(X(u, 4), Is.EqualTo(0x0800_009FUL), "FPSR");
        Assert.That(X(u, 5), Is.EqualTo(0x0303_0303UL), "V1 element S[1]");
        Assert.That(u.ReadRegister(Unicorn.Reg.Fpsr), Is.EqualTo(0x0800_009FUL));
    }

    [Test]
    public void StartsAtEl1hWithMmuAndAlignmentChecksOff()
    {
        using Unicorn u = Open(
            0xD5384240,  // mrs x0, CurrentEL
            0xD5381001,  // mrs x1, sctlr_el1
            0xD5384202); // mrs x2, spsel
        Assert.That(u.Run(Code, 3), Is.EqualTo(UcError.Ok));
        Assert.That(X(u, 0), Is.EqualTo(1UL << 2), "CurrentEL = EL1");
        Assert.That(X(u, 2), Is.EqualTo(1UL), "SPSel = SP_EL1");
        Assert.That(X(u, 1), Is.EqualTo(0x00C5_0838UL), "SCTLR_EL1: M = 0, A = 0, SA = SA0 = 1, I = 1");
        Assert.That(u.ReadRegister(Unicorn.Reg.Pstate) & 0x3CF, Is.EqualTo(0x3C5UL), "DAIF masked, EL1h");
    }

    [Test]
    public void UnalignedAccessesAndMisalignedSpDoNotFault()
    {
        using Unicorn u = Open(
            0xF9400083,  // ldr x3, [x4]
            0xF90003E3); // str x3, [sp]
        u.WriteRegister(Unicorn.Reg.X(4), Data + 1);
        u.WriteRegister(Unicorn.Reg.Sp, Data + 0x18);
        Assert.That(u.Run(Code, 2), Is.EqualTo(UcError.Ok));
        Assert.That(u.Interrupt, Is.Null, "no Device-memory alignment fault, no SP alignment fault although SCTLR_EL1.SA = 1");
        Assert.That(u.InstructionsStarted, Is.EqualTo(2));
        Assert.That(u.Accesses, Is.EqualTo(new[] { new UcAccess(false, Data + 1, 8), new UcAccess(true, Data + 0x18, 8) }));
    }

    [Test]
    public void ExclusivesAndAtomicsCheckAlignment()
    {
        using Unicorn u = Open(0xC85F7C83); // ldxr x3, [x4]
        u.WriteRegister(Unicorn.Reg.X(4), Data + 1);
        u.Run(Code, 1);
        Assert.That(u.Interrupt, Is.EqualTo(UcInterrupt.DataAbort));
        Assert.That(u.ReadRegister(Unicorn.Reg.Pc), Is.EqualTo(Code));

        Load(u, 0xF8210082); // ldadd x1, x2, [x4]  (LSE: needs the "max" CPU model)
        u.WriteRegister(Unicorn.Reg.X(4), Data + 8);
        u.WriteRegister(Unicorn.Reg.X(1), 5);
        u.Run(Code, 1);
        Assert.That(u.Interrupt, Is.Null);
        Assert.That(u.InstructionsStarted, Is.EqualTo(1));
        Span<byte> word = stackalloc byte[8];
        u.Read(Data + 8, word);
        Assert.That(BitConverter.ToUInt64(word), Is.EqualTo(5UL));
    }

    [TestCase(0xD40000A1u, UcInterrupt.SupervisorCall, 4u)] // svc #5: PC already past it
    [TestCase(0xD42000E0u, UcInterrupt.Breakpoint, 0u)]     // brk #7
    [TestCase(0x00000000u, UcInterrupt.Undefined, 0u)]      // udf #0
    [TestCase(0xD4000022u, UcInterrupt.Undefined, 0u)]      // hvc #1: no EL2, UNDEFINED
    [TestCase(0xD4400060u, UcInterrupt.Undefined, 0u)]      // hlt #3: no halting debug, UNDEFINED
    [TestCase(0xD4000023u, UcInterrupt.SecureMonitorCall, 4u)] // smc #1: the "max" CPU has EL3
    public void ExceptionsReachTheInterruptHookAndStop(uint insn, UcInterrupt expected, uint pcOffset)
    {
        using Unicorn u = Open(insn, 0x91000421); // then add x1, x1, #1
        Assert.That(u.Run(Code, 2), Is.EqualTo(UcError.Ok));
        Assert.That(u.Interrupt, Is.EqualTo(expected));
        Assert.That(u.ReadRegister(Unicorn.Reg.Pc), Is.EqualTo(Code + pcOffset));
        Assert.That(X(u, 1), Is.Zero, "the hook stopped emulation; the exception was not taken to VBAR");
        Assert.That(u.ReadRegister(Unicorn.Reg.Pstate) & 0xF, Is.EqualTo(5UL), "still EL1h");
    }

    [Test]
    public void HintsAndBarriersOfArmv8Run()
    {
        using Unicorn u = Open(0xD503201F, 0xD503203F, 0xD503209F, 0xD50320BF, 0xD5033F5F, 0xD5033FBF, 0xD5033FDF); // nop yield sev sevl clrex dmb isb
        Assert.That(u.Run(Code, 7), Is.EqualTo(UcError.Ok));
        Assert.That(u.Interrupt, Is.Null);
        Assert.That(u.InstructionsStarted, Is.EqualTo(7));
        Assert.That(u.ReadRegister(Unicorn.Reg.Pc), Is.EqualTo(Code + 28));
    }

    [Test]
    public void FetchesOutsideExecutableMemoryEndTheRun()
    {
        using Unicorn u = Open(0xD61F00A0); // br x5
        u.WriteRegister(Unicorn.Reg.X(5), Unmapped);
        Assert.That(u.Run(Code, 5), Is.EqualTo(UcError.FetchUnmapped));
        Assert.That(u.ReadRegister(Unicorn.Reg.Pc), Is.EqualTo(Unmapped));
        u.WriteRegister(Unicorn.Reg.X(5), Data);
        Assert.That(u.Run(Code, 5), Is.EqualTo(UcError.FetchProt));
        // Even with the instruction limit reached, the fetch after a branch out fails first.
        Assert.That(u.Run(Code, 1), Is.EqualTo(UcError.FetchProt));
        Assert.That(u.InstructionsStarted, Is.EqualTo(1));
    }

    [Test]
    public void MisalignedBranchTargetIsFetchedWithoutPcAlignmentFault()
    {
        using Unicorn u = Open(0xD61F00A0); // br x5
        u.WriteRegister(Unicorn.Reg.X(5), Code + 0x12);
        u.Run(Code, 2);
        Assert.That(u.InstructionsStarted, Is.EqualTo(2));
        Assert.That(u.LastInstruction, Is.EqualTo(Code + 0x12));
        Assert.That(u.Interrupt, Is.EqualTo(UcInterrupt.Undefined), "zeros at the misaligned PC decode as UDF");
    }

    [Test]
    public void DataAccessesOutsideMappedMemoryEndTheRun()
    {
        using Unicorn u = Open(0xF9400083); // ldr x3, [x4]
        u.WriteRegister(Unicorn.Reg.X(4), Unmapped);
        Assert.That(u.Run(Code, 1), Is.EqualTo(UcError.ReadUnmapped));
        Assert.That(u.InvalidAccessAddress, Is.EqualTo(Unmapped));
        Assert.That(u.ReadRegister(Unicorn.Reg.Pc), Is.EqualTo(Code));
        u.WriteRegister(Unicorn.Reg.X(4), 1UL << 52); // beyond the PA size: no Address size fault, just unmapped
        Assert.That(u.Run(Code, 1), Is.EqualTo(UcError.ReadUnmapped));
    }

    [Test]
    public void InstructionLimitStopsPreciselyBeforeTheNextInstruction()
    {
        using Unicorn u = Open(0x91000421, 0x91000421, 0x91000421); // add x1, x1, #1 (x3)
        Assert.That(u.Run(Code, 2), Is.EqualTo(UcError.Ok));
        Assert.That(X(u, 1), Is.EqualTo(2UL));
        Assert.That(u.ReadRegister(Unicorn.Reg.Pc), Is.EqualTo(Code + 8));
    }

    [Test]
    public void MemWriteKeepsStaleTranslationsSoCodeNeedsWriteCode()
    {
        using Unicorn u = Open(0x91000421); // add x1, x1, #1
        u.Run(Code, 1);
        u.Write(Code, BitConverter.GetBytes(0x91000821u)); // add x1, x1, #2, without dropping translations
        u.Run(Code, 1);
        Assert.That(X(u, 1), Is.EqualTo(2UL), "the old translation ran again");
        u.WriteCode(Code, BitConverter.GetBytes(0x91000821u));
        u.Run(Code, 1);
        Assert.That(X(u, 1), Is.EqualTo(4UL));
    }

    [Test]
    public void ExclusiveMonitorSurvivesBetweenRunsUntilClrex()
    {
        using Unicorn u = Open(0xC85F7C83); // ldxr x3, [x4]
        u.WriteRegister(Unicorn.Reg.X(4), Data);
        u.Run(Code, 1);
        Load(u, 0xC8057C83); // stxr w5, x3, [x4]
        u.WriteRegister(Unicorn.Reg.X(5), 7);
        u.Run(Code, 1);
        Assert.That(X(u, 5), Is.Zero, "the store-exclusive of a later run succeeded");

        Load(u, 0xC85F7C83, 0xD5033F5F, 0xC8057C83); // ldxr x3, [x4]; clrex; stxr w5, x3, [x4]
        u.Run(Code, 3);
        Assert.That(X(u, 5), Is.EqualTo(1UL));
    }

    [Test]
    public void WritingPstateAndBankedStackPointersResetsSpSel()
    {
        using Unicorn u = Open(0xD50040BF); // msr spsel, #0
        u.WriteRegister(Unicorn.Reg.Sp, 0x100);
        u.WriteRegister(Unicorn.Reg.SpEl0, 0x200);
        u.Run(Code, 1);
        Assert.That(u.ReadRegister(Unicorn.Reg.Pstate) & 0xF, Is.EqualTo(4UL), "EL1t");
        Assert.That(u.ReadRegister(Unicorn.Reg.Sp), Is.EqualTo(0x200UL));

        // What the harness does before every case: PSTATE, then SP, then SP_EL0.
        u.WriteRegisters([Unicorn.Reg.Pstate, Unicorn.Reg.Sp, Unicorn.Reg.SpEl0], [0x3C5UL, 0x300UL, 0x400UL]);
        Load(u, 0x910003E0, 0xD50040BF, 0x910003E1, 0xD5384106); // mov x0, sp; msr spsel, #0; mov x1, sp; mrs x6, sp_el0
        u.Run(Code, 4);
        Assert.That(X(u, 0), Is.EqualTo(0x300UL));
        Assert.That(X(u, 1), Is.EqualTo(0x400UL));
        Assert.That(u.Interrupt, Is.EqualTo(UcInterrupt.Undefined), "MRS SP_EL0 with SPSel = 0 is UNDEFINED");
    }
}
