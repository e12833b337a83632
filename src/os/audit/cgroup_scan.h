/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Walks the memory cgroup hierarchy (v2, v1, or hybrid where v1 holds memory and v2 holds
 * pids) through sysroot and records each cgroup's memory limit, use, OOM counters and pids
 * limit in the audit snapshot.  Bounded: at most CGROUP_SCAN_MAX cgroups, CGROUP_SCAN_DEPTH deep. */
#ifndef OOMGUARD_CGROUP_SCAN_H
#define OOMGUARD_CGROUP_SCAN_H

#include "lib/audit/snapshot.h"

#define CGROUP_SCAN_MAX 4096
#define CGROUP_SCAN_DEPTH 10

/* Fills s->cgroups, s->cgroup_v1/v2; notes unreadable parts.  0, or -ENOMEM. */
int cgroup_scan(struct audit_snapshot *s);

#endif
