/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Kernel event sources that wake the daemon instead of a timer: a PSI trigger
 * (Documentation/accounting/psi.rst: write "full <stall_us> <window_us>" to a pressure file,
 * then poll for POLLPRI) and, for a cgroup v1 scope, memory usage thresholds
 * (Documentation/admin-guide/cgroup-v1/memory.rst "Memory thresholds": an eventfd registered
 * through cgroup.event_control that fires when memory.usage_in_bytes crosses a value). */
#ifndef OOMGUARD_MEMEVENTS_H
#define OOMGUARD_MEMEVENTS_H

#include <stddef.h>
#include <stdint.h>

/* Opens pressure_path (through sysroot) and arms a trigger; returns the fd to poll for
 * EPOLLPRI, or -errno (-ENOENT: no PSI; -EINVAL: window or stall out of range).  Without
 * CAP_SYS_RESOURCE the kernel wants windows in multiples of 2 s: the window is then rounded up
 * (the stall scaled with it) and *window_used_ms says so. */
int psi_trigger_open(const char *pressure_path, unsigned stall_ms, unsigned window_ms,
		     unsigned *window_used_ms);

struct usage_thresholds {
	int event_fd;                /* readable when any threshold is crossed, either way */
	int usage_fd;                /* memory.usage_in_bytes, kept open while registered */
};
/* Registers each byte value in thresholds on cgroup v1 directory cgdir.  Returns 0 or -errno;
 * on error nothing stays open. */
int usage_thresholds_open(struct usage_thresholds *ut, const char *cgdir,
			  const uint64_t *thresholds, size_t n);
void usage_thresholds_close(struct usage_thresholds *ut);
/* Reads and discards a pending event count (eventfd, or nothing for PSI fds). */
void memevents_drain(int fd);

#endif
