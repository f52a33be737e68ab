using System.Runtime.CompilerServices;
using Emulator.Cpu.Decoder;
using Emulator.Interconnect;

namespace Emulator.Cpu;

/// <summary>
/// Handlers of the "Loads and stores" group (rows in Decoder/Table/LoadsAndStores.cs).
/// Every handler is one line naming its access kind and addressing mode; the generic
/// helpers below take both as struct type arguments, so the JIT compiles one specialised
/// body per combination, a straight-line access with no test of size, extension or mode.
/// Order of effects (Arm ARM: a faulting access leaves the registers unchanged): SP
/// alignment check, every memory access, then the loaded registers, then base writeback.
/// </summary>
public static class LoadsAndStores
{
    static readonly BitField Rt = new(0, 5);
    static readonly BitField Rn = new(5, 5);
    static readonly BitField Rt2 = new(10, 5);
    static readonly BitField Op0 = new(27, 3);        // 111: single register, 101: pair
    static readonly BitField UnsignedOffsetBit = new(24, 1);
    static readonly BitField RegisterOffsetBit = new(21, 1);
    static readonly BitField SingleWriteBack = new(10, 1); // bits 11:10 = 01 post, 11 pre
    static readonly BitField PairWriteBack = new(23, 1);   // bits 24:23 = 01 post, 11 pre
    static readonly BitField PairLoad = new(22, 1);

    /// <summary>True for the ops of this group's rows: the first to the last member of its section of <see cref="Op"/>.</summary>
    public static bool Handles(Op op) => op >= Op.STRB_uimm && op <= Op.LDNP_x;

    /// <summary>
    /// True when <paramref name="raw"/> decodes to a row of this group in a case the Arm ARM
    /// makes CONSTRAINED UNPREDICTABLE. This emulator's choices for them, all among the
    /// behaviours the Arm ARM permits (so a differential tester can exclude exactly these):
    /// <list type="bullet">
    /// <item>Load with writeback (pre/post-index single register, LDP/LDPSW pre/post) and
    ///   Rt or Rt2 == Rn, Rn != 31 (Unpredictable_WBOVERLAPLD): the load is done, then the
    ///   base writeback, so the register ends up holding the written-back address
    ///   (Constraint_UNKNOWN, the UNKNOWN value being that address).</item>
    /// <item>Store with writeback and Rt or Rt2 == Rn, Rn != 31 (Unpredictable_WBOVERLAPST):
    ///   the value stored is the register's value before the writeback (Constraint_NONE).</item>
    /// <item>LDP, LDPSW or LDNP with Rt == Rt2 (Unpredictable_LDPOVERLAP), 31 included:
    ///   both loads are done and the register holds the element at the higher address
    ///   (Constraint_UNKNOWN); with writeback overlapping too, the address wins.</item>
    /// </list>
    /// No other encoding of these rows is UNPREDICTABLE (no writeback in the unsigned
    /// offset, unscaled, unprivileged, register offset and literal forms; prefetches have no
    /// writeback).
    /// </summary>
    public static bool IsConstrainedUnpredictable(uint raw)
    {
        if (!Handles(A64Decoder.Instance.Decode(raw).Op)) return false;
        uint t = Rt.Extract(raw), n = Rn.Extract(raw), t2 = Rt2.Extract(raw);
        if (Op0.Extract(raw) == 0b101)
        {
            bool load = PairLoad.IsSet(raw);
            bool writeback = PairWriteBack.IsSet(raw);
            return (load && t == t2) || (writeback && n != 31 && (t == n || t2 == n));
        }
        bool singleWriteBack = Op0.Extract(raw) == 0b111 && !UnsignedOffsetBit.IsSet(raw) &&
            !RegisterOffsetBit.IsSet(raw) && SingleWriteBack.IsSet(raw);
        return singleWriteBack && n != 31 && t == n;
    }

