/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `explain --html`: one OOM event as HTML (explain_html.h).  Text first (verdict, story, next
 * steps), then the charts, each followed by a table holding exactly the numbers of --json:
 * memory by kind and swap, the cgroup's usage against its limit, the zones against their
 * watermarks, the free lists by order, the largest consumers with the victim marked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/explain_html.h"
#include "cmd/explain_words.h"
#include "lib/util/html.h"

static void hopen(struct strbuf *sb, int h, const char *title)
{
	strbuf_addf(sb, "<h%d>", h);
	html_text(sb, title);
	strbuf_addf(sb, "</h%d>\n", h);
}

static void when_text(char *buf, size_t cap, int64_t realtime_us, int64_t monotonic_us)
{
	snprintf(buf, cap, "time unknown");
	if (realtime_us != LOG_TIME_UNKNOWN) {
		time_t t = (time_t)(realtime_us / 1000000);
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(buf, cap, "%Y-%m-%d %H:%M:%S %z", &tm);
	} else if (monotonic_us != LOG_TIME_UNKNOWN) {
		snprintf(buf, cap, "%lld.%06lld s after boot", (long long)(monotonic_us / 1000000),
			 (long long)(monotonic_us % 1000000));
	}
}

static void row_kv(struct strbuf *sb, const char *k, const char *v)
{
	strbuf_adds(sb, "<tr><th scope=\"row\">");
	html_text(sb, k);
	strbuf_adds(sb, "</th><td>");
	html_text(sb, v);
	strbuf_adds(sb, "</td></tr>\n");
}

static void row_num(struct strbuf *sb, const char *k, int64_t v, const char *unit)
{
	strbuf_adds(sb, "<tr><th scope=\"row\">");
	html_text(sb, k);
	if (!oom_isset(v)) {
		strbuf_adds(sb, "</th><td>not shown</td></tr>\n");
		return;
	}
	strbuf_addf(sb, "</th><td class=\"n\">%lld%s%s", (long long)v, unit[0] ? " " : "", unit);
	if (strcmp(unit, "kB") == 0 && v > 0) {
		strbuf_adds(sb, " (");
		html_size_kib(sb, v);
		strbuf_adds(sb, ")");
	}
	strbuf_adds(sb, "</td></tr>\n");
}

/* A table of row_num rows; a row marked if_set is left out while its value is unset. */
struct num_row {
	const char *k;
	int64_t v;
	const char *unit;
	bool if_set;
};

static void num_table(struct strbuf *sb, const struct num_row *rows, size_t n)
{
	strbuf_adds(sb, "<table><tbody>\n");
	for (size_t i = 0; i < n; i++)
		if (!rows[i].if_set || oom_isset(rows[i].v))
			row_num(sb, rows[i].k, rows[i].v, rows[i].unit);
	strbuf_adds(sb, "</tbody></table>\n");
}

static void verdict_part(struct strbuf *sb, const struct oom_diagnosis *d, int h)
{
	hopen(sb, h, "Verdict");
	strbuf_adds(sb, "<p class=\"verdict\">");
	html_text(sb, d->verdict);
	strbuf_adds(sb, "</p>\n<p>Cause <code>");
	html_text(sb, oom_cause_name(d->cause));
	strbuf_adds(sb, "</code>, confidence ");
	html_text(sb, oom_confidence_name(d->confidence));
	strbuf_adds(sb, ".</p>\n<ul>\n");
	for (size_t i = 0; i < d->n_evidence; i++) {
		strbuf_adds(sb, "<li>");
		html_text(sb, d->evidence[i]);
		strbuf_adds(sb, "</li>\n");
	}
	strbuf_adds(sb, "</ul>\n");
	hopen(sb, h, "Next steps");
	strbuf_adds(sb, "<ol>\n");
	for (size_t i = 0; i < d->n_next_steps; i++) {
		strbuf_adds(sb, "<li>");
		html_text(sb, d->next_steps[i]);
		strbuf_adds(sb, "</li>\n");
	}
	strbuf_adds(sb, "</ol>\n");
}

