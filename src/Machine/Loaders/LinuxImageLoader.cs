using System.Buffers.Binary;
using Emulator.Interconnect;

namespace Emulator.Machine.Loaders;

/// <summary>The 64-byte header of an arm64 Linux Image (Documentation/arch/arm64/booting.rst).</summary>
public readonly record struct LinuxImageHeader(ulong TextOffset, ulong ImageSize, ulong Flags)
{
    public const int Size = 64;
    /// <summary>"ARM\x64", little-endian, at offset 56.</summary>
    public const uint Magic = 0x644D5241;
    /// <summary>Kernels before 3.17 leave image_size zero; their text_offset is then 0x80000.</summary>
    public const ulong LegacyTextOffset = 0x80000;

    /// <summary>flags bit 0: kernel endianness, 1 = big-endian.</summary>
    public bool BigEndian => (Flags & 1) != 0;
    /// <summary>flags bits 2:1: kernel page size (0 unspecified, 1 4K, 2 16K, 3 64K).</summary>
    public int PageSizeCode => (int)(Flags >> 1) & 3;
    /// <summary>flags bit 3: 1 = the 2 MiB aligned base may be anywhere in physical memory.</summary>
    public bool PlaceAnywhere => (Flags & 8) != 0;
}

/// <summary>
/// Loads an arm64 Linux Image: at text_offset above a 2 MiB aligned base, the lowest such
/// base in RAM (booting.rst asks for a base as close as possible to the start of DRAM when
/// flags bit 3 is clear, and allows it anywhere when set, so the lowest always works).
/// image_size, which includes bss, is the footprint the DTB and initrd must avoid.
/// </summary>
public static class LinuxImageLoader
{
    public const ulong BaseAlignment = 2 << 20;

    /// <summary>For a pre-3.17 Image (image_size 0), the footprint assumed past the end of the file.</summary>
    public const ulong LegacyMargin = 32 << 20;

    public static bool IsImage(ReadOnlySpan<byte> file) =>
        file.Length >= LinuxImageHeader.Size && BinaryPrimitives.ReadUInt32LittleEndian(file[56..]) == LinuxImageHeader.Magic;

    public static LinuxImageHeader ParseHeader(ReadOnlySpan<byte> file, string name = "Image")
    {
        if (file.Length < LinuxImageHeader.Size)
            throw new LoaderException($"{name}: {file.Length} bytes is too short for an arm64 Image header ({LinuxImageHeader.Size} bytes)");
        if (!IsImage(file))
            throw new LoaderException($"{name}: no arm64 Image magic \"ARM\\x64\" at offset 56");
        return new LinuxImageHeader(
            BinaryPrimitives.ReadUInt64LittleEndian(file[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(file[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(file[24..]));
    }

    public static LoadedImage Load(Bus bus, byte[] file, Ram ram, string name = "Image")
    {
        LinuxImageHeader header = ParseHeader(file, name);
        if (header.BigEndian)
            throw new LoaderException($"{name}: big-endian kernel (Image flags bit 0); only little-endian kernels are supported");
        ulong textOffset = header.ImageSize == 0 ? LinuxImageHeader.LegacyTextOffset : header.TextOffset;
        ulong footprint = header.ImageSize == 0 ? (ulong)file.Length + LegacyMargin : header.ImageSize;
        if (footprint < (ulong)file.Length)
            throw new LoaderException($"{name}: image_size 0x{header.ImageSize:X} is smaller than the file (0x{file.Length:X} bytes)");
        if (textOffset >= 1UL << 40)
            throw new LoaderException($"{name}: text_offset 0x{textOffset:X} is implausible");
        ulong baseAddress = (ram.Base + BaseAlignment - 1) & ~(BaseAlignment - 1);
        ulong start = baseAddress + textOffset;
        if (start < ram.Base || start + footprint > ram.End || start + footprint < start)
            throw new LoaderException(
                $"{name}: RAM [0x{ram.Base:X}, 0x{ram.End:X}) is too small for the kernel at 0x{start:X} with image_size 0x{footprint:X}");
        bus.LoadBytes(start, file);
        return new LoadedImage(ImageKind.LinuxImage, start, start, start + footprint);
    }
}
