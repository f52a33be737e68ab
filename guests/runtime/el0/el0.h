#ifndef GUEST_EL0_H
#define GUEST_EL0_H

#include <stdint.h>
#include "exceptions.h"

/* SPSR_EL1 values for el0_call: EL0t with D, A, I, F masked, and the same with SS set. */
#define SPSR_EL0T_MASKED 0x3c0UL
#define SPSR_SS          (1UL << 21)
#define SPSR_IL          (1UL << 20)
#define SPSR_EL1H_MASKED 0x3c5UL

/* Runs fn at EL0 (see el0.S); fn ends with `svc #0`, leaving its result in x0. */
uint64_t el0_call(void (*fn)(void), uint64_t arg, uint64_t spsr);
extern char el0_back[];

/* In the handler of the `svc #0` that ends an el0_call: return to EL1 with x0 as the result. */
static inline void el0_resume(struct exception_frame *frame)
{
    frame->elr = (uint64_t)(uintptr_t)el0_back;
    frame->spsr = SPSR_EL1H_MASKED;
}

static inline unsigned esr_ec(uint64_t esr) { return (unsigned)(esr >> 26) & 0x3f; }

#define READ_SYSREG(name) ({ uint64_t v_; __asm__ volatile("mrs %0, " #name : "=r"(v_)); v_; })
#define WRITE_SYSREG(name, v) __asm__ volatile("msr " #name ", %0\n\tisb" : : "r"((uint64_t)(v)) : "memory")

#endif