static void analyses_part(struct strbuf *sb, const struct oom_analysis *a, int h)
{
	hopen(sb, h, "Analyses");
	strbuf_adds(sb, "<table><tbody>\n");
	row_kv(sb, "Kind", a->mode.text);
	row_kv(sb, "Memory in use", a->usage.text);
	row_kv(sb, "Swap", a->swap.text);
	row_kv(sb, "Watermarks", a->wmark.text);
	row_kv(sb, "Fragmentation", a->frag.text);
	strbuf_adds(sb, "</tbody></table>\n");
}

static void victim_part(struct strbuf *sb, const struct oom_event *ev, int h)
{
	const struct oom_victim *v = &ev->victim;

	hopen(sb, h, "What was killed");
	if (!ev->has_victim) {
		strbuf_adds(sb, "<p>");
		html_text(sb, ev->kind == OOM_KIND_ALLOC_FAILURE ? "Nothing: the allocation failed and its caller got an error." :
			      ev->kind == OOM_KIND_NO_KILLABLE || ev->kind == OOM_KIND_PANIC ? "Nothing: no process was killed." :
			      "The report does not show the kill (it is incomplete).");
		if (ev->panic) {
			strbuf_adds(sb, " The kernel panicked: ");
			html_text(sb, ev->panic_msg);
		}
		strbuf_adds(sb, "</p>\n");
		return;
	}
	strbuf_adds(sb, "<p><strong class=\"victim-name\">");
	html_text(sb, v->comm);
	strbuf_addf(sb, "</strong> (pid %lld)", (long long)v->pid);
	if (v->n_killed > 1)
		strbuf_addf(sb, " and %u processes in all%s", v->n_killed,
			    ev->oom_group ? " (memory.oom.group: the whole cgroup went together)" : "");
	strbuf_adds(sb, v->reaped ? "; the oom_reaper freed its memory right away." :
		    v->reap_failed ? "; the oom_reaper could not free its memory." : ".");
	strbuf_adds(sb, "</p>\n");
	const struct num_row rows[] = {
		{ "pid", v->pid, "", false },
		{ "uid", v->uid, "", false },
		{ "anon resident", v->anon_rss_kib, "kB", false },
		{ "file resident", v->file_rss_kib, "kB", false },
		{ "shmem resident", v->shmem_rss_kib, "kB", false },
		{ "page tables", v->pgtables_kib, "kB", false },
		{ "virtual size", v->total_vm_kib, "kB", false },
		{ "oom_score_adj", v->oom_score_adj, "", false },
		{ "score", v->score, "", true },
		{ "processes killed", (int64_t)v->n_killed, "", false },
	};
	num_table(sb, rows, sizeof(rows) / sizeof(rows[0]));
	if (ev->n_killed > 1) {   /* a group kill: every process it took, victim first */
		size_t n = ev->n_killed < OOM_KILLED_MAX ? ev->n_killed : OOM_KILLED_MAX;
		strbuf_addf(sb, "<table class=\"killed\"><caption>Processes killed (%u)</caption>\n"
			    "<thead><tr><th>pid</th><th>name</th><th>anon resident</th><th>file resident</th>"
			    "<th>shmem resident</th></tr></thead><tbody>\n", ev->n_killed);
		for (size_t i = 0; i < n; i++) {
			const struct oom_killed *k = &ev->killed[i];
			strbuf_addf(sb, "<tr><td>%lld</td><td>", (long long)k->pid);
			html_text(sb, k->comm);
			const int64_t sizes[3] = { k->anon_rss_kib, k->file_rss_kib, k->shmem_rss_kib };
			for (int c = 0; c < 3; c++) {   /* kB as --json gives them */
				if (oom_isset(sizes[c]))
					strbuf_addf(sb, "</td><td>%lld kB", (long long)sizes[c]);
				else
					strbuf_adds(sb, "</td><td>?");
			}
			strbuf_adds(sb, "</td></tr>\n");
		}
		if (ev->n_killed > n)
			strbuf_addf(sb, "<tr><td colspan=\"5\">and %u more</td></tr>\n", ev->n_killed - (unsigned)n);
		strbuf_adds(sb, "</tbody></table>\n");
	}
}

