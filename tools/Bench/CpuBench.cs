using System.Diagnostics;
using System.Globalization;
using Emulator.Cpu;
using Emulator.Interconnect;

namespace Emulator.Bench;

/// <summary>
/// Runs each workload on the interpreter for a fixed number of instructions after a
/// warm-up, times it, and checks the guest's checksum against the C# reference, so a
/// broken CPU cannot look fast. Prints "&lt;workload&gt; &lt;value&gt; MIPS" per workload, first
/// with the MMU off, then (as "&lt;workload&gt;-mmu") with the MMU on over identity-mapped 4 KiB
/// pages (<see cref="IdentityMapping"/>).
/// </summary>
public sealed class CpuBench
{
    const ulong RamBase = 0x4000_0000;
    const ulong RamSize = 0x0100_0000;
    const int ChecksumRegister = 0;
    const int PassRegister = 19;

    public long WarmupInstructions { get; init; } = 20_000_000;
    public long MeasuredInstructions { get; init; } = 200_000_000;
    public IReadOnlyList<Workload> Workloads { get; init; } = Bench.Workloads.All;

    /// <summary>Runs every workload; returns the process exit code (0 when all ran and verified).</summary>
    public int Run(TextWriter output, TextWriter errors)
    {
        int failures = 0;
        foreach (bool mmu in new[] { false, true })
            foreach (Workload workload in Workloads)
            {
                string name = mmu ? workload.Name + "-mmu" : workload.Name;
                try
                {
                    double mips = Measure(workload, mmu);
                    output.WriteLine($"{name} {mips.ToString("F1", CultureInfo.InvariantCulture)} MIPS");
                }
                catch (BenchFailure failure)
                {
                    errors.WriteLine($"bench: {name}: {failure.Message}");
                    failures++;
                }
            }
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Where the MMU-on runs keep their translation tables: the last MiB of RAM, which no workload uses.</summary>
    const ulong PageTableArea = RamBase + RamSize - 0x10_0000;

    double Measure(Workload workload, bool mmu)
    {
        var bus = new Bus();
        Ram ram = bus.AddRam("ram", RamBase, RamSize);
        var platform = new BenchPlatform();
        var cpu = new Processor(bus, platform: platform);
        bus.LoadBytes(Bench.Workloads.LoadAddress, workload.LoadBinary());
        cpu.Reset(Bench.Workloads.LoadAddress);
        if (mmu) IdentityMapping.Enable(cpu, ram, PageTableArea);

        RunChecked(cpu, platform, WarmupInstructions);
        var clock = Stopwatch.StartNew();
        RunChecked(cpu, platform, MeasuredInstructions);
        clock.Stop();

        ulong passes = cpu.Xr(PassRegister);
        if (passes == 0)
            throw new BenchFailure($"no pass completed in {WarmupInstructions + MeasuredInstructions} instructions (x19 = 0)");
        ulong expected = workload.ExpectedChecksum(), got = cpu.Xr(ChecksumRegister);
        if (got != expected)
            throw new BenchFailure($"wrong checksum after {passes} passes: x0 = 0x{got:x16}, expected 0x{expected:x16}");
        if (workload.CheckMemory?.Invoke(ram) is { } problem)
            throw new BenchFailure($"wrong memory after {passes} passes: {problem}");
        return MeasuredInstructions / clock.Elapsed.TotalSeconds / 1e6;
    }

    static void RunChecked(Processor cpu, BenchPlatform platform, long instructions)
    {
        long executed = cpu.Run(instructions);
        if (platform.FirstException is { } e)
        {
            uint word = cpu.Bus.Read(e.ReturnAddress, 4, out ulong raw) == BusStatus.Ok ? (uint)raw : 0;
            using var disassembler = new Disassembler();
            string text = disassembler.Disassemble(word, e.ReturnAddress);
            string what = e.Class == ExceptionClass.Unknown ? "UNDEFINED (EC Unknown)" : $"{e.Class} exception";
            throw new BenchFailure($"the CPU raised {what} at 0x{e.ReturnAddress:x} on 0x{word:x8} \"{text}\"");
        }
        if (executed != instructions)
            throw new BenchFailure($"the CPU stopped after {executed} of {instructions} instructions");
    }

    /// <summary>A machine with nothing behind it that stops the CPU at its first exception: no workload takes one.</summary>
    sealed class BenchPlatform : IPlatform
    {
        public ExceptionRecord? FirstException { get; private set; }

        public void ExceptionTaken(Processor cpu, in ExceptionRecord record)
        {
            FirstException ??= record;
            cpu.RequestExit();
        }
    }

    sealed class BenchFailure(string message) : Exception(message);
}
