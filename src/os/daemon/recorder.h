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
	size_t n_psi;                           /* cgroups whose pressure each sample carries */
	struct memsource psi[TRACE_PSI_CGROUPS_MAX];
};

/* cgroup: NULL for the machine, else a memory cgroup path or directory (as --cgroup). */
int recorder_open(struct recorder *r, const char *cgroup);
void recorder_close(struct recorder *r);
/* Adds a cgroup (path or directory) whose memory.pressure and memory.stat pgscan every sample
 * carries.  -ENOENT: no memory cgroup; -EOPNOTSUPP: it has no memory.pressure (cgroup v1, or a
 * kernel without PSI); -E2BIG: already TRACE_PSI_CGROUPS_MAX of them. */
int recorder_add_psi_cgroup(struct recorder *r, const char *cgroup);
/* The i-th pressure cgroup as the trace header names it (its path in the hierarchy). */
const char *recorder_psi_cgroup(const struct recorder *r, size_t i);
/* Fills out (t_ms is left to the caller).  0 or -errno when the memory figures cannot be read.
 * Without scan_procs the process scan is left out (out->procs_skipped). */
int recorder_sample(struct recorder *r, struct trace_sample *out, bool scan_procs);
/* The parts, for a caller with its own memory source and process scan (the daemon):
 * the counters beside the memory figures (vmstat, PSI, the scope's OOM kills, MemTotal), and
 * the largest processes and growers of a finished scan.  Neither allocates. */
void recorder_fill_counters(const struct memsource *ms, struct trace_sample *out);
int recorder_growth_open(struct recorder_growth *g, size_t cap);
void recorder_growth_close(struct recorder_growth *g);
void recorder_fill_procs(struct recorder_growth *g, const struct procscan *scan, struct trace_sample *out);
/* The figures of a memory sample into a trace sample (t_ms is left alone). */
void recorder_fill_figures(const struct mem_sample *m, struct trace_sample *out);
/* The sleeps so far of process pid (its voluntary context switches, /proc/PID/status): a daemon
 * that checks memory after each sleep, watched by `record --watch-pid`.  0 or -errno
 * (-ENODATA: the status has no count, or its file was longer than the buffer). */
int recorder_watch_sleeps(pid_t pid, uint64_t *sleeps);
/* The scope as a trace header names it: "/" or the cgroup path. */
const char *recorder_scope(const struct recorder *r);

#endif
