/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's lean process scanner: fills a candidate array allocated once at start-up, reading
 * per process only what victim choice needs (stat, cgroup, status, oom_score_adj; cmdline and
 * the user name only when a rule matches on them; while files are held, each candidate's cmdline
 * is held unread, for the action to read the victim's without opening a file).  Unlike proctable_scan() it never allocates,
 * so it is safe in the kill path when memory is nearly gone. */
#ifndef OOMGUARD_PROCSCAN_H
#define OOMGUARD_PROCSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include "lib/policy/victim.h"
#include "os/daemon/pidfiles.h"

#define PROCSCAN_DEFAULT_CAP 8192

struct procscan {
	int proc_fd;                 /* /proc, open for the daemon's lifetime */
	struct candidate *v;         /* cap entries, mapped once */
	size_t n, cap;
	bool want_cmdline, want_user;
	bool want_cgroup;            /* read /proc/PID/cgroup even without a scope (rules, logs) */
	unsigned vanished, unreadable, dropped;  /* dropped: smaller processes past cap */
	size_t met, met_peak;        /* pids the last scan met (kernel threads and out of scope too) */
	struct pidfiles files;       /* held open while memory is short (procscan_hold) */
	/* scratch from here to the end (struct daemon gives it back at rest) */
	char dents[4096];             /* getdents64 batches: ~150 entries each */
	char buf[8192];
	char procs[4096];            /* chunks of cgroup.procs */
};

/* Maps the arrays and opens /proc (through sysroot).  The only function here that allocates. */
int procscan_init(struct procscan *ps, size_t cap);
void procscan_free(struct procscan *ps);
/* Rescans.  scope: only processes in this memory cgroup or below are kept (NULL = all); with
 * scope_dir (the cgroup's directory) only the pids listed in its cgroup.procs and those of its
 * descendants are read, which is what keeps a scan of one cgroup fast on a machine with
 * thousands of processes.  Each process's own /proc/PID/cgroup is still checked against scope.
 * Returns the number kept, or -errno when /proc (or the cgroup) cannot be read. */
int procscan_run(struct procscan *ps, const char *scope, const char *scope_dir);
/* Gives back the pages of the last scan's table (os/daemon/resident.h): its results are gone,
 * the next scan fills it again.  The read buffers are the caller's to give back. */
void procscan_rest(struct procscan *ps);
/* Holds each process's files open across scans (os/daemon/pidfiles.h) from now on, or closes
 * them all and stops. */
void procscan_hold(struct procscan *ps, bool on);
/* The last scan's held /proc/PID file of that kind (until the next scan), or -1. */
int procscan_held_fd(struct procscan *ps, pid_t pid, enum pidfile_kind kind);
/* Reads pid's cmdline (argv joined by spaces) into buf; returns the length or -errno. */
int procscan_cmdline(struct procscan *ps, pid_t pid, char *buf, size_t cap);

#endif
