/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `oomguard daemon` at run time: the main loop (event sources, signals, reload) and the action
 * it takes when a trigger fires.  cmd_daemon.c loads the configuration and hands it over. */
#ifndef OOMGUARD_DAEMON_RUNTIME_H
#define OOMGUARD_DAEMON_RUNTIME_H

#include <stddef.h>
#include "lib/policy/daemon_config.h"

/* Runs until SIGTERM or SIGINT.  Takes ownership of *cfg (freed at exit or replaced on SIGHUP,
 * when argc/argv are loaded again).  Returns 0 on a clean exit, DAEMON_RUN_HANDOVER when a
 * reload asked for what this build lacks (the metrics, in oomguard-daemon: the caller execs the
 * full oomguard), or -errno when it could not start, with "input: problem" in err. */
#define DAEMON_RUN_HANDOVER 1
int daemon_run(struct daemon_config *cfg, int argc, char **argv, char *err, size_t errlen);

#endif
