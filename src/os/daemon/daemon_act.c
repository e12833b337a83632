/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the daemon does when a trigger fires: scan (into the preallocated table), choose, then the
 * race-free kill: verified pidfds, SIGTERM with a grace sized by the fill rate (cut short when
 * the SIGKILL level is reached), SIGKILL + process_mrelease, wait on the pidfds; or a rule's
 * command instead.  While memory is short, nothing between the choice and the first signal opens
 * a file or waits on the victim unless a hook or a rule is told its details there: the pidfd is
 * checked through the stat file the scan holds, the command line (through a held file), cgroup
 * and the kernel's oom_score are read once the signal is out, and the snapshot's meminfo is the
 * deciding sample's.  Then the record, the snapshot, the post-kill hook and notifications. */
#include "os/daemon/daemon_act.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include "lib/procfs/cgpath.h"
#include "lib/util/numparse.h"
#include "os/daemon/killer.h"
#include "os/daemon/daemon_sample.h"
#include "os/daemon/notify.h"
#include "os/core/sysroot.h"

static void policy_for(const struct daemon *d, const struct mem_sample *s, struct victim_policy *p)
{
	p->cfg = &d->cfg;
	p->self = getpid();
	p->scope_cgroup = d->ms.cgroup ? d->ms.rel : NULL;
	p->totalpages = memsource_totalpages(&d->ms, s);
	p->page_kib = d->ms.page_kib;
	p->stuck = d->stuck;
	p->n_stuck = d->n_stuck;
}

static void fill_trigger(const struct daemon *d, const struct mem_sample *s,
			 const struct trigger_decision *dec, struct event_trigger *t)
{
	struct trigger_levels lv;
	trigger_levels_resolve(&d->cfg, s, &lv);
	snprintf(t->reason, sizeof(t->reason), "%s", trigger_cause_name(dec->cause));
	t->mem_total_kib = s->total_kib;
	t->mem_available_kib = s->avail_kib;
	t->swap_total_kib = s->swap_total_kib;
	t->swap_free_kib = s->swap_free_kib;
	t->mem_available_pct = s->total_kib ? 100.0 * (double)s->avail_kib / (double)s->total_kib : NAN;
	t->swap_free_pct = s->swap_total_kib ?
		100.0 * (double)s->swap_free_kib / (double)s->swap_total_kib : NAN;
	t->mem_term_kib = dec->term_level_kib;
	t->mem_kill_kib = dec->kill_level_kib;
	t->swap_term_kib = lv.swap_term_kib;
	t->swap_kill_kib = lv.swap_kill_kib;
	t->psi_some_avg10 = NAN;
	t->psi_full_avg10 = s->psi_present ? s->psi_full_avg10 : NAN;
	t->fill_rate_kib_s = dec->rate_kib_s;
	t->time_to_exhaustion_s = dec->ms_to_kill_level == UINT64_MAX ?
		NAN : (double)dec->ms_to_kill_level / 1000.0;
	snprintf(t->cgroup, sizeof(t->cgroup), "%s", d->ms.cgroup ? d->ms.rel : "");
}

static void fill_proc(const struct candidate *c, const struct victim_choice *ch, struct event_proc *p)
{
	memset(p, 0, sizeof(*p));
	p->pid = c->pid;
	p->uid = c->uid;
	snprintf(p->comm, sizeof(p->comm), "%s", c->comm);
	snprintf(p->cgroup, sizeof(p->cgroup), "%s", c->cgroup);
	snprintf(p->unit, sizeof(p->unit), "%s", c->unit);
	snprintf(p->cmdline, sizeof(p->cmdline), "%s", c->cmdline);
	p->cmdline_truncated = strlen(c->cmdline) + 1 >= sizeof(c->cmdline);
	p->cgroup_truncated = strlen(c->cgroup) + 1 >= sizeof(c->cgroup);
	p->oom_score = -1;
	p->oom_score_adj = c->oom_score_adj;
	p->rss_kib = c->rss_kib;
	p->swap_kib = c->swap_kib;
	p->pgtables_kib = c->pgtables_kib;
	p->rss_points = ch->badness.rss_points;
	p->swap_points = ch->badness.swap_points;
	p->pgtables_points = ch->badness.pgtables_points;
	p->adj_points = ch->badness.adj_points;
	p->points = ch->badness.points;
	p->rule_delta = (int)ch->rule_delta;
	p->score = ch->score;
}

