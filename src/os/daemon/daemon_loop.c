/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's main loop: one epoll set holding a signalfd (SIGTERM/SIGINT exit, SIGHUP reload),
 * the PSI trigger fd and, for a cgroup v1 scope, the usage-threshold eventfd; between events it
 * sleeps as long as the headroom allows (trigger_poll_interval_ms), so it wakes rarely while
 * memory is plentiful and every few milliseconds when it is short.  The event fds are one-shot:
 * after firing they rest (EVENT_HOLD_MS, or parked while pressure cannot count), so an fd that
 * keeps firing cannot cause a wake-up storm. */
#include "os/daemon/daemon_runtime.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include "lib/util/compiler.h"
#include "os/daemon/daemon_act.h"
#include "os/daemon/daemon_sample.h"
#include "os/daemon/daemon_state.h"
#include "os/daemon/notify.h"
#include "os/daemon/resident.h"
#include "os/daemon/selfprotect.h"

static int epoll_add(int epfd, int fd, uint32_t events)
{
	struct epoll_event e = { .events = events, .data.fd = fd };
	return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &e) < 0 ? -errno : 0;
}

/* (Re)arms the kernel event sources for the current configuration and scope. */
OG_COLD static void arm_events(struct daemon *d)
{
	if (d->psi_fd >= 0) {
		close(d->psi_fd);
		d->psi_fd = -1;
	}
	usage_thresholds_close(&d->ut);
	d->arm_usage_kib = 0;
	d->psi_hold_until = d->ut_hold_until = 0;
	d->trig.psi_trigger_armed = false;

	if (d->cfg.psi_enabled && d->cfg.psi_stall_ms && d->cfg.psi_window_ms) {
		unsigned window;
		int fd = psi_trigger_open(d->ms.pressure, d->cfg.psi_stall_ms, d->cfg.psi_window_ms,
					  &window);
		if (fd >= 0 && window != d->cfg.psi_window_ms)
			daemon_log_msg(d->log, LOG_NOTICE, "%s: PSI trigger window %u ms (without "
				       "CAP_SYS_RESOURCE the kernel takes multiples of 2 s)",
				       d->ms.pressure, window);
		if (fd >= 0 && epoll_add(d->epfd, fd, EPOLLPRI | EPOLLONESHOT) == 0) {
			d->psi_fd = fd;
			d->trig.psi_trigger_armed = true;
		} else if (fd >= 0) {
			close(fd);
		} else {
			daemon_log_msg(d->log, LOG_WARNING, "%s: no PSI trigger (%s); sampling avg10 only",
				       d->ms.pressure, strerror(-fd));
		}
	}

	if (d->ms.cgroup && !d->ms.v2) {
		struct mem_sample s;
		struct trigger_levels lv;
		if (memsource_read(&d->ms, &s) < 0 || s.total_kib == 0)
			return;
		trigger_levels_resolve(&d->cfg, &s, &lv);
		/* usage (KiB) at which avail reaches: the start of close watching, SIGTERM, SIGKILL */
		uint64_t watch = lv.mem_term_kib * 2;
		if (watch < lv.mem_term_kib + s.total_kib / 4)
			watch = lv.mem_term_kib + s.total_kib / 4;
		uint64_t room[3] = { watch, lv.mem_term_kib, lv.mem_kill_kib }, at[3];
		size_t n = 0;
		for (int i = 0; i < 3; i++)
			if (room[i] < s.total_kib)
				at[n++] = (s.total_kib - room[i]) * 1024;
		int r = usage_thresholds_open(&d->ut, d->ms.dir, at, n);
		if (r == 0 && epoll_add(d->epfd, d->ut.event_fd, EPOLLIN | EPOLLONESHOT) == 0) {
			d->arm_usage_kib = n ? at[0] / 1024 : 0;
		} else {
			usage_thresholds_close(&d->ut);
			daemon_log_msg(d->log, LOG_WARNING, "%s: no usage thresholds (%s); polling",
				       d->ms.dir, strerror(r < 0 ? -r : errno));
		}
	}
}

