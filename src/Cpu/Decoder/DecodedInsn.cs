using System.Runtime.InteropServices;

namespace Emulator.Cpu.Decoder;

/// <summary>
/// One instruction as the decoder leaves it: the row it matched, its register fields
/// already mapped to slots of <see cref="CpuState.X"/> (31 is XZR or SP as the row says),
/// and whatever its row's predecoder worked out once so that execution need not
/// (immediates, shift amounts, sizes). Decoded instructions are cached per guest page.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct DecodedInsn
{
    public Op Op;
    /// <summary>Rd or Rt.</summary>
    public byte Rd;
    public byte Rn;
    /// <summary>Rm or Rs.</summary>
    public byte Rm;
    /// <summary>Ra or Rt2.</summary>
    public byte Ra;
    /// <summary>Small predecoded values; their meaning belongs to the row.</summary>
    public byte A, B;
    /// <summary>The instruction word.</summary>
    public uint Raw;
    /// <summary>A predecoded immediate (or other 64-bit value); its meaning belongs to the row.</summary>
    public ulong Imm;
}
