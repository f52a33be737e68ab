using Emulator.Cpu;
using Emulator.Cpu.Decoder;
using Emulator.Interconnect;

namespace Emulator.Tests.Cpu;

/// <summary>
/// Exclusives, load-acquire/store-release, LSE atomics and CAS. Unless a test says
/// otherwise Rs is w1/x1, Rt w2/x2, Rt2 w4/x4 and the base x3. Every opcode was assembled
/// with aarch64-linux-gnu-as -march=armv8.3-a.
/// </summary>
public class LoadsAndStoresAtomicTests
{
    const ulong Data = TestMachine.DataBase;
    const ulong Sentinel = 0xDEAD_BEEF_CAFE_F00D;

    static TestMachine At(ulong address, params uint[] code)
    {
        var m = new TestMachine(code);
        m[3] = address;
        return m;
    }

    static uint Dfsc(TestMachine m) => (uint)m.State.EsrEl1 & 0x3F;
    static bool WnR(TestMachine m) => (m.State.EsrEl1 & (1UL << 6)) != 0;

    // ---- Decoding ---------------------------------------------------------------------

    [TestCase(0xC85F7C62u, Op.LDXR)]   // ldxr x2, [x3]
    [TestCase(0x085F7C62u, Op.LDXR)]   // ldxrb w2, [x3]
    [TestCase(0x485FFC62u, Op.LDXR)]   // ldaxrh w2, [x3]
    [TestCase(0xC8017C62u, Op.STXR)]   // stxr w1, x2, [x3]
    [TestCase(0x4801FC62u, Op.STXR)]   // stlxrh w1, w2, [x3]
    [TestCase(0x88211062u, Op.STXP)]   // stxp w1, w2, w4, [x3]
    [TestCase(0x88219062u, Op.STXP)]   // stlxp w1, w2, w4, [x3]
    [TestCase(0xC87F1062u, Op.LDXP)]   // ldxp x2, x4, [x3]
    [TestCase(0x887F9062u, Op.LDXP)]   // ldaxp w2, w4, [x3]
    [TestCase(0x089FFC62u, Op.STLR)]   // stlrb w2, [x3]
    [TestCase(0xC89F7C62u, Op.STLR)]   // stllr x2, [x3]
    [TestCase(0x88DFFC62u, Op.LDAR)]   // ldar w2, [x3]
    [TestCase(0x08DF7C62u, Op.LDAR)]   // ldlarb w2, [x3]
    [TestCase(0xF8BFC062u, Op.LDAPR)]  // ldapr x2, [x3]
    [TestCase(0x38BFC062u, Op.LDAPR)]  // ldaprb w2, [x3]
    [TestCase(0x88A17C62u, Op.CAS)]    // cas w1, w2, [x3]
    [TestCase(0xC8E1FC62u, Op.CAS)]    // casal x1, x2, [x3]
    [TestCase(0x08207C82u, Op.CASP)]   // casp w0, w1, w2, w3, [x4]
    [TestCase(0x4860FC82u, Op.CASP)]   // caspal x0, x1, x2, x3, [x4]
    [TestCase(0xF8E10062u, Op.LDADD)]  // ldaddal x1, x2, [x3]
    [TestCase(0xB821007Fu, Op.LDADD)]  // stadd w1, [x3]
    [TestCase(0xF8E11062u, Op.LDCLR)]  // ldclral x1, x2, [x3]
    [TestCase(0xF8612062u, Op.LDEOR)]  // ldeorl x1, x2, [x3]
    [TestCase(0xB8A13062u, Op.LDSET)]  // ldseta w1, w2, [x3]
    [TestCase(0x78214062u, Op.LDSMAX)] // ldsmaxh w1, w2, [x3]
    [TestCase(0x38215062u, Op.LDSMIN)] // ldsminb w1, w2, [x3]
    [TestCase(0xF8216062u, Op.LDUMAX)] // ldumax x1, x2, [x3]
    [TestCase(0x78217062u, Op.LDUMIN)] // lduminh w1, w2, [x3]
    [TestCase(0xF8E18062u, Op.SWP)]    // swpal x1, x2, [x3]
    public void DecodesToItsRow(uint raw, Op op)
    {
        Assert.That(A64Decoder.Instance.Decode(raw).Op, Is.EqualTo(op));
        Assert.That(LoadsAndStoresAtomic.IsConstrainedUnpredictable(raw), Is.False);
    }

    [Test]
    public void RowsOverlapNoOtherRow()
    {
        Op[] ours = [Op.STXR, Op.LDXR, Op.STXP, Op.LDXP, Op.STLR, Op.LDAR, Op.CAS, Op.CASP, Op.LDADD, Op.LDCLR,
            Op.LDEOR, Op.LDSET, Op.LDSMAX, Op.LDSMIN, Op.LDUMAX, Op.LDUMIN, Op.SWP, Op.LDAPR];
        foreach (Op op in ours)
        {
            Row row = A64Decoder.Instance.RowOf(op);
            foreach (Row other in A64Decoder.Instance.Rows)
                if (other != row)
                    Assert.That(((row.Value ^ other.Value) & row.Mask & other.Mask) != 0, Is.True, $"{row} overlaps {other}");
        }
    }

