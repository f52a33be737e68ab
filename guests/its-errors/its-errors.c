/*
 * Commands with an unmapped or out-of-range argument (IHI 0069 6.3: command errors). On
 * the emulator such a command stalls the queue (GITS_CREADR.Stalled = 1, CREADR at the
 * command); QEMU only logs it and goes on. The guest prints GITS_CREADR after each (the
 * error code register is not checked yet), tries CWRITER.Retry when stalled, resets the
 * queue, and checks strictly only that the ITS still works: a valid INT after each error
 * is taken once. Exit status: failed checks.
 */
#include "its/guest.h"
#include "its/its.h"
#include "irq/gic.h"
#include "uart.h"

#define DEVICE 5
#define LPI    (LPI_BASE + 40)
#define LPI_NC (LPI_BASE + 41)

static uint32_t expected_taken;

static void after_error(const char *what, int consumed)
{
    uint64_t creadr = its_creadr();
    uart_puts(what);
    uart_puts(consumed ? ": consumed" : ": not consumed");
    uart_puts(", GITS_CREADR ");
    uart_puthex_short(creadr);
    uart_puts(creadr & GITS_CREADR_STALLED ? " (Stalled)\n" : "\n");
    if (creadr & GITS_CREADR_STALLED) {
        uint64_t cwriter = mmio_read64(ITS_BASE + GITS_CWRITER);
        mmio_write64(ITS_BASE + GITS_CWRITER, cwriter | GITS_CWRITER_RETRY);
        settle();
        uart_puts("  after CWRITER.Retry: GITS_CREADR ");
        uart_puthex_short(its_creadr());
        uart_puts("\n");
        its_reset_queue();
        uart_puts("  queue reset\n");
    }
    expected_taken++;
    check(its_int(DEVICE, 0) == 0 && lpi_wait(0, LPI, expected_taken), "a valid INT afterwards is taken");
}

int main(uint64_t boot_x0)
{
    int status = its_guest_start(boot_x0, "its-errors", 1, 0, 0);
    if (status)
        return status;
    lpi_config(LPI, 0xA0, 1);
    lpi_config(LPI_NC, 0xA0, 1);
    check(its_mapd(DEVICE, 2, its_alloc_itt(2), 1) == 0, "MAPD");
    check(its_mapc(0, its_rds[0], 1) == 0, "MAPC 0 -> CPU 0");
    check(its_mapti(DEVICE, 0, LPI, 0) == 0, "MAPTI event 0");
    check(its_mapti(DEVICE, 2, LPI_NC, 7) == 0, "MAPTI event 2 -> collection 7 (not mapped)");
    check(its_invall(0) == 0, "INVALL");
    unsigned devbits = ((its_typer() >> 13) & 0x1f) + 1;

    after_error("INT, device never mapped", its_int(100, 0) == 0);
    after_error("INT, event not mapped", its_int(DEVICE, 1) == 0);
    after_error("MAPTI, event beyond the device's 2 bits", its_mapti(DEVICE, 4, LPI, 0) == 0);
    after_error("INT, event's collection not mapped", its_int(DEVICE, 2) == 0);
    after_error("MAPTI, INTID below 8192", its_mapti(DEVICE, 3, 100, 0) == 0);
    if (devbits < 32)
        after_error("MAPD, DeviceID beyond GITS_TYPER.Devbits", its_mapd(1u << devbits, 2, its_alloc_itt(2), 1) == 0);
    else
        after_error("MAPD, DeviceID beyond GITS_TYPER.Devbits (none: 32 bits)", 1);
    settle();
    report("LPIs taken", lpi_taken[0][LPI - LPI_BASE]);
    check(lpi_taken[0][LPI - LPI_BASE] == expected_taken, "one per valid INT");
    check(lpi_taken[0][LPI_NC - LPI_BASE] == 0, "nothing from the unmapped collection");
    return its_guest_end("its-errors");
}
