using System.Diagnostics;
using System.Text;
using Emulator.Machine.Cli;

namespace Emulator.Tests.Guests;

/// <summary>
/// The same guest on QEMU's virt board (GICv3, Cortex-A57, semihosting) as a second
/// opinion: transcripts and exit statuses must agree, except where a listed difference is
/// QEMU's own (tools/compare-qemu.sh shows the diff by hand).
/// </summary>
public class QemuComparisonTests
{
    /// <summary>Guests whose transcript is expected to differ from QEMU's, and why.</summary>
    static readonly Dictionary<string, string> KnownDifferences = new()
    {
        ["psci"] = "QEMU 7.2 answers PSCI_FEATURES(SMCCC_VERSION) with NOT_SUPPORTED (SMCCC 1.0); we implement SMCCC 1.1",
        ["gic-spi"] = "QEMU 7.2's distributor has no message-based SPIs (GICD_TYPER.MBIS = 0), so the guest skips its SETSPI_NSR cases there",
        ["its-inv"] = "QEMU reads the LPI configuration table eagerly; our redistributors cache it, as the architecture permits, so a change without INV is not seen until INV",
        ["its-errors"] = "QEMU only logs a bad ITS command and goes on; our ITS stalls the queue with an E_ITS_* code in GITS_CMDERR until CWRITER.Retry, as the issue asks",
    };

    /// <summary>Guests that need a device only our board has, and so cannot run on QEMU.</summary>
    static readonly Dictionary<string, string> OursOnly = new()
    {
        ["its-msi"] = "raises its MSIs through this board's MSI source test device, which QEMU's virt board does not have",
    };

    /// <summary>
    /// Guests that need a QEMU CPU other than the Cortex-A57, and why. tools/compare-qemu.sh
    /// and the Makefile's check-qemu keep the same list.
    /// </summary>
    internal static readonly Dictionary<string, string> QemuCpus = new()
    {
        // QEMU's Cortex-A57 has no 16KB granule (ID_AA64MMFR0_EL1.TGran16 = 0); its Cortex-A76 has all three.
        ["mmu"] = "cortex-a76",
    };

    public static IEnumerable<GuestEntry> Guests => GuestManifest.Entries();

    [TestCaseSource(nameof(Guests))]
    public void TranscriptMatchesQemu(GuestEntry guest)
    {
        if (OursOnly.TryGetValue(guest.Name, out string? whyNot))
            Assert.Ignore(whyNot);
        var qemuArgs = new List<string> { "-M", "virt,gic-version=3,its=on", "-cpu", QemuCpus.GetValueOrDefault(guest.Name, "cortex-a57"), "-m", "512", "-nographic", "-nic", "none" };
        for (int i = 0; i < guest.Options.Length; i++)
        {
            switch (guest.Options[i])
            {
                case "--semihosting": qemuArgs.Add("-semihosting"); break;
                case "--smp": qemuArgs.AddRange(["-smp", guest.Options[++i]]); break;
                default: Assert.Ignore($"QEMU has no equivalent of {guest.Options[i]}"); break;
            }
        }
        qemuArgs.AddRange(["-kernel", GuestManifest.ElfPath(guest.Name)]);

        var console = new MemoryStream();
        int emuExit = EmuCommand.Invoke(["run", GuestManifest.ElfPath(guest.Name), .. guest.Options], console, new StringWriter());
        string ours = Encoding.UTF8.GetString(console.ToArray());

        var psi = new ProcessStartInfo("qemu-system-aarch64", qemuArgs)
        { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        using Process qemu = Process.Start(psi)!;
        qemu.StandardInput.Close();
        Task<string> stderr = qemu.StandardError.ReadToEndAsync();
        string theirs = qemu.StandardOutput.ReadToEnd();
        Assert.That(qemu.WaitForExit(60_000), Is.True, "QEMU did not finish");

        Assert.That(emuExit, Is.EqualTo(qemu.ExitCode), $"exit status (QEMU stderr: {stderr.Result})");
        if (KnownDifferences.TryGetValue(guest.Name, out string? why))
        {
            Assert.That(ours, Is.Not.EqualTo(theirs), $"the known difference is gone ({why}): remove it from the list");
            return;
        }
        Assert.That(ours, Is.EqualTo(theirs));
    }

    [Test]
    public void SmpGuestReportsAff3MpidrsOnOurBoardOnly()
    {
        var console = new MemoryStream();
        int exit = EmuCommand.Invoke(
            ["run", GuestManifest.ElfPath("smp"), "--smp", "4", "--mpidr", "0x0,0x1,0x100000000,0x100000001", "--semihosting"],
            console, new StringWriter());
        string transcript = Encoding.UTF8.GetString(console.ToArray());
        Assert.That(exit, Is.Zero, transcript);
        Assert.That(transcript, Does.Contain("CPU 2: MPIDR_EL1 0x180000000 affinity 1.0.0.0 at EL1"));
        Assert.That(transcript, Does.Contain("CPU 3: MPIDR_EL1 0x180000001 affinity 1.0.0.1 at EL1"));
        Assert.That(transcript, Does.Contain("smp: all CPUs came up"));
    }
}
