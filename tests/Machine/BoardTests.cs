using Emulator.Interconnect;
using Emulator.Machine.Board;
using Emulator.Machine.Scheduling;

namespace Emulator.Tests.Machine;

public class BoardTests
{
    static readonly byte[] SpinForever = BitConverter.GetBytes(0x14000000u); // b .

    static Board NewBoard(Action<Board>? configure = null)
    {
        var board = new Board { Kernel = SpinForever, LoadAddress = 0x4008_0000, RamSize = 64 << 20, Quantum = 1000 };
        configure?.Invoke(board);
        board.FinalizeBoard();
        return board;
    }

    [Test]
    public void AttributesCannotChangeAfterFinalize()
    {
        Board board = NewBoard();
        var e = Assert.Throws<InvalidOperationException>(() => board.RamSize = 1 << 30);
        Assert.That(e!.Message, Is.EqualTo("cannot set RamSize after the board is finalized"));
        Assert.Throws<InvalidOperationException>(() => board.Topology = Affinity.Linear(2));
        Assert.That(Assert.Throws<InvalidOperationException>(() => board.ItsPta = true)!.Message,
            Is.EqualTo("cannot set ItsPta after the board is finalized"));
        Assert.Throws<InvalidOperationException>(() => board.ItsDeviceIdBits = 20);
        Assert.Throws<InvalidOperationException>(() => board.FinalizeBoard());
    }

    [Test]
    public void RunningBeforeFinalizeIsRefused() =>
        Assert.Throws<InvalidOperationException>(() => new Board().Run(10));

    [Test]
    public void BootStateFollowsTheBootProtocol()
    {
        Board board = NewBoard(b => b.Topology = Affinity.FromMpidrList("0x100000000,0x0"));
        var cpu = board.Cpus[0].State;
        Assert.That(cpu.PC, Is.EqualTo(0x4008_0000UL));
        Assert.That(cpu.X[0], Is.EqualTo(board.Layout!.Value.DtbAddress), "x0 = DTB");
        Assert.That(cpu.X[1] | cpu.X[2] | cpu.X[3], Is.Zero);
        Assert.That(cpu.CurrentEl, Is.EqualTo(1u));
        Assert.That(cpu.SpSel, Is.EqualTo(1u), "EL1h");
        Assert.That(cpu.Daif, Is.EqualTo(0x3C0u));
        Assert.That(cpu.SctlrEl1 & 1, Is.Zero, "MMU off");
        Assert.That(cpu.CntfrqEl0, Is.EqualTo(board.CounterFrequency));
        Assert.That(board.Cpus[0].Mpidr, Is.EqualTo(0x1_8000_0000UL));
        Assert.That(board.Scheduler.PowerOf(1), Is.EqualTo(PowerState.Off), "secondaries wait for CPU_ON");
        // The DTB sits above the image in RAM.
        Assert.That(board.Layout!.Value.DtbAddress, Is.GreaterThan(0x4008_0000UL));
        Assert.That(board.Bus.Read(board.Layout!.Value.DtbAddress, 4, out ulong magic), Is.EqualTo(BusStatus.Ok));
        Assert.That(magic, Is.EqualTo(0xEDFE0DD0UL), "FDT magic, big-endian in memory");
    }

    [Test]
    public void InitrdAndBootargsArePlacedAndDescribedInChosen()
    {
        byte[] initrd = [.. Enumerable.Range(0, 10_000).Select(i => (byte)i)];
        Board board = NewBoard(b => { b.Initrd = initrd; b.Bootargs = "console=ttyAMA0 rdinit=/init"; });
        var layout = board.Layout!.Value;
        var chosen = Emulator.Machine.DeviceTree.FdtReader.Read(board.DtbBlob).Root.Child("chosen")!;
        Assert.That(chosen.Property("bootargs")!.AsString(), Is.EqualTo("console=ttyAMA0 rdinit=/init"));
        Assert.That(chosen.Property("linux,initrd-start")!.AsU64(), Is.EqualTo(layout.InitrdStart));
        Assert.That(chosen.Property("linux,initrd-end")!.AsU64(), Is.EqualTo(layout.InitrdStart + (ulong)initrd.Length));
        var inRam = new byte[initrd.Length];
        board.Ram.ReadBytes(layout.InitrdStart, inRam);
        Assert.That(inRam, Is.EqualTo(initrd));
        // DTB and initrd do not overlap each other or the image.
        ulong dtbEnd = layout.DtbAddress + (ulong)board.DtbBlob.Length;
        Assert.That(layout.InitrdStart >= dtbEnd || layout.InitrdEnd <= layout.DtbAddress, Is.True);
        Assert.That(Math.Min(layout.DtbAddress, layout.InitrdStart), Is.GreaterThanOrEqualTo(board.Image!.FootprintEnd));
    }

