using Emulator.Interconnect;
using Emulator.Machine.Board;
using Emulator.Machine.DeviceTree;

namespace Emulator.Tests.Machine;

public class BoardDeviceTreeTests
{
    static FlattenedDeviceTree Build(IReadOnlyList<Affinity> cpus, (ulong, ulong)? initrd = null) =>
        BoardDeviceTree.Build(new MemoryMap(), cpus, 0x4000_0000, new BoardDeviceTree.Boot("console=ttyAMA0", initrd));

    [Test]
    public void DtcReadsTheTreeBackWithoutWarnings()
    {
        var (exit, dts, err) = Dtc.Decompile(Build(Affinity.Linear(4), (0x4800_0000, 0x4810_0000)).ToBlob());
        Assert.That(exit, Is.Zero, err);
        Assert.That(err, Is.Empty);
        Assert.That(dts, Does.Contain("compatible = \"arm,gic-v3\";"));
        Assert.That(dts, Does.Contain("reg = <0x00 0x8000000 0x00 0x10000 0x00 0x80a0000 0x00 0x80000>;"), "4 redistributors");
        Assert.That(dts, Does.Contain("interrupts = <0x01 0x0d 0x04 0x01 0x0e 0x04 0x01 0x0b 0x04 0x01 0x0a 0x04>;"));
        Assert.That(dts, Does.Contain("bootargs = \"console=ttyAMA0\";"));
        Assert.That(dts, Does.Contain("linux,initrd-start = <0x00 0x48000000>;"));
        Assert.That(dts, Does.Contain("reg = <0x03>;"));
    }

    [Test]
    public void CpuRegHasTwoCellsWhenAnyCpuHasAff3()
    {
        var cpus = Affinity.FromMpidrList("0x0,0x1,0x100000000,0x100000001");
        var (exit, dts, err) = Dtc.Decompile(Build(cpus).ToBlob());
        Assert.That(exit, Is.Zero, err);
        Assert.That(err, Is.Empty);
        Assert.That(dts, Does.Contain("cpu@100000001 {"));
        Assert.That(dts, Does.Contain("reg = <0x01 0x01>;"));
        Assert.That(dts, Does.Contain("reg = <0x00 0x00>;"));

        FlattenedDeviceTree back = FdtReader.Read(Build(cpus).ToBlob());
        DeviceTreeNode cpusNode = back.Root.Child("cpus")!;
        Assert.That(cpusNode.Property("#address-cells")!.AsU32(), Is.EqualTo(2u));
        Assert.That(cpusNode.Children.Select(c => c.Property("reg")!.AsU64()),
            Is.EqualTo(new[] { 0x0UL, 0x1UL, 0x1_0000_0000UL, 0x1_0000_0001UL }));
    }
}
