/* A snapshot of the live processes (through sysroot), as the OOM killer sees them.
 * Processes that vanish mid-scan are skipped; unreadable ones (EACCES, hidepid) are counted
 * in `unreadable` so commands can say what they could not see.  Kernel threads are flagged. */
#ifndef OOMGUARD_PROCTABLE_H
#define OOMGUARD_PROCTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "lib/procfs/pidstat.h"

enum proc_want {
	PROC_WANT_STATUS  = 1u << 0,  /* uid, rss split, swap, page tables */
	PROC_WANT_OOM     = 1u << 1,  /* oom_score, oom_score_adj (or legacy oom_adj) */
	PROC_WANT_CGROUP  = 1u << 2,  /* cgroup path and systemd unit */
	PROC_WANT_CMDLINE = 1u << 3,
	PROC_WANT_ALL     = 0xf,
};

struct proc_entry {
	pid_t pid, ppid, pgrp;
	uint64_t starttime;           /* with pid, identifies this process against pid reuse */
	char comm[COMM_MAX];          /* raw bytes from the kernel; escape before printing */
	char state;
	bool kthread;
	uid_t uid;
	int threads;
	int oom_score;                /* -1 when unreadable */
	int oom_score_adj;            /* mapped from oom_adj when only the legacy file exists */
	bool legacy_oom_adj;          /* the kernel has /proc/PID/oom_adj only */
	uint64_t rss_kb, rss_anon_kb, rss_file_kb, rss_shmem_kb, swap_kb, pte_kb;
	bool has_rss_split;
	char *cgroup;                 /* memory cgroup path (malloc'd) or NULL */
	char *unit;                   /* systemd unit (malloc'd) or NULL */
	char *cmdline;                /* argv joined by spaces (malloc'd) or NULL; raw bytes */
};

struct proctable {
	struct proc_entry *v;
	size_t n, cap;
	unsigned unreadable;          /* processes skipped for EACCES/EPERM */
	unsigned vanished;            /* processes that exited during the scan */
};

/* Reads one process.  -ESRCH/-ENOENT if it is gone, -EACCES if it cannot be read. */
int proc_read_one(pid_t pid, unsigned want, struct proc_entry *out);
void proc_entry_free(struct proc_entry *e);

/* Scans every process; returns the count or -errno when /proc itself cannot be read. */
int proctable_scan(struct proctable *t, unsigned want);
void proctable_free(struct proctable *t);
/* Sorts by oom_score (highest first), ties by rss then pid. */
void proctable_sort_oom(struct proctable *t);

#endif
