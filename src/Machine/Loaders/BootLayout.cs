namespace Emulator.Machine.Loaders;

/// <summary>Where the boot blobs go: the DTB and the initrd, both high in RAM.</summary>
public readonly record struct BootLayout(ulong DtbAddress, ulong InitrdStart, ulong InitrdEnd)
{
    /// <summary>booting.rst: the DTB is at most 2 MiB and sits on an 8-byte boundary.</summary>
    public const ulong MaxDtbSize = 2 << 20;
    public const ulong DtbAlignment = 2 << 20;
    public const ulong InitrdAlignment = 4096;

    /// <summary>
    /// Puts the DTB at the start of the highest 2 MiB block of RAM that holds it whole (so no
    /// other data shares its 2 MiB region, as booting.rst advises), and the initrd just below
    /// it, page aligned. Both must stay above the image's footprint; if RAM is too small for
    /// that, a <see cref="LoaderException"/> says what did not fit.
    /// </summary>
    public static BootLayout Place(ulong ramBase, ulong ramSize, LoadedImage image, ulong dtbSize, ulong initrdSize = 0)
    {
        if (dtbSize == 0 || dtbSize > MaxDtbSize)
            throw new LoaderException($"device tree of 0x{dtbSize:X} bytes is empty or larger than 2 MiB");
        ulong ramEnd = ramBase + ramSize;
        if (ramSize < dtbSize || ramEnd < ramBase)
            throw new LoaderException($"RAM of 0x{ramSize:X} bytes cannot hold the device tree");
        ulong dtb = (ramEnd - dtbSize) & ~(DtbAlignment - 1);
        ulong initrdEnd = dtb, initrdStart = dtb;
        if (initrdSize > 0)
        {
            if (initrdSize > dtb - ramBase)
                throw new LoaderException($"RAM [0x{ramBase:X}, 0x{ramEnd:X}) is too small for an initrd of 0x{initrdSize:X} bytes");
            initrdStart = (dtb - initrdSize) & ~(InitrdAlignment - 1);
            initrdEnd = initrdStart + initrdSize;
        }
        ulong lowest = initrdSize > 0 ? initrdStart : dtb;
        if (dtb < ramBase || lowest < image.FootprintEnd && image.FootprintStart < dtb + dtbSize)
            throw new LoaderException(
                $"RAM [0x{ramBase:X}, 0x{ramEnd:X}) is too small: the image uses up to 0x{image.FootprintEnd:X}, " +
                $"the device tree{(initrdSize > 0 ? " and initrd" : "")} would start at 0x{lowest:X}");
        return new BootLayout(dtb, initrdStart, initrdEnd);
    }
}
