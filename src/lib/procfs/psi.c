/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parser for PSI files: "some avg10=0.00 avg60=0.00 avg300=0.00 total=0" and a "full" line. */
#include "lib/procfs/psi.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/util/numparse.h"

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
		char *end;
		if (klen == 5 && memcmp(p, "total", 5) == 0) {
			uint64_t t;
			if (numparse_u64(num, &t) < 0)
				return -EINVAL;
			out->total_us = t;
			seen++;
		} else {
			double d = strtod(num, &end);
			if (*end)
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
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		int r = 0;
		if (eol - p > 5 && memcmp(p, "some ", 5) == 0)
			r = psi_parse_line(p + 5, eol, &out->some);
		else if (eol - p > 5 && memcmp(p, "full ", 5) == 0)
			r = psi_parse_line(p + 5, eol, &out->full);
		if (r < 0)
			return r;
		p = nl ? nl + 1 : end;
	}
	if (!out->some.present)
		return -EINVAL;
	out->present = true;
	return 0;
}
