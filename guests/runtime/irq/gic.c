#include "gic.h"
#include "exceptions.h"

#define DEFAULT_PRIORITY 0xA0

void gic_wait_rwp(void)
{
    while (gicd_read(GICD_CTLR) & GICD_CTLR_RWP)
        ;
}

static void gicr_wait_rwp(uint64_t rd)
{
    while (mmio_read32(rd + GICR_CTLR) & (1u << 3))
        ;
}

void gic_init_distributor(void)
{
    /* Disable, switch on affinity routing, then enable Group 1 (IHI 0069 4.1: ARE is only
     * changed with the groups disabled; RWP tells when the write has taken effect). */
    gicd_write(GICD_CTLR, 0);
    gic_wait_rwp();
    gicd_write(GICD_CTLR, GICD_CTLR_ARE);
    gic_wait_rwp();
    unsigned lines = (gicd_read(GICD_TYPER) & 0x1f) + 1;   /* 32 INTIDs each */
    uint64_t self = read_mpidr();
    for (unsigned n = 1; n < lines; n++) {
        gicd_write(GICD_ICENABLER + 4 * n, 0xffffffffu);
        gicd_write(GICD_ICPENDR + 4 * n, 0xffffffffu);
        gicd_write(GICD_ICACTIVER + 4 * n, 0xffffffffu);
        gicd_write(GICD_IGROUPR + 4 * n, 0xffffffffu);
        gicd_write(GICD_IGRPMODR + 4 * n, 0);
    }
    gic_wait_rwp();
    for (unsigned intid = 32; intid < 32 * lines; intid++) {
        mmio_write8(GICD_BASE + GICD_IPRIORITYR + intid, DEFAULT_PRIORITY);
        gic_spi_route(intid, self);
    }
    gicd_write(GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE_GRP1);
    gic_wait_rwp();
}

uint64_t gic_find_redistributor(uint64_t mpidr)
{
    uint32_t want = affinity_packed(mpidr);
    for (uint64_t rd = GICR_BASE;; rd += GICR_STRIDE) {
        uint64_t typer = mmio_read64(rd + GICR_TYPER);
        if ((uint32_t)(typer >> 32) == want)
            return rd;
        if (typer & GICR_TYPER_LAST)
            return 0;
    }
}

uint64_t gic_redistributor(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, tpidr_el1" : "=r"(v));
    return v;
}

