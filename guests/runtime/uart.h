#ifndef GUEST_UART_H
#define GUEST_UART_H

#include <stdint.h>

/* The virt board's PL011 UART. */
#define UART_BASE 0x09000000UL

void uart_init(void);
void uart_putc(char c);
void uart_puts(const char *s);
/* "0x" and 16 hex digits. */
void uart_puthex(uint64_t value);
/* "0x" and as few hex digits as the value needs. */
void uart_puthex_short(uint64_t value);
void uart_putdec(int64_t value);

#endif
