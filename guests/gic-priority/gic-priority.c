/*
 * Priorities in the GICv3 CPU interface (IHI 0069 4.8), on one CPU with SGIs it sends
 * itself and PPIs it pends through GICR_ISPENDR0:
 *  1. nested preemption across three priorities (0xC0 < 0x80 < 0x40 in urgency), each
 *     handler unmasking IRQs and pending the next; ICC_RPR_EL1 and the ICC_AP1Rn_EL1 bits
 *     at each level; a lower-priority interrupt pended at the top waits until the running
 *     priority drops below it;
 *  2. the binary point: 0x40 preempts 0x50 when ICC_BPR1_EL1 is at its minimum, and does
 *     not when BPR1 = 6 puts both in the same group priority;
 *  3. ICC_CTLR_EL1.EOImode = 1: EOIR only drops the priority, the interrupt stays active
 *     (and is not taken again while active) until ICC_DIR_EL1 deactivates it.
 * The transcript shows only the order of events and ok/FAIL lines. Exit status: failures.
 */
#include "exceptions.h"
#include "irq/gic.h"
#include "irq/irq.h"
#include "uart.h"

#define SGI_LOW   1     /* priority 0xC0 */
#define SGI_MID   2     /* priority 0x80 */
#define SGI_HIGH  3     /* priority 0x40 */
#define PPI_LATE  20    /* priority 0x80, pended while 0x40 runs */
#define PPI_A     21    /* priority 0x50 */
#define PPI_B     22    /* priority 0x40 */
#define PPI_EOI   23    /* priority 0x80, EOImode 1 */

static int failures;
static uint64_t self;

static int preemption_bits;     /* from ICC_CTLR_EL1.PRIbits */

/* The event log, printed after each scenario. */
static volatile unsigned log_intid[32];
static volatile uint64_t log_rpr[32];
static volatile uint64_t log_ap1r[32][4];
static volatile int log_entry[32];   /* 1 enter, 0 leave */
static volatile uint32_t log_len;
static volatile uint32_t taken[32];
static volatile int eoimode1;

static void check(const char *what, uint64_t got, uint64_t want)
{
    uart_puts("  ");
    uart_puts(what);
    if (got == want) {
        uart_puts(": ok\n");
    } else {
        uart_puts(": FAIL, got ");
        uart_puthex_short(got);
        uart_puts(" expected ");
        uart_puthex_short(want);
        uart_puts("\n");
        failures++;
    }
}

static int ap_registers(void)
{
    return preemption_bits <= 5 ? 1 : preemption_bits == 6 ? 2 : 4;
}

static uint64_t read_ap1r(int n)
{
    switch (n) {
    case 0: return ICC_READ(ICC_AP1R0_EL1);
    case 1: return ICC_READ(ICC_AP1R1_EL1);
    case 2: return ICC_READ(ICC_AP1R2_EL1);
    default: return ICC_READ(ICC_AP1R3_EL1);
    }
}

static void write_ap1r(int n, uint64_t v)
{
    switch (n) {
    case 0: ICC_WRITE(ICC_AP1R0_EL1, v); break;
    case 1: ICC_WRITE(ICC_AP1R1_EL1, v); break;
    case 2: ICC_WRITE(ICC_AP1R2_EL1, v); break;
    default: ICC_WRITE(ICC_AP1R3_EL1, v); break;
    }
}

/* The active-priority bit of a group priority: Arm's layout, bit n of the concatenated
 * AP1Rn registers for priority n << (8 - preemption bits). */
static void expected_ap1r(uint64_t out[4], const uint8_t *priorities, int count)
{
    for (int i = 0; i < 4; i++)
        out[i] = 0;
    for (int i = 0; i < count; i++) {
        unsigned bit = priorities[i] >> (8 - preemption_bits);
        out[bit / 32] |= 1UL << (bit % 32);
    }
}

static void record(unsigned intid, int entry)
{
    unsigned n = log_len;
    if (n >= 32)
        return;
    log_intid[n] = intid;
    log_entry[n] = entry;
    log_rpr[n] = ICC_READ(ICC_RPR_EL1);
    for (int i = 0; i < ap_registers(); i++)
        log_ap1r[n][i] = read_ap1r(i);
    log_len = n + 1;
}

static void wait_taken(unsigned intid, uint32_t count)
{
    for (long spins = 0; spins < 10000000 && taken[intid] < count; spins++)
        __asm__ volatile("" ::: "memory");
}

