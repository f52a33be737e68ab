using Emulator.Cpu.Decoder;
using Emulator.Interconnect;

namespace Emulator.Cpu;

/// <summary>
/// Self-hosted debug (Arm ARM D2): software step, the two hardware breakpoints and the two
/// watchpoints of ID_AA64DFR0_EL1, all taken to EL1.
///
/// None of it costs anything while it is off. Writes to the debug controls (MDSCR_EL1, the
/// DBGBCR/DBGWCR pairs, the OS lock) recompute two flags. With <see cref="debugArmed"/>
/// (MDSCR_EL1.SS, or MDE with a breakpoint enabled) the fetch path never caches its page,
/// so every instruction goes through the slow fetch path, where stepping and breakpoints
/// are checked. With <see cref="debugWatchArmed"/> (MDE with a watchpoint enabled) the TLB
/// is flushed and never filled for a page that an enabled watchpoint covers, so every
/// access to such a page takes the slow data path, where watchpoints are checked. Whether
/// a debug exception may be taken at all (OS lock, EL, KDE, PSTATE.D) is decided then.
/// </summary>
public sealed partial class Processor
{
    /// <summary>Stepping or breakpoints may fire: fetch goes through the slow path for every instruction.</summary>
    bool debugArmed;

    /// <summary>A watchpoint may fire: data accesses to the pages it covers go through the slow path.</summary>
    bool debugWatchArmed;

    /// <summary>Bumped by every exception taken: a stepped instruction completed if none was taken since it was fetched.</summary>
    ulong exceptionsTaken;

    // The instruction being stepped (active-not-pending when it was fetched), and what the
    // Software Step exception that follows its completion reports.
    bool stepping;
    ulong steppingMark;
    bool steppingLoadExclusive;
    bool stepSyndromeValid, stepExclusive;

    /// <summary>MDSCR_EL1 fields (Arm ARM D17.3.21).</summary>
    internal static class Mdscr
    {
        public const ulong Ss = 1UL << 0, Tdcc = 1UL << 12, Kde = 1UL << 13, Mde = 1UL << 15;
    }

    const uint DaifD = 1u << 9;
    /// <summary>The fault status code that the ISS of every debug exception carries (IFSC/DFSC 0b100010).</summary>
    const uint DebugFaultStatus = 0b100010;
    const uint StepIssIsv = 1u << 24, StepIssEx = 1u << 6, WatchIssWnR = 1u << 6;

    static readonly BitField BcrEnable = new(0, 1), BcrPmc = new(1, 2), BcrSsc = new(14, 2),
        BcrLbn = new(16, 4), BcrBt = new(20, 4);
    static readonly BitField WcrEnable = new(0, 1), WcrPac = new(1, 2), WcrLsc = new(3, 2), WcrBas = new(5, 8), WcrSsc = new(14, 2),
        WcrLbn = new(16, 4), WcrWt = new(20, 1), WcrMask = new(24, 5);

    /// <summary>Breakpoint types (DBGBCR.BT) that this PE implements.</summary>
    const uint BtUnlinkedAddress = 0b0000, BtLinkedAddress = 0b0001, BtUnlinkedContext = 0b0010, BtLinkedContext = 0b0011;

    /// <summary>The context-aware breakpoint: the highest-numbered one (ID_AA64DFR0_EL1.CTX_CMPs = 0, one of them).</summary>
    const int ContextBreakpoint = 1;

    /// <summary>DBGBVR bits 48:2 hold the address that an address breakpoint compares (the top bits are a sign extension).</summary>
    const ulong BreakpointAddressMask = 0x0001_FFFF_FFFF_FFFC;

    /// <summary>
    /// MDSCR_EL1, DBGBCR/DBGBVR, DBGWCR/DBGWVR, the OS lock or the OS double lock changed:
    /// re-arm the fetch and data paths.
    /// </summary>
    public void DebugControlsChanged()
    {
        CpuState s = State;
        bool mde = (s.MdscrEl1 & Mdscr.Mde) != 0;
        bool breakpoints = false, watchpoints = false;
        for (int n = 0; n < s.DbgBcr.Length; n++) breakpoints |= BcrEnable.Extract(s.DbgBcr[n]) != 0;
        for (int n = 0; n < s.DbgWcr.Length; n++) watchpoints |= WcrEnable.Extract(s.DbgWcr[n]) != 0;
        debugArmed = (s.MdscrEl1 & Mdscr.Ss) != 0 || (mde && breakpoints);
        bool watch = mde && watchpoints;
        // Pages that were cached before a watchpoint covered them must leave the TLB; the
        // flush also makes the next fetch take the slow path.
        if (watch || debugWatchArmed) FlushTlb();
        else InvalidateFetch();
        debugWatchArmed = watch;
    }

