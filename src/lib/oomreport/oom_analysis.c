/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The analyses of oom_analysis.h that need no zone walk: manual or automatic and the scope of
 * the kill, memory in use as a share of RAM or of the cgroup limit, swap and the swap cache; the
 * driver that runs all of them, and their JSON (doc/explain-json.md, "analysis"). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/oomreport/oom_analysis.h"

static double analysis_pct(int64_t part, int64_t whole)
{
	if (!oom_isset(part) || !oom_isset(whole) || whole <= 0 || part < 0)
		return NAN;
	return (double)(int64_t)(1000.0 * (double)part / (double)whole + 0.5) / 10.0; /* no libm */
}

static void mode_of(const struct oom_event *ev, struct oom_mode *m)
{
	m->manual = ev->sysrq || (oom_isset(ev->trigger.order) && ev->trigger.order == -1);
	m->trigger = m->manual ? "manual" : "automatic";
	if (ev->kind == OOM_KIND_ALLOC_FAILURE)
		m->scope = "allocation-failure";
	else if (ev->kind == OOM_KIND_MEMCG_OOM || ev->constraint == OOM_CONSTRAINT_MEMCG)
		m->scope = "cgroup-local";
	else if (ev->constraint == OOM_CONSTRAINT_CPUSET)
		m->scope = "cpuset";
	else if (ev->constraint == OOM_CONSTRAINT_MEMORY_POLICY)
		m->scope = "mempolicy";
	else if (ev->kind == OOM_KIND_UNKNOWN)
		m->scope = "unknown";
	else
		m->scope = "system-wide";

	const char *how = m->manual ?
		"Manual: someone asked for this kill with SysRq-f (order=-1); it says nothing about a shortage" :
		ev->kind == OOM_KIND_ALLOC_FAILURE ? "Automatic: an allocation failed and its caller got an error" :
		"Automatic: the kernel ran the OOM killer because an allocation could not be met";
	const char *where =
		strcmp(m->scope, "cgroup-local") == 0 ? "cgroup-local: one memory cgroup reached its limit; the rest of the machine may have had memory to spare" :
		strcmp(m->scope, "cpuset") == 0 ? "limited to a cpuset's memory nodes; other nodes may have had memory" :
		strcmp(m->scope, "mempolicy") == 0 ? "limited to a memory policy's nodes; other nodes may have had memory" :
		strcmp(m->scope, "allocation-failure") == 0 ? "no process was chosen or killed" :
		strcmp(m->scope, "system-wide") == 0 ? "system-wide: the whole machine's memory" : "scope not shown";
	snprintf(m->text, sizeof(m->text), "%s; %s.", how, where);
}

static void usage_of(const struct oom_event *ev, int64_t page_kib, struct oom_usage *u)
{
	const struct oom_meminfo *mi = &ev->mem;
	const struct oom_task_table *t = &ev->tasks;

	u->total_kib = u->in_use_kib = u->task_rss_kib = OOM_UNSET;
	u->memcg = ev->kind == OOM_KIND_MEMCG_OOM && ev->has_memcg && oom_isset(ev->memcg.limit_kib);
	if (u->memcg) {
		u->total_kib = ev->memcg.limit_kib;
		u->in_use_kib = ev->memcg.usage_kib;
	} else if (oom_isset(mi->pages_ram) && mi->pages_ram > 0 && mi->pages_ram < (INT64_C(1) << 40)) {
		u->total_kib = mi->pages_ram * page_kib;
		if (oom_isset(mi->free) && mi->free >= 0 && mi->free <= mi->pages_ram)
			u->in_use_kib = (mi->pages_ram - mi->free) * page_kib;
	}
	if (t->present && oom_isset(t->sum_rss) && t->sum_rss < (INT64_C(1) << 40))
		u->task_rss_kib = t->sum_rss * page_kib;
	u->in_use_pct = analysis_pct(u->in_use_kib, u->total_kib);
	u->task_rss_pct = analysis_pct(u->task_rss_kib, u->total_kib);
	if (!oom_isset(u->total_kib)) {
		snprintf(u->text, sizeof(u->text), "Not shown: the report prints neither RAM pages nor a cgroup limit.");
		return;
	}
	char a[96] = "", b[128] = "";
	if (oom_isset(u->in_use_kib))
		snprintf(a, sizeof(a), "%lld kB in use of %lld kB (%.1f%%)", (long long)u->in_use_kib,
			 (long long)u->total_kib, u->in_use_pct);
	else
		snprintf(a, sizeof(a), "%lld kB in all", (long long)u->total_kib);
	if (oom_isset(u->task_rss_kib))
		snprintf(b, sizeof(b), "; the task table's processes held %lld kB resident (%.1f%%)",
			 (long long)u->task_rss_kib, u->task_rss_pct);
	snprintf(u->text, sizeof(u->text), "%s: %s%s.", u->memcg ? "Cgroup" : "RAM", a, b);
}

