/* Kills by userspace OOM killers other than oomguard, recognised in their log lines: earlyoom's
 * "sending SIGTERM|SIGKILL to process PID ..." and systemd-oomd's "Killed CGROUP due to ...".
 * Pure: the caller gives the syslog identifier and the message (journal fields, no I/O). */
#ifndef OOMGUARD_KILLER_LINE_H
#define OOMGUARD_KILLER_LINE_H

#include <stddef.h>

enum other_killer { KILLER_EARLYOOM, KILLER_SYSTEMD_OOMD, KILLER_COUNT };

/* The syslog identifiers the killers log under (for a journal match). */
extern const char *const other_killer_idents[KILLER_COUNT];
/* "earlyoom", "systemd-oomd": the label values. */
const char *other_killer_name(enum other_killer k);
/* The killer whose kill this line reports, or -1 for any other line. */
int other_killer_classify(const char *ident, size_t ident_len, const char *msg, size_t msg_len);

#endif
