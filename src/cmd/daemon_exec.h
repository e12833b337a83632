/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon runs as oomguard-daemon, an executable with only the daemon's code (its idle
 * footprint, bench/idle_footprint.sh); `oomguard daemon` execs it, and it execs the full
 * `oomguard daemon` back when the configuration asks for the metrics it is built without. */
#ifndef OOMGUARD_DAEMON_EXEC_H
#define OOMGUARD_DAEMON_EXEC_H

#include <stdbool.h>

#define DAEMON_LEAN_NAME "oomguard-daemon"
#define DAEMON_FULL_ENV "OOMGUARD_DAEMON_FULL"   /* set for the full one: run, do not exec back */

/* Whether this process was started to run the daemon itself (DAEMON_FULL_ENV set); the variable
 * is removed, so hooks do not inherit it. */
bool daemon_exec_take_full_flag(void);
/* Replaces this process with oomguard-daemon beside this executable (argv[0] "daemon", then the
 * daemon's options; --root from cli.root).  Returns -errno only when it could not: then the
 * caller runs the daemon itself. */
int daemon_exec_lean(int argc, char **argv);
/* Replaces this process with `oomguard daemon` beside this executable, told to run the daemon
 * itself.  Returns -errno when it could not. */
int daemon_exec_full(int argc, char **argv);

#endif
