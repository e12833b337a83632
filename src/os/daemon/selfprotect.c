/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Self-protection and sd_notify (see selfprotect.h). */
#include "os/daemon/selfprotect.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "lib/util/compiler.h"
#include "config.h"
#include "os/core/systemd_dl.h"
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

OG_COLD void selfprotect_apply(struct selfprotect_result *out)
{
	memset(out, 0, sizeof(*out));
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

#if HAVE_LIBSYSTEMD
/* The service manager's socket, and libsystemd to talk to it (loaded by service_manager_load). */
static const struct systemd_api *manager(void)
{
	const char *s = getenv("NOTIFY_SOCKET");
	return s && *s ? systemd_api() : NULL;
}
bool service_manager_load(void)
{
	const char *s = getenv("NOTIFY_SOCKET");
	return !(s && *s) || systemd_api();
}
static void notify(const char *state)
{
	const struct systemd_api *sd = manager();
	if (sd)
		sd->notify(0, state);
}
void service_notify_ready(void) { notify("READY=1"); }
void service_notify_reloading(void) { notify("RELOADING=1"); }
void service_notify_stopping(void) { notify("STOPPING=1"); }
void service_notify_watchdog(void) { notify("WATCHDOG=1"); }
void service_notify_status(const char *status)
{
	char line[256];
	snprintf(line, sizeof(line), "STATUS=%s", status);
	notify(line);
}
uint64_t service_watchdog_ms(void)
{
	const struct systemd_api *sd = manager();
	uint64_t usec = 0;
	if (!sd || sd->watchdog_enabled(0, &usec) <= 0)
		return 0;
	return usec / 1000;
}
#else
bool service_manager_load(void) { return true; }
void service_notify_ready(void) {}
void service_notify_reloading(void) {}
void service_notify_stopping(void) {}
void service_notify_watchdog(void) {}
void service_notify_status(const char *status) { (void)status; }
uint64_t service_watchdog_ms(void) { return 0; }
#endif
