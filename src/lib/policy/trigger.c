/* SPDX-License-Identifier: GPL-2.0-or-later */
/* When to act (see trigger.h).  Semantics follow earlyoom where they overlap: SIGTERM when
 * MemAvailable and SwapFree are both at or below their SIGTERM levels, SIGKILL likewise; without
 * swap only memory counts.  Pressure acts while swap is still free (thrashing), but never while
 * memory is above the guard. */
#include "lib/policy/trigger.h"

uint64_t level_resolve(const struct level *lv, uint64_t total_kib)
{
	uint64_t from_pct = 0;
	bool has_pct = lv->percent >= 0.0;

	if (has_pct)
		from_pct = (uint64_t)((double)total_kib * lv->percent / 100.0);
	if (has_pct && lv->kib > 0)
		return from_pct < lv->kib ? from_pct : lv->kib;
	return has_pct ? from_pct : lv->kib;
}

void trigger_levels_resolve(const struct daemon_config *cfg, const struct mem_sample *s,
			    struct trigger_levels *out)
{
	out->mem_term_kib = level_resolve(&cfg->mem_term, s->total_kib);
	out->mem_kill_kib = level_resolve(&cfg->mem_kill, s->total_kib);
	out->swap_term_kib = level_resolve(&cfg->swap_term, s->swap_total_kib);
	out->swap_kill_kib = level_resolve(&cfg->swap_kill, s->swap_total_kib);
	/* a SIGKILL level above the SIGTERM level would skip SIGTERM; keep the order sane */
	if (out->mem_kill_kib > out->mem_term_kib)
		out->mem_term_kib = out->mem_kill_kib;
	if (out->swap_kill_kib > out->swap_term_kib)
		out->swap_term_kib = out->swap_kill_kib;
}

void trigger_state_init(struct trigger_state *st)
{
	fillrate_init(&st->rate);
	st->psi_over_since_ms = 0;
	stall_tracker_init(&st->stall);
	st->short_now = false;
	st->psi_trigger_armed = false;   /* arm_events sets it once the kernel trigger is open */
	st->horizon_ms = RATE_HORIZON_INITIAL_MS;
}

unsigned trigger_horizon_ms(const struct daemon_config *cfg, const struct trigger_state *st)
{
	return cfg->rate_horizon_ms ? cfg->rate_horizon_ms : st->horizon_ms;
}

void trigger_learn_pipeline(struct trigger_state *st, unsigned measured_ms)
{
	unsigned h = st->horizon_ms;
	if (measured_ms >= h)
		h = measured_ms;
	else
		h -= (h - measured_ms) / 4;
	if (h < RATE_HORIZON_MIN_MS)
		h = RATE_HORIZON_MIN_MS;
	st->horizon_ms = h > RATE_HORIZON_MAX_MS ? RATE_HORIZON_MAX_MS : h;
}

void trigger_acted(struct trigger_state *st)
{
	stall_tracker_reset(&st->stall);
	st->psi_over_since_ms = 0;
}

bool trigger_above_guard(const struct daemon_config *cfg, const struct mem_sample *s, double margin_pct)
{
	if (s->total_kib == 0)
		return false;
	return (double)s->avail_kib * 100.0 / (double)s->total_kib >= cfg->psi_mem_guard_percent + margin_pct;
}

bool trigger_psi_guard_open(const struct daemon_config *cfg, const struct mem_sample *s)
{
	return s->total_kib != 0 && !trigger_above_guard(cfg, s, 0);
}

/* The SIGTERM level raised by rate x horizon: what memory falls by while the kill is under way
 * (the sample that sees the crossing, the scan, the signal, the victim stopping), so that it
 * stops near the level instead of below it.  The raise is capped at a quarter of the total so
 * one allocation burst on a small cgroup cannot turn every sample into a kill. */
