namespace Emulator.Cpu;

/// <summary>
/// The base system registers of the PE, one row each (the rows later work extends): the
/// special-purpose registers, the EL1 exception and control registers, identification,
/// caches, translation controls (their meaning is in src/Cpu/Mmu), debug and the
/// timer controls the PE itself keeps. Values follow the Arm ARM (DDI 0487) for an Armv8.0
/// PE with EL0 and EL1 in AArch64 only, no EL2 or EL3, no FP/AdvSIMD yet, LSE atomics and
/// CRC32, and a GICv3 system register interface.
/// </summary>
public static class BaseSystemRegisters
{
    static ushort E(int op0, int op1, int crn, int crm, int op2) => SystemRegister.Encode(op0, op1, crn, crm, op2);

    static SystemRegister ReadOnly(string name, ushort encoding, ulong value) => new(name, encoding, _ => value, null);

    // ---- Identification values ---------------------------------------------------------

    /// <summary>
    /// MIDR_EL1: Arm (0x41), variant 1, architecture 0xF (see ID registers), part 0xD07
    /// (Cortex-A57), revision 0: r1p0. A real part number so that software that keys on it
    /// behaves as for a well-known core; Linux then enables its Cortex-A57 errata workarounds,
    /// which are harmless here.
    /// </summary>
    public const ulong Midr = 0x411F_D070;

    /// <summary>ID_AA64PFR0_EL1: EL0 and EL1 AArch64 only (1), no EL2/EL3 (0), FP and AdvSIMD not implemented (0xF), GIC system registers v3.0/4.0 (1).</summary>
    public const ulong IdAa64Pfr0 = 0x01FF_0011;

    /// <summary>ID_AA64ISAR0_EL1: CRC32 = 1 (bits 19:16), Atomic = 2 (LSE, bits 23:20); no crypto, no RDM.</summary>
    public const ulong IdAa64Isar0 = 0x0021_0000;

    /// <summary>
    /// ID_AA64ISAR1_EL1: LRCPC = 1 (bits 23:20: LDAPRB, LDAPRH and LDAPR are implemented);
    /// no pointer authentication, no JSCVT, FCMA, DPB, SB, BF16 or I8MM.
    /// </summary>
    public const ulong IdAa64Isar1 = 0x0010_0000;

    /// <summary>
    /// ID_AA64MMFR0_EL1: PARange = 0b0101 (48 bits, which covers every board address),
    /// ASIDBits = 0b0010 (16), little-endian only (BigEnd, BigEndEL0 = 0), no mixed-endian
    /// or secure memory distinction, and all three granules: TGran4 = 0 and TGran64 = 0
    /// (supported), TGran16 = 1 (supported). The _2 fields are 0 (as the stage 1 fields: no stage 2).
    /// </summary>
    public const ulong IdAa64Mmfr0 = 0x0010_0025;

    /// <summary>
    /// ID_AA64MMFR1_EL1: PAN = 1 (PSTATE.PAN, SCTLR_EL1.SPAN, MSR PAN; not the AT S1E1RP/WP
    /// of PAN = 2). No hardware Access flag or dirty state update (HAFDBS = 0), no VMIDs, VHE,
    /// hierarchical permission disables (HPDS) or LORegions.
    /// </summary>
    public const ulong IdAa64Mmfr1 = 0x0010_0000;

    /// <summary>ID_AA64MMFR2_EL1: all 0: 48-bit VAs (VARange = 0), no CnP, UAO, IESB, TTL, BBM or E0PD.</summary>
    public const ulong IdAa64Mmfr2 = 0;

    /// <summary>
    /// ID_AA64DFR0_EL1: DebugVer = 6 (Armv8.0 debug), no trace, no PMU (PMUVer = 0), no
    /// statistical profiling, BRPs = 1 and WRPs = 1 (two breakpoints and two watchpoints, the
    /// architectural minimum), CTX_CMPs = 0 (one context-aware breakpoint: breakpoint 1).
    /// They are implemented by Debug.cs, with software step and the OS lock.
    /// </summary>
    public const ulong IdAa64Dfr0 = 0x0010_1006;

    /// <summary>
    /// CTR_EL0: bit 31 RES1, CWG = 4 and ERG = 4 (64 bytes), DminLine = IminLine = 4 (64-byte
    /// lines), L1Ip = 0b11 (PIPT), IDC = DIC = 0 (software cleans and invalidates as usual).
    /// </summary>
    public const ulong Ctr = 0x8444_C004;

