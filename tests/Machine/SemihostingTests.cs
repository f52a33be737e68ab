using System.Buffers.Binary;
using System.Text;
using Emulator.Interconnect;
using Emulator.Machine.Firmware;
using static Emulator.Machine.Firmware.Semihosting;

namespace Emulator.Tests.Machine;

public class SemihostingTests
{
    const ulong Ram = 0x4000_0000;
    readonly List<byte> console = [];
    Bus bus = null!;
    IGuestMemory memory = null!;
    Semihosting semihosting = null!;

    [SetUp]
    public void SetUp()
    {
        console.Clear();
        bus = new Bus();
        bus.AddRam("ram", Ram, 1 << 20);
        memory = new PhysicalGuestMemory(bus);
        semihosting = new Semihosting(console.Add);
    }

    string Console => Encoding.ASCII.GetString([.. console]);

    ulong Words(ulong at, params ulong[] words)
    {
        var bytes = new byte[8 * words.Length];
        for (int i = 0; i < words.Length; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8 * i), words[i]);
        bus.LoadBytes(at, bytes);
        return at;
    }

    [Test]
    public void Write0PrintsUpToTheNul()
    {
        bus.LoadBytes(Ram + 0x100, "hi there\0ignored"u8);
        SemihostingOutcome o = semihosting.Call(SYS_WRITE0, Ram + 0x100, memory);
        Assert.That(Console, Is.EqualTo("hi there"));
        Assert.That(o, Is.EqualTo(SemihostingOutcome.Unchanged));
    }

    [Test]
    public void WriteCPrintsOneByte()
    {
        bus.LoadBytes(Ram + 8, "Q"u8);
        semihosting.Call(SYS_WRITEC, Ram + 8, memory);
        Assert.That(Console, Is.EqualTo("Q"));
    }

    [Test]
    public void WriteToAConsoleHandleOpenedAsTt()
    {
        bus.LoadBytes(Ram + 0x200, ":tt"u8);
        SemihostingOutcome open = semihosting.Call(SYS_OPEN, Words(Ram + 0x300, Ram + 0x200, 4, 3), memory);
        Assert.That(open.Result, Is.EqualTo(StdoutHandle));
        bus.LoadBytes(Ram + 0x400, "0123456789"u8);
        SemihostingOutcome write = semihosting.Call(SYS_WRITE, Words(Ram + 0x500, open.Result!.Value, Ram + 0x400, 7), memory);
        Assert.That(write.Result, Is.Zero, "bytes not written");
        Assert.That(Console, Is.EqualTo("0123456"));
    }

    [Test]
    public void WriteToAnUnknownHandleWritesNothing()
    {
        SemihostingOutcome write = semihosting.Call(SYS_WRITE, Words(Ram + 0x500, 42, Ram + 0x400, 5), memory);
        Assert.That(write.Result, Is.EqualTo(5UL));
        Assert.That(console, Is.Empty);
        Assert.That(semihosting.Call(SYS_ERRNO, 0, memory).Result, Is.EqualTo(9UL), "EBADF");
    }

    [Test]
    public void OpenOfAnythingButTtFails()
    {
        bus.LoadBytes(Ram + 0x200, "abc"u8);
        Assert.That(semihosting.Call(SYS_OPEN, Words(Ram + 0x300, Ram + 0x200, 0, 3), memory), Is.EqualTo(SemihostingOutcome.Error));
    }

    [TestCase(SYS_EXIT)]
    [TestCase(SYS_EXIT_EXTENDED)]
    public void ExitWithApplicationExitCarriesTheSubcode(uint op)
    {
        Assert.That(semihosting.Call(op, Words(Ram, ADP_Stopped_ApplicationExit, 0), memory).ExitStatus, Is.EqualTo(0));
        Assert.That(semihosting.Call(op, Words(Ram, ADP_Stopped_ApplicationExit, 3), memory).ExitStatus, Is.EqualTo(3));
        Assert.That(semihosting.Call(op, Words(Ram, 0x20023 /* RunTimeErrorUnknown */, 0), memory).ExitStatus, Is.EqualTo(1));
    }

    [Test]
    public void BadGuestPointersFailWithoutThrowing()
    {
        Assert.That(semihosting.Call(SYS_WRITE0, 0x10, memory), Is.EqualTo(SemihostingOutcome.Error));
        Assert.That(semihosting.Call(SYS_WRITEC, ulong.MaxValue, memory), Is.EqualTo(SemihostingOutcome.Error));
        Assert.That(semihosting.Call(SYS_WRITE, Ram + (1 << 20) - 8, memory), Is.EqualTo(SemihostingOutcome.Error));
        Assert.That(semihosting.Call(SYS_EXIT, 0x10, memory).ExitStatus, Is.EqualTo(1));
        // A string that runs off the end of RAM.
        bus.LoadBytes(Ram + (1 << 20) - 4, "abcd"u8);
        Assert.That(semihosting.Call(SYS_WRITE0, Ram + (1 << 20) - 4, memory), Is.EqualTo(SemihostingOutcome.Error));
        Assert.That(semihosting.Call(0x99, 0, memory), Is.EqualTo(SemihostingOutcome.Error));
        Assert.That(semihosting.Call(SYS_ERRNO, 0, memory).Result, Is.EqualTo(14UL), "EFAULT");
    }
}
