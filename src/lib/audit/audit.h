/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `oomguard check`'s engine: runs every rule over a snapshot and collects findings.  Pure. */
#ifndef OOMGUARD_AUDIT_H
#define OOMGUARD_AUDIT_H

#include "lib/audit/audit_helpers.h"
#include "lib/audit/finding.h"
#include "lib/audit/snapshot.h"
#include "lib/audit/thresholds.h"

/* Runs all rules; findings come sorted, most severe first.  0 or -ENOMEM. */
int audit_run(const struct audit_snapshot *s, const struct audit_thresholds *t, struct findings *out);

#endif
