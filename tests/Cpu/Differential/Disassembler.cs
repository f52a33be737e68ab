using System.Runtime.InteropServices;

namespace Emulator.Tests.Cpu.Differential;

/// <summary>
/// Disassembly for mismatch reports, from the system's Capstone 4 (libcapstone.so.4). Only
/// used when something is reported, so it opens a handle per call; without the library
/// it says so instead of failing the report.
/// </summary>
public static unsafe class Disassembler
{
    const string Library = "libcapstone.so.4";
    const int ArchArm64 = 1;        // CS_ARCH_ARM64 in Capstone 4
    const int ModeLittleEndian = 0;
    // cs_insn (Capstone 4): id, address, size, bytes[16], mnemonic[32], op_str[160], detail.
    const int MnemonicOffset = 34, OperandsOffset = 66;

    [DllImport(Library)] static extern int cs_open(int arch, int mode, out nuint handle);
    [DllImport(Library)] static extern int cs_close(ref nuint handle);
    [DllImport(Library)] static extern nuint cs_disasm(nuint handle, byte* code, nuint size, ulong address, nuint count, out IntPtr insn);
    [DllImport(Library)] static extern void cs_free(IntPtr insn, nuint count);

    /// <summary>"mnemonic operands" of one A64 word at <paramref name="address"/>.</summary>
    public static string Disassemble(uint word, ulong address = 0)
    {
        try
        {
            if (cs_open(ArchArm64, ModeLittleEndian, out nuint h) != 0) return "(capstone: cs_open failed)";
            try
            {
                byte* code = stackalloc byte[4];
                *(uint*)code = word;
                if (cs_disasm(h, code, 4, address, 1, out IntPtr insn) == 0) return "(not an instruction to Capstone)";
                string mnemonic = Marshal.PtrToStringUTF8(insn + MnemonicOffset) ?? "";
                string operands = Marshal.PtrToStringUTF8(insn + OperandsOffset) ?? "";
                cs_free(insn, 1);
                return operands.Length == 0 ? mnemonic : $"{mnemonic} {operands}";
            }
            finally
            {
                cs_close(ref h);
            }
        }
        catch (DllNotFoundException)
        {
            return "(no disassembler: libcapstone.so.4 missing)";
        }
    }
}