    /// <summary>DCZID_EL0.BS: log2 of the DC ZVA block in words (4: 64 bytes).</summary>
    public const ulong DczidBlockSize = 4;

    /// <summary>
    /// CLIDR_EL1: L1 separate instruction and data caches (Ctype1 = 0b011), L2 unified
    /// (Ctype2 = 0b100), LoUIS = 1, LoC = 2, LoUU = 1.
    /// </summary>
    public const ulong Clidr = 0x0A20_0023;

    /// <summary>CCSIDR_EL1 of a cache: write-back, read- and write-allocate flags, sets, ways, 64-byte lines (LineSize = 2).</summary>
    static ulong Ccsidr(ulong flags, int sets, int ways) => flags | (ulong)(sets - 1) << 13 | (ulong)(ways - 1) << 3 | 2;

    const ulong CcsidrWb = 1UL << 30, CcsidrRa = 1UL << 29, CcsidrWa = 1UL << 28;

    /// <summary>
    /// CCSIDR_EL1 for the cache CSSELR_EL1 selects: L1D 32KB 4-way, L1I 32KB 2-way, L2 1MB
    /// 16-way, all with 64-byte lines; a cache that CLIDR_EL1 does not list reads as 0 (the
    /// architecture leaves it UNKNOWN).
    /// </summary>
    public static ulong CcsidrFor(ulong csselr) => csselr switch
    {
        0b000 => Ccsidr(CcsidrWb | CcsidrRa | CcsidrWa, 128, 4),
        0b001 => Ccsidr(CcsidrRa, 256, 2),
        0b010 => Ccsidr(CcsidrWb | CcsidrRa | CcsidrWa, 1024, 16),
        _ => 0,
    };

    // ---- Field masks --------------------------------------------------------------------

    /// <summary>SCTLR_EL1 bits with an effect here: M, A, C, SA, SA0, UMA, I, DZE, UCT, nTWI, nTWE, WXN, SPAN, UCI. The rest are RES0 or RES1.</summary>
    public const ulong SctlrWritable = 0x048D_D21F;
    public const ulong SctlrRes1 = CpuState.SctlrEl1Reset & ~SctlrWritable;

    /// <summary>SPSR_EL1: N, Z, C, V, PAN, SS, IL, D, A, I, F, M[4:0]; the rest RES0.</summary>
    const ulong SpsrWritable = 0xF070_03DF;
    /// <summary>VBAR_EL1 bits 10:0 are RES0 (the vector table is 2KB aligned).</summary>
    const ulong VbarMask = ~0x7FFUL;
    /// <summary>CPACR_EL1.FPEN (bits 21:20); TTA is RES0 without a trace unit.</summary>
    const ulong CpacrWritable = 0x0030_0000;
    /// <summary>MDSCR_EL1: SS, TDCC, KDE, HDE, MDE, TDA, INTdis. The DCC status bits read as 0 (see MDCCSR_EL0).</summary>
    const ulong MdscrWritable = 0x00E0_F001;
    /// <summary>CNTKCTL_EL1: EL0PCTEN, EL0VCTEN, EVNTEN, EVNTDIR, EVNTI, EL0VTEN, EL0PTEN.</summary>
    const ulong CntkctlWritable = 0x3FF;
    const ulong CntkctlEl0PcTen = 1, CntkctlEl0VcTen = 2;
    const ulong OseccrWritable = 0x30;
    const ulong DbgBcrWritable = 0x00FF_E1E7, DbgWcrWritable = 0x1F1F_FFFF, DbgValueMask = ~3UL;
    const ulong Low32 = 0xFFFF_FFFF;

    static readonly ushort Nzcv = E(3, 3, 4, 2, 0), Daif = E(3, 3, 4, 2, 1), CtrEl0 = E(3, 3, 0, 0, 1), CntfrqEl0 = E(3, 3, 14, 0, 0);
    static readonly ushort MdccsrEl0 = E(2, 3, 0, 1, 0), DbgdtrEl0 = E(2, 3, 0, 4, 0), DbgdtrTxRxEl0 = E(2, 3, 0, 5, 0);