static uint64_t raised_term_level(const struct daemon_config *cfg, const struct trigger_state *st,
				  uint64_t term, uint64_t total)
{
	if (!cfg->rate_enabled || st->rate.kib_per_s <= 0.0)
		return term;
	double raise = st->rate.kib_per_s * (double)trigger_horizon_ms(cfg, st) / 1000.0;
	double cap = (double)total / 4.0;
	if (cap < (double)term)
		cap = (double)term;
	double lv = (double)term + raise;
	return (uint64_t)(lv > cap ? cap : lv);
}

/* Memory is short enough for pressure to act: below the guard, and for a v1 cgroup (which has
 * only the system's PSI) while it pages itself (major faults or swap use rising), so another
 * cgroup's stall is not taken for this one's. */
static bool pressure_counts(const struct daemon_config *cfg, const struct trigger_state *st,
			    const struct mem_sample *s, uint64_t now_ms)
{
	if (!cfg->psi_enabled || !s->psi_present || !trigger_psi_guard_open(cfg, s))
		return false;
	return !s->psi_shared || !s->has_majfault || stall_tracker_faulting(&st->stall, now_ms);
}

void trigger_evaluate(const struct daemon_config *cfg, struct trigger_state *st,
		      const struct mem_sample *s, uint64_t now_ms, struct trigger_decision *out)
{
	struct trigger_levels lv;
	bool has_swap = s->swap_total_kib > 0;

	fillrate_update(&st->rate, now_ms, s->avail_kib);
	trigger_levels_resolve(cfg, s, &lv);

	out->kind = TRIGGER_NONE;
	out->cause = CAUSE_NONE;
	out->kill_level_kib = lv.mem_kill_kib;
	out->term_level_kib = raised_term_level(cfg, st, lv.mem_term_kib, s->total_kib);
	out->rate_kib_s = st->rate.kib_per_s;
	out->ms_to_kill_level = fillrate_ms_until(&st->rate, s->avail_kib, lv.mem_kill_kib);

	bool swap_kill = !has_swap || s->swap_free_kib <= lv.swap_kill_kib;
	bool swap_term = !has_swap || s->swap_free_kib <= lv.swap_term_kib;
	out->swap_holds = s->avail_kib <= out->term_level_kib && !swap_term;

	/* pressure: the stall budget, and how long full avg10 has been above its limit */
	if (s->has_majfault)
		stall_tracker_paging(&st->stall, now_ms, s->majfault, s->swapped_kib);
	st->short_now = pressure_counts(cfg, st, s, now_ms);
	out->stall_ms = s->psi_present ?
		stall_tracker_update(&st->stall, now_ms, s->psi_full_total_us, st->short_now) : 0;
	out->stalling = stall_tracker_stalling(&st->stall, now_ms, STALL_RECENT_MS);
	if (cfg->psi_enabled && s->psi_present && cfg->psi_full_avg10 > 0 &&
	    s->psi_full_avg10 >= cfg->psi_full_avg10) {
		if (st->psi_over_since_ms == 0)
			st->psi_over_since_ms = now_ms ? now_ms : 1;
	} else {
		st->psi_over_since_ms = 0;
	}

	if (s->avail_kib <= lv.mem_kill_kib && swap_kill) {
		out->kind = TRIGGER_KILL;
		out->cause = CAUSE_MEMORY;
	} else if (s->avail_kib <= lv.mem_term_kib && swap_term) {
		out->kind = TRIGGER_TERM;
		out->cause = CAUSE_MEMORY;
	} else if (s->avail_kib <= out->term_level_kib && swap_term) {
		out->kind = TRIGGER_TERM;
		out->cause = CAUSE_FILL_RATE;
	} else if (st->short_now) {
		if (cfg->psi_stall_budget_ms && out->stall_ms >= (double)cfg->psi_stall_budget_ms) {
			out->kind = TRIGGER_TERM;
			out->cause = CAUSE_PSI_STALL;
		} else if (st->psi_over_since_ms &&
			   now_ms - st->psi_over_since_ms >= (uint64_t)cfg->psi_duration_s * 1000) {
			out->kind = TRIGGER_TERM;
			out->cause = CAUSE_PSI_SUSTAINED;
		}
	}
}

