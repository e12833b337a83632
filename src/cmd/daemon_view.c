/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rendering of the oomguard daemon's actions for `events` and `explain` (see daemon_view.h).
 * Text from the system is escaped (lib/util/safetext); the JSON forms embed the records as the
 * daemon's own formatter (lib/policy/daemon_event.c) writes them, so their schema is
 * doc/daemon-events-json.md wherever they appear. */
#include "cmd/daemon_view.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd/cli.h"
#include "lib/kmsg/log_record.h"
#include "lib/policy/leadup.h"
#include "lib/util/json.h"
#include "lib/util/safetext.h"
#include "lib/util/units.h"

#define TOP_SHOWN 10

void nearby_add(struct nearby_list *l, const struct nearby *n)
{
	if (l->n < NEARBY_MAX)
		l->v[l->n++] = *n;
	else
		l->more++;
}

bool nearby_in_window(int64_t a, int64_t b)
{
	return a != LOG_TIME_UNKNOWN && b != LOG_TIME_UNKNOWN && llabs(a - b) <= NEARBY_WINDOW_US;
}

bool daemon_event_is_action(const struct daemon_event *ev)
{
	return ev->kind == EVENT_KILL || ev->kind == EVENT_ACTION || ev->kind == EVENT_ERROR;
}

const char *daemon_event_action(const struct daemon_event *ev)
{
	switch (ev->kind) {
	case EVENT_KILL: return ev->signal > 0 ? signal_name(ev->signal) : "kill";
	case EVENT_ACTION: return "action";
	default: return "error";
	}
}

static void add_text(struct strbuf *sb, const char *s)
{
	safetext_terminal(sb, s, strlen(s));
}

static void add_padded(struct strbuf *sb, const char *s, size_t width)
{
	size_t before = sb->len;
	add_text(sb, s);
	for (size_t w = sb->len - before; w < width; w++)
		strbuf_addc(sb, ' ');
}

static void local_time(const struct daemon_event *ev, char *buf, size_t cap)
{
	struct tm tm;
	time_t t = ev->time.tv_sec;
	localtime_r(&t, &tm);
	strftime(buf, cap, "%Y-%m-%d %H:%M:%S", &tm);
}

/* "20.0G" (events) or "20.0 GiB" (explain); UINT64_MAX (not measured) as "?" */
static void size_kib(char *buf, size_t cap, uint64_t kib, bool long_units)
{
	units_size_kib(buf, cap, units_from_u64(kib), long_units ? SIZE_LONG : SIZE_SHORT);
}

/* What came of the action: "exited", "escalated to SIGKILL", "failed: No such process", ... */
static void outcome_text(struct strbuf *sb, const struct daemon_event *ev)
{
	switch (ev->outcome) {
	case OUTCOME_NONE: strbuf_adds(sb, "no outcome recorded"); break;
	case OUTCOME_DRY_RUN: strbuf_adds(sb, "dry run, nothing sent"); break;
	case OUTCOME_SENT: strbuf_adds(sb, "sent, exit not seen"); break;
	case OUTCOME_EXITED: strbuf_adds(sb, "exited"); break;
	case OUTCOME_ESCALATED: strbuf_adds(sb, "escalated to SIGKILL"); break;
	case OUTCOME_GONE: strbuf_adds(sb, "had already exited"); break;
	case OUTCOME_FAILED:
		strbuf_addf(sb, "failed: %s", strerror(ev->error < 0 ? -ev->error : ev->error));
		break;
	case OUTCOME_TIMEOUT: strbuf_adds(sb, "still alive after SIGKILL"); break;
	}
}

/* ---------- events: row and JSON line ---------- */

