using Emulator.Devices.Gic;
using Emulator.Devices.Gic.Its;
using Emulator.Interconnect;

namespace Emulator.Tests.Devices.Gic;

/// <summary>
/// Records what the ITS asks of the redistributors, and checks that it only ever asks for
/// CPUs that exist and INTIDs that are LPIs the redistributor implements.
/// </summary>
sealed class FakeLpiTarget(int cpus, int maxLpi = 65535) : ILpiTarget
{
    public readonly HashSet<(int Cpu, int Intid)> Pending = [];
    public readonly List<string> Calls = [];
    public readonly bool[] Enabled = Enumerable.Repeat(true, cpus).ToArray();
    public int Max = maxLpi;
    public bool Record = true;

    void Check(int cpu, int intid)
    {
        if ((uint)cpu >= (uint)cpus) throw new AssertionException($"ITS named CPU {cpu} of {cpus}");
        if (intid < 8192) throw new AssertionException($"ITS named INTID {intid}, not an LPI");
    }

    void Log(string s)
    {
        if (Record) Calls.Add(s);
    }

    public bool LpisEnabled(int cpu) => Enabled[cpu];
    public int MaxLpi(int cpu) => Max;

    public void SetLpiPending(int cpu, int intid)
    {
        Check(cpu, intid);
        if (intid > Max || !Enabled[cpu]) throw new AssertionException($"LPI {intid} sent to CPU {cpu} that does not accept it");
        Pending.Add((cpu, intid));
        Log($"set {cpu} {intid}");
    }

    public void ClearLpiPending(int cpu, int intid)
    {
        Check(cpu, intid);
        Pending.Remove((cpu, intid));
        Log($"clear {cpu} {intid}");
    }

    public bool IsLpiPending(int cpu, int intid)
    {
        Check(cpu, intid);
        return Pending.Contains((cpu, intid));
    }

    public void MoveLpiPending(int fromCpu, int toCpu, int intid)
    {
        Check(fromCpu, intid);
        Check(toCpu, intid);
        if (Pending.Remove((fromCpu, intid))) Pending.Add((toCpu, intid));
        Log($"move {fromCpu}->{toCpu} {intid}");
    }

    public void InvalidateLpiConfiguration(int cpu, int intid)
    {
        Check(cpu, intid);
        Log($"inv {cpu} {intid}");
    }

    public void InvalidateAllLpiConfiguration(int cpu)
    {
        Check(cpu, 8192);
        Log($"invall {cpu}");
    }
}

/// <summary>
/// An ITS on a real bus with 16 MiB of RAM at 0x4000_0000 for its queue and tables, a fake
/// set of redistributors, accessors for the registers and builders for the commands
/// (the encodings of arm-gic-v3.h's its_encode_* helpers).
/// </summary>
sealed class ItsBench
{
    public const ulong RamBase = 0x4000_0000, QueueBase = RamBase, DeviceTable = RamBase + 0x10_0000,
        CollectionTable = RamBase + 0x20_0000, IttBase = RamBase + 0x30_0000, ItsBase = 0x0808_0000;

    public readonly Bus Bus = new();
    public readonly Ram Ram;
    public readonly FakeLpiTarget Lpis;
    public readonly Its Its;
    public readonly List<string> TraceLines = [];
    ulong writeOffset;

    public ItsBench(int cpus = 4, bool pta = false, Func<ulong, int?>? redistributorAt = null, int maxLpi = 65535,
        int deviceIdBits = 16, int eventIdBits = 16, uint defaultDeviceId = 0)
    {
        Ram = Bus.AddRam("ram", RamBase, 0x100_0000);
        Lpis = new FakeLpiTarget(cpus, maxLpi);
        Its = new Its(new ItsConfiguration
        {
            CpuCount = cpus,
            Pta = pta,
            RedistributorAt = redistributorAt,
            DeviceIdBits = deviceIdBits,
            EventIdBits = eventIdBits,
            DefaultDeviceId = defaultDeviceId,
        }, Bus, Lpis);
        Its.MapInto(Bus);
        Its.Trace = TraceLines.Add;
    }

    public ulong Read(ulong offset, int size = 4)
    {
        Assert.That(Bus.Read(ItsBase + offset, size, out ulong v), Is.EqualTo(BusStatus.Ok), $"{size}-byte read at +0x{offset:X}");
        return v;
    }

    public void Write(ulong offset, ulong value, int size = 4) =>
        Assert.That(Bus.Write(ItsBase + offset, size, value), Is.EqualTo(BusStatus.Ok), $"{size}-byte write at +0x{offset:X}");

