#ifndef GUEST_TIMER_H
#define GUEST_TIMER_H

#include <stdint.h>

/* The generic timer's EL1 physical and virtual timers (Arm ARM D11). Their outputs are
 * the PPIs 30 (physical, CNTP) and 27 (virtual, CNTV) on the virt board. */
#define PPI_CNTP 30
#define PPI_CNTV 27

#define CNT_CTL_ENABLE  (1u << 0)
#define CNT_CTL_IMASK   (1u << 1)
#define CNT_CTL_ISTATUS (1u << 2)

#define SYSREG_RW(name, reg)                                                                  \
    static inline uint64_t read_##name(void) { uint64_t v; __asm__ volatile("isb\n\tmrs %0, " #reg : "=r"(v) :: "memory"); return v; } \
    static inline void write_##name(uint64_t v) { __asm__ volatile("msr " #reg ", %0\n\tisb" :: "r"(v) : "memory"); }

SYSREG_RW(cntfrq, cntfrq_el0)
SYSREG_RW(cntpct, cntpct_el0)
SYSREG_RW(cntvct, cntvct_el0)
SYSREG_RW(cntp_ctl, cntp_ctl_el0)
SYSREG_RW(cntp_cval, cntp_cval_el0)
SYSREG_RW(cntp_tval, cntp_tval_el0)
SYSREG_RW(cntv_ctl, cntv_ctl_el0)
SYSREG_RW(cntv_cval, cntv_cval_el0)
SYSREG_RW(cntv_tval, cntv_tval_el0)

/* One timer (physical or virtual) through function pointers, so a test runs on both. */
struct timer_ops {
    const char *name;
    unsigned ppi;
    uint64_t (*count)(void);
    uint64_t (*ctl)(void);
    void (*set_ctl)(uint64_t);
    uint64_t (*cval)(void);
    void (*set_cval)(uint64_t);
    uint64_t (*tval)(void);
    void (*set_tval)(uint64_t);
};

static const struct timer_ops timer_virtual = {
    "virtual", PPI_CNTV, read_cntvct, read_cntv_ctl, write_cntv_ctl, read_cntv_cval,
    write_cntv_cval, read_cntv_tval, write_cntv_tval,
};
static const struct timer_ops timer_physical = {
    "physical", PPI_CNTP, read_cntpct, read_cntp_ctl, write_cntp_ctl, read_cntp_cval,
    write_cntp_cval, read_cntp_tval, write_cntp_tval,
};

#endif
