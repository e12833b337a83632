/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small text-scanning helpers for the OOM report line parsers (see oom_parse.h).  Kernel report
 * lines are short, NUL-terminated copies; nothing here allocates. */
#include <ctype.h>
#include <string.h>

#include "lib/oomreport/oom_parse.h"

bool oomtext_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

const char *oomtext_find_last(const char *hay, const char *needle)
{
	const char *last = NULL, *p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		last = p;
		p++;
	}
	return last;
}

const char *oomtext_skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

void oomtext_copy(char *dst, size_t cap, const char *s, size_t len)
{
	if (cap == 0)
		return;
	if (len >= cap)
		len = cap - 1;
	memcpy(dst, s, len);
	dst[len] = '\0';
}

bool oomtext_scan_i64(const char **p, int64_t *out)
{
	const char *s = oomtext_skip_ws(*p);
	bool neg = false;
	uint64_t v = 0;

	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s++;
	}
	if (!isdigit((unsigned char)*s))
		return false;
	while (isdigit((unsigned char)*s)) {
		unsigned d = (unsigned)(*s - '0');
		if (v > (OOM_NUM_MAX - d) / 10)
			return false;
		v = v * 10 + d;
		s++;
	}
	*out = neg ? -(int64_t)v : (int64_t)v;
	*p = s;
	return true;
}

bool oomtext_scan_hex(const char **p, int64_t *out)
{
	const char *s = oomtext_skip_ws(*p);
	uint64_t v = 0;
	int n = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	while (isxdigit((unsigned char)*s)) {
		if (++n > 15)
			return false;
		v = v * 16 + (unsigned)(isdigit((unsigned char)*s) ? *s - '0' : (tolower((unsigned char)*s) - 'a' + 10));
		s++;
	}
	if (n == 0)
		return false;
	*out = (int64_t)v;
	*p = s;
	return true;
}

bool oomtext_find_num(const char *line, const char *key, int64_t *out)
{
	const char *p = strstr(line, key);

	if (!p)
		return false;
	p += strlen(key);
	return oomtext_scan_i64(&p, out);
}
