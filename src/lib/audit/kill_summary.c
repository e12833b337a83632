/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Grouping of past OOM kills for the report (see kill_summary.h).  The kills to group are sorted
 * by (host, scope, name, cgroup), so each group is one run and its distinct cgroups and their
 * common prefix come from neighbours: O(n log n) for any history. */
#include "lib/audit/kill_summary.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_key(const struct oom_kill_brief *a, const struct oom_kill_brief *b)
{
	int c = strcmp(a->host, b->host);
	if (c)
		return c;
	if (a->memcg != b->memcg)
		return a->memcg ? 1 : -1;   /* machine-wide first */
	return strcmp(a->comm, b->comm);
}

static int cmp_kill(const void *x, const void *y)
{
	const struct oom_kill_brief *a = *(const struct oom_kill_brief *const *)x;
	const struct oom_kill_brief *b = *(const struct oom_kill_brief *const *)y;
	int c = cmp_key(a, b);
	if (c)
		return c;
	c = strcmp(a->cgroup, b->cgroup);
	if (c)
		return c;
	return a < b ? -1 : a > b;       /* stable: log order */
}

static int cmp_group(const void *x, const void *y)
{
	const struct kill_group *a = x, *b = y;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return a->latest > b->latest ? -1 : a->latest < b->latest;
}

/* Fills g from the run v[0 .. n) (sorted, same key). */
static void fill_group(struct kill_group *g, const struct oom_kill_brief *const *v, size_t n,
		       const struct oom_kill_brief *base)
{
	const char *first_cg = NULL, *last_cg = NULL;

	memset(g, 0, sizeof(*g));
	g->comm = v[0]->comm;
	g->host = v[0]->host;
	g->memcg = v[0]->memcg;
	g->count = n;
	g->first_us = g->last_us = INT64_MIN;
	for (size_t i = 0; i < n; i++) {
		const struct oom_kill_brief *k = v[i];
		size_t idx = (size_t)(k - base);
		if (i == 0 || idx > g->latest)
			g->latest = idx;
		if (k->time_us != INT64_MIN) {
			if (g->first_us == INT64_MIN || k->time_us < g->first_us)
				g->first_us = k->time_us;
			if (g->last_us == INT64_MIN || k->time_us > g->last_us)
				g->last_us = k->time_us;
		}
		if (k->rss_kib > g->max_rss_kib)
			g->max_rss_kib = k->rss_kib;
		if (!k->cgroup[0])
			continue;
		if (!last_cg || strcmp(last_cg, k->cgroup) != 0)
			g->n_cgroups++;
		if (!first_cg)
			first_cg = k->cgroup;
		last_cg = k->cgroup;
	}
	if (!first_cg)
		return;
	if (g->n_cgroups == 1) {
		snprintf(g->cgroup, sizeof(g->cgroup), "%s", first_cg);
		return;
	}
	/* sorted: the common prefix of the first and last is everyone's */
	size_t p = 0;
	while (first_cg[p] && first_cg[p] == last_cg[p])
		p++;
	if (p > 1)
		snprintf(g->cgroup, sizeof(g->cgroup), "%.*s*", (int)(p < sizeof(g->cgroup) - 2 ? p :
			 sizeof(g->cgroup) - 2), first_cg);
}

int kill_summary_build(const struct oom_kill_brief *kills, size_t n, size_t recent,
		       struct kill_summary *out)
{
	memset(out, 0, sizeof(*out));
	out->n_kills = n;
	for (size_t i = 0; i < n; i++) {
		out->machine_wide += !kills[i].memcg;
		bool seen = !kills[i].host[0];
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(kills[j].host, kills[i].host) == 0;
		out->n_hosts += !seen;
		if (out->n_hosts > 1)
			break;  /* only "one or more" matters */
	}
	if (n <= recent + 2) {
		out->recent = n;
		return 0;
	}
	out->recent = recent;
	out->grouped = n - recent;

	const struct oom_kill_brief **v = malloc(out->grouped * sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < out->grouped; i++)
		v[i] = &kills[i];
	qsort(v, out->grouped, sizeof(*v), cmp_kill);
	size_t runs = 0;
	for (size_t i = 0; i < out->grouped; i++)
		runs += i == 0 || cmp_key(v[i - 1], v[i]) != 0;
	out->groups = calloc(runs, sizeof(*out->groups));
	if (!out->groups) {
		free(v);
		return -ENOMEM;
	}
	for (size_t i = 0; i < out->grouped;) {
		size_t j = i + 1;
		while (j < out->grouped && cmp_key(v[i], v[j]) == 0)
			j++;
		fill_group(&out->groups[out->n_groups++], v + i, j - i, kills);
		i = j;
	}
	free(v);
	qsort(out->groups, out->n_groups, sizeof(*out->groups), cmp_group);
	return 0;
}

void kill_summary_free(struct kill_summary *s)
{
	free(s->groups);
	memset(s, 0, sizeof(*s));
}

size_t kill_summary_pick(const struct kill_summary *s, size_t lines, size_t *idx)
{
	if (lines == 0)
		return 0;
	size_t n = s->n_groups <= lines ? s->n_groups : lines - 1;
	bool machine = false;
	for (size_t i = 0; i < n; i++) {
		idx[i] = i;
		machine |= !s->groups[i].memcg;
	}
	if (!machine && n > 0)
		for (size_t i = n; i < s->n_groups; i++)
			if (!s->groups[i].memcg) {
				idx[n - 1] = i;
				break;
			}
	return n;
}
