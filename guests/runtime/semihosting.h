#ifndef GUEST_SEMIHOSTING_H
#define GUEST_SEMIHOSTING_H

#include <stdint.h>

/* Arm semihosting (ARM IHI 0063): HLT #0xF000 with the operation in w0, the parameter in x1. */
#define SYS_WRITEC          0x03
#define SYS_WRITE0          0x04
#define SYS_EXIT            0x18
#define SYS_EXIT_EXTENDED   0x20
#define ADP_Stopped_ApplicationExit 0x20026

uint64_t semihost_call(uint32_t op, uint64_t param);
void semihost_writec(char c);
void semihost_write0(const char *s);
/* SYS_EXIT with reason ADP_Stopped_ApplicationExit and the status as subcode. */
__attribute__((noreturn)) void semihost_exit(int status);
/* The same through SYS_EXIT_EXTENDED. */
__attribute__((noreturn)) void semihost_exit_extended(int status);

#endif
