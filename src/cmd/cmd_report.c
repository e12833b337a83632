/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `oomguard report` (and `oomguard` alone): one screen (80 columns, about 50 lines, whatever the
 * history) for this machine: memory and pressure now, the next OOM victims in the kernel's order
 * (the ranking of `top`), the findings of `check` by severity, the OOM kills of the last days
 * grouped (lib/audit/kill_summary.h), and at most three first steps, each an exact command.
 * Same snapshot and rules as check (findings_view.h); `--json` carries all of it
 * (doc/report-json.md).  Exit status 0, or 1 when it cannot run. */
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd/cli.h"
#include "cmd/findings_view.h"
#include "cmd/report_html.h"
#include "lib/audit/kill_summary.h"
#include "lib/procfs/cgpath.h"
#include "lib/procfs/oomrank.h"
#include "lib/procfs/psi_json.h"
#include "lib/util/safetext.h"
#include "cmd/errors.h"
#include "os/audit/settings_snapshot.h"
#include "os/core/sysroot.h"
#include "lib/oomreport/oom_event.h"
#include "os/logs/oom_sources.h"

#define BAR_WIDTH 30
#define FINDINGS_SHOWN 5        /* more than this: FINDINGS_SHOWN - 1 and "and N more" */
#define KILLS_RECENT 3          /* the latest kills shown one by one */
#define KILL_GROUPS_SHOWN 3
#define VICTIM_W 20             /* "name[pid]" column of a kill */
#define GROUP_WHERE_W 33        /* "cgroup /path (N)" column of a group of kills */

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: oomguard report [--json | --html [-o OUT]] [--no-logs]\n\n"
		"One screen for this machine: memory and swap now, memory pressure, the next\n"
		"OOM victims, risky settings by severity, the OOM kills of the last 7 days, and\n"
		"what to do first.  `oomguard check` has each finding in full, `oomguard top`\n"
		"every process and `oomguard events` every kill.\n\n"
		"  --json      everything as JSON (doc/report-json.md)\n"
		"  --html      one self-contained HTML page with charts, and each kill of the last\n"
		"              days explained in it (no script, no network; the numbers of --json)\n"
		"  -o, --output OUT  write to OUT instead of standard output (replaced whole)\n"
		"  --no-logs   do not search the kernel logs for past OOM kills\n");
}

static void add_size(struct strbuf *out, uint64_t kb)
{
	oomrank_add_size(out, kb);
}

static const char *duration(char *buf, size_t cap, double s)
{
	long t = s > 0 ? (long)s : 0;
	if (t >= 86400)
		snprintf(buf, cap, "%ld d %ld h", t / 86400, t % 86400 / 3600);
	else if (t >= 3600)
		snprintf(buf, cap, "%ld h %ld min", t / 3600, t % 3600 / 60);
	else
		snprintf(buf, cap, "%ld min", t / 60);
	return buf;
}

/* "11-21 22:45" in local time, or "(no time)". */
static const char *when(char *buf, size_t cap, int64_t time_us)
{
	if (time_us == INT64_MIN) {
		snprintf(buf, cap, "(no time)");
		return buf;
	}
	time_t t = (time_t)(time_us / 1000000);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, cap, "%m-%d %H:%M", &tm);
	return buf;
}

/* The terminal takes UTF-8: the locale's character set, as the environment sets it. */
static bool utf8_terminal(void)
{
	static int utf8 = -1;
	if (utf8 < 0) {
		const char *old = setlocale(LC_CTYPE, NULL);
		char saved[64];
		snprintf(saved, sizeof(saved), "%s", old ? old : "C");
		utf8 = setlocale(LC_CTYPE, "") && strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
		setlocale(LC_CTYPE, saved);
	}
	return utf8;
}

/* [█████░░░░] in UTF-8 terminals, [#####.....] elsewhere; coloured by how full it is. */
static void bar(struct strbuf *out, double frac)
{
	bool utf8 = utf8_terminal();
	if (frac < 0)
		frac = 0;
	if (frac > 1)
		frac = 1;
	int fill = (int)(frac * BAR_WIDTH + 0.5);
	if (fill == 0 && frac > 0)
		fill = 1;  /* something is used: show it */
	const char *sgr = frac >= 0.9 ? "\033[31m" : frac >= 0.7 ? "\033[33m" : "\033[32m";
	strbuf_addf(out, "[%s", cli_sgr(sgr));
	for (int i = 0; i < BAR_WIDTH; i++) {
		if (i == fill)
			strbuf_adds(out, cli_sgr("\033[0;2m"));
		strbuf_adds(out, i < fill ? (utf8 ? "\u2588" : "#") : (utf8 ? "\u2591" : "."));
	}
	strbuf_addf(out, "%s]", cli_sgr("\033[0m"));
}

