using System.Buffers.Binary;
using Emulator.Machine.Board;

namespace Emulator.Tests.Machine;

/// <summary>
/// <c>--trace unimpl</c> (Emulator.Machine.Diagnostics.UnimplementedTrace): each encoding the
/// emulator lacks is told once, in the documented one-line format, and the access still takes
/// the UNDEFINED exception (Arm ARM: EC 0x00, the preferred return address is the instruction).
/// </summary>
public class UnimplementedTraceTests
{
    const ulong Load = 0x4008_0000;

    /// <summary>The program: VBAR_EL1 at +0x800, words and registers the emulator lacks (some twice), then PSCI SYSTEM_OFF.</summary>
    static byte[] Program()
    {
        var code = new byte[0xA10];
        void At(int offset, uint word) => BinaryPrimitives.WriteUInt32LittleEndian(code.AsSpan(offset), word);
        At(0x00, 0x10004001u); // adr x1, #0x800
        At(0x04, 0xD518C001u); // msr vbar_el1, x1
        At(0x08, 0x04000000u); // (SVE: add z0.b, p0/m, z0.b, z0.b): no decoder row
        At(0x0C, 0x04000000u); // the same word again: not told twice
        At(0x10, 0x04A00000u); // (SVE: add z0.s, z0.s, z0.s): a distinct word
        At(0x14, 0xD538F003u); // mrs x3, s3_0_c15_c0_0 (IMPLEMENTATION DEFINED space: no row)
        At(0x18, 0xD518F003u); // msr s3_0_c15_c0_0, x3: a write is told apart from a read
        At(0x1C, 0xD538F003u); // mrs x3, s3_0_c15_c0_0 again: not told twice
        At(0x20, 0xD2B08000u); // mov x0, #0x84000000
        At(0x24, 0xF2800100u); // movk x0, #0x8 (PSCI SYSTEM_OFF)
        At(0x28, 0xD4000002u); // hvc #0
        // Current EL with SP_ELx, synchronous: step over the UNDEFINED word.
        At(0xA00, 0xD5384022u); // mrs x2, elr_el1
        At(0xA04, 0x91001042u); // add x2, x2, #0x4
        At(0xA08, 0xD5184022u); // msr elr_el1, x2
        At(0xA0C, 0xD69F03E0u); // eret
        return code;
    }

    [Test]
    public void EachMissingEncodingIsToldOnceAndStillUndefined()
    {
        var lines = new List<string>();
        var board = new Board { Kernel = Program(), LoadAddress = Load, RamSize = 64 << 20, UnimplementedTrace = lines.Add };
        board.FinalizeBoard();
        board.Run(10_000);

        Assert.That(board.ExitStatus, Is.EqualTo(0), "the handler stepped over each UNDEFINED word and reached SYSTEM_OFF");
        Assert.That(lines, Is.EqualTo(new[]
        {
            $"unimpl insn 0x04000000 at 0x{Load + 0x08:x} cpu 0 EL1: no decoder row",
            $"unimpl insn 0x04a00000 at 0x{Load + 0x10:x} cpu 0 EL1: no decoder row",
            $"unimpl sysreg read S3_0_C15_C0_0 at 0x{Load + 0x14:x} cpu 0 EL1",
            $"unimpl sysreg write S3_0_C15_C0_0 at 0x{Load + 0x18:x} cpu 0 EL1",
        }));
        // The last exception was the last MRS's: Unknown reason (EC 0), IL = 1.
        Assert.That(board.Cpus[0].State.EsrEl1, Is.EqualTo(1UL << 25));
    }
}