void daemon_view_row(struct strbuf *sb, const struct daemon_event *ev, const char *id)
{
	char when[32], size[32], victim[96], scope[sizeof(ev->trigger.cgroup) + 8];
	const struct event_proc *v = &ev->victim;

	local_time(ev, when, sizeof(when));
	if (ev->has_victim) {
		size_kib(size, sizeof(size), v->rss_kib, false);
		snprintf(victim, sizeof(victim), "%.63s[%d]", v->comm, (int)v->pid);
	} else {
		snprintf(size, sizeof(size), "-");
		snprintf(victim, sizeof(victim), "(none)");
	}
	if (ev->trigger.cgroup[0])
		snprintf(scope, sizeof(scope), "cgroup %.511s", ev->trigger.cgroup);
	else
		snprintf(scope, sizeof(scope), "global");

	strbuf_addf(sb, "%-19s  %-12s  %-12s  %s", when, "-", id, cli_sgr("\033[1m"));
	add_padded(sb, victim, 24);
	strbuf_addf(sb, "%s  %7s  %-16s  ", cli_sgr("\033[0m"), size, "oomguard");   /* KILLED BY */
	add_padded(sb, ev->trigger.reason[0] ? ev->trigger.reason : "?", 16);
	strbuf_adds(sb, "  ");
	add_padded(sb, scope, 28);
	strbuf_adds(sb, "  ");                                               /* CONTAINER */
	add_padded(sb, ev->has_victim && ev->victim.unit[0] ? ev->victim.unit : "-", 20);
	strbuf_addf(sb, "  %soomguard daemon:%s %s", cli_sgr("\033[36m"), cli_sgr("\033[0m"), daemon_event_action(ev));
	if (ev->has_victim && ev->scope != KILL_PROCESS)
		strbuf_addf(sb, " (%s)", kill_scope_name(ev->scope));
	if (ev->dry_run) {
		strbuf_adds(sb, " [dry-run]");
	} else if (ev->outcome != OUTCOME_NONE) {
		strbuf_adds(sb, ", ");
		outcome_text(sb, ev);
		if (ev->recovered_kib != UINT64_MAX && ev->kind != EVENT_ERROR) {
			size_kib(size, sizeof(size), ev->recovered_kib, false);
			strbuf_addf(sb, ", recovered %s", size);
		}
	}
	if (ev->kind == EVENT_ERROR && ev->message[0]) {
		strbuf_adds(sb, ": ");
		add_text(sb, ev->message);
	}
	strbuf_addc(sb, '\n');
}

/* The record as the daemon wrote it (its own formatter). */
static void embed_record(struct json *j, const char *key, const struct daemon_event *ev)
{
	struct strbuf rec;
	strbuf_init(&rec);
	daemon_event_json(ev, &rec);
	json_key(j, key);
	if (rec.failed)
		json_null(j);
	else
		json_raw(j, rec.buf, rec.len);
	strbuf_free(&rec);
}

static void summary_keys(struct json *j, const struct daemon_event *ev, const char *id, const char *source,
			 uint64_t line)
{
	char when[40];
	static const char *const kinds[] = { "daemon-kill", "daemon-action", "daemon-start", "daemon-stop",
					     "daemon-reload", "daemon-error" };

	json_kv_str(j, "id", id);
	json_kv_str(j, "kind", (unsigned)ev->kind <= EVENT_ERROR ? kinds[ev->kind] : "daemon");
	json_kv_str(j, "origin", "oomguard-daemon");
	json_kv_str(j, "source", source);
	json_kv_uint(j, "first_line", line);
	json_kv_int(j, "realtime_us", daemon_event_time_us(ev));
	event_time_iso(&ev->time, when, sizeof(when));
	json_kv_str(j, "time", when);
	json_key(j, "action");
	json_str(j, ev->kind == EVENT_KILL && ev->signal <= 0 ? NULL : daemon_event_action(ev));
	json_kv_bool(j, "dry_run", ev->dry_run);
	json_kv_str(j, "reason", ev->trigger.reason);
	json_kv_str(j, "outcome", event_outcome_name(ev->outcome));
	json_key(j, "victim");
	if (ev->has_victim) {
		const struct event_proc *v = &ev->victim;
		json_obj_begin(j);
		json_kv_int(j, "pid", v->pid);
		json_kv_str(j, "comm", v->comm);
		json_kv_uint(j, "uid", v->uid);
		json_kv_uint(j, "rss_kb", v->rss_kib);
		json_kv_uint(j, "swap_kb", v->swap_kib);
		json_kv_int(j, "oom_score_adj", v->oom_score_adj);
		json_kv_str(j, "cgroup", v->cgroup);
		json_obj_end(j);
	} else {
		json_null(j);
	}
	json_kv_uint_or_null(j, "recovered_kib", ev->recovered_kib);
	json_kv_uint(j, "wait_ms", ev->wait_ms);
	json_key(j, "snapshot");
	json_str(j, ev->snapshot[0] ? ev->snapshot : NULL);
}