static void heading(struct strbuf *out, const char *title, const char *detail)
{
	strbuf_addf(out, "\n%s%s%s", cli_sgr("\033[1m"), title, cli_sgr("\033[0m"));
	if (detail && *detail)
		strbuf_addf(out, "  %s", detail);
	strbuf_addc(out, '\n');
}

static void dim(struct strbuf *out, const char *text)
{
	strbuf_addf(out, "%s%s%s", cli_sgr("\033[2m"), text, cli_sgr("\033[0m"));
}

static void section_memory(struct strbuf *out, const struct report *r)
{
	const struct meminfo *m = &r->s.mem;
	uint64_t avail = meminfo_available_kib(m);
	uint64_t used = m->mem_total > avail ? m->mem_total - avail : 0;

	heading(out, "MEMORY NOW", NULL);
	strbuf_adds(out, "  RAM   ");
	bar(out, m->mem_total ? (double)used / m->mem_total : 0);
	strbuf_adds(out, " ");
	add_size(out, used);
	strbuf_adds(out, " of ");
	add_size(out, m->mem_total);
	strbuf_adds(out, " used\n        ");
	add_size(out, avail);
	strbuf_adds(out, " available, ");
	add_size(out, m->cached + m->buffers);
	strbuf_adds(out, " cache, ");
	add_size(out, m->shmem);
	strbuf_adds(out, " shmem\n  swap  ");
	if (!m->swap_total) {
		strbuf_adds(out, "none\n");
	} else {
		uint64_t su = m->swap_total > m->swap_free ? m->swap_total - m->swap_free : 0;
		bar(out, (double)su / m->swap_total);
		strbuf_adds(out, " ");
		add_size(out, su);
		strbuf_adds(out, " of ");
		add_size(out, m->swap_total);
		strbuf_adds(out, " used\n");
	}
	const struct psi *p = &r->s.psi;
	if (!p->present) {
		strbuf_adds(out, "  PSI   not available (kernel without pressure stall information)\n");
		return;
	}
	strbuf_addf(out, "  PSI   some %5.1f %5.1f %5.1f", p->some.avg10, p->some.avg60, p->some.avg300);
	if (p->full.present)
		strbuf_addf(out, "   full %5.1f %5.1f %5.1f", p->full.avg10, p->full.avg60, p->full.avg300);
	strbuf_adds(out, "   ");
	dim(out, "% stalled, 10s/1m/5m");
	strbuf_addc(out, '\n');
}

static void section_victims(struct strbuf *out, const struct report *r)
{
	const struct audit_victims *v = &r->s.victims;
	char detail[96];

	if (!r->s.have_procs) {
		heading(out, "NEXT OOM VICTIMS", NULL);
		strbuf_adds(out, "  (the process table could not be read)\n");
		return;
	}
	snprintf(detail, sizeof(detail), "%zu can be killed, %u protected, %u unkillable",
		 v->candidates, v->protected_count, v->unkillable_count);
	heading(out, "NEXT OOM VICTIMS", detail);

	if (!r->s.n_procs) {  /* a fixture tree without processes */
		strbuf_adds(out, "  (no processes found)\n");
		return;
	}
	struct strbuf line;
	strbuf_init(&line);
	oomrank_headline(&line, v->n ? &v->v[0] : NULL, v->top_ties);
	strbuf_addf(out, "  %s", cli_sgr("\033[1;31m"));
	view_wrap_safe(out, line.buf ? line.buf : "", 2, 2, VIEW_WIDTH);
	strbuf_addf(out, "%s\n", cli_sgr("\033[0m"));
	strbuf_free(&line);
	if (!v->n)
		return;
	strbuf_init(&line);
	oomrank_why(&line, &v->v[0], v->totalpages, v->page_kib);
	strbuf_adds(out, "  why: ");
	view_wrap_safe(out, line.buf ? line.buf : "", 7, 7, VIEW_WIDTH);
	strbuf_addc(out, '\n');
	strbuf_free(&line);

	strbuf_addf(out, "  %s #     PID SCORE   ADJ       RSS  NAME              UNIT / CGROUP%s\n",
		    cli_sgr("\033[2m"), cli_sgr("\033[0m"));
	for (size_t i = 0; i < r->n_victims; i++) {
		const struct proc_entry *p = &v->v[i];
		bool svc = audit_is_critical_service(p->comm) && p->oom_score_adj >= 0;
		struct strbuf size;
		strbuf_init(&size);
		add_size(&size, p->rss_kib);
		strbuf_addf(out, "  %2zu %7d %5d %5d %9s  %s", i + 1, (int)p->pid, p->oom_score,
			    p->oom_score_adj, size.buf ? size.buf : "", svc ? cli_sgr("\033[33m") : "");
		strbuf_free(&size);
		size_t cols = view_cut(out, p->comm, 16);
		const char *where = p->unit ? p->unit : p->cgroup;
		if (where) {
			char path[64];
			strbuf_addf(out, "%*s", (int)(18 - cols), "");
			view_cut(out, cgroup_path_shorten(path, sizeof(path), where, VIEW_WIDTH - 54),
				 VIEW_WIDTH - 54);
		}
		strbuf_addf(out, "%s\n", svc ? cli_sgr("\033[0m") : "");
	}
}

