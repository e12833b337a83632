/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The OOM report assembler's API: feed kernel log records (any source, any order of hosts),
 * receive one struct oom_event per OOM report when it completes.  Pure: no I/O.  The event
 * struct itself is defined in oom_event.h (owned with the parser). */
#ifndef OOMGUARD_OOM_ASSEMBLER_H
#define OOMGUARD_OOM_ASSEMBLER_H

#include "lib/kmsg/log_record.h"

struct oom_event;
struct oom_assembler;

/* Called once per completed (or, at flush, incomplete) event; the callee owns ev and frees it
 * with oom_event_free(). */
typedef void (*oom_event_cb)(struct oom_event *ev, void *userdata);

struct oom_assembler *oom_assembler_new(oom_event_cb cb, void *userdata);
void oom_assembler_feed(struct oom_assembler *a, const struct log_record *rec);
/* The input is idle (e.g. --follow saw no line for a while): emits the reports that are complete
 * and only wait for optional trailing lines (the oom_reaper result). */
void oom_assembler_idle(struct oom_assembler *a);
/* End of input: emits every report still open; those without their end are flagged incomplete. */
void oom_assembler_flush(struct oom_assembler *a);
void oom_assembler_free(struct oom_assembler *a);
void oom_event_free(struct oom_event *ev);
/* One kill told twice (a userspace killer's record and the kernel's report, or two log copies):
 * what `from` adds (the killer's record, the unit) goes into `into`. */
void oom_event_absorb(struct oom_event *into, const struct oom_event *from);
/* Sets ev->container from the victim's cgroup path (called when an event is finished). */
void oom_event_fill_container(struct oom_event *ev);

#endif
