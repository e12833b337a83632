/* `oomguard report` (and `oomguard` alone): one screen for this machine: memory and swap now,
 * pressure, the next OOM victims, the findings of `check` by severity, recent OOM kills with a
 * one-line verdict, and what to do first.  Same snapshot and rules as check (findings_view.h);
 * `--json` carries all of it (doc/report-json.md).  Exit status 0, or 1 when it cannot run. */
#include <getopt.h>
#include <langinfo.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd/cli.h"
#include "cmd/findings_view.h"
#include "lib/util/safetext.h"
#include "os/errors.h"
#include "os/settings_snapshot.h"
#include "os/sysroot.h"

#define BAR_WIDTH 30
#define MAX_VICTIMS 16
#define FIRST_STEPS 3

struct report {
	struct audit_snapshot s;
	struct findings f;
	struct audit_thresholds th;
	const struct proc_brief *victims[MAX_VICTIMS];
	size_t n_victims;
	char host[128];
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: oomguard report [--json] [--no-logs]\n\n"
		"One screen for this machine: memory and swap now, memory pressure, the next OOM\n"
		"victims, risky settings by severity, the OOM kills of the last 7 days, and what to\n"
		"do first.  `oomguard check` has each finding in full.\n\n"
		"  --json      everything as JSON (doc/report-json.md)\n"
		"  --no-logs   do not search the kernel logs for past OOM kills\n");
}

static const char *human(char *buf, size_t cap, uint64_t kb)
{
	if (kb >= 1024 * 1024)
		snprintf(buf, cap, "%.1f GiB", kb / 1048576.0);
	else if (kb >= 1024)
		snprintf(buf, cap, "%.0f MiB", kb / 1024.0);
	else
		snprintf(buf, cap, "%llu KiB", (unsigned long long)kb);
	return buf;
}

static const char *duration(char *buf, size_t cap, double s)
{
	if (s >= 86400)
		snprintf(buf, cap, "%.0f d %.0f h", s / 86400 - 0.5 < 0 ? 0 : (double)(long)(s / 86400),
			 (double)((long)s % 86400 / 3600));
	else if (s >= 3600)
		snprintf(buf, cap, "%ld h %ld min", (long)s / 3600, (long)s % 3600 / 60);
	else
		snprintf(buf, cap, "%ld min", (long)s / 60);
	return buf;
}

/* [█████░░░░] in UTF-8 terminals, [#####.....] elsewhere; coloured by how full it is. */
static void bar(struct strbuf *out, double frac)
{
	static int utf8 = -1;
	if (utf8 < 0) {
		const char *cs = nl_langinfo(CODESET);
		utf8 = cs && strcmp(cs, "UTF-8") == 0;
	}
	if (frac < 0)
		frac = 0;
	if (frac > 1)
		frac = 1;
	int fill = (int)(frac * BAR_WIDTH + 0.5);
	const char *sgr = frac >= 0.9 ? "\033[31m" : frac >= 0.7 ? "\033[33m" : "\033[32m";
	strbuf_addf(out, "[%s", cli_sgr(sgr));
	for (int i = 0; i < BAR_WIDTH; i++) {
		if (i == fill)
			strbuf_adds(out, cli_sgr("\033[0;2m"));
		strbuf_adds(out, i < fill ? (utf8 ? "\u2588" : "#") : (utf8 ? "\u2591" : "."));
	}
	strbuf_addf(out, "%s]", cli_sgr("\033[0m"));
}

static void heading(struct strbuf *out, const char *title)
{
	strbuf_addf(out, "\n%s%s%s\n", cli_sgr("\033[1m"), title, cli_sgr("\033[0m"));
}

