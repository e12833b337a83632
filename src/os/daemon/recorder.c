/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Trace samples of the guarded scope (see recorder.h): the daemon's own memory reader and
 * process scan, plus /proc/vmstat, the pressure file and the scope's OOM kill counter.  Growers
 * are found by pid and start time against the previous sample, in two arrays that swap roles. */
#include "os/daemon/recorder.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "lib/policy/memfigure.h"
#include "lib/procfs/meminfo.h"
#include "lib/procfs/pidstat.h"
#include "lib/procfs/psi.h"
#include "lib/procfs/vmstat.h"
#include "os/core/sysroot.h"

int recorder_growth_open(struct recorder_growth *g, size_t cap)
{
	memset(g, 0, sizeof(*g));
	size_t bytes = 2 * cap * sizeof(struct recorder_prev);
	void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return -errno;
	g->prev = m;
	g->next = g->prev + cap;
	g->cap = cap;
	return 0;
}

void recorder_growth_close(struct recorder_growth *g)
{
	if (g->prev)
		munmap(g->prev < g->next ? g->prev : g->next, 2 * g->cap * sizeof(struct recorder_prev));
	memset(g, 0, sizeof(*g));
}

int recorder_open(struct recorder *r, const char *cgroup)
{
	memset(r, 0, sizeof(*r));
	int rc = memsource_open(&r->ms, cgroup, true);
	if (rc < 0)
		return rc;
	if ((rc = procscan_init(&r->scan, PROCSCAN_DEFAULT_CAP)) < 0)
		return rc;
	r->scan.want_cgroup = true;   /* every trace process names its cgroup */
	if ((rc = recorder_growth_open(&r->growth, PROCSCAN_DEFAULT_CAP)) < 0) {
		procscan_free(&r->scan);
		return rc;
	}
	return 0;
}

void recorder_close(struct recorder *r)
{
	recorder_growth_close(&r->growth);
	procscan_free(&r->scan);
	memset(r, 0, sizeof(*r));
}

const char *recorder_scope(const struct recorder *r)
{
	return r->ms.cgroup ? r->ms.rel : "/";
}

int recorder_add_psi_cgroup(struct recorder *r, const char *cgroup)
{
	if (r->n_psi >= TRACE_PSI_CGROUPS_MAX)
		return -E2BIG;
	struct memsource *ms = &r->psi[r->n_psi];
	int rc = memsource_open(ms, cgroup, true);
	if (rc < 0)
		return rc;
	if (!ms->v2 || !ms->own_pressure)
		return -EOPNOTSUPP;
	r->n_psi++;
	return 0;
}

const char *recorder_psi_cgroup(const struct recorder *r, size_t i)
{
	return i < r->n_psi ? r->psi[i].rel : "";
}

/* The pressure cgroups' memory.pressure and memory.stat pgscan; an unreadable one (removed
 * meanwhile) is absent from this sample. */
static void fill_cgroup_psi(const struct recorder *r, struct trace_sample *out)
{
	char buf[8192], path[PATH_MAX + 16];
	out->n_cgroup_psi = r->n_psi;
	for (size_t i = 0; i < r->n_psi; i++) {
		struct trace_cgroup_psi *c = &out->cgroup_psi[i];
		struct psi psi;
		memset(c, 0, sizeof(*c));
		ssize_t n = sysroot_read(r->psi[i].pressure, buf, 512);
		if (n <= 0 || psi_parse(buf, (size_t)n, &psi) != 0 || !psi.some.present)
			continue;
		c->present = true;
		c->some_avg10 = psi.some.avg10;
		c->some_total_us = psi.some.total_us;
		c->full_avg10 = psi.full.avg10;
		c->full_total_us = psi.full.total_us;
		snprintf(path, sizeof(path), "%s/memory.stat", r->psi[i].dir);
		n = sysroot_read(path, buf, sizeof(buf));
		if (n > 0)
			memory_stat_value(buf, (size_t)n, "pgscan", &c->pgscan);
	}
}