    [TestCase(0x88017C61u)] // stxr w1, w1, [x3]: status == data
    [TestCase(0xC8037C62u)] // stxr w3, x2, [x3]: status == base
    [TestCase(0x88211061u)] // stxp w1, w1, w4, [x3]: status == Rt
    [TestCase(0x88210462u)] // stxp w1, w2, w1, [x3]: status == Rt2
    [TestCase(0x88231062u)] // stxp w3, w2, w4, [x3]: status == base
    [TestCase(0xC87F0862u)] // ldxp x2, x2, [x3]: Rt == Rt2
    [TestCase(0xC85E7C62u)] // ldxr x2, [x3] with Rs = 30 (should be 11111)
    [TestCase(0xC85F7862u)] // ldxr x2, [x3] with Rt2 = 30 (should be 11111)
    [TestCase(0x88DEFC62u)] // ldar w2, [x3] with Rs = 30
    [TestCase(0xC89FF862u)] // stlr x2, [x3] with Rt2 = 30
    [TestCase(0x88A17862u)] // cas w1, w2, [x3] with Rt2 = 30
    [TestCase(0xF8BEC062u)] // ldapr x2, [x3] with Rs = 30
    public void ConstrainedUnpredictableEncodingsAreUndefined(uint raw)
    {
        Assert.That(LoadsAndStoresAtomic.IsConstrainedUnpredictable(raw), Is.True);
        var m = At(Data, raw);
        m.Write(Data, 8, 0x1234);
        m[1] = 7;
        m[2] = 0x55;
        m.Run();
        Assert.That(m.Took(ExceptionClass.Unknown), Is.True);
        Assert.That(m.Read(Data, 8), Is.EqualTo(0x1234UL));
        Assert.That(m[1], Is.EqualTo(7UL));
    }

    [Test]
    public void StatusRegisterXzrWithSpBaseIsNotConstrainedUnpredictable()
    {
        // stxr wzr, x2, [sp] (Rs = Rn = 31: XZR and SP are different registers)
        const uint raw = 0xC81F7FE2u;
        Assert.That(LoadsAndStoresAtomic.IsConstrainedUnpredictable(raw), Is.False);
        Assert.That(A64Decoder.Instance.Decode(raw).Op, Is.EqualTo(Op.STXR));
    }

    // ---- Load/store exclusive -------------------------------------------------------

    [Test]
    public void StoreExclusiveWithoutLoadExclusiveFails()
    {
        var m = At(Data, 0xC8017C62u); // stxr w1, x2, [x3]
        m.Write(Data, 8, 0x1111);
        m[1] = Sentinel;
        m[2] = 0x2222;
        m.Run();
        Assert.That(m[1], Is.EqualTo(1UL));
        Assert.That(m.Read(Data, 8), Is.EqualTo(0x1111UL));
    }

    [Test]
    public void LoadExclusiveThenStoreExclusiveSucceedsOnce()
    {
        var m = At(Data,
            0xC85F7C62u,  // ldxr x2, [x3]
            0x91000442u,  // add x2, x2, #1
            0xC8017C62u,  // stxr w1, x2, [x3]
            0xC8017C62u); // stxr w1, x2, [x3]
        m.Write(Data, 8, 0x1_0000_0041);
        m[1] = Sentinel;
        m.Run(3);
        Assert.That(m[1], Is.EqualTo(0UL));
        Assert.That(m.Read(Data, 8), Is.EqualTo(0x1_0000_0042UL));
        Assert.That(m.State.ExclusiveValid, Is.False);
        // The first store-exclusive cleared the monitors: the second one fails.
        m.Write(Data, 8, 5);
        m.Run();
        Assert.That(m[1], Is.EqualTo(1UL));
        Assert.That(m.Read(Data, 8), Is.EqualTo(5UL));
    }

    [Test]
    public void ByteAndHalfwordExclusivesZeroExtendAndStoreOnlyTheirSize()
    {
        var m = At(Data + 4,
            0x485FFC62u,  // ldaxrh w2, [x3]
            0x4801FC62u,  // stlxrh w1, w2, [x3]
            0x085F7C62u,  // ldxrb w2, [x3]
            0x08017C62u); // stxrb w1, w2, [x3]
        m.Write(Data, 8, 0x8877_6655_4433_2211);
        m[2] = Sentinel;
        m.Run();
        Assert.That(m[2], Is.EqualTo(0x6655UL));
        m[2] = 0xFFFF_FFFF_FFFF_ABCD;
        m.Run();
        Assert.That(m[1], Is.EqualTo(0UL));
        Assert.That(m.Read(Data, 8), Is.EqualTo(0x8877_ABCD_4433_2211UL));
        m.Run();
        Assert.That(m[2], Is.EqualTo(0xCDUL));
        m[2] = 0x1FE;
        m.Run();
        Assert.That(m[1], Is.EqualTo(0UL));
        Assert.That(m.Read(Data, 8), Is.EqualTo(0x8877_ABFE_4433_2211UL));
    }

    [Test]
    public void WordLoadExclusiveZeroExtendsAndWordStoreWritesFourBytes()
    {
        var m = At(Data,
            0x885F7C62u,  // ldxr w2, [x3]
            0x88017C62u); // stxr w1, w2, [x3]
        m.Write(Data, 8, 0xAAAA_AAAA_8000_0001);
        m[2] = Sentinel;
        m.Run();
        Assert.That(m[2], Is.EqualTo(0x8000_0001UL));
        m[2] = 0x1234_5678_9ABC_DEF0;
        m.Run();
        Assert.That(m[1], Is.EqualTo(0UL));
        Assert.That(m.Read(Data, 8), Is.EqualTo(0xAAAA_AAAA_9ABC_DEF0UL));
    }

    [Test]
    public void StoreExclusiveOfZeroRegisterStoresZero()
    {
        var m = At(Data,
            0xC85F7C62u,  // ldxr x2, [x3]
            0xC8017C7Fu); // stxr w1, xzr, [x3]
        m.Write(Data, 8, 99);
        m.Run(2);
        Assert.That(m[1], Is.EqualTo(0UL));
        Assert.That(m.Read(Data, 8), Is.EqualTo(0UL));
    }