static void trigger_part(struct strbuf *sb, const struct oom_event *ev, const struct oom_analysis *a, int h)
{
	const struct oom_trigger *t = &ev->trigger;
	const char *names = t->gfp_flags[0] ? t->gfp_flags : t->gfp_decoded;
	char buf[96];

	hopen(sb, h, "What asked for memory");
	if (!t->comm[0] && !oom_isset(t->gfp_mask)) {
		strbuf_adds(sb, "<p>Not shown: the start of the report is missing.</p>\n");
		return;
	}
	strbuf_adds(sb, "<p>");
	html_text(sb, t->comm[0] ? t->comm : "(a task the report does not name)");
	if (a->mode.manual)
		strbuf_adds(sb, " ran the OOM killer by hand (SysRq-f, order -1).");
	else if (oom_isset(t->order))
		strbuf_addf(sb, " asked for an order-%lld block: %lld contiguous page%s (%lld kB).", (long long)t->order,
			    1LL << (t->order > 20 ? 20 : t->order), t->order ? "s" : "",
			    (long long)(a->use.page_kib << (t->order > 20 ? 20 : t->order)));
	const char *plain = names[0] ? explain_gfp_plain(ev, names) : NULL;
	if (plain) {
		strbuf_adds(sb, " That is ");
		html_text(sb, plain);
		strbuf_adds(sb, ".");
	}
	if (ev->has_victim && oom_isset(t->pid) && t->pid != ev->victim.pid)
		strbuf_adds(sb, " The requester only found memory exhausted: it is not necessarily the culprit.");
	strbuf_adds(sb, "</p>\n<table><tbody>\n");
	row_kv(sb, "task", t->comm[0] ? t->comm : "not shown");
	row_num(sb, "pid", t->pid, "");
	row_num(sb, "order", t->order, "");
	if (oom_isset(t->gfp_mask)) {
		snprintf(buf, sizeof(buf), "%#llx (%lld)", (unsigned long long)t->gfp_mask, (long long)t->gfp_mask);
		row_kv(sb, "gfp_mask", buf);
	}
	row_kv(sb, t->gfp_flags[0] ? "GFP flags (as printed)" : "GFP flags (decoded)", names[0] ? names : "not shown");
	snprintf(buf, sizeof(buf), "%s%s", a->use.requested_zone, a->use.zone_from_gfp ? "" : " (assumed)");
	row_kv(sb, "highest zone allowed", buf);
	row_kv(sb, "nodemask", t->nodemask[0] ? t->nodemask : "not shown");
	row_kv(sb, "cpuset", t->cpuset[0] ? t->cpuset : "not shown");
	row_kv(sb, "mems_allowed", t->mems_allowed[0] ? t->mems_allowed : "not shown");
	row_num(sb, "oom_score_adj", t->oom_score_adj, "");
	strbuf_adds(sb, "</tbody></table>\n");
}

