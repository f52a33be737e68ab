#include "exceptions.h"
#include "semihosting.h"
#include "uart.h"

static const char *const vector_names[16] = {
    "sync (EL1, SP_EL0)", "IRQ (EL1, SP_EL0)", "FIQ (EL1, SP_EL0)", "SError (EL1, SP_EL0)",
    "sync (EL1, SP_EL1)", "IRQ (EL1, SP_EL1)", "FIQ (EL1, SP_EL1)", "SError (EL1, SP_EL1)",
    "sync (EL0 AArch64)", "IRQ (EL0 AArch64)", "FIQ (EL0 AArch64)", "SError (EL0 AArch64)",
    "sync (EL0 AArch32)", "IRQ (EL0 AArch32)", "FIQ (EL0 AArch32)", "SError (EL0 AArch32)",
};

__attribute__((weak)) void handle_exception(struct exception_frame *frame, unsigned vector)
{
    uart_puts("unexpected exception: ");
    uart_puts(vector_names[vector & 15]);
    uart_puts(" ESR_EL1=");
    uart_puthex(read_esr_el1());
    uart_puts(" ELR_EL1=");
    uart_puthex(frame->elr);
    uart_puts(" FAR_EL1=");
    uart_puthex(read_far_el1());
    uart_puts("\n");
    semihost_exit(1);
}
