using Emulator.Devices.Gic;
using Emulator.Interconnect;

namespace Emulator.Tests.Devices.Gic;

/// <summary>
/// The GICv3 CPU interface (IHI 0069 chapter 4 "Physical interrupt handling and
/// prioritization" and the ICC_*_EL1 descriptions of 12.2) driven through its register rows,
/// over a real distributor and redistributors, with no CPU: reset values, read-only and
/// RAO/WI fields, acknowledge order, priority masking, nested preemption and the binary
/// point, running priority and active priorities, EOImode = 1 with ICC_DIR_EL1, spurious
/// INTIDs, level-sensitive re-pending, SGI generation, and the IRQ/FIQ levels.
/// </summary>
public class CpuInterfaceTests
{
    const ulong IGROUPR = 0x0080, ISENABLER = 0x0100, ISPENDR = 0x0200, ISACTIVER = 0x0300, IPRIORITYR = 0x0400,
        ICFGR = 0x0C00, IROUTER = 0x6000;
    const ulong SGI = 0x1_0000, GICR_IGROUPR0 = SGI + 0x0080, GICR_ISENABLER0 = SGI + 0x0100, GICR_ISPENDR0 = SGI + 0x0200,
        GICR_ISACTIVER0 = SGI + 0x0300, GICR_IPRIORITYR = SGI + 0x0400;
    const ulong Spurious = 1023;

    static readonly Affinity[] Aff3Topology = [new(0, 0, 0, 0), new(0, 0, 0, 1), new(1, 0, 0, 0), new(1, 0, 0, 1)];

    GicBench b = null!;
    CpuInterface[] ci = null!;

    [SetUp]
    public void SetUp() => Build(new GicBench().Awake());

    void Build(GicBench bench)
    {
        b = bench;
        ci = new CpuInterface[b.Gic.CpuCount];
        for (int i = 0; i < ci.Length; i++)
            ci[i] = new CpuInterface(b.Gic, i);
    }

    ulong Rd(int cpu, string name)
    {
        IccRegister? row = ci[cpu].Register(name);
        Assert.That(row?.Read, Is.Not.Null, $"{name} is readable");
        return row!.Read!(ci[cpu]);
    }

    void Wr(int cpu, string name, ulong value)
    {
        IccRegister? row = ci[cpu].Register(name);
        Assert.That(row?.Write, Is.Not.Null, $"{name} is writable");
        row!.Write!(ci[cpu], value);
    }

    /// <summary>What Linux does before taking interrupts: PMR 0xFF, Group 1 enabled.</summary>
    void Open(int cpu, bool group0 = false)
    {
        Wr(cpu, "ICC_PMR_EL1", 0xFF);
        Wr(cpu, "ICC_IGRPEN1_EL1", 1);
        if (group0) Wr(cpu, "ICC_IGRPEN0_EL1", 1);
    }

    static ulong Word(int intid) => (ulong)(intid / 32 * 4);
    static uint Mask(int intid) => 1u << (intid % 32);

    void Spi(int intid, byte priority, int cpu = 0, bool group1 = true, bool edge = false)
    {
        if (group1) b.D(IGROUPR + Word(intid), b.D(IGROUPR + Word(intid)) | Mask(intid));
        b.Write(b.Gicd, IPRIORITYR + (ulong)intid, 1, priority);
        b.D64(IROUTER + 8 * (ulong)intid, b.Gic.Configuration.Cpus[cpu].ToIrouterBits());
        if (edge)
        {
            ulong cfg = ICFGR + (ulong)(intid / 16 * 4);
            b.D(cfg, b.D(cfg) | 2u << (2 * (intid % 16)));
        }
        b.D(ISENABLER + Word(intid), Mask(intid));
    }

    void Pend(int intid) => b.D(ISPENDR + Word(intid), Mask(intid));
    bool Active(int intid) => (b.D(ISACTIVER + Word(intid)) & Mask(intid)) != 0;
    bool Pending(int intid) => (b.D(ISPENDR + Word(intid)) & Mask(intid)) != 0;

    /// <summary>An SGI or PPI of one CPU: group, priority, enabled.</summary>
    void Private(int cpu, int intid, byte priority, bool group1 = true)
    {
        uint groups = b.R(cpu, GICR_IGROUPR0);
        b.R(cpu, GICR_IGROUPR0, group1 ? groups | Mask(intid) : groups & ~Mask(intid));
        b.Write(b.Gicr, GicBench.Frame(cpu) + GICR_IPRIORITYR + (ulong)intid, 1, priority);
        b.R(cpu, GICR_ISENABLER0, Mask(intid));
    }

    bool PrivatePending(int cpu, int intid) => (b.R(cpu, GICR_ISPENDR0) & Mask(intid)) != 0;
    bool PrivateActive(int cpu, int intid) => (b.R(cpu, GICR_ISACTIVER0) & Mask(intid)) != 0;

