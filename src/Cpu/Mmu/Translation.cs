using Emulator.Interconnect;

namespace Emulator.Cpu;

/// <summary>What a translated access is, for the permission check (Arm ARM AArch64.CheckPermission).</summary>
public enum AccessKind : byte
{
    Read,
    Write,
    Fetch,
    /// <summary>DC CVAC, CVAU, CIVAC, IC IVAU: no permission needed at EL1, read permission at EL0.</summary>
    CacheClean,
    /// <summary>DC IVAC: write permission (it can destroy data).</summary>
    CacheInvalidate,
}

/// <summary>
/// Stage 1 translation of the EL1&amp;0 regime (Arm ARM D8, VMSAv8-64) as this PE implements it:
/// 4KB, 16KB and 64KB granules, input addresses of 25 to 48 bits per TTBR (T0SZ and T1SZ
/// from 16 to 39; values outside are treated as the nearest bound), a 48-bit physical
/// address space limited further by TCR_EL1.IPS, 8- or 16-bit ASIDs, top byte ignore,
/// hierarchical table attributes (APTable, UXNTable, PXNTable), no hardware update of the
/// Access flag or dirty state (an Access flag fault instead), the contiguous hint ignored
/// (each page or block is cached on its own, which the architecture allows), and PAN.
/// </summary>
public sealed partial class Processor
{
    /// <summary>No fault: the translation (and its checks) succeeded.</summary>
    const uint NoFault = 0xFF;

    /// <summary>The architectural TLB (see <see cref="TranslationLookasideBuffer"/>).</summary>
    public TranslationLookasideBuffer Tlb { get; } = new();

    /// <summary>The PEs that this PE's Inner Shareable maintenance reaches.</summary>
    public InnerShareableDomain ShareableDomain { get; }

    /// <summary>TCR_EL1 fields (Arm ARM D17.2.131).</summary>
    internal static class Tcr
    {
        public static readonly BitField T0sz = new(0, 6), Tg0 = new(14, 2), T1sz = new(16, 6), Tg1 = new(30, 2), Ips = new(32, 3);
        public const ulong Epd0 = 1UL << 7, A1 = 1UL << 22, Epd1 = 1UL << 23, As = 1UL << 36, Tbi0 = 1UL << 37, Tbi1 = 1UL << 38;
        /// <summary>The fields this PE implements: T0SZ..TG1, IPS, AS, TBI0, TBI1. HA, HD, HPD and later ones are RES0.</summary>
        public const ulong Writable = 0x0000_0077_FFFF_FFBF;
    }

    /// <summary>Stage 1 descriptor fields (Arm ARM D8.3).</summary>
    static class Descriptor
    {
        public const ulong Valid = 1, Table = 2, Af = 1UL << 10, NotGlobal = 1UL << 11, Pxn = 1UL << 53, Uxn = 1UL << 54;
        public const ulong PxnTable = 1UL << 59, UxnTable = 1UL << 60;
        public static readonly BitField AttrIndx = new(2, 3), Ap = new(6, 2), Sh = new(8, 2), ApTable = new(61, 2);
    }

    /// <summary>PAR_EL1 fields (Arm ARM D17.2.113).</summary>
    internal static class Par
    {
        public const ulong F = 1;
        public const ulong Res1 = 1UL << 11;
        public const ulong OuterShareable = 0b10;
        public static readonly BitField Sh = new(7, 2), Fst = new(1, 6), Attr = new(56, 8);
        /// <summary>PA[47:12].</summary>
        public const ulong PhysicalAddress = 0x0000_FFFF_FFFF_F000;
    }

    const ulong SctlrC = 1UL << 2, SctlrWxn = 1UL << 19, SctlrSpan = 1UL << 23;

    bool MmuEnabled => (State.SctlrEl1 & SctlrM) != 0;

    /// <summary>A mask of bits <paramref name="high"/> down to <paramref name="low"/> (empty when low &gt; high).</summary>
    static ulong Bits(int high, int low) =>
        low > high ? 0 : (high == 63 ? ulong.MaxValue : (1UL << (high + 1)) - 1) & ~((1UL << low) - 1);

