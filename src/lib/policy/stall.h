/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Memory pressure as evidence of thrashing: the time every task was stalled on memory (PSI
 * "full", the cumulative `total` in microseconds, Documentation/accounting/psi.rst), added up
 * while memory is short and decaying with STALL_DECAY_MS, so a brief stall fades and only a
 * sustained one reaches the daemon's stall budget.  Pure: the caller passes the counter and
 * monotonic milliseconds. */
#ifndef OOMGUARD_STALL_H
#define OOMGUARD_STALL_H

#include <stdbool.h>
#include <stdint.h>

/* Decay time constant: a steady stall share s adds up to s x STALL_DECAY_MS at most, so a
 * budget B is only ever reached while more than B / STALL_DECAY_MS of the time is stalled
 * (1000 ms / 20 s = 5%). */
#define STALL_DECAY_MS 20000.0
/* A v1 cgroup shares the system's PSI: its own paging (major faults: swap-ins and page-cache
 * refaults; or its pages going out to swap) must have risen this recently for the system's
 * stall to count as the cgroup's. */
#define STALL_FAULT_RECENT_MS 1000u
/* The PSI total advances in steps (a tick of the scheduler clock: 10 ms at HZ=100) and is read
 * at other moments than the stall happened: an interval can show more stall than time passed.
 * That excess is capped to the interval and carried into the next one, up to this much, so
 * sampling every 20 ms adds up the same stall as sampling every 200 ms. */
#define STALL_CARRY_MAX_MS 50.0

struct stall_tracker {
	bool primed;
	uint64_t last_ms;
	uint64_t last_total_us;      /* PSI full total counted up to (the last reading, less any carry) */
	double stall_ms;             /* decayed sum of the stall that counted */
	uint64_t stall_seen_ms;      /* when a counted stall last added to it (0 = never) */
	bool fault_primed;
	uint64_t last_majfault, last_swapped_kib;
	uint64_t fault_rise_ms;      /* when the scope's paging last rose (0 = never) */
};

void stall_tracker_init(struct stall_tracker *t);
/* Notes the scope's paging: its major-fault count (memory.stat pgmajfault) and its memory in
 * swap; call before stall_tracker_update. */
void stall_tracker_paging(struct stall_tracker *t, uint64_t now_ms, uint64_t majfault,
			  uint64_t swapped_kib);
/* True when the scope's major faults or its swap use rose within STALL_FAULT_RECENT_MS of now. */
bool stall_tracker_faulting(const struct stall_tracker *t, uint64_t now_ms);
/* Feeds one reading of the PSI full total.  The stall since the last reading is added only when
 * counting (memory is short); the sum decays either way.  Returns the sum in ms. */
double stall_tracker_update(struct stall_tracker *t, uint64_t now_ms, uint64_t full_total_us,
			    bool counting);
/* True when a counted stall added to the sum within the last `within_ms`. */
bool stall_tracker_stalling(const struct stall_tracker *t, uint64_t now_ms, uint64_t within_ms);
/* After an action: the next one needs a whole new budget. */
void stall_tracker_reset(struct stall_tracker *t);

#endif
