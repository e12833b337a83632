/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's flight recorder: the last minutes of trace samples in a ring of fixed size whose
 * memory the caller hands over once (no allocation afterwards).  The figures of every sample go
 * in one array; the processes (the costly part) in another that is only touched for samples
 * that carry them, so an idle daemon's ring stays small in resident memory.  The ring uses the
 * first slots only while the window's samples fit in them (it starts with FLIGHTREC_FIRST_SLOTS
 * and doubles when the window holds more, up to all of them), so at rest it touches the slots of
 * one window, not all 1,024 as it goes round.  Pure. */
#ifndef OOMGUARD_FLIGHTREC_H
#define OOMGUARD_FLIGHTREC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/policy/trace.h"

#define FLIGHTREC_DEFAULT_MINUTES 10u
/* 1,024 samples: 10 minutes at the idle daemon's 5.5 s wake-ups take 110; the last 100 s at the
 * 100 ms of a tight spell fill the rest.  About 2.9 MiB in all, of which only the figures
 * (112 bytes a sample) are touched while processes are not recorded. */
#define FLIGHTREC_FIRST_SLOTS 16u
#define FLIGHTREC_DEFAULT_SLOTS 1024u

/* One sample's figures (trace_sample without its processes). */
struct flightrec_figures {
	uint64_t t_ms;
	uint64_t avail_kib, total_kib, mem_total_kib, swap_free_kib, swap_total_kib;
	uint64_t psi_some_total_us, psi_full_total_us;
	uint64_t pgmajfault, workingset_refault, pgscan, oom_kill;
	float psi_some_avg10, psi_full_avg10;
	bool psi_present;
	uint8_t n_procs, n_growers;
};

struct flightrec_procs {
	struct trace_proc procs[TRACE_PROCS_MAX];
	struct trace_proc growers[TRACE_GROWERS_MAX];
};

struct flightrec {
	struct flightrec_figures *fig;   /* slots entries */
	struct flightrec_procs *procs;   /* slots entries, touched only when a sample has processes */
	size_t slots, head, count;       /* head: where the next sample goes */
	size_t used;                     /* the ring is slots [0, used): grows to slots, never shrinks */
	uint64_t window_ms;              /* samples older than this (from the newest) are not written */
};

/* Bytes of memory flightrec_init needs for slots samples (both arrays). */
size_t flightrec_bytes(size_t slots);
/* mem: flightrec_bytes(slots) bytes, suitably aligned (mmap), owned by the caller. */
void flightrec_init(struct flightrec *fr, void *mem, size_t slots, unsigned minutes);
void flightrec_push(struct flightrec *fr, const struct trace_sample *s);
/* Gives the newest sample the processes of s (a scan taken right after it). */
void flightrec_set_newest_procs(struct flightrec *fr, const struct trace_sample *s);
/* Writes the samples of the window, oldest first, as trace lines after the header; each line
 * goes to emit (the caller writes it out), so memory stays bounded by one line. */
void flightrec_write(const struct flightrec *fr, const struct trace_header *h,
		     void (*emit)(void *ctx, const char *line, size_t len), void *ctx,
		     struct strbuf *scratch);
/* The n-th sample of the window (0 = oldest), rebuilt as a trace_sample.  False past the end. */
bool flightrec_get(const struct flightrec *fr, size_t n, struct trace_sample *out);
size_t flightrec_count(const struct flightrec *fr);

#endif