/* The scope's kernel OOM kills: /proc/vmstat oom_kill, or the cgroup's memory.events (v2) /
 * memory.oom_control (v1) oom_kill line. */
static uint64_t __attribute__((noinline)) cgroup_oom_kills(const struct memsource *ms)
{
	char path[PATH_MAX + 32], buf[1024];
	snprintf(path, sizeof(path), "%s/%s", ms->dir, ms->v2 ? "memory.events" : "memory.oom_control");
	ssize_t n = sysroot_read(path, buf, sizeof(buf));
	if (n <= 0)
		return 0;
	const char *p = strstr(buf, "\noom_kill ");
	if (!p)
		return 0;
	return strtoull(p + 10, NULL, 10);
}

/* (Its own frame: the machine-wide sampling path, every few seconds, stays shallow.) */
static uint64_t scope_oom_kills(const struct memsource *ms, const struct vmstat *vs)
{
	return ms->cgroup ? cgroup_oom_kills(ms) : vs->oom_kill;
}

void recorder_fill_counters(const struct memsource *ms, struct trace_sample *out)
{
	char buf[8192];           /* /proc/vmstat: about 4 KiB on 6.x kernels */
	struct vmstat vs;
	struct psi psi;
	memset(&vs, 0, sizeof(vs));
	ssize_t n = sysroot_read("/proc/vmstat", buf, sizeof(buf));
	if (n > 0 && vmstat_parse(buf, (size_t)n, &vs) == 0) {
		out->pgmajfault = vs.pgmajfault;
		out->workingset_refault = vs.workingset_refault;
		out->pgscan = vs.pgscan_kswapd + vs.pgscan_direct;
	}
	out->oom_kill = scope_oom_kills(ms, &vs);
	n = sysroot_read(ms->pressure, buf, 512);
	if (n > 0 && psi_parse(buf, (size_t)n, &psi) == 0 && psi.some.present) {
		out->psi_present = true;
		out->psi_some_avg10 = psi.some.avg10;
		out->psi_some_total_us = psi.some.total_us;
		out->psi_full_avg10 = psi.full.avg10;
		out->psi_full_total_us = psi.full.total_us;
	}
	if (!ms->cgroup) {
		struct meminfo mi;
		n = sysroot_read("/proc/meminfo", buf, sizeof(buf));
		if (n > 0 && meminfo_parse(buf, (size_t)n, &mi) == 0)
			out->mem_total_kib = mi.mem_total;
	}
}

