/* The first guest: a greeting over the PL011, then exit status 0 through semihosting. */
#include "exceptions.h"
#include "uart.h"

int main(void)
{
    uart_init();
    uart_puts("Hello, world! This is the hello guest at EL");
    uart_putdec(current_el());
    uart_puts(".\n");
    return 0;
}