const char *trigger_cause_name(enum trigger_cause c)
{
	switch (c) {
	case CAUSE_MEMORY: return "memory";
	case CAUSE_FILL_RATE: return "fill-rate";
	case CAUSE_PSI_STALL: return "pressure-stall";
	case CAUSE_PSI_SUSTAINED: return "pressure-sustained";
	case CAUSE_NONE: break;
	}
	return "none";
}

unsigned trigger_poll_interval_ms(const struct daemon_config *cfg, const struct trigger_state *st,
				  const struct mem_sample *s, const struct trigger_decision *d)
{
	double ms;
	if (d->swap_holds) {
		/* at the memory level with swap still free: the swap headroom is what is left */
		struct trigger_levels lv;
		trigger_levels_resolve(cfg, s, &lv);
		double room = s->swap_free_kib > lv.swap_term_kib ?
			(double)(s->swap_free_kib - lv.swap_term_kib) : 0.0;
		ms = room * 1000.0 / (double)ASSUMED_MAX_SWAP_FILL_KIB_S;
		if (ms < POLL_SWAP_MIN_MS)
			ms = POLL_SWAP_MIN_MS;
	} else if (s->avail_kib <= d->term_level_kib) {
		return POLL_MIN_MS;
	} else {
		double headroom = (double)(s->avail_kib - d->term_level_kib);
		double rate = (double)ASSUMED_MAX_FILL_KIB_S;
		if (st->rate.kib_per_s * 2.0 > rate)
			rate = st->rate.kib_per_s * 2.0;
		ms = headroom * 1000.0 / rate;
	}
	unsigned limit = POLL_MAX_MS;
	/* pressure is timed by sampling; only matters while memory is short */
	if (st->short_now && d->stalling)
		limit = POLL_STALL_MS;
	else if (st->short_now && (st->psi_over_since_ms || !st->psi_trigger_armed))
		limit = POLL_PSI_TRACK_MS;
	/* the stall budget: PSI's full total grows by at most the time that passes, so a sleep no
	 * longer than what is left of the budget wakes at or before the sample that reaches it (not
	 * up to POLL_STALL_MS after it) */
	if (st->short_now && cfg->psi_stall_budget_ms && (d->stalling || !st->psi_trigger_armed)) {
		double left_ms = (double)cfg->psi_stall_budget_ms - d->stall_ms;
		if (left_ms < (double)limit)
			limit = left_ms < (double)POLL_MIN_MS ? POLL_MIN_MS : (unsigned)left_ms;
	}
	if (ms < POLL_MIN_MS)
		return POLL_MIN_MS;
	return ms > limit ? limit : (unsigned)ms;
}

unsigned trigger_grace_ms(const struct daemon_config *cfg, const struct trigger_decision *d)
{
	unsigned lo = cfg->grace_min_ms, hi = cfg->grace_max_ms;
	if (hi < lo)
		hi = lo;
	if (d->ms_to_kill_level == UINT64_MAX || d->ms_to_kill_level >= hi)
		return hi;
	return d->ms_to_kill_level < lo ? lo : (unsigned)d->ms_to_kill_level;
}

void cooldown_start(struct cooldown *c, uint64_t now_ms, uint64_t avail_at_kill_kib,
		    uint64_t avail_now_kib)
{
	c->active = true;
	c->full = false;
	c->since_ms = now_ms;
	c->avail_at_kill_kib = avail_at_kill_kib;
	c->last_avail_kib = avail_now_kib;
}

bool cooldown_holds(struct cooldown *c, const struct daemon_config *cfg, uint64_t now_ms,
		    uint64_t avail_kib)
{
	if (!c->active)
		return false;
	uint64_t elapsed = now_ms - c->since_ms;
	bool rising = avail_kib > c->last_avail_kib;
	c->last_avail_kib = avail_kib;
	if (elapsed >= cfg->cooldown_ms || (!c->full && elapsed >= COOLDOWN_SETTLE_MS && !rising)) {
		c->active = false;
		return false;
	}
	return true;
}
