/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fill-rate model of the daemon: how fast available memory is falling, smoothed over time so
 * one burst does not look like a trend, and the time left until a level is reached at that rate.
 * Pure: the caller passes monotonic milliseconds and kibibytes. */
#ifndef OOMGUARD_FILLRATE_H
#define OOMGUARD_FILLRATE_H

#include <stdbool.h>
#include <stdint.h>

#define FILLRATE_TAU_MS 500.0   /* smoothing time constant */

struct fillrate {
	double kib_per_s;        /* > 0: memory is being used up; < 0: it is coming back */
	uint64_t last_ms;
	uint64_t last_avail_kib;
	bool primed;             /* at least one sample seen */
};

void fillrate_init(struct fillrate *fr);
/* Feeds one sample of available memory taken at now_ms (monotonic). */
void fillrate_update(struct fillrate *fr, uint64_t now_ms, uint64_t avail_kib);
/* Milliseconds until avail falls to level at the current rate; UINT64_MAX when it is not falling. */
uint64_t fillrate_ms_until(const struct fillrate *fr, uint64_t avail_kib, uint64_t level_kib);

#endif
