/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Strict number parsing (see numparse.h). */
#include "lib/util/numparse.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int numparse_i64(const char *s, int64_t *out)
{
	char *end;

	if (!s || !*s || isspace((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (*end != '\0')
		return -EINVAL;
	*out = v;
	return 0;
}

int numparse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (!s || !*s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (*end != '\0')
		return -EINVAL;
	*out = v;
	return 0;
}

int numparse_int_range(const char *s, int lo, int hi, int *out)
{
	int64_t v;
	int r = numparse_i64(s, &v);

	if (r < 0)
		return r;
	if (v < lo || v > hi)
		return -ERANGE;
	*out = (int)v;
	return 0;
}

int numparse_size_bytes(const char *s, uint64_t *out)
{
	char *end;

	if (!s || !*s || !(isdigit((unsigned char)*s) || *s == '.'))
		return -EINVAL;
	errno = 0;
	double v = strtod(s, &end);
	if (errno == ERANGE || !isfinite(v) || v < 0)
		return -ERANGE;
	double mul = 1;
	if (*end) {
		char c = (char)toupper((unsigned char)*end);
		const char *rest = end + 1;
		switch (c) {
		case 'B': mul = 1; rest = end + 1; break;
		case 'K': mul = 1024.0; break;
		case 'M': mul = 1024.0 * 1024; break;
		case 'G': mul = 1024.0 * 1024 * 1024; break;
		case 'T': mul = 1024.0 * 1024 * 1024 * 1024; break;
		default: return -EINVAL;
		}
		if (c != 'B') {
			if (strcasecmp(rest, "") != 0 && strcasecmp(rest, "B") != 0 &&
			    strcasecmp(rest, "iB") != 0)
				return -EINVAL;
		} else if (*rest) {
			return -EINVAL;
		}
	}
	double bytes = v * mul;
	if (bytes > (double)UINT64_MAX)
		return -ERANGE;
	*out = (uint64_t)bytes;
	return 0;
}

int numparse_scan_u64(const char *s, const char *end, uint64_t *out, const char **next)
{
	uint64_t v = 0;
	const char *p = s;

	if (p >= end || !isdigit((unsigned char)*p))
		return -EINVAL;
	while (p < end && isdigit((unsigned char)*p)) {
		unsigned d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
		p++;
	}
	*out = v;
	if (next)
		*next = p;
	return 0;
}

char *numparse_trim_ws(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}