/* The scan skips /proc/PID/cgroup when nothing needs it; the record still names the cgroup. */
static void victim_read_cgroup(struct daemon *d, struct candidate *v)
{
	char path[64], buf[2048];
	struct pid_cgroups cgs;
	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)v->pid);
	ssize_t n = sysroot_read(path, buf, sizeof(buf));
	if (n <= 0 || pid_cgroup_parse(buf, (size_t)n, &cgs) < 0)
		return;
	snprintf(v->cgroup, sizeof(v->cgroup), "%s", pid_cgroup_memory_path(&cgs));
	cgroup_path_unit(pid_cgroup_unit_path(&cgs), v->unit, sizeof(v->unit));
}

static int read_oom_score(pid_t pid)
{
	char path[64], buf[32];
	int score;
	snprintf(path, sizeof(path), "/proc/%d/oom_score", (int)pid);
	ssize_t n = sysroot_read(path, buf, sizeof(buf) - 1);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (numparse_int_range(numparse_trim_ws(buf), 0, INT_MAX, &score) < 0)
		return -1;
	return score;
}

/* The processes one action signals: the victim first, then (group / cgroup scope) the other
 * members that are themselves eligible, so protected processes survive a group kill and
 * nothing outside the guarded cgroup is ever touched. */
static size_t collect_targets(struct daemon *d, const struct victim_choice *ch,
			      const struct victim_policy *pol, bool *whole_cgroup_ok)
{
	const struct candidate *v = &d->scan.v[ch->index];
	size_t n = 0;

	*whole_cgroup_ok = ch->scope == KILL_CGROUP;
	d->targets[n++] = (struct kill_target){ v->pid, v->starttime, -1, false };
	if (ch->scope == KILL_PROCESS)
		return n;
	for (size_t i = 0; i < d->scan.n; i++) {
		const struct candidate *c = &d->scan.v[i];
		bool member = ch->scope == KILL_PROCESS_GROUP ? c->pgrp == v->pgrp
							     : cgroup_within(c->cgroup, v->cgroup);
		if (!member || i == ch->index)
			continue;
		if (victim_excluded(c, pol) != SKIP_NONE) {
			*whole_cgroup_ok = false;     /* a protected member: signal one by one */
			continue;
		}
		if (n < DAEMON_MAX_TARGETS)
			d->targets[n++] = (struct kill_target){ c->pid, c->starttime, -1, false };
	}
	return n;
}

static void close_targets(struct daemon *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (d->targets[i].pidfd >= 0) {
			close(d->targets[i].pidfd);
			d->targets[i].pidfd = -1;
		}
}

static size_t signal_targets(struct daemon *d, size_t n, int sig, int *first_err)
{
	size_t sent = 0;
	for (size_t i = 0; i < n; i++) {
		struct kill_target *t = &d->targets[i];
		if (t->pidfd < 0 || t->exited)
			continue;
		int r = killer_signal(t->pidfd, sig);
		if (r == -ESRCH) {
			t->exited = true;
			continue;
		}
		if (r < 0) {
			if (i == 0 && first_err)
				*first_err = r;
			continue;
		}
		sent++;
		/* only a process with SIGKILL pending may be reaped early; after SIGTERM it is EINVAL */
		if (sig == SIGKILL)
			killer_mrelease(t->pidfd);
	}
	return sent;
}

static bool all_exited(struct daemon *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (d->targets[i].pidfd >= 0 && !d->targets[i].exited)
			return false;
	return true;
}

enum wait_result { WAIT_EXITED, WAIT_DEADLINE, WAIT_ESCALATE };

/* Waits for the targets until deadline.  With watch_memory (during a SIGTERM grace) memory is
 * sampled as often as its headroom asks and the wait ends early at the SIGKILL level. */
