/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Decaying sum of PSI full stall while memory is short (see stall.h). */
#include "lib/policy/stall.h"

void stall_tracker_init(struct stall_tracker *t)
{
	*t = (struct stall_tracker){ 0 };
}

void stall_tracker_paging(struct stall_tracker *t, uint64_t now_ms, uint64_t majfault,
			  uint64_t swapped_kib)
{
	if (t->fault_primed && (majfault > t->last_majfault || swapped_kib > t->last_swapped_kib))
		t->fault_rise_ms = now_ms ? now_ms : 1;
	t->fault_primed = true;
	t->last_majfault = majfault;
	t->last_swapped_kib = swapped_kib;
}

bool stall_tracker_faulting(const struct stall_tracker *t, uint64_t now_ms)
{
	return t->fault_rise_ms && now_ms - t->fault_rise_ms <= STALL_FAULT_RECENT_MS;
}

double stall_tracker_update(struct stall_tracker *t, uint64_t now_ms, uint64_t full_total_us,
			    bool counting)
{
	if (!t->primed || full_total_us < t->last_total_us || now_ms < t->last_ms) {
		/* first reading, or the counter went back (another pressure file after a reload) */
		t->primed = true;
		t->last_ms = now_ms;
		t->last_total_us = full_total_us;
		return t->stall_ms;
	}
	double dt = (double)(now_ms - t->last_ms);
	double added = (double)(full_total_us - t->last_total_us) / 1000.0;
	uint64_t counted_to_us = full_total_us;
	/* the stall can only have happened within the elapsed time (counter read at other moments,
	 * in steps): the excess waits for the next interval, as much as STALL_CARRY_MAX_MS */
	if (added > dt) {
		double carry = added - dt;
		if (carry > STALL_CARRY_MAX_MS)
			carry = STALL_CARRY_MAX_MS;
		counted_to_us = full_total_us - (uint64_t)(carry * 1000.0);
		added = dt;
	}
	/* exp(-dt / tau) to first order, never negative (as the fill rate's weight) */
	t->stall_ms *= STALL_DECAY_MS / (STALL_DECAY_MS + dt);
	if (counting && added > 0) {
		t->stall_ms += added;
		t->stall_seen_ms = now_ms ? now_ms : 1;
	}
	t->last_ms = now_ms;
	t->last_total_us = counted_to_us;
	return t->stall_ms;
}

bool stall_tracker_stalling(const struct stall_tracker *t, uint64_t now_ms, uint64_t within_ms)
{
	return t->stall_seen_ms && now_ms - t->stall_seen_ms <= within_ms;
}

void stall_tracker_reset(struct stall_tracker *t)
{
	t->stall_ms = 0;
	t->stall_seen_ms = 0;
}
