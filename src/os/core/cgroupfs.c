/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cgroup mount discovery (see cgroupfs.h). */
#include "os/core/cgroupfs.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "os/core/sysroot.h"

int cgroupfs_discover(struct cgroup_mounts *out)
{
	char *text;
	ssize_t n = sysroot_read_alloc("/proc/self/mountinfo", &text);
	if (n < 0)
		return (int)n;
	int r = mountinfo_find_cgroups(text, (size_t)n, out);
	free(text);
	if (out->unified[0]) {
		char path[PATH_MAX], ctl[512];
		snprintf(path, sizeof(path), "%s/cgroup.controllers", out->unified);
		if (sysroot_read_line(path, ctl, sizeof(ctl)) >= 0) {
			for (char *w = strtok(ctl, " "); w; w = strtok(NULL, " "))
				if (strcmp(w, "memory") == 0)
					out->unified_has_memory = true;
		}
	}
	return r;
}

bool cgroupfs_memory_is_v2(const struct cgroup_mounts *m)
{
	return m->unified[0] && m->unified_has_memory;
}
