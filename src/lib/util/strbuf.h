/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A growable byte buffer used by writers (JSON, reports) that must not print half-built output:
 * build the whole text, then write it once. */
#ifndef OOMGUARD_STRBUF_H
#define OOMGUARD_STRBUF_H

#include <stddef.h>
#include <stdbool.h>

struct strbuf {
	char *buf;     /* always NUL-terminated when len > 0 or after strbuf_init */
	size_t len;
	size_t cap;
	bool failed;   /* an allocation failed: content is truncated, report -ENOMEM at the edge */
	bool fixed;    /* buf is the caller's (strbuf_init_fixed): never reallocated nor freed */
};

void strbuf_init(struct strbuf *sb);
/* A buffer over the caller's cap bytes (buf[0] is set to NUL when first written): text past cap
 * sets failed, as an allocation failure would. */
void strbuf_init_fixed(struct strbuf *sb, char *buf, size_t cap);
void strbuf_free(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const char *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
