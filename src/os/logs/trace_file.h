/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reads a memory trace file (lib/policy/trace) line by line into the caller's callbacks: for
 * `replay` and for `explain`, which shows the lead-up of a kill from the daemon's flight
 * recorder.  Bounded memory: one line at a time. */
#ifndef OOMGUARD_TRACE_FILE_H
#define OOMGUARD_TRACE_FILE_H

#include <stddef.h>
#include "lib/policy/trace.h"

struct trace_file_sink {
	void (*header)(void *ctx, const struct trace_header *h);
	void (*sample)(void *ctx, const struct trace_sample *s);
	void (*event)(void *ctx, const struct trace_event *e);
	void *ctx;
};

/* path "-" reads standard input.  0; -EINVAL with err "line N: problem" for a file that is not a
 * trace; -errno when it cannot be read (err names the problem too).  h receives the header. */
int trace_file_stream(const char *path, struct trace_header *h, const struct trace_file_sink *sink,
		      char *err, size_t errlen);

#endif
