/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fills struct metrics_state (lib/policy/metrics_text.h) from this machine: /proc/meminfo and
 * /proc/pressure/memory through sysroot, the kernel's OOM kills from /dev/kmsg (read on from
 * where the last call stopped, through the same parsers as `oomguard events`), and check's
 * findings.  Used once by `oomguard metrics` and repeatedly by the daemon's metrics thread. */
#ifndef OOMGUARD_METRICS_COLLECT_H
#define OOMGUARD_METRICS_COLLECT_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/policy/metrics_text.h"

struct metrics_collector;

/* Opens /dev/kmsg; a kmsg that cannot be read leaves the kernel-kill family out (kmsg_err
 * says why).  0 or -ENOMEM. */
int metrics_collector_new(struct metrics_collector **out);
/* -errno why /dev/kmsg could not be read, 0 when it can. */
int metrics_collector_kmsg_err(const struct metrics_collector *mc);
/* Memory, pressure, kernel kills since boot into m (the daemon's fields untouched).  final:
 * the last call (reports still open are counted too); else open reports wait for their end.
 * findings_max_age_s: recompute check's findings when older (0 = every call). */
void metrics_collect(struct metrics_collector *mc, struct metrics_state *m, bool final,
		     unsigned findings_max_age_s);
void metrics_collector_free(struct metrics_collector *mc);

/* Writes text to path atomically: a temporary file in the same folder, then rename.  0 or
 * -errno (nothing is left half-written). */
int metrics_textfile_write(const char *path, const char *text, size_t len);

#endif
