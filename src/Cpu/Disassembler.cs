using Emulator.Cpu.Decoder;
using Gee.External.Capstone.Arm64;

namespace Emulator.Cpu;

/// <summary>
/// Turns instruction words into assembly text for traces, through Capstone (the ARM64
/// disassembler that the Gee.External.Capstone package ships). Each instance owns one
/// native Capstone handle, which is not thread-safe: use one instance per thread, and
/// dispose of it.
/// <para>
/// The Capstone shipped with the package is 4.0, which predates Armv8.1: it rejects the
/// LSE atomics (CAS, LDADD, SWP...) and LDAPR that this CPU implements. A word Capstone
/// rejects is printed as <c>.word 0x...</c>, followed by the title of our decoder's row
/// when our decoder accepts it, so such instructions are still named in a trace.
/// </para>
/// </summary>
public sealed class Disassembler : IDisposable
{
    readonly CapstoneArm64Disassembler capstone;
    readonly A64Decoder decoder;
    readonly byte[] buffer = new byte[4];

    public Disassembler(A64Decoder? decoder = null)
    {
        this.decoder = decoder ?? A64Decoder.Instance;
        capstone = new CapstoneArm64Disassembler(Arm64DisassembleMode.LittleEndian)
        {
            EnableInstructionDetails = false,
        };
    }

    /// <summary>The version of the native Capstone library, e.g. "4.0".</summary>
    public static string CapstoneVersion => Gee.External.Capstone.CapstoneDisassembler.Version.ToString();

    /// <summary>
    /// The assembly text of one instruction at <paramref name="address"/> (which matters for
    /// PC-relative operands), e.g. "add x0, x1, x2" or "b #0x40001000"; for a word Capstone
    /// cannot decode, ".word 0x0000dead", with our decoder's name for it appended if it has one.
    /// </summary>
    public string Disassemble(uint word, ulong address = 0)
    {
        if (TryDisassemble(word, address, out string? text))
            return text;
        DecodedInsn ours = decoder.Decode(word);
        return ours.Op == Op.Unallocated
            ? $".word 0x{word:x8}"
            : $".word 0x{word:x8} ; {decoder.RowOf(ours.Op).Title}";
    }

    /// <summary>Capstone's text for a word, or false when Capstone does not decode it.</summary>
    public bool TryDisassemble(uint word, ulong address, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? text)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(buffer, word);
        Arm64Instruction[] decoded = capstone.Disassemble(buffer, unchecked((long)address), 1);
        if (decoded.Length == 0)
        {
            text = null;
            return false;
        }
        Arm64Instruction insn = decoded[0];
        text = string.IsNullOrEmpty(insn.Operand) ? insn.Mnemonic : $"{insn.Mnemonic} {insn.Operand}";
        return true;
    }

    bool disposed;

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        capstone.Dispose();
    }
}
