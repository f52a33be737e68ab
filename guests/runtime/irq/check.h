#ifndef GUEST_CHECK_H
#define GUEST_CHECK_H

#include <stdint.h>

/* Failed checks so far: the guest's exit status. */
extern int check_failures;

/* Prints "  what = got ok", or "  what = got FAIL, expected want" and counts the failure. */
void check_value(const char *what, uint64_t got, uint64_t want);

#endif
