/*
 * LPIs raised by MSIs (IHI 0069 5.1, 6.2): the board's MSI source test device at
 * 0x090F0000 (emu only) writes an EventID to GITS_TRANSLATER with a DeviceID, as a
 * PCIe endpoint's MSI would. Two devices with different EventIDs, mapped to collections on
 * CPU 0 and CPU 1: each MSI delivers its LPI once, on its collection's CPU. An MSI for an
 * event with no mapping is dropped (the write is still taken by the ITS: MSI_STATUS 1, no
 * LPI). An MSI aimed at RAM instead of a doorbell is a plain write (MSI_STATUS 2).
 * Needs 2 CPUs. Exit status: failed checks.
 */
#include "its/guest.h"
#include "its/its.h"
#include "irq/gic.h"
#include "uart.h"

#define MSI_BASE     0x090F0000UL
#define MSI_DEVICEID 0x00
#define MSI_DATA     0x04
#define MSI_ADDRESS  0x08
#define MSI_TRIGGER  0x10
#define MSI_STATUS   0x14
#define MSI_STATUS_NONE  0
#define MSI_STATUS_ITS   1
#define MSI_STATUS_PLAIN 2

#define DEV_A   0x11
#define DEV_B   0x22
#define EVENT_A 2
#define EVENT_B 5
#define EVENT_UNMAPPED 7
#define LPI_A   (LPI_BASE + 10)
#define LPI_B   (LPI_BASE + 11)
#define MSIS    2

static volatile uint32_t plain_target;

static uint32_t msi_send(uint32_t device, uint32_t data, uint64_t address)
{
    mmio_write32(MSI_BASE + MSI_DEVICEID, device);
    mmio_write32(MSI_BASE + MSI_DATA, data);
    mmio_write64(MSI_BASE + MSI_ADDRESS, address);
    mmio_write32(MSI_BASE + MSI_TRIGGER, 1);
    return mmio_read32(MSI_BASE + MSI_STATUS);
}

static uint32_t total(unsigned lpi)
{
    uint32_t n = 0;
    for (int i = 0; i < its_cpu_count; i++)
        n += lpi_taken[i][lpi - LPI_BASE];
    return n;
}

int main(uint64_t boot_x0)
{
    int status = its_guest_start(boot_x0, "its-msi", 2, 0, 0);
    if (status)
        return status;
    uint64_t translater = ITS_BASE + GITS_TRANSLATER;
    check(mmio_read32(MSI_BASE + MSI_STATUS) == MSI_STATUS_NONE, "MSI_STATUS 0 before any MSI");
    mmio_write64(MSI_BASE + MSI_ADDRESS, translater);
    check(mmio_read64(MSI_BASE + MSI_ADDRESS) == translater, "MSI_ADDRESS reads back GITS_TRANSLATER");

    lpi_config(LPI_A, 0xA0, 1);
    lpi_config(LPI_B, 0xA0, 1);
    check(its_mapd(DEV_A, 3, its_alloc_itt(3), 1) == 0, "MAPD device A");
    check(its_mapd(DEV_B, 3, its_alloc_itt(3), 1) == 0, "MAPD device B");
    check(its_mapc(0, its_rds[0], 1) == 0, "MAPC 0 -> CPU 0");
    check(its_mapc(1, its_rds[1], 1) == 0, "MAPC 1 -> CPU 1");
    check(its_mapti(DEV_A, EVENT_A, LPI_A, 0) == 0, "MAPTI device A event 2 -> collection 0");
    check(its_mapti(DEV_B, EVENT_B, LPI_B, 1) == 0, "MAPTI device B event 5 -> collection 1");
    check(its_invall(0) == 0 && its_invall(1) == 0, "INVALL");
    check(its_sync(its_rds[0]) == 0 && its_sync(its_rds[1]) == 0, "SYNC");

    for (uint32_t n = 1; n <= MSIS; n++) {
        uart_puts("MSI round\n");
        check(msi_send(DEV_A, EVENT_A, translater) == MSI_STATUS_ITS, "device A MSI: MSI_STATUS 1 (taken by the ITS)");
        check(lpi_wait(0, LPI_A, n), "device A's LPI taken on CPU 0");
        check(msi_send(DEV_B, EVENT_B, translater) == MSI_STATUS_ITS, "device B MSI: MSI_STATUS 1 (taken by the ITS)");
        check(lpi_wait(1, LPI_B, n), "device B's LPI taken on CPU 1");
        settle();
    }
    report("device A LPIs on CPU 0", lpi_taken[0][LPI_A - LPI_BASE]);
    report("device B LPIs on CPU 1", lpi_taken[1][LPI_B - LPI_BASE]);
    check(lpi_taken[0][LPI_A - LPI_BASE] == MSIS && total(LPI_A) == MSIS, "one LPI per device A MSI, all on CPU 0");
    check(lpi_taken[1][LPI_B - LPI_BASE] == MSIS && total(LPI_B) == MSIS, "one LPI per device B MSI, all on CPU 1");
    check(last_intid[0] == LPI_A && last_intid[1] == LPI_B, "ICC_IAR1_EL1 returned the mapped INTIDs");

    uart_puts("unmapped\n");
    check(msi_send(DEV_A, EVENT_UNMAPPED, translater) == MSI_STATUS_ITS, "unmapped event: MSI_STATUS 1 (taken by the ITS)");
    check(msi_send(DEV_B, EVENT_A, translater) == MSI_STATUS_ITS, "event mapped only on the other device: MSI_STATUS 1");
    check(msi_send(0x33, EVENT_A, translater) == MSI_STATUS_ITS, "unmapped DeviceID: MSI_STATUS 1");
    settle();
    uint32_t lpis = 0;
    for (int i = 0; i < its_cpu_count; i++)
        for (unsigned l = 0; l < LPI_TRACKED; l++)
            lpis += lpi_taken[i][l];
    report("LPIs taken in all", lpis);
    check(lpis == 2 * MSIS, "the dropped MSIs raised nothing");

    uart_puts("plain write\n");
    plain_target = 0;
    __asm__ volatile("dsb sy" ::: "memory");
    check(msi_send(DEV_A, 0x5a5a1234, (uint64_t)(uintptr_t)&plain_target) == MSI_STATUS_PLAIN,
          "MSI to RAM: MSI_STATUS 2 (plain write)");
    check(plain_target == 0x5a5a1234, "the data landed in RAM");
    settle();
    check(total(LPI_A) == MSIS && total(LPI_B) == MSIS, "no LPI from the plain write");
    return its_guest_end("its-msi");
}
