using Emulator.Machine.Cli;

namespace Emulator.Machine;

public static class Program
{
    public static int Main(string[] args) => EmuCommand.Invoke(args, Console.OpenStandardOutput(), Console.Error);
}
