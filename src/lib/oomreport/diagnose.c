/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Diagnosis rules over one struct oom_event (see diagnose.h).  Each cause rule (a)-(i) of the
 * OOM knowledge base scores how well the report fits it; the best score wins and sets the
 * confidence.  Thresholds marked (h) are heuristics, not kernel facts.  Facts used: show_mem's
 * global counters are pages; anon LRU pages include shmem; the task table's rss double-counts
 * shared pages; order > 3 (PAGE_ALLOC_COSTLY_ORDER) never invokes the OOM killer. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/oomreport/diagnose.h"
#include "lib/util/units.h"

_Static_assert(SIZE_UNKNOWN == OOM_UNSET, "unset report sizes print as \"?\"");

struct facts {
	const struct oom_event *ev;
	struct oom_diagnosis *d;
	int64_t pk;                 /* page size in kB (4 when the report does not show it) */
	bool pk_assumed;
	int64_t ram_kib, usable_kib;  /* usable = RAM - HugeTLB pool */
	int64_t top_kib;             /* largest task's rss (task table or victim line) */
	const char *top_name;
	int64_t top_pid;
	int64_t sum_kib;             /* all tasks' rss */
};

static void add_line(char lines[][OOM_DIAG_LINE_MAX], size_t *n, const char *fmt, va_list ap)
{
	if (*n >= OOM_DIAG_LINES)
		return;
	vsnprintf(lines[*n], OOM_DIAG_LINE_MAX, fmt, ap);
	(*n)++;
}

__attribute__((format(printf, 2, 3)))
static void evidence(struct oom_diagnosis *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_line(d->evidence, &d->n_evidence, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 2, 3)))
static void step(struct oom_diagnosis *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_line(d->next_steps, &d->n_next_steps, fmt, ap);
	va_end(ap);
}

static int64_t diag_pct(int64_t part, int64_t whole)
{
	return (whole > 0 && oom_isset(part)) ? (int64_t)((double)part * 100.0 / (double)whole) : 0;
}

static int64_t sum2(int64_t a, int64_t b)
{
	if (!oom_isset(a) && !oom_isset(b))
		return OOM_UNSET;
	return (oom_isset(a) ? a : 0) + (oom_isset(b) ? b : 0);
}

static int64_t stat_kib(const struct oom_memcg *m, const char *key)
{
	for (size_t i = 0; i < m->n_stats; i++)
		if (strcmp(m->stats[i].key, key) == 0)
			return m->stats_in_bytes ? m->stats[i].value / 1024 : m->stats[i].value;
	return OOM_UNSET;
}

/* The cgroup's own memory.stat, hierarchical (total_*) where cgroup v1 offers it. */
static int64_t memcg_stat(const struct oom_memcg *m, const char *key)
{
	char total[40];
	int64_t v;

	snprintf(total, sizeof(total), "total_%s", key);
	v = stat_kib(m, total);
	return oom_isset(v) ? v : stat_kib(m, key);
}

static void breakdown_memcg(struct facts *f)
{
	const struct oom_memcg *m = &f->ev->memcg;
	struct oom_breakdown *b = &f->d->mem;
	int64_t anon = memcg_stat(m, "anon"), file = memcg_stat(m, "file");

	b->memcg = true;
	b->total_kib = m->limit_kib;
	if (!oom_isset(anon))
		anon = memcg_stat(m, "rss");                 /* v1 names */
	if (!oom_isset(file))
		file = memcg_stat(m, "cache");
	b->shmem_kib = memcg_stat(m, "shmem");
	if (oom_isset(b->shmem_kib)) {
		/* v1 "cache" and v2 "file" include shmem; v2 "anon" does not */
		if (oom_isset(file))
			file -= b->shmem_kib;
	}
	b->anon_kib = anon;
	b->file_kib = file;
	b->slab_kib = memcg_stat(m, "slab");
	if (!oom_isset(b->slab_kib))
		b->slab_kib = sum2(memcg_stat(m, "slab_reclaimable"), memcg_stat(m, "slab_unreclaimable"));
	b->pagetables_kib = memcg_stat(m, "pagetables");
	b->kernel_stack_kib = memcg_stat(m, "kernel_stack");
	b->hugetlb_kib = OOM_UNSET;
	if (oom_isset(m->limit_kib) && oom_isset(m->usage_kib)) {
		b->free_kib = m->limit_kib > m->usage_kib ? m->limit_kib - m->usage_kib : 0;
		int64_t known = 0;
		const int64_t parts[] = { b->anon_kib, b->file_kib, b->shmem_kib, b->slab_kib,
			b->pagetables_kib, b->kernel_stack_kib };
		bool any = false;
		for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
			if (oom_isset(parts[i])) {
				known += parts[i];
				any = true;
			}
		b->unaccounted_kib = any && m->usage_kib > known ? m->usage_kib - known : (any ? 0 : OOM_UNSET);
	}
}

static void breakdown_global(struct facts *f)
{
	const struct oom_meminfo *mi = &f->ev->mem;
	struct oom_breakdown *b = &f->d->mem;
	int64_t pk = f->pk, kstack = OOM_UNSET, hugetlb = OOM_UNSET, pt;

	b->total_kib = f->ram_kib;
	int64_t anon_lru = sum2(mi->active_anon, mi->inactive_anon);
	if (oom_isset(anon_lru)) {
		anon_lru += oom_isset(mi->unevictable) ? mi->unevictable : 0;
		b->anon_kib = (anon_lru - (oom_isset(mi->shmem) ? mi->shmem : 0)) * pk;
		if (b->anon_kib < 0)
			b->anon_kib = 0;
	}
	int64_t file = sum2(mi->active_file, mi->inactive_file);
	b->file_kib = oom_isset(file) ? file * pk : OOM_UNSET;
	b->shmem_kib = oom_isset(mi->shmem) ? mi->shmem * pk : OOM_UNSET;
	int64_t slab = sum2(mi->slab_reclaimable, mi->slab_unreclaimable);
	b->slab_kib = oom_isset(slab) ? slab * pk : OOM_UNSET;
	pt = oom_isset(mi->pagetables) ? mi->pagetables * pk : OOM_UNSET;
	for (size_t i = 0; i < mi->n_nodes; i++) {
		kstack = sum2(kstack, mi->nodes[i].kernel_stack_kib);
		hugetlb = sum2(hugetlb, mi->nodes[i].hugetlb_kib);
	}
	if (!oom_isset(kstack))
		for (size_t i = 0; i < mi->n_zones; i++)
			kstack = sum2(kstack, mi->zones[i].kernel_stack_kib);
	b->pagetables_kib = pt;
	b->kernel_stack_kib = kstack;
	b->hugetlb_kib = hugetlb;
	b->free_kib = oom_isset(mi->free) ? mi->free * pk : OOM_UNSET;
	if (oom_isset(b->total_kib) && b->total_kib > 0) {
		int64_t known = 0;
		const int64_t parts[] = { b->anon_kib, b->file_kib, b->shmem_kib, b->slab_kib,
			b->pagetables_kib, b->kernel_stack_kib, b->hugetlb_kib, b->free_kib };
		for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
			known += oom_isset(parts[i]) ? parts[i] : 0;
		int64_t reserved = oom_isset(mi->pages_reserved) ? mi->pages_reserved * pk : 0;
		int64_t rest = b->total_kib - reserved - known;
		b->unaccounted_kib = rest > 0 ? rest : 0;
	}
}

