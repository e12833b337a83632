/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Each cause rule (a)-(i) of the OOM knowledge base: how well a report fits it (a score; the best
 * wins and sets the confidence) and its story.  Thresholds marked (h) are heuristics, not kernel
 * facts.  See diagnose_causes.h. */
#include "lib/oomreport/diagnose_causes.h"

#include <stdio.h>
#include <string.h>

#include "lib/util/units.h"

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
	diag_evidence(d, "%.64s held %s resident, %lld%% of RAM%s", f->top_name, s1,
		 (long long)diag_pct(f->top_kib, f->usable_kib), oom_isset(b->hugetlb_kib) && b->hugetlb_kib > 0 ? " outside the HugeTLB pool" : "");
	diag_step(d, "find out why %.64s grew (a leak, or a heap/cache limit set too high for this machine)", f->top_name);
	/* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): R_SINGLE needs top_kib, set only with top_name */
	if (strcmp(f->top_name, "java") == 0)
		diag_step(d, "for java, cap the heap (-Xmx) below the memory the host or container can give it");
	else if (strcmp(f->top_name, "node") == 0)
		diag_step(d, "for node, cap the heap with --max-old-space-size");
	if (diag_unit_of(ev->memcg.task_memcg) && ev->has_victim && strcmp(ev->victim.comm, f->top_name) == 0)
		diag_step(d, "contain it: systemctl set-property %.64s MemoryHigh=... MemoryMax=... so it cannot take the whole machine",
		     diag_unit_of(ev->memcg.task_memcg));
	else
		diag_step(d, "contain it in a memory cgroup (systemd MemoryMax=, docker --memory) so it cannot take the whole machine");
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
	diag_evidence(d, "%llu processes held %s resident together (%lld%% of RAM; shared pages are counted once per process)",
		 (unsigned long long)ev->tasks.n_rows, s1, (long long)diag_pct(f->sum_kib, f->usable_kib));
	diag_evidence(d, "the largest, %.64s, held only %s", f->top_name, s2);
	if (g && g->count > 1) {
		units_size_kib(s3, sizeof(s3), g->rss * f->pk, SIZE_LONG);
		diag_evidence(d, "%llu copies of %.64s held %s", (unsigned long long)g->count, g->name, s3);
		diag_step(d, "lower the number of %.64s processes/workers (e.g. pm.max_children for php-fpm, MaxRequestWorkers for apache)", g->name);
	}
	diag_step(d, "or give the machine more memory or swap for this many processes");
}

/* Slab and unaccounted kernel memory: what no process kill can free. */
static void kernel_memory_tail(struct oom_diagnosis *d)
{
	diag_evidence(d, "killing processes cannot free kernel memory");
	diag_step(d, "update the kernel or the driver that leaks; check /proc/meminfo (VmallocUsed, SUnreclaim) over time");
}