static void section_findings(struct strbuf *out, const struct report *r)
{
	const struct findings *f = &r->f;
	char detail[96];
	snprintf(detail, sizeof(detail), "%zu critical, %zu warning%s, %zu info",
		 findings_count(f, SEV_CRIT), findings_count(f, SEV_WARN),
		 findings_count(f, SEV_WARN) == 1 ? "" : "s", findings_count(f, SEV_INFO));
	heading(out, "FINDINGS", detail);
	if (!f->n) {
		strbuf_adds(out, "  nothing found\n");
		return;
	}
	size_t shown = f->n <= FINDINGS_SHOWN ? f->n : FINDINGS_SHOWN - 1;
	for (size_t i = 0; i < shown; i++) {  /* sorted: most severe first */
		strbuf_adds(out, "  ");
		view_severity(out, f->v[i].sev);
		strbuf_adds(out, " ");
		view_cut(out, f->v[i].title, VIEW_WIDTH - 11);
		strbuf_addc(out, '\n');
	}
	if (shown < f->n) {
		char more[96];
		snprintf(more, sizeof(more), "  and %zu more: oomguard check\n", f->n - shown);
		strbuf_adds(out, more);
	}
}

/* "cgroup /a/b" for cgroup-limit kills, "machine: verdict" for the others, in width columns. */
static void kill_where(struct strbuf *out, const struct oom_kill_brief *k, size_t width)
{
	char path[128];
	if (k->memcg && k->cgroup[0]) {
		strbuf_adds(out, "cgroup ");
		view_cut(out, cgroup_path_shorten(path, sizeof(path), k->cgroup, width - 7), width - 7);
	} else if (k->memcg) {
		view_cut(out, k->verdict, width);
	} else {
		strbuf_adds(out, "machine: ");
		view_cut(out, k->verdict, width - 9);
	}
}

/* "11-21 22:39..22:44", or across days "11-19..11-21 22:44": never wider than 18 columns. */
static void time_range(struct strbuf *out, int64_t first_us, int64_t last_us)
{
	char a[32], b[32];
	when(a, sizeof(a), first_us);
	when(b, sizeof(b), last_us);
	if (first_us == INT64_MIN || strcmp(a, b) == 0)
		strbuf_adds(out, b);
	else if (strncmp(a, b, 5) == 0)
		strbuf_addf(out, "%s..%s", a, b + 6);
	else
		strbuf_addf(out, "%.5s..%s", a, b);
}

/* Spaces from column used to column width (at least one). */
static void pad(struct strbuf *out, size_t used, size_t width)
{
	strbuf_addf(out, "%*s", (int)(used < width ? width - used : 1), "");
}

/* Columns of a kill line: host only when the kills come from several hosts. */
struct kill_cols {
	size_t host, victim, where;
};

