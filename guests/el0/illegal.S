/* illegal_return(): an ERET whose SPSR_EL1 (0b00001: EL0 with SP_ELx) is illegal. */
    .text
    .global illegal_return
    .global illegal_return_target
illegal_return:
    adr     x1, illegal_return_target
    msr     elr_el1, x1
    mov     x1, #1
    msr     spsr_el1, x1
    eret
illegal_return_target:
    nop
    ret
