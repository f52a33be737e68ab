/* Where CPU_ON starts the second CPU: a stack of its own, then psci_secondary_main(x0). */
    .text
    .global psci_secondary_entry
psci_secondary_entry:
    msr     daifset, #0xf
    ldr     x1, =psci_secondary_stack_top
    mov     sp, x1
    ldr     x1, =exception_vectors
    msr     vbar_el1, x1
    isb
    bl      psci_secondary_main
1:  wfi
    b       1b

    .bss
    .balign 16
    .skip   4096
psci_secondary_stack_top:
