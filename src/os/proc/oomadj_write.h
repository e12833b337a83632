/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Setting oom_score_adj (or the legacy oom_adj) of several processes as one change: every target
 * is proven by its start time and its file opened before anything is written, and a failed write
 * puts back the ones already written.  The OS side of `oomguard protect`; it prints nothing. */
#ifndef OOMGUARD_OOMADJ_WRITE_H
#define OOMGUARD_OOMADJ_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct oomadj_target {
	pid_t pid;
	uint64_t starttime;      /* from the scan: a process with another start time is not touched */
	bool legacy;             /* write oom_adj (kernels without oom_score_adj) */
	int old_adj;             /* oom_score_adj before the change, written back on rollback */
	int fd;                  /* the open file, -1 before oomadj_apply opens it */
	bool written;            /* holds the new value */
};

/* What went wrong in oomadj_apply, for the message at the edge. */
struct oomadj_failure {
	size_t index;            /* the target that failed */
	bool opening;            /* failed while opening (nothing written) or while writing */
	size_t restored;         /* targets written before the failure and put back */
	size_t stuck;            /* targets written before the failure that could not be put back */
};

/* Sets targets[0..n) to adj: opens all (through a verified /proc/PID directory), then writes
 * all.  On a failed write the targets already written get their old_adj back.  0, or the
 * failing -errno (-ESRCH: exited or pid reused) with *fail filled in.  The files stay open
 * until oomadj_close_all. */
int oomadj_apply(struct oomadj_target *targets, size_t n, int adj, struct oomadj_failure *fail);
void oomadj_close_all(struct oomadj_target *targets, size_t n);

#endif
