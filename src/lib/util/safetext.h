/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hostile text (process names, cgroup paths, log lines) is data: these helpers escape it for a
 * terminal (no control bytes reach the tty) and for JSON strings. */
#ifndef OOMGUARD_SAFETEXT_H
#define OOMGUARD_SAFETEXT_H

#include <stddef.h>
#include "lib/util/strbuf.h"

/* Appends s[0..len) with control bytes, DEL, backslash and invalid UTF-8 as \xNN / \n / \t / \\ . */
void safetext_terminal(struct strbuf *out, const char *s, size_t len);
/* Same into a fixed buffer (always NUL-terminated, truncated with "..." when too small). */
const char *safetext_terminal_buf(char *dst, size_t cap, const char *s);
/* Appends s as the body of a JSON string (no quotes): \" \\ \n \uXXXX; invalid UTF-8 bytes become
 * \u00XX of the byte so output is always valid JSON. */
void safetext_json(struct strbuf *out, const char *s, size_t len);

#endif