    // ---- The register table --------------------------------------------------------------

    [Test]
    public void RowsCarryTheArchitecturalEncodings()
    {
        // MSR words from aarch64-linux-gnu-as ("msr <reg>, x0"); bits 20:5 are op0[1:0]:op1:CRn:CRm:op2.
        var msr = new Dictionary<string, uint>
        {
            ["ICC_PMR_EL1"] = 0xD5184600u, ["ICC_IAR0_EL1"] = 0xD518C800u, ["ICC_EOIR0_EL1"] = 0xD518C820u,
            ["ICC_HPPIR0_EL1"] = 0xD518C840u, ["ICC_BPR0_EL1"] = 0xD518C860u, ["ICC_DIR_EL1"] = 0xD518CB20u,
            ["ICC_RPR_EL1"] = 0xD518CB60u, ["ICC_SGI1R_EL1"] = 0xD518CBA0u, ["ICC_ASGI1R_EL1"] = 0xD518CBC0u,
            ["ICC_SGI0R_EL1"] = 0xD518CBE0u, ["ICC_IAR1_EL1"] = 0xD518CC00u, ["ICC_EOIR1_EL1"] = 0xD518CC20u,
            ["ICC_HPPIR1_EL1"] = 0xD518CC40u, ["ICC_BPR1_EL1"] = 0xD518CC60u, ["ICC_CTLR_EL1"] = 0xD518CC80u,
            ["ICC_SRE_EL1"] = 0xD518CCA0u, ["ICC_IGRPEN0_EL1"] = 0xD518CCC0u, ["ICC_IGRPEN1_EL1"] = 0xD518CCE0u,
            ["ICC_AP0R0_EL1"] = 0xD518C880u, ["ICC_AP0R1_EL1"] = 0xD518C8A0u, ["ICC_AP0R2_EL1"] = 0xD518C8C0u,
            ["ICC_AP0R3_EL1"] = 0xD518C8E0u, ["ICC_AP1R0_EL1"] = 0xD518C900u, ["ICC_AP1R1_EL1"] = 0xD518C920u,
            ["ICC_AP1R2_EL1"] = 0xD518C940u, ["ICC_AP1R3_EL1"] = 0xD518C960u,
        };
        Assert.That(ci[0].Registers.Select(r => r.Name), Is.EquivalentTo(msr.Keys), "8 priority bits: all four APRs of each group");
        foreach (IccRegister r in ci[0].Registers)
        {
            uint word = msr[r.Name];
            int encoding = (int)(word >> 5 & 0xFFFF);
            int op0 = 2 | (encoding >> 14 & 1);
            Assert.That((op0, encoding >> 11 & 7, encoding >> 7 & 15, encoding >> 3 & 15, encoding & 7),
                Is.EqualTo((r.Op0, r.Op1, r.CRn, r.CRm, r.Op2)), r.Name);
        }
        string[] readOnly = ["ICC_IAR0_EL1", "ICC_IAR1_EL1", "ICC_HPPIR0_EL1", "ICC_HPPIR1_EL1", "ICC_RPR_EL1"];
        string[] writeOnly = ["ICC_EOIR0_EL1", "ICC_EOIR1_EL1", "ICC_DIR_EL1", "ICC_SGI0R_EL1", "ICC_SGI1R_EL1", "ICC_ASGI1R_EL1"];
        foreach (IccRegister r in ci[0].Registers)
        {
            Assert.That(r.Write is null, Is.EqualTo(readOnly.Contains(r.Name)), $"{r.Name}: a write exists unless read-only");
            Assert.That(r.Read is null, Is.EqualTo(writeOnly.Contains(r.Name)), $"{r.Name}: a read exists unless write-only");
        }
    }

