/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `explain --html` for one of the oomguard daemon's actions: the story as the text view tells it,
 * then its lead-up and levels (MemAvailable and SwapFree against the SIGTERM/SIGKILL levels),
 * memory at the time from the kill snapshot, the victim's badness factors and the top consumers
 * with the victim marked; every chart with its table (the numbers of explain --json). */
#include <stdio.h>
#include <string.h>

#include "cmd/explain_html.h"
#include "lib/util/html.h"

static int64_t k(uint64_t v)
{
	return v == UINT64_MAX || v > (uint64_t)INT64_MAX ? -1 : (int64_t)v;
}

static void levels_part(struct strbuf *sb, const struct daemon_event *ev, const char *id)
{
	const struct event_trigger *t = &ev->trigger;
	char fid[48];

	strbuf_adds(sb, "<h2>Lead-up and levels</h2>\n<p>Trigger: ");
	html_text(sb, t->reason[0] ? t->reason : "not recorded");
	if (t->cgroup[0]) {
		strbuf_adds(sb, "; guarded cgroup ");
		html_text(sb, t->cgroup);
	}
	if (t->fill_rate_kib_s == t->fill_rate_kib_s)
		strbuf_addf(sb, "; MemAvailable falling %.0f kB/s", t->fill_rate_kib_s);
	if (t->time_to_exhaustion_s == t->time_to_exhaustion_s)
		strbuf_addf(sb, ", %.1f s from exhaustion", t->time_to_exhaustion_s);
	if (t->psi_some_avg10 == t->psi_some_avg10)
		strbuf_addf(sb, "; memory pressure some avg10 %.2f", t->psi_some_avg10);
	if (t->psi_full_avg10 == t->psi_full_avg10)
		strbuf_addf(sb, ", full avg10 %.2f", t->psi_full_avg10);
	strbuf_adds(sb, ".</p>\n");
	const struct html_part mem[] = {
		{ "MemAvailable", k(t->mem_available_kib), "c2", true, "at the decision" },
		{ "SIGTERM level", k(t->mem_term_kib), "c4", false, NULL },
		{ "SIGKILL level", k(t->mem_kill_kib), "c1", false, NULL },
		{ "MemTotal", k(t->mem_total_kib), "other", false, NULL },
	};
	snprintf(fid, sizeof(fid), "levels-mem-%s", id);
	html_bar_chart(sb, fid, "Memory available against the daemon's levels, kB", "kB", mem, 4);
	if (t->swap_total_kib != UINT64_MAX && t->swap_total_kib > 0) {
		const struct html_part sw[] = {
			{ "SwapFree", k(t->swap_free_kib), "c2", true, "at the decision" },
			{ "SIGTERM level", k(t->swap_term_kib), "c4", false, NULL },
			{ "SIGKILL level", k(t->swap_kill_kib), "c1", false, NULL },
			{ "SwapTotal", k(t->swap_total_kib), "other", false, NULL },
		};
		snprintf(fid, sizeof(fid), "levels-swap-%s", id);
		html_bar_chart(sb, fid, "Swap free against the daemon's levels, kB", "kB", sw, 4);
	}
}

