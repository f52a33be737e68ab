/*
 * Shared peripheral interrupts (IHI 0069 chapter 4 and 12.9): an edge-triggered SPI and a
 * level-sensitive one, routed by GICD_IROUTER to each CPU in turn, pended through
 * GICD_ISPENDR and through the message-based GICD_SETSPI_NSR. Only the routed CPU may take
 * them, once. In the handler: the SPI is active; after acknowledge an edge SPI is no longer
 * pending, nor is a level one pended by GICD_ISPENDR (the write sets a latch that the
 * acknowledge clears), but a level one set by GICD_SETSPI_NSR stays pending (active and
 * pending) until GICD_CLRSPI_NSR clears it. Last, with Interrupt_Routing_Mode = 1 (1 of N)
 * exactly one CPU takes it. The SETSPI_NSR cases need GICD_TYPER.MBIS = 1 (QEMU 7.2's GIC
 * has MBIS = 0, and its transcript lacks them). Exit status: the number of failures.
 */
#include "exceptions.h"
#include "irq/cpus.h"
#include "irq/gic.h"
#include "irq/irq.h"
#include "psci.h"
#include "uart.h"

#define SPI_EDGE  100
#define SPI_LEVEL 101

static uint64_t mpidrs[MAX_CPUS];
static int count;
static int boot;
static int failures;

static volatile uint32_t ready[MAX_CPUS];
static volatile uint32_t taken[MAX_CPUS];
static volatile uint32_t total;
static volatile uint32_t wrong_intid;
static volatile int clear_in_handler;       /* write CLRSPI_NSR in the handler */
static volatile int seen_active, seen_pending_after_ack, seen_pending_after_clear;

static void irq(struct exception_frame *frame)
{
    (void)frame;
    unsigned intid = gic_ack();
    if (intid == INTID_SPURIOUS)
        return;
    if (intid != SPI_EDGE && intid != SPI_LEVEL) {
        wrong_intid++;
        gic_eoi(intid);
        return;
    }
    seen_active = gic_spi_is_active(intid);
    seen_pending_after_ack = gic_spi_is_pending(intid);
    if (clear_in_handler) {
        gicd_write(GICD_CLRSPI_NSR, intid);
        __asm__ volatile("dsb sy" ::: "memory");
        seen_pending_after_clear = gic_spi_is_pending(intid);
    }
    taken[cpus_self_index(mpidrs, count)]++;
    __asm__ volatile("dmb sy" ::: "memory");
    total++;
    gic_eoi(intid);
}

void secondary_main(uint64_t index)
{
    if (gic_init_cpu() == 0)
        return;
    irq_enable();
    __asm__ volatile("dsb sy" ::: "memory");
    ready[index] = 1;
    static volatile uint32_t never;
    irq_wait_for(&never);
}

static void check(const char *what, int got, int want)
{
    uart_puts(what);
    uart_putdec(got);
    if (got == want) {
        uart_puts(" ok");
    } else {
        uart_puts(" FAIL (expected ");
        uart_putdec(want);
        uart_puts(")");
        failures++;
    }
}

static void settle(void)
{
    for (int i = 0; i < 200000; i++)
        __asm__ volatile("isb" ::: "memory");
}

/* Pends intid the given way and waits for it; target is the routed CPU or -1 for 1 of N. */
static void one(unsigned intid, int level, int setspi, int target)
{
    for (int i = 0; i < count; i++)
        taken[i] = 0;
    total = 0;
    seen_active = seen_pending_after_ack = seen_pending_after_clear = -1;
    clear_in_handler = level && setspi;
    __asm__ volatile("dsb sy" ::: "memory");
    if (setspi)
        gicd_write(GICD_SETSPI_NSR, intid);
    else
        gicd_write(GICD_ISPENDR + 4 * (intid / 32), 1u << (intid % 32));
    for (long spins = 0; total == 0 && spins < 100000000; spins++)
        ;
    settle();
    uart_puts("  SPI ");
    uart_putdec(intid);
    uart_puts(level ? " level" : " edge");
    uart_puts(setspi ? " by SETSPI_NSR" : " by ISPENDR");
    if (target >= 0) {
        uart_puts(" to CPU ");
        uart_putdec(target);
        uart_puts(":");
        for (int i = 0; i < count; i++) {
            uart_puts(" CPU ");
            uart_putdec(i);
            check(" took ", (int)taken[i], i == target);
            uart_puts(",");
        }
    } else {
        uart_puts(" 1 of N:");
        check(" taken ", (int)total, 1);
        uart_puts(",");
    }
    check(" active ", seen_active, 1);
    check(", pending after ack ", seen_pending_after_ack, level && setspi);
    if (level && setspi)
        check(", after CLRSPI_NSR ", seen_pending_after_clear, 0);
    uart_puts("\n");
    check("    pending at the end ", gic_spi_is_pending(intid), 0);
    check(", active at the end ", gic_spi_is_active(intid), 0);
    uart_puts("\n");
}

int main(uint64_t boot_x0)
{
    uart_init();
    count = cpus_discover(boot_x0, mpidrs, &boot);
    if (count > MAX_CPUS || boot < 0) {
        uart_puts("gic-spi: unsupported CPU count or boot CPU not found\n");
        return 2;
    }
    uart_puts("gic-spi: ");
    uart_putdec(count);
    uart_puts(" CPUs\n");
    irq_hook = irq;
    gic_init_distributor();
    if (gic_init_cpu() == 0) {
        uart_puts("no redistributor for the boot CPU\n");
        return 1;
    }
    /* Message-based SPIs are optional (QEMU 7.2 has none): without them the SETSPI_NSR
     * cases are left out, and the transcript says so. */
    int mbis = (gicd_read(GICD_TYPER) & GICD_TYPER_MBIS) != 0;
    uart_puts(mbis ? "GICD_TYPER.MBIS = 1: SPIs pended by GICD_ISPENDR and GICD_SETSPI_NSR\n"
                   : "GICD_TYPER.MBIS = 0: SPIs pended by GICD_ISPENDR only (SETSPI_NSR cases skipped)\n");
    irq_enable();
    for (int i = 0; i < count; i++) {
        if (i == boot)
            continue;
        if (cpus_start(i, mpidrs[i]) != PSCI_SUCCESS) {
            uart_puts("CPU_ON failed\n");
            return 1;
        }
        while (!ready[i])
            ;
    }
    gic_spi_configure(SPI_EDGE, 0x80, 1);
    gic_spi_configure(SPI_LEVEL, 0x80, 0);
    for (int t = 0; t < count; t++) {
        gic_spi_route(SPI_EDGE, mpidrs[t]);
        gic_spi_route(SPI_LEVEL, mpidrs[t]);
        gic_spi_enable(SPI_EDGE);
        gic_spi_enable(SPI_LEVEL);
        one(SPI_EDGE, 0, 0, t);
        if (mbis)
            one(SPI_EDGE, 0, 1, t);
        one(SPI_LEVEL, 1, 0, t);
        if (mbis)
            one(SPI_LEVEL, 1, 1, t);
    }
    gic_spi_disable(SPI_EDGE);
    gic_spi_route_any(SPI_EDGE);
    gic_spi_enable(SPI_EDGE);
    one(SPI_EDGE, 0, 0, -1);
    check("other INTIDs taken ", (int)wrong_intid, 0);
    uart_puts("\n");
    uart_puts(failures == 0 ? "gic-spi: all checks passed\n" : "gic-spi: some checks FAILED\n");
    return failures;
}
