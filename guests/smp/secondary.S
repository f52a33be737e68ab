/*
 * Where PSCI CPU_ON starts a secondary CPU: at EL1 with the MMU off and x0 = the context
 * id, which is the CPU's index here. Each CPU gets its own stack and the shared vectors.
 */
    .text
    .global secondary_entry
secondary_entry:
    msr     daifset, #0xf
    ldr     x1, =secondary_stacks
    add     x2, x0, #1
    lsl     x2, x2, #12                 // 4 KiB per CPU; the stack grows down from the top
    add     x1, x1, x2
    mov     sp, x1
    ldr     x1, =exception_vectors
    msr     vbar_el1, x1
    isb
    bl      secondary_main
1:  wfi
    b       1b
