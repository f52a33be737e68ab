using Emulator.Cpu;

namespace Emulator.Tests.Cpu;

/// <summary>
/// Self-hosted debug (Arm ARM D2): hardware breakpoints and watchpoints, software step,
/// the OS lock and double lock, and when each may generate its exception. Expected ESR
/// values are EC:IL:ISS as the Arm ARM's ISS encodings for debug exceptions give them.
/// </summary>
public class DebugTests
{
    const ulong Code = TestMachine.CodeBase;
    const ulong Vectors = TestMachine.VectorBase;
    const ulong Data = TestMachine.DataBase;
    const ulong Il = 1UL << 25;
    const ulong DebugFsc = 0b100010;
    const ulong Nop = 0xD503201F;
    const ulong Sentinel = 0xDEAD_BEEF_0000_0000;

    const ulong MdscrSs = 1, MdscrTdcc = 1 << 12, MdscrKde = 1 << 13, MdscrMde = 1 << 15;

    /// <summary>DBGBCR: E, PMC = EL0 and EL1, BAS = 0b1111 (an A64 instruction), unlinked address match.</summary>
    const ulong BcrAddressBothEls = 1 | 0b11 << 1 | 0xF << 5;
    /// <summary>DBGWCR: E, PAC = EL0 and EL1, LSC (1 load, 2 store, 3 both), BAS bits 12:5.</summary>
    static ulong Wcr(ulong lsc, ulong bas, ulong pac = 0b11) => 1 | pac << 1 | lsc << 3 | bas << 5;

    static uint Msr(int op0, int op1, int crn, int crm, int op2, int rt) =>
        0xD500_0000u | (uint)SystemRegister.Encode(op0, op1, crn, crm, op2) << 5 | (uint)rt;

    static uint Mrs(int op0, int op1, int crn, int crm, int op2, int rt) => Msr(op0, op1, crn, crm, op2, rt) | 1u << 21;

    /// <summary>A machine at EL1h with the OS lock unlocked, PSTATE.D clear and the given MDSCR_EL1.</summary>
    static TestMachine Debuggable(ulong mdscr, params uint[] code)
    {
        var m = new TestMachine(code);
        m.State.OsLock = false;
        m.State.Daif = 0;
        m.State.MdscrEl1 = mdscr;
        m.State.FarEl1 = Sentinel;
        m.Cpu.DebugControlsChanged();
        return m;
    }

    static void SetBreakpoint(TestMachine m, int n, ulong address, ulong bcr = BcrAddressBothEls)
    {
        m.State.DbgBvr[n] = address;
        m.State.DbgBcr[n] = bcr;
        m.Cpu.DebugControlsChanged();
    }

    static void SetWatchpoint(TestMachine m, int n, ulong address, ulong wcr)
    {
        m.State.DbgWvr[n] = address;
        m.State.DbgWcr[n] = wcr;
        m.Cpu.DebugControlsChanged();
    }

    static void AssertTaken(TestMachine m, ulong vector, ExceptionClass ec, ulong iss, ulong elr)
    {
        Assert.That(m.State.PC, Is.EqualTo(vector), "vector");
        Assert.That(m.State.EsrEl1, Is.EqualTo((ulong)ec << 26 | Il | iss), "ESR_EL1");
        Assert.That(m.State.ElrEl1, Is.EqualTo(elr), "ELR_EL1");
    }

    // ---- Breakpoints ----------------------------------------------------------------------

    [Test]
    public void BreakpointProgrammedByMsrFiresBeforeTheInstructionAtEl1WithKde()
    {
        var m = Debuggable(MdscrMde | MdscrKde,
            Msr(2, 0, 0, 1, 4, 1),   // msr dbgbvr1_el1, x1
            Msr(2, 0, 0, 1, 5, 2),   // msr dbgbcr1_el1, x2
            0x91000400u,             // add x0, x0, #1
            0x91000400u);            // add x0, x0, #1   <- breakpoint
        m[1] = Code + 12;
        m[2] = BcrAddressBothEls;
        m.Run(4);
        AssertTaken(m, Vectors + 0x200, ExceptionClass.BreakpointSameEl, DebugFsc, Code + 12);
        Assert.That(m[0], Is.EqualTo(1UL), "the instruction at the breakpoint did not execute");
        Assert.That(m.State.FarEl1, Is.EqualTo(Sentinel), "a breakpoint does not write FAR_EL1");
        Assert.That(m.State.SpsrEl1 & 0x3C0, Is.Zero, "SPSR_EL1: D was clear");
        Assert.That(m.State.Daif & 0x200, Is.Not.Zero, "PSTATE.D is set on entry, so the handler is not re-trapped");
    }

