/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's records read back: one event-log line or one kill snapshot (the JSON that
 * daemon_event.c writes, doc/daemon-events-json.md) -> the same structs the daemon filled.  Pure
 * and strict: the grammar is checked in full (lib/util/json_read), known keys must hold the type
 * the schema gives them, unknown keys are skipped (a newer daemon may add some).  Never allocates,
 * so it is fuzzed as it is used. */
#ifndef OOMGUARD_DAEMON_EVENT_READ_H
#define OOMGUARD_DAEMON_EVENT_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/policy/daemon_event.h"
#include "lib/procfs/psi.h"

#define DAEMON_EVENT_ID_LEN 12          /* "og" + 10 hex digits */
#define SNAPSHOT_COUNTER_KEY 48
#define SNAPSHOT_MAX_MEMINFO 128        /* /proc/meminfo has ~60 keys, memory.stat ~50 */
#define SNAPSHOT_MAX_VMSTAT 320         /* /proc/vmstat has ~180 on 6.x */
#define SNAPSHOT_MAX_TOP 64             /* the daemon saves ~20 */

struct snapshot_counter {
	char key[SNAPSHOT_COUNTER_KEY];
	uint64_t value;
};

/* One kill snapshot file.  Lists longer than the arrays keep their first entries (*_dropped
 * counts the rest).  Large: allocate it. */
struct daemon_snapshot {
	struct daemon_event ev;             /* the event keys it repeats */
	bool has_meminfo, has_vmstat;
	size_t n_meminfo, n_vmstat, n_top;
	size_t meminfo_dropped, vmstat_dropped, top_dropped;
	struct snapshot_counter meminfo[SNAPSHOT_MAX_MEMINFO];   /* kB (counts for HugePages_*) */
	struct snapshot_counter vmstat[SNAPSHOT_MAX_VMSTAT];
	struct psi psi;                     /* present = false when null */
	struct event_proc top[SNAPSHOT_MAX_TOP];
};

/* Parses one event-log line (without or with its newline) into ev.  0, or -EBADMSG with
 * "problem" in err (e.g. "victim.comm: expected a string (byte 212)"). */
int daemon_event_parse(const char *text, size_t len, struct daemon_event *ev, char *err, size_t errlen);
/* Parses a whole snapshot file into snap.  0, or -EBADMSG with the problem in err (a schema other
 * than oomguard-kill-snapshot/1 is one). */
int daemon_snapshot_parse(const char *text, size_t len, struct daemon_snapshot *snap, char *err, size_t errlen);

/* The event's id for `oomguard explain`: "og" + 10 hex digits of a hash of its time, kind and
 * victim pid (never all hex, so never mistaken for a kernel event's id). */
void daemon_event_id(const struct daemon_event *ev, char out[DAEMON_EVENT_ID_LEN + 1]);
/* Microseconds since the epoch, as the event log's time_us. */
int64_t daemon_event_time_us(const struct daemon_event *ev);
/* A meminfo counter by its key, or UINT64_MAX when the snapshot has none. */
uint64_t snapshot_meminfo(const struct daemon_snapshot *s, const char *key);

#endif