static void memory_part(struct strbuf *sb, const struct oom_event *ev, const struct oom_diagnosis *d,
			const struct oom_analysis *a, int h)
{
	const struct oom_breakdown *b = &d->mem;
	char id[40], title[160];

	hopen(sb, h, b->memcg ? "The cgroup's memory at the moment of the OOM" : "RAM at the moment of the OOM");
	if (!oom_isset(b->total_kib) || b->total_kib <= 0) {
		strbuf_adds(sb, "<p>The report has no memory summary (no Mem-Info or cgroup usage lines).</p>\n");
	} else {
		const struct html_part parts[] = {
			{ "anon", b->anon_kib, "c1", false, NULL },
			{ "file cache", b->file_kib, "c9", false, NULL },
			{ "shmem/tmpfs", b->shmem_kib, "c3", false, NULL },
			{ "slab", b->slab_kib, "c4", false, NULL },
			{ "page tables", b->pagetables_kib, "c7", false, NULL },
			{ "kernel stacks", b->kernel_stack_kib, "c8", false, NULL },
			{ "hugetlb pool", b->hugetlb_kib, "c5", false, NULL },
			{ "free", b->free_kib, "free", false, NULL },
			{ "unaccounted", b->unaccounted_kib, "other", false, NULL },
		};
		snprintf(id, sizeof(id), "mem-%s", ev->id);
		snprintf(title, sizeof(title), "%s by kind, kB", b->memcg ? "Cgroup memory (of its limit)" : "RAM");
		html_stacked_bar(sb, id, title, "kB", parts, sizeof(parts) / sizeof(parts[0]), b->total_kib);
	}
	const struct oom_swap *s = &a->swap;
	if (s->configured) {
		const struct html_part sp[] = {
			{ "swap used", s->used_kib, "c2", false, NULL },
			{ "swap free", s->free_kib, "free", false, NULL },
			{ "swap cache (part of used)", s->cache_kib, "c6", false, "also counted in used" },
		};
		snprintf(id, sizeof(id), "swap-%s", ev->id);
		html_stacked_bar(sb, id, "Swap, kB", "kB", sp, 2, s->total_kib);
		strbuf_addf(sb, "<p>Swap cache: %lld kB", (long long)(oom_isset(s->cache_kib) ? s->cache_kib : 0));
		if (oom_isset(s->used_without_cache_kib))
			strbuf_addf(sb, "; used without the cache: %lld kB", (long long)s->used_without_cache_kib);
		strbuf_adds(sb, ".</p>\n");
	} else {
		html_element(sb, "p", s->text);
	}
	if (ev->kind == OOM_KIND_MEMCG_OOM && oom_isset(ev->memcg.limit_kib) && oom_isset(ev->memcg.usage_kib)) {
		const struct oom_memcg *m = &ev->memcg;
		int64_t room = m->limit_kib > m->usage_kib ? m->limit_kib - m->usage_kib : 0;
		const struct html_part cp[] = {
			{ "usage", m->usage_kib, "c1", false, NULL },
			{ "room below the limit", room, "free", false, NULL },
		};
		hopen(sb, h + 1, "Usage against the limit");
		strbuf_adds(sb, "<p>Cgroup ");
		html_text(sb, m->oom_memcg[0] ? m->oom_memcg : "(not named)");
		strbuf_adds(sb, ": the kill was cgroup-local.</p>\n");
		snprintf(id, sizeof(id), "memcg-%s", ev->id);
		html_stacked_bar(sb, id, "Cgroup usage against its limit, kB", "kB", cp, 2, m->limit_kib);
		const struct num_row rows[] = {
			{ "memory usage", m->usage_kib, "kB", false },
			{ "memory limit", m->limit_kib, "kB", false },
			{ "failcnt", m->failcnt, "", false },
			{ "memory+swap usage (v1)", m->memsw_usage_kib, "kB", false },
			{ "memory+swap limit (v1)", m->memsw_limit_kib, "kB", false },
			{ "swap usage (v2)", m->swap_usage_kib, "kB", false },
			{ "swap limit (v2)", m->swap_limit_kib, "kB", false },
		};
		num_table(sb, rows, sizeof(rows) / sizeof(rows[0]));
	}
}

