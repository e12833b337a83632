/* SPDX-License-Identifier: GPL-2.0-or-later */
/* JSON form of struct oom_event (see oom_event_json.h and doc/explain-json.md). */
#include <stdio.h>
#include <string.h>

#include "lib/oomreport/diagnose.h"
#include "lib/oomreport/oom_event_json.h"

_Static_assert(OOM_UNSET == JSON_INT_NULL && LOG_TIME_UNKNOWN == JSON_INT_NULL,
	       "unset numbers and unknown times are written as null");

static void kv_text(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	if (s && *s)
		json_str(j, s);
	else
		json_null(j);
}

static const char *origin_name(enum log_origin o)
{
	switch (o) {
	case LOG_ORIGIN_KMSG: return "kmsg";
	case LOG_ORIGIN_JOURNAL: return "journal";
	case LOG_ORIGIN_FILE: return "file";
	case LOG_ORIGIN_STDIN: return "stdin";
	}
	return "unknown";
}

static void trigger_json(struct json *j, const struct oom_trigger *t)
{
	json_key(j, "trigger");
	json_obj_begin(j);
	kv_text(j, "comm", t->comm);
	json_kv_int_or_null(j, "pid", t->pid);
	json_kv_int_or_null(j, "gfp_mask", t->gfp_mask);
	kv_text(j, "gfp_flags", t->gfp_flags[0] ? t->gfp_flags : t->gfp_decoded);
	json_kv_bool(j, "gfp_flags_printed", t->gfp_flags[0] != '\0');
	json_kv_int_or_null(j, "order", t->order);
	json_kv_int_or_null(j, "oom_score_adj", t->oom_score_adj);
	json_kv_int_or_null(j, "oom_adj_legacy", t->oom_adj_legacy);
	kv_text(j, "nodemask", t->nodemask);
	kv_text(j, "cpuset", t->cpuset);
	kv_text(j, "mems_allowed", t->mems_allowed);
	json_kv_bool(j, "compaction_disabled", t->compaction_disabled);
	json_obj_end(j);
}

static void victim_json(struct json *j, const struct oom_event *ev)
{
	const struct oom_victim *v = &ev->victim;

	json_key(j, "victim");
	if (!ev->has_victim) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	json_kv_int_or_null(j, "pid", v->pid);
	kv_text(j, "comm", v->comm);
	json_kv_int_or_null(j, "uid", v->uid);
	json_kv_int_or_null(j, "total_vm_kb", v->total_vm_kib);
	json_kv_int_or_null(j, "anon_rss_kb", v->anon_rss_kib);
	json_kv_int_or_null(j, "file_rss_kb", v->file_rss_kib);
	json_kv_int_or_null(j, "shmem_rss_kb", v->shmem_rss_kib);
	json_kv_int_or_null(j, "pgtables_kb", v->pgtables_kib);
	json_kv_int_or_null(j, "oom_score_adj", v->oom_score_adj);
	json_kv_int_or_null(j, "score", v->score);
	json_kv_uint(j, "processes_killed", v->n_killed);
	json_key(j, "reaper");
	if (v->reaped) {
		json_obj_begin(j);
		json_kv_str(j, "result", "reaped");
		json_kv_int_or_null(j, "anon_rss_kb", v->reaped_anon_rss_kib);
		json_kv_int_or_null(j, "file_rss_kb", v->reaped_file_rss_kib);
		json_kv_int_or_null(j, "shmem_rss_kb", v->reaped_shmem_rss_kib);
		json_obj_end(j);
	} else if (v->reap_failed) {
		json_obj_begin(j);
		json_kv_str(j, "result", "failed");
		json_obj_end(j);
	} else {
		json_null(j);
	}
	json_obj_end(j);
}

static void pct_or_null(struct json *j, const char *key, int64_t x100)
{
	json_key(j, key);
	if (oom_isset(x100))
		json_double(j, (double)x100 / 100.0);
	else
		json_null(j);
}

