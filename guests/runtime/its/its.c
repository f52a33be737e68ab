#include "its.h"
#include "irq/gic.h"

extern char __stack_top[];

static uint64_t next_free;
static uint64_t config_table;
static uint64_t queue;
static uint64_t cbaser;
static uint64_t write_offset;
static uint64_t device_table;

#define QUEUE_BYTES 0x10000UL
#define SPIN_LIMIT  10000000L

static inline uint64_t its_read64(unsigned off) { return mmio_read64(ITS_BASE + off); }
static inline void its_write64(unsigned off, uint64_t v) { mmio_write64(ITS_BASE + off, v); }

static void barrier(void) { __asm__ volatile("dsb sy" ::: "memory"); }

uint64_t its_alloc(uint64_t size, uint64_t align)
{
    if (next_free == 0)
        next_free = (uint64_t)(uintptr_t)__stack_top;
    if (align < 0x10000)
        align = 0x10000;
    uint64_t p = (next_free + align - 1) & ~(align - 1);
    next_free = p + size;
    for (uint64_t a = p; a < p + size; a += 8)
        *(volatile uint64_t *)(uintptr_t)a = 0;
    barrier();
    return p;
}

void lpi_init_config(void)
{
    uint64_t bytes = (1UL << LPI_ID_BITS) - LPI_BASE;
    config_table = its_alloc(bytes, 0x10000);
    for (uint64_t i = 0; i < bytes; i++)
        mmio_write8(config_table + i, 0xA0 | LPI_RES1);
    barrier();
}

void lpi_config(unsigned intid, uint8_t priority, int enable)
{
    mmio_write8(config_table + intid - LPI_BASE, (priority & 0xfc) | LPI_RES1 | (enable ? LPI_ENABLE : 0));
    barrier();
}

int lpi_init_redistributor(uint64_t rd)
{
    if (!(mmio_read64(rd + GICR_TYPER) & GICR_TYPER_PLPIS))
        return -1;
    uint64_t pending = its_alloc((1UL << LPI_ID_BITS) / 8, 0x10000);
    mmio_write64(rd + GICR_PROPBASER, config_table | (LPI_ID_BITS - 1));
    mmio_write64(rd + GICR_PENDBASER, pending | GICR_PENDBASER_PTZ);
    barrier();
    mmio_write32(rd + GICR_CTLR, mmio_read32(rd + GICR_CTLR) | GICR_CTLR_ENABLE_LPIS);
    while (mmio_read32(rd + GICR_CTLR) & (1u << 3))   /* RWP */
        ;
    return 0;
}

uint64_t its_typer(void)
{
    return its_read64(GITS_TYPER);
}

uint64_t its_target(uint64_t rd)
{
    if (its_typer() & (1UL << 19))   /* PTA */
        return rd & 0xffffffff0000UL;
    return ((mmio_read64(rd + GICR_TYPER) >> 8) & 0xffff) << 16;
}

static int setup_baser(unsigned n, int indirect, unsigned page_size)
{
    uint64_t v = its_read64(GITS_BASER(n));
    unsigned type = GITS_BASER_TYPE(v);
    if (type != GITS_BASER_TYPE_DEVICE && type != GITS_BASER_TYPE_COLLECTION)
        return 0;
    uint64_t page = page_size == GITS_PAGE_4K ? 0x1000 : page_size == GITS_PAGE_16K ? 0x4000 : 0x10000;
    int ind = indirect && type == GITS_BASER_TYPE_DEVICE;
    if (!ind)
        page_size = GITS_PAGE_64K, page = 0x10000;
    uint64_t table = its_alloc(page, 0x10000);
    if (type == GITS_BASER_TYPE_DEVICE)
        device_table = table;
    uint64_t w = GITS_BASER_VALID | (ind ? GITS_BASER_INDIRECT : 0) | (v & (7UL << 56))
               | (v & (0x1fUL << 48)) | table | (uint64_t)page_size << 8;   /* Size 0: one page */
    its_write64(GITS_BASER(n), w);
    uint64_t back = its_read64(GITS_BASER(n));
    if (ind && !(back & GITS_BASER_INDIRECT))
        return -1;
    if (((back >> 8) & 3) != page_size)
        return -1;
    return 0;
}

