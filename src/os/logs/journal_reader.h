/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Kernel messages from the systemd journal through libsystemd: entries with _TRANSPORT=kernel and
 * SYSLOG_FACILITY=0, which together prove kernel origin (see lib/kmsg/journal_entry.h).  Live,
 * the system's journal; under --root, every journal file below the tree's /var/log/journal and
 * /run/log/journal.  Without libsystemd, or with no journal files, it reads nothing. */
#ifndef OOMGUARD_JOURNAL_READER_H
#define OOMGUARD_JOURNAL_READER_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/kmsg/log_record.h"

typedef void (*log_record_sink)(const struct log_record *rec, void *userdata);

/* Calls sink once per kernel entry from around since_us to around until_us (LOG_TIME_UNKNOWN =
 * open), in the journal's order.  Returns the number of entries read (0 also when there is no
 * journal), -ENOTSUP without libsystemd, -EACCES when the system journal exists but this user
 * may not read it, or another -errno. */
int journal_read_kernel(int64_t since_us, int64_t until_us, log_record_sink sink, void *userdata);

#include "config.h"
#if HAVE_LIBSYSTEMD
#include "os/core/systemd_dl.h"
/* Opens the live system's journal, or every journal file below a --root tree's /var/log/journal
 * and /run/log/journal.  1 = opened, 0 = the tree has no journal, or -errno. */
int journal_reader_open(const struct systemd_api *sd, sd_journal **j);
/* Calls fn with each MACHINE-ID folder below the journal's two homes (/var/log/journal, then
 * /run/log/journal), as a path for sysroot ("/var/log/journal/ID"); stops and returns true at
 * the first call that returns true, false when none did (or there is no such folder). */
bool journal_reader_dirs_any(bool (*fn)(const char *rel, void *arg), void *arg);
#endif

#endif
