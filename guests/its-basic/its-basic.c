/*
 * The ITS end to end (IHI 0069 6): the LPI configuration and pending tables
 * (GICR_PROPBASER/PENDBASER, EnableLPIs), the device and collection tables (GITS_BASER),
 * the command queue (CBASER/CWRITER/CREADR), then MAPD, MAPC, MAPTI and INT: the LPI is
 * taken through ICC_IAR1_EL1 with its INTID (>= 8192) on the collection's CPU only, once
 * per INT. With two CPUs the collection targets the second. Exit status: failed checks.
 */
#include "its/guest.h"
#include "its/its.h"
#include "uart.h"

#define DEVICE 1
#define EVENT  3
#define LPI    (LPI_BASE + 5)
#define INTS   3

int main(uint64_t boot_x0)
{
    int status = its_guest_start(boot_x0, "its-basic", 1, 0, 0);
    if (status)
        return status;
    int target = its_cpu_count - 1;
    report("collection 0 on CPU", (uint64_t)target);
    lpi_config(LPI, 0xA0, 1);
    check(its_mapd(DEVICE, 4, its_alloc_itt(4), 1) == 0, "MAPD consumed");
    check(its_mapc(0, its_rds[target], 1) == 0, "MAPC consumed");
    check(its_mapti(DEVICE, EVENT, LPI, 0) == 0, "MAPTI consumed");
    check(its_inv(DEVICE, EVENT) == 0, "INV consumed");
    check(its_sync(its_rds[target]) == 0, "SYNC consumed");
    for (uint32_t n = 1; n <= INTS; n++) {
        check(its_int(DEVICE, EVENT) == 0, "INT consumed");
        check(lpi_wait(target, LPI, n), "LPI taken on the collection's CPU");
        settle();
    }
    report("LPIs taken on the target", lpi_taken[target][LPI - LPI_BASE]);
    check(lpi_taken[target][LPI - LPI_BASE] == INTS, "one LPI per INT");
    check(last_intid[target] == LPI, "ICC_IAR1_EL1 returned the mapped INTID (>= 8192)");
    for (int i = 0; i < its_cpu_count; i++)
        if (i != target)
            check(lpi_taken[i][LPI - LPI_BASE] == 0, "no LPI on the other CPU");
    return its_guest_end("its-basic");
}
