/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Builds the sample daemon events of the unit tests (event_builder.h), so each test states only
 * what its event has of its own. */
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "event_builder.h"

void event_builder_blank(struct daemon_event *ev, enum event_kind kind)
{
	struct event_trigger *t = &ev->trigger;

	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	t->mem_total_kib = t->mem_available_kib = t->swap_total_kib = t->swap_free_kib = UINT64_MAX;
	t->mem_term_kib = t->mem_kill_kib = t->swap_term_kib = t->swap_kill_kib = UINT64_MAX;
	t->mem_available_pct = t->swap_free_pct = NAN;
	t->psi_some_avg10 = t->psi_full_avg10 = NAN;
	t->fill_rate_kib_s = t->time_to_exhaustion_s = NAN;
	ev->recovered_kib = UINT64_MAX;
}

void event_builder_kill(struct daemon_event *ev, const char *comm)
{
	struct event_trigger *t = &ev->trigger;

	event_builder_blank(ev, EVENT_KILL);
	ev->time.tv_sec = 1790000000;
	ev->time.tv_nsec = 123000000;
	snprintf(t->reason, sizeof(t->reason), "%s", "mem+swap");
	t->mem_total_kib = 24 * 1024 * 1024;
	t->mem_available_kib = 800 * 1024;
	t->mem_available_pct = 3.3;
	t->swap_total_kib = 0;
	t->swap_free_kib = 0;
	t->psi_some_avg10 = 12.5;
	ev->has_victim = true;
	ev->victim.pid = 4242;
	ev->victim.uid = 1000;
	snprintf(ev->victim.comm, sizeof(ev->victim.comm), "%s", comm);
	ev->victim.oom_score = 900;
	ev->victim.rss_kib = 20 * 1024 * 1024;
	ev->signal = SIGTERM;
	ev->outcome = OUTCOME_EXITED;
	ev->recovered_kib = 19 * 1024 * 1024;
	ev->wait_ms = 130;
}
