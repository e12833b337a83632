/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Line formats of kernel logs -> struct log_record (see logline.h).  A hand-written scanner: the
 * first byte picks the candidate wrapper, fixed punctuation rejects other programs' lines before
 * anything is converted, and only kernel lines get their stamps decoded. */
#include "lib/kmsg/logline.h"
#include "lib/kmsg/killer_tags.h"

#include <string.h>

#include "lib/kmsg/journal_json.h"

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

void logline_ctx_init(struct logline_ctx *ctx, enum log_origin origin, bool kernel_proven,
		      const char *source)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->origin = origin;
	ctx->kernel_proven = kernel_proven;
	ctx->source = source;
	ctx->boot_realtime_us = LOG_TIME_UNKNOWN;
	ctx->cache_hour_civil = LOG_TIME_UNKNOWN;
}

const char *logline_format_name(enum logline_format f)
{
	static const char *const names[] = {
		[LOGFMT_NONE] = "none", [LOGFMT_DMESG] = "dmesg", [LOGFMT_DMESG_CTIME] = "dmesg -T",
		[LOGFMT_KMSG] = "kmsg", [LOGFMT_SYSLOG] = "syslog", [LOGFMT_ISO] = "iso8601",
		[LOGFMT_RFC5424] = "rfc5424", [LOGFMT_MONOTONIC] = "short-monotonic",
		[LOGFMT_JSON] = "journal json",
	};
	return (unsigned)f < sizeof(names) / sizeof(names[0]) ? names[f] : "?";
}

