#include "check.h"
#include "uart.h"

int check_failures;

void check(const char *what, uint64_t got, uint64_t want)
{
    uart_puts("  ");
    uart_puts(what);
    uart_puts(" = ");
    uart_puthex_short(got);
    if (got == want) {
        uart_puts(" ok\n");
    } else {
        uart_puts(" FAIL, expected ");
        uart_puthex_short(want);
        uart_puts("\n");
        check_failures++;
    }
}
