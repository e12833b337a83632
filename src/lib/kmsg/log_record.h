/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One kernel log message, whatever it was read from: the contract between the log readers
 * (line-format decoding in lib/kmsg, sources in src/os) and the OOM report assembler
 * (lib/oomreport).  Pointers borrow the reader's buffer and are valid only during the call. */
#ifndef OOMGUARD_LOG_RECORD_H
#define OOMGUARD_LOG_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LOG_TIME_UNKNOWN INT64_MIN

enum log_origin {
	LOG_ORIGIN_KMSG,         /* /dev/kmsg: proven kernel */
	LOG_ORIGIN_JOURNAL,      /* journal; kernel_proven when _TRANSPORT=kernel */
	LOG_ORIGIN_FILE,         /* syslog/kern.log/dmesg text file: not proven */
	LOG_ORIGIN_STDIN,        /* pasted text: not proven */
};

struct log_record {
	const char *msg;         /* the kernel's message, every wrapper removed, no trailing newline */
	size_t msg_len;
	int64_t realtime_us;     /* wall-clock microseconds since the epoch, or LOG_TIME_UNKNOWN */
	int64_t monotonic_us;    /* kernel timestamp ("[ 123.456789]"), or LOG_TIME_UNKNOWN */
	const char *host;        /* hostname from syslog/journal, "" when unknown */
	size_t host_len;
	enum log_origin origin;
	bool kernel_proven;      /* the source proves the line came from the kernel */
	int level;               /* syslog priority 0..7, -1 when unknown */
	uint64_t seq;            /* /dev/kmsg sequence number, 0 when unknown */
	const char *source;      /* file name, "/dev/kmsg", "journal", "-" */
	uint64_t line_no;        /* 1-based line in a file, 0 when not from a file */
	/* A userspace program's line (an OOM killer's: systemd-oomd, earlyoom, ...), decoded only
	 * when the reader asks for them: the program's name, without "[pid]"; NULL/0 for the
	 * kernel's lines.  msg is then that program's message. */
	const char *tag;
	size_t tag_len;
};

#endif