static void section_memory(struct strbuf *out, const struct report *r)
{
	const struct meminfo *m = &r->s.mem;
	char a[32], b[32], c[32];
	uint64_t avail = meminfo_available_kb(m);
	uint64_t used = m->mem_total > avail ? m->mem_total - avail : 0;

	heading(out, "MEMORY NOW");
	strbuf_adds(out, "  RAM   ");
	bar(out, m->mem_total ? (double)used / m->mem_total : 0);
	strbuf_addf(out, " %s of %s used\n", human(a, sizeof(a), used), human(b, sizeof(b), m->mem_total));
	strbuf_addf(out, "        %s available, %s cache, %s shmem\n", human(a, sizeof(a), avail),
		    human(b, sizeof(b), m->cached + m->buffers), human(c, sizeof(c), m->shmem));
	strbuf_adds(out, "  swap  ");
	if (!m->swap_total) {
		strbuf_adds(out, "none\n");
	} else {
		uint64_t su = m->swap_total > m->swap_free ? m->swap_total - m->swap_free : 0;
		bar(out, (double)su / m->swap_total);
		strbuf_addf(out, " %s of %s used\n", human(a, sizeof(a), su), human(b, sizeof(b), m->swap_total));
	}
	if (r->s.psi.present) {
		const struct psi *p = &r->s.psi;
		strbuf_addf(out, "  pressure  some %5.2f %5.2f %5.2f   full %5.2f %5.2f %5.2f  %s(%% avg10/60/300)%s\n",
			    p->some.avg10, p->some.avg60, p->some.avg300, p->full.avg10, p->full.avg60,
			    p->full.avg300, cli_sgr("\033[2m"), cli_sgr("\033[0m"));
	} else {
		strbuf_adds(out, "  pressure  not available (kernel without PSI)\n");
	}
}

static void section_victims(struct strbuf *out, const struct report *r)
{
	char a[32], name[64];
	heading(out, "NEXT OOM VICTIMS");
	if (!r->s.have_procs) {
		strbuf_adds(out, "  (the process table could not be read)\n");
		return;
	}
	if (!r->n_victims) {
		strbuf_adds(out, "  none: no process can be killed\n");
		return;
	}
	strbuf_addf(out, "  %s #  %7s  %5s  %5s  %9s  %s%s\n", cli_sgr("\033[2m"), "PID", "SCORE",
		    "ADJ", "RSS", "NAME (UNIT)", cli_sgr("\033[0m"));
	for (size_t i = 0; i < r->n_victims; i++) {
		const struct proc_brief *p = r->victims[i];
		struct strbuf nm;
		strbuf_init(&nm);
		view_text(&nm, p->comm);
		if (p->unit[0]) {
			strbuf_adds(&nm, " (");
			view_text(&nm, p->unit);
			strbuf_adds(&nm, ")");
		}
		snprintf(name, sizeof(name), "%s", nm.buf ? nm.buf : "");
		if (strlen(name) > 36)
			strcpy(name + 33, "...");
		strbuf_free(&nm);
		bool svc = audit_is_critical_service(p->comm) && p->oom_score_adj >= 0;
		strbuf_addf(out, "  %2zu  %7d  %5d  %5d  %9s  %s%s%s\n", i + 1, (int)p->pid, p->oom_score,
			    p->oom_score_adj, human(a, sizeof(a), p->rss_kb), svc ? cli_sgr("\033[33m") : "",
			    name, svc ? cli_sgr("\033[0m") : "");
	}
}

static void section_findings(struct strbuf *out, const struct report *r)
{
	const struct findings *f = &r->f;
	char head[96];
	snprintf(head, sizeof(head), "FINDINGS  %zu critical, %zu warning%s, %zu info",
		 findings_count(f, SEV_CRIT), findings_count(f, SEV_WARN),
		 findings_count(f, SEV_WARN) == 1 ? "" : "s", findings_count(f, SEV_INFO));
	heading(out, head);
	if (!f->n) {
		strbuf_adds(out, "  nothing found\n");
		return;
	}
	for (size_t i = 0; i < f->n; i++) {
		strbuf_adds(out, "  ");
		view_severity(out, f->v[i].sev);
		strbuf_adds(out, " ");
		view_wrap(out, f->v[i].title, 11, 11, VIEW_WIDTH);
		strbuf_addc(out, '\n');
	}
}

