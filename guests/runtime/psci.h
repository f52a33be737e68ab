#ifndef GUEST_PSCI_H
#define GUEST_PSCI_H

#include <stdint.h>

/* Arm PSCI (DEN 0022) function IDs and return codes. */
#define PSCI_VERSION            0x84000000u
#define PSCI_CPU_SUSPEND        0xc4000001u
#define PSCI_CPU_OFF            0x84000002u
#define PSCI_CPU_ON             0xc4000003u
#define PSCI_AFFINITY_INFO      0xc4000004u
#define PSCI_MIGRATE_INFO_TYPE  0x84000006u
#define PSCI_SYSTEM_OFF         0x84000008u
#define PSCI_SYSTEM_RESET       0x84000009u
#define PSCI_FEATURES           0x8400000au
#define SMCCC_VERSION           0x80000000u

#define PSCI_SUCCESS             0
#define PSCI_NOT_SUPPORTED      -1
#define PSCI_INVALID_PARAMETERS -2
#define PSCI_DENIED             -3
#define PSCI_ALREADY_ON         -4
#define PSCI_ON_PENDING         -5
#define PSCI_INTERNAL_FAILURE   -6
#define PSCI_NOT_PRESENT        -7
#define PSCI_DISABLED           -8
#define PSCI_INVALID_ADDRESS    -9

/* Chooses the conduit: "smc" or anything else for HVC (the default on virt). */
void psci_set_conduit(const char *method);
int64_t psci_call(uint64_t function, uint64_t arg1, uint64_t arg2, uint64_t arg3);

#endif
