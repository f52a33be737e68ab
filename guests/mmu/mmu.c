/*
 * Stage 1 translation of the EL1&0 regime (Arm ARM D8) with each granule (4KB, 16KB, 64KB)
 * and input size (39 and 48 bits): pages at level 3 through TTBR0 and TTBR1, blocks at
 * level 2 (and level 1 with 4KB), the faults with their ESR_EL1, FAR_EL1 and ELR_EL1 (a
 * Translation fault at level 3 and outside the input range at level 0, a Permission fault
 * on a store to a read-only page, an Access flag fault, an Address size fault beyond
 * TCR_EL1.IPS), instruction aborts (Translation, Access flag and Permission (PXN) faults
 * on a call through a second mapping of code), TLB maintenance (each TLBI form must
 * remove the entry it names), ASIDs of 16 and 8 bits (TCR_EL1.AS) with non-global pages, and top byte ignore
 * on loads and on a branch target. Every check is something the architecture guarantees,
 * so the transcript is the same on any implementation. Exit status: failed checks.
 */
#include "el0/check.h"
#include "el0/el0.h"
#include "semihosting.h"
#include "uart.h"

uint64_t probe_load(uint64_t va);
uint64_t probe_store(uint64_t va, uint64_t value);
uint64_t pc_here(void);
#define PROBE_FAULTED 0xFA017EDUL

static volatile struct {
    uint64_t esr, far, elr;
    unsigned count;
} last;

void handle_exception(struct exception_frame *frame, unsigned vector)
{
    last.esr = read_esr_el1();
    last.far = read_far_el1();
    last.elr = frame->elr;
    last.count++;
    if (vector == 4 && esr_ec(last.esr) == 0x21) {
        /* An instruction abort on a call: return to the caller with the fault noted. */
        frame->x[0] = PROBE_FAULTED;
        frame->elr = frame->x[30];
        return;
    }
    if (vector != 4 || esr_ec(last.esr) != 0x25) {
        uart_puts("unexpected exception\n");
        check("ESR_EL1", last.esr, 0);
        check("ELR_EL1", last.elr, 0);
        semihost_exit(100);
    }
    frame->x[0] = PROBE_FAULTED;
    frame->elr += 4;
}

/* ---- Translation tables ------------------------------------------------------------ */

#define DESC_VALID   1UL
#define DESC_TABLE   2UL            /* table at levels 0-2, page at level 3 */
#define ATTR_NORMAL  (0UL << 2)     /* MAIR Attr0 */
#define ATTR_DEVICE  (1UL << 2)     /* MAIR Attr1 */
#define AP_EL1_RO    (2UL << 6)
#define SH_INNER     (3UL << 8)
#define AF           (1UL << 10)
#define NG           (1UL << 11)
#define PXN          (1UL << 53)
#define UXN          (1UL << 54)
#define MAIR         0x00FFUL       /* Attr0 Normal write-back, Attr1 Device-nGnRnE */
#define NORMAL_RW    (AF | SH_INNER | ATTR_NORMAL)
#define OA_MASK      0x0000FFFFFFFFF000UL

#define SCTLR_M (1UL << 0)
#define SCTLR_C (1UL << 2)
#define SCTLR_I (1UL << 12)

#define RAM_BASE 0x40000000UL
#define TABLE_POOL_SIZE (32 * 65536)

/* Tables and data pages, granule-aligned, from here; reset for each configuration. */
static uint8_t pool[TABLE_POOL_SIZE] __attribute__((aligned(65536)));
static uint64_t pool_used;

static unsigned granule_shift, va_bits, start_level;

static uint64_t granule(void) { return 1UL << granule_shift; }
static unsigned stride(void) { return granule_shift - 3; }
static unsigned level_shift(unsigned level) { return granule_shift + (3 - level) * stride(); }
static uint64_t level_size(unsigned level) { return 1UL << level_shift(level); }

static uint64_t *new_granule(void)
{
    uint64_t *p = (uint64_t *)(pool + pool_used);
    pool_used += granule();
    if (pool_used > TABLE_POOL_SIZE) {
        uart_puts("table pool exhausted\n");
        semihost_exit(101);
    }
    for (uint64_t i = 0; i < granule() / 8; i++) p[i] = 0;
    return p;
}

static unsigned index_bits(unsigned level)
{
    return level == start_level ? va_bits - level_shift(level) : stride();
}

