using Emulator.Interconnect;

namespace Emulator.Cpu.Diagnostics;

/// <summary>What the cross-check does with the words a <see cref="CrossCheckRule"/> matches.</summary>
public enum CrossCheckTreatment
{
    /// <summary>Not compared, only counted: the Arm ARM lets a decoder go either way, or the instruction is outside our set.</summary>
    SetAside,
    /// <summary>Compared, but against the rule's verdict (read from the Arm ARM) instead of Capstone's, which is wrong or missing here.</summary>
    ArmArmVerdict,
}

/// <summary>
/// One category of encodings on which Capstone's opinion is not used, as data: a pattern
/// in the decoder-table style (32 characters, bit 31 first, <c>0</c>/<c>1</c> fixed, any
/// other character free), an optional condition on the fields, what to do with the words,
/// and why (with the Arm ARM section that says so).
/// </summary>
public sealed class CrossCheckRule
{
    public CrossCheckRule(string name, string pattern, CrossCheckTreatment treatment, string reason,
        Func<uint, bool>? when = null, Func<uint, bool>? valid = null)
    {
        if (pattern.Length != 32)
            throw new ArgumentException($"{name}: pattern '{pattern}' has {pattern.Length} characters, not 32");
        if ((treatment == CrossCheckTreatment.ArmArmVerdict) != (valid is not null))
            throw new ArgumentException($"{name}: a verdict rule needs a verdict, and only a verdict rule has one");
        Name = name;
        Pattern = pattern;
        Treatment = treatment;
        Reason = reason;
        When = when;
        Verdict = valid;
        for (int i = 0; i < 32; i++)
        {
            uint bit = 1u << (31 - i);
            if (pattern[i] is '0' or '1') Mask |= bit;
            if (pattern[i] == '1') Value |= bit;
        }
    }

    public string Name { get; }
    public string Pattern { get; }
    public CrossCheckTreatment Treatment { get; }
    public string Reason { get; }
    public uint Mask { get; }
    public uint Value { get; }
    Func<uint, bool>? When { get; }
    Func<uint, bool>? Verdict { get; }

    public bool Matches(uint word) => (word & Mask) == Value && (When?.Invoke(word) ?? true);

    /// <summary>For a verdict rule: whether the word is a valid instruction of our set (Armv8.0 integer + LSE + CRC32 + LDAPR).</summary>
    public bool IsValid(uint word) =>
        Verdict?.Invoke(word) ?? throw new InvalidOperationException($"{Name} sets words aside; it has no verdict");

    public override string ToString() => Name;
}

/// <summary>
/// The categories on which the cross-check does not take Capstone's word, first match
/// wins. The shipped Capstone is 4.0 (LLVM's AArch64 decoder of its day): it predates
/// Armv8.1, rejects encodings that are CONSTRAINED UNPREDICTABLE, ignores should-be-one
/// fields, and reads some unallocated system encodings as MSR. Names of fields follow the
/// Arm ARM's encoding index (DDI 0487, C4.1).
/// </summary>
public static class CrossCheckRules
{
    static readonly BitField Size = new(30, 2);
    static readonly BitField Rt = new(0, 5);
    static readonly BitField Rn = new(5, 5);
    static readonly BitField Rt2 = new(10, 5);
    static readonly BitField Rs = new(16, 5);
    static readonly BitField LoadStoreOpc = new(22, 2);
    static readonly BitField PairOpc = new(30, 2);
    static readonly BitField PairL = new(22, 1);
    static readonly BitField ExclusiveO2 = new(23, 1);
    static readonly BitField ExclusiveL = new(22, 1);
    static readonly BitField ExclusiveO1 = new(21, 1);
    static readonly BitField ExclusiveO0 = new(15, 1);
    static readonly BitField AtomicA = new(23, 1);
    static readonly BitField AtomicR = new(22, 1);
    static readonly BitField AtomicO3 = new(15, 1);
    static readonly BitField AtomicOpc = new(12, 3);
    static readonly BitField SysL = new(21, 1);
    static readonly BitField SysOp1 = new(16, 3);
    static readonly BitField SysCRn = new(12, 4);
    static readonly BitField SysOp2 = new(5, 3);

    static readonly BitField Imm5 = new(16, 5);
    static readonly BitField Imm4 = new(11, 4);

    const uint Zr = 31;

    static uint LowestSetBit(uint v) => v & (0u - v);

