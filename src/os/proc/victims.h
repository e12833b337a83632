/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who the kernel's OOM killer would pick, in order: a process snapshot ranked for `oomguard top`
 * and `oomguard report`.  Reads the sort key (oom_score by default) of every process, drops
 * kernel threads, sorts, orders the runs of equal oom_score that reach the rows shown by the
 * kernel's exact points (reading stat, status and adj of up to 1,024 tied processes), then reads
 * every detail only for the rows a command will show.  The pure ranking and the plain-words lines
 * live in lib/procfs/oomrank.h. */
#ifndef OOMGUARD_VICTIMS_H
#define OOMGUARD_VICTIMS_H

#include <stddef.h>
#include <stdint.h>
#include "lib/procfs/oomrank.h"
#include "os/proc/proctable.h"

/* The fields a shown row has: stat, status, oom_score, oom_score_adj, cgroup. */
#define VICTIMS_DETAIL (PROC_WANT_STAT | PROC_WANT_STATUS | PROC_WANT_OOM | PROC_WANT_CGROUP)

struct victims {
	struct proctable table;     /* no kernel threads; ranked by `key` */
	enum oomrank_key key;
	size_t rows;                /* table.v[0 .. rows) are the rows asked for, all detailed */
	size_t detailed;            /* table.v[0 .. detailed) have VICTIMS_DETAIL (>= rows) */
	long next_victim;           /* index of the process the kernel would kill, -1 if none */
	uint64_t totalpages;        /* MemTotal + SwapTotal in pages, 0 when meminfo is unreadable */
	unsigned page_kib;
	unsigned protected_count;   /* oom_score_adj -1000 */
	unsigned unkillable_count;  /* init, zombies */
	unsigned kthreads;          /* kernel threads seen (and dropped) */
	size_t top_ties;            /* > 1: this many processes share the top oom_score and were too
				     * many to read and tell apart; next_victim is then only one of them */
};

/* Snapshot ranked by key with full detail for the first detail_n rows (0 = all).  The next victim
 * is always detailed, wherever it ranks.  Returns the number of processes or -errno. */
int victims_scan(struct victims *v, enum oomrank_key key, size_t detail_n);
void victims_free(struct victims *v);

#endif
