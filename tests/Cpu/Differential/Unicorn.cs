using System.Runtime.InteropServices;

namespace Emulator.Tests.Cpu.Differential;

/// <summary>Unicorn's uc_err codes (unicorn.h, Unicorn 2.0.1).</summary>
public enum UcError
{
    Ok = 0, NoMem, Arch, Handle, Mode, Version,
    ReadUnmapped, WriteUnmapped, FetchUnmapped, Hook, InsnInvalid, Map,
    WriteProt, ReadProt, FetchProt, Arg, ReadUnaligned, WriteUnaligned, FetchUnaligned,
    HookExist, Resource, Exception,
}

/// <summary>The QEMU exception numbers (EXCP_*) that Unicorn passes to a UC_HOOK_INTR callback on AArch64.</summary>
public enum UcInterrupt : uint
{
    Undefined = 1,       // EXCP_UDEF
    SupervisorCall = 2,  // EXCP_SWI
    PrefetchAbort = 3,   // EXCP_PREFETCH_ABORT
    DataAbort = 4,       // EXCP_DATA_ABORT
    Irq = 5,
    Fiq = 6,
    Breakpoint = 7,      // EXCP_BKPT
    HypervisorCall = 11, // EXCP_HVC
    SecureMonitorCall = 13, // EXCP_SMC
}

/// <summary>One data access Unicorn reported through UC_HOOK_MEM_READ / UC_HOOK_MEM_WRITE.</summary>
public readonly record struct UcAccess(bool Write, ulong Address, int Size);

/// <summary>
/// A small, safe wrapper of Debian's libunicorn2 (Unicorn 2.0.1, QEMU 5.0 inside) for one
/// AArch64 CPU: the reference the differential tests compare our interpreter with. There
/// are no headers on the machine; the constants below are the documented values of
/// unicorn.h / arm64.h, and the tests check the register numbering empirically
/// (<see cref="UnicornBehaviourTests"/>).
///
/// What Unicorn 2.0.1 does on AArch64, found empirically and pinned by UnicornBehaviourTests:
/// <list type="bullet">
/// <item>It starts at EL1 with SP_EL1 selected (PSTATE.M = EL1h, DAIF masked), MMU off;
///   SCTLR_EL1 = 0x00C50838 (M = 0, A = 0, SA = SA0 = 1).</item>
/// <item>It checks neither the Device-memory alignment that the architecture requires with
///   the MMU off (an unaligned LDR/STR just works) nor SP alignment (although SA = 1), nor
///   PC alignment (a branch to a misaligned address is fetched from there). Exclusives and
///   LSE atomics do check alignment (a data abort). Addresses beyond the PA size are plain
///   unmapped accesses, not Address size faults.</item>
/// <item>Exceptions are not taken to VBAR. With a UC_HOOK_INTR hook, the hook gets the QEMU
///   exception number (<see cref="UcInterrupt"/>) and Unicorn would carry on after it, so
///   the hook stops emulation: UNDEFINED (UDF, HVC without EL2, HLT) is EXCP_UDEF with PC at
///   the instruction; SVC is EXCP_SWI and SMC EXCP_SMC (the "max" CPU has EL3) with PC past
///   it; BRK is EXCP_BKPT with PC at it; an alignment fault is EXCP_DATA_ABORT. ESR/FAR/ELR
///   are not written. Accesses and fetches outside mapped memory end uc_emu_start with
///   *_UNMAPPED / *_PROT (PC at the access, or at the branch target for a fetch), even when
///   the instruction limit has just been reached.</item>
/// <item>uc_mem_write keeps stale translated blocks (<see cref="WriteCode"/> drops them), and the
///   exclusive monitor survives from one uc_emu_start to the next (run a CLREX to reset it).</item>
/// </list>
/// Hooks are static [UnmanagedCallersOnly] functions that find this object through a
/// GCHandle passed as user data, so no delegate can be collected while native code holds it.
/// </summary>
public sealed unsafe class Unicorn : IDisposable
{
    const string Library = "libunicorn.so.2";

    public const int ArchArm64 = 2;
    public const int ModeArm = 0;
    public const int CpuArm64Max = 3;

    const int CtlCpuModel = 7, CtlTbRemoveCache = 9, CtlTbFlush = 10;
    const int CtlIoWrite = 1;
    static int CtlWrite(int type, int argumentCount) => type | argumentCount << 26 | CtlIoWrite << 30;

    public const uint ProtRead = 1, ProtWrite = 2, ProtExec = 4, ProtAll = 7;