    /// <summary>
    /// Whether debug exceptions may be generated at <paramref name="el"/> with PSTATE.D =
    /// <paramref name="dMasked"/> (AArch64.GenerateDebugExceptionsFrom): never while the OS
    /// lock or the OS double lock is locked; always from EL0 (they are taken to EL1); at EL1
    /// only with MDSCR_EL1.KDE set and PSTATE.D clear.
    /// </summary>
    public bool DebugExceptionsEnabled(uint el, bool dMasked)
    {
        CpuState s = State;
        if (s.OsLock || ((s.OsdlrEl1 & 1) != 0 && !s.CoreNoPowerDownRequest)) return false;
        if (el == 0) return true;
        return (s.MdscrEl1 & Mdscr.Kde) != 0 && !dMasked;
    }

    bool DebugExceptionsEnabledNow() => DebugExceptionsEnabled(State.CurrentEl, (State.Daif & DaifD) != 0);

    /// <summary>Software step is active: MDSCR_EL1.SS with debug exceptions enabled at the current EL.</summary>
    bool SoftwareStepActive => (State.MdscrEl1 & Mdscr.Ss) != 0 && DebugExceptionsEnabledNow();

    /// <summary>
    /// DebugExceptionReturnSS: the PSTATE.SS that an exception return to
    /// <paramref name="targetEl"/> sets. SPSR.SS is restored only when stepping is on
    /// (MDSCR_EL1.SS), disabled at the EL executing ERET and enabled at the target with
    /// the D bit of the SPSR; otherwise PSTATE.SS becomes 0.
    /// </summary>
    bool ReturnSoftwareStep(ulong spsr, uint targetEl)
    {
        const ulong spsrSs = 1UL << 21, spsrD = 1UL << 9;
        if ((State.MdscrEl1 & Mdscr.Ss) == 0) return false;
        bool enabledAtSource = DebugExceptionsEnabledNow();
        bool enabledAtTarget = DebugExceptionsEnabled(targetEl, (spsr & spsrD) != 0);
        return !enabledAtSource && enabledAtTarget && (spsr & spsrSs) != 0;
    }

    /// <summary>
    /// Before the instruction at <paramref name="pc"/> is fetched, with debug armed: the
    /// instruction stepped before it has completed if it took no exception, which moves the
    /// step state machine to active-pending (PSTATE.SS = 0); in active-pending the Software
    /// Step exception is taken now, before any interrupt (the choice QEMU makes too), with
    /// ISV = 1 after a stepped instruction (EX = 1 if it was a load-exclusive) and ISV = 0
    /// when the state was entered otherwise (an exception return with SPSR.SS = 0, or
    /// debug exceptions becoming enabled). In active-not-pending this instruction is the
    /// one stepped. True when the exception was taken.
    /// </summary>
    bool DebugStepBeforeFetch(ulong pc)
    {
        CompleteStep();
        if (!SoftwareStepActive) return false;
        if (!State.SoftwareStep)
        {
            uint iss = DebugFaultStatus | (stepSyndromeValid ? StepIssIsv : 0) | (stepSyndromeValid && stepExclusive ? StepIssEx : 0);
            stepSyndromeValid = false;
            ExceptionClass ec = State.CurrentEl == 0 ? ExceptionClass.SoftwareStepLowerEl : ExceptionClass.SoftwareStepSameEl;
            TakeException(ExceptionKind.Synchronous, ec, iss, pc);
            return true;
        }
        stepping = true;
        steppingMark = exceptionsTaken;
        steppingLoadExclusive = false;
        return false;
    }

    /// <summary>The instruction being stepped has finished: if it took no exception, the step is complete.</summary>
    void CompleteStep()
    {
        if (!stepping) return;
        stepping = false;
        if (exceptionsTaken != steppingMark) return;
        State.SoftwareStep = false;
        stepSyndromeValid = true;
        stepExclusive = steppingLoadExclusive;
    }

    /// <summary>End of a run: settle the step of its last instruction, so that PSTATE.SS is exact between runs.</summary>
    void DebugRunEnded()
    {
        if (debugArmed) CompleteStep();
    }

