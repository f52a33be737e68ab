/*
 * Affinity routing with Aff3 (IHI 0069 chapter 5): four CPUs in two Aff3 groups, e.g.
 * `emu run --mpidr 0x0,0x1,0x100000000,0x100000001`. The CPUs come from the device tree.
 *  1. Each CPU's MPIDR_EL1 is its /cpus reg, and its redistributor's GICR_TYPER affinity
 *     (bits 63:32, Aff3.Aff2.Aff1.Aff0) is its MPIDR; the redistributors are those of the
 *     CPUs, the last one flagged GICR_TYPER.Last.
 *  2. SGIs by full affinity: in turn, every CPU sends SGI 1 to every other through
 *     ICC_SGI1R_EL1 with Aff3/Aff2/Aff1/RS/target list; only the target takes it.
 *  3. An SPI routed by GICD_IROUTER (Aff3 in bits 39:32) to each CPU: only it takes it, and
 *     IROUTER reads back the full affinity.
 * Exit status: the number of failures (3 if the topology does not span two Aff3 values).
 */
#include "exceptions.h"
#include "irq/cpus.h"
#include "irq/gic.h"
#include "irq/irq.h"
#include "psci.h"
#include "uart.h"

#define SGI_UNI  1
#define SGI_BELL 15
#define SPI      100

static uint64_t mpidrs[MAX_CPUS];
static int count;
static int boot;
static int failures;

static volatile uint32_t ready[MAX_CPUS];
static volatile uint64_t seen_mpidr[MAX_CPUS];
static volatile uint64_t seen_typer[MAX_CPUS];
static volatile int sender;
static volatile uint32_t sgis[MAX_CPUS][MAX_CPUS];   /* [receiver][sender] */
static volatile uint32_t bells[MAX_CPUS];
static volatile uint32_t spis[MAX_CPUS];
static volatile uint32_t spi_total;
static volatile uint32_t other;

static void irq(struct exception_frame *frame)
{
    (void)frame;
    unsigned intid = gic_ack();
    if (intid == INTID_SPURIOUS)
        return;
    int me = cpus_self_index(mpidrs, count);
    if (intid == SGI_UNI) {
        sgis[me][sender]++;
    } else if (intid == SGI_BELL) {
        bells[me]++;
    } else if (intid == SPI) {
        spis[me]++;
        __asm__ volatile("dmb sy" ::: "memory");
        spi_total++;
    } else {
        other++;
    }
    __asm__ volatile("dmb sy" ::: "memory");
    gic_eoi(intid);
}

static void check(const char *what, uint64_t got, uint64_t want)
{
    uart_puts(what);
    if (got == want) {
        uart_puts(" ok\n");
    } else {
        uart_puts(" FAIL, got ");
        uart_puthex_short(got);
        uart_puts(" expected ");
        uart_puthex_short(want);
        uart_puts("\n");
        failures++;
    }
}

static void wait_above(volatile uint32_t *counter, uint32_t before)
{
    for (long spins = 0; *counter == before && spins < 100000000; spins++)
        ;
}

static void turn(int me)
{
    for (int t = 0; t < count; t++) {
        if (t == me)
            continue;
        uint32_t before = sgis[t][me];
        gic_send_sgi(SGI_UNI, mpidrs[t]);
        wait_above(&sgis[t][me], before);
    }
}

static void cpu_setup(int index)
{
    seen_mpidr[index] = read_mpidr();
    uint64_t rd = gic_init_cpu();
    seen_typer[index] = rd ? mmio_read64(rd + GICR_TYPER) : 0;
    gic_ppi_enable(SGI_UNI, 0x80);
    gic_ppi_enable(SGI_BELL, 0x80);
    irq_enable();
}

void secondary_main(uint64_t index)
{
    cpu_setup((int)index);
    __asm__ volatile("dsb sy" ::: "memory");
    ready[index] = 1;
    irq_wait_count(&bells[index], 1);
    turn((int)index);
    gic_send_sgi(SGI_BELL, mpidrs[boot]);
    for (;;)
        irq_wait_count(&bells[index], 0xffffffffu);
}

