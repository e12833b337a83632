/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the daemon does to itself so it still runs when memory is gone: lock its pages, opt out
 * of the kernel's OOM killer, keep the malloc heap resident, run first while memory is short; and the
 * service-manager handshake (READY/RELOADING/STOPPING/WATCHDOG/STATUS to NOTIFY_SOCKET when it
 * is set, through systemd's notify protocol spoken directly: os/core/sd_socket.h). */
#ifndef OOMGUARD_SELFPROTECT_H
#define OOMGUARD_SELFPROTECT_H

#include <stdbool.h>
#include <stdint.h>

struct selfprotect_result {
	int mlock_err;       /* 0, or -errno from mlockall */
	int oom_adj_err;     /* 0, or -errno writing /proc/self/oom_score_adj */
};

void selfprotect_apply(struct selfprotect_result *out);

/* While memory is short the daemon runs at SELFPROTECT_BOOST_NICE, so the process it is about to
 * stop (busy in reclaim, on every CPU) does not preempt its scan; back to the nice value it
 * started with (the unit's Nice=) at rest.  Returns 0, or -errno when the nice value cannot be
 * set (no CAP_SYS_NICE): not tried again until the next boost. */
#define SELFPROTECT_BOOST_NICE (-20)
int selfprotect_boost(bool on);

/* Messages to the service manager: no-ops without NOTIFY_SOCKET.  READY=1 says whether it
 * went: 1 sent, 0 no manager, or -errno (the address or the socket is not usable). */
int service_notify_ready(void);
void service_notify_reloading(void);
void service_notify_stopping(void);
void service_notify_status(const char *status);
void service_notify_watchdog(void);
/* The watchdog period the manager asked for (ms), 0 when none. */
uint64_t service_watchdog_ms(void);

#endif