static void gather(struct facts *f, const struct oom_event *ev, struct oom_diagnosis *d)
{
	const struct oom_meminfo *mi = &ev->mem;
	const struct oom_task_table *t = &ev->tasks;

	memset(f, 0, sizeof(*f));
	f->ev = ev;
	f->d = d;
	f->pk = oom_isset(mi->page_size_kib) && mi->page_size_kib > 0 ? mi->page_size_kib : 4;
	f->pk_assumed = !oom_isset(mi->page_size_kib);
	f->ram_kib = oom_isset(mi->pages_ram) ? mi->pages_ram * f->pk : OOM_UNSET;
	f->top_kib = f->sum_kib = OOM_UNSET;
	if (t->n_top > 0) {
		f->top_kib = t->top[0].rss * f->pk;
		f->top_name = t->top[0].name;
		f->top_pid = t->top[0].pid;
		f->sum_kib = t->sum_rss * f->pk;
	} else if (ev->has_victim && oom_isset(ev->victim.anon_rss_kib)) {
		f->top_kib = ev->victim.anon_rss_kib + (oom_isset(ev->victim.shmem_rss_kib) ? ev->victim.shmem_rss_kib : 0);
		f->top_name = ev->victim.comm;
		f->top_pid = ev->victim.pid;
	}

	struct oom_breakdown *b = &d->mem;
	b->total_kib = b->anon_kib = b->file_kib = b->shmem_kib = b->slab_kib = OOM_UNSET;
	b->pagetables_kib = b->kernel_stack_kib = b->hugetlb_kib = b->free_kib = b->unaccounted_kib = OOM_UNSET;
	if (ev->kind == OOM_KIND_MEMCG_OOM || (ev->has_memcg && oom_isset(ev->memcg.limit_kib) && !mi->present))
		breakdown_memcg(f);
	else if (mi->present)
		breakdown_global(f);
	f->usable_kib = f->ram_kib;
	if (oom_isset(f->ram_kib) && oom_isset(b->hugetlb_kib))
		f->usable_kib = f->ram_kib - b->hugetlb_kib;
}

/* ---- cause rules: each returns a score 0..100 and, when chosen, writes its story ---- */

enum { R_SINGLE, R_MANY, R_SLAB, R_UNACCOUNTED, R_SHMEM, R_HUGETLB, R_FRAG, R_WMARK_HIGH,
       R_WMARK_ATOMIC, R_LOWMEM, R_CONSTRAINED, R_COUNT };

static int score_single(const struct facts *f)
{
	if (!oom_isset(f->top_kib) || !oom_isset(f->usable_kib) || f->usable_kib <= 0)
		return 0;
	int64_t p = diag_pct(f->top_kib, f->usable_kib);
	return p >= 50 ? (int)(p > 100 ? 100 : p) : 0;       /* (a) >= 50% (h) */
}

static int score_many(const struct facts *f)
{
	if (!oom_isset(f->sum_kib) || !oom_isset(f->usable_kib) || f->usable_kib <= 0)
		return 0;
	int64_t top = diag_pct(f->top_kib, f->usable_kib), sum = diag_pct(f->sum_kib, f->usable_kib);
	if (top >= 20 || sum < 60)                             /* (b) top < 20%, sum ~ used (h) */
		return 0;
	return (int)(sum * 8 / 10 > 85 ? 85 : sum * 8 / 10);
}

static int score_slab(const struct facts *f)
{
	const struct oom_meminfo *mi = &f->ev->mem;
	int64_t p = 0;

	if (oom_isset(mi->slab_unreclaimable) && oom_isset(f->usable_kib))
		p = diag_pct(mi->slab_unreclaimable * f->pk, f->usable_kib);
	if (f->ev->has_slab_info)                              /* the kernel's own rule fired */
		return p >= 30 ? 95 : 80;
	return p >= 30 ? (int)(50 + p / 2) : 0;
}

static int score_unaccounted(const struct facts *f)
{
	const struct oom_breakdown *b = &f->d->mem;
	if (b->memcg || !oom_isset(b->unaccounted_kib) || !oom_isset(b->total_kib))
		return 0;
	int64_t p = diag_pct(b->unaccounted_kib, b->total_kib);
	return p >= 40 ? (int)(30 + p / 2) : 0;                /* (c) large remainder (h) */
}

static int score_shmem(const struct facts *f)
{
	const struct oom_breakdown *b = &f->d->mem;
	const struct oom_task_table *t = &f->ev->tasks;
	if (!oom_isset(b->shmem_kib) || !oom_isset(f->usable_kib) || b->memcg)
		return 0;
	int64_t p = diag_pct(b->shmem_kib, f->usable_kib);
	if (p < 20)                                            /* (d) >= 20% (h) */
		return 0;
	/* shmem mapped by tasks (6.8+ rss_shmem) can be freed by a kill: then it is not stuck */
	int64_t mapped = 0;
	for (size_t i = 0; i < t->n_top; i++)
		mapped += oom_isset(t->top[i].rss_shmem) ? t->top[i].rss_shmem * f->pk : 0;
	if (mapped * 2 > b->shmem_kib)
		return 0;
	return (int)(p >= 40 ? 90 : 50 + p);
}

