#ifndef GUEST_CHECK_H
#define GUEST_CHECK_H

#include <stdint.h>

/* Prints "  what = got ok" or "... FAIL, expected want" and counts the failures. */
void check(const char *what, uint64_t got, uint64_t want);
extern int check_failures;

#endif