static int cmp_prev(const void *a, const void *b)
{
	const struct recorder_prev *x = a, *y = b;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

static void sift_down(struct recorder_prev *v, size_t root, size_t n)
{
	for (size_t child; (child = 2 * root + 1) < n; root = child) {
		if (child + 1 < n && v[child + 1].pid > v[child].pid)
			child++;
		if (v[root].pid >= v[child].pid)
			return;
		struct recorder_prev t = v[root];
		v[root] = v[child];
		v[child] = t;
	}
}

/* In place by pid (heapsort): glibc's qsort may allocate, and a sample must not. */
static void sort_by_pid(struct recorder_prev *v, size_t n)
{
	for (size_t i = n / 2; i-- > 0; )
		sift_down(v, i, n);
	for (size_t end = n; end-- > 1; ) {
		struct recorder_prev t = v[0];
		v[0] = v[end];
		v[end] = t;
		sift_down(v, 0, end);
	}
}

static void proc_from(struct trace_proc *t, const struct candidate *c, int64_t delta)
{
	memset(t, 0, sizeof(*t));
	t->pid = c->pid;
	memcpy(t->comm, c->comm, sizeof(t->comm));
	t->comm[sizeof(t->comm) - 1] = '\0';
	t->oom_score_adj = c->oom_score_adj;
	t->rss_kib = c->rss_kib;
	t->swap_kib = c->swap_kib;
	t->delta_rss_kib = delta;
	snprintf(t->cgroup, sizeof(t->cgroup), "%s", c->cgroup);
}

/* Inserts c into the list of at most cap entries kept in descending key order. */
static void keep_top(struct trace_proc *list, size_t *n, size_t cap, const struct candidate *c,
		     int64_t key, int64_t delta, int64_t *keys)
{
	size_t at = *n;
	while (at > 0 && keys[at - 1] < key)
		at--;
	if (at >= cap)
		return;
	size_t last = *n < cap ? *n : cap - 1;
	memmove(&list[at + 1], &list[at], (last - at) * sizeof(list[0]));
	memmove(&keys[at + 1], &keys[at], (last - at) * sizeof(keys[0]));
	proc_from(&list[at], c, delta);
	keys[at] = key;
	if (*n < cap)
		(*n)++;
}

void recorder_fill_figures(const struct mem_sample *m, struct trace_sample *out)
{
	out->avail_kib = m->avail_kib;
	out->total_kib = m->total_kib;
	out->mem_total_kib = m->total_kib;   /* a cgroup's base; recorder_fill_counters sets MemTotal */
	out->swap_free_kib = m->swap_free_kib;
	out->swap_total_kib = m->swap_total_kib;
}

void recorder_fill_procs(struct recorder_growth *g, const struct procscan *scan, struct trace_sample *out)
{
	int64_t top_keys[TRACE_PROCS_MAX], grow_keys[TRACE_GROWERS_MAX];
	size_t kept = 0;
	out->n_procs = out->n_growers = 0;
	for (size_t i = 0; i < scan->n; i++) {
		const struct candidate *c = &scan->v[i];
		if (c->kthread)
			continue;
		keep_top(out->procs, &out->n_procs, TRACE_PROCS_MAX, c,
			 (int64_t)(c->rss_kib + c->swap_kib), 0, top_keys);
		if (g->have_prev) {
			struct recorder_prev key = { .pid = c->pid };
			const struct recorder_prev *p = bsearch(&key, g->prev, g->n_prev, sizeof(key), cmp_prev);
			int64_t delta = p && p->starttime == c->starttime ? (int64_t)c->rss_kib - (int64_t)p->rss_kib
									  : (int64_t)c->rss_kib;
			if (delta > 0)
				keep_top(out->growers, &out->n_growers, TRACE_GROWERS_MAX, c, delta, delta, grow_keys);
		}
		if (kept < g->cap)
			g->next[kept++] = (struct recorder_prev){ c->pid, c->starttime, c->rss_kib };
	}
	sort_by_pid(g->next, kept);
	struct recorder_prev *t = g->prev;
	g->prev = g->next;
	g->next = t;
	g->n_prev = kept;
	g->have_prev = true;
}

int recorder_sample(struct recorder *r, struct trace_sample *out, bool scan_procs)
{
	struct mem_sample m;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = memsource_read(&r->ms, &m)) < 0)
		return rc;
	recorder_fill_figures(&m, out);
	recorder_fill_counters(&r->ms, out);
	fill_cgroup_psi(r, out);
	if (!scan_procs) {
		out->procs_skipped = true;
		return 0;
	}
	int n = procscan_run(&r->scan, r->ms.cgroup ? r->ms.rel : NULL, r->ms.cgroup ? r->ms.dir : NULL);
	if (n >= 0)
		recorder_fill_procs(&r->growth, &r->scan, out);
	return 0;   /* memory figures stand without processes (a vanished cgroup, say) */
}

int recorder_watch_sleeps(pid_t pid, uint64_t *sleeps)
{
	char path[40], buf[8192];   /* ~1.5 KiB; the count is its last line but one */
	struct pid_status st;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	ssize_t n = sysroot_read(path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	if (pid_status_parse(buf, (size_t)n, &st) < 0)
		return -EINVAL;
	if (!st.has_ctxt_switches)
		return -ENODATA;
	*sleeps = st.voluntary_ctxt_switches;
	return 0;
}
