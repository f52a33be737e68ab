#ifndef GUEST_GIC_H
#define GUEST_GIC_H

#include <stdint.h>

/*
 * The virt board's GICv3 (Arm IHI 0069): the distributor at 0x08000000, one 128 KiB
 * redistributor (RD_base frame, then SGI_base frame) per CPU from 0x080A0000, the CPU
 * interface as ICC_*_EL1 system registers. Guests use one Security state (GICD_CTLR.DS = 1
 * on both the emulator and QEMU's virt without EL3), affinity routing, and Group 1
 * interrupts, which are signalled as IRQ.
 */
#define GICD_BASE       0x08000000UL
#define GICR_BASE       0x080A0000UL
#define GICR_STRIDE     0x20000UL
#define GICR_SGI_OFFSET 0x10000UL

/* Distributor registers. */
#define GICD_CTLR        0x0000
#define GICD_TYPER       0x0004
#define GICD_SETSPI_NSR  0x0040
#define GICD_CLRSPI_NSR  0x0048
#define GICD_IGROUPR     0x0080
#define GICD_ISENABLER   0x0100
#define GICD_ICENABLER   0x0180
#define GICD_ISPENDR     0x0200
#define GICD_ICPENDR     0x0280
#define GICD_ISACTIVER   0x0300
#define GICD_ICACTIVER   0x0380
#define GICD_IPRIORITYR  0x0400
#define GICD_ICFGR       0x0C00
#define GICD_IGRPMODR    0x0D00
#define GICD_IROUTER     0x6000

#define GICD_CTLR_ENABLE_GRP1 (1u << 1)
#define GICD_CTLR_ARE         (1u << 4)
#define GICD_CTLR_DS          (1u << 6)
#define GICD_CTLR_RWP         (1u << 31)
#define GICD_TYPER_MBIS       (1u << 16)
#define GICD_IROUTER_IRM      (1UL << 31)

/* Redistributor RD_base frame. */
#define GICR_CTLR   0x0000
#define GICR_TYPER  0x0008
#define GICR_WAKER  0x0014
#define GICR_TYPER_LAST          (1UL << 4)
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)

/* Redistributor SGI_base frame (offsets within it). */
#define GICR_IGROUPR0    0x0080
#define GICR_ISENABLER0  0x0100
#define GICR_ICENABLER0  0x0180
#define GICR_ISPENDR0    0x0200
#define GICR_ICPENDR0    0x0280
#define GICR_ISACTIVER0  0x0300
#define GICR_ICACTIVER0  0x0380
#define GICR_IPRIORITYR0 0x0400
#define GICR_ICFGR0      0x0C00
#define GICR_IGRPMODR0   0x0D00

#define INTID_SPURIOUS 1023

/* The CPU interface registers by encoding (the assembler knows only some by name). */
#define ICC_PMR_EL1     "S3_0_C4_C6_0"
#define ICC_IAR1_EL1    "S3_0_C12_C12_0"
#define ICC_EOIR1_EL1   "S3_0_C12_C12_1"
#define ICC_HPPIR1_EL1  "S3_0_C12_C12_2"
#define ICC_BPR1_EL1    "S3_0_C12_C12_3"
#define ICC_AP1R0_EL1   "S3_0_C12_C9_0"
#define ICC_AP1R1_EL1   "S3_0_C12_C9_1"
#define ICC_AP1R2_EL1   "S3_0_C12_C9_2"
#define ICC_AP1R3_EL1   "S3_0_C12_C9_3"
#define ICC_DIR_EL1     "S3_0_C12_C11_1"
#define ICC_RPR_EL1     "S3_0_C12_C11_3"
#define ICC_SGI1R_EL1   "S3_0_C12_C11_5"
#define ICC_CTLR_EL1    "S3_0_C12_C12_4"
#define ICC_SRE_EL1     "S3_0_C12_C12_5"
#define ICC_IGRPEN1_EL1 "S3_0_C12_C12_7"

