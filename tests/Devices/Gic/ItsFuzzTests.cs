using System.Diagnostics;
using Emulator.Devices.Gic.Its;
using Emulator.Interconnect;
using static Emulator.Tests.Devices.Gic.ItsBench;
using ItsDevice = Emulator.Devices.Gic.Its.Its;

namespace Emulator.Tests.Devices.Gic;

/// <summary>
/// Whatever the guest writes, the ITS neither throws nor hangs, and each outcome is one the
/// guest can see: the queue drains (CREADR = CWRITER), or it stalls with an error code in
/// GITS_CMDERR, or nothing runs because the ITS is disabled or has no queue. The fake
/// redistributors fail the test if asked about a CPU that does not exist or a non-LPI.
/// </summary>
public class ItsFuzzTests
{
    sealed class Fuzzer(int seed)
    {
        readonly Random rng = new(seed);

        public int Next(int max) => rng.Next(max);
        public bool Chance(int percent) => rng.Next(100) < percent;
        public ulong U64() => (ulong)rng.NextInt64() ^ (ulong)rng.Next() << 63;

        /// <summary>Mostly small numbers (which map and hit), sometimes anything.</summary>
        public uint Id(uint small) => rng.Next(10) switch
        {
            < 6 => (uint)rng.Next(4),
            6 or 7 => (uint)rng.Next((int)small),
            8 => (uint)rng.NextInt64(0, 1L << 32),
            _ => (uint)rng.Next(2 * (int)small),
        };

        /// <summary>RAM the tables and queue can live in, or anywhere at all.</summary>
        public ulong Address(ulong align) => rng.Next(100) switch
        {
            < 80 => (RamBase + (ulong)rng.NextInt64(0, 0x100_0000)) & ~(align - 1),
            < 85 => ItsBase + (ulong)rng.Next(0x2_0000) & ~(align - 1),   // over the ITS's own registers
            _ => U64() & 0xF_FFFF_FFFF_FFFF & ~(align - 1),
        };

        public ItsCommand Command()
        {
            byte[] valid = [ItsCommand.MAPD, ItsCommand.MAPC, ItsCommand.MAPTI, ItsCommand.MAPI, ItsCommand.MOVI, ItsCommand.MOVALL,
                ItsCommand.DISCARD, ItsCommand.INV, ItsCommand.INVALL, ItsCommand.INT, ItsCommand.CLEAR, ItsCommand.SYNC];
            byte cmd = Chance(95) ? valid[rng.Next(valid.Length)] : (byte)rng.Next(256);
            uint deviceId = Id(600);
            ulong dw0 = cmd | (ulong)deviceId << 32 | (Chance(5) ? U64() & 0xFFFF_FF00 : 0);
            uint eventId = Id(40);
            uint pintid = Chance(85) ? 8192 + (uint)rng.Next(9000) : Id(70000);
            ulong dw1 = cmd == ItsCommand.MAPD ? (ulong)(Chance(80) ? rng.Next(8) : rng.Next(32)) : eventId | (ulong)pintid << 32;
            ulong dw2 = cmd switch
            {
                ItsCommand.MAPD => (Chance(90) ? 1UL << 63 : 0)
                    | ((Chance(80) ? IttBase + (ulong)(deviceId & 0xFF) * 0x1000 : Address(256)) & 0xF_FFFF_FFFF_FF00),
                ItsCommand.MAPC => (Chance(90) ? 1UL << 63 : 0) | (ulong)Id(6) << 16 | Id(600) & 0xFFFF,
                ItsCommand.SYNC or ItsCommand.MOVALL => (ulong)Id(6) << 16,
                _ => Id(600) & 0xFFFF,
            };
            if (Chance(3)) dw2 ^= U64();
            ulong dw3 = cmd == ItsCommand.MOVALL ? (ulong)Id(6) << 16 : Chance(3) ? U64() : 0;
            return new(dw0, dw1, dw2, dw3);
        }
    }

