using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Emulator.Interconnect;

namespace Emulator.Cpu;

/// <summary>
/// One A64 processing element: its architectural state (<see cref="State"/>), the caches
/// that make it fast (decoded pages, TLB), and the paths to memory and to exceptions that
/// every instruction group shares. The interpreter loop is in Interpreter/Interpreter.cs.
/// </summary>
public sealed partial class Processor
{
    public Processor(Bus bus, int index = 0, ExclusiveMonitor? monitor = null, DecodedCodeCache? code = null,
        IPlatform? platform = null, SystemRegisterTable? systemRegisters = null, InnerShareableDomain? shareableDomain = null)
    {
        Bus = bus;
        Index = index;
        Monitor = monitor ?? new ExclusiveMonitor(bus, index + 1);
        Code = code ?? new DecodedCodeCache(bus);
        Platform = platform ?? BarePlatform.Instance;
        SystemRegisters = systemRegisters ?? SystemRegisterTable.CreateDefault();
        X = State.X;
        unsafe
        {
            registers = (ulong*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(X));
            tlbBase = (TlbEntry*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(tlbEntries));
            unprivilegedReadTlb = ReadTlbOf(ContextEl0);
            unprivilegedWriteTlb = WriteTlbOf(ContextEl0);
        }
        ShareableDomain = shareableDomain ?? new InnerShareableDomain();
        ShareableDomain.Join(this);
        foreach (Ram ram in bus.Rams)
            ram.WatchStarted += OnWatchStarted;
        FlushTlb();
        UpdateTranslationContext();
    }

    public CpuState State { get; } = new();
    public Bus Bus { get; }
    /// <summary>The CPU's number on the bus (its agent id for exclusives); 0-based.</summary>
    public int Index { get; }
    public ExclusiveMonitor Monitor { get; }
    public DecodedCodeCache Code { get; }
    public IPlatform Platform { get; set; }
    public SystemRegisterTable SystemRegisters { get; }

    /// <summary>MPIDR_EL1 as the board assigns it (bit 31 set, Aff3 in bits 39:32).</summary>
    public ulong Mpidr { get; set; } = 1UL << 31;

    /// <summary>The same array as <see cref="CpuState.X"/>, held here for the hot paths.</summary>
    internal readonly ulong[] X;

    /// <summary>
    /// The first element of <see cref="X"/>, which is pinned: handlers index it with no
    /// array reference to load and no null check. Slots come from the decoder (0-32).
    /// </summary>
    readonly unsafe ulong* registers;

    // ---- Registers ------------------------------------------------------------------

    /// <summary>Reads a register slot (0-30, 31 = XZR, 32 = SP) as 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe ulong Xr(int slot) => registers[(uint)slot];

    /// <summary>Reads a register slot as 32 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe uint Wr(int slot) => (uint)registers[(uint)slot];

    /// <summary>Writes a register slot; a write to XZR is discarded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void SetX(int slot, ulong value)
    {
        ulong* x = registers;
        x[(uint)slot] = value;
        x[CpuState.ZrSlot] = 0;
    }

    /// <summary>Writes a register slot as 32 bits, clearing the upper half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetW(int slot, uint value) => SetX(slot, value);

    public ulong PC { get => State.PC; set => State.PC = value; }
    public uint Nzcv { get => State.Nzcv; set => State.Nzcv = value; }

    /// <summary>The address of the instruction executing now (PC already points past it).</summary>
    public ulong InstructionAddress => State.PC - 4;

    /// <summary>Selects the stack pointer for an exception level and PSTATE.SP, banking the current one.</summary>
    public void SetExceptionLevel(uint el, uint spSel)
    {
        CpuState s = State;
        if (s.SpSel == 0 || s.CurrentEl == 0) s.SpEl0 = X[CpuState.SpSlot];
        else s.SpEl1 = X[CpuState.SpSlot];
        s.CurrentEl = el;
        // EL0 has only SP_EL0: PSTATE.SP is 0 there (an ERET to EL0 with SPSR.M[0] = 1 is illegal).
        s.SpSel = el == 0 ? 0 : spSel;
        X[CpuState.SpSlot] = spSel == 0 || el == 0 ? s.SpEl0 : s.SpEl1;
        UpdateTranslationContext();
    }