uint64_t gic_init_cpu(void)
{
    uint64_t rd = gic_find_redistributor(read_mpidr());
    __asm__ volatile("msr tpidr_el1, %0" :: "r"(rd));
    if (rd == 0)
        return 0;
    /* Wake the redistributor: clear ProcessorSleep, wait for ChildrenAsleep to clear. */
    mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
    while (mmio_read32(rd + GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP)
        ;
    uint64_t sgi = rd + GICR_SGI_OFFSET;
    mmio_write32(sgi + GICR_ICENABLER0, 0xffffffffu);
    gicr_wait_rwp(rd);
    mmio_write32(sgi + GICR_ICPENDR0, 0xffffffffu);
    mmio_write32(sgi + GICR_ICACTIVER0, 0xffffffffu);
    mmio_write32(sgi + GICR_IGROUPR0, 0xffffffffu);
    mmio_write32(sgi + GICR_IGRPMODR0, 0);
    for (unsigned intid = 0; intid < 32; intid++)
        mmio_write8(sgi + GICR_IPRIORITYR0 + intid, DEFAULT_PRIORITY);
    /* PPIs level-sensitive (as the timer's are); SGIs are always edge. */
    mmio_write32(sgi + GICR_ICFGR0 + 4, 0);

    ICC_WRITE(ICC_SRE_EL1, ICC_READ(ICC_SRE_EL1) | 1);
    ICC_WRITE(ICC_PMR_EL1, 0xff);
    ICC_WRITE(ICC_BPR1_EL1, 0);
    ICC_WRITE(ICC_CTLR_EL1, ICC_READ(ICC_CTLR_EL1) & ~(uint64_t)ICC_CTLR_EOIMODE);
    ICC_WRITE(ICC_IGRPEN1_EL1, 1);
    return rd;
}

static uint64_t sgi_frame(void)
{
    return gic_redistributor() + GICR_SGI_OFFSET;
}

void gic_ppi_enable(unsigned intid, uint8_t priority)
{
    mmio_write8(sgi_frame() + GICR_IPRIORITYR0 + intid, priority);
    mmio_write32(sgi_frame() + GICR_ISENABLER0, 1u << intid);
}

void gic_ppi_disable(unsigned intid)
{
    mmio_write32(sgi_frame() + GICR_ICENABLER0, 1u << intid);
    gicr_wait_rwp(gic_redistributor());
}

void gic_ppi_set_pending(unsigned intid)
{
    mmio_write32(sgi_frame() + GICR_ISPENDR0, 1u << intid);
}

int gic_ppi_is_pending(unsigned intid)
{
    return (mmio_read32(sgi_frame() + GICR_ISPENDR0) >> intid) & 1;
}

int gic_ppi_is_active(unsigned intid)
{
    return (mmio_read32(sgi_frame() + GICR_ISACTIVER0) >> intid) & 1;
}

void gic_spi_configure(unsigned intid, uint8_t priority, int edge)
{
    gic_spi_disable(intid);
    mmio_write8(GICD_BASE + GICD_IPRIORITYR + intid, priority);
    unsigned reg = GICD_ICFGR + 4 * (intid / 16), shift = 2 * (intid % 16) + 1;
    gicd_write(reg, (gicd_read(reg) & ~(1u << shift)) | (edge ? 1u << shift : 0));
}

void gic_spi_route(unsigned intid, uint64_t mpidr)
{
    mmio_write64(GICD_BASE + GICD_IROUTER + 8 * intid, mpidr & 0xff00ffffffUL);
}

void gic_spi_route_any(unsigned intid)
{
    mmio_write64(GICD_BASE + GICD_IROUTER + 8 * intid, GICD_IROUTER_IRM);
}

void gic_spi_enable(unsigned intid)
{
    gicd_write(GICD_ISENABLER + 4 * (intid / 32), 1u << (intid % 32));
}

void gic_spi_disable(unsigned intid)
{
    gicd_write(GICD_ICENABLER + 4 * (intid / 32), 1u << (intid % 32));
    gic_wait_rwp();
}

int gic_spi_is_pending(unsigned intid)
{
    return (gicd_read(GICD_ISPENDR + 4 * (intid / 32)) >> (intid % 32)) & 1;
}

int gic_spi_is_active(unsigned intid)
{
    return (gicd_read(GICD_ISACTIVER + 4 * (intid / 32)) >> (intid % 32)) & 1;
}

uint64_t gic_sgi_value(unsigned intid, uint64_t mpidr)
{
    unsigned aff0 = mpidr & 0xff;
    return ((mpidr >> 32) & 0xff) << 48          /* Aff3 */
         | (uint64_t)(aff0 / 16) << 44            /* RS: which 16 Aff0 values */
         | ((mpidr >> 16) & 0xff) << 32           /* Aff2 */
         | (uint64_t)(intid & 0xf) << 24
         | ((mpidr >> 8) & 0xff) << 16            /* Aff1 */
         | 1u << (aff0 % 16);                     /* TargetList */
}

void gic_send_sgi(unsigned intid, uint64_t mpidr)
{
    __asm__ volatile("dsb sy" ::: "memory");
    ICC_WRITE(ICC_SGI1R_EL1, gic_sgi_value(intid, mpidr));
}

void gic_send_sgi_others(unsigned intid)
{
    __asm__ volatile("dsb sy" ::: "memory");
    ICC_WRITE(ICC_SGI1R_EL1, 1UL << 40 | (uint64_t)(intid & 0xf) << 24);
}
