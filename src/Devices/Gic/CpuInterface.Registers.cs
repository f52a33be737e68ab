using Emulator.Interconnect;

namespace Emulator.Devices.Gic;

/// <summary>
/// One ICC_* system register as data: its name as IHI 0069 spells it, its MRS/MSR encoding
/// (op0, op1, CRn, CRm, op2) and what a read or a write does to a <see cref="CpuInterface"/>.
/// A null accessor means that access does not exist (a write-only or read-only register):
/// the CPU makes it UNDEFINED. Every ICC register here is accessible from EL1 only.
/// </summary>
public sealed record IccRegister(
    string Name, int Op0, int Op1, int CRn, int CRm, int Op2,
    Func<CpuInterface, ulong>? Read, Action<CpuInterface, ulong>? Write);

public sealed partial class CpuInterface
{
    // ICC_CTLR_EL1 (IHI 0069 12.2.6).
    public static readonly BitField CTLR_CBPR = new(0, 1);
    public static readonly BitField CTLR_EOImode = new(1, 1);
    public static readonly BitField CTLR_PMHE = new(6, 1);
    public static readonly BitField CTLR_PRIbits = new(8, 3);
    public static readonly BitField CTLR_IDbits = new(11, 3);
    public static readonly BitField CTLR_SEIS = new(14, 1);
    public static readonly BitField CTLR_A3V = new(15, 1);
    public static readonly BitField CTLR_RSS = new(18, 1);
    public static readonly BitField CTLR_ExtRange = new(19, 1);

    // ICC_SRE_EL1 (12.2.22).
    public static readonly BitField SRE_SRE = new(0, 1);
    public static readonly BitField SRE_DFB = new(1, 1);
    public static readonly BitField SRE_DIB = new(2, 1);

    /// <summary>ICC_PMR_EL1.Priority, ICC_RPR_EL1.Priority.</summary>
    public static readonly BitField PMR_Priority = new(0, 8);

    /// <summary>ICC_BPR0_EL1 / ICC_BPR1_EL1.BinaryPoint.</summary>
    public static readonly BitField BPR_BinaryPoint = new(0, 3);

    /// <summary>The INTID field of ICC_IAR*, ICC_EOIR*, ICC_HPPIR*, ICC_DIR (24 bits; with IDbits = 16 the top 8 read 0).</summary>
    public static readonly BitField INTID = new(0, 24);

    /// <summary>ICC_IGRPEN0_EL1 / ICC_IGRPEN1_EL1.Enable.</summary>
    public static readonly BitField IGRPEN_Enable = new(0, 1);

    /// <summary>
    /// The ICC_* registers this CPU interface implements, as rows for the CPU's
    /// system-register table (ICC_AP*R1-3_EL1 only as the preemption bits require).
    /// </summary>
    public IReadOnlyList<IccRegister> Registers => registers;

    /// <summary>The row named <paramref name="name"/> (e.g. "ICC_IAR1_EL1"), or null if not implemented.</summary>
    public IccRegister? Register(string name) => Array.Find(registers, r => r.Name == name);

    const GicGroup G0 = GicGroup.Group0, G1 = GicGroup.Group1;

    IccRegister[] BuildRegisters()
    {
        var rows = new List<IccRegister>
        {
            new("ICC_PMR_EL1", 3, 0, 4, 6, 0, c => c.ReadPmr(), (c, v) => c.WritePmr(v)),
            new("ICC_IAR0_EL1", 3, 0, 12, 8, 0, c => c.ReadIar(G0), null),
            new("ICC_EOIR0_EL1", 3, 0, 12, 8, 1, null, (c, v) => c.WriteEoir(G0, v)),
            new("ICC_HPPIR0_EL1", 3, 0, 12, 8, 2, c => c.ReadHppir(G0), null),
            new("ICC_BPR0_EL1", 3, 0, 12, 8, 3, c => c.ReadBpr(G0), (c, v) => c.WriteBpr(G0, v)),
            new("ICC_DIR_EL1", 3, 0, 12, 11, 1, null, (c, v) => c.WriteDir(v)),
            new("ICC_RPR_EL1", 3, 0, 12, 11, 3, c => c.ReadRpr(), null),
            new("ICC_SGI1R_EL1", 3, 0, 12, 11, 5, null, (c, v) => c.WriteSgi(SgiRegister.Sgi1R, v)),
            new("ICC_ASGI1R_EL1", 3, 0, 12, 11, 6, null, (c, v) => c.WriteSgi(SgiRegister.Asgi1R, v)),
            new("ICC_SGI0R_EL1", 3, 0, 12, 11, 7, null, (c, v) => c.WriteSgi(SgiRegister.Sgi0R, v)),
            new("ICC_IAR1_EL1", 3, 0, 12, 12, 0, c => c.ReadIar(G1), null),
            new("ICC_EOIR1_EL1", 3, 0, 12, 12, 1, null, (c, v) => c.WriteEoir(G1, v)),
            new("ICC_HPPIR1_EL1", 3, 0, 12, 12, 2, c => c.ReadHppir(G1), null),
            new("ICC_BPR1_EL1", 3, 0, 12, 12, 3, c => c.ReadBpr(G1), (c, v) => c.WriteBpr(G1, v)),
            new("ICC_CTLR_EL1", 3, 0, 12, 12, 4, c => c.ReadCtlr(), (c, v) => c.WriteCtlr(v)),
            new("ICC_SRE_EL1", 3, 0, 12, 12, 5, c => c.ReadSre(), (c, v) => c.WriteSre(v)),
            new("ICC_IGRPEN0_EL1", 3, 0, 12, 12, 6, c => c.ReadIgrpen(G0), (c, v) => c.WriteIgrpen(G0, v)),
            new("ICC_IGRPEN1_EL1", 3, 0, 12, 12, 7, c => c.ReadIgrpen(G1), (c, v) => c.WriteIgrpen(G1, v)),
        };
        for (int n = 0; n < AprCount; n++)
        {
            int i = n;
            rows.Add(new($"ICC_AP0R{n}_EL1", 3, 0, 12, 8, 4 + n, c => c.ReadAp(G0, i), (c, v) => c.WriteAp(G0, i, v)));
            rows.Add(new($"ICC_AP1R{n}_EL1", 3, 0, 12, 9, n, c => c.ReadAp(G1, i), (c, v) => c.WriteAp(G1, i, v)));
        }
        return [.. rows];
    }
}