const char *oom_cg_swap_name(enum oom_cg_swap c)
{
	switch (c) {
	case OOM_CG_SWAP_UNKNOWN: return "unknown";
	case OOM_CG_SWAP_LIMITED: return "limited";
	case OOM_CG_SWAP_NONE: return "none";
	case OOM_CG_SWAP_NA: break;
	}
	return "not_memcg";
}

static void swap_of(const struct oom_event *ev, int64_t page_kib, struct oom_swap *s)
{
	const struct oom_meminfo *mi = &ev->mem;
	const struct oom_memcg *m = &ev->memcg;

	s->total_kib = mi->swap_total_kib;
	s->free_kib = mi->swap_free_kib;
	s->used_kib = s->cache_kib = s->used_without_cache_kib = OOM_UNSET;
	s->cg_swap_usage_kib = s->cg_swap_limit_kib = OOM_UNSET;
	s->cache_add = mi->swap_cache_add;
	s->cache_delete = mi->swap_cache_delete;
	s->cache_find = mi->swap_cache_find;
	s->cache_find_total = mi->swap_cache_find_total;
	if (oom_isset(mi->swap_cache_pages) && mi->swap_cache_pages < (INT64_C(1) << 40))
		s->cache_kib = mi->swap_cache_pages * page_kib;
	if (oom_isset(s->total_kib) && oom_isset(s->free_kib) && s->free_kib <= s->total_kib) {
		s->used_kib = s->total_kib - s->free_kib;
		if (oom_isset(s->cache_kib))
			s->used_without_cache_kib = s->used_kib - s->cache_kib;
	}
	s->configured = oom_isset(s->total_kib) && s->total_kib > 0;
	s->in_use = s->configured && oom_isset(s->used_kib) && s->used_kib > 0;
	s->full = s->configured && oom_isset(s->free_kib) && s->free_kib * 100 < s->total_kib;

	if (ev->kind == OOM_KIND_MEMCG_OOM) {
		if (oom_isset(m->swap_limit_kib)) {                    /* v2 "swap: usage, limit" */
			s->cg = m->swap_limit_kib > 0 ? OOM_CG_SWAP_LIMITED : OOM_CG_SWAP_NONE;
			s->cg_swap_usage_kib = m->swap_usage_kib;
			s->cg_swap_limit_kib = m->swap_limit_kib;
		} else if (oom_isset(m->memsw_limit_kib)) {            /* v1 "memory+swap:" */
			bool none = oom_isset(m->limit_kib) && m->memsw_limit_kib <= m->limit_kib;
			s->cg = none ? OOM_CG_SWAP_NONE : OOM_CG_SWAP_LIMITED;
			if (oom_isset(m->memsw_usage_kib) && oom_isset(m->usage_kib) && m->memsw_usage_kib >= m->usage_kib)
				s->cg_swap_usage_kib = m->memsw_usage_kib - m->usage_kib;
			if (!none && oom_isset(m->limit_kib))
				s->cg_swap_limit_kib = m->memsw_limit_kib - m->limit_kib;
			else if (none)
				s->cg_swap_limit_kib = 0;
		} else {
			s->cg = OOM_CG_SWAP_UNKNOWN;
		}
	}

	char mach[200], cg[120] = "";
	if (!oom_isset(s->total_kib))
		snprintf(mach, sizeof(mach), "Machine swap not shown in the report");
	else if (!s->configured)
		snprintf(mach, sizeof(mach), "No swap was configured");
	else
		snprintf(mach, sizeof(mach), "Swap %lld kB, %lld kB used, %lld kB free%s%s",
			 (long long)s->total_kib, (long long)(oom_isset(s->used_kib) ? s->used_kib : 0),
			 (long long)s->free_kib, s->full ? " (full)" : !s->in_use ? " (not in use)" : "",
			 "");
	if (oom_isset(s->cache_kib) && s->configured) {
		size_t n = strlen(mach);
		snprintf(mach + n, sizeof(mach) - n, ", %lld kB in the swap cache", (long long)s->cache_kib);
	}
	if (s->cg == OOM_CG_SWAP_LIMITED)
		snprintf(cg, sizeof(cg), "; the cgroup could swap (%s limit %lld kB, %lld kB swapped)",
			 oom_isset(m->swap_limit_kib) ? "swap.max" : "memory+swap",
			 (long long)(oom_isset(s->cg_swap_limit_kib) ? s->cg_swap_limit_kib : m->memsw_limit_kib),
			 (long long)(oom_isset(s->cg_swap_usage_kib) ? s->cg_swap_usage_kib : 0));
	else if (s->cg == OOM_CG_SWAP_NONE)
		snprintf(cg, sizeof(cg), "; the cgroup had no swap (%s)",
			 oom_isset(m->swap_limit_kib) ? "swap.max 0" : "memory+swap limit = memory limit");
	else if (s->cg == OOM_CG_SWAP_UNKNOWN)
		snprintf(cg, sizeof(cg), "; whether the cgroup could swap is not shown (no memory+swap or swap line)");
	snprintf(s->text, sizeof(s->text), "%s%s.", mach, cg);
}

