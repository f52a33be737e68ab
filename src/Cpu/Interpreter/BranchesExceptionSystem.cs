using Emulator.Cpu.Decoder;

namespace Emulator.Cpu;

/// <summary>Handlers of the "Branches, exception generating and system instructions" group.</summary>
public static class BranchesExceptionSystem
{
    public static void B_uncond(Processor cpu, in DecodedInsn di) => cpu.PC = cpu.InstructionAddress + di.Imm;

    /// <summary>HLT: a semihosting call when the platform serves one; otherwise halting debug is off and HLT is UNDEFINED.</summary>
    public static void HLT(Processor cpu, in DecodedInsn di)
    {
        if (!cpu.Platform.Halt(cpu, (ushort)di.Imm))
            cpu.Undefined();
    }
}