    [TestCase(8, 4, 0)]
    [TestCase(7, 4, 0)]
    [TestCase(6, 2, 1)]
    [TestCase(5, 1, 2)]
    [TestCase(4, 1, 3)]
    public void PriorityBitsDecideTheAprCountAndMinimumBinaryPoints(int priorityBits, int aprs, int minBpr0)
    {
        Build(new GicBench(priorityBits: priorityBits).Awake());
        Assert.That(ci[0].AprCount, Is.EqualTo(aprs));
        for (int n = 0; n < 4; n++)
        {
            Assert.That(ci[0].Register($"ICC_AP0R{n}_EL1") is not null, Is.EqualTo(n < aprs), $"ICC_AP0R{n}_EL1");
            Assert.That(ci[0].Register($"ICC_AP1R{n}_EL1") is not null, Is.EqualTo(n < aprs), $"ICC_AP1R{n}_EL1");
        }
        Assert.That(CpuInterface.CTLR_PRIbits.Extract(Rd(0, "ICC_CTLR_EL1")), Is.EqualTo((ulong)(priorityBits - 1)));
        Assert.That(Rd(0, "ICC_BPR0_EL1"), Is.EqualTo((ulong)minBpr0), "BPR0 resets to its minimum");
        Assert.That(Rd(0, "ICC_BPR1_EL1"), Is.EqualTo((ulong)minBpr0 + 1), "BPR1 resets to BPR0's minimum plus one");
        Wr(0, "ICC_BPR0_EL1", 0);
        Wr(0, "ICC_BPR1_EL1", 0);
        Assert.That(Rd(0, "ICC_BPR0_EL1"), Is.EqualTo((ulong)minBpr0), "a value below the minimum sets the minimum");
        Assert.That(Rd(0, "ICC_BPR1_EL1"), Is.EqualTo((ulong)minBpr0 + 1));
        Wr(0, "ICC_PMR_EL1", 0xFF);
        Assert.That(Rd(0, "ICC_PMR_EL1"), Is.EqualTo((ulong)(0xFF << (8 - priorityBits) & 0xFF)), "unimplemented PMR bits are RAZ/WI");
        Wr(0, "ICC_AP1R0_EL1", 0xFFFF_FFFF);
        Assert.That(Rd(0, "ICC_AP1R0_EL1"), Is.EqualTo(priorityBits == 4 ? 0xFFFFUL : 0xFFFF_FFFFUL), "16 levels with 4 preemption bits");
    }

