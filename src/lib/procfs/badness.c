/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Kernel badness arithmetic (see badness.h). */
#include "lib/procfs/badness.h"

#include <string.h>

void badness_compute(const struct badness_input *in, struct badness *out)
{
	memset(out, 0, sizeof(*out));
	out->unkillable = in->oom_score_adj <= OOM_SCORE_ADJ_MIN;
	out->rss_points = (int64_t)in->rss_pages;
	out->swap_points = (int64_t)in->swap_pages;
	out->pgtables_points = (int64_t)in->pgtables_pages;
	out->adj_points = (int64_t)in->oom_score_adj * (int64_t)(in->totalpages / 1000);
	out->points = out->rss_points + out->swap_points + out->pgtables_points + out->adj_points;

	int64_t parts[4] = { out->rss_points, out->swap_points, out->pgtables_points,
			     out->adj_points > 0 ? out->adj_points : 0 };
	int64_t pos = parts[0] + parts[1] + parts[2] + parts[3];
	for (int i = 0; i < 4; i++)
		out->share_pct[i] = pos > 0 ? 100.0 * (double)parts[i] / (double)pos : 0.0;
}

int oom_adj_to_score_adj(int oom_adj)
{
	/* fs/proc/base.c oom_adj_write(): 15 (OOM_ADJUST_MAX) maps to +1000, else adj*1000/17 */
	if (oom_adj == 15)
		return OOM_SCORE_ADJ_MAX;
	return oom_adj * OOM_SCORE_ADJ_MAX / -OOM_ADJ_DISABLE;
}

int oom_score_adj_to_adj(int score_adj)
{
	/* fs/proc/base.c oom_adj_read() */
	if (score_adj == OOM_SCORE_ADJ_MAX)
		return 15;
	return score_adj * -OOM_ADJ_DISABLE / OOM_SCORE_ADJ_MAX;
}