static void section_kills(struct strbuf *out, const struct report *r)
{
	const struct audit_snapshot *s = &r->s;
	char head[64], when[32];
	snprintf(head, sizeof(head), "OOM KILLS, LAST %.0f DAYS", r->th.kill_window_days);
	heading(out, head);
	if (s->kills_searched) {
		if (!s->n_kills)
			strbuf_adds(out, "  none in the kernel logs\n");
		for (size_t i = 0; i < s->n_kills; i++) {
			const struct oom_kill_brief *k = &s->kills[i];
			if (k->time_us != INT64_MIN) {
				time_t t = (time_t)(k->time_us / 1000000);
				struct tm tm;
				localtime_r(&t, &tm);
				strftime(when, sizeof(when), "%m-%d %H:%M", &tm);
			} else {
				snprintf(when, sizeof(when), "%-11s", "(no time)");
			}
			struct strbuf line;
			strbuf_init(&line);
			char name[24];
			safetext_terminal_buf(name, sizeof(name), k->comm);
			strbuf_addf(&line, "%s  %-6s %7d  %-20s  %s", when, k->memcg ? "cgroup" : "global",
				    (int)k->pid, name, k->verdict);
			strbuf_adds(out, "  ");
			strbuf_add(out, line.buf, line.len);
			strbuf_addc(out, '\n');
			strbuf_free(&line);
		}
	} else {
		strbuf_adds(out, "  ");
		view_wrap(out, s->kills_note[0] ? s->kills_note : "the kernel logs were not searched", 2, 2,
			  VIEW_WIDTH);
		strbuf_addc(out, '\n');
	}
	if (s->have_vmstat && (s->vm.has & VMSTAT_HAS_OOM_KILL)) {
		char up[32];
		strbuf_addf(out, "  %llu OOM kill%s since boot (up %s), counted by the kernel\n",
			    (unsigned long long)s->vm.oom_kill, s->vm.oom_kill == 1 ? "" : "s",
			    duration(up, sizeof(up), s->uptime_s));
	}
}

/* The first lines of the most severe findings' fixes. */
static void section_first(struct strbuf *out, const struct report *r)
{
	const struct findings *f = &r->f;
	size_t shown = 0;
	heading(out, "WHAT TO DO FIRST");
	for (size_t i = 0; i < f->n && shown < FIRST_STEPS; i++) {
		const struct finding *x = &f->v[i];
		if (x->sev == SEV_INFO)
			break;
		char step[sizeof(x->fix)];
		snprintf(step, sizeof(step), "%.*s", (int)strcspn(x->fix, "\n"), x->fix);
		strbuf_addf(out, "  %zu. ", ++shown);
		view_wrap(out, step, 5, 5, VIEW_WIDTH);
		strbuf_addf(out, "\n     %s(%s: oomguard check)%s\n", cli_sgr("\033[2m"), x->id, cli_sgr("\033[0m"));
	}
	if (!shown)
		strbuf_adds(out, "  nothing urgent; `oomguard check` lists the details\n");
}

static void render_text(struct strbuf *out, const struct report *r)
{
	char up[32];
	strbuf_addf(out, "%soomguard report%s  ", cli_sgr("\033[1m"), cli_sgr("\033[0m"));
	view_text(out, r->host);
	if (r->s.kernel_release[0]) {
		strbuf_adds(out, "  kernel ");
		view_text(out, r->s.kernel_release);
	}
	if (r->s.uptime_s > 0)
		strbuf_addf(out, "  up %s", duration(up, sizeof(up), r->s.uptime_s));
	strbuf_addc(out, '\n');
	section_memory(out, r);
	section_victims(out, r);
	section_findings(out, r);
	section_kills(out, r);
	section_first(out, r);
	view_notes_text(out, &r->s);
}

