/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The OOM kills of the last days, from the kernel logs, in the short form `check` and `report`
 * show (time, victim, one-line verdict).  The one place that connects the audit snapshot to the
 * log readers (os/oom_sources.h). */
#ifndef OOMGUARD_OOM_HISTORY_H
#define OOMGUARD_OOM_HISTORY_H

#include "lib/audit/snapshot.h"

/* Fills s->kills (oldest first) with the kills of the last window_days, sets s->kills_searched
 * when the logs could be read, and s->kills_note with what could not be read.  0 or -ENOMEM. */
int oom_history_collect(struct audit_snapshot *s, double window_days);

#endif
