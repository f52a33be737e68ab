/*
 * EL0 and the exceptions it takes to EL1 (Arm ARM D1): system calls through SVC, an
 * UNDEFINED instruction, EL1 registers accessed from EL0 (UNDEFINED, EC 0x00), accesses
 * trapped by SCTLR_EL1 (UCT: CTR_EL0, UMA: DAIF, DZE: DC ZVA, UCI: DC CVAU; EC 0x18 with
 * the instruction's encoding in the ISS), WFI trapped by nTWI (EC 0x01), data aborts on an
 * address beyond the physical address size (no MMU: an Address size fault, EC 0x24, FAR),
 * a PC alignment fault (EC 0x22) and an illegal exception return (EC 0x0E). Each prints
 * ESR_EL1, FAR_EL1 where it is valid, ELR_EL1 relative to the instruction and SPSR_EL1.
 * Exit status: the number of failed checks.
 */
#include "el0/check.h"
#include "el0/el0.h"
#include "uart.h"

void el0_syscalls(void), el0_udf(void), el0_mrs_sctlr(void), el0_msr_vbar(void), el0_mrs_ctr(void),
    el0_daifset(void), el0_wfi(void), el0_dc_zva(void), el0_dc_cvau(void), el0_tpidrro(void),
    el0_tpidr(void), el0_load(void), el0_store(void), el0_branch(void);
extern char el0_udf_insn[], el0_pc_resume[];
void illegal_return(void);
extern char illegal_return_target[];

static volatile struct {
    uint64_t esr, elr, spsr, far;
    unsigned vector, count, syscalls;
} last;

/* SCTLR_EL1 controls of EL0 (D17.2.118). */
#define SCTLR_UMA  (1UL << 9)
#define SCTLR_DZE  (1UL << 14)
#define SCTLR_UCT  (1UL << 15)
#define SCTLR_NTWI (1UL << 16)
#define SCTLR_NTWE (1UL << 18)
#define SCTLR_UCI  (1UL << 26)

void handle_exception(struct exception_frame *frame, unsigned vector)
{
    uint64_t esr = read_esr_el1();
    unsigned ec = esr_ec(esr);
    if (vector == 8 && ec == 0x15) {
        /* A system call from EL0: SVC #imm16, arguments in x0 and x1, result in x0. */
        switch (esr & 0xffff) {
        case 0: el0_resume(frame); return;
        case 1: {
            const char *s = (const char *)(uintptr_t)frame->x[0];
            uint64_t n = 0;
            while (s[n]) n++;
            uart_puts("  EL0 says: ");
            uart_puts(s);
            frame->x[0] = n;
            last.syscalls++;
            return;
        }
        case 2: frame->x[0] += frame->x[1]; last.syscalls++; return;
        default: frame->x[0] = (uint64_t)-1; return;
        }
    }
    last.esr = esr;
    last.elr = frame->elr;
    last.spsr = frame->spsr;
    last.far = read_far_el1();
    last.vector = vector;
    last.count++;
    if (ec == 0x22) {
        frame->elr = (uint64_t)(uintptr_t)el0_pc_resume;    /* PC alignment: resume at a known place */
    } else if (ec == 0x0e) {
        frame->spsr &= ~SPSR_IL;                            /* illegal state: clear IL and go on */
        frame->spsr |= 0x3c0;
    } else {
        frame->elr += 4;                                    /* step over the faulting instruction */
    }
}

static uint64_t sctlr_base;

static void set_sctlr(uint64_t enables)
{
    WRITE_SYSREG(sctlr_el1, sctlr_base | enables);
}

/* Runs fn at EL0 and checks the one exception it must take to EL1 from EL0 (vector 8). */
static uint64_t expect_fault(const char *name, void (*fn)(void), uint64_t arg, uint64_t esr, uint64_t insn_offset)
{
    unsigned before = last.count;
    uart_puts(name);
    uart_puts(":\n");
    uint64_t result = el0_call(fn, arg, 0);
    check("exceptions taken", last.count - before, 1);
    check("vector (lower EL, AArch64, sync)", last.vector, 8);
    check("ESR_EL1", last.esr, esr);
    check("ELR_EL1 - routine", last.elr - (uint64_t)(uintptr_t)fn, insn_offset);
    check("SPSR_EL1 (EL0t, DAIF clear)", last.spsr & 0x3ff, 0);
    return result;
}

static void expect_no_fault(const char *name, void (*fn)(void), uint64_t arg, uint64_t result)
{
    unsigned before = last.count;
    uart_puts(name);
    uart_puts(":\n");
    uint64_t got = el0_call(fn, arg, 0);
    check("exceptions taken", last.count - before, 0);
    check("result", got, result);
}