static int score_hugetlb(const struct facts *f)
{
	const struct oom_breakdown *b = &f->d->mem;
	if (!oom_isset(b->hugetlb_kib) || !oom_isset(f->ram_kib) || b->hugetlb_kib <= 0)
		return 0;
	int64_t p = diag_pct(b->hugetlb_kib, f->ram_kib);
	return p >= 25 ? (int)(p >= 50 ? 95 : 40 + p) : 0;     /* (e) 25-50% (h) */
}

/* Largest free block order in a zone's buddy list, -1 when none, -2 when not printed. */
static int largest_order(const struct oom_zone *z)
{
	int best = -2;
	for (int o = 0; o < z->n_buddy_orders; o++) {
		if (best == -2)
			best = -1;
		if (z->buddy_count[o] > 0)
			best = o;
	}
	return best;
}

static const struct oom_zone *frag_zone(const struct facts *f)
{
	const struct oom_event *ev = f->ev;
	int64_t order = ev->trigger.order;

	if (!oom_isset(order) || order <= 0 || order >= OOM_ORDERS)
		return NULL;
	for (size_t i = 0; i < ev->mem.n_zones; i++) {
		const struct oom_zone *z = &ev->mem.zones[i];
		int lo = largest_order(z);
		if (lo == -2 || lo >= order || !oom_isset(z->free_kib) || !oom_isset(z->min_kib))
			continue;
		if (z->free_kib > z->min_kib + (f->pk << order))     /* (g) enough free, no block */
			return z;
	}
	return NULL;
}

static int score_frag(const struct facts *f)
{
	const struct oom_zone *z = frag_zone(f);
	if (!z)
		return 0;
	return z->free_kib > 2 * z->min_kib ? 90 : 65;
}

/* Sum of zone min watermarks (~ vm.min_free_kbytes) and managed memory. */
static void wmark_sums(const struct facts *f, int64_t *min, int64_t *managed, bool *below)
{
	*min = *managed = 0;
	*below = false;
	for (size_t i = 0; i < f->ev->mem.n_zones; i++) {
		const struct oom_zone *z = &f->ev->mem.zones[i];
		if (oom_isset(z->min_kib))
			*min += z->min_kib;
		if (oom_isset(z->managed_kib))
			*managed += z->managed_kib;
		else if (oom_isset(z->present_kib))
			*managed += z->present_kib;
		if (oom_isset(z->free_kib) && oom_isset(z->min_kib) && z->free_kib < z->min_kib &&
		    oom_isset(z->managed_kib) && z->managed_kib > 16 * 1024)
			*below = true;
	}
}

static int score_wmark_high(const struct facts *f)
{
	int64_t min, managed;
	bool below;

	wmark_sums(f, &min, &managed, &below);
	if (!below || managed <= 0)
		return 0;
	int64_t permille = (int64_t)((double)min * 1000.0 / (double)managed);
	if (permille < 10)                                     /* (h) min >= 1% of managed (h) */
		return 0;
	return (int)(permille >= 50 ? 100 : 50 + permille);
}

static int score_wmark_atomic(const struct facts *f)
{
	const struct oom_event *ev = f->ev;
	int64_t min, managed;
	bool below;

	if (ev->kind != OOM_KIND_ALLOC_FAILURE || !strstr(ev->trigger.gfp_flags, "GFP_ATOMIC"))
		return 0;
	wmark_sums(f, &min, &managed, &below);
	return below ? 75 : 45;
}

static int score_lowmem(const struct facts *f)
{
	const struct oom_meminfo *mi = &f->ev->mem;
	const struct oom_zone *normal = NULL, *high = NULL;

	if (!oom_isset(mi->pages_highmem) || mi->pages_highmem <= 0)
		return 0;
	for (size_t i = 0; i < mi->n_zones; i++) {
		if (strcmp(mi->zones[i].name, "Normal") == 0)
			normal = &mi->zones[i];
		if (strcmp(mi->zones[i].name, "HighMem") == 0)
			high = &mi->zones[i];
	}
	if (!normal || !high || !oom_isset(normal->free_kib) || !oom_isset(normal->min_kib) ||
	    !oom_isset(high->free_kib))
		return 0;
	/* (i): lowmem at its watermark while highmem has room; a request without __GFP_HIGHMEM */
	const char *names = f->ev->trigger.gfp_flags[0] ? f->ev->trigger.gfp_flags : f->ev->trigger.gfp_decoded;
	if (strstr(names, "HIGHUSER") || strstr(names, "__GFP_HIGHMEM"))
		return 0;
	if (normal->free_kib <= normal->min_kib + normal->min_kib / 2 &&
	    high->free_kib > 16 * (oom_isset(high->high_kib) ? high->high_kib : 1024))
		return 95;
	return 0;
}

static int score_constrained(const struct facts *f)
{
	enum oom_constraint c = f->ev->constraint;
	return (c == OOM_CONSTRAINT_CPUSET || c == OOM_CONSTRAINT_MEMORY_POLICY) ? 85 : 0;
}

static const char *unit_of(const char *cgroup)
{
	const char *slash = strrchr(cgroup, '/');
	const char *name = slash ? slash + 1 : cgroup;
	size_t n = strlen(name);
	if (n > 8 && (strcmp(name + n - 8, ".service") == 0 || strcmp(name + n - 6, ".scope") == 0))
		return name;
	return NULL;
}

/* ---- each cause's story: verdict, evidence and next steps ---- */

static void story_single(struct facts *f)
{
	const struct oom_event *ev = f->ev;
	struct oom_diagnosis *d = f->d;
	const struct oom_breakdown *b = &d->mem;
	char s1[32];
	units_size_kib(s1, sizeof(s1), f->top_kib, SIZE_LONG);
	snprintf(d->verdict, sizeof(d->verdict), "one process, %.64s (pid %lld), used most of the memory",
		 f->top_name, (long long)f->top_pid);
	evidence(d, "%.64s held %s resident, %lld%% of RAM%s", f->top_name, s1,
		 (long long)diag_pct(f->top_kib, f->usable_kib), oom_isset(b->hugetlb_kib) && b->hugetlb_kib > 0 ? " outside the HugeTLB pool" : "");
	step(d, "find out why %.64s grew (a leak, or a heap/cache limit set too high for this machine)", f->top_name);
	/* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): R_SINGLE needs top_kib, set only with top_name */
	if (strcmp(f->top_name, "java") == 0)
		step(d, "for java, cap the heap (-Xmx) below the memory the host or container can give it");
	else if (strcmp(f->top_name, "node") == 0)
		step(d, "for node, cap the heap with --max-old-space-size");
	if (unit_of(ev->memcg.task_memcg) && ev->has_victim && strcmp(ev->victim.comm, f->top_name) == 0)
		step(d, "contain it: systemctl set-property %.64s MemoryHigh=... MemoryMax=... so it cannot take the whole machine",
		     unit_of(ev->memcg.task_memcg));
	else
		step(d, "contain it in a memory cgroup (systemd MemoryMax=, docker --memory) so it cannot take the whole machine");
}

