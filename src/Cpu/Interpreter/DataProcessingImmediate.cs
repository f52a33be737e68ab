using System.Runtime.CompilerServices;
using Emulator.Cpu.Decoder;
using Emulator.Interconnect;

namespace Emulator.Cpu;

/// <summary>Handlers of the "Data processing -- immediate" group (rows in Decoder/Table/DataProcessingImmediate.cs).</summary>
public static class DataProcessingImmediate
{
    static readonly BitField Sf = new(31, 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static bool Is64(in DecodedInsn di) => (int)di.Raw < 0;

    public static void ADD_imm(Processor cpu, in DecodedInsn di)
    {
        ulong result = cpu.Xr(di.Rn) + di.Imm;
        cpu.SetX(di.Rd, Is64(di) ? result : (uint)result);
    }

    public static void ADDS_imm(Processor cpu, in DecodedInsn di)
    {
        uint nzcv;
        if (Is64(di)) cpu.SetX(di.Rd, Alu.AddWithCarry64(cpu.Xr(di.Rn), di.Imm, 0, out nzcv));
        else cpu.SetW(di.Rd, Alu.AddWithCarry32(cpu.Wr(di.Rn), (uint)di.Imm, 0, out nzcv));
        cpu.Nzcv = nzcv;
    }

    public static void SUB_imm(Processor cpu, in DecodedInsn di)
    {
        ulong result = cpu.Xr(di.Rn) - di.Imm;
        cpu.SetX(di.Rd, Is64(di) ? result : (uint)result);
    }

    public static void SUBS_imm(Processor cpu, in DecodedInsn di)
    {
        uint nzcv;
        if (Is64(di)) cpu.SetX(di.Rd, Alu.AddWithCarry64(cpu.Xr(di.Rn), ~di.Imm, 1, out nzcv));
        else cpu.SetW(di.Rd, Alu.AddWithCarry32(cpu.Wr(di.Rn), ~(uint)di.Imm, 1, out nzcv));
        cpu.Nzcv = nzcv;
    }

    public static void MOVZ(Processor cpu, in DecodedInsn di) => cpu.SetX(di.Rd, di.Imm);
}