int main(void)
{
    uart_init();
    uart_puts("el0 guest\n");
    /* Start from EL0 controls all off; M, C, I and the rest as the boot left them. */
    sctlr_base = READ_SYSREG(sctlr_el1) & ~(SCTLR_UMA | SCTLR_DZE | SCTLR_UCT | SCTLR_NTWI | SCTLR_NTWE | SCTLR_UCI);
    set_sctlr(0);

    uart_puts("system calls from EL0:\n");
    uint64_t r = el0_call(el0_syscalls, 0, 0);
    check("syscalls served", last.syscalls, 2);
    check("result (42 + 256 * length, x20 kept)", r, 42 + 256 * 30);
    check("CurrentEL after return", current_el(), 1);

    r = expect_fault("UDF #0x1234 at EL0", el0_udf, 0, 0x02000000, 0);
    check("EL0 resumed after the handler", r, 1);
    expect_fault("MRS SCTLR_EL1 at EL0 (UNDEFINED)", el0_mrs_sctlr, 0, 0x02000000, 0);
    expect_fault("MSR VBAR_EL1 at EL0 (UNDEFINED)", el0_msr_vbar, 0, 0x02000000, 0);
    /* mrs x5, ctr_el0: op0 3, op2 1, op1 3, CRn 0, Rt 5, CRm 0, read. */
    expect_fault("MRS CTR_EL0 at EL0, SCTLR_EL1.UCT = 0", el0_mrs_ctr, 0, 0x6232C0A1, 4);
    set_sctlr(SCTLR_UCT);
    expect_no_fault("MRS CTR_EL0 at EL0, SCTLR_EL1.UCT = 1", el0_mrs_ctr, 0, 1);
    /* msr daifset, #2: op0 0, op2 6, op1 3, CRn 4, Rt 31, CRm 2, write; then mrs x0, daif traps too. */
    unsigned before = last.count;
    set_sctlr(0);
    uart_puts("MSR DAIFSet and MRS DAIF at EL0, SCTLR_EL1.UMA = 0:\n");
    el0_call(el0_daifset, 0, 0);
    check("exceptions taken", last.count - before, 2);
    check("ESR_EL1 of MRS DAIF", last.esr, 0x6232D005);
    set_sctlr(SCTLR_UMA);
    expect_no_fault("MSR DAIFSet and MRS DAIF at EL0, SCTLR_EL1.UMA = 1", el0_daifset, 0, 0x80);
    set_sctlr(0);
    /* wfi: EC 0x01, CV = 1, COND = 0b1110, TI = 0 (WFI). */
    expect_fault("WFI at EL0, SCTLR_EL1.nTWI = 0", el0_wfi, 0, 0x07E00000, 0);
    /* dc zva, x0: SYS #3, C7, C4, #1, Rt 0: op0 1, op2 1, op1 3, CRn 7, CRm 4, write. */
    expect_fault("DC ZVA at EL0, SCTLR_EL1.DZE = 0", el0_dc_zva, 0x40100000, 0x6212DC08, 0);
    /* dc cvau, x0: SYS #3, C7, C11, #1. */
    expect_fault("DC CVAU at EL0, SCTLR_EL1.UCI = 0", el0_dc_cvau, 0x40100000, 0x6212DC16, 0);
    set_sctlr(SCTLR_UCI);
    expect_no_fault("DC CVAU at EL0, SCTLR_EL1.UCI = 1", el0_dc_cvau, 0x40100000, 1);
    set_sctlr(0);

    WRITE_SYSREG(tpidrro_el0, 0x1234);
    r = expect_fault("MSR TPIDRRO_EL0 at EL0 (read-only there)", el0_tpidrro, 0, 0x02000000, 4);
    check("MRS TPIDRRO_EL0 at EL0", r, 0x1234);
    expect_no_fault("TPIDR_EL0 written and read at EL0", el0_tpidr, 0xabcdef, 0xabcdef);

    /* Beyond every PA size (bit 52): with the MMU off, an Address size fault at level 0. */
    expect_fault("LDR at EL0 from 1 << 52", el0_load, 1UL << 52, 0x92000000, 0);
    check("FAR_EL1", last.far, 1UL << 52);
    expect_fault("STR at EL0 to 1 << 52", el0_store, (1UL << 52) + 8, 0x92000040, 4);
    check("FAR_EL1", last.far, (1UL << 52) + 8);

    uint64_t target = (uint64_t)(uintptr_t)el0_pc_resume + 2;
    r = expect_fault("BR to a misaligned address at EL0", el0_branch, target, 0x8A000000, target - (uint64_t)(uintptr_t)el0_branch);
    check("FAR_EL1", last.far, target);
    check("EL0 resumed after the handler", r, 2);

    /* ERET to EL0 with SPSR.M[0] = 1 (EL0 has no SP_EL0h): illegal, so PSTATE.IL is set and
     * the EL stays 1; the next instruction takes an Illegal Execution State exception at EL1. */
    before = last.count;
    uart_puts("ERET with SPSR_EL1.M = 0b00001 (illegal):\n");
    illegal_return();
    check("exceptions taken", last.count - before, 1);
    check("vector (current EL, SP_ELx, sync)", last.vector, 4);
    check("ESR_EL1", last.esr, 0x3A000000);
    check("ELR_EL1 - target", last.elr - (uint64_t)(uintptr_t)illegal_return_target, 0);
    check("SPSR_EL1 (IL, EL1h, DAIF from the SPSR)", last.spsr, SPSR_IL | 0x5);
    check("CurrentEL", current_el(), 1);
    __asm__ volatile("msr daifset, #0xf");

    uart_puts(check_failures == 0 ? "all el0 checks passed\n" : "some el0 checks FAILED\n");
    return check_failures;
}