static void irq(struct exception_frame *frame)
{
    (void)frame;
    unsigned intid = gic_ack();
    if (intid >= 32) {
        uart_puts("unexpected INTID ");
        uart_putdec(intid);
        uart_puts("\n");
        failures++;
        return;
    }
    record(intid, 1);
    taken[intid]++;
    if (intid == SGI_LOW || intid == SGI_MID) {
        /* Let a more urgent interrupt preempt this handler. The frame on the stack holds
         * ELR/SPSR, so nesting is safe; IRQs are masked again before returning. */
        irq_enable();
        gic_send_sgi(intid == SGI_LOW ? SGI_MID : SGI_HIGH, self);
        wait_taken(intid == SGI_LOW ? SGI_MID : SGI_HIGH, 1);
        irq_disable();
    } else if (intid == SGI_HIGH) {
        /* Less urgent than the running 0x40 and equal to the active 0x80: must wait. */
        gic_ppi_set_pending(PPI_LATE);
        irq_enable();
        for (int i = 0; i < 10000; i++)
            __asm__ volatile("isb" ::: "memory");
        irq_disable();
    } else if (intid == PPI_A) {
        irq_enable();
        gic_ppi_set_pending(PPI_B);
        for (int i = 0; i < 10000; i++)
            __asm__ volatile("isb" ::: "memory");
        irq_disable();
    }
    record(intid, 0);
    gic_eoi(intid);
}

static void print_log(void)
{
    for (unsigned i = 0; i < log_len; i++) {
        uart_puts(log_entry[i] ? "  enter INTID " : "  leave INTID ");
        uart_putdec(log_intid[i]);
        uart_puts(", running priority ");
        uart_puthex_short(log_rpr[i]);
        uart_puts("\n");
    }
}

static void check_order(const unsigned *intids, const int *entries, unsigned count)
{
    int ok = log_len == count;
    for (unsigned i = 0; ok && i < count; i++)
        ok = log_intid[i] == intids[i] && log_entry[i] == entries[i];
    check("order of events", ok, 1);
}

static void check_log_ap1r(unsigned index, const char *what, const uint8_t *priorities, int count)
{
    uint64_t want[4];
    expected_ap1r(want, priorities, count);
    int ok = 1;
    for (int i = 0; i < ap_registers(); i++)
        ok &= (log_ap1r[index][i] & 0xffffffffu) == want[i];
    check(what, ok, 1);
}

static void nested(void)
{
    uart_puts("nested preemption: SGI 1 (0xc0) pends SGI 2 (0x80) pends SGI 3 (0x40) pends PPI 20 (0x80)\n");
    mmio_write8(gic_redistributor() + GICR_SGI_OFFSET + GICR_IPRIORITYR0 + SGI_LOW, 0xC0);
    gic_ppi_enable(SGI_LOW, 0xC0);
    gic_ppi_enable(SGI_MID, 0x80);
    gic_ppi_enable(SGI_HIGH, 0x40);
    gic_ppi_enable(PPI_LATE, 0x80);
    log_len = 0;
    gic_send_sgi(SGI_LOW, self);
    wait_taken(SGI_LOW, 1);
    wait_taken(PPI_LATE, 1);
    print_log();
    static const unsigned intids[] = { 1, 2, 3, 3, 2, 20, 20, 1 };
    static const int entries[] = { 1, 1, 1, 0, 0, 1, 0, 0 };
    check_order(intids, entries, 8);
    static const uint64_t rprs[] = { 0xC0, 0x80, 0x40, 0x40, 0x80, 0x80, 0x80, 0xC0 };
    int ok = log_len == 8;
    for (unsigned i = 0; ok && i < 8; i++)
        ok = log_rpr[i] == rprs[i];
    check("ICC_RPR_EL1 at each step", ok, 1);
    static const uint8_t one[] = { 0xC0 }, two[] = { 0xC0, 0x80 }, three[] = { 0xC0, 0x80, 0x40 };
    check_log_ap1r(0, "ICC_AP1Rn_EL1 with 0xc0 active", one, 1);
    check_log_ap1r(1, "ICC_AP1Rn_EL1 with 0xc0, 0x80 active", two, 2);
    check_log_ap1r(2, "ICC_AP1Rn_EL1 with 0xc0, 0x80, 0x40 active", three, 3);
    check_log_ap1r(5, "ICC_AP1Rn_EL1 in PPI 20 (0x80 again)", two, 2);
    check("ICC_RPR_EL1 when idle", ICC_READ(ICC_RPR_EL1), 0xFF);
    int clear = 1;
    for (int i = 0; i < ap_registers(); i++)
        clear &= read_ap1r(i) == 0;
    check("ICC_AP1Rn_EL1 when idle", clear, 1);
    check("each taken once", taken[1] == 1 && taken[2] == 1 && taken[3] == 1 && taken[20] == 1, 1);
}

