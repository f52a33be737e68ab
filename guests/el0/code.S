/*
 * The EL0 side of the el0 guest: each routine is entered by el0_call at EL0t and ends with
 * `svc #0` (result in x0). System calls are `svc #n` with n > 0 (see el0.c).
 */
    .text
    .macro  routine name
    .global \name
    .balign 4
\name:
    .endm

    // puts(message), then add(40, 2); x20 must survive both calls. Result: sum + 256 * length.
    routine el0_syscalls
    mov     x20, #0x77
    adr     x0, message
    svc     #1
    mov     x19, x0
    mov     x0, #40
    mov     x1, #2
    svc     #2
    add     x0, x0, x19, lsl #8
    cmp     x20, #0x77
    b.eq    1f
    mov     x0, #0                      // x20 was clobbered
1:  svc     #0

    routine el0_udf
    .global el0_udf_insn
el0_udf_insn:
    udf     #0x1234
    mov     x0, #1
    svc     #0

    routine el0_mrs_sctlr
    mrs     x0, sctlr_el1
    svc     #0

    routine el0_msr_vbar
    msr     vbar_el1, x0
    svc     #0

    routine el0_mrs_ctr
    mov     x5, #0
    mrs     x5, ctr_el0
    cmp     x5, #0
    cset    x0, ne                      // 1: the read gave a value
    svc     #0

    routine el0_daifset
    msr     daifset, #2
    mrs     x0, daif
    svc     #0

    routine el0_wfi
    wfi
    mov     x0, #1
    svc     #0

    routine el0_dc_zva
    dc      zva, x0
    svc     #0

    routine el0_dc_cvau
    dc      cvau, x0
    mov     x0, #1
    svc     #0

    routine el0_tpidrro
    mov     x1, #0x55
    msr     tpidrro_el0, x1            // UNDEFINED: read-only at EL0
    mrs     x0, tpidrro_el0
    svc     #0

    routine el0_tpidr
    msr     tpidr_el0, x0
    mrs     x0, tpidr_el0
    svc     #0

    // x0 = an address beyond the physical address size: an Address size fault.
    routine el0_load
    ldr     x1, [x0]
    svc     #0

    routine el0_store
    mov     x1, #0x99
    str     x1, [x0]
    svc     #0

    // x0 = a misaligned target: a PC alignment fault; the handler resumes at el0_pc_resume.
    routine el0_branch
    br      x0
    .global el0_pc_resume
el0_pc_resume:
    mov     x0, #2
    svc     #0

    .section .rodata
message:
    .asciz  "hello from EL0 through SVC #1\n"
