/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `report --html` (report_html.h): memory and pressure now, the next victims' badness factors
 * as stacked bars, the findings with their fixes as copyable blocks, the kills of the last days
 * on a timeline (one row per victim and cgroup, each dot a link), and every kill explained
 * below (cmd/explain_html.h).  Each chart has a table with the numbers of report --json. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/explain_html.h"
#include "cmd/findings_view.h"
#include "cmd/report_html.h"
#include "lib/oomreport/oom_analysis.h"
#include "lib/procfs/oomrank.h"
#include "lib/util/html.h"

static void when_text(char *buf, size_t cap, int64_t us)
{
	if (us == INT64_MIN) {
		snprintf(buf, cap, "time unknown");
		return;
	}
	time_t t = (time_t)(us / 1000000);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, cap, "%Y-%m-%d %H:%M", &tm);
}

static void memory_part(struct strbuf *sb, const struct report *r)
{
	const struct meminfo *m = &r->s.mem;
	uint64_t avail = meminfo_available_kib(m);
	int64_t total = (int64_t)m->mem_total;
	int64_t in_use = m->mem_total > avail ? (int64_t)(m->mem_total - avail) : 0;
	int64_t reclaimable = avail > m->mem_free ? (int64_t)(avail - m->mem_free) : 0;

	strbuf_adds(sb, "<h2>Memory and pressure now</h2>\n");
	const struct html_part parts[] = {
		{ "in use (total - available)", in_use, "c1", false, NULL },
		{ "available, reclaimable (available - free)", reclaimable, "c9", false, NULL },
		{ "free", (int64_t)m->mem_free, "free", false, NULL },
	};
	html_stacked_bar(sb, "mem-now", "RAM now, kB", "kB", parts, 3, total);
	strbuf_addf(sb, "<table><caption class=\"muted\">/proc/meminfo</caption><tbody>\n"
		    "<tr><th scope=\"row\">total</th><td class=\"n\">%llu kB</td></tr>\n"
		    "<tr><th scope=\"row\">available</th><td class=\"n\">%llu kB</td></tr>\n"
		    "<tr><th scope=\"row\">free</th><td class=\"n\">%llu kB</td></tr>\n"
		    "<tr><th scope=\"row\">cache (Cached + Buffers)</th><td class=\"n\">%llu kB</td></tr>\n"
		    "<tr><th scope=\"row\">shmem</th><td class=\"n\">%llu kB</td></tr>\n"
		    "<tr><th scope=\"row\">swap total</th><td class=\"n\">%llu kB</td></tr>\n"
		    "<tr><th scope=\"row\">swap free</th><td class=\"n\">%llu kB</td></tr>\n</tbody></table>\n",
		    (unsigned long long)m->mem_total, (unsigned long long)avail, (unsigned long long)m->mem_free,
		    (unsigned long long)(m->cached + m->buffers), (unsigned long long)m->shmem,
		    (unsigned long long)m->swap_total, (unsigned long long)m->swap_free);
	if (m->swap_total > 0) {
		const struct html_part sw[] = {
			{ "swap used", (int64_t)(m->swap_total - (m->swap_free < m->swap_total ? m->swap_free : m->swap_total)), "c2", false, NULL },
			{ "swap free", (int64_t)m->swap_free, "free", false, NULL },
		};
		html_stacked_bar(sb, "swap-now", "Swap now, kB", "kB", sw, 2, (int64_t)m->swap_total);
	}
	const struct psi *p = &r->s.psi;
	if (!p->present) {
		strbuf_adds(sb, "<p>Memory pressure (PSI) is not available on this kernel.</p>\n");
		return;
	}
	static const char *const cols[] = { "", "avg10", "avg60", "avg300", "total µs" };
	html_table_head(sb, "Memory pressure (/proc/pressure/memory), % of time stalled", cols,
			sizeof(cols) / sizeof(cols[0]));
	const struct { const char *name; const struct psi_line *l; } lines[] = { { "some", &p->some }, { "full", &p->full } };
	for (size_t i = 0; i < 2; i++) {
		if (!lines[i].l->present)
			continue;
		strbuf_addf(sb, "<tr><th scope=\"row\">%s</th><td class=\"n\">%.2f</td><td class=\"n\">%.2f</td>"
			    "<td class=\"n\">%.2f</td><td class=\"n\">%llu</td></tr>\n", lines[i].name, lines[i].l->avg10,
			    lines[i].l->avg60, lines[i].l->avg300, (unsigned long long)lines[i].l->total_us);
	}
	strbuf_adds(sb, "</tbody></table>\n");
}

