#include "psci.h"

static int use_smc;

void psci_set_conduit(const char *method)
{
    use_smc = method && method[0] == 's' && method[1] == 'm' && method[2] == 'c' && method[3] == 0;
}

int64_t psci_call(uint64_t function, uint64_t arg1, uint64_t arg2, uint64_t arg3)
{
    register uint64_t x0 __asm__("x0") = function;
    register uint64_t x1 __asm__("x1") = arg1;
    register uint64_t x2 __asm__("x2") = arg2;
    register uint64_t x3 __asm__("x3") = arg3;
    /* SMCCC 1.0 leaves x4-x17 unpredictable after the call. */
    if (use_smc)
        __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : :
                         "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
                         "x14", "x15", "x16", "x17", "memory");
    else
        __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : :
                         "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
                         "x14", "x15", "x16", "x17", "memory");
    return (int64_t)x0;
}
