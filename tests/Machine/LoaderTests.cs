using System.Buffers.Binary;
using System.Diagnostics;
using Emulator.Interconnect;
using Emulator.Machine.Loaders;

namespace Emulator.Tests.Machine;

public class LoaderTests
{
    const ulong RamBase = 0x4000_0000;
    const ulong RamSize = 128 << 20;

    Bus bus = null!;
    Ram ram = null!;

    [SetUp]
    public void SetUp()
    {
        bus = new Bus();
        ram = bus.AddRam("ram", RamBase, RamSize);
    }

    static byte[] Pattern(int length, byte seed) => [.. Enumerable.Range(0, length).Select(i => (byte)(seed + i * 7))];

    byte[] RamBytes(ulong address, int length)
    {
        var bytes = new byte[length];
        ram.ReadBytes(address, bytes);
        return bytes;
    }

    static string Error(TestDelegate load)
    {
        var ex = Assert.Throws<LoaderException>(load)!;
        Assert.That(ex.Message, Does.Not.Contain('\n'));
        return ex.Message;
    }

    // ---- ELF ----

    [Test]
    public void ElfSegmentsAreCopiedAndBssZeroFilled()
    {
        // Garbage where bss will go must be cleared by the loader.
        bus.LoadBytes(0x4008_1000, Enumerable.Repeat((byte)0xAA, 0x2000).ToArray());
        byte[] text = Pattern(0x300, 1), data = Pattern(0x40, 9);
        byte[] file = new ElfBuilder { Entry = 0x4008_0010 }
            .Load(0x4008_0000, text)
            .Load(0x4008_1000, data, memorySize: 0x1800)
            .Build();
        LoadedImage image = ElfLoader.Load(bus, file);
        Assert.That(image.Kind, Is.EqualTo(ImageKind.Elf));
        Assert.That(image.EntryPoint, Is.EqualTo(0x4008_0010UL));
        Assert.That(RamBytes(0x4008_0000, text.Length), Is.EqualTo(text));
        Assert.That(RamBytes(0x4008_1000, data.Length), Is.EqualTo(data));
        Assert.That(RamBytes(0x4008_1040, 0x17C0), Is.All.EqualTo((byte)0));
        Assert.That(RamBytes(0x4008_2800, 16), Is.All.EqualTo((byte)0xAA), "past memsz nothing is touched");
        Assert.That(image.FootprintStart, Is.EqualTo(0x4008_0000UL));
        Assert.That(image.FootprintEnd, Is.EqualTo(0x4008_2800UL + ElfLoader.StackMargin));
    }

    [Test]
    public void ElfLoadsAtPhysicalAddressAndTranslatesEntry()
    {
        byte[] file = new ElfBuilder { Entry = 0xFFFF_0000_0000_0008 }
            .Load(0xFFFF_0000_0000_0000, Pattern(16, 3), physical: 0x4020_0000)
            .Build();
        LoadedImage image = ElfLoader.Load(bus, file);
        Assert.That(image.EntryPoint, Is.EqualTo(0x4020_0008UL));
        Assert.That(RamBytes(0x4020_0000, 16), Is.EqualTo(Pattern(16, 3)));
    }

