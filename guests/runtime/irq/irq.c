#include "irq.h"
#include "semihosting.h"
#include "uart.h"

exception_hook irq_hook;
exception_hook sync_hook;

static void report(struct exception_frame *frame, unsigned vector)
{
    uart_puts("unexpected exception: vector ");
    uart_putdec(vector);
    uart_puts(" ESR_EL1=");
    uart_puthex(read_esr_el1());
    uart_puts(" ELR_EL1=");
    uart_puthex(frame->elr);
    uart_puts("\n");
    semihost_exit(1);
}

void handle_exception(struct exception_frame *frame, unsigned vector)
{
    unsigned kind = vector & 3;   /* sync, IRQ, FIQ, SError */
    if (kind == 1 && vector < 12 && irq_hook)
        irq_hook(frame);
    else if (kind == 0 && vector < 12 && sync_hook)
        sync_hook(frame);
    else
        report(frame, vector);
}

void irq_wait_count(volatile uint32_t *counter, uint32_t target)
{
    for (;;) {
        irq_disable();
        if (*counter >= target)
            break;
        __asm__ volatile("wfi" ::: "memory");
        irq_enable();
        __asm__ volatile("isb" ::: "memory");
    }
    irq_enable();
}

void irq_wait_for(volatile uint32_t *flag)
{
    irq_wait_count(flag, 1);
}
