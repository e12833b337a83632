/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Trace files read line by line (see trace_file.h): the header must come first and once; a line
 * longer than any the writer makes is refused rather than cut. */
#include "os/logs/trace_file.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int trace_file_stream(const char *path, struct trace_header *h, const struct trace_file_sink *sink,
		      char *err, size_t errlen)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "re");
	if (!f) {
		int e = -errno;
		snprintf(err, errlen, "%s", strerror(-e));
		return e;
	}
	char *line = malloc(TRACE_LINE_MAX + 2);
	struct trace_sample *s = malloc(sizeof(*s));
	struct trace_event *e = malloc(sizeof(*e));
	unsigned lineno = 0;
	int rc = 0;
	bool have_header = false;
	if (!line || !s || !e) {
		rc = -ENOMEM;
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		goto out;
	}
	while (fgets(line, TRACE_LINE_MAX + 2, f)) {
		char why[160];
		size_t len = strlen(line);
		lineno++;
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		else if (len > TRACE_LINE_MAX) {
			snprintf(err, errlen, "line %u: longer than %d bytes: not a trace", lineno, TRACE_LINE_MAX);
			rc = -EINVAL;
			goto out;
		}
		if (!len)
			continue;
		int kind = trace_parse_line(line, len, h, s, e, why, sizeof(why));
		if (kind < 0) {
			snprintf(err, errlen, "line %u: %s", lineno, why);
			rc = -EINVAL;
			goto out;
		}
		if (kind == TRACE_LINE_HEADER ? have_header : !have_header) {
			snprintf(err, errlen, "line %u: %s", lineno, have_header ? "a second trace header" :
				 "no trace header first: not an oomguard trace");
			rc = -EINVAL;
			goto out;
		}
		if (kind == TRACE_LINE_HEADER) {
			have_header = true;
			if (sink->header)
				sink->header(sink->ctx, h);
		} else if (kind == TRACE_LINE_EVENT) {
			if (sink->event)
				sink->event(sink->ctx, e);
		} else if (sink->sample)
			sink->sample(sink->ctx, s);
	}
	if (ferror(f)) {
		rc = -EIO;
		snprintf(err, errlen, "%s", strerror(EIO));
	} else if (!have_header) {
		rc = -EINVAL;
		snprintf(err, errlen, "empty: not an oomguard trace");
	}
out:
	free(line);
	free(s);
	free(e);
	if (f != stdin)
		fclose(f);
	return rc;
}