/* The descriptor of va at level, creating the tables above it. */
static volatile uint64_t *descriptor(uint64_t *root, uint64_t va, unsigned level)
{
    uint64_t *table = root;
    for (unsigned l = start_level;; l++) {
        volatile uint64_t *d = &table[(va >> level_shift(l)) & ((1UL << index_bits(l)) - 1)];
        if (l == level) return d;
        if ((*d & 3) != 3) *d = (uint64_t)(uintptr_t)new_granule() | DESC_TABLE | DESC_VALID;
        table = (uint64_t *)(uintptr_t)(*d & OA_MASK);
    }
}

static volatile uint64_t *map(uint64_t *root, uint64_t va, uint64_t pa, unsigned level, uint64_t attrs)
{
    volatile uint64_t *d = descriptor(root, va, level);
    *d = pa | attrs | (level == 3 ? DESC_TABLE : 0) | DESC_VALID;
    return d;
}

/* The first 32MB of RAM (image, stack, tables) and the UART, by level 2 blocks, global. */
static void map_identity(uint64_t *root)
{
    uint64_t block = level_size(2);
    uint64_t ram_end = RAM_BASE + (block > 0x2000000 ? block : 0x2000000);
    for (uint64_t a = RAM_BASE; a < ram_end; a += block)
        map(root, a, a, 2, NORMAL_RW);
    uint64_t uart = UART_BASE & ~(block - 1);
    map(root, uart, uart, 2, AF | ATTR_DEVICE | PXN | UXN);
}

static void barrier_tlbi_vmalle1(void)
{
    __asm__ volatile("dsb ishst\n\ttlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");
}

/* After a descriptor was made invalid: the TLBI named by op with argument arg. */
#define TLBI(op, arg) __asm__ volatile("dsb ishst\n\ttlbi " op ", %0\n\tdsb ish\n\tisb" : : "r"((uint64_t)(arg)) : "memory")
#define TLBI_NOARG(op) __asm__ volatile("dsb ishst\n\ttlbi " op "\n\tdsb ish\n\tisb" ::: "memory")

static uint64_t tcr_for(unsigned ips, int asid16, int tbi0)
{
    uint64_t tsz = 64 - va_bits;
    uint64_t tg0 = granule_shift == 12 ? 0 : granule_shift == 16 ? 1 : 2;
    uint64_t tg1 = granule_shift == 12 ? 2 : granule_shift == 16 ? 3 : 1;
    /* Walks: Normal write-back cacheable, Inner Shareable, for both halves. */
    uint64_t walk = (1UL << 8) | (1UL << 10) | (3UL << 12);
    return tsz | walk | tg0 << 14 | tsz << 16 | walk << 16 | tg1 << 30 | (uint64_t)ips << 32 |
           (asid16 ? 1UL << 36 : 0) | (tbi0 ? 1UL << 37 : 0);
}

static void set_tcr(uint64_t tcr)
{
    WRITE_SYSREG(tcr_el1, tcr);
    barrier_tlbi_vmalle1();
}

static void set_ttbr0(uint64_t *root, uint64_t asid)
{
    WRITE_SYSREG(ttbr0_el1, (uint64_t)(uintptr_t)root | asid << 48);
}

static void mmu_on(uint64_t tcr, uint64_t *root0, uint64_t *root1)
{
    WRITE_SYSREG(mair_el1, MAIR);
    WRITE_SYSREG(tcr_el1, tcr);
    set_ttbr0(root0, 0);
    WRITE_SYSREG(ttbr1_el1, (uint64_t)(uintptr_t)root1);
    barrier_tlbi_vmalle1();
    WRITE_SYSREG(sctlr_el1, READ_SYSREG(sctlr_el1) | SCTLR_M | SCTLR_C | SCTLR_I);
}

static void mmu_off(void)
{
    WRITE_SYSREG(sctlr_el1, READ_SYSREG(sctlr_el1) & ~(SCTLR_M | SCTLR_C | SCTLR_I));
}

/* ---- Checks ------------------------------------------------------------------------ */

#define ESR_DABT_EL1 0x96000000UL   /* EC 0x25, IL = 1, ISV = 0 */
#define WNR          (1UL << 6)
#define FSC_ADDRESS_SIZE(level) (0x00UL + (level))
#define FSC_TRANSLATION(level)  (0x04UL + (level))
#define FSC_ACCESS_FLAG(level)  (0x08UL + (level))
#define FSC_PERMISSION(level)   (0x0CUL + (level))

static void check_load(const char *what, uint64_t va, uint64_t want)
{
    unsigned before = last.count;
    uart_puts(what);
    uart_puts(":\n");
    check("value", probe_load(va), want);
    check("exceptions taken", last.count - before, 0);
}