void daemon_view_json_line(struct strbuf *sb, const struct daemon_event *ev, const char *id,
			   const char *source, uint64_t line)
{
	struct json j;
	json_init(&j, sb);
	json_obj_begin(&j);
	summary_keys(&j, ev, id, source, line);
	embed_record(&j, "daemon", ev);
	json_obj_end(&j);
	strbuf_addc(sb, '\n');
}

/* ---------- explain: the story ---------- */

static void heading(struct strbuf *sb, const char *title)
{
	strbuf_addf(sb, "\n%s%s%s\n", cli_sgr("\033[1m"), title, cli_sgr("\033[0m"));
}

static void header_part(struct strbuf *sb, const struct daemon_story *s)
{
	const struct daemon_event *ev = s->ev;
	const struct event_proc *v = &ev->victim;
	char when[32];

	local_time(ev, when, sizeof(when));
	strbuf_addf(sb, "%soomguard daemon %s %s%s  %s  (", cli_sgr("\033[1m"),
		    ev->kind == EVENT_KILL ? "kill" : ev->kind == EVENT_ACTION ? "action" : "error",
		    s->id, cli_sgr("\033[0m"), when);
	add_text(sb, s->source);
	strbuf_addf(sb, " line %llu)\n", (unsigned long long)s->line);
	if (ev->kind == EVENT_KILL) {
		strbuf_addf(sb, "The oomguard daemon %s %s to ", ev->dry_run ? "would have sent" : "sent",
			    ev->signal > 0 ? signal_name(ev->signal) : "a signal");
	} else if (ev->kind == EVENT_ACTION) {
		strbuf_addf(sb, "The oomguard daemon %s a rule's command instead of killing ",
			    ev->dry_run ? "would have run" : "ran");
	} else {
		strbuf_adds(sb, "The oomguard daemon could not act");
		if (ev->has_victim)
			strbuf_adds(sb, " on ");
	}
	if (ev->has_victim) {
		add_text(sb, v->comm);
		strbuf_addf(sb, " (pid %d)", (int)v->pid);
		if (ev->scope == KILL_PROCESS_GROUP)
			strbuf_adds(sb, " and its process group");
		else if (ev->scope == KILL_CGROUP)
			strbuf_adds(sb, " and its whole cgroup");
	}
	strbuf_adds(sb, ".\n");
	if (ev->dry_run)
		strbuf_addf(sb, "%sDry run:%s nothing was sent; this is what the daemon would have done.\n",
			    cli_sgr("\033[33m"), cli_sgr("\033[0m"));
}

/* "812.0 MiB of 24.0 GiB (3.3%)" */
static void level_line(struct strbuf *sb, const char *label, uint64_t have, uint64_t total, double pct,
		       uint64_t term, uint64_t kill)
{
	char a[32], b[32];
	if (have == UINT64_MAX)
		return;
	size_kib(a, sizeof(a), have, true);
	strbuf_addf(sb, "  %-13s %s", label, a);
	if (total != UINT64_MAX) {
		size_kib(b, sizeof(b), total, true);
		strbuf_addf(sb, " of %s", b);
	}
	if (!isnan(pct))
		strbuf_addf(sb, " (%.1f%%)", pct);
	if (term != UINT64_MAX) {
		size_kib(a, sizeof(a), term, true);
		strbuf_addf(sb, "; SIGTERM below %s", a);
	}
	if (kill != UINT64_MAX) {
		size_kib(a, sizeof(a), kill, true);
		strbuf_addf(sb, ", SIGKILL below %s", a);
	}
	strbuf_adds(sb, "\n");
}

