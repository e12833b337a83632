/* Ranked process snapshot with lazy detail (see victims.h). */
#include "os/victims.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "lib/procfs/meminfo.h"
#include "os/sysroot.h"

/* Up to this many processes tied at the top oom_score are read in full to find the one the kernel
 * would pick; beyond it the scan would cost a multiple of itself, and the headline says "tied". */
#define TIE_EXACT_MAX 1024

static void read_totalpages(struct victims *v)
{
	char buf[8192];
	struct meminfo mi;
	long page = sysconf(_SC_PAGESIZE);

	v->page_kb = page >= 1024 ? (unsigned)(page / 1024) : 4;
	ssize_t n = sysroot_read("/proc/meminfo", buf, sizeof(buf));
	if (n > 0 && meminfo_parse(buf, (size_t)n, &mi) == 0)
		v->totalpages = (mi.mem_total + mi.swap_total) / v->page_kb;
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

/* How many leading entries share v[0]'s oom_score. */
static size_t top_group(const struct proctable *t)
{
	size_t g = 0;
	while (g < t->n && t->v[g].oom_score == t->v[0].oom_score)
		g++;
	return g;
}

/* oom_score is rounded (to 1.5 per mille of RAM+swap on 5.9+), so many small processes share the top
 * score.  The kernel picks among them by its exact points: read them and order the group likewise. */
static int resolve_top_tie(struct victims *v)
{
	struct proctable *t = &v->table;
	size_t g = top_group(t);
	if (g <= 1 || t->v[0].oom_score <= 0)
		return 0;
	if (g > TIE_EXACT_MAX) {
		v->top_ties = g;
		return 0;
	}
	while (v->detailed < g) {
		int r = proctable_fill(t, v->detailed, g, VICTIMS_DETAIL);
		if (r < 0)
			return r;
		v->detailed += (size_t)r;
		g = top_group(t);  /* a removal may have pulled in an entry with a lower score */
		if (v->detailed > g)
			v->detailed = g;
	}
	oomrank_sort_points(t->v, g, v->totalpages, v->page_kb);
	return 0;
}

/* Orders each run of equal oom_score among the detailed rows by the kernel's exact points. */
static void order_ties(struct victims *v)
{
	struct proc_entry *e = v->table.v;
	for (size_t i = 0; i < v->detailed;) {
		size_t j = i + 1;
		while (j < v->detailed && e[j].oom_score == e[i].oom_score)
			j++;
		if (j - i > 1)
			oomrank_sort_points(e + i, j - i, v->totalpages, v->page_kb);
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

	/* kernel threads, init, zombies and protected processes all read oom_score 0: classify those
	 * (few) by their stat and adj; everyone else is a user process with an mm */
	for (size_t i = 0; i < t->n;) {
		if (t->v[i].oom_score > 0) {
			i++;
			continue;
		}
		r = proctable_fill(t, i, i + 1, PROC_WANT_STAT | PROC_WANT_ADJ);
		if (r < 0)
			return r;
		i += (size_t)r;  /* 0: it vanished and was removed */
	}
	v->kthreads = drop_kthreads(t);
	for (size_t i = 0; i < t->n; i++) {
		enum oom_standing s = oomrank_standing(&t->v[i]);
		v->protected_count += s == OOM_PROTECTED;
		v->unkillable_count += s == OOM_UNKILLABLE;
	}

	oomrank_sort(t->v, t->n, key);
	if (key == OOMRANK_SCORE && (r = resolve_top_tie(v)) < 0)
		return r;
	size_t want_rows = detail_n && detail_n < t->n ? detail_n : t->n;
	while (v->detailed < want_rows && v->detailed < t->n) {
		r = proctable_fill(t, v->detailed, want_rows, VICTIMS_DETAIL);
		if (r < 0)
			return r;
		v->detailed += (size_t)r;
	}
	if (v->detailed > t->n)
		v->detailed = t->n;
	if (key == OOMRANK_SCORE)
		order_ties(v);
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