    [Test]
    public void StoreExclusiveToAnotherAddressOrSizeFails()
    {
        var m = At(Data,
            0xC85F7C62u,  // ldxr x2, [x3]
            0x88017C62u,  // stxr w1, w2, [x3]: same address, 4 bytes instead of 8
            0xC85F7C62u,  // ldxr x2, [x3]
            0x91002063u,  // add x3, x3, #8
            0xC8017C62u); // stxr w1, x2, [x3]: same granule, another address
        m.Write(Data, 8, 3);
        m.Write(Data + 8, 8, 4);
        m.Run(2);
        Assert.That(m[1], Is.EqualTo(1UL));
        Assert.That(m.Read(Data, 8), Is.EqualTo(3UL));
        m.Run(3);
        Assert.That(m[1], Is.EqualTo(1UL));
        Assert.That(m.Read(Data + 8, 8), Is.EqualTo(4UL));
    }

    [Test]
    public void WriteByAnotherAgentToTheGranuleMakesStoreExclusiveFail()
    {
        var m = At(Data,
            0xC85F7C62u,  // ldxr x2, [x3]
            0xC8017C62u); // stxr w1, x2, [x3]
        m.Write(Data, 8, 10);
        m.Run();
        // Another agent writes elsewhere in the same 64-byte granule.
        m.Ram.Write(Data + 0x38, 8, 0, agent: 1);
        m[2] = 11;
        m.Run();
        Assert.That(m[1], Is.EqualTo(1UL));
        Assert.That(m.Read(Data, 8), Is.EqualTo(10UL));
    }

    [Test]
    public void DeviceWriteToAnotherGranuleKeepsTheReservation()
    {
        var m = At(Data,
            0xC85F7C62u,  // ldxr x2, [x3]
            0xC8017C62u); // stxr w1, x2, [x3]
        m.Write(Data, 8, 10);
        m.Run();
        m.Ram.Write(Data + 0x40, 8, 0x77, Agent.Device);
        m.Ram.Write(Data - 8, 8, 0x77, Agent.Device);
        m[2] = 11;
        m.Run();
        Assert.That(m[1], Is.EqualTo(0UL));
        Assert.That(m.Read(Data, 8), Is.EqualTo(11UL));
    }

    [Test]
    public void DeviceWriteToTheGranuleClearsTheReservation()
    {
        var m = At(Data,
            0xC85F7C62u,  // ldxr x2, [x3]
            0xC8017C62u); // stxr w1, x2, [x3]
        m.Write(Data, 8, 10);
        m.Run();
        m.Ram.Write(Data + 0x3F, 1, 0x77, Agent.Device);
        m.Run();
        Assert.That(m[1], Is.EqualTo(1UL));
    }

    /// <summary>Two CPUs on one bus sharing one global monitor, each with its own program.</summary>
    sealed class TwoCpus
    {
        public readonly Bus Bus = new();
        public readonly Ram Ram;
        public readonly Processor Cpu0, Cpu1;

        public TwoCpus(uint[] code0, uint[] code1)
        {
            Ram = Bus.AddRam("ram", TestMachine.RamBase, TestMachine.RamSize);
            var monitor = new ExclusiveMonitor(Bus, 2);
            Cpu0 = new Processor(Bus, 0, monitor);
            Cpu1 = new Processor(Bus, 1, monitor);
            Cpu0.Reset(TestMachine.CodeBase);
            Cpu1.Reset(TestMachine.CodeBase + 0x1000);
            Load(TestMachine.CodeBase, code0);
            Load(TestMachine.CodeBase + 0x1000, code1);
            Cpu0.SetX(3, Data);
            Cpu1.SetX(3, Data);
        }

        void Load(ulong address, uint[] words)
        {
            for (int i = 0; i < words.Length; i++)
                Ram.Write(address + (ulong)(4 * i), 4, words[i], Agent.Device);
        }
    }

    [Test]
    public void StoreByAnotherCpuMakesStoreExclusiveFail()
    {
        var t = new TwoCpus(
            [0xC85F7C62u,   // ldxr x2, [x3]
             0xC8017C62u],  // stxr w1, x2, [x3]
            [0xC89FFC62u]); // stlr x2, [x3]
        t.Ram.Write(Data, 8, 1, Agent.Device);
        t.Cpu0.Step();
        t.Cpu1.SetX(2, 2);
        t.Cpu1.Step();
        t.Cpu0.SetX(2, 3);
        t.Cpu0.Step();
        Assert.That(t.Cpu0.Xr(1), Is.EqualTo(1UL));
        Assert.That(t.Ram.Read(Data, 8), Is.EqualTo(2UL));
    }

    [Test]
    public void OnlyTheFirstOfTwoCompetingStoreExclusivesSucceeds()
    {
        uint[] code =
        [
            0xC85F7C62u,  // ldxr x2, [x3]
            0x91000442u,  // add x2, x2, #1
            0xC8017C62u,  // stxr w1, x2, [x3]
        ];
        var t = new TwoCpus(code, code);
        t.Ram.Write(Data, 8, 40, Agent.Device);
        t.Cpu0.Run(2);
        t.Cpu1.Run(2);
        t.Cpu1.Step();
        t.Cpu0.Step();
        Assert.That(t.Cpu1.Xr(1), Is.EqualTo(0UL));
        Assert.That(t.Cpu0.Xr(1), Is.EqualTo(1UL));
        Assert.That(t.Ram.Read(Data, 8), Is.EqualTo(41UL));
    }

