/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The task table of an OOM report (dump_tasks in mm/oom_kill.c).  Its columns changed many times
 * (cpu, oom_adj, nr_ptes, nr_pmds, pgtables_bytes, rss_anon/rss_file/rss_shmem), so the header
 * line is parsed and rows are read by it.  Memory stays bounded: only the OOM_TASKS_MAX largest
 * rows by rss are kept, with one aggregate per process name in a working table of
 * OOM_TASK_GROUPS_WORK names whose smallest give way to new names ("(all others)"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/oomreport/oom_parse.h"

enum col {
	COL_OTHER, COL_UID, COL_TGID, COL_TOTAL_VM, COL_RSS, COL_RSS_ANON, COL_RSS_FILE,
	COL_RSS_SHMEM, COL_NR_PTES, COL_NR_PMDS, COL_PGTABLES_BYTES, COL_SWAPENTS, COL_OOM_ADJ,
	COL_OOM_SCORE_ADJ,
};

static const struct { const char *name; enum col col; } col_names[] = {
	{ "uid", COL_UID }, { "tgid", COL_TGID }, { "total_vm", COL_TOTAL_VM }, { "rss", COL_RSS },
	{ "rss_anon", COL_RSS_ANON }, { "rss_file", COL_RSS_FILE }, { "rss_shmem", COL_RSS_SHMEM },
	{ "nr_ptes", COL_NR_PTES }, { "nr_pmds", COL_NR_PMDS },
	{ "pgtables_bytes", COL_PGTABLES_BYTES }, { "swapents", COL_SWAPENTS },
	{ "oom_adj", COL_OOM_ADJ }, { "oom_score_adj", COL_OOM_SCORE_ADJ },
};

/* "[ pid ]   uid  tgid total_vm      rss ... name" */
bool oom_tasks_header(struct oom_report *r, const char *line)
{
	const char *p;
	int cols[OOM_TASK_COLS_MAX];   /* kept only when the whole header is good */
	int n = 0;
	bool has_rss = false;

	if (oomtext_starts(line, "Tasks state (memory values in pages)")) {
		r->ev->tasks.present = true;
		return true;
	}
	if (line[0] != '[')
		return false;
	p = oomtext_skip_ws(line + 1);
	if (!oomtext_starts(p, "pid"))
		return false;
	p = oomtext_skip_ws(p + 3);
	if (*p != ']')
		return false;
	p++;
	for (;;) {
		p = oomtext_skip_ws(p);
		if (!*p)
			break;
		const char *tok = p;
		while (*p && *p != ' ')
			p++;
		size_t len = (size_t)(p - tok);
		if (len == 4 && memcmp(tok, "name", 4) == 0)
			break;
		if (n >= OOM_TASK_COLS_MAX)
			return false;
		enum col c = COL_OTHER;
		for (size_t i = 0; i < sizeof(col_names) / sizeof(col_names[0]); i++)
			if (strlen(col_names[i].name) == len && memcmp(col_names[i].name, tok, len) == 0)
				c = col_names[i].col;
		has_rss |= c == COL_RSS;
		cols[n++] = (int)c;
	}
	if (!has_rss)                 /* every kernel prints it; rows without a size are no use */
		return false;
	memcpy(r->task_cols, cols, (size_t)n * sizeof(cols[0]));
	r->n_task_cols = n;
	r->ev->tasks.present = true;
	r->sec = SEC_TASKS;
	return true;
}

static int cmp_task_rss(const void *a, const void *b)
{
	const struct oom_task *x = a, *y = b;
	return (x->rss < y->rss) - (x->rss > y->rss);
}

static int64_t group_size(const struct oom_task_group *g)
{
	return oomtext_sum_sat(g->rss, g->swapents);
}

static int cmp_group_size(const void *a, const void *b)
{
	int64_t x = group_size(a), y = group_size(b);
	return (x < y) - (x > y);
}

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;                /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void group_add_into(struct oom_task_group *to, const struct oom_task_group *from)
{
	if (to->count == 0)
		to->rss_anon = from->rss_anon;
	else if (oom_isset(to->rss_anon))
		to->rss_anon = oom_isset(from->rss_anon) ? oomtext_sum_sat(to->rss_anon, from->rss_anon) : OOM_UNSET;
	to->count += from->count;
	to->rss = oomtext_sum_sat(to->rss, from->rss);
	to->swapents = oomtext_sum_sat(to->swapents, from->swapents);
}

static void keep_top(struct oom_report *r, const struct oom_task *t)
{
	struct oom_task_table *tt = &r->ev->tasks;

	if (tt->n_top < OOM_TASKS_MAX) {
		if (tt->n_top == r->tasks_cap) {
			size_t cap = r->tasks_cap ? r->tasks_cap * 2 : 8;
			struct oom_task *n = realloc(tt->top, cap * sizeof(*n));
			if (!n)
				return;
			tt->top = n;
			r->tasks_cap = cap;
		}
		tt->top[tt->n_top++] = *t;
		return;
	}
	size_t min = 0;
	for (size_t i = 1; i < tt->n_top; i++)
		if (tt->top[i].rss < tt->top[min].rss)
			min = i;
	if (tt->top[min].rss < t->rss)
		tt->top[min] = *t;
}

/* The group of this row's name: found, new, or a slot freed by pushing the smallest name
 * (never the trigger's, known from the first line) into r->rest. */
static struct oom_task_group *group_for(struct oom_report *r, const char *name)
{
	struct oom_task_table *tt = &r->ev->tasks;
	uint32_t h = name_hash(name);
	size_t i;

	for (i = 0; i < tt->n_groups; i++)
		if (r->group_hash[i] == h && strcmp(tt->groups[i].name, name) == 0)
			return &tt->groups[i];
	if (tt->n_groups < OOM_TASK_GROUPS_WORK) {
		if (tt->n_groups == r->groups_cap) {
			size_t cap = r->groups_cap ? r->groups_cap * 2 : 16;
			struct oom_task_group *g = realloc(tt->groups, (cap + 1) * sizeof(*g));
			if (!g)
				return NULL;
			tt->groups = g;          /* one slot more for "(all others)" at the end */
			uint32_t *hs = realloc(r->group_hash, cap * sizeof(*hs));
			if (!hs)
				return NULL;
			r->group_hash = hs;
			r->groups_cap = cap;
		}
		i = tt->n_groups++;
	} else {
		const char *keep = r->ev->trigger.comm;
		size_t min = SIZE_MAX;
		for (size_t k = 0; k < tt->n_groups; k++) {
			if (keep[0] && strcmp(tt->groups[k].name, keep) == 0)
				continue;
			if (min == SIZE_MAX || group_size(&tt->groups[k]) < group_size(&tt->groups[min]))
				min = k;
		}
		group_add_into(&r->rest, &tt->groups[min]);
		i = min;
	}
	struct oom_task_group *g = &tt->groups[i];
	memset(g, 0, sizeof(*g));
	snprintf(g->name, sizeof(g->name), "%s", name);
	g->rss_anon = OOM_UNSET;
	r->group_hash[i] = h;
	return g;
}

static void add_group(struct oom_report *r, const struct oom_task *t)
{
	struct oom_task_group one = {
		.count = 1, .rss = oom_isset(t->rss) ? t->rss : 0, .rss_anon = t->rss_anon,
		.swapents = oom_isset(t->swapents) ? t->swapents : 0,
	};
	struct oom_task_group *g = group_for(r, t->name);

	if (g)
		group_add_into(g, &one);
	else
		group_add_into(&r->rest, &one);      /* out of memory: still counted */
}

/* "[%5d]" / "[%7d]" then the numeric columns of the header, one space, and the name. */
bool oom_tasks_row(struct oom_report *r, const char *line)
{
	struct oom_task_table *tt = &r->ev->tasks;
	struct oom_task t;
	const char *p = line;
	int64_t v, ptes = OOM_UNSET, pmds = OOM_UNSET;

	if (*p++ != '[')
		return false;
	memset(&t, 0, sizeof(t));
	if (!oomtext_scan_i64(&p, &t.pid) || *p != ']')
		return false;
	p++;
	t.uid = t.tgid = t.total_vm = t.rss = t.rss_anon = t.rss_file = t.rss_shmem = OOM_UNSET;
	t.pgtables_bytes = t.swapents = t.oom_score_adj = OOM_UNSET;
	for (int i = 0; i < r->n_task_cols; i++) {
		if (!oomtext_scan_i64(&p, &v))
			return false;
		switch ((enum col)r->task_cols[i]) {
		case COL_UID: t.uid = v; break;
		case COL_TGID: t.tgid = v; break;
		case COL_TOTAL_VM: t.total_vm = v; break;
		case COL_RSS: t.rss = v; break;
		case COL_RSS_ANON: t.rss_anon = v; break;
		case COL_RSS_FILE: t.rss_file = v; break;
		case COL_RSS_SHMEM: t.rss_shmem = v; break;
		case COL_NR_PTES: ptes = v; break;
		case COL_NR_PMDS: pmds = v; break;
		case COL_PGTABLES_BYTES: t.pgtables_bytes = v; break;
		case COL_SWAPENTS: t.swapents = v; break;
		case COL_OOM_SCORE_ADJ: t.oom_score_adj = v; break;
		case COL_OOM_ADJ: /* legacy -17..15 scale: not an oom_score_adj */
		case COL_OTHER: break;
		}
	}
	if (*p == ' ')
		p++;
	oomtext_copy(t.name, sizeof(t.name), p, strlen(p));
	/* page-table pages of old kernels, in bytes when the page size is known from Mem-Info */
	int64_t bytes;
	if (oom_isset(ptes) && oom_isset(r->ev->mem.page_size_kib) &&
	    !__builtin_mul_overflow(oomtext_sum_sat(ptes, oom_isset(pmds) ? pmds : 0),
				    r->ev->mem.page_size_kib * 1024, &bytes))
		t.pgtables_bytes = bytes;

	if (!oom_isset(tt->sum_rss)) {
		tt->sum_rss = tt->sum_swapents = 0;
		tt->sum_rss_anon = oom_isset(t.rss_anon) ? 0 : OOM_UNSET;
	}
	tt->n_rows++;
	tt->sum_rss = oomtext_sum_sat(tt->sum_rss, oom_isset(t.rss) ? t.rss : 0);
	tt->sum_swapents = oomtext_sum_sat(tt->sum_swapents, oom_isset(t.swapents) ? t.swapents : 0);
	if (oom_isset(tt->sum_rss_anon) && oom_isset(t.rss_anon))
		tt->sum_rss_anon = oomtext_sum_sat(tt->sum_rss_anon, t.rss_anon);
	if (oom_isset(t.rss_anon))
		tt->has_rss_split = true;
	keep_top(r, &t);
	add_group(r, &t);
	return true;
}

static size_t find_group(const struct oom_task_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_groups; i++)
		if (strcmp(t->groups[i].name, name) == 0)
			return i;
	return SIZE_MAX;
}