static void trigger_part(struct strbuf *sb, const struct daemon_event *ev)
{
	const struct event_trigger *t = &ev->trigger;
	char a[32];

	heading(sb, "Why it acted");
	strbuf_adds(sb, "  trigger: ");
	add_text(sb, t->reason[0] ? t->reason : "(not recorded)");
	if (t->cgroup[0]) {
		strbuf_adds(sb, ", guarding the cgroup ");
		add_text(sb, t->cgroup);
	} else {
		strbuf_adds(sb, ", guarding the whole machine");
	}
	strbuf_adds(sb, "\n");
	level_line(sb, "MemAvailable", t->mem_available_kib, t->mem_total_kib, t->mem_available_pct,
		   t->mem_term_kib, t->mem_kill_kib);
	if (t->swap_total_kib != UINT64_MAX && t->swap_total_kib > 0)
		level_line(sb, "SwapFree", t->swap_free_kib, t->swap_total_kib, t->swap_free_pct,
			   t->swap_term_kib, t->swap_kill_kib);
	else if (t->swap_total_kib == 0)
		strbuf_adds(sb, "  SwapFree      no swap\n");
	if (!isnan(t->psi_some_avg10) || !isnan(t->psi_full_avg10)) {
		strbuf_adds(sb, "  pressure      ");
		if (!isnan(t->psi_some_avg10))
			strbuf_addf(sb, "some avg10 %.1f%%%s", t->psi_some_avg10, isnan(t->psi_full_avg10) ? "" : ", ");
		if (!isnan(t->psi_full_avg10))
			strbuf_addf(sb, "full avg10 %.1f%% (share of time every task stalled on memory)", t->psi_full_avg10);
		strbuf_adds(sb, "\n");
	}
	if (!isnan(t->fill_rate_kib_s) && t->fill_rate_kib_s > 0) {
		size_kib(a, sizeof(a), (uint64_t)t->fill_rate_kib_s, true);
		strbuf_addf(sb, "  falling at    %s/s", a);
		if (!isnan(t->time_to_exhaustion_s))
			strbuf_addf(sb, ": the kill level in %.1f s at that rate", t->time_to_exhaustion_s);
		strbuf_adds(sb, "\n");
	}
}

static void victim_part(struct strbuf *sb, const struct daemon_event *ev)
{
	const struct event_proc *v = &ev->victim;
	char r[32], s[32], p[32];

	heading(sb, "What it chose");
	if (!ev->has_victim) {
		strbuf_adds(sb, "  No process (none was eligible, or the action needed none).\n");
		return;
	}
	strbuf_addf(sb, "  %s", cli_sgr("\033[1m"));
	add_text(sb, v->comm);
	strbuf_addf(sb, "%s (pid %d, uid %u)", cli_sgr("\033[0m"), (int)v->pid, (unsigned)v->uid);
	if (v->unit[0]) {
		strbuf_adds(sb, ", unit ");
		add_text(sb, v->unit);
	}
	strbuf_adds(sb, "\n");
	if (v->cgroup[0]) {
		strbuf_adds(sb, "  cgroup:        ");
		add_text(sb, v->cgroup);
		strbuf_adds(sb, v->cgroup_truncated ? "... (cut)\n" : "\n");
	}
	if (v->cmdline[0]) {
		strbuf_adds(sb, "  command line:  ");
		add_text(sb, v->cmdline);
		strbuf_adds(sb, v->cmdline_truncated ? "... (cut)\n" : "\n");
	}
	size_kib(r, sizeof(r), v->rss_kib, true);
	size_kib(s, sizeof(s), v->swap_kib, true);
	size_kib(p, sizeof(p), v->pgtables_kib, true);
	strbuf_addf(sb, "  memory:        resident %s, swap %s, page tables %s\n", r, s, p);
	strbuf_addf(sb, "  badness:       rss %lld + swap %lld + page tables %lld + adj %lld = %lld points\n",
		    (long long)v->rss_points, (long long)v->swap_points, (long long)v->pgtables_points,
		    (long long)v->adj_points, (long long)v->points);
	if (v->oom_score >= 0)
		strbuf_addf(sb, "                 (the kernel's oom_badness() in pages; oom_score %d, "
			    "oom_score_adj %d)\n", v->oom_score, v->oom_score_adj);
	else                      /* not read: the daemon's snapshot rows, a victim SIGKILLed at once */
		strbuf_addf(sb, "                 (the kernel's oom_badness() in pages; oom_score_adj %d)\n",
			    v->oom_score_adj);
	strbuf_addf(sb, "  ranked by:     score %lld", (long long)v->score);
	if (v->rule_delta)
		strbuf_addf(sb, ", of which %+d from prefer/avoid rules", v->rule_delta);
	strbuf_adds(sb, "\n");
}

