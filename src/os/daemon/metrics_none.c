/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The metrics side of oomguard-daemon, the lean daemon executable: it is built without the
 * metrics (their collector pulls in the audit and the log readers), so asking for them returns
 * -ENOSYS and the loop hands the run over to the full `oomguard daemon` (src/cmd/daemon_exec.c).
 * No thread reads the counters here, so counting is nothing. */
#include <errno.h>
#include <stddef.h>
#include "os/daemon/metrics_daemon.h"

void metrics_count_event(struct metrics_counters *c, const struct daemon_event *ev,
			 enum trigger_cause cause)
{
	(void)c;
	(void)ev;
	(void)cause;
}

int metrics_daemon_start(struct metrics_daemon **out, const struct daemon_config *cfg,
			 const struct metrics_counters *c, struct daemon_log *log)
{
	(void)c;
	(void)log;
	*out = NULL;
	return cfg->metrics_textfile || cfg->metrics_listen ? -ENOSYS : 0;
}

int metrics_daemon_msg_fd(const struct metrics_daemon *md)
{
	(void)md;
	return -1;
}

void metrics_daemon_drain_msgs(struct metrics_daemon *md, struct daemon_log *log)
{
	(void)md;
	(void)log;
}

void metrics_daemon_stop(struct metrics_daemon *md) { (void)md; }
