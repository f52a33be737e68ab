using Emulator.Cpu;
using Emulator.Interconnect;
using static Emulator.Tests.Cpu.Mmu.PageTables;

namespace Emulator.Tests.Cpu.Mmu;

/// <summary>
/// The TLB as software sees it (Arm ARM D8.13): entries tagged with an ASID or global,
/// kept until TLB maintenance removes them, every TLBI operation of the EL1&amp;0 regime with
/// its Inner Shareable broadcast, AT into PAR_EL1, and the cache maintenance and DC ZVA
/// instructions through translation.
/// </summary>
public sealed class TlbTests
{
    const ulong Code = TestMachine.CodeBase;
    const ulong Data = TestMachine.DataBase;
    const ulong Va = 0x12_3456_7000;
    const uint LdrX1X0 = 0xF9400001u; // ldr x1, [x0]

    /// <summary>Maps <see cref="Va"/> to page A (Data) and writes distinct values in A and B (Data + 0x1000).</summary>
    static (TestMachine M, PageTables T, ulong Desc) Mapped(ulong attributes, ushort asid = 1, params uint[] code)
    {
        var (m, t) = TranslationTests.Machine(12, 39, code.Length == 0 ? [LdrX1X0] : code);
        ulong desc = t.Map(Va, Data, 3, attributes);
        m.State.Ttbr0El1 = t.Root | (ulong)asid << 48;
        m.Write(Data, 8, 0xA);
        m.Write(Data + 0x1000, 8, 0xB);
        return (m, t, desc);
    }

