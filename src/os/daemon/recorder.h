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

struct recorder {
	struct memsource ms;
	struct procscan scan;
	struct recorder_prev *prev, *next;   /* last sample's processes, sorted by pid */
	size_t n_prev, cap;
	bool have_prev;
};

/* cgroup: NULL for the machine, else a memory cgroup path or directory (as --cgroup). */
int recorder_open(struct recorder *r, const char *cgroup);
void recorder_close(struct recorder *r);
/* Fills out (t_ms is left to the caller).  0 or -errno when the memory figures cannot be read. */
int recorder_sample(struct recorder *r, struct trace_sample *out);
/* The scope as a trace header names it: "/" or the cgroup path. */
const char *recorder_scope(const struct recorder *r);

#endif
