using Emulator.Cpu;

namespace Emulator.Tests.Cpu;

public class BranchesExceptionSystemTests
{
    /// <summary>A platform that records what the CPU asked of it, answering HVC/SMC/HLT as told.</summary>
    sealed class RecordingPlatform : IPlatform
    {
        public bool AcceptCalls;
        public readonly List<string> Calls = [];

        public void WaitForInterrupt(Processor cpu) => Calls.Add("WFI");
        public void WaitForEvent(Processor cpu) => Calls.Add("WFE");
        public void SendEvent(Processor cpu) => Calls.Add("SEV");
        public void Yield(Processor cpu) => Calls.Add("YIELD");

        public bool HypervisorCall(Processor cpu, ushort imm)
        {
            Calls.Add($"HVC {imm:X}");
            return AcceptCalls;
        }

        public bool SecureMonitorCall(Processor cpu, ushort imm)
        {
            Calls.Add($"SMC {imm:X}");
            return AcceptCalls;
        }

        public bool Halt(Processor cpu, ushort imm)
        {
            Calls.Add($"HLT {imm:X}");
            return AcceptCalls;
        }
    }

    const ulong Code = TestMachine.CodeBase;
    const ulong Vectors = TestMachine.VectorBase;
    const uint IssIl = 1u << 25;

    static TestMachine AtEl0(params uint[] code) => TestMachine.AtEl0(code);

    static ExceptionClass Ec(TestMachine m) => m.Ec;
    static uint Iss(TestMachine m) => (uint)m.State.EsrEl1 & 0x1FF_FFFF;

    /// <summary>An UNDEFINED instruction at <paramref name="at"/> taken from the EL of that test.</summary>
    static void AssertUndefined(TestMachine m, ulong vector, ulong at = Code)
    {
        Assert.That(m.State.PC, Is.EqualTo(vector), "vector");
        Assert.That(m.State.EsrEl1, Is.EqualTo((ulong)IssIl), "EC = Unknown, IL = 1, ISS = 0");
        Assert.That(m.State.ElrEl1, Is.EqualTo(at), "returns to the instruction");
    }

    // ---- Branches -------------------------------------------------------------------