/* A load (or, with store, a store) at va that must fault with this ESR. */
static void check_fault(const char *what, uint64_t va, int store, uint64_t esr)
{
    unsigned before = last.count;
    uart_puts(what);
    uart_puts(":\n");
    uint64_t r = store ? probe_store(va, 0x5555) : probe_load(va);
    check("faulted", r == PROBE_FAULTED, 1);
    check("exceptions taken", last.count - before, 1);
    check("ESR_EL1", last.esr, esr);
    check("FAR_EL1", last.far, va);
    uint64_t insn = store ? (uint64_t)(uintptr_t)probe_store + 8 : (uint64_t)(uintptr_t)probe_load;
    check("ELR_EL1 is the access", last.elr == insn, 1);
}

#define ESR_IABT_EL1 0x86000000UL   /* EC 0x21, IL = 1 */

/* Calls pc_here through va, which maps its page: it returns the PC it ran at. */
static void check_fetch(const char *what, uint64_t va, uint64_t esr)
{
    unsigned before = last.count;
    uart_puts(what);
    uart_puts(":\n");
    uint64_t r = ((uint64_t (*)(void))va)();
    if (esr == 0) {
        check("the PC it ran at", r, va);
        check("exceptions taken", last.count - before, 0);
        return;
    }
    check("faulted", r == PROBE_FAULTED, 1);
    check("exceptions taken", last.count - before, 1);
    check("ESR_EL1", last.esr, esr);
    check("FAR_EL1", last.far, va);
    check("ELR_EL1 is the target", last.elr == va, 1);
}

static const char *const granule_names[] = { [12] = "4KB", [14] = "16KB", [16] = "64KB" };