    [Test]
    public void AtomicByAnotherCpuToTheGranuleMakesStoreExclusiveFail()
    {
        var t = new TwoCpus(
            [0x885F7C62u,   // ldxr w2, [x3]
             0x88017C62u],  // stxr w1, w2, [x3]
            [0xB821007Fu]); // stadd w1, [x3]
        t.Cpu1.SetX(3, Data + 4);
        t.Cpu1.SetX(1, 1);
        t.Cpu0.Step();
        t.Cpu1.Step();
        t.Cpu0.Step();
        Assert.That(t.Cpu0.Xr(1), Is.EqualTo(1UL));
        Assert.That(t.Ram.Read(Data + 4, 4), Is.EqualTo(1UL));
    }

    [Test]
    public void UnalignedStoreExclusiveFaultsWithoutWritingStatus()
    {
        var m = At(Data + 4, 0xC8017C62u); // stxr w1, x2, [x3]
        m[1] = Sentinel;
        m.Run();
        Assert.That(m.Took(ExceptionClass.DataAbortSameEl), Is.True);
        Assert.That(Dfsc(m), Is.EqualTo(FaultStatus.Alignment));
        Assert.That(WnR(m), Is.True);
        Assert.That(m.State.FarEl1, Is.EqualTo(Data + 4));
        Assert.That(m[1], Is.EqualTo(Sentinel));
    }

    [Test]
    public void StoreExclusiveThatAbortsOnTheBusDoesNotWriteStatus()
    {
        const ulong unmapped = 0x1000;
        var m = At(unmapped, 0xC8017C62u); // stxr w1, x2, [x3]
        // A local monitor for a location outside RAM passes on its own (no global monitor there).
        m.State.ExclusiveValid = true;
        m.State.ExclusiveAddress = unmapped;
        m.State.ExclusiveSize = 8;
        m[1] = Sentinel;
        m.Run();
        Assert.That(m.Took(ExceptionClass.DataAbortSameEl), Is.True);
        Assert.That(Dfsc(m), Is.EqualTo(FaultStatus.SynchronousExternal));
        Assert.That(m[1], Is.EqualTo(Sentinel));
        Assert.That(m.State.ExclusiveValid, Is.False);
    }

    [Test]
    public void UnalignedLoadExclusiveFaultsAndMarksNothing()
    {
        var m = At(Data + 2, 0x885F7C62u); // ldxr w2, [x3]
        m[2] = Sentinel;
        m.Run();
        Assert.That(m.Took(ExceptionClass.DataAbortSameEl), Is.True);
        Assert.That(Dfsc(m), Is.EqualTo(FaultStatus.Alignment));
        Assert.That(WnR(m), Is.False);
        Assert.That(m[2], Is.EqualTo(Sentinel));
        Assert.That(m.State.ExclusiveValid, Is.False);
    }

    [Test]
    public void LoadExclusiveFromSpBase()
    {
        var m = new TestMachine(
            0xC85F7FE2u,  // ldxr x2, [sp]
            0xC8017FE2u); // stxr w1, x2, [sp]
        m.Sp = Data + 0x10;
        m.Write(Data + 0x10, 8, 0x5A5A);
        m.Run(2);
        Assert.That(m[2], Is.EqualTo(0x5A5AUL));
        Assert.That(m[1], Is.EqualTo(0UL));
    }

    /// <summary>One 64-bit register that remembers its last write.</summary>
    sealed class Register : IMmioDevice
    {
        public ulong Value;
        public int Writes;

        public BusStatus Read(ulong offset, int size, out ulong value)
        {
            value = Value;
            return BusStatus.Ok;
        }

        public BusStatus Write(ulong offset, int size, ulong value)
        {
            Value = value;
            Writes++;
            return BusStatus.Ok;
        }
    }

    [Test]
    public void LoadExclusiveFromMmioMarksOnlyTheLocalMonitor()
    {
        const ulong mmio = 0x0900_0000;
        var device = new Register { Value = 0x42 };
        var m = At(Data,
            0xC85F7C62u,  // ldxr x2, [x3]   (RAM: marks the global monitor too)
            0xC85F7C82u,  // ldxr x2, [x4]   (MMIO: replaces the reservation, locally only)
            0x91000442u,  // add x2, x2, #1
            0xC8017C82u); // stxr w1, x2, [x4]
        m.Bus.AddMmio("register", mmio, 0x1000, device);
        m[4] = mmio;
        m.Run();
        Assert.That(m.Cpu.Monitor.Holds(0, Data), Is.True);
        m.Run();
        Assert.That(m[2], Is.EqualTo(0x42UL));
        Assert.That(m.Cpu.Monitor.Holds(0, Data), Is.False);
        Assert.That(m.State.ExclusiveValid, Is.True);
        m.Run(2);
        Assert.That(m[1], Is.EqualTo(0UL));
        Assert.That(device.Value, Is.EqualTo(0x43UL));
        Assert.That(device.Writes, Is.EqualTo(1));
    }

    [Test]
    public void MisalignedSpBaseTakesSpAlignmentFault()
    {
        var m = new TestMachine(0xB82103E2u); // ldadd w1, w2, [sp]
        m.State.SctlrEl1 |= 1UL << 3;         // SCTLR_EL1.SA
        m.Sp = Data + 8;
        m.Write(Data + 8, 4, 1);
        m[2] = Sentinel;
        m.Run();
        Assert.That(m.Took(ExceptionClass.SpAlignment), Is.True);
        Assert.That(m.Read(Data + 8, 4), Is.EqualTo(1UL));
        Assert.That(m[2], Is.EqualTo(Sentinel));
    }

