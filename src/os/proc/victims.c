/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Ranked process snapshot with lazy detail (see victims.h). */
#include "os/proc/victims.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "lib/procfs/meminfo.h"
#include "os/core/sysroot.h"

/* oom_score is rounded (to 1.5 per mille of RAM+swap on 5.9+), so many small processes share a
 * score, and the kernel picks among them by its exact points.  Up to this many tied processes are
 * read to order them likewise; past it the reads would cost a multiple of the whole scan, and
 * when that happens at the top the headline says "tied". */
#define TIE_EXACT_MAX 1024

/* What the kernel's points need: rss as it counts it (stat, which also orders equal points by
 * age), swap and page tables (status), and the adj. */
#define POINTS_WANT (PROC_WANT_STAT | PROC_WANT_STATUS | PROC_WANT_ADJ)

static void read_totalpages(struct victims *v)
{
	char buf[8192];
	struct meminfo mi;
	long page = sysconf(_SC_PAGESIZE);

	v->page_kib = page >= 1024 ? (unsigned)(page / 1024) : 4;
	ssize_t n = sysroot_read("/proc/meminfo", buf, sizeof(buf));
	if (n > 0 && meminfo_parse(buf, (size_t)n, &mi) == 0)
		v->totalpages = (mi.mem_total + mi.swap_total) / v->page_kib;
}

/* Drops kernel threads, and processes that vanished while being classified; returns how many
 * kernel threads there were. */
static unsigned drop_kthreads(struct proctable *t)
{
	size_t kept = 0;
	unsigned dropped = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (t->v[i].kthread) {
			dropped++;
			proc_entry_free(&t->v[i]);
			continue;
		}
		t->v[kept++] = t->v[i];
	}
	t->n = kept;
	return dropped;
}

/* End of the run of entries that share v[from]'s oom_score. */
static size_t score_run_end(const struct proctable *t, size_t from)
{
	size_t end = from;
	while (end < t->n && t->v[end].oom_score == t->v[from].oom_score)
		end++;
	return end;
}

/* Orders the run [from, end) of one oom_score as the kernel would pick among it (exact points;
 * equal points, the newest first).  Processes that vanish are removed (the table closes up);
 * returns the run's new end or -errno. */
static long order_run(struct victims *v, size_t from, size_t end)
{
	struct proctable *t = &v->table;
	int r = proctable_fill(t, from, end, POINTS_WANT);
	if (r < 0)
		return r;
	end = from + (size_t)r;
	oomrank_sort_points(t->v + from, end - from, v->totalpages, v->page_kib);
	return (long)end;
}

/* Orders every run of equal oom_score that reaches into the first `rows` rows, the top one first,
 * within a budget of TIE_EXACT_MAX processes.  A top run too large to order, and not shown whole,
 * is counted in top_ties. */
static int order_tied_runs(struct victims *v, size_t rows)
{
	struct proctable *t = &v->table;
	size_t budget = TIE_EXACT_MAX;
	for (size_t i = 0; i < rows && i < t->n && t->v[i].oom_score > 0;) {
		size_t end = score_run_end(t, i);
		size_t len = end - i;
		if (len > 1 && len <= budget) {
			long e = order_run(v, i, end);
			if (e < 0)
				return (int)e;
			budget -= len;
			end = (size_t)e;
		} else if (len > 1 && i == 0 && end > rows) {
			v->top_ties = len;
		}
		i = end;
	}
	return 0;
}

/* Runs of equal oom_score among the detailed rows that were too large to order whole: the rows
 * shown are at least ordered among themselves by points (all of a run when all rows are shown). */
static void order_shown_runs(struct victims *v)
{
	struct proc_entry *e = v->table.v;
	for (size_t i = 0; i < v->detailed;) {
		size_t j = i + 1;
		while (j < v->detailed && e[j].oom_score == e[i].oom_score)
			j++;
		if (j - i > 1)
			oomrank_sort_points(e + i, j - i, v->totalpages, v->page_kib);
		i = j;
	}
}

/* Finds the next victim and makes sure it is detailed, wherever the sort put it. */
static void find_next_victim(struct victims *v)
{
	struct proctable *t = &v->table;
	for (;;) {
		long i = oomrank_next_victim(t->v, t->n);
		if (i < 0 || (t->v[i].have & VICTIMS_DETAIL) == VICTIMS_DETAIL) {
			v->next_victim = i;
			return;
		}
		/* beyond the detailed rows: fill it, or it is removed when it vanished */
		if (proctable_fill(t, (size_t)i, (size_t)i + 1, VICTIMS_DETAIL) < 0) {
			v->next_victim = -1;
			return;
		}
	}
}

int victims_scan(struct victims *v, enum oomrank_key key, size_t detail_n)
{
	memset(v, 0, sizeof(*v));
	v->key = key;
	v->next_victim = -1;
	read_totalpages(v);

	int r = proctable_scan_only(&v->table, PROC_WANT_SCORE | oomrank_key_want(key));
	if (r < 0)
		return r;
	struct proctable *t = &v->table;

	/* kernel threads, init, zombies and protected processes all read oom_score 0: gather those
	 * (few) at the end and classify them there, by their stat (kernel thread? zombie?) and then
	 * the adj of the others; everyone else is a user process with an mm */
	size_t zeros = t->n;
	for (size_t i = 0; i < zeros;) {
		if (t->v[i].oom_score > 0) {
			i++;
			continue;
		}
		struct proc_entry tmp = t->v[i];
		t->v[i] = t->v[--zeros];
		t->v[zeros] = tmp;
	}
	if ((r = proctable_fill(t, zeros, t->n, PROC_WANT_STAT)) < 0)
		return r;
	v->kthreads = drop_kthreads(t);  /* all of them among the zeros: those stay at the end */
	if ((r = proctable_fill(t, zeros, t->n, PROC_WANT_ADJ)) < 0)
		return r;
	for (size_t i = 0; i < t->n; i++) {
		enum oom_standing s = oomrank_standing(&t->v[i]);
		v->protected_count += s == OOM_PROTECTED;
		v->unkillable_count += s == OOM_UNKILLABLE;
	}

	oomrank_sort(t->v, t->n, key);
	size_t want_rows = detail_n && detail_n < t->n ? detail_n : t->n;
	if (key == OOMRANK_SCORE && (r = order_tied_runs(v, want_rows)) < 0)
		return r;
	if (want_rows > t->n)
		want_rows = t->n;  /* processes that vanished while ties were read */
	while (v->detailed < want_rows && v->detailed < t->n) {
		r = proctable_fill(t, v->detailed, want_rows, VICTIMS_DETAIL);
		if (r < 0)
			return r;
		v->detailed += (size_t)r;
	}
	if (v->detailed > t->n)
		v->detailed = t->n;
	if (key == OOMRANK_SCORE)
		order_shown_runs(v);
	find_next_victim(v);
	v->rows = want_rows < v->detailed ? want_rows : v->detailed;
	return (int)t->n;
}

void victims_free(struct victims *v)
{
	proctable_free(&v->table);
	memset(v, 0, sizeof(*v));
	v->next_victim = -1;
}
