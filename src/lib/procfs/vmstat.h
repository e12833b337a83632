/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/vmstat: the counters the project reads (oom_kill, reclaim stalls, refaults, ...).
 * Missing counters (old kernels) stay 0 with their bit clear in `has`. */
#ifndef OOMGUARD_VMSTAT_H
#define OOMGUARD_VMSTAT_H

#include <stddef.h>
#include <stdint.h>

struct vmstat {
	uint64_t oom_kill;            /* kernel >= 4.13 */
	uint64_t allocstall;          /* sum of allocstall_* (or the single pre-4.8 counter) */
	uint64_t pgmajfault, pgscan_kswapd, pgscan_direct, pgsteal_kswapd, pgsteal_direct;
	uint64_t workingset_refault;  /* sum of workingset_refault_{anon,file} on >= 5.9 */
	uint64_t compact_stall, compact_fail, kswapd_low_wmark_hit_quickly;
	uint64_t pswpin, pswpout;
	uint64_t has;
};

#define VMSTAT_HAS_OOM_KILL (1u << 0)

int vmstat_parse(const char *text, size_t len, struct vmstat *out);

#endif
