/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The memory figure the daemon guards, computed from raw kernel numbers: for the machine,
 * MemAvailable plus reclaimable ZFS ARC, as a share of the memory user processes can have
 * (MemAvailable + AnonPages, so tmpfs/shmem that cannot be reclaimed does not count as room);
 * for one cgroup, limit - usage + inactive page cache (v1 usage includes page cache).  Pure. */
#ifndef OOMGUARD_MEMFIGURE_H
#define OOMGUARD_MEMFIGURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/policy/trigger.h"
#include "lib/procfs/meminfo.h"

/* A cgroup limit at or above this is "no limit" (v1 prints PAGE_COUNTER_MAX * PAGE_SIZE). */
#define CGROUP_UNLIMITED_BYTES (1ull << 60)

/* ZFS ARC (/proc/spl/kstat/zfs/arcstats): the part above c_min can be given back on demand.
 * Returns 0 and sets *kib, or -ENOENT when the text lacks size or c_min. */
int arcstats_reclaimable_kib(const char *text, size_t len, uint64_t *kib);
/* One "key value" line of memory.stat; -ENOENT when absent. */
int memory_stat_value(const char *text, size_t len, const char *key, uint64_t *out);

/* Free pages on the per-CPU lists are not added: see memfigure.c. */
void memfigure_system(const struct meminfo *mi, uint64_t arc_reclaimable_kib, struct mem_sample *out);

/* Raw cgroup numbers in bytes; *_limit >= CGROUP_UNLIMITED_BYTES means none. */
struct cgroup_mem {
	uint64_t usage, limit, inactive_file;
	bool has_swap_account;       /* v1 memsw.* or v2 memory.swap.* present */
	uint64_t swap_usage, swap_limit;   /* v2: swap alone; v1: memsw (memory + swap) */
	bool has_majfault;
	uint64_t majfault;           /* memory.stat pgmajfault (v1: total_pgmajfault) */
	bool v1;
};
/* The cgroup's figure, never more than the machine has left (sys). */
void memfigure_cgroup(const struct cgroup_mem *cg, const struct mem_sample *sys, struct mem_sample *out);

#endif
