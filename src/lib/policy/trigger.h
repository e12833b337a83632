/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's pure decisions about *when* to act: levels resolved against the memory that
 * counts, earlyoom's "memory AND swap both low" rule, the level raised by fill rate x the time
 * the kill pipeline needs (learned from the last kills), pressure (PSI stall budget and
 * sustained avg10) with hysteresis, and the timing that follows from them: how long to sleep,
 * how long a SIGTERM'd victim may take, and when a kill has settled.  No I/O. */
#ifndef OOMGUARD_TRIGGER_H
#define OOMGUARD_TRIGGER_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/policy/daemon_config.h"
#include "lib/policy/fillrate.h"
#include "lib/policy/stall.h"

/* The fill rate the poll interval assumes when nothing faster has been seen.  One thread
 * faulting in fresh anonymous pages measured 0.6-1.8 GiB/s in bench/daemon-bench.sh (2 CPUs,
 * kernel 6.18); 3 GiB/s leaves room above that and still lets a machine with 16.5 GiB above its
 * level sleep the full POLL_MAX_MS.  A faster fill is seen at the next sample, and from then
 * on the measured rate (doubled) sizes the sleeps. */
#define ASSUMED_MAX_FILL_KIB_S (3ull * 1024 * 1024)
#define POLL_MIN_MS 10u
/* At rest: at most 12 wake-ups in any minute (issue 14).  Sleeps of exactly 5 s let 13 into
 * some 60 s windows (the first at its start, the 13th at its end); 5.5 s lets 11. */
#define POLL_MAX_MS 5500u
#define POLL_PSI_TRACK_MS 1000u   /* sampling period while sustained pressure is being timed */
#define POLL_STALL_MS 200u        /* ... and while a stall is adding up towards the budget */
#define STALL_RECENT_MS 2000u     /* a stall this recent is still "adding up" */
/* Memory is at its level but swap holds the action back: the swap headroom decides, at this
 * assumed fastest swap-out rate (zram compresses at 1-3 GiB/s), never below POLL_SWAP_MIN_MS. */
#define ASSUMED_MAX_SWAP_FILL_KIB_S (2ull * 1024 * 1024)
#define POLL_SWAP_MIN_MS 50u

/* The fill-rate raise covers the time from the sample that crosses the raised level until
 * memory stops falling (scan, signal, the victim stopping).  rate-horizon = auto learns it from
 * the last kills (trigger_learn_pipeline); until the first one it is RATE_HORIZON_INITIAL_MS. */
#define RATE_HORIZON_INITIAL_MS 400u
#define RATE_HORIZON_MIN_MS 100u
#define RATE_HORIZON_MAX_MS 2000u

/* One reading of the memory that is guarded (the machine, or one cgroup). */
struct mem_sample {
	uint64_t avail_kib;       /* what can still be handed out without an OOM kill */
	uint64_t total_kib;       /* what percent levels resolve against */
	uint64_t ram_total_kib;   /* the machine's MemTotal (oom_badness's scale is RAM + swap); 0 = unknown */
	uint64_t swap_free_kib, swap_total_kib;
	bool psi_present;
	double psi_full_avg10;    /* percent */
	uint64_t psi_full_total_us;  /* cumulative full stall */
	bool psi_shared;          /* the PSI read is the system's while the scope is one cgroup (v1) */
	bool has_majfault;        /* cgroup scope: its paging is known */
	uint64_t majfault;        /* memory.stat pgmajfault (swap-ins, refaults) */
	uint64_t swapped_kib;     /* its memory in swap (v1: memsw - usage; v2: memory.swap.current) */
	uint64_t usage_kib;       /* cgroup scope: what is charged (v1: with page cache); else 0 */
};

struct trigger_levels {
	uint64_t mem_term_kib, mem_kill_kib, swap_term_kib, swap_kill_kib;
};

enum trigger_kind { TRIGGER_NONE, TRIGGER_TERM, TRIGGER_KILL };
enum trigger_cause {
	CAUSE_NONE,
	CAUSE_MEMORY,            /* below the level as configured */
	CAUSE_FILL_RATE,         /* only below the level raised by rate x horizon */
	CAUSE_PSI_STALL,         /* memory short and the full stall added up to the budget */
	CAUSE_PSI_SUSTAINED,     /* full avg10 above its limit for the whole duration */
};

