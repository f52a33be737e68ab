using Emulator.Cpu;
using static Emulator.Tests.Cpu.Mmu.PageTables;

namespace Emulator.Tests.Cpu.Mmu;

/// <summary>
/// The fault status codes of the walk at every level of every granule and input size:
/// an invalid descriptor at each level (Translation fault, level n), a clear Access flag
/// at each level where a leaf may be (Access flag fault, level n), for data accesses
/// (DFSC) and fetches (IFSC), with FAR_EL1 the faulting address.
/// </summary>
public sealed class FaultLevelTests
{
    const uint LdrX1X0 = 0xF9400001u; // ldr x1, [x0]
    const uint BrX0 = 0xD61F0000u;    // br x0

    static string Name(int granule, int bits) => $"{1 << (granule - 10)}KB granule, {bits}-bit VA";

    static ulong VaFor(int bits) => bits == 48 ? 0xFEDC_8000_0000UL : 0x5E_8000_0000UL;

    static IEnumerable<TestCaseData> Levels()
    {
        foreach (int granule in new[] { 12, 14, 16 })
            foreach (int bits in new[] { 39, 48 })
                for (int level = PageTables.StartLevelFor(granule, bits); level <= 3; level++)
                    yield return new TestCaseData(granule, bits, level).SetName($"{Name(granule, bits)}, level {level}");
    }

    /// <summary>Levels where a leaf may be: 3 (page) and the block levels (4KB: 1 and 2; 16KB and 64KB: 2).</summary>
    static IEnumerable<TestCaseData> LeafLevels()
    {
        foreach (TestCaseData data in Levels())
        {
            int granule = (int)data.Arguments[0]!, level = (int)data.Arguments[2]!;
            if (level == 3 || level == 2 || (level == 1 && granule == 12)) yield return data;
        }
    }

    [TestCaseSource(nameof(Levels))]
    public void AnInvalidDescriptorIsATranslationFaultAtItsLevel(int granule, int bits, int level)
    {
        var (m, t) = TranslationTests.Machine(granule, bits, LdrX1X0);
        ulong va = VaFor(bits);
        t.Map(va, Data, 3, KernelData);
        t.Write(t.DescriptorAddress(va, level), 0);
        m[0] = va + 0x28;
        m.Run();
        TranslationTests.AssertDataAbort(m, 0b000100u | (uint)level, write: false, far: va + 0x28);
    }

    const ulong Data = TestMachine.DataBase;

    [TestCaseSource(nameof(LeafLevels))]
    public void AClearAccessFlagIsAnAccessFlagFaultAtItsLevel(int granule, int bits, int level)
    {
        var (m, t) = TranslationTests.Machine(granule, bits, LdrX1X0);
        ulong va = VaFor(bits) & ~(t.SizeAt(level) - 1);
        t.Map(va, level == 3 ? Data : 0, level, KernelData & ~Af);
        m[0] = va + 0x30;
        m.Run();
        TranslationTests.AssertDataAbort(m, 0b001000u | (uint)level, write: false, far: va + 0x30);
    }

    [TestCaseSource(nameof(LeafLevels))]
    public void AFetchWithTheAccessFlagClearIsAnInstructionAbort(int granule, int bits, int level)
    {
        var (m, t) = TranslationTests.Machine(granule, bits, BrX0);
        ulong va = VaFor(bits) & ~(t.SizeAt(level) - 1);
        t.Map(va, level == 3 ? Data : 0, level, (KernelData | ApEl1ReadOnly) & ~Af);
        m[0] = va + 0x40;
        m.Run(2);
        Assert.That(m.Ec, Is.EqualTo(ExceptionClass.InstructionAbortSameEl));
        Assert.That((uint)m.State.EsrEl1, Is.EqualTo(0x21u << 26 | 1u << 25 | 0b001000u | (uint)level), "ESR_EL1 with IFSC");
        Assert.That(m.State.FarEl1, Is.EqualTo(va + 0x40));
        Assert.That(m.State.ElrEl1, Is.EqualTo(va + 0x40));
    }

    [TestCaseSource(nameof(Levels))]
    public void AFetchFromAnInvalidDescriptorIsATranslationFaultAtItsLevel(int granule, int bits, int level)
    {
        var (m, t) = TranslationTests.Machine(granule, bits, BrX0);
        ulong va = VaFor(bits);
        t.Map(va, Data, 3, KernelData | ApEl1ReadOnly);
        t.Write(t.DescriptorAddress(va, level), 0);
        m[0] = va + 0x4;
        m.Run(2);
        Assert.That((uint)m.State.EsrEl1, Is.EqualTo(0x21u << 26 | 1u << 25 | 0b000100u | (uint)level), "ESR_EL1 with IFSC");
        Assert.That(m.State.FarEl1, Is.EqualTo(va + 0x4));
    }
}