    [Test]
    public void AGivenDtbReplacesTheBoardsOwn()
    {
        byte[] dtb = Emulator.Machine.Board.Board.DescribeOnly(new MemoryMap(), Affinity.Linear(2), 1 << 30, "from a file").ToBlob();
        Board board = NewBoard(b => b.Dtb = dtb);
        var inRam = new byte[dtb.Length];
        board.Ram.ReadBytes(board.Layout!.Value.DtbAddress, inRam);
        Assert.That(inRam, Is.EqualTo(dtb));
    }

    [Test]
    public void EachRedistributorsTyperCarriesItsCpusAffinityIncludingAff3()
    {
        Board board = NewBoard(b => b.Topology = Affinity.FromMpidrList("0x0,0x1,0x100000000,0x100000001"));
        for (int i = 0; i < board.Cpus.Length; i++)
        {
            Assert.That(board.Bus.Read(board.Gic.RedistributorAddress(i) + 0x8, 8, out ulong typer), Is.EqualTo(BusStatus.Ok));
            Assert.That(Affinity.FromGicrTyper(typer), Is.EqualTo(Affinity.FromMpidr(board.Cpus[i].Mpidr)), $"CPU {i}");
            Assert.That((typer >> 4) & 1, Is.EqualTo(i == board.Cpus.Length - 1 ? 1UL : 0UL), "GICR_TYPER.Last");
        }
    }

    [Test]
    public void UartInterruptIsWiredToItsSpi()
    {
        Board board = NewBoard();
        int intid = 32 + board.Map.UartSpi;
        board.Bus.Write(board.Map.Uart + 0x38, 4, 1 << 4); // UARTIMSC.RXIM
        Assert.That(board.Gic.IsPending(0, intid), Is.False);
        board.Uart.Receive((byte)'x');
        Assert.That(board.Gic.IsPending(0, intid), Is.True, "a level SPI is pending while the line is high");
        board.Bus.Read(board.Map.Uart, 4, out _);          // reading DR empties the FIFO: the line drops
        Assert.That(board.Gic.IsPending(0, intid), Is.False);
    }

    [Test]
    public void CpuInterfaceAndTimerRegistersReachTheDevices()
    {
        // loop: mrs x0, cntvct_el0 ; mrs x1, icc_sre_el1 ; b loop
        byte[] code = [.. BitConverter.GetBytes(0xD53BE040u), .. BitConverter.GetBytes(0xD538CCA1u), .. BitConverter.GetBytes(0x17FFFFFEu)];
        var board = new Board { Kernel = code, LoadAddress = 0x4008_0000, RamSize = 64 << 20, Quantum = 1000,
            InstructionsPerSecond = 1_000_000_000, CounterFrequency = 62_500_000 };
        board.FinalizeBoard();
        board.Run(100_000);
        ulong counter = board.Cpus[0].Xr(0);
        Assert.That(board.Cpus[0].State.PC, Is.InRange(0x4008_0000UL, 0x4008_0008UL), "no exception");
        Assert.That(counter, Is.GreaterThan(0UL));
        Assert.That(counter, Is.LessThanOrEqualTo(board.Scheduler.Now * 62_500_000 / 1_000_000_000));
        Assert.That(board.Cpus[0].Xr(1), Is.EqualTo(7UL), "ICC_SRE_EL1: SRE, DFB, DIB");
    }

    [Test]
    public void TooManyCpusForTheRedistributorSpaceIsAClearError()
    {
        var board = new Board { Kernel = SpinForever, LoadAddress = 0x4008_0000, Topology = Affinity.Linear(200) };
        var e = Assert.Throws<BoardException>(() => board.FinalizeBoard());
        Assert.That(e!.Message, Does.Contain("200 CPUs need more redistributor space"));
    }

