using Emulator.Interconnect;

namespace Emulator.Machine.Loaders;

/// <summary>
/// Loads a raw binary at a given address and enters it there. Its bss and stack do not
/// show in the file, so the footprint kept clear of the DTB and initrd extends
/// <see cref="Margin"/> past the file's end.
/// </summary>
public static class RawLoader
{
    public const ulong Margin = 16 << 20;

    public static LoadedImage Load(Bus bus, byte[] file, ulong loadAddress, string name = "raw image")
    {
        if (file.Length == 0)
            throw new LoaderException($"{name}: the file is empty");
        if (loadAddress % 4 != 0)
            throw new LoaderException($"{name}: load address 0x{loadAddress:X} is not 4-byte aligned");
        ulong end = loadAddress + (ulong)file.Length;
        if (end < loadAddress || bus.RamAt(loadAddress, 1) is not { } ram || end > ram.End)
            throw new LoaderException($"{name}: [0x{loadAddress:X}, 0x{end:X}) is not inside RAM");
        bus.LoadBytes(loadAddress, file);
        return new LoadedImage(ImageKind.Raw, loadAddress, loadAddress, end + Margin);
    }
}
