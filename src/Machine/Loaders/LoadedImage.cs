namespace Emulator.Machine.Loaders;

public enum ImageKind : byte
{
    Elf,
    LinuxImage,
    Raw,
}

/// <summary>
/// What a loader put in RAM: where execution starts, and the footprint the image may use
/// once running ([FootprintStart, FootprintEnd), including bss and any margin reserved for
/// what the file does not show), which the DTB and initrd must stay clear of.
/// </summary>
public sealed record LoadedImage(ImageKind Kind, ulong EntryPoint, ulong FootprintStart, ulong FootprintEnd)
{
    /// <summary>
    /// Linux Image and raw binaries are entered like a kernel (booting.rst: x0 = DTB address,
    /// x1-x3 = 0); an ELF is entered at its entry point, also with x0 = DTB address.
    /// </summary>
    public bool KernelBootProtocol => Kind != ImageKind.Elf;
}