static struct kill_cols kill_cols(const struct report *r)
{
	struct kill_cols c = { .host = 0, .victim = VICTIM_W };
	if (r->ks.n_hosts > 1) {
		c.host = 10;
		c.victim = VICTIM_W - 3;
	}
	/* "  WHEN(11)  [HOST ]VICTIM SIZE(8)  WHERE" */
	c.where = VIEW_WIDTH - 2 - 11 - 2 - (c.host ? c.host + 1 : 0) - c.victim - 1 - 8 - 2;
	return c;
}

static void kill_recent(struct strbuf *out, const struct report *r, const struct oom_kill_brief *k)
{
	struct kill_cols w = kill_cols(r);
	char t[32], pid[24] = "";
	strbuf_addf(out, "  %-11s  ", when(t, sizeof(t), k->time_us));
	if (w.host)
		pad(out, view_cut(out, k->host[0] ? k->host : "?", w.host), w.host + 1);
	if (k->pid > 0)
		snprintf(pid, sizeof(pid), "[%d]", (int)k->pid);
	size_t c = view_cut(out, k->comm, w.victim - strlen(pid));
	strbuf_adds(out, pid);
	pad(out, c + strlen(pid), w.victim + 1);
	struct strbuf size;
	strbuf_init(&size);
	if (k->rss_kib)
		add_size(&size, k->rss_kib);
	strbuf_addf(out, "%8s  ", size.buf ? size.buf : "?");
	strbuf_free(&size);
	kill_where(out, k, w.where);
	strbuf_addc(out, '\n');
}

static void kill_group_line(struct strbuf *out, const struct report *r, const struct kill_group *g)
{
	char path[128], count[24];
	strbuf_addf(out, "  %4zux ", g->count);
	size_t c = 0;
	if (r->ks.n_hosts > 1) {
		c += view_cut(out, g->host[0] ? g->host : "?", 10);
		strbuf_adds(out, ": ");
		c += 2;
	}
	c += view_cut(out, g->comm, 16);
	strbuf_addf(out, "%*s", (int)(c < 18 ? 18 - c : 1), "");
	struct strbuf where;
	strbuf_init(&where);
	if (!g->memcg) {
		strbuf_adds(&where, "machine-wide");
	} else if (g->cgroup[0]) {
		/* "/a/b-* (12)" in GROUP_WHERE_W columns */
		snprintf(count, sizeof(count), g->n_cgroups > 1 ? " (%zu)" : "", g->n_cgroups);
		size_t w = GROUP_WHERE_W - strlen(count);
		view_cut(&where, cgroup_path_shorten(path, sizeof(path), g->cgroup, w), w);
		strbuf_adds(&where, count);
	} else {
		strbuf_adds(&where, "cgroup limit");
	}
	strbuf_addf(out, "%-*s  ", GROUP_WHERE_W, where.buf ? where.buf : "");
	strbuf_free(&where);
	time_range(out, g->first_us, g->last_us);
	strbuf_addc(out, '\n');
}