static enum wait_result wait_targets(struct daemon *d, size_t n, uint64_t deadline, bool watch_memory)
{
	struct pollfd pfd[DAEMON_MAX_TARGETS + 1];
	size_t map[DAEMON_MAX_TARGETS];

	for (;;) {
		size_t np = 0;
		for (size_t i = 0; i < n; i++) {
			if (d->targets[i].pidfd < 0 || d->targets[i].exited)
				continue;
			pfd[np] = (struct pollfd){ .fd = d->targets[i].pidfd, .events = POLLIN };
			map[np++] = i;
		}
		if (np == 0) {
			if (!d->pipe.stop_ms)
				d->pipe.stop_ms = daemon_now_ms();
			return WAIT_EXITED;
		}
		size_t nt = np;
		if (watch_memory && d->ut.event_fd >= 0)
			pfd[np++] = (struct pollfd){ .fd = d->ut.event_fd, .events = POLLIN };
		uint64_t now = daemon_now_ms();
		if (now >= deadline)
			return WAIT_DEADLINE;
		uint64_t timeout = deadline - now;
		struct mem_sample s;
		struct trigger_decision dec;
		if (watch_memory && daemon_sample(d, &s, &dec) == 0) {
			/* the kill's pipeline ends when memory comes back (the victim stopped and
			 * frees); an equal reading may only be the counters' granularity */
			if (!d->pipe.stop_ms && s.avail_kib > d->pipe.last_avail_kib)
				d->pipe.stop_ms = daemon_now_ms();
			d->pipe.last_avail_kib = s.avail_kib;
			if (dec.kind == TRIGGER_KILL)
				return WAIT_ESCALATE;
			unsigned iv = trigger_poll_interval_ms(&d->cfg, &d->trig, &s, &dec);
			if (iv < timeout)
				timeout = iv;
		}
		int r = poll(pfd, np, (int)timeout);
		if (r < 0 && errno != EINTR)
			return WAIT_DEADLINE;
		for (size_t k = 0; r > 0 && k < nt; k++)
			if (pfd[k].revents)
				d->targets[map[k]].exited = true;
		if (np > nt && pfd[nt].revents)
			memevents_drain(d->ut.event_fd);
	}
}

static void remember_stuck(struct daemon *d, const struct kill_target *t)
{
	d->stuck[d->next_stuck] = (struct victim_stuck){ t->pid, t->starttime };
	d->next_stuck = (d->next_stuck + 1) % DAEMON_MAX_STUCK;
	if (d->n_stuck < DAEMON_MAX_STUCK)
		d->n_stuck++;
}

/* v2: cgroup.kill ends every process of the victim's cgroup at once (Linux 5.14+). */
static void kill_whole_cgroup(struct daemon *d, const char *cgroup)
{
	char path[PATH_MAX];
	if (!d->ms.v2 || !d->ms.mount[0] || strcmp(cgroup, "/") == 0)
		return;
	snprintf(path, sizeof(path), "%s%s/cgroup.kill", d->ms.mount, cgroup);
	sysroot_write(path, "1");
}

/* The victim's details the scan did not read: opening a /proc file while the machine thrashes
 * can wait seconds, so an action reads them once its signal is out.  Its command line lives in
 * its own memory: /proc/PID/cmdline waits for the victim's mmap lock (192 ms once in the guest,
 * behind the leak's own faults in reclaim) and for a swap-in of its pages, so it is read after
 * the signal too, through the file the scan holds (no open).  A process that is already exiting
 * reads an empty command line (the record names it by comm) and an oom_score of 0, which the
 * kernel shows only for the unkillable and the exiting: that is recorded as unknown, and after
 * a SIGKILL it is not read at all. */
