using Emulator.Cpu;

namespace Emulator.Tests.Cpu;

public class DataProcessingImmediateTests
{
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
    public void SubsSetsFlagsAndDiscardsToZeroRegister()
    {
        var m = new TestMachine(0x7100043Fu); // cmp w1, #1  (subs wzr, w1, #1)
        m[1] = 1;
        m.Run();
        Assert.That(m.State.Nzcv, Is.EqualTo(Alu.Z | Alu.C));
        Assert.That(m[31], Is.EqualTo(0UL));
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
    public void MovzWithReservedHalfwordIsUndefined()
    {
        var m = new TestMachine(0x52C00020u); // movz w0, #1, lsl #32 : hw = 2 with sf = 0 is unallocated
        m.Run();
        Assert.That(m.Took(ExceptionClass.Unknown), Is.True);
        Assert.That(m.State.ElrEl1, Is.EqualTo(TestMachine.CodeBase));
    }
}