static void victims_part(struct strbuf *sb, const struct report *r)
{
	const struct audit_victims *v = &r->s.victims;
	size_t n = r->n_victims;
	struct strbuf line;

	strbuf_adds(sb, "<h2>The next victims</h2>\n");
	if (!r->s.have_procs || n == 0) {
		strbuf_adds(sb, "<p>No process could be read.</p>\n");
		return;
	}
	strbuf_init(&line);
	oomrank_headline(&line, &v->v[0], v->top_ties);
	strbuf_adds(sb, "<p>");
	if (line.buf)
		html_safe_text(sb, line.buf, line.len);   /* oomrank escapes names itself */
	strbuf_adds(sb, "</p>\n");
	strbuf_free(&line);

	char (*labels)[96] = calloc(n, sizeof(*labels));
	const char **rows = calloc(n, sizeof(*rows));
	int64_t *vals = calloc(n * 4, sizeof(*vals));
	if (!labels || !rows || !vals) {
		sb->failed = true;
		free(labels);
		free(rows);
		free(vals);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct proc_entry *p = &v->v[i];
		struct badness b;
		oomrank_badness(p, v->totalpages, v->page_kib, &b);
		snprintf(labels[i], sizeof(labels[i]), "%zu. %s [%d]", i + 1, p->comm, (int)p->pid);
		rows[i] = labels[i];
		vals[i * 4 + 0] = b.rss_points;
		vals[i * 4 + 1] = b.swap_points;
		vals[i * 4 + 2] = b.pgtables_points;
		vals[i * 4 + 3] = b.adj_points;
	}
	static const char *const cols[] = { "resident", "swap", "page tables", "oom_score_adj" };
	static const char *const css[] = { "c1", "c2", "c7", "c4" };
	html_stacked_rows(sb, "victims", "Badness of the next victims by factor, points (kernel's order)", "points",
			  rows, NULL, n, cols, css, 4, vals);
	static const char *const head[] = { "rank", "pid", "name", "unit", "oom_score", "oom_score_adj",
					    "rss kB", "swap kB", "why" };
	html_table_head(sb, "The next victims", head, sizeof(head) / sizeof(head[0]));
	for (size_t i = 0; i < n; i++) {
		const struct proc_entry *p = &v->v[i];
		strbuf_addf(sb, "<tr><td class=\"n\">%zu</td><td class=\"n\">%d</td><td>", i + 1, (int)p->pid);
		html_text(sb, p->comm);
		strbuf_adds(sb, "</td><td>");
		html_text(sb, p->unit);
		strbuf_addf(sb, "</td><td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">%llu</td><td class=\"n\">%llu</td><td>",
			    p->oom_score, p->oom_score_adj, (unsigned long long)p->rss_kib, (unsigned long long)p->swap_kib);
		strbuf_init(&line);
		oomrank_why(&line, p, v->totalpages, v->page_kib);
		if (line.buf)
			html_safe_text(sb, line.buf, line.len);
		strbuf_free(&line);
		strbuf_adds(sb, "</td></tr>\n");
	}
	strbuf_adds(sb, "</tbody></table>\n");
	free(labels);
	free(rows);
	free(vals);
}

static void findings_part(struct strbuf *sb, const struct report *r)
{
	strbuf_adds(sb, "<h2>Findings and their fixes</h2>\n");
	if (r->f.n == 0) {
		strbuf_adds(sb, "<p>Nothing risky found.</p>\n");
		return;
	}
	for (size_t i = 0; i < r->f.n; i++) {
		const struct finding *f = &r->f.v[i];
		strbuf_adds(sb, "<section>\n<h3>");
		html_text(sb, severity_name(f->sev));
		strbuf_adds(sb, ": ");
		html_text(sb, f->title);
		strbuf_adds(sb, "</h3>\n<p class=\"muted\"><code>");
		html_text(sb, f->id);
		strbuf_adds(sb, "</code>");
		if (f->subject[0]) {
			strbuf_adds(sb, " - ");
			html_text(sb, f->subject);
		}
		strbuf_adds(sb, "</p>\n");
		html_element(sb, "p", f->measured);
		html_element(sb, "p", f->why);
		if (f->step[0]) {
			strbuf_adds(sb, "<p>First step (select to copy):</p>\n<pre class=\"cmd\">");
			html_text(sb, f->step);
			strbuf_adds(sb, "</pre>\n");
		}
		if (f->fix[0]) {
			/* lines separated by \n: shown as lines, each escaped on its own */
			strbuf_adds(sb, "<details open><summary>How to fix</summary><pre class=\"cmd\">");
			const char *p = f->fix;
			while (*p) {
				size_t len = strcspn(p, "\n");
				html_textn(sb, p, len);
				p += len;
				if (*p == '\n') {
					strbuf_addc(sb, '\n');
					p++;
				}
			}
			strbuf_adds(sb, "</pre></details>\n");
		}
		strbuf_adds(sb, "</section>\n");
	}
}

