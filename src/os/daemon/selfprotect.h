/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the daemon does to itself so it still runs when memory is gone: lock its pages, opt out
 * of the kernel's OOM killer, keep the malloc heap resident; and the
 * service-manager handshake (sd_notify READY/WATCHDOG/STATUS when NOTIFY_SOCKET is set, through
 * libsystemd loaded on demand: os/systemd_dl.h). */
#ifndef OOMGUARD_SELFPROTECT_H
#define OOMGUARD_SELFPROTECT_H

#include <stdbool.h>
#include <stdint.h>

struct selfprotect_result {
	int mlock_err;       /* 0, or -errno from mlockall */
	int oom_adj_err;     /* 0, or -errno writing /proc/self/oom_score_adj */
};

void selfprotect_apply(struct selfprotect_result *out);

/* Under a service manager (NOTIFY_SOCKET set) loads libsystemd now, while memory is there;
 * false when it is needed but cannot be loaded. */
bool service_manager_load(void);
/* sd_notify wrappers: no-ops without libsystemd or without NOTIFY_SOCKET. */
void service_notify_ready(void);
void service_notify_reloading(void);
void service_notify_stopping(void);
void service_notify_status(const char *status);
void service_notify_watchdog(void);
/* The watchdog period the manager asked for (ms), 0 when none. */
uint64_t service_watchdog_ms(void);

#endif
