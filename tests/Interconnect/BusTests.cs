using Emulator.Interconnect;

namespace Emulator.Tests.Interconnect;

public class BusTests
{
    /// <summary>A device that records accesses and answers reads with a pattern.</summary>
    sealed class RecordingDevice : IMmioDevice
    {
        public readonly List<(bool Write, ulong Offset, int Size, ulong Value)> Accesses = [];

        public BusStatus Read(ulong offset, int size, out ulong value)
        {
            value = 0xA0 + offset;
            Accesses.Add((false, offset, size, value));
            return size == 1 ? BusStatus.DeviceError : BusStatus.Ok;
        }

        public BusStatus Write(ulong offset, int size, ulong value)
        {
            Accesses.Add((true, offset, size, value));
            return BusStatus.Ok;
        }
    }

    [Test]
    public void LargeRamIsAllocatedOnlyWhereTouched()
    {
        var bus = new Bus();
        Ram ram = bus.AddRam("ram", 0x4000_0000, 4UL << 30);
        Assert.That(ram.AllocatedPages, Is.Zero);
        Assert.That(bus.Write(0x4000_0000 + (3UL << 30), 8, 0x1122_3344_5566_7788), Is.EqualTo(BusStatus.Ok));
        Assert.That(ram.AllocatedPages, Is.EqualTo(1));
        Assert.That(bus.Read(0x4000_0000 + (3UL << 30) + 2, 2, out ulong v), Is.EqualTo(BusStatus.Ok));
        Assert.That(v, Is.EqualTo(0x5566UL));
    }

    [TestCase(1, 0x88UL)]
    [TestCase(2, 0x7788UL)]
    [TestCase(4, 0x5566_7788UL)]
    [TestCase(8, 0x1122_3344_5566_7788UL)]
    public void AccessesAreLittleEndianInEverySize(int size, ulong expected)
    {
        var bus = new Bus();
        bus.AddRam("ram", 0x1000, 0x2000);
        bus.Write(0x1FFC, 8, 0x1122_3344_5566_7788); // crosses a page boundary
        Assert.That(bus.Read(0x1FFC, size, out ulong v), Is.EqualTo(BusStatus.Ok));
        Assert.That(v, Is.EqualTo(expected));
        Assert.That(bus.Read(0x1FFC + 4, 1, out ulong b), Is.EqualTo(BusStatus.Ok));
        Assert.That(b, Is.EqualTo(0x44UL));
    }

    [Test]
    public void SixteenByteAccessesReachRamWholeAndDevicesAsTwoHalves()
    {
        var bus = new Bus();
        bus.AddRam("ram", 0x1000, 0x1000);
        var device = new RecordingDevice();
        bus.AddMmio("dev", 0x9000, 0x100, device);
        UInt128 value = new(0x0F0E_0D0C_0B0A_0908, 0x0706_0504_0302_0100);
        Assert.That(bus.Write128(0x1010, value), Is.EqualTo(BusStatus.Ok));
        Assert.That(bus.Read(0x1018, 1, out ulong b), Is.EqualTo(BusStatus.Ok));
        Assert.That(b, Is.EqualTo(0x08UL));
        Assert.That(bus.Read128(0x1010, out UInt128 back), Is.EqualTo(BusStatus.Ok));
        Assert.That(back, Is.EqualTo(value));

        Assert.That(bus.Write128(0x9010, value), Is.EqualTo(BusStatus.Ok));
        Assert.That(device.Accesses, Is.EqualTo(new[]
        {
            (true, 0x10UL, 8, 0x0706_0504_0302_0100UL),
            (true, 0x18UL, 8, 0x0F0E_0D0C_0B0A_0908UL),
        }));
    }

    [Test]
    public void AccessToNothingIsABusErrorNotAnException()
    {
        var bus = new Bus();
        bus.AddRam("ram", 0x1000, 0x1000);
        Assert.That(bus.Read(0x5000, 4, out _), Is.EqualTo(BusStatus.Unmapped));
        Assert.That(bus.Write(0x5000, 4, 1), Is.EqualTo(BusStatus.Unmapped));
        // Straddling the end of RAM is not inside RAM either.
        Assert.That(bus.Read(0x1FFC, 8, out _), Is.EqualTo(BusStatus.Unmapped));
        Assert.That(bus.Read(ulong.MaxValue - 3, 8, out _), Is.EqualTo(BusStatus.Unmapped));
    }

