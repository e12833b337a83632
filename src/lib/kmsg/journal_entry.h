/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One entry of the systemd journal, as sd-journal hands out its fields ("NAME=value" byte
 * strings), -> struct log_record for a kernel message.  Pure: src/os/journal_reader.c walks the
 * journal and feeds each field here; this decides what the fields mean and whether they prove
 * the kernel. */
#ifndef OOMGUARD_JOURNAL_ENTRY_H
#define OOMGUARD_JOURNAL_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/kmsg/log_record.h"

/* journald reads /dev/kmsg records of up to 8 KiB; a longer MESSAGE is cut here */
#define JOURNAL_MESSAGE_MAX 16384

/* Whether a journal entry is the kernel's, decided the same way by both journal readers (this
 * one and `journalctl -o json`, journal_json.c): _TRANSPORT=kernel (journald's own /dev/kmsg
 * reader: no client can set a field starting with '_') and SYSLOG_FACILITY=0 (a process's write
 * to /dev/kmsg gets _TRANSPORT=kernel too, but the kernel forces a facility other than kern on
 * it), each seen, and no other value of either field. */
struct journal_origin {
	signed char transport, facility;   /* 0 unseen, 1 the kernel's, -1 another value (sticks) */
};
/* Takes one value of a field (each value of a repeated one); other fields are ignored. */
void journal_origin_field(struct journal_origin *o, const char *name, size_t name_len,
			  const char *value, size_t value_len);
bool journal_origin_is_kernel(const struct journal_origin *o);

struct journal_entry {
	struct log_record rec;
	bool have_msg;
	struct journal_origin origin;
	char host[256];
	char tag[64];                    /* SYSLOG_IDENTIFIER, for the userspace killers' entries */
	size_t tag_len;
	char msg[JOURNAL_MESSAGE_MAX];   /* copies: sd-journal's bytes move with the next field */
};

/* Starts an entry stamped realtime_us (the journal's own wall clock, LOG_TIME_UNKNOWN if none). */
void journal_entry_start(struct journal_entry *e, int64_t realtime_us);
/* Takes one field: MESSAGE (kept byte for byte: the newlines of a multi-line printk, any byte of
 * a hostile name), _HOSTNAME, _SOURCE_MONOTONIC_TIMESTAMP (the kernel's stamp), PRIORITY,
 * _TRANSPORT, SYSLOG_FACILITY.  Others are ignored. */
void journal_entry_field(struct journal_entry *e, const void *data, size_t len);
/* The kernel's record, or a userspace OOM killer's (SYSLOG_IDENTIFIER one of killer_tag_known,
 * rec.tag set, not kernel_proven), or NULL: no MESSAGE, or neither. */
const struct log_record *journal_entry_record(const struct journal_entry *e);

#endif