static void bar_row(struct strbuf *sb, const char *label, uint64_t kib, uint64_t total, const char *color)
{
	if (kib != UINT64_MAX)
		cli_bar_row(sb, label, kib, total, color);
}

static uint64_t sub_or_unknown(uint64_t a, uint64_t b)
{
	return a == UINT64_MAX || b == UINT64_MAX ? UINT64_MAX : a > b ? a - b : 0;
}

static uint64_t add_known(uint64_t a, uint64_t b)
{
	return a == UINT64_MAX ? b : b == UINT64_MAX ? a : a + b;
}

static void memory_part(struct strbuf *sb, const struct daemon_snapshot *snap)
{
	uint64_t total = snapshot_meminfo(snap, "MemTotal");
	char title[96], a[32];

	if (!snap->has_meminfo || snap->n_meminfo == 0) {
		heading(sb, "Memory at the time");
		strbuf_adds(sb, "  The snapshot holds no memory counters.\n");
		return;
	}
	if (total == UINT64_MAX || total == 0) {
		/* a guarded cgroup: its memory statistics as saved */
		heading(sb, "Memory at the time (the guarded cgroup's statistics, as saved)");
		for (size_t i = 0; i < snap->n_meminfo && i < 16; i++) {
			strbuf_adds(sb, "  ");
			add_padded(sb, snap->meminfo[i].key, 24);
			strbuf_addf(sb, " %llu\n", (unsigned long long)snap->meminfo[i].value);
		}
		return;
	}
	size_kib(a, sizeof(a), total, true);
	snprintf(title, sizeof(title), "Memory at the time (RAM %s)", a);
	heading(sb, title);
	uint64_t shmem = snapshot_meminfo(snap, "Shmem");
	uint64_t file = sub_or_unknown(add_known(snapshot_meminfo(snap, "Cached"), snapshot_meminfo(snap, "Buffers")),
				       shmem == UINT64_MAX ? 0 : shmem);
	uint64_t parts[] = { snapshot_meminfo(snap, "AnonPages"), file, shmem, snapshot_meminfo(snap, "Slab"),
			     snapshot_meminfo(snap, "PageTables"), snapshot_meminfo(snap, "KernelStack"),
			     snapshot_meminfo(snap, "MemFree") };
	static const char *const labels[] = { "anon", "file cache", "shmem/tmpfs", "slab", "page tables",
					      "kernel stacks", "free" };
	static const char *const colors[] = { "\033[31m", "\033[32m", "\033[35m", "\033[33m", "\033[33m",
					      "\033[33m", "\033[34m" };
	uint64_t sum = 0;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		bar_row(sb, labels[i], parts[i], total, colors[i]);
		sum = add_known(sum, parts[i]);
	}
	bar_row(sb, "other", sum < total ? total - sum : 0, total, "\033[90m");
	uint64_t avail = snapshot_meminfo(snap, "MemAvailable");
	if (avail != UINT64_MAX) {
		size_kib(a, sizeof(a), avail, true);
		strbuf_addf(sb, "  MemAvailable %s (%.1f%%)", a, (double)avail * 100.0 / (double)total);
	}
	uint64_t st = snapshot_meminfo(snap, "SwapTotal"), sf = snapshot_meminfo(snap, "SwapFree");
	if (st != UINT64_MAX) {
		char b[32];
		size_kib(a, sizeof(a), st, true);
		size_kib(b, sizeof(b), sf, true);
		strbuf_addf(sb, "%sswap %s, %s free", avail != UINT64_MAX ? "; " : "  ", a, b);
	}
	strbuf_adds(sb, "\n");
	if (snap->psi.present) {
		const struct psi_line *so = &snap->psi.some, *fu = &snap->psi.full;
		strbuf_adds(sb, "  pressure");
		if (so->present)
			strbuf_addf(sb, "     some %.1f/%.1f/%.1f%%", so->avg10, so->avg60, so->avg300);
		if (fu->present)
			strbuf_addf(sb, ", full %.1f/%.1f/%.1f%%", fu->avg10, fu->avg60, fu->avg300);
		strbuf_adds(sb, " (avg10/avg60/avg300)\n");
	}
}

