using Emulator.Devices.Gic;
using Emulator.Interconnect;

namespace Emulator.Tests.Devices.Gic;

/// <summary>
/// A GIC on a fake bus: word/byte/doubleword accessors for the distributor and for each
/// CPU's redistributor frame (offsets within the CPU's 128 KiB; SGI_base registers at
/// 0x10000 + offset), and a log of trace lines and change notifications.
/// </summary>
sealed class GicBench
{
    public readonly GicV3 Gic;
    public readonly List<string> TraceLines = [];
    public readonly List<int> Notified = [];

    public GicBench(IReadOnlyList<Affinity>? cpus = null, int spis = 64, bool lpis = false, bool mbis = true, int priorityBits = 8, Bus? memory = null)
    {
        Gic = new GicV3(new GicConfiguration
        {
            Cpus = cpus ?? Affinity.Linear(4),
            SpiCount = spis,
            Lpis = lpis,
            Mbis = mbis,
            PriorityBits = priorityBits,
        }, memory: memory);
        Gic.Trace = TraceLines.Add;
        Gic.PendingChanged = Notified.Add;
    }

    public IMmioDevice Gicd => Gic.Distributor;
    public IMmioDevice Gicr => Gic.Redistributors;

    public static ulong Frame(int cpu) => Redistributor.FrameSize * (ulong)cpu;

    public ulong Read(IMmioDevice d, ulong offset, int size)
    {
        Assert.That(d.Read(offset, size, out ulong v), Is.EqualTo(BusStatus.Ok), $"{size}-byte read at 0x{offset:X}");
        return v;
    }

    public void Write(IMmioDevice d, ulong offset, int size, ulong value) =>
        Assert.That(d.Write(offset, size, value), Is.EqualTo(BusStatus.Ok), $"{size}-byte write at 0x{offset:X}");

    public uint D(ulong offset) => (uint)Read(Gicd, offset, 4);
    public void D(ulong offset, uint value) => Write(Gicd, offset, 4, value);
    public ulong D64(ulong offset) => Read(Gicd, offset, 8);
    public void D64(ulong offset, ulong value) => Write(Gicd, offset, 8, value);

    public uint R(int cpu, ulong offset) => (uint)Read(Gicr, Frame(cpu) + offset, 4);
    public void R(int cpu, ulong offset, uint value) => Write(Gicr, Frame(cpu) + offset, 4, value);
    public ulong R64(int cpu, ulong offset) => Read(Gicr, Frame(cpu) + offset, 8);
    public void R64(int cpu, ulong offset, ulong value) => Write(Gicr, Frame(cpu) + offset, 8, value);

    /// <summary>Clears GICR_WAKER.ProcessorSleep on every CPU and enables both groups in GICD_CTLR.</summary>
    public GicBench Awake()
    {
        for (int cpu = 0; cpu < Gic.CpuCount; cpu++)
            R(cpu, 0x0014, 0);
        D(0x0000, 0x3);
        return this;
    }
}