    /// <summary>The VA with bits 63:56 replaced by copies of bit 55: what the TLB and TLBI compare.</summary>
    static ulong Normalise(ulong va) => (ulong)((long)(va << 8) >> 8);

    /// <summary>
    /// The most significant bit of <paramref name="va"/> that addresses memory (Arm ARM
    /// AddrTop): 55 when top byte ignore applies (TCR_EL1.TBI1 for an address with bit 55
    /// set, TBI0 otherwise), else 63. It holds for data and instruction addresses alike, and
    /// with the MMU off too (FEAT_PAuth's TBID, which would exempt fetches, is not implemented).
    /// </summary>
    int AddressTop(ulong va) => (State.TcrEl1 & ((va >> 55 & 1) != 0 ? Tcr.Tbi1 : Tcr.Tbi0)) != 0 ? 55 : 63;

    /// <summary>
    /// The PC that a branch to <paramref name="target"/> sets (Arm ARM AArch64.BranchAddr at
    /// EL0 and EL1): with top byte ignore the tag is dropped, bits 63:56 becoming copies of
    /// bit 55, so the PC, ELR on a later exception, and the link register hold no tag.
    /// </summary>
    public ulong BranchAddress(ulong target) => AddressTop(target) == 55 ? Normalise(target) : target;

    /// <summary>
    /// With the MMU off (Arm ARM AArch64.TranslateAddressS1Off) the physical address is
    /// VA[47:0]; the bits from 48 up to <see cref="AddressTop"/> must be zero, else the access
    /// is an Address size fault at level 0. A tag in bits 63:56 is ignored under TBI.
    /// </summary>
    bool FlatAddressFits(ulong va) => (va & Bits(AddressTop(va), PhysicalAddressBits)) == 0;

    /// <summary>The physical address of <paramref name="va"/> with the MMU off (its tag, if any, dropped).</summary>
    static ulong FlatAddress(ulong va) => va & Bits(PhysicalAddressBits - 1, 0);

    /// <summary>The ASID of the current translations: TTBR1_EL1's with TCR_EL1.A1, else TTBR0_EL1's; 8 bits unless TCR_EL1.AS.</summary>
    public ushort CurrentAsid => MaskAsid((ushort)(((State.TcrEl1 & Tcr.A1) != 0 ? State.Ttbr1El1 : State.Ttbr0El1) >> 48));

    ushort MaskAsid(ushort asid) => (State.TcrEl1 & Tcr.As) != 0 ? asid : (ushort)(asid & 0xFF);

    /// <summary>The output address size TCR_EL1.IPS selects, at most the implemented 48 bits.</summary>
    static int OutputAddressBits(ulong tcr) => Tcr.Ips.Extract(tcr) switch
    {
        0 => 32, 1 => 36, 2 => 40, 3 => 42, 4 => 44, _ => PhysicalAddressBits,
    };

    /// <summary>log2 of the granule TG0 or TG1 selects; reserved encodings are taken as 4KB.</summary>
    static int GranuleShift(ulong tcr, bool upper) => upper
        ? Tcr.Tg1.Extract(tcr) switch { 0b01 => 14, 0b11 => 16, _ => 12 }
        : Tcr.Tg0.Extract(tcr) switch { 0b01 => 16, 0b10 => 14, _ => 12 };

    static uint Fault(uint type, int level) => type | (uint)level;
    const uint AddressSizeFault = 0b000000, TranslationFault = 0b000100, AccessFlagFault = 0b001000,
        PermissionFault = 0b001100, ExternalAbortOnWalk = 0b010100;

