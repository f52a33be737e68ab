#include "uart.h"

/* PL011 registers (ARM DDI 0183) and the bits used here. */
#define UARTDR    0x000
#define UARTFR    0x018
#define UARTLCR_H 0x02C
#define UARTCR    0x030
#define FR_TXFF   (1u << 5)
#define LCR_H_FEN (1u << 4)
#define LCR_H_WLEN_8 (3u << 5)
#define CR_UARTEN (1u << 0)
#define CR_TXE    (1u << 8)
#define CR_RXE    (1u << 9)

static inline void reg_write(unsigned offset, uint32_t value)
{
    *(volatile uint32_t *)(UART_BASE + offset) = value;
}

static inline uint32_t reg_read(unsigned offset)
{
    return *(volatile uint32_t *)(UART_BASE + offset);
}

void uart_init(void)
{
    /* 8 data bits, FIFOs on, then enable. The baud divisors do not matter to an emulated
     * line, and boot firmware would have set them on hardware. */
    reg_write(UARTCR, 0);
    reg_write(UARTLCR_H, LCR_H_WLEN_8 | LCR_H_FEN);
    reg_write(UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
}

void uart_putc(char c)
{
    while (reg_read(UARTFR) & FR_TXFF)
        ;
    reg_write(UARTDR, (uint8_t)c);
}

void uart_puts(const char *s)
{
    while (*s)
        uart_putc(*s++);
}

static void put_hex_digits(uint64_t value, int digits)
{
    for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4)
        uart_putc("0123456789abcdef"[(value >> shift) & 0xF]);
}

void uart_puthex(uint64_t value)
{
    uart_puts("0x");
    put_hex_digits(value, 16);
}

void uart_puthex_short(uint64_t value)
{
    int digits = 1;
    while (digits < 16 && (value >> (4 * digits)) != 0)
        digits++;
    uart_puts("0x");
    put_hex_digits(value, digits);
}

void uart_putdec(int64_t value)
{
    char buf[24];
    int n = 0;
    uint64_t v = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
    if (value < 0)
        uart_putc('-');
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        uart_putc(buf[--n]);
}
