/* Where cpus_start's CPU_ON enters a secondary: at EL1, MMU off, x0 = its index. */
    .text
    .global irq_secondary_entry
irq_secondary_entry:
    msr     daifset, #0xf
    ldr     x1, =irq_secondary_stacks
    add     x2, x0, #1
    lsl     x2, x2, #13                 // 8 KiB per CPU, growing down from the top
    add     x1, x1, x2
    mov     sp, x1
    ldr     x1, =exception_vectors
    msr     vbar_el1, x1
    isb
    bl      secondary_main
1:  wfi
    b       1b
