using Emulator.Interconnect;

namespace Emulator.Machine.Loaders;

/// <summary>
/// Picks the loader from the file's content: an ELF by its magic; with an explicit load
/// address, a raw binary (an Image too may be loaded that way); an arm64 Linux Image by
/// "ARM\x64" at offset 56; anything else needs the explicit load address
/// (without one the file is refused, so that a wrong file, a text file for instance, is
/// not run as code).
/// </summary>
public static class ImageLoader
{
    public static LoadedImage Load(Bus bus, Ram ram, byte[] file, string name, ulong? rawLoadAddress = null)
    {
        if (ElfLoader.IsElf(file))
            return rawLoadAddress is null ? ElfLoader.Load(bus, file, name)
                : throw new LoaderException($"{name}: an ELF file says where it loads; --load-addr is for raw binaries");
        if (rawLoadAddress is { } address)
            return RawLoader.Load(bus, file, address, name);
        if (LinuxImageLoader.IsImage(file))
            return LinuxImageLoader.Load(bus, file, ram, name);
        throw new LoaderException(
            $"{name}: neither an ELF file nor an arm64 Linux Image; give --load-addr to load it as a raw binary");
    }

    public static LoadedImage LoadFile(Bus bus, Ram ram, string path, ulong? rawLoadAddress = null)
    {
        byte[] file;
        try
        {
            file = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new LoaderException($"{path}: cannot read the file ({e.Message.Split('\n')[0].Trim()})");
        }
        return Load(bus, ram, file, path, rawLoadAddress);
    }
}