    // ---- Load/store register (unsigned immediate) ----------------------------------------------

    public static void STRB_uimm(Processor cpu, in DecodedInsn di) => Store<U8, Offset>(cpu, in di);
    public static void LDRB_uimm(Processor cpu, in DecodedInsn di) => Load<U8, Offset>(cpu, in di);
    public static void LDRSB_x_uimm(Processor cpu, in DecodedInsn di) => Load<S8X, Offset>(cpu, in di);
    public static void LDRSB_w_uimm(Processor cpu, in DecodedInsn di) => Load<S8W, Offset>(cpu, in di);
    public static void STRH_uimm(Processor cpu, in DecodedInsn di) => Store<U16, Offset>(cpu, in di);
    public static void LDRH_uimm(Processor cpu, in DecodedInsn di) => Load<U16, Offset>(cpu, in di);
    public static void LDRSH_x_uimm(Processor cpu, in DecodedInsn di) => Load<S16X, Offset>(cpu, in di);
    public static void LDRSH_w_uimm(Processor cpu, in DecodedInsn di) => Load<S16W, Offset>(cpu, in di);
    public static void STR_w_uimm(Processor cpu, in DecodedInsn di) => Store<U32, Offset>(cpu, in di);
    public static void LDR_w_uimm(Processor cpu, in DecodedInsn di) => Load<U32, Offset>(cpu, in di);
    public static void LDRSW_uimm(Processor cpu, in DecodedInsn di) => Load<S32X, Offset>(cpu, in di);
    public static void STR_x_uimm(Processor cpu, in DecodedInsn di) => Store<U64, Offset>(cpu, in di);
    public static void LDR_x_uimm(Processor cpu, in DecodedInsn di) => Load<U64, Offset>(cpu, in di);
    public static void PRFM_uimm(Processor cpu, in DecodedInsn di)
    {
        // A prefetch is a hint: no access, so no fault and no SP alignment check.
    }

    // ---- Load/store register (immediate pre-indexed) -------------------------------------------

    public static void STRB_pre(Processor cpu, in DecodedInsn di) => Store<U8, PreIndex>(cpu, in di);
    public static void LDRB_pre(Processor cpu, in DecodedInsn di) => Load<U8, PreIndex>(cpu, in di);
    public static void LDRSB_x_pre(Processor cpu, in DecodedInsn di) => Load<S8X, PreIndex>(cpu, in di);
    public static void LDRSB_w_pre(Processor cpu, in DecodedInsn di) => Load<S8W, PreIndex>(cpu, in di);
    public static void STRH_pre(Processor cpu, in DecodedInsn di) => Store<U16, PreIndex>(cpu, in di);
    public static void LDRH_pre(Processor cpu, in DecodedInsn di) => Load<U16, PreIndex>(cpu, in di);
    public static void LDRSH_x_pre(Processor cpu, in DecodedInsn di) => Load<S16X, PreIndex>(cpu, in di);
    public static void LDRSH_w_pre(Processor cpu, in DecodedInsn di) => Load<S16W, PreIndex>(cpu, in di);
    public static void STR_w_pre(Processor cpu, in DecodedInsn di) => Store<U32, PreIndex>(cpu, in di);
    public static void LDR_w_pre(Processor cpu, in DecodedInsn di) => Load<U32, PreIndex>(cpu, in di);
    public static void LDRSW_pre(Processor cpu, in DecodedInsn di) => Load<S32X, PreIndex>(cpu, in di);
    public static void STR_x_pre(Processor cpu, in DecodedInsn di) => Store<U64, PreIndex>(cpu, in di);
    public static void LDR_x_pre(Processor cpu, in DecodedInsn di) => Load<U64, PreIndex>(cpu, in di);

    // ---- Load/store register (immediate post-indexed) ------------------------------------------

