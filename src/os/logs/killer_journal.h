/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Kills by other OOM killers (systemd-oomd, earlyoom, nohang, oomd, lmkd) since boot, from their
 * lines in the systemd journal read as `events` reads them (lib/oomreport/userspace_kills), on
 * from where the last call stopped.  Live, the system's
 * journal; under --root, the tree's journal files. */
#ifndef OOMGUARD_KILLER_JOURNAL_H
#define OOMGUARD_KILLER_JOURNAL_H

#include <stdint.h>
#include "lib/oomreport/userspace_kills.h"

struct killer_journal {
	uint64_t kills[US_KILLER_COUNT];
	struct us_state lines;       /* what the multi-line killers said before their kill line */
	int64_t last_us;             /* newest entry counted (realtime), 0 = none yet */
	unsigned at_last;            /* entries seen with exactly that time */
};

/* Loads libsystemd (call it first, from one thread) when journal files exist; 0, -ENOENT
 * without journal files (no journald), or -ENOTSUP without libsystemd. */
int killer_journal_init(struct killer_journal *kj);
/* Adds the kills logged since the last call.  1 when a journal was read, 0 when there is none,
 * -ENOTSUP without libsystemd, -EACCES or another -errno. */
int killer_journal_read(struct killer_journal *kj);

#endif
