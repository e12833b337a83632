/* SPDX-License-Identifier: GPL-2.0-or-later */
/* OOM ranking, standing, badness factors and plain-words lines (see oomrank.h). */
#include "lib/procfs/oomrank.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/util/safetext.h"

static const char *const key_names[] = {
	[OOMRANK_SCORE] = "oom_score", [OOMRANK_RSS] = "rss", [OOMRANK_SWAP] = "swap",
	[OOMRANK_ADJ] = "adj", [OOMRANK_PID] = "pid", [OOMRANK_NAME] = "name",
};

int oomrank_key_parse(const char *s, enum oomrank_key *out)
{
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (strcmp(s, key_names[i]) == 0) {
			*out = (enum oomrank_key)i;
			return 0;
		}
	if (strcmp(s, "score") == 0 || strcmp(s, "oom_score_adj") == 0) {
		*out = s[0] == 's' ? OOMRANK_SCORE : OOMRANK_ADJ;
		return 0;
	}
	return -EINVAL;
}

const char *oomrank_key_name(enum oomrank_key key)
{
	return key_names[key];
}

unsigned oomrank_key_want(enum oomrank_key key)
{
	switch (key) {
	case OOMRANK_RSS:
	case OOMRANK_SWAP: return PROC_WANT_STATUS;
	case OOMRANK_ADJ: return PROC_WANT_ADJ;
	case OOMRANK_NAME: return PROC_WANT_STAT;
	default: return 0;
	}
}

static int cmp_u64_desc(uint64_t a, uint64_t b)
{
	return a > b ? -1 : (a < b);
}

static int cmp_pid(const struct proc_entry *x, const struct proc_entry *y)
{
	return x->pid < y->pid ? -1 : (x->pid > y->pid);
}

static int cmp_score(const void *a, const void *b)
{
	const struct proc_entry *x = a, *y = b;
	if (x->oom_score != y->oom_score)
		return x->oom_score > y->oom_score ? -1 : 1;
	return cmp_pid(x, y);
}

static int cmp_rss(const void *a, const void *b)
{
	const struct proc_entry *x = a, *y = b;
	int c = cmp_u64_desc(x->rss_kib, y->rss_kib);
	return c ? c : cmp_pid(x, y);
}

static int cmp_swap(const void *a, const void *b)
{
	const struct proc_entry *x = a, *y = b;
	int c = cmp_u64_desc(x->swap_kib, y->swap_kib);
	return c ? c : cmp_pid(x, y);
}

static int cmp_adj(const void *a, const void *b)
{
	const struct proc_entry *x = a, *y = b;
	if (x->oom_score_adj != y->oom_score_adj)
		return x->oom_score_adj > y->oom_score_adj ? -1 : 1;
	return cmp_score(a, b);
}

static int cmp_pid_asc(const void *a, const void *b)
{
	return cmp_pid(a, b);
}

static int cmp_name(const void *a, const void *b)
{
	const struct proc_entry *x = a, *y = b;
	int c = strcmp(x->comm, y->comm);
	return c ? c : cmp_pid(x, y);
}

void oomrank_sort(struct proc_entry *v, size_t n, enum oomrank_key key)
{
	static int (*const cmp[])(const void *, const void *) = {
		[OOMRANK_SCORE] = cmp_score, [OOMRANK_RSS] = cmp_rss, [OOMRANK_SWAP] = cmp_swap,
		[OOMRANK_ADJ] = cmp_adj, [OOMRANK_PID] = cmp_pid_asc, [OOMRANK_NAME] = cmp_name,
	};
	qsort(v, n, sizeof(*v), cmp[key]);
}

enum oom_standing oomrank_standing(const struct proc_entry *e)
{
	if ((e->have & PROC_WANT_ADJ) && e->oom_score_adj <= OOM_SCORE_ADJ_MIN)
		return OOM_PROTECTED;
	/* mm/oom_kill.c oom_unkillable_task(): the global init; oom_evaluate_task() skips tasks
	 * without an mm (zombies, exiting) */
	if (e->pid == 1 && e->oom_score == 0)
		return OOM_UNKILLABLE;
	if ((e->have & PROC_WANT_STAT) && (e->state == 'Z' || e->state == 'X'))
		return OOM_UNKILLABLE;
	if ((e->have & PROC_WANT_STATUS) && !e->has_mm)
		return OOM_UNKILLABLE;
	return OOM_CANDIDATE;
}

const char *oomrank_standing_name(enum oom_standing s)
{
	return s == OOM_PROTECTED ? "protected" : s == OOM_UNKILLABLE ? "unkillable" : "candidate";
}

void oomrank_badness(const struct proc_entry *e, uint64_t totalpages, unsigned page_kib,
		     struct badness *out)
{
	if (!page_kib)
		page_kib = 4;
	/* rss as oom_badness() counts it: get_mm_rss(), which stat shows.  status's VmRSS (RssAnon +
	 * RssFile + RssShmem) is the same count on kernels before 6.16, but since then it adds the
	 * per-CPU batches the kernel's own reading leaves out (up to 32+ pages per CPU), enough to
	 * swap two small processes.  VmPTE = page table bytes >> 10, exact.  VmSwap: the exact sum
	 * too; the kernel's batched reading of it is not shown anywhere. */
	struct badness_input in = {
		.rss_pages = (e->have & PROC_WANT_STAT) ? e->oom_rss_pages : e->rss_kib / page_kib,
		.swap_pages = e->swap_kib / page_kib,
		.pgtables_pages = e->pgtables_kib / page_kib,
		.oom_score_adj = e->oom_score_adj,
		.totalpages = totalpages,
	};
	badness_compute(&in, out);
}