/* Each usable zone on its own scale: free as a bar, min/low/high (+ lowmem_reserve) as lines. */
static void watermarks_part(struct strbuf *sb, const struct oom_event *ev, const struct oom_analysis *a, int h)
{
	const struct oom_watermarks *w = &a->wmark;
	const int W = 720, LABEL = 130, ROW = 34;

	hopen(sb, h, "Zones against their watermarks");
	html_element(sb, "p", w->text);
	if (w->n_zones == 0)
		return;
	strbuf_addf(sb, "<figure id=\"wm-");
	html_id(sb, ev->id);
	strbuf_adds(sb, "\"><figcaption>Free pages of the zones this allocation could use, against min, low "
		    "and high plus lowmem_reserve (kB; each zone on its own scale)</figcaption>\n");
	strbuf_addf(sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
		    "role=\"img\" aria-label=\"Zones against their watermarks\"><title>Zones against their "
		    "watermarks</title>\n", W, (int)w->n_zones * ROW + 20, W, (int)w->n_zones * ROW + 20);
	for (size_t i = 0; i < w->n_zones; i++) {
		const struct oom_wmark_zone *z = &w->zones[i];
		int64_t hi = oom_isset(z->high_kib) ? z->high_kib : z->low_kib;
		double scale = (double)(hi + z->reserve_kib);
		if ((double)z->free_kib > scale)
			scale = (double)z->free_kib;
		scale = scale > 0 ? scale * 1.1 : 1;
		double span = W - LABEL - 10;
		int y = (int)i * ROW;
		bool low = strcmp(z->level, "below-min") == 0 || strcmp(z->level, "below-low") == 0;
		strbuf_addf(sb, "<text x=\"0\" y=\"%d\">Node %d ", y + 18, z->node);
		html_text(sb, z->name);
		strbuf_addf(sb, "</text><rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%.2f\" height=\"20\"><title>free: %lld kB "
			    "(%s)</title></rect>\n", low ? "c1" : "free", LABEL, y + 4,
			    span * (double)z->free_kib / scale, (long long)z->free_kib, z->level);
		const struct { const char *name, *css; int64_t v; } marks[] = {
			{ "min", "wmin", z->min_kib + z->reserve_kib },
			{ "low", "wlow", z->low_kib + z->reserve_kib },
			{ "high", "whigh", hi + z->reserve_kib },
		};
		for (size_t k = 0; k < 3; k++) {
			double x = LABEL + span * (double)marks[k].v / scale;
			strbuf_addf(sb, "<line class=\"wm %s\" x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\"><title>%s + reserve: "
				    "%lld kB</title></line>\n", marks[k].css, x, y + 1, x, y + 27, marks[k].name,
				    (long long)marks[k].v);
		}
	}
	strbuf_addf(sb, "<text x=\"%d\" y=\"%d\">bar: free; lines: min, low, high (each + lowmem_reserve)</text>\n",
		    LABEL, (int)w->n_zones * ROW + 14);
	strbuf_adds(sb, "</svg>\n");
	static const char *const cols[] = { "node", "zone", "free kB", "min kB", "low kB", "high kB",
					    "lowmem_reserve kB", "level" };
	html_table_head(sb, "Zones against their watermarks (table)", cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < w->n_zones; i++) {
		const struct oom_wmark_zone *z = &w->zones[i];
		strbuf_addf(sb, "<tr><td class=\"n\">%d</td><td>", z->node);
		html_text(sb, z->name);
		strbuf_addf(sb, "</td><td class=\"n\">%lld</td><td class=\"n\">%lld</td><td class=\"n\">%lld</td>",
			    (long long)z->free_kib, (long long)z->min_kib, (long long)z->low_kib);
		if (oom_isset(z->high_kib))
			strbuf_addf(sb, "<td class=\"n\">%lld</td>", (long long)z->high_kib);
		else
			strbuf_adds(sb, "<td>-</td>");
		strbuf_addf(sb, "<td class=\"n\">%lld</td><td>%s</td></tr>\n", (long long)z->reserve_kib, z->level);
	}
	strbuf_adds(sb, "</tbody></table>\n</figure>\n");
}

