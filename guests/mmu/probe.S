/*
 * One access or branch each, so that the exception handler knows what faulted: it records
 * the syndrome, puts PROBE_FAULTED in x0 and returns past the instruction.
 */
    .text
    .global probe_load, probe_store, pc_here
probe_load:                 // x0 = the 64-bit word at x0
    ldr     x0, [x0]
    ret
probe_store:                // the word at x0 = x1; x0 = 0
    mov     x2, x0
    mov     x0, #0
    str     x1, [x2]
    ret
pc_here:                    // x0 = the PC this runs at (tagged or not)
    adr     x0, pc_here
    ret