/* The victim's name was pushed out of the working table (possible only with more than
 * OOM_TASK_GROUPS_WORK names): its own row, or the kill line, comes back out of the rest. */
static void victim_back(struct oom_report *r, struct oom_event *ev, int64_t page_kib)
{
	struct oom_task_table *t = &ev->tasks;
	struct oom_task_group g = { .count = 1, .rss_anon = OOM_UNSET, .partial = true };
	const struct oom_victim *v = &ev->victim;
	bool found = false;

	for (size_t i = 0; i < t->n_top && !found; i++) {
		if (t->top[i].pid != v->pid)
			continue;
		g.rss = oom_isset(t->top[i].rss) ? t->top[i].rss : 0;
		g.swapents = oom_isset(t->top[i].swapents) ? t->top[i].swapents : 0;
		g.rss_anon = t->top[i].rss_anon;
		found = true;
	}
	if (!found) {
		int64_t kb = 0;
		if (oom_isset(v->anon_rss_kib)) kb += v->anon_rss_kib;
		if (oom_isset(v->file_rss_kib)) kb += v->file_rss_kib;
		if (oom_isset(v->shmem_rss_kib)) kb += v->shmem_rss_kib;
		g.rss = kb / page_kib;
	}
	snprintf(g.name, sizeof(g.name), "%s", v->comm);
	if (r->rest.count == 0)
		return;                              /* nothing was pushed out: not in the table */
	r->rest.count--;
	r->rest.rss = g.rss < r->rest.rss ? r->rest.rss - g.rss : 0;
	r->rest.swapents = g.swapents < r->rest.swapents ? r->rest.swapents - g.swapents : 0;
	if (oom_isset(r->rest.rss_anon) && oom_isset(g.rss_anon))
		r->rest.rss_anon = g.rss_anon < r->rest.rss_anon ? r->rest.rss_anon - g.rss_anon : 0;
	t->groups[t->n_groups++] = g;            /* room: the slot kept for the rest */
}

