/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The OOM kills of the last days on a few lines, as `oomguard report` shows them: the latest ones
 * one by one, the others grouped by host, scope (machine-wide or cgroup) and victim name with their
 * count and first/last time, largest group first.  Pure: works on the snapshot's kill list. */
#ifndef OOMGUARD_KILL_SUMMARY_H
#define OOMGUARD_KILL_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/audit/snapshot.h"

struct kill_group {
	const char *comm;               /* the victims' name (points into the kill list) */
	const char *host;               /* "" when unknown */
	bool memcg;                     /* cgroup-limit kills (else machine-wide) */
	size_t count;
	int64_t first_us, last_us;      /* INT64_MIN when none of them had a time */
	size_t n_cgroups;               /* distinct cgroups among memcg kills (0 when none known) */
	char cgroup[256];               /* that cgroup, or the paths' common prefix + "*" ("" none) */
	uint64_t max_rss_kib;            /* the largest victim, 0 unknown */
	size_t latest;                  /* index in the kill list of the group's latest kill */
};

struct kill_summary {
	size_t n_kills;
	size_t recent;                  /* kills[n_kills - recent .. n_kills) are shown one by one */
	struct kill_group *groups;      /* the kills before those, grouped, largest group first */
	size_t n_groups;
	size_t grouped;                 /* kills in the groups (n_kills - recent) */
	size_t machine_wide;            /* kills that were not at a cgroup limit */
	size_t n_hosts;                 /* distinct known hosts: more than one, show them */
};

/* Groups kills[0 .. n) (oldest first) keeping the last `recent` apart; when grouping would not
 * save lines (at most recent + 2 kills), every kill is kept apart.  0 or -ENOMEM. */
int kill_summary_build(const struct oom_kill_brief *kills, size_t n, size_t recent,
		       struct kill_summary *out);
void kill_summary_free(struct kill_summary *s);
/* Which groups fit in `lines` lines, in order, into idx[]: all when they fit, else lines - 1 of
 * them (the last line sums up the rest), the largest, except that a machine-wide group takes the
 * last of those places when none made it on size: a kill of the whole machine is never hidden
 * behind container restarts.  Returns the count. */
size_t kill_summary_pick(const struct kill_summary *s, size_t lines, size_t *idx);

#endif