void oomrank_add_size(struct strbuf *out, uint64_t kb)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB" };
	double v = (double)kb;
	int u = 0;
	while (v >= 1024.0 && u < 4) {
		v /= 1024.0;
		u++;
	}
	if (u == 0 || v >= 100.0)
		strbuf_addf(out, "%.0f %s", v, units[u]);
	else
		strbuf_addf(out, "%.1f %s", v, units[u]);
}

long oomrank_next_victim(const struct proc_entry *v, size_t n)
{
	long best = -1;
	for (size_t i = 0; i < n; i++) {
		if (v[i].kthread || oomrank_standing(&v[i]) != OOM_CANDIDATE)
			continue;
		if (best < 0 || v[i].oom_score > v[best].oom_score)
			best = (long)i;
	}
	return best;
}

struct points_item {
	int64_t points;
	struct proc_entry e;
};

/* select_bad_process() (mm/oom_kill.c) walks the processes in the order they were created and
 * keeps the last one whose points are >= the best so far: among equal points the newest goes
 * first.  starttime orders creation (in clock ticks); within one tick the higher pid came later. */
static int cmp_points(const void *a, const void *b)
{
	const struct points_item *x = a, *y = b;
	if (x->points != y->points)
		return x->points > y->points ? -1 : 1;
	if ((x->e.have & y->e.have & PROC_WANT_STAT) && x->e.starttime != y->e.starttime)
		return x->e.starttime > y->e.starttime ? -1 : 1;
	return -cmp_pid(&x->e, &y->e);
}

int64_t oomrank_points(const struct proc_entry *e, uint64_t totalpages, unsigned page_kib)
{
	struct badness b;
	oomrank_badness(e, totalpages, page_kib, &b);
	return b.unkillable ? INT64_MIN : b.points;
}

void oomrank_sort_points(struct proc_entry *v, size_t n, uint64_t totalpages, unsigned page_kib)
{
	struct points_item *tmp = n ? malloc(n * sizeof(*tmp)) : NULL;
	if (!tmp)
		return;  /* order stays by oom_score then pid: still a valid ranking */
	for (size_t i = 0; i < n; i++) {
		tmp[i].points = oomrank_points(&v[i], totalpages, page_kib);
		tmp[i].e = v[i];
	}
	qsort(tmp, n, sizeof(*tmp), cmp_points);
	for (size_t i = 0; i < n; i++)
		v[i] = tmp[i].e;
	free(tmp);
}

void oomrank_headline(struct strbuf *out, const struct proc_entry *victim, size_t ties)
{
	if (!victim) {
		strbuf_adds(out, "No process could be killed if memory ran out now: every one is protected "
			    "or unkillable, so the kernel would panic.");
		return;
	}
	if (ties > 1) {
		strbuf_addf(out, "If memory ran out now, the kernel would kill whichever of the %zu processes "
			    "tied at oom_score %d holds the most memory (each holds under 0.15%% of RAM+swap).",
			    ties, victim->oom_score);
		return;
	}
	strbuf_adds(out, "If memory ran out now, the kernel would kill ");
	safetext_terminal(out, victim->comm, strlen(victim->comm));
	strbuf_addf(out, " (pid %d, oom_score %d).", (int)victim->pid, victim->oom_score);
}

void oomrank_why(struct strbuf *out, const struct proc_entry *e, uint64_t totalpages,
		 unsigned page_kib)
{
	struct badness b;
	oomrank_badness(e, totalpages, page_kib, &b);
	if (oomrank_standing(e) == OOM_PROTECTED) {
		strbuf_adds(out, "oom_score_adj -1000: never chosen");
		return;
	}
	oomrank_add_size(out, e->rss_kib);
	strbuf_adds(out, " in RAM");
	if (e->has_rss_split) {
		strbuf_adds(out, " (anon ");
		oomrank_add_size(out, e->rss_anon_kib);
		if (e->rss_file_kib) {
			strbuf_adds(out, ", file ");
			oomrank_add_size(out, e->rss_file_kib);
		}
		if (e->rss_shmem_kib) {
			strbuf_adds(out, ", shmem ");
			oomrank_add_size(out, e->rss_shmem_kib);
		}
		strbuf_addc(out, ')');
	}
	if (e->swap_kib) {
		strbuf_adds(out, " + ");
		oomrank_add_size(out, e->swap_kib);
		strbuf_adds(out, " swapped");
	}
	int64_t mem_points = b.rss_points + b.swap_points + b.pgtables_points;
	if (totalpages)
		strbuf_addf(out, ", %.1f%% of RAM+swap", 100.0 * (double)mem_points / (double)totalpages);
	if (e->oom_score_adj > 0)
		strbuf_addf(out, "; oom_score_adj +%d adds %.1f%%", e->oom_score_adj,
			    e->oom_score_adj / 10.0);
	else if (e->oom_score_adj < 0)
		strbuf_addf(out, "; oom_score_adj %d takes off %.1f%%", e->oom_score_adj,
			    -e->oom_score_adj / 10.0);
	if (e->legacy_oom_adj && e->oom_score_adj)
		strbuf_adds(out, " (set through the legacy oom_adj)");
}