    public ulong Read64(ulong offset) => Read(offset, 8);
    public void Write64(ulong offset, ulong value) => Write(offset, value, 8);

    public ulong Creadr => Read64(Its.GITS_CREADR);
    public ulong CmdErr => Read64(Its.GITS_CMDERR);

    /// <summary>Queue of <paramref name="pages"/> 4K pages, flat device and collection tables of one 4K page each (512 entries), ITS enabled.</summary>
    public ItsBench Standard(int pages = 1)
    {
        Write64(Its.GITS_CBASER, 1UL << 63 | QueueBase | (uint)(pages - 1));
        Write64(Its.GITS_BASER, 1UL << 63 | DeviceTable);
        Write64(Its.GITS_BASER + 8, 1UL << 63 | CollectionTable);
        Write(Its.GITS_CTLR, 1);
        return this;
    }

    /// <summary>Writes commands at CWRITER (wrapping at the queue's end) and moves CWRITER past them.</summary>
    public void Queue(params ItsCommand[] commands)
    {
        ulong bytes = ((Its.State.Cbaser & 0xFF) + 1) * 0x1000;
        foreach (ItsCommand c in commands)
        {
            Put(QueueBase + writeOffset, c);
            writeOffset = (writeOffset + 32) % bytes;
        }
        Write64(Its.GITS_CWRITER, writeOffset);
    }

    /// <summary>Points the bench's idea of CWRITER somewhere (after a CBASER write resets the queue, for instance).</summary>
    public ulong WriteOffset { get => writeOffset; set => writeOffset = value; }

    public void Put(ulong address, ItsCommand c)
    {
        Bus.Write(address, 8, c.Dw0);
        Bus.Write(address + 8, 8, c.Dw1);
        Bus.Write(address + 16, 8, c.Dw2);
        Bus.Write(address + 24, 8, c.Dw3);
    }

    public ulong Mem(ulong address)
    {
        Assert.That(Bus.Read(address, 8, out ulong v), Is.EqualTo(BusStatus.Ok));
        return v;
    }

    public void Retry() => Write64(Its.GITS_CWRITER, writeOffset | 1);

    static ulong Dw0(byte cmd, uint deviceId = 0) => cmd | (ulong)deviceId << 32;

    public static ItsCommand Mapd(uint deviceId, int sizeMinus1, ulong itt, bool valid = true) =>
        new(Dw0(ItsCommand.MAPD, deviceId), (ulong)sizeMinus1, (valid ? 1UL << 63 : 0UL) | (itt & 0xF_FFFF_FFFF_FF00), 0);
    public static ItsCommand Mapc(ushort icid, ulong rdbase, bool valid = true) =>
        new(Dw0(ItsCommand.MAPC), 0, (valid ? 1UL << 63 : 0UL) | rdbase << 16 | icid, 0);
    public static ItsCommand Mapti(uint deviceId, uint eventId, uint pintid, ushort icid) =>
        new(Dw0(ItsCommand.MAPTI, deviceId), eventId | (ulong)pintid << 32, icid, 0);
    public static ItsCommand Mapi(uint deviceId, uint eventId, ushort icid) =>
        new(Dw0(ItsCommand.MAPI, deviceId), eventId, icid, 0);
    public static ItsCommand Movi(uint deviceId, uint eventId, ushort icid) =>
        new(Dw0(ItsCommand.MOVI, deviceId), eventId, icid, 0);
    public static ItsCommand Event(byte cmd, uint deviceId, uint eventId) => new(Dw0(cmd, deviceId), eventId, 0, 0);
    public static ItsCommand Int(uint deviceId, uint eventId) => Event(ItsCommand.INT, deviceId, eventId);
    public static ItsCommand Clear(uint deviceId, uint eventId) => Event(ItsCommand.CLEAR, deviceId, eventId);
    public static ItsCommand Discard(uint deviceId, uint eventId) => Event(ItsCommand.DISCARD, deviceId, eventId);
    public static ItsCommand Inv(uint deviceId, uint eventId) => Event(ItsCommand.INV, deviceId, eventId);
    public static ItsCommand Invall(ushort icid) => new(Dw0(ItsCommand.INVALL), 0, icid, 0);
    public static ItsCommand Sync(ulong rdbase) => new(Dw0(ItsCommand.SYNC), 0, rdbase << 16, 0);
    public static ItsCommand Movall(ulong rdbase1, ulong rdbase2) => new(Dw0(ItsCommand.MOVALL), 0, rdbase1 << 16, rdbase2 << 16);
}
