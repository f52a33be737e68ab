using Emulator.Interconnect;
using Emulator.Machine.Loaders;

namespace Emulator.Tests.Machine;

/// <summary>guests/manifest.tsv: name TAB emu options TAB expected exit status, one guest a line.</summary>
public class GuestManifestTests
{
    static string GuestsDirectory => Path.Combine(TestContext.CurrentContext.TestDirectory, "guests");

    static string[][] Rows() =>
        [.. File.ReadAllLines(Path.Combine(GuestsDirectory, "manifest.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))];

    [Test]
    public void EveryRowHasThreeColumnsAndAnIntegerStatus()
    {
        string[][] rows = Rows();
        Assert.That(rows.Select(r => r[0]), Does.Contain("hello"));
        Assert.That(rows.Select(r => r[0]), Is.Unique);
        foreach (string[] row in rows)
        {
            Assert.That(row, Has.Length.EqualTo(3), string.Join("|", row));
            Assert.That(int.TryParse(row[2], out int status) && status is >= 0 and <= 255, Is.True, row[0]);
            Assert.That(row[1].Split(' ', StringSplitOptions.RemoveEmptyEntries), Is.All.StartsWith("--").Or.Match("^[0-9a-zA-Z,=.]+$"), row[0]);
        }
    }

    [Test]
    public void EveryListedGuestIsABuiltAArch64ElfEnteredAt0x40080000()
    {
        foreach (string[] row in Rows())
        {
            string path = Path.Combine(GuestsDirectory, row[0] + ".elf");
            Assert.That(File.Exists(path), Is.True, $"guests/bin/{row[0]}.elf is not committed");
            var bus = new Bus();
            bus.AddRam("ram", 0x4000_0000, 128 << 20);
            LoadedImage image = ElfLoader.Load(bus, File.ReadAllBytes(path), row[0]);
            Assert.That(image.EntryPoint, Is.EqualTo(0x4008_0000UL), row[0]);
            Assert.That(image.FootprintEnd, Is.LessThan(0x4200_0000UL), row[0]);
        }
    }
}