static void consumers_part(struct strbuf *sb, const struct daemon_snapshot *snap, const struct event_proc *victim)
{
	char r[32], s[32];

	heading(sb, "Largest consumers (from the snapshot)");
	if (snap->n_top == 0) {
		strbuf_adds(sb, "  The snapshot lists none.\n");
		return;
	}
	/* 80 columns: a comm has 15 bytes at most (escapes may make it longer; then it is cut) */
	strbuf_addf(sb, "  %7s  %-16s %10s %10s %9s %5s %8s\n", "PID", "NAME", "RSS", "SWAP", "OOM_SCORE",
		    "ADJ", "SCORE");
	for (size_t i = 0; i < snap->n_top && i < TOP_SHOWN; i++) {
		const struct event_proc *p = &snap->top[i];
		size_kib(r, sizeof(r), p->rss_kib, true);
		size_kib(s, sizeof(s), p->swap_kib, true);
		strbuf_addf(sb, "%s %7d  ", victim && p->pid == victim->pid ? "*" : " ", (int)p->pid);
		add_padded(sb, p->comm, 16);
		char score[16] = "-";     /* the snapshot's rows read no oom_score */
		if (p->oom_score >= 0)
			snprintf(score, sizeof(score), "%d", p->oom_score);
		strbuf_addf(sb, " %10s %10s %9s %5d %8lld\n", r, s, score, p->oom_score_adj, (long long)p->score);
	}
	size_t more = snap->n_top > TOP_SHOWN ? snap->n_top - TOP_SHOWN : 0;
	more += snap->top_dropped;
	if (more)
		strbuf_addf(sb, "  ... and %zu more in the snapshot\n", more);
	if (victim)
		strbuf_adds(sb, "  (* the process chosen)\n");
}

static void outcome_part(struct strbuf *sb, const struct daemon_event *ev)
{
	char a[32];

	heading(sb, "Outcome");
	strbuf_adds(sb, "  ");
	outcome_text(sb, ev);
	if ((ev->kind == EVENT_KILL || ev->kind == EVENT_ACTION) && !ev->dry_run) {
		if (ev->outcome == OUTCOME_EXITED || ev->outcome == OUTCOME_ESCALATED)
			strbuf_addf(sb, " %u ms after the signal", ev->wait_ms);
		else if (ev->wait_ms)
			strbuf_addf(sb, " (waited %u ms)", ev->wait_ms);
		if (ev->recovered_kib != UINT64_MAX) {
			size_kib(a, sizeof(a), ev->recovered_kib, true);
			strbuf_addf(sb, "; MemAvailable rose by %s", a);
		}
	}
	strbuf_adds(sb, ".\n");
	if (ev->outcome == OUTCOME_ESCALATED)
		strbuf_adds(sb, "  SIGTERM was not enough within the grace time: SIGKILL followed.\n");
	if (ev->message[0]) {
		strbuf_adds(sb, "  ");
		add_text(sb, ev->message);
		strbuf_adds(sb, "\n");
	}
}

static void nearby_line(struct strbuf *sb, const struct nearby *n, int64_t from_us)
{
	double d = (double)(n->realtime_us - from_us) / 1e6;
	strbuf_addf(sb, "  %s  %.1f s %s: %s", n->id, fabs(d), d < 0 ? "before" : "after", n->what);
	if (n->pid >= 0) {
		strbuf_adds(sb, ", ");
		add_text(sb, n->comm);
		strbuf_addf(sb, " (pid %lld)", n->pid);
	}
	strbuf_adds(sb, "\n");
}

/* The id of the entry closest in time to t. */
static const char *closest(const struct nearby_list *l, int64_t t)
{
	size_t best = 0;
	for (size_t i = 1; i < l->n; i++)
		if (llabs(l->v[i].realtime_us - t) < llabs(l->v[best].realtime_us - t))
			best = i;
	return l->v[best].id;
}