OG_COLD static int open_scope(struct daemon *d, char *err, size_t errlen)
{
	int r = memsource_open(&d->ms, d->cfg.cgroup, d->cfg.psi_enabled);
	if (r < 0) {
		snprintf(err, errlen, "%s: %s", d->cfg.cgroup ? d->cfg.cgroup : "/proc/meminfo",
			 r == -ENOENT && d->cfg.cgroup ? "not a memory cgroup" : strerror(-r));
		return r;
	}
	struct mem_sample s;
	if ((r = memsource_read(&d->ms, &s)) < 0) {
		snprintf(err, errlen, "%s: %s", d->ms.cgroup ? d->ms.dir : "/proc/meminfo", strerror(-r));
		return r;
	}
	d->scan.want_cmdline = victim_rules_use(&d->cfg, RULE_CMDLINE);
	d->scan.want_user = victim_rules_use(&d->cfg, RULE_USER);
	d->scan.want_cgroup = victim_rules_use(&d->cfg, RULE_CGROUP) ||
			      victim_rules_use(&d->cfg, RULE_UNIT) || d->cfg.default_scope == KILL_CGROUP;
	for (unsigned i = 0; i < d->cfg.n_rules; i++)
		if (d->cfg.rules[i].scope == KILL_CGROUP)
			d->scan.want_cgroup = true;
	return 0;
}

OG_COLD static void log_levels(struct daemon *d, const char *what)
{
	struct mem_sample s;
	struct trigger_levels lv;
	if (memsource_read(&d->ms, &s) < 0)
		return;
	trigger_levels_resolve(&d->cfg, &s, &lv);
	daemon_log_msg(d->log, LOG_NOTICE,
		       "%s: guarding %s%s; available %llu of %llu MiB; SIGTERM at %llu MiB, SIGKILL at "
		       "%llu MiB; swap %llu MiB, SIGTERM at %llu, SIGKILL at %llu MiB; pressure %s%s%s",
		       what, d->ms.cgroup ? "cgroup " : "the machine", d->ms.cgroup ? d->ms.rel : "",
		       (unsigned long long)s.avail_kib / 1024, (unsigned long long)s.total_kib / 1024,
		       (unsigned long long)lv.mem_term_kib / 1024, (unsigned long long)lv.mem_kill_kib / 1024,
		       (unsigned long long)s.swap_total_kib / 1024, (unsigned long long)lv.swap_term_kib / 1024,
		       (unsigned long long)lv.swap_kill_kib / 1024,
		       d->cfg.psi_enabled ? (d->psi_fd >= 0 ? "trigger armed" : "avg10 only") : "off",
		       d->ut.event_fd >= 0 ? "; usage thresholds armed" : "",
		       d->cfg.dry_run ? "; DRY RUN: no signals" : "");
}

/* The tail of struct daemon that only an action uses: the scan's read buffers and the action's
 * tables (struct daemon keeps them last for this). */
static char *scratch_tail(struct daemon *d, size_t *len)
{
	size_t from = offsetof(struct daemon, scan) + offsetof(struct procscan, dents);
	*len = sizeof(*d) - from;
	return (char *)d + from;
}

/* Back to what waiting needs (os/daemon/resident.h): the tables an action or the start-up scan
 * filled are dropped (the next action fills them again; nothing in them outlives an action),
 * then the stack below the loop and the code only start-up, reloads and reports run. */
static void rest(struct daemon *d)
{
	size_t len;
	char *tail = scratch_tail(d, &len);
	resident_release(tail, len);
	daemon_flightrec_rest(&d->fr);
	procscan_hold(&d->scan, false);
	d->text_meminfo = false;
	procscan_rest(&d->scan);
	daemon_log_rest(d->log);
	resident_rest(d->cfg.n_rules > 0);
	(void)selfprotect_boost(false);
	d->armed = false;
}

/* After an action, a reload or a kernel kill: rest now, unless memory is short (armed); then the
 * loop rests once memory is back above the guard, and the scratch is not given back and touched
 * again between two actions. */
static void rest_unless_armed(struct daemon *d)
{
	if (!d->armed)
		rest(d);
}

/* Memory is short (below the pressure guard): the kill path's scratch, which rest() gave back,
 * is made resident (and locked) again now, while pages are still there to be had, not when the
 * action starts: the scan's buffers and its table as large as the largest scan so far, the
 * action's tables, the stack an action goes down to, and the flight recorder's ring.  Meanwhile
 * the scan holds each process's /proc files open (os/daemon/pidfiles.h), each sample leaves its
 * /proc/meminfo text for a kill's snapshot (so the action reads none before its signal), and the
 * daemon runs at a higher CPU priority (selfprotect_boost).  All of it is given back
 * REST_MARGIN_PCT points above the guard (a margin: no churn at its edge). */