static void snapshot_part(struct strbuf *sb, const struct daemon_story *s, const char *id)
{
	const struct daemon_snapshot *snap = s->snap;
	char fid[48];

	strbuf_adds(sb, "<h2>Memory at the time</h2>\n");
	if (!snap) {
		strbuf_adds(sb, "<p>No snapshot");
		if (s->snap_path && s->snap_path[0]) {
			strbuf_adds(sb, ": ");
			html_text(sb, s->snap_path);
			strbuf_adds(sb, ": ");
			html_text(sb, s->snap_problem ? s->snap_problem : "cannot be read");
		}
		strbuf_adds(sb, ".</p>\n");
		return;
	}
	const struct { const char *label, *key, *css; } kinds[] = {
		{ "anon", "AnonPages", "c1" }, { "file cache", "Cached", "c9" }, { "shmem", "Shmem", "c3" },
		{ "slab", "Slab", "c4" }, { "page tables", "PageTables", "c7" },
		{ "kernel stacks", "KernelStack", "c8" }, { "free", "MemFree", "free" },
	};
	struct html_part parts[sizeof(kinds) / sizeof(kinds[0])];
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		parts[i] = (struct html_part){ kinds[i].label, k(snapshot_meminfo(snap, kinds[i].key)), kinds[i].css,
					       false, kinds[i].key };
	snprintf(fid, sizeof(fid), "snap-mem-%s", id);
	html_stacked_bar(sb, fid, "RAM by kind at the kill (snapshot meminfo_kb; file cache includes shmem)", "kB",
			 parts, sizeof(parts) / sizeof(parts[0]), k(snapshot_meminfo(snap, "MemTotal")));

	if (snap->n_top) {
		struct html_part top[SNAPSHOT_MAX_TOP];
		char notes[SNAPSHOT_MAX_TOP][96];
		for (size_t i = 0; i < snap->n_top; i++) {
			const struct event_proc *p = &snap->top[i];
			bool victim = s->ev->has_victim && p->pid == s->ev->victim.pid;
			int at = snprintf(notes[i], sizeof(notes[i]), "%spid %d, rss %llu kB, swap %llu kB",
					  victim ? "victim; " : "", (int)p->pid, (unsigned long long)p->rss_kib,
					  (unsigned long long)p->swap_kib);
			if (p->oom_score >= 0 && at > 0 && (size_t)at < sizeof(notes[i]))
				snprintf(notes[i] + at, sizeof(notes[i]) - (size_t)at, ", oom_score %d", p->oom_score);
			top[i] = (struct html_part){ p->comm, k(p->rss_kib + p->swap_kib), victim ? "victim" : "c2", victim, notes[i] };
		}
		strbuf_adds(sb, "<h2>Largest consumers at the kill</h2>\n");
		snprintf(fid, sizeof(fid), "snap-top-%s", id);
		html_bar_chart(sb, fid, "Resident + swap of the top candidates, kB (victim marked)", "kB", top, snap->n_top);
	}
}

static void badness_part(struct strbuf *sb, const struct daemon_event *ev, const char *id)
{
	const struct event_proc *v = &ev->victim;
	char fid[48];

	if (!ev->has_victim)
		return;
	strbuf_adds(sb, "<h2>Why this victim: its badness</h2>\n");
	const struct html_part parts[] = {
		{ "resident memory", v->rss_points, "c1", false, NULL },
		{ "swap", v->swap_points, "c2", false, NULL },
		{ "page tables", v->pgtables_points, "c7", false, NULL },
		{ "oom_score_adj", v->adj_points > 0 ? v->adj_points : -1, "c4", false,
		  v->adj_points < 0 ? "negative: lowers the total" : NULL },
	};
	snprintf(fid, sizeof(fid), "badness-%s", id);
	html_stacked_bar(sb, fid, "The victim's badness factors, points", "points", parts, 4, 0);
	strbuf_addf(sb, "<p>Points %lld (kernel formula), oomguard's score %lld with rule delta %d, "
		    "oom_score_adj %d (adj points %lld).</p>\n", (long long)v->points, (long long)v->score,
		    v->rule_delta, v->oom_score_adj, (long long)v->adj_points);
}

void explain_html_daemon_page(struct strbuf *sb, const struct daemon_story *s)
{
	char title[96];
	struct strbuf story;

	snprintf(title, sizeof(title), "oomguard explain %s", s->id);
	html_page_begin(sb, title);
	strbuf_adds(sb, "<h1>oomguard daemon action ");
	html_text(sb, s->id);
	strbuf_adds(sb, "</h1>\n");
	if (s->ev->has_victim) {
		strbuf_adds(sb, "<p class=\"verdict\">");
		html_text(sb, daemon_event_action(s->ev));
		strbuf_adds(sb, " to ");
		html_text(sb, s->ev->victim.comm);
		strbuf_addf(sb, " (pid %d): ", (int)s->ev->victim.pid);
		html_text(sb, event_outcome_name(s->ev->outcome));
		strbuf_adds(sb, "</p>\n");
	}
	strbuf_adds(sb, "<h2>The story</h2>\n<pre>");
	strbuf_init(&story);
	daemon_view_story(&story, s);       /* its text is terminal-safe already */
	if (story.buf)
		html_safe_text(sb, story.buf, story.len);
	if (story.failed)
		sb->failed = true;
	strbuf_free(&story);
	strbuf_adds(sb, "</pre>\n");
	levels_part(sb, s->ev, s->id);
	badness_part(sb, s->ev, s->id);
	snapshot_part(sb, s, s->id);
	html_page_end(sb);
}