    // ---- Exclusive pairs ------------------------------------------------------------

    [Test]
    public void WordPairExclusiveLoadsAndStoresBothHalves()
    {
        var m = At(Data + 8,
            0x887F9062u,  // ldaxp w2, w4, [x3]
            0x88219062u); // stlxp w1, w2, w4, [x3]
        m.Write(Data + 8, 8, 0x8765_4321_1234_5678);
        m[2] = m[4] = Sentinel;
        m.Run();
        Assert.That(m[2], Is.EqualTo(0x1234_5678UL));
        Assert.That(m[4], Is.EqualTo(0x8765_4321UL));
        m[2] = 0xFFFF_FFFF_0000_0001;
        m[4] = 0xFFFF_FFFF_0000_0002;
        m.Run();
        Assert.That(m[1], Is.EqualTo(0UL));
        Assert.That(m.Read(Data + 8, 8), Is.EqualTo(0x0000_0002_0000_0001UL));
    }

    [Test]
    public void DoublewordPairExclusiveLoadsAndStoresSixteenBytes()
    {
        var m = At(Data + 0x10,
            0xC87F1062u,  // ldxp x2, x4, [x3]
            0xC8211062u); // stxp w1, x2, x4, [x3]
        m.Write(Data + 0x10, 8, 0x1111);
        m.Write(Data + 0x18, 8, 0x2222);
        m.Run();
        Assert.That(m[2], Is.EqualTo(0x1111UL));
        Assert.That(m[4], Is.EqualTo(0x2222UL));
        m[2] = 0xAAAA_0000_0000_0001;
        m[4] = 0xBBBB_0000_0000_0002;
        m.Run();
        Assert.That(m[1], Is.EqualTo(0UL));
        Assert.That(m.Read(Data + 0x10, 8), Is.EqualTo(0xAAAA_0000_0000_0001UL));
        Assert.That(m.Read(Data + 0x18, 8), Is.EqualTo(0xBBBB_0000_0000_0002UL));
    }

    [Test]
    public void PairStoreExclusiveAfterSingleLoadExclusiveFails()
    {
        var m = At(Data,
            0xC85F7C62u,  // ldxr x2, [x3]
            0xC8211062u); // stxp w1, x2, x4, [x3]
        m.Run(2);
        Assert.That(m[1], Is.EqualTo(1UL));
    }

    [Test]
    public void DoublewordPairMustBeSixteenByteAligned()
    {
        var m = At(Data + 8, 0xC87F1062u); // ldxp x2, x4, [x3]
        m[2] = Sentinel;
        m.Run();
        Assert.That(m.Took(ExceptionClass.DataAbortSameEl), Is.True);
        Assert.That(Dfsc(m), Is.EqualTo(FaultStatus.Alignment));
        Assert.That(m[2], Is.EqualTo(Sentinel));

        var s = At(Data + 8, 0xC8211062u); // stxp w1, x2, x4, [x3]
        s[1] = Sentinel;
        s.Run();
        Assert.That(Dfsc(s), Is.EqualTo(FaultStatus.Alignment));
        Assert.That(s[1], Is.EqualTo(Sentinel));
    }

    // ---- Load-acquire / store-release ---------------------------------------------------

    [TestCase(0x08DFFC62u, 1)] // ldarb w2, [x3]
    [TestCase(0x48DFFC62u, 2)] // ldarh w2, [x3]
    [TestCase(0x88DFFC62u, 4)] // ldar w2, [x3]
    [TestCase(0xC8DFFC62u, 8)] // ldar x2, [x3]
    [TestCase(0x08DF7C62u, 1)] // ldlarb w2, [x3]
    [TestCase(0x38BFC062u, 1)] // ldaprb w2, [x3]
    [TestCase(0x78BFC062u, 2)] // ldaprh w2, [x3]
    [TestCase(0xB8BFC062u, 4)] // ldapr w2, [x3]
    [TestCase(0xF8BFC062u, 8)] // ldapr x2, [x3]
    public void LoadAcquireZeroExtendsItsSize(uint raw, int size)
    {
        var m = At(Data + 8, raw);
        m.Write(Data + 8, 8, 0xF1F2_F3F4_F5F6_F7F8);
        m[2] = Sentinel;
        m.Run();
        ulong mask = size == 8 ? ulong.MaxValue : (1UL << (8 * size)) - 1;
        Assert.That(m[2], Is.EqualTo(0xF1F2_F3F4_F5F6_F7F8 & mask));
    }

    [TestCase(0x089FFC62u, 1)] // stlrb w2, [x3]
    [TestCase(0x489FFC62u, 2)] // stlrh w2, [x3]
    [TestCase(0x889FFC62u, 4)] // stlr w2, [x3]
    [TestCase(0xC89FFC62u, 8)] // stlr x2, [x3]
    [TestCase(0xC89F7C62u, 8)] // stllr x2, [x3]
    public void StoreReleaseWritesItsSize(uint raw, int size)
    {
        var m = At(Data + 8, raw);
        m.Write(Data + 8, 8, 0);
        m[2] = 0x0102_0304_0506_0708;
        m.Run();
        ulong mask = size == 8 ? ulong.MaxValue : (1UL << (8 * size)) - 1;
        Assert.That(m.Read(Data + 8, 8), Is.EqualTo(0x0102_0304_0506_0708 & mask));
    }

