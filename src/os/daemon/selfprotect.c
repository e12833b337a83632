/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Self-protection and the service manager's notifications (see selfprotect.h). */
#include "os/daemon/selfprotect.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include "lib/util/compiler.h"
#include "os/core/sd_socket.h"
#include "os/core/sysroot.h"

#ifndef MCL_ONFAULT
#define MCL_ONFAULT 4
#endif

/* Freed heap memory stays mapped (and locked) instead of being trimmed, so allocations after
 * start-up (regexec, a reload) reuse pages that are already resident. */
static void keep_heap_resident(void)
{
#ifdef M_TRIM_THRESHOLD     /* glibc's malloc; musl's (the static oomguard-daemon) has no knobs */
	mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
	mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
#endif
}

static int start_nice;        /* the nice value before any boost */
static bool boosted;

OG_COLD void selfprotect_apply(struct selfprotect_result *out)
{
	memset(out, 0, sizeof(*out));
	errno = 0;
	int nice_now = getpriority(PRIO_PROCESS, 0);
	start_nice = errno ? 0 : nice_now;
	keep_heap_resident();
	/* MCL_ONFAULT: lock what is touched, not every page of the binary and its libraries */
	if (mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) < 0) {
		/* kernels before 4.4 reject MCL_ONFAULT */
		if (errno != EINVAL || mlockall(MCL_CURRENT | MCL_FUTURE) < 0)
			out->mlock_err = -errno;
	}
	if (sysroot_is_live())
		out->oom_adj_err = sysroot_write("/proc/self/oom_score_adj", "-1000");
}

int selfprotect_boost(bool on)
{
	if (on == boosted)
		return 0;
	if (on && start_nice <= SELFPROTECT_BOOST_NICE)
		return 0;                  /* started at least as high */
	if (setpriority(PRIO_PROCESS, 0, on ? SELFPROTECT_BOOST_NICE : start_nice) < 0)
		return -errno;
	boosted = on;
	return 0;
}

/* The service manager's socket, spoken to directly (os/core/sd_socket.h): no library to load,
 * and nothing allocated on the way. */
int service_notify_ready(void) { return sd_socket_notify("READY=1"); }
void service_notify_reloading(void) { (void)sd_socket_notify("RELOADING=1"); }
void service_notify_stopping(void) { (void)sd_socket_notify("STOPPING=1"); }
void service_notify_watchdog(void) { (void)sd_socket_notify("WATCHDOG=1"); }
void service_notify_status(const char *status)
{
	char line[256];
	snprintf(line, sizeof(line), "STATUS=%s", status);
	(void)sd_socket_notify(line);
}
uint64_t service_watchdog_ms(void)
{
	uint64_t usec = 0;
	if (sd_socket_watchdog_usec(&usec) <= 0)
		return 0;
	return usec / 1000;
}