/* One row per victim name and cgroup; x is time over the window; each dot links to its story. */
/* A kill whose event is explained on this page opens a link to it: true when it did. */
static bool kill_link_open(struct strbuf *sb, const struct oom_kill_brief *k, struct oom_event *const *events,
			   size_t n_events)
{
	bool linked = false;
	for (size_t e = 0; e < n_events && k->id[0]; e++)
		linked |= strcmp(events[e]->id, k->id) == 0;
	if (linked) {
		strbuf_adds(sb, "<a href=\"#ev-");
		html_id(sb, k->id);
		strbuf_adds(sb, "\">");
	}
	return linked;
}

static void timeline_part(struct strbuf *sb, const struct report *r, struct oom_event *const *events, size_t n_events)
{
	const struct audit_snapshot *s = &r->s;
	const int W = 720, LABEL = 200, ROW = 24;
	int64_t now = (int64_t)time(NULL) * 1000000LL;
	int64_t span = (int64_t)(r->th.kill_window_days * 86400.0 * 1e6);
	int64_t from = now - span;
	char buf[64];

	strbuf_addf(sb, "<h2>OOM kills of the last %g days</h2>\n", r->th.kill_window_days);
	if (!s->kills_searched) {
		strbuf_adds(sb, "<p>The kernel logs were not searched.</p>\n");
		return;
	}
	if (s->n_kills == 0) {
		strbuf_adds(sb, "<p>No OOM kill in the logs of this window.</p>\n");
		return;
	}
	/* rows: distinct (comm, cgroup) pairs, in order of first appearance */
	size_t *row_of = calloc(s->n_kills, sizeof(*row_of));
	size_t n_rows = 0;
	if (!row_of) {
		sb->failed = true;
		return;
	}
	for (size_t i = 0; i < s->n_kills; i++) {
		size_t j;
		for (j = 0; j < i; j++)
			if (strcmp(s->kills[j].comm, s->kills[i].comm) == 0 && strcmp(s->kills[j].cgroup, s->kills[i].cgroup) == 0)
				break;
		row_of[i] = j < i ? row_of[j] : n_rows++;
	}
	strbuf_addf(sb, "<figure id=\"kills\"><figcaption>Kills by victim and cgroup over the last %g days "
		    "(each dot links to its explanation)</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"OOM kills timeline\">"
		    "<title>OOM kills timeline</title>\n", r->th.kill_window_days, W, (int)n_rows * ROW + 30, W,
		    (int)n_rows * ROW + 30);
	for (size_t row = 0; row < n_rows; row++) {
		for (size_t i = 0; i < s->n_kills; i++) {
			if (row_of[i] != row)
				continue;
			const struct oom_kill_brief *k = &s->kills[i];
			strbuf_addf(sb, "<text x=\"0\" y=\"%d\">", (int)row * ROW + 16);
			struct strbuf lab;
			strbuf_init(&lab);
			strbuf_adds(&lab, k->comm);
			if (k->cgroup[0]) {
				strbuf_adds(&lab, " ");
				strbuf_adds(&lab, k->cgroup);
			}
			if (lab.buf && lab.len > 30) {
				html_textn(sb, lab.buf, 28);
				strbuf_adds(sb, "…");
			} else if (lab.buf) {
				html_text(sb, lab.buf);
			}
			strbuf_free(&lab);
			strbuf_adds(sb, "</text>\n");
			break;
		}
		strbuf_addf(sb, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", LABEL,
			    (int)row * ROW + 12, W - 10, (int)row * ROW + 12);
	}
	for (size_t i = 0; i < s->n_kills; i++) {
		const struct oom_kill_brief *k = &s->kills[i];
		int64_t t = k->time_us == INT64_MIN ? now : k->time_us;
		double x = LABEL + (double)(W - 10 - LABEL) * (double)(t < from ? 0 : t - from) / (double)(span > 0 ? span : 1);
		bool linked = kill_link_open(sb, k, events, n_events);
		strbuf_addf(sb, "<circle class=\"%s dot\" cx=\"%.2f\" cy=\"%d\" r=\"6\"><title>", k->memcg ? "c3" : "c1", x,
			    (int)row_of[i] * ROW + 12);
		when_text(buf, sizeof(buf), k->time_us);
		html_text(sb, buf);
		strbuf_adds(sb, " ");
		html_text(sb, k->comm);
		strbuf_addf(sb, " [%d]", (int)k->pid);
		strbuf_adds(sb, "</title></circle>");
		strbuf_adds(sb, linked ? "</a>\n" : "\n");
	}
	when_text(buf, sizeof(buf), from);
	strbuf_addf(sb, "<text x=\"%d\" y=\"%d\">%s</text>", LABEL, (int)n_rows * ROW + 24, buf);
	strbuf_addf(sb, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">now</text>\n</svg>\n", W - 10, (int)n_rows * ROW + 24);
	static const char *const cols[] = { "time", "victim", "pid", "rss kB", "scope", "cgroup", "verdict", "id" };
	html_table_head(sb, "OOM kills (table)", cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < s->n_kills; i++) {
		const struct oom_kill_brief *k = &s->kills[i];
		when_text(buf, sizeof(buf), k->time_us);
		strbuf_adds(sb, "<tr><td>");
		html_text(sb, buf);
		strbuf_adds(sb, "</td><td>");
		html_text(sb, k->comm);
		strbuf_addf(sb, "</td><td class=\"n\">%d</td>", (int)k->pid);
		if (k->rss_kib)
			strbuf_addf(sb, "<td class=\"n\">%llu</td>", (unsigned long long)k->rss_kib);
		else
			strbuf_adds(sb, "<td>-</td>");
		strbuf_addf(sb, "<td>%s</td><td>", k->memcg ? "cgroup" : "global");
		html_text(sb, k->cgroup);
		strbuf_adds(sb, "</td><td>");
		html_text(sb, k->verdict);
		strbuf_adds(sb, "</td><td>");
		bool linked = kill_link_open(sb, k, events, n_events);
		html_text(sb, k->id);
		strbuf_adds(sb, linked ? "</a></td></tr>\n" : "</td></tr>\n");
	}
	strbuf_adds(sb, "</tbody></table>\n</figure>\n");
	free(row_of);
}

