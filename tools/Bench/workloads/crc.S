// CRC workload: a branchy bitwise CRC-32 (reflected polynomial 0xedb88320, as in zlib)
// over 1 KiB that an LCG fills once. The bit loop branches on the low bit with tbz;
// the final inversion uses csel/csinv. After each pass x0 holds the CRC and x19 the
// number of completed passes; the bench recomputes the CRC in C# (Workloads.cs).

        .equ    BUF, 0x40100000
        .equ    BYTES, 1024

        .text
        .global _start
_start:
        mov     x19, #0
        movz    x1, #(BUF >> 16), lsl #16
        movz    w11, #0x4e6d                // LCG (32-bit) multiplier 1103515245 = 0x41c64e6d
        movk    w11, #0x41c6, lsl #16
        mov     w12, #12345
        mov     w5, #7
        mov     x3, #(BYTES / 4)
fill:
        madd    w5, w5, w11, w12
        str     w5, [x1], #4
        subs    x3, x3, #1
        b.ne    fill
        movz    w4, #0x8320                 // polynomial
        movk    w4, #0xedb8, lsl #16
pass:
        movz    x1, #(BUF >> 16), lsl #16
        mov     x3, #BYTES
        mov     w9, #-1                     // the CRC being computed
byte:
        ldrb    w5, [x1], #1
        eor     w9, w9, w5
        mov     w7, #8
bit:
        tbz     w9, #0, even
        eor     w9, w4, w9, lsr #1
        b       next
even:
        lsr     w9, w9, #1
next:
        subs    w7, w7, #1
        b.ne    bit
        subs    x3, x3, #1
        b.ne    byte
        cmp     w9, w9                      // Z set: csinv takes the inverted operand
        csinv   w0, w9, w9, ne              // x0 = ~crc, the checksum of the pass
        add     x19, x19, #1
        b       pass
