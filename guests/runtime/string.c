/* The few libc routines a freestanding compiler may still call. */
#include <stddef.h>

void *memset(void *dest, int c, size_t n)
{
    volatile unsigned char *d = dest;
    while (n--)
        *d++ = (unsigned char)c;
    return dest;
}

void *memcpy(void *dest, const void *src, size_t n)
{
    volatile unsigned char *d = dest;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dest;
}
