using Emulator.Cpu;
using static Emulator.Tests.Cpu.Mmu.PageTables;

namespace Emulator.Tests.Cpu.Mmu;

/// <summary>
/// Stage 1 translation of the EL1&amp;0 regime (Arm ARM D8): walks at every level of every
/// granule, the faults each check raises with their ESR_EL1 and FAR_EL1, permissions (AP,
/// UXN, PXN, WXN, PAN, unprivileged accesses), memory types and top byte ignore.
/// </summary>
public sealed class TranslationTests
{
    const ulong Code = TestMachine.CodeBase;
    const ulong Data = TestMachine.DataBase;
    const ulong Vectors = TestMachine.VectorBase;

    const uint LdrX1X0 = 0xF9400001u;  // ldr x1, [x0]
    const uint StrX1X0 = 0xF9000001u;  // str x1, [x0]
    const uint LdtrX1X0 = 0xF8400801u; // ldtr x1, [x0]
    const uint SttrX1X0 = 0xF8000801u; // sttr x1, [x0]
    const uint BrX0 = 0xD61F0000u;     // br x0

    /// <summary>A machine with the MMU on: code identity-mapped read-only at CodeBase, the rest for the test to map.</summary>
    internal static (TestMachine M, PageTables T) Machine(int granuleShift = 12, int inputBits = 39, params uint[] code)
    {
        var m = new TestMachine(code);
        var t = new PageTables(m.Ram, TestMachine.PageTableArea, 0x10_0000, granuleShift, inputBits);
        // Vectors and code: one granule-sized page each way (64KB pages cover both).
        ulong codeAttributes = Af | InnerShareable | Normal | ApEl1ReadOnly;
        t.MapRange(TestMachine.RamBase, TestMachine.RamBase, 0x2_0000, 3, codeAttributes);
        t.TurnOnMmu(m.Cpu);
        return (m, t);
    }

    static uint Esr(TestMachine m) => (uint)m.State.EsrEl1;
    static uint Dfsc(TestMachine m) => Esr(m) & 0x3F;

    internal static void AssertDataAbort(TestMachine m, uint dfsc, bool write, ulong far, ExceptionClass ec = ExceptionClass.DataAbortSameEl)
    {
        Assert.That(m.Ec, Is.EqualTo(ec), "EC");
        // IL = 1; ISV = 0 (no instruction syndrome for an abort taken to EL1); CM = 0; S1PTW = 0.
        Assert.That(Esr(m), Is.EqualTo((uint)ec << 26 | 1u << 25 | (write ? 1u << 6 : 0) | dfsc), "ESR_EL1");
        Assert.That(m.State.FarEl1, Is.EqualTo(far), "FAR_EL1");
        Assert.That(m.State.ElrEl1, Is.EqualTo(Code), "ELR_EL1");
    }

    // ---- Walks at every level of every granule ---------------------------------------

    static IEnumerable<TestCaseData> Leaves()
    {
        foreach (int granule in new[] { 12, 14, 16 })
            foreach (int bits in new[] { 39, 48 })
            {
                for (int level = Math.Max(PageTables.StartLevelFor(granule, bits), 1); level <= 3; level++)
                {
                    bool block = level < 3;
                    // Blocks: 4KB at levels 1 and 2; 16KB and 64KB at level 2 only (no LPA).
                    if (block && level != 2 && !(level == 1 && granule == 12)) continue;
                    yield return new TestCaseData(granule, bits, level)
                        .SetName($"{1 << (granule - 10)}KB granule, {bits}-bit VA, {(block ? "block" : "page")} at level {level}");
                }
            }
    }