static void fragmentation_part(struct strbuf *sb, const struct oom_event *ev, const struct oom_analysis *a, int h)
{
	const struct oom_meminfo *mi = &ev->mem;
	const struct oom_zone_use *u = &a->use;
	int64_t kb[OOM_ORDERS] = { 0 };
	int max_order = -1;
	char labels[OOM_ORDERS][48], id[40];
	struct html_part parts[OOM_ORDERS];

	hopen(sb, h, "Free lists by order (fragmentation)");
	html_element(sb, "p", a->frag.text);
	for (size_t k = 0; k < u->n; k++) {
		const struct oom_zone *z = &mi->zones[u->idx[k]];
		for (int o = 0; o < z->n_buddy_orders && o < OOM_ORDERS; o++) {
			if (!oom_isset(z->buddy_count[o]) || z->buddy_count[o] < 0 || z->buddy_count[o] > (INT64_C(1) << 40))
				continue;
			kb[o] += z->buddy_count[o] * (u->page_kib << o);
			if (o > max_order)
				max_order = o;
		}
	}
	if (max_order < 0)
		return;
	for (int o = 0; o <= max_order; o++) {
		snprintf(labels[o], sizeof(labels[o]), "order %d (%lld kB blocks)", o, (long long)(u->page_kib << o));
		parts[o] = (struct html_part){ labels[o], kb[o], o >= OOM_COSTLY_ORDER ? "c5" : "c2",
					       u->order > 0 && o == u->order, u->order > 0 && o == u->order ? "requested order" : NULL };
	}
	snprintf(id, sizeof(id), "frag-%s", ev->id);
	html_bar_chart(sb, id, "Free memory by block size in the usable zones, kB", "kB", parts, (size_t)max_order + 1);
	strbuf_adds(sb, "<table><caption class=\"muted\">Free blocks per order and zone (counts)</caption><thead><tr>"
		    "<th scope=\"col\">node zone</th>");
	for (int o = 0; o <= max_order; o++)
		strbuf_addf(sb, "<th scope=\"col\">%d</th>", o);
	strbuf_adds(sb, "<th scope=\"col\">total kB</th></tr></thead><tbody>\n");
	for (size_t k = 0; k < u->n; k++) {
		const struct oom_zone *z = &mi->zones[u->idx[k]];
		if (z->n_buddy_orders <= 0)
			continue;
		strbuf_addf(sb, "<tr><td>%d ", z->node);
		html_text(sb, z->name);
		strbuf_adds(sb, "</td>");
		for (int o = 0; o <= max_order; o++) {
			if (o < z->n_buddy_orders && oom_isset(z->buddy_count[o]))
				strbuf_addf(sb, "<td class=\"n\">%lld</td>", (long long)z->buddy_count[o]);
			else
				strbuf_adds(sb, "<td>-</td>");
		}
		if (oom_isset(z->buddy_total_kib))
			strbuf_addf(sb, "<td class=\"n\">%lld</td></tr>\n", (long long)z->buddy_total_kib);
		else
			strbuf_adds(sb, "<td>-</td></tr>\n");
	}
	strbuf_adds(sb, "</tbody></table>\n");
}

static void consumers_part(struct strbuf *sb, const struct oom_event *ev, const struct oom_analysis *a, int h)
{
	const struct oom_task_table *t = &ev->tasks;
	char id[40];

	hopen(sb, h, "Largest consumers (task table, resident + swap)");
	if (!t->present || t->n_rows == 0 || t->n_groups == 0) {
		strbuf_adds(sb, "<p>No task table in the report (vm.oom_dump_tasks=0, or lines lost).</p>\n");
		return;
	}
	struct html_part *parts = calloc(t->n_groups, sizeof(*parts));
	char (*notes)[160] = calloc(t->n_groups, sizeof(*notes));
	if (!parts || !notes) {
		free(parts);
		free(notes);
		sb->failed = true;
		return;
	}
	for (size_t i = 0; i < t->n_groups; i++) {
		const struct oom_task_group *g = &t->groups[i];
		snprintf(notes[i], sizeof(notes[i]), "%s%s%llu process%s; rss %lld pages, swap %lld pages%s",
			 g->victim ? "victim; " : "", g->trigger ? "trigger; " : "", (unsigned long long)g->count,
			 g->count == 1 ? "" : "es", (long long)g->rss, (long long)g->swapents,
			 g->partial ? "; more rows of this name may be among all others" : "");
		parts[i] = (struct html_part){ g->name[0] ? g->name : "(all others)",
					       (g->rss + g->swapents) * a->use.page_kib,
					       g->victim ? "victim" : g->name[0] ? "c2" : "other", g->victim, notes[i] };
	}
	snprintf(id, sizeof(id), "tasks-%s", ev->id);
	html_bar_chart(sb, id, "Resident memory + swap by process name, kB (victim marked)", "kB", parts, t->n_groups);
	strbuf_addf(sb, "<p>%llu process%s in the table; the %zu largest by resident memory:</p>\n",
		    (unsigned long long)t->n_rows, t->n_rows == 1 ? "" : "es", t->n_top);
	static const char *const head[] = { "pid", "uid", "name", "total_vm", "rss", "swapents",
					    "pgtables bytes", "oom_score_adj", "note" };
	html_table_head(sb, "Largest processes of the task table (pages as printed)", head,
			sizeof(head) / sizeof(head[0]));
	for (size_t i = 0; i < t->n_top; i++) {
		const struct oom_task *r = &t->top[i];
		bool victim = ev->has_victim && r->pid == ev->victim.pid;
		bool trigger = oom_isset(ev->trigger.pid) && r->pid == ev->trigger.pid;
		strbuf_addf(sb, "<tr%s><td class=\"n\">%lld</td>", victim ? " class=\"mark\"" : "", (long long)r->pid);
		if (oom_isset(r->uid))
			strbuf_addf(sb, "<td class=\"n\">%lld</td><td>", (long long)r->uid);
		else
			strbuf_adds(sb, "<td>-</td><td>");
		html_text(sb, r->name);
		strbuf_adds(sb, "</td>");
		const int64_t cols[] = { r->total_vm, r->rss, r->swapents, r->pgtables_bytes, r->oom_score_adj };
		for (size_t c = 0; c < sizeof(cols) / sizeof(cols[0]); c++) {
			if (oom_isset(cols[c]))
				strbuf_addf(sb, "<td class=\"n\">%lld</td>", (long long)cols[c]);
			else
				strbuf_adds(sb, "<td>-</td>");
		}
		strbuf_addf(sb, "<td>%s%s%s</td></tr>\n", victim ? "killed" : "", victim && trigger ? ", " : "",
			    trigger ? "trigger" : "");
	}
	strbuf_adds(sb, "</tbody></table>\n");
	free(parts);
	free(notes);
}

