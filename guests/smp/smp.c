/*
 * Brings up every CPU with PSCI CPU_ON, one at a time so the
 * transcript is deterministic: each secondary prints its MPIDR_EL1 and its index, signals
 * the boot CPU and turns itself off with CPU_OFF; the boot CPU waits for the signal, then
 * for AFFINITY_INFO to report the CPU off. Exit status 0 if every CPU came up.
 *
 * The CPUs are those of the device tree's /cpus when the host passes one in x0 (the
 * emulator does, for any topology, Aff3 included). QEMU enters a bare-metal ELF without
 * one; then the CPUs are found by asking AFFINITY_INFO about the linear virt topology
 * (Aff0 0-15, then Aff1) until it answers INVALID_PARAMETERS.
 */
#include "exceptions.h"
#include "fdt.h"
#include "psci.h"
#include "semihosting.h"
#include "uart.h"

#define MAX_CPUS 16
#define MPIDR_AFFINITY 0xff00ffffffUL

void secondary_entry(void);
uint8_t secondary_stacks[MAX_CPUS][4096] __attribute__((aligned(16)));

static volatile uint32_t arrived[MAX_CPUS];
static volatile uint64_t seen_mpidr[MAX_CPUS];

static void print_affinity(uint64_t mpidr)
{
    uart_putdec((int64_t)((mpidr >> 32) & 0xff));
    uart_putc('.');
    uart_putdec((int64_t)((mpidr >> 16) & 0xff));
    uart_putc('.');
    uart_putdec((int64_t)((mpidr >> 8) & 0xff));
    uart_putc('.');
    uart_putdec((int64_t)(mpidr & 0xff));
}

static void print_cpu(uint64_t index, uint64_t mpidr)
{
    uart_puts("CPU ");
    uart_putdec((int64_t)index);
    uart_puts(": MPIDR_EL1 ");
    uart_puthex_short(mpidr);
    uart_puts(" affinity ");
    print_affinity(mpidr);
    uart_puts(" at EL");
    uart_putdec(current_el());
    uart_puts("\n");
}

void secondary_main(uint64_t index)
{
    uint64_t mpidr = read_mpidr();
    print_cpu(index, mpidr);
    seen_mpidr[index] = mpidr;
    __asm__ volatile("dsb sy" ::: "memory");
    arrived[index] = 1;
    __asm__ volatile("dsb sy\n\tsev" ::: "memory");
    psci_call(PSCI_CPU_OFF, 0, 0, 0);
    uart_puts("CPU_OFF returned\n");
}

static int probe_linear_cpus(uint64_t *mpidrs, int max)
{
    int count = 0;
    for (int i = 0; i < max; i++) {
        uint64_t mpidr = (uint64_t)(i / 16) << 8 | (uint64_t)(i % 16);
        if (psci_call(PSCI_AFFINITY_INFO, mpidr, 0, 0) < 0)
            break;
        mpidrs[count++] = mpidr;
    }
    return count;
}

int main(uint64_t boot_x0)
{
    uart_init();
    uint64_t mpidrs[MAX_CPUS];
    int count;
    const void *fdt = fdt_find(boot_x0);
    if (fdt) {
        psci_set_conduit(fdt_psci_method(fdt));
        count = fdt_cpu_mpidrs(fdt, mpidrs, MAX_CPUS);
    } else {
        psci_set_conduit("hvc");
        count = probe_linear_cpus(mpidrs, MAX_CPUS);
    }
    if (count > MAX_CPUS) {
        uart_puts("smp: more CPUs than this guest handles\n");
        return 2;
    }
    uart_puts("smp: ");
    uart_putdec(count);
    uart_puts(" CPUs\n");

    uint64_t self = read_mpidr() & MPIDR_AFFINITY;
    int failures = 0;
    for (int i = 0; i < count; i++) {
        if ((mpidrs[i] & MPIDR_AFFINITY) == self) {
            print_cpu((uint64_t)i, read_mpidr());
            continue;
        }
        int64_t r = psci_call(PSCI_CPU_ON, mpidrs[i], (uint64_t)(uintptr_t)secondary_entry, (uint64_t)i);
        if (r != PSCI_SUCCESS) {
            uart_puts("CPU_ON ");
            uart_puthex_short(mpidrs[i]);
            uart_puts(" failed: ");
            uart_putdec(r);
            uart_puts("\n");
            failures++;
            continue;
        }
        while (!arrived[i])
            __asm__ volatile("wfe" ::: "memory");
        if ((seen_mpidr[i] & MPIDR_AFFINITY) != (mpidrs[i] & MPIDR_AFFINITY)) {
            uart_puts("  but the device tree said ");
            uart_puthex_short(mpidrs[i]);
            uart_puts("\n");
            failures++;
        }
        /* AFFINITY_INFO: 0 ON, 1 OFF, 2 ON_PENDING. */
        int64_t state = 0;
        for (long polls = 0; polls < 1000000 && (state = psci_call(PSCI_AFFINITY_INFO, mpidrs[i], 0, 0)) != 1; polls++)
            ;
        if (state != 1) {
            uart_puts("  AFFINITY_INFO never reported OFF: ");
            uart_putdec(state);
            uart_puts("\n");
            failures++;
        }
    }
    uart_puts(failures == 0 ? "smp: all CPUs came up\n" : "smp: some CPUs FAILED\n");
    return failures;
}
