#ifndef GUEST_ITS_H
#define GUEST_ITS_H

#include <stdint.h>

/*
 * LPIs and the GICv3 ITS of the virt board (IHI 0069 chapters 5 and 6; field layout as in
 * Linux's include/linux/irqchip/arm-gic-v3.h). Linked only into the ITS guests. Tables live
 * in RAM above the image, each aligned to 64 KiB and zeroed (its_alloc). One Security
 * state, MMU off: every table access is uncached, so the attributes fields are left 0.
 */
#define ITS_BASE        0x08080000UL
#define GITS_CTLR       0x0000
#define GITS_IIDR       0x0004
#define GITS_TYPER      0x0008
#define GITS_CBASER     0x0080
#define GITS_CWRITER    0x0088
#define GITS_CREADR     0x0090
#define GITS_BASER(n)   (0x0100 + 8 * (n))
#define GITS_TRANSLATER 0x10040

#define GITS_CTLR_ENABLED   (1u << 0)
#define GITS_CTLR_QUIESCENT (1u << 31)
#define GITS_CREADR_STALLED 1UL
#define GITS_CWRITER_RETRY  1UL

#define GITS_BASER_VALID    (1UL << 63)
#define GITS_BASER_INDIRECT (1UL << 62)
#define GITS_BASER_TYPE(v)  (((v) >> 56) & 7)
#define GITS_BASER_ENTRY(v) ((((v) >> 48) & 0x1f) + 1)
#define GITS_BASER_TYPE_DEVICE     1
#define GITS_BASER_TYPE_COLLECTION 4
#define GITS_PAGE_4K  0
#define GITS_PAGE_16K 1
#define GITS_PAGE_64K 2

/* Redistributor LPI registers (RD_base frame). */
#define GICR_PROPBASER 0x0070
#define GICR_PENDBASER 0x0078
#define GICR_CTLR_ENABLE_LPIS (1u << 0)
#define GICR_TYPER_PLPIS      (1UL << 0)
#define GICR_PENDBASER_PTZ    (1UL << 62)

#define LPI_BASE     8192u
#define LPI_ID_BITS  14u            /* INTIDs below 16384: LPIs 8192..16383 */
#define LPI_ENABLE   0x01u
#define LPI_RES1     0x02u          /* Linux's LPI_PROP_GROUP1 bit */

/* Command numbers. */
#define ITS_MOVI    0x01
#define ITS_INT     0x03
#define ITS_CLEAR   0x04
#define ITS_SYNC    0x05
#define ITS_MAPD    0x08
#define ITS_MAPC    0x09
#define ITS_MAPTI   0x0a
#define ITS_INV     0x0c
#define ITS_INVALL  0x0d
#define ITS_MOVALL  0x0e
#define ITS_DISCARD 0x0f

/* Zeroed RAM above the image, aligned to align (a power of two, >= 64 KiB is used). */
uint64_t its_alloc(uint64_t size, uint64_t align);

/* The shared configuration table (one byte per LPI, 2^LPI_ID_BITS - 8192 bytes), all LPIs
 * disabled at priority 0xA0. */
void lpi_init_config(void);
/* Programs rd's PROPBASER and a fresh pending table (PTZ), then sets EnableLPIs.
 * Returns 0, or -1 if the redistributor has no physical LPIs. */
int lpi_init_redistributor(uint64_t rd);
/* Writes the configuration byte of an LPI (priority, enable); takes effect after INV. */
void lpi_config(unsigned intid, uint8_t priority, int enable);

/* Device and collection tables (flat, 64 KiB pages), an empty command queue of 64 KiB,
 * then Enabled. With indirect != 0 the device table is two-level with page_size pages
 * (GITS_PAGE_*); returns -1 if the ITS keeps Indirect at 0. */
int its_init(int indirect, unsigned page_size);
uint64_t its_typer(void);
/* The device table's (level-1 table's, if indirect) address. */
uint64_t its_device_table(void);
/* The ITS's target for a redistributor: its address (PTA = 1) or its processor number
 * from GICR_TYPER, as the RDbase fields of MAPC/MOVALL/SYNC hold them. */
uint64_t its_target(uint64_t rd);

/* Queues one command and waits until CREADR has passed it (or the queue stalls, or a
 * spin limit). Returns 0 when consumed, else -1. */
int its_command(uint64_t d0, uint64_t d1, uint64_t d2, uint64_t d3);
uint64_t its_creadr(void);
/* Disables the ITS, resets the queue (CBASER rewritten, CWRITER = 0), enables it again. */
void its_reset_queue(void);

int its_mapd(uint32_t device, unsigned event_bits, uint64_t itt, int valid);
int its_mapc(uint16_t icid, uint64_t rd, int valid);
int its_mapti(uint32_t device, uint32_t event, unsigned intid, uint16_t icid);
int its_int(uint32_t device, uint32_t event);
int its_clear(uint32_t device, uint32_t event);
int its_discard(uint32_t device, uint32_t event);
int its_inv(uint32_t device, uint32_t event);
int its_invall(uint16_t icid);
int its_movi(uint32_t device, uint32_t event, uint16_t icid);
int its_movall(uint64_t from_rd, uint64_t to_rd);
int its_sync(uint64_t rd);

/* An ITT for a device with 2^event_bits events (256-byte aligned, zeroed). */
uint64_t its_alloc_itt(unsigned event_bits);

#endif