    [Test]
    public void ElfErrorsAreOneClearLine()
    {
        Assert.That(Error(() => ElfLoader.Load(bus, "hello, world\n"u8.ToArray())), Does.Contain("not an ELF"));
        Assert.That(Error(() => ElfLoader.Load(bus, new ElfBuilder { Machine = 62, Entry = RamBase }.Load(RamBase, [1, 2, 3, 4]).Build())),
            Does.Contain("not AArch64"));
        Assert.That(Error(() => ElfLoader.Load(bus, new ElfBuilder { Class = 1, Entry = RamBase }.Load(RamBase, [1, 2, 3, 4]).Build())),
            Does.Contain("32-bit"));
        Assert.That(Error(() => ElfLoader.Load(bus, new ElfBuilder { Data = 2, Entry = RamBase }.Load(RamBase, [1, 2, 3, 4]).Build())),
            Does.Contain("little-endian"));
        Assert.That(Error(() => ElfLoader.Load(bus, new ElfBuilder { Type = 1, Entry = RamBase }.Load(RamBase, [1, 2, 3, 4]).Build())),
            Does.Contain("not an executable"));
        Assert.That(Error(() => ElfLoader.Load(bus, new ElfBuilder { Entry = 0x1000 }.Load(0x1000, [1, 2, 3, 4]).Build())),
            Does.Contain("not inside RAM"));
        Assert.That(Error(() => ElfLoader.Load(bus, new ElfBuilder { Entry = RamEnd - 4 }.Load(RamEnd - 4, [1, 2, 3, 4], memorySize: 8).Build())),
            Does.Contain("not inside RAM"), "bss past the end of RAM");
        Assert.That(Error(() => ElfLoader.Load(bus, new ElfBuilder { Entry = 0x5000_0000 }.Load(RamBase, [1, 2, 3, 4]).Build())),
            Does.Contain("entry point"));
        Assert.That(Error(() => ElfLoader.Load(bus, new ElfBuilder { Entry = RamBase }.Build())),
            Does.Contain("no program headers"));
    }

    static ulong RamEnd => RamBase + RamSize;

    [Test]
    public void TruncatedElfIsRefusedAtEveryLength()
    {
        byte[] full = new ElfBuilder { Entry = RamBase }.Load(RamBase, Pattern(64, 5)).Build();
        for (int length = 0; length < full.Length; length++)
        {
            byte[] cut = full[..length];
            var ex = Assert.Throws<LoaderException>(() => ElfLoader.Load(bus, cut), $"length {length}");
            Assert.That(ex!.Message, Does.Not.Contain('\n'));
        }
        Assert.That(ElfLoader.Load(bus, full).EntryPoint, Is.EqualTo(RamBase));
    }