static void story_many(struct facts *f)
{
	const struct oom_event *ev = f->ev;
	struct oom_diagnosis *d = f->d;
	char s1[32], s2[32], s3[32];
	const struct oom_task_group *g = ev->tasks.n_groups ? &ev->tasks.groups[0] : NULL;
	units_size_kib(s1, sizeof(s1), f->sum_kib, SIZE_LONG);
	units_size_kib(s2, sizeof(s2), f->top_kib, SIZE_LONG);
	snprintf(d->verdict, sizeof(d->verdict), "many processes together used the memory, none of them dominant");
	evidence(d, "%llu processes held %s resident together (%lld%% of RAM; shared pages are counted once per process)",
		 (unsigned long long)ev->tasks.n_rows, s1, (long long)diag_pct(f->sum_kib, f->usable_kib));
	evidence(d, "the largest, %.64s, held only %s", f->top_name, s2);
	if (g && g->count > 1) {
		units_size_kib(s3, sizeof(s3), g->rss * f->pk, SIZE_LONG);
		evidence(d, "%llu copies of %.64s held %s", (unsigned long long)g->count, g->name, s3);
		step(d, "lower the number of %.64s processes/workers (e.g. pm.max_children for php-fpm, MaxRequestWorkers for apache)", g->name);
	}
	step(d, "or give the machine more memory or swap for this many processes");
}

/* Slab and unaccounted kernel memory: what no process kill can free. */
static void kernel_memory_tail(struct oom_diagnosis *d)
{
	evidence(d, "killing processes cannot free kernel memory");
	step(d, "update the kernel or the driver that leaks; check /proc/meminfo (VmallocUsed, SUnreclaim) over time");
}

static void story_slab(struct facts *f)
{
	const struct oom_event *ev = f->ev;
	struct oom_diagnosis *d = f->d;
	char s1[32], s2[32];
	snprintf(d->verdict, sizeof(d->verdict), "the kernel's own memory (unreclaimable slab) filled RAM");
	if (oom_isset(ev->mem.slab_unreclaimable)) {
		units_size_kib(s1, sizeof(s1), ev->mem.slab_unreclaimable * f->pk, SIZE_LONG);
		evidence(d, "unreclaimable slab was %s, %lld%% of RAM", s1,
			 (long long)diag_pct(ev->mem.slab_unreclaimable * f->pk, f->usable_kib));
	}
	if (ev->has_slab_info)
		evidence(d, "the kernel printed \"Unreclaimable slab info\": slab exceeded all user pages");
	for (size_t i = 0; i < ev->n_slabs && i < 3; i++) {
		units_size_kib(s2, sizeof(s2), ev->slabs[i].total_kib, SIZE_LONG);
		evidence(d, "slab cache %.32s: %s", ev->slabs[i].name, s2);
	}
	step(d, "watch the growing cache with slabtop -s c (or /proc/slabinfo)%s%.32s",
	     ev->n_slabs ? "; here the largest was " : "", ev->n_slabs ? ev->slabs[0].name : "");
	kernel_memory_tail(d);
}

static void story_unaccounted(struct facts *f)
{
	struct oom_diagnosis *d = f->d;
	const struct oom_breakdown *b = &d->mem;
	char s1[32];
	units_size_kib(s1, sizeof(s1), b->unaccounted_kib, SIZE_LONG);
	snprintf(d->verdict, sizeof(d->verdict), "memory outside processes and caches filled RAM (kernel allocations, drivers or a balloon)");
	evidence(d, "%s (%lld%% of RAM) is not in any counter the report prints (vmalloc, driver, balloon or GPU memory)",
		 s1, (long long)diag_pct(b->unaccounted_kib, b->total_kib));
	kernel_memory_tail(d);
}

static void story_shmem(struct facts *f)
{
	struct oom_diagnosis *d = f->d;
	const struct oom_breakdown *b = &d->mem;
	char s1[32];
	units_size_kib(s1, sizeof(s1), b->shmem_kib, SIZE_LONG);
	snprintf(d->verdict, sizeof(d->verdict), "shared memory / tmpfs held the memory, and killing processes cannot free it");
	evidence(d, "shmem (tmpfs, /dev/shm, SysV shared memory) was %s, %lld%% of RAM", s1,
		 (long long)diag_pct(b->shmem_kib, f->usable_kib));
	evidence(d, "processes mapped little of it: files in tmpfs stay after their writers die");
	step(d, "find the files: df -h -t tmpfs; du -sh /dev/shm /run /tmp; ipcs -m for SysV segments");
	step(d, "delete them or cap the mounts (mount -o remount,size=... ), and make sure swap exists for tmpfs");
}

static void story_hugetlb(struct facts *f)
{
	const struct oom_event *ev = f->ev;
	struct oom_diagnosis *d = f->d;
	const struct oom_breakdown *b = &d->mem;
	char s1[32], s2[32];
	int64_t free_kib = 0, total = 0;
	for (size_t i = 0; i < ev->mem.n_nodes; i++) {
		const struct oom_node *n = &ev->mem.nodes[i];
		if (oom_isset(n->hugepages_free) && oom_isset(n->hugepages_size_kib))
			free_kib += n->hugepages_free * n->hugepages_size_kib;
		if (oom_isset(n->hugepages_total))
			total += n->hugepages_total;
	}
	units_size_kib(s1, sizeof(s1), b->hugetlb_kib, SIZE_LONG);
	units_size_kib(s2, sizeof(s2), free_kib, SIZE_LONG);
	snprintf(d->verdict, sizeof(d->verdict), "the HugeTLB pool reserved memory no ordinary allocation may use");
	evidence(d, "%lld huge pages reserved %s, %lld%% of RAM; %s of them were unused",
		 (long long)total, s1, (long long)diag_pct(b->hugetlb_kib, f->ram_kib), s2);
	step(d, "lower vm.nr_hugepages (sysctl -w vm.nr_hugepages=N) to what the applications really map");
	step(d, "check hugepages= on the kernel command line and /etc/sysctl.d for the setting");
}