    public static readonly SystemRegister[] Base =
    [
        // Special-purpose registers.
        new("NZCV", Nzcv, c => c.Nzcv, (c, v) => c.Nzcv = (uint)v & 0xF000_0000, SystemRegisterAccess.El0),
        new("DAIF", Daif, c => c.State.Daif, (c, v) => { c.State.Daif = (uint)v & 0x3C0; c.MaskChanged(); }, SystemRegisterAccess.El0Conditional),
        new("SPSel", E(3, 0, 4, 2, 0), c => c.State.SpSel, (c, v) => c.SetExceptionLevel(c.State.CurrentEl, (uint)v & 1)),
        // PAN (FEAT_PAN): PSTATE.PAN in bit 22.
        new("PAN", E(3, 0, 4, 2, 3), c => c.State.Pan ? PanBit : 0, (c, v) => c.SetPan((v & PanBit) != 0)),
        new("CurrentEL", E(3, 0, 4, 2, 2), c => c.State.CurrentEl << 2, null),
        new("SP_EL0", E(3, 0, 4, 1, 0), c => c.GetBankedSp(0), (c, v) => c.SetBankedSp(0, v),
            Available: c => c.State.SpSel != 0),
        // SP_EL1 (S3_4_C4_C1_0) belongs to EL2: UNDEFINED here, so no row.
        new("ELR_EL1", E(3, 0, 4, 0, 1), c => c.State.ElrEl1, (c, v) => c.State.ElrEl1 = v),
        new("SPSR_EL1", E(3, 0, 4, 0, 0), c => c.State.SpsrEl1, (c, v) => c.State.SpsrEl1 = v & SpsrWritable),

        // Exception and fault handling.
        new("ESR_EL1", E(3, 0, 5, 2, 0), c => c.State.EsrEl1, (c, v) => c.State.EsrEl1 = v & Low32),
        new("FAR_EL1", E(3, 0, 6, 0, 0), c => c.State.FarEl1, (c, v) => c.State.FarEl1 = v),
        new("VBAR_EL1", E(3, 0, 12, 0, 0), c => c.State.VbarEl1, (c, v) => c.State.VbarEl1 = v & VbarMask),
        // ISR_EL1: the physical SError (A, bit 8), IRQ (I, bit 7) and FIQ (F, bit 6) pending now.
        new("ISR_EL1", E(3, 0, 12, 1, 0),
            c => (c.State.SErrorPending ? 1UL << 8 : 0) | (c.IrqLine ? 1UL << 7 : 0) | (c.FiqLine ? 1UL << 6 : 0), null),
        new("PAR_EL1", E(3, 0, 7, 4, 0), c => c.State.ParEl1, (c, v) => c.State.ParEl1 = v),
        // IMPLEMENTATION DEFINED registers that this implementation has nothing in: RAZ/WI.
        new("ACTLR_EL1", E(3, 0, 1, 0, 1), _ => 0, (_, _) => { }),
        new("AFSR0_EL1", E(3, 0, 5, 1, 0), _ => 0, (_, _) => { }),
        new("AFSR1_EL1", E(3, 0, 5, 1, 1), _ => 0, (_, _) => { }),

        // System control.
        new("SCTLR_EL1", E(3, 0, 1, 0, 0), c => c.State.SctlrEl1, WriteSctlr),
        new("CPACR_EL1", E(3, 0, 1, 0, 2), c => c.State.CpacrEl1, (c, v) => c.State.CpacrEl1 = v & CpacrWritable),

        // Thread and context IDs.
        new("TPIDR_EL0", E(3, 3, 13, 0, 2), c => c.State.TpidrEl0, (c, v) => c.State.TpidrEl0 = v, SystemRegisterAccess.El0),
        new("TPIDRRO_EL0", E(3, 3, 13, 0, 3), c => c.State.TpidrroEl0, (c, v) => c.State.TpidrroEl0 = v, SystemRegisterAccess.El0ReadOnly),
        new("TPIDR_EL1", E(3, 0, 13, 0, 4), c => c.State.TpidrEl1, (c, v) => c.State.TpidrEl1 = v),
        new("CONTEXTIDR_EL1", E(3, 0, 13, 0, 1), c => c.State.ContextidrEl1, (c, v) => c.State.ContextidrEl1 = v & Low32),

        // Identification.
        ReadOnly("MIDR_EL1", E(3, 0, 0, 0, 0), Midr),
        new("MPIDR_EL1", E(3, 0, 0, 0, 5), c => c.Mpidr | 1UL << 31, null),
        ReadOnly("REVIDR_EL1", E(3, 0, 0, 0, 6), 0),
        // AIDR_EL1: IMPLEMENTATION DEFINED auxiliary identification, nothing to identify.
        ReadOnly("AIDR_EL1", E(3, 1, 0, 0, 7), 0),
        .. IdRegisterSpace(),

        // Caches.
        new("CTR_EL0", CtrEl0, _ => Ctr, null, SystemRegisterAccess.El0Conditional),
        // DZP (bit 4) reads 1 where DC ZVA is prohibited: at EL0 without SCTLR_EL1.DZE.
        new("DCZID_EL0", E(3, 3, 0, 0, 7),
            c => DczidBlockSize | (c.State.CurrentEl == 0 && (c.State.SctlrEl1 & BranchesExceptionSystem.Sctlr.Dze) == 0 ? 1UL << 4 : 0),
            null, SystemRegisterAccess.El0),
        ReadOnly("CLIDR_EL1", E(3, 1, 0, 0, 1), Clidr),
        new("CSSELR_EL1", E(3, 2, 0, 0, 0), c => c.State.CsselrEl1, (c, v) => c.State.CsselrEl1 = v & 0xF),
        new("CCSIDR_EL1", E(3, 1, 0, 0, 0), c => CcsidrFor(c.State.CsselrEl1), null),

        // Translation controls. A write changes what the cached fast translations were made
        // from, so they go; the architectural TLB stays, as software must maintain it.
        new("TCR_EL1", E(3, 0, 2, 0, 2), c => c.State.TcrEl1, (c, v) => WriteTranslationControl(c, ref c.State.TcrEl1, v & Processor.Tcr.Writable)),
        // TTBRn_EL1: ASID in bits 63:48, BADDR in 47:1; CnP (bit 0) is RES0 without FEAT_TTCNP.
        new("TTBR0_EL1", E(3, 0, 2, 0, 0), c => c.State.Ttbr0El1, (c, v) => WriteTranslationControl(c, ref c.State.Ttbr0El1, v & ~1UL)),
        new("TTBR1_EL1", E(3, 0, 2, 0, 1), c => c.State.Ttbr1El1, (c, v) => WriteTranslationControl(c, ref c.State.Ttbr1El1, v & ~1UL)),
        new("MAIR_EL1", E(3, 0, 10, 2, 0), c => c.State.MairEl1, (c, v) => WriteTranslationControl(c, ref c.State.MairEl1, v)),
        new("AMAIR_EL1", E(3, 0, 10, 3, 0), c => c.State.AmairEl1, (c, v) => c.State.AmairEl1 = v),

        // Debug (op0 = 2).
        new("MDSCR_EL1", E(2, 0, 0, 2, 2), c => c.State.MdscrEl1, (c, v) => { c.State.MdscrEl1 = v & MdscrWritable; c.DebugControlsChanged(); }),
        new("OSLAR_EL1", E(2, 0, 1, 0, 4), null, (c, v) => { c.State.OsLock = (v & 1) != 0; c.DebugControlsChanged(); }),
        // OSLM = 0b10 (bits 3 and 0): the OS lock is implemented; OSLK in bit 1.
        new("OSLSR_EL1", E(2, 0, 1, 1, 4), c => 0b1000 | (c.State.OsLock ? 0b10UL : 0), null),
        new("OSDLR_EL1", E(2, 0, 1, 3, 4), c => c.State.OsdlrEl1, (c, v) => { c.State.OsdlrEl1 = v & 1; c.DebugControlsChanged(); }),
        // DBGPRCR_EL1.CORENPDRQ: a powerdown request would be turned into a warm reset; it only
        // matters here as the condition under which OSDLR_EL1.DLK locks.
        new("DBGPRCR_EL1", E(2, 0, 1, 4, 4), c => c.State.CoreNoPowerDownRequest ? 1UL : 0,
            (c, v) => c.State.CoreNoPowerDownRequest = (v & 1) != 0),
        // The debug communications channel, with no external debugger on the other side: an
        // external host that takes every word at once and sends none. MDCCSR_EL0 (TXfull,
        // RXfull) reads 0, DBGDTR_EL0 and DBGDTRRX_EL0 read 0 and transmit writes are taken.
        // EL0 may use them unless MDSCR_EL1.TDCC traps it.
        new("MDCCSR_EL0", MdccsrEl0, _ => 0, null, SystemRegisterAccess.El0Conditional),
        new("DBGDTR_EL0", DbgdtrEl0, _ => 0, (_, _) => { }, SystemRegisterAccess.El0Conditional),
        new("DBGDTRRX_EL0/DBGDTRTX_EL0", DbgdtrTxRxEl0, _ => 0, (_, _) => { }, SystemRegisterAccess.El0Conditional),
        .. DebugPoints(),
        // The OS save and restore view of the DCC (OSDTRRX_EL1, OSDTRTX_EL1): the same
        // channel as DBGDTR, with nobody on the other side.
        new("OSDTRRX_EL1", E(2, 0, 0, 0, 2), _ => 0, (_, _) => { }),
        new("OSDTRTX_EL1", E(2, 0, 0, 3, 2), _ => 0, (_, _) => { }),
        // OSECCR_EL1: EDECCR's Non-secure exception catch enables for EL0 and EL1 (NSE bits
        // 4 and 5; the Secure and EL2/EL3 ones do not exist), kept so that an OS can save
        // and restore them; without halting debug no catch happens.
        new("OSECCR_EL1", E(2, 0, 0, 6, 2), c => c.State.OseccrEl1, (c, v) => c.State.OseccrEl1 = v & OseccrWritable),
        // MDRAR_EL1: ROMADDRV = 0b00, no debug ROM table address.
        ReadOnly("MDRAR_EL1", E(2, 0, 1, 0, 0), 0),
        // Claim tags: eight implemented; DBGCLAIMSET reads which exist and sets on 1s,
        // DBGCLAIMCLR reads their values and clears on 1s.
        new("DBGCLAIMSET_EL1", E(2, 0, 7, 8, 6), _ => 0xFF, (c, v) => c.State.DbgClaimTags |= (byte)v),
        new("DBGCLAIMCLR_EL1", E(2, 0, 7, 9, 6), c => c.State.DbgClaimTags, (c, v) => c.State.DbgClaimTags &= (byte)~v),
        // DBGAUTHSTATUS_EL1: Non-secure invasive and non-invasive debug implemented and
        // enabled (NSID = NSNID = 0b11); no Secure state (SID = SNID = 0b00).
        ReadOnly("DBGAUTHSTATUS_EL1", E(2, 0, 7, 14, 6), 0x0F),

        // Generic timer controls kept by the PE (the timer issue gives them behaviour).
        new("CNTKCTL_EL1", E(3, 0, 14, 1, 0), c => c.State.CntkctlEl1, (c, v) => c.State.CntkctlEl1 = v & CntkctlWritable),
        // Writable only at the highest implemented EL, which is EL1 here.
        new("CNTFRQ_EL0", CntfrqEl0, c => c.State.CntfrqEl0, (c, v) => c.State.CntfrqEl0 = v & Low32,
            SystemRegisterAccess.El0ReadConditional),
    ];

