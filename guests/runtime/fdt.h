#ifndef GUEST_FDT_H
#define GUEST_FDT_H

#include <stdint.h>

/* Reading the flattened device tree the host passed (Devicetree Specification ch. 5). */

/* The DTB to use: the boot argument if it holds one (the emulator passes it in x0), else
 * the start of RAM if a boot loader left one there; 0 if neither has one (QEMU enters a
 * bare-metal ELF with x0 = 0 and no DTB). */
const void *fdt_find(uint64_t boot_x0);

/* The reg values of the /cpus/cpu@* nodes in tree order (MPIDR affinity fields).
 * Returns how many there are, storing at most max. */
int fdt_cpu_mpidrs(const void *fdt, uint64_t *mpidrs, int max);

/* The /psci node's "method" ("hvc" or "smc"), or 0 if absent. */
const char *fdt_psci_method(const void *fdt);

#endif
