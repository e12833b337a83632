/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's state, shared by the main loop (daemon_loop.c) and the action it takes
 * (daemon_act.c), and the sampling both use (daemon_sample.c).  Everything the kill path touches
 * is allocated here at start-up. */
#ifndef OOMGUARD_DAEMON_STATE_H
#define OOMGUARD_DAEMON_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/policy/daemon_config.h"
#include "lib/policy/daemon_event.h"
#include "lib/policy/trigger.h"
#include "lib/policy/victim.h"
#include "os/daemon/daemon_flightrec.h"
#include "os/daemon/daemon_log.h"
#include "os/daemon/hooks.h"
#include "os/daemon/memevents.h"
#include "os/daemon/memsource.h"
#include "os/daemon/metrics_daemon.h"
#include "os/daemon/procscan.h"

#define DAEMON_MAX_TARGETS 256      /* processes signalled in one action (group/cgroup scope) */
#define DAEMON_MAX_STUCK 16
#define DAEMON_KILL_WAIT_MS 3000    /* after SIGKILL: longer means D state, move on */
#define DAEMON_SNAPSHOT_TOP 20
/* Only kills during a fall this fast teach the pipeline time (slower falls measure noise). */
#define PIPELINE_LEARN_MIN_RATE_KIB_S (16.0 * 1024)
/* Before the first kill: the start-up scan's time plus this for the signal and the stop. */
#define PIPELINE_STOP_ALLOWANCE_MS 100u
/* After a PSI trigger or usage threshold fires, its fd rests this long before it may wake us
 * again (the timer samples meanwhile), so a fd that keeps firing cannot cause a wake-up storm. */
#define EVENT_HOLD_MS 500u
#define EVENT_PARKED UINT64_MAX      /* hold_until: until memory is below the pressure guard */

struct kill_target {
	pid_t pid;
	uint64_t starttime;
	int pidfd;                   /* -1 when not opened (gone, refused) */
	bool exited;
};

/* The fields the main loop reads at every wake-up come first, so that at rest they share a few
 * pages; the tables that only a start-up scan or an action fills follow, and stay out of memory
 * until then (bench/idle_footprint.sh). */
struct daemon {
	struct daemon_config cfg;
	int argc;
	char **argv;
	struct daemon_log *log;
	struct trigger_state trig;
	struct cooldown cool;
	int epfd, sigfd, psi_fd;
	struct usage_thresholds ut;
	uint64_t arm_usage_kib;      /* v1 scope: below this usage the thresholds wake us */
	struct {
		uint64_t decided_ms;     /* the sample that triggered the action */
		uint64_t chosen_ms;      /* the scan and the choice done */
		uint64_t signal_ms;      /* the first signal sent (0 = none) */
		uint64_t stop_ms;        /* memory stopped falling after the signal (0 = not yet) */
		uint64_t last_avail_kib;
	} pipe;                      /* one kill's timing, for the learned fill-rate horizon */
	uint64_t psi_hold_until, ut_hold_until;   /* event fds rest after firing (0 = armed) */
	bool acting;                 /* inside daemon_act: the scan's candidates are in use */
	uint64_t wakeups, actions;
	unsigned note_ms;            /* --debug: the flight recorder's part of the last sample */
	struct metrics_counters mcount;   /* bumped here, read by the metrics threads */
	struct metrics_daemon *metrics;   /* NULL when metrics are off */
	bool stop;
	bool handover;               /* stopped for the full oomguard (metrics in oomguard-daemon) */
	bool armed;                  /* the kill path's scratch is resident (memory is short) */
	bool text_meminfo;           /* text holds the last sample's /proc/meminfo (daemon_sample) */
	size_t scan_peak;            /* most processes a scan has kept: the table's pages to arm */
	struct victim_stuck stuck[DAEMON_MAX_STUCK];
	size_t n_stuck, next_stuck;
	struct daemon_flightrec fr;  /* the last minutes, written beside each kill */
	struct memsource ms;
	struct hook_child post_hook;  /* its pid is read at each wake-up */
	struct procscan scan;        /* its settings first, then its read buffers */
	/* below, from scan.dents on: scratch of the scan and the action, given back after each
	 * (daemon_loop.c, rest()) */
	struct daemon_event ev;      /* each event fills it from zero */
	struct kill_target targets[DAEMON_MAX_TARGETS];
	struct event_proc top[DAEMON_SNAPSHOT_TOP];
	char text[16384];            /* meminfo / memory.stat text for snapshots */
};

#endif
