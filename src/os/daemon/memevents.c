/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PSI triggers and cgroup v1 usage thresholds (see memevents.h). */
#include "os/daemon/memevents.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "lib/util/compiler.h"
#include "os/core/sysroot.h"

static int psi_trigger_write(const char *pressure_path, unsigned stall_ms, unsigned window_ms)
{
	char spec[64];
	int fd = sysroot_open(pressure_path, O_RDWR | O_NONBLOCK);
	if (fd < 0)
		return fd;
	int n = snprintf(spec, sizeof(spec), "full %u %u", stall_ms * 1000u, window_ms * 1000u);
	/* the kernel wants the terminating NUL written too */
	if (write(fd, spec, (size_t)n + 1) < 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	return fd;
}

int psi_trigger_open(const char *pressure_path, unsigned stall_ms, unsigned window_ms,
		     unsigned *window_used_ms)
{
	*window_used_ms = window_ms;
	int fd = psi_trigger_write(pressure_path, stall_ms, window_ms);
	if (fd != -EINVAL || window_ms % 2000 == 0)
		return fd;
	/* without CAP_SYS_RESOURCE the kernel only takes windows in whole multiples of 2 s:
	 * keep the same stall share over the next such window */
	unsigned w = (window_ms + 1999) / 2000 * 2000;
	if (w > 10000)
		return fd;
	*window_used_ms = w;
	return psi_trigger_write(pressure_path, (unsigned)((uint64_t)stall_ms * w / window_ms), w);
}

OG_COLD int usage_thresholds_open(struct usage_thresholds *ut, const char *cgdir,
			  const uint64_t *thresholds, size_t n)
{
	char path[PATH_MAX], line[96];
	int r = 0;

	ut->event_fd = ut->usage_fd = -1;
	snprintf(path, sizeof(path), "%s/memory.usage_in_bytes", cgdir);
	ut->usage_fd = sysroot_open(path, O_RDONLY);
	if (ut->usage_fd < 0) {
		r = ut->usage_fd;
		goto fail;
	}
	ut->event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (ut->event_fd < 0) {
		r = -errno;
		goto fail;
	}
	snprintf(path, sizeof(path), "%s/cgroup.event_control", cgdir);
	for (size_t i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "%d %d %llu", ut->event_fd, ut->usage_fd,
			 (unsigned long long)thresholds[i]);
		if ((r = sysroot_write(path, line)) < 0)
			goto fail;
	}
	return 0;
fail:
	usage_thresholds_close(ut);
	return r;
}

void usage_thresholds_close(struct usage_thresholds *ut)
{
	/* closing the eventfd unregisters the thresholds */
	if (ut->event_fd >= 0)
		close(ut->event_fd);
	if (ut->usage_fd >= 0)
		close(ut->usage_fd);
	ut->event_fd = ut->usage_fd = -1;
}

void memevents_drain(int fd)
{
	uint64_t v;
	while (read(fd, &v, sizeof(v)) == (ssize_t)sizeof(v))
		;
}

