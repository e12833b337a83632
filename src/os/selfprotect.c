/* Self-protection and sd_notify (see selfprotect.h). */
#include "os/selfprotect.h"

#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "config.h"
#include "os/sysroot.h"
#if HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif

#ifndef MCL_ONFAULT
#define MCL_ONFAULT 4
#endif

/* Touches stack pages now so they are resident (and locked) before they are needed. */
static void __attribute__((noinline)) prefault_stack(void)
{
	volatile char pad[192 * 1024];
	for (size_t i = 0; i < sizeof(pad); i += 4096)
		pad[i] = 0;
}

/* Keeps freed heap memory mapped and makes one resident arena, so later small allocations
 * (regexec, the log writer) come from locked pages instead of new ones. */
static void keep_heap_resident(void)
{
	mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
	mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
	size_t n = 1024 * 1024;
	char *p = malloc(n);
	if (p) {
		memset(p, 0, n);
		free(p);
	}
}

void selfprotect_apply(struct selfprotect_result *out)
{
	memset(out, 0, sizeof(*out));
	keep_heap_resident();
	prefault_stack();
	if (mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) < 0) {
		/* kernels before 4.4 reject MCL_ONFAULT */
		if (errno != EINVAL || mlockall(MCL_CURRENT | MCL_FUTURE) < 0)
			out->mlock_err = -errno;
	}
	if (sysroot_is_live())
		out->oom_adj_err = sysroot_write("/proc/self/oom_score_adj", "-1000");
}

#if HAVE_LIBSYSTEMD
static bool have_manager(void)
{
	const char *s = getenv("NOTIFY_SOCKET");
	return s && *s;
}
void service_notify_ready(void) { if (have_manager()) sd_notify(0, "READY=1"); }
void service_notify_reloading(void) { if (have_manager()) sd_notify(0, "RELOADING=1"); }
void service_notify_stopping(void) { if (have_manager()) sd_notify(0, "STOPPING=1"); }
void service_notify_watchdog(void) { if (have_manager()) sd_notify(0, "WATCHDOG=1"); }
void service_notify_status(const char *status)
{
	if (have_manager())
		sd_notifyf(0, "STATUS=%s", status);
}
uint64_t service_watchdog_ms(void)
{
	uint64_t usec = 0;
	if (!have_manager() || sd_watchdog_enabled(0, &usec) <= 0)
		return 0;
	return usec / 1000;
}
#else
void service_notify_ready(void) {}
void service_notify_reloading(void) {}
void service_notify_stopping(void) {}
void service_notify_watchdog(void) {}
void service_notify_status(const char *status) { (void)status; }
uint64_t service_watchdog_ms(void) { return 0; }
#endif
