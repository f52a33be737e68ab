/*
 * el0_call(fn, arg, spsr): runs fn at EL0 with x0 = arg, SPSR_EL1 = spsr (EL0t with the
 * caller's choice of DAIF and SS), and a stack of its own on SP_EL0. The EL0 code comes
 * back by `svc #0` with its result in x0: the guest's handler calls el0_resume(frame),
 * which makes that exception return to el0_back at EL1h, and el0_call returns x0.
 * Callee-saved registers are kept on the EL1 stack meanwhile; SP_EL1 is unchanged across
 * the round trip (the exception frame is popped before ERET).
 */
    .text
    .global el0_call
    .global el0_back
el0_call:
    stp     x19, x20, [sp, #-96]!
    stp     x21, x22, [sp, #16]
    stp     x23, x24, [sp, #32]
    stp     x25, x26, [sp, #48]
    stp     x27, x28, [sp, #64]
    stp     x29, x30, [sp, #80]
    ldr     x3, =el0_stack_top
    msr     sp_el0, x3
    msr     elr_el1, x0
    msr     spsr_el1, x2
    mov     x0, x1
    eret

el0_back:
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
