/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Strict JSON pull reader (see json_read.h).  Every step checks bounds against r->end, never reads
 * past it and never needs a NUL terminator, so any bytes are safe input. */
#include "lib/util/json_read.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void json_read_init(struct json_reader *r, const char *text, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->start = r->p = text;
	r->end = text + len;
}

bool json_read_fail(struct json_reader *r, const char *what)
{
	if (!r->err) {
		r->err = what;
		r->err_at = (size_t)(r->p - r->start);
	}
	return false;
}

static void read_skip_ws(struct json_reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

/* Skips white space; false (with an error) at the end of the text. */
static bool next_char(struct json_reader *r, char *c)
{
	*c = '\0';                /* defined on failure too */
	if (r->err)
		return false;
	read_skip_ws(r);
	if (r->p >= r->end)
		return json_read_fail(r, "unexpected end of text");
	*c = *r->p;
	return true;
}

static bool open_container(struct json_reader *r, char open, const char *what)
{
	char c;
	if (!next_char(r, &c))
		return false;
	if (c != open)
		return json_read_fail(r, what);
	if (r->depth >= JSON_READ_MAX_DEPTH)
		return json_read_fail(r, "nested too deep");
	r->p++;
	r->first[r->depth++] = true;
	return true;
}

bool json_read_object(struct json_reader *r)
{
	return open_container(r, '{', "expected an object");
}

bool json_read_array(struct json_reader *r)
{
	return open_container(r, '[', "expected an array");
}

/* Before the next item of the current container: false at its closing byte (consumed). */
static bool next_item(struct json_reader *r, char close, const char *what)
{
	char c;
	if (r->depth <= 0)
		return json_read_fail(r, "not inside a container");
	if (!next_char(r, &c))
		return false;
	if (c == close) {
		r->p++;
		r->depth--;
		return false;
	}
	if (!r->first[r->depth - 1]) {
		if (c != ',')
			return json_read_fail(r, what);
		r->p++;
	}
	r->first[r->depth - 1] = false;
	return true;
}

bool json_read_element(struct json_reader *r)
{
	return next_item(r, ']', "expected ',' or ']'");
}

bool json_read_member(struct json_reader *r, char *key, size_t keycap, bool *key_cut)
{
	char c;
	if (!next_item(r, '}', "expected ',' or '}'"))
		return false;
	if (!next_char(r, &c) || c != '"')
		return json_read_fail(r, "expected a key");
	if (!json_read_string(r, key, keycap, NULL, key_cut))
		return false;
	if (!next_char(r, &c) || c != ':')
		return json_read_fail(r, "expected ':'");
	r->p++;
	return true;
}

static bool literal(struct json_reader *r, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
		return false;
	r->p += n;
	return true;
}

bool json_read_null(struct json_reader *r)
{
	if (r->err)
		return false;
	read_skip_ws(r);
	if (r->p >= r->end || *r->p != 'n')
		return false;
	return literal(r, "null") || json_read_fail(r, "expected null");
}

bool json_read_bool(struct json_reader *r, bool *out)
{
	char c;
	if (!next_char(r, &c))
		return false;
	if (literal(r, "true"))
		*out = true;
	else if (literal(r, "false"))
		*out = false;
	else
		return json_read_fail(r, "expected true or false");
	return true;
}

static int hex4(const char *p)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* Length of the valid UTF-8 sequence at p (bytes before end), 0 if invalid. */
static size_t utf8_valid(const unsigned char *p, const unsigned char *end)
{
	size_t n = (size_t)(end - p);
	unsigned c = p[0];
	size_t need;
	unsigned min;

	if (c >= 0xc2 && c <= 0xdf)
		need = 2, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		need = 3, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 4, min = 0x10000;
	else
		return 0;
	if (need > n)
		return 0;
	unsigned cp = c & (need == 2 ? 0x1f : need == 3 ? 0x0f : 0x07);
	for (size_t i = 1; i < need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need;
}

struct out_text {
	char *dst;
	size_t cap, len;
	bool cut;
};

static void put(struct out_text *o, const char *bytes, size_t n)
{
	if (o->cut || o->len + n >= o->cap) {
		o->cut = true;   /* whole characters only: stop at the first that does not fit */
		return;
	}
	memcpy(o->dst + o->len, bytes, n);
	o->len += n;
}

static void put_code_point(struct out_text *o, unsigned cp)
{
	char b[4];
	if (cp <= 0xff) {          /* one byte: lib/util/json.h's escape of a raw byte */
		b[0] = (char)cp;
		put(o, b, 1);
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		put(o, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		put(o, b, 3);
	} else {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		put(o, b, 4);
	}
}

/* A \uXXXX escape (and its low surrogate) at r->p, which points at the 'u'. */
static bool unicode_escape(struct json_reader *r, struct out_text *o)
{
	if (r->end - r->p < 5 || hex4(r->p + 1) < 0)
		return json_read_fail(r, "bad \\u escape");
	unsigned cp = (unsigned)hex4(r->p + 1);
	r->p += 5;
	if (cp == 0)
		return json_read_fail(r, "\\u0000 in a string");
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return json_read_fail(r, "lone low surrogate");
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u' || hex4(r->p + 2) < 0)
			return json_read_fail(r, "high surrogate without its low half");
		unsigned lo = (unsigned)hex4(r->p + 2);
		if (lo < 0xdc00 || lo > 0xdfff)
			return json_read_fail(r, "high surrogate without its low half");
		r->p += 6;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	put_code_point(o, cp);
	return true;
}

bool json_read_string(struct json_reader *r, char *dst, size_t cap, size_t *len, bool *cut)
{
	struct out_text o = { dst, cap, 0, cap == 0 };
	char c;

	if (!next_char(r, &c))
		return false;
	if (c != '"')
		return json_read_fail(r, "expected a string");
	r->p++;
	for (;;) {
		if (r->p >= r->end)
			return json_read_fail(r, "unterminated string");
		unsigned char b = (unsigned char)*r->p;
		if (b == '"') {
			r->p++;
			break;
		}
		if (b < 0x20)
			return json_read_fail(r, "control byte in a string");
		if (b == '\\') {
			if (r->end - r->p < 2)
				return json_read_fail(r, "unterminated string");
			char e = r->p[1], one;
			switch (e) {
			case '"': one = '"'; break;
			case '\\': one = '\\'; break;
			case '/': one = '/'; break;
			case 'b': one = '\b'; break;
			case 'f': one = '\f'; break;
			case 'n': one = '\n'; break;
			case 'r': one = '\r'; break;
			case 't': one = '\t'; break;
			case 'u':
				r->p++;
				if (!unicode_escape(r, &o))
					return false;
				continue;
			default:
				r->p++;
				return json_read_fail(r, "bad escape in a string");
			}
			put(&o, &one, 1);
			r->p += 2;
		} else if (b < 0x80) {
			put(&o, r->p, 1);
			r->p++;
		} else {
			size_t n = utf8_valid((const unsigned char *)r->p, (const unsigned char *)r->end);
			if (!n)
				return json_read_fail(r, "invalid UTF-8 in a string");
			put(&o, r->p, n);
			r->p += n;
		}
	}
	if (cap)
		dst[o.len] = '\0';
	if (len)
		*len = o.len;
	if (cut)
		*cut = o.cut && cap > 0;
	return true;
}

/* Checks the JSON number grammar at r->p; copies it (NUL-terminated) into buf and says whether it
 * has a fraction or an exponent. */
static bool number_token(struct json_reader *r, char *buf, size_t cap, bool *is_int)
{
	const char *s, *p;
	char c;

	if (!next_char(r, &c))
		return false;
	s = p = r->p;
	*is_int = true;
	if (p < r->end && *p == '-')
		p++;
	if (p >= r->end || *p < '0' || *p > '9')
		return json_read_fail(r, "expected a number");
	if (*p == '0')
		p++;
	else
		while (p < r->end && *p >= '0' && *p <= '9')
			p++;
	if (p < r->end && *p == '.') {
		*is_int = false;
		p++;
		if (p >= r->end || *p < '0' || *p > '9')
			return json_read_fail(r, "bad number");
		while (p < r->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < r->end && (*p == 'e' || *p == 'E')) {
		*is_int = false;
		p++;
		if (p < r->end && (*p == '+' || *p == '-'))
			p++;
		if (p >= r->end || *p < '0' || *p > '9')
			return json_read_fail(r, "bad number");
		while (p < r->end && *p >= '0' && *p <= '9')
			p++;
	}
	if ((size_t)(p - s) >= cap)
		return json_read_fail(r, "number too long");
	memcpy(buf, s, (size_t)(p - s));
	buf[p - s] = '\0';
	r->p = p;
	return true;
}

bool json_read_i64(struct json_reader *r, int64_t *out)
{
	char buf[64], *end;
	bool is_int;
	const char *at = r->p;

	if (!number_token(r, buf, sizeof(buf), &is_int))
		return false;
	if (!is_int) {
		r->p = at;
		return json_read_fail(r, "expected an integer");
	}
	errno = 0;
	long long v = strtoll(buf, &end, 10);
	if (errno || *end) {
		r->p = at;
		return json_read_fail(r, "integer out of range");
	}
	*out = v;
	return true;
}

bool json_read_u64(struct json_reader *r, uint64_t *out)
{
	char buf[64], *end;
	bool is_int;
	const char *at = r->p;

	if (!number_token(r, buf, sizeof(buf), &is_int))
		return false;
	if (!is_int || buf[0] == '-') {
		r->p = at;
		return json_read_fail(r, "expected an unsigned integer");
	}
	errno = 0;
	unsigned long long v = strtoull(buf, &end, 10);
	if (errno || *end) {
		r->p = at;
		return json_read_fail(r, "integer out of range");
	}
	*out = v;
	return true;
}

bool json_read_double(struct json_reader *r, double *out)
{
	char buf[64], *end;
	bool is_int;

	if (!number_token(r, buf, sizeof(buf), &is_int))
		return false;
	*out = strtod(buf, &end);   /* the C locale: the program never calls setlocale */
	return *end == '\0' || json_read_fail(r, "bad number");
}

bool json_read_skip(struct json_reader *r)
{
	char c;
	if (!next_char(r, &c))
		return false;
	switch (c) {
	case '{': {
		int depth = r->depth;
		if (!json_read_object(r))
			return false;
		while (json_read_member(r, NULL, 0, NULL))
			if (!json_read_skip(r))
				return false;
		return !r->err && r->depth == depth;
	}
	case '[': {
		int depth = r->depth;
		if (!json_read_array(r))
			return false;
		while (json_read_element(r))
			if (!json_read_skip(r))
				return false;
		return !r->err && r->depth == depth;
	}
	case '"':
		return json_read_string(r, NULL, 0, NULL, NULL);
	case 't': case 'f': {
		bool b;
		return json_read_bool(r, &b);
	}
	case 'n':
		return json_read_null(r);
	default: {
		double d;
		return json_read_double(r, &d);
	}
	}
}

bool json_read_end(struct json_reader *r)
{
	if (r->err)
		return false;
	read_skip_ws(r);
	return r->p == r->end || json_read_fail(r, "unexpected text after the end");
}