static void read_victim_details(struct daemon *d, struct candidate *v, bool after_sigkill)
{
	struct event_proc *p = &d->ev.victim;
	if (!v->cmdline[0] && procscan_cmdline(&d->scan, v->pid, v->cmdline, sizeof(v->cmdline)) >= 0) {
		snprintf(p->cmdline, sizeof(p->cmdline), "%s", v->cmdline);
		p->cmdline_truncated = strlen(v->cmdline) + 1 >= sizeof(v->cmdline);
	}
	if (!v->cgroup[0]) {
		victim_read_cgroup(d, v);
		snprintf(p->cgroup, sizeof(p->cgroup), "%s", v->cgroup);
		snprintf(p->unit, sizeof(p->unit), "%s", v->unit);
		p->cgroup_truncated = strlen(v->cgroup) + 1 >= sizeof(v->cgroup);
	}
	if (!after_sigkill) {
		int score = read_oom_score(v->pid);
		p->oom_score = score > 0 ? score : -1;
	}
}

/* The signal sequence; fills ev->signal, outcome, error, wait_ms.  late: the victim whose
 * details are read once the first signal is out (read_victim_details), or NULL. */
static void kill_sequence(struct daemon *d, size_t n, const struct trigger_decision *dec,
			  bool whole_cgroup, const char *victim_cgroup, struct candidate *late)
{
	struct daemon_event *ev = &d->ev;
	int err = 0;
	uint64_t t0 = daemon_now_ms();

	for (size_t i = 0; i < n; i++) {
		int fd = killer_open_verified(d->targets[i].pid, d->targets[i].starttime,
					      procscan_held_fd(&d->scan, d->targets[i].pid, PIDFILE_STAT));
		d->targets[i].pidfd = fd >= 0 ? fd : -1;
		d->targets[i].exited = fd == -ESRCH;
		if (i == 0 && fd < 0)
			err = fd;
	}
	if (err == -ESRCH) {
		/* gone, or its pid now belongs to another process: signal nothing */
		ev->outcome = OUTCOME_GONE;
		close_targets(d, n);
		return;
	}
	if (err < 0) {
		ev->outcome = OUTCOME_FAILED;
		ev->error = err;
		close_targets(d, n);
		return;
	}

	int sig = dec->kind == TRIGGER_KILL ? SIGKILL : SIGTERM;
	ev->signal = sig;
	if (sig == SIGKILL && whole_cgroup)
		kill_whole_cgroup(d, victim_cgroup);
	signal_targets(d, n, sig, &err);
	d->pipe.signal_ms = daemon_now_ms();
	if (err < 0) {
		ev->outcome = OUTCOME_FAILED;
		ev->error = err;
		close_targets(d, n);
		return;
	}
	if (late)
		read_victim_details(d, late, sig == SIGKILL);
	ev->outcome = OUTCOME_EXITED;
	if (sig == SIGTERM) {
		unsigned grace = trigger_grace_ms(&d->cfg, dec);
		enum wait_result w = wait_targets(d, n, t0 + grace, true);
		if (w != WAIT_EXITED) {
			ev->signal = SIGKILL;
			ev->outcome = OUTCOME_ESCALATED;
			if (whole_cgroup)
				kill_whole_cgroup(d, victim_cgroup);
			signal_targets(d, n, SIGKILL, NULL);
		}
	}
	if (!all_exited(d, n) &&
	    wait_targets(d, n, daemon_now_ms() + DAEMON_KILL_WAIT_MS, false) != WAIT_EXITED) {
		/* D state or stuck in the kernel: note it, never pick it again, move on */
		ev->outcome = d->targets[0].exited ? ev->outcome : OUTCOME_TIMEOUT;
		for (size_t i = 0; i < n; i++)
			if (d->targets[i].pidfd >= 0 && !d->targets[i].exited)
				remember_stuck(d, &d->targets[i]);
	}
	ev->wait_ms = (unsigned)(daemon_now_ms() - t0);
	close_targets(d, n);
}

static void run_action(struct daemon *d, const struct victim_rule *rule)
{
	struct daemon_event *ev = &d->ev;
	int pos = 0;

	ev->kind = EVENT_ACTION;
	ev->signal = 0;
	for (char **a = rule->action_argv; a && *a && pos < (int)sizeof(ev->message) - 1; a++)
		pos += snprintf(ev->message + pos, sizeof(ev->message) - (size_t)pos, "%s%s",
				a == rule->action_argv ? "" : " ", *a);
	if (d->cfg.dry_run) {
		ev->outcome = OUTCOME_DRY_RUN;
		return;
	}
	int r = hook_run(rule->action_argv, ev, "action", d->cfg.hook_timeout_ms);
	if (r >= 0 && WIFEXITED(r) && WEXITSTATUS(r) == 0) {
		ev->outcome = OUTCOME_SENT;
	} else {
		ev->outcome = OUTCOME_FAILED;
		ev->error = r < 0 ? r : -ECHILD;
	}
}

