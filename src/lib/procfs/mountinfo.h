/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finds the cgroup mounts in /proc/self/mountinfo text: the cgroup2 (unified) mount and the v1
 * "memory" and "pids" hierarchies, so the rest of the project handles v1, v2 and hybrid layouts
 * alike. */
#ifndef OOMGUARD_MOUNTINFO_H
#define OOMGUARD_MOUNTINFO_H

#include <stdbool.h>
#include <stddef.h>

struct cgroup_mounts {
	char unified[256];       /* cgroup2 mount point, "" if none */
	char memory_v1[256];     /* v1 hierarchy with the memory controller, "" if none */
	char pids_v1[256];       /* v1 hierarchy with the pids controller, "" if none */
	bool unified_has_memory; /* filled by the OS layer from cgroup.controllers */
};

/* 0 when any of the three is mounted, else -ENOENT.  The first mount of each wins (a hierarchy
 * bind-mounted again elsewhere is the same one). */
int mountinfo_find_cgroups(const char *text, size_t len, struct cgroup_mounts *out);
/* Undoes mountinfo's octal escapes (\040 for space) in place. */
void mountinfo_unescape(char *s);

#endif
