#include "its/guest.h"
#include "its/its.h"
#include "exceptions.h"
#include "irq/cpus.h"
#include "irq/gic.h"
#include "irq/irq.h"
#include "psci.h"
#include "uart.h"

uint64_t its_mpidrs[MAX_CPUS];
uint64_t its_rds[MAX_CPUS];
int its_cpu_count;
volatile uint32_t lpi_taken[MAX_CPUS][LPI_TRACKED];
volatile uint32_t other_taken[MAX_CPUS];
volatile uint32_t last_intid[MAX_CPUS];
int failures;

static volatile uint32_t ready[MAX_CPUS];
static volatile uint32_t never;

static void irq(struct exception_frame *frame)
{
    (void)frame;
    unsigned intid = gic_ack();
    if (intid == INTID_SPURIOUS)
        return;
    int me = cpus_self_index(its_mpidrs, its_cpu_count);
    last_intid[me] = intid;
    if (intid >= LPI_BASE && intid < LPI_BASE + LPI_TRACKED)
        lpi_taken[me][intid - LPI_BASE]++;
    else
        other_taken[me]++;
    __asm__ volatile("dmb sy" ::: "memory");
    gic_eoi(intid);
}

void secondary_main(uint64_t index)
{
    if (gic_init_cpu() == 0)
        return;
    irq_enable();
    __asm__ volatile("dsb sy" ::: "memory");
    ready[index] = 1;
    for (;;)
        irq_wait_count(&never, 1);
}

int its_guest_start(uint64_t boot_x0, const char *name, int min_cpus, int indirect, unsigned page_size)
{
    uart_init();
    int boot;
    int count = cpus_discover(boot_x0, its_mpidrs, &boot);
    uart_puts(name);
    uart_puts(": ");
    if (count < min_cpus || count > MAX_CPUS || boot != 0) {
        uart_puts("needs at least ");
        uart_putdec(min_cpus);
        uart_puts(" CPUs with the boot CPU first\n");
        return 2;
    }
    its_cpu_count = count > 2 ? 2 : count;
    uart_putdec(its_cpu_count);
    uart_puts(" CPUs used\n");
    irq_hook = irq;
    gic_init_distributor();
    if (gic_init_cpu() == 0) {
        uart_puts("no redistributor for the boot CPU\n");
        return 1;
    }
    for (int i = 1; i < its_cpu_count; i++) {
        if (cpus_start(i, its_mpidrs[i]) != PSCI_SUCCESS) {
            uart_puts("CPU_ON failed\n");
            return 1;
        }
        while (!ready[i])
            ;
    }
    lpi_init_config();
    for (int i = 0; i < its_cpu_count; i++) {
        its_rds[i] = gic_find_redistributor(its_mpidrs[i]);
        if (its_rds[i] == 0 || lpi_init_redistributor(its_rds[i]) < 0) {
            uart_puts("redistributor without LPIs\n");
            return 1;
        }
    }
    if (its_init(indirect, page_size) < 0) {
        uart_puts("ITS tables not accepted (indirect or page size)\n");
        return 1;
    }
    irq_enable();
    return 0;
}

int lpi_wait(int cpu, unsigned lpi, uint32_t target)
{
    for (long spins = 0; spins < 20000000; spins++)
        if (lpi_taken[cpu][lpi - LPI_BASE] >= target)
            return 1;
    return 0;
}

void settle(void)
{
    for (volatile long spins = 0; spins < 2000000; spins++)
        ;
}

void check(int cond, const char *what)
{
    uart_puts(cond ? "  ok   " : "  FAIL ");
    uart_puts(what);
    uart_puts("\n");
    failures += !cond;
}

void report(const char *what, uint64_t n)
{
    uart_puts("  ");
    uart_puts(what);
    uart_puts(": ");
    uart_putdec((int64_t)n);
    uart_puts("\n");
}

int its_guest_end(const char *name)
{
    for (int i = 0; i < its_cpu_count; i++)
        failures += other_taken[i] != 0;
    uart_puts(name);
    uart_puts(failures == 0 ? ": all checks passed\n" : ": checks FAILED\n");
    return failures;
}
