/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The lines a memory cgroup's OOM adds (mm/memcontrol.c): usage and limit per counter, "Task in
 * X killed as a result of limit of Y" (gathered when split over lines) and the "Memory cgroup
 * stats" block in its old one-line and newer one-per-line forms.  Called by oom_report_line. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/oomreport/oom_parse.h"

/* "memory: usage %llukB, limit %llukB, failcnt %lu" and its memory+swap / kmem / swap forms. */
bool oom_memcg_usage(struct oom_report *r, const char *line)
{
	static const struct { const char *prefix; size_t off; } kinds[] = {
		{ "memory: usage ", offsetof(struct oom_memcg, usage_kib) },
		{ "memory+swap: usage ", offsetof(struct oom_memcg, memsw_usage_kib) },
		{ "kmem: usage ", offsetof(struct oom_memcg, kmem_usage_kib) },
		{ "swap: usage ", offsetof(struct oom_memcg, swap_usage_kib) },
	};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!oomtext_starts(line, kinds[i].prefix))
			continue;
		int64_t *f = (int64_t *)((char *)&r->ev->memcg + kinds[i].off);
		oomtext_find_num(line, "usage ", &f[0]);
		oomtext_find_num(line, "limit ", &f[1]);
		oomtext_find_num(line, "failcnt ", &f[2]);
		r->memcg_hint = true;
		r->ev->has_memcg = true;
		return true;
	}
	return false;
}

/* "Task in %s killed as a result of limit of %s" (2.6.30-4.20), the paths printed piecewise
 * from 3.16, so a syslog may split the sentence: pieces are gathered in r->pending. */
bool oom_memcg_task_in(struct oom_report *r)
{
	static const char MID[] = " killed as a result of limit of ";
	const char *s = r->pending + strlen("Task in ");
	const char *mid = strstr(s, MID);
	struct oom_memcg *m = &r->ev->memcg;

	r->memcg_hint = true;
	r->ev->has_memcg = true;
	if (!mid) {
		oomtext_copy(m->task_memcg, sizeof(m->task_memcg), s, strlen(s));
		return false;
	}
	oomtext_copy(m->task_memcg, sizeof(m->task_memcg), s, (size_t)(mid - s));
	mid += sizeof(MID) - 1;
	oomtext_copy(m->oom_memcg, sizeof(m->oom_memcg), mid, strlen(mid));
	return m->oom_memcg[0] != '\0';
}

void oom_memcg_pending_add(struct oom_report *r, const char *s)
{
	size_t n = strlen(s);

	if (r->pending_len + n >= sizeof(r->pending))
		n = sizeof(r->pending) - 1 - r->pending_len;
	memcpy(r->pending + r->pending_len, s, n);
	r->pending_len += n;
	r->pending[r->pending_len] = '\0';
}

/* "Memory cgroup stats for %s:" then either " key:NKB" pairs on the same line (3.x-5.2) or one
 * "key value" per line (5.3+). */
static void stat_add(struct oom_memcg *m, const char *key, size_t klen, int64_t v)
{
	for (size_t i = 0; i < m->n_stats; i++) {
		if (strlen(m->stats[i].key) == klen && memcmp(m->stats[i].key, key, klen) == 0) {
			m->stats[i].value += v;       /* old form: one block per cgroup of the subtree */
			return;
		}
	}
	if (m->n_stats >= OOM_MEMCG_STATS_MAX || klen == 0)
		return;
	oomtext_copy(m->stats[m->n_stats].key, sizeof(m->stats[0].key), key, klen);
	m->stats[m->n_stats++].value = v;
}

void oom_memcg_stats_header(struct oom_report *r, const char *line)
{
	struct oom_memcg *m = &r->ev->memcg;
	const char *p = line + strlen("Memory cgroup stats for ");
	const char *colon = oomtext_find_last(p, ":");
	const char *kb = strstr(p, "KB ");

	r->memcg_hint = true;
	r->ev->has_memcg = true;
	/* old form: "for /a: cache:0KB rss:12KB ..." - the path ends at the ": " before the first
	 * pair; one such line per cgroup of the subtree, summed into stats */
	const char *pairs = strstr(p, ": ");
	if (pairs && (kb || oomtext_find_last(line, "KB"))) {
		if (r->stats_block_done && m->stats_in_bytes)
			return;
		if (!r->stats_block_done)
			oomtext_copy(m->stats_for, sizeof(m->stats_for), p, (size_t)(pairs - p));
		r->stats_block_done = true;
		m->stats_in_bytes = false;
		for (const char *t = pairs + 1; *t;) {
			t = oomtext_skip_ws(t);
			const char *c = strchr(t, ':');
			const char *sp = strchr(t, ' ');
			int64_t v;
			if (!c || (sp && sp < c))
				break;
			const char *num = c + 1;
			if (!oomtext_scan_i64(&num, &v))
				break;
			stat_add(m, t, (size_t)(c - t), v);
			t = num;
			while (*t && *t != ' ')
				t++;
		}
		r->sec = SEC_NONE;
		return;
	}
	if (r->stats_block_done) {        /* the 5.3+ dump is printed once; keep the first */
		r->sec = SEC_NONE;
		return;
	}
	r->stats_block_done = true;
	oomtext_copy(m->stats_for, sizeof(m->stats_for), p, colon ? (size_t)(colon - p) : strlen(p));
	m->stats_in_bytes = true;
	r->sec = SEC_MEMCG_STATS;
}

bool oom_memcg_stat_line(struct oom_report *r, const char *line)
{
	const char *p = oomtext_skip_ws(line), *k = p;
	int64_t v;

	while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')
		p++;
	if (p == k || *p != ' ')
		return false;
	size_t klen = (size_t)(p - k);
	if (!oomtext_scan_i64(&p, &v) || *oomtext_skip_ws(p))
		return false;
	stat_add(&r->ev->memcg, k, klen, v);
	return true;
}
