using System.Text;
using Emulator.Machine.Cli;
using Snapshooter;
using Snapshooter.NUnit;

namespace Emulator.Tests.Guests;

/// <summary>
/// <c>--trace irq</c> on the gic-priority guest, kept as a snapshot: nested preemption
/// across three priorities, the binary point, and EOImode = 1 with DIR, told one event a line.
/// </summary>
public class IrqTraceTests
{
    [Test]
    public void GicPriorityTraceTellsEachInterruptsLife()
    {
        var stderr = new StringWriter();
        int exit = EmuCommand.Invoke(["run", GuestManifest.ElfPath("gic-priority"), "--semihosting", "--trace", "irq"],
            new MemoryStream(), stderr);
        string[] lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(exit, Is.Zero, stderr.ToString());
        Assert.That(lines, Has.All.StartWith("irq "));
        // The heart of the teaching example: three SGIs, each preempting the one before.
        Assert.That(string.Join('\n', lines), Does.Contain(
            "INTID 2 acknowledged by CPU 0 (priority 0x80, Group1): active\n" +
            "irq        36103: CPU 0 running priority 0x80 (INTID 2 active)"));
        Snapshot.Match(lines);
    }

    [Test]
    public void ItsTraceShowsDecodedCommandsErrorsAndDeliveries()
    {
        var stderr = new StringWriter();
        int exit = EmuCommand.Invoke(["run", GuestManifest.ElfPath("its-errors"), "--semihosting", "--trace", "its"],
            new MemoryStream(), stderr);
        string trace = stderr.ToString();
        Assert.That(exit, Is.Zero, trace);
        Assert.That(trace, Does.Contain(": MAPD DeviceID "));
        Assert.That(trace, Does.Contain("error E_ITS_INT_UNMAPPED_INTERRUPT (0x010307) at CREADR 0x20: queue stalled"));
        Assert.That(trace, Does.Contain("retry at CREADR 0x20"));
        Assert.That(trace, Does.Match(@"INT DeviceID 0x\w+ EventID 0x\w+: LPI \d+ pending on CPU 0"));
    }

    [Test]
    public void UnknownTraceIsRefused()
    {
        var stderr = new StringWriter();
        int exit = EmuCommand.Invoke(["run", GuestManifest.ElfPath("hello"), "--trace", "everything"], new MemoryStream(), stderr);
        Assert.That(exit, Is.EqualTo(EmuCommand.BadInput));
        Assert.That(stderr.ToString(), Does.StartWith("emu: ").And.Contain("everything"));
    }
}
