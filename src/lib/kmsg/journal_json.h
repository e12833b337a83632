/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One line of `journalctl -o json` output -> struct log_record: a flat-object scanner that picks
 * the few fields a kernel message needs and decodes MESSAGE in place (string or byte array). */
#ifndef OOMGUARD_JOURNAL_JSON_H
#define OOMGUARD_JOURNAL_JSON_H

#include <stdbool.h>
#include "lib/kmsg/log_record.h"

/* Decodes the object in [p, end), filling msg, host, times and level of rec (the other fields
 * are left as they are).  Returns 1 for a kernel entry (journal_origin_is_kernel, the rule of
 * the sd-journal reader: _TRANSPORT=kernel and SYSLOG_FACILITY=0; or, when the output lacks
 * _TRANSPORT, SYSLOG_IDENTIFIER=kernel and no other facility), 2 with want_userspace for an
 * entry of a userspace OOM killer (SYSLOG_IDENTIFIER one of killer_tag_known; rec->tag set),
 * 0 for any other entry, -1 when the text is not a JSON object. */
int journal_json_decode(char *p, char *end, struct log_record *rec, bool want_userspace);

#endif
