using static Emulator.Tests.Cpu.Mmu.PageTables;

namespace Emulator.Tests.Cpu.Mmu;

/// <summary>
/// Decoded code follows the physical page, not the VA: a store through a writable alias
/// of a code page (as a kernel patches its text through the linear map) is seen by the
/// next fetch through the executable mapping.
/// </summary>
public sealed class CodeAliasTests
{
    const ulong ExecVa = 0x12_3456_7000, WriteVa = 0x12_3457_8000;
    const uint MovX1_1 = 0xD2800021u, MovX1_2 = 0xD2800041u; // mov x1, #1 / #2

    [Test]
    public void AStoreThroughAWritableAliasIsSeenByTheNextFetch()
    {
        var (m, t) = TranslationTests.Machine(12, 39,
            0xB9000083u,  // str w3, [x4]
            0xD61F0000u); // br x0
        t.Map(ExecVa, TestMachine.DataBase, 3, Af | InnerShareable | Normal | ApEl1ReadOnly);
        t.Map(WriteVa, TestMachine.DataBase, 3, KernelData | Pxn | Uxn);
        m.Load(TestMachine.DataBase, MovX1_1, 0xD61F0040u); // mov x1, #1 ; br x2
        m[0] = ExecVa;
        m[2] = TestMachine.CodeBase;
        m[4] = WriteVa;

        m[3] = MovX1_1;
        m.Run(4);
        Assert.That(m[1], Is.EqualTo(1UL));
        Assert.That(m.State.PC, Is.EqualTo(TestMachine.CodeBase));

        m[3] = MovX1_2;
        m.Run(4);
        Assert.That(m[1], Is.EqualTo(2UL), "the rewritten instruction, not the decoded one");
    }
}
