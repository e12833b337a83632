/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's metrics at run time: counters the main loop bumps (atomics, never a lock), and a
 * metrics side that runs beside the loop in its own threads: the textfile writer (one thread,
 * every metrics-interval) and the HTTP endpoint (os/daemon/metrics_http.c).  The kill path never
 * waits on it; its messages reach the daemon's log through a non-blocking pipe the loop reads. */
#ifndef OOMGUARD_METRICS_DAEMON_H
#define OOMGUARD_METRICS_DAEMON_H

#include <stdint.h>
#include "lib/policy/daemon_config.h"
#include "lib/policy/daemon_event.h"
#include "lib/policy/metrics_text.h"
#include "lib/policy/trigger.h"

struct daemon_log;

/* Bumped by the main loop only (relaxed atomics); read by the metrics threads. */
struct metrics_counters {
	uint64_t actions[MX_N_ACTIONS][MX_N_REASONS];
	uint64_t errors, reloads_ok, reloads_failed, wakeups;
	uint64_t last_kill_ms;       /* wall clock */
	uint64_t start_ms;
};

/* Counts one record the daemon logged: kills and commands by action and the trigger's cause,
 * failures, reloads. */
void metrics_count_event(struct metrics_counters *c, const struct daemon_event *ev,
			 enum trigger_cause cause);
static inline void metrics_count_wakeups(struct metrics_counters *c, uint64_t wakeups)
{
	__atomic_store_n(&c->wakeups, wakeups, __ATOMIC_RELAXED);
}

struct metrics_daemon;

/* Starts what cfg asks for (nothing when both metrics-textfile and metrics-listen are off:
 * *out is NULL).  Problems (folder missing, port in use, no libmicrohttpd) are logged as one
 * line each and that part stays off: the daemon guards memory anyway.  0, or -ENOMEM. */
int metrics_daemon_start(struct metrics_daemon **out, const struct daemon_config *cfg,
			 const struct metrics_counters *c, struct daemon_log *log);
/* The descriptor the main loop polls for the metrics side's messages (-1 without one). */
int metrics_daemon_msg_fd(const struct metrics_daemon *md);
/* Logs the messages waiting in that pipe (never blocks). */
void metrics_daemon_drain_msgs(struct metrics_daemon *md, struct daemon_log *log);
/* Stops the threads; the textfile gets oomguard_daemon_up 0.  NULL is fine. */
void metrics_daemon_stop(struct metrics_daemon *md);

/* For the HTTP endpoint: the whole exposition, freshly collected, into out (under the lock the
 * textfile writer shares); and a message for the daemon's log (dropped if the pipe is full). */
struct strbuf;
void metrics_daemon_render(struct metrics_daemon *md, struct strbuf *out);
void metrics_daemon_message(struct metrics_daemon *md, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
