#ifndef GUEST_CPUS_H
#define GUEST_CPUS_H

#include <stdint.h>

#define MAX_CPUS 8
#define MPIDR_AFFINITY 0xff00ffffffUL

/* The CPUs: the device tree's /cpus when the host passes one in x0 (the emulator does),
 * else the linear virt topology probed with PSCI AFFINITY_INFO (QEMU passes none to an
 * ELF). Also picks the PSCI conduit. Returns the count (at most MAX_CPUS stored), and the
 * calling CPU's index in *self (or -1). */
int cpus_discover(uint64_t boot_x0, uint64_t *mpidrs, int *self);

/* Starts CPU index with PSCI CPU_ON at a runtime entry that sets up its own stack and the
 * vectors, then calls secondary_main(index) (the guest defines it). Returns the PSCI status. */
int64_t cpus_start(int index, uint64_t mpidr);
void secondary_main(uint64_t index);

/* The calling CPU's index in mpidrs[0..count) by affinity, or 0 if it is not there. */
int cpus_self_index(const uint64_t *mpidrs, int count);

/* Prints Aff3.Aff2.Aff1.Aff0. */
void print_affinity(uint64_t mpidr);

#endif
