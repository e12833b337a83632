/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Escaping of untrusted text for the terminal and for JSON (see safetext.h).  Valid UTF-8
 * sequences are kept so non-ASCII names print as themselves. */
#include "lib/util/safetext.h"

#include <stdio.h>
#include <string.h>

/* Length of a valid UTF-8 sequence at s (1..4), or 0 when the bytes are not valid UTF-8. */
static size_t utf8_seq_len(const unsigned char *s, size_t left)
{
	unsigned char c = s[0];
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > left)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if (n == 3 && c == 0xe0 && s[1] < 0xa0)
		return 0;
	if (n == 3 && c == 0xed && s[1] >= 0xa0)
		return 0; /* UTF-16 surrogates */
	if (n == 4 && c == 0xf0 && s[1] < 0x90)
		return 0;
	if (n == 4 && c == 0xf4 && s[1] >= 0x90)
		return 0;
	return n;
}

void safetext_terminal(struct strbuf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		if (c == '\\') {
			strbuf_add(out, "\\\\", 2);
			i++;
		} else if (c == '\n') {
			strbuf_add(out, "\\n", 2);
			i++;
		} else if (c == '\t') {
			strbuf_add(out, "\\t", 2);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			strbuf_addf(out, "\\x%02x", c);
			i++;
		} else {
			size_t n = utf8_seq_len(p + i, len - i);
			/* C1 controls (U+0080..U+009F) can drive a terminal too. */
			if (n == 2 && c == 0xc2 && p[i + 1] < 0xa0)
				n = 0;
			if (n == 0) {
				strbuf_addf(out, "\\x%02x", c);
				i++;
			} else {
				strbuf_add(out, (const char *)p + i, n);
				i += n;
			}
		}
	}
}

const char *safetext_terminal_buf(char *dst, size_t cap, const char *s)
{
	struct strbuf sb;

	if (cap == 0)
		return dst;
	strbuf_init(&sb);
	safetext_terminal(&sb, s, strlen(s));
	if (sb.failed || !sb.buf) {
		dst[0] = '\0';
	} else if (sb.len < cap) {
		memcpy(dst, sb.buf, sb.len + 1);
	} else {
		size_t keep = cap > 4 ? cap - 4 : cap - 1;
		memcpy(dst, sb.buf, keep);
		if (cap > 4)
			memcpy(dst + keep, "...", 4);
		else
			dst[keep] = '\0';
	}
	strbuf_free(&sb);
	return dst;
}

void safetext_json(struct strbuf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		switch (c) {
		case '"': strbuf_add(out, "\\\"", 2); i++; continue;
		case '\\': strbuf_add(out, "\\\\", 2); i++; continue;
		case '\n': strbuf_add(out, "\\n", 2); i++; continue;
		case '\r': strbuf_add(out, "\\r", 2); i++; continue;
		case '\t': strbuf_add(out, "\\t", 2); i++; continue;
		default: break;
		}
		if (c < 0x20 || c == 0x7f) {
			strbuf_addf(out, "\\u%04x", c);
			i++;
			continue;
		}
		size_t n = utf8_seq_len(p + i, len - i);
		if (n == 0) {
			strbuf_addf(out, "\\u%04x", c);
			i++;
		} else {
			strbuf_add(out, (const char *)p + i, n);
			i += n;
		}
	}
}
