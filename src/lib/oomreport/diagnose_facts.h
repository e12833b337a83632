/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the diagnosis rules share (internal to lib/oomreport): the facts gathered from one report
 * and the helpers that add evidence and next steps to a diagnosis. */
#ifndef OOMGUARD_DIAGNOSE_FACTS_H
#define OOMGUARD_DIAGNOSE_FACTS_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/oomreport/diagnosis.h"
#include "lib/oomreport/oom_event.h"

struct facts {
	const struct oom_event *ev;
	struct oom_diagnosis *d;
	int64_t pk;                 /* page size in kB (4 when the report does not show it) */
	bool pk_assumed;
	int64_t ram_kib, usable_kib;  /* usable = RAM - HugeTLB pool */
	int64_t top_kib;             /* largest task's rss (task table or victim line) */
	const char *top_name;
	int64_t top_pid;
	int64_t sum_kib;             /* all tasks' rss */
};

/* One line of evidence / one next step (at most OOM_DIAG_LINES of each; more are dropped). */
void diag_evidence(struct oom_diagnosis *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_step(struct oom_diagnosis *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* part as a whole percent of whole; 0 when either is unknown. */
int64_t diag_pct(int64_t part, int64_t whole);
/* The systemd unit a cgroup path ends in ("x.service", "y.scope"), or NULL. */
const char *diag_unit_of(const char *cgroup);

#endif