int its_init(int indirect, unsigned page_size)
{
    mmio_write32(ITS_BASE + GITS_CTLR, 0);
    while (!(mmio_read32(ITS_BASE + GITS_CTLR) & GITS_CTLR_QUIESCENT))
        ;
    for (unsigned n = 0; n < 8; n++)
        if (setup_baser(n, indirect, page_size) < 0)
            return -1;
    queue = its_alloc(QUEUE_BYTES, 0x10000);
    cbaser = (1UL << 63) | queue | (QUEUE_BYTES / 0x1000 - 1);
    its_reset_queue();
    return 0;
}

void its_reset_queue(void)
{
    mmio_write32(ITS_BASE + GITS_CTLR, 0);
    while (!(mmio_read32(ITS_BASE + GITS_CTLR) & GITS_CTLR_QUIESCENT))
        ;
    its_write64(GITS_CBASER, cbaser);
    its_write64(GITS_CWRITER, 0);
    write_offset = 0;
    barrier();
    mmio_write32(ITS_BASE + GITS_CTLR, GITS_CTLR_ENABLED);
}

uint64_t its_creadr(void)
{
    return its_read64(GITS_CREADR);
}

int its_command(uint64_t d0, uint64_t d1, uint64_t d2, uint64_t d3)
{
    uint64_t slot = queue + write_offset;
    mmio_write64(slot, d0);
    mmio_write64(slot + 8, d1);
    mmio_write64(slot + 16, d2);
    mmio_write64(slot + 24, d3);
    write_offset = (write_offset + 32) % QUEUE_BYTES;
    barrier();
    its_write64(GITS_CWRITER, write_offset);
    for (long spins = 0; spins < SPIN_LIMIT; spins++) {
        uint64_t r = its_creadr();
        if ((r & 0xfffe0UL) == write_offset)
            return 0;
        if (r & GITS_CREADR_STALLED)
            return -1;
    }
    return -1;
}

static uint64_t dev_event(uint32_t device, unsigned cmd) { return (uint64_t)device << 32 | cmd; }

int its_mapd(uint32_t device, unsigned event_bits, uint64_t itt, int valid)
{
    return its_command(dev_event(device, ITS_MAPD), event_bits - 1,
                       (valid ? 1UL << 63 : 0) | (itt & 0xfffffffffff00UL), 0);
}

int its_mapc(uint16_t icid, uint64_t rd, int valid)
{
    return its_command(ITS_MAPC, 0, (valid ? 1UL << 63 : 0) | its_target(rd) | icid, 0);
}

int its_mapti(uint32_t device, uint32_t event, unsigned intid, uint16_t icid)
{
    return its_command(dev_event(device, ITS_MAPTI), (uint64_t)intid << 32 | event, icid, 0);
}

int its_int(uint32_t device, uint32_t event) { return its_command(dev_event(device, ITS_INT), event, 0, 0); }
int its_clear(uint32_t device, uint32_t event) { return its_command(dev_event(device, ITS_CLEAR), event, 0, 0); }
int its_discard(uint32_t device, uint32_t event) { return its_command(dev_event(device, ITS_DISCARD), event, 0, 0); }
int its_inv(uint32_t device, uint32_t event) { return its_command(dev_event(device, ITS_INV), event, 0, 0); }
int its_invall(uint16_t icid) { return its_command(ITS_INVALL, 0, icid, 0); }

int its_movi(uint32_t device, uint32_t event, uint16_t icid)
{
    return its_command(dev_event(device, ITS_MOVI), event, icid, 0);
}

int its_movall(uint64_t from_rd, uint64_t to_rd)
{
    return its_command(ITS_MOVALL, 0, its_target(from_rd), its_target(to_rd));
}

int its_sync(uint64_t rd) { return its_command(ITS_SYNC, 0, its_target(rd), 0); }

uint64_t its_alloc_itt(unsigned event_bits)
{
    uint64_t entry = ((its_typer() >> 4) & 0xf) + 1;
    return its_alloc(entry << event_bits, 256);
}

uint64_t its_device_table(void)
{
    return device_table;
}
