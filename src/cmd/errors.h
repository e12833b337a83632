/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The project's one error convention: functions inside return 0 or a count on success and
 * -errno on failure; only the command layer (src/cmd, src/main.c) prints, once, through og_error(),
 * naming the input and the problem.  This header holds the edge-side helpers. */
#ifndef OOMGUARD_ERRORS_H
#define OOMGUARD_ERRORS_H

#include <errno.h>

/* "oomguard: <what>: <problem>" on stderr.  Returns 1 so commands can `return og_error(...)`. */
int og_error(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Same, with strerror(-neg_errno) as the problem. */
int og_error_errno(const char *what, int neg_errno);
/* A non-fatal note on stderr: "oomguard: note: ..." */
void og_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
