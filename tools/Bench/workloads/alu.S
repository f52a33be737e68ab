// ALU workload: an xorshift64 generator mixed into an accumulator with add, eor, orr,
// shifts, madd and ror, 4096 steps per pass. Each pass starts from the same state, so
// every completed pass leaves the same checksum in x0; x19 counts completed passes.
// The bench recomputes the checksum in C# (Workloads.cs) and compares.

        .text
        .global _start
_start:
        mov     x19, #0
pass:
        movz    x1, #0x7c15                 // xorshift state 0x9e3779b97f4a7c15
        movk    x1, #0x7f4a, lsl #16
        movk    x1, #0x79b9, lsl #32
        movk    x1, #0x9e37, lsl #48
        movz    x4, #0xdd1d                 // multiplier 0x2545f4914f6cdd1d
        movk    x4, #0x4f6c, lsl #16
        movk    x4, #0xf491, lsl #32
        movk    x4, #0x2545, lsl #48
        mov     x2, #0                      // accumulator
        mov     x3, #4096                   // steps
step:
        eor     x1, x1, x1, lsl #13
        eor     x1, x1, x1, lsr #7
        eor     x1, x1, x1, lsl #17
        madd    x2, x1, x4, x2              // acc += state * mult
        add     x5, x2, x1, lsr #3
        orr     x6, x5, x1, lsl #5
        and     x7, x6, #0xff00ff00ff00ff00
        eor     x2, x2, x7, ror #11
        sub     x2, x2, x3
        add     w8, w1, w2                  // 32-bit ops too
        eor     x2, x2, x8
        subs    x3, x3, #1
        b.ne    step
        mov     x0, x2                      // checksum of the pass
        add     x19, x19, #1
        b       pass
