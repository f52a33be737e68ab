/*
 * The LPI configuration table may be cached (IHI 0069 5.1.1): a change takes effect for
 * certain only after INV (for one event) or INVALL (for a collection). Checked strictly:
 * after INV/INVALL the new priority or enable applies. What was seen before the INV is
 * only reported (the architecture lets it be either; the emulator shows the old one).
 *  - priority: the LPI at 0xA0 is pending behind ICC_PMR_EL1 = 0x90; its priority becomes
 *    0x80 in the table; after INVALL it is taken (exactly once in all).
 *  - enable: the LPI is disabled in the table, INT; after INV a second INT is not taken
 *    either; enabled in the table plus INV: the pending LPI is taken, exactly once.
 * Exit status: failed checks.
 */
#include "its/guest.h"
#include "its/its.h"
#include "irq/gic.h"
#include "irq/irq.h"
#include "uart.h"

#define DEVICE 4
#define LPI    (LPI_BASE + 20)

static uint32_t taken(void) { return lpi_taken[0][LPI - LPI_BASE]; }

int main(uint64_t boot_x0)
{
    int status = its_guest_start(boot_x0, "its-inv", 1, 0, 0);
    if (status)
        return status;
    lpi_config(LPI, 0xA0, 1);
    check(its_mapd(DEVICE, 1, its_alloc_itt(1), 1) == 0, "MAPD");
    check(its_mapc(0, its_rds[0], 1) == 0, "MAPC 0 -> CPU 0");
    check(its_mapti(DEVICE, 0, LPI, 0) == 0, "MAPTI");
    check(its_inv(DEVICE, 0) == 0, "INV");

    uart_puts("priority (PMR 0x90)\n");
    ICC_WRITE(ICC_PMR_EL1, 0x90);
    check(its_int(DEVICE, 0) == 0 && its_sync(its_rds[0]) == 0, "INT");
    settle();
    check(taken() == 0, "priority 0xA0 is masked by PMR 0x90");
    lpi_config(LPI, 0x80, 1);
    settle();
    report("taken before INVALL (reported only)", taken());
    check(its_invall(0) == 0 && its_sync(its_rds[0]) == 0, "INVALL");
    lpi_wait(0, LPI, 1);
    settle();
    report("taken after INVALL", taken());
    check(taken() == 1, "after INVALL priority 0x80 applies: taken once");
    ICC_WRITE(ICC_PMR_EL1, 0xff);

    uart_puts("enable\n");
    lpi_config(LPI, 0xA0, 0);
    uint32_t base = taken();
    check(its_int(DEVICE, 0) == 0 && its_sync(its_rds[0]) == 0, "INT after disabling in the table only");
    settle();
    uint32_t before = taken() - base;
    report("taken before INV (reported only)", before);
    check(its_inv(DEVICE, 0) == 0 && its_sync(its_rds[0]) == 0, "INV");
    check(its_int(DEVICE, 0) == 0 && its_sync(its_rds[0]) == 0, "INT after INV");
    settle();
    check(taken() - base == before, "after INV the LPI is disabled: not taken");
    lpi_config(LPI, 0xA0, 1);
    check(its_inv(DEVICE, 0) == 0 && its_sync(its_rds[0]) == 0, "enable in the table, INV");
    lpi_wait(0, LPI, base + before + 1);
    settle();
    check(taken() - base == before + 1, "the pending LPI is taken once when enabled");
    return its_guest_end("its-inv");
}
