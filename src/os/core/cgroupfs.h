/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where the cgroup hierarchies are mounted on this machine (through sysroot), discovered once:
 * v2 unified, v1 memory, or both (hybrid).  Readers of cgroup files build paths from these. */
#ifndef OOMGUARD_CGROUPFS_H
#define OOMGUARD_CGROUPFS_H

#include "lib/procfs/mountinfo.h"

/* Fills *out from /proc/self/mountinfo; -ENOENT when no cgroup filesystem is mounted. */
int cgroupfs_discover(struct cgroup_mounts *out);
/* True when memory is accounted on cgroup v2 (memory listed in the unified cgroup.controllers). */
bool cgroupfs_memory_is_v2(const struct cgroup_mounts *m);

#endif