/* The snapshot's top consumers: the eligible candidates with the highest scores. */
static size_t collect_top(struct daemon *d, const struct victim_policy *pol)
{
	size_t n = 0;
	for (size_t i = 0; i < d->scan.n; i++) {
		const struct candidate *c = &d->scan.v[i];
		struct victim_choice ch;
		if (victim_excluded(c, pol) != SKIP_NONE)
			continue;
		victim_score(c, pol, &ch);
		size_t at = n < DAEMON_SNAPSHOT_TOP ? n++ : DAEMON_SNAPSHOT_TOP;
		if (at == DAEMON_SNAPSHOT_TOP) {
			if (ch.score <= d->top[DAEMON_SNAPSHOT_TOP - 1].score)
				continue;
			at = DAEMON_SNAPSHOT_TOP - 1;
		}
		while (at > 0 && d->top[at - 1].score < ch.score) {
			d->top[at] = d->top[at - 1];
			at--;
		}
		fill_proc(c, &ch, &d->top[at]);
	}
	return n;
}

/* meminfo_kept: d->text holds the deciding sample's /proc/meminfo (daemon_sample); else it is
 * read now, after the action. */
static void write_snapshot(struct daemon *d, const struct victim_policy *pol, bool meminfo_kept)
{
	char psi[512];
	if (!d->cfg.snapshot_dir)
		return;
	if (!meminfo_kept && sysroot_read("/proc/meminfo", d->text, sizeof(d->text)) < 0)
		d->text[0] = '\0';
	size_t n_top = collect_top(d, pol);
	ssize_t pn = sysroot_read("/proc/pressure/memory", psi, sizeof(psi));
	struct kill_snapshot snap = {
		.meminfo = d->text, .psi = pn > 0 ? psi : NULL, .vmstat = NULL,
		.top = d->top, .n_top = n_top,
	};
	int r = daemon_log_snapshot(d->log, &d->ev, &snap);
	if (r < 0)
		daemon_log_msg(d->log, LOG_WARNING, "kill snapshot in %s: %s", d->cfg.snapshot_dir,
			       strerror(-r));
}

/* The flight recorder's last minutes beside the kill snapshot (same name, .trace), ending with
 * the kill as an event: written after the kill, when memory is back. */
static void write_trace(struct daemon *d)
{
	char path[sizeof(d->ev.snapshot) + 8];
	if (!d->fr.on || !d->ev.snapshot[0] || daemon_flightrec_trace_path(d->ev.snapshot, path, sizeof(path)) < 0)
		return;
	struct trace_event e = { .t_ms = d->pipe.decided_ms > d->fr.t0_ms ? d->pipe.decided_ms - d->fr.t0_ms : 0 };
	snprintf(e.kind, sizeof(e.kind), "daemon_kill");
	snprintf(e.actor, sizeof(e.actor), "oomguard");
	if (d->ev.has_victim) {
		e.pid = d->ev.victim.pid;
		snprintf(e.comm, sizeof(e.comm), "%s", d->ev.victim.comm);
	}
	snprintf(e.detail, sizeof(e.detail), "%s%.96s", d->ev.dry_run ? "dry run: " : "", d->ev.trigger.reason);
	int r = daemon_flightrec_write(&d->fr, path, &e);
	if (r < 0)
		daemon_log_msg(d->log, LOG_WARNING, "flight recorder trace %s: %s", path, strerror(-r));
}