static void kernel_part(struct strbuf *sb, const struct daemon_story *s)
{
	int64_t t = daemon_event_time_us(s->ev);

	heading(sb, "The kernel's view");
	if (!s->kernel_read) {
		strbuf_adds(sb, "  No kernel log could be read to compare with.\n");
		return;
	}
	if (!s->kernel->n) {
		strbuf_addf(sb, "  The kernel logged no OOM kill within %lld s of this action.\n",
			    NEARBY_WINDOW_US / 1000000);
		return;
	}
	strbuf_addf(sb, "  The kernel logged %s OOM event%s within %lld s:\n", s->kernel->n + s->kernel->more == 1 ?
		    "an" : "these", s->kernel->n + s->kernel->more == 1 ? "" : "s", NEARBY_WINDOW_US / 1000000);
	for (size_t i = 0; i < s->kernel->n; i++)
		nearby_line(sb, &s->kernel->v[i], t);
	if (s->kernel->more)
		strbuf_addf(sb, "  ... and %zu more\n", s->kernel->more);
	strbuf_addf(sb, "  `oomguard explain %s` tells the kernel's side.\n", closest(s->kernel, t));
}

static void add_name_text(struct strbuf *out, const char *raw)
{
	safetext_terminal(out, raw, strlen(raw));
}

/* The flight recorder's minutes before the action: the curve and one sentence. */
static void leadup_part(struct strbuf *sb, const struct daemon_story *s)
{
	if (!s->leadup)
		return;
	strbuf_adds(sb, "\nThe lead-up (flight recorder: ");
	add_text(sb, s->trace_path);
	strbuf_adds(sb, ")\n  available memory, up to the action:\n  |");
	leadup_curve_text(s->leadup, sb);
	strbuf_addf(sb, "|  %.1f s per cell\n  ", (double)s->leadup->curve_bucket_ms / 1000.0);
	leadup_sentence(s->leadup, sb, add_name_text);
	strbuf_adds(sb, "\n  `oomguard replay ");
	add_text(sb, s->trace_path);
	strbuf_adds(sb, "` shows what other settings or daemons would have done.\n");
}

void daemon_view_story(struct strbuf *sb, const struct daemon_story *s)
{
	header_part(sb, s);
	if (s->ev->kind != EVENT_ACTION || s->ev->trigger.reason[0])
		trigger_part(sb, s->ev);
	victim_part(sb, s->ev);
	if (s->snap) {
		memory_part(sb, s->snap);
		consumers_part(sb, s->snap, s->ev->has_victim ? &s->ev->victim : NULL);
	} else {
		heading(sb, "Memory at the time");
		if (!s->snap_path || !s->snap_path[0]) {
			strbuf_adds(sb, "  No snapshot was recorded for this action (the daemon keeps one per kill\n"
				    "  when it has a snapshot-dir).\n");
		} else {
			strbuf_adds(sb, "  No snapshot: ");
			add_text(sb, s->snap_path);
			strbuf_adds(sb, ": ");
			add_text(sb, s->snap_problem ? s->snap_problem : "cannot be read");
			strbuf_adds(sb, "\n");
		}
	}
	outcome_part(sb, s->ev);
	leadup_part(sb, s);
	kernel_part(sb, s);
}

/* The snapshot as the daemon's formatter writes it.  kill_snapshot_json() takes the kernel's text
 * (meminfo, pressure, vmstat), so the counters read back are put in that form again: one
 * formatter, one schema. */