static void binary_point(unsigned bpr, int expect_preempt)
{
    uart_puts("binary point ");
    uart_puts(bpr == 0 ? "minimum" : "6");
    uart_puts(": PPI 21 (0x50) pends PPI 22 (0x40)\n");
    ICC_WRITE(ICC_BPR1_EL1, bpr);
    gic_ppi_enable(PPI_A, 0x50);
    gic_ppi_enable(PPI_B, 0x40);
    log_len = 0;
    taken[PPI_A] = taken[PPI_B] = 0;
    gic_ppi_set_pending(PPI_A);
    wait_taken(PPI_A, 1);
    wait_taken(PPI_B, 1);
    print_log();
    static const unsigned nest_ids[] = { 21, 22, 22, 21 }, seq_ids[] = { 21, 21, 22, 22 };
    static const int nest_entries[] = { 1, 1, 0, 0 }, seq_entries[] = { 1, 0, 1, 0 };
    check_order(expect_preempt ? nest_ids : seq_ids, expect_preempt ? nest_entries : seq_entries, 4);
    ICC_WRITE(ICC_BPR1_EL1, 0);
}

static void eoimode(void)
{
    uart_puts("EOImode 1: PPI 23 (0x80), EOIR drops the priority, DIR deactivates\n");
    ICC_WRITE(ICC_CTLR_EL1, ICC_READ(ICC_CTLR_EL1) | ICC_CTLR_EOIMODE);
    check("ICC_CTLR_EL1.EOImode", (ICC_READ(ICC_CTLR_EL1) >> 1) & 1, 1);
    gic_ppi_enable(PPI_EOI, 0x80);
    log_len = 0;
    gic_ppi_set_pending(PPI_EOI);
    wait_taken(PPI_EOI, 1);
    check("taken once", taken[PPI_EOI], 1);
    check("still active after EOIR", gic_ppi_is_active(PPI_EOI), 1);
    check("running priority idle after EOIR", ICC_READ(ICC_RPR_EL1), 0xFF);
    gic_ppi_set_pending(PPI_EOI);
    for (int i = 0; i < 100000; i++)
        __asm__ volatile("isb" ::: "memory");
    check("pended again while active: not taken", taken[PPI_EOI], 1);
    check("active and pending", gic_ppi_is_active(PPI_EOI) && gic_ppi_is_pending(PPI_EOI), 1);
    ICC_WRITE(ICC_DIR_EL1, PPI_EOI);
    wait_taken(PPI_EOI, 2);
    check("taken again after DIR", taken[PPI_EOI], 2);
    check("active until the second DIR", gic_ppi_is_active(PPI_EOI), 1);
    ICC_WRITE(ICC_DIR_EL1, PPI_EOI);
    check("inactive after DIR", gic_ppi_is_active(PPI_EOI), 0);
    ICC_WRITE(ICC_CTLR_EL1, ICC_READ(ICC_CTLR_EL1) & ~(uint64_t)ICC_CTLR_EOIMODE);
}

int main(void)
{
    uart_init();
    uart_puts("gic-priority guest\n");
    irq_hook = irq;
    gic_init_distributor();
    if (gic_init_cpu() == 0) {
        uart_puts("no redistributor for this CPU\n");
        return 1;
    }
    self = read_mpidr();
    unsigned pribits = ((ICC_READ(ICC_CTLR_EL1) >> 8) & 7) + 1;
    preemption_bits = pribits > 7 ? 7 : (int)pribits;
    for (int i = 0; i < ap_registers(); i++)
        write_ap1r(i, 0);
    irq_enable();

    nested();
    binary_point(0, 1);
    binary_point(6, 0);
    eoimode();

    uart_puts(failures == 0 ? "all priority checks passed\n" : "some priority checks FAILED\n");
    return failures;
}
