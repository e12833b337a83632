/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target for --since/--until arguments (lib/kmsg/timearg): any text is a time or a
 * refusal, the same for the same input, with and without a local time zone function. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/kmsg/timearg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A fixed zone two hours east of UTC, so the local path runs without the machine's zone files. */
static int64_t east2(int year, int mon, int day, int hour, int min, int sec)
{
	int64_t y = year - (mon <= 2), m = mon <= 2 ? mon + 9 : mon - 3;
	int64_t era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
	int64_t doy = (153 * m + 2) / 5 + day - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;
	return days * 86400 + hour * 3600 + min * 60 + sec - 7200;   /* seconds, as logline_local_fn */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const int64_t now = 1796196676000000, boot = 1796100000000000;
	char *s = malloc(size + 1);
	int64_t a = 0, b = 0;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	int ra = timearg_parse(s, now, boot, NULL, &a), rb = timearg_parse(s, now, boot, NULL, &b);
	if (ra != rb || (ra == 0 && a != b))
		abort();
	(void)timearg_parse(s, now, boot, east2, &a);
	(void)timearg_parse(s, now, LOG_TIME_UNKNOWN, east2, &a);
	free(s);
	return 0;
}