static void embed_snapshot(struct json *j, const struct daemon_snapshot *snap)
{
	struct strbuf mi, vm, psi, doc;
	struct kill_snapshot ks = { .top = snap->top, .n_top = snap->n_top };

	strbuf_init(&mi);
	strbuf_init(&vm);
	strbuf_init(&psi);
	strbuf_init(&doc);
	for (size_t i = 0; i < snap->n_meminfo; i++)
		if (!strpbrk(snap->meminfo[i].key, ":\n"))
			strbuf_addf(&mi, "%s: %llu\n", snap->meminfo[i].key, (unsigned long long)snap->meminfo[i].value);
	for (size_t i = 0; i < snap->n_vmstat; i++)
		if (!strpbrk(snap->vmstat[i].key, " \n"))
			strbuf_addf(&vm, "%s %llu\n", snap->vmstat[i].key, (unsigned long long)snap->vmstat[i].value);
	const struct psi_line *lines[2] = { &snap->psi.some, &snap->psi.full };
	for (int i = 0; i < 2 && snap->psi.present; i++)
		if (lines[i]->present)
			strbuf_addf(&psi, "%s avg10=%.6g avg60=%.6g avg300=%.6g total=%llu\n", i ? "full" : "some",
				    lines[i]->avg10, lines[i]->avg60, lines[i]->avg300,
				    (unsigned long long)lines[i]->total_us);
	ks.meminfo = snap->has_meminfo ? (mi.buf ? mi.buf : "") : NULL;
	ks.vmstat = snap->has_vmstat ? (vm.buf ? vm.buf : "") : NULL;
	ks.psi = psi.len ? psi.buf : NULL;
	kill_snapshot_json(&snap->ev, &ks, &doc);
	if (doc.failed || mi.failed || vm.failed || psi.failed)
		json_null(j);
	else
		json_raw(j, doc.buf, doc.len);
	strbuf_free(&mi);
	strbuf_free(&vm);
	strbuf_free(&psi);
	strbuf_free(&doc);
}

void daemon_view_story_json(struct strbuf *sb, const struct daemon_story *s)
{
	struct json j;
	int64_t t = daemon_event_time_us(s->ev);

	json_init(&j, sb);
	json_obj_begin(&j);
	json_kv_uint(&j, "events_read", s->events_read);
	json_key(&j, "daemon_event");
	json_obj_begin(&j);
	summary_keys(&j, s->ev, s->id, s->source, s->line);
	embed_record(&j, "daemon", s->ev);
	json_obj_end(&j);
	json_key(&j, "snapshot");
	if (s->snap)
		embed_snapshot(&j, s->snap);
	else
		json_null(&j);
	json_key(&j, "snapshot_file");
	json_str(&j, s->snap_path && s->snap_path[0] ? s->snap_path : NULL);
	json_key(&j, "snapshot_problem");
	json_str(&j, s->snap ? NULL : s->snap_problem);
	json_key(&j, "leadup");
	if (s->leadup)
		leadup_json(&j, s->leadup);
	else
		json_null(&j);
	json_kv_str(&j, "trace_file", s->trace_path && s->trace_path[0] ? s->trace_path : NULL);
	json_key(&j, "kernel_events_nearby");
	if (!s->kernel_read) {
		json_null(&j);
	} else {
		json_arr_begin(&j);
		for (size_t i = 0; i < s->kernel->n; i++) {
			const struct nearby *n = &s->kernel->v[i];
			json_obj_begin(&j);
			json_kv_str(&j, "id", n->id);
			json_kv_str(&j, "kind", n->what);
			json_kv_int(&j, "realtime_us", n->realtime_us);
			json_kv_double(&j, "seconds_after", (double)(n->realtime_us - t) / 1e6);
			json_key(&j, "victim");
			if (n->pid >= 0) {
				json_obj_begin(&j);
				json_kv_int(&j, "pid", n->pid);
				json_kv_str(&j, "comm", n->comm);
				json_obj_end(&j);
			} else {
				json_null(&j);
			}
			json_obj_end(&j);
		}
		json_arr_end(&j);
	}
	json_obj_end(&j);
	strbuf_addc(sb, '\n');
}

void daemon_view_nearby_actions(struct strbuf *sb, const struct nearby_list *l, int64_t kernel_us)
{
	if (!l->n)
		return;
	heading(sb, "The oomguard daemon near this time");
	for (size_t i = 0; i < l->n; i++)
		nearby_line(sb, &l->v[i], kernel_us);
	if (l->more)
		strbuf_addf(sb, "  ... and %zu more\n", l->more);
	strbuf_addf(sb, "  `oomguard explain %s` tells the daemon's side.\n", closest(l, kernel_us));
}