static void section_kills(struct strbuf *out, const struct report *r)
{
	const struct audit_snapshot *s = &r->s;
	const struct kill_summary *ks = &r->ks;
	bool counted = s->have_vmstat && (s->vm.has & VMSTAT_HAS_OOM_KILL);
	char title[64], detail[160] = "", more[160];

	snprintf(title, sizeof(title), "OOM KILLS, LAST %.0f DAYS", r->th.kill_window_days);
	if (s->kills_searched && s->n_kills) {
		snprintf(detail, sizeof(detail), "%zu logged", s->n_kills);
		if (ks->machine_wide == 0 || ks->machine_wide == s->n_kills)
			snprintf(detail + strlen(detail), sizeof(detail) - strlen(detail), " (%s)",
				 ks->machine_wide ? "all machine-wide" : "all at cgroup limits");
		else
			snprintf(detail + strlen(detail), sizeof(detail) - strlen(detail),
				 " (%zu machine-wide)", ks->machine_wide);
	}
	if (counted) {
		size_t n = strlen(detail);
		snprintf(detail + n, sizeof(detail) - n, "%s%llu since boot", n ? ", " : "",
			 (unsigned long long)s->vm.oom_kill);
	}
	heading(out, title, detail);
	if (!s->kills_searched) {
		strbuf_adds(out, "  ");
		view_cut(out, s->kills_note[0] ? s->kills_note : "the kernel logs were not searched",
			 VIEW_WIDTH - 2);
		strbuf_addc(out, '\n');
		if (counted && s->vm.oom_kill)
			strbuf_adds(out, s->is_root ? "  read them: oomguard events --since boot\n" :
				    "  as root: sudo oomguard events --since boot\n");
		return;
	}
	if (!s->n_kills) {
		strbuf_adds(out, "  none in the kernel logs\n");
		return;
	}
	struct kill_cols w = kill_cols(r);
	strbuf_addf(out, "  %s%-11s  %-*s%-*s %8s  %s%s\n", cli_sgr("\033[2m"), "WHEN",
		    (int)(w.host ? w.host + 1 : 0), w.host ? "HOST" : "", (int)w.victim, "VICTIM", "SIZE",
		    "WHERE / WHY", cli_sgr("\033[0m"));
	for (size_t i = 0; i < ks->recent; i++)
		kill_recent(out, r, &s->kills[s->n_kills - 1 - i]);  /* newest first */
	if (ks->n_groups) {
		snprintf(more, sizeof(more), "  %searlier: %zu kill%s by victim and cgroup%s\n", cli_sgr("\033[2m"),
			 ks->grouped, ks->grouped == 1 ? "" : "s", cli_sgr("\033[0m"));
		strbuf_adds(out, more);
		size_t idx[KILL_GROUPS_SHOWN];
		size_t shown = kill_summary_pick(ks, KILL_GROUPS_SHOWN, idx);
		size_t rest = ks->grouped;
		for (size_t i = 0; i < shown; i++) {
			kill_group_line(out, r, &ks->groups[idx[i]]);
			rest -= ks->groups[idx[i]].count;
		}
		if (shown < ks->n_groups) {
			snprintf(more, sizeof(more), "  %4zux other victims (%zu names): oomguard events --stats\n",
				 rest, ks->n_groups - shown);
			strbuf_adds(out, more);
		}
	}
	const struct oom_kill_brief *last = &s->kills[s->n_kills - 1];
	strbuf_addf(out, "  all: oomguard events --since -%.0fd", r->th.kill_window_days);
	if (last->id[0]) {
		strbuf_adds(out, "   the latest: oomguard explain ");
		view_cut(out, last->id, 16);
	}
	strbuf_addc(out, '\n');
	if (s->kills_note[0]) {
		strbuf_adds(out, "  ");
		view_cut(out, s->kills_note, VIEW_WIDTH - 2);
		strbuf_addc(out, '\n');
	}
}

/* Whether a step needs root that the user running the report lacks: everything but the commands
 * that only read what any user may read (the logs only when this user could read them). */
static bool step_needs_sudo(const struct audit_snapshot *s, const char *cmd)
{
	static const char *const unprivileged[] = { "oomguard top", "oomguard check", "ps ", "df ",
						    "oomguard protect --list" };
	if (s->is_root)
		return false;
	for (size_t i = 0; i < sizeof(unprivileged) / sizeof(unprivileged[0]); i++)
		if (strncmp(cmd, unprivileged[i], strlen(unprivileged[i])) == 0)
			return false;
	if (strncmp(cmd, "oomguard events", 15) == 0 || strncmp(cmd, "oomguard explain", 16) == 0)
		return !s->kills_searched;
	return true;
}

/* Up to FIRST_STEPS distinct commands from the warn/critical findings, most severe first; a
 * finding without a one-command fix points to its full text in `oomguard check`. */
static void pick_steps(struct report *r)
{
	for (size_t i = 0; i < r->f.n && r->n_steps < FIRST_STEPS; i++) {
		const struct finding *x = &r->f.v[i];
		if (x->sev == SEV_INFO)
			break;
		struct step st = { .f = x };
		const char *cmd = x->step[0] ? x->step : "oomguard check";
		snprintf(st.command, sizeof(st.command), "%s%s", step_needs_sudo(&r->s, cmd) ? "sudo " : "",
			 cmd);
		bool dup = false;
		for (size_t j = 0; j < r->n_steps && !dup; j++)
			dup = strcmp(r->steps[j].command, st.command) == 0;
		if (!dup)
			r->steps[r->n_steps++] = st;
	}
}

static void section_first(struct strbuf *out, const struct report *r)
{
	heading(out, "WHAT TO DO FIRST", NULL);
	for (size_t i = 0; i < r->n_steps; i++) {
		const struct step *st = &r->steps[i];
		strbuf_addf(out, "  %zu. ", i + 1);
		view_cut(out, st->f->title, VIEW_WIDTH - 5);
		strbuf_addf(out, "\n     %s", cli_sgr("\033[1m"));
		view_text(out, st->command);   /* ready to paste: never broken across lines */
		strbuf_addf(out, "%s\n", cli_sgr("\033[0m"));
	}
	if (!r->n_steps)
		strbuf_adds(out, "  nothing urgent; oomguard check lists the details\n");
}