    [Test]
    public void DeviceSeesOffsetsAndItsErrorsPassThrough()
    {
        var bus = new Bus();
        var device = new RecordingDevice();
        bus.AddMmio("dev", 0x9000_0000, 0x1000, device);
        Assert.That(bus.Read(0x9000_0010, 4, out ulong v), Is.EqualTo(BusStatus.Ok));
        Assert.That(v, Is.EqualTo(0xB0UL));
        Assert.That(bus.Read(0x9000_0010, 1, out _), Is.EqualTo(BusStatus.DeviceError));
    }

    [TestCase(0x1800UL, 0x1000UL, "'b' [0x1800, 0x2800) overlaps 'a' [0x1000, 0x2000)")]
    [TestCase(0x0800UL, 0x1000UL, "'b' [0x800, 0x1800) overlaps 'a' [0x1000, 0x2000)")]
    [TestCase(0x1200UL, 0x10UL, "'b' [0x1200, 0x1210) overlaps 'a' [0x1000, 0x2000)")]
    public void OverlappingRegionsAreRejectedWithAClearMessage(ulong baseAddress, ulong size, string message)
    {
        var bus = new Bus();
        bus.AddRam("a", 0x1000, 0x1000);
        var e = Assert.Throws<ArgumentException>(() => bus.AddMmio("b", baseAddress, size, new RecordingDevice()));
        Assert.That(e!.Message, Does.Contain(message));
    }

    [Test]
    public void AdjacentRegionsAreAcceptedAndFoundByBinarySearch()
    {
        var bus = new Bus();
        var devices = Enumerable.Range(0, 16).Select(_ => new RecordingDevice()).ToArray();
        for (int i = 15; i >= 0; i--)
            bus.AddMmio($"d{i}", 0x10000 + (ulong)i * 0x100, 0x100, devices[i]);
        for (int i = 0; i < 16; i++)
            Assert.That(bus.Find(0x10000 + (ulong)i * 0x100 + 0xFF)!.Device, Is.SameAs(devices[i]));
        Assert.That(bus.Find(0x10000 + 16 * 0x100), Is.Null);
        Assert.That(bus.Find(0xFFFF), Is.Null);
    }

    [Test]
    public void ExclusiveMonitorIsClearedByAnotherAgentsWriteToTheGranuleOnly()
    {
        var bus = new Bus();
        Ram ram = bus.AddRam("ram", 0x1000, 0x4000);
        var monitor = new ExclusiveMonitor(bus, 2);
        monitor.Mark(0, ram, 0x1040);

        ram.Write(0x1048, 8, 1, agent: 0);          // the holder's own write keeps it
        Assert.That(monitor.Holds(0, 0x1040), Is.True);
        ram.Write(0x1080, 8, 1, agent: 1);          // another granule
        Assert.That(monitor.Holds(0, 0x1040), Is.True);
        ram.Write(0x107F, 1, 1, agent: 1);          // last byte of the granule
        Assert.That(monitor.Holds(0, 0x1040), Is.False);

        monitor.Mark(1, ram, 0x2000);
        bus.Write(0x2038, 8, 5);                    // a device write clears too
        Assert.That(monitor.Holds(1, 0x2000), Is.False);
        Assert.That(ram.WatchFlags[ram.PageIndex(0x2000)] & PageWatch.Exclusive, Is.EqualTo(PageWatch.None));
    }

    [TestCase(3), TestCase(5), TestCase(6), TestCase(7)]
    public void RamTakesTheOddSizedHalvesOfAnAccessSplitAtAPage(int size)
    {
        // An unaligned 8-byte access at 0x1FFD is split by the CPU into 3 + 5 bytes, each
        // half translated on its own; either half may reach RAM alone.
        var bus = new Bus();
        Ram ram = bus.AddRam("ram", 0x1000, 0x2000);
        ulong mask = (1UL << (8 * size)) - 1;
        ram.Write(0x1100, size, 0x8877_6655_4433_2211 & mask, agent: 0);
        Assert.That(ram.Read(0x1100, size), Is.EqualTo(0x8877_6655_4433_2211 & mask));
        Assert.That(ram.Read(0x1100 + (ulong)size, 1), Is.EqualTo(0UL), "nothing written past the size");
    }
}
