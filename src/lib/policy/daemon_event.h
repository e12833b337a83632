/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The records of the daemon's actions as structs, and their JSON form (one line per action in the
 * event log; one document per kill snapshot).  Pure: the runtime fills the structs, os/daemon_log.c
 * sends them.  Fixed-size fields only, so records are built without malloc at kill time.
 * Schema: doc/daemon-events-json.md. */
#ifndef OOMGUARD_DAEMON_EVENT_H
#define OOMGUARD_DAEMON_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "lib/policy/daemon_config.h"

/* Journal MESSAGE_ID of kill/action records, and of start/stop/reload records. */
#define OOMGUARD_MESSAGE_ID_ACTION "5c1f7a0e2b8d4e6f9a3c1d7b0e4f8a21"
#define OOMGUARD_MESSAGE_ID_DAEMON "9e2d4b7c1a6f4083b5e0c8d2f7a1b364"

enum event_kind {
	EVENT_KILL,        /* a signal sent (or that would be, with dry_run) */
	EVENT_ACTION,      /* a rule's command run instead of a kill */
	EVENT_START, EVENT_STOP, EVENT_RELOAD,
	EVENT_ERROR,       /* something the runtime could not do (kill failed, no victim, ...) */
};

enum event_outcome {
	OUTCOME_NONE,      /* not applicable (start, stop, ...) */
	OUTCOME_DRY_RUN,   /* nothing was sent */
	OUTCOME_SENT,      /* signal delivered, death not yet seen */
	OUTCOME_EXITED,    /* the victim is gone */
	OUTCOME_ESCALATED, /* SIGTERM did not suffice within the grace; SIGKILL followed */
	OUTCOME_GONE,      /* the victim had already exited (ESRCH), nothing sent */
	OUTCOME_FAILED,    /* sending failed: see event.error */
	OUTCOME_TIMEOUT,   /* the victim outlived SIGKILL's wait */
};

/* One candidate (the victim, or one of the top consumers in a snapshot).  Text is raw bytes,
 * NUL-terminated, cut at the field size (the *_truncated flags say so); escaped on output. */
struct event_proc {
	pid_t pid;
	uid_t uid;
	char comm[64];
	char cgroup[512];
	char unit[256];
	char cmdline[512];
	int oom_score, oom_score_adj;
	uint64_t rss_kib, swap_kib, pgtables_kib;
	/* the kernel's badness factors (lib/procfs/badness.h) in points, and oomguard's ranking */
	int64_t rss_points, swap_points, pgtables_points, adj_points, points;
	int rule_delta;        /* sum of the prefer/avoid rule deltas applied */
	int64_t score;         /* what oomguard ranked by */
	bool cgroup_truncated, cmdline_truncated;
};

/* A trigger's state when the action was decided.  Values the runtime did not measure are
 * marked with NaN (doubles) or UINT64_MAX (sizes) and are written as null. */
struct event_trigger {
	char reason[96];        /* short words: "mem", "mem+swap", "psi", "rate", "rule", ... */
	uint64_t mem_total_kib, mem_available_kib, swap_total_kib, swap_free_kib;
	double mem_available_pct, swap_free_pct;
	uint64_t mem_term_kib, mem_kill_kib, swap_term_kib, swap_kill_kib; /* resolved levels */
	double psi_some_avg10, psi_full_avg10;
	double fill_rate_kib_s;         /* how fast MemAvailable falls; NaN = unknown */
	double time_to_exhaustion_s;    /* NaN = not falling */
	char cgroup[512];               /* the guarded cgroup, "" = whole machine */
};

struct daemon_event {
	enum event_kind kind;
	struct timespec time;           /* CLOCK_REALTIME; zero = daemon_log_event fills it */
	struct event_trigger trigger;
	bool has_victim;
	struct event_proc victim;
	enum kill_scope scope;
	int signal;                     /* 0 = none (ACTION, dry run of a rule command) */
	enum event_outcome outcome;
	int error;                      /* -errno when outcome is FAILED */
	uint64_t recovered_kib;         /* MemAvailable gained after the action; UINT64_MAX unknown */
	unsigned wait_ms;               /* from signal to death (or to giving up) */
	bool dry_run;
	char message[256];              /* free text: rule command, reload error, ... */
	char snapshot[512];             /* path of the snapshot written for this kill, "" = none */
};

/* A top consumer list and the raw kernel text saved beside a kill. */
struct kill_snapshot {
	const char *meminfo;            /* /proc/meminfo text (or the cgroup's memory.stat) */
	const char *psi;                /* /proc/pressure/memory text, NULL when absent */
	const char *vmstat;             /* optional /proc/vmstat text, NULL to skip */
	const struct event_proc *top;   /* the ~20 biggest candidates, best first */
	size_t n_top;
};

/* The event as one JSON line (with '\n') / the snapshot as
 * one JSON document, appended to out.  The log formats into strbufs it allocated at open with room
 * for the worst case of these fixed-size fields, so no allocation happens at kill time. */
struct strbuf;
void daemon_event_json(const struct daemon_event *ev, struct strbuf *out);
void kill_snapshot_json(const struct daemon_event *ev, const struct kill_snapshot *snap,
			struct strbuf *out);

/* One human line for the journal MESSAGE, syslog, stderr and notifications ("sent SIGTERM to
 * 4242 (memhog) uid 0: mem, MemAvailable 812 MiB (3.3%); rss 20480 MiB ...; exited, recovered
 * 20011 MiB in 130 ms").  Text from the system is escaped; always NUL-terminated. */
void daemon_event_summary(const struct daemon_event *ev, char *buf, size_t cap);
/* Escapes text from the system for a log line or terminal into dst (control bytes, DEL,
 * backslash and invalid UTF-8 as \n \t \\ \xNN; cut with "..." when too long); no allocation,
 * unlike lib/util/safetext, so it is safe at kill time.  Returns dst. */
const char *text_escape_fixed(char *dst, size_t cap, const char *s);
/* "SIGTERM", "SIGKILL", ... */
const char *signal_name(int sig);
/* "2026-11-21T10:00:00.123Z" */
void event_time_iso(const struct timespec *ts, char *buf, size_t cap);
const char *event_kind_name(enum event_kind k);
const char *event_outcome_name(enum event_outcome o);

#endif