    // uc_hook_type
    const int HookIntr = 1 << 0;
    const int HookCode = 1 << 2;
    const int HookMemReadUnmapped = 1 << 4, HookMemWriteUnmapped = 1 << 5, HookMemFetchUnmapped = 1 << 6;
    const int HookMemReadProt = 1 << 7, HookMemWriteProt = 1 << 8, HookMemFetchProt = 1 << 9;
    const int HookMemRead = 1 << 10, HookMemWrite = 1 << 11;
    const int HookMemInvalid = HookMemReadUnmapped | HookMemWriteUnmapped | HookMemFetchUnmapped |
                               HookMemReadProt | HookMemWriteProt | HookMemFetchProt;
    const int MemWriteType = 17; // UC_MEM_WRITE

    /// <summary>uc_arm64_reg numbers (arm64.h of Unicorn 2.0.1).</summary>
    public static class Reg
    {
        public const int X29 = 1, X30 = 2, Nzcv = 3, Sp = 4;
        public const int W0 = 168;
        public const int X0 = 199; // X0..X28 are consecutive
        public const int Pc = 260;
        public const int Pstate = 265;
        public const int SpEl0 = 270, SpEl1 = 271;
        public const int EsrEl1 = 277, FarEl1 = 281, VbarEl1 = 287;
        public const int Q0 = 104; // Q0..Q31 are consecutive, 128 bits each
        public const int CpacrEl1 = 261;
        public const int Fpcr = 291, Fpsr = 292;

        /// <summary>The id of Xn, n = 0..30.</summary>
        public static int X(int n) => n switch { 29 => X29, 30 => X30, _ => X0 + n };
    }

    [DllImport(Library)] static extern UcError uc_open(int arch, int mode, out IntPtr uc);
    [DllImport(Library)] static extern UcError uc_close(IntPtr uc);
    // uc_ctl is variadic: declared with exactly the arguments passed (an int is promoted as int).
    [DllImport(Library, EntryPoint = "uc_ctl")] static extern UcError uc_ctl_int(IntPtr uc, int control, int value);
    [DllImport(Library, EntryPoint = "uc_ctl")] static extern UcError uc_ctl_range(IntPtr uc, int control, ulong begin, ulong end);
    [DllImport(Library, EntryPoint = "uc_ctl")] static extern UcError uc_ctl_none(IntPtr uc, int control);
    [DllImport(Library)] static extern UcError uc_mem_map(IntPtr uc, ulong address, nuint size, uint perms);
    [DllImport(Library)] static extern UcError uc_mem_map_ptr(IntPtr uc, ulong address, nuint size, uint perms, void* ptr);
    [DllImport(Library)] static extern UcError uc_mem_write(IntPtr uc, ulong address, void* bytes, nuint size);
    [DllImport(Library)] static extern UcError uc_mem_read(IntPtr uc, ulong address, void* bytes, nuint size);
    [DllImport(Library)] static extern UcError uc_reg_write(IntPtr uc, int regid, void* value);
    [DllImport(Library)] static extern UcError uc_reg_read(IntPtr uc, int regid, void* value);
    [DllImport(Library)] static extern UcError uc_reg_write_batch(IntPtr uc, int* regs, void** values, int count);
    [DllImport(Library)] static extern UcError uc_reg_read_batch(IntPtr uc, int* regs, void** values, int count);
    [DllImport(Library)] static extern UcError uc_emu_start(IntPtr uc, ulong begin, ulong until, ulong timeout, nuint count);
    [DllImport(Library)] static extern UcError uc_emu_stop(IntPtr uc);
    // uc_hook_add is variadic too; the hooks used here take no extra argument.
    [DllImport(Library)] static extern UcError uc_hook_add(IntPtr uc, out nuint hook, int type, void* callback, IntPtr userData, ulong begin, ulong end);
    [DllImport(Library)] static extern UcError uc_errno(IntPtr uc);
    [DllImport(Library)] static extern IntPtr uc_strerror(UcError code);
    [DllImport(Library)] static extern uint uc_version(out uint major, out uint minor);

    IntPtr handle;
    GCHandle self;
    readonly List<IntPtr> ownedMemory = [];

