/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The metrics of the daemon and of `oomguard metrics` as one struct, and that struct in the
 * Prometheus text exposition format (version 0.0.4).  Pure: the OS layer fills the struct
 * (os/daemon/metrics_collect.c); names, units and labels are documented in doc/metrics.md. */
#ifndef OOMGUARD_METRICS_TEXT_H
#define OOMGUARD_METRICS_TEXT_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/oomreport/userspace_kills.h"
#include "lib/policy/trigger.h"

enum metrics_scope { MX_SCOPE_GLOBAL, MX_SCOPE_MEMCG, MX_N_SCOPES };
enum metrics_constraint {
	MX_CONSTRAINT_NONE, MX_CONSTRAINT_CPUSET, MX_CONSTRAINT_MEMORY_POLICY, MX_CONSTRAINT_MEMCG,
	MX_CONSTRAINT_UNKNOWN, MX_N_CONSTRAINTS
};
/* What the daemon did: a signal, a rule's command, or (dry run) nothing but the decision. */
enum metrics_action { MX_ACTION_SIGTERM, MX_ACTION_SIGKILL, MX_ACTION_COMMAND, MX_ACTION_DRY_RUN,
		      MX_N_ACTIONS };
#define MX_N_REASONS (CAUSE_PSI_SUSTAINED + 1)   /* enum trigger_cause, "none" included */
enum metrics_severity { MX_SEV_INFO, MX_SEV_WARN, MX_SEV_CRITICAL, MX_N_SEVERITIES };

struct metrics_state {
	bool have_memory;            /* the whole machine's /proc/meminfo */
	uint64_t mem_total_bytes, mem_available_bytes, swap_total_bytes, swap_free_bytes;
	bool have_psi;               /* /proc/pressure/memory */
	double psi_some_seconds, psi_full_seconds;

	bool have_kernel_kills;      /* /dev/kmsg could be read */
	uint64_t kernel_kills[MX_N_SCOPES][MX_N_CONSTRAINTS];
	double kernel_last_kill_s;   /* wall clock, 0 = none seen */
	uint64_t kmsg_lost;          /* records the ring buffer overwrote before they were read */

	bool have_other_killers;     /* the journal could be read */
	uint64_t other_kills[US_KILLER_COUNT];

	bool have_findings;          /* check's findings were computed */
	unsigned findings[MX_N_SEVERITIES];

	bool have_daemon;            /* written by the daemon (not by `oomguard metrics`) */
	bool daemon_stopped;         /* the last textfile of a daemon that stops: up is 0 */
	bool daemon_dry_run;
	bool daemon_cgroup_scope;    /* guarding one cgroup, not the machine */
	double daemon_start_s;
	uint64_t actions[MX_N_ACTIONS][MX_N_REASONS];
	double daemon_last_kill_s;   /* 0 = none */
	uint64_t reloads_ok, reloads_failed;
	uint64_t errors;             /* actions that failed (no victim, signal refused, ...) */
	uint64_t wakeups;
	uint64_t metrics_write_errors;
};

/* The exposition (HELP and TYPE lines, then samples), appended to out.  Families whose have_*
 * flag is false are left out entirely (absent, not zero). */
struct strbuf;
void metrics_text_write(const struct metrics_state *m, struct strbuf *out);

const char *metrics_action_name(enum metrics_action a);     /* "sigterm", "sigkill", ... */
const char *metrics_constraint_name(enum metrics_constraint c); /* "none", "cpuset", ... */

#endif
