using System.Buffers.Binary;
using Emulator.Machine.DeviceTree;

namespace Emulator.Tests.Machine;

public class DeviceTreeTests
{
    /// <summary>A small virt-like tree using every kind of property the writer offers.</summary>
    static FlattenedDeviceTree SampleTree()
    {
        var fdt = new FlattenedDeviceTree();
        DeviceTreeNode root = fdt.Root;
        root.AddU32("#address-cells", 2).AddU32("#size-cells", 2)
            .AddString("compatible", "linux,dummy-virt").AddString("model", "emulator,virt");

        DeviceTreeNode intc = root.AddChild("intc@8000000");
        intc.AddStringList("compatible", "arm,gic-v3")
            .AddReg("reg", 2, 2, (0x0800_0000, 0x10000), (0x080A_0000, 0x80000))
            .AddU32("#interrupt-cells", 3).AddEmpty("interrupt-controller")
            .AddU32("#redistributor-regions", 1)
            .AddU32("#address-cells", 2).AddU32("#size-cells", 2).AddEmpty("ranges");
        DeviceTreeNode its = intc.AddChild("its@8080000");
        its.AddString("compatible", "arm,gic-v3-its").AddEmpty("msi-controller").AddU32("#msi-cells", 1)
            .AddReg("reg", 2, 2, (0x0808_0000, 0x20000));
        uint gic = fdt.Phandle(intc);
        fdt.Phandle(its);
        root.AddU32("interrupt-parent", gic);

        DeviceTreeNode clock = root.AddChild("apb-pclk");
        clock.AddString("compatible", "fixed-clock").AddU32("#clock-cells", 0)
            .AddU32("clock-frequency", 24_000_000).AddString("clock-output-names", "clk24mhz");
        uint clk = fdt.Phandle(clock);

        DeviceTreeNode uart = root.AddChild("pl011@9000000");
        uart.AddStringList("compatible", "arm,pl011", "arm,primecell")
            .AddReg("reg", 2, 2, (0x0900_0000, 0x1000))
            .AddCells("interrupts", 0, 1, 4)
            .AddCells("clocks", clk, clk).AddStringList("clock-names", "uartclk", "apb_pclk");

        DeviceTreeNode memory = root.AddChild("memory@40000000");
        memory.AddString("device_type", "memory").AddReg("reg", 2, 2, (0x4000_0000, 0x4000_0000));

        DeviceTreeNode cpus = root.AddChild("cpus");
        cpus.AddU32("#address-cells", 2).AddU32("#size-cells", 0);
        foreach (ulong mpidr in new ulong[] { 0x0, 0x1_0000_0001 })
        {
            DeviceTreeNode cpu = cpus.AddChild($"cpu@{mpidr:x}");
            cpu.AddString("device_type", "cpu").AddString("compatible", "arm,cortex-a57")
                .AddU64("reg", mpidr).AddString("enable-method", "psci");
        }

        root.AddChild("chosen").AddString("bootargs", "console=ttyAMA0 earlycon")
            .AddString("stdout-path", "/pl011@9000000")
            .AddU64("linux,initrd-start", 0x4800_0000).AddU64("linux,initrd-end", 0x4810_0000);

        fdt.Reservations.Add(new MemoryReservation(0x4000_0000, 0x1000));
        return fdt;
    }