    public static IReadOnlyList<CrossCheckRule> Default { get; } =
    [
        // ---- CONSTRAINED UNPREDICTABLE: UNDEFINED is one permitted outcome, so a decoder may go either way ----
        new("Load/store register writeback with Rn == Rt",
            "--111000--0----------1----------", CrossCheckTreatment.SetAside,
            "Arm ARM C6.2 LDR/STR (immediate), pre/post-index: wback && n == t && n != 31 is CONSTRAINED UNPREDICTABLE "
            + "(K1.2, WBOVERLAPLD/WBOVERLAPST; UNDEFINED is permitted). Capstone 4 rejects the loads, accepts the stores.",
            when: w => Rn.Extract(w) == Rt.Extract(w) && Rn.Extract(w) != Zr
                       && SingleRegisterAllocated(Size.Extract(w), LoadStoreOpc.Extract(w), prefetch: false)),
        new("Load/store pair writeback with Rn == Rt or Rt2",
            "--10100-1-----------------------", CrossCheckTreatment.SetAside,
            "Arm ARM C6.2 LDP/STP/LDPSW, pre/post-index: wback && (n == t || n == t2) && n != 31 is CONSTRAINED "
            + "UNPREDICTABLE (K1.2, WBOVERLAPLD/WBOVERLAPST). Capstone 4 rejects these.",
            when: w => Rn.Extract(w) != Zr && (Rn.Extract(w) == Rt.Extract(w) || Rn.Extract(w) == Rt2.Extract(w))
                       && PairAllocated(w)),
        new("Load pair with Rt == Rt2",
            "--10100--1----------------------", CrossCheckTreatment.SetAside,
            "Arm ARM C6.2 LDP/LDNP/LDPSW: L == 1 && t == t2 is CONSTRAINED UNPREDICTABLE (K1.2, LDPOVERLAP). "
            + "Capstone 4 rejects these.",
            when: w => Rt.Extract(w) == Rt2.Extract(w) && PairAllocated(w)),
        new("Load-exclusive pair with Rt == Rt2",
            "1-001000011---------------------", CrossCheckTreatment.SetAside,
            "Arm ARM C6.2 LDXP/LDAXP: t == t2 is CONSTRAINED UNPREDICTABLE (K1.2, LDPOVERLAP). Capstone 4 rejects these.",
            when: w => Rt.Extract(w) == Rt2.Extract(w)),
        new("Store-exclusive status register overlaps a transfer or base register",
            "--0010000-----------------------", CrossCheckTreatment.SetAside,
            "Arm ARM C6.2 STXR/STLXR/STXP/STLXP: s == t, s == t2 (pairs) or s == n && n != 31 is CONSTRAINED "
            + "UNPREDICTABLE (K1.2, DATAOVERLAP/BASEOVERLAP). Capstone 4 accepts these.",
            when: StoreExclusiveOverlap),
        new("Should-be-one field of an exclusive/ordered/CAS encoding is not 11111",
            "--001000------------------------", CrossCheckTreatment.SetAside,
            "Arm ARM C4.1 (Loads and stores, exclusive and ordered): Rs/Rt2 shown as (1) in LDXR, LDAXR, LDXP, "
            + "LDAR, STLR, STXR, CAS, CASP; another value is CONSTRAINED UNPREDICTABLE (Arm ARM 'Fixed values in "
            + "AArch64 instruction encodings'). Capstone 4 ignores these bits.",
            when: ShouldBeOneViolated),
        new("LDAPR with Rs != 11111",
            "--111000101-----110000----------", CrossCheckTreatment.SetAside,
            "Arm ARM C6.2 LDAPR/LDAPRB/LDAPRH: Rs is (1)(1)(1)(1)(1); another value is CONSTRAINED UNPREDICTABLE.",
            when: w => Rs.Extract(w) != Zr),
        new("DCPS1/2/3 (Debug state only)",
            "11010100101----------------000--", CrossCheckTreatment.SetAside,
            "Arm ARM C6.2 DCPS<n>: UNDEFINED in Non-debug state, which is the only state this CPU has; a decoder "
            + "may list them (and raise UNDEFINED when they execute) or leave them unallocated.",
            when: w => (w & 3) != 0),
        new("DRPS (Debug state only)",
            "11010110101111110000001111100000", CrossCheckTreatment.SetAside,
            "Arm ARM C6.2 DRPS: UNDEFINED in Non-debug state; a decoder may list it or leave it unallocated."),

        new("UDF (permanently undefined)",
            "0000000000000000----------------", CrossCheckTreatment.SetAside,
            "Arm ARM C6.2 UDF: an allocated encoding that is always UNDEFINED; a decoder may give it a row (so traces "
            + "name it) or leave it unallocated, and execution raises UNDEFINED either way. Capstone 4 predates UDF."),
        new("SYS/SYSL (which operations exist is decided at execution)",
            "1101010100-01-------------------", CrossCheckTreatment.SetAside,
            "Arm ARM C5.1, C6.2 SYS/SYSL: every op1:CRn:CRm:op2 is a SYS/SYSL encoding, and one that names no implemented "
            + "system instruction (for example a TLBI or AT for EL2, which we lack) is UNDEFINED when executed; a decoder "
            + "may have one generic row or one row per implemented operation. Capstone 4 accepts them all."),

        // ---- Bits the Arm ARM ignores and Capstone 4 requires to be zero ----
        new("DUP (general) with imm5 bits above the size bit set",
            "0-001110000-----000011----------", CrossCheckTreatment.SetAside,
            "Arm ARM C7.2 DUP (general): the lowest set bit of imm5 gives the element size and the bits above it are "
            + "ignored (imm5 = xxxx1 is B, xxx10 is H, xx100 is S, x1000 is D). Capstone 4 decodes only the forms with "
            + "those bits zero.",
            when: w => (Imm5.Extract(w) & ~LowestSetBit(Imm5.Extract(w)) & 0x1F) != 0),
        new("INS (element) with imm4 bits below the source index set",
            "01101110000-----0----1----------", CrossCheckTreatment.SetAside,
            "Arm ARM C7.2 INS (element): the source index is imm4<3:size>, so imm4's bits below the element size that "
            + "imm5 selects are ignored. Capstone 4 decodes only the forms with those bits zero.",
            when: w => (Imm4.Extract(w) & (LowestSetBit(Imm5.Extract(w)) - 1)) != 0),

        // ---- Outside our set ----
        new("LDLAR/STLLR (Armv8.1 LORegions)",
            "--0010001-0-----0---------------", CrossCheckTreatment.SetAside,
            "Arm ARM C6.2 LDLAR/STLLR (FEAT_LOR, Armv8.1) are outside our set and unknown to Capstone 4; with no "
            + "LORegion configured they behave as LDAR/STLR, so a decoder may accept them as such or leave them unallocated."),
        new("MSR (immediate) to a PSTATE field added after Armv8.0",
            "1101010100000---0100-------11111", CrossCheckTreatment.SetAside,
            "PAN (Armv8.1), UAO (8.2), DIT (8.4), SSBS and TCO (8.5), CFINV/XAFLAG/AXFLAG (8.4/8.5) are outside our "
            + "set (Armv8.0 + LSE + CRC32 + LDAPR); Arm ARM C5.2 lists which op1/op2 select them.",
            when: w => IsLaterPstateField(SysOp1.Extract(w), SysOp2.Extract(w))),

        // ---- Capstone is wrong or does not know the encoding: compare with the Arm ARM's verdict ----
        new("Atomic memory operations and LDAPR (Armv8.1 LSE, Armv8.3 LRCPC)",
            "--111000--1---------00----------", CrossCheckTreatment.ArmArmVerdict,
            "Capstone 4.0 predates Armv8.1. Arm ARM C4.1 'Atomic memory operations': o3 == 0 is LDADD..LDUMIN, "
            + "o3:opc == 1000 SWP, 1100 with A:R == 10 LDAPR; the rest is unallocated in our set (LD64B etc. are Armv8.7).",
            valid: AtomicMemoryOperationValid),
        new("Compare and swap (CAS, CASP; Armv8.1 LSE)",
            "--001000--1---------------------", CrossCheckTreatment.ArmArmVerdict,
            "Capstone 4.0 predates Armv8.1. Arm ARM C6.2 CAS (o2 == 1, o1 == 1, any size) and CASP (o2 == 0, o1 == 1, "
            + "size 0x: UNDEFINED when Rs or Rt is odd).",
            when: w => ExclusiveO2.Extract(w) == 1 || Size.Extract(w) < 2,
            valid: w => ExclusiveO2.Extract(w) == 1 || (Rs.Extract(w) % 2 == 0 && Rt.Extract(w) % 2 == 0)),
        new("Unprivileged load with Rt == Rn",
            "--111000--0---------10----------", CrossCheckTreatment.ArmArmVerdict,
            "Capstone 4 rejects LDTR* with Rt == Rn as if it wrote back; Arm ARM C6.2 LDTR etc. have no writeback and "
            + "no overlap restriction, so only the size:opc combinations decide.",
            when: w => Rn.Extract(w) == Rt.Extract(w),
            valid: w => SingleRegisterAllocated(Size.Extract(w), LoadStoreOpc.Extract(w), prefetch: false)),
        new("System instructions with op0 == 00",
            "1101010100-00-------------------", CrossCheckTreatment.ArmArmVerdict,
            "Capstone 4 prints unallocated op0 == 00 encodings as MSR S3_<op1>_C<n>_C<m>_<op2>. Arm ARM C4.1 "
            + "'System instructions': with op0 == 00 there are only hints (op1 011, CRn 0010), barriers (op1 011, "
            + "CRn 0011: CLREX, DSB, DMB, ISB) and MSR (immediate) (CRn 0100; SPSel, DAIFSet, DAIFClr in Armv8.0), "
            + "all with L == 0 and Rt == 11111.",
            valid: SystemOp0ZeroValid),
    ];

