#include "semihosting.h"

uint64_t semihost_call(uint32_t op, uint64_t param)
{
    register uint64_t x0 __asm__("x0") = op;
    register uint64_t x1 __asm__("x1") = param;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}

void semihost_writec(char c)
{
    semihost_call(SYS_WRITEC, (uint64_t)(uintptr_t)&c);
}

void semihost_write0(const char *s)
{
    semihost_call(SYS_WRITE0, (uint64_t)(uintptr_t)s);
}

static __attribute__((noreturn)) void exit_with(uint32_t op, int status)
{
    /* On AArch64 the parameter is a block: reason, then subcode (the exit status). */
    volatile uint64_t block[2] = { ADP_Stopped_ApplicationExit, (uint64_t)(int64_t)status };
    for (;;)
        semihost_call(op, (uint64_t)(uintptr_t)block);
}

void semihost_exit(int status)
{
    exit_with(SYS_EXIT, status);
}

void semihost_exit_extended(int status)
{
    exit_with(SYS_EXIT_EXTENDED, status);
}