    /// <summary>
    /// The stage 1 translation of <paramref name="va"/> with the MMU on: the TLB, else a
    /// table walk (whose result the TLB then holds when <paramref name="allocate"/>).
    /// Returns <see cref="NoFault"/> or the fault status (DFSC/IFSC) of the fault found.
    /// Permissions are not checked here (see <see cref="Permits"/>).
    /// </summary>
    uint TranslateStage1(ulong va, out TlbRecord record, bool allocate = true)
    {
        record = default;
        ulong tcr = State.TcrEl1;
        bool upper = (va >> 55 & 1) != 0;
        int inputBits = 64 - Math.Clamp((int)(upper ? Tcr.T1sz : Tcr.T0sz).Extract(tcr), 16, 39);
        // Top byte ignore: bits 63:56 take no part in the range check (nor in the TLB).
        ulong range = Bits(AddressTop(va), inputBits);
        if ((va & range) != (upper ? range : 0) || (tcr & (upper ? Tcr.Epd1 : Tcr.Epd0)) != 0)
            return Fault(TranslationFault, 0);
        ulong key = Normalise(va);
        ushort asid = CurrentAsid;
        if (Tlb.Lookup(key, asid, out record)) return NoFault;
        uint fault = Walk(key, upper, inputBits, tcr, asid, out record);
        if (fault == NoFault && allocate) Tlb.Insert(record);
        return fault;
    }

    /// <summary>The translation table walk (Arm ARM AArch64.TranslationTableWalk, stage 1 only).</summary>
    uint Walk(ulong va, bool upper, int inputBits, ulong tcr, ushort asid, out TlbRecord record)
    {
        record = default;
        int grain = GranuleShift(tcr, upper);
        int stride = grain - 3;
        int startLevel = 4 - (inputBits - grain + stride - 1) / stride;
        int outputBits = OutputAddressBits(tcr);
        ulong ttbr = upper ? State.Ttbr1El1 : State.Ttbr0El1;
        int firstIndexBits = inputBits - (grain + (3 - startLevel) * stride);
        // BADDR is aligned to the size of the first table, and to at least 64 bytes.
        ulong table = ttbr & Bits(47, Math.Max(firstIndexBits + 3, 6));
        if ((ttbr & Bits(47, outputBits)) != 0) return Fault(AddressSizeFault, 0);

        uint apTable = 0;
        bool uxnTable = false, pxnTable = false;
        for (int level = startLevel; ; level++)
        {
            int shift = grain + (3 - level) * stride;
            int indexBits = level == startLevel ? firstIndexBits : stride;
            ulong address = table + ((va >> shift) & ((1UL << indexBits) - 1)) * 8;
            if (!ReadDescriptor(address, out ulong desc)) return Fault(ExternalAbortOnWalk, level);
            if ((desc & Descriptor.Valid) == 0) return Fault(TranslationFault, level);
            bool isTable = (desc & Descriptor.Table) != 0;
            if (level < 3 && isTable)
            {
                if ((desc & Bits(47, outputBits)) != 0) return Fault(AddressSizeFault, level);
                apTable |= (uint)Descriptor.ApTable.Extract(desc);
                uxnTable |= (desc & Descriptor.UxnTable) != 0;
                pxnTable |= (desc & Descriptor.PxnTable) != 0;
                table = desc & Bits(47, grain);
                continue;
            }
            // A page at level 3; a block where the granule allows one (4KB: levels 1 and 2;
            // 16KB and 64KB: level 2). Anything else is reserved: a Translation fault.
            bool blockAllowed = level == 2 || (level == 1 && grain == 12);
            if (level == 3 ? !isTable : !blockAllowed) return Fault(TranslationFault, level);
            if ((desc & Bits(47, outputBits)) != 0) return Fault(AddressSizeFault, level);
            if ((desc & Descriptor.Af) == 0) return Fault(AccessFlagFault, level);
            uint ap = (uint)Descriptor.Ap.Extract(desc);
            if ((apTable & 1) != 0) ap &= ~1u; // APTable[0]: no EL0 access below
            if ((apTable & 2) != 0) ap |= 2;   // APTable[1]: no write access below
            record = new TlbRecord
            {
                VirtualBase = va & ~((1UL << shift) - 1),
                PhysicalBase = desc & Bits(47, shift),
                SizeShift = (byte)shift,
                Level = (byte)level,
                Global = (desc & Descriptor.NotGlobal) == 0,
                Asid = asid,
                Ap = (byte)ap,
                Uxn = uxnTable || (desc & Descriptor.Uxn) != 0,
                Pxn = pxnTable || (desc & Descriptor.Pxn) != 0,
                AttrIndex = (byte)Descriptor.AttrIndx.Extract(desc),
                Shareability = (byte)Descriptor.Sh.Extract(desc),
            };
            return NoFault;
        }
    }

