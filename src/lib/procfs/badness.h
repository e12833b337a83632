/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel's OOM badness (mm/oom_kill.c oom_badness()), split into its factors so users see
 * why a process ranks where it does:  points = rss + swap + pagetables + adj * totalpages / 1000,
 * and /proc/PID/oom_score = points * 1000 / totalpages (5.9+ adds 1000 and maps 0..2000). */
#ifndef OOMGUARD_BADNESS_H
#define OOMGUARD_BADNESS_H

#include <stdbool.h>
#include <stdint.h>

#define OOM_SCORE_ADJ_MIN (-1000)
#define OOM_SCORE_ADJ_MAX 1000
#define OOM_ADJ_DISABLE (-17)        /* legacy /proc/PID/oom_adj scale -17..15 */

struct badness_input {
	uint64_t rss_pages, swap_pages, pgtables_pages;
	int oom_score_adj;
	uint64_t totalpages;             /* RAM + swap pages (global OOM) */
};

struct badness {
	bool unkillable;                 /* adj == -1000 */
	int64_t rss_points, swap_points, pgtables_points, adj_points;
	int64_t points;                  /* sum, may be negative before clamping */
	double share_pct[4];             /* each factor's share of the positive total, for display */
};

void badness_compute(const struct badness_input *in, struct badness *out);
/* Legacy oom_adj <-> oom_score_adj mapping (fs/proc/base.c). */
int oom_adj_to_score_adj(int oom_adj);
int oom_score_adj_to_adj(int score_adj);

#endif
