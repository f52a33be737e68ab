using Emulator.Cpu;
using Emulator.Cpu.Decoder;

namespace Emulator.Tests.Cpu;

/// <summary>
/// The trace disassembler. Expected texts are Capstone's spelling of encodings that GNU
/// as/objdump (an independent reference) produce for the same source lines.
/// </summary>
public class DisassemblerTests
{
    Disassembler dis = null!;

    [SetUp]
    public void SetUp() => dis = new Disassembler();

    [TearDown]
    public void TearDown() => dis.Dispose();

    [TestCase(0x8B020020u, "add x0, x1, x2")]          // add x0, x1, x2
    [TestCase(0xAA0103E0u, "mov x0, x1")]              // mov x0, x1 (orr x0, xzr, x1)
    [TestCase(0xF8408C20u, "ldr x0, [x1, #8]!")]       // ldr x0, [x1, #8]!
    [TestCase(0xD65F03C0u, "ret")]                     // ret
    [TestCase(0x9AC25C20u, "crc32cx w0, w1, x2")]      // crc32cx w0, w1, x2
    [TestCase(0x1E622820u, "fadd d0, d1, d2")]         // fadd d0, d1, d2
    [TestCase(0xD503201Fu, "nop")]                     // nop
    public void DisassemblesLikeTheAssembler(uint word, string text) =>
        Assert.That(dis.Disassemble(word), Is.EqualTo(text));

    [TestCase(0x14000010u, 0x4000_1000UL, "b #0x40001040")]       // b .+0x40
    [TestCase(0x97FFFFFFu, 0x4000_1000UL, "bl #0x40000ffc")]      // bl .-4
    [TestCase(0x54000040u, 0x4000_1000UL, "b.eq #0x40001008")]    // b.eq .+8
    [TestCase(0xB4FFFFE0u, 0x4000_1000UL, "cbz x0, #0x40000ffc")] // cbz x0, .-4
    [TestCase(0x90000000u, 0x4000_1234UL, "adrp x0, #0x40001000")] // adrp x0, . (page of the instruction)
    public void PcRelativeTargetsUseTheAddress(uint word, ulong address, string text) =>
        Assert.That(dis.Disassemble(word, address), Is.EqualTo(text));

    [TestCase(0x00000000u, ".word 0x00000000")] // udf #0: permanently undefined
    [TestCase(0xFFFFFFFFu, ".word 0xffffffff")]
    public void InvalidWordsAreShownAsData(uint word, string text)
    {
        // A decoder without rows, so that only Capstone's opinion shows.
        using var capstoneOnly = new Disassembler(new A64Decoder([]));
        Assert.That(capstoneOnly.Disassemble(word), Is.EqualTo(text));
        Assert.That(capstoneOnly.TryDisassemble(word, 0, out string? none), Is.False);
        Assert.That(none, Is.Null);
    }

    [Test]
    public void WordsCapstoneDoesNotKnowAreNamedByOurDecoder()
    {
        // Capstone 4 predates Armv8.1, so it rejects casal x0, x1, [x2] (0xC8E0FC41); a
        // decoder with a row for it lends the row's title to the trace.
        var decoder = new A64Decoder([new Row(Op.ADD_imm, "CASAL (test row)", "11001000111sssss111111nnnnnttttt")]);
        using var withRow = new Disassembler(decoder);
        Assert.That(withRow.Disassemble(0xC8E0FC41u), Is.EqualTo(".word 0xc8e0fc41 ; CASAL (test row)"));
        Assert.That(withRow.Disassemble(0xC8E0FC40u), Is.EqualTo(".word 0xc8e0fc40 ; CASAL (test row)"));
        Assert.That(withRow.Disassemble(0x00000000u), Is.EqualTo(".word 0x00000000"));
    }

    [Test]
    public void InstancesAreIndependent()
    {
        using var other = new Disassembler();
        Assert.That(other.Disassemble(0x8B020020u), Is.EqualTo("add x0, x1, x2"));
        other.Dispose();
        // Disposing one instance leaves the other's Capstone handle alive.
        Assert.That(dis.Disassemble(0xCB020020u), Is.EqualTo("sub x0, x1, x2")); // sub x0, x1, x2
        Assert.Throws<ObjectDisposedException>(() => other.Disassemble(0x8B020020u));
    }

    [Test]
    public void ReportsTheCapstoneVersionItWasBuiltAgainst() =>
        Assert.That(Disassembler.CapstoneVersion, Does.StartWith("4."));
}
