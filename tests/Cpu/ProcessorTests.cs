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

    /// <summary>
    /// A page written through the fast store path before any code was decoded from it, then
    /// executed, then written again: the second store must reach the decoded-code cache.
    /// </summary>
    [Test]
    public void StoreToAPageThatBecameCodeAfterItWasWrittenIsSeen()
    {
        var m = new TestMachine(
            0xB9000041u,  // str w1, [x2]
            0xD63F0040u,  // blr x2
            0xB9000043u,  // str w3, [x2]
            0xD63F0040u); // blr x2
        m.Write(TestMachine.DataBase + 4, 4, 0xD65F03C0u); // ret
        m[1] = 0x91000400u; // add x0, x0, #1
        m[3] = 0x91000800u; // add x0, x0, #2
        m[2] = TestMachine.DataBase;
        m.Run(8);
        Assert.That(m[0], Is.EqualTo(3UL), "the second call ran the rewritten instruction");
        Assert.That(m.State.PC, Is.EqualTo(TestMachine.CodeBase + 16));
    }

    /// <summary>
    /// CPU 1 has written a page (so its TLB may write it directly) before CPU 0 marks a
    /// granule there with LDXR; CPU 1's next store to the granule must still clear the mark.
    /// </summary>
    [Test]
    public void StoreByAnotherCpuAfterItsTlbFilledStillClearsTheExclusiveMonitor()
    {
        var bus = new Bus();
        Ram ram = bus.AddRam("ram", TestMachine.RamBase, TestMachine.RamSize);
        var monitor = new ExclusiveMonitor(bus, 2);
        var code = new DecodedCodeCache(bus);
        var cpu0 = new Processor(bus, 0, monitor, code);
        var cpu1 = new Processor(bus, 1, monitor, code);
        ulong data = TestMachine.DataBase;
        ram.Write(TestMachine.CodeBase, 4, 0xC85F7C85u, Agent.Device);        // ldxr x5, [x4]
        ram.Write(TestMachine.CodeBase + 4, 4, 0xC8067C85u, Agent.Device);    // stxr w6, x5, [x4]
        ram.Write(TestMachine.CodeBase + 0x100, 4, 0xF9000087u, Agent.Device); // str x7, [x4]
        ram.Write(TestMachine.CodeBase + 0x104, 4, 0xF9000087u, Agent.Device); // str x7, [x4]
        cpu0.Reset(TestMachine.CodeBase);
        cpu1.Reset(TestMachine.CodeBase + 0x100);
        cpu0.SetX(4, data);
        cpu1.SetX(4, data);
        cpu1.SetX(7, 0x77);

        cpu1.Run(1); // fills CPU 1's write TLB for the page
        cpu0.Run(1); // ldxr: the page becomes watched
        cpu1.Run(1); // the same store again, after the mark
        cpu0.Run(1); // stxr must fail
        Assert.That(cpu0.Xr(6), Is.EqualTo(1UL), "status 1: the exclusive store failed");
        Assert.That(ram.Read(data, 8), Is.EqualTo(0x77UL));
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