    /// <summary>Conditions under which EL0 may access a register whose access is <see cref="SystemRegisterAccess.El0Conditional"/>.</summary>
    public static readonly (ushort Encoding, Func<Processor, bool> Check)[] El0Checks =
    [
        (Daif, BranchesExceptionSystem.El0MayAccessDaif),
        (CtrEl0, c => (c.State.SctlrEl1 & BranchesExceptionSystem.Sctlr.Uct) != 0),
        (CntfrqEl0, c => (c.State.CntkctlEl1 & (CntkctlEl0PcTen | CntkctlEl0VcTen)) != 0),
        (MdccsrEl0, El0MayUseDcc),
        (DbgdtrEl0, El0MayUseDcc),
        (DbgdtrTxRxEl0, El0MayUseDcc),
    ];

    static bool El0MayUseDcc(Processor cpu) => (cpu.State.MdscrEl1 & Processor.Mdscr.Tdcc) == 0;

    const ulong PanBit = 1UL << 22;

    /// <summary>
    /// SCTLR_EL1: RES0 bits read as 0 and RES1 bits as 1 whatever is written. M, WXN and A
    /// change what the fast translations hold, so a change drops them.
    /// </summary>
    static void WriteSctlr(Processor cpu, ulong value) =>
        WriteTranslationControl(cpu, ref cpu.State.SctlrEl1, (value & SctlrWritable) | SctlrRes1);

