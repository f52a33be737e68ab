using Emulator.Interconnect;

namespace Emulator.Machine.DeviceTree;

/// <summary>
/// What the device tree of a virt-class board describes. Defaults are DESIGN.md's memory
/// map; the board fills in RAM, the CPUs' affinities and /chosen. Interrupt numbers are
/// GIC-relative (SPI n is INTID 32 + n, PPI n is INTID 16 + n), as the arm,gic-v3 binding
/// writes them.
/// </summary>
public sealed record VirtDeviceTreeSpec
{
    public required ulong RamBase { get; init; }
    public required ulong RamSize { get; init; }
    public required IReadOnlyList<Affinity> Cpus { get; init; }

    public string CpuCompatible { get; init; } = "arm,armv8";
    public ulong GicDistributorBase { get; init; } = 0x0800_0000;
    public ulong GicDistributorSize { get; init; } = 0x1_0000;
    public ulong GicItsBase { get; init; } = 0x0808_0000;
    public ulong GicItsSize { get; init; } = 0x2_0000;
    public bool Its { get; init; } = true;
    public ulong GicRedistributorBase { get; init; } = 0x080A_0000;
    /// <summary>RD_base + SGI_base frames of one CPU.</summary>
    public ulong GicRedistributorStride { get; init; } = 0x2_0000;
    public ulong UartBase { get; init; } = 0x0900_0000;
    public uint UartSpi { get; init; } = 1;
    public ulong RtcBase { get; init; } = 0x0901_0000;
    public uint RtcSpi { get; init; } = 2;
    public ulong DeviceSize { get; init; } = 0x1000;
    public uint ApbClockHz { get; init; } = 24_000_000;

    // Generic timer PPIs (DESIGN.md): secure physical, non-secure physical, virtual, hypervisor.
    public uint TimerSecurePhysicalPpi { get; init; } = 13;
    public uint TimerPhysicalPpi { get; init; } = 14;
    public uint TimerVirtualPpi { get; init; } = 11;
    public uint TimerHypervisorPpi { get; init; } = 10;

    /// <summary>"hvc" or "smc".</summary>
    public string PsciMethod { get; init; } = "hvc";

    public string? BootArgs { get; init; }
    public ulong? InitrdStart { get; init; }
    public ulong? InitrdEnd { get; init; }
}

/// <summary>
/// Builds the device tree Linux expects of a virt-class board with GICv3 (bindings:
/// arm,gic-v3, arm,armv8-timer, arm,psci, arm,pl011, arm,pl031, fixed-clock). CPU nodes
/// carry their affinity as <c>reg</c>: one cell when every Aff3 is zero, two otherwise
/// (the arm cpus binding: MPIDR_EL1 bits 39:32 in the first cell, 23:0 in the second).
/// </summary>
public static class VirtDeviceTree
{
    // arm,gic-v3 interrupt specifier: <type number flags>.
    const uint GIC_SPI = 0, GIC_PPI = 1;
    const uint IRQ_TYPE_LEVEL_HIGH = 4;

    // PSCI 0.1 function IDs for the legacy "arm,psci" compatible (PSCI 0.2+ SMC64/SMC32 IDs).
    const uint PSCI_CPU_SUSPEND = 0xC400_0001, PSCI_CPU_OFF = 0x8400_0002,
        PSCI_CPU_ON = 0xC400_0003, PSCI_MIGRATE = 0xC400_0005;

    public static FlattenedDeviceTree Build(VirtDeviceTreeSpec spec)
    {
        Validate(spec);
        var fdt = new FlattenedDeviceTree();
        DeviceTreeNode root = fdt.Root;
        root.AddU32("#address-cells", 2).AddU32("#size-cells", 2)
            .AddString("compatible", "linux,dummy-virt").AddString("model", "emulator,virt");

        root.AddU32("interrupt-parent", AddGic(root, spec, fdt));

        root.AddChild("psci")
            .AddStringList("compatible", "arm,psci-1.0", "arm,psci-0.2", "arm,psci")
            .AddString("method", spec.PsciMethod)
            .AddU32("cpu_suspend", PSCI_CPU_SUSPEND).AddU32("cpu_off", PSCI_CPU_OFF)
            .AddU32("cpu_on", PSCI_CPU_ON).AddU32("migrate", PSCI_MIGRATE);

        root.AddChild($"memory@{spec.RamBase:x}")
            .AddString("device_type", "memory")
            .AddReg("reg", 2, 2, (spec.RamBase, spec.RamSize));

        AddCpus(root, spec);

        root.AddChild("timer")
            .AddStringList("compatible", "arm,armv8-timer", "arm,armv7-timer")
            .AddCells("interrupts",
                GIC_PPI, spec.TimerSecurePhysicalPpi, IRQ_TYPE_LEVEL_HIGH,
                GIC_PPI, spec.TimerPhysicalPpi, IRQ_TYPE_LEVEL_HIGH,
                GIC_PPI, spec.TimerVirtualPpi, IRQ_TYPE_LEVEL_HIGH,
                GIC_PPI, spec.TimerHypervisorPpi, IRQ_TYPE_LEVEL_HIGH)
            .AddEmpty("always-on");

        DeviceTreeNode clock = root.AddChild("apb-pclk");
        clock.AddString("compatible", "fixed-clock").AddU32("#clock-cells", 0)
            .AddU32("clock-frequency", spec.ApbClockHz).AddString("clock-output-names", "clk24mhz");
        uint clk = fdt.Phandle(clock);

        string uartName = $"pl011@{spec.UartBase:x}";
        root.AddChild(uartName)
            .AddStringList("compatible", "arm,pl011", "arm,primecell")
            .AddReg("reg", 2, 2, (spec.UartBase, spec.DeviceSize))
            .AddCells("interrupts", GIC_SPI, spec.UartSpi, IRQ_TYPE_LEVEL_HIGH)
            .AddCells("clocks", clk, clk).AddStringList("clock-names", "uartclk", "apb_pclk");

        root.AddChild($"pl031@{spec.RtcBase:x}")
            .AddStringList("compatible", "arm,pl031", "arm,primecell")
            .AddReg("reg", 2, 2, (spec.RtcBase, spec.DeviceSize))
            .AddCells("interrupts", GIC_SPI, spec.RtcSpi, IRQ_TYPE_LEVEL_HIGH)
            .AddCells("clocks", clk).AddString("clock-names", "apb_pclk");

        DeviceTreeNode chosen = root.AddChild("chosen");
        if (spec.BootArgs is { } args)
            chosen.AddString("bootargs", args);
        chosen.AddString("stdout-path", "/" + uartName);
        if (spec.InitrdStart is { } start && spec.InitrdEnd is { } end)
            chosen.AddU64("linux,initrd-start", start).AddU64("linux,initrd-end", end);
        return fdt;
    }