static void json_psi_line(struct json *j, const char *key, const struct psi_line *l)
{
	json_key(j, key);
	if (!l->present) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	json_kv_double(j, "avg10", l->avg10);
	json_kv_double(j, "avg60", l->avg60);
	json_kv_double(j, "avg300", l->avg300);
	json_kv_uint(j, "total_us", l->total_us);
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
	json_kv_uint(&j, "available_kb", meminfo_available_kb(m));
	json_kv_uint(&j, "free_kb", m->mem_free);
	json_kv_uint(&j, "cache_kb", m->cached + m->buffers);
	json_kv_uint(&j, "shmem_kb", m->shmem);
	json_kv_uint(&j, "swap_total_kb", m->swap_total);
	json_kv_uint(&j, "swap_free_kb", m->swap_free);
	json_obj_end(&j);
	json_key(&j, "pressure");
	if (s->psi.present) {
		json_obj_begin(&j);
		json_psi_line(&j, "some", &s->psi.some);
		json_psi_line(&j, "full", &s->psi.full);
		json_obj_end(&j);
	} else {
		json_null(&j);
	}
	json_key(&j, "next_victims");
	json_arr_begin(&j);
	for (size_t i = 0; i < r->n_victims; i++) {
		const struct proc_brief *p = r->victims[i];
		json_obj_begin(&j);
		json_kv_int(&j, "rank", (int64_t)i + 1);
		json_kv_int(&j, "pid", p->pid);
		json_kv_str(&j, "comm", p->comm);
		json_kv_str(&j, "unit", p->unit[0] ? p->unit : NULL);
		json_kv_int(&j, "oom_score", p->oom_score);
		json_kv_int(&j, "oom_score_adj", p->oom_score_adj);
		json_kv_uint(&j, "rss_kb", p->rss_kb);
		json_kv_uint(&j, "swap_kb", p->swap_kb);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "findings");
	view_findings_json(&j, &r->f);
	json_key(&j, "oom_kills");
	json_obj_begin(&j);
	json_kv_double(&j, "window_days", r->th.kill_window_days);
	json_kv_bool(&j, "logs_searched", s->kills_searched);
	json_kv_str(&j, "logs_note", s->kills_note[0] ? s->kills_note : NULL);
	json_key(&j, "since_boot");
	if (s->have_vmstat && (s->vm.has & VMSTAT_HAS_OOM_KILL))
		json_uint(&j, s->vm.oom_kill);
	else
		json_null(&j);
	json_key(&j, "kills");
	json_arr_begin(&j);
	for (size_t i = 0; i < s->n_kills; i++) {
		const struct oom_kill_brief *k = &s->kills[i];
		json_obj_begin(&j);
		json_key(&j, "time_us");
		if (k->time_us == INT64_MIN)
			json_null(&j);
		else
			json_int(&j, k->time_us);
		json_kv_int(&j, "pid", k->pid);
		json_kv_str(&j, "comm", k->comm);
		json_kv_str(&j, "scope", k->memcg ? "cgroup" : "global");
		json_kv_str(&j, "verdict", k->verdict);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_key(&j, "first_steps");
	json_arr_begin(&j);
	for (size_t i = 0, n = 0; i < r->f.n && n < FIRST_STEPS && r->f.v[i].sev != SEV_INFO; i++, n++) {
		json_obj_begin(&j);
		json_kv_str(&j, "id", r->f.v[i].id);
		char step[sizeof(r->f.v[i].fix)];
		snprintf(step, sizeof(step), "%.*s", (int)strcspn(r->f.v[i].fix, "\n"), r->f.v[i].fix);
		json_kv_str(&j, "step", step);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "not_visible");
	view_notes_json(&j, s);
	json_obj_end(&j);
	strbuf_addc(out, '\n');
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "no-logs", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	static struct report r;
	bool json = false, logs = true;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'n':
			logs = false;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc)
		return og_error(argv[optind], "unexpected argument");

	thresholds_default(&r.th);
	int rc = settings_snapshot_collect(&r.s, SNAP_PROCS | SNAP_CGROUPS | (logs ? SNAP_KILLS : 0),
					   r.th.kill_window_days);
	if (rc < 0)
		return og_error_errno("/proc/meminfo", rc);
	if (sysroot_read_line("/proc/sys/kernel/hostname", r.host, sizeof(r.host)) < 0)
		snprintf(r.host, sizeof(r.host), "?");
	rc = audit_run(&r.s, &r.th, &r.f);
	r.n_victims = audit_next_victims(&r.s, r.victims, (size_t)r.th.next_victims < MAX_VICTIMS ?
					 (size_t)r.th.next_victims : MAX_VICTIMS);

	struct strbuf out;
	strbuf_init(&out);
	if (json)
		render_json(&out, &r);
	else
		render_text(&out, &r);
	int status = 0;
	if (rc < 0 || out.failed)
		status = og_error("report", "out of memory");
	else
		status = cli_write_stdout(out.buf, out.len);
	strbuf_free(&out);
	findings_free(&r.f);
	audit_snapshot_free(&r.s);
	return status;
}