    [Test]
    public void FivePriorityBitsUseTheCortexActivePriorityLayout()
    {
        // Arm's cores with 5 priority bits document ICC_AP1R0_EL1 bit n as "active for
        // priority n * 8": bit 1 is priority 0x08, bit 31 priority 0xF8.
        Build(new GicBench(priorityBits: 5).Awake());
        Open(0);
        Spi(39, 0xF8);
        Spi(40, 0xF0);
        Spi(41, 0x08);
        Pend(39);
        Assert.That(Rd(0, "ICC_PMR_EL1"), Is.EqualTo(0xF8UL), "PMR 0xFF reads 0xF8");
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(Spurious), "the lowest priority 0xF8 is never above the mask");
        Pend(40);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(40UL));
        Assert.That(Rd(0, "ICC_AP1R0_EL1"), Is.EqualTo(0x4000_0000UL), "0xF0: bit 30");
        Pend(41);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(41UL));
        Assert.That(Rd(0, "ICC_AP1R0_EL1"), Is.EqualTo(0x4000_0002UL), "0x08: bit 1");
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0x08UL));
    }

    [Test]
    public void ResetValues()
    {
        // ICC_CTLR_EL1: PRIbits = 7 (bits 10:8), IDbits = 0 (16-bit INTIDs), SEIS = 0, A3V = 1 (bit 15), RSS = 1 (bit 18), ExtRange = 0.
        Assert.That(Rd(0, "ICC_CTLR_EL1"), Is.EqualTo(0x0004_8700UL));
        Assert.That(Rd(0, "ICC_SRE_EL1"), Is.EqualTo(0x7UL), "SRE, DFB, DIB");
        Assert.That(Rd(0, "ICC_PMR_EL1"), Is.EqualTo(0UL));
        Assert.That(Rd(0, "ICC_BPR0_EL1"), Is.EqualTo(0UL));
        Assert.That(Rd(0, "ICC_BPR1_EL1"), Is.EqualTo(1UL));
        Assert.That(Rd(0, "ICC_IGRPEN0_EL1"), Is.EqualTo(0UL));
        Assert.That(Rd(0, "ICC_IGRPEN1_EL1"), Is.EqualTo(0UL));
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0xFFUL), "idle priority");
        for (int n = 0; n < 4; n++)
        {
            Assert.That(Rd(0, $"ICC_AP0R{n}_EL1"), Is.EqualTo(0UL));
            Assert.That(Rd(0, $"ICC_AP1R{n}_EL1"), Is.EqualTo(0UL));
        }
        foreach (string r in new[] { "ICC_IAR0_EL1", "ICC_IAR1_EL1", "ICC_HPPIR0_EL1", "ICC_HPPIR1_EL1" })
            Assert.That(Rd(0, r), Is.EqualTo(Spurious), r);
        Assert.That(ci[0].IrqPending || ci[0].FiqPending, Is.False);
    }

    [Test]
    public void ReadOnlyAndRaoWiFields()
    {
        Wr(0, "ICC_CTLR_EL1", ulong.MaxValue);
        Assert.That(Rd(0, "ICC_CTLR_EL1"), Is.EqualTo(0x0004_8700UL | 0x43), "only CBPR (0), EOImode (1) and PMHE (6) are writable");
        Wr(0, "ICC_CTLR_EL1", 0);
        Assert.That(Rd(0, "ICC_CTLR_EL1"), Is.EqualTo(0x0004_8700UL), "A3V, RSS and PRIbits cannot be cleared");
        Wr(0, "ICC_SRE_EL1", 0);
        Assert.That(Rd(0, "ICC_SRE_EL1"), Is.EqualTo(0x7UL), "SRE, DFB and DIB are RAO/WI");
        Wr(0, "ICC_PMR_EL1", 0xFFFF_FF80);
        Assert.That(Rd(0, "ICC_PMR_EL1"), Is.EqualTo(0x80UL), "bits 63:8 are RES0");
        Wr(0, "ICC_BPR0_EL1", 0xFF);
        Assert.That(Rd(0, "ICC_BPR0_EL1"), Is.EqualTo(7UL));
        Wr(0, "ICC_IGRPEN1_EL1", 0xFFFF_FFFE);
        Assert.That(Rd(0, "ICC_IGRPEN1_EL1"), Is.EqualTo(0UL), "only bit 0 is Enable");
        Wr(0, "ICC_IGRPEN1_EL1", 3);
        Assert.That(Rd(0, "ICC_IGRPEN1_EL1"), Is.EqualTo(1UL));
        Assert.That(Rd(1, "ICC_IGRPEN1_EL1"), Is.EqualTo(0UL), "the enables are per CPU");
    }

    [Test]
    public void CommonBinaryPointMakesBpr1ReadBpr0PlusOneAndIgnoreWrites()
    {
        Wr(0, "ICC_BPR0_EL1", 3);
        Wr(0, "ICC_BPR1_EL1", 5);
        Wr(0, "ICC_CTLR_EL1", 1); // CBPR
        Assert.That(Rd(0, "ICC_BPR1_EL1"), Is.EqualTo(4UL), "BPR0 + 1");
        Wr(0, "ICC_BPR1_EL1", 2);
        Assert.That(Rd(0, "ICC_BPR1_EL1"), Is.EqualTo(4UL), "ignored");
        Wr(0, "ICC_BPR0_EL1", 7);
        Assert.That(Rd(0, "ICC_BPR1_EL1"), Is.EqualTo(7UL), "saturated to 0b111");
        Wr(0, "ICC_CTLR_EL1", 0);
        Assert.That(Rd(0, "ICC_BPR1_EL1"), Is.EqualTo(5UL), "BPR1's own value is back");
    }

    // ---- Acknowledge, masking, spurious ---------------------------------------------------

    [Test]
    public void AcknowledgeTakesTheHighestPriorityFirstAndTheLowerIntidOnATie()
    {
        Open(0);
        Spi(40, 0xA0);
        Spi(41, 0x40);
        Spi(42, 0x80);
        Spi(43, 0x40);
        foreach (int i in new[] { 40, 41, 42, 43 }) Pend(i);
        var order = new List<ulong>();
        for (int i = 0; i < 4; i++)
        {
            Assert.That(Rd(0, "ICC_HPPIR1_EL1"), Is.Not.EqualTo(Spurious));
            ulong intid = Rd(0, "ICC_IAR1_EL1");
            order.Add(intid);
            Assert.That(Active((int)intid), Is.True);
            Assert.That(Pending((int)intid), Is.False);
            Wr(0, "ICC_EOIR1_EL1", intid);
            Assert.That(Active((int)intid), Is.False, "EOImode 0: the EOI deactivates");
        }
        Assert.That(order, Is.EqualTo(new ulong[] { 41, 43, 42, 40 }));
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(Spurious), "nothing left");
    }

    [Test]
    public void PriorityMaskLetsThroughOnlyHigherPriorities()
    {
        Spi(40, 0x80);
        Pend(40);
        Wr(0, "ICC_IGRPEN1_EL1", 1);
        Wr(0, "ICC_PMR_EL1", 0x80);
        Assert.That(ci[0].IrqPending, Is.False, "priority equal to the mask is masked");
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(Spurious));
        Assert.That(Pending(40) && !Active(40), Is.True, "a spurious read changes nothing");
        Assert.That(Rd(0, "ICC_HPPIR1_EL1"), Is.EqualTo(40UL), "HPPIR ignores the mask");
        Wr(0, "ICC_PMR_EL1", 0x81);
        Assert.That(ci[0].IrqPending, Is.True);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(40UL));
        Assert.That(ci[0].IrqPending, Is.False, "acknowledged: no longer pending");
    }

    [Test]
    public void SpuriousWhenNothingQualifies()
    {
        Open(0);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(Spurious), "nothing pending");
        Spi(40, 0x80, cpu: 1);
        Pend(40);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(Spurious), "routed to another CPU");
        Spi(41, 0x80);
        Pend(41);
        Wr(0, "ICC_IGRPEN1_EL1", 0);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(Spurious), "Group 1 disabled at the CPU interface");
        Assert.That(Rd(0, "ICC_HPPIR1_EL1"), Is.EqualTo(Spurious), "a disabled group has no HPPI");
        Wr(0, "ICC_IGRPEN1_EL1", 1);
        b.D(0x0000, 0x1); // GICD_CTLR: EnableGrp1 = 0
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(Spurious), "Group 1 disabled at the distributor");
        b.D(0x0000, 0x3);
        Assert.That(Rd(0, "ICC_IAR0_EL1"), Is.EqualTo(Spurious), "IAR0 does not acknowledge a Group 1 interrupt");
        Assert.That(Pending(41), Is.True);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(41UL));
    }

    // ---- Preemption, running priority, binary point ----------------------------------------

    [Test]
    public void NestedPreemptionAcrossThreePriorities()
    {
        Open(0);
        Spi(40, 0xC0);
        Spi(41, 0x80);
        Spi(42, 0x40);

        Pend(40);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(40UL));
        // 7 preemption bits: priority p is active-priority bit p >> 1; 0xC0 -> bit 96 = AP1R3 bit 0.
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0xC0UL));
        Assert.That(Rd(0, "ICC_AP1R3_EL1"), Is.EqualTo(1UL));

        Pend(41);
        Assert.That(ci[0].IrqPending, Is.True, "0x80 preempts 0xC0");
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(41UL));
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0x80UL));
        Assert.That(Rd(0, "ICC_AP1R2_EL1"), Is.EqualTo(1UL), "0x80 -> bit 64");

        Pend(40); // the lower priority again: it waits
        Pend(42);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(42UL));
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0x40UL));
        Assert.That(Rd(0, "ICC_AP1R1_EL1"), Is.EqualTo(1UL), "0x40 -> bit 32");
        Assert.That(new[] { Rd(0, "ICC_AP1R0_EL1"), Rd(0, "ICC_AP1R1_EL1"), Rd(0, "ICC_AP1R2_EL1"), Rd(0, "ICC_AP1R3_EL1") },
            Is.EqualTo(new ulong[] { 0, 1, 1, 1 }), "three nested levels");
        Assert.That(ci[0].IrqPending, Is.False, "INTID 40 is active and pending: not forwarded");
        Spi(43, 0xE0);
        Pend(43);
        Assert.That(ci[0].IrqPending, Is.False, "0xE0 cannot preempt 0x40");
        Assert.That(Rd(0, "ICC_HPPIR1_EL1"), Is.EqualTo(43UL), "but HPPIR shows it, whatever the running priority");

        Wr(0, "ICC_EOIR1_EL1", 42);
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0x80UL));
        Assert.That(ci[0].IrqPending, Is.False, "0xE0 still below the running 0x80");
        Wr(0, "ICC_EOIR1_EL1", 41);
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0xC0UL));
        Assert.That(ci[0].IrqPending, Is.False, "INTID 40 is active (and pending): not forwarded again");
        Wr(0, "ICC_EOIR1_EL1", 40);
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0xFFUL));
        Assert.That(ci[0].IrqPending, Is.True, "deactivated, its pending state is taken now");
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(40UL), "0xC0 before 0xE0");
    }

    [Test]
    public void SameGroupPriorityDoesNotPreemptUnderTheBinaryPoint()
    {
        Open(0);
        Wr(0, "ICC_BPR1_EL1", 4); // group priority [7:4]
        Spi(40, 0x48);
        Spi(41, 0x42);
        Spi(42, 0x30);
        Pend(40);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(40UL));
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0x40UL), "the running priority is the group priority 0x40");
        Assert.That(Rd(0, "ICC_AP1R1_EL1"), Is.EqualTo(1UL), "bit 32 (0x40 >> 1)");
        Pend(41);
        Assert.That(ci[0].IrqPending, Is.False, "0x42 is higher than 0x48 but in the same group priority 0x40");
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(Spurious));
        Pend(42);
        Assert.That(ci[0].IrqPending, Is.True, "0x30 is a higher group priority");
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(42UL));
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0x30UL));
        Wr(0, "ICC_EOIR1_EL1", 42);
        Wr(0, "ICC_EOIR1_EL1", 40);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(41UL));
        Wr(0, "ICC_EOIR1_EL1", 41);

        // The finest binary point: 0x42 does preempt 0x48.
        Wr(0, "ICC_BPR1_EL1", 1);
        Pend(40);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(40UL));
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0x48UL));
        Pend(41);
        Assert.That(ci[0].IrqPending, Is.True);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(41UL));
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0x42UL));
        Assert.That(Rd(0, "ICC_AP1R1_EL1"), Is.EqualTo(1UL << 1 | 1UL << 4), "bits 33 (0x42) and 36 (0x48)");
    }

    [Test]
    public void CommonBinaryPointAppliesBpr0ToGroup1()
    {
        Open(0);
        Wr(0, "ICC_BPR0_EL1", 4); // group priority [7:5] for Group 0
        Wr(0, "ICC_CTLR_EL1", 1);
        Spi(40, 0x5F);
        Spi(41, 0x40);
        Spi(42, 0x30);
        Pend(40);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(40UL));
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0x40UL), "0x5F & 0xE0");
        Pend(41);
        Assert.That(ci[0].IrqPending, Is.False, "0x40 is the same group priority under BPR0 = 4");
        Pend(42);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(42UL), "0x30 & 0xE0 = 0x20 preempts");
    }

    [Test]
    public void BinaryPointSevenStopsAllGroup0Preemption()
    {
        Open(0, group0: true);
        Wr(0, "ICC_BPR0_EL1", 7);
        Spi(40, 0xC0, group1: false);
        Spi(41, 0x00, group1: false);
        Pend(40);
        Assert.That(Rd(0, "ICC_IAR0_EL1"), Is.EqualTo(40UL));
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0x00UL), "no group priority bits: every Group 0 interrupt is group priority 0");
        Assert.That(Rd(0, "ICC_AP0R0_EL1"), Is.EqualTo(1UL));
        Pend(41);
        Assert.That(ci[0].FiqPending, Is.False, "not even priority 0 preempts");
        Wr(0, "ICC_EOIR0_EL1", 40);
        Assert.That(ci[0].FiqPending, Is.True);
    }

    // ---- EOI, DIR -------------------------------------------------------------------------

    [Test]
    public void EoiModeOneSplitsPriorityDropFromDeactivation()
    {
        Open(0);
        Wr(0, "ICC_CTLR_EL1", 2); // EOImode
        Spi(40, 0x80, edge: true);
        Spi(41, 0xA0);
        Pend(40);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(40UL));
        Wr(0, "ICC_EOIR1_EL1", 40);
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0xFFUL), "priority dropped");
        Assert.That(Active(40), Is.True, "but still active");
        Pend(40);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(Spurious), "an active interrupt is not taken again, even when pending");
        Pend(41);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(41UL), "other interrupts of the same priority range can be taken");
        Wr(0, "ICC_EOIR1_EL1", 41);
        Wr(0, "ICC_DIR_EL1", 41);
        Wr(0, "ICC_DIR_EL1", 40);
        Assert.That(Active(40), Is.False);
        Assert.That(Pending(40), Is.True, "active and pending became pending");
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(40UL));
    }

    [Test]
    public void DirIsIgnoredWithEoiModeZero()
    {
        Open(0);
        Spi(40, 0x80);
        Pend(40);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(40UL));
        Wr(0, "ICC_DIR_EL1", 40);
        Assert.That(Active(40), Is.True);
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0x80UL), "DIR never drops priority");
        Assert.That(b.TraceLines, Has.Some.Contains("ICC_DIR_EL1 write of INTID 40 ignored"));
    }

    [Test]
    public void MismatchedEoisFollowTheDocumentedChoices()
    {
        Open(0, group0: true);
        Spi(40, 0x80);
        Spi(41, 0x90);
        Wr(0, "ICC_EOIR1_EL1", 40);
        Assert.That(b.TraceLines, Has.Some.Contains("no active priority"));
        Pend(40);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(40UL));
        Wr(0, "ICC_EOIR1_EL1", 1023);
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0x80UL), "a special INTID is ignored");
        Wr(0, "ICC_EOIR0_EL1", 40);
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0x80UL), "EOIR0 does not drop a Group 1 priority");
        Assert.That(Active(40), Is.True);
        Wr(0, "ICC_EOIR1_EL1", 41);
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0xFFUL), "the priority is dropped whatever the INTID");
        Assert.That(Active(40), Is.True, "but only the INTID written is deactivated, and 41 was not active");
        Assert.That(b.TraceLines, Has.Some.Contains("INTID 41: not active"));
        Wr(0, "ICC_CTLR_EL1", 2);
        Wr(0, "ICC_DIR_EL1", 40);
        Assert.That(Active(40), Is.False);
    }

    [Test]
    public void LevelInterruptIsPendingAgainAfterEoiWhileItsLineIsHigh()
    {
        Open(0);
        Spi(40, 0x80);
        GicInputLine line = b.Gic.SpiLine(8);
        line.Set(true);
        Assert.That(ci[0].IrqPending, Is.True);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(40UL));
        Assert.That(Active(40) && Pending(40), Is.True, "active and pending: the line is still high");
        Assert.That(ci[0].IrqPending, Is.False);
        Wr(0, "ICC_EOIR1_EL1", 40);
        Assert.That(ci[0].IrqPending, Is.True, "pending again after deactivation");
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(40UL));
        line.Set(false); // the handler quiets the device
        Wr(0, "ICC_EOIR1_EL1", 40);
        Assert.That(ci[0].IrqPending, Is.False);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(Spurious));
    }

    // ---- Groups, FIQ and IRQ --------------------------------------------------------------

    [Test]
    public void Group0IsFiqThroughIar0AndGroup1IsIrqThroughIar1()
    {
        Open(0, group0: true);
        Private(0, 20, 0x80, group1: false); // PPI 4, Group 0
        Private(0, 21, 0x40, group1: true);  // PPI 5, Group 1
        b.R(0, GICR_ISPENDR0, Mask(20) | Mask(21));
        Assert.That((ci[0].IrqPending, ci[0].FiqPending), Is.EqualTo((true, false)), "the Group 1 interrupt is the HPPI");
        Assert.That(Rd(0, "ICC_HPPIR0_EL1"), Is.EqualTo(Spurious));
        Assert.That(Rd(0, "ICC_IAR0_EL1"), Is.EqualTo(Spurious));
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(21UL));
        Assert.That((ci[0].IrqPending, ci[0].FiqPending), Is.EqualTo((false, false)), "0x80 cannot preempt 0x40");
        Assert.That(Rd(0, "ICC_HPPIR0_EL1"), Is.EqualTo(20UL));
        Wr(0, "ICC_EOIR1_EL1", 21);
        Assert.That((ci[0].IrqPending, ci[0].FiqPending), Is.EqualTo((false, true)));
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(Spurious), "IAR1 does not acknowledge Group 0");
        Assert.That(Rd(0, "ICC_IAR0_EL1"), Is.EqualTo(20UL));
        Assert.That(Rd(0, "ICC_AP0R2_EL1"), Is.EqualTo(1UL), "Group 0 active priorities are in AP0R");
        Assert.That(Rd(0, "ICC_AP1R2_EL1"), Is.EqualTo(0UL));
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0x80UL));
        Wr(0, "ICC_EOIR1_EL1", 20);
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0x80UL), "EOIR1 does not drop a Group 0 priority");
        Wr(0, "ICC_EOIR0_EL1", 20);
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0xFFUL));
        Assert.That(PrivateActive(0, 20), Is.False);

        b.R(0, GICR_ISPENDR0, Mask(20));
        Wr(0, "ICC_IGRPEN0_EL1", 0);
        Assert.That(ci[0].FiqPending, Is.False, "Group 0 disabled at the CPU interface");
        Wr(0, "ICC_IGRPEN0_EL1", 1);
        Assert.That(ci[0].FiqPending, Is.True);
    }

    [Test]
    public void RunningPriorityCountsBothGroups()
    {
        Open(0, group0: true);
        Private(0, 20, 0x60, group1: false);
        Private(0, 21, 0x40, group1: true);
        b.R(0, GICR_ISPENDR0, Mask(20));
        Assert.That(Rd(0, "ICC_IAR0_EL1"), Is.EqualTo(20UL));
        b.R(0, GICR_ISPENDR0, Mask(21));
        Assert.That(ci[0].IrqPending, Is.True, "a Group 1 0x40 preempts a Group 0 0x60");
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(21UL));
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0x40UL));
        Wr(0, "ICC_EOIR0_EL1", 20);
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0x40UL), "the highest active priority is Group 1's: EOIR0 is ignored");
        Wr(0, "ICC_EOIR1_EL1", 21);
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0x60UL));
        Wr(0, "ICC_EOIR0_EL1", 20);
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0xFFUL));
    }

    [Test]
    public void EoiOfAnIntidOfTheOtherGroupDropsPriorityButDoesNotDeactivate()
    {
        Open(0, group0: true);
        Private(0, 20, 0x80, group1: false);
        Private(0, 21, 0x40, group1: true);
        b.R(0, GICR_ISPENDR0, Mask(20));
        Assert.That(Rd(0, "ICC_IAR0_EL1"), Is.EqualTo(20UL));
        b.R(0, GICR_ISPENDR0, Mask(21));
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(21UL));
        Wr(0, "ICC_EOIR1_EL1", 20); // the Group 0 INTID through the Group 1 register
        Assert.That(Rd(0, "ICC_RPR_EL1"), Is.EqualTo(0x80UL), "Group 1's 0x40 was dropped");
        Assert.That(PrivateActive(0, 20) && PrivateActive(0, 21), Is.True, "neither was deactivated");
        Assert.That(b.TraceLines, Has.Some.Contains("ICC_EOIR1_EL1 of INTID 20: not Group1"));
    }

    [Test]
    public void SignalsChangedFiresOnlyWhenALevelChanges()
    {
        var seen = new List<(bool Irq, bool Fiq)>();
        ci[0].SignalsChanged += c => seen.Add((c.IrqPending, c.FiqPending));
        Open(0);
        Spi(40, 0x80);
        Spi(41, 0x90, cpu: 1);
        Assert.That(seen, Is.Empty);
        Pend(41);
        Assert.That(seen, Is.Empty, "another CPU's interrupt");
        Pend(40);
        Assert.That(seen, Is.EqualTo(new[] { (true, false) }));
        Wr(0, "ICC_PMR_EL1", 0xF0);
        Assert.That(seen, Has.Count.EqualTo(1), "still unmasked: no change");
        Wr(0, "ICC_PMR_EL1", 0x10);
        Assert.That(seen[^1], Is.EqualTo((false, false)));
        Wr(0, "ICC_PMR_EL1", 0xFF);
        Assert.That(seen[^1], Is.EqualTo((true, false)));
        Rd(0, "ICC_IAR1_EL1");
        Assert.That(seen[^1], Is.EqualTo((false, false)), "acknowledged");
        Assert.That(seen, Has.Count.EqualTo(4));
    }

    // ---- SGIs -----------------------------------------------------------------------------

    [Test]
    public void Sgi1rReachesTargetsByFullAffinityIncludingAff3()
    {
        Build(new GicBench(Aff3Topology).Awake());
        for (int cpu = 0; cpu < 4; cpu++)
        {
            Open(cpu);
            Private(cpu, 5, 0x80);
        }
        // ICC_SGI1R_EL1: Aff3 = 1 (bits 55:48), INTID 5 (27:24), target list bit 1 (Aff0 = 1).
        ulong value = 1UL << 48 | 5UL << 24 | 0b10;
        Wr(0, "ICC_SGI1R_EL1", value);
        Assert.That(Enumerable.Range(0, 4).Select(c => PrivatePending(c, 5)), Is.EqualTo(new[] { false, false, false, true }),
            "only 1.0.0.1");
        Assert.That(ci[3].IrqPending, Is.True);
        Assert.That(Rd(3, "ICC_IAR1_EL1"), Is.EqualTo(5UL));
        Wr(3, "ICC_EOIR1_EL1", 5);

        Wr(0, "ICC_SGI1R_EL1", 5UL << 24 | 0b11);
        Assert.That(Enumerable.Range(0, 4).Select(c => PrivatePending(c, 5)), Is.EqualTo(new[] { true, true, false, false }),
            "Aff3 = 0: 0.0.0.0 (itself) and 0.0.0.1");

        for (int cpu = 0; cpu < 2; cpu++)
        {
            Assert.That(Rd(cpu, "ICC_IAR1_EL1"), Is.EqualTo(5UL));
            Wr(cpu, "ICC_EOIR1_EL1", 5);
        }
        Wr(2, "ICC_SGI1R_EL1", 1UL << 40 | 5UL << 24); // IRM = 1
        Assert.That(Enumerable.Range(0, 4).Select(c => PrivatePending(c, 5)), Is.EqualTo(new[] { true, true, false, true }),
            "IRM: every CPU but the sender");
    }

    [Test]
    public void Sgi0rGeneratesOnlyGroup0Sgis()
    {
        Open(1, group0: true);
        Private(1, 3, 0x80, group1: false);
        Private(1, 4, 0x80, group1: true);
        SgiTargets to1 = SgiTargets.To(b.Gic.Configuration.Cpus[1]);
        Wr(0, "ICC_SGI0R_EL1", to1.ToRegister(4));
        Assert.That(PrivatePending(1, 4), Is.False, "a Group 1 SGI is not generated by ICC_SGI0R_EL1");
        Wr(0, "ICC_SGI0R_EL1", to1.ToRegister(3));
        Assert.That(PrivatePending(1, 3), Is.True);
        Assert.That(ci[1].FiqPending, Is.True);
        Assert.That(Rd(1, "ICC_IAR0_EL1"), Is.EqualTo(3UL));
    }

    // ---- State ----------------------------------------------------------------------------

    [Test]
    public void RestoringFromStateTakesTheSamePath()
    {
        Open(0);
        Wr(0, "ICC_BPR1_EL1", 3);
        Spi(40, 0x80);
        Pend(40);
        Assert.That(Rd(0, "ICC_IAR1_EL1"), Is.EqualTo(40UL));
        CpuInterfaceState s = ci[0].State;
        ci[0].Detach();
        var restored = new CpuInterface(b.Gic, 0, new CpuInterfaceState
        {
            Pmr = s.Pmr, Bpr0 = s.Bpr0, Bpr1 = s.Bpr1, Ctlr = s.Ctlr, Igrpen0 = s.Igrpen0, Igrpen1 = s.Igrpen1,
            Ap0r = [.. s.Ap0r], Ap1r = [.. s.Ap1r],
        });
        Assert.That(restored.ReadRpr(), Is.EqualTo(0x80UL));
        Assert.That(restored.ReadBpr(GicGroup.Group1), Is.EqualTo(3UL));
        restored.WriteEoir(GicGroup.Group1, 40);
        Assert.That(Active(40), Is.False);

        Assert.Throws<ArgumentException>(() => new CpuInterface(b.Gic, 1, new CpuInterfaceState { Bpr0 = 0, Bpr1 = 0 }));
        Assert.Throws<ArgumentException>(() => new CpuInterface(b.Gic, 1, new CpuInterfaceState { Bpr1 = 1, Ap1r = new uint[2] }));
        var small = new GicBench(priorityBits: 5);
        Assert.Throws<ArgumentException>(() => new CpuInterface(small.Gic, 0, new CpuInterfaceState { Bpr0 = 2, Bpr1 = 3, Ap0r = [0, 1, 0, 0] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CpuInterface(b.Gic, 4));
    }
}