void report_html_page(struct strbuf *sb, const struct report *r, struct oom_event *const *events, size_t n_events)
{
	char title[200], up[64];

	snprintf(title, sizeof(title), "oomguard report %s", r->host);
	html_page_begin(sb, title);
	strbuf_adds(sb, "<h1>oomguard report: ");
	html_text(sb, r->host);
	strbuf_adds(sb, "</h1>\n<p class=\"muted\">");
	if (r->s.kernel_release[0]) {
		strbuf_adds(sb, "kernel ");
		html_text(sb, r->s.kernel_release);
	}
	snprintf(up, sizeof(up), ", up %.0f s", r->s.uptime_s);
	strbuf_adds(sb, up);
	strbuf_adds(sb, "</p>\n");
	if (r->n_steps) {
		strbuf_adds(sb, "<h2>What to do first</h2>\n<ol>\n");
		for (size_t i = 0; i < r->n_steps; i++) {
			strbuf_adds(sb, "<li>");
			html_text(sb, r->steps[i].f->title);
			strbuf_adds(sb, "<pre class=\"cmd\">");
			html_text(sb, r->steps[i].command);
			strbuf_adds(sb, "</pre></li>\n");
		}
		strbuf_adds(sb, "</ol>\n");
	}
	memory_part(sb, r);
	victims_part(sb, r);
	findings_part(sb, r);
	timeline_part(sb, r, events, n_events);
	if (n_events) {
		strbuf_adds(sb, "<h2>The kills explained</h2>\n");
		for (size_t i = n_events; i-- > 0;) {
			struct oom_diagnosis *d = malloc(sizeof(*d));
			struct oom_analysis *a = malloc(sizeof(*a));
			if (d && a) {
				oom_diagnose(events[i], d);
				oom_analyse(events[i], a);
				explain_html_event(sb, events[i], d, a, 3);
			} else {
				sb->failed = true;
			}
			free(d);
			free(a);
		}
	}
	html_page_end(sb);
}
