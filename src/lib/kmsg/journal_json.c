/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `journalctl -o json` lines (see journal_json.h).  Only the flat object journalctl writes is
 * understood: string, number, null and array values; a field given several times is an array of
 * strings (the first is used), a binary field is an array of byte values. */
#include "lib/kmsg/journal_json.h"
#include "lib/kmsg/journal_entry.h"
#include "lib/kmsg/killer_tags.h"

#include <stdbool.h>
#include <string.h>

struct span {
	char *p;
	size_t len;
	bool escaped;    /* a string holding backslash escapes */
	bool bytes;      /* an array of numbers */
	bool present;
};

static char *json_skip_ws(char *p, char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* p at the opening quote; returns past the closing quote, NULL if unterminated */
static char *scan_string(char *p, char *end, struct span *s)
{
	s->p = ++p;
	s->escaped = false;
	for (; p < end; p++) {
		if (*p == '\\') {
			s->escaped = true;
			p++;
		} else if (*p == '"') {
			s->len = (size_t)(p - s->p);
			s->present = true;
			return p + 1;
		}
	}
	return NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

static int hex4(const char *p, const char *end)
{
	int v = 0;
	if (end - p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		int h = hexval(p[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

static char *put_utf8(char *w, unsigned cp)
{
	if (cp < 0x80) {
		*w++ = (char)cp;
	} else if (cp < 0x800) {
		*w++ = (char)(0xC0 | cp >> 6);
		*w++ = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*w++ = (char)(0xE0 | cp >> 12);
		*w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*w++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*w++ = (char)(0xF0 | cp >> 18);
		*w++ = (char)(0x80 | ((cp >> 12) & 0x3F));
		*w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*w++ = (char)(0x80 | (cp & 0x3F));
	}
	return w;
}

/* Decodes a string's escapes in place (the result is never longer than the source). */
static void unescape_string(struct span *s)
{
	if (!s->escaped)
		return;
	char *r = s->p, *w = s->p, *end = s->p + s->len;
	while (r < end) {
		if (*r != '\\' || r + 1 >= end) {
			*w++ = *r++;
			continue;
		}
		char c = r[1];
		r += 2;
		switch (c) {
		case 'n': *w++ = '\n'; break;
		case 't': *w++ = '\t'; break;
		case 'r': *w++ = '\r'; break;
		case 'b': *w++ = '\b'; break;
		case 'f': *w++ = '\f'; break;
		case 'u': {
			int cp = hex4(r, end);
			if (cp < 0) {
				*w++ = '?';
				break;
			}
			r += 4;
			if (cp >= 0xD800 && cp < 0xDC00 && end - r >= 6 && r[0] == '\\' && r[1] == 'u') {
				int lo = hex4(r + 2, end);
				if (lo >= 0xDC00 && lo < 0xE000) {
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					r += 6;
				}
			}
			w = put_utf8(w, (unsigned)cp);
			break;
		}
		default: *w++ = c; break;   /* \" \\ \/ */
		}
	}
	s->len = (size_t)(w - s->p);
}

/* "[104,105]" -> bytes written over the array text */
static void decode_bytes(struct span *s)
{
	char *r = s->p, *w = s->p, *end = s->p + s->len;
	while (r < end) {
		if (*r >= '0' && *r <= '9') {
			unsigned v = 0;
			while (r < end && *r >= '0' && *r <= '9')
				v = v * 10 + (unsigned)(*r++ - '0');
			*w++ = (char)(v & 0xFF);
		} else {
			r++;
		}
	}
	s->len = (size_t)(w - s->p);
}

/* A value at p; fills s for strings, byte arrays and the first string of a string array. */
static char *scan_value(char *p, char *end, struct span *s, int depth)
{
	if (p >= end || depth > 8)
		return NULL;
	if (*p == '"')
		return scan_string(p, end, s);
	if (*p == '[' || *p == '{') {
		char close = *p == '[' ? ']' : '}';
		bool numbers = *p == '[', first = true;
		char *start = p + 1;
		p = json_skip_ws(p + 1, end);
		while (p < end && *p != close) {
			struct span inner = { 0 };
			if (close == '}') {
				if (*p != '"' || !(p = scan_string(p, end, &inner)))
					return NULL;
				p = json_skip_ws(p, end);
				if (p >= end || *p != ':')
					return NULL;
				p = json_skip_ws(p + 1, end);
				inner.present = false;
			}
			if (*p != '-' && (*p < '0' || *p > '9'))
				numbers = false;
			if (!(p = scan_value(p, end, &inner, depth + 1)))
				return NULL;
			if (first && close == ']' && inner.present && !s->present)
				*s = inner;
			first = false;
			p = json_skip_ws(p, end);
			if (p < end && *p == ',')
				p = json_skip_ws(p + 1, end);
		}
		if (p >= end)
			return NULL;
		if (numbers && close == ']') {
			*s = (struct span){ .p = start, .len = (size_t)(p - start), .bytes = true,
					    .present = true };
		}
		return p + 1;
	}
	/* number, true, false, null */
	char *v = p;
	while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ')
		p++;
	if (p == v)
		return NULL;
	if (*v >= '0' && *v <= '9')
		*s = (struct span){ .p = v, .len = (size_t)(p - v), .present = true };
	return p;
}

static bool span_is(const struct span *s, const char *lit)
{
	size_t n = strlen(lit);
	return s->present && !s->bytes && s->len == n && memcmp(s->p, lit, n) == 0;
}

static int64_t span_u64(const struct span *s)
{
	if (!s->present || s->bytes || s->len == 0 || s->len > 19)
		return LOG_TIME_UNKNOWN;
	int64_t v = 0;
	for (size_t i = 0; i < s->len; i++) {
		if (s->p[i] < '0' || s->p[i] > '9')
			return LOG_TIME_UNKNOWN;
		v = v * 10 + (s->p[i] - '0');
	}
	return v;
}

enum { F_MESSAGE, F_IDENT, F_HOST, F_REALTIME, F_SRC_MONO, F_MONO, F_PRIORITY,
       F_COUNT };

static int field_index(const struct span *k)
{
	static const char *const names[F_COUNT] = {
		"MESSAGE", "SYSLOG_IDENTIFIER", "_HOSTNAME", "__REALTIME_TIMESTAMP",
		"_SOURCE_MONOTONIC_TIMESTAMP", "__MONOTONIC_TIMESTAMP", "PRIORITY",
	};
	for (int i = 0; i < F_COUNT; i++)
		if (span_is(k, names[i]))
			return i;
	return -1;
}

static void origin_value(struct journal_origin *o, const struct span *key, struct span *v)
{
	if (!v->present) {                     /* null, an object: not the kernel's value */
		journal_origin_field(o, key->p, key->len, "", 0);
		return;
	}
	if (v->bytes)
		decode_bytes(v);
	else
		unescape_string(v);
	journal_origin_field(o, key->p, key->len, v->p, v->len);
}

/* Every value of a field ([v, vend) is its text; a field given several times is an array of
 * strings) goes to the kernel-origin vote that the sd-journal reader uses too. */
static void origin_field(struct journal_origin *o, const struct span *key, char *v, char *vend,
			 struct span *val)
{
	if (*v != '[' || val->bytes) {
		origin_value(o, key, val);
		return;
	}
	char *p = json_skip_ws(v + 1, vend);
	while (p < vend && *p == '"') {
		struct span s = { 0 };
		if (!(p = scan_string(p, vend, &s)))
			break;
		origin_value(o, key, &s);
		p = json_skip_ws(p, vend);
		if (p < vend && *p == ',')
			p = json_skip_ws(p + 1, vend);
	}
	if (!p || p >= vend || *p != ']')        /* an element that is not a string */
		journal_origin_field(o, key->p, key->len, "", 0);
}

int journal_json_decode(char *p, char *end, struct log_record *rec, bool want_userspace)
{
	struct span f[F_COUNT] = { 0 };
	struct journal_origin origin = { 0 };

	p = json_skip_ws(p, end);
	if (p >= end || *p != '{')
		return -1;
	p = json_skip_ws(p + 1, end);
	while (p < end && *p != '}') {
		struct span key = { 0 }, val = { 0 };
		if (*p != '"' || !(p = scan_string(p, end, &key)))
			return -1;
		p = json_skip_ws(p, end);
		if (p >= end || *p != ':')
			return -1;
		p = json_skip_ws(p + 1, end);
		char *v = p;
		if (!(p = scan_value(p, end, &val, 0)))
			return -1;
		int i = field_index(&key);
		if (i >= 0)
			f[i] = val;
		else if (span_is(&key, "_TRANSPORT") || span_is(&key, "SYSLOG_FACILITY"))
			origin_field(&origin, &key, v, p, &val);
		p = json_skip_ws(p, end);
		if (p < end && *p == ',')
			p = json_skip_ws(p + 1, end);
	}
	if (p >= end)
		return -1;
	/* Without _TRANSPORT (output cut down with --output-fields) the identifier is all there is,
	 * and any client can set that one: such entries are taken, but never prove the kernel. */
	bool kernel = origin.transport ? journal_origin_is_kernel(&origin)
				       : span_is(&f[F_IDENT], "kernel") && origin.facility >= 0;
	/* a userspace OOM killer's entry (systemd-oomd, earlyoom, ...): never the kernel's */
	bool killer = false;
	if (!kernel && want_userspace && f[F_IDENT].present && !f[F_IDENT].bytes &&
	    origin.transport <= 0) {
		unescape_string(&f[F_IDENT]);
		killer = killer_tag_known(f[F_IDENT].p, f[F_IDENT].len);
	}
	if ((!kernel && !killer) || !f[F_MESSAGE].present)
		return 0;
	if (killer) {
		rec->tag = f[F_IDENT].p;
		rec->tag_len = f[F_IDENT].len;
	}
	struct span *m = &f[F_MESSAGE];
	if (m->bytes)
		decode_bytes(m);
	else
		unescape_string(m);
	rec->msg = m->p;
	rec->msg_len = m->len;
	if (f[F_HOST].present && !f[F_HOST].bytes) {
		unescape_string(&f[F_HOST]);
		rec->host = f[F_HOST].p;
		rec->host_len = f[F_HOST].len;
	}
	rec->realtime_us = span_u64(&f[F_REALTIME]);
	rec->monotonic_us = span_u64(&f[F_SRC_MONO]);
	if (rec->monotonic_us == LOG_TIME_UNKNOWN)
		rec->monotonic_us = span_u64(&f[F_MONO]);
	int64_t prio = span_u64(&f[F_PRIORITY]);
	rec->level = prio >= 0 && prio <= 7 ? (int)prio : -1;
	return killer ? 2 : 1;
}
