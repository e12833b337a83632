/* The task table of an OOM report (dump_tasks in mm/oom_kill.c).  Its columns changed many times
 * (cpu, oom_adj, nr_ptes, nr_pmds, pgtables_bytes, rss_anon/rss_file/rss_shmem), so the header
 * line is parsed and rows are read by it.  Memory stays bounded: only the OOM_TASKS_MAX largest
 * rows by rss are kept, with one aggregate per process name (OOM_TASK_GROUPS_MAX, then "rest"). */
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

	if (str_starts(line, "Tasks state (memory values in pages)")) {
		r->ev->tasks.present = true;
		return true;
	}
	if (line[0] != '[')
		return false;
	p = skip_ws(line + 1);
	if (!str_starts(p, "pid"))
		return false;
	p = skip_ws(p + 3);
	if (*p != ']')
		return false;
	p++;
	for (;;) {
		p = skip_ws(p);
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

static int cmp_group_rss(const void *a, const void *b)
{
	const struct oom_task_group *x = a, *y = b;
	return (x->rss < y->rss) - (x->rss > y->rss);
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

static void add_group(struct oom_report *r, const struct oom_task *t)
{
	struct oom_task_table *tt = &r->ev->tasks;
	struct oom_task_group *g = NULL;

	for (size_t i = 0; i < tt->n_groups; i++) {
		if (strcmp(tt->groups[i].name, t->name) == 0) {
			g = &tt->groups[i];
			break;
		}
	}
	if (!g && tt->n_groups < OOM_TASK_GROUPS_MAX) {
		if (tt->n_groups == r->groups_cap) {
			size_t cap = r->groups_cap ? r->groups_cap * 2 : 8;
			/* one slot more than the cap for the "rest" group */
			struct oom_task_group *n = realloc(tt->groups, (cap + 1) * sizeof(*n));
			if (!n)
				return;
			tt->groups = n;
			r->groups_cap = cap;
		}
		g = &tt->groups[tt->n_groups++];
		memset(g, 0, sizeof(*g));
		memcpy(g->name, t->name, sizeof(g->name));
		g->rss_anon = oom_isset(t->rss_anon) ? 0 : OOM_UNSET;
	} else if (!g) {
		/* the table of names is full: the rest go to one unnamed group in the extra slot */
		g = &tt->groups[OOM_TASK_GROUPS_MAX];
		if (tt->n_groups == OOM_TASK_GROUPS_MAX) {
			memset(g, 0, sizeof(*g));
			g->rss_anon = oom_isset(t->rss_anon) ? 0 : OOM_UNSET;
			tt->n_groups++;
		}
	}
	g->count++;
	g->rss = sum_sat(g->rss, oom_isset(t->rss) ? t->rss : 0);
	if (oom_isset(g->rss_anon) && oom_isset(t->rss_anon))
		g->rss_anon = sum_sat(g->rss_anon, t->rss_anon);
	g->swapents = sum_sat(g->swapents, oom_isset(t->swapents) ? t->swapents : 0);
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
	if (!scan_i64(&p, &t.pid) || *p != ']')
		return false;
	p++;
	t.uid = t.tgid = t.total_vm = t.rss = t.rss_anon = t.rss_file = t.rss_shmem = OOM_UNSET;
	t.pgtables_bytes = t.swapents = t.oom_score_adj = OOM_UNSET;
	for (int i = 0; i < r->n_task_cols; i++) {
		if (!scan_i64(&p, &v))
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
	copy_text(t.name, sizeof(t.name), p, strlen(p));
	/* page-table pages of old kernels, in bytes when the page size is known from Mem-Info */
	int64_t bytes;
	if (oom_isset(ptes) && oom_isset(r->ev->mem.page_size_kb) &&
	    !__builtin_mul_overflow(sum_sat(ptes, oom_isset(pmds) ? pmds : 0),
				    r->ev->mem.page_size_kb * 1024, &bytes))
		t.pgtables_bytes = bytes;

	if (!oom_isset(tt->sum_rss)) {
		tt->sum_rss = tt->sum_swapents = 0;
		tt->sum_rss_anon = oom_isset(t.rss_anon) ? 0 : OOM_UNSET;
	}
	tt->n_rows++;
	tt->sum_rss = sum_sat(tt->sum_rss, oom_isset(t.rss) ? t.rss : 0);
	tt->sum_swapents = sum_sat(tt->sum_swapents, oom_isset(t.swapents) ? t.swapents : 0);
	if (oom_isset(tt->sum_rss_anon) && oom_isset(t.rss_anon))
		tt->sum_rss_anon = sum_sat(tt->sum_rss_anon, t.rss_anon);
	if (oom_isset(t.rss_anon))
		tt->has_rss_split = true;
	keep_top(r, &t);
	add_group(r, &t);
	return true;
}

void oom_tasks_finish(struct oom_task_table *t)
{
	if (t->n_top > 1)
		qsort(t->top, t->n_top, sizeof(t->top[0]), cmp_task_rss);
	if (t->n_groups > 1)
		qsort(t->groups, t->n_groups, sizeof(t->groups[0]), cmp_group_rss);
}
