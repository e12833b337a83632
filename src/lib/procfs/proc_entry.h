/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One process as oomguard sees it: the fields the OOM killer's ranking and its explanation need.
 * Filled by the OS layer (os/proctable.h), ranked and explained by pure code (lib/procfs/oomrank.h).
 * `have` says which parts were read, so a scan can read the cheap part for every process and the
 * rest only for the processes it will show. */
#ifndef OOMGUARD_PROC_ENTRY_H
#define OOMGUARD_PROC_ENTRY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "lib/procfs/pidstat.h"

enum proc_want {
	PROC_WANT_STATUS  = 1u << 0,  /* uid, rss split, swap, page tables */
	PROC_WANT_OOM     = 1u << 1,  /* oom_score and oom_score_adj (or legacy oom_adj) */
	PROC_WANT_CGROUP  = 1u << 2,  /* cgroup path and systemd unit */
	PROC_WANT_CMDLINE = 1u << 3,
	PROC_WANT_STAT    = 1u << 4,  /* comm, state, ppid, starttime, kernel-thread flag */
	PROC_WANT_SCORE   = 1u << 5,  /* oom_score alone */
	PROC_WANT_ADJ     = 1u << 6,  /* oom_score_adj alone */
	PROC_WANT_ALL     = 0x7f,
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
	bool has_mm;                  /* status shows VmRSS: the process has memory to free */
	uint64_t rss_kib, rss_anon_kib, rss_file_kib, rss_shmem_kib, swap_kib, pgtables_kib;
	uint64_t oom_rss_pages;       /* stat's rss: the count oom_badness() reads (get_mm_rss(), which
				       * leaves out per-CPU batches; status's VmRSS adds them since 6.16) */
	bool has_rss_split;
	unsigned have;                /* PROC_WANT_* bits already read */
	char *cgroup;                 /* memory cgroup path (malloc'd) or NULL */
	char *unit;                   /* systemd unit (malloc'd) or NULL */
	char *cmdline;                /* argv joined by spaces (malloc'd) or NULL; raw bytes */
};

#endif
