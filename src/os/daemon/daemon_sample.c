/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's clock and its sampling: read the guarded memory once, evaluate the trigger.
 * Below both the main loop and the action, so neither calls into the other for it. */
#include "os/daemon/daemon_sample.h"

#include <time.h>

uint64_t daemon_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int daemon_sample(struct daemon *d, struct mem_sample *s, struct trigger_decision *dec)
{
	/* armed, with snapshots on: the sample's /proc/meminfo text stays in d->text, so that a
	 * kill's snapshot shows the deciding sample's and the action reads none before its signal;
	 * the action's own samples (its grace) leave the deciding one there */
	bool keep = d->armed && !d->acting && d->cfg.snapshot_dir;
	int r = memsource_read_text(&d->ms, s, keep ? d->text : NULL, sizeof(d->text));
	if (!d->acting)
		d->text_meminfo = keep && r == 0;
	if (r < 0)
		return r;
	uint64_t now = daemon_now_ms();
	trigger_evaluate(&d->cfg, &d->trig, s, now, dec);
	/* the flight recorder scans processes once less than half is available, and only outside
	 * an action (whose candidates are in use) */
	daemon_flightrec_note(&d->fr, &d->ms, s, now, d->acting ? NULL : &d->scan, d->ms.cgroup ? d->ms.rel : NULL,
		 d->ms.cgroup ? d->ms.dir : NULL, s->avail_kib * 2 < s->total_kib);
	if (d->cfg.debug)            /* what the recorder's part took (--debug's wake line) */
		d->note_ms = (unsigned)(daemon_now_ms() - now);
	return 0;
}
