/*
 * Synchronous exceptions taken to EL1 (Arm ARM D1.10, ESR_EL1 D17.2.37): SVC, BRK and
 * UDF from EL1, an external abort on a load from an unmapped address, and SVC from EL0.
 * Each prints ESR_EL1, ELR_EL1 (as an offset from the trapping instruction), SPSR_EL1
 * and the vector taken, and checks them. Exit status: the number of failed checks.
 */
#include "exceptions.h"
#include "semihosting.h"
#include "uart.h"

void run_at_el0(void);
extern char el0_entry[], el0_return[];

static volatile struct {
    uint64_t esr, elr, spsr, far;
    unsigned vector;
    unsigned count;
} last;

static int failures;

void handle_exception(struct exception_frame *frame, unsigned vector)
{
    last.esr = read_esr_el1();
    last.elr = frame->elr;
    last.spsr = frame->spsr;
    last.far = read_far_el1();
    last.vector = vector;
    last.count++;
    unsigned ec = (unsigned)(last.esr >> 26);
    if (vector == 8) {
        /* From EL0: resume at EL1 in run_at_el0's epilogue instead. */
        frame->elr = (uint64_t)(uintptr_t)el0_return;
        frame->spsr = 0x3c5;
    } else if (ec != 0x15) {
        /* SVC's preferred return address is the next instruction; the others return to
         * the instruction itself, so step over it. */
        frame->elr += 4;
    }
}

static void check(const char *what, uint64_t got, uint64_t want)
{
    uart_puts("  ");
    uart_puts(what);
    uart_puts(" = ");
    uart_puthex_short(got);
    if (got == want) {
        uart_puts(" ok\n");
    } else {
        uart_puts(" FAIL, expected ");
        uart_puthex_short(want);
        uart_puts("\n");
        failures++;
    }
}

/* NZCV = 0110 (Z and C set) before each trap, so SPSR_EL1 is fully predictable. */
#define NZCV_ZC 0x60000000UL

#define TRAP(insn, addr)                                                  \
    __asm__ volatile("adr %0, 1f\n\t"                                     \
                     "msr nzcv, %1\n"                                     \
                     "1:\t" insn                                          \
                     : "=&r"(addr) : "r"(NZCV_ZC) : "memory", "cc")

static void expect(const char *name, uint64_t addr, unsigned count_before, uint64_t esr,
                   int64_t elr_offset, uint64_t spsr, unsigned vector)
{
    uart_puts(name);
    uart_puts(":\n");
    check("exceptions taken", last.count - count_before, 1);
    check("vector", last.vector, vector);
    check("ESR_EL1", last.esr, esr);
    check("ELR_EL1 - insn", last.elr - addr, (uint64_t)elr_offset);
    check("SPSR_EL1", last.spsr, spsr);
}

int main(void)
{
    uint64_t addr;
    unsigned before;

    uart_init();
    uart_puts("exceptions guest\n");

    before = last.count;
    TRAP("svc #0x123", addr);
    expect("SVC #0x123 at EL1", addr, before, 0x56000123, 4, NZCV_ZC | 0x3c5, 4);

    before = last.count;
    TRAP("brk #0x42", addr);
    expect("BRK #0x42 at EL1", addr, before, 0xf2000042, 0, NZCV_ZC | 0x3c5, 4);

    before = last.count;
    TRAP("udf #0x5a5a", addr);
    expect("UDF #0x5a5a at EL1", addr, before, 0x02000000, 0, NZCV_ZC | 0x3c5, 4);

    /* A load from a hole in the memory map: a synchronous external abort, DFSC 0b010000.
     * Only EC, WnR and DFSC are checked: ISV and the access details are implementation
     * choices for external aborts. */
    before = last.count;
    {
        register uint64_t target __asm__("x2") = 0x09100000UL;
        register uint64_t value __asm__("x3") = 0;
        __asm__ volatile("adr %0, 1f\n\t"
                         "msr nzcv, %3\n"
                         "1:\tldr %1, [%2]"
                         : "=&r"(addr), "+r"(value) : "r"(target), "r"(NZCV_ZC) : "memory", "cc");
    }
    uart_puts("LDR from unmapped 0x9100000:\n");
    check("exceptions taken", last.count - before, 1);
    check("vector", last.vector, 4);
    check("ESR_EL1.EC", last.esr >> 26, 0x25);
    check("ESR_EL1.WnR", (last.esr >> 6) & 1, 0);
    check("ESR_EL1.DFSC", last.esr & 0x3f, 0x10);
    check("ELR_EL1 - insn", last.elr - addr, 0);
    check("SPSR_EL1", last.spsr, NZCV_ZC | 0x3c5);

    before = last.count;
    run_at_el0();
    uart_puts("SVC #0x77 at EL0:\n");
    check("exceptions taken", last.count - before, 1);
    check("vector", last.vector, 8);
    check("ESR_EL1", last.esr, 0x56000077);
    check("ELR_EL1 - el0_entry", last.elr - (uint64_t)(uintptr_t)el0_entry, 4);
    check("SPSR_EL1 (flags masked)", last.spsr & 0x0fffffff, 0x3c0);
    check("CurrentEL after return", current_el(), 1);

    uart_puts(failures == 0 ? "all exception checks passed\n" : "some exception checks FAILED\n");
    return failures;
}
