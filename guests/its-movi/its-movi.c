/*
 * Moving pending LPIs between redistributors (IHI 0069 6.3: MOVI, MOVALL). Collection 0
 * targets CPU 0 (the boot CPU), collection 1 CPU 1. With IRQs masked on CPU 0, INT makes
 * an LPI pending on CPU 0's redistributor; MOVI (event 0 to collection 1), or MOVALL
 * (redistributor 0 to 1) for a second LPI, moves it: CPU 1 takes it, once, and CPU 0
 * takes nothing when it unmasks. Needs 2 CPUs. Exit status: failed checks.
 */
#include "its/guest.h"
#include "its/its.h"
#include "irq/irq.h"
#include "uart.h"

#define DEVICE   2
#define LPI_MOVI (LPI_BASE + 1)
#define LPI_ALL  (LPI_BASE + 2)

int main(uint64_t boot_x0)
{
    int status = its_guest_start(boot_x0, "its-movi", 2, 0, 0);
    if (status)
        return status;
    lpi_config(LPI_MOVI, 0xA0, 1);
    lpi_config(LPI_ALL, 0xA0, 1);
    check(its_mapd(DEVICE, 2, its_alloc_itt(2), 1) == 0, "MAPD");
    check(its_mapc(0, its_rds[0], 1) == 0, "MAPC 0 -> CPU 0");
    check(its_mapc(1, its_rds[1], 1) == 0, "MAPC 1 -> CPU 1");
    check(its_mapti(DEVICE, 0, LPI_MOVI, 0) == 0, "MAPTI event 0 -> collection 0");
    check(its_mapti(DEVICE, 1, LPI_ALL, 0) == 0, "MAPTI event 1 -> collection 0");
    check(its_invall(0) == 0 && its_invall(1) == 0, "INVALL");

    uart_puts("MOVI\n");
    irq_disable();
    check(its_int(DEVICE, 0) == 0 && its_sync(its_rds[0]) == 0, "INT, pending on CPU 0 (IRQs masked)");
    settle();
    check(its_movi(DEVICE, 0, 1) == 0 && its_sync(its_rds[1]) == 0, "MOVI event 0 -> collection 1");
    check(lpi_wait(1, LPI_MOVI, 1), "CPU 1 took the LPI");
    irq_enable();
    settle();
    report("taken on CPU 0", lpi_taken[0][LPI_MOVI - LPI_BASE]);
    report("taken on CPU 1", lpi_taken[1][LPI_MOVI - LPI_BASE]);
    check(lpi_taken[0][LPI_MOVI - LPI_BASE] == 0 && lpi_taken[1][LPI_MOVI - LPI_BASE] == 1, "taken once, on CPU 1");
    check(its_int(DEVICE, 0) == 0 && lpi_wait(1, LPI_MOVI, 2), "a new INT goes to CPU 1 (the new collection)");
    settle();

    uart_puts("MOVALL\n");
    irq_disable();
    check(its_int(DEVICE, 1) == 0 && its_sync(its_rds[0]) == 0, "INT, pending on CPU 0 (IRQs masked)");
    settle();
    check(its_movall(its_rds[0], its_rds[1]) == 0 && its_sync(its_rds[1]) == 0, "MOVALL CPU 0 -> CPU 1");
    check(lpi_wait(1, LPI_ALL, 1), "CPU 1 took the LPI");
    irq_enable();
    settle();
    report("taken on CPU 0", lpi_taken[0][LPI_ALL - LPI_BASE]);
    report("taken on CPU 1", lpi_taken[1][LPI_ALL - LPI_BASE]);
    check(lpi_taken[0][LPI_ALL - LPI_BASE] == 0 && lpi_taken[1][LPI_ALL - LPI_BASE] == 1, "taken once, on CPU 1");
    report("MOVI LPI total", lpi_taken[0][LPI_MOVI - LPI_BASE] + lpi_taken[1][LPI_MOVI - LPI_BASE]);
    return its_guest_end("its-movi");
}
