/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The heuristic thresholds of `check`, in one table: each has a name, a default and a line of
 * help, and can be changed with `oomguard check --set NAME=VALUE` (see `--thresholds`).
 * Values that come from the kernel itself (formulas, documented limits) are not here. */
#ifndef OOMGUARD_THRESHOLDS_H
#define OOMGUARD_THRESHOLDS_H

#include <stddef.h>

struct audit_thresholds {
	double mem_available_warn_pct, mem_available_crit_pct;
	double min_free_warn_pct, min_free_crit_pct;
	double commit_warn_pct, commit_crit_pct;
	double overcommit_ratio_low, small_swap_pct;
	double swap_used_warn_pct, swap_used_crit_pct;
	double hugetlb_unused_warn_pct, hugetlb_total_warn_pct;
	double shmem_warn_pct, shmem_crit_pct;
	double slab_unreclaim_warn_pct;
	double kernel_stack_warn_pct, page_tables_warn_pct, unevictable_warn_pct;
	double tasks_warn_pct, tasks_crit_pct, nproc_warn_pct, cg_pids_warn_pct;
	double cg_mem_warn_pct;
	double psi_some_avg60_warn, psi_full_avg10_warn, psi_full_avg10_crit;
	double allocstall_per_hour;
	double next_victims;
	double lowmem_free_warn_pct;
	double kill_window_days;
	double numa_other_free_pct, numa_cache_info_pct;
};

struct threshold_def {
	const char *name;
	size_t offset;            /* into struct audit_thresholds */
	double def;
	const char *help;
};

extern const struct threshold_def threshold_defs[];
extern const size_t threshold_ndefs;

void thresholds_default(struct audit_thresholds *t);
/* "name=value": 0, -ENOENT for an unknown name, -EINVAL for a bad value. */
int thresholds_set(struct audit_thresholds *t, const char *assignment);
double threshold_get(const struct audit_thresholds *t, const struct threshold_def *d);

#endif
