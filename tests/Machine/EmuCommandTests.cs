using Emulator.Machine.Cli;

namespace Emulator.Tests.Machine;

/// <summary>Bad input to <c>emu</c>: one clear line on stderr, a non-zero exit, no stack trace.</summary>
public class EmuCommandTests
{
    string dir = null!;

    [SetUp]
    public void SetUp()
    {
        dir = Path.Combine(Path.GetTempPath(), $"emu-cli-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    static (int Exit, string Stderr, string Console) Emu(params string[] args)
    {
        var stderr = new StringWriter();
        var console = new MemoryStream();
        int exit = EmuCommand.Invoke(args, console, stderr);
        return (exit, stderr.ToString(), System.Text.Encoding.UTF8.GetString(console.ToArray()));
    }

    static string HelloElf => Emulator.Tests.Guests.GuestManifest.ElfPath("hello");

    static void AssertOneLineError((int Exit, string Stderr, string Console) result, string expected)
    {
        Assert.That(result.Exit, Is.EqualTo(EmuCommand.BadInput), result.Stderr);
        string[] lines = result.Stderr.TrimEnd('\n').Split('\n');
        Assert.That(lines, Has.Length.EqualTo(1), result.Stderr);
        Assert.That(lines[0], Does.StartWith("emu: "));
        Assert.That(lines[0], Does.Contain(expected));
        Assert.That(result.Stderr, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void MissingFile() =>
        AssertOneLineError(Emu("run", Path.Combine(dir, "nope.elf")), "does not exist");

    [Test]
    public void TextFileIsNeitherElfNorImage()
    {
        string path = Path.Combine(dir, "notes.txt");
        File.WriteAllText(path, "hello, this is not a kernel\n");
        AssertOneLineError(Emu("run", path), "--load-addr");
    }

    [Test]
    public void TruncatedElf()
    {
        string path = Path.Combine(dir, "truncated.elf");
        File.WriteAllBytes(path, File.ReadAllBytes(HelloElf)[..100]);
        AssertOneLineError(Emu("run", path), "truncated.elf");
    }

    [TestCase("0")]
    [TestCase("-1")]
    public void SmpBelowOne(string smp) =>
        AssertOneLineError(Emu("run", HelloElf, "--smp", smp), "--smp");

    [Test]
    public void MemTooSmall() =>
        AssertOneLineError(Emu("run", HelloElf, "--mem", "1K"), "--mem 1K is too small");

    [Test]
    public void MemNotASize() =>
        AssertOneLineError(Emu("run", HelloElf, "--mem", "lots"), "--mem 'lots' is not a size");

    [TestCase("0x0,zz")]
    [TestCase("0x0,,0x1")]
    [TestCase("0x1FF00000000")] // Aff3 does not fit in 8 bits
    public void MalformedMpidr(string list) =>
        AssertOneLineError(Emu("run", HelloElf, "--mpidr", list), "--mpidr");

    [Test]
    public void DuplicateMpidrs() =>
        AssertOneLineError(Emu("run", HelloElf, "--mpidr", "0x0,0x100000001,0x100000001"), "duplicate MPIDR");

    [Test]
    public void MalformedTopology() =>
        AssertOneLineError(Emu("run", HelloElf, "--topology", "aff4=2"), "--topology");

    [Test]
    public void RamTooSmallForTheImage()
    {
        // A raw image larger than the RAM it is loaded into.
        string path = Path.Combine(dir, "big.bin");
        File.WriteAllBytes(path, new byte[3 << 20]);
        AssertOneLineError(Emu("run", path, "--load-addr", "0x40080000", "--mem", "2M"), "big.bin");
    }

    [Test]
    public void UnknownOption() =>
        AssertOneLineError(Emu("run", HelloElf, "--frobnicate"), "--frobnicate");

    /// <summary>The check: emu dtb with an Aff3 topology, then Debian's dtc reads it back with no warnings.</summary>
    [Test]
    public void DtbWritesABlobThatDtcReadsWithoutWarnings()
    {
        string path = Path.Combine(dir, "t.dtb");
        var result = Emu("dtb", "--smp", "4", "--mpidr", "0x0,0x1,0x100000000,0x100000001", "-o", path);
        Assert.That(result.Exit, Is.Zero, result.Stderr);
        var (exit, dts, warnings) = Dtc.Decompile(File.ReadAllBytes(path));
        Assert.That(exit, Is.Zero, warnings);
        Assert.That(warnings, Is.Empty);
        Assert.That(dts, Does.Contain("cpu@100000001 {"));
        Assert.That(dts, Does.Contain("reg = <0x01 0x01>;"));
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EqualTo(new[] { "t.dtb" }), "no temporary file left");
    }

    [Test]
    public void DtbNeedsAnOutput() =>
        AssertOneLineError(Emu("dtb", "--smp", "2"), "-o");
}