    /// <summary>Load/store register (single): the size:opc pairs that are allocated (Arm ARM C4.1 'Loads and stores').</summary>
    static bool SingleRegisterAllocated(uint size, uint opc, bool prefetch) => opc switch
    {
        0 or 1 => true,
        2 => size != 3 || prefetch, // LDRSB/LDRSH/LDRSW (64-bit); size 11 is PRFM where the class has it
        _ => size < 2,              // LDRSB/LDRSH (32-bit)
    };

    /// <summary>Load/store pair, general registers: opc 00 (32-bit), 10 (64-bit), 01 only as LDPSW.</summary>
    static bool PairAllocated(uint w)
    {
        uint opc = PairOpc.Extract(w);
        return opc == 0 || opc == 2 || (opc == 1 && PairL.Extract(w) == 1 && ((w >> 23) & 3) != 0);
    }

    static bool StoreExclusiveOverlap(uint w)
    {
        bool pair = ExclusiveO1.Extract(w) == 1;
        if (ExclusiveL.Extract(w) != 0 || (pair && Size.Extract(w) < 2)) return false; // loads; CASP
        uint s = Rs.Extract(w), n = Rn.Extract(w);
        return s == Rt.Extract(w) || (pair && s == Rt2.Extract(w)) || (s == n && n != Zr);
    }