#define ARM_STACK_BYTES (48 * 1024)
#define REST_MARGIN_PCT 10.0
static void __attribute__((noinline)) arm_stack(void)
{
	volatile char pad[ARM_STACK_BYTES];
	for (size_t i = 0; i < sizeof(pad); i += 4096)
		pad[i] = 0;
}

static void arm(struct daemon *d)
{
	size_t len;
	char *tail = scratch_tail(d, &len);
	resident_touch(tail, len);
	size_t rows = d->scan_peak + d->scan_peak / 4 + 64;
	if (d->scan.v)
		resident_touch(d->scan.v, (rows < d->scan.cap ? rows : d->scan.cap) * sizeof(*d->scan.v));
	arm_stack();
	daemon_flightrec_arm(&d->fr);
	procscan_hold(&d->scan, true);
	int r = selfprotect_boost(true);
	if (r < 0)
		daemon_log_msg(d->log, LOG_DEBUG, "memory short: nice %d: %s", SELFPROTECT_BOOST_NICE,
			       strerror(-r));
	d->armed = true;
}

/* SIGHUP: load into a new struct; on error keep the running one and say why. */
OG_COLD static void reload(struct daemon *d)
{
	struct daemon_config next;
	char err[512] = "";

	service_notify_reloading();
	int r = daemon_config_load(d->argc, d->argv, &next, err, sizeof(err));
	memset(&d->ev, 0, sizeof(d->ev));
	d->ev.kind = EVENT_RELOAD;
	d->ev.recovered_kib = UINT64_MAX;
	if (r < 0) {                 /* the loader freed what it had built */
		d->ev.outcome = OUTCOME_FAILED;
		d->ev.error = r;
		snprintf(d->ev.message, sizeof(d->ev.message), "reload failed, keeping the running "
			 "configuration: %.200s", err[0] ? err : strerror(-r));
		daemon_log_event(d->log, &d->ev);
		service_notify_ready();
		return;
	}
	struct daemon_config old = d->cfg;
	struct memsource old_ms = d->ms;
	d->cfg = next;
	if (open_scope(d, err, sizeof(err)) < 0) {
		daemon_config_free(&d->cfg);
		d->cfg = old;
		d->ms = old_ms;
		d->ev.outcome = OUTCOME_FAILED;
		snprintf(d->ev.message, sizeof(d->ev.message), "reload failed, keeping the running "
			 "configuration: %.200s", err);
		daemon_log_event(d->log, &d->ev);
		service_notify_ready();
		return;
	}
	if ((r = daemon_log_reconfigure(d->log, &d->cfg, err, sizeof(err))) < 0)
		daemon_log_msg(d->log, LOG_WARNING, "reload: log settings kept: %s", err);
	daemon_config_free(&old);
	/* the ring keeps its size: a new window applies to what it holds; 0 stops recording (and a
	 * recorder off since start stays off until a restart maps one) */
	if (d->fr.mem) {
		d->fr.on = d->cfg.flight_recorder_minutes > 0;
		if (d->fr.on)
			d->fr.ring.window_ms = (uint64_t)d->cfg.flight_recorder_minutes * 60000u;
	}
	unsigned learned = d->trig.horizon_ms;       /* what the kills taught survives a reload */
	trigger_state_init(&d->trig);
	d->trig.horizon_ms = learned;
	arm_events(d);
	snprintf(d->ev.message, sizeof(d->ev.message), "configuration reloaded");
	d->ev.outcome = OUTCOME_NONE;
	daemon_log_event(d->log, &d->ev);
	log_levels(d, "reloaded");
	service_notify_ready();
}

/* (Re)starts the metrics side for the current configuration; its message pipe joins the epoll
 * set.  Problems are logged by metrics_daemon_start and leave that part off. */
OG_COLD static void start_metrics(struct daemon *d)
{
	if (d->metrics) {
		int fd = metrics_daemon_msg_fd(d->metrics);
		epoll_ctl(d->epfd, EPOLL_CTL_DEL, fd, NULL);
		metrics_daemon_drain_msgs(d->metrics, d->log);
		metrics_daemon_stop(d->metrics);
		d->metrics = NULL;
	}
	int r = metrics_daemon_start(&d->metrics, &d->cfg, &d->mcount, d->log);
	if (r == -ENOSYS) {          /* oomguard-daemon has no metrics: the full oomguard takes over */
		daemon_log_msg(d->log, LOG_NOTICE, "metrics asked for: handing over to the full oomguard "
			       "(the flight recorder starts again)");
		d->handover = d->stop = true;
	} else if (r < 0)
		daemon_log_msg(d->log, LOG_ERR, "metrics: out of memory; metrics are off");
	else if (d->metrics)
		epoll_add(d->epfd, metrics_daemon_msg_fd(d->metrics), EPOLLIN);
}

