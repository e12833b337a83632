/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How `events` and `explain` show the oomguard daemon's own actions (read back by
 * os/daemon_history): a row beside the kernel's kills, a JSON line, and the story of one kill from
 * its event-log line and snapshot, with the kernel's OOM kills near that time. */
#ifndef OOMGUARD_DAEMON_VIEW_H
#define OOMGUARD_DAEMON_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/policy/daemon_event_read.h"
#include "lib/util/strbuf.h"

/* Kernel kills and daemon actions this close in time are shown as related. */
#define NEARBY_WINDOW_US (60 * 1000000LL)
#define NEARBY_MAX 8

/* An event of the other kind near the one explained. */
struct nearby {
	char id[16];
	int64_t realtime_us;
	long long pid;             /* victim, -1 when none */
	char comm[64];             /* victim name, raw (escaped when shown) */
	char what[40];             /* "oom-kill", "memcg-oom"; "SIGTERM", "SIGKILL (dry run)" ... */
};

struct nearby_list {
	struct nearby v[NEARBY_MAX];
	size_t n, more;            /* more: beyond NEARBY_MAX */
};

void nearby_add(struct nearby_list *l, const struct nearby *n);
/* Both times known (LOG_TIME_UNKNOWN is not) and at most NEARBY_WINDOW_US apart. */
bool nearby_in_window(int64_t a, int64_t b);

/* Kill, rule action and error records: what `events` lists (start, stop, reload are not). */
bool daemon_event_is_action(const struct daemon_event *ev);
/* "SIGTERM", "SIGKILL", "action", "error" */
const char *daemon_event_action(const struct daemon_event *ev);

/* One row in the columns of `events` (TIME HOST ID VICTIM RSS TRIGGER SCOPE CAUSE). */
void daemon_view_row(struct strbuf *sb, const struct daemon_event *ev, const char *id);
/* One JSON line for `events --json` (doc/events-json.md). */
void daemon_view_json_line(struct strbuf *sb, const struct daemon_event *ev, const char *id,
			   const char *source, uint64_t line);

/* Everything `explain` tells about one daemon action. */
struct leadup;

struct daemon_story {
	const struct daemon_event *ev;
	const char *id, *source;          /* the event log */
	uint64_t line;
	const struct daemon_snapshot *snap;   /* NULL when none could be read ... */
	const char *snap_path;            /* ... the file looked for ("" = none recorded) */
	const char *snap_problem;         /* ... and why, or NULL */
	const struct nearby_list *kernel; /* the kernel's OOM kills near it */
	bool kernel_read;                 /* some kernel log could be read */
	unsigned events_read;             /* daemon actions in the log */
	const struct leadup *leadup;      /* from the flight recorder's trace beside the snapshot, or NULL */
	const char *trace_path;           /* that trace ("" = none) */
};
void daemon_view_story(struct strbuf *sb, const struct daemon_story *s);
void daemon_view_story_json(struct strbuf *sb, const struct daemon_story *s);

/* For the story of a kernel kill: the daemon's actions near it (nothing when the list is empty). */
void daemon_view_nearby_actions(struct strbuf *sb, const struct nearby_list *l, int64_t kernel_us);

#endif
