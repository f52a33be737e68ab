using Emulator.Cpu;

namespace Emulator.Machine.Diagnostics;

/// <summary>
/// <c>--trace unimpl</c>: tells, once per distinct encoding, each system register and each
/// instruction word that the guest touched and the emulator lacks, so that a kernel's boot
/// shows what to implement next. One line each, in a format that scripts may rely on:
/// <code>
/// unimpl sysreg read S3_0_C0_C4_4 (id_aa64zfr0_el1) at 0xffff800008012340 cpu 0 EL1
/// unimpl sysreg write S3_0_C15_C2_1 at 0x40201000 cpu 1 EL1
/// unimpl insn 0x0e205800 (cnt v0.8b, v0.8b) at 0xffff8000080a0000 cpu 0 EL1: no decoder row
/// unimpl insn 0x1e270000 (fmov s0, w0) at 0x40200010 cpu 0 EL1: row FMOV (general), no handler
/// </code>
/// The address is that of the instruction; the name in parentheses is Capstone's, left out
/// when Capstone has none. Each access still takes the UNDEFINED exception it takes anyway.
/// </summary>
public sealed class UnimplementedTrace(Action<string> write) : IDisposable
{
    readonly HashSet<(bool Instruction, uint Encoding, bool Write)> seen = [];
    // Used only on the thread that runs the CPUs, as Disassembler requires.
    readonly Disassembler disassembler = new();

    /// <summary>An MRS or MSR named an encoding with no row in the CPU's register table.</summary>
    public void SystemRegister(Processor cpu, ushort encoding, bool isWrite)
    {
        if (!seen.Add((false, encoding, isWrite))) return;
        string generic = Cpu.SystemRegister.Format(encoding);
        // The MRS or MSR that names the register: MRS is 0xD5300000 and MSR 0xD5100000 with
        // op0[1] = 1, and the encoding sits in bits 20:5 (op0[1] included, as SystemRegister
        // encodes it).
        uint word = (isWrite ? 0xD5000000u : 0xD5200000u) | ((uint)encoding << 5);
        string? name = null;
        if (disassembler.TryDisassemble(word, 0, out string? text))
        {
            // "mrs x0, midr_el1" or "msr midr_el1, x0": the operand that is not x0.
            string register = text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)
                .Skip(1).FirstOrDefault(o => o != "x0") ?? "";
            if (register.Length > 0 && !register.Equals(generic, StringComparison.OrdinalIgnoreCase))
                name = register;
        }
        write($"unimpl sysreg {(isWrite ? "write" : "read")} {generic}{(name is null ? "" : $" ({name})")} at {Where(cpu)}");
    }

    /// <summary>An instruction word about to be UNDEFINED for want of a decoder row or a handler.</summary>
    public void Instruction(Processor cpu, uint word, bool hasRow)
    {
        if (!seen.Add((true, word, false))) return;
        string text = disassembler.TryDisassemble(word, cpu.InstructionAddress, out string? t) ? $" ({t})" : "";
        string why = hasRow
            ? $"row {Cpu.Decoder.A64Decoder.Instance.RowOf(Cpu.Decoder.A64Decoder.Instance.Decode(word).Op).Title}, no handler"
            : "no decoder row";
        write($"unimpl insn 0x{word:x8}{text} at {Where(cpu)}: {why}");
    }

    static string Where(Processor cpu) => $"0x{cpu.InstructionAddress:x} cpu {cpu.Index} EL{cpu.State.CurrentEl}";

    public void Dispose() => disassembler.Dispose();
}
