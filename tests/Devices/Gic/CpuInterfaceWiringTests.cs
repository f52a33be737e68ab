using Emulator.Cpu;
using Emulator.Devices.Gic;
using Emulator.Machine.Board;
using Emulator.Tests.Cpu;

namespace Emulator.Tests.Devices.Gic;

/// <summary>
/// The CPU interface's rows bound into a PE's system-register table the way the machine
/// will bind them (each row's accessors closed over that CPU's interface), then reached by
/// MRS and MSR: the rows fit the base table without clashes and behave as registers.
/// </summary>
public class CpuInterfaceWiringTests
{
    [Test]
    public void MrsAndMsrReachTheCpuInterface()
    {
        var m = new TestMachine(
            0xD5184601u,  // msr icc_pmr_el1, x1
            0xD518CCE2u,  // msr icc_igrpen1_el1, x2
            0xD538CC00u,  // mrs x0, icc_iar1_el1
            0xD538CB63u,  // mrs x3, icc_rpr_el1
            0xD518CC20u,  // msr icc_eoir1_el1, x0
            0xD538CB64u,  // mrs x4, icc_rpr_el1
            0xD538CC85u); // mrs x5, icc_ctlr_el1
        var bench = new GicBench().Awake();
        var ci = new CpuInterface(bench.Gic, 0);
        SystemRegisterWiring.Bind(m.Cpu.SystemRegisters, ci);
        bench.D(0x0080 + 4, 1u << 8);                    // GICD_IGROUPR1: INTID 40 Group 1
        bench.Write(bench.Gicd, 0x0400 + 40, 1, 0x90);   // GICD_IPRIORITYR: 0x90
        bench.D64(0x6000 + 8 * 40, 0);                   // GICD_IROUTER40: CPU 0.0.0.0
        bench.D(0x0100 + 4, 1u << 8);                    // GICD_ISENABLER1
        bench.D(0x0200 + 4, 1u << 8);                    // GICD_ISPENDR1
        m[1] = 0xF0;
        m[2] = 1;
        m.Run(2);
        Assert.That(ci.IrqPending, Is.True, "PMR 0xF0 and Group 1 enabled by MSR");
        m.Run(2);
        Assert.That(m[0], Is.EqualTo(40UL));
        Assert.That(m[3], Is.EqualTo(0x90UL));
        m.Run(3);
        Assert.That(m[4], Is.EqualTo(0xFFUL));
        Assert.That(m[5], Is.EqualTo(0x0004_8700UL));
        Assert.That(bench.Gic.IsActive(0, 40), Is.False);
    }
}
