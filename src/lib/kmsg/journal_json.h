/* One line of `journalctl -o json` output -> struct log_record: a flat-object scanner that picks
 * the few fields a kernel message needs and decodes MESSAGE in place (string or byte array). */
#ifndef OOMGUARD_JOURNAL_JSON_H
#define OOMGUARD_JOURNAL_JSON_H

#include "lib/kmsg/log_record.h"

/* Decodes the object in [p, end), filling msg, host, times and level of rec (the other fields
 * are left as they are).  Returns 1 for a kernel entry (_TRANSPORT=kernel, or no _TRANSPORT and
 * SYSLOG_IDENTIFIER=kernel), 0 for any other entry, -1 when the text is not a JSON object. */
int journal_json_decode(char *p, char *end, struct log_record *rec);

#endif
