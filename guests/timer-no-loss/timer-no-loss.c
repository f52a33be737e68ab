/*
 * No timer expiry is lost or duplicated whatever the CPU is doing when it happens. Each
 * round arms a timer a short time ahead (TVAL) and keeps the CPU busy across the expiry
 * with one kind of activity, until well after it:
 *   uart  - printing over the PL011 and reading its registers (MMIO),
 *   wfi   - waiting in WFI,
 *   svc   - taking SVC exceptions back to back,
 *   masked - with IRQs masked: MMIO and SVCs until ISTATUS shows the expiry, then WFI
 *           (which must return, the interrupt being pending) and unmasking.
 * The handler stops the timer, so every round must see exactly one interrupt, with
 * ISTATUS set. Virtual and physical timers both. Exit status: the number of check_failures.
 */
#include "exceptions.h"
#include "irq/check.h"
#include "irq/gic.h"
#include "irq/irq.h"
#include "irq/timer.h"
#include "uart.h"

#define ROUNDS 10
#define UARTFR   0x018
#define UARTCR   0x030
#define UARTIMSC 0x038

enum activity { UART, WFI, SVC, MASKED, ACTIVITIES };
static const char *const activity_names[ACTIVITIES] = { "uart", "wfi", "svc", "masked" };

static const struct timer_ops *active;
static uint64_t delay;
static volatile uint32_t fired;
static volatile uint32_t without_istatus;
static volatile uint32_t unexpected;
static volatile uint32_t svcs;

static void irq(struct exception_frame *frame)
{
    (void)frame;
    unsigned intid = gic_ack();
    if (intid == INTID_SPURIOUS)
        return;
    if (active == 0 || intid != active->ppi) {
        unexpected++;
    } else {
        if (!(active->ctl() & CNT_CTL_ISTATUS))
            without_istatus++;
        active->set_ctl(0);
        fired++;
    }
    gic_eoi(intid);
}

static void sync(struct exception_frame *frame)
{
    (void)frame;
    if ((read_esr_el1() >> 26) != 0x15) {
        uart_puts("unexpected synchronous exception\n");
        unexpected++;
        frame->elr += 4;
        return;
    }
    svcs++;   /* ELR_EL1 already points past the SVC */
}

static void mmio_burst(void)
{
    for (int i = 0; i < 8; i++) {
        (void)mmio_read32(UART_BASE + UARTFR);
        (void)mmio_read32(UART_BASE + UARTCR);
        (void)mmio_read32(UART_BASE + UARTIMSC);
    }
}

static void svc_burst(void)
{
    for (int i = 0; i < 8; i++)
        __asm__ volatile("svc #1" ::: "memory");
}

static int past(uint64_t deadline)
{
    return (int64_t)(active->count() - deadline) >= 0;
}

static void round_(enum activity what, int round)
{
    uint32_t before = fired;
    uint64_t deadline = active->count() + delay;
    if (what == MASKED)
        irq_disable();
    active->set_tval(delay);
    active->set_ctl(CNT_CTL_ENABLE);
    /* Busy until the interrupt has been taken (an implementation may take it some time
     * after the expiry; a second is a generous bound) and a few delays more, in which a
     * repeated interrupt would show. */
    uint64_t settle = deadline + 4 * delay;
    uint64_t give_up = deadline + read_cntfrq();
#define UNTIL_SETTLED(body) while ((fired == before || !past(settle)) && !past(give_up)) { body; }
    switch (what) {
    case UART:
        uart_puts("    round ");
        uart_putdec(round);
        uart_puts(": printing across the expiry\n");
        UNTIL_SETTLED(mmio_burst());
        break;
    case WFI:
        irq_wait_count(&fired, before + 1);
        UNTIL_SETTLED(mmio_burst());
        break;
    case SVC:
        UNTIL_SETTLED(svc_burst());
        break;
    case MASKED:
        while (!(active->ctl() & CNT_CTL_ISTATUS)) {
            mmio_burst();
            svc_burst();
        }
        while (!past(settle)) {
            mmio_burst();
            svc_burst();
        }
        if (fired != before) {
            uart_puts("    taken while masked: FAIL\n");
            check_failures++;
        }
        __asm__ volatile("wfi" ::: "memory");   /* pending, so WFI must return */
        irq_enable();
        settle = active->count() + 4 * delay;
        give_up = active->count() + read_cntfrq();
        UNTIL_SETTLED(mmio_burst());
        break;
    default:
        break;
    }
    active->set_ctl(0);
    if (fired - before != 1) {
        uart_puts("    round ");
        uart_putdec(round);
        uart_puts(": FAIL, ");
        uart_putdec(fired - before);
        uart_puts(" interrupts\n");
        check_failures++;
    }
}

static void run(const struct timer_ops *t, enum activity what)
{
    uart_puts(t->name);
    uart_puts(" timer, ");
    uart_puts(activity_names[what]);
    uart_puts(" across the expiry, ");
    uart_putdec(ROUNDS);
    uart_puts(" rounds\n");
    active = t;
    fired = 0;
    without_istatus = 0;
    unexpected = 0;
    gic_ppi_enable(t->ppi, 0x80);
    for (int r = 1; r <= ROUNDS; r++)
        round_(what, r);
    check_value("interrupts taken", fired, ROUNDS);
    check_value("taken without ISTATUS", without_istatus, 0);
    check_value("other exceptions", unexpected, 0);
    gic_ppi_disable(t->ppi);
}

int main(void)
{
    uart_init();
    uart_puts("timer-no-loss guest\n");
    irq_hook = irq;
    sync_hook = sync;
    gic_init_distributor();
    if (gic_init_cpu() == 0) {
        uart_puts("no redistributor for this CPU\n");
        return 1;
    }
    delay = read_cntfrq() / 20000;   /* 50 us */
    if (delay == 0)
        delay = 1;
    write_cntv_ctl(0);
    write_cntp_ctl(0);
    irq_enable();
    for (enum activity a = UART; a < ACTIVITIES; a++) {
        run(&timer_virtual, a);
        run(&timer_physical, a);
    }
    check_value("SVCs taken", svcs != 0, 1);
    uart_puts(check_failures == 0 ? "no expiry lost or repeated\n" : "some timer-no-loss checks FAILED\n");
    return check_failures;
}
