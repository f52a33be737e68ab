using System.Buffers.Binary;
using ELFSharp.ELF;
using ELFSharp.ELF.Segments;
using Emulator.Interconnect;

namespace Emulator.Machine.Loaders;

/// <summary>
/// Loads a 64-bit little-endian AArch64 ELF executable: every PT_LOAD segment is copied
/// to its physical address (p_paddr, the MMU being off at boot) and the rest of its memory
/// size (bss) is zero-filled. The header and program headers are checked here before
/// ELFSharp parses them, so a malformed file becomes one clear <see cref="LoaderException"/>.
/// </summary>
public static class ElfLoader
{
    const ushort EM_AARCH64 = 183;
    const int Elf64HeaderSize = 64;
    const int Elf64PhdrSize = 56;

    /// <summary>Room assumed above the highest segment for a stack the linker script places past _end.</summary>
    public const ulong StackMargin = 2 << 20;

    public static bool IsElf(ReadOnlySpan<byte> file) =>
        file.Length >= 4 && file[0] == 0x7F && file[1] == (byte)'E' && file[2] == (byte)'L' && file[3] == (byte)'F';

    public static LoadedImage Load(Bus bus, byte[] file, string name = "ELF file")
    {
        CheckHeader(file, name);
        ELF<ulong> elf;
        try
        {
            using var stream = new MemoryStream(file, writable: false);
            if (!ELFReader.TryLoad(stream, false, out elf!))
                throw new LoaderException($"{name}: not a readable ELF file");
        }
        catch (LoaderException) { throw; }
        catch (Exception e)
        {
            throw new LoaderException($"{name}: malformed ELF file ({e.GetType().Name}: {e.Message.Split('\n')[0].Trim()})");
        }

        using (elf)
        {
            var loads = elf.Segments.Where(s => s.Type == SegmentType.Load && s.Size > 0).ToList();
            if (loads.Count == 0)
                throw new LoaderException($"{name}: ELF file has no PT_LOAD segment");
            ulong low = ulong.MaxValue, high = 0;
            ulong entry = elf.EntryPoint, physicalEntry = entry;
            bool entryInSegment = false;
            foreach (Segment<ulong> s in loads)
            {
                ulong start = s.PhysicalAddress, size = s.Size;
                if ((ulong)s.FileSize > size)
                    throw new LoaderException($"{name}: segment at 0x{start:X} has file size 0x{s.FileSize:X} larger than its memory size 0x{size:X}");
                if ((ulong)s.Offset + (ulong)s.FileSize > (ulong)file.Length)
                    throw new LoaderException($"{name}: segment at 0x{start:X} runs past the end of the file (truncated?)");
                if (start + size < start || bus.RamAt(start, 1) is not { } ram || start + size > ram.End)
                    throw new LoaderException($"{name}: segment [0x{start:X}, 0x{start + size:X}) is not inside RAM");
                low = Math.Min(low, start);
                high = Math.Max(high, start + size);
                if (entry - s.Address < size)
                {
                    physicalEntry = entry - s.Address + start;
                    entryInSegment = true;
                }
            }
            if (!entryInSegment)
                throw new LoaderException($"{name}: entry point 0x{entry:X} is outside every PT_LOAD segment");
            foreach (Segment<ulong> s in loads)
            {
                bus.LoadBytes(s.PhysicalAddress, file.AsSpan((int)s.Offset, (int)s.FileSize));
                ulong bss = s.Size - (ulong)s.FileSize;
                for (ulong at = s.PhysicalAddress + (ulong)s.FileSize; bss > 0;)
                {
                    int chunk = (int)Math.Min(bss, 1 << 20);
                    bus.LoadBytes(at, new byte[chunk]);
                    at += (ulong)chunk;
                    bss -= (ulong)chunk;
                }
            }
            return new LoadedImage(ImageKind.Elf, physicalEntry, low, high + StackMargin);
        }
    }

    /// <summary>Validates e_ident, the type, machine and the program header table's bounds.</summary>
    static void CheckHeader(byte[] file, string name)
    {
        if (!IsElf(file))
            throw new LoaderException($"{name}: not an ELF file (no \\x7FELF magic)");
        if (file.Length < 16)
            throw new LoaderException($"{name}: truncated ELF header ({file.Length} bytes)");
        if (file[4] == 1)
            throw new LoaderException($"{name}: 32-bit ELF (ELFCLASS32); an AArch64 ELFCLASS64 file is needed");
        if (file[4] != 2)
            throw new LoaderException($"{name}: unknown ELF class {file[4]}");
        if (file[5] != 1)
            throw new LoaderException($"{name}: big-endian or unknown ELF data encoding {file[5]}; little-endian is needed");
        if (file.Length < Elf64HeaderSize)
            throw new LoaderException($"{name}: truncated ELF header ({file.Length} bytes, need {Elf64HeaderSize})");
        ReadOnlySpan<byte> h = file;
        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(h[16..]);
        ushort machine = BinaryPrimitives.ReadUInt16LittleEndian(h[18..]);
        if (machine != EM_AARCH64)
            throw new LoaderException($"{name}: ELF machine {machine} is not AArch64 (183)");
        if (type != 2)
            throw new LoaderException($"{name}: ELF type {type} is not an executable (ET_EXEC)");
        ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(h[32..]);
        ushort phentsize = BinaryPrimitives.ReadUInt16LittleEndian(h[54..]);
        ushort phnum = BinaryPrimitives.ReadUInt16LittleEndian(h[56..]);
        if (phnum == 0)
            throw new LoaderException($"{name}: ELF file has no program headers");
        if (phentsize != Elf64PhdrSize)
            throw new LoaderException($"{name}: ELF program header size {phentsize} is not {Elf64PhdrSize}");
        if (phoff > (ulong)file.Length || (ulong)phnum * Elf64PhdrSize > (ulong)file.Length - phoff)
            throw new LoaderException($"{name}: program header table runs past the end of the file (truncated?)");
        ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(h[40..]);
        ushort shentsize = BinaryPrimitives.ReadUInt16LittleEndian(h[58..]);
        ushort shnum = BinaryPrimitives.ReadUInt16LittleEndian(h[60..]);
        if (shnum != 0 && (shoff > (ulong)file.Length || (ulong)shnum * shentsize > (ulong)file.Length - shoff))
            throw new LoaderException($"{name}: section header table runs past the end of the file (truncated?)");
    }
}
