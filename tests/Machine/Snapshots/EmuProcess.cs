using System.Diagnostics;

namespace Emulator.Tests.Machine.Snapshots;

/// <summary>Runs the built <c>emu</c> in a process of its own (a restore must not lean on anything the saving process left in memory).</summary>
public static class EmuProcess
{
    static string EmuDll => Path.Combine(AppContext.BaseDirectory, "emu.dll");

    public static (int Exit, byte[] Console, string Stderr) Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add(EmuDll);
        foreach (string a in args) psi.ArgumentList.Add(a);
        using Process p = Process.Start(psi)!;
        p.StandardInput.Close();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        var console = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(console);
        if (!p.WaitForExit(120_000))
        {
            p.Kill();
            Assert.Fail($"emu {string.Join(' ', args)} did not finish in 2 minutes");
        }
        return (p.ExitCode, console.ToArray(), stderr.Result);
    }
}
