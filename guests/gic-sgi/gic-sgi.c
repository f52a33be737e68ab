/*
 * Software-generated interrupts between every pair of CPUs (IHI 0069 12.11, ICC_SGI1R_EL1).
 * The boot CPU gives each CPU a turn in order (the doorbell, SGI 15); in its turn a CPU
 * sends SGI 1 to every other CPU by affinity (Aff3.Aff2.Aff1, RS and the target list),
 * ROUNDS times, each time waiting until the target has taken it, then SGI 2 once to all
 * others with IRM = 1 (never to itself), and rings the boot CPU's doorbell. Each receiver
 * counts what it took per sender; the boot CPU prints the counts at the end.
 * Exit status: the number of mismatched counts.
 */
#include "exceptions.h"
#include "irq/cpus.h"
#include "irq/gic.h"
#include "irq/irq.h"
#include "psci.h"
#include "uart.h"

#define ROUNDS    4
#define SGI_UNI   1
#define SGI_ALL   2
#define SGI_BELL  15

static uint64_t mpidrs[MAX_CPUS];
static int count;
static int boot;

static volatile uint32_t ready[MAX_CPUS];
static volatile int sender;                               /* whose turn it is */
static volatile uint32_t unicast[MAX_CPUS][MAX_CPUS];    /* [receiver][sender] */
static volatile uint32_t broadcast[MAX_CPUS][MAX_CPUS];
static volatile uint32_t bells[MAX_CPUS];
static volatile uint32_t other[MAX_CPUS];
static volatile uint32_t timeouts;

static void irq(struct exception_frame *frame)
{
    (void)frame;
    unsigned intid = gic_ack();
    if (intid == INTID_SPURIOUS)
        return;
    int me = cpus_self_index(mpidrs, count);
    if (intid == SGI_UNI)
        unicast[me][sender]++;
    else if (intid == SGI_ALL)
        broadcast[me][sender]++;
    else if (intid == SGI_BELL)
        bells[me]++;
    else
        other[me]++;
    __asm__ volatile("dmb sy" ::: "memory");
    gic_eoi(intid);
}

static void wait_above(volatile uint32_t *counter, uint32_t before)
{
    for (long spins = 0; *counter == before; spins++) {
        if (spins == 100000000) {
            timeouts++;
            return;
        }
    }
}

static void turn(int me)
{
    for (int r = 0; r < ROUNDS; r++)
        for (int t = 0; t < count; t++) {
            if (t == me)
                continue;
            uint32_t before = unicast[t][me];
            gic_send_sgi(SGI_UNI, mpidrs[t]);
            wait_above(&unicast[t][me], before);
        }
    uint32_t before[MAX_CPUS];
    for (int t = 0; t < count; t++)
        before[t] = broadcast[t][me];
    gic_send_sgi_others(SGI_ALL);
    for (int t = 0; t < count; t++)
        if (t != me)
            wait_above(&broadcast[t][me], before[t]);
}

static void enable_sgis(void)
{
    gic_ppi_enable(SGI_UNI, 0x80);
    gic_ppi_enable(SGI_ALL, 0x80);
    gic_ppi_enable(SGI_BELL, 0x80);
}

void secondary_main(uint64_t index)
{
    if (gic_init_cpu() == 0)
        return;
    enable_sgis();
    irq_enable();
    __asm__ volatile("dsb sy" ::: "memory");
    ready[index] = 1;
    /* One turn per doorbell, then the boot CPU's doorbell. */
    irq_wait_count(&bells[index], 1);
    turn((int)index);
    gic_send_sgi(SGI_BELL, mpidrs[boot]);
    for (;;)
        irq_wait_count(&bells[index], 0xffffffffu);
}

static int check_counts(void)
{
    int bad = 0;
    for (int t = 0; t < count; t++) {
        uart_puts("CPU ");
        uart_putdec(t);
        uart_puts(" took from CPUs 0..");
        uart_putdec(count - 1);
        uart_puts(": SGI 1");
        for (int s = 0; s < count; s++) {
            uart_putc(' ');
            uart_putdec(unicast[t][s]);
            bad += unicast[t][s] != (s == t ? 0u : ROUNDS);
        }
        uart_puts(", SGI 2 (IRM)");
        for (int s = 0; s < count; s++) {
            uart_putc(' ');
            uart_putdec(broadcast[t][s]);
            bad += broadcast[t][s] != (s == t ? 0u : 1u);
        }
        uart_puts(", doorbells ");
        uart_putdec(bells[t]);
        bad += bells[t] != (t == boot ? (uint32_t)count - 1 : 1u);
        bad += other[t] != 0;
        uart_puts("\n");
    }
    return bad;
}

int main(uint64_t boot_x0)
{
    uart_init();
    count = cpus_discover(boot_x0, mpidrs, &boot);
    if (count > MAX_CPUS || boot < 0) {
        uart_puts("gic-sgi: unsupported CPU count or boot CPU not found\n");
        return 2;
    }
    uart_puts("gic-sgi: ");
    uart_putdec(count);
    uart_puts(" CPUs, ");
    uart_putdec(ROUNDS);
    uart_puts(" rounds of SGI 1 to each other CPU, then SGI 2 to all others (IRM)\n");
    irq_hook = irq;
    gic_init_distributor();
    if (gic_init_cpu() == 0) {
        uart_puts("no redistributor for the boot CPU\n");
        return 1;
    }
    enable_sgis();
    irq_enable();
    int failures = 0;
    for (int i = 0; i < count; i++) {
        if (i == boot)
            continue;
        int64_t r = cpus_start(i, mpidrs[i]);
        if (r != PSCI_SUCCESS) {
            uart_puts("CPU_ON failed\n");
            return 1;
        }
        while (!ready[i])
            ;
    }
    uart_puts("all CPUs ready\n");
    for (int s = 0; s < count; s++) {
        sender = s;
        __asm__ volatile("dsb sy" ::: "memory");
        if (s == boot) {
            turn(s);
            continue;
        }
        uint32_t before = bells[boot];
        gic_send_sgi(SGI_BELL, mpidrs[s]);
        irq_wait_count(&bells[boot], before + 1);
    }
    failures += check_counts();
    if (timeouts) {
        uart_puts("timed out waiting for an SGI\n");
        failures++;
    }
    uart_puts(failures == 0 ? "gic-sgi: all counts match\n" : "gic-sgi: counts FAILED\n");
    return failures;
}
