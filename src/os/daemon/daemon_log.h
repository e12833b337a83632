/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's records: one structured record per action (journal fields, syslog or stderr),
 * one JSON line per action appended to the event log, and at each kill a JSON snapshot of the
 * memory state for `oomguard explain`.  Everything is formatted into buffers allocated by
 * daemon_log_open, so the kill path never calls malloc (the runtime mlocks; memory is short).
 * Schema: doc/daemon-events-json.md. */
#ifndef OOMGUARD_DAEMON_LOG_H
#define OOMGUARD_DAEMON_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "lib/policy/daemon_config.h"
#include "lib/policy/daemon_event.h"

struct daemon_log;

/* Opens the log from cfg: picks the target (cfg->log_target), opens the event log
 * (O_APPEND|O_CREAT, 0640, creating its directory) and sizes the buffers.  A missing event log
 * directory that cannot be created is an error: -errno with "PATH: problem" in err. */
int daemon_log_open(struct daemon_log **out, const struct daemon_config *cfg, char *err, size_t errlen);
void daemon_log_close(struct daemon_log *log);
/* Gives back the pages of the record buffers (os/daemon/resident.h); the next record is built
 * in them again. */
void daemon_log_rest(struct daemon_log *log);
/* Applies a reloaded config (event log path, snapshot dir, target, debug); keeps the old
 * settings on error. */
int daemon_log_reconfigure(struct daemon_log *log, const struct daemon_config *cfg, char *err, size_t errlen);

/* The target in use ("journal", "syslog", "stderr"). */
const char *daemon_log_target_name(const struct daemon_log *log);

/* A plain message at a syslog priority (LOG_ERR, LOG_WARNING, LOG_NOTICE, LOG_INFO, LOG_DEBUG;
 * LOG_DEBUG only with cfg->debug).  Formats into a fixed buffer; text is escaped. */
void daemon_log_msg(struct daemon_log *log, int priority, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records one action: a structured record to the target and a JSON line to the event log
 * (one write).  Returns 0, or -errno of the event log write (the record was still logged). */
int daemon_log_event(struct daemon_log *log, struct daemon_event *ev);

/* Writes the snapshot of a kill as DIR/kill-YYYYmmddTHHMMSS.mmmZ-PID.json (written to a
 * temporary name, then renamed: never half-written) and stores its path in ev->snapshot.
 * 0, or -errno (no snapshot dir configured: -ENOENT). */
int daemon_log_snapshot(struct daemon_log *log, struct daemon_event *ev, const struct kill_snapshot *snap);

#endif
