/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A strict pull reader for JSON text in a buffer (RFC 8259 grammar): the caller walks the document
 * it expects - object members, array elements, scalars - and the reader checks the grammar on the
 * way.  No allocation; strings are decoded into the caller's buffers.  The first error sticks:
 * every later call returns false, and err / err_at say what went wrong and where.
 * Strings decode \u0001-\u00ff to that single byte: the inverse of lib/util/json.h, which writes
 * each invalid UTF-8 byte of hostile text as \u00XX, so such text reads back byte for byte. */
#ifndef OOMGUARD_JSON_READ_H
#define OOMGUARD_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_READ_MAX_DEPTH 32

struct json_reader {
	const char *start, *p, *end;
	int depth;
	bool first[JSON_READ_MAX_DEPTH];   /* no member / element read yet at this depth */
	const char *err;                   /* NULL, or a static description of the first error */
	size_t err_at;                     /* byte offset of the first error */
};

void json_read_init(struct json_reader *r, const char *text, size_t len);
/* Records an error (the first one wins) at the current position; returns false. */
bool json_read_fail(struct json_reader *r, const char *what);

/* '{' or '[' of the value that comes next. */
bool json_read_object(struct json_reader *r);
bool json_read_array(struct json_reader *r);
/* The next member of the current object: true with its key in key (cut to keycap - 1 bytes,
 * *key_cut set when cut; key_cut may be NULL), false at the closing '}' or on an error. */
bool json_read_member(struct json_reader *r, char *key, size_t keycap, bool *key_cut);
/* True when the current array has another element, false at the closing ']' or on an error. */
bool json_read_element(struct json_reader *r);

/* Consumes a null if one comes next (no error when not). */
bool json_read_null(struct json_reader *r);
/* A string, decoded into dst (always NUL-terminated, cut to cap - 1 bytes with *cut set; cut may
 * be NULL).  A \u0000 in the string is an error (text here is C strings). */
bool json_read_string(struct json_reader *r, char *dst, size_t cap, size_t *len, bool *cut);
bool json_read_i64(struct json_reader *r, int64_t *out);   /* integers only: no fraction or exponent */
bool json_read_u64(struct json_reader *r, uint64_t *out);
bool json_read_double(struct json_reader *r, double *out);
bool json_read_bool(struct json_reader *r, bool *out);
/* Skips one value of any type (nested up to JSON_READ_MAX_DEPTH). */
bool json_read_skip(struct json_reader *r);
/* Only white space may remain. */
bool json_read_end(struct json_reader *r);

#endif