    [TestCase(0x48DFFC62u)] // ldarh w2, [x3]
    [TestCase(0x889FFC62u)] // stlr w2, [x3]
    [TestCase(0xF8BFC062u)] // ldapr x2, [x3]
    public void OrderedAccessesMustBeAligned(uint raw)
    {
        var m = At(Data + 1, raw);
        m.Write(Data, 8, 0x1234);
        m[2] = Sentinel;
        m.Run();
        Assert.That(m.Took(ExceptionClass.DataAbortSameEl), Is.True);
        Assert.That(Dfsc(m), Is.EqualTo(FaultStatus.Alignment));
        Assert.That(m[2], Is.EqualTo(Sentinel));
        Assert.That(m.Read(Data, 8), Is.EqualTo(0x1234UL));
    }

    // ---- Atomic memory operations ---------------------------------------------------------

    [TestCase(0x38210062u, 1, 0xFFUL, 0x102UL, 0x01UL)]                  // ldaddb w1, w2, [x3]
    [TestCase(0x78210062u, 2, 0xFFFFUL, 0x3UL, 0x0002UL)]                // ldaddh w1, w2, [x3]
    [TestCase(0xB8210062u, 4, 0xFFFF_FFFFUL, 0x1_0000_0002UL, 0x1UL)]    // ldadd w1, w2, [x3]
    [TestCase(0xF8E10062u, 8, 0xFFFF_FFFF_FFFF_FFFFUL, 2UL, 1UL)]        // ldaddal x1, x2, [x3]
    [TestCase(0xB8211062u, 4, 0xFF00_FF00UL, 0x0F0F_0F0FUL, 0xF000_F000UL)] // ldclr w1, w2, [x3]
    [TestCase(0xF8E11062u, 8, 0xFFFF_0000_FFFF_0000UL, 0xF0F0_F0F0_F0F0_F0F0UL, 0x0F0F_0000_0F0F_0000UL)] // ldclral x1, x2, [x3]
    [TestCase(0x38212062u, 1, 0x5AUL, 0xFFUL, 0xA5UL)]                   // ldeorb w1, w2, [x3]
    [TestCase(0xF8612062u, 8, 0x0123_4567_89AB_CDEFUL, 0xFFFF_0000_FFFF_0000UL, 0xFEDC_4567_7654_CDEFUL)] // ldeorl x1, x2, [x3]
    [TestCase(0x78213062u, 2, 0x8001UL, 0x1_0110UL, 0x8111UL)]           // ldseth w1, w2, [x3]
    [TestCase(0xB8A13062u, 4, 0x0000_00F0UL, 0x8000_000FUL, 0x8000_00FFUL)] // ldseta w1, w2, [x3]
    [TestCase(0x38214062u, 1, 0x80UL, 0x7FUL, 0x7FUL)]                   // ldsmaxb w1, w2, [x3]: max(-128, 127)
    [TestCase(0x38214062u, 1, 0x7FUL, 0xFFFF_FF80UL, 0x7FUL)]            // ldsmaxb: max(127, -128)
    [TestCase(0x78214062u, 2, 0xFFFEUL, 0x1_FFFFUL, 0xFFFFUL)]           // ldsmaxh w1, w2, [x3]: max(-2, -1)
    [TestCase(0xF8214062u, 8, 0xFFFF_FFFF_FFFF_FFFFUL, 1UL, 1UL)]        // ldsmax x1, x2, [x3]
    [TestCase(0x38215062u, 1, 0x05UL, 0xFFFF_FF01UL, 0x01UL)]            // ldsminb w1, w2, [x3]: Rs bits above the byte ignored
    [TestCase(0x38215062u, 1, 0x05UL, 0x81UL, 0x81UL)]                   // ldsminb: min(5, -127)
    [TestCase(0x78215062u, 2, 0x7FFFUL, 0x8000UL, 0x8000UL)]             // ldsminh w1, w2, [x3]
    [TestCase(0xB8215062u, 4, 0x8000_0000UL, 0x7FFF_FFFFUL, 0x8000_0000UL)] // ldsmin w1, w2, [x3]
    [TestCase(0x38216062u, 1, 0x80UL, 0x17FUL, 0x80UL)]                  // ldumaxb w1, w2, [x3]: Rs bits above the byte ignored
    [TestCase(0x38216062u, 1, 0x7FUL, 0x80UL, 0x80UL)]                   // ldumaxb
    [TestCase(0x78216062u, 2, 0x0001UL, 0xFFFFUL, 0xFFFFUL)]             // ldumaxh w1, w2, [x3]
    [TestCase(0xF8216062u, 8, 0x7FFF_FFFF_FFFF_FFFFUL, 0x8000_0000_0000_0000UL, 0x8000_0000_0000_0000UL)] // ldumax x1, x2, [x3]
    [TestCase(0x38217062u, 1, 0x80UL, 0x7FUL, 0x7FUL)]                   // lduminb w1, w2, [x3]
    [TestCase(0x78217062u, 2, 0x8000UL, 0x1_7FFFUL, 0x7FFFUL)]           // lduminh w1, w2, [x3]
    [TestCase(0xB8217062u, 4, 0xFFFF_FFFFUL, 3UL, 3UL)]                  // ldumin w1, w2, [x3]
    [TestCase(0x38218062u, 1, 0x11UL, 0x1234UL, 0x34UL)]                 // swpb w1, w2, [x3]
    [TestCase(0x78218062u, 2, 0x1111UL, 0x12_3456UL, 0x3456UL)]          // swph w1, w2, [x3]
    [TestCase(0xB8218062u, 4, 0x1111_1111UL, 0x1234_5678_9ABC_DEF0UL, 0x9ABC_DEF0UL)] // swp w1, w2, [x3]
    [TestCase(0xF8E18062u, 8, 0x1111UL, 0x1234_5678_9ABC_DEF0UL, 0x1234_5678_9ABC_DEF0UL)] // swpal x1, x2, [x3]
    public void AtomicOperationStoresResultAndReturnsOldValueZeroExtended(uint raw, int size, ulong old, ulong operand, ulong result)
    {
        // Bytes around the operand show that only its size is written.
        const ulong surround = 0xA5A5_A5A5_A5A5_A5A5;
        ulong mask = size == 8 ? ulong.MaxValue : (1UL << (8 * size)) - 1;
        var m = At(Data + 8, raw);
        m.Write(Data + 8, 8, (surround & ~mask) | old);
        m.Write(Data + 16, 8, surround);
        m[1] = operand;
        m[2] = Sentinel;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(TestMachine.CodeBase + 4));
        Assert.That(m.Read(Data + 8, 8), Is.EqualTo((surround & ~mask) | result));
        Assert.That(m.Read(Data + 16, 8), Is.EqualTo(surround));
        Assert.That(m[2], Is.EqualTo(old));
        Assert.That(m[1], Is.EqualTo(operand));
    }

    [Test]
    public void StaddDiscardsTheOldValue()
    {
        var m = At(Data, 0xB821007Fu); // stadd w1, [x3]
        m.Write(Data, 8, 0x5555_5555_0000_0010);
        m[1] = 0x20;
        m.Run();
        Assert.That(m.Read(Data, 8), Is.EqualTo(0x5555_5555_0000_0030UL));
        Assert.That(m[31], Is.EqualTo(0UL));
    }

    [Test]
    public void AtomicWithRsEqualToRtUsesTheOldRegisterValue()
    {
        var m = At(Data, 0xB8A20062u); // ldadda w2, w2, [x3]
        m.Write(Data, 4, 5);
        m[2] = 7;
        m.Run();
        Assert.That(m.Read(Data, 4), Is.EqualTo(12UL));
        Assert.That(m[2], Is.EqualTo(5UL));
    }

    [Test]
    public void AtomicWithSpBase()
    {
        var m = new TestMachine(0xB82103E2u); // ldadd w1, w2, [sp]
        m.Sp = Data + 0x20;
        m.Write(Data + 0x20, 4, 1);
        m[1] = 2;
        m.Run();
        Assert.That(m.Read(Data + 0x20, 4), Is.EqualTo(3UL));
        Assert.That(m[2], Is.EqualTo(1UL));
    }

    [TestCase(0xB8210062u, 2)] // ldadd w1, w2, [x3]
    [TestCase(0x78218062u, 1)] // swph w1, w2, [x3]
    [TestCase(0xF8E11062u, 4)] // ldclral x1, x2, [x3]
    [TestCase(0x88A17C62u, 2)] // cas w1, w2, [x3]
    [TestCase(0x08207C62u, 4)] // casp w0, w1, w2, w3, [x3]
    [TestCase(0x4860FC62u, 8)] // caspal x0, x1, x2, x3, [x3]
    public void UnalignedAtomicIsAnAlignmentFault(uint raw, int offset)
    {
        var m = At(Data + (ulong)offset, raw);
        m.Write(Data, 8, 0x1111_1111_1111_1111);
        m.Write(Data + 8, 8, 0x2222_2222_2222_2222);
        m[0] = 0x1111_1111_1111_1111;
        m[1] = 0x1111_1111_1111_1111;
        m[2] = Sentinel;
        m.Run();
        Assert.That(m.Took(ExceptionClass.DataAbortSameEl), Is.True);
        Assert.That(m.State.EsrEl1 & 0x3F, Is.EqualTo(0x21UL));
        // WnR of an atomic read-modify-write: 0, as the read would raise this fault too.
        Assert.That(WnR(m), Is.False);
        Assert.That(m.State.FarEl1, Is.EqualTo(Data + (ulong)offset));
        Assert.That(m.State.ElrEl1, Is.EqualTo(TestMachine.CodeBase));
        Assert.That(m[2], Is.EqualTo(Sentinel));
        Assert.That(m[1], Is.EqualTo(0x1111_1111_1111_1111UL));
        Assert.That(m.Read(Data, 8), Is.EqualTo(0x1111_1111_1111_1111UL));
        Assert.That(m.Read(Data + 8, 8), Is.EqualTo(0x2222_2222_2222_2222UL));
    }

    [Test]
    public void AtomicOnUnmappedAddressIsAnExternalAbortWithoutRegisterChange()
    {
        var m = At(0x1000, 0xB8210062u); // ldadd w1, w2, [x3]
        m[2] = Sentinel;
        m.Run();
        Assert.That(m.Took(ExceptionClass.DataAbortSameEl), Is.True);
        Assert.That(Dfsc(m), Is.EqualTo(FaultStatus.SynchronousExternal));
        Assert.That(m[2], Is.EqualTo(Sentinel));
    }

    // ---- Compare and swap -------------------------------------------------------------

    [Test]
    public void CasStoresWhenEqualAndReturnsOldValue()
    {
        var m = At(Data, 0x88A17C62u); // cas w1, w2, [x3]
        m.Write(Data, 8, 0x7777_7777_0000_0005);
        m[1] = 0xFFFF_FFFF_0000_0005; // only the low word is compared
        m[2] = 9;
        m.Run();
        Assert.That(m.Read(Data, 8), Is.EqualTo(0x7777_7777_0000_0009UL));
        Assert.That(m[1], Is.EqualTo(5UL));
    }

    [Test]
    public void CasLeavesMemoryWhenDifferentAndReturnsOldValue()
    {
        var m = At(Data, 0xC8E1FC62u); // casal x1, x2, [x3]
        m.Write(Data, 8, 0x8000_0000_0000_0006);
        m[1] = 6;
        m[2] = 9;
        m.Run();
        Assert.That(m.Read(Data, 8), Is.EqualTo(0x8000_0000_0000_0006UL));
        Assert.That(m[1], Is.EqualTo(0x8000_0000_0000_0006UL));
    }

    [TestCase(0x08A17C62u, 1, 0xAB80UL, 0x80UL, true)]     // casb w1, w2, [x3]: bits above the byte ignored
    [TestCase(0x08A17C62u, 1, 0x7FUL, 0x80UL, false)]      // casb
    [TestCase(0x48A17C62u, 2, 0xF_8001UL, 0x8001UL, true)] // cash w1, w2, [x3]
    [TestCase(0x48A17C62u, 2, 0x8002UL, 0x8001UL, false)]  // cash
    public void NarrowCasComparesItsSizeAndZeroExtendsTheOldValue(uint raw, int size, ulong expected, ulong old, bool swaps)
    {
        ulong mask = (1UL << (8 * size)) - 1;
        var m = At(Data + 2, raw);
        m.Write(Data, 8, 0x5555_5555_5555_5555 & ~(mask << 16) | old << 16);
        m[1] = expected;
        m[2] = 0x1234_5678;
        m.Run();
        ulong stored = swaps ? 0x1234_5678 & mask : old;
        Assert.That(m.Read(Data, 8), Is.EqualTo(0x5555_5555_5555_5555 & ~(mask << 16) | stored << 16));
        Assert.That(m[1], Is.EqualTo(old));
    }

    [Test]
    public void WordCaspSwapsBothWordsWhenBothMatch()
    {
        var m = At(Data, 0x08207C62u); // casp w0, w1, w2, w3, [x3]
        m.Write(Data, 8, 0x0000_0022_0000_0011);
        m[0] = 0xFFFF_FFFF_0000_0011;
        m[1] = 0x22;
        m[2] = 0xAA;
        m[3] = Data; // Rt+1 is also the base: its old value is what is stored
        m.Run();
        Assert.That(m.Read(Data, 8), Is.EqualTo((Data & 0xFFFF_FFFF) << 32 | 0xAA));
        Assert.That(m[0], Is.EqualTo(0x11UL));
        Assert.That(m[1], Is.EqualTo(0x22UL));
    }

    [Test]
    public void WordCaspFailsWhenEitherWordDiffers()
    {
        var m = At(Data, 0x08207C62u); // casp w0, w1, w2, w3, [x3]
        m.Write(Data, 8, 0x0000_0023_0000_0011);
        m[0] = 0x11;
        m[1] = 0x22;
        m[2] = 0xAA;
        m.Run();
        Assert.That(m.Read(Data, 8), Is.EqualTo(0x0000_0023_0000_0011UL));
        Assert.That(m[0], Is.EqualTo(0x11UL));
        Assert.That(m[1], Is.EqualTo(0x23UL));
    }

    [Test]
    public void DoublewordCaspSwapsSixteenBytes()
    {
        var m = At(Data + 0x10, 0x4860FC62u); // caspal x0, x1, x2, x3, [x3]
        m.Write(Data + 0x10, 8, 0x1111_1111_1111_1111);
        m.Write(Data + 0x18, 8, 0x2222_2222_2222_2222);
        m[0] = 0x1111_1111_1111_1111;
        m[1] = 0x2222_2222_2222_2222;
        m[2] = 0xAAAA_AAAA_AAAA_AAAA;
        m.Run();
        Assert.That(m.Read(Data + 0x10, 8), Is.EqualTo(0xAAAA_AAAA_AAAA_AAAAUL));
        Assert.That(m.Read(Data + 0x18, 8), Is.EqualTo(Data + 0x10));
        Assert.That(m[0], Is.EqualTo(0x1111_1111_1111_1111UL));
        Assert.That(m[1], Is.EqualTo(0x2222_2222_2222_2222UL));
    }

    [Test]
    public void DoublewordCaspFailureReturnsMemory()
    {
        var m = new TestMachine(0x483E7C82u); // casp x30, xzr, x2, x3, [x4]
        m[4] = Data;
        m.Write(Data, 8, 0x1111);
        m.Write(Data + 8, 8, 0x2222);
        m[30] = 0x1111; // Rs+1 is XZR: compares against 0, so this fails
        m.Run();
        Assert.That(m.Read(Data, 8), Is.EqualTo(0x1111UL));
        Assert.That(m.Read(Data + 8, 8), Is.EqualTo(0x2222UL));
        Assert.That(m[30], Is.EqualTo(0x1111UL));
        Assert.That(m[31], Is.EqualTo(0UL));
    }

    [TestCase(0x08217C82u)] // casp with Rs = 1 (odd)
    [TestCase(0x48207C83u)] // casp (X) with Rt = 3 (odd)
    public void CaspWithOddRegisterIsUndefined(uint raw)
    {
        Assert.That(LoadsAndStoresAtomic.IsConstrainedUnpredictable(raw), Is.False);
        var m = new TestMachine(raw);
        m[4] = Data;
        m.Write(Data, 8, 0);
        m[2] = m[3] = 0x77;
        m.Run();
        Assert.That(m.Took(ExceptionClass.Unknown), Is.True);
        Assert.That(m.Read(Data, 8), Is.EqualTo(0UL));
    }
}
