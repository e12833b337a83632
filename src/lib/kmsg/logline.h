/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Decodes one line of kernel-log text, in any of the wrappers kernel messages are found in, into a
 * struct log_record: raw dmesg, dmesg -T, /dev/kmsg records, syslog (RFC 3164, RFC 5424, ISO 8601
 * stamps), journalctl short / short-precise / short-iso / short-monotonic / json.  Pure: the OS
 * layer reads the bytes and supplies the clock facts (reference year, boot time, time zone). */
#ifndef OOMGUARD_LOGLINE_H
#define OOMGUARD_LOGLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/kmsg/log_record.h"

enum logline_format {
	LOGFMT_NONE = 0,
	LOGFMT_DMESG,          /* "[  123.456789] msg", optionally "[...][ T123] msg" (caller id) */
	LOGFMT_DMESG_CTIME,    /* dmesg -T: "[Tue Aug 30 01:35:08 2023] msg" */
	LOGFMT_KMSG,           /* /dev/kmsg: "prio,seq,usec,flags[,...];msg" + " KEY=value" lines */
	LOGFMT_SYSLOG,         /* "Nov  2 14:08:46[.123456] host tag: msg" (RFC 3164, journalctl short) */
	LOGFMT_ISO,            /* "2026-11-02T14:08:46.123+01:00 host tag: msg" (rsyslog, short-iso) */
	LOGFMT_RFC5424,        /* "<pri>1 TIMESTAMP host app procid msgid sd msg" */
	LOGFMT_MONOTONIC,      /* journalctl -o short-monotonic: "[ 1234.567890] host kernel: msg" */
	LOGFMT_JSON,           /* journalctl -o json, one object per line */
};

/* Local civil time -> seconds since the epoch (mktime in the OS layer); LOG_TIME_UNKNOWN if it
 * cannot tell.  tm-style fields: year (e.g. 2026), mon 1..12, day, hour, min, sec. */
typedef int64_t (*logline_local_fn)(int year, int mon, int day, int hour, int min, int sec);

struct logline_ctx {
	/* set by the caller before the first line */
	enum log_origin origin;
	bool kernel_proven;        /* the source proves kernel origin (only /dev/kmsg, journal) */
	const char *source;        /* copied into each record */
	int ref_year, ref_mon;     /* when the stream's newest line was written (file mtime, or now):
				    * a syslog stamp without a year whose month is after ref_mon is
				    * from ref_year - 1, otherwise from ref_year */
	int64_t ref_us;            /* that moment as microseconds since the epoch (0 = unknown): a
				    * stamp without a year that would fall after it is from the year
				    * before, so no line is dated later than the file was written */
	int64_t boot_realtime_us;  /* wall clock at kernel timestamp 0, LOG_TIME_UNKNOWN if unknown */
	logline_local_fn local_time; /* NULL = stamps without a zone are UTC */
	bool want_userspace;       /* also decode the lines of userspace OOM killers (returns 2) */

	/* kept between lines */
	uint64_t line_no;
	enum logline_format last_format;
	bool seen_format;          /* some line had a known wrapper */
	bool monotonic_has_host;   /* seen "[ts] host kernel: " lines: this is short-monotonic */
	int64_t cache_hour_civil;  /* local_time cache: civil hour (as if UTC) -> offset */
	int64_t cache_hour_offset;
	/* the last line, when it was a kernel line in a wrapper: an unstamped line led by blanks
	 * right after it is the next line of the same multi-line record (dmesg and journalctl
	 * print those indented, without a stamp), and gets its times, host and level */
	bool cont_open;
	bool cont_proven;
	int cont_level;
	int64_t cont_realtime_us, cont_monotonic_us;
	size_t cont_host_len;
	char cont_host[256];
};

/* Prepares ctx for one stream (everything zero/unknown except what is given). */
void logline_ctx_init(struct logline_ctx *ctx, enum log_origin origin, bool kernel_proven,
		      const char *source);

/* Decodes one line (no newline; a trailing '\r' is ignored).  The line is modified in place when
 * escapes (kmsg "\xNN", rsyslog "#012", JSON "\n") are decoded, and rec borrows it.  Returns 1
 * for a kernel message, 0 for anything else (other programs' lines, kmsg dictionary lines,
 * journal markers, text in no known format).  Lines in no known format are taken as bare kernel
 * messages (`dmesg -t`, pasted text) only until the stream has shown a known format; after that,
 * only a line led by blanks right after a kernel line is (a continuation, see cont_open).  The
 * message may hold '\n' where the kernel logged several lines in one record: callers split it.
 * With ctx->want_userspace, a line of a userspace OOM killer (killer_tag_known) in a syslog,
 * journalctl or logcat wrapper returns 2, with rec->tag naming the program. */
int logline_decode(struct logline_ctx *ctx, char *line, size_t len, struct log_record *rec);

/* The format logline_decode saw in the last line. */
const char *logline_format_name(enum logline_format f);

/* Civil date/time taken as UTC -> seconds since the epoch (proleptic Gregorian). */
int64_t logline_civil_to_epoch(int year, int mon, int day, int hour, int min, int sec);
/* Month name (English, any case, 3 letters) -> 1..12, 0 if not a month. */
int logline_month(const char *p, size_t len);

#endif