#define ICC_READ(reg) ({ uint64_t v_; __asm__ volatile("mrs %0, " reg : "=r"(v_) :: "memory"); v_; })
#define ICC_WRITE(reg, value) __asm__ volatile("msr " reg ", %0\n\tisb" :: "r"((uint64_t)(value)) : "memory")

#define ICC_CTLR_EOIMODE (1u << 1)

static inline uint32_t mmio_read32(uint64_t addr) { return *(volatile uint32_t *)(uintptr_t)addr; }
static inline void mmio_write32(uint64_t addr, uint32_t v) { *(volatile uint32_t *)(uintptr_t)addr = v; }
static inline uint64_t mmio_read64(uint64_t addr) { return *(volatile uint64_t *)(uintptr_t)addr; }
static inline void mmio_write64(uint64_t addr, uint64_t v) { *(volatile uint64_t *)(uintptr_t)addr = v; }
static inline uint8_t mmio_read8(uint64_t addr) { return *(volatile uint8_t *)(uintptr_t)addr; }
static inline void mmio_write8(uint64_t addr, uint8_t v) { *(volatile uint8_t *)(uintptr_t)addr = v; }

static inline uint32_t gicd_read(unsigned off) { return mmio_read32(GICD_BASE + off); }
static inline void gicd_write(unsigned off, uint32_t v) { mmio_write32(GICD_BASE + off, v); }

/* MPIDR_EL1's affinity fields packed as GICR_TYPER[63:32] holds them: Aff3.Aff2.Aff1.Aff0. */
static inline uint32_t affinity_packed(uint64_t mpidr)
{
    return (uint32_t)((mpidr >> 32) & 0xff) << 24 | (uint32_t)(mpidr & 0xffffff);
}

/* Sets up the distributor: affinity routing, Group 1 enabled, every SPI disabled,
 * Group 1, priority 0xA0, routed to the calling CPU. Call once, on the boot CPU. */
void gic_init_distributor(void);

/* Finds the calling CPU's redistributor (by its GICR_TYPER affinity), wakes it, makes
 * SGIs and PPIs Group 1 with priority 0xA0, all disabled, and enables the CPU interface
 * (SRE, PMR = 0xFF, Group 1 on). Returns the RD_base address, 0 if none matches. */
uint64_t gic_init_cpu(void);

/* The calling CPU's RD_base, as found by gic_init_cpu. */
uint64_t gic_redistributor(void);
/* RD_base of the redistributor whose GICR_TYPER affinity is mpidr's, or 0. */
uint64_t gic_find_redistributor(uint64_t mpidr);

/* SGI/PPI configuration in the calling CPU's SGI_base frame. */
void gic_ppi_enable(unsigned intid, uint8_t priority);
void gic_ppi_disable(unsigned intid);
void gic_ppi_set_pending(unsigned intid);
int gic_ppi_is_pending(unsigned intid);
int gic_ppi_is_active(unsigned intid);

/* SPI configuration in the distributor. */
void gic_spi_configure(unsigned intid, uint8_t priority, int edge);
void gic_spi_route(unsigned intid, uint64_t mpidr);       /* IRM = 0, to this affinity */
void gic_spi_route_any(unsigned intid);                   /* IRM = 1: 1 of N */
void gic_spi_enable(unsigned intid);
void gic_spi_disable(unsigned intid);
int gic_spi_is_pending(unsigned intid);
int gic_spi_is_active(unsigned intid);
void gic_wait_rwp(void);

/* ICC_SGI1R_EL1 value sending SGI intid to the CPU with affinity mpidr. */
uint64_t gic_sgi_value(unsigned intid, uint64_t mpidr);
void gic_send_sgi(unsigned intid, uint64_t mpidr);
/* IRM = 1: to every CPU but the sender. */
void gic_send_sgi_others(unsigned intid);

static inline unsigned gic_ack(void) { return (unsigned)ICC_READ(ICC_IAR1_EL1) & 0xffffff; }
static inline void gic_eoi(unsigned intid) { ICC_WRITE(ICC_EOIR1_EL1, intid); }

#endif