struct trigger_state {
	struct fillrate rate;
	uint64_t psi_over_since_ms;   /* 0 = full avg10 is not above its limit */
	struct stall_tracker stall;
	bool short_now;               /* memory short for pressure at the last evaluation */
	bool psi_trigger_armed;       /* set by the caller: the kernel wakes us when a stall starts */
	unsigned horizon_ms;          /* the learned pipeline time (rate-horizon = auto) */
};

struct trigger_decision {
	enum trigger_kind kind;
	enum trigger_cause cause;
	uint64_t term_level_kib;      /* effective SIGTERM level (raised by the fill rate) */
	uint64_t kill_level_kib;
	double rate_kib_s;
	uint64_t ms_to_kill_level;    /* UINT64_MAX when memory is not falling */
	double stall_ms;              /* full stall added up while memory is short */
	bool stalling;                /* ... and it grew within the last STALL_RECENT_MS */
	bool swap_holds;              /* memory is at its level, swap is not: no action */
};

/* percent of total, or the size, or the smaller of both when both are set; 0 when unset. */
uint64_t level_resolve(const struct level *lv, uint64_t total_kib);
void trigger_levels_resolve(const struct daemon_config *cfg, const struct mem_sample *s,
			    struct trigger_levels *out);

void trigger_state_init(struct trigger_state *st);
/* Feeds the sample to the rate and stall models and decides. */
void trigger_evaluate(const struct daemon_config *cfg, struct trigger_state *st,
		      const struct mem_sample *s, uint64_t now_ms, struct trigger_decision *out);
const char *trigger_cause_name(enum trigger_cause c);
/* True when memory is below the pressure guard (pressure may act). */
bool trigger_psi_guard_open(const struct daemon_config *cfg, const struct mem_sample *s);
/* True when available memory is at least margin_pct points above the pressure guard (false when
 * the total is unknown). */
bool trigger_above_guard(const struct daemon_config *cfg, const struct mem_sample *s, double margin_pct);
/* The horizon the fill-rate raise uses now: rate-horizon, or the learned pipeline time. */
unsigned trigger_horizon_ms(const struct daemon_config *cfg, const struct trigger_state *st);
/* One kill's measured pipeline: from the sample that decided until memory stopped falling (or
 * the victim was gone).  The learned horizon rises to a slower kill at once and comes down by a
 * quarter of the difference per faster one, within [RATE_HORIZON_MIN_MS, RATE_HORIZON_MAX_MS]. */
void trigger_learn_pipeline(struct trigger_state *st, unsigned measured_ms);
/* After an action: pressure needs a fresh budget before the next one. */
void trigger_acted(struct trigger_state *st);

/* How long to sleep before the next sample: headroom above the effective SIGTERM level divided
 * by the fastest plausible fill rate (the swap headroom when swap holds the action back),
 * clamped to [POLL_MIN_MS, POLL_MAX_MS]; shorter while a stall adds up or avg10 is timed, or
 * while memory is short and no kernel PSI trigger would wake us. */
unsigned trigger_poll_interval_ms(const struct daemon_config *cfg, const struct trigger_state *st,
				  const struct mem_sample *s, const struct trigger_decision *d);
/* SIGTERM grace: the time left until the SIGKILL level at the current rate, within the
 * configured [grace_min_ms, grace_max_ms]. */
unsigned trigger_grace_ms(const struct daemon_config *cfg, const struct trigger_decision *d);

/* After a victim is gone, further kills wait while memory is still coming back (freeing lags
 * the exit), at least COOLDOWN_SETTLE_MS and at most cfg->cooldown_ms. */
#define COOLDOWN_SETTLE_MS 200u
struct cooldown {
	bool active;
	bool full;               /* hold the whole cooldown_ms (dry run, nobody to choose) */
	uint64_t since_ms;
	uint64_t avail_at_kill_kib, last_avail_kib;
};
void cooldown_start(struct cooldown *c, uint64_t now_ms, uint64_t avail_at_kill_kib,
		    uint64_t avail_now_kib);
/* Feeds a sample; returns true while new kills must wait. */
bool cooldown_holds(struct cooldown *c, const struct daemon_config *cfg, uint64_t now_ms,
		    uint64_t avail_kib);

#endif