    public static void STRB_post(Processor cpu, in DecodedInsn di) => Store<U8, PostIndex>(cpu, in di);
    public static void LDRB_post(Processor cpu, in DecodedInsn di) => Load<U8, PostIndex>(cpu, in di);
    public static void LDRSB_x_post(Processor cpu, in DecodedInsn di) => Load<S8X, PostIndex>(cpu, in di);
    public static void LDRSB_w_post(Processor cpu, in DecodedInsn di) => Load<S8W, PostIndex>(cpu, in di);
    public static void STRH_post(Processor cpu, in DecodedInsn di) => Store<U16, PostIndex>(cpu, in di);
    public static void LDRH_post(Processor cpu, in DecodedInsn di) => Load<U16, PostIndex>(cpu, in di);
    public static void LDRSH_x_post(Processor cpu, in DecodedInsn di) => Load<S16X, PostIndex>(cpu, in di);
    public static void LDRSH_w_post(Processor cpu, in DecodedInsn di) => Load<S16W, PostIndex>(cpu, in di);
    public static void STR_w_post(Processor cpu, in DecodedInsn di) => Store<U32, PostIndex>(cpu, in di);
    public static void LDR_w_post(Processor cpu, in DecodedInsn di) => Load<U32, PostIndex>(cpu, in di);
    public static void LDRSW_post(Processor cpu, in DecodedInsn di) => Load<S32X, PostIndex>(cpu, in di);
    public static void STR_x_post(Processor cpu, in DecodedInsn di) => Store<U64, PostIndex>(cpu, in di);
    public static void LDR_x_post(Processor cpu, in DecodedInsn di) => Load<U64, PostIndex>(cpu, in di);

    // ---- Load/store register (unscaled immediate) ----------------------------------------------

    public static void STURB(Processor cpu, in DecodedInsn di) => Store<U8, Offset>(cpu, in di);
    public static void LDURB(Processor cpu, in DecodedInsn di) => Load<U8, Offset>(cpu, in di);
    public static void LDURSB_x(Processor cpu, in DecodedInsn di) => Load<S8X, Offset>(cpu, in di);
    public static void LDURSB_w(Processor cpu, in DecodedInsn di) => Load<S8W, Offset>(cpu, in di);
    public static void STURH(Processor cpu, in DecodedInsn di) => Store<U16, Offset>(cpu, in di);
    public static void LDURH(Processor cpu, in DecodedInsn di) => Load<U16, Offset>(cpu, in di);
    public static void LDURSH_x(Processor cpu, in DecodedInsn di) => Load<S16X, Offset>(cpu, in di);
    public static void LDURSH_w(Processor cpu, in DecodedInsn di) => Load<S16W, Offset>(cpu, in di);
    public static void STUR_w(Processor cpu, in DecodedInsn di) => Store<U32, Offset>(cpu, in di);
    public static void LDUR_w(Processor cpu, in DecodedInsn di) => Load<U32, Offset>(cpu, in di);
    public static void LDURSW(Processor cpu, in DecodedInsn di) => Load<S32X, Offset>(cpu, in di);
    public static void STUR_x(Processor cpu, in DecodedInsn di) => Store<U64, Offset>(cpu, in di);
    public static void LDUR_x(Processor cpu, in DecodedInsn di) => Load<U64, Offset>(cpu, in di);
    public static void PRFUM(Processor cpu, in DecodedInsn di)
    {
        // A prefetch is a hint: no access, so no fault and no SP alignment check.
    }

    // ---- Load/store register (unprivileged): with the MMU off, EL0 permissions change nothing ---

