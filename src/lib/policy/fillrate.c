/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Smoothed fill rate with a time-based weight dt / (tau + dt) (see fillrate.h): a sample taken
 * after a long sleep counts almost fully, one taken a millisecond after the last counts little. */
#include "lib/policy/fillrate.h"

void fillrate_init(struct fillrate *fr)
{
	fr->kib_per_s = 0;
	fr->last_ms = 0;
	fr->last_avail_kib = 0;
	fr->primed = false;
}

void fillrate_update(struct fillrate *fr, uint64_t now_ms, uint64_t avail_kib)
{
	if (!fr->primed) {
		fr->primed = true;
		fr->last_ms = now_ms;
		fr->last_avail_kib = avail_kib;
		return;
	}
	if (now_ms <= fr->last_ms)
		return;          /* same millisecond: wait for a sample that carries time */
	double dt_ms = (double)(now_ms - fr->last_ms);
	double instant = ((double)fr->last_avail_kib - (double)avail_kib) * 1000.0 / dt_ms;
	double weight = dt_ms / (FILLRATE_TAU_MS + dt_ms);
	fr->kib_per_s += weight * (instant - fr->kib_per_s);
	fr->last_ms = now_ms;
	fr->last_avail_kib = avail_kib;
}

uint64_t fillrate_ms_until(const struct fillrate *fr, uint64_t avail_kib, uint64_t level_kib)
{
	if (avail_kib <= level_kib)
		return 0;
	if (fr->kib_per_s <= 0.0)
		return UINT64_MAX;
	double ms = (double)(avail_kib - level_kib) * 1000.0 / fr->kib_per_s;
	return ms >= 1e15 ? UINT64_MAX : (uint64_t)ms;
}
