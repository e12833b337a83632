/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's flight recorder at the OS edge: every sample the daemon takes goes into the ring
 * (lib/policy/flightrec), with the largest processes and growers while memory is short; after a
 * kill, the daemon's own or the kernel's (its OOM kill count rose), the last minutes are written
 * beside the kill snapshots as a trace that `oomguard replay` and `explain` read.  All memory is
 * mapped at start; a sample allocates nothing. */
#ifndef OOMGUARD_DAEMON_FLIGHTREC_H
#define OOMGUARD_DAEMON_FLIGHTREC_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/policy/flightrec.h"
#include "lib/policy/trace.h"
#include "lib/util/strbuf.h"
#include "os/daemon/recorder.h"

#define DFR_TRACES_KEPT 32          /* trace files kept in the snapshot folder, oldest go first */
#define DFR_PROCS_EVERY_MS 500u     /* process scans for the ring at most this often */
/* While more than half of memory is available the ring keeps one sample per this period (the
 * loop wakes every 5.5 s then): a lead-up matters from where memory falls, and a 10-minute
 * window at rest fills half as many slots, so half as many pages. */
#define DFR_PLENTIFUL_EVERY_MS 10000u

struct memsource;
struct procscan;

struct daemon_flightrec {
	bool on;
	struct flightrec ring;
	void *mem;
	size_t mem_bytes;
	struct recorder_growth growth;
	struct trace_sample cur;        /* scratch for one sample */
	struct strbuf line;             /* one trace line while writing */
	uint64_t t0_ms, start_epoch_ms;
	uint64_t last_procs_ms;
	uint64_t last_push_ms;          /* the newest sample in the ring (0: none yet) */
	uint64_t last_oom_kill;
	bool have_oom_kill;
	bool kernel_kill_pending;       /* the count rose: write the trace at the next safe point */
	uint64_t kernel_kill_ms;
	char scope[TRACE_SCOPE_MAX];
};

/* minutes 0 turns it off.  0 or -errno (no memory for the ring). */
int daemon_flightrec_open(struct daemon_flightrec *fr, unsigned minutes, size_t slots, const char *scope);
void daemon_flightrec_close(struct daemon_flightrec *fr);
/* One sample of the guarded memory.  scan may be NULL (no process scan allowed now, e.g. during
 * an action, whose candidates must stay as they are); scope/scope_dir as procscan_run takes them. */
void daemon_flightrec_note(struct daemon_flightrec *fr, const struct memsource *ms, const struct mem_sample *s,
	      uint64_t now_ms, struct procscan *scan, const char *scope, const char *scope_dir,
	      bool short_now);
/* Memory is short: the ring's whole memory is made resident (and locked) now.  While memory
 * stays short the daemon samples often and the ring grows (a grown ring moves its oldest part to
 * its new end), and a page first touched then may wait seconds for reclaim, holding up the next
 * sample; now, at the pressure guard, pages are still to be had. */
void daemon_flightrec_arm(struct daemon_flightrec *fr);
/* Memory is back: the pages past the slots the ring uses are given back. */
void daemon_flightrec_rest(struct daemon_flightrec *fr);
/* The processes of a scan the daemon took anyway (an action's) go with the newest sample. */
void daemon_flightrec_note_scan(struct daemon_flightrec *fr, const struct procscan *scan);
/* Writes the ring as a trace to path (temporary name, then renamed), with one event line for the
 * kill last; keeps at most DFR_TRACES_KEPT traces in path's folder.  0 or -errno. */
int daemon_flightrec_write(struct daemon_flightrec *fr, const char *path, const struct trace_event *kill);
/* The trace path that belongs to a kill snapshot: "DIR/kill-...json" -> "DIR/kill-....trace". */
int daemon_flightrec_trace_path(const char *snapshot, char *buf, size_t cap);

#endif