/* What could not be read, on one line: the note itself when there is one, else what each is
 * about ("/proc/zoneinfo, /proc/PID"); `oomguard check` and --json list them in full. */
static void section_notes(struct strbuf *out, const struct audit_snapshot *s)
{
	if (!s->n_notes)
		return;
	struct strbuf line;
	strbuf_init(&line);
	strbuf_adds(&line, s->is_root ? "not visible: " : "not visible (not root): ");
	for (size_t i = 0; i < s->n_notes; i++) {
		const char *n = s->notes[i];
		size_t what = s->n_notes == 1 ? strlen(n) : strcspn(n, ":");
		strbuf_addf(&line, "%s%.*s", i ? ", " : "", (int)what, n);
	}
	strbuf_addc(out, '\n');
	view_cut(out, line.buf ? line.buf : "", VIEW_WIDTH);
	strbuf_addc(out, '\n');
	strbuf_free(&line);
}

static void render_text(struct strbuf *out, const struct report *r)
{
	char up[32];
	strbuf_addf(out, "%soomguard report%s  ", cli_sgr("\033[1m"), cli_sgr("\033[0m"));
	view_cut(out, r->host, 24);
	if (r->s.kernel_release[0]) {
		strbuf_adds(out, "  kernel ");
		view_cut(out, r->s.kernel_release, 24);
	}
	if (r->s.uptime_s > 0)
		strbuf_addf(out, "  up %s", duration(up, sizeof(up), r->s.uptime_s));
	strbuf_addc(out, '\n');
	section_memory(out, r);
	section_victims(out, r);
	section_findings(out, r);
	section_kills(out, r);
	section_first(out, r);
	section_notes(out, &r->s);
}

/* ---- JSON ---- */

