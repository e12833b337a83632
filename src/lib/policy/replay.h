/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Replay of a memory trace through a policy: when oomguard's daemon, earlyoom, nohang or
 * systemd-oomd would have acted, on whom, and what the kernel did in the same trace.  oomguard
 * runs its real trigger and victim code; the peers are models of their documented rules and
 * defaults (doc/replay.md says what each model covers and what it leaves out).  Pure. */
#ifndef OOMGUARD_REPLAY_H
#define OOMGUARD_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/policy/daemon_config.h"
#include "lib/policy/trace.h"
#include "lib/policy/trigger.h"

enum replay_kind { REPLAY_OOMGUARD, REPLAY_EARLYOOM, REPLAY_NOHANG, REPLAY_SYSTEMD_OOMD };

struct replay_policy {
	enum replay_kind kind;
	char spec[128];                     /* as the user wrote it, for the table */
	const struct daemon_config *cfg;    /* REPLAY_OOMGUARD: the effective configuration */
	/* earlyoom (-m/-s/-M/-S) and nohang (soft_/hard_threshold_min_mem/swap): percent levels,
	 * or sizes in KiB when *_kib is not 0 (the smaller of both wins, as earlyoom does). */
	double mem_term_pct, mem_kill_pct, swap_term_pct, swap_kill_pct;
	uint64_t mem_term_kib, mem_kill_kib, swap_term_kib, swap_kill_kib;
	/* systemd-oomd: SwapUsedLimit, DefaultMemoryPressureLimit, DefaultMemoryPressureDurationSec */
	double oomd_swap_used_pct, oomd_pressure_pct;
	unsigned oomd_pressure_ms;
};

/* Parses "earlyoom[:FLAGS]", "nohang[:CONF-TEXT]" or "systemd-oomd[:K=V,K=V]" (oomguard's own is
 * set up by the caller, which owns the configuration).  conf_text is the nohang config file's
 * text when one was named, else NULL.  0, or -EINVAL with one line in err. */
int replay_policy_parse(struct replay_policy *p, const char *spec, const char *conf_text,
			size_t conf_len, char *err, size_t errlen);
const char *replay_kind_name(enum replay_kind k);

struct replay_outcome {
	bool acted;
	uint64_t t_ms;                      /* sample time of the first action */
	/* When the real daemon, checking at its own pace, acts: after the sample before (the rule
	 * held somewhere in between), and at most one of its own check periods after t_ms, that
	 * period as its rules size it at the sample before (replay_check_period_ms). */
	uint64_t window_from_ms, window_to_ms;
	size_t sample;                      /* its index */
	char action[24];                    /* "SIGTERM", "SIGKILL", "kill cgroup" */
	char reason[96];
	bool has_victim;
	struct trace_proc victim;           /* process victims */
	char victim_cgroup[TRACE_SCOPE_MAX];/* cgroup victims (systemd-oomd), else "" */
	bool kernel_killed;                 /* the kernel's OOM killer acted in the trace */
	uint64_t kernel_t_ms;               /* ... first at this time */
	bool before_kernel;                 /* the policy acted first (or the kernel never did) */
	double avail_pct_at_action;
};

/* systemd-oomd's pressure rule: one timer per monitored cgroup.  Without cgroup pressure in the
 * trace the scope's own pressure stands for the one monitored cgroup (index 0). */
struct replay_oomd_state {
	uint64_t over_since_ms[TRACE_PSI_CGROUPS_MAX];
	bool over[TRACE_PSI_CGROUPS_MAX];
	uint64_t last_scan_ms;     /* last sample where reclaim (pgscan) went up */
	uint64_t prev_pgscan;      /* the machine's */
	bool have_prev;
	uint64_t prev_cg_pgscan[TRACE_PSI_CGROUPS_MAX];   /* each cgroup's at its last reading */
	bool have_cg[TRACE_PSI_CGROUPS_MAX];
};

/* A replay fed one line at a time, so a trace of any length streams through several policies. */
struct replay_state {
	const struct replay_policy *policy;
	const struct trace_header *header;
	struct trigger_state trigger;
	struct replay_oomd_state oomd;
	struct replay_outcome out;
	uint64_t prev_oom_kill;
	size_t samples;
	uint64_t prev_t_ms;                 /* the sample before, and the check period it gave */
	unsigned prev_period_ms;
	/* oomguard: the same model with its stall budget lowered by the PSI counter's precision, two
	 * of its steps (the greatest common divisor of the rises of its full total between samples:
	 * 10 ms ticks on the test guest, a microsecond on most kernels): the real daemon reads the
	 * counter at other moments than the trace, so its sum may reach the budget that much
	 * earlier.  Where this one first acts (the sample before it) opens the bracket. */
	struct daemon_config early_cfg;     /* the policy's, copied once; only the budget changes */
	struct trigger_state early;
	bool early_acted;
	uint64_t early_from_ms;
	uint64_t psi_step_us, prev_psi_full_us;
	/* earlyoom and nohang with the trace's watch_pid (record --watch-pid): their rule is checked
	 * only where their daemon woke.  A rise of its sleeps between two samples means a check ended
	 * there and a sleep began; it wakes its own check period later (from that sample's
	 * figures), and later still by its check's time and the scheduler's delay, so from the
	 * first sample at or past (that sample + that period) it is awake, or about to be, until
	 * the next rise shows its next sleep: the rule is checked at each of those samples.
	 * check_due_ms: that time, UINT64_MAX before the first rise. */
	bool watched;                       /* the trace's watch_comm is this policy's daemon */
	uint64_t watch_sleeps, check_due_ms;
	/* the processes of the last sample that scanned them (a version 2 trace may skip the scan) */
	size_t n_procs;
	struct trace_proc procs[TRACE_PROCS_MAX];
};

/* How long the policy's real daemon sleeps after a check of this sample: earlyoom's headroom
 * over 6000 MiB/s (memory) plus 800 MiB/s (swap) clamped to 100-1000 ms; nohang's over its
 * default fill rates 6000 and 2000 MiB/s clamped to 0.1-3 s; systemd-oomd 150 ms for swap, 1 s
 * for pressure (the rule that acted, `pressure_rule`); oomguard's trigger_poll_interval_ms with
 * the decision (its PSI trigger may wake it sooner). */
unsigned replay_check_period_ms(const struct replay_policy *p, const struct trace_sample *s,
				const struct trigger_state *oomguard_state,
				const struct trigger_decision *oomguard_decision, bool pressure_rule);

void replay_begin(struct replay_state *st, const struct replay_policy *p, const struct trace_header *h);
void replay_feed_sample(struct replay_state *st, const struct trace_sample *s);
void replay_feed_event(struct replay_state *st, const struct trace_event *e);
void replay_end(struct replay_state *st, struct replay_outcome *out);

/* All at once: walks the samples in order and keeps the first action.  The kernel's first kill comes from
 * the samples' oom_kill counter or from a kernel_oom_kill event. */
void replay_run(const struct replay_policy *p, const struct trace_header *h,
		const struct trace_sample *s, size_t n, const struct trace_event *ev, size_t n_ev,
		struct replay_outcome *out);

#endif