    /// <summary>Loads from <see cref="Va"/> with the ldr at Code and returns what it read.</summary>
    static ulong Load(TestMachine m)
    {
        m.State.PC = Code;
        m[0] = Va;
        m[1] = 0;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Code + 4), $"the load faulted: ESR 0x{m.State.EsrEl1:x}");
        return m[1];
    }

    /// <summary>Runs one instruction at Code + 0x100 with x0 = <paramref name="x0"/>.</summary>
    static void Execute(TestMachine m, uint insn, ulong x0)
    {
        m.Load(Code + 0x100, insn);
        m.State.PC = Code + 0x100;
        m[0] = x0;
        m.Run();
    }

    static void Remap(TestMachine m, ulong desc) => m.Write(desc, 8, Data + 0x1000 | (m.Read(desc, 8) & 0xFFF | m.Read(desc, 8) & ~0x0000_FFFF_FFFF_F000UL));

    [Test]
    public void AChangedDescriptorIsNotSeenBeforeTlbMaintenance()
    {
        var (m, _, desc) = Mapped(KernelData | NotGlobal);
        Assert.That(Load(m), Is.EqualTo(0xAUL));
        Remap(m, desc);
        Assert.That(Load(m), Is.EqualTo(0xAUL), "the TLB still holds the old translation");
        Execute(m, 0xD508871Fu, 0); // tlbi vmalle1
        Assert.That(Load(m), Is.EqualTo(0xBUL));
    }

    [Test]
    public void NonGlobalEntriesBelongToTheirAsid()
    {
        var (m, t, desc) = Mapped(KernelData | NotGlobal, asid: 1);
        Assert.That(Load(m), Is.EqualTo(0xAUL));
        Remap(m, desc);
        // MSR TTBR0_EL1 with ASID 2: the ASID 1 entry does not apply; a walk sees the new descriptor.
        Execute(m, 0xD5182000u, t.Root | 2UL << 48); // msr ttbr0_el1, x0
        Assert.That(Load(m), Is.EqualTo(0xBUL));
        // Back to ASID 1: its entry is still there.
        Execute(m, 0xD5182000u, t.Root | 1UL << 48); // msr ttbr0_el1, x0
        Assert.That(Load(m), Is.EqualTo(0xAUL));
    }

    [Test]
    public void GlobalEntriesApplyToEveryAsid()
    {
        var (m, t, desc) = Mapped(KernelData, asid: 1);
        Assert.That(Load(m), Is.EqualTo(0xAUL));
        Remap(m, desc);
        Execute(m, 0xD5182000u, t.Root | 2UL << 48); // msr ttbr0_el1, x0
        Assert.That(Load(m), Is.EqualTo(0xAUL));
    }

    [Test]
    public void With8BitAsidsTheUpperAsidBitsAreIgnored()
    {
        var (m, t, desc) = Mapped(KernelData | NotGlobal, asid: 0x0101);
        m.State.TcrEl1 &= ~(1UL << 36); // AS = 0
        Assert.That(Load(m), Is.EqualTo(0xAUL));
        Remap(m, desc);
        Execute(m, 0xD5182000u, t.Root | 0x0201UL << 48); // msr ttbr0_el1, x0: the same 8-bit ASID 1
        Assert.That(Load(m), Is.EqualTo(0xAUL));
    }

    [Test]
    public void TheAsidComesFromTtbr1WithA1()
    {
        var (m, t, desc) = Mapped(KernelData | NotGlobal, asid: 1);
        m.State.TcrEl1 |= 1UL << 22; // A1
        m.State.Ttbr1El1 = 5UL << 48;
        m.Cpu.InvalidateFastTlb();
        Assert.That(m.Cpu.CurrentAsid, Is.EqualTo((ushort)5));
        Assert.That(Load(m), Is.EqualTo(0xAUL));
        Remap(m, desc);
        Execute(m, 0xD5182000u, t.Root | 9UL << 48); // msr ttbr0_el1, x0: TTBR0's ASID is not the one in use
        Assert.That(Load(m), Is.EqualTo(0xAUL));
    }

    // Each TLBI: (encoding, Xt, whether the entry for Va of ASID 1 goes).
    static ulong VaArg(ulong va, ushort asid) => (va >> 12) & 0xFFF_FFFF_FFFF | (ulong)asid << 48;

    [TestCase(0xD5088720u, 1, true, TestName = "TLBI VAE1 with the entry's ASID")]
    [TestCase(0xD5088720u, 2, false, TestName = "TLBI VAE1 with another ASID")]
    [TestCase(0xD50887A0u, 1, true, TestName = "TLBI VALE1 with the entry's ASID")]
    [TestCase(0xD50887A0u, 2, false, TestName = "TLBI VALE1 with another ASID")]
    [TestCase(0xD5088760u, 2, true, TestName = "TLBI VAAE1 (any ASID)")]
    [TestCase(0xD50887E0u, 2, true, TestName = "TLBI VAALE1 (any ASID)")]
    public void TlbiByVaRemovesTheEntriesItNames(uint tlbi, int asid, bool removed)
    {
        var (m, _, desc) = Mapped(KernelData | NotGlobal, asid: 1);
        Assert.That(Load(m), Is.EqualTo(0xAUL));
        Remap(m, desc);
        Execute(m, tlbi, VaArg(Va + 0x123, (ushort)asid)); // bits below the page are ignored
        Assert.That(Load(m), Is.EqualTo(removed ? 0xBUL : 0xAUL));
    }

    [Test]
    public void TlbiByVaLeavesOtherPages()
    {
        var (m, _, desc) = Mapped(KernelData | NotGlobal, asid: 1);
        Assert.That(Load(m), Is.EqualTo(0xAUL));
        Remap(m, desc);
        Execute(m, 0xD5088760u, VaArg(Va + 0x1000, 1)); // tlbi vaae1, x0: the next page
        Assert.That(Load(m), Is.EqualTo(0xAUL));
    }

    [Test]
    public void TlbiByVaRemovesTheBlockThatCoversIt()
    {
        var (m, t) = TranslationTests.Machine(12, 39, LdrX1X0);
        ulong block = 0x12_3440_0000; // 2MB
        ulong desc = t.Map(block, TestMachine.RamBase, 2, KernelData);
        m.Write(Data, 8, 0xA);
        m.Write(Data + 0x20_0000, 8, 0xB);
        m.State.PC = Code;
        m[0] = block + (Data - TestMachine.RamBase);
        m.Run();
        Assert.That(m[1], Is.EqualTo(0xAUL));
        m.Write(desc, 8, m.Read(desc, 8) + 0x20_0000);
        Execute(m, 0xD5088720u, VaArg(block + 0x1F_F000, 0)); // tlbi vae1, x0: another page of the block
        m.State.PC = Code;
        m[0] = block + (Data - TestMachine.RamBase);
        m.Run();
        Assert.That(m[1], Is.EqualTo(0xBUL));
    }

    [Test]
    public void TlbiByVaWithAnAsidAlsoRemovesGlobalEntries()
    {
        var (m, _, desc) = Mapped(KernelData, asid: 1);
        Assert.That(Load(m), Is.EqualTo(0xAUL));
        Remap(m, desc);
        Execute(m, 0xD5088720u, VaArg(Va, 7)); // tlbi vae1, x0
        Assert.That(Load(m), Is.EqualTo(0xBUL));
    }

    [TestCase(1, false, true, TestName = "TLBI ASIDE1 removes the ASID's non-global entries")]
    [TestCase(2, false, false, TestName = "TLBI ASIDE1 leaves other ASIDs")]
    [TestCase(1, true, false, TestName = "TLBI ASIDE1 leaves global entries")]
    public void TlbiByAsid(int asid, bool global, bool removed)
    {
        var (m, _, desc) = Mapped(KernelData | (global ? 0 : NotGlobal), asid: 1);
        Assert.That(Load(m), Is.EqualTo(0xAUL));
        Remap(m, desc);
        Execute(m, 0xD5088740u, (ulong)asid << 48); // tlbi aside1, x0
        Assert.That(Load(m), Is.EqualTo(removed ? 0xBUL : 0xAUL));
    }

    /// <summary>Two PEs of one Inner Shareable domain, both with Va cached from the same tables.</summary>
    static (TestMachine M0, Processor Cpu1, ulong Desc) TwoCpus()
    {
        var (m, t, desc) = Mapped(KernelData | NotGlobal, asid: 1);
        var domain = m.Cpu.ShareableDomain;
        var cpu1 = new Processor(m.Bus, 1, shareableDomain: domain);
        cpu1.Reset(Code);
        cpu1.State.VbarEl1 = TestMachine.VectorBase;
        cpu1.State.TcrEl1 = m.State.TcrEl1;
        cpu1.State.MairEl1 = m.State.MairEl1;
        cpu1.State.Ttbr0El1 = m.State.Ttbr0El1;
        cpu1.State.SctlrEl1 = m.State.SctlrEl1;
        cpu1.FlushTlb();
        Assert.That(Load(m), Is.EqualTo(0xAUL));
        Assert.That(Load1(cpu1), Is.EqualTo(0xAUL));
        Remap(m, desc);
        return (m, cpu1, desc);
    }

    static ulong Load1(Processor cpu)
    {
        cpu.State.PC = Code;
        cpu.SetX(0, Va);
        cpu.Run(1);
        Assert.That(cpu.State.PC, Is.EqualTo(Code + 4));
        return cpu.Xr(1);
    }

    [TestCase(0xD508831Fu, TestName = "TLBI VMALLE1IS")]
    [TestCase(0xD5088320u, TestName = "TLBI VAE1IS")]
    [TestCase(0xD5088340u, TestName = "TLBI ASIDE1IS")]
    [TestCase(0xD5088360u, TestName = "TLBI VAAE1IS")]
    [TestCase(0xD50883A0u, TestName = "TLBI VALE1IS")]
    [TestCase(0xD50883E0u, TestName = "TLBI VAALE1IS")]
    public void InnerShareableTlbiReachesEveryPe(uint tlbi)
    {
        var (m, cpu1, _) = TwoCpus();
        Execute(m, tlbi, VaArg(Va, 1));
        Assert.That(Load1(cpu1), Is.EqualTo(0xBUL), "the other PE");
        Assert.That(Load(m), Is.EqualTo(0xBUL), "the issuing PE");
    }

    [TestCase(0xD508871Fu, TestName = "TLBI VMALLE1")]
    [TestCase(0xD5088720u, TestName = "TLBI VAE1")]
    [TestCase(0xD5088740u, TestName = "TLBI ASIDE1")]
    [TestCase(0xD5088760u, TestName = "TLBI VAAE1")]
    [TestCase(0xD50887A0u, TestName = "TLBI VALE1")]
    [TestCase(0xD50887E0u, TestName = "TLBI VAALE1")]
    public void LocalTlbiStaysOnItsPe(uint tlbi)
    {
        var (m, cpu1, _) = TwoCpus();
        Execute(m, tlbi, VaArg(Va, 1));
        Assert.That(Load(m), Is.EqualTo(0xBUL), "the issuing PE");
        Assert.That(Load1(cpu1), Is.EqualTo(0xAUL), "the other PE keeps its entry");
    }

    [Test]
    public void TlbiDropsTheFetchPageToo()
    {
        // Code at Va: a mov, then remapped to a page holding another mov.
        var (m, t) = TranslationTests.Machine(12, 39, 0xD61F0000u); // br x0
        ulong desc = t.Map(Va, Data, 3, Af | Normal | ApEl1ReadOnly);
        m.Load(Data, 0xD2800021u, 0xD61F0040u);          // mov x1, #1 ; br x2
        m.Load(Data + 0x1000, 0xD2800041u, 0xD61F0040u); // mov x1, #2 ; br x2
        m[0] = Va;
        m[2] = Va;
        m.Run(3);
        Assert.That(m[1], Is.EqualTo(1UL));
        m.Write(desc, 8, m.Read(desc, 8) + 0x1000);
        m.Cpu.InvalidateTlb(TlbiOperation.VAAE1, VaArg(Va, 0));
        m.Run(2);
        Assert.That(m[1], Is.EqualTo(2UL));
    }

    [Test]
    public void TlbiIsUndefinedAtEl0()
    {
        var m = TestMachine.AtEl0(0xD508871Fu); // tlbi vmalle1
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(TestMachine.VectorBase + 0x400));
        Assert.That(m.Ec, Is.EqualTo(ExceptionClass.Unknown));
    }

    // ---- AT ---------------------------------------------------------------------------

    [TestCase(0xD5087800u, 0UL, TestName = "AT S1E1R of an EL1 read/write page")]    // at s1e1r, x0
    [TestCase(0xD5087820u, 0UL, TestName = "AT S1E1W of an EL1 read/write page")]    // at s1e1w, x0
    public void AtReportsThePhysicalAddressAndAttributes(uint at, ulong unused)
    {
        var (m, _, _) = Mapped(KernelData);
        Execute(m, at, Va + 0x345);
        // ATTR = MAIR Attr0 (0xFF), bit 11 RES1, SH = inner shareable (0b11), PA[47:12].
        Assert.That(m.State.ParEl1, Is.EqualTo(0xFFUL << 56 | 1UL << 11 | 0b11UL << 7 | Data));
    }

    [Test]
    public void AtReportsDeviceMemoryAsOuterShareable()
    {
        var (m, _, _) = Mapped(Af | Device | InnerShareable | ApEl1ReadWrite);
        Execute(m, 0xD5087800u, Va); // at s1e1r, x0
        Assert.That(m.State.ParEl1, Is.EqualTo(0x00UL << 56 | 1UL << 11 | 0b10UL << 7 | Data));
    }

    [TestCase(0xD5087820u, KernelData | ApEl1ReadOnly, 0b001111u, TestName = "AT S1E1W of a read-only page: permission fault")]
    [TestCase(0xD5087840u, KernelData, 0b001111u, TestName = "AT S1E0R of an EL1-only page: permission fault")]
    [TestCase(0xD5087860u, Af | Normal | ApReadOnly, 0b001111u, TestName = "AT S1E0W of an EL0 read-only page: permission fault")]
    [TestCase(0xD5087800u, KernelData & ~Af, 0b001011u, TestName = "AT S1E1R without AF: access flag fault")]
    public void AtReportsFaultsInParWithoutTakingThem(uint at, ulong attributes, uint fst)
    {
        var (m, _, _) = Mapped(attributes);
        Execute(m, at, Va);
        Assert.That(m.State.PC, Is.EqualTo(Code + 0x104), "no exception");
        // F = 1, FST, S = 0 (stage 1), PTW = 0, bit 11 RES1.
        Assert.That(m.State.ParEl1, Is.EqualTo(1UL << 11 | (ulong)fst << 1 | 1));
    }

    [Test]
    public void AtReportsTranslationFaultsWithTheirLevel()
    {
        var (m, _, _) = Mapped(KernelData);
        Execute(m, 0xD5087800u, 0x33_0000_0000); // at s1e1r, x0: no table at level 1
        Assert.That(m.State.ParEl1, Is.EqualTo(1UL << 11 | 0b000101UL << 1 | 1));
    }

    [Test]
    public void AtS1E1IgnoresPan()
    {
        var (m, _, _) = Mapped(Af | Normal | ApReadWrite);
        m.Cpu.SetPan(true);
        Execute(m, 0xD5087800u, Va); // at s1e1r, x0
        Assert.That(m.State.ParEl1 & 1, Is.Zero);
        Assert.That(m.State.ParEl1 & 0x0000_FFFF_FFFF_F000, Is.EqualTo(Data));
    }

    // ---- DC ZVA and cache maintenance by VA -----------------------------------------

    [Test]
    public void DcZvaZeroesThroughTheTranslation()
    {
        var (m, _, _) = Mapped(KernelData);
        m.Write(Data + 0x40, 8, 0x1234);
        Execute(m, 0xD50B7420u, Va + 0x47); // dc zva, x0
        Assert.That(m.State.PC, Is.EqualTo(Code + 0x104));
        Assert.That(m.Read(Data + 0x40, 8), Is.Zero);
        Assert.That(m.Read(Data, 8), Is.EqualTo(0xAUL), "outside the block");
    }

    [Test]
    public void DcZvaOnDeviceMemoryIsAnAlignmentFault()
    {
        var (m, _, _) = Mapped(Af | Device | ApEl1ReadWrite);
        Execute(m, 0xD50B7420u, Va + 0x47); // dc zva, x0
        Assert.That(m.State.EsrEl1, Is.EqualTo(0x25UL << 26 | 1UL << 25 | 1UL << 6 | 0b100001));
        Assert.That(m.State.FarEl1, Is.EqualTo(Va + 0x47));
    }

    [Test]
    public void DcZvaOnAReadOnlyPageIsAPermissionFault()
    {
        var (m, _, _) = Mapped(KernelData | ApEl1ReadOnly);
        Execute(m, 0xD50B7420u, Va); // dc zva, x0
        Assert.That(m.State.EsrEl1, Is.EqualTo(0x25UL << 26 | 1UL << 25 | 1UL << 6 | 0b001111));
    }

    [Test]
    public void DcIvacNeedsWritePermission()
    {
        var (m, _, _) = Mapped(KernelData | ApEl1ReadOnly);
        Execute(m, 0xD5087620u, Va + 8); // dc ivac, x0
        // CM = 1, WnR = 1, permission fault at level 3.
        Assert.That(m.State.EsrEl1, Is.EqualTo(0x25UL << 26 | 1UL << 25 | 1UL << 8 | 1UL << 6 | 0b001111));
        Assert.That(m.State.FarEl1, Is.EqualTo(Va + 8));
    }

    [Test]
    public void DcCvacAtEl1NeedsNoPermission()
    {
        var (m, _, _) = Mapped(KernelData | ApEl1ReadOnly);
        Execute(m, 0xD50B7A20u, Va); // dc cvac, x0
        Assert.That(m.State.PC, Is.EqualTo(Code + 0x104));
    }

    [Test]
    public void DcCvacOfAnUnmappedAddressIsATranslationFaultWithCm()
    {
        var (m, _, _) = Mapped(KernelData);
        Execute(m, 0xD50B7A20u, Va + 0x2000); // dc cvac, x0: an invalid level 3 entry
        Assert.That(m.State.EsrEl1, Is.EqualTo(0x25UL << 26 | 1UL << 25 | 1UL << 8 | 1UL << 6 | 0b000111));
    }

    [Test]
    public void CacheMaintenanceAtEl0NeedsReadPermission()
    {
        var (m, t, _) = Mapped(KernelData); // EL1 only
        t.Map(Code, Code, 3, Af | Normal | ApReadOnly);
        m.Load(Code, 0xD50B7A20u); // dc cvac, x0
        m.State.SctlrEl1 |= 1UL << 26; // UCI
        m.Cpu.FlushTlb();
        m.Cpu.SetExceptionLevel(0, 0);
        m[0] = Va;
        m.Run();
        Assert.That(m.State.EsrEl1, Is.EqualTo(0x24UL << 26 | 1UL << 25 | 1UL << 8 | 1UL << 6 | 0b001111));
    }

    // ---- The exclusive monitor works on physical addresses ---------------------------

    [Test]
    public void ExclusivesThroughTwoAliasesOfOnePageMatch()
    {
        // ldxr x1, [x0] ; stxr w3, x1, [x2]: two VAs of one PA, so the monitor holds.
        var (m, t, _) = Mapped(KernelData, code: [0xC85F7C01u, 0xC8037C41u]);
        t.Map(Va + 0x1000, Data, 3, KernelData);
        m[0] = Va;
        m[2] = Va + 0x1000;
        m.Run(2);
        Assert.That(m[3], Is.Zero, "stxr succeeded");
    }
}
