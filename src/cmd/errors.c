/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The edge's one way to report a failure to the user (see errors.h). */
#include "cmd/errors.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "lib/util/safetext.h"

int og_error(const char *what, const char *fmt, ...)
{
	va_list ap;
	char safe[512];

	fprintf(stderr, "oomguard: ");
	if (what && *what)
		fprintf(stderr, "%s: ", safetext_terminal_buf(safe, sizeof(safe), what));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int og_error_errno(const char *what, int neg_errno)
{
	return og_error(what, "%s", strerror(neg_errno < 0 ? -neg_errno : neg_errno));
}

void og_note(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "oomguard: note: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
