/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The machine's syslog files and their rotations: /var/log/messages, kern.log and syslog (below
 * --root), with logrotate's numbered (".1", ".2.gz") and dated ("-20261101.gz") names. */
#ifndef OOMGUARD_SYSLOG_FILES_H
#define OOMGUARD_SYSLOG_FILES_H

#include <stddef.h>
#include <time.h>

#define SYSLOG_FAMILY_MAX 64

struct syslog_file {
	char path[512];     /* full path (root prefix included), ready to open */
	char name[300];     /* the name below /var/log, for notes */
	time_t mtime;
};

/* The log names read by default, in the order they are read. */
extern const char *const syslog_default_names[];

/* Lists base (e.g. "kern.log") and its rotations below /var/log, oldest first.  Returns the
 * count (0 when there is none), or -errno when /var/log cannot be listed. */
int syslog_family_list(const char *base, struct syslog_file *out, size_t cap);

#endif
