#ifndef GUEST_ITS_GUEST_H
#define GUEST_ITS_GUEST_H

#include <stdint.h>
#include "irq/cpus.h"

/*
 * What every ITS guest shares: CPU bring-up (secondaries take LPIs and count them), the
 * GIC and LPI set-up of every redistributor, the ITS, and ok/FAIL checks.
 */
#define LPI_TRACKED 64

extern uint64_t its_mpidrs[MAX_CPUS];
extern uint64_t its_rds[MAX_CPUS];
extern int its_cpu_count;
/* [cpu][intid - 8192]: LPIs taken; other_taken: any other INTID. */
extern volatile uint32_t lpi_taken[MAX_CPUS][LPI_TRACKED];
extern volatile uint32_t other_taken[MAX_CPUS];
extern volatile uint32_t last_intid[MAX_CPUS];
extern int failures;

/* Brings up min_cpus CPUs (at most 2 are used), the GIC, LPIs and the ITS (indirect and
 * page_size as its_init). Prints the guest's name. Returns 0, or a non-zero exit status. */
int its_guest_start(uint64_t boot_x0, const char *name, int min_cpus, int indirect, unsigned page_size);

/* Waits (spinning, bounded) until lpi_taken[cpu][lpi] >= target; returns 1 if reached. */
int lpi_wait(int cpu, unsigned lpi, uint32_t target);
/* A fixed delay, long enough for a delivery that is going to happen to happen. */
void settle(void);
/* Prints "  ok   what" or "  FAIL what" and counts the failure. */
void check(int cond, const char *what);
/* Prints "  what: N". */
void report(const char *what, uint64_t n);
/* Ends the guest: a summary line and the failure count as exit status. */
int its_guest_end(const char *name);

#endif
