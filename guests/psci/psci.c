/*
 * Every PSCI call a virt-board guest relies on, with the results DEN 0022 fixes:
 * PSCI_VERSION, SMCCC_VERSION, PSCI_FEATURES (implemented and unknown functions),
 * MIGRATE_INFO_TYPE, AFFINITY_INFO, CPU_ON (success, ALREADY_ON, INVALID_PARAMETERS),
 * CPU_OFF, an unknown function ID, and finally SYSTEM_OFF. Needs at least two CPUs.
 * On failure it exits through semihosting with the number of failed checks; on success
 * SYSTEM_OFF ends the run (exit status 0).
 */
#include "exceptions.h"
#include "fdt.h"
#include "psci.h"
#include "semihosting.h"
#include "uart.h"

#define MPIDR_AFFINITY 0xff00ffffffUL

void psci_secondary_entry(void);

static volatile uint32_t secondary_ran;
static volatile uint64_t secondary_context;
static int failures;

void psci_secondary_main(uint64_t context)
{
    secondary_context = context;
    __asm__ volatile("dsb sy" ::: "memory");
    secondary_ran = 1;
    __asm__ volatile("dsb sy\n\tsev" ::: "memory");
    psci_call(PSCI_CPU_OFF, 0, 0, 0);
    uart_puts("CPU_OFF returned on the secondary\n");
}

static void check(const char *what, int64_t got, int64_t want)
{
    uart_puts(what);
    uart_puts(" = ");
    uart_putdec(got);
    if (got == want) {
        uart_puts(" ok\n");
    } else {
        uart_puts(" FAIL, expected ");
        uart_putdec(want);
        uart_puts("\n");
        failures++;
    }
}

static void check_at_least(const char *what, int64_t got, int64_t min)
{
    uart_puts(what);
    uart_puts(" = ");
    uart_puthex_short((uint64_t)got);
    if (got >= min) {
        uart_puts(" ok\n");
    } else {
        uart_puts(" FAIL, expected at least ");
        uart_puthex_short((uint64_t)min);
        uart_puts("\n");
        failures++;
    }
}

static int64_t wait_affinity(uint64_t mpidr, int64_t want)
{
    int64_t state = -100;
    for (long polls = 0; polls < 1000000; polls++)
        if ((state = psci_call(PSCI_AFFINITY_INFO, mpidr, 0, 0)) == want)
            break;
    return state;
}