static void story_frag(struct facts *f)
{
	const struct oom_event *ev = f->ev;
	struct oom_diagnosis *d = f->d;
	char s1[32], s2[32];
	const struct oom_zone *z = frag_zone(f);
	units_size_kib(s1, sizeof(s1), z->free_kib, SIZE_LONG);
	units_size_kib(s2, sizeof(s2), f->pk << ev->trigger.order, SIZE_LONG);
	snprintf(d->verdict, sizeof(d->verdict), "free memory was fragmented: no free block of order %lld (%s contiguous)",
		 (long long)ev->trigger.order, s2);
	evidence(d, "zone %s of node %d had %s free but its largest free block was order %d",
		 z->name, z->node, s1, largest_order(z));
	if (ev->trigger.order > 3)
		evidence(d, "order %lld is above PAGE_ALLOC_COSTLY_ORDER (3): the kernel fails such requests rather than killing",
			 (long long)ev->trigger.order);
	step(d, "compact now: echo 1 > /proc/sys/vm/compact_memory; watch /proc/buddyinfo and compact_fail in /proc/vmstat");
	step(d, "raise vm.min_free_kbytes moderately and vm.watermark_scale_factor so kswapd keeps larger blocks free");
	step(d, "if a driver or module asks for large contiguous buffers, it should use kvmalloc/vmalloc");
}

static void story_wmark_high(struct facts *f)
{
	struct oom_diagnosis *d = f->d;
	const struct oom_breakdown *b = &d->mem;
	char s1[32], s2[32];
	int64_t min, managed;
	bool below;
	wmark_sums(f, &min, &managed, &below);
	units_size_kib(s1, sizeof(s1), min, SIZE_LONG);
	units_size_kib(s2, sizeof(s2), b->free_kib, SIZE_LONG);
	snprintf(d->verdict, sizeof(d->verdict), "the zone watermarks (vm.min_free_kbytes) held back free memory: OOM while %s was free", s2);
	evidence(d, "the zones' min watermarks add up to %s, %.1f%% of managed memory (a default is well under 1%%)",
		 s1, (double)min * 100.0 / (double)managed);
	step(d, "lower vm.min_free_kbytes (sysctl -w vm.min_free_kbytes=N; the kernel default is about sqrt(16 * lowmem kB))");
	step(d, "look for a stale setting in /etc/sysctl.conf and /etc/sysctl.d/*.conf, then sysctl --system");
}

static void story_wmark_atomic(struct facts *f)
{
	const struct oom_event *ev = f->ev;
	struct oom_diagnosis *d = f->d;
	snprintf(d->verdict, sizeof(d->verdict), "an atomic allocation found no reserve: atomic requests cannot wait for reclaim");
	evidence(d, "the request was %.64s (no sleeping, no reclaim) of order %lld", ev->trigger.gfp_flags,
		 (long long)ev->trigger.order);
	step(d, "raise vm.min_free_kbytes so atomic (interrupt, network) allocations find a reserve");
	step(d, "raise vm.watermark_scale_factor so kswapd starts reclaiming earlier");
}

static void story_lowmem(struct facts *f)
{
	const struct oom_event *ev = f->ev;
	struct oom_diagnosis *d = f->d;
	char s1[32];
	snprintf(d->verdict, sizeof(d->verdict), "32-bit lowmem ran out while HighMem was still free");
	evidence(d, "the request (%.64s) needs lowmem; the Normal zone was at its minimum while HighMem had plenty",
		 ev->trigger.gfp_flags[0] ? ev->trigger.gfp_flags : ev->trigger.gfp_decoded);
	if (oom_isset(ev->mem.slab_reclaimable)) {
		units_size_kib(s1, sizeof(s1), ev->mem.slab_reclaimable * f->pk, SIZE_LONG);
		evidence(d, "reclaimable slab (dentries, inodes) in lowmem: %s", s1);
	}
	step(d, "run a 64-bit kernel; a 32-bit kernel can use under 1 GiB for its own structures");
	step(d, "until then, raise vm.vfs_cache_pressure and lower vm.lowmem_reserve_ratio only with care");
}

static void story_constrained(struct facts *f)
{
	const struct oom_event *ev = f->ev;
	struct oom_diagnosis *d = f->d;
	const struct oom_breakdown *b = &d->mem;
	char s1[32];
	snprintf(d->verdict, sizeof(d->verdict), "the allocation was restricted to some NUMA nodes (%s), and those were full",
		 ev->constraint == OOM_CONSTRAINT_CPUSET ? "cpuset" : "memory policy");
	evidence(d, "constraint %s, nodemask %.64s, mems_allowed %.64s", oom_constraint_name(ev->constraint),
		 ev->trigger.nodemask[0] ? ev->trigger.nodemask : "?", ev->trigger.mems_allowed[0] ? ev->trigger.mems_allowed : "?");
	units_size_kib(s1, sizeof(s1), b->free_kib, SIZE_LONG);
	evidence(d, "the machine as a whole had %s free: other nodes were not allowed", s1);
	step(d, "widen the allowed nodes (cpuset.mems, numactl --interleave=all or --preferred instead of --membind)");
	step(d, "note: vm.panic_on_oom=1 does not panic for such constrained OOMs");
}