    static void WriteTranslationControl(Processor cpu, ref ulong register, ulong value)
    {
        if (register == value) return;
        register = value;
        cpu.InvalidateFastTlb();
    }

    /// <summary>
    /// The ID register space op0 = 3, op1 = 0, CRn = 0, CRm = 1..7: the AArch64 ID registers
    /// with their values, and every other encoding of the space (the AArch32 ID registers,
    /// which describe an AArch32 that is not implemented, and the reserved encodings) RAZ,
    /// as the architecture requires. EL1 only: at EL0 they are UNDEFINED (no FEAT_IDST).
    /// </summary>
    static IEnumerable<SystemRegister> IdRegisterSpace()
    {
        var named = new Dictionary<(int Crm, int Op2), (string Name, ulong Value)>
        {
            [(1, 0)] = ("ID_PFR0_EL1", 0), [(1, 1)] = ("ID_PFR1_EL1", 0), [(1, 2)] = ("ID_DFR0_EL1", 0),
            [(1, 3)] = ("ID_AFR0_EL1", 0), [(1, 4)] = ("ID_MMFR0_EL1", 0), [(1, 5)] = ("ID_MMFR1_EL1", 0),
            [(1, 6)] = ("ID_MMFR2_EL1", 0), [(1, 7)] = ("ID_MMFR3_EL1", 0),
            [(2, 0)] = ("ID_ISAR0_EL1", 0), [(2, 1)] = ("ID_ISAR1_EL1", 0), [(2, 2)] = ("ID_ISAR2_EL1", 0),
            [(2, 3)] = ("ID_ISAR3_EL1", 0), [(2, 4)] = ("ID_ISAR4_EL1", 0), [(2, 5)] = ("ID_ISAR5_EL1", 0),
            [(2, 6)] = ("ID_MMFR4_EL1", 0), [(2, 7)] = ("ID_ISAR6_EL1", 0),
            [(3, 0)] = ("MVFR0_EL1", 0), [(3, 1)] = ("MVFR1_EL1", 0), [(3, 2)] = ("MVFR2_EL1", 0),
            [(3, 4)] = ("ID_PFR2_EL1", 0), [(3, 5)] = ("ID_DFR1_EL1", 0), [(3, 6)] = ("ID_MMFR5_EL1", 0),
            [(4, 0)] = ("ID_AA64PFR0_EL1", IdAa64Pfr0), [(4, 1)] = ("ID_AA64PFR1_EL1", 0),
            [(4, 4)] = ("ID_AA64ZFR0_EL1", 0),
            [(5, 0)] = ("ID_AA64DFR0_EL1", IdAa64Dfr0), [(5, 1)] = ("ID_AA64DFR1_EL1", 0),
            [(5, 4)] = ("ID_AA64AFR0_EL1", 0), [(5, 5)] = ("ID_AA64AFR1_EL1", 0),
            [(6, 0)] = ("ID_AA64ISAR0_EL1", IdAa64Isar0), [(6, 1)] = ("ID_AA64ISAR1_EL1", IdAa64Isar1),
            [(6, 2)] = ("ID_AA64ISAR2_EL1", 0),
            [(7, 0)] = ("ID_AA64MMFR0_EL1", IdAa64Mmfr0), [(7, 1)] = ("ID_AA64MMFR1_EL1", IdAa64Mmfr1),
            [(7, 2)] = ("ID_AA64MMFR2_EL1", IdAa64Mmfr2),
        };
        for (int crm = 1; crm <= 7; crm++)
            for (int op2 = 0; op2 <= 7; op2++)
            {
                ushort encoding = E(3, 0, 0, crm, op2);
                (string name, ulong value) = named.TryGetValue((crm, op2), out var row)
                    ? row
                    : (SystemRegister.Format(encoding) + " (reserved ID register, RAZ)", 0UL);
                yield return ReadOnly(name, encoding, value);
            }
    }

