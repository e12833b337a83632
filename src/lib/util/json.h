/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A small streaming JSON writer into a strbuf: it tracks nesting and commas so callers only say
 * what to write.  Used by every --json output so all of them escape strings the same way. */
#ifndef OOMGUARD_JSON_H
#define OOMGUARD_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/util/strbuf.h"

#define JSON_MAX_DEPTH 32

struct json {
	struct strbuf *out;
	int depth;
	bool need_comma[JSON_MAX_DEPTH];
	bool after_key;
};

void json_init(struct json *j, struct strbuf *out);
void json_obj_begin(struct json *j);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j);
void json_arr_end(struct json *j);
void json_key(struct json *j, const char *key);
void json_str(struct json *j, const char *s);           /* NULL writes null */
void json_strn(struct json *j, const char *s, size_t len);
void json_int(struct json *j, int64_t v);
void json_uint(struct json *j, uint64_t v);
void json_double(struct json *j, double v);             /* NaN/inf write null */
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/* A value already encoded as JSON by this program's own writers (trailing newlines dropped), put
 * where a value goes: lets one document embed another writer's object unchanged. */
void json_raw(struct json *j, const char *text, size_t len);

/* key + value shorthands */
void json_kv_str(struct json *j, const char *key, const char *s);
void json_kv_int(struct json *j, const char *key, int64_t v);
void json_kv_uint(struct json *j, const char *key, uint64_t v);
void json_kv_double(struct json *j, const char *key, double v);
void json_kv_bool(struct json *j, const char *key, bool v);
/* key + number, or null when the number is the "not known" marker of its type: INT64_MIN (as
 * OOM_UNSET and LOG_TIME_UNKNOWN are) or UINT64_MAX (the daemon's unmeasured values) */
#define JSON_INT_NULL INT64_MIN
#define JSON_UINT_NULL UINT64_MAX
void json_kv_int_or_null(struct json *j, const char *key, int64_t v);
void json_kv_uint_or_null(struct json *j, const char *key, uint64_t v);

#endif
