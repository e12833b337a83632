/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's past actions, read back for `events` and `explain`: its event log (JSON lines,
 * streamed through os/logreader's fixed buffer, so memory stays bounded whatever its size) and
 * the snapshot file of each kill.  Parsing is lib/policy/daemon_event_read; this is only I/O. */
#ifndef OOMGUARD_DAEMON_HISTORY_H
#define OOMGUARD_DAEMON_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "lib/policy/daemon_event_read.h"

struct daemon_history;

/* Opens the event log at path, or (path NULL) where the daemon writes it: the event-log of its
 * configuration file on the live system, else the default (/var/lib/oomguard/events.jsonl, below
 * --root).  0, or -errno (-ENOENT: no event log, i.e. no daemon ran with one). */
int daemon_history_open(const char *path, struct daemon_history **out);
/* The file opened (or tried, after a failed open: see daemon_history_default_path). */
const char *daemon_history_path(const struct daemon_history *h);
/* Where daemon_history_open(NULL, ...) looks, into buf. */
void daemon_history_default_path(char *buf, size_t cap);
/* The next record: 1 with ev and its line number in *line; 0 at the end; -EBADMSG for a
 * malformed line (the problem in err, its number in *line; the next call goes on after it);
 * another -errno when reading fails. */
int daemon_history_next(struct daemon_history *h, struct daemon_event *ev, uint64_t *line,
			char *err, size_t errlen);
void daemon_history_close(struct daemon_history *h);

/* Loads the snapshot of ev: the file it names (below --root), else a file of that name beside the
 * event log or in its snapshots/ folder (a copied-away log keeps working).  The file used or
 * looked for goes into path.  0; -ENOENT (none recorded, or not found); -EBADMSG (malformed, or
 * the snapshot of another kill; the problem in err); -EFBIG; another -errno. */
int daemon_history_snapshot(const char *event_log, const struct daemon_event *ev, struct daemon_snapshot *snap,
			    char *path, size_t pathcap, char *err, size_t errlen);

#endif