void oom_analyse(const struct oom_event *ev, struct oom_analysis *out)
{
	memset(out, 0, sizeof(*out));
	oom_zone_use(ev, &out->use);
	mode_of(ev, &out->mode);
	usage_of(ev, out->use.page_kib, &out->usage);
	swap_of(ev, out->use.page_kib, &out->swap);
	oom_watermarks(ev, &out->use, &out->wmark);
	oom_fragmentation(ev, &out->use, &out->frag);
}

static void kv_pct(struct json *j, const char *key, double v)
{
	if (isnan(v)) {
		json_key(j, key);
		json_null(j);
	} else {
		json_kv_double(j, key, v);
	}
}

void oom_analysis_json(struct json *j, const struct oom_analysis *a)
{
	json_obj_begin(j);

	json_key(j, "mode");
	json_obj_begin(j);
	json_kv_str(j, "trigger", a->mode.trigger);
	json_kv_bool(j, "manual", a->mode.manual);
	json_kv_str(j, "scope", a->mode.scope);
	json_kv_str(j, "text", a->mode.text);
	json_obj_end(j);

	json_key(j, "memory_in_use");
	json_obj_begin(j);
	json_kv_str(j, "of", a->usage.memcg ? "cgroup_limit" : "ram");
	json_kv_int_or_null(j, "total_kb", a->usage.total_kib);
	json_kv_int_or_null(j, "in_use_kb", a->usage.in_use_kib);
	kv_pct(j, "in_use_percent", a->usage.in_use_pct);
	json_kv_int_or_null(j, "task_rss_kb", a->usage.task_rss_kib);
	kv_pct(j, "task_rss_percent", a->usage.task_rss_pct);
	json_kv_str(j, "text", a->usage.text);
	json_obj_end(j);

	const struct oom_swap *s = &a->swap;
	json_key(j, "swap");
	json_obj_begin(j);
	json_kv_int_or_null(j, "total_kb", s->total_kib);
	json_kv_int_or_null(j, "free_kb", s->free_kib);
	json_kv_int_or_null(j, "used_kb", s->used_kib);
	json_kv_int_or_null(j, "cache_kb", s->cache_kib);
	json_kv_int_or_null(j, "used_without_cache_kb", s->used_without_cache_kib);
	json_kv_bool(j, "configured", s->configured);
	json_kv_bool(j, "in_use", s->in_use);
	json_kv_bool(j, "full", s->full);
	json_key(j, "cache_stats");
	if (oom_isset(s->cache_add)) {
		json_obj_begin(j);
		json_kv_int(j, "add", s->cache_add);
		json_kv_int(j, "delete", s->cache_delete);
		json_kv_int(j, "find", s->cache_find);
		json_kv_int(j, "find_total", s->cache_find_total);
		json_obj_end(j);
	} else {
		json_null(j);
	}
	json_kv_str(j, "cgroup_swap", oom_cg_swap_name(s->cg));
	json_kv_int_or_null(j, "cgroup_swap_usage_kb", s->cg_swap_usage_kib);
	json_kv_int_or_null(j, "cgroup_swap_limit_kb", s->cg_swap_limit_kib);
	json_kv_str(j, "text", s->text);
	json_obj_end(j);

	const struct oom_zone_use *u = &a->use;
	json_key(j, "watermarks");
	json_obj_begin(j);
	json_kv_str(j, "verdict", oom_wmark_verdict_name(a->wmark.verdict));
	json_kv_str(j, "requested_zone", u->requested_zone);
	json_kv_bool(j, "zone_from_gfp", u->zone_from_gfp);
	json_kv_int(j, "order", u->order);
	json_kv_str(j, "nodes_from", u->nodes_from);
	json_kv_bool(j, "high_priority", u->high_priority);
	json_key(j, "zones");
	json_arr_begin(j);
	for (size_t i = 0; i < a->wmark.n_zones; i++) {
		const struct oom_wmark_zone *z = &a->wmark.zones[i];
		json_obj_begin(j);
		json_kv_int(j, "node", z->node);
		json_kv_str(j, "zone", z->name);
		json_kv_int(j, "free_kb", z->free_kib);
		json_kv_int(j, "min_kb", z->min_kib);
		json_kv_int(j, "low_kb", z->low_kib);
		json_kv_int_or_null(j, "high_kb", z->high_kib);
		json_kv_int(j, "lowmem_reserve_kb", z->reserve_kib);
		json_kv_str(j, "level", z->level);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_kv_str(j, "text", a->wmark.text);
	json_obj_end(j);

	const struct oom_fragmentation *f = &a->frag;
	json_key(j, "fragmentation");
	json_obj_begin(j);
	json_kv_str(j, "verdict", oom_frag_verdict_name(f->verdict));
	json_kv_int(j, "order", f->order);
	json_kv_uint(j, "zones", f->n_zones);
	json_kv_int(j, "blocks_at_or_above_order", f->blocks_at_order);
	json_kv_int(j, "kb_at_or_above_order", f->kb_at_order);
	json_kv_int(j, "blocks_at_or_above_costly_order", f->blocks_costly);
	json_kv_int(j, "kb_at_or_above_costly_order", f->kb_costly);
	json_kv_int(j, "free_list_kb", f->free_list_kib);
	json_key(j, "largest_free_order");
	if (f->largest_order >= 0)
		json_int(j, f->largest_order);
	else
		json_null(j);
	json_kv_str(j, "text", f->text);
	json_obj_end(j);

	json_obj_end(j);
}