int main(uint64_t boot_x0)
{
    uart_init();
    const void *fdt = fdt_find(boot_x0);
    psci_set_conduit(fdt ? fdt_psci_method(fdt) : "hvc");
    uint64_t self = read_mpidr() & MPIDR_AFFINITY;
    /* The other CPU: the DTB's second cpu node, or MPIDR 1 on QEMU's linear topology. */
    uint64_t cpus[2] = { 0, 1 };
    if (fdt && fdt_cpu_mpidrs(fdt, cpus, 2) < 2) {
        uart_puts("psci: needs two CPUs\n");
        return 100;
    }
    uint64_t other = (cpus[0] & MPIDR_AFFINITY) == self ? cpus[1] : cpus[0];
    uint64_t absent = 0xfe00fefefeUL;   /* no board here has Aff3/Aff2/Aff1/Aff0 this large */

    uart_puts("psci guest\n");
    int64_t version = psci_call(PSCI_VERSION, 0, 0, 0);
    check_at_least("PSCI_VERSION", version, 0x00010000);         /* 1.0: PSCI_FEATURES exists */

    /* SMCCC: SMCCC_VERSION exists from SMCCC 1.1 on and is discovered through
     * PSCI_FEATURES; NOT_SUPPORTED there means SMCCC 1.0 (as on QEMU 7.2). */
    int64_t smccc = psci_call(PSCI_FEATURES, SMCCC_VERSION, 0, 0);
    if (smccc == PSCI_NOT_SUPPORTED) {
        uart_puts("PSCI_FEATURES(SMCCC_VERSION) = NOT_SUPPORTED: SMCCC 1.0\n");
    } else {
        check("PSCI_FEATURES(SMCCC_VERSION)", smccc, PSCI_SUCCESS);
        check_at_least("SMCCC_VERSION", psci_call(SMCCC_VERSION, 0, 0, 0), 0x00010001);
    }
    static const struct { const char *name; uint32_t id; } functions[] = {
        { "PSCI_VERSION", PSCI_VERSION },
        { "CPU_OFF", PSCI_CPU_OFF },
        { "CPU_ON", PSCI_CPU_ON },
        { "AFFINITY_INFO", PSCI_AFFINITY_INFO },
        { "MIGRATE_INFO_TYPE", PSCI_MIGRATE_INFO_TYPE },
        { "SYSTEM_OFF", PSCI_SYSTEM_OFF },
        { "SYSTEM_RESET", PSCI_SYSTEM_RESET },
        { "PSCI_FEATURES", PSCI_FEATURES },
    };
    for (unsigned i = 0; i < sizeof functions / sizeof functions[0]; i++) {
        uart_puts("PSCI_FEATURES(");
        uart_puts(functions[i].name);
        uart_puts(") supported: ");
        int64_t r = psci_call(PSCI_FEATURES, functions[i].id, 0, 0);
        /* CPU_SUSPEND-style functions return flags >= 0; all others return 0 when present. */
        if (r >= 0) {
            uart_puts("yes\n");
        } else {
            uart_puts("no FAIL\n");
            failures++;
        }
    }
    check("PSCI_FEATURES(0x8400001f, unknown)", psci_call(PSCI_FEATURES, 0x8400001f, 0, 0), PSCI_NOT_SUPPORTED);
    check("unknown function 0x8400001f", psci_call(0x8400001f, 0, 0, 0), PSCI_NOT_SUPPORTED);

    check("MIGRATE_INFO_TYPE (2: no Trusted OS to migrate)", psci_call(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), 2);

    check("AFFINITY_INFO(self)", psci_call(PSCI_AFFINITY_INFO, self, 0, 0), 0);
    check("AFFINITY_INFO(other, before CPU_ON)", psci_call(PSCI_AFFINITY_INFO, other, 0, 0), 1);
    check("AFFINITY_INFO(absent MPIDR)", psci_call(PSCI_AFFINITY_INFO, absent, 0, 0), PSCI_INVALID_PARAMETERS);

    check("CPU_ON(self)", psci_call(PSCI_CPU_ON, self, (uint64_t)(uintptr_t)psci_secondary_entry, 0), PSCI_ALREADY_ON);
    check("CPU_ON(absent MPIDR)", psci_call(PSCI_CPU_ON, absent, (uint64_t)(uintptr_t)psci_secondary_entry, 0),
          PSCI_INVALID_PARAMETERS);
    check("CPU_ON(other)", psci_call(PSCI_CPU_ON, other, (uint64_t)(uintptr_t)psci_secondary_entry, 0x1234abcd),
          PSCI_SUCCESS);
    while (!secondary_ran)
        __asm__ volatile("wfe" ::: "memory");
    check("context id seen by the secondary", (int64_t)secondary_context, 0x1234abcd);
    check("AFFINITY_INFO(other) after its CPU_OFF", wait_affinity(other, 1), 1);
    secondary_ran = 0;
    check("CPU_ON(other) again", psci_call(PSCI_CPU_ON, other, (uint64_t)(uintptr_t)psci_secondary_entry, 7),
          PSCI_SUCCESS);
    while (!secondary_ran)
        __asm__ volatile("wfe" ::: "memory");
    check("context id the second time", (int64_t)secondary_context, 7);
    check("AFFINITY_INFO(other) off again", wait_affinity(other, 1), 1);

    if (failures != 0) {
        uart_puts("psci: some checks FAILED\n");
        return failures;
    }
    uart_puts("psci: all checks passed, SYSTEM_OFF\n");
    psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
    uart_puts("SYSTEM_OFF returned\n");
    return 99;
}