void explain_html_event(struct strbuf *sb, const struct oom_event *ev, const struct oom_diagnosis *d,
			const struct oom_analysis *a, int h)
{
	char when[64];

	strbuf_adds(sb, "<section id=\"ev-");
	html_id(sb, ev->id);
	strbuf_addf(sb, "\">\n<h%d>", h);
	html_text(sb, explain_kind_text(ev));
	if (ev->has_victim) {
		strbuf_adds(sb, ": ");
		html_text(sb, ev->victim.comm);
	}
	strbuf_addf(sb, " <span class=\"muted\">(%s)</span></h%d>\n<p class=\"muted\">", ev->id, h);
	when_text(when, sizeof(when), ev->realtime_us, ev->monotonic_us);
	html_text(sb, when);
	if (ev->host[0]) {
		strbuf_adds(sb, " on ");
		html_text(sb, ev->host);
	}
	if (ev->source[0]) {
		strbuf_adds(sb, " - ");
		html_text(sb, ev->source);
		if (ev->first_line)
			strbuf_addf(sb, " line %llu", (unsigned long long)ev->first_line);
	}
	strbuf_adds(sb, "</p>\n");
	if (ev->incomplete)
		strbuf_adds(sb, "<p class=\"warn\">Incomplete report: lines were lost or it was cut off; only what it shows is used.</p>\n");
	if (!ev->kernel_proven)
		strbuf_adds(sb, "<p class=\"warn\">Unproven: read from a plain log file, where anyone who can write to the log could forge it.</p>\n");
	verdict_part(sb, d, h + 1);
	analyses_part(sb, a, h + 1);
	victim_part(sb, ev, h + 1);
	trigger_part(sb, ev, a, h + 1);
	memory_part(sb, ev, d, a, h + 1);
	watermarks_part(sb, ev, a, h + 1);
	fragmentation_part(sb, ev, a, h + 1);
	consumers_part(sb, ev, a, h + 1);
	strbuf_adds(sb, "</section>\n");
}

void explain_html_page(struct strbuf *sb, const struct oom_event *ev, const struct oom_diagnosis *d,
		       const struct oom_analysis *a)
{
	char title[128];

	snprintf(title, sizeof(title), "oomguard explain %s", ev->id);
	html_page_begin(sb, title);
	strbuf_adds(sb, "<h1>OOM event ");
	html_text(sb, ev->id);
	strbuf_adds(sb, "</h1>\n");
	explain_html_event(sb, ev, d, a, 2);
	html_page_end(sb);
}
