#include "cpus.h"
#include "exceptions.h"
#include "fdt.h"
#include "psci.h"
#include "uart.h"

void irq_secondary_entry(void);
uint8_t irq_secondary_stacks[MAX_CPUS][8192] __attribute__((aligned(16)));

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

int cpus_discover(uint64_t boot_x0, uint64_t *mpidrs, int *self)
{
    int count;
    const void *fdt = fdt_find(boot_x0);
    if (fdt) {
        psci_set_conduit(fdt_psci_method(fdt));
        count = fdt_cpu_mpidrs(fdt, mpidrs, MAX_CPUS);
    } else {
        psci_set_conduit("hvc");
        count = probe_linear_cpus(mpidrs, MAX_CPUS);
    }
    *self = -1;
    uint64_t me = read_mpidr() & MPIDR_AFFINITY;
    for (int i = 0; i < count && i < MAX_CPUS; i++)
        if ((mpidrs[i] & MPIDR_AFFINITY) == me)
            *self = i;
    return count;
}

int64_t cpus_start(int index, uint64_t mpidr)
{
    return psci_call(PSCI_CPU_ON, mpidr & MPIDR_AFFINITY, (uint64_t)(uintptr_t)irq_secondary_entry, (uint64_t)index);
}

void print_affinity(uint64_t mpidr)
{
    uart_putdec((int64_t)((mpidr >> 32) & 0xff));
    uart_putc('.');
    uart_putdec((int64_t)((mpidr >> 16) & 0xff));
    uart_putc('.');
    uart_putdec((int64_t)((mpidr >> 8) & 0xff));
    uart_putc('.');
    uart_putdec((int64_t)(mpidr & 0xff));
}

/* For guests that start no secondaries. */
__attribute__((weak)) void secondary_main(uint64_t index)
{
    (void)index;
}

int cpus_self_index(const uint64_t *mpidrs, int count)
{
    uint64_t me = read_mpidr() & MPIDR_AFFINITY;
    for (int i = 0; i < count; i++)
        if ((mpidrs[i] & MPIDR_AFFINITY) == me)
            return i;
    return 0;
}
