/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/PID/maps lines (see procmaps.h).  Format, from the kernel's
 * Documentation/filesystems/proc.rst: "start-end perms offset major:minor inode   path", the
 * numbers in hexadecimal except the inode (decimal). */
#include "lib/procfs/procmaps.h"

#include <string.h>
#include "lib/util/textline.h"

static int hex_u64(const char **p, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	const char *s = *p;
	while (s < end) {
		char c = *s;
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') :
			     c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) : 16u;
		if (d == 16u)
			break;
		if (v >> 60)
			return -1;
		v = v << 4 | d;
		s++;
	}
	if (s == *p)
		return -1;
	*p = s;
	*out = v;
	return 0;
}

static int dec_u64(const char **p, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	const char *s = *p;
	while (s < end && *s >= '0' && *s <= '9') {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
		s++;
	}
	if (s == *p)
		return -1;
	*p = s;
	*out = v;
	return 0;
}

static int expect(const char **p, const char *end, char c)
{
	if (*p >= end || **p != c)
		return -1;
	(*p)++;
	return 0;
}

static void skip_spaces(const char **p, const char *end)
{
	while (*p < end && **p == ' ')
		(*p)++;
}

static int parse_line(const char *s, const char *eol, struct procmaps_range *out)
{
	uint64_t major, minor;
	memset(out, 0, sizeof(*out));
	if (hex_u64(&s, eol, &out->start) < 0 || expect(&s, eol, '-') < 0 ||
	    hex_u64(&s, eol, &out->end) < 0 || out->end < out->start || expect(&s, eol, ' ') < 0)
		return -1;
	if (eol - s < 5 || s[4] != ' ')
		return -1;
	memcpy(out->perms, s, 4);
	s += 5;
	if (hex_u64(&s, eol, &out->offset_bytes) < 0 || expect(&s, eol, ' ') < 0 ||
	    hex_u64(&s, eol, &major) < 0 || expect(&s, eol, ':') < 0 || hex_u64(&s, eol, &minor) < 0 ||
	    expect(&s, eol, ' ') < 0 || dec_u64(&s, eol, &out->inode) < 0)
		return -1;
	skip_spaces(&s, eol);
	out->path = s;
	out->path_len = (size_t)(eol - s);
	return 0;
}

int procmaps_next(const char **pos, const char *end, struct procmaps_range *out)
{
	const char *line, *eol;
	while (textline_next(pos, end, &line, &eol))
		if (parse_line(line, eol, out) == 0)
			return 1;
	return 0;
}
