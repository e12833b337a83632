/* SPDX-License-Identifier: GPL-2.0-or-later */
/* System clocks and the local time zone for log decoding (see logclock.h). */
#include "os/logs/logclock.h"

#include <time.h>

#include "lib/kmsg/log_record.h"

int64_t logclock_local_to_epoch(int year, int mon, int day, int hour, int min, int sec)
{
	struct tm tm = { .tm_year = year - 1900, .tm_mon = mon - 1, .tm_mday = day,
			 .tm_hour = hour, .tm_min = min, .tm_sec = sec, .tm_isdst = -1 };
	time_t t = mktime(&tm);
	return t == (time_t)-1 && !(year == 1969 && mon == 12 && day == 31) ? LOG_TIME_UNKNOWN
									    : (int64_t)t;
}

static int64_t clock_us(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t logclock_now_us(void)
{
	return clock_us(CLOCK_REALTIME);
}

int64_t logclock_boot_realtime_us(void)
{
	return clock_us(CLOCK_REALTIME) - clock_us(CLOCK_MONOTONIC);
}

void logclock_local_year_month(int64_t epoch_s, int *year, int *mon)
{
	time_t t = (time_t)epoch_s;
	struct tm tm;
	localtime_r(&t, &tm);
	*year = tm.tm_year + 1900;
	*mon = tm.tm_mon + 1;
}
