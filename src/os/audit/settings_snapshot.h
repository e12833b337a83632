/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fills the audit snapshot (lib/audit/snapshot.h) from this machine, or from a fixture tree
 * through sysroot: /proc/sys settings and their sources, meminfo, vmstat, PSI, zoneinfo, THP,
 * swap, tmpfs, cgroups, processes and past OOM kills.  Missing files leave fields empty (old
 * kernels, fixtures); unreadable ones are noted for "as non-root" messages. */
#ifndef OOMGUARD_SETTINGS_SNAPSHOT_H
#define OOMGUARD_SETTINGS_SNAPSHOT_H

#include "lib/audit/snapshot.h"

enum snapshot_parts {
	SNAP_PROCS   = 1u << 0,   /* process table: victims, services, task counts */
	SNAP_CGROUPS = 1u << 1,
	SNAP_KILLS   = 1u << 2,   /* kernel logs */
	SNAP_ALL     = 0x7,
};

/* Returns 0, or -errno when /proc/meminfo itself cannot be read (then *s is empty). */
int settings_snapshot_collect(struct audit_snapshot *s, unsigned parts, double kill_window_days);

#endif
