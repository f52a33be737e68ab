/*
 * The generic timer's EL1 virtual (CNTV, PPI 27) and physical (CNTP, PPI 30) timers
 * (Arm ARM D11.2), each run periodically for 100 ticks, first re-armed through the
 * relative TVAL form, then through the absolute CVAL form (CVAL += period, so the ticks
 * do not drift). Every interrupt must find ISTATUS set (the condition is met), and none
 * may arrive after the timer is stopped. Then masking: with IMASK set the condition is
 * met (ISTATUS = 1) but no interrupt is signalled; clearing IMASK delivers it once.
 * Only counts and ok/FAIL lines are printed. Exit status: the number of check_failures.
 */
#include "exceptions.h"
#include "irq/check.h"
#include "irq/gic.h"
#include "irq/irq.h"
#include "irq/timer.h"
#include "uart.h"

#define TICKS 100

static const struct timer_ops *active;
static uint64_t period;
static int cval_form;
static volatile uint32_t ticks;
static volatile uint32_t without_istatus;
static volatile uint32_t unexpected;
static volatile uint32_t masked_taken;

static void irq(struct exception_frame *frame)
{
    (void)frame;
    unsigned intid = gic_ack();
    if (intid == INTID_SPURIOUS)
        return;
    if (active == 0 || intid != active->ppi) {
        unexpected++;
        gic_eoi(intid);
        return;
    }
    if (!(active->ctl() & CNT_CTL_ISTATUS))
        without_istatus++;
    uint32_t n = ticks + 1;
    ticks = n;
    if (masked_taken != 0xffffffffu) {
        /* The masking test: one interrupt, then stop. */
        masked_taken++;
        active->set_ctl(0);
    } else if (n >= TICKS) {
        active->set_ctl(0);
    } else if (cval_form) {
        active->set_cval(active->cval() + period);
    } else {
        active->set_tval(period);
    }
    gic_eoi(intid);
}

static void periodic(const struct timer_ops *t, int use_cval)
{
    uart_puts(t->name);
    uart_puts(use_cval ? " timer, CVAL form: " : " timer, TVAL form: ");
    uart_putdec(TICKS);
    uart_puts(" ticks\n");
    masked_taken = 0xffffffffu;
    ticks = 0;
    without_istatus = 0;
    unexpected = 0;
    cval_form = use_cval;
    active = t;
    gic_ppi_enable(t->ppi, 0x80);
    if (use_cval)
        t->set_cval(t->count() + period);
    else
        t->set_tval(period);
    t->set_ctl(CNT_CTL_ENABLE);
    irq_wait_count(&ticks, TICKS);
    /* Stopped in the handler: wait a few periods to see that nothing else comes. */
    uint64_t until = t->count() + 5 * period;
    while ((int64_t)(t->count() - until) < 0)
        ;
    check_value("ticks taken", ticks, TICKS);
    check_value("ticks without ISTATUS", without_istatus, 0);
    check_value("other interrupts", unexpected, 0);
    check_value("ENABLE after stop", t->ctl() & CNT_CTL_ENABLE, 0);
    gic_ppi_disable(t->ppi);
}

static void masked(const struct timer_ops *t)
{
    uart_puts(t->name);
    uart_puts(" timer, IMASK set across the expiry\n");
    ticks = 0;
    unexpected = 0;
    masked_taken = 0;
    active = t;
    gic_ppi_enable(t->ppi, 0x80);
    t->set_tval(period);
    t->set_ctl(CNT_CTL_ENABLE | CNT_CTL_IMASK);
    while (!(t->ctl() & CNT_CTL_ISTATUS))
        ;
    check_value("ISTATUS after the expiry", (t->ctl() >> 2) & 1, 1);
    check_value("TVAL negative after the expiry", (int32_t)t->tval() < 0, 1);
    /* Still masked some periods later: no interrupt, nothing pending at the GIC. */
    uint64_t until = t->count() + 5 * period;
    while ((int64_t)(t->count() - until) < 0)
        ;
    check_value("interrupts while masked", ticks, 0);
    check_value("PPI pending while masked", gic_ppi_is_pending(t->ppi), 0);
    t->set_ctl(CNT_CTL_ENABLE);
    irq_wait_count(&ticks, 1);
    until = t->count() + 5 * period;
    while ((int64_t)(t->count() - until) < 0)
        ;
    check_value("interrupts after unmasking", ticks, 1);
    check_value("other interrupts", unexpected, 0);
    masked_taken = 0xffffffffu;
    gic_ppi_disable(t->ppi);
}

int main(void)
{
    uart_init();
    uart_puts("timer guest\n");
    irq_hook = irq;
    gic_init_distributor();
    if (gic_init_cpu() == 0) {
        uart_puts("no redistributor for this CPU\n");
        return 1;
    }
    uint64_t frequency = read_cntfrq();
    check_value("CNTFRQ_EL0 set", frequency != 0, 1);
    period = frequency / 5000;   /* 200 us */
    if (period == 0)
        period = 1;
    write_cntv_ctl(0);
    write_cntp_ctl(0);
    irq_enable();

    periodic(&timer_virtual, 0);
    periodic(&timer_virtual, 1);
    periodic(&timer_physical, 0);
    periodic(&timer_physical, 1);
    masked(&timer_virtual);
    masked(&timer_physical);

    uart_puts(check_failures == 0 ? "all timer checks passed\n" : "some timer checks FAILED\n");
    return check_failures;
}
