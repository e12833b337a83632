/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The line walk every text parser here shares: kernel files and logs come as one buffer of
 * '\n'-ended lines (the last one may lack its '\n').  Pure, header-only: the daemon's resting
 * parsers inline it. */
#ifndef OOMGUARD_TEXTLINE_H
#define OOMGUARD_TEXTLINE_H

#include <stdbool.h>
#include <string.h>

/* The next line of [*pos, end): *line and *eol bound it (without its '\n') and *pos moves past
 * it.  False once *pos reaches end. */
static inline bool textline_next(const char **pos, const char *end, const char **line, const char **eol)
{
	if (*pos >= end)
		return false;
	const char *nl = memchr(*pos, '\n', (size_t)(end - *pos));
	*line = *pos;
	*eol = nl ? nl : end;
	*pos = nl ? nl + 1 : end;
	return true;
}

#endif