    public static void STTRB(Processor cpu, in DecodedInsn di) => Store<U8, Unprivileged>(cpu, in di);
    public static void LDTRB(Processor cpu, in DecodedInsn di) => Load<U8, Unprivileged>(cpu, in di);
    public static void LDTRSB_x(Processor cpu, in DecodedInsn di) => Load<S8X, Unprivileged>(cpu, in di);
    public static void LDTRSB_w(Processor cpu, in DecodedInsn di) => Load<S8W, Unprivileged>(cpu, in di);
    public static void STTRH(Processor cpu, in DecodedInsn di) => Store<U16, Unprivileged>(cpu, in di);
    public static void LDTRH(Processor cpu, in DecodedInsn di) => Load<U16, Unprivileged>(cpu, in di);
    public static void LDTRSH_x(Processor cpu, in DecodedInsn di) => Load<S16X, Unprivileged>(cpu, in di);
    public static void LDTRSH_w(Processor cpu, in DecodedInsn di) => Load<S16W, Unprivileged>(cpu, in di);
    public static void STTR_w(Processor cpu, in DecodedInsn di) => Store<U32, Unprivileged>(cpu, in di);
    public static void LDTR_w(Processor cpu, in DecodedInsn di) => Load<U32, Unprivileged>(cpu, in di);
    public static void LDTRSW(Processor cpu, in DecodedInsn di) => Load<S32X, Unprivileged>(cpu, in di);
    public static void STTR_x(Processor cpu, in DecodedInsn di) => Store<U64, Unprivileged>(cpu, in di);
    public static void LDTR_x(Processor cpu, in DecodedInsn di) => Load<U64, Unprivileged>(cpu, in di);

    // ---- Load/store register (register offset) -------------------------------------------------

    public static void STRB_reg(Processor cpu, in DecodedInsn di) => Store<U8, RegisterOffset>(cpu, in di);
    public static void LDRB_reg(Processor cpu, in DecodedInsn di) => Load<U8, RegisterOffset>(cpu, in di);
    public static void LDRSB_x_reg(Processor cpu, in DecodedInsn di) => Load<S8X, RegisterOffset>(cpu, in di);
    public static void LDRSB_w_reg(Processor cpu, in DecodedInsn di) => Load<S8W, RegisterOffset>(cpu, in di);
    public static void STRH_reg(Processor cpu, in DecodedInsn di) => Store<U16, RegisterOffset>(cpu, in di);
    public static void LDRH_reg(Processor cpu, in DecodedInsn di) => Load<U16, RegisterOffset>(cpu, in di);
    public static void LDRSH_x_reg(Processor cpu, in DecodedInsn di) => Load<S16X, RegisterOffset>(cpu, in di);
    public static void LDRSH_w_reg(Processor cpu, in DecodedInsn di) => Load<S16W, RegisterOffset>(cpu, in di);
    public static void STR_w_reg(Processor cpu, in DecodedInsn di) => Store<U32, RegisterOffset>(cpu, in di);
    public static void LDR_w_reg(Processor cpu, in DecodedInsn di) => Load<U32, RegisterOffset>(cpu, in di);
    public static void LDRSW_reg(Processor cpu, in DecodedInsn di) => Load<S32X, RegisterOffset>(cpu, in di);
    public static void STR_x_reg(Processor cpu, in DecodedInsn di) => Store<U64, RegisterOffset>(cpu, in di);
    public static void LDR_x_reg(Processor cpu, in DecodedInsn di) => Load<U64, RegisterOffset>(cpu, in di);
    public static void PRFM_reg(Processor cpu, in DecodedInsn di)
    {
        // A prefetch is a hint: no access, so no fault and no SP alignment check.
    }

    // ---- Load register (literal) ---------------------------------------------------------------

    public static void LDR_w_lit(Processor cpu, in DecodedInsn di) => Load<U32, Literal>(cpu, in di);
    public static void LDR_x_lit(Processor cpu, in DecodedInsn di) => Load<U64, Literal>(cpu, in di);
    public static void LDRSW_lit(Processor cpu, in DecodedInsn di) => Load<S32X, Literal>(cpu, in di);
    public static void PRFM_lit(Processor cpu, in DecodedInsn di)
    {
        // A prefetch is a hint: no access, so no fault and no SP alignment check.
    }

