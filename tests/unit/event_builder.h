/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper shared by the tests that need a daemon event (the log and its JSON, the history
 * reader, metrics, the events/explain commands, the kill-line reader): an event with nothing
 * known, and one typical kill that each test then changes where it needs to. */
#ifndef OOMGUARD_TEST_EVENT_BUILDER_H
#define OOMGUARD_TEST_EVENT_BUILDER_H

#include "lib/policy/daemon_event.h"

/* An event of this kind with every measurement unknown (UINT64_MAX sizes, NaN ratios and
 * rates), no victim, no time (the log fills it in), as the daemon starts one. */
void event_builder_blank(struct daemon_event *ev, enum event_kind kind);

/* The daemon's SIGTERM of pid 4242 named comm (uid 1000, oom_score 900, 20 GiB resident) on a
 * 24 GiB machine without swap at 800 MiB (3.3%) available, PSI some avg10 12.5, at
 * 1790000000.123 s (2026-09-21); it exited within 130 ms and 19 GiB came back.  Levels, PSI
 * full, fill rate and the victim's cgroup, command line and points are left unknown/empty. */
void event_builder_kill(struct daemon_event *ev, const char *comm);

#endif
