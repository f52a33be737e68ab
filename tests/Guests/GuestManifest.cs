namespace Emulator.Tests.Guests;

/// <summary>One line of guests/manifest.tsv: a guest, the emu options it needs, the exit status that means it passed.</summary>
public sealed record GuestEntry(string Name, string[] Options, int ExpectedExit)
{
    public override string ToString() => Name;
}

public static class GuestManifest
{
    /// <summary>guests/ of the checkout (the tests run from tests/bin/CONFIG/TFM).</summary>
    public static string Root => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../guests"));

    public static string ElfPath(string name) => Path.Combine(Root, "bin", name + ".elf");

    public static IEnumerable<GuestEntry> Entries()
    {
        string path = Path.Combine(Root, "manifest.tsv");
        foreach (string line in File.ReadAllLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            string[] fields = line.Split('\t');
            if (fields.Length != 3)
                throw new FormatException($"guests/manifest.tsv: '{line}' does not have three tab-separated fields");
            yield return new GuestEntry(fields[0],
                fields[1].Split(' ', StringSplitOptions.RemoveEmptyEntries), int.Parse(fields[2]));
        }
    }
}