    [Test]
    public void SegmentFileSizeBeyondMemorySizeIsRefused()
    {
        byte[] file = new ElfBuilder { Entry = RamBase }.Load(RamBase, Pattern(32, 1)).Build();
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(64 + 40), 16); // p_memsz < p_filesz
        Assert.That(Error(() => ElfLoader.Load(bus, file)), Does.Contain("larger than its memory size"));
    }

    [Test]
    public void GuestHelloElfLoadsWhereItsHeaderSays()
    {
        string path = Path.Combine(TestContext.CurrentContext.TestDirectory, "guests", "hello.elf");
        if (!File.Exists(path))
            Assert.Ignore("guests/bin/hello.elf is not built");
        byte[] file = File.ReadAllBytes(path);
        LoadedImage image = ElfLoader.Load(bus, file);
        // Independent reading of e_entry and the first PT_LOAD.
        ulong entry = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(24));
        ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(32));
        ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan((int)phoff + 8));
        ulong paddr = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan((int)phoff + 24));
        ulong filesz = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan((int)phoff + 32));
        Assert.That(image.EntryPoint, Is.EqualTo(entry));
        Assert.That(entry, Is.EqualTo(0x4008_0000UL));
        Assert.That(RamBytes(paddr, (int)filesz), Is.EqualTo(file.AsSpan((int)offset, (int)filesz).ToArray()));
    }

    // ---- Linux Image ----

    static byte[] LinuxImage(ulong textOffset, ulong imageSize, ulong flags = 0b1010, int length = 0x1000)
    {
        byte[] file = Pattern(length, 0x21);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(0), 0x91005A4D);   // add x13, x18, #0x16 ("MZ")
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(8), textOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(16), imageSize);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(24), flags);
        file.AsSpan(32, 24).Clear();
        "ARM\x64"u8.CopyTo(file.AsSpan(56));
        return file;
    }

    [Test]
    public void ImageHeaderFieldsAreRead()
    {
        LinuxImageHeader h = LinuxImageLoader.ParseHeader(LinuxImage(0x80000, 0x1234000, flags: 0b1010));
        Assert.That(h.TextOffset, Is.EqualTo(0x80000UL));
        Assert.That(h.ImageSize, Is.EqualTo(0x1234000UL));
        Assert.That(h.BigEndian, Is.False);
        Assert.That(h.PageSizeCode, Is.EqualTo(1), "4K pages");
        Assert.That(h.PlaceAnywhere, Is.True);
    }

    [Test]
    public void ImageGoesAtTextOffsetAbove2MiBAlignedBase()
    {
        byte[] file = LinuxImage(0x80000, 0x200_0000);
        LoadedImage image = LinuxImageLoader.Load(bus, file, ram);
        Assert.That(image.Kind, Is.EqualTo(ImageKind.LinuxImage));
        Assert.That(image.EntryPoint, Is.EqualTo(0x4008_0000UL));
        Assert.That(image.FootprintEnd, Is.EqualTo(0x4008_0000UL + 0x200_0000));
        Assert.That(RamBytes(0x4008_0000, file.Length), Is.EqualTo(file));
    }

    [Test]
    public void ImageBaseIsRoundedUpWhenRamIsNot2MiBAligned()
    {
        var b = new Bus();
        Ram r = b.AddRam("ram", 0x4010_0000, 64 << 20);
        LoadedImage image = LinuxImageLoader.Load(b, LinuxImage(0, 0x10_0000), r);
        Assert.That(image.EntryPoint, Is.EqualTo(0x4020_0000UL));
    }

    [Test]
    public void LegacyImageWithZeroSizeUsesTextOffset0x80000()
    {
        LoadedImage image = LinuxImageLoader.Load(bus, LinuxImage(0x12345, 0), ram);
        Assert.That(image.EntryPoint, Is.EqualTo(0x4008_0000UL));
        Assert.That(image.FootprintEnd, Is.GreaterThan(image.FootprintStart + 0x1000));
    }

    [Test]
    public void ImageErrors()
    {
        Assert.That(Error(() => LinuxImageLoader.Load(bus, Pattern(40, 0), ram)), Does.Contain("too short"));
        Assert.That(Error(() => LinuxImageLoader.Load(bus, Pattern(4096, 0), ram)), Does.Contain("magic"));
        Assert.That(Error(() => LinuxImageLoader.Load(bus, LinuxImage(0x80000, 0x20_0000, flags: 1), ram)), Does.Contain("big-endian"));
        Assert.That(Error(() => LinuxImageLoader.Load(bus, LinuxImage(0x80000, 0x800), ram)), Does.Contain("smaller than the file"));
        Assert.That(Error(() => LinuxImageLoader.Load(bus, LinuxImage(0x80000, RamSize), ram)), Does.Contain("too small"));
    }

    // ---- raw and detection ----

    [Test]
    public void RawBinaryLoadsAtTheGivenAddress()
    {
        byte[] file = Pattern(100, 4);
        LoadedImage image = RawLoader.Load(bus, file, 0x4008_0000);
        Assert.That(image.Kind, Is.EqualTo(ImageKind.Raw));
        Assert.That(image.EntryPoint, Is.EqualTo(0x4008_0000UL));
        Assert.That(image.FootprintEnd, Is.EqualTo(0x4008_0000UL + 100 + RawLoader.Margin));
        Assert.That(RamBytes(0x4008_0000, 100), Is.EqualTo(file));
        Assert.That(Error(() => RawLoader.Load(bus, file, 0x1000)), Does.Contain("not inside RAM"));
        Assert.That(Error(() => RawLoader.Load(bus, file, RamEnd - 52)), Does.Contain("not inside RAM"));
        Assert.That(Error(() => RawLoader.Load(bus, [], RamBase)), Does.Contain("empty"));
    }

    [Test]
    public void DetectionPicksTheLoaderFromContent()
    {
        byte[] elf = new ElfBuilder { Entry = 0x4100_0000 }.Load(0x4100_0000, Pattern(8, 1)).Build();
        Assert.That(ImageLoader.Load(bus, ram, elf, "a.elf").Kind, Is.EqualTo(ImageKind.Elf));
        Assert.That(ImageLoader.Load(bus, ram, LinuxImage(0x80000, 0x10_0000), "Image").Kind, Is.EqualTo(ImageKind.LinuxImage));
        Assert.That(ImageLoader.Load(bus, ram, Pattern(64, 0), "x.bin", 0x4008_0000).Kind, Is.EqualTo(ImageKind.Raw));
        Assert.That(Error(() => ImageLoader.Load(bus, ram, "just text\n"u8.ToArray(), "notes.txt")),
            Does.Contain("notes.txt").And.Contain("--load-addr"));
        Assert.That(Error(() => ImageLoader.Load(bus, ram, elf, "a.elf", 0x4008_0000)), Does.Contain("raw binaries"));
        Assert.That(Error(() => ImageLoader.LoadFile(bus, ram, "/nonexistent/kernel")), Does.Contain("cannot read"));
    }

    // ---- placement ----

    [Test]
    public void DtbAndInitrdGoHighAndClearOfTheImage()
    {
        var image = new LoadedImage(ImageKind.LinuxImage, 0x4008_0000, 0x4008_0000, 0x4208_0000);
        BootLayout layout = BootLayout.Place(RamBase, RamSize, image, dtbSize: 0x2345, initrdSize: 0x30_0001);
        Assert.That(layout.DtbAddress, Is.EqualTo(RamEnd - 0x20_0000));
        Assert.That(layout.DtbAddress % 8, Is.Zero);
        Assert.That(layout.InitrdEnd, Is.LessThanOrEqualTo(layout.DtbAddress));
        Assert.That(layout.InitrdEnd - layout.InitrdStart, Is.EqualTo(0x30_0001UL));
        Assert.That(layout.InitrdStart % 4096, Is.Zero);
        Assert.That(layout.InitrdStart, Is.GreaterThanOrEqualTo(image.FootprintEnd));
    }

    [Test]
    public void PlacementWithoutInitrd()
    {
        var image = new LoadedImage(ImageKind.Elf, RamBase, RamBase, RamBase + 0x1000);
        BootLayout layout = BootLayout.Place(RamBase, RamSize, image, dtbSize: 0x1000);
        Assert.That(layout.DtbAddress, Is.EqualTo(RamEnd - 0x20_0000));
        Assert.That(layout.InitrdStart, Is.EqualTo(layout.InitrdEnd));
    }

    [Test]
    public void RawImageMarginKeepsTheDtbAwayFromItsBss()
    {
        // 17 MiB of RAM: a tiny raw file, but its margin reaches past where the DTB would go.
        var b = new Bus();
        b.AddRam("ram", RamBase, 17 << 20);
        LoadedImage image = RawLoader.Load(b, Pattern(64, 1), RamBase + 0x8_0000);
        Assert.That(Error(() => BootLayout.Place(RamBase, 17 << 20, image, dtbSize: 0x1000)), Does.Contain("too small"));
        Assert.That(BootLayout.Place(RamBase, 64 << 20, image, dtbSize: 0x1000).DtbAddress,
            Is.GreaterThanOrEqualTo(image.FootprintEnd));
    }

    [Test]
    public void PlacementErrors()
    {
        var image = new LoadedImage(ImageKind.LinuxImage, RamBase, RamBase, RamBase + (100 << 20));
        Assert.That(Error(() => BootLayout.Place(RamBase, RamSize, image, dtbSize: 0x1000, initrdSize: 40 << 20)), Does.Contain("too small"));
        Assert.That(Error(() => BootLayout.Place(RamBase, RamSize, image, dtbSize: 3 << 20)), Does.Contain("2 MiB"));
        Assert.That(Error(() => BootLayout.Place(RamBase, RamSize, image, dtbSize: 0x1000, initrdSize: RamSize)), Does.Contain("initrd"));
    }
}
