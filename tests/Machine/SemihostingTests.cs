using System.Text;
using Emulator.Cpu;
using Emulator.Interconnect;
using Emulator.Machine.Firmware;

namespace Emulator.Tests.Machine;

/// <summary>Semihosting calls served directly, with parameter blocks in guest RAM.</summary>
public class SemihostingTests
{
    const ulong RamBase = 0x4000_0000;
    readonly StringBuilder console = new();
    Bus bus = null!;
    Processor cpu = null!;
    Semihosting semihosting = null!;

    [SetUp]
    public void SetUp()
    {
        console.Clear();
        bus = new Bus();
        bus.AddRam("ram", RamBase, 0x10_0000);
        cpu = new Processor(bus);
        semihosting = new Semihosting(bytes => console.Append(Encoding.UTF8.GetString(bytes)));
    }

    ulong Call(uint op, ulong block)
    {
        cpu.SetX(0, op);
        cpu.SetX(1, block);
        Assert.That(semihosting.Handle(cpu, Semihosting.HltImmediate), Is.True);
        return cpu.Xr(0);
    }

    void Words(ulong address, params ulong[] words)
    {
        for (int i = 0; i < words.Length; i++) bus.Write(address + (ulong)(8 * i), 8, words[i]);
    }

    [Test]
    public void Write0AndWriteCPrint()
    {
        bus.LoadBytes(RamBase + 0x100, "hello\0"u8);
        Assert.That(Call(Semihosting.SysWrite0, RamBase + 0x100), Is.Zero);
        Assert.That(Call(Semihosting.SysWriteC, RamBase + 0x101), Is.Zero);
        Assert.That(console.ToString(), Is.EqualTo("helloe"));
    }

    [Test]
    public void WriteToTheConsoleHandleReturnsBytesNotWritten()
    {
        bus.LoadBytes(RamBase + 0x100, ":tt"u8);
        Words(RamBase + 0x200, RamBase + 0x100, 4, 3);
        ulong handle = Call(Semihosting.SysOpen, RamBase + 0x200);
        Assert.That(handle, Is.EqualTo(1UL));

        bus.LoadBytes(RamBase + 0x300, "abcdef"u8);
        Words(RamBase + 0x400, handle, RamBase + 0x300, 4);
        Assert.That(Call(Semihosting.SysWrite, RamBase + 0x400), Is.Zero);
        Assert.That(console.ToString(), Is.EqualTo("abcd"));

        Words(RamBase + 0x400, 9, RamBase + 0x300, 4);
        Assert.That(Call(Semihosting.SysWrite, RamBase + 0x400), Is.EqualTo(4UL), "unknown handle: nothing written");
    }

    [TestCase(Semihosting.ApplicationExit, 0UL, 0)]
    [TestCase(Semihosting.ApplicationExit, 42UL, 42)]
    [TestCase(0x20023UL, 0UL, 1)] // ADP_Stopped_RunTimeErrorUnknown
    public void ExitReportsTheStatus(ulong reason, ulong subcode, int status)
    {
        Words(RamBase + 0x100, reason, subcode);
        Call(Semihosting.SysExitExtended, RamBase + 0x100);
        Assert.That(semihosting.ExitStatus, Is.EqualTo(status));
    }

    [Test]
    public void BadPointersAndUnknownCallsReturnMinusOne()
    {
        Assert.That(Call(Semihosting.SysWrite0, 0x10), Is.EqualTo(ulong.MaxValue));
        Assert.That(Call(0x99, RamBase), Is.EqualTo(ulong.MaxValue));
        Assert.That(semihosting.Handle(cpu, 0xF001), Is.False);
    }
}