    [Test]
    public void RandomCommandsTablePointersAndRegisterWrites()
    {
        var f = new Fuzzer(20261125);
        var b = new ItsBench(maxLpi: 16383).Standard(pages: 2);
        b.Lpis.Record = false;
        b.Its.Trace = null;
        var codes = new HashSet<uint>();
        var histogram = new Dictionary<uint, int>();
        int commands = 0, busy = 0, stalls = 0, drained = 0, idle = 0, delivered = 0, registerWrites = 0;
        var total = Stopwatch.StartNew();
        while (commands < 100_000)
        {
            var step = Stopwatch.StartNew();
            int action = f.Next(100);
            if (action < 4)
            {
                // Any register, any size, any value: Ok or DeviceError, never an exception.
                int size = 1 << f.Next(4);
                ulong offset = (ulong)f.Next((int)ItsDevice.RegionSize) & ~(ulong)(size - 1);
                BusStatus s = b.Bus.Write(ItsBase + offset, size, f.U64());
                Assert.That(s, Is.AnyOf(BusStatus.Ok, BusStatus.DeviceError));
                s = b.Bus.Read(ItsBase + offset, size, out _);
                Assert.That(s, Is.AnyOf(BusStatus.Ok, BusStatus.DeviceError));
                registerWrites++;
            }
            else if (action < 6)
            {
                // New table pointers and queue: disable, rewrite, enable.
                b.Write(ItsDevice.GITS_CTLR, 0);
                ulong valid = f.Chance(90) ? 1UL << 63 : 0;
                if (f.Chance(50))
                {
                    b.Write64(ItsDevice.GITS_CWRITER, 0);
                    b.Standard(pages: 2);
                }
                else switch (f.Next(3))
                {
                    case 0:
                        b.Write64(ItsDevice.GITS_CBASER, valid | f.Address(0x1000) | (uint)(f.Chance(80) ? f.Next(4) : f.Next(256)));
                        b.Write64(ItsDevice.GITS_CWRITER, 0);
                        break;
                    default:
                        ulong page = f.Chance(70) ? 0UL : (ulong)f.Next(4);
                        ulong indirect = f.Chance(30) ? 1UL << 62 : 0;
                        b.Write64(ItsDevice.GITS_BASER + 8 * (ulong)f.Next(2),
                            valid | indirect | f.Address(0x1000) | page << 8 | (uint)(f.Chance(80) ? f.Next(3) : f.Next(256)));
                        break;
                }
                b.Write(ItsDevice.GITS_CTLR, 1);
            }
            else if (action < 12)
            {
                ItsTranslation t = b.Its.Translate(f.Id(600), f.Id(40));
                Assert.That(Enum.IsDefined(t));
                if (t == ItsTranslation.Delivered) delivered++;
            }
            else if (b.Its.Stalled && action < 60)
            {
                // Recover the way a driver would: retry, or reset the queue.
                if (f.Chance(70))
                {
                    // Replace the failing command by a SYNC, as a driver skipping it would, then retry.
                    ulong queue = ItsDevice.CBASER_Physical_Address.Extract(b.Its.State.Cbaser) << 12;
                    b.Put(queue + (b.Its.State.Creadr & 0xF_FFE0), Sync(0));
                    b.Write64(ItsDevice.GITS_CWRITER, b.Its.State.Cwriter | 1);
                }
                else
                {
                    b.Write(ItsDevice.GITS_CTLR, 0);
                    b.Write64(ItsDevice.GITS_CBASER, b.Its.State.Cbaser);
                    b.Write64(ItsDevice.GITS_CWRITER, 0);
                    b.Write(ItsDevice.GITS_CTLR, 1);
                }
            }
            else
            {
                ulong cbaser = b.Its.State.Cbaser;
                ulong queue = ItsDevice.CBASER_Physical_Address.Extract(cbaser) << 12;
                ulong bytes = (ItsDevice.CBASER_Size.Extract(cbaser) + 1) * 0x1000;
                ulong write = b.Its.State.Cwriter & 0xF_FFE0;
                int batch = 1 + f.Next(6);
                for (int i = 0; i < batch; i++)
                {
                    ItsCommand c = f.Command();
                    b.Bus.Write(queue + write, 8, c.Dw0);
                    b.Bus.Write(queue + write + 8, 8, c.Dw1);
                    b.Bus.Write(queue + write + 16, 8, c.Dw2);
                    b.Bus.Write(queue + write + 24, 8, c.Dw3);
                    write = (write + 32) % bytes;
                }
                b.Write64(ItsDevice.GITS_CWRITER, f.Chance(2) ? f.U64() : write);
                commands += batch;
            }
            Assert.That(step.Elapsed.TotalSeconds, Is.LessThan(5), "one register write did bounded work");

            // Every outcome is one the guest can read back.
            ItsState s0 = b.Its.State;
            bool runs = ItsDevice.CTLR_Enabled.IsSet(s0.Ctlr) && ItsDevice.CBASER_Valid.IsSet(s0.Cbaser);
            if (b.Its.Stalled)
            {
                ulong err = b.CmdErr;
                Assert.That(err >> 63, Is.EqualTo(1UL), "a stall shows in GITS_CMDERR.Stalled");
                Assert.That((uint)err >> 16, Is.EqualTo(1u), $"an 0x01xxxx error code, not 0x{err:X}");
                codes.Add((uint)err & 0xFF_FFFF);
                histogram[(uint)err & 0xFF_FFFF] = histogram.GetValueOrDefault((uint)err & 0xFF_FFFF) + 1;
                stalls++;
            }
            else if (runs && b.Creadr == (s0.Cwriter & 0xF_FFE0))
            {
                drained++;
            }
            else if (runs)
            {
                // A table over the ITS's registers moved CWRITER mid-pass: work left, not quiescent.
                Assert.That(b.Read(ItsDevice.GITS_CTLR) >> 31, Is.Zero);
                busy++;
            }
            else
            {
                idle++;
            }
        }
        TestContext.Out.WriteLine($"{commands} commands, {registerWrites} register writes in {total.Elapsed}: " +
            $"{stalls} stalled, {drained} drained, {busy} busy, {idle} idle, {delivered} MSIs delivered, {b.Lpis.Pending.Count} LPIs pending, {codes.Count} error codes");
        TestContext.Out.WriteLine(string.Join(", ", histogram.OrderByDescending(kv => kv.Value).Take(12).Select(kv => $"{kv.Key:X6}:{kv.Value}")));
        Assert.That(codes, Has.Count.GreaterThanOrEqualTo(10), "the fuzz reached many different errors");
        Assert.That(drained, Is.GreaterThan(1000), "and many clean passes");
        Assert.That(busy, Is.LessThan(drained / 100), "work is left over only when a command moved CWRITER");
        Assert.That(b.Lpis.Pending, Is.Not.Empty, "and LPIs were delivered");
    }
}