static void story_slab(struct facts *f)
{
	const struct oom_event *ev = f->ev;
	struct oom_diagnosis *d = f->d;
	char s1[32], s2[32];
	snprintf(d->verdict, sizeof(d->verdict), "the kernel's own memory (unreclaimable slab) filled RAM");
	if (oom_isset(ev->mem.slab_unreclaimable)) {
		units_size_kib(s1, sizeof(s1), ev->mem.slab_unreclaimable * f->pk, SIZE_LONG);
		diag_evidence(d, "unreclaimable slab was %s, %lld%% of RAM", s1,
			 (long long)diag_pct(ev->mem.slab_unreclaimable * f->pk, f->usable_kib));
	}
	if (ev->has_slab_info)
		diag_evidence(d, "the kernel printed \"Unreclaimable slab info\": slab exceeded all user pages");
	for (size_t i = 0; i < ev->n_slabs && i < 3; i++) {
		units_size_kib(s2, sizeof(s2), ev->slabs[i].total_kib, SIZE_LONG);
		diag_evidence(d, "slab cache %.32s: %s", ev->slabs[i].name, s2);
	}
	diag_step(d, "watch the growing cache with slabtop -s c (or /proc/slabinfo)%s%.32s",
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
	diag_evidence(d, "%s (%lld%% of RAM) is not in any counter the report prints (vmalloc, driver, balloon or GPU memory)",
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
	diag_evidence(d, "shmem (tmpfs, /dev/shm, SysV shared memory) was %s, %lld%% of RAM", s1,
		 (long long)diag_pct(b->shmem_kib, f->usable_kib));
	diag_evidence(d, "processes mapped little of it: files in tmpfs stay after their writers die");
	diag_step(d, "find the files: df -h -t tmpfs; du -sh /dev/shm /run /tmp; ipcs -m for SysV segments");
	diag_step(d, "delete them or cap the mounts (mount -o remount,size=... ), and make sure swap exists for tmpfs");
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
	diag_evidence(d, "%lld huge pages reserved %s, %lld%% of RAM; %s of them were unused",
		 (long long)total, s1, (long long)diag_pct(b->hugetlb_kib, f->ram_kib), s2);
	diag_step(d, "lower vm.nr_hugepages (sysctl -w vm.nr_hugepages=N) to what the applications really map");
	diag_step(d, "check hugepages= on the kernel command line and /etc/sysctl.d for the setting");
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
	diag_evidence(d, "zone %s of node %d had %s free but its largest free block was order %d",
		 z->name, z->node, s1, largest_order(z));
	if (ev->trigger.order > 3)
		diag_evidence(d, "order %lld is above PAGE_ALLOC_COSTLY_ORDER (3): the kernel fails such requests rather than killing",
			 (long long)ev->trigger.order);
	diag_step(d, "compact now: echo 1 > /proc/sys/vm/compact_memory; watch /proc/buddyinfo and compact_fail in /proc/vmstat");
	diag_step(d, "raise vm.min_free_kbytes moderately and vm.watermark_scale_factor so kswapd keeps larger blocks free");
	diag_step(d, "if a driver or module asks for large contiguous buffers, it should use kvmalloc/vmalloc");
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
	diag_evidence(d, "the zones' min watermarks add up to %s, %.1f%% of managed memory (a default is well under 1%%)",
		 s1, (double)min * 100.0 / (double)managed);
	diag_step(d, "lower vm.min_free_kbytes (sysctl -w vm.min_free_kbytes=N; the kernel default is about sqrt(16 * lowmem kB))");
	diag_step(d, "look for a stale setting in /etc/sysctl.conf and /etc/sysctl.d/*.conf, then sysctl --system");
}

static void story_wmark_atomic(struct facts *f)
{
	const struct oom_event *ev = f->ev;
	struct oom_diagnosis *d = f->d;
	snprintf(d->verdict, sizeof(d->verdict), "an atomic allocation found no reserve: atomic requests cannot wait for reclaim");
	diag_evidence(d, "the request was %.64s (no sleeping, no reclaim) of order %lld", ev->trigger.gfp_flags,
		 (long long)ev->trigger.order);
	diag_step(d, "raise vm.min_free_kbytes so atomic (interrupt, network) allocations find a reserve");
	diag_step(d, "raise vm.watermark_scale_factor so kswapd starts reclaiming earlier");
}

static void story_lowmem(struct facts *f)
{
	const struct oom_event *ev = f->ev;
	struct oom_diagnosis *d = f->d;
	char s1[32];
	snprintf(d->verdict, sizeof(d->verdict), "32-bit lowmem ran out while HighMem was still free");
	diag_evidence(d, "the request (%.64s) needs lowmem; the Normal zone was at its minimum while HighMem had plenty",
		 ev->trigger.gfp_flags[0] ? ev->trigger.gfp_flags : ev->trigger.gfp_decoded);
	if (oom_isset(ev->mem.slab_reclaimable)) {
		units_size_kib(s1, sizeof(s1), ev->mem.slab_reclaimable * f->pk, SIZE_LONG);
		diag_evidence(d, "reclaimable slab (dentries, inodes) in lowmem: %s", s1);
	}
	diag_step(d, "run a 64-bit kernel; a 32-bit kernel can use under 1 GiB for its own structures");
	diag_step(d, "until then, raise vm.vfs_cache_pressure and lower vm.lowmem_reserve_ratio only with care");
}

static void story_constrained(struct facts *f)
{
	const struct oom_event *ev = f->ev;
	struct oom_diagnosis *d = f->d;
	const struct oom_breakdown *b = &d->mem;
	char s1[32];
	snprintf(d->verdict, sizeof(d->verdict), "the allocation was restricted to some NUMA nodes (%s), and those were full",
		 ev->constraint == OOM_CONSTRAINT_CPUSET ? "cpuset" : "memory policy");
	diag_evidence(d, "constraint %s, nodemask %.64s, mems_allowed %.64s", oom_constraint_name(ev->constraint),
		 ev->trigger.nodemask[0] ? ev->trigger.nodemask : "?", ev->trigger.mems_allowed[0] ? ev->trigger.mems_allowed : "?");
	units_size_kib(s1, sizeof(s1), b->free_kib, SIZE_LONG);
	diag_evidence(d, "the machine as a whole had %s free: other nodes were not allowed", s1);
	diag_step(d, "widen the allowed nodes (cpuset.mems, numactl --interleave=all or --preferred instead of --membind)");
	diag_step(d, "note: vm.panic_on_oom=1 does not panic for such constrained OOMs");
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

/* Picks the rule for an event (also used by oom_verdict_short). */
int diag_pick_cause(const struct facts *f, int *score)
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

enum oom_cause diag_cause_kind(int cause)
{
	return rules[cause].cause;
}

void diag_cause_story(struct facts *f, int cause)
{
	rules[cause].story(f);
}

enum oom_confidence diag_confidence(int score)
{
	return score >= 80 ? OOM_CONF_HIGH : score >= 55 ? OOM_CONF_MEDIUM : OOM_CONF_LOW;
}