/* Handles pending signals; returns true when the daemon must stop. */
static void handle_signals(struct daemon *d)
{
	struct signalfd_siginfo si;
	while (read(d->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			reload(d);
			metrics_count_event(&d->mcount, &d->ev, CAUSE_NONE);
			if (d->ev.outcome != OUTCOME_FAILED)
				start_metrics(d);
			rest_unless_armed(d);
		} else if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT)
			d->stop = true;
	}
}

/* The scope's OOM kill count rose: the kernel killed.  The last minutes go beside the kill
 * snapshots as kernel-TIME.trace, ending with the kill. */
OG_COLD static void write_kernel_trace(struct daemon *d)
{
	char when[32], path[PATH_MAX];
	struct tm tm;
	time_t t = time(NULL);
	d->fr.kernel_kill_pending = false;
	if (!d->cfg.snapshot_dir)
		return;
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y%m%dT%H%M%SZ", &tm);
	if (snprintf(path, sizeof(path), "%s/kernel-%s.trace", d->cfg.snapshot_dir, when) >= (int)sizeof(path))
		return;
	struct trace_event e = { .t_ms = d->fr.kernel_kill_ms };
	snprintf(e.kind, sizeof(e.kind), "kernel_oom_kill");
	snprintf(e.actor, sizeof(e.actor), "kernel");
	snprintf(e.detail, sizeof(e.detail), "the OOM kill count of %.64s rose", d->fr.scope);
	int r = daemon_flightrec_write(&d->fr, path, &e);
	if (r < 0)
		daemon_log_msg(d->log, LOG_WARNING, "flight recorder trace %s: %s", path, strerror(-r));
	else
		daemon_log_msg(d->log, LOG_NOTICE, "the kernel's OOM killer acted in %s; the last minutes "
			       "are in %s", d->fr.scope, path);
}

OG_COLD static int setup(struct daemon *d, char *err, size_t errlen)
{
	sigset_t set;
	struct selfprotect_result sp;
	int r;

	d->epfd = d->sigfd = d->psi_fd = -1;
	d->ut.event_fd = d->ut.usage_fd = -1;
	if ((r = daemon_log_open(&d->log, &d->cfg, err, errlen)) < 0)
		return r;
	if ((r = procscan_init(&d->scan, PROCSCAN_DEFAULT_CAP)) < 0) {
		snprintf(err, errlen, "/proc: %s", strerror(-r));
		return r;
	}
	if ((r = open_scope(d, err, errlen)) < 0)
		return r;
	/* before mlockall: the ring is mapped now and its pages are locked as they fill */
	if ((r = daemon_flightrec_open(&d->fr, d->cfg.flight_recorder_minutes, FLIGHTREC_DEFAULT_SLOTS,
			  d->ms.cgroup ? d->ms.rel : "/")) < 0)
		daemon_log_msg(d->log, LOG_WARNING, "flight recorder: %s; no traces of kills", strerror(-r));

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	d->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	d->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (d->sigfd < 0 || d->epfd < 0 || (r = epoll_add(d->epfd, d->sigfd, EPOLLIN)) < 0) {
		r = -errno;
		snprintf(err, errlen, "signalfd/epoll: %s", strerror(errno));
		return r;
	}
	trigger_state_init(&d->trig);
	arm_events(d);

	selfprotect_apply(&sp);
	if (sp.mlock_err)
		daemon_log_msg(d->log, LOG_WARNING, "mlockall: %s; pages may be swapped out",
			       strerror(-sp.mlock_err));
	if (sp.oom_adj_err)
		daemon_log_msg(d->log, LOG_WARNING, "/proc/self/oom_score_adj: %s; the kernel may kill "
			       "this daemon first", strerror(-sp.oom_adj_err));
	/* a dry run of the kill path's scan: its code and buffers are resident (and locked) before
	 * they are needed, when faulting them in could stall */
	uint64_t t0 = daemon_now_ms();
	int n = procscan_run(&d->scan, d->ms.cgroup ? d->ms.rel : NULL, d->ms.cgroup ? d->ms.dir : NULL);
	unsigned took = (unsigned)(daemon_now_ms() - t0);
	d->scan_peak = n > 0 ? (size_t)n : 0;
	/* the first kill's pipeline is at least this scan plus the signal and the victim stopping */
	if (took + PIPELINE_STOP_ALLOWANCE_MS > d->trig.horizon_ms)
		trigger_learn_pipeline(&d->trig, took + PIPELINE_STOP_ALLOWANCE_MS);
	daemon_log_msg(d->log, LOG_DEBUG, "start-up scan: %d processes in %u ms; fill-rate horizon %u ms",
		       n, took, trigger_horizon_ms(&d->cfg, &d->trig));
	start_metrics(d);
	return 0;
}