/* One row per cause: how strongly the facts point at it, and how to tell it. */
static const struct {
	int (*score)(const struct facts *);
	void (*story)(struct facts *);
	enum oom_cause cause;
} rules[R_COUNT] = {
	[R_SINGLE] = { score_single, story_single, OOM_CAUSE_SINGLE_PROCESS },
	[R_MANY] = { score_many, story_many, OOM_CAUSE_MANY_PROCESSES },
	[R_SLAB] = { score_slab, story_slab, OOM_CAUSE_KERNEL_MEMORY },
	[R_UNACCOUNTED] = { score_unaccounted, story_unaccounted, OOM_CAUSE_KERNEL_MEMORY },
	[R_SHMEM] = { score_shmem, story_shmem, OOM_CAUSE_SHMEM },
	[R_HUGETLB] = { score_hugetlb, story_hugetlb, OOM_CAUSE_HUGETLB },
	[R_FRAG] = { score_frag, story_frag, OOM_CAUSE_FRAGMENTATION },
	[R_WMARK_HIGH] = { score_wmark_high, story_wmark_high, OOM_CAUSE_WATERMARKS },
	[R_WMARK_ATOMIC] = { score_wmark_atomic, story_wmark_atomic, OOM_CAUSE_WATERMARKS },
	[R_LOWMEM] = { score_lowmem, story_lowmem, OOM_CAUSE_LOWMEM },
	[R_CONSTRAINED] = { score_constrained, story_constrained, OOM_CAUSE_CONSTRAINED },
};

static enum oom_confidence conf_of(int score)
{
	return score >= 80 ? OOM_CONF_HIGH : score >= 55 ? OOM_CONF_MEDIUM : OOM_CONF_LOW;
}

/* Picks the rule for an event (also used by oom_verdict_short). */
static int pick_rule(const struct facts *f, int *score)
{
	int best = -1, best_score = 0;
	for (int i = 0; i < R_COUNT; i++) {
		int s = rules[i].score(f);
		if (s > best_score) {
			best = i;
			best_score = s;
		}
	}
	*score = best_score;
	return best;
}



static void story_memcg(struct facts *f)
{
	const struct oom_event *ev = f->ev;
	const struct oom_memcg *m = &ev->memcg;
	struct oom_diagnosis *d = f->d;
	char s1[32], s2[32];
	const char *cg = m->oom_memcg[0] ? m->oom_memcg : "a memory cgroup";

	units_size_kib(s1, sizeof(s1), m->limit_kib, SIZE_LONG);
	if (oom_isset(m->limit_kib))
		snprintf(d->verdict, sizeof(d->verdict), "%s%.120s reached its limit (%s)",
			 m->oom_memcg[0] ? "memory cgroup " : "", cg, s1);
	else
		snprintf(d->verdict, sizeof(d->verdict), "%s%.120s reached its limit",
			 m->oom_memcg[0] ? "memory cgroup " : "", cg);
	if (oom_isset(m->usage_kib) && oom_isset(m->limit_kib)) {
		units_size_kib(s2, sizeof(s2), m->usage_kib, SIZE_LONG);
		if (oom_isset(m->failcnt) && m->failcnt > 0)
			evidence(d, "usage %s of limit %s; the limit was hit %lld times (failcnt)", s2, s1,
				 (long long)m->failcnt);
		else
			evidence(d, "usage %s of limit %s", s2, s1);
	}
	if (m->oom_memcg[0] && m->task_memcg[0] && strcmp(m->oom_memcg, m->task_memcg) != 0)
		evidence(d, "the limit belongs to the parent %.100s, not to the victim's cgroup %.100s",
			 m->oom_memcg, m->task_memcg);
	if (oom_isset(d->mem.file_kib) && oom_isset(m->limit_kib) && diag_pct(d->mem.file_kib, m->limit_kib) >= 20) {
		units_size_kib(s2, sizeof(s2), d->mem.file_kib, SIZE_LONG);
		evidence(d, "page cache in the cgroup was %s: normally reclaimable, so not the cause unless dirty or locked", s2);
	}
	if (oom_isset(f->top_kib) && f->top_name) {
		units_size_kib(s2, sizeof(s2), f->top_kib, SIZE_LONG);
		evidence(d, "largest task in the cgroup: %.64s (pid %lld) with %s", f->top_name, (long long)f->top_pid, s2);
	}
	const char *unit = unit_of(cg);
	if (unit)
		step(d, "raise the limit if the workload needs it: systemctl set-property %.64s MemoryMax=... (and MemoryHigh= below it to throttle first)", unit);
	else
		step(d, "raise the limit of %.120s if the workload needs it (memory.max on cgroup v2, memory.limit_in_bytes on v1; docker --memory; Kubernetes resources.limits.memory)", cg);
	step(d, "or make the workload fit: cap its heap/caches below the limit");
	if (oom_isset(m->swap_limit_kib) && m->swap_limit_kib == 0)
		step(d, "the cgroup may not swap (memory.swap.max = 0): allowing some swap absorbs short peaks");
}

static void common_notes(struct facts *f)
{
	const struct oom_event *ev = f->ev;
	struct oom_diagnosis *d = f->d;
	const struct oom_meminfo *mi = &ev->mem;

	if (ev->has_victim && ev->trigger.comm[0] && oom_isset(ev->trigger.pid) &&
	    ev->trigger.pid != ev->victim.pid && !ev->allocating_task)
		evidence(d, "%.64s only asked for memory when it ran out; it is not necessarily the culprit", ev->trigger.comm);
	if (ev->kind != OOM_KIND_MEMCG_OOM) {
		if (oom_isset(mi->swap_total_kib) && mi->swap_total_kib == 0)
			evidence(d, "no swap: anonymous memory could not be paged out");
		else if (oom_isset(mi->swap_free_kib) && mi->swap_free_kib == 0)
			evidence(d, "swap was exhausted (Free swap = 0kB)");
	}
	for (size_t i = 0; i < mi->n_nodes; i++) {
		if (mi->nodes[i].all_unreclaimable) {
			evidence(d, "node %d was all_unreclaimable: reclaim had given up", mi->nodes[i].node);
			break;
		}
	}
	if (ev->has_victim && oom_isset(ev->victim.oom_score_adj) && ev->victim.oom_score_adj != 0)
		evidence(d, "the victim's oom_score_adj was %+lld, %s", (long long)ev->victim.oom_score_adj,
			 ev->victim.oom_score_adj > 0 ? "which made it a preferred target" : "which protected it somewhat");
	if (ev->allocating_task) {
		evidence(d, "vm.oom_kill_allocating_task=1: the kernel killed the requester, not the largest process");
		step(d, "set vm.oom_kill_allocating_task=0 so the OOM killer picks the process that frees the most");
	}
	if (ev->panic && ev->kind == OOM_KIND_PANIC)
		step(d, "vm.panic_on_oom turned this OOM into a reboot: set it to 0 unless this host is meant to fail over (then keep kernel.panic > 0 and kdump)");
	if (ev->kind != OOM_KIND_MEMCG_OOM && oom_isset(mi->swap_total_kib) && mi->swap_total_kib == 0 &&
	    d->cause != OOM_CAUSE_SYSRQ && d->cause != OOM_CAUSE_HUGETLB)
		step(d, "consider swap or zram: it gives the kernel room to page out cold anonymous memory");
	/* with swap full the kernel thrashes on before it kills: more swap only delays that */
	if (ev->kind != OOM_KIND_MEMCG_OOM && oom_isset(mi->swap_total_kib) && mi->swap_total_kib > 0 &&
	    oom_isset(mi->swap_free_kib) && mi->swap_free_kib == 0 && d->cause != OOM_CAUSE_SYSRQ)
		step(d, "%s", OOM_STEP_EARLY_DAEMON);
	if (ev->incomplete)
		evidence(d, "the report is incomplete (lines were lost or it was cut off): the verdict rests on what remains");
	if (f->pk_assumed && d->mem.total_kib != OOM_UNSET && !d->mem.memcg)
		evidence(d, "page size not shown in the report: 4 kB assumed");
}