    static bool ShouldBeOneViolated(uint w)
    {
        uint o2 = ExclusiveO2.Extract(w), l = ExclusiveL.Extract(w), o1 = ExclusiveO1.Extract(w);
        bool rsOnes = Rs.Extract(w) == Zr, rt2Ones = Rt2.Extract(w) == Zr;
        return (o2, l, o1) switch
        {
            (0, 1, 0) => !rsOnes || !rt2Ones,                          // LDXR, LDAXR
            (0, 0, 0) => !rt2Ones,                                     // STXR, STLXR
            (0, 1, 1) => Size.Extract(w) >= 2 ? !rsOnes : !rt2Ones,    // LDXP, LDAXP; CASP
            (0, 0, 1) => Size.Extract(w) < 2 && !rt2Ones,              // CASP (STXP has no such field)
            (1, _, 0) => ExclusiveO0.Extract(w) == 1 && (!rsOnes || !rt2Ones), // LDAR, STLR (LDLAR/STLLR are Armv8.1 LOR)
            (1, _, 1) => !rt2Ones,                                     // CAS
            _ => false,
        };
    }

    static bool IsLaterPstateField(uint op1, uint op2) => (op1, op2) switch
    {
        (0b000, 0b000 or 0b001 or 0b010) => true, // CFINV, XAFLAG, AXFLAG
        (0b000, 0b011) => true,                   // UAO
        (0b000, 0b100) => true,                   // PAN
        (0b011, 0b001) => true,                   // SSBS
        (0b011, 0b010) => true,                   // DIT
        (0b011, 0b100) => true,                   // TCO
        _ => false,
    };

    static bool AtomicMemoryOperationValid(uint w)
    {
        if (((w >> 26) & 1) != 0) return false; // V == 1: no SIMD atomics
        uint o3 = AtomicO3.Extract(w), opc = AtomicOpc.Extract(w);
        if (o3 == 0) return true;                                   // LDADD, LDCLR, LDEOR, LDSET, LDSMAX, LDSMIN, LDUMAX, LDUMIN
        if (opc == 0) return true;                                  // SWP
        return opc == 0b100 && AtomicA.Extract(w) == 1 && AtomicR.Extract(w) == 0; // LDAPR (Rs handled above)
    }

    static bool SystemOp0ZeroValid(uint w)
    {
        if (SysL.Extract(w) != 0 || Rt.Extract(w) != Zr) return false;
        uint op1 = SysOp1.Extract(w), crn = SysCRn.Extract(w), op2 = SysOp2.Extract(w);
        return crn switch
        {
            0b0010 => op1 == 0b011,                                    // HINT space: unallocated hints execute as NOP
            0b0011 => op1 == 0b011 && op2 is 0b010 or 0b100 or 0b101 or 0b110, // CLREX, DSB, DMB, ISB
            0b0100 => (op1, op2) is (0b000, 0b101) or (0b011, 0b110) or (0b011, 0b111), // SPSel, DAIFSet, DAIFClr
            _ => false,
        };
    }
}
