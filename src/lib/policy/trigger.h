/* The daemon's pure decisions about *when* to act: levels resolved against the memory that
 * counts, earlyoom's "memory AND swap both low" rule, the level raised by fill rate x horizon,
 * pressure (PSI) with hysteresis, and the timing that follows from them: how long to sleep,
 * how long a SIGTERM'd victim may take, and when a kill has settled.  No I/O. */
#ifndef OOMGUARD_TRIGGER_H
#define OOMGUARD_TRIGGER_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/policy/daemon_config.h"
#include "lib/policy/fillrate.h"

/* The fill rate the poll interval assumes when nothing faster has been seen: one thread faulting
 * in fresh anonymous pages reaches 2-4 GiB/s on current hardware. */
#define ASSUMED_MAX_FILL_KIB_S (4ull * 1024 * 1024)
#define POLL_MIN_MS 10u
#define POLL_MAX_MS 5000u
#define POLL_PSI_TRACK_MS 1000u   /* sampling period while sustained pressure is being timed */

/* One reading of the memory that is guarded (the machine, or one cgroup). */
struct mem_sample {
	uint64_t avail_kib;       /* what can still be handed out without an OOM kill */
	uint64_t total_kib;       /* what percent levels resolve against */
	uint64_t swap_free_kib, swap_total_kib;
	bool psi_present;
	double psi_full_avg10;    /* percent */
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
	CAUSE_PSI_EVENT,         /* kernel PSI trigger fired, memory below the guard */
	CAUSE_PSI_SUSTAINED,     /* full avg10 above its limit for the whole duration */
};

struct trigger_state {
	struct fillrate rate;
	uint64_t psi_over_since_ms;   /* 0 = full avg10 is not above its limit */
};

struct trigger_decision {
	enum trigger_kind kind;
	enum trigger_cause cause;
	uint64_t term_level_kib;      /* effective SIGTERM level (raised by the fill rate) */
	uint64_t kill_level_kib;
	double rate_kib_s;
	uint64_t ms_to_kill_level;    /* UINT64_MAX when memory is not falling */
};

/* percent of total, or the size, or the smaller of both when both are set; 0 when unset. */
uint64_t level_resolve(const struct level *lv, uint64_t total_kib);
void trigger_levels_resolve(const struct daemon_config *cfg, const struct mem_sample *s,
			    struct trigger_levels *out);

void trigger_state_init(struct trigger_state *st);
/* Feeds the sample to the rate model and decides.  psi_event: a kernel PSI trigger fired since
 * the last call. */
void trigger_evaluate(const struct daemon_config *cfg, struct trigger_state *st,
		      const struct mem_sample *s, bool psi_event, uint64_t now_ms,
		      struct trigger_decision *out);
const char *trigger_cause_name(enum trigger_cause c);
/* True when memory is below the pressure guard (pressure may act). */
bool trigger_psi_guard_open(const struct daemon_config *cfg, const struct mem_sample *s);

/* How long to sleep before the next sample: headroom above the effective SIGTERM level divided
 * by the fastest plausible fill rate, clamped to [POLL_MIN_MS, POLL_MAX_MS]. */
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
