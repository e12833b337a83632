/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper shared by the OOM report, log source and log wrapper tests: the callback of
 * oom_assembler_new() and oom_sources_collect() that keeps every event it is handed, for the test
 * to look at and then free.  Include after <cmocka.h> and lib/oomreport/oom_event.h. */
#ifndef OOMGUARD_TEST_KEPT_EVENTS_H
#define OOMGUARD_TEST_KEPT_EVENTS_H

#define KEPT_EVENTS_MAX 16

struct kept_events {
	struct oom_event *ev[KEPT_EVENTS_MAX];
	size_t n;
};

/* More events than any test feeds is a failure, not a silent drop. */
static inline void keep_event(struct oom_event *ev, void *userdata)
{
	struct kept_events *k = userdata;
	assert_true(k->n < KEPT_EVENTS_MAX);
	k->ev[k->n++] = ev;
}

static inline void kept_events_free(struct kept_events *k)
{
	for (size_t i = 0; i < k->n; i++)
		oom_event_free(k->ev[i]);
	k->n = 0;
}

#endif
