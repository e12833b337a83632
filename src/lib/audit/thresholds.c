/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The heuristic thresholds table (see thresholds.h).  Every number here is a tuning choice,
 * not a kernel fact; sources that suggested a value are named in the help text. */
#include "lib/audit/thresholds.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define T(field, def, help) { #field, offsetof(struct audit_thresholds, field), def, help }

const struct threshold_def threshold_defs[] = {
	T(mem_available_warn_pct, 10, "warn when MemAvailable is below this % of MemTotal"),
	T(mem_available_crit_pct, 3, "critical below this % of MemTotal"),
	T(min_free_warn_pct, 1, "warn when vm.min_free_kbytes exceeds this % of RAM (Tencent Cloud)"),
	T(min_free_crit_pct, 5, "critical above this % of RAM"),
	T(commit_warn_pct, 90, "overcommit_memory=2: warn when Committed_AS reaches this % of CommitLimit"),
	T(commit_crit_pct, 98, "overcommit_memory=2: critical at this % of CommitLimit"),
	T(overcommit_ratio_low, 50, "overcommit_memory=2: warn when overcommit_ratio is at most this ..."),
	T(small_swap_pct, 25, "... and swap is smaller than this % of RAM"),
	T(swap_used_warn_pct, 80, "warn when this % of swap is used"),
	T(swap_used_crit_pct, 95, "critical when this % of swap is used"),
	T(hugetlb_unused_warn_pct, 10, "warn when free, unreserved huge pages exceed this % of RAM"),
	T(hugetlb_total_warn_pct, 50, "warn when the huge page pool exceeds this % of RAM"),
	T(shmem_warn_pct, 20, "warn when Shmem (tmpfs, shared memory) exceeds this % of RAM"),
	T(shmem_crit_pct, 50, "critical above this % of RAM"),
	T(slab_unreclaim_warn_pct, 10, "warn when SUnreclaim exceeds this % of RAM"),
	T(kernel_stack_warn_pct, 2, "warn when KernelStack exceeds this % of RAM (thread explosion)"),
	T(page_tables_warn_pct, 5, "warn when PageTables exceed this % of RAM"),
	T(unevictable_warn_pct, 10, "warn when Unevictable (mlocked) memory exceeds this % of RAM"),
	T(tasks_warn_pct, 80, "warn when tasks reach this % of min(kernel.pid_max, kernel.threads-max)"),
	T(tasks_crit_pct, 95, "critical at this %"),
	T(nproc_warn_pct, 80, "warn when a user's tasks reach this % of its RLIMIT_NPROC"),
	T(cg_pids_warn_pct, 80, "warn when a cgroup's pids.current reaches this % of pids.max"),
	T(cg_mem_warn_pct, 90, "warn when a cgroup's memory use reaches this % of its limit"),
	T(psi_some_avg60_warn, 10, "warn when memory PSI some avg60 reaches this %"),
	T(psi_full_avg10_warn, 5, "warn when memory PSI full avg10 reaches this %"),
	T(psi_full_avg10_crit, 50, "critical when memory PSI full avg10 reaches this % (systemd-oomd uses 50-60)"),
	T(allocstall_per_hour, 60, "suggest vm.watermark_scale_factor when direct reclaim stalls exceed this rate"),
	T(next_victims, 5, "how many of the top oom_score processes count as the next victims"),
	T(lowmem_free_warn_pct, 5, "32-bit kernels: warn when LowFree is below this % of LowTotal"),
	T(kill_window_days, 7, "how far back past OOM kills in the logs are reported"),
	T(numa_other_free_pct, 10, "NUMA: flag a node below its low watermark when another has this % free"),
	T(numa_cache_info_pct, 10, "... only as info while page cache (less shmem) is this % of the node"),
};
const size_t threshold_ndefs = sizeof(threshold_defs) / sizeof(threshold_defs[0]);

double threshold_get(const struct audit_thresholds *t, const struct threshold_def *d)
{
	return *(const double *)(const void *)((const char *)t + d->offset);
}

void thresholds_default(struct audit_thresholds *t)
{
	for (size_t i = 0; i < threshold_ndefs; i++)
		*(double *)(void *)((char *)t + threshold_defs[i].offset) = threshold_defs[i].def;
}

int thresholds_set(struct audit_thresholds *t, const char *assignment)
{
	const char *eq = strchr(assignment, '=');
	if (!eq)
		return -EINVAL;
	size_t n = (size_t)(eq - assignment);
	for (size_t i = 0; i < threshold_ndefs; i++) {
		if (strlen(threshold_defs[i].name) != n || memcmp(threshold_defs[i].name, assignment, n))
			continue;
		char *end;
		errno = 0;
		double v = strtod(eq + 1, &end);
		if (errno || end == eq + 1 || *end || !isfinite(v) || v < 0)
			return -EINVAL;
		*(double *)(void *)((char *)t + threshold_defs[i].offset) = v;
		return 0;
	}
	return -ENOENT;
}
