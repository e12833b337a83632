/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --since / --until time arguments (see timearg.h): absolute stamps in local time or with a zone,
 * relative spans back from now, and the named points "now", "today", "yesterday", "boot". */
#include "lib/kmsg/timearg.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <strings.h>

struct unit {
	const char *name;
	int64_t seconds;
};

static const struct unit units[] = {
	{ "s", 1 }, { "sec", 1 }, { "secs", 1 }, { "second", 1 }, { "seconds", 1 },
	{ "m", 60 }, { "min", 60 }, { "mins", 60 }, { "minute", 60 }, { "minutes", 60 },
	{ "h", 3600 }, { "hr", 3600 }, { "hrs", 3600 }, { "hour", 3600 }, { "hours", 3600 },
	{ "d", 86400 }, { "day", 86400 }, { "days", 86400 },
	{ "w", 604800 }, { "week", 604800 }, { "weeks", 604800 },
};

/* "2h", "2 hours", "1h30m", "90 min" -> seconds; -EINVAL if s is not a span */
/* A span longer than this (about 31,700 years) is refused, so that it fits in microseconds
 * with any clock reading added (found by fuzz_timearg: "-99999999W6d" overflowed int64). */
#define SPAN_MAX_S 1000000000000LL

static int parse_span(const char *s, int64_t *out)
{
	int64_t total = 0;
	int parts = 0;
	while (*s) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		if (!isdigit((unsigned char)*s))
			return -EINVAL;
		int64_t n = 0;
		for (; isdigit((unsigned char)*s); s++) {
			n = n * 10 + (*s - '0');
			if (n > 100000000)
				return -EINVAL;
		}
		while (*s == ' ')
			s++;
		const char *u = s;
		while (isalpha((unsigned char)*s))
			s++;
		size_t ul = (size_t)(s - u);
		int64_t mult = -1;
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (strlen(units[i].name) == ul && strncasecmp(units[i].name, u, ul) == 0)
				mult = units[i].seconds;
		if (mult < 0)
			return -EINVAL;
		total += n * mult;
		if (total > SPAN_MAX_S)
			return -EINVAL;
		parts++;
	}
	if (!parts)
		return -EINVAL;
	*out = total;
	return 0;
}

static int64_t to_epoch(logline_local_fn local, int y, int mo, int d, int h, int mi, int s)
{
	if (local)
		return local(y, mo, d, h, mi, s);
	return logline_civil_to_epoch(y, mo, d, h, mi, s);
}

/* Local midnight of the day holding now, days_back days before. */
static int midnight(int64_t now_us, int days_back, logline_local_fn local, int64_t *out)
{
	/* find the local date: the civil date whose local midnight is <= now, by trying UTC +-1 day */
	int64_t now = now_us / 1000000;
	for (int64_t guess = now / 86400 + 1; guess >= now / 86400 - 1; guess--) {
		/* civil date of day number guess */
		int64_t z = guess + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
		int64_t doe = z - era * 146097;
		int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
		int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
		int d = (int)(doy - (153 * mp + 2) / 5 + 1), m = (int)(mp < 10 ? mp + 3 : mp - 9);
		int y = (int)(yoe + era * 400 + (m <= 2));
		int64_t t = to_epoch(local, y, m, d, 0, 0, 0);
		if (t != LOG_TIME_UNKNOWN && t <= now) {
			*out = (t - (int64_t)days_back * 86400) * 1000000;
			return 0;
		}
	}
	return -EINVAL;
}

static int two(const char *p)
{
	return isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) ?
		(p[0] - '0') * 10 + (p[1] - '0') : -1;
}

int timearg_parse(const char *s, int64_t now_us, int64_t boot_us, logline_local_fn local,
		  int64_t *out_us)
{
	int64_t span;
	size_t len = strlen(s);

	while (*s == ' ')
		s++;
	if (strcasecmp(s, "now") == 0) {
		*out_us = now_us;
		return 0;
	}
	if (strcasecmp(s, "boot") == 0) {
		if (boot_us == LOG_TIME_UNKNOWN)
			return -ENOENT;
		*out_us = boot_us;
		return 0;
	}
	if (strcasecmp(s, "today") == 0)
		return midnight(now_us, 0, local, out_us);
	if (strcasecmp(s, "yesterday") == 0)
		return midnight(now_us, 1, local, out_us);
	if (s[0] == '@') {
		int64_t v = 0;
		const char *p = s + 1;
		if (!*p)
			return -EINVAL;
		for (; *p; p++) {
			if (!isdigit((unsigned char)*p) || v > INT64_MAX / 10000000)
				return -EINVAL;
			v = v * 10 + (*p - '0');
		}
		if (v > INT64_MAX / 1000000)
			return -EINVAL;
		*out_us = v * 1000000;
		return 0;
	}
	if (s[0] == '-' || s[0] == '+') {
		if (parse_span(s + 1, &span) < 0)
			return -EINVAL;
		*out_us = now_us + (s[0] == '-' ? -span : span) * 1000000;
		return 0;
	}
	if (len > 4 && strcasecmp(s + strlen(s) - 4, " ago") == 0) {
		char buf[64];
		size_t n = strlen(s) - 4;
		if (n >= sizeof(buf))
			return -EINVAL;
		memcpy(buf, s, n);
		buf[n] = 0;
		if (parse_span(buf, &span) < 0)
			return -EINVAL;
		*out_us = now_us - span * 1000000;
		return 0;
	}
	/* absolute: YYYY-MM-DD[( |T)HH:MM[:SS[.frac]]][Z|+hh:mm] */
	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-')
		return -EINVAL;
	int y = two(s) * 100 + two(s + 2), mo = two(s + 5), d = two(s + 8);
	if (two(s) < 0 || two(s + 2) < 0 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return -EINVAL;
	const char *p = s + 10;
	int h = 0, mi = 0, sec = 0;
	int64_t frac = 0;
	if (*p == ' ' || *p == 'T') {
		p++;
		h = two(p);
		if (h < 0 || h > 23 || p[2] != ':' || (mi = two(p + 3)) < 0 || mi > 59)
			return -EINVAL;
		p += 5;
		if (*p == ':') {
			sec = two(p + 1);
			if (sec < 0 || sec > 60)
				return -EINVAL;
			p += 3;
			if (*p == '.') {
				int nd = 0;
				for (p++; isdigit((unsigned char)*p); p++, nd++)
					if (nd < 6)
						frac = frac * 10 + (*p - '0');
				for (; nd < 6; nd++)
					frac *= 10;
			}
		}
	}
	int64_t t;
	if (*p == 'Z' && p[1] == 0) {
		t = logline_civil_to_epoch(y, mo, d, h, mi, sec);
	} else if ((*p == '+' || *p == '-') && two(p + 1) >= 0) {
		int oh = two(p + 1), om = 0;
		const char *q = p + 3;
		if (*q == ':')
			q++;
		if (*q) {
			if ((om = two(q)) < 0 || q[2] != 0)
				return -EINVAL;
		}
		t = logline_civil_to_epoch(y, mo, d, h, mi, sec) -
		    (*p == '-' ? -1 : 1) * (oh * 3600 + om * 60);
	} else if (*p == 0) {
		t = to_epoch(local, y, mo, d, h, mi, sec);
		if (t == LOG_TIME_UNKNOWN)
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	*out_us = t * 1000000 + frac;
	return 0;
}
