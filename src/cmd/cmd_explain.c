/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `oomguard explain`: the whole story of one OOM event - what was killed and why the kernel chose
 * it, what asked for memory, where the memory was (bar chart), the largest consumers, the verdict
 * with evidence and confidence, and next steps.  Events come from os/oom_sources (the machine's
 * logs or named files); the parsing and the diagnosis are lib/oomreport.  --json: doc/explain-json.md.
 * The oomguard daemon's actions (ids "og...", os/daemon_history) are told from their event-log line
 * and kill snapshot (cmd/daemon_view), each beside the other side's events near that time. */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/kills_view.h"
#include "cmd/daemon_view.h"
#include "cmd/explain_daemon.h"
#include "cmd/explain_html.h"
#include "cmd/explain_words.h"
#include "lib/oomreport/diagnose.h"
#include "lib/oomreport/oom_analysis.h"
#include "lib/oomreport/oom_event.h"
#include "lib/oomreport/oom_event_json.h"
#include "lib/util/json.h"
#include "lib/util/safetext.h"
#include "lib/util/strbuf.h"
#include "lib/util/units.h"
#include "cmd/errors.h"
#include "cmd/log_problems.h"
#include "os/logs/oom_sources.h"


struct pick {
	const char *id;             /* wanted id or prefix, NULL = the last event */
	bool kernel_pick;           /* false: only look for events near near_us */
	struct oom_event *chosen;
	unsigned n_events, n_matches;
	int64_t near_us;            /* a daemon action's time: its kernel neighbours go to near */
	struct nearby_list near;
};


static void usage(FILE *f)
{
	fprintf(f,
		"Usage: oomguard explain [--json | --html [-o OUT]] [--event-log FILE]\n"
		"                        [ID | --last] [FILE...]\n\n"
		"Tells the story of one OOM event: what was killed and why the kernel chose it,\n"
		"what asked for memory, where the memory was, the largest consumers, the likely\n"
		"cause with its evidence and confidence, and what to do next.  A pasted fork()\n"
		"failure (no OOM kill) is pointed to the task-limit findings of `oomguard check`.\n\n"
		"  ID        an event id as `oomguard events` shows it (a unique prefix is\n"
		"            enough); ids starting \"og\" are the oomguard daemon's actions, told\n"
		"            from its event log and kill snapshot beside the kernel's OOM kills\n"
		"            of that time\n"
		"  --last    the most recent event, the kernel's or the daemon's (the default)\n"
		"  FILE      read the report from FILE (dmesg, syslog, journalctl output, .gz)\n"
		"            or \"-\" for standard input, instead of this machine's logs\n"
		"  --json    the event and the diagnosis as one JSON object (doc/explain-json.md)\n"
		"  --html    one self-contained HTML page: the story, then charts with their tables\n"
		"            (no script, no network; the same numbers as --json)\n"
		"  -o, --output OUT  write to OUT instead of standard output (replaced whole)\n"
		"  --event-log FILE  the daemon's event log (default: where the daemon writes it)\n"
		"  -h, --help\n\n"
		"Exit status: 0; 1 on an error (a FILE that cannot be read is named, the\n"
		"others are still read); 2 on a usage error; 3 when no log source could be\n"
		"read at all (e.g. not root).\n");
}

