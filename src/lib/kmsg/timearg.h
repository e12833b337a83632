/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The time arguments of --since / --until: "2026-11-02 14:00", ISO 8601 with or without a zone,
 * "-2h" / "2 hours ago" / "90min ago", "today", "yesterday", "now", "boot" and "@EPOCH".  Pure:
 * the caller supplies now, the boot time and the local time zone. */
#ifndef OOMGUARD_TIMEARG_H
#define OOMGUARD_TIMEARG_H

#include <stdint.h>
#include "lib/kmsg/logline.h"

/* Parses s into microseconds since the epoch.  boot_us may be LOG_TIME_UNKNOWN ("boot" then fails
 * with -ENOENT); local NULL means UTC.  Returns 0 or -EINVAL. */
int timearg_parse(const char *s, int64_t now_us, int64_t boot_us, logline_local_fn local,
		  int64_t *out_us);

#endif
