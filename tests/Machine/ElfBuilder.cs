using System.Buffers.Binary;

namespace Emulator.Tests.Machine;

/// <summary>
/// Writes minimal ELF64 executables byte by byte (System V gABI layout), so loader tests
/// can make well-formed and deliberately broken files without a toolchain.
/// </summary>
public sealed class ElfBuilder
{
    public sealed record Segment(ulong VirtualAddress, ulong PhysicalAddress, byte[] Data, ulong MemorySize, uint Type = 1);

    public List<Segment> Segments { get; } = [];
    public ulong Entry { get; set; }
    public ushort Machine { get; set; } = 183;
    public ushort Type { get; set; } = 2;
    public byte Class { get; set; } = 2;
    public byte Data { get; set; } = 1;

    public ElfBuilder Load(ulong address, byte[] data, ulong? memorySize = null, ulong? physical = null)
    {
        Segments.Add(new Segment(address, physical ?? address, data, memorySize ?? (ulong)data.Length));
        return this;
    }

    public byte[] Build()
    {
        const int ehsize = 64, phentsize = 56;
        int phoff = ehsize;
        int dataOffset = phoff + phentsize * Segments.Count;
        // A section header table as toolchains write it: the null section and .shstrtab
        // (ELFSharp reads the section string table even when only segments matter).
        byte[] shstrtab = "\0.shstrtab\0"u8.ToArray();
        int shstrtabOffset = dataOffset + Segments.Sum(s => s.Data.Length);
        int shoff = (shstrtabOffset + shstrtab.Length + 7) & ~7;
        const int shentsize = 64;
        int total = shoff + 2 * shentsize;
        var file = new byte[total];
        Span<byte> f = file;
        f[0] = 0x7F; f[1] = (byte)'E'; f[2] = (byte)'L'; f[3] = (byte)'F';
        f[4] = Class; f[5] = Data; f[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(f[16..], Type);
        BinaryPrimitives.WriteUInt16LittleEndian(f[18..], Machine);
        BinaryPrimitives.WriteUInt32LittleEndian(f[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(f[24..], Entry);
        BinaryPrimitives.WriteUInt64LittleEndian(f[32..], (ulong)phoff);
        BinaryPrimitives.WriteUInt64LittleEndian(f[40..], (ulong)shoff);
        BinaryPrimitives.WriteUInt16LittleEndian(f[52..], ehsize);
        BinaryPrimitives.WriteUInt16LittleEndian(f[54..], phentsize);
        BinaryPrimitives.WriteUInt16LittleEndian(f[56..], (ushort)Segments.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(f[58..], shentsize);
        BinaryPrimitives.WriteUInt16LittleEndian(f[60..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(f[62..], 1);
        shstrtab.CopyTo(f[shstrtabOffset..]);
        Span<byte> sh = f[(shoff + shentsize)..];
        BinaryPrimitives.WriteUInt32LittleEndian(sh, 1);      // sh_name ".shstrtab"
        BinaryPrimitives.WriteUInt32LittleEndian(sh[4..], 3); // SHT_STRTAB
        BinaryPrimitives.WriteUInt64LittleEndian(sh[24..], (ulong)shstrtabOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(sh[32..], (ulong)shstrtab.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(sh[48..], 1);
        int offset = dataOffset;
        for (int i = 0; i < Segments.Count; i++)
        {
            Segment s = Segments[i];
            Span<byte> ph = f[(phoff + i * phentsize)..];
            BinaryPrimitives.WriteUInt32LittleEndian(ph, s.Type);
            BinaryPrimitives.WriteUInt32LittleEndian(ph[4..], 5); // R+X
            BinaryPrimitives.WriteUInt64LittleEndian(ph[8..], (ulong)offset);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[16..], s.VirtualAddress);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[24..], s.PhysicalAddress);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[32..], (ulong)s.Data.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[40..], s.MemorySize);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[48..], 4);
            s.Data.CopyTo(f[offset..]);
            offset += s.Data.Length;
        }
        return file;
    }
}