/* The victim's points as a share of RAM+swap in per mille: from 2.6.36 (the header prints
 * oom_score_adj=) to 5.0, "Kill process N (c) score S" is oom_badness() * 1000 / totalpages, with
 * oom_score_adj * totalpages / 1000 added; older scores are unscaled.  OOM_UNSET when unknown. */
static int64_t victim_permille(const struct oom_event *ev)
{
	const struct oom_victim *v = &ev->victim;
	int64_t s;

	if (!ev->has_victim || !oom_isset(v->score) || !oom_isset(ev->trigger.oom_score_adj) ||
	    v->score < 0 || v->score > 1000)
		return OOM_UNSET;
	s = v->score - (oom_isset(v->oom_score_adj) ? v->oom_score_adj : 0);
	return s < 0 ? 0 : s > 1000 ? 1000 : s;
}

static bool swap_gone(const struct oom_meminfo *mi)
{
	return (oom_isset(mi->swap_total_kib) && mi->swap_total_kib == 0) ||
	       (oom_isset(mi->swap_free_kib) && mi->swap_free_kib == 0);
}

/* No rule fits and the report lacks the task table (and maybe Mem-Info): say so, and use what is
 * left (the victim's scaled score, the anon share of RAM) instead of "spread over several
 * consumers", which a missing table cannot show.  Returns false when the report is whole. */
static bool story_partial(struct facts *f)
{
	const struct oom_event *ev = f->ev;
	struct oom_diagnosis *d = f->d;
	const struct oom_breakdown *b = &d->mem;
	int64_t pm = victim_permille(ev);

	if (ev->tasks.present || ev->kind == OOM_KIND_ALLOC_FAILURE)
		return false;
	d->confidence = OOM_CONF_LOW;
	if (oom_isset(pm) && pm >= 500) {                      /* (a) half of RAM+swap or more (h) */
		d->cause = OOM_CAUSE_SINGLE_PROCESS;
		d->confidence = OOM_CONF_MEDIUM;
		snprintf(d->verdict, sizeof(d->verdict), "one process, %.64s (pid %lld), held about %lld%% of RAM+swap",
			 ev->victim.comm, (long long)ev->victim.pid, (long long)(pm + 5) / 10);
		evidence(d, "its OOM score was %lld: on 2.6.36-5.0 kernels the score is its share of RAM+swap in 1/1000",
			 (long long)ev->victim.score);
		step(d, "find out why %.64s grew (a leak, or a heap/cache limit set too high for this machine)", ev->victim.comm);
		step(d, "contain it in a memory cgroup (systemd MemoryMax=, docker --memory) so it cannot take the whole machine");
	} else if (ev->has_victim && ev->victim.comm[0] && oom_isset(b->anon_kib) && oom_isset(b->total_kib) &&
		   diag_pct(b->anon_kib, b->total_kib) >= 80 && swap_gone(&ev->mem)) {
		/* (a) anon fills RAM with no swap left: the killer took the process of highest badness,
		 * the one holder the report can point at (h) */
		d->cause = OOM_CAUSE_SINGLE_PROCESS;
		snprintf(d->verdict, sizeof(d->verdict), "one process filled memory, most likely %.64s (pid %lld), the OOM killer's choice",
			 ev->victim.comm, (long long)ev->victim.pid);
		evidence(d, "anonymous pages (process memory) were %lld%% of RAM and %s", (long long)diag_pct(b->anon_kib, b->total_kib),
			 oom_isset(ev->mem.swap_total_kib) && ev->mem.swap_total_kib == 0 ? "there was no swap" : "swap was full");
		evidence(d, "the OOM killer takes the process with the highest badness: %.64s was the largest", ev->victim.comm);
		step(d, "find out why %.64s grew (a leak, or a heap/cache limit set too high for this machine)", ev->victim.comm);
	} else if (oom_isset(b->anon_kib) && oom_isset(b->total_kib) && diag_pct(b->anon_kib, b->total_kib) >= 60) {
		d->cause = OOM_CAUSE_UNKNOWN;
		snprintf(d->verdict, sizeof(d->verdict), "process memory (anonymous pages) filled %lld%% of RAM; the report does not show which process held it",
			 (long long)diag_pct(b->anon_kib, b->total_kib));
		if (ev->has_victim && ev->victim.comm[0])
			evidence(d, "the OOM killer chose %.64s (pid %lld) as the process with the highest badness, so it was the largest holder",
				 ev->victim.comm, (long long)ev->victim.pid);
	} else {
		d->cause = OOM_CAUSE_UNKNOWN;
		snprintf(d->verdict, sizeof(d->verdict), "the report is incomplete: %s, so the cause cannot be told from it",
			 ev->mem.present ? "it has no task table" : "it has neither Mem-Info nor a task table");
	}
	evidence(d, "the report is incomplete: %s", ev->mem.present ? "no task table (vm.oom_dump_tasks=0, or lines lost)"
		 : "no Mem-Info and no task table");
	step(d, "look for the whole report in the kernel log (journalctl -k, dmesg) and keep vm.oom_dump_tasks=1 so the next one lists the processes");
	return true;
}