    [Test]
    public void DtcReadsBlobBackWithoutWarnings()
    {
        (int exit, string dts, string stderr) = Dtc.Decompile(SampleTree().ToBlob());
        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stderr, Is.Empty);
        Assert.That(dts, Does.Contain("/memreserve/\t0x0000000040000000 0x0000000000001000;"));
        Assert.That(dts, Does.Contain("compatible = \"arm,pl011\\0arm,primecell\";"));
        Assert.That(dts, Does.Contain("reg = <0x00 0x8000000 0x00 0x10000 0x00 0x80a0000 0x00 0x80000>;"));
        Assert.That(dts, Does.Contain("reg = <0x01 0x01>;"), "two-cell cpu reg for Aff3 = 1");
        Assert.That(dts, Does.Contain("interrupt-controller;"));
        Assert.That(dts, Does.Contain("interrupt-parent = <0x01>;"));
        Assert.That(dts, Does.Contain("clocks = <0x03 0x03>;"));
        Assert.That(dts, Does.Contain("linux,initrd-start = <0x00 0x48000000>;"));
    }

    [Test]
    public void DtcWarnsAboutATreeThatBreaksItsChecks()
    {
        // Guards the test above: a unit address without a reg property is a dtc warning.
        FlattenedDeviceTree fdt = SampleTree();
        fdt.Root.AddChild("bogus@1000").AddString("compatible", "test,bogus");
        (int exit, _, string stderr) = Dtc.Decompile(fdt.ToBlob());
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(stderr, Does.Contain("Warning").And.Contain("unit_address_vs_reg"));
    }

    [Test]
    public void HeaderIsVersion17WithConsistentOffsets()
    {
        byte[] blob = SampleTree().ToBlob();
        uint U32(int at) => BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(at));
        Assert.That(U32(0), Is.EqualTo(0xD00DFEEDu));
        Assert.That(U32(4), Is.EqualTo((uint)blob.Length));
        Assert.That(U32(20), Is.EqualTo(17u));
        Assert.That(U32(24), Is.EqualTo(16u));
        Assert.That(U32(16) % 8, Is.EqualTo(0u), "memory reservation block is 8-byte aligned");
        Assert.That(U32(8) % 4, Is.EqualTo(0u), "structure block is 4-byte aligned");
        Assert.That(U32(8) + U32(36), Is.LessThanOrEqualTo(U32(12)), "structure block ends before strings");
        Assert.That(U32(12) + U32(32), Is.EqualTo((uint)blob.Length));
        // Reservation entry then the terminating zero entry.
        Assert.That(BinaryPrimitives.ReadUInt64BigEndian(blob.AsSpan((int)U32(16))), Is.EqualTo(0x4000_0000UL));
        Assert.That(BinaryPrimitives.ReadUInt64BigEndian(blob.AsSpan((int)U32(16) + 16)), Is.Zero);
        Assert.That(BinaryPrimitives.ReadUInt64BigEndian(blob.AsSpan((int)U32(16) + 24)), Is.Zero);
        // The structure block closes with FDT_END.
        Assert.That(U32((int)(U32(8) + U32(36) - 4)), Is.EqualTo(FlattenedDeviceTree.FDT_END));
    }

    [Test]
    public void StringsBlockStoresEachPropertyNameOnce()
    {
        FlattenedDeviceTree tree = SampleTree();
        byte[] blob = tree.ToBlob();
        uint stringsOff = BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(12));
        uint stringsSize = BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(32));
        string[] names = System.Text.Encoding.ASCII.GetString(blob, (int)stringsOff, (int)stringsSize - 1).Split('\0');
        Assert.That(names, Is.Unique);
        var expected = new HashSet<string>();
        void Collect(DeviceTreeNode n)
        {
            foreach (DeviceTreeProperty p in n.Properties) expected.Add(p.Name);
            foreach (DeviceTreeNode c in n.Children) Collect(c);
        }
        Collect(tree.Root);
        Assert.That(names, Is.EquivalentTo(expected));
        Assert.That(names, Does.Contain("reg").And.Contain("compatible"));
    }

    [Test]
    public void ReaderRoundTripsStructure()
    {
        FlattenedDeviceTree written = SampleTree();
        written.BootCpuIdPhys = 3;
        FlattenedDeviceTree read = FdtReader.Read(written.ToBlob());
        Assert.That(read.BootCpuIdPhys, Is.EqualTo(3u));
        Assert.That(read.Reservations, Is.EqualTo(new[] { new MemoryReservation(0x4000_0000, 0x1000) }));
        Assert.That(read.Root.Children.Select(c => c.Name),
            Is.EqualTo(new[] { "intc@8000000", "apb-pclk", "pl011@9000000", "memory@40000000", "cpus", "chosen" }));
        Assert.That(read.Root.Find("/intc@8000000/its@8080000")!.Property("compatible")!.AsString(), Is.EqualTo("arm,gic-v3-its"));
        Assert.That(read.Root.Find("/intc@8000000/its@8080000")!.Path, Is.EqualTo("/intc@8000000/its@8080000"));
        Assert.That(read.Root.Find("/intc@8000000")!.Property("interrupt-controller")!.Value, Is.Empty);
        Assert.That(read.Root.Find("/pl011@9000000")!.Property("compatible")!.AsStrings(), Is.EqualTo(new[] { "arm,pl011", "arm,primecell" }));
        Assert.That(read.Root.Find("/pl011@9000000")!.Property("interrupts")!.AsCells(), Is.EqualTo(new uint[] { 0, 1, 4 }));
        Assert.That(read.Root.Find("cpus/cpu@100000001")!.Property("reg")!.AsU64(), Is.EqualTo(0x1_0000_0001UL));
        Assert.That(read.Root.Find("/memory@40000000")!.Property("reg")!.AsCells(), Is.EqualTo(new uint[] { 0, 0x4000_0000, 0, 0x4000_0000 }));
        // Phandles are unique and the reference resolves to the node that carries it.
        uint parent = read.Root.Property("interrupt-parent")!.AsU32();
        Assert.That(read.Root.Find("/intc@8000000")!.Property("phandle")!.AsU32(), Is.EqualTo(parent));
        Assert.That(read.Root.Find("/intc@8000000/its@8080000")!.Property("phandle")!.AsU32(), Is.Not.EqualTo(parent));
        // And the blob written again from what was read is byte-identical.
        Assert.That(read.ToBlob(), Is.EqualTo(written.ToBlob()));
    }

    [Test]
    public void PhandleIsStablePerNode()
    {
        var fdt = new FlattenedDeviceTree();
        DeviceTreeNode a = fdt.Root.AddChild("a"), b = fdt.Root.AddChild("b");
        Assert.That(fdt.Phandle(a), Is.EqualTo(1u));
        Assert.That(fdt.Phandle(b), Is.EqualTo(2u));
        Assert.That(fdt.Phandle(a), Is.EqualTo(1u));
        Assert.That(a.Properties.Count(p => p.Name == "phandle"), Is.EqualTo(1));
    }

    [Test]
    public void PhandlesAllocatedAfterReadingDoNotCollide()
    {
        FlattenedDeviceTree read = FdtReader.Read(SampleTree().ToBlob());
        uint[] existing = [1, 2, 3];
        uint fresh = read.Phandle(read.Root.AddChild("new-node"));
        Assert.That(existing, Does.Not.Contain(fresh));
        Assert.That(fresh, Is.EqualTo(4u));
    }

    [Test]
    public void BuilderRefusesDuplicatesAndBadNames()
    {
        var node = new DeviceTreeNode("x");
        node.AddU32("a", 1);
        Assert.Throws<ArgumentException>(() => node.AddU32("a", 2));
        node.AddChild("c");
        Assert.Throws<ArgumentException>(() => node.AddChild("c"));
        Assert.Throws<ArgumentException>(() => new DeviceTreeNode("bad name"));
        Assert.Throws<ArgumentException>(() => new DeviceTreeNode("x@"));
        Assert.Throws<ArgumentException>(() => node.AddU32("white space", 1));
        Assert.Throws<ArgumentException>(() => node.AddString("s", "nul\0inside"));
        Assert.Throws<ArgumentException>(() => node.AddReg("reg", 1, 1, (0x1_0000_0000, 0x10)));
        node.Set("a", DeviceTreeNode.Cells(7));
        Assert.That(node.Property("a")!.AsU32(), Is.EqualTo(7u));
    }

    [Test]
    public void ReaderRefusesMalformedBlobs()
    {
        byte[] good = SampleTree().ToBlob();
        Assert.Throws<FormatException>(() => FdtReader.Read(good.AsSpan(0, 20)));
        Assert.Throws<FormatException>(() => FdtReader.Read(good.AsSpan(0, good.Length - 8)), "truncated");
        byte[] badMagic = (byte[])good.Clone();
        badMagic[0] = 0;
        Assert.That(Assert.Throws<FormatException>(() => FdtReader.Read(badMagic))!.Message, Does.Contain("magic"));
        byte[] badToken = (byte[])good.Clone();
        int structOff = (int)BinaryPrimitives.ReadUInt32BigEndian(good.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(badToken.AsSpan(structOff), 0x77);
        Assert.That(Assert.Throws<FormatException>(() => FdtReader.Read(badToken))!.Message, Does.Contain("token"));
        byte[] badVersion = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(badVersion.AsSpan(20), 16);
        Assert.Throws<FormatException>(() => FdtReader.Read(badVersion));
    }
}