    /// <summary>The GICv3 node and its ITS child; returns the GIC's phandle.</summary>
    static uint AddGic(DeviceTreeNode root, VirtDeviceTreeSpec spec, FlattenedDeviceTree fdt)
    {
        ulong redistributorSize = spec.GicRedistributorStride * (ulong)spec.Cpus.Count;
        DeviceTreeNode gic = root.AddChild($"intc@{spec.GicDistributorBase:x}");
        gic.AddString("compatible", "arm,gic-v3")
            .AddReg("reg", 2, 2, (spec.GicDistributorBase, spec.GicDistributorSize), (spec.GicRedistributorBase, redistributorSize))
            .AddU32("#redistributor-regions", 1)
            .AddEmpty("interrupt-controller").AddU32("#interrupt-cells", 3)
            .AddU32("#address-cells", 2).AddU32("#size-cells", 2).AddEmpty("ranges");
        uint phandle = fdt.Phandle(gic);
        if (spec.Its)
        {
            DeviceTreeNode its = gic.AddChild($"its@{spec.GicItsBase:x}");
            its.AddString("compatible", "arm,gic-v3-its").AddEmpty("msi-controller").AddU32("#msi-cells", 1)
                .AddReg("reg", 2, 2, (spec.GicItsBase, spec.GicItsSize));
            fdt.Phandle(its);
        }
        return phandle;
    }

    static void AddCpus(DeviceTreeNode root, VirtDeviceTreeSpec spec)
    {
        bool twoCells = Affinity.AnyAff3(spec.Cpus);
        DeviceTreeNode cpus = root.AddChild("cpus");
        cpus.AddU32("#address-cells", twoCells ? 2u : 1u).AddU32("#size-cells", 0);
        foreach (Affinity a in spec.Cpus)
        {
            ulong reg = a.AffinityBits;
            DeviceTreeNode cpu = cpus.AddChild($"cpu@{reg:x}");
            cpu.AddString("device_type", "cpu").AddString("compatible", spec.CpuCompatible);
            if (twoCells) cpu.AddU64("reg", reg);
            else cpu.AddU32("reg", (uint)reg);
            cpu.AddString("enable-method", "psci");
        }
    }

    static void Validate(VirtDeviceTreeSpec spec)
    {
        if (spec.Cpus.Count == 0)
            throw new ArgumentException("the device tree needs at least one CPU");
        if (spec.Cpus.Distinct().Count() != spec.Cpus.Count)
            throw new ArgumentException("two CPUs have the same affinity");
        if (spec.PsciMethod is not ("hvc" or "smc"))
            throw new ArgumentException($"PSCI method '{spec.PsciMethod}' is not hvc or smc");
        if ((spec.InitrdStart is null) != (spec.InitrdEnd is null) || spec.InitrdStart > spec.InitrdEnd)
            throw new ArgumentException("initrd start and end must be given together, start <= end");
        var regions = new List<(string Name, ulong Base, ulong Size)>
        {
            ("GIC distributor", spec.GicDistributorBase, spec.GicDistributorSize),
            ("GIC redistributors", spec.GicRedistributorBase, spec.GicRedistributorStride * (ulong)spec.Cpus.Count),
            ("PL011", spec.UartBase, spec.DeviceSize),
            ("PL031", spec.RtcBase, spec.DeviceSize),
            ("RAM", spec.RamBase, spec.RamSize),
        };
        if (spec.Its) regions.Add(("GIC ITS", spec.GicItsBase, spec.GicItsSize));
        for (int i = 0; i < regions.Count; i++)
            for (int j = i + 1; j < regions.Count; j++)
                if (regions[i].Base < regions[j].Base + regions[j].Size && regions[j].Base < regions[i].Base + regions[i].Size)
                    throw new ArgumentException(
                        $"{regions[i].Name} [0x{regions[i].Base:X}, +0x{regions[i].Size:X}) overlaps {regions[j].Name} [0x{regions[j].Base:X}, +0x{regions[j].Size:X}) with {spec.Cpus.Count} CPUs");
    }
}