OG_COLD static void teardown(struct daemon *d)
{
	if (d->post_hook.pid)
		hook_wait(&d->post_hook);
	if (d->metrics) {
		metrics_daemon_drain_msgs(d->metrics, d->log);
		metrics_daemon_stop(d->metrics);
		d->metrics = NULL;
	}
	notify_shutdown();
	usage_thresholds_close(&d->ut);
	if (d->psi_fd >= 0)
		close(d->psi_fd);
	if (d->sigfd >= 0)
		close(d->sigfd);
	if (d->epfd >= 0)
		close(d->epfd);
	procscan_free(&d->scan);
	daemon_flightrec_close(&d->fr);
	if (d->log)
		daemon_log_close(d->log);
	daemon_config_free(&d->cfg);
}

OG_COLD static void periodic_report(struct daemon *d, const struct mem_sample *s,
			    const struct trigger_decision *dec)
{
	daemon_log_msg(d->log, LOG_INFO, "available %llu of %llu MiB (%.1f%%), swap free %llu of %llu "
		       "MiB, falling %.0f MiB/s, %llu wake-ups, %llu actions",
		       (unsigned long long)s->avail_kib / 1024, (unsigned long long)s->total_kib / 1024,
		       s->total_kib ? 100.0 * (double)s->avail_kib / (double)s->total_kib : 0.0,
		       (unsigned long long)s->swap_free_kib / 1024,
		       (unsigned long long)s->swap_total_kib / 1024, dec->rate_kib_s / 1024.0,
		       (unsigned long long)d->wakeups, (unsigned long long)d->actions);
}

/* Re-enables a one-shot event fd after its rest. */
static void rearm(struct daemon *d, int fd, uint32_t events, uint64_t *hold_until, uint64_t now)
{
	if (fd < 0 || !*hold_until || now < *hold_until)
		return;
	struct epoll_event e = { .events = events | EPOLLONESHOT, .data.fd = fd };
	if (epoll_ctl(d->epfd, EPOLL_CTL_MOD, fd, &e) == 0)
		*hold_until = 0;
}

/* The sleep never outlasts a resting event fd: it is re-armed on time. */
static unsigned until_rearm(unsigned interval, uint64_t hold_until, uint64_t now)
{
	if (!hold_until || hold_until == EVENT_PARKED)
		return interval;
	uint64_t left = hold_until > now ? hold_until - now : 0;
	return left < interval ? (unsigned)left : interval;
}

/* slept: the sleep asked for; woke_ms: when epoll_wait returned; slept_from_ms: when it was
 * called (0 before the first); busy_ms: the wake before this one, from its epoll_wait to the next */
