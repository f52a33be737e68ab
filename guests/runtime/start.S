/*
 * Entry of every guest. Whatever EL the host enters at (EL1 on the emulator and on QEMU
 * without EL2/EL3; EL2 or EL3 on other setups), drop to EL1h, set up the stack and the
 * EL1 exception vectors, zero the bss, run main(dtb) and exit through semihosting with
 * main's return value.
 */
    .section .text.boot, "ax"
    .global _start
_start:
    mov     x19, x0                 // DTB address, if the host passed one
    mrs     x1, CurrentEL
    lsr     x1, x1, #2
    cmp     x1, #3
    b.eq    from_el3
    cmp     x1, #2
    b.eq    from_el2
    b       at_el1

from_el3:
    mov     x1, #(1 << 10) | (1 << 0)   // SCR_EL3.RW (lower ELs are AArch64), NS
    msr     scr_el3, x1
    mov     x1, #(1 << 31)              // HCR_EL2.RW: EL1 is AArch64
    msr     hcr_el2, x1
    mov     x1, #0x3c5                  // SPSR: D, A, I, F masked, EL1h
    msr     spsr_el3, x1
    adr     x1, at_el1
    msr     elr_el3, x1
    eret

from_el2:
    mov     x1, #(1 << 31)              // HCR_EL2.RW: EL1 is AArch64
    msr     hcr_el2, x1
    mov     x1, #0x3c5                  // SPSR: D, A, I, F masked, EL1h
    msr     spsr_el2, x1
    adr     x1, at_el1
    msr     elr_el2, x1
    eret

at_el1:
    msr     daifset, #0xf               // the boot state, whoever entered us
    ldr     x1, =__stack_top
    mov     sp, x1
    ldr     x1, =exception_vectors
    msr     vbar_el1, x1
    isb
    ldr     x1, =__bss_start
    ldr     x2, =__bss_end
2:  cmp     x1, x2
    b.hs    3f
    str     xzr, [x1], #8
    b       2b
3:  mov     x0, x19
    bl      main
    bl      semihost_exit
4:  wfi                             // exit did not stop us: nothing else to do
    b       4b
