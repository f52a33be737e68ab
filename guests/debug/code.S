/*
 * The code the debug guest watches: EL0 routines entered by el0_call (each ends with
 * `svc #0`, result in x0) and EL1 functions called from C.
 */
    .text
    .macro  routine name
    .global \name
    .balign 4
\name:
    .endm

    // Three additions, each stepped when entered with SPSR_EL1.SS = 1. Result 3.
    routine el0_steps
    mov     x0, #0
    add     x0, x0, #1
    add     x0, x0, #1
    add     x0, x0, #1
    svc     #0

    // x0 = 10, then the breakpointed instruction adds 5. Result 15.
    routine el0_breakpoint
    mov     x0, #10
    .global el0_bp_insn
el0_bp_insn:
    add     x0, x0, #5
    svc     #0

    // Loads the doubleword at x0.
    routine el0_load
    ldr     x0, [x0]
    svc     #0

    // Stores 0x5a5a to the doubleword at x0; result 1.
    routine el0_store
    mov     x1, #0x5a5a
    str     x1, [x0]
    mov     x0, #1
    svc     #0

    // BRK #0x77 at EL0; result 7 once the handler steps over it.
    routine el0_brk
    brk     #0x77
    mov     x0, #7
    svc     #0

    // EL1: returns x0 + 1; the add is where the EL1 breakpoint goes.
    routine el1_increment
    .global el1_bp_insn
el1_bp_insn:
    add     x0, x0, #1
    ret

    // EL1: loads the doubleword at x0.
    routine el1_load
    ldr     x0, [x0]
    ret