    [TestCase(0x54000040u, 0u, false, TestName = "B.EQ not taken with Z clear")]      // b.eq .+8
    [TestCase(0x54000040u, Alu.Z, true, TestName = "B.EQ taken with Z set")]          // b.eq .+8
    [TestCase(0x54000041u, Alu.Z, false, TestName = "B.NE not taken with Z set")]     // b.ne .+8
    [TestCase(0x5400004Eu, 0u, true, TestName = "B.AL taken")]                        // b.al .+8
    [TestCase(0x5400004Fu, 0u, true, TestName = "B.NV behaves as AL")]                // b.nv .+8
    public void ConditionalBranchForward(uint insn, uint nzcv, bool taken)
    {
        var m = new TestMachine(insn);
        m.State.Nzcv = nzcv;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(taken ? Code + 8 : Code + 4));
    }

    /// <summary>The condition codes as the Arm ARM's table (C1.2.4) defines them, written out independently of Alu.</summary>
    static bool Reference(int cond, bool n, bool z, bool c, bool v) => cond switch
    {
        0 => z, 1 => !z,                      // EQ, NE
        2 => c, 3 => !c,                      // CS, CC
        4 => n, 5 => !n,                      // MI, PL
        6 => v, 7 => !v,                      // VS, VC
        8 => c && !z, 9 => !(c && !z),        // HI, LS
        10 => n == v, 11 => n != v,           // GE, LT
        12 => !z && n == v, 13 => z || n != v, // GT, LE
        _ => true,                            // AL, NV
    };

    [Test]
    public void ConditionalBranchOnEveryConditionAndFlagCombination()
    {
        // b.<cond> .+8 for cond = 0..15 (0x54000040 | cond), one every 8 bytes.
        var code = new uint[32];
        for (uint cond = 0; cond < 16; cond++)
            code[2 * cond] = 0x54000040u | cond;
        var m = new TestMachine(code);
        for (int nzcv = 0; nzcv < 16; nzcv++)
            for (int cond = 0; cond < 16; cond++)
            {
                ulong at = Code + 8 * (ulong)cond;
                m.State.PC = at;
                m.State.Nzcv = (uint)nzcv << 28;
                m.Run();
                bool taken = Reference(cond, (nzcv & 8) != 0, (nzcv & 4) != 0, (nzcv & 2) != 0, (nzcv & 1) != 0);
                Assert.That(m.State.PC, Is.EqualTo(taken ? at + 8 : at + 4), $"cond {cond}, NZCV {nzcv:X}");
            }
    }

    [TestCase(Alu.N, true)]   // N != V: LT holds
    [TestCase(Alu.N | Alu.V, false)]
    public void ConditionalBranchBackward(uint nzcv, bool taken)
    {
        var m = new TestMachine(0x54FFFF8Bu); // b.lt .-16
        m.State.Nzcv = nzcv;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(taken ? Code - 16 : Code + 4));
    }

    [Test]
    public void ConditionalBranchWithBit4SetIsUnallocated()
    {
        var m = new TestMachine(0x54000050u); // BC.EQ .+8 (FEAT_HBC): not in Armv8.0
        m.Run();
        AssertUndefined(m, Vectors + 0x200);
    }

    [Test]
    public void UnconditionalBranchForward()
    {
        var m = new TestMachine(0x14000004u); // b .+16
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Code + 16));
    }

    [Test]
    public void BranchWithLinkSetsX30()
    {
        var m = new TestMachine(0x94000002u); // bl .+8
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Code + 8));
        Assert.That(m[30], Is.EqualTo(Code + 4));
    }

    [Test]
    public void BranchToRegister()
    {
        var m = new TestMachine(0xD61F0060u); // br x3
        m[3] = 0x4000_2000;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(0x4000_2000UL));
        Assert.That(m[30], Is.Zero, "BR does not link");
    }

    [Test]
    public void BranchToRegister31IsTheZeroRegister()
    {
        var m = new TestMachine(0xD61F03E0u); // br xzr
        m.Sp = 0x4000_3000;
        m.Run();
        Assert.That(m.State.PC, Is.Zero);
    }

    [Test]
    public void BranchWithLinkToX30UsesTheOldX30()
    {
        var m = new TestMachine(0xD63F03C0u); // blr x30
        m[30] = 0x4000_2000;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(0x4000_2000UL));
        Assert.That(m[30], Is.EqualTo(Code + 4));
    }

    [TestCase(0xD65F03C0u, 30)] // ret
    [TestCase(0xD65F00A0u, 5)]  // ret x5
    public void ReturnBranchesToTheRegister(uint insn, int rn)
    {
        var m = new TestMachine(insn);
        m[rn] = 0x4000_2468;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(0x4000_2468UL));
    }

    [TestCase(0xD71F0801u)] // braa x0, x1
    [TestCase(0xD73F0801u)] // blraa x0, x1
    [TestCase(0xD65F0BFFu)] // retaa
    [TestCase(0xD69F0BFFu)] // eretaa
    [TestCase(0xD6BF03E0u)] // drps
    public void PointerAuthenticationBranchesAndDrpsAreUndefined(uint insn)
    {
        var m = new TestMachine(insn);
        m[0] = 0x4000_2000;
        m[30] = 0x4000_2000;
        m.Run();
        AssertUndefined(m, Vectors + 0x200);
    }

    [TestCase(0x1_0000_0000UL, true)]  // the W register is 0
    [TestCase(0x1UL, false)]
    public void CompareAndBranchOnZeroWord(ulong x3, bool taken)
    {
        var m = new TestMachine(0x34000043u); // cbz w3, .+8
        m[3] = x3;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(taken ? Code + 8 : Code + 4));
    }

    [TestCase(0x1_0000_0000UL, false)]
    [TestCase(0UL, true)]
    public void CompareAndBranchOnZeroDoubleword(ulong x3, bool taken)
    {
        var m = new TestMachine(0xB4000803u); // cbz x3, .+0x100
        m[3] = x3;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(taken ? Code + 0x100 : Code + 4));
    }

    [TestCase(0x1_0000_0000UL, true)]
    [TestCase(0UL, false)]
    public void CompareAndBranchOnNonZeroBackward(ulong x3, bool taken)
    {
        var m = new TestMachine(0xB5FFFFE3u); // cbnz x3, .-4
        m[3] = x3;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(taken ? Code - 4 : Code + 4));
    }

    [TestCase(0UL, true)]
    [TestCase(1UL << 5, false)]
    [TestCase(~(1UL << 5), true)]
    public void TestBitZero(ulong x3, bool taken)
    {
        var m = new TestMachine(0x36280043u); // tbz w3, #5, .+8
        m[3] = x3;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(taken ? Code + 8 : Code + 4));
    }

    [TestCase(1UL << 63, true)]
    [TestCase(~(1UL << 63), false)]
    public void TestBitNotZeroOnBit63(ulong x3, bool taken)
    {
        var m = new TestMachine(0xB7F80043u); // tbnz x3, #63, .+8
        m[3] = x3;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(taken ? Code + 8 : Code + 4));
    }

    // ---- Exception generation: entry --------------------------------------------------

    [Test]
    public void SvcFromEl0EntersEl1hAtTheLowerElVector()
    {
        var m = AtEl0(0xD4024681u); // svc #0x1234
        m.State.Daif = 0;
        m.State.Nzcv = Alu.Z | Alu.V;
        m.Sp = 0x4000_5000;           // SP_EL0
        m.State.SpEl1 = 0x4000_9000;
        m.Run();

        Assert.That(m.State.PC, Is.EqualTo(Vectors + 0x400), "lower EL using AArch64, synchronous");
        Assert.That(Ec(m), Is.EqualTo(ExceptionClass.Svc64));
        Assert.That(m.State.EsrEl1, Is.EqualTo(0x15UL << 26 | IssIl | 0x1234), "EC 0x15, IL = 1, ISS = imm16");
        Assert.That(m.State.ElrEl1, Is.EqualTo(Code + 4), "SVC returns to the next instruction");
        Assert.That(m.State.SpsrEl1, Is.EqualTo((ulong)(Alu.Z | Alu.V)), "SPSR: NZCV, DAIF clear, M = EL0t");
        Assert.That(m.State.CurrentEl, Is.EqualTo(1u));
        Assert.That(m.State.SpSel, Is.EqualTo(1u));
        Assert.That(m.State.Daif, Is.EqualTo(0x3C0u), "D, A, I, F masked");
        Assert.That(m.Sp, Is.EqualTo(0x4000_9000UL), "SP is SP_EL1");
        Assert.That(m.State.SpEl0, Is.EqualTo(0x4000_5000UL), "SP_EL0 banked");
    }

    [Test]
    public void SvcFromEl1hUsesTheCurrentElSpxVector()
    {
        var m = new TestMachine(0xD4000001u); // svc #0
        m.State.Daif = 0x80; // I masked only
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Vectors + 0x200));
        Assert.That(m.State.SpsrEl1, Is.EqualTo(0x80UL | 0b0101), "M = EL1h, I set");
        Assert.That(m.State.EsrEl1, Is.EqualTo(0x15UL << 26 | IssIl));
    }

    [Test]
    public void SvcFromEl1tUsesTheCurrentElSp0VectorAndSwitchesToSpEl1()
    {
        var m = new TestMachine(0xD4000001u); // svc #0
        m.Cpu.SetExceptionLevel(1, 0);
        m.Sp = 0x4000_1000;          // SP_EL0 in use
        m.State.SpEl1 = 0x4000_8000;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Vectors + 0x000));
        Assert.That(m.State.SpsrEl1 & 0x1F, Is.EqualTo(0b0100UL), "M = EL1t");
        Assert.That(m.Sp, Is.EqualTo(0x4000_8000UL));
        Assert.That(m.State.SpEl0, Is.EqualTo(0x4000_1000UL));
    }

    [Test]
    public void BrkReturnsToItself()
    {
        var m = new TestMachine(0xD4207D00u); // brk #0x3e8
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Vectors + 0x200));
        Assert.That(m.State.EsrEl1, Is.EqualTo(0x3CUL << 26 | IssIl | 0x3E8));
        Assert.That(m.State.ElrEl1, Is.EqualTo(Code));
    }

    [Test]
    public void HvcWithoutFirmwareIsUndefined()
    {
        var platform = new RecordingPlatform();
        var m = new TestMachine(0xD4000002u); // hvc #0
        m.Cpu.Platform = platform;
        m.Run();
        AssertUndefined(m, Vectors + 0x200);
        Assert.That(platform.Calls, Is.EqualTo(new[] { "HVC 0" }));
    }

    [Test]
    public void HvcServedByFirmwareContinuesAtTheNextInstruction()
    {
        var platform = new RecordingPlatform { AcceptCalls = true };
        var m = new TestMachine(0xD4024682u); // hvc #0x1234
        m.Cpu.Platform = platform;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Code + 4));
        Assert.That(platform.Calls, Is.EqualTo(new[] { "HVC 1234" }));
        Assert.That(m.State.CurrentEl, Is.EqualTo(1u));
    }

    [TestCase(0xD4000002u)] // hvc #0
    [TestCase(0xD4000023u)] // smc #1
    public void HvcAndSmcAtEl0AreUndefinedWithoutAskingTheFirmware(uint insn)
    {
        var platform = new RecordingPlatform { AcceptCalls = true };
        var m = AtEl0(insn);
        m.Cpu.Platform = platform;
        m.Run();
        AssertUndefined(m, Vectors + 0x400);
        Assert.That(platform.Calls, Is.Empty);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void SmcAsksTheSecureMonitor(bool served)
    {
        var platform = new RecordingPlatform { AcceptCalls = served };
        var m = new TestMachine(0xD4000023u); // smc #1
        m.Cpu.Platform = platform;
        m.Run();
        Assert.That(platform.Calls, Is.EqualTo(new[] { "SMC 1" }));
        if (served) Assert.That(m.State.PC, Is.EqualTo(Code + 4));
        else AssertUndefined(m, Vectors + 0x200);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void HltIsASemihostingCallOrUndefined(bool served)
    {
        var platform = new RecordingPlatform { AcceptCalls = served };
        var m = new TestMachine(0xD45E0000u); // hlt #0xf000
        m.Cpu.Platform = platform;
        m.Run();
        Assert.That(platform.Calls, Is.EqualTo(new[] { "HLT F000" }));
        if (served) Assert.That(m.State.PC, Is.EqualTo(Code + 4));
        else AssertUndefined(m, Vectors + 0x200);
    }

    [TestCase(0x00000000u)] // udf #0
    [TestCase(0x0000FFFFu)] // udf #65535
    [TestCase(0xD4A00001u)] // dcps1
    [TestCase(0xD4A00002u)] // dcps2
    [TestCase(0xD4A00003u)] // dcps3
    [TestCase(0xD4000004u)] // exception generation with opc = 000, op2 = 001, LL = 00: unallocated
    public void PermanentlyUndefinedAndDebugStateInstructions(uint insn)
    {
        var m = new TestMachine(insn);
        m.Run();
        AssertUndefined(m, Vectors + 0x200);
    }

    // ---- Exception return --------------------------------------------------------------

    [Test]
    public void EretReturnsToEl0RestoringPstateAndSp()
    {
        var m = new TestMachine(0xD69F03E0u); // eret
        m.State.SpsrEl1 = (ulong)(Alu.N | Alu.C) | 0x100; // EL0t, A masked
        m.State.ElrEl1 = 0x4000_4000;
        m.State.SpEl0 = 0x4000_7000;
        m.Sp = 0x4000_9000;
        m.State.ExclusiveValid = true;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(0x4000_4000UL));
        Assert.That(m.State.CurrentEl, Is.EqualTo(0u));
        Assert.That(m.State.Nzcv, Is.EqualTo(Alu.N | Alu.C));
        Assert.That(m.State.Daif, Is.EqualTo(0x100u));
        Assert.That(m.Sp, Is.EqualTo(0x4000_7000UL), "SP_EL0 in use");
        Assert.That(m.State.SpEl1, Is.EqualTo(0x4000_9000UL), "SP_EL1 banked");
        Assert.That(m.State.IllegalState, Is.False);
        Assert.That(m.State.ExclusiveValid, Is.False, "the local monitor is cleared");
        Assert.That(m.State.EventRegister, Is.True, "an exception return is a WFE wake-up event");
    }

    [Test]
    public void EretAtEl0IsUndefined()
    {
        var m = AtEl0(0xD69F03E0u); // eret
        m.Run();
        AssertUndefined(m, Vectors + 0x400);
    }

    [Test]
    public void SvcFromEl0ThenEretComesBackToTheNextInstruction()
    {
        var m = AtEl0(0xD4000001u, 0x91000400u); // svc #0 ; add x0, x0, #1
        m.Load(Vectors + 0x400, 0x91000421u, 0xD69F03E0u); // add x1, x1, #1 ; eret
        m.Run(4);
        Assert.That(m.State.PC, Is.EqualTo(Code + 8));
        Assert.That(m.State.CurrentEl, Is.EqualTo(0u));
        Assert.That(m[0], Is.EqualTo(1UL));
        Assert.That(m[1], Is.EqualTo(1UL));
    }

    [TestCase(0b01000UL, TestName = "Return to EL2h (not implemented)")]
    [TestCase(0b01100UL, TestName = "Return to EL3t (not implemented)")]
    [TestCase(0b00001UL, TestName = "Return to EL0 with SP_ELx")]
    [TestCase(0b00110UL, TestName = "Return with M[1] set")]
    [TestCase(0b10000UL, TestName = "Return to AArch32 (not implemented)")]
    public void IllegalExceptionReturnSetsIlAndTheNextInstructionTakesAnIllegalStateException(ulong m4_0)
    {
        var m = new TestMachine(0xD69F03E0u); // eret
        m.Load(0x4000_4000, 0x91000400u);   // add x0, x0, #1
        m.State.SpsrEl1 = Alu.Z | 0x3C0UL | m4_0;
        m.State.ElrEl1 = 0x4000_4000;
        m.State.Daif = 0;
        m.Sp = 0x4000_9000;
        m.Run();
        Assert.That(m.State.IllegalState, Is.True);
        Assert.That(m.State.CurrentEl, Is.EqualTo(1u), "EL unchanged");
        Assert.That(m.State.SpSel, Is.EqualTo(1u), "SP unchanged");
        Assert.That(m.Sp, Is.EqualTo(0x4000_9000UL));
        Assert.That(m.State.Nzcv, Is.EqualTo(Alu.Z), "NZCV restored anyway");
        Assert.That(m.State.Daif, Is.EqualTo(0x3C0u), "DAIF restored anyway");
        Assert.That(m.State.PC, Is.EqualTo(0x4000_4000UL));

        m.Run();
        Assert.That(m.Took(ExceptionClass.IllegalExecutionState), Is.True);
        Assert.That(m.State.EsrEl1, Is.EqualTo(0x0EUL << 26 | IssIl));
        Assert.That(m.State.ElrEl1, Is.EqualTo(0x4000_4000UL));
        Assert.That(m[0], Is.Zero, "the instruction did not execute");
        Assert.That(m.State.SpsrEl1 & (1UL << 20), Is.Not.Zero, "SPSR.IL");
    }

    [Test]
    public void LegalReturnWithSpsrIlSetRestoresIl()
    {
        var m = new TestMachine(0xD69F03E0u); // eret
        m.Load(0x4000_4000, 0x91000400u);   // add x0, x0, #1
        m.State.SpsrEl1 = 1UL << 20;        // EL0t, IL set
        m.State.ElrEl1 = 0x4000_4000;
        m.Run();
        Assert.That(m.State.CurrentEl, Is.EqualTo(0u));
        Assert.That(m.State.IllegalState, Is.True);
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Vectors + 0x400));
        Assert.That(Ec(m), Is.EqualTo(ExceptionClass.IllegalExecutionState));
        Assert.That(m[0], Is.Zero);
    }

    // ---- PSTATE ------------------------------------------------------------------------

    [Test]
    public void DaifSetAndClear()
    {
        var m = new TestMachine(0xD5034FDFu, 0xD50342FFu); // msr daifset, #0xf ; msr daifclr, #2
        m.State.Daif = 0;
        m.Run();
        Assert.That(m.State.Daif, Is.EqualTo(0x3C0u));
        m.Run();
        Assert.That(m.State.Daif, Is.EqualTo(0x340u), "I cleared");
    }

    [Test]
    public void DaifSetAtEl0TrapsUnlessUmaIsSet()
    {
        var m = AtEl0(0xD5034FDFu); // msr daifset, #0xf
        m.State.Daif = 0;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Vectors + 0x400));
        Assert.That(Ec(m), Is.EqualTo(ExceptionClass.SystemRegisterTrap));
        // op0 = 0, op2 = 6, op1 = 3, CRn = 4, Rt = 31, CRm = 0xF, direction = write.
        Assert.That(Iss(m), Is.EqualTo(6u << 17 | 3u << 14 | 4u << 10 | 31u << 5 | 0xFu << 1));
        Assert.That(m.State.ElrEl1, Is.EqualTo(Code));

        var allowed = AtEl0(0xD5034FDFu); // msr daifset, #0xf
        allowed.State.SctlrEl1 |= 1UL << 9; // UMA
        allowed.State.Daif = 0;
        allowed.Run();
        Assert.That(allowed.State.Daif, Is.EqualTo(0x3C0u));
        Assert.That(allowed.State.PC, Is.EqualTo(Code + 4));
    }

    [Test]
    public void SpSelImmediateSwitchesTheStackPointer()
    {
        var m = new TestMachine(0xD50040BFu, 0xD50041BFu); // msr spsel, #0 ; msr spsel, #1
        m.Sp = 0x4000_9000;          // SP_EL1
        m.State.SpEl0 = 0x4000_7000;
        m.Run();
        Assert.That(m.State.SpSel, Is.EqualTo(0u));
        Assert.That(m.Sp, Is.EqualTo(0x4000_7000UL));
        Assert.That(m.State.SpEl1, Is.EqualTo(0x4000_9000UL));
        m.Sp = 0x4000_7010;
        m.Run();
        Assert.That(m.State.SpSel, Is.EqualTo(1u));
        Assert.That(m.Sp, Is.EqualTo(0x4000_9000UL));
        Assert.That(m.State.SpEl0, Is.EqualTo(0x4000_7010UL));
    }

    [TestCase(0xD50040BFu)] // msr spsel, #0
    public void SpSelAtEl0IsUndefined(uint insn)
    {
        var m = AtEl0(insn);
        m.Run();
        AssertUndefined(m, Vectors + 0x400);
    }

    [TestCase(0xD500417Fu)] // msr uao, #1
    [TestCase(0xD503415Fu)] // msr dit, #1
    [TestCase(0xD500401Fu)] // cfinv
    public void LaterPstateFieldsAreUndefined(uint insn)
    {
        var m = new TestMachine(insn);
        m.Run();
        AssertUndefined(m, Vectors + 0x200);
    }

    // ---- Hints --------------------------------------------------------------------------

    [TestCase(0xD503201Fu)] // nop
    [TestCase(0xD503233Fu)] // paciasp (hint #25): a NOP without FEAT_PAuth
    [TestCase(0xD503229Fu)] // csdb
    [TestCase(0xD5032FFFu)] // hint #0x7f
    public void HintsWithoutBehaviourAreNops(uint insn)
    {
        var platform = new RecordingPlatform();
        var m = new TestMachine(insn);
        m.Cpu.Platform = platform;
        m[30] = 0x1234;
        m.Sp = 0x4000_9000;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Code + 4));
        Assert.That(m[30], Is.EqualTo(0x1234UL));
        Assert.That(m.Sp, Is.EqualTo(0x4000_9000UL));
        Assert.That(platform.Calls, Is.Empty);
    }

    [TestCase(0xD503207Fu, "WFI")]   // wfi
    [TestCase(0xD503209Fu, "SEV")]   // sev
    [TestCase(0xD503203Fu, "YIELD")] // yield
    public void HintsReachThePlatform(uint insn, string call)
    {
        var platform = new RecordingPlatform();
        var m = new TestMachine(insn);
        m.Cpu.Platform = platform;
        m.Run();
        Assert.That(platform.Calls, Is.EqualTo(new[] { call }));
        Assert.That(m.State.PC, Is.EqualTo(Code + 4));
    }

    [Test]
    public void WfeConsumesASetEventRegisterWithoutWaiting()
    {
        var platform = new RecordingPlatform();
        var m = new TestMachine(0xD50320BFu, 0xD503205Fu, 0xD503205Fu); // sevl ; wfe ; wfe
        m.Cpu.Platform = platform;
        m.Run();
        Assert.That(m.State.EventRegister, Is.True);
        m.Run();
        Assert.That(m.State.EventRegister, Is.False);
        Assert.That(platform.Calls, Is.Empty);
        m.Run();
        Assert.That(platform.Calls, Is.EqualTo(new[] { "WFE" }));
        Assert.That(m.State.PC, Is.EqualTo(Code + 12));
    }

    [TestCase(0xD503207Fu, 16, 0u)] // wfi: SCTLR_EL1.nTWI, TI = 0
    [TestCase(0xD503205Fu, 18, 1u)] // wfe: SCTLR_EL1.nTWE, TI = 1
    public void WfxAtEl0TrapsUnlessEnabled(uint insn, int enableBit, uint ti)
    {
        var platform = new RecordingPlatform();
        var m = AtEl0(insn);
        m.Cpu.Platform = platform;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Vectors + 0x400));
        Assert.That(m.State.EsrEl1, Is.EqualTo(0x01UL << 26 | IssIl | 1u << 24 | 0xEu << 20 | ti), "CV = 1, COND = AL");
        Assert.That(m.State.ElrEl1, Is.EqualTo(Code));
        Assert.That(platform.Calls, Is.Empty);

        var allowed = AtEl0(insn);
        allowed.Cpu.Platform = platform;
        allowed.State.SctlrEl1 |= 1UL << enableBit;
        allowed.Run();
        Assert.That(allowed.State.PC, Is.EqualTo(Code + 4));
        Assert.That(platform.Calls, Has.Count.EqualTo(1));
    }

    // ---- Barriers --------------------------------------------------------------------

    [Test]
    public void ClrexClearsTheLocalAndGlobalMonitors()
    {
        var m = new TestMachine(0xD5033F5Fu); // clrex
        m.State.ExclusiveValid = true;
        m.State.ExclusiveAddress = TestMachine.DataBase;
        m.Cpu.Monitor.Mark(m.Cpu.Index, m.Ram, TestMachine.DataBase);
        m.Run();
        Assert.That(m.State.ExclusiveValid, Is.False);
        Assert.That(m.Cpu.Monitor.Holds(m.Cpu.Index, TestMachine.DataBase), Is.False);
    }

    [TestCase(0xD5033F9Fu)] // dsb sy
    [TestCase(0xD5033B9Fu)] // dsb ish
    [TestCase(0xD503309Fu)] // ssbb (dsb #0)
    [TestCase(0xD503349Fu)] // pssbb (dsb #4)
    [TestCase(0xD5033BBFu)] // dmb ish
    [TestCase(0xD5033FDFu)] // isb
    public void BarriersComplete(uint insn)
    {
        var m = new TestMachine(insn, 0x91000400u); // <barrier> ; add x0, x0, #1
        m.Run(2);
        Assert.That(m.State.PC, Is.EqualTo(Code + 8));
        Assert.That(m[0], Is.EqualTo(1UL));
    }

    [Test]
    public void SpeculationBarrierIsNotInArmv8_0()
    {
        var m = new TestMachine(0xD50330FFu); // sb (FEAT_SB)
        m.Run();
        AssertUndefined(m, Vectors + 0x200);
    }

    // ---- System instructions -----------------------------------------------------------

    [Test]
    public void DcZvaWithTheMmuOffIsAnAlignmentFault()
    {
        var m = new TestMachine(0xD50B7420u); // dc zva, x0
        m[0] = TestMachine.DataBase + 0x48;
        m.Write(TestMachine.DataBase + 0x40, 8, 0x1111);
        m.Run();
        Assert.That(m.Took(ExceptionClass.DataAbortSameEl), Is.True);
        Assert.That(Iss(m) & 0x3F, Is.EqualTo(0x21u), "DFSC = Alignment fault");
        Assert.That(Iss(m) & (1u << 6), Is.Not.Zero, "WnR = 1");
        Assert.That(Iss(m) & (1u << 8), Is.Zero, "CM = 0 for DC ZVA");
        Assert.That(m.State.FarEl1, Is.EqualTo(TestMachine.DataBase + 0x48));
        Assert.That(m.Read(TestMachine.DataBase + 0x40, 8), Is.EqualTo(0x1111UL), "nothing written");
    }

    [Test]
    public void DcZvaAlignmentFaultFromEl0IsALowerElDataAbort()
    {
        var m = AtEl0(0xD50B7420u); // dc zva, x0
        m.State.SctlrEl1 |= 1UL << 14; // DZE; MMU off, so Device memory
        m[0] = TestMachine.DataBase;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Vectors + 0x400));
        Assert.That(m.State.EsrEl1, Is.EqualTo(0x24UL << 26 | IssIl | 1u << 6 | 0x21), "EC 0x24, WnR, Alignment fault");
        Assert.That(m.State.FarEl1, Is.EqualTo(TestMachine.DataBase));
        Assert.That(m.State.SpsrEl1 & 0x1F, Is.Zero, "from EL0t");
    }

    [Test]
    public void DcZvaOnNormalMemoryZeroesTheAlignedBlock()
    {
        var m = new TestMachine(0xD50B7420u); // dc zva, x0
        m.EnableMmu(); // Normal memory
        for (ulong a = 0; a < 0xC0; a += 8)
            m.Write(TestMachine.DataBase + a, 8, 0xA5A5_A5A5_A5A5_A5A5);
        m[0] = TestMachine.DataBase + 0x40 + 0x3F;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Code + 4));
        for (ulong a = 0; a < 0xC0; a += 8)
            Assert.That(m.Read(TestMachine.DataBase + a, 8), Is.EqualTo(a is >= 0x40 and < 0x80 ? 0UL : 0xA5A5_A5A5_A5A5_A5A5),
                $"offset 0x{a:X}");
    }

    [Test]
    public void DcZvaAtEl0TrapsUnlessDzeIsSet()
    {
        var m = AtEl0(0xD50B7420u); // dc zva, x0
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Vectors + 0x400));
        Assert.That(Ec(m), Is.EqualTo(ExceptionClass.SystemRegisterTrap));
        // op0 = 1, op2 = 1, op1 = 3, CRn = 7, Rt = 0, CRm = 4, write.
        Assert.That(Iss(m), Is.EqualTo(1u << 20 | 1u << 17 | 3u << 14 | 7u << 10 | 4u << 1));

        var allowed = AtEl0(0xD50B7420u); // dc zva, x0
        allowed.EnableMmu();
        allowed.State.SctlrEl1 |= 1UL << 14; // DZE
        allowed[0] = TestMachine.DataBase;
        allowed.Write(TestMachine.DataBase, 8, 0x55);
        allowed.Run();
        Assert.That(allowed.State.PC, Is.EqualTo(Code + 4));
        Assert.That(allowed.Read(TestMachine.DataBase, 8), Is.Zero);
    }

    [TestCase(0xD50B7E20u)] // dc civac, x0
    [TestCase(0xD50B7A20u)] // dc cvac, x0
    [TestCase(0xD50B7B20u)] // dc cvau, x0
    [TestCase(0xD5087620u)] // dc ivac, x0
    [TestCase(0xD50B7520u)] // ic ivau, x0
    public void CacheMaintenanceByVaChecksTheAddress(uint insn)
    {
        var ok = new TestMachine(insn);
        ok[0] = TestMachine.DataBase + 3;
        ok.Run();
        Assert.That(ok.State.PC, Is.EqualTo(Code + 4), "unaligned is fine: it names a line");

        var nothingThere = new TestMachine(insn);
        nothingThere[0] = 0x1000;
        nothingThere.Run();
        Assert.That(nothingThere.State.PC, Is.EqualTo(Code + 4), "no memory access, so no external abort");

        var tooHigh = new TestMachine(insn);
        tooHigh[0] = 1UL << 48;
        tooHigh.Run();
        Assert.That(tooHigh.Took(ExceptionClass.DataAbortSameEl), Is.True);
        Assert.That(Iss(tooHigh), Is.EqualTo(1u << 8 | 1u << 6 | 0), "CM = 1, WnR = 1, address size fault level 0");
        Assert.That(tooHigh.State.FarEl1, Is.EqualTo(1UL << 48));
    }

    [TestCase(0xD50B7E20u, 14u, 3u)] // dc civac, x0
    [TestCase(0xD50B7B20u, 11u, 3u)] // dc cvau, x0
    [TestCase(0xD50B7520u, 5u, 3u)]  // ic ivau, x0
    public void CacheMaintenanceAtEl0TrapsUnlessUciIsSet(uint insn, uint crm, uint op1)
    {
        var m = AtEl0(insn);
        m.Run();
        Assert.That(Ec(m), Is.EqualTo(ExceptionClass.SystemRegisterTrap));
        Assert.That(Iss(m), Is.EqualTo(1u << 20 | 1u << 17 | op1 << 14 | 7u << 10 | crm << 1));

        var allowed = AtEl0(insn);
        allowed.State.SctlrEl1 |= 1UL << 26; // UCI
        allowed[0] = TestMachine.DataBase;
        allowed.Run();
        Assert.That(allowed.State.PC, Is.EqualTo(Code + 4));
    }

    [TestCase(0xD5087620u)] // dc ivac, x0
    [TestCase(0xD5087640u)] // dc isw, x0
    [TestCase(0xD5087A40u)] // dc csw, x0
    [TestCase(0xD5087E40u)] // dc cisw, x0
    [TestCase(0xD508711Fu)] // ic ialluis
    [TestCase(0xD508751Fu)] // ic iallu
    [TestCase(0xD5087800u)] // at s1e1r, x0
    [TestCase(0xD508831Fu)] // tlbi vmalle1is
    [TestCase(0xD5088720u)] // tlbi vae1, x0
    public void El1OnlySystemInstructionsAreUndefinedAtEl0(uint insn)
    {
        var m = AtEl0(insn);
        m[0] = TestMachine.DataBase;
        m.Run();
        AssertUndefined(m, Vectors + 0x400);

        var el1 = new TestMachine(insn);
        el1[0] = TestMachine.DataBase;
        el1.Run();
        Assert.That(el1.State.PC, Is.EqualTo(Code + 4));
    }

    [TestCase(0xD5080000u)] // sys #0, c0, c0, #0, x0
    [TestCase(0xD5287500u)] // sysl x0, #0, c7, c5, #0
    [TestCase(0xD50C871Fu)] // tlbi alle2 (no EL2)
    [TestCase(0xD5088380u)] // sys #0, c8, c3, #4, x0 (reserved TLBI)
    [TestCase(0xD50C7800u)] // at s1e2r, x0
    [TestCase(0xD50C7880u)] // at s12e1r, x0
    public void UnknownSystemInstructionsAreUndefined(uint insn)
    {
        var m = new TestMachine(insn);
        m.Run();
        AssertUndefined(m, Vectors + 0x200);
    }

    [Test]
    public void AtWritesTheTranslationToPar()
    {
        var m = new TestMachine(0xD5087800u, 0xD5087860u); // at s1e1r, x0 ; at s1e0w, x0
        m[0] = 0x4000_1234;
        m.Run();
        // PA[47:12], bit 11 RES1, SH = 0b10 (Outer Shareable), ATTR = 0 (Device-nGnRnE), F = 0.
        Assert.That(m.State.ParEl1, Is.EqualTo(0x4000_1000UL | 1UL << 11 | 0b10UL << 7));
        m[0] = 1UL << 48;
        m.Run();
        Assert.That(m.State.ParEl1, Is.EqualTo(1UL << 11 | 1), "F = 1, FST = address size fault level 0");
        Assert.That(m.State.PC, Is.EqualTo(Code + 8), "AT never takes the fault");
    }
}