static void run_configuration(unsigned g, unsigned bits)
{
    granule_shift = g;
    va_bits = bits;
    start_level = 4 - (bits - g + stride() - 1) / stride();
    pool_used = 0;
    uart_puts("== ");
    uart_puts(granule_names[g]);
    uart_puts(" granule, ");
    uart_putdec(bits);
    uart_puts("-bit VA: walks start at level ");
    uart_putdec(start_level);
    uart_puts(" ==\n");

    uint64_t *root0 = new_granule(), *root0b = new_granule(), *root1 = new_granule();
    map_identity(root0);
    map_identity(root0b);
    uint64_t *page[6];
    for (int i = 0; i < 6; i++) {
        page[i] = new_granule();
        page[i][0] = 0x1000 * (i + 1) + g;
        page[i][5] = 0x1005 * (i + 1) + bits;
    }
    uint64_t lower = bits == 48 ? 0x0000A98765400000UL : 0x0000005566600000UL;
    uint64_t upper = bits == 48 ? 0xFFFF9ABCDEF00000UL : 0xFFFFFFC012300000UL;
    uint64_t pg = granule();
    uint64_t pa1 = (uint64_t)(uintptr_t)page[0];

    map(root0, lower, pa1, 3, NORMAL_RW | UXN | PXN);
    map(root1, upper, (uint64_t)(uintptr_t)page[1], 3, NORMAL_RW | UXN | PXN);
    uint64_t block2 = level_size(2);
    uint64_t block_va = (lower + 4 * block2) & ~(block2 - 1);
    map(root0, block_va, pa1 & ~(block2 - 1), 2, NORMAL_RW | UXN | PXN);
    map(root0, lower + 2 * pg, (uint64_t)(uintptr_t)page[2], 3, AF | SH_INNER | ATTR_NORMAL | AP_EL1_RO | UXN | PXN);
    volatile uint64_t *no_af = map(root0, lower + 3 * pg, (uint64_t)(uintptr_t)page[3], 3, SH_INNER | ATTR_NORMAL | UXN | PXN);

    uint64_t tcr = tcr_for(5, 1, 0);
    mmu_on(tcr, root0, root1);

    check_load("page at level 3 through TTBR0", lower + 5 * 8, page[0][5]);
    check_load("page at level 3 through TTBR1", upper, page[1][0]);
    check_load("block at level 2", block_va + (pa1 & (block2 - 1)) + 5 * 8, page[0][5]);
    if (g == 12) {
        uint64_t va1 = 0x0000004000000000UL;
        map(root0, va1, RAM_BASE, 1, NORMAL_RW | UXN | PXN);
        check_load("block at level 1", va1 + (pa1 - RAM_BASE), page[0][0]);
    }

    check_fault("load from an unmapped page: Translation fault, level 3", lower + pg + 0x18, 0,
                ESR_DABT_EL1 | FSC_TRANSLATION(3));
    check_fault("load beyond T0SZ: Translation fault, level 0", 1UL << bits, 0, ESR_DABT_EL1 | FSC_TRANSLATION(0));
    check_load("load from a read-only page", lower + 2 * pg, page[2][0]);
    check_fault("store to a read-only page: Permission fault, level 3", lower + 2 * pg + 0x20, 1,
                ESR_DABT_EL1 | WNR | FSC_PERMISSION(3));
    check_fault("load with AF = 0: Access flag fault, level 3", lower + 3 * pg + 0x28, 0,
                ESR_DABT_EL1 | FSC_ACCESS_FLAG(3));
    /* An entry that faulted is never cached: setting AF needs no TLB maintenance. */
    *no_af |= AF;
    __asm__ volatile("dsb ishst\n\tisb" ::: "memory");
    check_load("the same load after AF is set", lower + 3 * pg, page[3][0]);

    /* Instruction fetches through a second mapping of pc_here's page. */
    uint64_t code_pa = (uint64_t)(uintptr_t)pc_here & ~(pg - 1), code_offset = (uint64_t)(uintptr_t)pc_here & (pg - 1);
    uint64_t code_va = lower + 16 * pg;
    volatile uint64_t *code = map(root0, code_va, code_pa, 3, AF | SH_INNER | ATTR_NORMAL | AP_EL1_RO | UXN);
    check_fetch("call through an executable alias", code_va + code_offset, 0);
    *code = 0;
    /* Any VA of the page names it; QEMU 7.2 needs the one called (with 16KB and 64KB pages it
     * drops cached code of only the 4KB around the address given). */
    TLBI("vae1", (code_va + code_offset) >> 12);
    check_fetch("call into an unmapped page: Translation fault, level 3", code_va + code_offset, ESR_IABT_EL1 | FSC_TRANSLATION(3));
    code = map(root0, code_va, code_pa, 3, SH_INNER | ATTR_NORMAL | AP_EL1_RO | UXN);
    check_fetch("call into a page with AF = 0: Access flag fault, level 3", code_va + code_offset, ESR_IABT_EL1 | FSC_ACCESS_FLAG(3));
    code = map(root0, code_va + pg, code_pa, 3, AF | SH_INNER | ATTR_NORMAL | AP_EL1_RO | UXN | PXN);
    check_fetch("call into a PXN page: Permission fault, level 3", code_va + pg + code_offset, ESR_IABT_EL1 | FSC_PERMISSION(3));

    /* IPS = 32 bits: an output address with bit 32 set is beyond it. */
    map(root0, lower + 4 * pg, 1UL << 32, 3, NORMAL_RW | UXN | PXN);
    set_tcr(tcr_for(0, 1, 0));
    check_fault("output address beyond IPS (32 bits): Address size fault, level 3", lower + 4 * pg, 0,
                ESR_DABT_EL1 | FSC_ADDRESS_SIZE(3));
    set_tcr(tcr);

    /* Top byte ignore: a tagged address, and a branch to a tagged target. */
    uint64_t tag = 0x5AUL << 56;
    check_fault("tagged load, TBI0 = 0: Translation fault, level 0", tag | lower, 0, ESR_DABT_EL1 | FSC_TRANSLATION(0));
    set_tcr(tcr_for(5, 1, 1));
    check_load("tagged load, TBI0 = 1", tag | (lower + 8 * 5), page[0][5]);
    uint64_t (*tagged)(void) = (uint64_t (*)(void))(tag | (uint64_t)(uintptr_t)pc_here);
    check("branch to a tagged target, TBI0 = 1: the PC has no tag", tagged() == (uint64_t)(uintptr_t)pc_here, 1);
    set_tcr(tcr);

    /* ASIDs: two trees with a non-global page at the same VA, ASIDs 0x1234 and 0x5678. */
    uint64_t nva = lower + 5 * pg;
    volatile uint64_t *ng = map(root0, nva, (uint64_t)(uintptr_t)page[4], 3, NORMAL_RW | NG | UXN | PXN);
    map(root0b, nva, (uint64_t)(uintptr_t)page[5], 3, NORMAL_RW | NG | UXN | PXN);
    set_ttbr0(root0, 0x1234);
    check_load("16-bit ASID 0x1234, non-global page", nva, page[4][0]);
    set_ttbr0(root0b, 0x5678);
    check_load("16-bit ASID 0x5678, same VA in other tables", nva, page[5][0]);
    set_ttbr0(root0, 0x1234);
    check_load("back to ASID 0x1234", nva, page[4][0]);
    *ng = 0;
    TLBI("aside1", 0x1234UL << 48);
    check_fault("after TLBI ASIDE1 0x1234 of the invalidated page", nva, 0, ESR_DABT_EL1 | FSC_TRANSLATION(3));

    /* 8-bit ASIDs: TTBR0's ASID 0x1234 is ASID 0x34, and TLBI ASIDE1 0x34 reaches it. */
    set_tcr(tcr_for(5, 0, 0));
    *ng = (uint64_t)(uintptr_t)page[4] | NORMAL_RW | NG | UXN | PXN | DESC_TABLE | DESC_VALID;
    __asm__ volatile("dsb ishst\n\tisb" ::: "memory");
    check_load("8-bit ASIDs, TTBR0 ASID 0x1234", nva, page[4][0]);
    *ng = 0;
    TLBI("aside1", 0x34UL << 48);
    check_fault("after TLBI ASIDE1 0x34", nva, 0, ESR_DABT_EL1 | FSC_TRANSLATION(3));
    set_tcr(tcr);
    set_ttbr0(root0, 0);

    /* Each TLBI by VA (and the whole-TLB ones) removes the entry of a page made invalid. */
    static const char *const ops[] = { "vae1", "vale1", "vaae1", "vaale1", "vae1is", "vaale1is", "vmalle1", "vmalle1is", "aside1is" };
    for (unsigned i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        uint64_t va = lower + (6 + i) * pg;
        uint64_t asid = 0x42;
        int global = i == 2 || i == 3 || i == 5;
        set_ttbr0(root0, asid);
        volatile uint64_t *d = map(root0, va, pa1, 3, NORMAL_RW | UXN | PXN | (global ? 0 : NG));
        uart_puts("TLBI ");
        uart_puts(ops[i]);
        uart_puts(global ? " (global page)" : " (non-global page, ASID 0x42)");
        uart_puts(":\n");
        check("value before", probe_load(va), page[0][0]);
        *d = 0;
        uint64_t arg = (va >> 12 & 0xFFFFFFFFFFFUL) | asid << 48;
        switch (i) {
        case 0: TLBI("vae1", arg); break;
        case 1: TLBI("vale1", arg); break;
        case 2: TLBI("vaae1", arg); break;
        case 3: TLBI("vaale1", arg); break;
        case 4: TLBI("vae1is", arg); break;
        case 5: TLBI("vaale1is", arg); break;
        case 6: TLBI_NOARG("vmalle1"); break;
        case 7: TLBI_NOARG("vmalle1is"); break;
        default: TLBI("aside1is", asid << 48); break;
        }
        unsigned before = last.count;
        uint64_t r = probe_load(va);
        check("load after it faults", r == PROBE_FAULTED, 1);
        check("ESR_EL1", last.esr, ESR_DABT_EL1 | FSC_TRANSLATION(3));
        check("exceptions taken", last.count - before, 1);
        /* Invalid to valid needs no maintenance. */
        *d = (uint64_t)(uintptr_t)page[1] | NORMAL_RW | UXN | PXN | DESC_TABLE | DESC_VALID;
        __asm__ volatile("dsb ishst\n\tisb" ::: "memory");
        check("value after remapping", probe_load(va), page[1][0]);
    }
    set_ttbr0(root0, 0);
    mmu_off();
}

