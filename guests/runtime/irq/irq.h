#ifndef GUEST_IRQ_H
#define GUEST_IRQ_H

#include "exceptions.h"

/*
 * Exception dispatch for the interrupt guests (linked only into them, so the other guests
 * keep the runtime's weak handle_exception). An IRQ taken from EL1 (either SP) or EL0 calls
 * irq_hook; a synchronous exception calls sync_hook if the guest set one; anything else,
 * or a missing hook, is reported and ends the guest with status 1.
 */
typedef void (*exception_hook)(struct exception_frame *frame);

/* Set once before unmasking; read on every CPU. */
extern exception_hook irq_hook;
extern exception_hook sync_hook;

static inline void irq_enable(void) { __asm__ volatile("msr daifclr, #2" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile("msr daifset, #2" ::: "memory"); }

/* Waits until *flag != 0 with WFI, without the lost-wake-up race: IRQs are masked while
 * the flag is tested, WFI wakes on a pending interrupt even while masked, and the
 * interrupt is taken when they are unmasked again. Returns with IRQs unmasked. */
void irq_wait_for(volatile uint32_t *flag);
/* The same until *counter >= target. */
void irq_wait_count(volatile uint32_t *counter, uint32_t target);

#endif
