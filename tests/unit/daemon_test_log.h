/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper shared by the daemon's log tests (ops, history, events/explain CLI): a daemon_log
 * that writes its event log and kill snapshots below one folder, DIR/events.jsonl and
 * DIR/snapshots, with the stderr target.  Include after os/daemon/daemon_log.h. */
#ifndef OOMGUARD_TEST_DAEMON_TEST_LOG_H
#define OOMGUARD_TEST_DAEMON_TEST_LOG_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* daemon_log_open()'s result for a log to `target`, with its event log and snapshots in dir: 0,
 * or -errno with *log unset. */
static inline int daemon_test_log_open_to(struct daemon_log **log, const char *dir, enum log_target target)
{
	struct daemon_config cfg;
	char err[256], path[512];

	daemon_config_defaults(&cfg);
	free(cfg.event_log);
	free(cfg.snapshot_dir);
	snprintf(path, sizeof(path), "%.400s/events.jsonl", dir);
	cfg.event_log = strdup(path);
	snprintf(path, sizeof(path), "%.400s/snapshots", dir);
	cfg.snapshot_dir = strdup(path);
	cfg.log_target = target;
	int r = daemon_log_open(log, &cfg, err, sizeof(err));
	daemon_config_free(&cfg);
	return r;
}

/* The same, logging to stderr. */
static inline int daemon_test_log_open(struct daemon_log **log, const char *dir)
{
	return daemon_test_log_open_to(log, dir, LOG_TO_STDERR);
}

#endif