void oom_tasks_finish(struct oom_report *r, struct oom_event *ev)
{
	struct oom_task_table *t = &ev->tasks;
	int64_t pk = oom_isset(ev->mem.page_size_kib) && ev->mem.page_size_kib > 0 ? ev->mem.page_size_kib : 4;

	if (t->n_top > 1)
		qsort(t->top, t->n_top, sizeof(t->top[0]), cmp_task_rss);
	free(r->group_hash);
	r->group_hash = NULL;
	if (!t->groups) {
		r->rest.count = 0;
		return;
	}
	const char *victim = ev->has_victim && ev->victim.comm[0] ? ev->victim.comm : NULL;
	const char *trigger = ev->trigger.comm[0] ? ev->trigger.comm : NULL;
	if (victim && find_group(t, victim) == SIZE_MAX && t->n_groups > 0)
		victim_back(r, ev, pk);
	if (t->n_groups > 1)
		qsort(t->groups, t->n_groups, sizeof(t->groups[0]), cmp_group_size);

	/* keep the largest names and the victim's and trigger's; the tail joins the rest */
	size_t kept = 0;
	for (size_t i = 0; i < t->n_groups; i++) {
		struct oom_task_group *g = &t->groups[i];
		g->victim = victim && strcmp(g->name, victim) == 0;
		g->trigger = trigger && strcmp(g->name, trigger) == 0;
		if (kept < OOM_TASK_GROUPS_MAX || g->victim || g->trigger) {
			if (kept != i)
				t->groups[kept] = *g;
			kept++;
		} else {
			group_add_into(&r->rest, g);
		}
	}
	t->n_groups = kept;
	if (r->rest.count > 0) {
		r->rest.name[0] = '\0';
		r->rest.victim = r->rest.trigger = false;
		t->groups[t->n_groups++] = r->rest;   /* the spare slot */
	}
	memset(&r->rest, 0, sizeof(r->rest));
	/* realloc to 0 bytes would free the table in glibc and leave t->groups dangling */
	struct oom_task_group *shrunk = t->n_groups ? realloc(t->groups, t->n_groups * sizeof(*shrunk)) : NULL;
	if (shrunk)
		t->groups = shrunk;
}