int main(uint64_t boot_x0)
{
    uart_init();
    count = cpus_discover(boot_x0, mpidrs, &boot);
    if (count > MAX_CPUS || boot < 0) {
        uart_puts("aff3: unsupported CPU count or boot CPU not found\n");
        return 2;
    }
    uart_puts("aff3: ");
    uart_putdec(count);
    uart_puts(" CPUs:");
    int aff3_values = 0;
    for (int i = 0; i < count; i++) {
        uart_putc(' ');
        print_affinity(mpidrs[i]);
        int seen = 0;
        for (int j = 0; j < i; j++)
            seen |= ((mpidrs[j] ^ mpidrs[i]) & 0xff00000000UL) == 0;
        aff3_values += !seen;
    }
    uart_puts("\n");
    if (aff3_values < 2) {
        uart_puts("aff3: the CPUs do not span two Aff3 values (run with --mpidr 0x0,0x1,0x100000000,0x100000001)\n");
        return 3;
    }
    irq_hook = irq;
    gic_init_distributor();
    cpu_setup(boot);
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

    uart_puts("MPIDR_EL1 and GICR_TYPER of each CPU:\n");
    for (int i = 0; i < count; i++) {
        uart_puts("  CPU ");
        uart_putdec(i);
        uart_puts(" ");
        print_affinity(mpidrs[i]);
        check(": MPIDR_EL1 affinity", seen_mpidr[i] & MPIDR_AFFINITY, mpidrs[i] & MPIDR_AFFINITY);
        uart_puts("  CPU ");
        uart_putdec(i);
        check(": GICR_TYPER affinity", seen_typer[i] >> 32, affinity_packed(mpidrs[i]));
    }
    /* Every redistributor is some CPU's, each CPU has one, only the final one is Last. */
    int frames = 0, matched = 0, last_ok = 1;
    for (uint64_t rd = GICR_BASE;; rd += GICR_STRIDE) {
        uint64_t typer = mmio_read64(rd + GICR_TYPER);
        frames++;
        for (int i = 0; i < count; i++)
            matched += (uint32_t)(typer >> 32) == affinity_packed(mpidrs[i]);
        if (typer & GICR_TYPER_LAST)
            break;
        if (frames > MAX_CPUS * 2) {
            last_ok = 0;
            break;
        }
    }
    check("redistributors, one per CPU", (uint64_t)frames, (uint64_t)count);
    check("redistributors matching a CPU", (uint64_t)matched, (uint64_t)count);
    check("GICR_TYPER.Last on the final one", (uint64_t)last_ok, 1);

    uart_puts("SGI 1 from every CPU to every other by full affinity:\n");
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
    for (int t = 0; t < count; t++) {
        int ok = 1;
        for (int s = 0; s < count; s++)
            ok &= sgis[t][s] == (s == t ? 0u : 1u);
        uart_puts("  CPU ");
        print_affinity(mpidrs[t]);
        check(" took one from each other CPU", (uint64_t)ok, 1);
    }

    uart_puts("SPI 100 routed by GICD_IROUTER to each CPU:\n");
    gic_spi_configure(SPI, 0x80, 1);
    for (int t = 0; t < count; t++) {
        gic_spi_route(SPI, mpidrs[t]);
        gic_spi_enable(SPI);
        for (int i = 0; i < count; i++)
            spis[i] = 0;
        spi_total = 0;
        __asm__ volatile("dsb sy" ::: "memory");
        uart_puts("  to ");
        print_affinity(mpidrs[t]);
        check(": GICD_IROUTER", mmio_read64(GICD_BASE + GICD_IROUTER + 8 * SPI), mpidrs[t] & MPIDR_AFFINITY);
        gicd_write(GICD_ISPENDR + 4 * (SPI / 32), 1u << (SPI % 32));
        wait_above(&spi_total, 0);
        for (int i = 0; i < 200000; i++)
            __asm__ volatile("isb" ::: "memory");
        int ok = 1;
        for (int i = 0; i < count; i++)
            ok &= spis[i] == (i == t ? 1u : 0u);
        uart_puts("  to ");
        print_affinity(mpidrs[t]);
        check(": taken by it alone", (uint64_t)ok, 1);
        gic_spi_disable(SPI);
    }
    check("other interrupts", other, 0);
    uart_puts(failures == 0 ? "aff3: all checks passed\n" : "aff3: some checks FAILED\n");
    return failures;
}
