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

#include "lib/oomreport/diagnose_causes.h"

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
			diag_evidence(d, "usage %s of limit %s; the limit was hit %lld times (failcnt)", s2, s1,
				 (long long)m->failcnt);
		else
			diag_evidence(d, "usage %s of limit %s", s2, s1);
	}
	if (m->oom_memcg[0] && m->task_memcg[0] && strcmp(m->oom_memcg, m->task_memcg) != 0)
		diag_evidence(d, "the limit belongs to the parent %.100s, not to the victim's cgroup %.100s",
			 m->oom_memcg, m->task_memcg);
	if (oom_isset(d->mem.file_kib) && oom_isset(m->limit_kib) && diag_pct(d->mem.file_kib, m->limit_kib) >= 20) {
		units_size_kib(s2, sizeof(s2), d->mem.file_kib, SIZE_LONG);
		diag_evidence(d, "page cache in the cgroup was %s: normally reclaimable, so not the cause unless dirty or locked", s2);
	}
	if (oom_isset(f->top_kib) && f->top_name) {
		units_size_kib(s2, sizeof(s2), f->top_kib, SIZE_LONG);
		diag_evidence(d, "largest task in the cgroup: %.64s (pid %lld) with %s", f->top_name, (long long)f->top_pid, s2);
	}
	const char *unit = diag_unit_of(cg);
	if (unit)
		diag_step(d, "raise the limit if the workload needs it: systemctl set-property %.64s MemoryMax=... (and MemoryHigh= below it to throttle first)", unit);
	else
		diag_step(d, "raise the limit of %.120s if the workload needs it (memory.max on cgroup v2, memory.limit_in_bytes on v1; docker --memory; Kubernetes resources.limits.memory)", cg);
	diag_step(d, "or make the workload fit: cap its heap/caches below the limit");
	if (oom_isset(m->swap_limit_kib) && m->swap_limit_kib == 0)
		diag_step(d, "the cgroup may not swap (memory.swap.max = 0): allowing some swap absorbs short peaks");
}