/* Who told of the kill, every process it took, and the userspace killer's record. */
static void kills_json(struct json *j, const struct oom_event *ev)
{
	json_key(j, "killed_by");
	json_arr_begin(j);
	if (ev->from_kernel)
		json_str(j, "kernel");
	if (ev->has_userspace)
		json_str(j, ev->userspace.killer);
	if (ev->also_killer[0])
		json_str(j, ev->also_killer);
	json_arr_end(j);
	json_kv_uint(j, "killed_count", ev->n_killed);
	json_key(j, "killed");
	json_arr_begin(j);
	for (unsigned i = 0; i < ev->n_killed && i < OOM_KILLED_MAX; i++) {
		const struct oom_killed *k = &ev->killed[i];
		json_obj_begin(j);
		json_kv_int_or_null(j, "pid", k->pid);
		kv_text(j, "comm", k->comm);
		json_kv_int_or_null(j, "total_vm_kb", k->total_vm_kib);
		json_kv_int_or_null(j, "anon_rss_kb", k->anon_rss_kib);
		json_kv_int_or_null(j, "file_rss_kb", k->file_rss_kib);
		json_kv_int_or_null(j, "shmem_rss_kb", k->shmem_rss_kib);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_kv_bool(j, "skipped_exiting", ev->skipped_exiting);
	json_key(j, "selected");
	if (oom_isset(ev->selected_pid)) {
		json_obj_begin(j);
		json_kv_int(j, "pid", ev->selected_pid);
		kv_text(j, "comm", ev->selected_comm);
		json_obj_end(j);
	} else {
		json_null(j);
	}
	json_key(j, "killer");
	if (ev->has_userspace) {
		const struct oom_userspace *u = &ev->userspace;
		json_obj_begin(j);
		json_kv_str(j, "name", u->killer);
		kv_text(j, "reason", u->reason);
		kv_text(j, "cgroup", u->cgroup);
		kv_text(j, "signal", u->signal);
		json_kv_bool(j, "failed", u->failed);
		json_kv_int_or_null(j, "processes_killed", u->processes_killed);
		json_kv_int_or_null(j, "rss_kb", u->rss_kib);
		json_kv_int_or_null(j, "swap_kb", u->swap_kib);
		json_kv_int_or_null(j, "badness", u->badness);
		json_kv_int_or_null(j, "oom_score_adj", u->oom_score_adj);
		json_kv_int_or_null(j, "uid", u->uid);
		pct_or_null(j, "pressure_pct", u->pressure_pct_x100);
		pct_or_null(j, "limit_pct", u->limit_pct_x100);
		pct_or_null(j, "mem_avail_pct", u->mem_avail_pct_x100);
		pct_or_null(j, "swap_free_pct", u->swap_free_pct_x100);
		json_kv_int_or_null(j, "exited_after_ms", u->exited_after_ms);
		json_obj_end(j);
	} else {
		json_null(j);
	}
	kv_text(j, "unit", ev->unit);
	const struct oom_container *c = &ev->container;
	json_key(j, "container");
	if (c->unit[0] || c->runtime[0] || c->id[0] || c->pod_uid[0]) {
		json_obj_begin(j);
		kv_text(j, "unit", c->unit);
		kv_text(j, "runtime", c->runtime);
		kv_text(j, "id", c->id);
		kv_text(j, "pod_uid", c->pod_uid);
		kv_text(j, "qos_class", c->qos);
		json_obj_end(j);
	} else {
		json_null(j);
	}
}

static void memcg_json(struct json *j, const struct oom_event *ev, bool details)
{
	const struct oom_memcg *m = &ev->memcg;

	json_key(j, "memcg");
	if (!ev->has_memcg && !m->oom_memcg[0] && !m->task_memcg[0]) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	kv_text(j, "oom_memcg", m->oom_memcg);
	kv_text(j, "task_memcg", m->task_memcg);
	json_kv_int_or_null(j, "usage_kb", m->usage_kib);
	json_kv_int_or_null(j, "limit_kb", m->limit_kib);
	json_kv_int_or_null(j, "failcnt", m->failcnt);
	json_kv_int_or_null(j, "memsw_usage_kb", m->memsw_usage_kib);
	json_kv_int_or_null(j, "memsw_limit_kb", m->memsw_limit_kib);
	json_kv_int_or_null(j, "kmem_usage_kb", m->kmem_usage_kib);
	json_kv_int_or_null(j, "kmem_limit_kb", m->kmem_limit_kib);
	json_kv_int_or_null(j, "swap_usage_kb", m->swap_usage_kib);
	json_kv_int_or_null(j, "swap_limit_kb", m->swap_limit_kib);
	if (details) {
		kv_text(j, "stats_for", m->stats_for);
		json_kv_str(j, "stats_unit", m->stats_in_bytes ? "bytes" : "kB");
		json_key(j, "stats");
		json_obj_begin(j);
		for (size_t i = 0; i < m->n_stats; i++)
			json_kv_int(j, m->stats[i].key, m->stats[i].value);
		json_obj_end(j);
	}
	json_obj_end(j);
}

static void meminfo_json(struct json *j, const struct oom_meminfo *mi)
{
	json_key(j, "meminfo");
	if (!mi->present) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	json_key(j, "pages");
	json_obj_begin(j);
	const struct { const char *k; int64_t v; } g[] = {
		{ "active_anon", mi->active_anon }, { "inactive_anon", mi->inactive_anon },
		{ "active_file", mi->active_file }, { "inactive_file", mi->inactive_file },
		{ "unevictable", mi->unevictable }, { "dirty", mi->dirty }, { "writeback", mi->writeback },
		{ "slab_reclaimable", mi->slab_reclaimable }, { "slab_unreclaimable", mi->slab_unreclaimable },
		{ "mapped", mi->mapped }, { "shmem", mi->shmem }, { "pagetables", mi->pagetables },
		{ "free", mi->free }, { "free_pcp", mi->free_pcp }, { "free_cma", mi->free_cma },
		{ "pagecache", mi->pagecache_pages }, { "ram", mi->pages_ram },
		{ "highmem", mi->pages_highmem }, { "reserved", mi->pages_reserved },
	};
	for (size_t i = 0; i < sizeof(g) / sizeof(g[0]); i++)
		json_kv_int_or_null(j, g[i].k, g[i].v);
	json_obj_end(j);
	json_kv_int_or_null(j, "page_size_kb", mi->page_size_kib);
	json_kv_int_or_null(j, "swap_total_kb", mi->swap_total_kib);
	json_kv_int_or_null(j, "swap_free_kb", mi->swap_free_kib);
	json_key(j, "nodes");
	json_arr_begin(j);
	for (size_t i = 0; i < mi->n_nodes; i++) {
		const struct oom_node *n = &mi->nodes[i];
		json_obj_begin(j);
		json_kv_int(j, "node", n->node);
		json_key(j, "all_unreclaimable");
		if (n->all_unreclaimable_set)
			json_bool(j, n->all_unreclaimable);
		else
			json_null(j);
		json_kv_int_or_null(j, "kernel_stack_kb", n->kernel_stack_kib);
		json_kv_int_or_null(j, "pagetables_kb", n->pagetables_kib);
		json_kv_int_or_null(j, "shmem_kb", n->shmem_kib);
		json_kv_int_or_null(j, "hugepages_total", n->hugepages_total);
		json_kv_int_or_null(j, "hugepages_free", n->hugepages_free);
		json_kv_int_or_null(j, "hugepages_size_kb", n->hugepages_size_kib);
		json_kv_int_or_null(j, "hugetlb_kb", n->hugetlb_kib);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "zones");
	json_arr_begin(j);
	for (size_t i = 0; i < mi->n_zones; i++) {
		const struct oom_zone *z = &mi->zones[i];
		json_obj_begin(j);
		json_kv_int(j, "node", z->node);
		json_kv_str(j, "zone", z->name);
		json_kv_int_or_null(j, "free_kb", z->free_kib);
		json_kv_int_or_null(j, "min_kb", z->min_kib);
		json_kv_int_or_null(j, "low_kb", z->low_kib);
		json_kv_int_or_null(j, "high_kb", z->high_kib);
		json_kv_int_or_null(j, "managed_kb", z->managed_kib);
		json_key(j, "lowmem_reserve_pages");
		json_arr_begin(j);
		for (int k = 0; k < z->n_lowmem_reserve; k++)
			json_int(j, z->lowmem_reserve[k]);
		json_arr_end(j);
		json_key(j, "free_blocks_by_order");
		json_arr_begin(j);
		for (int k = 0; k < z->n_buddy_orders; k++)
			json_int(j, z->buddy_count[k]);
		json_arr_end(j);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

static void tasks_json(struct json *j, const struct oom_task_table *t)
{
	json_key(j, "tasks");
	if (!t->present) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	json_kv_uint(j, "rows", t->n_rows);
	json_kv_int_or_null(j, "sum_rss_pages", t->sum_rss);
	json_kv_int_or_null(j, "sum_rss_anon_pages", t->sum_rss_anon);
	json_kv_int_or_null(j, "sum_swapents_pages", t->sum_swapents);
	json_key(j, "largest");
	json_arr_begin(j);
	for (size_t i = 0; i < t->n_top; i++) {
		const struct oom_task *r = &t->top[i];
		json_obj_begin(j);
		json_kv_int(j, "pid", r->pid);
		json_kv_int_or_null(j, "uid", r->uid);
		json_kv_str(j, "name", r->name);
		json_kv_int_or_null(j, "total_vm_pages", r->total_vm);
		json_kv_int_or_null(j, "rss_pages", r->rss);
		json_kv_int_or_null(j, "rss_anon_pages", r->rss_anon);
		json_kv_int_or_null(j, "rss_file_pages", r->rss_file);
		json_kv_int_or_null(j, "rss_shmem_pages", r->rss_shmem);
		json_kv_int_or_null(j, "pgtables_bytes", r->pgtables_bytes);
		json_kv_int_or_null(j, "swapents_pages", r->swapents);
		json_kv_int_or_null(j, "oom_score_adj", r->oom_score_adj);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "by_name");
	json_arr_begin(j);
	for (size_t i = 0; i < t->n_groups; i++) {
		const struct oom_task_group *g = &t->groups[i];
		json_obj_begin(j);
		kv_text(j, "name", g->name);          /* null: "(all others)", the small tail */
		json_kv_uint(j, "count", g->count);
		json_kv_int(j, "rss_pages", g->rss);
		json_kv_int_or_null(j, "rss_anon_pages", g->rss_anon);
		json_kv_int(j, "swapents_pages", g->swapents);
		json_kv_bool(j, "victim", g->victim);
		json_kv_bool(j, "trigger", g->trigger);
		json_kv_bool(j, "partial", g->partial);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

void oom_event_json(struct json *j, const struct oom_event *ev, bool details)
{
	json_obj_begin(j);
	json_kv_str(j, "id", ev->id);
	json_kv_str(j, "kind", oom_kind_name(ev->kind));
	json_kv_bool(j, "incomplete", ev->incomplete);
	json_kv_bool(j, "kernel_proven", ev->kernel_proven);
	json_kv_str(j, "origin", origin_name(ev->origin));
	kv_text(j, "host", ev->host);
	kv_text(j, "source", ev->source);
	if (ev->first_line) {
		json_kv_uint(j, "first_line", ev->first_line);
		json_kv_uint(j, "last_line", ev->last_line);
	}
	json_kv_int_or_null(j, "realtime_us", ev->realtime_us);
	json_kv_int_or_null(j, "monotonic_us", ev->monotonic_us);
	if (ev->kind == OOM_KIND_USERSPACE) {      /* no kernel report to diagnose */
		char v[OOM_KILLER_MAX + 16];
		snprintf(v, sizeof(v), "killed by %s", ev->userspace.killer);
		json_kv_str(j, "verdict", v);
	} else {
		json_kv_str(j, "verdict", oom_verdict_short(ev));
	}
	kv_text(j, "constraint", oom_event_constraint(ev));
	json_kv_bool(j, "global_oom", ev->global_oom);
	json_kv_bool(j, "oom_kill_allocating_task", ev->allocating_task);
	json_kv_bool(j, "oom_group", ev->oom_group);
	json_kv_bool(j, "sysrq", ev->sysrq);
	json_kv_bool(j, "panic", ev->panic);
	kv_text(j, "panic_message", ev->panic_msg);
	trigger_json(j, &ev->trigger);
	victim_json(j, ev);
	kills_json(j, ev);
	memcg_json(j, ev, details);
	if (details) {
		meminfo_json(j, &ev->mem);
		json_key(j, "unreclaimable_slab");
		if (ev->has_slab_info) {
			json_arr_begin(j);
			for (size_t i = 0; i < ev->n_slabs; i++) {
				json_obj_begin(j);
				json_kv_str(j, "name", ev->slabs[i].name);
				json_kv_int(j, "used_kb", ev->slabs[i].used_kib);
				json_kv_int(j, "total_kb", ev->slabs[i].total_kib);
				json_obj_end(j);
			}
			json_arr_end(j);
		} else {
			json_null(j);
		}
		tasks_json(j, &ev->tasks);
	}
	json_obj_end(j);
}
