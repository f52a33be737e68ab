#ifndef GUEST_EXCEPTIONS_H
#define GUEST_EXCEPTIONS_H

#include <stdint.h>

/* What vectors.S saves; the handler may change any of it before ERET. */
struct exception_frame {
    uint64_t x[31];
    uint64_t elr;
    uint64_t spsr;
    uint64_t pad;   /* keeps the frame a multiple of 16 bytes */
};

/* Called for every exception taken to EL1. The runtime's default (a weak symbol) prints
 * the syndrome and exits with status 1; a guest that expects exceptions defines its own. */
void handle_exception(struct exception_frame *frame, unsigned vector);

static inline uint64_t read_esr_el1(void) { uint64_t v; __asm__ volatile("mrs %0, esr_el1" : "=r"(v)); return v; }
static inline uint64_t read_far_el1(void) { uint64_t v; __asm__ volatile("mrs %0, far_el1" : "=r"(v)); return v; }
static inline uint64_t read_mpidr(void) { uint64_t v; __asm__ volatile("mrs %0, mpidr_el1" : "=r"(v)); return v; }
static inline unsigned current_el(void) { uint64_t v; __asm__ volatile("mrs %0, CurrentEL" : "=r"(v)); return (unsigned)(v >> 2) & 3; }

#endif
