/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Takes trace samples (lib/policy/trace.h) of the guarded scope: the memory figure the daemon
 * guards, MemTotal, swap, PSI some/full, paging and reclaim counters, the kernel's OOM kill
 * count, the largest processes and the fastest growers since the previous sample.  Everything
 * is allocated by recorder_open; a sample allocates nothing (the daemon's flight recorder may
 * take one while memory is nearly gone). */
#ifndef OOMGUARD_RECORDER_H
#define OOMGUARD_RECORDER_H

#include <stdint.h>
#include "lib/policy/trace.h"
#include "os/daemon/memsource.h"
#include "os/daemon/procscan.h"

struct recorder_prev {
	pid_t pid;
	uint64_t starttime;
	uint64_t rss_kib;
};

/* Growth between two process scans: the last scan's processes, sorted by pid. */
struct recorder_growth {
	struct recorder_prev *prev, *next;
	size_t n_prev, cap;
	bool have_prev;
};

struct recorder {
	struct memsource ms;
	struct procscan scan;
	struct recorder_growth growth;
};

/* cgroup: NULL for the machine, else a memory cgroup path or directory (as --cgroup). */
int recorder_open(struct recorder *r, const char *cgroup);
void recorder_close(struct recorder *r);
/* Fills out (t_ms is left to the caller).  0 or -errno when the memory figures cannot be read. */
int recorder_sample(struct recorder *r, struct trace_sample *out);
/* The parts, for a caller with its own memory source and process scan (the daemon):
 * the counters beside the memory figures (vmstat, PSI, the scope's OOM kills, MemTotal), and
 * the largest processes and growers of a finished scan.  Neither allocates. */
void recorder_fill_counters(const struct memsource *ms, struct trace_sample *out);
int recorder_growth_open(struct recorder_growth *g, size_t cap);
void recorder_growth_close(struct recorder_growth *g);
void recorder_fill_procs(struct recorder_growth *g, const struct procscan *scan, struct trace_sample *out);
/* The figures of a memory sample into a trace sample (t_ms is left alone). */
void recorder_fill_figures(const struct mem_sample *m, struct trace_sample *out);
/* The scope as a trace header names it: "/" or the cgroup path. */
const char *recorder_scope(const struct recorder *r);

#endif