    /// <summary>SP_EL0 or SP_EL1 as the architecture names them, wherever each lives now.</summary>
    public ulong GetBankedSp(uint el) =>
        (el == 0) == (State.SpSel == 0 || State.CurrentEl == 0) ? X[CpuState.SpSlot] : el == 0 ? State.SpEl0 : State.SpEl1;

    public void SetBankedSp(uint el, ulong value)
    {
        if ((el == 0) == (State.SpSel == 0 || State.CurrentEl == 0)) X[CpuState.SpSlot] = value;
        else if (el == 0) State.SpEl0 = value;
        else State.SpEl1 = value;
    }

    /// <summary>Resets the PE to the state the board's boot protocol asks for: EL1h, MMU off, DAIF masked, PAN clear.</summary>
    public void Reset(ulong entry)
    {
        CpuState s = State;
        Array.Clear(s.X);
        Array.Clear(s.V);
        s.Fpcr = s.Fpsr = 0;
        s.SpEl0 = s.SpEl1 = 0;
        s.CurrentEl = 1;
        s.SpSel = 1;
        s.Daif = 0xF << 6;
        s.Nzcv = 0;
        s.SctlrEl1 = CpuState.SctlrEl1Reset;
        s.ExclusiveValid = false;
        s.IllegalState = false;
        s.EventRegister = false;
        s.SoftwareStep = false;
        s.SErrorPending = false;
        s.Pan = false;
        s.PC = entry;
        FlushTlb();
        UpdateTranslationContext();
    }

    // ---- Run control ----------------------------------------------------------------

    bool exitRequested;

    /// <summary>
    /// Instructions retired, counting those of the <see cref="Run"/> under way (the
    /// instruction executing now included): what a system register that reads virtual time
    /// (the generic timer's) needs in the middle of a quantum. The interpreter keeps it
    /// exact while an MRS or MSR executes, the only way a guest reads time, so the other
    /// instructions pay nothing for it.
    /// </summary>
    public ulong RetiredNow => State.Retired + (ulong)(State.RunBudget - State.RunLeft);

    /// <summary>Ends the current <see cref="Run"/> after the instruction executing now.</summary>
    public void RequestExit() => exitRequested = true;

    /// <summary>Whether the last <see cref="Run"/> ended (or was to end) because something asked it to exit, rather than on its budget.</summary>
    public bool ExitWasRequested => exitRequested;

    // ---- Interrupt inputs -------------------------------------------------------------

    bool irqLine, fiqLine;

    /// <summary>The levels of the PE's IRQ and FIQ inputs, as the interrupt controller last drove them.</summary>
    public bool IrqLine => irqLine;
    public bool FiqLine => fiqLine;

    /// <summary>
    /// Drives the IRQ and FIQ inputs (levels: DESIGN.md principle 2). A raised input is
    /// looked at before the next instruction is fetched, where the exception is taken if
    /// PSTATE allows; otherwise it waits, and <see cref="MaskChanged"/> looks again.
    /// </summary>
    public void SetInterruptLines(bool irq, bool fiq)
    {
        irqLine = irq;
        fiqLine = fiq;
        MaskChanged();
    }

    /// <summary>PSTATE.A, I or F may have been cleared (MSR DAIF, DAIFClr, ERET): re-examine raised inputs before the next fetch.</summary>
    public void MaskChanged()
    {
        if (irqLine || fiqLine || State.SErrorPending) InvalidateFetch();
    }