    [Test]
    public void BreakpointFromEl0IsALowerElExceptionAndNeedsNoKde()
    {
        var m = Debuggable(MdscrMde, (uint)Nop, (uint)Nop);
        m.Cpu.SetExceptionLevel(0, 0);
        SetBreakpoint(m, 0, Code + 4);
        m.Run(2);
        AssertTaken(m, Vectors + 0x400, ExceptionClass.BreakpointLowerEl, DebugFsc, Code + 4);
        Assert.That(m.State.SpsrEl1 & 0x1F, Is.Zero, "from EL0t");
    }

    [TestCase(MdscrKde, 0u, false, TestName = "Breakpoint: MDE clear")]
    [TestCase(MdscrMde, 0u, false, TestName = "Breakpoint: KDE clear at EL1")]
    [TestCase(MdscrMde | MdscrKde, 0x200u, false, TestName = "Breakpoint: PSTATE.D set at EL1")]
    [TestCase(MdscrMde | MdscrKde, 0u, true, TestName = "Breakpoint: OS lock locked")]
    public void BreakpointThatMayNotBeGeneratedIsIgnored(ulong mdscr, uint daif, bool osLock)
    {
        var m = Debuggable(mdscr, 0x91000400u, 0x91000400u); // add x0, x0, #1 ; add x0, x0, #1
        m.State.Daif = daif;
        m.State.OsLock = osLock;
        SetBreakpoint(m, 0, Code + 4);
        m.Run(2);
        Assert.That(m[0], Is.EqualTo(2UL));
        Assert.That(m.State.PC, Is.EqualTo(Code + 8));
    }

