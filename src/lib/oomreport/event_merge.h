/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Merging the OOM events read from several log sources: one kill is often logged three times
 * (/dev/kmsg, the journal, syslog files).  Events are put in time order and copies of one kill
 * (same victim pid and name, same host, times within a tolerance) are reduced to the best copy:
 * kernel-proven first, then complete, then the one with more lines.  Pure. */
#ifndef OOMGUARD_EVENT_MERGE_H
#define OOMGUARD_EVENT_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include "lib/oomreport/oom_event.h"

/* Wall-clock distance within which two copies are one kill (syslog stamps have whole seconds,
 * and the boot-time estimate of /dev/kmsg stamps drifts). */
#define EVENT_MERGE_TOLERANCE_US (120 * 1000000LL)

/* True when a and b describe the same kill. */
bool event_same_kill(const struct oom_event *a, const struct oom_event *b);
/* Sorts evs (oldest first; events without a wall-clock time first, by kernel time), frees the
 * duplicates and compacts the array.  Returns the new count. */
size_t event_merge(struct oom_event **evs, size_t n);

#endif
