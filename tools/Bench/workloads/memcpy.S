// memcpy workload: fills 64 KiB at SRC with an LCG sequence once, then copies it to
// DST again and again with ldp/stp (post-index), summing what it loads. After each pass
// x0 holds the checksum of the loaded data and x19 the number of completed passes; the
// bench checks x0 and that DST holds the LCG sequence (Workloads.cs).

        .equ    SRC, 0x40100000
        .equ    DST, 0x40200000
        .equ    BYTES, 0x10000

        .text
        .global _start
_start:
        mov     x19, #0
        movz    x1, #(SRC >> 16), lsl #16
        movz    x11, #0x7f2d                // LCG multiplier 6364136223846793005 = 0x5851f42d4c957f2d
        movk    x11, #0x4c95, lsl #16
        movk    x11, #0xf42d, lsl #32
        movk    x11, #0x5851, lsl #48
        mov     x12, #0x814f
        movk    x12, #0xf767, lsl #16
        movk    x12, #0x7b7e, lsl #32
        movk    x12, #0x1405, lsl #48
        mov     x5, #1                      // LCG state
        mov     x3, #(BYTES / 8)
fill:
        madd    x5, x5, x11, x12
        str     x5, [x1], #8
        subs    x3, x3, #1
        b.ne    fill
pass:
        movz    x1, #(SRC >> 16), lsl #16
        movz    x2, #(DST >> 16), lsl #16
        mov     x3, #(BYTES / 32)
        mov     x9, #0
        mov     x10, #0
copy:
        ldp     x5, x6, [x1], #16
        ldp     x7, x8, [x1], #16
        stp     x5, x6, [x2], #16
        stp     x7, x8, [x2], #16
        add     x9, x9, x5
        eor     x10, x10, x8
        subs    x3, x3, #1
        b.ne    copy
        eor     x0, x9, x10, ror #7
        add     x19, x19, #1
        b       pass
