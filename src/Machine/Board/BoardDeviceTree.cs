using Emulator.Interconnect;
using Emulator.Machine.DeviceTree;
using Emulator.Machine.Firmware;

namespace Emulator.Machine.Board;

/// <summary>
/// Writes the device tree of a board from its memory map, topology and boot choices
/// (bindings: arm,gic-v3, arm,armv8-timer, arm,psci, arm,pl011, arm,pl031, chosen).
/// </summary>
public static class BoardDeviceTree
{
    // Interrupt specifier of the arm,gic-v3 binding: <type number flags>.
    const uint GicSpi = 0, GicPpi = 1, LevelHigh = 4;

    public sealed record Boot(string Bootargs, (ulong Start, ulong End)? Initrd);

    public static FlattenedDeviceTree Build(MemoryMap map, IReadOnlyList<Affinity> cpus, ulong ramSize, Boot boot)
    {
        var fdt = new FlattenedDeviceTree();
        DeviceTreeNode root = fdt.Root;
        root.AddU32("#address-cells", 2);
        root.AddU32("#size-cells", 2);
        root.AddString("compatible", "linux,dummy-virt");
        root.AddString("model", "emulator,virt");

        DeviceTreeNode clock = root.AddChild("apb-pclk");
        clock.AddString("compatible", "fixed-clock");
        clock.AddU32("#clock-cells", 0);
        clock.AddU32("clock-frequency", map.ApbClockHz);
        clock.AddString("clock-output-names", "clk24mhz");
        uint clk = fdt.Phandle(clock);

        DeviceTreeNode psci = root.AddChild("psci");
        psci.AddStringList("compatible", "arm,psci-1.0", "arm,psci-0.2", "arm,psci");
        psci.AddString("method", "hvc");
        // The PSCI 0.1 binding's function IDs, for guests that read them.
        psci.AddU32("cpu_suspend", Psci.CpuSuspend64);
        psci.AddU32("cpu_off", Psci.CpuOff);
        psci.AddU32("cpu_on", Psci.CpuOn64);

        DeviceTreeNode memory = root.AddChild($"memory@{map.RamBase:x}");
        memory.AddString("device_type", "memory");
        memory.AddReg("reg", 2, 2, (map.RamBase, ramSize));

        AddCpus(root, cpus);

        DeviceTreeNode gic = root.AddChild($"intc@{map.GicDistributor:x}");
        gic.AddString("compatible", "arm,gic-v3");
        gic.AddU32("#interrupt-cells", 3);
        gic.AddEmpty("interrupt-controller");
        gic.AddU32("#address-cells", 2);
        gic.AddU32("#size-cells", 2);
        gic.AddEmpty("ranges");
        gic.AddU32("#redistributor-regions", 1);
        gic.AddReg("reg", 2, 2,
            (map.GicDistributor, MemoryMap.GicDistributorSize),
            (map.GicRedistributors, map.RedistributorRegionSize(cpus.Count)));
        uint gicHandle = fdt.Phandle(gic);
        root.AddU32("interrupt-parent", gicHandle);

        DeviceTreeNode its = gic.AddChild($"its@{map.GicIts:x}");
        its.AddString("compatible", "arm,gic-v3-its");
        its.AddEmpty("msi-controller");
        its.AddU32("#msi-cells", 1);
        its.AddReg("reg", 2, 2, (map.GicIts, MemoryMap.GicItsSize));
        fdt.Phandle(its);

        DeviceTreeNode timer = root.AddChild("timer");
        timer.AddStringList("compatible", "arm,armv8-timer");
        timer.AddCells("interrupts",
            GicPpi, MemoryMap.TimerSecurePhysicalPpi, LevelHigh,
            GicPpi, MemoryMap.TimerPhysicalPpi, LevelHigh,
            GicPpi, MemoryMap.TimerVirtualPpi, LevelHigh,
            GicPpi, MemoryMap.TimerHypervisorPpi, LevelHigh);
        timer.AddEmpty("always-on");

        string uartName = $"pl011@{map.Uart:x}";
        DeviceTreeNode uart = root.AddChild(uartName);
        uart.AddStringList("compatible", "arm,pl011", "arm,primecell");
        uart.AddReg("reg", 2, 2, (map.Uart, MemoryMap.UartSize));
        uart.AddCells("interrupts", GicSpi, (uint)map.UartSpi, LevelHigh);
        uart.AddCells("clocks", clk, clk);
        uart.AddStringList("clock-names", "uartclk", "apb_pclk");

        DeviceTreeNode rtc = root.AddChild($"pl031@{map.Rtc:x}");
        rtc.AddStringList("compatible", "arm,pl031", "arm,primecell");
        rtc.AddReg("reg", 2, 2, (map.Rtc, MemoryMap.RtcSize));
        rtc.AddCells("interrupts", GicSpi, (uint)map.RtcSpi, LevelHigh);
        rtc.AddCells("clocks", clk);
        rtc.AddString("clock-names", "apb_pclk");

        DeviceTreeNode chosen = root.AddChild("chosen");
        chosen.AddString("bootargs", boot.Bootargs);
        chosen.AddString("stdout-path", "/" + uartName);
        if (boot.Initrd is { } initrd)
        {
            chosen.AddU64("linux,initrd-start", initrd.Start);
            chosen.AddU64("linux,initrd-end", initrd.End);
        }
        return fdt;
    }

    /// <summary>
    /// /cpus with one node per CPU whose reg is its MPIDR affinity: one cell (Aff2.Aff1.Aff0)
    /// unless some CPU has Aff3 != 0, then two (Aff3, then Aff2.Aff1.Aff0), as the arm,cpus
    /// binding asks.
    /// </summary>
    static void AddCpus(DeviceTreeNode root, IReadOnlyList<Affinity> cpus)
    {
        bool twoCells = Affinity.AnyAff3(cpus);
        DeviceTreeNode node = root.AddChild("cpus");
        node.AddU32("#address-cells", twoCells ? 2u : 1u);
        node.AddU32("#size-cells", 0);
        foreach (Affinity a in cpus)
        {
            ulong reg = a.AffinityBits;
            DeviceTreeNode cpu = node.AddChild($"cpu@{reg:x}");
            cpu.AddString("device_type", "cpu");
            cpu.AddString("compatible", "arm,cortex-a57");
            if (twoCells) cpu.AddCells("reg", (uint)(reg >> 32), (uint)reg);
            else cpu.AddU32("reg", (uint)reg);
            cpu.AddString("enable-method", "psci");
        }
    }
}