    /// <summary>Opens an AArch64 engine with the "max" CPU model (the default Cortex-A72 model rejects LSE).</summary>
    public Unicorn()
    {
        Check(uc_open(ArchArm64, ModeArm, out handle), "uc_open");
        // Must come before any other call but uc_open.
        Check(uc_ctl_int(handle, CtlWrite(CtlCpuModel, 1), CpuArm64Max), "uc_ctl(CPU_MODEL)");
        self = GCHandle.Alloc(this);
        IntPtr user = GCHandle.ToIntPtr(self);
        Check(uc_hook_add(handle, out _, HookIntr, (delegate* unmanaged<IntPtr, uint, IntPtr, void>)&OnInterrupt, user, 1, 0), "hook INTR");
        Check(uc_hook_add(handle, out _, HookMemInvalid,
            (delegate* unmanaged<IntPtr, int, ulong, int, long, IntPtr, byte>)&OnInvalidMemory, user, 1, 0), "hook MEM_INVALID");
        Check(uc_hook_add(handle, out _, HookMemRead | HookMemWrite,
            (delegate* unmanaged<IntPtr, int, ulong, int, long, IntPtr, void>)&OnMemory, user, 1, 0), "hook MEM");
        Check(uc_hook_add(handle, out _, HookCode, (delegate* unmanaged<IntPtr, ulong, uint, IntPtr, void>)&OnCode, user, 1, 0), "hook CODE");
    }

    /// <summary>"major.minor" of the loaded library.</summary>
    public static string Version
    {
        get
        {
            uint v = uc_version(out _, out _);
            return $"{v >> 24}.{(v >> 16) & 0xFF}.{(v >> 8) & 0xFF}";
        }
    }

    // ---- What the hooks saw during the last Run --------------------------------------

    /// <summary>The QEMU exception number the last run stopped on, if it stopped on one.</summary>
    public UcInterrupt? Interrupt { get; private set; }
    /// <summary>The address of the last access to unmapped or protected memory.</summary>
    public ulong? InvalidAccessAddress { get; private set; }
    /// <summary>Instructions that started executing during the last run.</summary>
    public int InstructionsStarted { get; private set; }
    /// <summary>The address of the last instruction that started.</summary>
    public ulong LastInstruction { get; private set; }

    readonly List<UcAccess> accesses = [];
    /// <summary>Every data access of the last run, in order.</summary>
    public IReadOnlyList<UcAccess> Accesses => accesses;

    int instructionLimit;

    [UnmanagedCallersOnly]
    static void OnInterrupt(IntPtr uc, uint intno, IntPtr user)
    {
        var u = (Unicorn)GCHandle.FromIntPtr(user).Target!;
        u.Interrupt ??= (UcInterrupt)intno;
        // With a hook installed, Unicorn treats the exception as handled and goes on; stop here.
        uc_emu_stop(uc);
    }

    [UnmanagedCallersOnly]
    static byte OnInvalidMemory(IntPtr uc, int type, ulong address, int size, long value, IntPtr user)
    {
        var u = (Unicorn)GCHandle.FromIntPtr(user).Target!;
        u.InvalidAccessAddress ??= address;
        return 0; // false: stop with the matching *_UNMAPPED / *_PROT error
    }

    [UnmanagedCallersOnly]
    static void OnMemory(IntPtr uc, int type, ulong address, int size, long value, IntPtr user)
    {
        var u = (Unicorn)GCHandle.FromIntPtr(user).Target!;
        u.accesses.Add(new UcAccess(type == MemWriteType, address, size));
    }

    [UnmanagedCallersOnly]
    static void OnCode(IntPtr uc, ulong address, uint size, IntPtr user)
    {
        var u = (Unicorn)GCHandle.FromIntPtr(user).Target!;
        if (u.InstructionsStarted >= u.instructionLimit)
        {
            // Stop before this instruction: a stop requested from a code hook takes effect before it executes.
            uc_emu_stop(uc);
            return;
        }
        u.InstructionsStarted++;
        u.LastInstruction = address;
    }

    // ---- API --------------------------------------------------------------------------

    public void Map(ulong address, ulong size, uint perms) =>
        Check(uc_mem_map(handle, address, (nuint)size, perms), $"uc_mem_map(0x{address:X})");

    /// <summary>
    /// Maps host memory that this object allocates (zeroed) and frees on Dispose; the
    /// returned pointer aliases guest memory, so it can be filled and compared without
    /// copies. Not for code: writes through it do not drop translated blocks.
    /// </summary>
    public IntPtr MapHost(ulong address, int size, uint perms)
    {
        void* p = NativeMemory.AlignedAlloc((nuint)size, 4096);
        ownedMemory.Add((IntPtr)p);
        new Span<byte>(p, size).Clear();
        Check(uc_mem_map_ptr(handle, address, (nuint)size, perms, p), $"uc_mem_map_ptr(0x{address:X})");
        return (IntPtr)p;
    }

