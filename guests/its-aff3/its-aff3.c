/*
 * ITS collections on CPUs with Aff3 != 0, with GITS_TYPER.PTA = 1 (IHI 0069 6.2, 6.3): run
 * with `--mpidr 0x0,0x1,0x100000000,0x100000001 --its-pta` (emu only). RDbase in MAPC is
 * then the redistributor's physical address: each CPU's RD_base frame is found by matching
 * GICR_TYPER affinity (bits 63:32) to its MPIDR, and must be one of the frames at
 * 0x080A0000 + 0x20000 * i. One collection per CPU (ICID = CPU index), one event per
 * collection: INT to each is taken on exactly that CPU. Then MOVI moves CPU 0's event (an
 * Aff3 = 0 CPU) to CPU 3's collection (Aff3 = 1): the next INT is taken there.
 * Needs 4 CPUs. Exit status: failed checks.
 */
#include "its/guest.h"
#include "its/its.h"
#include "irq/gic.h"
#include "uart.h"

#define CPUS   4
#define DEVICE 4
#define LPI(i) (LPI_BASE + 20 + (i))
#define GITS_TYPER_PTA (1UL << 19)
#define FRAMES 8

static uint32_t taken_anywhere(unsigned lpi)
{
    uint32_t n = 0;
    for (int i = 0; i < its_cpu_count; i++)
        n += lpi_taken[i][lpi - LPI_BASE];
    return n;
}

static int exactly_on(int cpu, unsigned lpi, uint32_t n)
{
    return lpi_taken[cpu][lpi - LPI_BASE] == n && taken_anywhere(lpi) == n;
}

static int is_frame(uint64_t rd)
{
    for (uint64_t i = 0; i < FRAMES; i++)
        if (rd == GICR_BASE + GICR_STRIDE * i)
            return 1;
    return 0;
}

int main(uint64_t boot_x0)
{
    int status = its_guest_start(boot_x0, "its-aff3", CPUS, 0, 0);
    if (status)
        return status;
    /* its_guest_start brings up two CPUs; bring up the other two here. */
    its_cpu_count = CPUS;
    for (int i = 2; i < CPUS; i++) {
        its_rds[i] = gic_find_redistributor(its_mpidrs[i]);
        if (its_rds[i] == 0 || cpus_start(i, its_mpidrs[i]) != 0) {
            uart_puts("CPU_ON failed\n");
            return 1;
        }
        /* The CPU has woken its redistributor once ChildrenAsleep reads 0. */
        while (mmio_read32(its_rds[i] + GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP)
            ;
        if (lpi_init_redistributor(its_rds[i]) < 0) {
            uart_puts("redistributor without LPIs\n");
            return 1;
        }
    }
    report("CPUs used after bringing up CPUs 2 and 3", (uint64_t)its_cpu_count);
    check((its_typer() & GITS_TYPER_PTA) != 0, "GITS_TYPER.PTA reads 1");
    int aff3_one = 0;
    for (int i = 0; i < CPUS; i++) {
        uart_puts("CPU ");
        uart_putdec(i);
        uart_puts(" MPIDR ");
        uart_puthex_short(its_mpidrs[i] & MPIDR_AFFINITY);
        uart_puts(" RD_base ");
        uart_puthex_short(its_rds[i]);
        uart_puts("\n");
        check(is_frame(its_rds[i]), "RD_base is a redistributor frame at 0x080A0000 + 0x20000 * i");
        check(mmio_read64(its_rds[i] + GICR_TYPER) >> 32 == affinity_packed(its_mpidrs[i]),
              "GICR_TYPER affinity matches MPIDR");
        check(its_target(its_rds[i]) == its_rds[i], "MAPC RDbase is the physical address");
        aff3_one += ((its_mpidrs[i] >> 32) & 0xff) == 1;
        for (int j = 0; j < i; j++)
            check(its_rds[j] != its_rds[i], "a frame of its own");
    }
    check(aff3_one == 2, "two CPUs with Aff3 = 1");

    check(its_mapd(DEVICE, 3, its_alloc_itt(3), 1) == 0, "MAPD");
    for (int i = 0; i < CPUS; i++) {
        lpi_config(LPI(i), 0xA0, 1);
        check(its_mapc((uint16_t)i, its_rds[i], 1) == 0, "MAPC collection i -> CPU i");
        check(its_mapti(DEVICE, (uint32_t)i, LPI(i), (uint16_t)i) == 0, "MAPTI event i -> collection i");
        check(its_invall((uint16_t)i) == 0 && its_sync(its_rds[i]) == 0, "INVALL, SYNC");
    }
    for (int i = 0; i < CPUS; i++) {
        uart_puts("INT to collection ");
        uart_putdec(i);
        uart_puts("\n");
        check(its_int(DEVICE, (uint32_t)i) == 0, "INT consumed");
        check(lpi_wait(i, LPI(i), 1), "LPI taken on the collection's CPU");
        settle();
        check(exactly_on(i, LPI(i), 1), "once, on that CPU only");
    }

    uart_puts("MOVI collection 0 -> collection 3\n");
    check(its_movi(DEVICE, 0, 3) == 0 && its_sync(its_rds[3]) == 0, "MOVI event 0 -> collection 3 (Aff3 = 1)");
    check(its_int(DEVICE, 0) == 0, "INT consumed");
    check(lpi_wait(3, LPI(0), 1), "LPI taken on CPU 3");
    settle();
    report("event 0 LPIs on CPU 0", lpi_taken[0][LPI(0) - LPI_BASE]);
    report("event 0 LPIs on CPU 3", lpi_taken[3][LPI(0) - LPI_BASE]);
    check(lpi_taken[0][LPI(0) - LPI_BASE] == 1 && lpi_taken[3][LPI(0) - LPI_BASE] == 1 && taken_anywhere(LPI(0)) == 2,
          "the moved event's LPI went to CPU 3 only");
    return its_guest_end("its-aff3");
}