static void after_action(struct daemon *d)
{
	char what[256];
	write_trace(d);
	if (d->cfg.post_kill_argv && !d->cfg.dry_run && d->ev.kind == EVENT_KILL) {
		if (d->post_hook.pid == 0) {
			int r = hook_start(&d->post_hook, d->cfg.post_kill_argv, &d->ev, "post-kill",
					   NULL, NULL, d->cfg.hook_timeout_ms);
			if (r < 0)
				daemon_log_msg(d->log, LOG_WARNING, "post-kill hook %s: %s",
					       d->cfg.post_kill_argv[0], strerror(-r));
		} else {
			daemon_log_msg(d->log, LOG_WARNING, "post-kill hook still running; not started again");
		}
	}
	if (d->cfg.notify) {
		int r = notify_send_event(&d->ev, what, sizeof(what));
		daemon_log_msg(d->log, LOG_DEBUG, "notification: %s", r < 0 ? strerror(-r) : what);
	}
}

static void log_no_victim(struct daemon *d, const struct victim_choice *ch, size_t scanned)
{
	char why[200] = "";
	int pos = 0;
	for (int k = 1; k < SKIP_COUNT; k++)
		if (ch->skipped[k] && pos < (int)sizeof(why) - 1)
			pos += snprintf(why + pos, sizeof(why) - (size_t)pos, "%s%u %s", pos ? ", " : "",
					ch->skipped[k], victim_skip_name((enum victim_skip)k));
	d->ev.kind = EVENT_ERROR;
	d->ev.outcome = OUTCOME_FAILED;
	d->ev.error = -ESRCH;
	snprintf(d->ev.message, sizeof(d->ev.message), "no process may be chosen among %zu%s%s",
		 scanned, pos ? ": " : "", why);
	daemon_log_event(d->log, &d->ev);
}

/* --debug: the choice, and where the time from the deciding sample to the signal went (the
 * scan and the choice, then the victim's details and the pre-kill hook).  Logged after the
 * signal: nothing before it waits on the log. */
static void log_pipeline(struct daemon *d, pid_t victim, const struct victim_choice *ch)
{
	if (!d->cfg.debug)
		return;
	daemon_log_msg(d->log, LOG_DEBUG, "chose pid %d among %u eligible of %zu scanned; scan and "
		       "choice %llu ms after the deciding sample", (int)victim, ch->eligible, d->scan.n,
		       (unsigned long long)(d->pipe.chosen_ms - d->pipe.decided_ms));
	if (d->pipe.signal_ms)
		daemon_log_msg(d->log, LOG_DEBUG, "kill pipeline: signal %llu ms after the deciding "
			       "sample (the victim's details and hooks %llu ms)",
			       (unsigned long long)(d->pipe.signal_ms - d->pipe.decided_ms),
			       (unsigned long long)(d->pipe.signal_ms - d->pipe.chosen_ms));
}

/* A kill while memory was falling teaches the fill-rate raise how long the pipeline takes, from
 * the sample that decided until memory stopped falling (or the victims were gone). */
static void learn_pipeline(struct daemon *d, const struct trigger_decision *dec)
{
	bool falling = dec->cause == CAUSE_MEMORY || dec->cause == CAUSE_FILL_RATE;
	if (!falling || dec->rate_kib_s < PIPELINE_LEARN_MIN_RATE_KIB_S || !d->pipe.stop_ms ||
	    (d->ev.outcome != OUTCOME_EXITED && d->ev.outcome != OUTCOME_ESCALATED))
		return;
	unsigned took = (unsigned)(d->pipe.stop_ms - d->pipe.decided_ms);
	unsigned before = trigger_horizon_ms(&d->cfg, &d->trig);
	trigger_learn_pipeline(&d->trig, took);
	daemon_log_msg(d->log, LOG_DEBUG, "kill pipeline took %u ms (memory stopped falling); "
		       "fill-rate horizon %u -> %u ms%s", took, before, trigger_horizon_ms(&d->cfg, &d->trig),
		       d->cfg.rate_horizon_ms ? " (fixed by rate-horizon)" : "");
}