static void common_notes(struct facts *f)
{
	const struct oom_event *ev = f->ev;
	struct oom_diagnosis *d = f->d;
	const struct oom_meminfo *mi = &ev->mem;

	if (ev->has_victim && ev->trigger.comm[0] && oom_isset(ev->trigger.pid) &&
	    ev->trigger.pid != ev->victim.pid && !ev->allocating_task)
		diag_evidence(d, "%.64s only asked for memory when it ran out; it is not necessarily the culprit", ev->trigger.comm);
	if (ev->kind != OOM_KIND_MEMCG_OOM) {
		if (oom_isset(mi->swap_total_kib) && mi->swap_total_kib == 0)
			diag_evidence(d, "no swap: anonymous memory could not be paged out");
		else if (oom_isset(mi->swap_free_kib) && mi->swap_free_kib == 0)
			diag_evidence(d, "swap was exhausted (Free swap = 0kB)");
	}
	for (size_t i = 0; i < mi->n_nodes; i++) {
		if (mi->nodes[i].all_unreclaimable) {
			diag_evidence(d, "node %d was all_unreclaimable: reclaim had given up", mi->nodes[i].node);
			break;
		}
	}
	if (ev->has_victim && oom_isset(ev->victim.oom_score_adj) && ev->victim.oom_score_adj != 0)
		diag_evidence(d, "the victim's oom_score_adj was %+lld, %s", (long long)ev->victim.oom_score_adj,
			 ev->victim.oom_score_adj > 0 ? "which made it a preferred target" : "which protected it somewhat");
	if (ev->allocating_task) {
		diag_evidence(d, "vm.oom_kill_allocating_task=1: the kernel killed the requester, not the largest process");
		diag_step(d, "set vm.oom_kill_allocating_task=0 so the OOM killer picks the process that frees the most");
	}
	if (ev->panic && ev->kind == OOM_KIND_PANIC)
		diag_step(d, "vm.panic_on_oom turned this OOM into a reboot: set it to 0 unless this host is meant to fail over (then keep kernel.panic > 0 and kdump)");
	if (ev->kind != OOM_KIND_MEMCG_OOM && oom_isset(mi->swap_total_kib) && mi->swap_total_kib == 0 &&
	    d->cause != OOM_CAUSE_SYSRQ && d->cause != OOM_CAUSE_HUGETLB)
		diag_step(d, "consider swap or zram: it gives the kernel room to page out cold anonymous memory");
	/* with swap full the kernel thrashes on before it kills: more swap only delays that */
	if (ev->kind != OOM_KIND_MEMCG_OOM && oom_isset(mi->swap_total_kib) && mi->swap_total_kib > 0 &&
	    oom_isset(mi->swap_free_kib) && mi->swap_free_kib == 0 && d->cause != OOM_CAUSE_SYSRQ)
		diag_step(d, "%s", OOM_STEP_EARLY_DAEMON);
	if (ev->incomplete)
		diag_evidence(d, "the report is incomplete (lines were lost or it was cut off): the verdict rests on what remains");
	if (f->pk_assumed && d->mem.total_kib != OOM_UNSET && !d->mem.memcg)
		diag_evidence(d, "page size not shown in the report: 4 kB assumed");
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
		diag_evidence(d, "its OOM score was %lld: on 2.6.36-5.0 kernels the score is its share of RAM+swap in 1/1000",
			 (long long)ev->victim.score);
		diag_step(d, "find out why %.64s grew (a leak, or a heap/cache limit set too high for this machine)", ev->victim.comm);
		diag_step(d, "contain it in a memory cgroup (systemd MemoryMax=, docker --memory) so it cannot take the whole machine");
	} else if (ev->has_victim && ev->victim.comm[0] && oom_isset(b->anon_kib) && oom_isset(b->total_kib) &&
		   diag_pct(b->anon_kib, b->total_kib) >= 80 && swap_gone(&ev->mem)) {
		/* (a) anon fills RAM with no swap left: the killer took the process of highest badness,
		 * the one holder the report can point at (h) */
		d->cause = OOM_CAUSE_SINGLE_PROCESS;
		snprintf(d->verdict, sizeof(d->verdict), "one process filled memory, most likely %.64s (pid %lld), the OOM killer's choice",
			 ev->victim.comm, (long long)ev->victim.pid);
		diag_evidence(d, "anonymous pages (process memory) were %lld%% of RAM and %s", (long long)diag_pct(b->anon_kib, b->total_kib),
			 oom_isset(ev->mem.swap_total_kib) && ev->mem.swap_total_kib == 0 ? "there was no swap" : "swap was full");
		diag_evidence(d, "the OOM killer takes the process with the highest badness: %.64s was the largest", ev->victim.comm);
		diag_step(d, "find out why %.64s grew (a leak, or a heap/cache limit set too high for this machine)", ev->victim.comm);
	} else if (oom_isset(b->anon_kib) && oom_isset(b->total_kib) && diag_pct(b->anon_kib, b->total_kib) >= 60) {
		d->cause = OOM_CAUSE_UNKNOWN;
		snprintf(d->verdict, sizeof(d->verdict), "process memory (anonymous pages) filled %lld%% of RAM; the report does not show which process held it",
			 (long long)diag_pct(b->anon_kib, b->total_kib));
		if (ev->has_victim && ev->victim.comm[0])
			diag_evidence(d, "the OOM killer chose %.64s (pid %lld) as the process with the highest badness, so it was the largest holder",
				 ev->victim.comm, (long long)ev->victim.pid);
	} else {
		d->cause = OOM_CAUSE_UNKNOWN;
		snprintf(d->verdict, sizeof(d->verdict), "the report is incomplete: %s, so the cause cannot be told from it",
			 ev->mem.present ? "it has no task table" : "it has neither Mem-Info nor a task table");
	}
	diag_evidence(d, "the report is incomplete: %s", ev->mem.present ? "no task table (vm.oom_dump_tasks=0, or lines lost)"
		 : "no Mem-Info and no task table");
	diag_step(d, "look for the whole report in the kernel log (journalctl -k, dmesg) and keep vm.oom_dump_tasks=1 so the next one lists the processes");
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
		diag_evidence(out, "order=-1 marks a manual OOM (echo f > /proc/sysrq-trigger or Alt-SysRq-f)");
		diag_step(out, "find who has access to /proc/sysrq-trigger; restrict kernel.sysrq if this was not intended");
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
			diag_evidence(out, "%llu of the largest processes had oom_score_adj -1000", (unsigned long long)protected_n);
		if (ev->panic)
			diag_evidence(out, "the kernel then panicked: \"%.100s\"", ev->panic_msg);
		if (big) {
			char s[32];
			units_size_kib(s, sizeof(s), big->rss * f.pk, SIZE_LONG);
			diag_step(out, "unprotect at least one large service: %.64s held %s at oom_score_adj -1000 (OOMScoreAdjust= in its unit, or choom)", big->name, s);
		} else {
			diag_step(out, "leave at least one large process killable: only a few critical daemons should have oom_score_adj -1000");
		}
		diag_step(out, "then find what filled memory and limit it");
	} else if (ev->kind == OOM_KIND_MEMCG_OOM) {
		out->cause = OOM_CAUSE_MEMCG_LIMIT;
		out->confidence = (oom_isset(ev->memcg.usage_kib) && oom_isset(ev->memcg.limit_kib) &&
				   (double)ev->memcg.usage_kib >= (double)ev->memcg.limit_kib * 0.95) ? OOM_CONF_HIGH :
				  ev->incomplete ? OOM_CONF_LOW : OOM_CONF_MEDIUM;
		story_memcg(&f);
	} else if ((rule = diag_pick_cause(&f, &score)) >= 0) {
		out->cause = diag_cause_kind(rule);
		out->confidence = diag_confidence(score);
		if (ev->incomplete && out->confidence > OOM_CONF_LOW)
			out->confidence--;
		diag_cause_story(&f, rule);
	} else if (!story_partial(&f)) {
		out->cause = OOM_CAUSE_UNKNOWN;
		out->confidence = OOM_CONF_LOW;
		snprintf(out->verdict, sizeof(out->verdict), "%s",
			 ev->kind == OOM_KIND_ALLOC_FAILURE ? "an allocation failed; no single cause stands out in the report"
			 : "no single cause stands out: memory was spread over several consumers");
		diag_step(out, "compare with the machine's usual memory use (oomguard report)%s",
		     ev->tasks.present ? " and the largest consumers below" : "");
	}
	if (ev->kind == OOM_KIND_ALLOC_FAILURE)
		diag_evidence(out, "no process was killed: the allocation itself failed and its caller saw an error");
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