int main(void)
{
    uart_init();
    uart_puts("mmu guest\n");
    uint64_t mmfr0 = READ_SYSREG(id_aa64mmfr0_el1);
    check("ID_AA64MMFR0_EL1.TGran4 (supported)", (mmfr0 >> 28) & 0xf, 0);
    check("ID_AA64MMFR0_EL1.TGran16 (supported)", (mmfr0 >> 20) & 0xf, 1);
    check("ID_AA64MMFR0_EL1.TGran64 (supported)", (mmfr0 >> 24) & 0xf, 0);
    check("ID_AA64MMFR0_EL1.ASIDBits (16)", (mmfr0 >> 4) & 0xf, 2);
    /* TGran4 and TGran64 are supported when 0, TGran16 when 1: a CPU without one skips it. */
    static const unsigned granules[] = { 12, 14, 16 };
    const int supported[] = { ((mmfr0 >> 28) & 0xf) == 0, ((mmfr0 >> 20) & 0xf) == 1, ((mmfr0 >> 24) & 0xf) == 0 };
    for (unsigned i = 0; i < 3; i++) {
        if (!supported[i]) {
            uart_puts("== ");
            uart_puts(granule_names[granules[i]]);
            uart_puts(" granule not supported: skipped ==\n");
            continue;
        }
        run_configuration(granules[i], 39);
        run_configuration(granules[i], 48);
    }
    uart_puts(check_failures == 0 ? "all mmu checks passed\n" : "some mmu checks FAILED\n");
    return check_failures;
}