OG_COLD static void debug_wake(struct daemon *d, unsigned slept, uint64_t woke_ms, uint64_t slept_from_ms,
			       unsigned busy_ms, int n, bool psi_event, bool usage_event,
		       const struct mem_sample *s, const struct trigger_decision *dec)
{
	/* a wake later than asked, or a sample that took long, is time the daemon could not act */
	uint64_t now = daemon_now_ms();
	daemon_log_msg(d->log, LOG_DEBUG, "wake after %u ms, asked %u (%s%s%s; sampled in %llu ms, %u of them recording; the wake before took %u ms): available %llu of %llu KiB, swap free %llu of "
		       "%llu KiB, full avg10 %.2f, stall %.0f ms%s%s, falling %.0f KiB/s, SIGTERM at "
		       "%llu KiB (horizon %u ms); %s (%s)",
		       slept_from_ms ? (unsigned)(woke_ms - slept_from_ms) : 0, slept,
		       n == 0 ? "timer" : "event", psi_event ? ", psi" : "", usage_event ? ", usage" : "",
		       (unsigned long long)(now - woke_ms), d->note_ms, busy_ms,
		       (unsigned long long)s->avail_kib, (unsigned long long)s->total_kib,
		       (unsigned long long)s->swap_free_kib, (unsigned long long)s->swap_total_kib,
		       s->psi_full_avg10, dec->stall_ms, d->trig.short_now ? " (memory short)" : "",
		       dec->swap_holds ? ", swap holds" : "", dec->rate_kib_s,
		       (unsigned long long)dec->term_level_kib, trigger_horizon_ms(&d->cfg, &d->trig),
		       dec->kind == TRIGGER_NONE ? "no action" : dec->kind == TRIGGER_KILL ? "SIGKILL" : "SIGTERM",
		       trigger_cause_name(dec->cause));
}

static void __attribute__((hot, noinline)) loop(struct daemon *d)
{
	uint64_t watchdog_ms = service_watchdog_ms(), last_watchdog = 0, last_report = daemon_now_ms();
	unsigned interval = 0;
	struct epoll_event evs[8];

	uint64_t slept_from_ms = 0, woke_ms = 0;
	unsigned busy_ms = 0;        /* --debug: the last wake's whole work, its log line included */
	while (!d->stop) {
		if (d->cfg.debug) {
			slept_from_ms = daemon_now_ms();
			busy_ms = woke_ms ? (unsigned)(slept_from_ms - woke_ms) : 0;
		}
		int n = epoll_wait(d->epfd, evs, 8, (int)interval);
		bool psi_event = false, usage_event = false;
		uint64_t now = daemon_now_ms();
		woke_ms = now;
		d->wakeups++;
		for (int i = 0; i < n; i++) {
			if (evs[i].data.fd == d->sigfd) {
				handle_signals(d);
			} else if (evs[i].data.fd == d->psi_fd) {
				psi_event = true;
				d->psi_hold_until = now + EVENT_HOLD_MS;
			} else if (evs[i].data.fd == d->ut.event_fd) {
				memevents_drain(d->ut.event_fd);
				usage_event = true;
				d->ut_hold_until = now + EVENT_HOLD_MS;
			} else if (d->metrics && evs[i].data.fd == metrics_daemon_msg_fd(d->metrics)) {
				metrics_daemon_drain_msgs(d->metrics, d->log);
			}
		}
		metrics_count_wakeups(&d->mcount, d->wakeups);
		if (d->stop)
			break;

		struct mem_sample s;
		struct trigger_decision dec;
		if (daemon_sample(d, &s, &dec) < 0) {
			interval = POLL_MAX_MS;
			continue;
		}
		if (d->fr.kernel_kill_pending) {
			write_kernel_trace(d);
			rest_unless_armed(d);
		}
		/* Pressure only counts below the guard: a trigger that fired while memory is
		 * plentiful (another cgroup stalling, a busy machine) stays parked until a sample
		 * finds memory below the guard; the headroom-sized sleeps get there in time. */
		bool guard = trigger_psi_guard_open(&d->cfg, &s);
		if (guard && !d->armed)
			arm(d);
		else if (d->armed && trigger_above_guard(&d->cfg, &s, REST_MARGIN_PCT))
			rest(d);
		if (d->psi_hold_until && !guard)
			d->psi_hold_until = EVENT_PARKED;
		else if (d->psi_hold_until == EVENT_PARKED)
			d->psi_hold_until = now;
		rearm(d, d->psi_fd, EPOLLPRI, &d->psi_hold_until, now);
		rearm(d, d->ut.event_fd, EPOLLIN, &d->ut_hold_until, now);
		if (d->cfg.debug)
			debug_wake(d, interval, now, slept_from_ms, busy_ms, n, psi_event, usage_event, &s, &dec);
		if (dec.kind != TRIGGER_NONE && !cooldown_holds(&d->cool, &d->cfg, now, s.avail_kib)) {
			d->pipe.decided_ms = now;
			d->ev.kind = EVENT_START;     /* not counted, unless daemon_act records something */
			int r = daemon_act(d, &s, &dec);
			if (d->ev.kind == EVENT_START)
				d->ev.kind = EVENT_ERROR;      /* it failed before choosing (/proc) */
			metrics_count_event(&d->mcount, &d->ev, dec.cause);
			struct mem_sample after;
			uint64_t avail = memsource_read(&d->ms, &after) == 0 ? after.avail_kib : s.avail_kib;
			cooldown_start(&d->cool, daemon_now_ms(), s.avail_kib, avail);
			trigger_acted(&d->trig);
			/* nothing was freed (dry run, nobody to choose): wait the whole cool-down */
			d->cool.full = d->cfg.dry_run || r == -ESRCH;
			interval = POLL_MIN_MS;
			rest_unless_armed(d);
			continue;
		}
		if (d->cool.active && dec.kind == TRIGGER_NONE)
			d->cool.active = false;

		interval = trigger_poll_interval_ms(&d->cfg, &d->trig, &s, &dec);
		/* v1 usage thresholds wake us before the headroom matters */
		if (d->ut.event_fd >= 0 && !d->ut_hold_until && s.usage_kib < d->arm_usage_kib &&
		    interval < POLL_MAX_MS && !d->trig.short_now)
			interval = POLL_MAX_MS;
		if (d->cool.active && interval > COOLDOWN_SETTLE_MS / 4)
			interval = COOLDOWN_SETTLE_MS / 4;
		interval = until_rearm(interval, d->psi_hold_until, now);
		interval = until_rearm(interval, d->ut_hold_until, now);
		if (d->post_hook.pid && hook_poll(&d->post_hook) != -EAGAIN)
			d->post_hook.pid = 0;
		if (notify_poll() > 0 && interval > 1000)
			interval = 1000;
		if (watchdog_ms) {
			if (now - last_watchdog >= watchdog_ms / 2) {
				service_notify_watchdog();
				last_watchdog = now;
			}
			if (interval > watchdog_ms / 2)
				interval = (unsigned)(watchdog_ms / 2);
		}
		if (d->cfg.report_interval_s) {
			uint64_t every = (uint64_t)d->cfg.report_interval_s * 1000;
			if (now - last_report >= every) {
				periodic_report(d, &s, &dec);
				last_report = now;
			}
			if (interval > every)
				interval = (unsigned)every;
		}
	}
}