    public void Write(ulong address, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes)
            Check(uc_mem_write(handle, address, p, (nuint)bytes.Length), $"uc_mem_write(0x{address:X})");
    }

    /// <summary>
    /// Writes instructions. uc_mem_write does not drop translated blocks of the bytes it
    /// overwrites (found empirically: the old instruction ran again), so this also removes
    /// the translation-block cache of the range.
    /// </summary>
    public void WriteCode(ulong address, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        Write(address, bytes);
        Check(uc_ctl_range(handle, CtlWrite(CtlTbRemoveCache, 2), address, address + (ulong)bytes.Length), "uc_ctl(TB_REMOVE_CACHE)");
    }

    /// <summary>Drops every translated block.</summary>
    public void FlushTranslations() => Check(uc_ctl_none(handle, CtlWrite(CtlTbFlush, 0)), "uc_ctl(TB_FLUSH)");

    public void Read(ulong address, Span<byte> into)
    {
        fixed (byte* p = into)
            Check(uc_mem_read(handle, address, p, (nuint)into.Length), $"uc_mem_read(0x{address:X})");
    }

    public ulong ReadRegister(int id)
    {
        ulong v = 0;
        Check(uc_reg_read(handle, id, &v), $"uc_reg_read({id})");
        return v;
    }

    public void WriteRegister(int id, ulong value) => Check(uc_reg_write(handle, id, &value), $"uc_reg_write({id})");

    /// <summary>Writes registers in one call; every value is 64 bits wide.</summary>
    public void WriteRegisters(ReadOnlySpan<int> ids, ReadOnlySpan<ulong> values)
    {
        int n = ids.Length;
        void** ptrs = stackalloc void*[n];
        fixed (int* pIds = ids)
        fixed (ulong* pValues = values)
        {
            for (int i = 0; i < n; i++) ptrs[i] = pValues + i;
            Check(uc_reg_write_batch(handle, pIds, ptrs, n), "uc_reg_write_batch");
        }
    }

    /// <summary>Reads registers in one call; every value is 64 bits wide.</summary>
    public void ReadRegisters(ReadOnlySpan<int> ids, Span<ulong> values)
    {
        int n = ids.Length;
        void** ptrs = stackalloc void*[n];
        fixed (int* pIds = ids)
        fixed (ulong* pValues = values)
        {
            for (int i = 0; i < n; i++) { pValues[i] = 0; ptrs[i] = pValues + i; }
            Check(uc_reg_read_batch(handle, pIds, ptrs, n), "uc_reg_read_batch");
        }
    }

    /// <summary>Writes V0-V31 (128 bits each) from <paramref name="halves"/>: low 64 bits of Vn at [2n], high at [2n + 1].</summary>
    public void WriteVectors(ReadOnlySpan<ulong> halves) => VectorBatch(halves, write: true);

    /// <summary>Reads V0-V31 into <paramref name="halves"/>, laid out as <see cref="WriteVectors"/> takes them.</summary>
    public void ReadVectors(Span<ulong> halves) => VectorBatch(halves, write: false);

    void VectorBatch(ReadOnlySpan<ulong> halves, bool write)
    {
        if (halves.Length != 64) throw new ArgumentException("V0-V31 are 64 halves", nameof(halves));
        int* ids = stackalloc int[32];
        void** ptrs = stackalloc void*[32];
        fixed (ulong* p = halves)
        {
            for (int i = 0; i < 32; i++) { ids[i] = Reg.Q0 + i; ptrs[i] = p + 2 * i; }
            Check(write ? uc_reg_write_batch(handle, ids, ptrs, 32) : uc_reg_read_batch(handle, ids, ptrs, 32),
                write ? "uc_reg_write_batch(Q0-Q31)" : "uc_reg_read_batch(Q0-Q31)");
        }
    }

    /// <summary>
    /// Runs at most <paramref name="maxInstructions"/> instructions from <paramref name="pc"/>
    /// and returns how emulation ended: <see cref="UcError.Ok"/> when the limit was reached
    /// or a hook stopped it (see <see cref="Interrupt"/>), else the error.
    /// </summary>
    public UcError Run(ulong pc, int maxInstructions)
    {
        Interrupt = null;
        InvalidAccessAddress = null;
        InstructionsStarted = 0;
        accesses.Clear();
        instructionLimit = maxInstructions;
        // until = an address no instruction can be at (misaligned, outside every mapping).
        return uc_emu_start(handle, pc, ulong.MaxValue, 0, 0);
    }

    public static string Describe(UcError e) => Marshal.PtrToStringUTF8(uc_strerror(e)) ?? e.ToString();

    void Check(UcError e, string what)
    {
        if (e != UcError.Ok)
            throw new InvalidOperationException($"Unicorn {what}: {Describe(e)} ({e})");
    }

    public void Dispose()
    {
        if (handle != IntPtr.Zero)
        {
            uc_close(handle);
            handle = IntPtr.Zero;
        }
        if (self.IsAllocated) self.Free();
        foreach (IntPtr p in ownedMemory) NativeMemory.AlignedFree((void*)p);
        ownedMemory.Clear();
    }
}
