/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `oomguard explain` for the daemon's actions: finds the action wanted in the event log (streamed)
 * and tells it through cmd/daemon_view, with its snapshot and the kernel's kills near it. */
#include "cmd/explain_daemon.h"
#include "cmd/explain_html.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/errors.h"
#include "lib/policy/leadup.h"
#include "os/daemon/daemon_flightrec.h"
#include "os/logs/daemon_history.h"
#include "os/logs/trace_file.h"

/* Reads the whole event log (streamed): the action wanted (by id, or the last) and the actions
 * near dp->near_us.  0, or -errno when the log cannot be opened or read (dp->path names it). */
int explain_daemon_scan(const char *event_log, struct daemon_pick *dp)
{
	struct daemon_history *h;
	struct daemon_event *ev = malloc(sizeof(*ev));
	char err[256], id[DAEMON_EVENT_ID_LEN + 1];
	uint64_t line;
	int r;

	if (!ev)
		return -ENOMEM;
	r = daemon_history_open(event_log, &h);
	if (r < 0) {
		if (event_log)
			snprintf(dp->path, sizeof(dp->path), "%s", event_log);
		else
			daemon_history_default_path(dp->path, sizeof(dp->path));
		free(ev);
		return r;
	}
	snprintf(dp->path, sizeof(dp->path), "%s", daemon_history_path(h));
	while ((r = daemon_history_next(h, ev, &line, err, sizeof(err))) != 0) {
		if (r == -EBADMSG) {
			dp->n_malformed++;
			continue;
		}
		if (r < 0)
			break;
		if (!daemon_event_is_action(ev))
			continue;
		dp->n_actions++;
		daemon_event_id(ev, id);
		int64_t t = daemon_event_time_us(ev);
		if (nearby_in_window(t, dp->near_us)) {
			struct nearby n = { .realtime_us = t, .pid = ev->has_victim ? ev->victim.pid : -1 };
			snprintf(n.id, sizeof(n.id), "%s", id);
			snprintf(n.comm, sizeof(n.comm), "%s", ev->has_victim ? ev->victim.comm : "");
			snprintf(n.what, sizeof(n.what), "%s%s", daemon_event_action(ev), ev->dry_run ? " (dry run)" : "");
			nearby_add(&dp->near, &n);
		}
		if (dp->id && strncasecmp(id, dp->id, strlen(dp->id)) != 0)
			continue;
		if (dp->id && dp->found && daemon_event_time_us(&dp->ev) == t && dp->ev.kind == ev->kind)
			continue;   /* the same record written twice */
		dp->n_matches++;
		if (!dp->id && dp->found && daemon_event_time_us(&dp->ev) > t)
			continue;   /* keep the latest */
		dp->ev = *ev;
		dp->line = line;
		dp->found = true;
	}
	daemon_history_close(h);
	free(ev);
	return r < 0 ? r : 0;
}

static void lu_sample(void *ctx, const struct trace_sample *s) { leadup_feed_sample(ctx, s); }
static void lu_event(void *ctx, const struct trace_event *e) { leadup_feed_event(ctx, e); }

/* The lead-up from the flight recorder's trace beside a kill snapshot; NULL when there is none
 * (an older daemon, the recorder off) or it cannot be read, which is said in a note. */
static struct leadup *explain_leadup_read(const char *snap_path, char *trace_path, size_t cap)
{
	struct trace_header h;
	char err[200] = "";
	if (daemon_flightrec_trace_path(snap_path, trace_path, cap) < 0 || access(trace_path, F_OK) < 0) {
		trace_path[0] = '\0';
		return NULL;
	}
	struct leadup *lu = malloc(sizeof(*lu));
	if (!lu)
		return NULL;
	leadup_init(lu);
	struct trace_file_sink sink = { NULL, lu_sample, lu_event, lu };
	if (trace_file_stream(trace_path, &h, &sink, err, sizeof(err)) < 0 || !leadup_finish(lu)) {
		if (err[0])
			og_note("%s: %s", trace_path, err);
		free(lu);
		trace_path[0] = '\0';
		return NULL;
	}
	return lu;
}

/* Tells one daemon action: its record, its snapshot, the kernel's kills near it. */
int explain_daemon_story(const struct daemon_pick *dp, const struct nearby_list *kernel_near, unsigned kernel_events,
			 bool kernel_read, enum explain_format fmt, const char *out_path)
{
	struct daemon_snapshot *snap = malloc(sizeof(*snap));
	char id[DAEMON_EVENT_ID_LEN + 1], snap_path[4096], problem[300];
	struct strbuf sb;
	int rc;

	if (!snap)
		return og_error("explain", "out of memory");
	daemon_event_id(&dp->ev, id);
	int e = daemon_history_snapshot(dp->path, &dp->ev, snap, snap_path, sizeof(snap_path), problem,
					sizeof(problem));
	if (e < 0 && e != -EBADMSG)
		snprintf(problem, sizeof(problem), "%s", e == -ENOENT ? "the file is gone (moved or cleaned up?)" :
			 strerror(-e));
	char trace_path[4096 + 8] = "";
	struct leadup *lu = e == 0 ? explain_leadup_read(snap_path, trace_path, sizeof(trace_path)) : NULL;
	struct daemon_story story = {
		.ev = &dp->ev, .id = id, .source = dp->path, .line = dp->line, .snap = e == 0 ? snap : NULL,
		.snap_path = snap_path, .snap_problem = e == 0 ? NULL : problem, .kernel = kernel_near,
		.kernel_read = kernel_read, .events_read = dp->n_actions, .leadup = lu,
		.trace_path = trace_path,
	};
	strbuf_init(&sb);
	if (fmt == EXPLAIN_JSON) {
		daemon_view_story_json(&sb, &story);
	} else if (fmt == EXPLAIN_HTML) {
		explain_html_daemon_page(&sb, &story);
	} else {
		daemon_view_story(&sb, &story);
		if (!dp->id && kernel_events + dp->n_actions > 1)
			strbuf_addf(&sb, "\n(%u kernel events and %u daemon actions read; this is the last. `oomguard events` lists them all; pass an ID to choose.)\n",
				    kernel_events, dp->n_actions);
	}
	if (dp->n_malformed)
		og_note("%u malformed line%s in %s skipped (`oomguard events --event-log FILE` names them)",
			dp->n_malformed, dp->n_malformed == 1 ? "" : "s", dp->path);
	rc = sb.failed ? og_error("explain", "out of memory while formatting")
		       : fmt == EXPLAIN_TEXT ? cli_write_text(out_path, sb.buf, sb.len) : cli_write_output(out_path, sb.buf, sb.len);
	strbuf_free(&sb);
	free(snap);
	free(lu);
	return rc;
}