static void json_victims(struct json *j, const struct report *r)
{
	const struct audit_victims *v = &r->s.victims;
	struct strbuf line;

	json_key(j, "victims");
	json_obj_begin(j);
	json_kv_bool(j, "processes_read", r->s.have_procs);
	strbuf_init(&line);
	if (r->s.have_procs)
		oomrank_headline(&line, v->n ? &v->v[0] : NULL, v->top_ties);
	json_kv_str(j, "headline", r->s.have_procs ? (line.buf ? line.buf : "") : NULL);
	strbuf_free(&line);
	json_kv_uint(j, "candidates", v->candidates);
	json_kv_uint(j, "protected", v->protected_count);
	json_kv_uint(j, "unkillable", v->unkillable_count);
	json_kv_uint(j, "tied_at_top", v->top_ties > 1 ? v->top_ties : 0);
	json_obj_end(j);

	json_key(j, "next_victims");
	json_arr_begin(j);
	for (size_t i = 0; i < r->n_victims; i++) {
		const struct proc_entry *p = &v->v[i];
		json_obj_begin(j);
		json_kv_int(j, "rank", (int64_t)i + 1);
		json_kv_int(j, "pid", p->pid);
		json_kv_str(j, "comm", p->comm);
		json_kv_str(j, "unit", p->unit);
		json_kv_str(j, "cgroup", p->cgroup);
		json_kv_int(j, "oom_score", p->oom_score);
		json_kv_int(j, "oom_score_adj", p->oom_score_adj);
		json_kv_uint(j, "rss_kb", p->rss_kib);
		json_kv_uint(j, "swap_kb", p->swap_kib);
		struct badness b;
		oomrank_badness(p, v->totalpages, v->page_kib, &b);
		json_key(j, "badness_points");
		json_obj_begin(j);
		json_kv_int(j, "rss", b.rss_points);
		json_kv_int(j, "swap", b.swap_points);
		json_kv_int(j, "pgtables", b.pgtables_points);
		json_kv_int(j, "adj", b.adj_points);
		json_kv_int(j, "total", b.points);
		json_obj_end(j);
		strbuf_init(&line);
		oomrank_why(&line, p, v->totalpages, v->page_kib);
		json_kv_str(j, "why", line.buf ? line.buf : "");
		strbuf_free(&line);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_kills(struct json *j, const struct report *r)
{
	const struct audit_snapshot *s = &r->s;
	const struct kill_summary *ks = &r->ks;

	json_key(j, "oom_kills");
	json_obj_begin(j);
	json_kv_double(j, "window_days", r->th.kill_window_days);
	json_kv_bool(j, "logs_searched", s->kills_searched);
	json_kv_str(j, "logs_note", s->kills_note[0] ? s->kills_note : NULL);
	json_key(j, "since_boot");
	if (s->have_vmstat && (s->vm.has & VMSTAT_HAS_OOM_KILL))
		json_uint(j, s->vm.oom_kill);
	else
		json_null(j);
	json_kv_uint(j, "count", s->n_kills);
	json_kv_uint(j, "machine_wide", ks->machine_wide);
	json_key(j, "kills");
	json_arr_begin(j);
	for (size_t i = 0; i < s->n_kills; i++) {
		const struct oom_kill_brief *k = &s->kills[i];
		json_obj_begin(j);
		json_kv_str(j, "id", k->id[0] ? k->id : NULL);
		json_kv_int_or_null(j, "time_us", k->time_us);
		json_kv_str(j, "host", k->host[0] ? k->host : NULL);
		json_kv_int(j, "pid", k->pid);
		json_kv_str(j, "comm", k->comm);
		json_key(j, "rss_kb");
		if (k->rss_kib)
			json_uint(j, k->rss_kib);
		else
			json_null(j);
		json_kv_str(j, "scope", k->memcg ? "cgroup" : "global");
		json_kv_str(j, "cgroup", k->cgroup[0] ? k->cgroup : NULL);
		json_kv_str(j, "verdict", k->verdict);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_kv_uint(j, "recent", ks->recent);
	json_key(j, "groups");
	json_arr_begin(j);
	for (size_t i = 0; i < ks->n_groups; i++) {
		const struct kill_group *g = &ks->groups[i];
		json_obj_begin(j);
		json_kv_str(j, "comm", g->comm);
		json_kv_str(j, "host", g->host[0] ? g->host : NULL);
		json_kv_str(j, "scope", g->memcg ? "cgroup" : "global");
		json_kv_str(j, "cgroup", g->cgroup[0] ? g->cgroup : NULL);
		json_kv_uint(j, "cgroups", g->n_cgroups);
		json_kv_uint(j, "count", g->count);
		json_kv_int_or_null(j, "first_us", g->first_us);
		json_kv_int_or_null(j, "last_us", g->last_us);
		json_kv_uint(j, "max_rss_kb", g->max_rss_kib);
		json_kv_str(j, "latest_id", s->kills[g->latest].id[0] ? s->kills[g->latest].id : NULL);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

static void render_json(struct strbuf *out, const struct report *r)
{
	const struct audit_snapshot *s = &r->s;
	const struct meminfo *m = &s->mem;
	struct json j;

	json_init(&j, out);
	json_obj_begin(&j);
	json_kv_str(&j, "host", r->host);
	json_kv_str(&j, "kernel", s->kernel_release[0] ? s->kernel_release : NULL);
	json_kv_double(&j, "uptime_s", s->uptime_s);
	json_key(&j, "memory");
	json_obj_begin(&j);
	json_kv_uint(&j, "total_kb", m->mem_total);
	json_kv_uint(&j, "available_kb", meminfo_available_kib(m));
	json_kv_uint(&j, "free_kb", m->mem_free);
	json_kv_uint(&j, "cache_kb", m->cached + m->buffers);
	json_kv_uint(&j, "shmem_kb", m->shmem);
	json_kv_uint(&j, "swap_total_kb", m->swap_total);
	json_kv_uint(&j, "swap_free_kb", m->swap_free);
	json_obj_end(&j);
	psi_json(&j, "pressure", &s->psi);
	json_victims(&j, r);
	json_key(&j, "findings");
	view_findings_json(&j, &r->f);
	json_kills(&j, r);
	json_key(&j, "first_steps");
	json_arr_begin(&j);
	for (size_t i = 0; i < r->n_steps; i++) {
		json_obj_begin(&j);
		json_kv_str(&j, "id", r->steps[i].f->id);
		json_kv_str(&j, "title", r->steps[i].f->title);
		json_kv_str(&j, "command", r->steps[i].command);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "not_visible");
	view_notes_json(&j, s);
	json_obj_end(&j);
	strbuf_addc(out, '\n');
}

/* report --html: the full reports of the kills the snapshot listed, to explain them in the page */
#define REPORT_HTML_EVENTS 20
struct kill_events {
	const struct report *r;
	struct oom_event *ev[REPORT_HTML_EVENTS];
	size_t n;
};

static void keep_listed_kill(struct oom_event *ev, void *userdata)
{
	struct kill_events *k = userdata;
	bool listed = false;

	for (size_t i = 0; i < k->r->s.n_kills && !listed; i++)
		listed = strcmp(k->r->s.kills[i].id, ev->id) == 0;
	for (size_t i = 0; i < k->n && listed; i++)
		listed = strcmp(k->ev[i]->id, ev->id) != 0;         /* one copy of each */
	if (!listed) {
		oom_event_free(ev);
		return;
	}
	if (k->n == REPORT_HTML_EVENTS) {                          /* oldest first: keep the latest */
		oom_event_free(k->ev[0]);
		memmove(k->ev, k->ev + 1, (REPORT_HTML_EVENTS - 1) * sizeof(k->ev[0]));
		k->n--;
	}
	k->ev[k->n++] = ev;
}

static void collect_kill_events(const struct report *r, struct kill_events *k)
{
	struct oom_source_opts so = { .since_us = LOG_TIME_UNKNOWN, .until_us = LOG_TIME_UNKNOWN,
				      .quiet_unreadable = true };
	struct oom_source_status st;
	int64_t oldest = INT64_MAX;

	k->r = r;
	for (size_t i = 0; i < r->s.n_kills; i++)
		if (r->s.kills[i].time_us != INT64_MIN && r->s.kills[i].time_us < oldest)
			oldest = r->s.kills[i].time_us;
	if (r->s.n_kills == 0)
		return;
	if (oldest != INT64_MAX)
		so.since_us = oldest - 60 * 1000000LL;
	memset(&st, 0, sizeof(st));
	(void)oom_sources_collect(&so, keep_listed_kill, k, &st);
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "no-logs", no_argument, NULL, 'n' },
		{ "html", no_argument, NULL, 'H' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	static struct report r;
	bool json = false, logs = true, html = false;
	const char *out_path = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'H':
			html = true;
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'n':
			logs = false;
			break;
		case 'h':
		default:
			return cli_usage_exit(usage, c == 'h');
		}
	}
	if (optind < argc)
		return og_error(argv[optind], "unexpected argument");
	if (json && html)
		return og_error("report", "--json and --html cannot be combined");
	if (out_path && !json && !html)
		return og_error("--output", "goes with --json or --html");

	thresholds_default(&r.th);
	int rc = settings_snapshot_collect(&r.s, SNAP_PROCS | SNAP_CGROUPS | (logs ? SNAP_KILLS : 0),
					   r.th.kill_window_days);
	if (rc < 0)
		return og_error_errno("/proc/meminfo", rc);
	if (sysroot_read_line("/proc/sys/kernel/hostname", r.host, sizeof(r.host)) < 0)
		snprintf(r.host, sizeof(r.host), "?");
	rc = audit_run(&r.s, &r.th, &r.f);
	if (rc == 0)
		rc = kill_summary_build(r.s.kills, r.s.n_kills, KILLS_RECENT, &r.ks);
	r.n_victims = r.s.victims.n < (size_t)r.th.next_victims ? r.s.victims.n : (size_t)r.th.next_victims;
	pick_steps(&r);

	struct kill_events ke = { .n = 0 };
	if (rc == 0 && html && logs)
		collect_kill_events(&r, &ke);

	struct strbuf out;
	strbuf_init(&out);
	if (rc == 0) {
		if (json)
			render_json(&out, &r);
		else if (html)
			report_html_page(&out, &r, ke.ev, ke.n);
		else
			render_text(&out, &r);
	}
	for (size_t i = 0; i < ke.n; i++)
		oom_event_free(ke.ev[i]);
	int status = 0;
	if (rc < 0 || out.failed)
		status = og_error("report", "out of memory");
	else
		status = json || html ? cli_write_output(out_path, out.buf, out.len) : cli_write_text(out_path, out.buf, out.len);
	strbuf_free(&out);
	kill_summary_free(&r.ks);
	findings_free(&r.f);
	audit_snapshot_free(&r.s);
	return status;
}
