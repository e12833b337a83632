/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's action when a trigger fires (daemon_act.c), called by the main loop. */
#ifndef OOMGUARD_DAEMON_ACT_H
#define OOMGUARD_DAEMON_ACT_H

#include "lib/policy/trigger.h"
#include "os/daemon/daemon_state.h"
#include "os/daemon/memsource.h"

/* A trigger fired: choose, act, wait, log.  Returns 0, or -errno when nothing could be done
 * (no victim, all signals refused): the loop then waits out the cool-down. */
int daemon_act(struct daemon *d, const struct mem_sample *s, const struct trigger_decision *dec);

#endif
