/*
 * Self-hosted debug (Arm ARM D2), all taken to EL1: software step of EL0 code (MDSCR_EL1.SS
 * with SPSR_EL1.SS, EC 0x32 with ISV), a hardware breakpoint on an EL0 instruction (EC 0x30)
 * and on an EL1 one with MDSCR_EL1.KDE and PSTATE.D clear (EC 0x31), load and store
 * watchpoints from EL0 (EC 0x34, WnR) and from EL1 (EC 0x35) with FAR_EL1, BRK from EL0
 * and EL1 (EC 0x3C), and the OS lock registers (OSLAR_EL1/OSLSR_EL1). Uses
 * breakpoints 0 and 1 and watchpoints 0 and 1 (ID_AA64DFR0_EL1 must have at least two of
 * each). Each part prints the ESR_EL1, ELR_EL1 (relative to the instruction) and FAR_EL1
 * it caught. Exit status: the number of failed checks.
 */
#include "el0/check.h"
#include "el0/el0.h"
#include "uart.h"

void el0_steps(void), el0_breakpoint(void), el0_load(void), el0_store(void), el0_brk(void);
uint64_t el1_increment(uint64_t), el1_load(volatile uint64_t *);
extern char el0_bp_insn[], el1_bp_insn[];

#define MDSCR_SS  (1UL << 0)
#define MDSCR_KDE (1UL << 13)
#define MDSCR_MDE (1UL << 15)

/* DBGBCR: E, PMC = EL0 and EL1, BAS = 0b1111. DBGWCR: E, PAC = EL0 and EL1, LSC, BAS = 0xff. */
#define BCR_ENABLE        (1UL | 3UL << 1 | 0xfUL << 5)
#define WCR_ENABLE(lsc)   (1UL | 3UL << 1 | (uint64_t)(lsc) << 3 | 0xffUL << 5)

static volatile struct {
    uint64_t esr, elr, far;
    unsigned vector, count, steps;
    uint64_t step_elr[8];
} last;

static volatile uint64_t watched[2] = { 0x1122334455667788UL, 0 };

static uint64_t addr(const volatile void *p) { return (uint64_t)(uintptr_t)p; }

void handle_exception(struct exception_frame *frame, unsigned vector)
{
    uint64_t esr = read_esr_el1();
    unsigned ec = esr_ec(esr);
    if (vector == 8 && ec == 0x15 && (esr & 0xffff) == 0) {
        el0_resume(frame);
        return;
    }
    last.esr = esr;
    last.elr = frame->elr;
    last.far = read_far_el1();
    last.vector = vector;
    last.count++;
    switch (ec) {
    case 0x32:                                   /* software step: keep stepping */
        if (last.steps < 8) last.step_elr[last.steps] = frame->elr;
        last.steps++;
        frame->spsr |= SPSR_SS;
        break;
    case 0x30: case 0x31:                        /* breakpoint: disable it, retry the instruction */
        WRITE_SYSREG(dbgbcr0_el1, 0);
        WRITE_SYSREG(dbgbcr1_el1, 0);
        break;
    case 0x34: case 0x35:                        /* watchpoint: disable it, retry the access */
        WRITE_SYSREG(dbgwcr0_el1, 0);
        WRITE_SYSREG(dbgwcr1_el1, 0);
        break;
    case 0x3c:                                   /* BRK: step over it */
        frame->elr += 4;
        break;
    default:                                     /* anything else: report and go on */
        frame->elr += 4;
        break;
    }
}

static void report(const char *name, unsigned taken, unsigned vector, uint64_t esr, uint64_t elr_from, uint64_t elr)
{
    uart_puts(name);
    uart_puts(":\n");
    check("exceptions taken", taken, 1);
    check("vector", last.vector, vector);
    check("ESR_EL1", last.esr, esr);
    check("ELR_EL1 - instruction", last.elr - elr_from, elr);
}

