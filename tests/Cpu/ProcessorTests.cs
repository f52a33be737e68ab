using Emulator.Cpu;
using Emulator.Interconnect;

namespace Emulator.Tests.Cpu;

/// <summary>Fetch, the decoded-page cache and exception entry, independent of any instruction group.</summary>
public class ProcessorTests
{
    [Test]
    public void RewrittenCodeIsDecodedAgain()
    {
        var m = new TestMachine(0x91000420u); // add x0, x1, #1
        m[1] = 10;
        m.Run();
        Assert.That(m[0], Is.EqualTo(11UL));

        m.Write(TestMachine.CodeBase, 4, 0x91000820u); // add x0, x1, #2
        m.State.PC = TestMachine.CodeBase;
        m.Run();
        Assert.That(m[0], Is.EqualTo(12UL));
    }

    [Test]
    public void WritesElsewhereInTheCodePageKeepTheDecodedInstructions()
    {
        var m = new TestMachine(0x91000420u, 0x91000420u); // add x0, x1, #1 (twice)
        m.Run(2);
        var decodedSlot = m.Cpu.Code.PageFor(m.Ram, TestMachine.CodeBase)[0];
        m.Write(TestMachine.CodeBase + 4, 4, 0);
        Assert.That(m.Cpu.Code.PageFor(m.Ram, TestMachine.CodeBase)[0], Is.EqualTo(decodedSlot));
        Assert.That(m.Cpu.Code.PageFor(m.Ram, TestMachine.CodeBase)[1].Op, Is.EqualTo(Emulator.Cpu.Decoder.Op.Undecoded));
    }

    [Test]
    public void MisalignedPcTakesAPcAlignmentFault()
    {
        var m = new TestMachine();
        m.State.PC = TestMachine.CodeBase + 2;
        m.Run();
        Assert.That(m.Took(ExceptionClass.PcAlignment), Is.True);
        Assert.That(m.State.ElrEl1, Is.EqualTo(TestMachine.CodeBase + 2));
        Assert.That(m.State.FarEl1, Is.EqualTo(TestMachine.CodeBase + 2));
    }

    [Test]
    public void FetchFromNothingIsAnInstructionAbort()
    {
        var m = new TestMachine();
        m.State.PC = 0x1000;
        m.Run();
        Assert.That(m.Took(ExceptionClass.InstructionAbortSameEl), Is.True);
        Assert.That(m.State.EsrEl1 & 0x3F, Is.EqualTo((ulong)FaultStatus.SynchronousExternal));
        Assert.That(m.State.FarEl1, Is.EqualTo(0x1000UL));
    }

    [Test]
    public void ExceptionEntrySavesPstateMasksDaifAndSwitchesToSpEl1()
    {
        var m = new TestMachine(0x52C00020u); // movz w0, #1, lsl #32: unallocated
        m.Cpu.SetExceptionLevel(0, 0);
        m.State.Daif = 0;
        m.State.Nzcv = Alu.N | Alu.C;
        m.Sp = 0x1234_0000;                    // SP_EL0
        m.State.SpEl1 = 0x4000_8000;
        m.Run();

        Assert.That(m.State.PC, Is.EqualTo(TestMachine.VectorBase + 0x400), "lower EL, synchronous");
        Assert.That(m.State.SpsrEl1, Is.EqualTo((ulong)(Alu.N | Alu.C)), "SPSR = NZCV, DAIF clear, EL0t");
        Assert.That(m.State.EsrEl1, Is.EqualTo(1UL << 25), "EC = Unknown, IL = 1");
        Assert.That(m.State.CurrentEl, Is.EqualTo(1u));
        Assert.That(m.State.SpSel, Is.EqualTo(1u));
        Assert.That(m.State.Daif, Is.EqualTo(0x3C0u));
        Assert.That(m.Sp, Is.EqualTo(0x4000_8000UL));
        Assert.That(m.State.SpEl0, Is.EqualTo(0x1234_0000UL));
    }

    [Test]
    public void IllegalExceptionReturnSetsIlAndTheNextInstructionFaults()
    {
        var m = new TestMachine(0x91000420u); // add x0, x1, #1
        m.State.SpsrEl1 = 0b1000; // EL2h: not implemented, so the return is illegal
        m.State.ElrEl1 = TestMachine.CodeBase;
        m.Cpu.ExceptionReturn();
        Assert.That(m.State.IllegalState, Is.True);
        Assert.That(m.State.CurrentEl, Is.EqualTo(1u));
        m.Run();
        Assert.That(m.Took(ExceptionClass.IllegalExecutionState), Is.True);
        Assert.That(m[0], Is.Zero, "the instruction did not execute");
        Assert.That(m.State.SpsrEl1 & (1UL << 20), Is.Not.Zero, "SPSR.IL records PSTATE.IL");
        Assert.That(m.State.IllegalState, Is.False);
    }

    [Test]
    public void RunCountsRetiredInstructions()
    {
        var m = new TestMachine(0x91000400u, 0x17FFFFFFu); // add x0, x0, #1 ; b .-4
        long ran = m.Cpu.Run(1001);
        Assert.That(ran, Is.EqualTo(1001));
        Assert.That(m.State.Retired, Is.EqualTo(1001UL));
        Assert.That(m[0], Is.EqualTo(501UL));
    }
}