    /// <summary>A descriptor read by the walk: RAM, or a device that answers; false is an external abort on the walk.</summary>
    bool ReadDescriptor(ulong address, out ulong desc)
    {
        if (Bus.RamAt(address, 8) is { } ram)
        {
            desc = ram.Read(address, 8);
            return true;
        }
        return Bus.Read(address, 8, out desc) == BusStatus.Ok;
    }

    /// <summary>
    /// The stage 1 permission check of the EL1&amp;0 regime (Arm ARM D8.4, AArch64.CheckPermission
    /// with FEAT_PAN): AP, UXN, PXN, SCTLR_EL1.WXN (a writable region is never executable),
    /// EL1 never executes what EL0 may write, and with PSTATE.PAN privileged loads and stores
    /// (not fetches, cache maintenance or AT S1E1R/W) may not touch what EL0 may access.
    /// </summary>
    bool Permits(in TlbRecord r, AccessKind kind, bool privileged, bool pan)
    {
        bool wxn = (State.SctlrEl1 & SctlrWxn) != 0;
        bool userRead = (r.Ap & 1) != 0, userWrite = r.Ap == 0b01;
        bool privRead = true, privWrite = (r.Ap & 2) == 0;
        if (pan && privileged && userRead && kind is AccessKind.Read or AccessKind.Write)
            privRead = privWrite = false;
        bool userXn = r.Uxn || (userWrite && wxn);
        bool privXn = r.Pxn || (privWrite && wxn) || userWrite;
        bool read = privileged ? privRead : userRead, write = privileged ? privWrite : userWrite;
        return kind switch
        {
            AccessKind.Read => read,
            AccessKind.Write or AccessKind.CacheInvalidate => write,
            AccessKind.Fetch => !(privileged ? privXn : userXn),
            _ => privileged || read,
        };
    }

    /// <summary>The MAIR_EL1 attribute byte of a translation (Attr&lt;AttrIndx&gt;).</summary>
    byte Attribute(in TlbRecord r) => (byte)(State.MairEl1 >> (8 * r.AttrIndex));

    /// <summary>Device memory: attribute 0b0000xxxx (the encodings other than 0b0000dd00 are UNPREDICTABLE; taken as Device too).</summary>
    static bool IsDevice(byte attribute) => (attribute & 0xF0) == 0;

    /// <summary>
    /// Translates a data access with the MMU on and checks it, returning <see cref="NoFault"/>
    /// or the fault status: the walk's faults, then an Alignment fault for an unaligned access
    /// to Device memory, then the permission check (the Arm ARM's order).
    /// </summary>
    uint TranslateData(ulong va, AccessKind kind, bool unprivileged, bool aligned, out ulong pa)
    {
        pa = 0;
        uint fault = TranslateStage1(va, out TlbRecord r);
        if (fault != NoFault) return fault;
        if (!aligned && IsDevice(Attribute(r))) return FaultStatus.Alignment;
        bool privileged = State.CurrentEl != 0 && !unprivileged;
        if (!Permits(r, kind, privileged, State.Pan)) return Fault(PermissionFault, r.Level);
        pa = r.PhysicalBase | (Normalise(va) & r.SizeMask);
        return NoFault;
    }

    /// <summary>The instruction fetch translation: the walk's faults, then execute permission at the current EL.</summary>
    uint TranslateFetch(ulong pc, out ulong pa)
    {
        pa = 0;
        uint fault = TranslateStage1(pc, out TlbRecord r);
        if (fault != NoFault) return fault;
        if (!Permits(r, AccessKind.Fetch, State.CurrentEl != 0, pan: false)) return Fault(PermissionFault, r.Level);
        pa = r.PhysicalBase | (Normalise(pc) & r.SizeMask);
        return NoFault;
    }