int main(void)
{
    uart_init();
    uart_puts("debug guest\n");
    uint64_t dfr0 = READ_SYSREG(id_aa64dfr0_el1);
    check("ID_AA64DFR0_EL1.BRPs >= 1", ((dfr0 >> 12) & 0xf) >= 1, 1);
    check("ID_AA64DFR0_EL1.WRPs >= 1", ((dfr0 >> 20) & 0xf) >= 1, 1);

    /* The OS lock: locked at reset, and while locked no debug exception may be generated.
     * Only its registers are checked here: QEMU 7.2 takes breakpoints with OSLK = 1, so what
     * the lock holds back is checked by the emulator's unit tests (tests/Cpu/DebugTests.cs). */
    uart_puts("OS lock:\n");
    check("OSLSR_EL1 at reset (OSLM = 0b10, OSLK = 1)", READ_SYSREG(oslsr_el1) & 0xb, 0xa);
    WRITE_SYSREG(oslar_el1, 1);
    check("OSLSR_EL1 after OSLAR_EL1 = 1 (OSLK = 1)", READ_SYSREG(oslsr_el1) & 0xb, 0xa);
    WRITE_SYSREG(oslar_el1, 0);
    check("OSLSR_EL1 after OSLAR_EL1 = 0 (OSLK = 0)", READ_SYSREG(oslsr_el1) & 0xb, 0x8);

    WRITE_SYSREG(mdscr_el1, MDSCR_MDE);
    WRITE_SYSREG(dbgbvr0_el1, addr(el0_bp_insn));
    WRITE_SYSREG(dbgbcr0_el1, BCR_ENABLE);
    unsigned before = last.count;
    uint64_t r = el0_call(el0_breakpoint, 0, 0);
    report("breakpoint 0 on an EL0 instruction", last.count - before, 8, 0xC2000022, addr(el0_bp_insn), 0);
    check("result (the instruction ran once, after the handler)", r, 15);

    /* EL1: needs MDSCR_EL1.KDE and PSTATE.D = 0. */
    WRITE_SYSREG(mdscr_el1, MDSCR_MDE | MDSCR_KDE);
    WRITE_SYSREG(dbgbvr1_el1, addr(el1_bp_insn));
    WRITE_SYSREG(dbgbcr1_el1, BCR_ENABLE);
    before = last.count;
    r = el1_increment(40);
    check("breakpoint 1 at EL1 with PSTATE.D = 1: exceptions taken", last.count - before, 0);
    WRITE_SYSREG(dbgbcr1_el1, BCR_ENABLE);
    __asm__ volatile("msr daifclr, #8" ::: "memory");
    r = el1_increment(r);
    __asm__ volatile("msr daifset, #8" ::: "memory");
    report("breakpoint 1 on an EL1 instruction, KDE = 1, D = 0", last.count - before, 4, 0xC6000022, addr(el1_bp_insn), 0);
    check("result", r, 42);

    /* Watchpoints. */
    WRITE_SYSREG(mdscr_el1, MDSCR_MDE);
    WRITE_SYSREG(dbgwvr0_el1, addr(&watched[0]));
    WRITE_SYSREG(dbgwcr0_el1, WCR_ENABLE(1));
    before = last.count;
    r = el0_call(el0_load, addr(&watched[0]), 0);
    report("load watchpoint 0 from EL0", last.count - before, 8, 0xD2000022, addr(el0_load), 0);
    check("FAR_EL1 - watched", last.far - addr(&watched[0]), 0);
    check("result (the load ran after the handler)", r, 0x1122334455667788UL);

    WRITE_SYSREG(dbgwvr1_el1, addr(&watched[1]));
    WRITE_SYSREG(dbgwcr1_el1, WCR_ENABLE(2));
    before = last.count;
    r = el0_call(el0_load, addr(&watched[1]), 0);
    check("load from EL0 under a store-only watchpoint: exceptions taken", last.count - before, 0);
    r = el0_call(el0_store, addr(&watched[1]), 0);
    report("store watchpoint 1 from EL0", last.count - before, 8, 0xD2000062, addr(el0_store), 4);
    check("FAR_EL1 - watched", last.far - addr(&watched[1]), 0);
    check("stored after the handler", watched[1], 0x5a5a);

    WRITE_SYSREG(mdscr_el1, MDSCR_MDE | MDSCR_KDE);
    WRITE_SYSREG(dbgwcr0_el1, WCR_ENABLE(3));
    before = last.count;
    __asm__ volatile("msr daifclr, #8" ::: "memory");
    r = el1_load(&watched[0]);
    __asm__ volatile("msr daifset, #8" ::: "memory");
    report("watchpoint 0 at EL1, KDE = 1, D = 0", last.count - before, 4, 0xD6000022, addr(el1_load), 0);
    check("FAR_EL1 - watched", last.far - addr(&watched[0]), 0);
    check("result", r, 0x1122334455667788UL);

    /* Software step of EL0: each instruction completes, then a step exception (ISV = 1). */
    WRITE_SYSREG(mdscr_el1, MDSCR_SS);
    before = last.count;
    r = el0_call(el0_steps, 0, SPSR_SS);
    WRITE_SYSREG(mdscr_el1, 0);
    uart_puts("software step of EL0 code:\n");
    check("step exceptions", last.steps, 4);
    check("ESR_EL1 (EC 0x32, IL, ISV, IFSC 0x22)", last.esr, 0xCB000022);
    for (unsigned i = 0; i < 4 && i < last.steps; i++)
        check("ELR_EL1 - routine", last.step_elr[i] - addr(el0_steps), 4 * (i + 1));
    check("result", r, 3);

    /* BRK from EL0 and EL1. */
    before = last.count;
    r = el0_call(el0_brk, 0, 0);
    report("BRK #0x77 at EL0", last.count - before, 8, 0xF2000077, addr(el0_brk), 0);
    check("result", r, 7);
    before = last.count;
    __asm__ volatile("brk #0x1234");
    report("BRK #0x1234 at EL1", last.count - before, 4, 0xF2001234, last.elr, 0);

    uart_puts(check_failures == 0 ? "all debug checks passed\n" : "some debug checks FAILED\n");
    return check_failures;
}