    /// <summary>DBGBVR&lt;n&gt;_EL1, DBGBCR&lt;n&gt;_EL1, DBGWVR&lt;n&gt;_EL1, DBGWCR&lt;n&gt;_EL1 for the two breakpoints and two watchpoints.</summary>
    static IEnumerable<SystemRegister> DebugPoints()
    {
        for (int n = 0; n < 2; n++)
        {
            int i = n;
            yield return new($"DBGBVR{i}_EL1", E(2, 0, 0, i, 4), c => c.State.DbgBvr[i], (c, v) => c.State.DbgBvr[i] = v & DbgValueMask);
            yield return new($"DBGBCR{i}_EL1", E(2, 0, 0, i, 5), c => c.State.DbgBcr[i],
                (c, v) => { c.State.DbgBcr[i] = v & DbgBcrWritable; c.DebugControlsChanged(); });
            yield return new($"DBGWVR{i}_EL1", E(2, 0, 0, i, 6), c => c.State.DbgWvr[i],
                (c, v) => { c.State.DbgWvr[i] = v & DbgValueMask; c.DebugControlsChanged(); });
            yield return new($"DBGWCR{i}_EL1", E(2, 0, 0, i, 7), c => c.State.DbgWcr[i],
                (c, v) => { c.State.DbgWcr[i] = v & DbgWcrWritable; c.DebugControlsChanged(); });
        }
    }
}