int daemon_run(struct daemon_config *cfg, int argc, char **argv, char *err, size_t errlen)
{
	/* Large (preallocated tables): not on the stack.  Static, so zero at start (daemon_run runs
	 * once per process), and not cleared here: a page of it becomes resident (and locked, by
	 * mlockall's MCL_ONFAULT) when first used, so the kill path's tables cost nothing at rest;
	 * the first kill faults in a few zero pages, while memory is at the SIGTERM level, not gone. */
	static struct daemon d;
	d.cfg = *cfg;
	memset(cfg, 0, sizeof(*cfg));
	d.argc = argc;
	d.argv = argv;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	d.mcount.start_ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	int r = setup(&d, err, errlen);
	if (r < 0) {
		teardown(&d);
		return r;
	}
	memset(&d.ev, 0, sizeof(d.ev));
	d.ev.kind = EVENT_START;
	d.ev.recovered_kib = UINT64_MAX;
	d.ev.dry_run = d.cfg.dry_run;
	snprintf(d.ev.message, sizeof(d.ev.message), "oomguard daemon started (pid %d)", (int)getpid());
	daemon_log_event(d.log, &d.ev);
	log_levels(&d, "started");
	if ((r = service_notify_ready()) < 0)
		daemon_log_msg(d.log, LOG_WARNING, "NOTIFY_SOCKET=%s: %s; the service manager gets no "
			       "readiness or watchdog messages", getenv("NOTIFY_SOCKET"), strerror(-r));
	rest(&d);
	loop(&d);
	if (!d.handover)             /* the one taking over says READY=1 under the same pid */
		service_notify_stopping();
	memset(&d.ev, 0, sizeof(d.ev));
	d.ev.kind = EVENT_STOP;
	d.ev.recovered_kib = UINT64_MAX;
	snprintf(d.ev.message, sizeof(d.ev.message), "%s after %llu wake-ups, %llu actions",
		 d.handover ? "handing over" : "stopping",
		 (unsigned long long)d.wakeups, (unsigned long long)d.actions);
	daemon_log_event(d.log, &d.ev);
	bool handover = d.handover;
	teardown(&d);
	return handover ? DAEMON_RUN_HANDOVER : 0;
}