    [Test]
    public void InteractiveInputReachesTheUartBetweenQuanta()
    {
        Board board = NewBoard(b => b.ConsoleInput = new MemoryStream("ls\n"u8.ToArray()));
        // The reader thread runs on its own; give it time, then let a few rounds pass.
        for (int i = 0; i < 200 && board.Uart.PendingInput + RxCount(board) < 3; i++)
        {
            Thread.Sleep(5);
            board.Run(board.Scheduler.Retired + 1000);
        }
        Assert.That(board.Bus.Read(board.Map.Uart + 0x18, 4, out ulong fr), Is.EqualTo(BusStatus.Ok));
        Assert.That(fr & 0x10, Is.Zero, "FR.RXFE clear: data waiting");
        board.Bus.Read(board.Map.Uart, 4, out ulong dr);
        Assert.That(dr & 0xFF, Is.EqualTo((ulong)'l'));
    }

    /// <summary>A terminal that types one key after a pause, then hangs up.</summary>
    sealed class SlowTerminal : Stream
    {
        bool typed;
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (typed) return 0;
            Thread.Sleep(100);
            typed = true;
            buffer[offset] = (byte)'k';
            return 1;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Test]
    public void AnIdleGuestWaitsForInteractiveInputInsteadOfEndingTheRun()
    {
        // wfi ; b .-4
        byte[] code = [.. BitConverter.GetBytes(0xD503207Fu), .. BitConverter.GetBytes(0x17FFFFFFu)];
        var board = new Board { Kernel = code, LoadAddress = 0x4008_0000, RamSize = 64 << 20, ConsoleInput = new SlowTerminal() };
        board.FinalizeBoard();
        Assert.That(board.Run(1_000_000), Is.EqualTo(StopReason.Deadlock), "once the terminal hangs up, nothing can wake it");
        board.Bus.Read(board.Map.Uart, 4, out ulong dr);
        Assert.That(dr & 0xFF, Is.EqualTo((ulong)'k'), "the key typed while every CPU waited reached the UART");
    }

    static int RxCount(Board board)
    {
        board.Bus.Read(board.Map.Uart + 0x18, 4, out ulong fr);
        return (fr & 0x10) == 0 ? 3 : 0;
    }

    [Test]
    public void RtcCountsVirtualSecondsFromTheEpoch()
    {
        Board board = NewBoard(b => { b.InstructionsPerSecond = 1_000_000; b.RtcEpoch = 1000; });
        board.Bus.Write(board.Map.Rtc + 0x0C, 4, 1); // RTCCR.RTCStart, as the Linux driver sets it
        board.Bus.Read(board.Map.Rtc, 4, out ulong before);
        board.Run(3_000_000);
        board.Bus.Read(board.Map.Rtc, 4, out ulong after);
        Assert.That(before, Is.EqualTo(1000UL));
        Assert.That(after, Is.EqualTo(1003UL));
    }

    [Test]
    public void TheEventStreamWakesACpuWaitingInWfe()
    {
        // Arm ARM D11.2.3: with CNTKCTL_EL1.EVNTEN = 1, each 0 -> 1 transition of CNTVCT_EL0
        // bit EVNTI is a WFE wake-up event. Nothing else could wake this CPU.
        uint[] words =
        [
            0xD2801080u, // mov x0, #0x84 (EVNTEN, EVNTI = 8: an event every 512 counts)
            0xD518E100u, // msr cntkctl_el1, x0
            0xD5033FDFu, // isb
            0xD503205Fu, // wfe
            0xD503205Fu, // wfe
            0xD503205Fu, // wfe
            0xD2B08000u, // mov x0, #0x84000000
            0xF2800100u, // movk x0, #0x8 (PSCI SYSTEM_OFF)
            0xD4000002u, // hvc #0
        ];
        byte[] code = [.. words.SelectMany(BitConverter.GetBytes)];
        var board = new Board { Kernel = code, LoadAddress = 0x4008_0000, RamSize = 64 << 20 };
        board.FinalizeBoard();
        Assert.That(board.Run(10_000_000), Is.EqualTo(StopReason.Requested), "not a deadlock: the stream woke each WFE");
        Assert.That(board.ExitStatus, Is.EqualTo(0));
        // Three waits, the first from a clear event register: at least two whole periods.
        Assert.That(board.Timers[0].PhysicalCount, Is.GreaterThanOrEqualTo(2 * 512UL));
        Assert.That(board.Timers[0].PhysicalCount, Is.LessThan(4 * 512UL), "each WFE woke at the next trigger, not later");
    }
}
