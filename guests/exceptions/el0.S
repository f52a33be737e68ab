/*
 * run_at_el0(): drop to EL0t at el0_entry (which issues SVC #0x77), with its own small
 * stack on SP_EL0, and come back here when the handler redirects the exception return to
 * el0_return at EL1h. Callee-saved registers are kept on the EL1 stack meanwhile; SP_EL1
 * is unchanged across the round trip (the exception frame is popped before ERET).
 */
    .text
    .global run_at_el0
    .global el0_entry
    .global el0_return
run_at_el0:
    stp     x19, x20, [sp, #-96]!
    stp     x21, x22, [sp, #16]
    stp     x23, x24, [sp, #32]
    stp     x25, x26, [sp, #48]
    stp     x27, x28, [sp, #64]
    stp     x29, x30, [sp, #80]
    ldr     x0, =el0_stack_top
    msr     sp_el0, x0
    ldr     x0, =el0_entry
    msr     elr_el1, x0
    mov     x0, #0x3c0                  // EL0t with D, A, I, F masked
    msr     spsr_el1, x0
    eret

el0_entry:
    svc     #0x77
1:  b       1b                          // never resumed at EL0

el0_return:
    ldp     x21, x22, [sp, #16]
    ldp     x23, x24, [sp, #32]
    ldp     x25, x26, [sp, #48]
    ldp     x27, x28, [sp, #64]
    ldp     x29, x30, [sp, #80]
    ldp     x19, x20, [sp], #96
    ret

    .bss
    .balign 16
el0_stack:
    .skip   4096
el0_stack_top:
