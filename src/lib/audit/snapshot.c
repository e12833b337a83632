/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Snapshot helpers (see snapshot.h): setting names, notes, freeing. */
#include "lib/audit/snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[SC_COUNT] = {
	[SC_MIN_FREE_KBYTES] = "vm.min_free_kbytes",
	[SC_OVERCOMMIT_MEMORY] = "vm.overcommit_memory",
	[SC_OVERCOMMIT_RATIO] = "vm.overcommit_ratio",
	[SC_OVERCOMMIT_KBYTES] = "vm.overcommit_kbytes",
	[SC_ADMIN_RESERVE_KBYTES] = "vm.admin_reserve_kbytes",
	[SC_USER_RESERVE_KBYTES] = "vm.user_reserve_kbytes",
	[SC_PANIC_ON_OOM] = "vm.panic_on_oom",
	[SC_OOM_KILL_ALLOCATING_TASK] = "vm.oom_kill_allocating_task",
	[SC_OOM_DUMP_TASKS] = "vm.oom_dump_tasks",
	[SC_SWAPPINESS] = "vm.swappiness",
	[SC_WATERMARK_SCALE_FACTOR] = "vm.watermark_scale_factor",
	[SC_VFS_CACHE_PRESSURE] = "vm.vfs_cache_pressure",
	[SC_ZONE_RECLAIM_MODE] = "vm.zone_reclaim_mode",
	[SC_NR_HUGEPAGES] = "vm.nr_hugepages",
	[SC_KERNEL_PANIC] = "kernel.panic",
	[SC_THREADS_MAX] = "kernel.threads-max",
	[SC_PID_MAX] = "kernel.pid_max",
	[SC_OOM_KILL_LEGACY] = "vm.oom-kill",
};

const char *sysctl_name(enum sysctl_id id)
{
	return id < SC_COUNT ? names[id] : "";
}

void audit_snapshot_note(struct audit_snapshot *s, const char *what, const char *problem)
{
	if (s->n_notes >= sizeof(s->notes) / sizeof(s->notes[0]))
		return;
	for (size_t i = 0; i < s->n_notes; i++)
		if (strncmp(s->notes[i], what, strlen(what)) == 0)
			return;
	snprintf(s->notes[s->n_notes++], sizeof(s->notes[0]), "%s: %s", what, problem);
}

void audit_snapshot_free(struct audit_snapshot *s)
{
	free(s->tmpfs);
	free(s->cgroups);
	free(s->procs);
	for (size_t i = 0; i < s->victims.n; i++) {
		free(s->victims.v[i].cgroup);
		free(s->victims.v[i].unit);
		free(s->victims.v[i].cmdline);
	}
	free(s->victims.v);
	free(s->uids);
	free(s->kills);
	memset(s, 0, sizeof(*s));
}