    // ---- Load/store register pair --------------------------------------------------------------

    public static void STP_w_off(Processor cpu, in DecodedInsn di) => StorePair<U32, Offset>(cpu, in di);
    public static void LDP_w_off(Processor cpu, in DecodedInsn di) => LoadPair<U32, Offset>(cpu, in di);
    public static void STP_w_pre(Processor cpu, in DecodedInsn di) => StorePair<U32, PreIndex>(cpu, in di);
    public static void LDP_w_pre(Processor cpu, in DecodedInsn di) => LoadPair<U32, PreIndex>(cpu, in di);
    public static void STP_w_post(Processor cpu, in DecodedInsn di) => StorePair<U32, PostIndex>(cpu, in di);
    public static void LDP_w_post(Processor cpu, in DecodedInsn di) => LoadPair<U32, PostIndex>(cpu, in di);
    public static void STP_x_off(Processor cpu, in DecodedInsn di) => StorePair<U64, Offset>(cpu, in di);
    public static void LDP_x_off(Processor cpu, in DecodedInsn di) => LoadPair<U64, Offset>(cpu, in di);
    public static void STP_x_pre(Processor cpu, in DecodedInsn di) => StorePair<U64, PreIndex>(cpu, in di);
    public static void LDP_x_pre(Processor cpu, in DecodedInsn di) => LoadPair<U64, PreIndex>(cpu, in di);
    public static void STP_x_post(Processor cpu, in DecodedInsn di) => StorePair<U64, PostIndex>(cpu, in di);
    public static void LDP_x_post(Processor cpu, in DecodedInsn di) => LoadPair<U64, PostIndex>(cpu, in di);
    public static void LDPSW_off(Processor cpu, in DecodedInsn di) => LoadPair<S32X, Offset>(cpu, in di);
    public static void LDPSW_pre(Processor cpu, in DecodedInsn di) => LoadPair<S32X, PreIndex>(cpu, in di);
    public static void LDPSW_post(Processor cpu, in DecodedInsn di) => LoadPair<S32X, PostIndex>(cpu, in di);

    // ---- Load/store no-allocate pair: the non-temporal hint changes nothing here ---------------

    public static void STNP_w(Processor cpu, in DecodedInsn di) => StorePair<U32, Offset>(cpu, in di);
    public static void LDNP_w(Processor cpu, in DecodedInsn di) => LoadPair<U32, Offset>(cpu, in di);
    public static void STNP_x(Processor cpu, in DecodedInsn di) => StorePair<U64, Offset>(cpu, in di);
    public static void LDNP_x(Processor cpu, in DecodedInsn di) => LoadPair<U64, Offset>(cpu, in di);
    // ---- The shared shapes -------------------------------------------------------------
    //
    // Generic over the access kind and the addressing mode, both struct type arguments, so
    // each instantiation is compiled on its own with no run-time test of either, whether or
    // not the JIT inlines it into the interpreter loop.

    static void Load<TKind, TMode>(Processor cpu, in DecodedInsn di) where TKind : struct, ILoadKind where TMode : struct, IAddressing
    {
        if (TMode.ChecksSpAlignment && !cpu.CheckSpAlignment(di.Rn)) return;
        ulong address = TMode.Address(cpu, in di);
        if (!cpu.Read(address, (int)TKind.Size, out ulong value, TMode.Flags)) return;
        // With writeback and Rt == Rn, the base writeback below wins (see IsConstrainedUnpredictable).
        cpu.SetX(di.Rd, TKind.Extend(value));
        TMode.WriteBack(cpu, in di, address);
    }

