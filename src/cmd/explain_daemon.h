/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's side of `oomguard explain` (cmd_explain.c): which action to tell, and telling it. */
#ifndef OOMGUARD_EXPLAIN_DAEMON_H
#define OOMGUARD_EXPLAIN_DAEMON_H

#include <stdbool.h>

#include "cmd/daemon_view.h"
#include "lib/kmsg/log_record.h"

/* The daemon's action to explain (by id, or the last one), or its actions near a time. */
struct daemon_pick {
	const char *id;             /* wanted id or prefix; NULL = the last action */
	struct daemon_event ev;
	uint64_t line;
	bool found;
	unsigned n_actions, n_matches, n_malformed;
	char path[4096];
	int64_t near_us;            /* LOG_TIME_UNKNOWN, or collect the actions near this time */
	struct nearby_list near;
};

/* Reads the whole event log (streamed): the action wanted (by id prefix, or the last) and the
 * actions near dp->near_us.  0, or -errno when the log cannot be opened or read (dp->path names
 * it).  Malformed lines are counted and skipped. */
int explain_daemon_scan(const char *event_log, struct daemon_pick *dp);
enum explain_format { EXPLAIN_TEXT, EXPLAIN_JSON, EXPLAIN_HTML };

/* Tells dp's action (text, JSON or an HTML page) with its snapshot and the kernel's events near
 * it, to out_path (NULL: stdout); returns the command's exit code. */
int explain_daemon_story(const struct daemon_pick *dp, const struct nearby_list *kernel_near, unsigned kernel_events,
			 bool kernel_read, enum explain_format fmt, const char *out_path);

#endif