int daemon_act(struct daemon *d, const struct mem_sample *s, const struct trigger_decision *dec)
{
	struct victim_policy pol;
	struct victim_choice ch;
	int n = procscan_run(&d->scan, d->ms.cgroup ? d->ms.rel : NULL, d->ms.cgroup ? d->ms.dir : NULL);
	if (n > 0 && (size_t)n > d->scan_peak)
		d->scan_peak = (size_t)n;
	if (n < 0) {
		daemon_log_msg(d->log, LOG_ERR, "/proc: %s", strerror(-n));
		return n;
	}
	d->acting = true;
	/* the action's own scan goes with the sample that decided (in-memory, no I/O): the trace
	 * then shows who was there when the daemon acted */
	daemon_flightrec_note_scan(&d->fr, &d->scan);
	policy_for(d, s, &pol);
	memset(&d->ev, 0, sizeof(d->ev));
	d->ev.dry_run = d->cfg.dry_run;
	d->ev.recovered_kib = UINT64_MAX;
	fill_trigger(d, s, dec, &d->ev.trigger);
	if (victim_choose(d->scan.v, d->scan.n, &pol, &ch) < 0) {
		log_no_victim(d, &ch, d->scan.n);
		d->acting = false;
		return -ESRCH;
	}
	struct candidate *v = &d->scan.v[ch.index];
	d->pipe.chosen_ms = daemon_now_ms();
	d->pipe.signal_ms = 0;
	/* a rule's command and a pre-kill hook are told the victim's details, and a dry run sends
	 * no signal: those read them now; a kill once its first signal is out */
	bool details_now = d->cfg.dry_run || ch.action_rule || d->cfg.pre_kill_argv;
	if (!v->cgroup[0] && !details_now && ch.scope != KILL_PROCESS)
		victim_read_cgroup(d, v);      /* the targets are its cgroup's or group's members */
	d->ev.kind = EVENT_KILL;
	d->ev.has_victim = true;
	d->ev.scope = ch.scope;
	fill_proc(v, &ch, &d->ev.victim);
	if (details_now)
		read_victim_details(d, v, false);
	/* the snapshot's meminfo is the deciding sample's (the grace's samples leave it there) */
	bool meminfo_kept = d->text_meminfo;
	d->actions++;

	if (ch.action_rule) {
		run_action(d, ch.action_rule);
	} else if (d->cfg.dry_run) {
		d->ev.signal = dec->kind == TRIGGER_KILL ? SIGKILL : SIGTERM;
		d->ev.outcome = OUTCOME_DRY_RUN;
	} else {
		bool whole_cgroup;
		char victim_cgroup[CAND_CGROUP_MAX];
		snprintf(victim_cgroup, sizeof(victim_cgroup), "%s", v->cgroup);
		if (ch.scope == KILL_CGROUP && strcmp(victim_cgroup, "/") == 0)
			ch.scope = d->ev.scope = KILL_PROCESS;   /* never the root cgroup */
		size_t nt = collect_targets(d, &ch, &pol, &whole_cgroup);
		if (d->cfg.pre_kill_argv) {
			int r = hook_run(d->cfg.pre_kill_argv, &d->ev, "pre-kill", d->cfg.hook_timeout_ms);
			if (r < 0)
				daemon_log_msg(d->log, LOG_WARNING, "pre-kill hook %s: %s",
					       d->cfg.pre_kill_argv[0], strerror(-r));
		}
		d->pipe.stop_ms = 0;
		d->pipe.last_avail_kib = s->avail_kib;
		kill_sequence(d, nt, dec, whole_cgroup, victim_cgroup, details_now ? NULL : v);
		learn_pipeline(d, dec);
		struct mem_sample after;
		if (memsource_read(&d->ms, &after) == 0)
			d->ev.recovered_kib = after.avail_kib > s->avail_kib ? after.avail_kib - s->avail_kib : 0;
	}
	log_pipeline(d, d->ev.victim.pid, &ch);
	write_snapshot(d, &pol, meminfo_kept);
	d->text_meminfo = false;      /* the snapshot's own read may have replaced it */
	daemon_log_event(d->log, &d->ev);
	d->acting = false;
	after_action(d);
	return d->ev.outcome == OUTCOME_FAILED ? (d->ev.error ? d->ev.error : -EIO) : 0;
}
