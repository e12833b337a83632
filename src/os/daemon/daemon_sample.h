/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's clock and its one way to sample memory and evaluate the trigger, shared by the
 * main loop (daemon_loop.c) and the action (daemon_act.c, during a kill's grace). */
#ifndef OOMGUARD_DAEMON_SAMPLE_H
#define OOMGUARD_DAEMON_SAMPLE_H

#include <stdint.h>
#include "lib/policy/trigger.h"
#include "os/daemon/daemon_state.h"
#include "os/daemon/memsource.h"

/* CLOCK_MONOTONIC in milliseconds. */
uint64_t daemon_now_ms(void);
/* Samples memory and evaluates the trigger.  0 or -errno from the memory source. */
int daemon_sample(struct daemon *d, struct mem_sample *s, struct trigger_decision *dec);

#endif
