/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The lead-up to an OOM kill, from a memory trace: how far and how fast memory fell, who grew,
 * when swap filled, how long tasks stalled.  Fed one trace line at a time with constant memory,
 * so a trace of any length (the daemon's flight recorder, `oomguard record`) can be summed up.
 * The fall reported is the deepest one: from a peak of available memory to the lowest point
 * after it (just before the kill, when there was one).  Pure. */
#ifndef OOMGUARD_LEADUP_H
#define OOMGUARD_LEADUP_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/policy/trace.h"
#include "lib/util/json.h"
#include "lib/util/strbuf.h"

#define LEADUP_CURVE_MAX 64   /* points of the available-memory curve, whatever the trace's length */

struct leadup {
	/* while feeding */
	bool have_last, have_best, killed;
	struct trace_sample last;       /* the last sample before the kill */
	/* the fall being followed: a peak and the lowest sample since; and the deepest fall so far */
	struct leadup_fall {
		struct trace_sample peak, trough;
		struct trace_sample first_procs, last_procs;   /* samples of the fall that list processes */
		struct trace_sample trough_procs;   /* the last of them at or before the trough */
		bool have_procs, trough_has_procs;
		bool swap_full;
		uint64_t swap_full_ms;  /* first time swap was (nearly) full after the peak */
		uint64_t samples;
	} cur, best;
	uint64_t kill_ms;               /* the first kill in the trace (kernel or a daemon's) */
	char kill_actor[32];
	/* results (leadup_finish) */
	double from_pct, to_pct;        /* available memory at the peak and just before the kill */
	uint64_t fall_ms;
	bool has_grower;
	bool grower_grew;               /* growth seen between two scans; else only the largest */
	struct trace_proc grower;       /* grew most during the fall (or was the largest) */
	int64_t grower_kib;             /* its growth (or its size) */
	uint64_t grower_span_ms;        /* between the two scans the growth is measured over */
	double full_stall_s, some_stall_s;
	uint64_t majfaults, refaults;   /* from the peak to the last sample */
	uint64_t samples;
	/* available memory over the whole trace up to the kill: the lowest percent in each of
	 * n_curve buckets of curve_bucket_ms from curve_start_ms (buckets double as the trace grows) */
	double curve_pct[LEADUP_CURVE_MAX];
	unsigned n_curve;
	uint64_t curve_start_ms, curve_bucket_ms;
	bool curve_started;
};

void leadup_init(struct leadup *l);
void leadup_feed_sample(struct leadup *l, const struct trace_sample *s);
void leadup_feed_event(struct leadup *l, const struct trace_event *e);
/* Computes the results; false when the trace had fewer than two samples before the end. */
bool leadup_finish(struct leadup *l);
/* "Memory fell from 38% to 2% in 94 s; java (pid 812) grew by 6.1 GiB; swap filled 21 s before
 * the kill; full stall 4.2 s." on one line (raw process names: the caller escapes for its output,
 * so it passes a function that appends a name safely). */
/* The curve as one line of LEADUP_CURVE_MAX block characters (UTF-8), lowest = emptiest. */
void leadup_curve_text(const struct leadup *l, struct strbuf *out);
void leadup_sentence(const struct leadup *l, struct strbuf *out,
		     void (*add_name)(struct strbuf *out, const char *raw));

/* The lead-up as one JSON object (doc/replay.md): figures, the grower, the curve, the sentence. */
void leadup_json(struct json *j, const struct leadup *l);

#endif
