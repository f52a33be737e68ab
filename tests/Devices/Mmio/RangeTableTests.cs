using Emulator.Devices.Mmio;
using Emulator.Interconnect;

namespace Emulator.Tests.Devices.Mmio;

/// <summary>The range table on its own: lookup, narrow accesses into wide registers, the fault path.</summary>
public class RangeTableTests
{
    sealed class Dev
    {
        public ulong[] Regs = new ulong[4];
        public List<MmioFault> Faults = [];
    }

    static RangeTable<Dev> Table() => new("dev", 0x100, (d, f) => d.Faults.Add(f),
        new MmioRange<Dev>(0x10, "R<n>", 8, AccessSizes.Byte | AccessSizes.Word | AccessSizes.Double, 0,
            (d, n) => d.Regs[n - 2], (d, n, v, m) => d.Regs[n - 2] = (d.Regs[n - 2] & ~m) | (v & m), Count: 4, FirstIndex: 2),
        new MmioRange<Dev>(0x40, "RO", 4, AccessSizes.Word, 7, (_, _) => 7, null),
        new MmioRange<Dev>(0x44, "WO", 4, AccessSizes.Word, null, null, (_, _, _, _) => { }));

    [Test]
    public void NarrowAccessesTouchOnlyTheirBytes()
    {
        var d = new Dev();
        RangeTable<Dev> t = Table();
        Assert.That(t.Write(d, 0x18, 8, 0x1122_3344_5566_7788, null), Is.EqualTo(BusStatus.Ok));
        Assert.That(t.Write(d, 0x1C, 4, 0xAABB_CCDD, null), Is.EqualTo(BusStatus.Ok));
        Assert.That(t.Write(d, 0x19, 1, 0xEE, null), Is.EqualTo(BusStatus.Ok));
        Assert.That(d.Regs[1], Is.EqualTo(0xAABB_CCDD_5566_EE88UL), "register 3 of the row is Regs[1]");
        Assert.That(t.Read(d, 0x1E, 1, out ulong v, null), Is.EqualTo(BusStatus.Ok));
        Assert.That(v, Is.EqualTo(0xBBUL));
        Assert.That(t.Find(0x2F)!.Name, Is.EqualTo("R<n>"));
        Assert.That(t.Find(0x30), Is.Null);
        Assert.That(t.Ranges[0].ElementName(5), Is.EqualTo("R5"));
        Assert.That(t.Ranges[0].OffsetOf(5), Is.EqualTo(0x28u));
    }

    [Test]
    public void BadAccessesAreReportedInOnePlace()
    {
        var d = new Dev();
        var trace = new List<string>();
        RangeTable<Dev> t = Table();
        Assert.That(t.Read(d, 0x12, 2, out _, trace.Add), Is.EqualTo(BusStatus.DeviceError), "halfword not accepted");
        Assert.That(t.Read(d, 0x14, 8, out _, trace.Add), Is.EqualTo(BusStatus.DeviceError), "misaligned");
        Assert.That(t.Read(d, 0x80, 4, out ulong v, trace.Add), Is.EqualTo(BusStatus.Ok));
        Assert.That(v, Is.Zero);
        Assert.That(t.Write(d, 0x80, 1, 1, trace.Add), Is.EqualTo(BusStatus.Ok));
        Assert.That(t.Write(d, 0x40, 4, 1, trace.Add), Is.EqualTo(BusStatus.Ok));
        Assert.That(t.Read(d, 0x40, 4, out v, trace.Add), Is.EqualTo(BusStatus.Ok));
        Assert.That(v, Is.EqualTo(7UL));
        Assert.That(t.Read(d, 0x44, 4, out v, trace.Add), Is.EqualTo(BusStatus.Ok));
        Assert.That(d.Faults, Is.EqualTo(new[] { MmioFault.BadSize, MmioFault.BadSize, MmioFault.ReadReserved, MmioFault.WriteReserved, MmioFault.WriteReadOnly, MmioFault.ReadWriteOnly }));
        Assert.That(trace, Has.Count.EqualTo(6));
        Assert.That(trace[0], Does.Contain("R2").And.Contain("DeviceError"));
    }

    [Test]
    public void MisplacedOrOverlappingRowsAreRefused()
    {
        RangeRead<Dev> r = (_, _) => 0;
        Assert.Throws<ArgumentException>(() => new RangeTable<Dev>("x", 0x100, null,
            new MmioRange<Dev>(0x04, "A", 8, AccessSizes.Double, 0, r, null)));
        Assert.Throws<ArgumentException>(() => new RangeTable<Dev>("x", 0x100, null,
            new MmioRange<Dev>(0x00, "A", 4, AccessSizes.Word, 0, r, null, Count: 2),
            new MmioRange<Dev>(0x04, "B", 4, AccessSizes.Word, 0, r, null)));
        Assert.Throws<ArgumentException>(() => new RangeTable<Dev>("x", 0x100, null,
            new MmioRange<Dev>(0x00, "A", 4, AccessSizes.Double, 0, r, null)));
        Assert.Throws<ArgumentException>(() => new RangeTable<Dev>("x", 0x100, null,
            new MmioRange<Dev>(0xFC, "A", 4, AccessSizes.Word, 0, r, null, Count: 2)));
    }
}
