/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reads the memory the daemon guards (through sysroot): the whole machine, or one cgroup given
 * by `--cgroup PATH` (v2 memory.current/max/high, v1 memory.usage_in_bytes/limit_in_bytes and
 * memsw.*), plus the full avg10 of the matching pressure file.  No allocation after open. */
#ifndef OOMGUARD_MEMSOURCE_H
#define OOMGUARD_MEMSOURCE_H

#include <limits.h>
#include <stdbool.h>
#include "lib/policy/memfigure.h"
#include "lib/policy/victim.h"

#define MEMSOURCE_MOUNT_MAX 256

struct memsource {
	bool cgroup;                 /* guarding one cgroup */
	bool v2;
	char mount[MEMSOURCE_MOUNT_MAX];   /* where the memory hierarchy is mounted ("" if unknown) */
	char rel[CAND_CGROUP_MAX];   /* the cgroup as /proc/PID/cgroup names it, e.g. "/a/b" */
	/* mount + rel, so no longer than these (read at every sample: kept to the pages needed) */
	char dir[MEMSOURCE_MOUNT_MAX + CAND_CGROUP_MAX];       /* e.g. "/sys/fs/cgroup/memory/a/b" */
	char pressure[MEMSOURCE_MOUNT_MAX + CAND_CGROUP_MAX + 32];   /* PSI: the cgroup's (v2) or
	                                                              * the system's */
	bool own_pressure;           /* it is the cgroup's own (else the system's stands in) */
	bool zfs;                    /* /proc/spl/kstat/zfs/arcstats exists */
	bool want_psi;
	uint64_t page_kib;
};

/* cgroup: NULL for the machine; else a path in the memory hierarchy ("/a/b") or the cgroup's
 * directory ("/sys/fs/cgroup/memory/a/b").  -ENOENT when it is no memory cgroup. */
int memsource_open(struct memsource *ms, const char *cgroup, bool want_psi);
int memsource_read(const struct memsource *ms, struct mem_sample *out);
/* The same, leaving the machine's /proc/meminfo text in meminfo_text (NUL-terminated) when it is
 * not NULL: the daemon's kill snapshot shows the deciding sample's, read before the decision,
 * not a read of its own before the signal. */
int memsource_read_text(const struct memsource *ms, struct mem_sample *out, char *meminfo_text,
			size_t meminfo_cap);
/* The page count oom_score_adj scales against: RAM + swap, or the cgroup limit. */
uint64_t memsource_totalpages(const struct memsource *ms, const struct mem_sample *s);

#endif