void oom_diagnose(const struct oom_event *ev, struct oom_diagnosis *out)
{
	struct facts f;
	int score = 0, rule;

	memset(out, 0, sizeof(*out));
	gather(&f, ev, out);
	if (ev->sysrq) {
		out->cause = OOM_CAUSE_SYSRQ;
		out->confidence = OOM_CONF_HIGH;
		snprintf(out->verdict, sizeof(out->verdict), "someone triggered the OOM killer by hand (SysRq-f): not a memory shortage");
		evidence(out, "order=-1 marks a manual OOM (echo f > /proc/sysrq-trigger or Alt-SysRq-f)");
		step(out, "find who has access to /proc/sysrq-trigger; restrict kernel.sysrq if this was not intended");
	} else if (ev->kind == OOM_KIND_NO_KILLABLE) {
		out->cause = OOM_CAUSE_NO_KILLABLE;
		out->confidence = OOM_CONF_HIGH;
		snprintf(out->verdict, sizeof(out->verdict), "memory ran out and every process was protected from the OOM killer");
		uint64_t protected_n = 0;
		const struct oom_task *big = NULL;
		for (size_t i = 0; i < ev->tasks.n_top; i++) {
			if (oom_isset(ev->tasks.top[i].oom_score_adj) && ev->tasks.top[i].oom_score_adj == -1000) {
				protected_n++;
				if (!big)
					big = &ev->tasks.top[i];
			}
		}
		if (protected_n)
			evidence(out, "%llu of the largest processes had oom_score_adj -1000", (unsigned long long)protected_n);
		if (ev->panic)
			evidence(out, "the kernel then panicked: \"%.100s\"", ev->panic_msg);
		if (big) {
			char s[32];
			units_size_kib(s, sizeof(s), big->rss * f.pk, SIZE_LONG);
			step(out, "unprotect at least one large service: %.64s held %s at oom_score_adj -1000 (OOMScoreAdjust= in its unit, or choom)", big->name, s);
		} else {
			step(out, "leave at least one large process killable: only a few critical daemons should have oom_score_adj -1000");
		}
		step(out, "then find what filled memory and limit it");
	} else if (ev->kind == OOM_KIND_MEMCG_OOM) {
		out->cause = OOM_CAUSE_MEMCG_LIMIT;
		out->confidence = (oom_isset(ev->memcg.usage_kib) && oom_isset(ev->memcg.limit_kib) &&
				   (double)ev->memcg.usage_kib >= (double)ev->memcg.limit_kib * 0.95) ? OOM_CONF_HIGH :
				  ev->incomplete ? OOM_CONF_LOW : OOM_CONF_MEDIUM;
		story_memcg(&f);
	} else if ((rule = pick_rule(&f, &score)) >= 0) {
		out->cause = rules[rule].cause;
		out->confidence = conf_of(score);
		if (ev->incomplete && out->confidence > OOM_CONF_LOW)
			out->confidence--;
		rules[rule].story(&f);
	} else if (!story_partial(&f)) {
		out->cause = OOM_CAUSE_UNKNOWN;
		out->confidence = OOM_CONF_LOW;
		snprintf(out->verdict, sizeof(out->verdict), "%s",
			 ev->kind == OOM_KIND_ALLOC_FAILURE ? "an allocation failed; no single cause stands out in the report"
			 : "no single cause stands out: memory was spread over several consumers");
		step(out, "compare with the machine's usual memory use (oomguard report)%s",
		     ev->tasks.present ? " and the largest consumers below" : "");
	}
	if (ev->kind == OOM_KIND_ALLOC_FAILURE)
		evidence(out, "no process was killed: the allocation itself failed and its caller saw an error");
	common_notes(&f);
}

const char *oom_verdict_short(const struct oom_event *ev)
{
	static const char *const text[] = {
		[OOM_CAUSE_UNKNOWN] = "no single cause",
		[OOM_CAUSE_SINGLE_PROCESS] = "one process used most memory",
		[OOM_CAUSE_MANY_PROCESSES] = "many processes together",
		[OOM_CAUSE_KERNEL_MEMORY] = "kernel memory (slab/drivers)",
		[OOM_CAUSE_SHMEM] = "shmem/tmpfs",
		[OOM_CAUSE_HUGETLB] = "HugeTLB pool",
		[OOM_CAUSE_MEMCG_LIMIT] = "memory cgroup limit",
		[OOM_CAUSE_FRAGMENTATION] = "fragmentation (high order)",
		[OOM_CAUSE_WATERMARKS] = "watermarks (min_free_kbytes)",
		[OOM_CAUSE_LOWMEM] = "32-bit lowmem",
		[OOM_CAUSE_CONSTRAINED] = "NUMA/cpuset constraint",
		[OOM_CAUSE_NO_KILLABLE] = "all processes protected",
		[OOM_CAUSE_SYSRQ] = "manual (SysRq)",
	};
	struct oom_diagnosis d;

	oom_diagnose(ev, &d);
	return text[d.cause];
}

const char *oom_cause_name(enum oom_cause c)
{
	static const char *const names[] = {
		[OOM_CAUSE_UNKNOWN] = "unknown", [OOM_CAUSE_SINGLE_PROCESS] = "single-process",
		[OOM_CAUSE_MANY_PROCESSES] = "many-processes", [OOM_CAUSE_KERNEL_MEMORY] = "kernel-memory",
		[OOM_CAUSE_SHMEM] = "shmem", [OOM_CAUSE_HUGETLB] = "hugetlb",
		[OOM_CAUSE_MEMCG_LIMIT] = "memcg-limit", [OOM_CAUSE_FRAGMENTATION] = "fragmentation",
		[OOM_CAUSE_WATERMARKS] = "watermarks", [OOM_CAUSE_LOWMEM] = "lowmem",
		[OOM_CAUSE_CONSTRAINED] = "numa-constraint", [OOM_CAUSE_NO_KILLABLE] = "no-killable",
		[OOM_CAUSE_SYSRQ] = "sysrq",
	};
	return (unsigned)c < sizeof(names) / sizeof(names[0]) ? names[c] : "unknown";
}

const char *oom_confidence_name(enum oom_confidence c)
{
	return c == OOM_CONF_HIGH ? "high" : c == OOM_CONF_MEDIUM ? "medium" : "low";
}
