using System.Diagnostics;

namespace Emulator.Tests.Machine;

/// <summary>Debian's dtc as the independent reader of the blobs we write.</summary>
public static class Dtc
{
    const string Path = "/usr/bin/dtc";

    /// <summary>Runs <c>dtc -I dtb -O dts</c> on a blob; ignores the test if dtc is not installed.</summary>
    public static (int Exit, string Dts, string Stderr) Decompile(byte[] blob)
    {
        if (!File.Exists(Path))
            Assert.Ignore("dtc (Debian package device-tree-compiler) is not installed");
        string file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"emu-dt-{Guid.NewGuid():N}.dtb");
        File.WriteAllBytes(file, blob);
        try
        {
            var psi = new ProcessStartInfo(Path, ["-I", "dtb", "-O", "dts", file])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using Process p = Process.Start(psi)!;
            Task<string> stdout = p.StandardOutput.ReadToEndAsync();
            string stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, stdout.Result, stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
