/*
 * CLEAR and DISCARD remove a pending LPI (IHI 0069 6.3). With IRQs masked, INT makes the
 * LPI pending; CLEAR (the mapping stays) or DISCARD (the mapping goes too) before
 * unmasking: nothing is taken. After CLEAR the event still raises its LPI; after DISCARD
 * it is mapped again with MAPTI and raises it. Exit status: failed checks.
 */
#include "its/guest.h"
#include "its/its.h"
#include "irq/irq.h"
#include "uart.h"

#define DEVICE 3
#define LPI_A  (LPI_BASE + 10)
#define LPI_B  (LPI_BASE + 11)

static uint32_t taken(unsigned lpi) { return lpi_taken[0][lpi - LPI_BASE]; }

int main(uint64_t boot_x0)
{
    int status = its_guest_start(boot_x0, "its-discard-clear", 1, 0, 0);
    if (status)
        return status;
    lpi_config(LPI_A, 0xA0, 1);
    lpi_config(LPI_B, 0xA0, 1);
    check(its_mapd(DEVICE, 1, its_alloc_itt(1), 1) == 0, "MAPD");
    check(its_mapc(0, its_rds[0], 1) == 0, "MAPC 0 -> CPU 0");
    check(its_mapti(DEVICE, 0, LPI_A, 0) == 0 && its_mapti(DEVICE, 1, LPI_B, 0) == 0, "MAPTI events 0, 1");
    check(its_invall(0) == 0, "INVALL");

    uart_puts("CLEAR\n");
    irq_disable();
    check(its_int(DEVICE, 0) == 0 && its_sync(its_rds[0]) == 0, "INT with IRQs masked");
    check(its_clear(DEVICE, 0) == 0 && its_sync(its_rds[0]) == 0, "CLEAR");
    irq_enable();
    settle();
    report("taken", taken(LPI_A));
    check(taken(LPI_A) == 0, "the cleared LPI is not taken");
    check(its_int(DEVICE, 0) == 0 && lpi_wait(0, LPI_A, 1), "the event still raises its LPI");
    settle();
    check(taken(LPI_A) == 1, "taken once");

    uart_puts("DISCARD\n");
    irq_disable();
    check(its_int(DEVICE, 1) == 0 && its_sync(its_rds[0]) == 0, "INT with IRQs masked");
    check(its_discard(DEVICE, 1) == 0 && its_sync(its_rds[0]) == 0, "DISCARD");
    irq_enable();
    settle();
    report("taken", taken(LPI_B));
    check(taken(LPI_B) == 0, "the discarded LPI is not taken");
    check(its_mapti(DEVICE, 1, LPI_B, 0) == 0, "MAPTI the event again");
    check(its_int(DEVICE, 1) == 0 && lpi_wait(0, LPI_B, 1), "the event raises its LPI again");
    settle();
    check(taken(LPI_B) == 1, "taken once");
    return its_guest_end("its-discard-clear");
}