int64_t logline_civil_to_epoch(int year, int mon, int day, int hour, int min, int sec)
{
	/* days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil) */
	int64_t y = year - (mon <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (mon + (mon > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;
	return days * 86400 + hour * 3600 + min * 60 + sec;
}

int logline_month(const char *p, size_t len)
{
	if (len != 3)
		return 0;
	/* the three letters, lower-cased, as one number: no string compares on the hot path */
	uint32_t k = (uint32_t)(p[0] | 0x20) << 16 | (uint32_t)(p[1] | 0x20) << 8 | (uint32_t)(p[2] | 0x20);
#define M3(a, b, c) ((uint32_t)(a) << 16 | (uint32_t)(b) << 8 | (uint32_t)(c))
	switch (k) {
	case M3('j', 'a', 'n'): return 1;
	case M3('f', 'e', 'b'): return 2;
	case M3('m', 'a', 'r'): return 3;
	case M3('a', 'p', 'r'): return 4;
	case M3('m', 'a', 'y'): return 5;
	case M3('j', 'u', 'n'): return 6;
	case M3('j', 'u', 'l'): return 7;
	case M3('a', 'u', 'g'): return 8;
	case M3('s', 'e', 'p'): return 9;
	case M3('o', 'c', 't'): return 10;
	case M3('n', 'o', 'v'): return 11;
	case M3('d', 'e', 'c'): return 12;
	}
#undef M3
	return 0;
}

/* Local civil time -> microseconds since the epoch, through the caller's time zone hook with a
 * one-hour cache (a busy file has thousands of lines per hour; mktime is slow). */
static int64_t local_to_us(struct logline_ctx *ctx, int year, int mon, int day, int hour, int min,
			   int sec, int64_t frac_us)
{
	int64_t civil = logline_civil_to_epoch(year, mon, day, hour, min, sec);
	if (!ctx->local_time)
		return civil * 1000000 + frac_us;
	int64_t hour_civil = civil - (civil % 3600 + 3600) % 3600;
	if (hour_civil != ctx->cache_hour_civil) {
		int64_t e = ctx->local_time(year, mon, day, hour, 0, 0);
		if (e == LOG_TIME_UNKNOWN)
			return LOG_TIME_UNKNOWN;
		ctx->cache_hour_civil = hour_civil;
		ctx->cache_hour_offset = e - hour_civil;
	}
	return (civil + ctx->cache_hour_offset) * 1000000 + frac_us;
}

/* n decimal digits at p (exactly), or -1 */
static int digits(const char *p, const char *end, int n)
{
	int v = 0;
	if (end - p < n)
		return -1;
	for (int i = 0; i < n; i++) {
		if (!is_digit(p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

/* ".123456" (any number of digits, kept to microseconds); returns p unchanged when absent */
static const char *scan_fraction(const char *p, const char *end, int64_t *us)
{
	*us = 0;
	if (p >= end || *p != '.' || p + 1 >= end || !is_digit(p[1]))
		return p;
	p++;
	int n = 0;
	int64_t f = 0;
	for (; p < end && is_digit(*p); p++, n++)
		if (n < 6)
			f = f * 10 + (*p - '0');
	for (; n < 6; n++)
		f *= 10;
	*us = f;
	return p;
}

/* "HH:MM:SS" */
static const char *scan_clock(const char *p, const char *end, int *h, int *m, int *s)
{
	if (end - p < 8 || p[2] != ':' || p[5] != ':')
		return NULL;
	*h = digits(p, end, 2);
	*m = digits(p + 3, end, 2);
	*s = digits(p + 6, end, 2);
	if (*h < 0 || *h > 23 || *m < 0 || *m > 59 || *s < 0 || *s > 60)
		return NULL;
	return p + 8;
}

/* "[ 123.456789]" -> microseconds; NULL when p does not start with one.  The kernel prints
 * "[%5lu.%06lu]": the dot and the fraction are what tell a stamp from the task table's
 * "[ 9871]" and "[  pid  ]" columns in unstamped text. */
static const char *scan_bracket_ts(const char *p, const char *end, int64_t *us)
{
	if (p >= end || *p != '[')
		return NULL;
	p++;
	while (p < end && *p == ' ')
		p++;
	int64_t sec = 0;
	int n = 0;
	for (; p < end && is_digit(*p); p++)
		if (++n > 12)
			return NULL;
		else
			sec = sec * 10 + (*p - '0');
	if (n == 0)
		return NULL;
	int64_t frac = 0;
	const char *dot = p;
	p = scan_fraction(p, end, &frac);
	if (p == dot || p >= end || *p != ']')
		return NULL;
	*us = sec * 1000000 + frac;
	return p + 1;
}

/* "[ T6736]" / "[  C1]" caller id (CONFIG_PRINTK_CALLER), optionally after one space */
static const char *skip_caller_id(const char *p, const char *end)
{
	const char *q = p;
	if (q < end && *q == ' ')
		q++;
	if (q >= end || *q != '[')
		return p;
	q++;
	while (q < end && *q == ' ')
		q++;
	if (q >= end || (*q != 'T' && *q != 'C'))
		return p;
	q++;
	const char *d = q;
	while (q < end && is_digit(*q))
		q++;
	if (q == d || q >= end || *q != ']')
		return p;
	return q + 1;
}

/* After a syslog-style tag: optional "[ts]" (rsyslog imklog keeps it) and caller id, one space. */
static const char *strip_kernel_stamp(const char *p, const char *end, int64_t *mono)
{
	int64_t us;
	const char *q = scan_bracket_ts(p, end, &us);
	if (!q)
		return p;
	*mono = us;
	q = skip_caller_id(q, end);
	if (q < end && *q == ' ')
		q++;
	return q;
}

/* rsyslog writes control bytes as '#' + three octal digits ("#012" is a newline, "#011" a tab). */
static size_t unescape_rsyslog(char *s, size_t len)
{
	char *hash = memchr(s, '#', len);
	if (!hash)
		return len;
	char *w = hash, *r = hash, *end = s + len;
	while (r < end) {
		if (r[0] == '#' && end - r >= 4 && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' &&
		    r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
			int v = (r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0');
			if (v < 32 || v == 127) {
				*w++ = (char)v;
				r += 4;
				continue;
			}
		}
		*w++ = *r++;
	}
	return (size_t)(w - s);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* /dev/kmsg writes every unprintable byte and the backslash as "\xNN". */
static size_t unescape_kmsg(char *s, size_t len)
{
	char *bs = memchr(s, '\\', len);
	if (!bs)
		return len;
	char *w = bs, *r = bs, *end = s + len;
	while (r < end) {
		int hi, lo;
		if (r[0] == '\\' && end - r >= 4 && r[1] == 'x' && (hi = hexval(r[2])) >= 0 &&
		    (lo = hexval(r[3])) >= 0) {
			*w++ = (char)(hi * 16 + lo);
			r += 4;
			continue;
		}
		*w++ = *r++;
	}
	return (size_t)(w - s);
}

/* Every line starts here: field by field, since gcc turns a memset or a compound literal of the
 * struct into `rep stos`, slow to start, and this runs ten million times on a 1 GiB log.  Keep
 * it in step with struct log_record. */
static void record_init(const struct logline_ctx *ctx, struct log_record *rec)
{
	rec->msg = NULL;
	rec->msg_len = 0;
	rec->realtime_us = LOG_TIME_UNKNOWN;
	rec->monotonic_us = LOG_TIME_UNKNOWN;
	rec->host = "";
	rec->host_len = 0;
	rec->origin = ctx->origin;
	rec->kernel_proven = false;
	rec->level = -1;
	rec->seq = 0;
	rec->source = ctx->source;
	rec->line_no = ctx->origin == LOG_ORIGIN_KMSG ? 0 : ctx->line_no;   /* records, not lines */
	rec->tag = NULL;
	rec->tag_len = 0;
}

static void set_msg(struct log_record *rec, const char *p, const char *end);
static int decode_bracket(struct logline_ctx *ctx, char *p, char *end, struct log_record *rec);

/* The programs whose lines may tell of OOM kills (userspace killers, systemd's unit manager). */
/* "name[pid]:" or "name:" at p: the name's length, 0 when p holds no such tag. */
static size_t tag_len_at(const char *p, const char *end)
{
	const char *q = p;
	while (q < end && *q != '[' && *q != ':' && *q != ' ' && q - p < 64)
		q++;
	if (q == p || q >= end)
		return 0;
	if (*q == '[') {
		const char *c = memchr(q, ']', (size_t)(end - q) < 16 ? (size_t)(end - q) : 16);
		if (!c || c + 1 >= end || c[1] != ':')
			return 0;
	} else if (*q != ':') {
		return 0;
	}
	return (size_t)(q - p);
}

/* A watched program's line worth decoding: systemd's manager logs much, and only its lines about
 * OOM kills ("systemd-oomd killed", "killed by the OOM killer", "'oom-kill'") matter; all three
 * hold "kill" ('k' is rare in log text: memchr, libc's fast scan, finds it). */
static bool killer_line_matters(const char *tag, size_t tl, const char *p, const char *end)
{
	if (tl != 7 || memcmp(tag, "systemd", 7) != 0)
		return true;
	for (const char *q = p; (q = memchr(q, 'k', (size_t)(end - q))) != NULL && end - q >= 4; q++)
		if (q[1] == 'i' && q[2] == 'l' && q[3] == 'l')
			return true;
	return false;
}

/* A watched program's line after its "name[pid]:" tag: msg and tag filled, 2 returned. */
static int userspace_tail(const struct logline_ctx *ctx, char *p, char *end, struct log_record *rec)
{
	size_t tl = tag_len_at(p, end);
	if (!ctx->want_userspace || !tl || !killer_tag_known(p, tl) ||
	    !killer_line_matters(p, tl, p + tl, end))
		return 0;
	rec->tag = p;
	rec->tag_len = tl;
	char *q = memchr(p + tl, ':', (size_t)(end - p - (ptrdiff_t)tl));
	q = q ? q + 1 : end;
	if (q < end && *q == ' ')
		q++;
	size_t n = unescape_rsyslog(q, (size_t)(end - q));
	set_msg(rec, q, q + n);
	return 2;
}

static void set_msg(struct log_record *rec, const char *p, const char *end)
{
	rec->msg = p;
	rec->msg_len = (size_t)(end - p);
}

static void mono_to_realtime(const struct logline_ctx *ctx, struct log_record *rec)
{
	if (rec->realtime_us == LOG_TIME_UNKNOWN && rec->monotonic_us != LOG_TIME_UNKNOWN &&
	    ctx->boot_realtime_us != LOG_TIME_UNKNOWN)
		rec->realtime_us = ctx->boot_realtime_us + rec->monotonic_us;
}

/* "host tag: msg" after a syslog stamp: fills host and msg when the tag is the kernel's (1), or
 * that of a watched program when the caller asks for them (2). */
static int syslog_tail(const struct logline_ctx *ctx, char *p, char *end, struct log_record *rec)
{
	char *host = p;
	char *sp = memchr(p, ' ', (size_t)(end - p));
	if (!sp || sp == host)
		return 0;
	p = sp + 1;
	if (end - p < 7 || memcmp(p, "kernel:", 7) != 0) {
		int r = userspace_tail(ctx, p, end, rec);
		if (r) {
			rec->host = host;
			rec->host_len = (size_t)(sp - host);
		}
		return r;
	}
	p += 7;
	if (p < end && *p == ' ')
		p++;
	rec->host = host;
	rec->host_len = (size_t)(sp - host);
	p = (char *)strip_kernel_stamp(p, end, &rec->monotonic_us);
	size_t n = unescape_rsyslog(p, (size_t)(end - p));
	set_msg(rec, p, p + n);
	return 1;
}

/* "Nov  2 14:08:46[.frac] " (RFC 3164, journalctl short/short-precise) */
static int decode_syslog(struct logline_ctx *ctx, char *p, char *end, struct log_record *rec)
{
	/* Fast rejection for the usual "Mmm dd hh:mm:ss host tag: " layout: most lines of a busy
	 * syslog file are other programs', and are dismissed by their tag before any number is read. */
	if (end - p > 24 && p[3] == ' ' && p[6] == ' ' && p[9] == ':' && p[12] == ':' && p[15] == ' ') {
		const char *h = p + 16, *lim = end - 8;
		while (h < lim && *h != ' ')
			h++;
		size_t tl;
		if (h >= lim || (memcmp(h + 1, "kernel:", 7) != 0 &&
				 (!ctx->want_userspace || !(tl = killer_tag_at(h + 1, end)) ||
				  !killer_line_matters(h + 1, tl, h + 1 + tl, end)))) {
			ctx->last_format = LOGFMT_SYSLOG;
			ctx->seen_format = true;
			return 0;
		}
	}
	char *sp = memchr(p, ' ', (size_t)(end - p) < 8 ? (size_t)(end - p) : 8);
	if (!sp || sp == p)
		return -1;
	char *q = sp + 1;
	if (q < end && *q == ' ')
		q++;
	int day = 0;
	for (int n = 0; q < end && is_digit(*q) && n < 2; q++, n++)
		day = day * 10 + (*q - '0');
	if (day < 1 || day > 31 || q >= end || *q != ' ')
		return -1;
	int h, m, s;
	q = (char *)scan_clock(q + 1, end, &h, &m, &s);
	if (!q)
		return -1;
	int64_t frac;
	q = (char *)scan_fraction(q, end, &frac);
	if (q >= end || *q != ' ')
		return -1;
	ctx->last_format = LOGFMT_SYSLOG;
	ctx->seen_format = true;
	int r = syslog_tail(ctx, q + 1, end, rec);
	if (!r)
		return 0;
	int mon = logline_month(p, (size_t)(sp - p));   /* only kernel (and watched) lines get here */
	if (mon && ctx->ref_year) {
		int year = mon > ctx->ref_mon ? ctx->ref_year - 1 : ctx->ref_year;
		int64_t t = local_to_us(ctx, year, mon, day, h, m, s, frac);
		/* same month as the reference but a later day or hour: last year's */
		if (ctx->ref_us && t != LOG_TIME_UNKNOWN && t > ctx->ref_us && year == ctx->ref_year)
			t = local_to_us(ctx, year - 1, mon, day, h, m, s, frac);
		rec->realtime_us = t;
	}
	return r;
}

/* After a logcat stamp: " PID TID L TAG: msg" (threadtime, the tag padded with blanks) or
 * " L/TAG( PID): msg" (time).  Only the watched tags. */
static int logcat_tail(const struct logline_ctx *ctx, char *p, char *end, struct log_record *rec)
{
	if (!ctx->want_userspace)
		return 0;
	while (p < end && *p == ' ')
		p++;
	char *tag, *tag_end, *msg;
	if (end - p > 2 && p[1] == '/') {                  /* "I/tag( 123): msg" */
		tag = p + 2;
		char *open = memchr(tag, '(', (size_t)(end - tag));
		if (!open)
			return 0;
		char *close = memchr(open, ')', (size_t)(end - open));
		if (!close || close + 1 >= end || close[1] != ':')
			return 0;
		tag_end = open;
		msg = close + 2;
		if (msg < end && *msg == ' ')
			msg++;
	} else {                                           /* "123  456 I tag   : msg" */
		for (int i = 0; i < 2; i++) {
			if (p >= end || !is_digit(*p))
				return 0;
			while (p < end && is_digit(*p))
				p++;
			while (p < end && *p == ' ')
				p++;
		}
		if (end - p < 3 || p[1] != ' ')
			return 0;
		tag = p + 2;
		char *colon = memmem(tag, (size_t)(end - tag), ": ", 2);
		if (!colon)
			return 0;
		tag_end = colon;
		msg = colon + 2;
	}
	while (tag_end > tag && tag_end[-1] == ' ')
		tag_end--;
	if (tag_end == tag || !killer_tag_known(tag, (size_t)(tag_end - tag)))
		return 0;
	rec->tag = tag;
	rec->tag_len = (size_t)(tag_end - tag);
	if (msg > end)
		msg = end;
	set_msg(rec, msg, end);
	return 2;
}

/* logcat without a year: "05-01 10:00:00.123 ..." */
static int decode_logcat(struct logline_ctx *ctx, char *p, char *end, struct log_record *rec)
{
	if (!ctx->want_userspace || end - p < 19 || p[2] != '-' || p[5] != ' ')
		return -1;
	int mo = digits(p, end, 2), d = digits(p + 3, end, 2), h, mi, s;
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	char *q = (char *)scan_clock(p + 6, end, &h, &mi, &s);
	if (!q)
		return -1;
	int64_t frac;
	q = (char *)scan_fraction(q, end, &frac);
	if (q >= end || *q != ' ')
		return -1;
	int r = logcat_tail(ctx, q, end, rec);
	if (r && ctx->ref_year) {
		int year = mo > ctx->ref_mon ? ctx->ref_year - 1 : ctx->ref_year;
		rec->realtime_us = local_to_us(ctx, year, mo, d, h, mi, s, frac);
	}
	return r;
}

/* "2026-11-02T14:08:46[.frac][Z|+01:00|+0100]"; returns past it, NULL if not one */
static char *scan_iso(struct logline_ctx *ctx, char *p, char *end, int64_t *us)
{
	int y = digits(p, end, 4), mo, d, h, mi, s;
	if (y < 0 || end - p < 19 || p[4] != '-' || p[7] != '-' || (p[10] != 'T' && p[10] != ' '))
		return NULL;
	mo = digits(p + 5, end, 2);
	d = digits(p + 8, end, 2);
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return NULL;
	char *q = (char *)scan_clock(p + 11, end, &h, &mi, &s);
	if (!q)
		return NULL;
	int64_t frac;
	q = (char *)scan_fraction(q, end, &frac);
	if (q < end && *q == 'Z') {
		*us = logline_civil_to_epoch(y, mo, d, h, mi, s) * 1000000 + frac;
		return q + 1;
	}
	if (q < end && (*q == '+' || *q == '-')) {
		int sign = *q == '-' ? -1 : 1;
		int oh = digits(q + 1, end, 2), om;
		if (oh < 0)
			return NULL;
		q += 3;
		if (q < end && *q == ':')
			q++;
		om = digits(q, end, 2);
		if (om < 0)
			return NULL;
		q += 2;
		*us = (logline_civil_to_epoch(y, mo, d, h, mi, s) - sign * (oh * 3600 + om * 60)) *
			      1000000 + frac;
		return q;
	}
	*us = local_to_us(ctx, y, mo, d, h, mi, s, frac);
	return q;
}

static int decode_iso(struct logline_ctx *ctx, char *p, char *end, struct log_record *rec)
{
	int64_t us;
	char *q = scan_iso(ctx, p, end, &us);
	if (!q || q >= end || *q != ' ')
		return -1;
	ctx->last_format = LOGFMT_ISO;
	ctx->seen_format = true;
	int r = syslog_tail(ctx, q + 1, end, rec);
	if (!r)
		r = logcat_tail(ctx, q + 1, end, rec);    /* logcat -v year */
	if (!r)
		return 0;
	rec->realtime_us = us;
	return r;
}

/* "<pri>1 TIMESTAMP HOST APP PROCID MSGID SD MSG" (RFC 5424, after the pri) */
static int decode_rfc5424(struct logline_ctx *ctx, char *p, char *end, struct log_record *rec)
{
	int64_t us = LOG_TIME_UNKNOWN;
	char *q;
	if (end - p >= 2 && p[0] == '-' && p[1] == ' ')
		q = p + 1;
	else if (!(q = scan_iso(ctx, p, end, &us)))
		return -1;
	if (q >= end || *q != ' ')
		return -1;
	ctx->last_format = LOGFMT_RFC5424;
	ctx->seen_format = true;
	char *field[4];   /* host, app, procid, msgid */
	size_t flen[4];
	q++;
	for (int i = 0; i < 4; i++) {
		char *sp = memchr(q, ' ', (size_t)(end - q));
		if (!sp)
			return 0;
		field[i] = q;
		flen[i] = (size_t)(sp - q);
		q = sp + 1;
	}
	if (flen[1] != 6 || memcmp(field[1], "kernel", 6) != 0)
		return 0;
	/* structured data: "-" or one or more [id k="v" ...] with \] escapes inside values */
	if (q < end && *q == '-') {
		q++;
	} else {
		while (q < end && *q == '[') {
			bool quoted = false;
			for (q++; q < end; q++) {
				if (quoted && *q == '\\' && q + 1 < end)
					q++;
				else if (*q == '"')
					quoted = !quoted;
				else if (!quoted && *q == ']')
					break;
			}
			if (q >= end)
				return 0;
			q++;
		}
	}
	if (q < end && *q == ' ')
		q++;
	if (end - q >= 3 && memcmp(q, "\xEF\xBB\xBF", 3) == 0)
		q += 3;
	rec->host = flen[0] == 1 && field[0][0] == '-' ? "" : field[0];
	rec->host_len = flen[0] == 1 && field[0][0] == '-' ? 0 : flen[0];
	q = (char *)strip_kernel_stamp(q, end, &rec->monotonic_us);
	size_t n = unescape_rsyslog(q, (size_t)(end - q));
	set_msg(rec, q, q + n);
	rec->realtime_us = us;
	return 1;
}

/* "<pri>" then RFC 5424 ("1 ...") or an RFC 3164 / ISO line.  A facility other than kern (0)
 * cannot be the kernel's, whatever the tag says (`logger -t kernel` logs as user.notice). */
static int decode_pri(struct logline_ctx *ctx, char *p, char *end, struct log_record *rec)
{
	int pri = 0, n = 0;
	for (p++; p < end && is_digit(*p) && n < 3; p++, n++)
		pri = pri * 10 + (*p - '0');
	if (n == 0 || p >= end || *p != '>' || pri > 191)
		return -1;
	p++;
	int r;
	if (end - p >= 2 && p[0] == '1' && p[1] == ' ')
		r = decode_rfc5424(ctx, p + 2, end, rec);
	else if (p < end && *p == '[')                  /* /proc/kmsg: "<4>[ 12.345678] msg" */
		r = decode_bracket(ctx, p, end, rec);
	else if (p < end && is_digit(*p))
		r = decode_iso(ctx, p, end, rec);
	else
		r = decode_syslog(ctx, p, end, rec);
	if (r == 1) {
		if (pri >> 3 != 0)
			return 0;
		rec->level = pri & 7;
	}
	return r;
}

/* "prio,seq,usec,flags[,...];msg" (/dev/kmsg, Documentation/ABI/testing/dev-kmsg) */
static int decode_kmsg(struct logline_ctx *ctx, char *p, char *end, struct log_record *rec)
{
	uint64_t v[3] = { 0, 0, 0 };
	for (int i = 0; i < 3; i++) {
		int n = 0;
		for (; p < end && is_digit(*p); p++)
			if (++n > 20)
				return -1;
			else
				v[i] = v[i] * 10 + (uint64_t)(*p - '0');
		if (n == 0 || p >= end || *p != ',')
			return -1;
		p++;
	}
	char *semi = memchr(p, ';', (size_t)(end - p));
	if (!semi || semi - p > 64)
		return -1;
	ctx->last_format = LOGFMT_KMSG;
	ctx->seen_format = true;
	/* userspace writes to /dev/kmsg get a facility other than kern (0): not the kernel */
	if (v[0] >> 3 != 0)
		return 0;
	p = semi + 1;
	size_t n = unescape_kmsg(p, (size_t)(end - p));
	set_msg(rec, p, p + n);
	rec->level = (int)(v[0] & 7);
	rec->seq = v[1];
	rec->monotonic_us = (int64_t)v[2];
	rec->kernel_proven = ctx->kernel_proven;
	mono_to_realtime(ctx, rec);
	return 1;
}

/* "[Tue Aug 30 01:35:08 2023] msg"; weekday and month may be localized (time is then unknown) */
static int decode_dmesg_ctime(struct logline_ctx *ctx, char *p, char *end, struct log_record *rec)
{
	char *close = memchr(p, ']', (size_t)(end - p) < 48 ? (size_t)(end - p) : 48);
	if (!close || close + 1 >= end || close[1] != ' ')
		return -1;
	/* inside: WDAY MON DD HH:MM:SS YYYY, split on runs of spaces */
	char *tok[5];
	size_t tlen[5];
	int nt = 0;
	for (char *q = p + 1; q < close && nt < 5;) {
		while (q < close && *q == ' ')
			q++;
		if (q >= close)
			break;
		char *s = q;
		while (q < close && *q != ' ')
			q++;
		tok[nt] = s;
		tlen[nt++] = (size_t)(q - s);
	}
	int h, m, s;
	if (nt != 5 || tlen[3] != 8 || !scan_clock(tok[3], tok[3] + 8, &h, &m, &s) || tlen[4] != 4)
		return -1;
	int year = digits(tok[4], tok[4] + 4, 4);
	int day = tlen[2] <= 2 ? digits(tok[2], tok[2] + tlen[2], (int)tlen[2]) : -1;
	int mon = logline_month(tok[1], tlen[1]);
	if (year < 0 || day < 1 || day > 31)
		return -1;
	ctx->last_format = LOGFMT_DMESG_CTIME;
	ctx->seen_format = true;
	if (mon)
		rec->realtime_us = local_to_us(ctx, year, mon, day, h, m, s, 0);
	char *q = (char *)skip_caller_id(close + 1, end);
	if (q < end && *q == ' ')
		q++;
	set_msg(rec, q, end);
	return 1;
}

/* "[ 123.456789] msg" (dmesg) or "[ 123.456789] host kernel: msg" (journalctl short-monotonic) */
static int decode_bracket(struct logline_ctx *ctx, char *p, char *end, struct log_record *rec)
{
	int64_t us;
	char *q = (char *)scan_bracket_ts(p, end, &us);
	if (!q)
		return decode_dmesg_ctime(ctx, p, end, rec);
	q = (char *)skip_caller_id(q, end);
	if (q < end && *q == ' ')
		q++;
	/* short-monotonic: one word, then "kernel:" */
	char *sp = memchr(q, ' ', (size_t)(end - q) < 256 ? (size_t)(end - q) : 256);
	if (sp && sp > q && end - sp > 7 && memcmp(sp + 1, "kernel:", 7) == 0 && sp[-1] != ':') {
		ctx->monotonic_has_host = true;
		ctx->last_format = LOGFMT_MONOTONIC;
		ctx->seen_format = true;
		int r = syslog_tail(ctx, q, end, rec);
		if (!r)
			return 0;
		rec->monotonic_us = us;
		mono_to_realtime(ctx, rec);
		return r;
	}
	ctx->seen_format = true;
	/* "[ts] name[pid]: msg": a watched program's line (journalctl -o short-monotonic without a
	 * host name, or a program writing to /dev/kmsg) - never a kernel message of an OOM report */
	size_t tl = ctx->want_userspace ? tag_len_at(q, end) : 0;
	if (tl && q[tl] == '[' && killer_tag_known(q, tl)) {
		int r = userspace_tail(ctx, q, end, rec);
		if (r) {
			ctx->last_format = ctx->monotonic_has_host ? LOGFMT_MONOTONIC : LOGFMT_DMESG;
			rec->monotonic_us = us;
			mono_to_realtime(ctx, rec);
			return r;
		}
	}
	if (ctx->monotonic_has_host) {   /* another program's line in short-monotonic output */
		ctx->last_format = LOGFMT_MONOTONIC;
		return 0;
	}
	ctx->last_format = LOGFMT_DMESG;
	rec->monotonic_us = us;
	mono_to_realtime(ctx, rec);
	set_msg(rec, q, end);
	return 1;
}

/* dmesg -x: "kern  :warn  : [ts] msg"; other facilities are not the kernel */
static int decode_dmesg_decoded(struct logline_ctx *ctx, char *p, char *end, struct log_record *rec)
{
	static const char *const levels[] = { "emerg", "alert", "crit", "err", "warn", "notice",
					      "info", "debug" };
	char *c1 = memchr(p, ':', (size_t)(end - p) < 9 ? (size_t)(end - p) : 9);
	if (!c1 || end - c1 < 9)
		return -1;
	char *lv = c1 + 1, *c2 = memchr(lv, ':', 7);
	if (!c2 || c2 + 1 >= end || c2[1] != ' ')
		return -1;
	size_t ll = (size_t)(c2 - lv);
	while (ll && lv[ll - 1] == ' ')
		ll--;
	int level = -1;
	for (int i = 0; i < 8; i++)
		if (strlen(levels[i]) == ll && memcmp(levels[i], lv, ll) == 0)
			level = i;
	if (level < 0)
		return -1;
	bool kern = memcmp(p, "kern ", 5) == 0 || memcmp(p, "kern:", 5) == 0;
	int r = kern ? decode_bracket(ctx, c2 + 2, end, rec) : 0;
	if (!kern) {
		ctx->last_format = LOGFMT_DMESG;
		ctx->seen_format = true;
	}
	if (r == 1)
		rec->level = level;
	return r;
}

/* A line led by blanks after a kernel line: the next line of its record, with its stamps. */
static int decode_continuation(const struct logline_ctx *ctx, char *p, char *end,
			       struct log_record *rec)
{
	const char *q = p;
	while (q < end && (*q == ' ' || *q == '\t'))
		q++;
	if (q == end)
		return 0;
	rec->realtime_us = ctx->cont_realtime_us;
	rec->monotonic_us = ctx->cont_monotonic_us;
	rec->host = ctx->cont_host;
	rec->host_len = ctx->cont_host_len;
	rec->level = ctx->cont_level;
	rec->kernel_proven = ctx->cont_proven;
	set_msg(rec, p, end);
	return 1;
}

/* Keeps what a continuation of this record needs (rec borrows the line, which goes away). */
static void remember_record(struct logline_ctx *ctx, const struct log_record *rec)
{
	size_t n = rec->host_len < sizeof(ctx->cont_host) ? rec->host_len : sizeof(ctx->cont_host) - 1;
	memcpy(ctx->cont_host, rec->host, n);
	ctx->cont_host[n] = '\0';
	ctx->cont_host_len = n;
	ctx->cont_realtime_us = rec->realtime_us;
	ctx->cont_monotonic_us = rec->monotonic_us;
	ctx->cont_level = rec->level;
	ctx->cont_proven = rec->kernel_proven;
	ctx->cont_open = true;
}

int logline_decode(struct logline_ctx *ctx, char *line, size_t len, struct log_record *rec)
{
	ctx->line_no++;
	if (len && line[len - 1] == '\r')
		len--;
	char *p = line, *end = line + len;
	if (p == end)
		return 0;
	record_init(ctx, rec);
	if ((*p == ' ' || *p == '\t') && ctx->cont_open)
		return decode_continuation(ctx, p, end, rec);
	int r = -1;
	switch (*p) {
	case '[':
		r = decode_bracket(ctx, p, end, rec);
		break;
	case '<':
		r = decode_pri(ctx, p, end, rec);
		break;
	case '{':
		r = journal_json_decode(p, end, rec, ctx->want_userspace);
		if (r >= 0) {
			ctx->last_format = LOGFMT_JSON;
			ctx->seen_format = true;
		}
		break;
	case ' ':
		/* kmsg dictionary lines (" SUBSYSTEM=...") and other indented text */
		if (ctx->last_format == LOGFMT_KMSG)
			r = 0;
		break;
	case '-':
		if (len >= 3 && p[1] == '-' && p[2] == ' ')   /* "-- Boot ... --" journalctl markers */
			r = 0;
		break;
	default:
		if (is_digit(*p)) {
			r = decode_kmsg(ctx, p, end, rec);
			if (r < 0)
				r = decode_iso(ctx, p, end, rec);
			if (r < 0)
				r = decode_logcat(ctx, p, end, rec);
		} else {
			r = decode_syslog(ctx, p, end, rec);
			if (r < 0)
				r = decode_dmesg_decoded(ctx, p, end, rec);
			if (r < 0 && ctx->want_userspace && end - p > 2 && p[1] == '/') {
				r = logcat_tail(ctx, p, end, rec);   /* logcat -v brief */
				if (r == 0)
					r = -1;
			}
		}
		break;
	}
	if (r >= 0) {
		/* /dev/kmsg and JSON carry a record's lines inside it, never after it */
		if (r == 1 && ctx->last_format != LOGFMT_KMSG && ctx->last_format != LOGFMT_JSON)
			remember_record(ctx, rec);
		else
			ctx->cont_open = false;
		return r;
	}
	/* no known wrapper: a bare kernel message only while the stream showed none */
	ctx->cont_open = false;
	if (ctx->seen_format)
		return 0;
	/* `dmesg -t` keeps the caller id (CONFIG_PRINTK_CALLER): "[    T1] msg" */
	char *q = (char *)skip_caller_id(p, end);
	if (q != p && q < end && *q == ' ')
		p = q + 1;
	set_msg(rec, p, end);
	return 1;
}
