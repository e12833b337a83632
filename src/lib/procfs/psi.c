/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parser for PSI files: "some avg10=0.00 avg60=0.00 avg300=0.00 total=0" and a "full" line. */
#include "lib/procfs/psi.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "lib/util/numparse.h"
#include "lib/util/textline.h"

/* An average: the kernel prints "%lu.%02lu" (kernel/sched/psi.c); any plain decimal of up to 18
 * digits is taken.  One division of two exact integers: the same correctly rounded double as
 * strtod, without pulling a general float scanner into the daemon's every sample. */
static int psi_decimal(const char *s, double *out)
{
	uint64_t mant = 0, scale = 1;
	int digits = 0;
	bool point = false;
	for (; *s; s++) {
		if (*s == '.' && !point) {
			point = true;
			continue;
		}
		if (*s < '0' || *s > '9' || ++digits > 18)
			return -EINVAL;
		mant = mant * 10 + (uint64_t)(*s - '0');
		if (point)
			scale *= 10;
	}
	if (!digits)
		return -EINVAL;
	*out = (double)mant / (double)scale;
	return 0;
}

static int psi_parse_line(const char *p, const char *eol, struct psi_line *out)
{
	int seen = 0;

	while (p < eol) {
		while (p < eol && *p == ' ')
			p++;
		const char *eq = memchr(p, '=', (size_t)(eol - p));
		if (!eq)
			break;
		const char *v = eq + 1;
		const char *ve = memchr(v, ' ', (size_t)(eol - v));
		if (!ve)
			ve = eol;
		char num[32];
		size_t n = (size_t)(ve - v);
		if (n == 0 || n >= sizeof(num))
			return -EINVAL;
		memcpy(num, v, n);
		num[n] = '\0';
		size_t klen = (size_t)(eq - p);
		if (klen == 5 && memcmp(p, "total", 5) == 0) {
			uint64_t t;
			if (numparse_u64(num, &t) < 0)
				return -EINVAL;
			out->total_us = t;
			seen++;
		} else {
			double d;
			if (psi_decimal(num, &d) < 0)
				return -EINVAL;
			if (klen == 5 && memcmp(p, "avg10", 5) == 0)
				out->avg10 = d, seen++;
			else if (klen == 5 && memcmp(p, "avg60", 5) == 0)
				out->avg60 = d, seen++;
			else if (klen == 6 && memcmp(p, "avg300", 6) == 0)
				out->avg300 = d, seen++;
		}
		p = ve;
	}
	if (seen < 4)
		return -EINVAL;
	out->present = true;
	return 0;
}

int psi_parse(const char *text, size_t len, struct psi *out)
{
	const char *p = text, *end = text + len;

	memset(out, 0, sizeof(*out));
	const char *line, *eol;
	while (textline_next(&p, end, &line, &eol)) {
		int r = 0;
		if (eol - line > 5 && memcmp(line, "some ", 5) == 0)
			r = psi_parse_line(line + 5, eol, &out->some);
		else if (eol - line > 5 && memcmp(line, "full ", 5) == 0)
			r = psi_parse_line(line + 5, eol, &out->full);
		if (r < 0)
			return r;
	}
	if (!out->some.present)
		return -EINVAL;
	out->present = true;
	return 0;
}