    /// <summary>
    /// Raises the PE's SError interrupt input (a system error the platform reports, e.g. an
    /// asynchronous external abort). Unlike IRQ and FIQ it is an event: it stays pending
    /// (ISR_EL1.A) until it is taken, which happens at an instruction boundary once PSTATE.A
    /// is clear, with EC 0x2F and <paramref name="syndrome"/> as the ISS (0: uncategorized;
    /// bit 24, IDS, set for an IMPLEMENTATION DEFINED syndrome in bits 23:0).
    /// </summary>
    public void RaiseSError(uint syndrome = 0)
    {
        State.SErrorPending = true;
        State.SErrorSyndrome = syndrome & 0x1FF_FFFF;
        InvalidateFetch();
    }

    /// <summary>
    /// Takes a raised, unmasked interrupt at this instruction boundary, returning to
    /// <paramref name="pc"/> (Arm ARM D1.10: the preferred return address of an
    /// asynchronous exception is the next instruction not executed). FIQ goes first.
    /// </summary>
    bool TakePendingInterrupt(ulong pc)
    {
        const uint daifF = 1u << 6, daifI = 1u << 7, daifA = 1u << 8;
        ExceptionKind kind;
        if (State.SErrorPending && (State.Daif & daifA) == 0)
        {
            State.SErrorPending = false;
            TakeException(ExceptionKind.SError, ExceptionClass.SError, State.SErrorSyndrome, pc);
            return true;
        }
        if (fiqLine && (State.Daif & daifF) == 0) kind = ExceptionKind.Fiq;
        else if (irqLine && (State.Daif & daifI) == 0) kind = ExceptionKind.Irq;
        else return false;
        TakeException(kind, ExceptionClass.Unknown, 0, pc);
        return true;
    }

    // ---- Exceptions -----------------------------------------------------------------

    /// <summary>
    /// Takes an exception to EL1 (the only exception level above EL0 here): saves PSTATE
    /// and the return address, writes the syndrome, masks DAIF, switches to SP_EL1 and
    /// jumps to the vector (Arm ARM D1.10). ESR_EL1.IL is 1: every A64 instruction is 32
    /// bits, and IL is 1 for the classes that report no instruction (aborts, SError,
    /// debug). SPSR_EL1.SS saves PSTATE.SS, which is then cleared (Arm ARM D2.12).
    /// </summary>
    public void TakeException(ExceptionKind kind, ExceptionClass ec, uint iss, ulong returnAddress, ulong? faultAddress = null)
    {
        CpuState s = State;
        exceptionsTaken++;
        uint fromEl = s.CurrentEl;
        ulong offset = fromEl == 0 ? 0x400UL : s.SpSel == 1 ? 0x200UL : 0x000UL;
        offset += (ulong)kind * 0x80;

        s.SpsrEl1 = s.Spsr;
        s.ElrEl1 = returnAddress;
        if (kind == ExceptionKind.Synchronous || kind == ExceptionKind.SError)
            s.EsrEl1 = ((ulong)ec << 26) | (1UL << 25) | (iss & 0x1FF_FFFF);
        if (faultAddress is { } far) s.FarEl1 = far;
        // FEAT_PAN: with SCTLR_EL1.SPAN = 0 an exception taken to EL1 sets PSTATE.PAN.
        if ((s.SctlrEl1 & SctlrSpan) == 0) s.Pan = true;
        SetExceptionLevel(1, 1);
        s.Daif = 0xF << 6;
        s.PC = s.VbarEl1 + offset;
        s.IllegalState = false;
        s.SoftwareStep = false;
        Platform.ExceptionTaken(this, new ExceptionRecord(kind, ec, iss, returnAddress, faultAddress, fromEl, s.PC));
    }

    /// <summary>The instruction is UNDEFINED: an Unknown-reason exception, returning to the instruction itself.</summary>
    public void Undefined() =>
        TakeException(ExceptionKind.Synchronous, ExceptionClass.Unknown, 0, InstructionAddress);