    /// <summary>
    /// The slow fetch path with debug armed: decodes the slot now (so the interpreter never
    /// revisits this PC to decode it, which would look like a second fetch), notes whether
    /// a stepped instruction is a load-exclusive (ESR.EX), and returns the invalid tag, so
    /// the next instruction comes through the slow path too.
    /// </summary>
    ulong DebugFetchTag(ulong pc)
    {
        ref DecodedInsn slot = ref fetchSlots[(pc & Ram.PageOffsetMask) >> 2];
        if (slot.Op == Op.Undecoded) Decode(ref slot, pc);
        if (stepping) steppingLoadExclusive = slot.Op is Op.LDXR or Op.LDXP;
        return InvalidTag;
    }

    /// <summary>
    /// A hardware breakpoint on the instruction at <paramref name="pc"/>: taken before it
    /// executes, returning to it (EC 0x30 from EL0, 0x31 from EL1; FAR_EL1 is not written).
    /// True when the exception was taken.
    /// </summary>
    bool DebugBreakpointBeforeFetch(ulong pc)
    {
        if ((State.MdscrEl1 & Mdscr.Mde) == 0 || !DebugExceptionsEnabledNow()) return false;
        for (int n = 0; n < State.DbgBcr.Length; n++)
        {
            if (!BreakpointMatches(n, pc)) continue;
            ExceptionClass ec = State.CurrentEl == 0 ? ExceptionClass.BreakpointLowerEl : ExceptionClass.BreakpointSameEl;
            TakeException(ExceptionKind.Synchronous, ec, DebugFaultStatus, pc);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Whether breakpoint <paramref name="n"/> generates a Breakpoint exception for an
    /// instruction at <paramref name="pc"/> (AArch64.BreakpointMatch): enabled, its state
    /// control matching the current EL, and either an address match (unlinked, or linked to
    /// a context breakpoint that matches too) or, for the context-aware breakpoint, an
    /// unlinked CONTEXTIDR_EL1 match. A linked context breakpoint never fires by itself, and
    /// reserved types never match.
    /// </summary>
    bool BreakpointMatches(int n, ulong pc)
    {
        ulong bcr = State.DbgBcr[n];
        if (BcrEnable.Extract(bcr) == 0 || !StateMatches((uint)BcrPmc.Extract(bcr), (uint)BcrSsc.Extract(bcr), State.CurrentEl))
            return false;
        return (uint)BcrBt.Extract(bcr) switch
        {
            BtUnlinkedAddress => BreakpointAddressMatches(n, pc),
            BtLinkedAddress => BreakpointAddressMatches(n, pc) && LinkedContextMatches((int)BcrLbn.Extract(bcr)),
            BtUnlinkedContext => n == ContextBreakpoint && ContextIdMatches(n),
            _ => false,
        };
    }

    bool BreakpointAddressMatches(int n, ulong pc) => ((pc ^ State.DbgBvr[n]) & BreakpointAddressMask) == 0;

    bool ContextIdMatches(int n) => (uint)State.ContextidrEl1 == (uint)State.DbgBvr[n];

    /// <summary>The context breakpoint that a linked breakpoint or watchpoint names: enabled, of the linked context type, matching.</summary>
    bool LinkedContextMatches(int lbn)
    {
        if (lbn != ContextBreakpoint) return false;
        ulong bcr = State.DbgBcr[lbn];
        return BcrEnable.Extract(bcr) != 0 && BcrBt.Extract(bcr) == BtLinkedContext
            && StateMatches((uint)BcrPmc.Extract(bcr), (uint)BcrSsc.Extract(bcr), State.CurrentEl)
            && ContextIdMatches(lbn);
    }

    /// <summary>
    /// The state controls of a breakpoint or watchpoint for a PE with only Non-secure EL0
    /// and EL1: SSC = 0b00 (either state) or 0b01 (Non-secure) with PMC/PAC bit 0 for EL1
    /// and bit 1 for EL0; HMC only adds EL2, which does not exist. SSC = 0b10 (Secure only)
    /// never matches; 0b11 is reserved without EL3 and matches nothing.
    /// </summary>
    static bool StateMatches(uint pmc, uint ssc, uint el)
    {
        if (ssc > 0b01) return false;
        return (pmc & (el == 0 ? 0b10u : 0b01u)) != 0;
    }

    /// <summary>
    /// The watchpoint check of a data access of <paramref name="size"/> bytes at
    /// <paramref name="va"/>, made by the slow data path while a watchpoint is armed. An
    /// unprivileged access (LDTR, STTR) is checked as if made from EL0. A hit takes the
    /// Watchpoint exception before the access (EC 0x34 from EL0, 0x35 from EL1, ISS WnR
    /// and DFSC 0b100010, returning to the instruction) with FAR_EL1 the lowest address both
    /// accessed and watched. False when the exception was taken.
    /// </summary>
    bool CheckWatchpoints(ulong va, int size, bool write, AccessFlags flags)
    {
        if (!debugWatchArmed || (State.MdscrEl1 & Mdscr.Mde) == 0 || !DebugExceptionsEnabledNow()) return true;
        uint el = (flags & AccessFlags.Unprivileged) != 0 ? 0 : State.CurrentEl;
        for (int n = 0; n < State.DbgWcr.Length; n++)
        {
            if (!WatchpointMatches(n, va, size, write, el, out ulong hit)) continue;
            ExceptionClass ec = State.CurrentEl == 0 ? ExceptionClass.WatchpointLowerEl : ExceptionClass.WatchpointSameEl;
            TakeException(ExceptionKind.Synchronous, ec, DebugFaultStatus | (write ? WatchIssWnR : 0), InstructionAddress, hit);
            return false;
        }
        return true;
    }

    /// <summary>
    /// AArch64.WatchpointMatch for watchpoint <paramref name="n"/>: enabled, LSC covering
    /// the access's direction, the state controls matching, a linked context breakpoint
    /// matching if WT = 1, and one of its watched bytes inside the access.
    /// </summary>
    bool WatchpointMatches(int n, ulong va, int size, bool write, uint el, out ulong hit)
    {
        hit = 0;
        ulong wcr = State.DbgWcr[n];
        if (WcrEnable.Extract(wcr) == 0) return false;
        if ((WcrLsc.Extract(wcr) & (write ? 0b10UL : 0b01UL)) == 0) return false;
        if (!StateMatches((uint)WcrPac.Extract(wcr), (uint)WcrSsc.Extract(wcr), el)) return false;
        if (WcrWt.Extract(wcr) != 0 && !LinkedContextMatches((int)WcrLbn.Extract(wcr))) return false;
        if (!WatchedRange(n, out ulong start, out ulong length, out uint bas)) return false;
        ulong end = va + (ulong)size;
        if (bas == 0)
        {
            // A MASK range: every byte of it is watched.
            if (end <= start || va >= start + length) return false;
            hit = Math.Max(va, start);
            return true;
        }
        // A BAS selection within the doubleword (or word) at start: the bytes whose BAS bit is set.
        for (int i = 0; i < 8; i++)
        {
            ulong b = start + (ulong)i;
            if ((bas >> i & 1) != 0 && b >= va && b < end)
            {
                hit = b;
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// What watchpoint <paramref name="n"/> watches: with MASK (3 to 31) the naturally
    /// aligned 2^MASK bytes holding DBGWVR (bas = 0 on return); otherwise the bytes that BAS
    /// selects from the doubleword at DBGWVR, or from the word at DBGWVR when DBGWVR[2] is
    /// set (then only BAS[3:0] count). MASK values 1 and 2 are reserved, as is BAS = 0:
    /// nothing is watched (the CONSTRAINED UNPREDICTABLE choice of disabling).
    /// </summary>
    bool WatchedRange(int n, out ulong start, out ulong length, out uint bas)
    {
        ulong wcr = State.DbgWcr[n], wvr = State.DbgWvr[n];
        int mask = (int)WcrMask.Extract(wcr);
        bas = 0;
        if (mask is 1 or 2)
        {
            start = length = 0;
            return false;
        }
        if (mask != 0)
        {
            length = 1UL << mask;
            start = wvr & ~(length - 1);
            return true;
        }
        bas = (uint)WcrBas.Extract(wcr);
        if ((wvr & 4) != 0)
        {
            bas &= 0xF;
            start = wvr & ~3UL;
        }
        else start = wvr & ~7UL;
        length = 8;
        return bas != 0;
    }

    /// <summary>
    /// True when an enabled watchpoint watches a byte of the page holding <paramref name="va"/>:
    /// such a page must not enter the TLB, so that its accesses reach <see cref="CheckWatchpoints"/>.
    /// </summary>
    bool WatchpointOnPage(ulong va)
    {
        if (!debugWatchArmed) return false;
        ulong page = va & PageTagMask;
        for (int n = 0; n < State.DbgWcr.Length; n++)
        {
            if (WcrEnable.Extract(State.DbgWcr[n]) == 0 || !WatchedRange(n, out ulong start, out ulong length, out _)) continue;
            if (start < page + Ram.PageSize && start + length > page) return true;
        }
        return false;
    }
}