    [TestCaseSource(nameof(Leaves))]
    public void LoadsThroughALeafAtEachLevel(int granule, int bits, int level)
    {
        var (m, t) = Machine(granule, bits, LdrX1X0);
        ulong va = bits == 48 ? 0xFEDC_8000_0000UL : 0x5E_8000_0000UL;
        ulong size = t.SizeAt(level);
        // The leaf maps an output address aligned to its size: RAM's base for the blocks,
        // a data page for pages; the load lands at DataBase + 8 either way.
        ulong pa = level == 3 ? Data : TestMachine.RamBase;
        ulong offset = Data + 8 - pa;
        Assert.That(offset, Is.LessThan(size));
        t.Map(va, pa, level, KernelData);
        m.Write(Data + 8, 8, 0x1122_3344_5566_7788);
        m[0] = va + offset;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Code + 4), $"ESR 0x{m.State.EsrEl1:x}");
        Assert.That(m[1], Is.EqualTo(0x1122_3344_5566_7788UL));
    }

    [TestCase(12, 39, 1)]
    [TestCase(12, 48, 0)]
    [TestCase(16, 48, 1)]
    [TestCase(16, 39, 2)]
    [TestCase(14, 48, 0)]
    [TestCase(14, 39, 1)]
    public void TheWalkStartsWhereTheInputSizeSays(int granule, int bits, int startLevel)
    {
        Assert.That(PageTables.StartLevelFor(granule, bits), Is.EqualTo(startLevel));
    }

    [Test]
    public void UpperRangeTranslatesThroughTtbr1()
    {
        var (m, t) = Machine(12, 39, LdrX1X0);
        var upper = new PageTables(m.Ram, TestMachine.PageTableArea + 0x8_0000, 0x8_0000, 12, 39);
        upper.Map(0xFFFF_FFC0_0000_0000, Data, 3, KernelData);
        m.State.Ttbr1El1 = upper.Root;
        m.State.TcrEl1 = t.Tcr0 & ~(1UL << 23) | upper.Tcr1 & ~(1UL << 7); // both ranges on
        m.Cpu.FlushTlb();
        m.Write(Data, 8, 0xCAFE);
        m[0] = 0xFFFF_FFC0_0000_0000;
        m.Run();
        Assert.That(m[1], Is.EqualTo(0xCAFEUL));
    }

    // ---- Translation, access flag and address size faults ---------------------------

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void AnInvalidDescriptorIsATranslationFaultAtItsLevel(int level)
    {
        var (m, t) = Machine(12, 39, StrX1X0);
        ulong va = 0x12_3456_7000;
        t.Map(va, Data, 3, KernelData);
        ulong desc = t.DescriptorAddress(va, level);
        t.Write(desc, t.Read(desc) & ~1UL);
        m[0] = va + 0x18;
        m.Run();
        AssertDataAbort(m, 0b000100u | (uint)level, write: true, far: va + 0x18);
    }

    [Test]
    public void ABlockAtLevel3IsReservedAndATranslationFault()
    {
        var (m, t) = Machine(12, 39, LdrX1X0);
        ulong va = 0x12_3456_7000;
        ulong desc = t.Map(va, Data, 3, KernelData);
        t.Write(desc, t.Read(desc) & ~2UL); // bits 1:0 = 01 at level 3
        m[0] = va;
        m.Run();
        AssertDataAbort(m, 0b000111, write: false, far: va);
    }

    [Test]
    public void ABlockAtLevel1WithThe64KGranuleIsATranslationFault()
    {
        var (m, t) = Machine(16, 48, LdrX1X0);
        ulong va = 0x400_0000_0000;
        t.Map(va, 0, 1, KernelData);
        m[0] = va;
        m.Run();
        AssertDataAbort(m, 0b000101, write: false, far: va);
    }

    [Test]
    public void AnAddressOutsideBothRangesIsATranslationFaultAtLevel0()
    {
        var (m, _) = Machine(12, 39, LdrX1X0);
        m[0] = 0x0000_8000_0000_0000; // above the 39-bit TTBR0 range, below TTBR1's
        m.Run();
        AssertDataAbort(m, 0b000100, write: false, far: 0x0000_8000_0000_0000);
    }

    [Test]
    public void Epd1DisablesWalksOfTheUpperRange()
    {
        var (m, _) = Machine(12, 39, LdrX1X0);
        m[0] = 0xFFFF_FFC0_0000_1000;
        m.Run();
        AssertDataAbort(m, 0b000100, write: false, far: 0xFFFF_FFC0_0000_1000);
    }

    [TestCase(2)]
    [TestCase(3)]
    public void AClearAccessFlagIsAnAccessFlagFault(int level)
    {
        var (m, t) = Machine(12, 39, LdrX1X0);
        ulong va = 0x12_3440_0000;
        t.Map(va, level == 3 ? Data : TestMachine.RamBase, level, KernelData & ~Af);
        m[0] = va + 0x10;
        m.Run();
        AssertDataAbort(m, 0b001000u | (uint)level, write: false, far: va + 0x10);
    }

    [Test]
    public void AnAccessFlagFaultIsNotCached()
    {
        var (m, t) = Machine(12, 39, LdrX1X0);
        ulong va = 0x12_3456_7000;
        ulong desc = t.Map(va, Data, 3, KernelData & ~Af);
        m[0] = va;
        m.Run();
        Assert.That(Dfsc(m), Is.EqualTo(0b001011u));
        // The handler sets AF; no TLBI is needed, since a faulting descriptor is never held.
        t.Write(desc, t.Read(desc) | Af);
        m.Write(Data, 8, 42);
        m.State.PC = Code;
        m.Run();
        Assert.That(m[1], Is.EqualTo(42UL));
    }

    [Test]
    public void AnOutputAddressBeyondIpsIsAnAddressSizeFault()
    {
        var (m, t) = Machine(12, 39, LdrX1X0);
        ulong va = 0x12_3456_7000;
        t.Map(va, 0x1_0000_0000, 3, KernelData);
        m.State.TcrEl1 &= ~(7UL << 32); // IPS = 32 bits
        m.Cpu.FlushTlb();
        m[0] = va;
        m.Run();
        AssertDataAbort(m, 0b000011, write: false, far: va);
    }

    [Test]
    public void ATableBaseBeyondIpsIsAnAddressSizeFaultAtLevel0()
    {
        var (m, _) = Machine(12, 39, LdrX1X0);
        m.State.TcrEl1 &= ~(7UL << 32); // IPS = 32 bits
        m.State.Ttbr0El1 |= 0x1_0000_0000;
        m.Cpu.FlushTlb();
        m.Run();
        // The code itself is translated through that TTBR: the fetch faults.
        Assert.That(m.Ec, Is.EqualTo(ExceptionClass.InstructionAbortSameEl));
        Assert.That(Esr(m), Is.EqualTo(0x21u << 26 | 1u << 25 | 0b000000));
        Assert.That(m.State.FarEl1, Is.EqualTo(Code));
    }

    [Test]
    public void ATableDescriptorPointingOutsideRamIsAnExternalAbortOnTheWalk()
    {
        var (m, t) = Machine(12, 39, LdrX1X0);
        ulong va = 0x12_3456_7000;
        t.Map(va, Data, 3, KernelData);
        ulong desc = t.DescriptorAddress(va, 2);
        t.Write(desc, 0x2000_0000 | 3); // a table where nothing answers
        m[0] = va;
        m.Run();
        AssertDataAbort(m, 0b010111, write: false, far: va); // synchronous external abort on walk, level 3
    }

    // ---- Permissions ------------------------------------------------------------------

    [Test]
    public void AStoreToAReadOnlyPageIsAPermissionFault()
    {
        var (m, t) = Machine(12, 39, StrX1X0);
        ulong va = 0x12_3456_7000;
        t.Map(va, Data, 3, Af | Normal | ApEl1ReadOnly);
        m[0] = va + 4 * 8;
        m.Run();
        AssertDataAbort(m, 0b001111, write: true, far: va + 32);
    }

    [Test]
    public void ApTableReadOnlyMakesEveryPageBelowReadOnly()
    {
        var (m, t) = Machine(12, 39, StrX1X0);
        ulong va = 0x22_3456_7000;
        t.Map(va, Data, 3, KernelData, tableAttributes: ApTableReadOnly);
        m[0] = va;
        m.Run();
        AssertDataAbort(m, 0b001111, write: true, far: va);
    }

    [Test]
    public void El0CannotLoadFromAnEl1OnlyPage()
    {
        var (m, t) = Machine(12, 39, LdrX1X0);
        ulong va = 0x12_3456_7000;
        t.Map(va, Data, 3, KernelData);
        // The code page must be executable at EL0: read-only at both ELs.
        t.Map(Code, Code, 3, Af | Normal | ApReadOnly);
        m.Cpu.FlushTlb();
        m.Cpu.SetExceptionLevel(0, 0);
        m[0] = va;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Vectors + 0x400));
        AssertDataAbort(m, 0b001111, write: false, far: va, ExceptionClass.DataAbortLowerEl);
    }

    [Test]
    public void ApTableNoEl0RemovesEl0Access()
    {
        var (m, t) = Machine(12, 39, LdrX1X0);
        ulong va = 0x22_3456_7000;
        t.Map(va, Data, 3, Af | Normal | ApReadWrite, tableAttributes: ApTableNoEl0);
        t.Map(Code, Code, 3, Af | Normal | ApReadOnly);
        m.Cpu.FlushTlb();
        m.Cpu.SetExceptionLevel(0, 0);
        m[0] = va;
        m.Run();
        AssertDataAbort(m, 0b001111, write: false, far: va, ExceptionClass.DataAbortLowerEl);
    }

    [Test]
    public void UnprivilegedLoadsAtEl1CheckEl0Permissions()
    {
        var (m, t) = Machine(12, 39, LdtrX1X0);
        ulong va = 0x12_3456_7000;
        t.Map(va, Data, 3, KernelData); // EL1 only
        m[0] = va;
        m.Run();
        AssertDataAbort(m, 0b001111, write: false, far: va); // taken from EL1: same-EL class
    }

    [Test]
    public void UnprivilegedStoreToAnEl0ReadOnlyPageFaultsWhereAPrivilegedOneWouldNot()
    {
        var (m, t) = Machine(12, 39, SttrX1X0, StrX1X0);
        ulong va = 0x12_3456_7000;
        t.Map(va, Data, 3, Af | Normal | ApReadWrite);
        m[0] = va;
        m[1] = 5;
        m.Run(2);
        Assert.That(m.Read(Data, 8), Is.EqualTo(5UL), "sttr and str to an EL0 read/write page");
        t.Map(va, Data, 3, Af | Normal | ApEl1ReadWrite);
        m.Cpu.InvalidateTlb(TlbiOperation.VMALLE1, 0);
        m.State.PC = Code;
        m.Run();
        AssertDataAbort(m, 0b001111, write: true, far: va);
    }

    [Test]
    public void PanStopsPrivilegedAccessToEl0MemoryButNotUnprivilegedAccess()
    {
        var (m, t) = Machine(12, 39, 0xD500419Fu, LdrX1X0, LdtrX1X0); // msr pan, #1 ; ldr x1, [x0] ; ldtr x1, [x0]
        ulong va = 0x12_3456_7000;
        t.Map(va, Data, 3, Af | Normal | ApReadOnly);
        m.Write(Data, 8, 77);
        m[0] = va;
        m.Run(2);
        Assert.That(m.State.Pan, Is.True);
        Assert.That(m.Ec, Is.EqualTo(ExceptionClass.DataAbortSameEl));
        Assert.That(Dfsc(m), Is.EqualTo(0b001111u));
        Assert.That(m.State.ElrEl1, Is.EqualTo(Code + 4));
        // The same location through LDTR: an EL0 access, which PAN does not restrict.
        m.State.PC = Code + 8;
        m.Run();
        Assert.That(m[1], Is.EqualTo(77UL));
        Assert.That(m.State.PC, Is.EqualTo(Code + 12));
    }

    [Test]
    public void PanDoesNotRestrictEl1OnlyMemory()
    {
        var (m, t) = Machine(12, 39, 0xD500419Fu, LdrX1X0); // msr pan, #1 ; ldr x1, [x0]
        ulong va = 0x12_3456_7000;
        t.Map(va, Data, 3, KernelData);
        m.Write(Data, 8, 78);
        m[0] = va;
        m.Run(2);
        Assert.That(m[1], Is.EqualTo(78UL));
    }

    [Test]
    public void PxnStopsEl1FetchWithAnInstructionAbort()
    {
        var (m, t) = Machine(12, 39, BrX0);
        ulong va = 0x12_3456_7000;
        t.Map(va, Data, 3, Af | Normal | ApEl1ReadOnly | Pxn);
        m[0] = va + 8;
        m.Run(2);
        Assert.That(m.Ec, Is.EqualTo(ExceptionClass.InstructionAbortSameEl));
        Assert.That(Esr(m), Is.EqualTo(0x21u << 26 | 1u << 25 | 0b001111));
        Assert.That(m.State.FarEl1, Is.EqualTo(va + 8));
        Assert.That(m.State.ElrEl1, Is.EqualTo(va + 8));
    }

    [Test]
    public void UxnStopsEl0FetchButNotEl1Fetch()
    {
        var (m, t) = Machine(12, 39, BrX0);
        ulong va = 0x12_3456_7000;
        t.Map(va, Data, 3, Af | Normal | ApReadOnly | Uxn);
        t.Map(Code, Code, 3, Af | Normal | ApReadOnly);
        m.Load(Data, 0xD503201Fu); // nop
        m.Cpu.FlushTlb();
        m[0] = va;
        m.Run(2);
        Assert.That(m.State.PC, Is.EqualTo(va + 4), "EL1 executes a UXN page");

        m.Cpu.SetExceptionLevel(0, 0);
        m.State.PC = Code;
        m.Run(2);
        Assert.That(m.Ec, Is.EqualTo(ExceptionClass.InstructionAbortLowerEl));
        Assert.That(Esr(m) & 0x3F, Is.EqualTo(0b001111u));
        Assert.That(m.State.FarEl1, Is.EqualTo(va));
    }

    [Test]
    public void El1NeverExecutesWhatEl0MayWrite()
    {
        var (m, t) = Machine(12, 39, BrX0);
        ulong va = 0x12_3456_7000;
        t.Map(va, Data, 3, Af | Normal | ApReadWrite);
        m[0] = va;
        m.Run(2);
        Assert.That(m.Ec, Is.EqualTo(ExceptionClass.InstructionAbortSameEl));
        Assert.That(Esr(m) & 0x3F, Is.EqualTo(0b001111u));
    }

    [Test]
    public void WxnMakesWritableMemoryNeverExecutable()
    {
        var (m, t) = Machine(12, 39, BrX0);
        ulong va = 0x12_3456_7000;
        t.Map(va, Data, 3, Af | Normal | ApEl1ReadWrite);
        m.Load(Data, 0xD503201Fu); // nop
        m[0] = va;
        m.Run(2);
        Assert.That(m.State.PC, Is.EqualTo(va + 4), "without WXN");

        m.State.SctlrEl1 |= 1UL << 19; // WXN
        m.Cpu.InvalidateFastTlb();
        m.State.PC = Code;
        m.Run(2);
        Assert.That(m.Ec, Is.EqualTo(ExceptionClass.InstructionAbortSameEl));
        Assert.That(Esr(m) & 0x3F, Is.EqualTo(0b001111u));
    }

    [Test]
    public void TheTranslationFaultOfAFetchReportsItsLevel()
    {
        var (m, _) = Machine(12, 39, BrX0);
        m[0] = 0x33_0000_0000;
        m.Run(2);
        Assert.That(Esr(m), Is.EqualTo(0x21u << 26 | 1u << 25 | 0b000101)); // level 1: no table there
        Assert.That(m.State.FarEl1, Is.EqualTo(0x33_0000_0000UL));
    }

    // ---- Memory types and alignment ---------------------------------------------------

    [Test]
    public void UnalignedAccessToNormalMemorySucceeds()
    {
        var (m, t) = Machine(12, 39, LdrX1X0);
        ulong va = 0x12_3456_7000;
        t.Map(va, Data, 3, KernelData);
        m.Write(Data + 8, 8, 0x0807_0605_0403_0201);
        m.Write(Data + 16, 8, 0x100F_0E0D_0C0B_0A09);
        m[0] = va + 11;
        m.Run();
        Assert.That(m[1], Is.EqualTo(0x0B0A_0908_0706_0504UL));
    }

    [Test]
    public void UnalignedAccessToDeviceMemoryIsAnAlignmentFault()
    {
        var (m, t) = Machine(12, 39, LdrX1X0);
        ulong va = 0x12_3456_7000;
        t.Map(va, Data, 3, Af | Device | ApEl1ReadWrite);
        m[0] = va + 4;
        m.Run();
        AssertDataAbort(m, 0b100001, write: false, far: va + 4);
    }

    [Test]
    public void SctlrAMakesUnalignedNormalAccessesFault()
    {
        var (m, t) = Machine(12, 39, LdrX1X0);
        ulong va = 0x12_3456_7000;
        t.Map(va, Data, 3, KernelData);
        m.State.SctlrEl1 |= 1UL << 1; // A
        m[0] = va + 4;
        m.Run();
        AssertDataAbort(m, 0b100001, write: false, far: va + 4);
    }

    [Test]
    public void TopByteIgnoreLetsTaggedAddressesTranslate()
    {
        var (m, t) = Machine(12, 39, LdrX1X0);
        ulong va = 0x12_3456_7000;
        t.Map(va, Data, 3, KernelData);
        m.Write(Data, 8, 99);
        m[0] = 0x5A00_0000_0000_0000 | va;
        m.Run();
        AssertDataAbort(m, 0b000100, write: false, far: 0x5A00_0012_3456_7000);

        m.State.TcrEl1 |= 1UL << 37; // TBI0
        m.Cpu.InvalidateFastTlb();
        m.State.PC = Code;
        m.Run();
        Assert.That(m[1], Is.EqualTo(99UL));
    }

    [Test]
    public void TheContiguousHintChangesNoTranslation()
    {
        var (m, t) = Machine(12, 39, LdrX1X0);
        ulong va = 0x12_3450_0000;
        for (ulong i = 0; i < 16; i++)
            t.Map(va + i * 0x1000, Data + i * 0x1000, 3, KernelData | Contiguous);
        m.Write(Data + 5 * 0x1000 + 8, 8, 5);
        m[0] = va + 5 * 0x1000 + 8;
        m.Run();
        Assert.That(m[1], Is.EqualTo(5UL));
    }

    // ---- PSTATE.PAN across exceptions -------------------------------------------------

    [Test]
    public void ExceptionEntrySavesPanInSpsrAndSetsItWhenSpanIsClear()
    {
        var m = new TestMachine(0xD500419Fu, 0xD4000001u); // msr pan, #1 ; svc #0
        m.Run(2);
        Assert.That(m.State.SpsrEl1 >> 22 & 1, Is.EqualTo(1UL), "SPSR_EL1.PAN");

        var clear = new TestMachine(0xD4000001u); // svc #0
        clear.State.SctlrEl1 &= ~(1UL << 23); // SPAN = 0
        clear.Run();
        Assert.That(clear.State.SpsrEl1 >> 22 & 1, Is.Zero);
        Assert.That(clear.State.Pan, Is.True, "SPAN = 0 sets PAN on entry to EL1");

        var kept = new TestMachine(0xD4000001u); // svc #0 (SPAN = 1 from reset)
        kept.Run();
        Assert.That(kept.State.Pan, Is.False);
    }

    [Test]
    public void EretRestoresPanFromSpsr()
    {
        var m = new TestMachine(0xD69F03E0u); // eret
        m.State.SpsrEl1 = 1UL << 22 | 0b0101; // EL1h, PAN
        m.State.ElrEl1 = Code + 0x100;
        m.Run();
        Assert.That(m.State.Pan, Is.True);
    }

    [Test]
    public void PanRegisterReadsAndWritesBit22()
    {
        var m = new TestMachine(0xD5184260u, 0xD5384261u); // msr pan, x0 ; mrs x1, pan
        m[0] = ulong.MaxValue;
        m.Run(2);
        Assert.That(m[1], Is.EqualTo(1UL << 22));
        Assert.That(m.State.Pan, Is.True);
    }

    [TestCase(0xD500419Fu)] // msr pan, #1
    [TestCase(0xD5384260u)] // mrs x0, pan
    public void PanIsUndefinedAtEl0(uint insn)
    {
        var m = TestMachine.AtEl0(insn);
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(Vectors + 0x400));
        Assert.That(m.Ec, Is.EqualTo(ExceptionClass.Unknown));
    }
}