    static void Store<TKind, TMode>(Processor cpu, in DecodedInsn di) where TKind : struct, IStoreKind where TMode : struct, IAddressing
    {
        if (!cpu.CheckSpAlignment(di.Rn)) return;
        ulong address = TMode.Address(cpu, in di);
        // Rt is read before writeback: with Rt == Rn the original value is stored.
        if (!cpu.Write(address, (int)TKind.Size, cpu.Xr(di.Rd), TMode.Flags)) return;
        TMode.WriteBack(cpu, in di, address);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void LoadPair<TKind, TMode>(Processor cpu, in DecodedInsn di) where TKind : struct, ILoadKind where TMode : struct, IAddressing
    {
        if (!cpu.CheckSpAlignment(di.Rn)) return;
        ulong address = TMode.Address(cpu, in di);
        if (!cpu.ReadPair(address, (int)TKind.Size, out ulong first, out ulong second)) return;
        // Rt2 is written last: with Rt == Rt2 it holds the second element; then writeback wins.
        cpu.SetX(di.Rd, TKind.Extend(first));
        cpu.SetX(di.Ra, TKind.Extend(second));
        TMode.WriteBack(cpu, in di, address);
    }

    /// <summary>The two stores go in address order (see <see cref="Processor.WritePair"/>); a fault leaves the registers unchanged.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void StorePair<TKind, TMode>(Processor cpu, in DecodedInsn di) where TKind : struct, IStoreKind where TMode : struct, IAddressing
    {
        if (!cpu.CheckSpAlignment(di.Rn)) return;
        ulong address = TMode.Address(cpu, in di);
        if (!cpu.WritePair(address, (int)TKind.Size, cpu.Xr(di.Rd), cpu.Xr(di.Ra))) return;
        TMode.WriteBack(cpu, in di, address);
    }

    // ---- Addressing modes: how the address is formed and the base written back ----------

    interface IAddressing
    {
        /// <summary>False only for literals, which have no base register.</summary>
        static abstract bool ChecksSpAlignment { get; }
        static abstract AccessFlags Flags { get; }
        static abstract ulong Address(Processor cpu, in DecodedInsn di);
        static abstract void WriteBack(Processor cpu, in DecodedInsn di, ulong address);
    }

    /// <summary>base + Imm: unsigned offset, unscaled, pair offset.</summary>
    readonly struct Offset : IAddressing
    {
        public static bool ChecksSpAlignment => true;
        public static AccessFlags Flags => AccessFlags.None;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Address(Processor cpu, in DecodedInsn di) => cpu.Xr(di.Rn) + di.Imm;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void WriteBack(Processor cpu, in DecodedInsn di, ulong address) { }
    }

    /// <summary>base + Imm, checked with EL0 permissions (LDTR, STTR and their sizes).</summary>
    readonly struct Unprivileged : IAddressing
    {
        public static bool ChecksSpAlignment => true;
        public static AccessFlags Flags => AccessFlags.Unprivileged;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Address(Processor cpu, in DecodedInsn di) => cpu.Xr(di.Rn) + di.Imm;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void WriteBack(Processor cpu, in DecodedInsn di, ulong address) { }
    }

    /// <summary>base + Imm, and the base is written back with it.</summary>
    readonly struct PreIndex : IAddressing
    {
        public static bool ChecksSpAlignment => true;
        public static AccessFlags Flags => AccessFlags.None;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Address(Processor cpu, in DecodedInsn di) => cpu.Xr(di.Rn) + di.Imm;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void WriteBack(Processor cpu, in DecodedInsn di, ulong address) => cpu.SetX(di.Rn, address);
    }

    /// <summary>The base itself, then the base is written back with base + Imm.</summary>
    readonly struct PostIndex : IAddressing
    {
        public static bool ChecksSpAlignment => true;
        public static AccessFlags Flags => AccessFlags.None;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Address(Processor cpu, in DecodedInsn di) => cpu.Xr(di.Rn);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void WriteBack(Processor cpu, in DecodedInsn di, ulong address) => cpu.SetX(di.Rn, address + di.Imm);
    }

    /// <summary>base + the index register, extended (A, Imm) and shifted (B) as predecoded.</summary>
    readonly struct RegisterOffset : IAddressing
    {
        public static bool ChecksSpAlignment => true;
        public static AccessFlags Flags => AccessFlags.None;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Address(Processor cpu, in DecodedInsn di) =>
            cpu.Xr(di.Rn) + (ExtendIndex(cpu.Xr(di.Rm), di.A, di.Imm) << di.B);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void WriteBack(Processor cpu, in DecodedInsn di, ulong address) { }
    }

    /// <summary>The instruction's own address + Imm.</summary>
    readonly struct Literal : IAddressing
    {
        public static bool ChecksSpAlignment => false;
        public static AccessFlags Flags => AccessFlags.None;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Address(Processor cpu, in DecodedInsn di) => cpu.InstructionAddress + di.Imm;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void WriteBack(Processor cpu, in DecodedInsn di, ulong address) { }
    }

    /// <summary>
    /// UXTW, SXTW, LSL (UXTX) or SXTX of the index without a branch: shift the kept bits to
    /// the top (<paramref name="drop"/> = 32 for the W extends, 0 otherwise) and back, both
    /// logically and arithmetically, and keep the arithmetic result where
    /// <paramref name="signMask"/> is set (all ones for the signed extends).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ulong ExtendIndex(ulong index, int drop, ulong signMask)
    {
        ulong top = index << drop;
        ulong zeroExtended = top >> drop;
        ulong signExtended = (ulong)((long)top >> drop);
        return zeroExtended ^ ((zeroExtended ^ signExtended) & signMask);
    }

    // ---- Access kinds: size and extension, as struct type arguments ---------------------

    interface ILoadKind
    {
        /// <summary>Bytes per element (the pair's second element is this far on).</summary>
        static abstract ulong Size { get; }
        /// <summary>The 64-bit value the register receives from the loaded (zero-extended) bytes.</summary>
        static abstract ulong Extend(ulong loaded);
    }

    interface IStoreKind
    {
        static abstract ulong Size { get; }
    }

    /// <summary>Zero-extending byte loads and byte stores.</summary>
    readonly struct U8 : ILoadKind, IStoreKind
    {
        public static ulong Size => 1;
        public static ulong Extend(ulong loaded) => loaded;
    }

    readonly struct U16 : ILoadKind, IStoreKind
    {
        public static ulong Size => 2;
        public static ulong Extend(ulong loaded) => loaded;
    }

    /// <summary>Word loads zero-extend, which is also what a W destination needs.</summary>
    readonly struct U32 : ILoadKind, IStoreKind
    {
        public static ulong Size => 4;
        public static ulong Extend(ulong loaded) => loaded;
    }

    readonly struct U64 : ILoadKind, IStoreKind
    {
        public static ulong Size => 8;
        public static ulong Extend(ulong loaded) => loaded;
    }

    /// <summary>Signed byte to an X register.</summary>
    readonly struct S8X : ILoadKind
    {
        public static ulong Size => 1;
        public static ulong Extend(ulong loaded) => (ulong)(sbyte)loaded;
    }

    /// <summary>Signed byte to a W register: sign-extended to 32 bits, the upper half cleared.</summary>
    readonly struct S8W : ILoadKind
    {
        public static ulong Size => 1;
        public static ulong Extend(ulong loaded) => (uint)(sbyte)loaded;
    }

    readonly struct S16X : ILoadKind
    {
        public static ulong Size => 2;
        public static ulong Extend(ulong loaded) => (ulong)(short)loaded;
    }

    readonly struct S16W : ILoadKind
    {
        public static ulong Size => 2;
        public static ulong Extend(ulong loaded) => (uint)(short)loaded;
    }

    /// <summary>Signed word to an X register (LDRSW, LDPSW).</summary>
    readonly struct S32X : ILoadKind
    {
        public static ulong Size => 4;
        public static ulong Extend(ulong loaded) => (ulong)(int)loaded;
    }
}