    [TestCase(0b01u, 0u, false, TestName = "Breakpoint PMC = EL1 only does not match at EL0")]
    [TestCase(0b10u, 1u, false, TestName = "Breakpoint PMC = EL0 only does not match at EL1")]
    [TestCase(0b10u, 0u, true, TestName = "Breakpoint PMC = EL0 only matches at EL0")]
    public void BreakpointPrivilegeControl(uint pmc, uint el, bool fires)
    {
        var m = Debuggable(MdscrMde | MdscrKde, (uint)Nop);
        m.Cpu.SetExceptionLevel(el, el);
        SetBreakpoint(m, 1, Code, 1 | (ulong)pmc << 1 | 0xF << 5);
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(fires ? Vectors + 0x400 : Code + 4));
    }

    [Test]
    public void TwoBreakpointsEachFire()
    {
        var m = Debuggable(MdscrMde, (uint)Nop, (uint)Nop, (uint)Nop);
        m.Cpu.SetExceptionLevel(0, 0);
        SetBreakpoint(m, 0, Code + 8);
        SetBreakpoint(m, 1, Code + 4);
        m.Run(2);
        Assert.That(m.State.ElrEl1, Is.EqualTo(Code + 4), "breakpoint 1 first");
        m.State.DbgBcr[1] = 0;
        m.Cpu.DebugControlsChanged();
        m.Cpu.SetExceptionLevel(0, 0);
        m.State.PC = Code + 4;
        m.Run(2);
        AssertTaken(m, Vectors + 0x400, ExceptionClass.BreakpointLowerEl, DebugFsc, Code + 8);
    }

    [Test]
    public void ContextIdBreakpointMatchesContextidr()
    {
        var m = Debuggable(MdscrMde, (uint)Nop, (uint)Nop);
        m.Cpu.SetExceptionLevel(0, 0);
        m.State.ContextidrEl1 = 0x55;
        // Breakpoint 1 (the context-aware one): BT = 0b0010, unlinked Context ID match.
        SetBreakpoint(m, 1, 0x55, 1 | 0b11 << 1 | 0xF << 5 | 0b0010 << 20);
        m.Run();
        AssertTaken(m, Vectors + 0x400, ExceptionClass.BreakpointLowerEl, DebugFsc, Code);
    }

    // ---- Watchpoints ----------------------------------------------------------------------

    [Test]
    public void LoadWatchpointFiresBeforeTheLoadWithFarTheWatchedByte()
    {
        var m = Debuggable(MdscrMde | MdscrKde, 0xF9400083u); // ldr x3, [x4]
        m.Write(Data + 8, 8, 0x1122);
        m[4] = Data + 8;
        m[3] = 7;
        SetWatchpoint(m, 1, Data + 8, Wcr(0b01, 0xFF));
        m.Run();
        AssertTaken(m, Vectors + 0x200, ExceptionClass.WatchpointSameEl, DebugFsc, Code);
        Assert.That(m.State.FarEl1, Is.EqualTo(Data + 8));
        Assert.That(m[3], Is.EqualTo(7UL), "the load did not happen");
    }

    [Test]
    public void StoreWatchpointFromEl0SetsWnRAndTheStoreDoesNotHappen()
    {
        var m = Debuggable(MdscrMde, 0xB9000083u); // str w3, [x4]
        m.Cpu.SetExceptionLevel(0, 0);
        m[4] = Data + 12;
        m[3] = 0xAAAA;
        // BAS 0b11110000 of the doubleword at Data + 8: bytes 12..15.
        SetWatchpoint(m, 0, Data + 8, Wcr(0b10, 0xF0));
        m.Run();
        AssertTaken(m, Vectors + 0x400, ExceptionClass.WatchpointLowerEl, DebugFsc | 1 << 6, Code);
        Assert.That(m.State.FarEl1, Is.EqualTo(Data + 12));
        Assert.That(m.Read(Data + 12, 4), Is.Zero);
    }

    [TestCase(0xF9400083u, 0b10ul, 0xFFul, TestName = "Watchpoint: a load does not hit a store-only watchpoint")]  // ldr x3, [x4]
    [TestCase(0xF9000083u, 0b01ul, 0xFFul, TestName = "Watchpoint: a store does not hit a load-only watchpoint")] // str x3, [x4]
    [TestCase(0xB9400483u, 0b11ul, 0x0Ful, TestName = "Watchpoint: a word outside the watched bytes")]           // ldr w3, [x4, #4]
    public void AccessesTheWatchpointDoesNotCoverComplete(uint insn, ulong lsc, ulong bas)
    {
        var m = Debuggable(MdscrMde | MdscrKde, insn);
        m[4] = Data;
        SetWatchpoint(m, 0, Data, Wcr(lsc, bas));
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Code + 4));
    }

    [Test]
    public void ByteAccessInsideAWatchedWordHits()
    {
        var m = Debuggable(MdscrMde | MdscrKde, 0x39400C83u); // ldrb w3, [x4, #3]
        m[4] = Data;
        SetWatchpoint(m, 0, Data, Wcr(0b11, 0x0F));
        m.Run();
        AssertTaken(m, Vectors + 0x200, ExceptionClass.WatchpointSameEl, DebugFsc, Code);
        Assert.That(m.State.FarEl1, Is.EqualTo(Data + 3));
    }

    [Test]
    public void MaskedWatchpointCoversTheAlignedRange()
    {
        var m = Debuggable(MdscrMde | MdscrKde, 0xF9400083u); // ldr x3, [x4]
        m[4] = Data + 0xF8;
        // MASK = 8: the 256 bytes at Data; BAS must be all ones.
        SetWatchpoint(m, 0, Data, Wcr(0b01, 0xFF) | 8UL << 24);
        m.Run();
        AssertTaken(m, Vectors + 0x200, ExceptionClass.WatchpointSameEl, DebugFsc, Code);
        Assert.That(m.State.FarEl1, Is.EqualTo(Data + 0xF8));
    }

    [Test]
    public void WatchpointIsNotGeneratedWithKdeClearAtEl1()
    {
        var m = Debuggable(MdscrMde, 0xF9400083u); // ldr x3, [x4]
        m.Write(Data, 8, 0x99);
        m[4] = Data;
        SetWatchpoint(m, 0, Data, Wcr(0b11, 0xFF));
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Code + 4));
        Assert.That(m[3], Is.EqualTo(0x99UL));
    }

    [Test]
    public void WatchpointOnAPageAlreadyInTheTlbStillFires()
    {
        var m = Debuggable(MdscrMde | MdscrKde, 0xF9400083u, 0xF9400083u); // ldr x3, [x4] twice
        m[4] = Data;
        m.Run(); // the page of Data is now translated and cached
        SetWatchpoint(m, 0, Data, Wcr(0b01, 0xFF));
        m.Run();
        AssertTaken(m, Vectors + 0x200, ExceptionClass.WatchpointSameEl, DebugFsc, Code + 4);
    }

    // ---- Software step ---------------------------------------------------------------------

    const uint Eret = 0xD69F03E0;
    const ulong El0Code = Code + 0x100;
    const ulong SpsrSs = 1UL << 21;

    /// <summary>EL1 code that ERETs to <see cref="El0Code"/> with SPSR_EL1 = <paramref name="spsr"/>, MDSCR_EL1.SS set.</summary>
    static TestMachine StepIntoEl0(ulong spsr, params uint[] el0Code)
    {
        var m = Debuggable(MdscrSs, Eret);
        m.State.Daif = 0x3C0; // as in a handler
        m.Load(El0Code, el0Code);
        m.State.ElrEl1 = El0Code;
        m.State.SpsrEl1 = spsr;
        return m;
    }

    [Test]
    public void ReturnWithSpsrSsSteppingOneEl0InstructionThenTakesSoftwareStep()
    {
        var m = StepIntoEl0(SpsrSs, 0x91000400u, 0x91000400u); // add x0, x0, #1 ; add x0, x0, #1
        m.Run(); // eret
        Assert.That(m.State.SoftwareStep, Is.True, "PSTATE.SS = 1: active-not-pending");
        m.Run(2);
        Assert.That(m[0], Is.EqualTo(1UL), "exactly one instruction stepped");
        AssertTaken(m, Vectors + 0x400, ExceptionClass.SoftwareStepLowerEl, 1u << 24 | DebugFsc, El0Code + 4);
        Assert.That(m.State.SpsrEl1 & SpsrSs, Is.Zero, "SPSR_EL1.SS = 0: the step completed");
        Assert.That(m.State.SoftwareStep, Is.False);
    }

    [Test]
    public void ReturnWithSpsrSsClearTakesSoftwareStepBeforeAnyInstructionWithIsvClear()
    {
        var m = StepIntoEl0(0, 0x91000400u); // add x0, x0, #1
        m.Run(2);
        AssertTaken(m, Vectors + 0x400, ExceptionClass.SoftwareStepLowerEl, DebugFsc, El0Code);
        Assert.That(m[0], Is.Zero, "active-pending: nothing executes");
    }

    [Test]
    public void SteppedLoadExclusiveSetsEx()
    {
        var m = StepIntoEl0(SpsrSs, 0xC85F7C83u, (uint)Nop); // ldxr x3, [x4] ; nop
        m[4] = Data;
        m.Run(3);
        AssertTaken(m, Vectors + 0x400, ExceptionClass.SoftwareStepLowerEl, 1u << 24 | 1u << 6 | DebugFsc, El0Code + 4);
    }

    [Test]
    public void SteppedSvcIsTakenWithSpsrSsClear()
    {
        var m = StepIntoEl0(SpsrSs, 0xD4000021u); // svc #1
        m.Run(2);
        AssertTaken(m, Vectors + 0x400, ExceptionClass.Svc64, 1, El0Code + 4);
        Assert.That(m.State.SpsrEl1 & SpsrSs, Is.Zero, "the SVC completed: its return is active-pending");
    }

    [Test]
    public void SteppedBrkKeepsSpsrSsSet()
    {
        var m = StepIntoEl0(SpsrSs, 0xD4200000u); // brk #0
        m.Run(2);
        AssertTaken(m, Vectors + 0x400, ExceptionClass.Brk64, 0, El0Code);
        Assert.That(m.State.SpsrEl1 & SpsrSs, Is.EqualTo(SpsrSs), "BRK did not complete: the step is still active-not-pending");
    }

    [Test]
    public void SteppedAbortingInstructionKeepsSpsrSsSet()
    {
        var m = StepIntoEl0(SpsrSs, 0xF9400083u); // ldr x3, [x4]
        m[4] = 0x1_0000_0000; // nothing there
        m.Run(2);
        Assert.That(m.Ec, Is.EqualTo(ExceptionClass.DataAbortLowerEl));
        Assert.That(m.State.SpsrEl1 & SpsrSs, Is.EqualTo(SpsrSs));
    }

    [Test]
    public void NoStepWhenTheOsLockIsLocked()
    {
        var m = StepIntoEl0(SpsrSs, 0x91000400u, 0x91000400u);
        m.State.OsLock = true;
        m.Run(3);
        Assert.That(m[0], Is.EqualTo(2UL));
        Assert.That(m.State.CurrentEl, Is.Zero);
    }

    // ---- OS lock, double lock, DCC, identification -------------------------------------------

    [Test]
    public void OsDoubleLockDisablesDebugExceptionsUnlessCorePowerDownIsHeldOff()
    {
        var m = Debuggable(MdscrMde,
            Msr(2, 0, 1, 3, 4, 1),  // msr osdlr_el1, x1
            Mrs(2, 0, 1, 3, 4, 5),  // mrs x5, osdlr_el1
            (uint)Nop);
        m[1] = 0xFFFF; // only DLK (bit 0) is writable
        m.Run(2);
        Assert.That(m[5], Is.EqualTo(1UL));
        m.Cpu.SetExceptionLevel(0, 0);
        SetBreakpoint(m, 0, Code + 8);
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Code + 12), "double lock: no breakpoint");

        m.State.CoreNoPowerDownRequest = true; // DBGPRCR_EL1.CORENPDRQ: DLK has no effect
        m.State.PC = Code + 8;
        m.Run();
        AssertTaken(m, Vectors + 0x400, ExceptionClass.BreakpointLowerEl, DebugFsc, Code + 8);
    }

    [Test]
    public void OslarLocksAndUnlocksAndBreakpointsFollow()
    {
        var m = Debuggable(MdscrMde,
            Msr(2, 0, 1, 0, 4, 1),  // msr oslar_el1, x1   (x1 = 1: lock)
            Mrs(2, 0, 1, 1, 4, 2),  // mrs x2, oslsr_el1
            (uint)Nop);
        m[1] = 1;
        m.Run(2);
        Assert.That(m[2], Is.EqualTo(0b1010UL), "OSLM = 0b10, OSLK = 1");
        SetBreakpoint(m, 0, Code + 8);
        m.Cpu.SetExceptionLevel(0, 0);
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Code + 12), "locked: no breakpoint");
    }

    [Test]
    public void MdccsrAtEl0ReadsZeroUnlessTdccTraps()
    {
        uint mrs = Mrs(2, 3, 0, 1, 0, 0); // mrs x0, mdccsr_el0
        var m = Debuggable(0, mrs);
        m.Cpu.SetExceptionLevel(0, 0);
        m[0] = 5;
        m.Run();
        Assert.That(m[0], Is.Zero, "TXfull = RXfull = 0");
        Assert.That(m.State.PC, Is.EqualTo(Code + 4));

        var t = Debuggable(MdscrTdcc, mrs);
        t.Cpu.SetExceptionLevel(0, 0);
        t.Run();
        // ISS for a trapped MRS: Op0 21:20, Op2 19:17, Op1 16:14, CRn 13:10, Rt 9:5, CRm 4:1, Direction 0 (1 = read).
        const ulong iss = 2UL << 20 | 0UL << 17 | 3UL << 14 | 0UL << 10 | 0UL << 5 | 1UL << 1 | 1;
        AssertTaken(t, Vectors + 0x400, ExceptionClass.SystemRegisterTrap, iss, Code);
    }

    [Test]
    public void MdscrKeepsOnlyItsImplementedFields()
    {
        var m = Debuggable(0, Msr(2, 0, 0, 2, 2, 1), Mrs(2, 0, 0, 2, 2, 2)); // msr mdscr_el1, x1 ; mrs x2, mdscr_el1
        m.State.Daif = 0x200; // D masked: SS and KDE become set, but no step may be taken at EL1
        m[1] = ~0UL;
        m.Run(2);
        // SS, TDCC, KDE, HDE, MDE, TDA, INTdis; RXfull/TXfull (30, 29) and the rest read 0.
        Assert.That(m[2], Is.EqualTo(0x00E0_F001UL));
    }

    [Test]
    public void IdAa64Dfr0CountsExactlyTheImplementedBreakpointsAndWatchpoints()
    {
        var m = new TestMachine(Mrs(3, 0, 0, 5, 0, 0)); // mrs x0, id_aa64dfr0_el1
        m.Run();
        ulong dfr0 = m[0];
        Assert.That(dfr0 & 0xF, Is.EqualTo(6UL), "DebugVer = Armv8.0 debug");
        Assert.That(dfr0 >> 8 & 0xF, Is.Zero, "PMUVer: no PMU");
        int brps = (int)(dfr0 >> 12 & 0xF) + 1, wrps = (int)(dfr0 >> 20 & 0xF) + 1, ctx = (int)(dfr0 >> 28 & 0xF) + 1;
        Assert.That((brps, wrps, ctx), Is.EqualTo((2, 2, 1)));
        Assert.That(m.State.DbgBcr.Length, Is.EqualTo(brps));
        Assert.That(m.State.DbgWcr.Length, Is.EqualTo(wrps));
        // DBGBVR<n>/DBGBCR<n>/DBGWVR<n>/DBGWCR<n> exist for the implemented n only.
        for (int n = 0; n < 16; n++)
            for (int op2 = 4; op2 <= 7; op2++)
            {
                bool present = n < (op2 < 6 ? brps : wrps);
                var probe = new TestMachine(Mrs(2, 0, 0, n, op2, 0));
                probe.Run();
                Assert.That(probe.State.PC, Is.EqualTo(present ? Code + 4 : Vectors + 0x200), $"CRm {n} op2 {op2}");
                if (!present) Assert.That(probe.State.EsrEl1, Is.EqualTo(Il), "UNDEFINED");
            }
    }

    [Test]
    public void ClaimTagsOsSaveRestoreAndAuthenticationRegisters()
    {
        var m = new TestMachine(
            Msr(2, 0, 7, 8, 6, 1),   // msr dbgclaimset_el1, x1
            Msr(2, 0, 7, 9, 6, 2),   // msr dbgclaimclr_el1, x2
            Mrs(2, 0, 7, 9, 6, 3),   // mrs x3, dbgclaimclr_el1
            Mrs(2, 0, 7, 8, 6, 4),   // mrs x4, dbgclaimset_el1
            Mrs(2, 0, 7, 14, 6, 5),  // mrs x5, dbgauthstatus_el1
            Mrs(2, 0, 1, 0, 0, 6),   // mrs x6, mdrar_el1
            Msr(2, 0, 0, 6, 2, 10),  // msr oseccr_el1, x10
            Mrs(2, 0, 0, 6, 2, 7),   // mrs x7, oseccr_el1
            Msr(2, 0, 0, 3, 2, 10),  // msr osdtrtx_el1, x10
            Mrs(2, 0, 0, 0, 2, 8));  // mrs x8, osdtrrx_el1
        m[1] = 0x1_0F3;
        m[2] = 0x31;
        m[6] = m[8] = 9;
        m[10] = ~0UL;
        m.Run(10);
        Assert.That(m.State.PC, Is.EqualTo(Code + 40), "every access allowed at EL1");
        Assert.That(m[3], Is.EqualTo(0xC2UL), "tags 7:0 set by SET, then 5, 4, 0 cleared by CLR");
        Assert.That(m[4], Is.EqualTo(0xFFUL), "eight claim tags implemented");
        Assert.That(m[5], Is.EqualTo(0x0FUL), "Non-secure invasive and non-invasive debug enabled, no Secure state");
        Assert.That(m[6], Is.Zero, "MDRAR_EL1.ROMADDRV = 0: no ROM table");
        Assert.That(m[7], Is.EqualTo(0x30UL), "OSECCR_EL1: NSE for EL1 and EL0 only");
        Assert.That(m[8], Is.Zero, "no debugger sends to the DCC");
    }

    [TestCase(1u, 2, 0, 14, 0, 0, TestName = "Debug at EL1: unallocated S2_0_C14_C0_0 is UNDEFINED")]
    [TestCase(0u, 2, 0, 7, 8, 6, TestName = "Debug at EL0: DBGCLAIMSET_EL1 is UNDEFINED")]
    [TestCase(0u, 2, 0, 0, 2, 2, TestName = "Debug at EL0: MDSCR_EL1 is UNDEFINED")]
    [TestCase(0u, 2, 0, 0, 0, 4, TestName = "Debug at EL0: DBGBVR0_EL1 is UNDEFINED")]
    [TestCase(0u, 2, 0, 1, 1, 4, TestName = "Debug at EL0: OSLSR_EL1 is UNDEFINED")]
    public void DebugEncodingIsUndefined(uint el, int op0, int op1, int crn, int crm, int op2)
    {
        var m = new TestMachine(Mrs(op0, op1, crn, crm, op2, 0));
        m.Cpu.SetExceptionLevel(el, el);
        m.Run();
        AssertTaken(m, Vectors + (el == 0 ? 0x400UL : 0x200UL), ExceptionClass.Unknown, 0, Code);
    }
}