    /// <summary>An exception-generating instruction (SVC, HVC, SMC, BRK) with its immediate, returning as the class requires.</summary>
    public void ExceptionGenerating(ExceptionClass ec, ushort imm)
    {
        // SVC, HVC and SMC return to the next instruction; BRK to itself.
        ulong ret = ec == ExceptionClass.Brk64 ? InstructionAddress : State.PC;
        // SVC, HVC and SMC complete before their exception is taken: a step of one ends
        // with SPSR_EL1.SS = 0, so that the return is active-pending (Arm ARM D2.12).
        if (ec != ExceptionClass.Brk64) State.SoftwareStep = false;
        TakeException(ExceptionKind.Synchronous, ec, imm, ret);
    }

    /// <summary>
    /// A data abort on the access made by the executing instruction. A fault on a cache
    /// maintenance or address translation instruction sets ISS.CM, and reports WnR = 1
    /// whatever the operation (Arm ARM D17.2.37, ISS encoding for a Data Abort).
    /// </summary>
    public void DataAbort(ulong address, uint faultStatus, bool write, bool cacheMaintenance = false)
    {
        ExceptionClass ec = State.CurrentEl == 0 ? ExceptionClass.DataAbortLowerEl : ExceptionClass.DataAbortSameEl;
        uint iss = faultStatus | (write || cacheMaintenance ? IssWnR : 0) | (cacheMaintenance ? IssCm : 0);
        TakeException(ExceptionKind.Synchronous, ec, iss, InstructionAddress, address);
    }

    const uint IssWnR = 1u << 6, IssCm = 1u << 8;

    /// <summary>
    /// ERET and the PSTATE restore it performs from SPSR_EL1 (Arm ARM D1.11,
    /// AArch64.ExceptionReturn). A return to AArch32, to an exception level that is not
    /// implemented or not lower, to EL0 with SPSR.M[0] = 1 (EL0 has no SP_ELx), or with
    /// SPSR.M[1] = 1 is illegal: PSTATE.IL is set and EL and SP stay as they are. A legal
    /// return restores PSTATE.IL from SPSR.IL. NZCV and DAIF are restored either way, the
    /// local exclusive monitor is cleared and the event register is set (SendEventLocal).
    /// PSTATE.SS follows DebugExceptionReturnSS (<see cref="ReturnSoftwareStep"/>); the
    /// target of an illegal return is the current EL.
    /// </summary>
    public void ExceptionReturn()
    {
        CpuState s = State;
        ulong spsr = s.SpsrEl1;
        uint m = (uint)spsr & SpsrM;
        uint targetEl = (m >> 2) & 3;
        bool illegal = (m & SpsrAArch32) != 0
            || (m & SpsrMReserved) != 0
            || targetEl > s.CurrentEl
            || (targetEl == 0 && (m & SpsrSpSel) != 0);
        s.SoftwareStep = ReturnSoftwareStep(spsr, illegal ? s.CurrentEl : targetEl);
        s.Nzcv = (uint)spsr & 0xF000_0000;
        s.Daif = (uint)spsr & 0x3C0;
        s.Pan = (spsr & SpsrPan) != 0;
        if (!illegal)
            SetExceptionLevel(targetEl, m & SpsrSpSel);
        UpdateTranslationContext();
        s.IllegalState = illegal || (spsr & SpsrIl) != 0;
        // PSTATE.IL is checked where fetch goes through the slow path.
        if (s.IllegalState) InvalidateFetch();
        s.ExclusiveValid = false;
        Monitor.Clear(Index);
        s.EventRegister = true;
        s.PC = BranchAddress(s.ElrEl1);
        MaskChanged();
    }

    // SPSR_ELx fields (AArch64 format): M[4] = 1 is AArch32, M[1] is reserved, M[0] selects SP_ELx.
    const uint SpsrM = 0x1F, SpsrAArch32 = 0x10, SpsrMReserved = 0b0010, SpsrSpSel = 1;
    const ulong SpsrIl = 1UL << 20, SpsrPan = 1UL << 22;
}