static bool looks_like_id(const char *s)
{
	size_t n = strlen(s);
	if (n < 4 || n > OOM_ID_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* "og" and hex digits: one of the daemon's ids (or a prefix of one). */
static bool looks_like_daemon_id(const char *s)
{
	return strncasecmp(s, "og", 2) == 0 && strlen(s) >= 4 && strlen(s) <= DAEMON_EVENT_ID_LEN &&
	       strspn(s + 2, "0123456789abcdefABCDEF") == strlen(s + 2);
}

static void on_event(struct oom_event *ev, void *userdata)
{
	struct pick *p = userdata;

	if (nearby_in_window(ev->realtime_us, p->near_us)) {
		struct nearby n = { .realtime_us = ev->realtime_us, .pid = ev->has_victim ? ev->victim.pid : -1 };
		snprintf(n.id, sizeof(n.id), "%s", ev->id);
		snprintf(n.comm, sizeof(n.comm), "%s", ev->has_victim ? ev->victim.comm : "");
		snprintf(n.what, sizeof(n.what), "%s", oom_kind_name(ev->kind));
		nearby_add(&p->near, &n);
	}
	if (!p->kernel_pick) {
		oom_event_free(ev);
		return;
	}
	p->n_events++;
	if (p->id && strncasecmp(ev->id, p->id, strlen(p->id)) != 0) {
		oom_event_free(ev);
		return;
	}
	p->n_matches += p->id != NULL;
	if (p->id && p->chosen && strcmp(p->chosen->id, ev->id) == 0) {
		oom_event_free(ev);         /* the same kill seen twice: keep the first */
		p->n_matches--;
		return;
	}
	oom_event_free(p->chosen);
	p->chosen = ev;                 /* sources hand events oldest first: the last one stays */
}

/* ---------- text helpers ---------- */

static void add_text(struct strbuf *sb, const char *s)
{
	safetext_terminal(sb, s, strlen(s));
}

static void heading(struct strbuf *sb, const char *title)
{
	strbuf_addf(sb, "\n%s%s%s\n", cli_sgr("\033[1m"), title, cli_sgr("\033[0m"));
}

static void header_part(struct strbuf *sb, const struct oom_event *ev)
{
	char when[64] = "time unknown";

	if (ev->realtime_us != LOG_TIME_UNKNOWN) {
		time_t t = (time_t)(ev->realtime_us / 1000000);
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	} else if (ev->monotonic_us != LOG_TIME_UNKNOWN) {
		snprintf(when, sizeof(when), "%lld.%06llds after boot", (long long)(ev->monotonic_us / 1000000),
			 (long long)(ev->monotonic_us % 1000000));
	}
	strbuf_addf(sb, "%sOOM event %s%s  %s", cli_sgr("\033[1m"), ev->id, cli_sgr("\033[0m"), when);
	if (ev->host[0]) {
		strbuf_adds(sb, " on ");
		add_text(sb, ev->host);
	}
	if (ev->source[0]) {
		strbuf_adds(sb, "  (");
		add_text(sb, ev->source);
		if (ev->first_line)
			strbuf_addf(sb, " line %llu", (unsigned long long)ev->first_line);
		strbuf_adds(sb, ")");
	}
	strbuf_addf(sb, "\n%s", explain_kind_text(ev));
	if (ev->constraint != OOM_CONSTRAINT_UNKNOWN)
		strbuf_addf(sb, ", %s", oom_event_constraint(ev));
	strbuf_adds(sb, "\n");
	if (ev->incomplete)
		strbuf_addf(sb, "%sIncomplete report:%s lines were lost or it was cut off; only what it shows is used.\n",
			    cli_sgr("\033[33m"), cli_sgr("\033[0m"));
	if (!ev->kernel_proven)
		strbuf_addf(sb, "%sUnproven:%s read from a plain log file, where anyone who can write to the log could forge it.\n",
			    cli_sgr("\033[33m"), cli_sgr("\033[0m"));
}

static void victim_part(struct strbuf *sb, const struct oom_event *ev, const struct oom_diagnosis *d)
{
	const struct oom_victim *v = &ev->victim;
	char a[32], f[32], s[32], pt[32];

	heading(sb, "What was killed");
	if (ev->kind == OOM_KIND_USERSPACE) {       /* no kernel report: the killer's record is all */
		if (ev->has_victim) {
			strbuf_addf(sb, "  %s", cli_sgr("\033[1m"));
			add_text(sb, v->comm);
			strbuf_addf(sb, "%s (pid %lld)\n", cli_sgr("\033[0m"), (long long)v->pid);
		}
		kills_explain(sb, ev);
		return;
	}
	if (!ev->has_victim) {
		strbuf_adds(sb, ev->kind == OOM_KIND_ALLOC_FAILURE ? "  Nothing: the allocation failed and its caller got an error.\n"
			    : ev->kind == OOM_KIND_NO_KILLABLE || ev->kind == OOM_KIND_PANIC ? "  Nothing: no process was killed.\n"
			    : "  The report does not show the kill (it is incomplete).\n");
		if (ev->panic) {
			strbuf_adds(sb, "  The kernel panicked: ");
			add_text(sb, ev->panic_msg);
			strbuf_adds(sb, "\n");
		}
		return;
	}
	units_size_kib(a, sizeof(a), v->anon_rss_kib, SIZE_LONG);
	units_size_kib(f, sizeof(f), v->file_rss_kib, SIZE_LONG);
	units_size_kib(s, sizeof(s), v->shmem_rss_kib, SIZE_LONG);
	strbuf_addf(sb, "  %s", cli_sgr("\033[1m"));
	add_text(sb, v->comm);
	strbuf_addf(sb, "%s (pid %lld", cli_sgr("\033[0m"), (long long)v->pid);
	if (oom_isset(v->uid))
		strbuf_addf(sb, ", uid %lld", (long long)v->uid);
	strbuf_addf(sb, "): resident %s anon, %s file, %s shmem", a, f, s);
	if (oom_isset(v->pgtables_kib)) {
		units_size_kib(pt, sizeof(pt), v->pgtables_kib, SIZE_LONG);
		strbuf_addf(sb, ", page tables %s", pt);
	}
	strbuf_adds(sb, "\n");
	if (v->reaped)
		strbuf_adds(sb, "  The oom_reaper freed its memory right away.\n");
	else if (v->reap_failed)
		strbuf_adds(sb, "  The oom_reaper could not free its memory (the process was stuck in the kernel).\n");
	if (v->n_killed > 1)
		strbuf_addf(sb, "  %u processes were killed in all%s.\n", v->n_killed,
			    ev->oom_group ? " (memory.oom.group: the whole cgroup goes together)" : "");
	kills_explain(sb, ev);

	strbuf_adds(sb, "  Why this one: ");
	if (ev->allocating_task) {
		strbuf_adds(sb, "vm.oom_kill_allocating_task=1 makes the kernel kill the process that asked for memory.\n");
		return;
	}
	/* one line: the output is wrapped to the terminal as a whole */
	strbuf_adds(sb, "the OOM killer takes the eligible process with the highest badness "
		    "(resident memory + swap + page tables, shifted by oom_score_adj)");
	if (ev->kind == OOM_KIND_MEMCG_OOM && ev->memcg.oom_memcg[0]) {
		strbuf_adds(sb, " among the processes of ");
		add_text(sb, ev->memcg.oom_memcg);
	}
	strbuf_adds(sb, ".");
	if (oom_isset(v->score))
		strbuf_addf(sb, "\n  Its score was %lld.", (long long)v->score);
	if (oom_isset(v->oom_score_adj) && v->oom_score_adj != 0)
		strbuf_addf(sb, "\n  Its oom_score_adj of %+lld %s.", (long long)v->oom_score_adj,
			    v->oom_score_adj > 0 ? "made it a preferred target" : "protected it somewhat");
	const struct oom_task_table *t = &ev->tasks;
	if (t->n_top > 0) {
		if (t->top[0].pid == v->pid)
			strbuf_adds(sb, "\n  It was the largest process in the task table.");
		else if (oom_isset(t->top[0].oom_score_adj) && t->top[0].oom_score_adj < 0) {
			strbuf_adds(sb, "\n  The larger ");
			add_text(sb, t->top[0].name);
			strbuf_addf(sb, " was spared by its oom_score_adj of %lld.", (long long)t->top[0].oom_score_adj);
		}
	}
	strbuf_adds(sb, "\n");
	(void)d;
}

static void trigger_part(struct strbuf *sb, const struct oom_event *ev)
{
	const struct oom_trigger *t = &ev->trigger;
	const char *names = t->gfp_flags[0] ? t->gfp_flags : t->gfp_decoded;

	heading(sb, "What asked for memory");
	if (!t->comm[0] && !oom_isset(t->gfp_mask)) {
		strbuf_adds(sb, "  Not shown: the start of the report is missing.\n");
		return;
	}
	strbuf_adds(sb, "  ");
	add_text(sb, t->comm[0] ? t->comm : "(a task the report does not name)");
	if (oom_isset(t->pid))
		strbuf_addf(sb, " (pid %lld)", (long long)t->pid);
	if (oom_isset(t->order)) {
		if (t->order < 0)
			strbuf_adds(sb, " ran the OOM killer by hand (SysRq-f)");
		else
			strbuf_addf(sb, " asked for an order-%lld block (%lld contiguous page%s)", (long long)t->order,
				    1LL << (t->order > 20 ? 20 : t->order), t->order ? "s" : "");
	}
	if (oom_isset(t->gfp_mask)) {
		strbuf_addf(sb, " with gfp_mask %#llx", (unsigned long long)t->gfp_mask);
		if (names[0]) {
			strbuf_adds(sb, " (");
			add_text(sb, names);
			strbuf_adds(sb, t->gfp_flags[0] ? ")" : ", decoded)");
		}
	}
	strbuf_adds(sb, ".\n");
	const char *plain = names[0] ? explain_gfp_plain(ev, names) : NULL;
	if (plain)
		strbuf_addf(sb, "  That is %s.\n", plain);
	if (t->cpuset[0] || t->mems_allowed[0]) {
		strbuf_adds(sb, "  cpuset ");
		add_text(sb, t->cpuset[0] ? t->cpuset : "?");
		strbuf_adds(sb, ", mems_allowed ");
		add_text(sb, t->mems_allowed[0] ? t->mems_allowed : "?");
		strbuf_adds(sb, "\n");
	}
	if (ev->has_victim && oom_isset(t->pid) && t->pid != ev->victim.pid)
		strbuf_adds(sb, "  The requester only found memory exhausted: it is not necessarily the culprit.\n");
}

static void bar_row(struct strbuf *sb, const char *label, int64_t kb, int64_t total, const char *color)
{
	if (!oom_isset(kb) || kb < 0)
		return;
	cli_bar_row(sb, label, (uint64_t)kb, total > 0 ? (uint64_t)total : 0, color);
}

static void memory_part(struct strbuf *sb, const struct oom_event *ev, const struct oom_diagnosis *d)
{
	const struct oom_breakdown *b = &d->mem;
	char total[32];

	if (!oom_isset(b->total_kib) || b->total_kib <= 0) {
		heading(sb, "Where the memory was");
		strbuf_adds(sb, "  The report has no memory summary (no Mem-Info or cgroup usage lines).\n");
		return;
	}
	units_size_kib(total, sizeof(total), b->total_kib, SIZE_LONG);
	if (b->memcg) {
		char title[160];
		snprintf(title, sizeof(title), "Where the memory was (cgroup limit %s)", total);
		heading(sb, title);
	} else {
		char title[96];
		snprintf(title, sizeof(title), "Where the memory was (RAM %s)", total);
		heading(sb, title);
	}
	bar_row(sb, "anon", b->anon_kib, b->total_kib, "\033[31m");
	bar_row(sb, "file cache", b->file_kib, b->total_kib, "\033[32m");
	bar_row(sb, "shmem/tmpfs", b->shmem_kib, b->total_kib, "\033[35m");
	bar_row(sb, "slab", b->slab_kib, b->total_kib, "\033[33m");
	bar_row(sb, "page tables", b->pagetables_kib, b->total_kib, "\033[33m");
	bar_row(sb, "kernel stacks", b->kernel_stack_kib, b->total_kib, "\033[33m");
	if (oom_isset(b->hugetlb_kib) && b->hugetlb_kib > 0)
		bar_row(sb, "hugetlb pool", b->hugetlb_kib, b->total_kib, "\033[36m");
	bar_row(sb, "free", b->free_kib, b->total_kib, "\033[34m");
	bar_row(sb, "unaccounted", b->unaccounted_kib, b->total_kib, "\033[90m");
	if (!b->memcg && oom_isset(ev->mem.swap_total_kib)) {
		char st[32], sf[32];
		units_size_kib(st, sizeof(st), ev->mem.swap_total_kib, SIZE_LONG);
		units_size_kib(sf, sizeof(sf), ev->mem.swap_free_kib, SIZE_LONG);
		strbuf_addf(sb, "  swap: %s total, %s free\n", st, sf);
	}
}

static void consumer_row(struct strbuf *sb, const struct oom_task_table *t, const struct oom_task_group *g,
			 int64_t pk)
{
	char rss[32], anon[32], swap[32];
	size_t before = sb->len;

	strbuf_adds(sb, "  ");
	add_text(sb, g->name[0] ? g->name : "(all others)");
	for (size_t w = sb->len - before; w < 22; w++)
		strbuf_addc(sb, ' ');
	units_size_kib(rss, sizeof(rss), g->rss * pk, SIZE_LONG);
	units_size_kib(anon, sizeof(anon), oom_isset(g->rss_anon) ? g->rss_anon * pk : OOM_UNSET, SIZE_LONG);
	units_size_kib(swap, sizeof(swap), g->swapents * pk, SIZE_LONG);
	strbuf_addf(sb, " %7llu %11s %11s %11s", (unsigned long long)g->count, rss, swap,
		    t->has_rss_split ? anon : "");
	if (g->victim || g->trigger)
		strbuf_addf(sb, "  <- %s", g->victim && g->trigger ? "victim, trigger" : g->victim ? "victim" : "trigger");
	if (g->partial)
		strbuf_adds(sb, " (more rows of this name may be among all others)");
	strbuf_adds(sb, "\n");
}

/* The largest names, the victim's and the trigger's always; the rest summed in one row. */
static void consumers_part(struct strbuf *sb, const struct oom_event *ev, int64_t pk)
{
	const struct oom_task_table *t = &ev->tasks;
	struct oom_task_group others = { .rss_anon = OOM_UNSET };
	char rss[32];
	bool others_anon = true;

	heading(sb, "Largest consumers (from the task table, by resident memory + swap)");
	if (!t->present || t->n_rows == 0) {
		strbuf_adds(sb, "  No task table in the report (vm.oom_dump_tasks=0, or lines lost).\n");
		return;
	}
	strbuf_addf(sb, "  %-20s %7s %11s %11s %11s\n", "NAME", "PROCS", "RSS", "SWAP", t->has_rss_split ? "ANON" : "");
	size_t shown = 0;
	for (size_t i = 0; i < t->n_groups; i++) {
		const struct oom_task_group *g = &t->groups[i];
		if (g->name[0] && (shown < 10 || g->victim || g->trigger)) {
			consumer_row(sb, t, g, pk);
			shown++;
			continue;
		}
		others.count += g->count;
		others.rss += g->rss;
		others.swapents += g->swapents;
		if (oom_isset(g->rss_anon) && others_anon)
			others.rss_anon = (oom_isset(others.rss_anon) ? others.rss_anon : 0) + g->rss_anon;
		else
			others_anon = false;
	}
	if (!others_anon)
		others.rss_anon = OOM_UNSET;
	if (others.count)
		consumer_row(sb, t, &others, pk);
	units_size_kib(rss, sizeof(rss), t->sum_rss * pk, SIZE_LONG);
	strbuf_addf(sb, "  %llu process%s, %s resident in all (shared pages count once per process)\n",
		    (unsigned long long)t->n_rows, t->n_rows == 1 ? "" : "es", rss);
}

static void analysis_line(struct strbuf *sb, const char *label, const char *text)
{
	strbuf_addf(sb, "  %s%s:%s ", cli_sgr("\033[1m"), label, cli_sgr("\033[0m"));
	add_text(sb, text);
	strbuf_adds(sb, "\n");
}

/* The analyses of lib/oomreport/oom_analysis.h, one line each, then the zones checked. */
static void analyses_part(struct strbuf *sb, const struct oom_analysis *a)
{
	heading(sb, "Analyses");
	analysis_line(sb, "Kind", a->mode.text);
	analysis_line(sb, "Memory in use", a->usage.text);
	analysis_line(sb, "Swap", a->swap.text);
	analysis_line(sb, "Watermarks", a->wmark.text);
	if (a->wmark.n_zones) {
		strbuf_addf(sb, "    zones usable by the request (highest zone %s%s, nodes: %s, order %lld%s):\n",
			    a->use.requested_zone, a->use.zone_from_gfp ? " from the GFP mask" : ", assumed",
			    a->use.nodes_from, (long long)a->use.order,
			    a->use.high_priority ? ", __GFP_HIGH halves min" : "");
		strbuf_addf(sb, "    %-16s %12s %12s %12s %12s %12s  %s\n", "NODE ZONE", "FREE kB", "MIN kB",
			    "LOW kB", "HIGH kB", "RESERVE kB", "LEVEL");
		for (size_t i = 0; i < a->wmark.n_zones; i++) {
			const struct oom_wmark_zone *z = &a->wmark.zones[i];
			char nz[40];
			snprintf(nz, sizeof(nz), "%d %s", z->node, z->name);
			strbuf_addf(sb, "    %-16s %12lld %12lld %12lld %12lld %12lld  %s\n", nz, (long long)z->free_kib,
				    (long long)z->min_kib, (long long)z->low_kib,
				    (long long)(oom_isset(z->high_kib) ? z->high_kib : 0), (long long)z->reserve_kib, z->level);
		}
	}
	analysis_line(sb, "Fragmentation", a->frag.text);
}

static void verdict_part(struct strbuf *sb, const struct oom_diagnosis *d)
{
	heading(sb, "Verdict");
	strbuf_addf(sb, "  %s", cli_sgr("\033[1m"));
	add_text(sb, d->verdict);
	strbuf_addf(sb, "%s  [confidence: %s]\n", cli_sgr("\033[0m"), oom_confidence_name(d->confidence));
	for (size_t i = 0; i < d->n_evidence; i++) {
		strbuf_adds(sb, "  - ");
		add_text(sb, d->evidence[i]);
		strbuf_adds(sb, "\n");
	}
	heading(sb, "Next steps");
	for (size_t i = 0; i < d->n_next_steps; i++) {
		strbuf_addf(sb, "  %zu. ", i + 1);
		add_text(sb, d->next_steps[i]);
		strbuf_adds(sb, "\n");
	}
}

static void explain_text(struct strbuf *sb, const struct oom_event *ev, const struct oom_diagnosis *d)
{
	int64_t pk = oom_isset(ev->mem.page_size_kib) && ev->mem.page_size_kib > 0 ? ev->mem.page_size_kib : 4;

	header_part(sb, ev);
	victim_part(sb, ev, d);
	if (ev->kind == OOM_KIND_USERSPACE)     /* no kernel report: nothing more to tell from it */
		return;
	trigger_part(sb, ev);
	memory_part(sb, ev, d);
	consumers_part(sb, ev, pk);
	struct oom_analysis a;
	oom_analyse(ev, &a);
	analyses_part(sb, &a);
	verdict_part(sb, d);
}

static void nearby_actions_json(struct json *j, const struct nearby_list *l, int64_t t)
{
	json_arr_begin(j);
	for (size_t i = 0; i < l->n; i++) {
		json_obj_begin(j);
		json_kv_str(j, "id", l->v[i].id);
		json_kv_str(j, "action", l->v[i].what);
		json_kv_int(j, "realtime_us", l->v[i].realtime_us);
		json_kv_double(j, "seconds_after", (double)(l->v[i].realtime_us - t) / 1e6);
		json_key(j, "victim");
		if (l->v[i].pid >= 0) {
			json_obj_begin(j);
			json_kv_int(j, "pid", l->v[i].pid);
			json_kv_str(j, "comm", l->v[i].comm);
			json_obj_end(j);
		} else {
			json_null(j);
		}
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void explain_json(struct strbuf *sb, const struct oom_event *ev, const struct oom_diagnosis *d,
			 unsigned n_events, const struct nearby_list *daemon_near)
{
	struct json j;
	const struct oom_breakdown *b = &d->mem;

	json_init(&j, sb);
	json_obj_begin(&j);
	json_kv_uint(&j, "events_read", n_events);
	json_key(&j, "daemon_events_nearby");
	if (daemon_near)
		nearby_actions_json(&j, daemon_near, ev->realtime_us);
	else
		json_null(&j);
	json_key(&j, "event");
	oom_event_json(&j, ev, true);
	json_key(&j, "diagnosis");
	json_obj_begin(&j);
	json_kv_str(&j, "cause", oom_cause_name(d->cause));
	json_kv_str(&j, "confidence", oom_confidence_name(d->confidence));
	json_kv_str(&j, "verdict", d->verdict);
	json_key(&j, "evidence");
	json_arr_begin(&j);
	for (size_t i = 0; i < d->n_evidence; i++)
		json_str(&j, d->evidence[i]);
	json_arr_end(&j);
	json_key(&j, "next_steps");
	json_arr_begin(&j);
	for (size_t i = 0; i < d->n_next_steps; i++)
		json_str(&j, d->next_steps[i]);
	json_arr_end(&j);
	json_key(&j, "memory_kb");
	json_obj_begin(&j);
	json_kv_str(&j, "scope", b->memcg ? "memcg" : "machine");
	json_kv_int_or_null(&j, "total", b->total_kib);
	json_kv_int_or_null(&j, "anon", b->anon_kib);
	json_kv_int_or_null(&j, "file", b->file_kib);
	json_kv_int_or_null(&j, "shmem", b->shmem_kib);
	json_kv_int_or_null(&j, "slab", b->slab_kib);
	json_kv_int_or_null(&j, "pagetables", b->pagetables_kib);
	json_kv_int_or_null(&j, "kernel_stack", b->kernel_stack_kib);
	json_kv_int_or_null(&j, "hugetlb", b->hugetlb_kib);
	json_kv_int_or_null(&j, "free", b->free_kib);
	json_kv_int_or_null(&j, "unaccounted", b->unaccounted_kib);
	json_obj_end(&j);
	json_obj_end(&j);
	struct oom_analysis a;
	oom_analyse(ev, &a);
	json_key(&j, "analysis");
	oom_analysis_json(&j, &a);
	json_obj_end(&j);
	strbuf_addc(sb, '\n');
}

/* Hang signs (hung tasks, RCU stalls, soft lockups) within 30 minutes of the event; in named
 * input without usable times, any hang sign in that input counts. */
static bool hang_near(const struct oom_source_status *st, const struct oom_event *ev, bool named)
{
	const int64_t window_us = 30LL * 60 * 1000000;
	int64_t a = LOG_TIME_UNKNOWN, b = LOG_TIME_UNKNOWN;

	if (!st->hang_signs)
		return false;
	if (st->hang_realtime_us != LOG_TIME_UNKNOWN && ev->realtime_us != LOG_TIME_UNKNOWN)
		a = st->hang_realtime_us, b = ev->realtime_us;
	else if (st->hang_monotonic_us != LOG_TIME_UNKNOWN && ev->monotonic_us != LOG_TIME_UNKNOWN)
		a = st->hang_monotonic_us, b = ev->monotonic_us;
	else
		return named;
	return (a > b ? a - b : b - a) <= window_us;
}

static void add_hang_signs(struct oom_diagnosis *d, const struct oom_source_status *st)
{
	if (d->n_evidence < OOM_DIAG_LINES)
		snprintf(d->evidence[d->n_evidence++], OOM_DIAG_LINE_MAX,
			 "the machine hung near this OOM (%llu kernel line%s like \"%.100s\")",
			 (unsigned long long)st->hang_signs, st->hang_signs == 1 ? "" : "s", st->hang_text);
	for (size_t i = 0; i < d->n_next_steps; i++)
		if (strcmp(d->next_steps[i], OOM_STEP_EARLY_DAEMON) == 0)
			return;
	if (d->n_next_steps < OOM_DIAG_LINES)
		snprintf(d->next_steps[d->n_next_steps++], OOM_DIAG_LINE_MAX, "%s", OOM_STEP_EARLY_DAEMON);
}

int cmd_explain(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' }, { "last", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' }, { "event-log", required_argument, NULL, 'E' },
		{ "html", no_argument, NULL, 'H' }, { "output", required_argument, NULL, 'o' },
		{ 0, 0, 0, 0 },
	};
	struct oom_source_opts so = { .since_us = LOG_TIME_UNKNOWN, .until_us = LOG_TIME_UNKNOWN };
	struct pick pick = { .kernel_pick = true, .near_us = LOG_TIME_UNKNOWN };
	struct daemon_pick *dp = NULL;
	const char **files, *event_log = NULL, *daemon_id = NULL;
	bool json = false, last = false, html = false;
	const char *out_path = NULL;
	size_t n_files = 0;
	int c, rc;

	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'H': html = true; break;
		case 'o': out_path = optarg; break;
		case 'l': last = true; break;
		case 'E': event_log = optarg; break;
		case 'h':
		default:
			return cli_usage_exit(usage, c == 'h');
		}
	}
	if (json && html)
		return og_error("explain", "--json and --html cannot be combined");
	if (out_path && !html && !json)
		return og_error("--output", "goes with --json or --html");
	if (html)
		cli.color = COLOR_NEVER;        /* the page embeds text views: no terminal escapes */
	enum explain_format fmt = html ? EXPLAIN_HTML : json ? EXPLAIN_JSON : EXPLAIN_TEXT;
	files = calloc((size_t)(argc - optind) + 1, sizeof(*files));
	dp = calloc(1, sizeof(*dp));
	if (!files || !dp) {
		free(files);
		free(dp);
		return og_error("explain", "out of memory");
	}
	for (int i = optind; i < argc; i++) {
		const char *a = argv[i];
		/* an id is hex (or og + hex) and names no file here; anything else is a file to read */
		bool free_slot = !pick.id && !daemon_id && !last && access(a, F_OK) != 0;
		if (free_slot && looks_like_id(a))
			pick.id = a;
		else if (free_slot && looks_like_daemon_id(a))
			daemon_id = a;
		else
			files[n_files++] = a;
	}
	so.files = files;
	so.n_files = n_files;
	so.quiet_unreadable = n_files > 0;

	/* the daemon's side first: its time says which kernel events are near */
	bool want_daemon = daemon_id || event_log || n_files == 0;
	dp->id = daemon_id;
	dp->near_us = LOG_TIME_UNKNOWN;
	if (want_daemon && !pick.id) {
		int e = explain_daemon_scan(event_log, dp);
		if (e < 0 && (event_log || daemon_id || e != -ENOENT)) {
			if (event_log || daemon_id) {
				rc = e == -ENOENT && !event_log ?
				     og_error(daemon_id, "no oomguard daemon event log at %s", dp->path) :
				     og_error_errno(dp->path, e);
				goto out;
			}
			og_note("could not read the oomguard daemon's event log %s: %s", dp->path, strerror(-e));
		}
		if (daemon_id && !dp->found) {
			rc = og_error(daemon_id, "no oomguard daemon action with this id in %s", dp->path);
			goto out;
		}
		if (daemon_id && dp->n_matches > 1) {
			rc = og_error(daemon_id, "matches %u daemon actions: give more of the id", dp->n_matches);
			goto out;
		}
		if (dp->found)
			pick.near_us = daemon_event_time_us(&dp->ev);
	}
	pick.kernel_pick = !daemon_id;

	struct oom_source_status st;
	memset(&st, 0, sizeof(st));
	if (daemon_id)
		so.quiet_unreadable = true;
	int e = oom_sources_collect(&so, on_event, &pick, &st);
	/* files that could not be read whole: a line each; the rest is explained all the same */
	int problems_rc = daemon_id ? 0 : log_problems_print(&st);
	if (e < 0 && !daemon_id) {
		oom_event_free(pick.chosen);
		rc = st.n_problems ? 1 : og_error_errno(st.failed ? st.failed : "explain", e);
		goto out;
	}
	bool kernel_read = e == 0 && (st.sources_read > 0 || n_files > 0);
	if (dp->found && (daemon_id || !pick.chosen || pick.chosen->realtime_us == LOG_TIME_UNKNOWN ||
			  daemon_event_time_us(&dp->ev) > pick.chosen->realtime_us)) {
		oom_event_free(pick.chosen);
		rc = explain_daemon_story(dp, &pick.near, pick.n_events, kernel_read, fmt, out_path);
		goto out;
	}
	if (!pick.chosen && st.fork_failures) {
		/* no kill: fork() failed on a task limit (or, with vm.overcommit_memory=2, commit) */
		static const char text[] =
			"No OOM event in the input, but fork() failed there: no process was killed.\n"
			"\"fork: Cannot allocate memory\" or \"Resource temporarily unavailable\" comes from\n"
			"a task limit: the user's process limit (ulimit -u, RLIMIT_NPROC), a cgroup's\n"
			"pids.max (systemd TasksMax=), kernel.threads-max or kernel.pid_max running out,\n"
			"or, with vm.overcommit_memory=2, the commit limit.\n"
			"\n"
			"See the task-limit findings of check (user.nproc.near_limit,\n"
			"cgroup.pids.near_limit, cgroup.pids.hit_limit, kernel.tasks.near_limit):\n"
			"  oomguard check\n";
		cli_write_stdout(text, sizeof(text) - 1);
		rc = 1;
		goto out;
	}
	if (!pick.chosen) {
		const char *where = n_files ? "in the input" : "in this machine's kernel logs";
		if (!n_files && !kernel_read) {
			og_error("explain", "no kernel log could be read%s%s%s", st.sources_denied ? ": " : "",
				 st.denied, st.sources_denied ? " (permission denied; run as root)" : "");
			rc = EXIT_NO_SOURCE;
			goto out;
		}
		if (st.sources_denied && !n_files)
			og_note("could not read %s (permission denied; run as root for every source)", st.denied);
		rc = pick.id ? og_error(pick.id, "no OOM event with this id %s (see `oomguard events`)", where)
			     : og_error("explain", "no OOM event found %s", where);
		goto out;
	}
	if (pick.id && pick.n_matches > 1) {
		oom_event_free(pick.chosen);
		rc = og_error(pick.id, "matches %u events: give more of the id", pick.n_matches);
		goto out;
	}

	/* the daemon's actions near this kernel event */
	bool daemon_near = want_daemon && pick.chosen->realtime_us != LOG_TIME_UNKNOWN;
	if (daemon_near) {
		memset(dp, 0, sizeof(*dp));
		dp->near_us = pick.chosen->realtime_us;
		daemon_near = explain_daemon_scan(event_log, dp) == 0;
	}

	struct oom_diagnosis *d = malloc(sizeof(*d));
	struct strbuf sb;
	if (!d) {
		oom_event_free(pick.chosen);
		rc = og_error("explain", "out of memory");
		goto out;
	}
	oom_diagnose(pick.chosen, d);
	if (hang_near(&st, pick.chosen, n_files > 0))
		add_hang_signs(d, &st);
	strbuf_init(&sb);
	if (json) {
		explain_json(&sb, pick.chosen, d, pick.n_events, daemon_near ? &dp->near : NULL);
	} else if (html) {
		struct oom_analysis an;
		oom_analyse(pick.chosen, &an);
		explain_html_page(&sb, pick.chosen, d, &an);
	} else {
		explain_text(&sb, pick.chosen, d);
		if (daemon_near)
			daemon_view_nearby_actions(&sb, &dp->near, pick.chosen->realtime_us);
		if (!pick.id && pick.n_events > 1)
			strbuf_addf(&sb, "\n(%u events read; this is the last. `oomguard events` lists them all; pass an ID to choose.)\n",
				    pick.n_events);
	}
	rc = sb.failed ? og_error("explain", "out of memory while formatting")
		       : fmt == EXPLAIN_TEXT ? cli_write_text(out_path, sb.buf, sb.len)
		       : cli_write_output(out_path, sb.buf, sb.len);
	if (rc == 0 && problems_rc)
		rc = 1;
	strbuf_free(&sb);
	free(d);
	oom_event_free(pick.chosen);
out:
	free(files);
	free(dp);
	return rc;
}
