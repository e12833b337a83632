/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Streaming JSON writer (see json.h).  Strings go through safetext_json so the output is valid
 * JSON whatever bytes a process name or log line holds. */
#include "lib/util/json.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include "lib/util/safetext.h"

void json_init(struct json *j, struct strbuf *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
}

static void json_sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth > 0 && j->depth <= JSON_MAX_DEPTH) {
		if (j->need_comma[j->depth - 1])
			strbuf_addc(j->out, ',');
		j->need_comma[j->depth - 1] = true;
	}
}

static void json_open(struct json *j, char c)
{
	json_sep(j);
	strbuf_addc(j->out, c);
	if (j->depth < JSON_MAX_DEPTH)
		j->need_comma[j->depth] = false;
	j->depth++;
}

static void json_close(struct json *j, char c)
{
	if (j->depth > 0)
		j->depth--;
	strbuf_addc(j->out, c);
}

void json_obj_begin(struct json *j) { json_open(j, '{'); }
void json_obj_end(struct json *j) { json_close(j, '}'); }
void json_arr_begin(struct json *j) { json_open(j, '['); }
void json_arr_end(struct json *j) { json_close(j, ']'); }

void json_key(struct json *j, const char *key)
{
	json_sep(j);
	strbuf_addc(j->out, '"');
	safetext_json(j->out, key, strlen(key));
	strbuf_add(j->out, "\":", 2);
	j->after_key = true;
}

void json_strn(struct json *j, const char *s, size_t len)
{
	json_sep(j);
	strbuf_addc(j->out, '"');
	safetext_json(j->out, s, len);
	strbuf_addc(j->out, '"');
}

void json_str(struct json *j, const char *s)
{
	if (!s) {
		json_null(j);
		return;
	}
	json_strn(j, s, strlen(s));
}

void json_int(struct json *j, int64_t v)
{
	json_sep(j);
	strbuf_addf(j->out, "%" PRId64, v);
}

void json_uint(struct json *j, uint64_t v)
{
	json_sep(j);
	strbuf_addf(j->out, "%" PRIu64, v);
}

void json_double(struct json *j, double v)
{
	json_sep(j);
	if (isnan(v) || isinf(v))
		strbuf_adds(j->out, "null");
	else
		strbuf_addf(j->out, "%.6g", v);
}

void json_bool(struct json *j, bool v)
{
	json_sep(j);
	strbuf_adds(j->out, v ? "true" : "false");
}

void json_null(struct json *j)
{
	json_sep(j);
	strbuf_adds(j->out, "null");
}

void json_raw(struct json *j, const char *text, size_t len)
{
	while (len && text[len - 1] == '\n')
		len--;
	json_sep(j);
	strbuf_add(j->out, text, len);
}

void json_kv_str(struct json *j, const char *key, const char *s) { json_key(j, key); json_str(j, s); }
void json_kv_int(struct json *j, const char *key, int64_t v) { json_key(j, key); json_int(j, v); }
void json_kv_uint(struct json *j, const char *key, uint64_t v) { json_key(j, key); json_uint(j, v); }
void json_kv_double(struct json *j, const char *key, double v) { json_key(j, key); json_double(j, v); }
void json_kv_bool(struct json *j, const char *key, bool v) { json_key(j, key); json_bool(j, v); }

void json_kv_int_or_null(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	if (v == JSON_INT_NULL)
		json_null(j);
	else
		json_int(j, v);
}

void json_kv_uint_or_null(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	if (v == JSON_UINT_NULL)
		json_null(j);
	else
		json_uint(j, v);
}
