using Emulator.Interconnect;
using Emulator.Machine.DeviceTree;

namespace Emulator.Tests.Machine;

public class VirtDeviceTreeTests
{
    static VirtDeviceTreeSpec Spec(Affinity[] cpus) => new()
    {
        RamBase = 0x4000_0000,
        RamSize = 0x4000_0000,
        Cpus = cpus,
        BootArgs = "console=ttyAMA0 earlycon",
        InitrdStart = 0x7F00_0000,
        InitrdEnd = 0x7F12_3456,
    };

    static string Decompile(byte[] blob, out string stderr)
    {
        (int exit, string dts, string err) = Dtc.Decompile(blob);
        Assert.That(exit, Is.EqualTo(0), err);
        stderr = err;
        return dts;
    }

    [Test]
    public void LinearFourCpuTreeMatchesTheReferenceBindingsAndDtcIsSilent()
    {
        string dts = Decompile(VirtDeviceTree.Build(Spec(Affinity.Linear(4))).ToBlob(), out string stderr);
        Assert.That(stderr, Is.Empty);
        // Lines as QEMU's virt board writes them (shared/reference/qemu-virt-gicv3-its-smp4.dts).
        Assert.That(dts, Does.Contain("interrupts = <0x01 0x0d 0x04 0x01 0x0e 0x04 0x01 0x0b 0x04 0x01 0x0a 0x04>;"));
        Assert.That(dts, Does.Contain("compatible = \"arm,armv8-timer\\0arm,armv7-timer\";"));
        Assert.That(dts, Does.Contain("compatible = \"arm,psci-1.0\\0arm,psci-0.2\\0arm,psci\";"));
        Assert.That(dts, Does.Contain("method = \"hvc\";"));
        Assert.That(dts, Does.Contain("reg = <0x00 0x8000000 0x00 0x10000 0x00 0x80a0000 0x00 0x80000>;"));
        Assert.That(dts, Does.Contain("#redistributor-regions = <0x01>;"));
        Assert.That(dts, Does.Contain("its@8080000 {"));
        Assert.That(dts, Does.Contain("compatible = \"arm,gic-v3-its\";"));
        Assert.That(dts, Does.Contain("msi-controller;"));
        Assert.That(dts, Does.Contain("interrupts = <0x00 0x01 0x04>;"));
        Assert.That(dts, Does.Contain("interrupts = <0x00 0x02 0x04>;"));
        Assert.That(dts, Does.Contain("compatible = \"arm,pl011\\0arm,primecell\";"));
        Assert.That(dts, Does.Contain("clock-names = \"uartclk\\0apb_pclk\";"));
        Assert.That(dts, Does.Contain("stdout-path = \"/pl011@9000000\";"));
        Assert.That(dts, Does.Contain("bootargs = \"console=ttyAMA0 earlycon\";"));
        Assert.That(dts, Does.Contain("reg = <0x00 0x40000000 0x00 0x40000000>;"));
        Assert.That(dts, Does.Contain("cpu@3 {"));
        Assert.That(dts, Does.Contain("reg = <0x03>;"));
    }

    [Test]
    public void Aff3CpusGetTwoCellRegAndDtcIsSilent()
    {
        FlattenedDeviceTree fdt = VirtDeviceTree.Build(Spec(Affinity.FromMpidrList("0x0,0x1,0x100000000,0x100000001")));
        string dts = Decompile(fdt.ToBlob(), out string stderr);
        Assert.That(stderr, Is.Empty);
        Assert.That(dts, Does.Contain("cpu@100000001 {"));
        Assert.That(dts, Does.Contain("reg = <0x01 0x01>;"));
        Assert.That(dts, Does.Contain("reg = <0x00 0x01>;"));

        FlattenedDeviceTree read = FdtReader.Read(fdt.ToBlob());
        DeviceTreeNode cpus = read.Root.Find("/cpus")!;
        Assert.That(cpus.Property("#address-cells")!.AsU32(), Is.EqualTo(2u));
        Assert.That(cpus.Children.Select(c => Affinity.FromMpidr(c.Property("reg")!.AsU64())),
            Is.EqualTo(Affinity.FromMpidrList("0x0,0x1,0x100000000,0x100000001")));
        Assert.That(read.Root.Find("/chosen")!.Property("linux,initrd-end")!.AsU64(), Is.EqualTo(0x7F12_3456UL));
    }

    [Test]
    public void CpuRegHoldsAff2Aff1Aff0InTheLowCell()
    {
        FlattenedDeviceTree fdt = VirtDeviceTree.Build(Spec([new Affinity(0, 1, 2, 3)]));
        DeviceTreeNode cpu = fdt.Root.Find("/cpus")!.Children.Single();
        Assert.That(cpu.Name, Is.EqualTo("cpu@10203"));
        Assert.That(cpu.Property("reg")!.AsU32(), Is.EqualTo(0x010203u));
    }

    [Test]
    public void InterruptParentIsTheGic()
    {
        FlattenedDeviceTree fdt = VirtDeviceTree.Build(Spec(Affinity.Linear(2)));
        uint parent = fdt.Root.Property("interrupt-parent")!.AsU32();
        Assert.That(fdt.Root.Find("/intc@8000000")!.Property("phandle")!.AsU32(), Is.EqualTo(parent));
        uint clk = fdt.Root.Find("/apb-pclk")!.Property("phandle")!.AsU32();
        Assert.That(fdt.Root.Find("/pl011@9000000")!.Property("clocks")!.AsCells(), Is.EqualTo(new[] { clk, clk }));
    }

    [Test]
    public void TooManyCpusForTheRedistributorRegionIsRefused()
    {
        // 0x080A_0000 + 123 * 0x2_0000 ends exactly at the PL011 (QEMU's 0xF60000 region); 124 overlaps it.
        var ex = Assert.Throws<ArgumentException>(() => VirtDeviceTree.Build(Spec(Affinity.Linear(124))));
        Assert.That(ex!.Message, Does.Contain("GIC redistributors").And.Contain("PL011"));
        FlattenedDeviceTree fdt = VirtDeviceTree.Build(Spec(Affinity.Linear(123)));
        Assert.That(fdt.Root.Find("/intc@8000000")!.Property("reg")!.AsCells()[^1], Is.EqualTo(0xF6_0000u));
    }

    [Test]
    public void BadSpecsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => VirtDeviceTree.Build(Spec([])));
        Assert.Throws<ArgumentException>(() => VirtDeviceTree.Build(Spec(Affinity.Linear(2)) with { PsciMethod = "svc" }));
        Assert.Throws<ArgumentException>(() => VirtDeviceTree.Build(Spec(Affinity.Linear(2)) with { InitrdEnd = null }));
        Assert.Throws<ArgumentException>(() => VirtDeviceTree.Build(Spec(Affinity.Linear(2)) with { RamBase = 0x0900_0000 }));
    }
}