    /// <summary>
    /// AT S1E1R, S1E1W, S1E0R, S1E0W: the stage 1 translation of <paramref name="va"/> as a
    /// read or write at EL1 or EL0, as PAR_EL1 reports it (Arm ARM D17.2.113). No fault is
    /// taken: a fault is reported (F = 1, FST, S = 0 for stage 1). PAN does not apply (the
    /// PAN-aware S1E1RP/WP belong to FEAT_PAN2). With the MMU off the output address is the
    /// input and the memory Device-nGnRnE; an address beyond 48 bits is an Address size fault.
    /// </summary>
    public ulong AddressTranslate(ulong va, bool write, bool el0)
    {
        if (!MmuEnabled)
            return FlatAddressFits(va)
                ? Par.Res1 | Par.Sh.Deposit(0, Par.OuterShareable) | (va & Par.PhysicalAddress)
                : Par.Res1 | Par.Fst.Deposit(0, FaultStatus.AddressSizeLevel0) | Par.F;
        uint fault = TranslateStage1(va, out TlbRecord r);
        if (fault == NoFault && !Permits(r, write ? AccessKind.Write : AccessKind.Read, !el0, pan: false))
            fault = Fault(PermissionFault, r.Level);
        if (fault != NoFault)
            return Par.Res1 | Par.Fst.Deposit(0, fault) | Par.F;
        byte attribute = Attribute(r);
        // Device and Normal Non-cacheable memory are reported Outer Shareable whatever SH says.
        bool nonCacheable = IsDevice(attribute) || attribute == 0x44 || (State.SctlrEl1 & SctlrC) == 0;
        ulong sh = nonCacheable ? Par.OuterShareable : r.Shareability;
        ulong pa = r.PhysicalBase | (Normalise(va) & r.SizeMask);
        return Par.Attr.Deposit(0UL, attribute) | Par.Res1 | Par.Sh.Deposit(0, sh) | (pa & Par.PhysicalAddress);
    }

    /// <summary>Sets PSTATE.PAN (MSR PAN): privileged loads and stores now use the fast TLBs of the new setting.</summary>
    public void SetPan(bool pan)
    {
        State.Pan = pan;
        UpdateTranslationContext();
    }

    // ---- TLB maintenance ---------------------------------------------------------------

    /// <summary>
    /// TLBI (EL1&amp;0): performs <paramref name="operation"/> on this PE, or with
    /// <paramref name="innerShareable"/> on every PE of <see cref="ShareableDomain"/>.
    /// <paramref name="argument"/> is Xt: VA[55:12] in bits 43:0, the ASID in bits 63:48.
    /// </summary>
    public void TlbMaintenance(TlbiOperation operation, ulong argument, bool innerShareable)
    {
        if (innerShareable) ShareableDomain.Invalidate(operation, argument);
        else InvalidateTlb(operation, argument);
    }

    /// <summary>One TLBI operation on this PE's TLBs; the cached fast translations and the fetch page go too.</summary>
    public void InvalidateTlb(TlbiOperation operation, ulong argument)
    {
        ulong va = Normalise((argument & 0x0000_0FFF_FFFF_FFFF) << 12);
        ushort asid = MaskAsid((ushort)(argument >> 48));
        switch (operation)
        {
            case TlbiOperation.VMALLE1:
                Tlb.Clear();
                break;
            case TlbiOperation.VAE1:
            case TlbiOperation.VALE1:
                // Only final translations are cached, so "last level only" removes the same.
                Tlb.RemoveCovering(va, r => r.Global || MaskAsid(r.Asid) == asid);
                break;
            case TlbiOperation.VAAE1:
            case TlbiOperation.VAALE1:
                Tlb.RemoveCovering(va, _ => true);
                break;
            case TlbiOperation.ASIDE1:
                Tlb.RemoveAll(r => !r.Global && MaskAsid(r.Asid) == asid);
                break;
        }
        InvalidateFastTlb();
    }
}
