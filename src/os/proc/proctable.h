/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A snapshot of the live processes (through sysroot), as the OOM killer sees them.
 * Processes that vanish mid-scan are skipped; unreadable ones (EACCES, hidepid) are counted
 * in `unreadable` so commands can say what they could not see.  Kernel threads are flagged.
 * A scan can read only what it needs for every process (proctable_scan_only, e.g. just the
 * oom_score to rank) and fill in the rest later for the few it shows (proc_fill). */
#ifndef OOMGUARD_PROCTABLE_H
#define OOMGUARD_PROCTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "lib/procfs/proc_entry.h"

struct proctable {
	struct proc_entry *v;
	size_t n, cap;
	unsigned unreadable;          /* processes skipped for EACCES/EPERM or malformed files */
	unsigned vanished;            /* processes that exited during the scan */
};

/* Reads one process: its stat plus `want`.  -ESRCH if it is gone, -EACCES if it cannot be read. */
int proc_read_one(pid_t pid, unsigned want, struct proc_entry *out);
/* Reads the parts of `want` that e (with e->pid set) does not have yet; same errors. */
int proc_fill(struct proc_entry *e, unsigned want);
void proc_entry_free(struct proc_entry *e);

/* Scans every process (stat plus `want`); returns the count or -errno when /proc itself cannot
 * be read. */
int proctable_scan(struct proctable *t, unsigned want);
/* Same, reading exactly `want` (stat only when asked), on several threads for large tables. */
int proctable_scan_only(struct proctable *t, unsigned want);
/* proc_fill for entries [from, to) (in parallel when many); entries that vanished or cannot be
 * read are removed from the table and counted.  Returns how many of the range remain, or -errno. */
int proctable_fill(struct proctable *t, size_t from, size_t to, unsigned want);
void proctable_free(struct proctable *t);
/* Sorts by oom_score (highest first), ties by rss then pid. */
void proctable_sort_oom(struct proctable *t);

#endif
