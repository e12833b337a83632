/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Clock facts the pure log decoders need from the system: the local time zone (mktime), now, and
 * the wall-clock time of kernel timestamp 0 (for /dev/kmsg and dmesg stamps). */
#ifndef OOMGUARD_LOGCLOCK_H
#define OOMGUARD_LOGCLOCK_H

#include <stdint.h>

/* Local civil time -> seconds since the epoch (a logline_local_fn). */
int64_t logclock_local_to_epoch(int year, int mon, int day, int hour, int min, int sec);
int64_t logclock_now_us(void);
/* now(CLOCK_REALTIME) - now(CLOCK_MONOTONIC): printk stamps do not advance in suspend either. */
int64_t logclock_boot_realtime_us(void);
/* Year and month (1..12) of a time in the local zone. */
void logclock_local_year_month(int64_t epoch_s, int *year, int *mon);

#endif
