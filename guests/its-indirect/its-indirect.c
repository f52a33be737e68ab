/*
 * A two-level device table (IHI 0069 5.2.1, GITS_BASER.Indirect): GITS_BASER0 with
 * Indirect = 1 and 4 KiB pages points at a level-1 table of 8-byte entries (Valid, bit 63,
 * and a level-2 page's address); each level-2 page holds 4096 / Entry_Size device entries.
 * Two devices in level-2 page 3 (and one in page 1) are mapped, each raises its LPI.
 * Exit status: failed checks.
 */
#include "its/guest.h"
#include "its/its.h"
#include "irq/gic.h"
#include "uart.h"

#define PAGE 0x1000UL

int main(uint64_t boot_x0)
{
    int status = its_guest_start(boot_x0, "its-indirect", 1, 1, GITS_PAGE_4K);
    if (status)
        return status;
    uint64_t baser = mmio_read64(ITS_BASE + GITS_BASER(0));
    check((baser & GITS_BASER_INDIRECT) != 0, "GITS_BASER0.Indirect reads 1");
    check(((baser >> 8) & 3) == GITS_PAGE_4K, "GITS_BASER0.Page_Size reads 4 KiB");
    uint64_t per_page = PAGE / GITS_BASER_ENTRY(baser);
    unsigned devbits = ((its_typer() >> 13) & 0x1f) + 1;
    uint64_t l1 = its_device_table();
    uint32_t devices[3] = { (uint32_t)(3 * per_page + 7), (uint32_t)(3 * per_page + 8), (uint32_t)(per_page + 1) };
    if (devbits < 32 && (4 * per_page) >> devbits) {
        uart_puts("DeviceID bits too few for the test\n");
        return 1;
    }
    uint64_t l2_3 = its_alloc(PAGE, 0x10000), l2_1 = its_alloc(PAGE, 0x10000);
    mmio_write64(l1 + 8 * 3, GITS_BASER_VALID | l2_3);
    mmio_write64(l1 + 8 * 1, GITS_BASER_VALID | l2_1);
    __asm__ volatile("dsb sy" ::: "memory");
    check(its_mapc(0, its_rds[0], 1) == 0, "MAPC 0 -> CPU 0");
    for (int i = 0; i < 3; i++) {
        unsigned lpi = LPI_BASE + 30 + (unsigned)i;
        lpi_config(lpi, 0xA0, 1);
        uart_puts("device in level-2 page ");
        uart_putdec((int64_t)(devices[i] / per_page));
        uart_puts("\n");
        check(its_mapd(devices[i], 2, its_alloc_itt(2), 1) == 0, "MAPD");
        check(its_mapti(devices[i], 1, lpi, 0) == 0, "MAPTI event 1");
        check(its_inv(devices[i], 1) == 0, "INV");
    }
    for (int i = 0; i < 3; i++) {
        unsigned lpi = LPI_BASE + 30 + (unsigned)i;
        check(its_int(devices[i], 1) == 0 && lpi_wait(0, lpi, 1), "INT: its LPI taken");
    }
    settle();
    for (int i = 0; i < 3; i++) {
        report("taken", lpi_taken[0][30 + i]);
        check(lpi_taken[0][30 + i] == 1, "taken once");
    }
    return its_guest_end("its-indirect");
}
