/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Replays a trace through one policy (see replay.h).  Each peer's rule is one function over a
 * sample; the victim rules are the peers' documented defaults: earlyoom and nohang end the
 * process with the highest oom_score, systemd-oomd the whole monitored cgroup, oomguard runs
 * lib/policy/trigger and lib/policy/victim on the sample as its daemon would. */
#include "lib/policy/replay.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/policy/trigger.h"
#include "lib/policy/victim.h"
#include "lib/util/numparse.h"

/* Traces carry sizes in KiB; badness is counted in 4 KiB pages here: the order of the victims
 * does not depend on the page size, only the scale of the points does. */
#define TRACE_PAGE_KIB 4

const char *replay_kind_name(enum replay_kind k)
{
	switch (k) {
	case REPLAY_OOMGUARD: return "oomguard";
	case REPLAY_EARLYOOM: return "earlyoom";
	case REPLAY_NOHANG: return "nohang";
	case REPLAY_SYSTEMD_OOMD: return "systemd-oomd";
	}
	return "?";
}

/* ---- parsing the peers' settings ---- */

/* "10" or "10,5" -> term, kill (kill defaults to half of term, as in earlyoom). */
static int parse_pair(const char *v, double *term, double *kill)
{
	char buf[64], *comma, *end;
	snprintf(buf, sizeof(buf), "%s", v);
	comma = strchr(buf, ',');
	if (comma)
		*comma = '\0';
	*term = strtod(buf, &end);
	if (end == buf || *end || *term < 0 || *term > 100)
		return -EINVAL;
	*kill = *term / 2;
	if (comma) {
		*kill = strtod(comma + 1, &end);
		if (end == comma + 1 || *end || *kill < 0 || *kill > *term)
			return -EINVAL;
	}
	return 0;
}

/* "2048" or "2048,1024" KiB -> term, kill (kill defaults to half of term). */
static int parse_kib_pair(const char *v, uint64_t *term, uint64_t *kill)
{
	char buf[64], *comma;
	snprintf(buf, sizeof(buf), "%s", v);
	comma = strchr(buf, ',');
	if (comma)
		*comma = '\0';
	if (numparse_u64(buf, term) < 0)
		return -EINVAL;
	*kill = *term / 2;
	if (comma && (numparse_u64(comma + 1, kill) < 0 || *kill > *term))
		return -EINVAL;
	return 0;
}

static int parse_earlyoom(struct replay_policy *p, const char *flags, char *err, size_t errlen)
{
	char buf[128], *save = NULL;
	snprintf(buf, sizeof(buf), "%s", flags);
	for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		const char *v = strtok_r(NULL, " ", &save);
		double t, k;
		if (!v || strlen(tok) != 2 || tok[0] != '-' || !strchr("msMS", tok[1])) {
			snprintf(err, errlen, "earlyoom: only -m, -s, -M and -S are modelled, each with a value (got \"%s\")", tok);
			return -EINVAL;
		}
		if (tok[1] == 'm' || tok[1] == 's') {
			if (parse_pair(v, &t, &k) < 0) {
				snprintf(err, errlen, "earlyoom: %s %s: expected PERCENT[,KILL_PERCENT]", tok, v);
				return -EINVAL;
			}
			if (tok[1] == 'm') {
				p->mem_term_pct = t;
				p->mem_kill_pct = k;
			} else {
				p->swap_term_pct = t;
				p->swap_kill_pct = k;
			}
		} else {   /* -M / -S SIZE[,KILL_SIZE] in KiB */
			uint64_t term, kill;
			if (parse_kib_pair(v, &term, &kill) < 0) {
				snprintf(err, errlen, "earlyoom: %s %s: expected KiB[,KILL_KiB]", tok, v);
				return -EINVAL;
			}
			if (tok[1] == 'M') {
				p->mem_term_kib = term;
				p->mem_kill_kib = kill;
			} else {
				p->swap_term_kib = term;
				p->swap_kill_kib = kill;
			}
		}
	}
	return 0;
}

/* nohang.conf: "key = value" lines; values "N %" or "N M" (MiB). */
static int nohang_value(const char *v, double *pct, uint64_t *kib)
{
	char *end;
	double x = strtod(v, &end);
	if (end == v)
		return -EINVAL;
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end == '%')
		*pct = x;
	else if (*end == 'M')
		*kib = (uint64_t)(x * 1024);
	else
		return -EINVAL;
	return 0;
}

static int parse_nohang(struct replay_policy *p, const char *text, size_t len, char *err, size_t errlen)
{
	static const struct { const char *key; size_t pct, kib; } keys[] = {
		{ "soft_threshold_min_mem", offsetof(struct replay_policy, mem_term_pct), offsetof(struct replay_policy, mem_term_kib) },
		{ "soft_threshold_min_swap", offsetof(struct replay_policy, swap_term_pct), offsetof(struct replay_policy, swap_term_kib) },
		{ "hard_threshold_min_mem", offsetof(struct replay_policy, mem_kill_pct), offsetof(struct replay_policy, mem_kill_kib) },
		{ "hard_threshold_min_swap", offsetof(struct replay_policy, swap_kill_pct), offsetof(struct replay_policy, swap_kill_kib) },
	};
	const char *p_end = text + len;
	unsigned line = 0;
	for (const char *l = text; l < p_end; ) {
		const char *nl = memchr(l, '\n', (size_t)(p_end - l));
		size_t n = nl ? (size_t)(nl - l) : (size_t)(p_end - l);
		char buf[256];
		line++;
		snprintf(buf, sizeof(buf), "%.*s", (int)(n < sizeof(buf) - 1 ? n : sizeof(buf) - 1), l);
		l += n + (nl ? 1 : 0);
		char *s = buf;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '#' || *s == '@' || !*s)
			continue;
		char *eq = strchr(s, '=');
		if (!eq)
			continue;
		char *k_end = eq;
		while (k_end > s && (k_end[-1] == ' ' || k_end[-1] == '\t'))
			k_end--;
		*k_end = '\0';
		char *v = eq + 1;
		while (*v == ' ' || *v == '\t')
			v++;
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			if (strcmp(s, keys[i].key) != 0)
				continue;
			double pct = NAN;
			uint64_t kib = 0;
			if (nohang_value(v, &pct, &kib) < 0) {
				snprintf(err, errlen, "nohang config line %u: %s: expected \"N %%\" or \"N M\"", line, s);
				return -EINVAL;
			}
			if (!isnan(pct)) {
				*(double *)(void *)((char *)p + keys[i].pct) = pct;
				*(uint64_t *)((char *)p + keys[i].kib) = 0;
			} else {
				*(uint64_t *)((char *)p + keys[i].kib) = kib;
				*(double *)(void *)((char *)p + keys[i].pct) = 100;   /* the size alone decides */
			}
		}
	}
	return 0;
}

/* "SwapUsedLimit=90%,DefaultMemoryPressureLimit=60%,DefaultMemoryPressureDurationSec=30s" */
static int parse_oomd(struct replay_policy *p, const char *settings, char *err, size_t errlen)
{
	char buf[128], *save = NULL;
	snprintf(buf, sizeof(buf), "%s", settings);
	for (char *kv = strtok_r(buf, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '='), *end;
		if (!eq) {
			snprintf(err, errlen, "systemd-oomd: \"%s\": expected KEY=VALUE", kv);
			return -EINVAL;
		}
		*eq = '\0';
		double x = strtod(eq + 1, &end);
		bool bad = end == eq + 1;
		if (strcmp(kv, "SwapUsedLimit") == 0) {
			bad = bad || strcmp(end, "%") != 0 || x < 0 || x > 100;
			p->oomd_swap_used_pct = x;
		} else if (strcmp(kv, "DefaultMemoryPressureLimit") == 0 || strcmp(kv, "ManagedOOMMemoryPressureLimit") == 0) {
			bad = bad || strcmp(end, "%") != 0 || x < 0 || x > 100;
			p->oomd_pressure_pct = x;
		} else if (strcmp(kv, "DefaultMemoryPressureDurationSec") == 0) {
			bad = bad || (strcmp(end, "s") != 0 && *end) || x < 0 || x > 86400;
			p->oomd_pressure_ms = (unsigned)(x * 1000);
		} else {
			snprintf(err, errlen, "systemd-oomd: %s: not a modelled setting (SwapUsedLimit, DefaultMemoryPressureLimit, DefaultMemoryPressureDurationSec)", kv);
			return -EINVAL;
		}
		if (bad) {
			snprintf(err, errlen, "systemd-oomd: %s=%s: not a valid value", kv, eq + 1);
			return -EINVAL;
		}
	}
	return 0;
}

int replay_policy_parse(struct replay_policy *p, const char *spec, const char *conf_text,
			size_t conf_len, char *err, size_t errlen)
{
	const char *colon = strchr(spec, ':');
	size_t name_len = colon ? (size_t)(colon - spec) : strlen(spec);
	const char *arg = colon ? colon + 1 : "";
	memset(p, 0, sizeof(*p));
	snprintf(p->spec, sizeof(p->spec), "%s", spec);
	if (name_len == 8 && strncmp(spec, "earlyoom", 8) == 0) {
		p->kind = REPLAY_EARLYOOM;   /* earlyoom's defaults: -m 10,5 -s 10,5 */
		p->mem_term_pct = 10, p->mem_kill_pct = 5, p->swap_term_pct = 10, p->swap_kill_pct = 5;
		return parse_earlyoom(p, arg, err, errlen);
	}
	if (name_len == 6 && strncmp(spec, "nohang", 6) == 0) {
		p->kind = REPLAY_NOHANG;     /* nohang.conf defaults: soft 5 % / 10 %, hard 2 % / 4 % */
		p->mem_term_pct = 5, p->swap_term_pct = 10, p->mem_kill_pct = 2, p->swap_kill_pct = 4;
		return conf_text ? parse_nohang(p, conf_text, conf_len, err, errlen) : 0;
	}
	if (name_len == 12 && strncmp(spec, "systemd-oomd", 12) == 0) {
		p->kind = REPLAY_SYSTEMD_OOMD;   /* oomd.conf(5) defaults */
		p->oomd_swap_used_pct = 90, p->oomd_pressure_pct = 60, p->oomd_pressure_ms = 30000;
		return parse_oomd(p, arg, err, errlen);
	}
	if (name_len == 8 && strncmp(spec, "oomguard", 8) == 0) {
		p->kind = REPLAY_OOMGUARD;
		return 0;
	}
	snprintf(err, errlen, "%.*s: unknown policy (oomguard, earlyoom, nohang, systemd-oomd)", (int)name_len, spec);
	return -EINVAL;
}

/* ---- victims ---- */

/* The process with the highest oom_score, as earlyoom and nohang choose by default: badness =
 * rss + swap + oom_score_adj x totalpages / 1000, never an oom_score_adj -1000 process. */
static bool highest_oom_score(const struct trace_sample *s, struct trace_proc *out)
{
	uint64_t total_pages = (s->mem_total_kib + s->swap_total_kib) / TRACE_PAGE_KIB;
	int64_t best = INT64_MIN;
	bool found = false;
	for (size_t i = 0; i < s->n_procs; i++) {
		const struct trace_proc *c = &s->procs[i];
		if (c->oom_score_adj <= -1000 || c->pid <= 1)
			continue;
		int64_t pts = (int64_t)((c->rss_kib + c->swap_kib) / TRACE_PAGE_KIB) +
			      (int64_t)c->oom_score_adj * (int64_t)total_pages / 1000;
		if (pts > best) {
			best = pts;
			*out = *c;
			found = true;
		}
	}
	return found;
}

/* oomguard: its own victim code over the sample's processes, with the configuration's rules. */
static bool oomguard_victim(const struct replay_policy *p, const struct trace_header *h,
			    const struct trace_sample *s, struct trace_proc *out)
{
	struct candidate cand[TRACE_PROCS_MAX];
	memset(cand, 0, sizeof(cand));
	for (size_t i = 0; i < s->n_procs; i++) {
		const struct trace_proc *t = &s->procs[i];
		cand[i].pid = t->pid;
		cand[i].pgrp = t->pid;
		cand[i].state = 'R';
		cand[i].oom_score_adj = t->oom_score_adj;
		cand[i].rss_kib = t->rss_kib;
		cand[i].swap_kib = t->swap_kib;
		memcpy(cand[i].comm, t->comm, sizeof(cand[i].comm));
		snprintf(cand[i].cgroup, sizeof(cand[i].cgroup), "%s", t->cgroup);
	}
	struct victim_policy vp = {
		.cfg = p->cfg, .self = 0,
		.scope_cgroup = strcmp(h->scope, "/") ? h->scope : NULL,
		.totalpages = (s->mem_total_kib + s->swap_total_kib) / TRACE_PAGE_KIB,
		.page_kib = TRACE_PAGE_KIB,
	};
	struct victim_choice ch;
	if (victim_choose(cand, s->n_procs, &vp, &ch) < 0)
		return false;
	*out = s->procs[ch.index];
	return true;
}

/* ---- triggers ---- */

/* Where a threshold sits, in KiB: a percent of base, or a size when set and smaller, as earlyoom
 * resolves -m and -M together. */
static uint64_t level_kib(uint64_t base_kib, double pct, uint64_t size_kib)
{
	uint64_t lvl = (uint64_t)((double)base_kib * pct / 100.0);
	return size_kib && size_kib < lvl ? size_kib : lvl;
}

/* At or below that level.  Without swap the swap test passes, as both earlyoom and nohang read it. */
static bool below(uint64_t have_kib, uint64_t total_kib, double pct, uint64_t size_kib)
{
	return have_kib <= level_kib(total_kib, pct, size_kib);
}

static int threshold_peer(const struct replay_policy *p, const struct trace_sample *s, char *reason, size_t cap)
{
	/* earlyoom 1.8+ takes percent of MemAvailable + AnonPages (the trace's total_kib);
	 * nohang of MemTotal */
	uint64_t base = p->kind == REPLAY_EARLYOOM ? s->total_kib : s->mem_total_kib;
	bool no_swap = s->swap_total_kib == 0;
	for (int kill = 1; kill >= 0; kill--) {
		double mp = kill ? p->mem_kill_pct : p->mem_term_pct, sp = kill ? p->swap_kill_pct : p->swap_term_pct;
		uint64_t mk = kill ? p->mem_kill_kib : p->mem_term_kib, sk = kill ? p->swap_kill_kib : p->swap_term_kib;
		if (below(s->avail_kib, base, mp, mk) &&
		    (no_swap || below(s->swap_free_kib, s->swap_total_kib, sp, sk))) {
			snprintf(reason, cap, "memory %.1f%% <= %g%%%s", trace_pct(s->avail_kib, base), mp,
				 no_swap ? " (no swap)" : " and swap low");
			return kill ? 2 : 1;
		}
	}
	return 0;
}

/* systemd-oomd's pressure test of one monitored cgroup (oomd_pressure_above): full avg10 above
 * the limit starts a timer, at or below it resets the timer; true once the timer has run for
 * the duration. */
static bool oomd_pressure_over(const struct replay_policy *p, struct replay_oomd_state *st, size_t i,
			       double full_avg10, uint64_t t_ms)
{
	if (full_avg10 <= p->oomd_pressure_pct) {
		st->over[i] = false;
		return false;
	}
	if (!st->over[i]) {
		st->over[i] = true;
		st->over_since_ms[i] = t_ms;
	}
	return t_ms - st->over_since_ms[i] >= p->oomd_pressure_ms;
}

/* systemd-oomd: the swap rule (memory and swap both used above SwapUsedLimit) and the pressure
 * rule (full avg10 of a monitored cgroup above the limit for the whole duration, with reclaim in
 * the last 30 s).  The monitored cgroups are the trace's pressure cgroups when it has them (their
 * own pressure and pgscan, as systemd-oomd reads them), else the scope (the scope's pressure and
 * the machine's pgscan).  *victim names the cgroup the rule fired on. */
static int oomd_rule(const struct replay_policy *p, struct replay_oomd_state *st, const struct trace_header *h,
		     const struct trace_sample *s, char *reason, size_t cap, const char **victim)
{
	size_t n_cg = h->n_psi_cgroups < s->n_cgroup_psi ? h->n_psi_cgroups : s->n_cgroup_psi;
	if (h->n_psi_cgroups) {   /* reclaim in any monitored cgroup since its last reading */
		for (size_t i = 0; i < n_cg; i++) {
			const struct trace_cgroup_psi *c = &s->cgroup_psi[i];
			if (!c->present)
				continue;
			if (st->have_cg[i] && c->pgscan > st->prev_cg_pgscan[i])
				st->last_scan_ms = s->t_ms;
			st->prev_cg_pgscan[i] = c->pgscan;
			st->have_cg[i] = true;
		}
	} else {
		if (st->have_prev && s->pgscan > st->prev_pgscan)
			st->last_scan_ms = s->t_ms;
		st->prev_pgscan = s->pgscan;
		st->have_prev = true;
	}
	*victim = h->scope;
	double mem_used = 100.0 - trace_pct(s->avail_kib, s->mem_total_kib);
	double swap_used = s->swap_total_kib ? 100.0 - trace_pct(s->swap_free_kib, s->swap_total_kib) : 0;
	if (s->swap_total_kib && mem_used >= p->oomd_swap_used_pct && swap_used >= p->oomd_swap_used_pct) {
		snprintf(reason, cap, "swap used %.0f%% > %g%%", swap_used, p->oomd_swap_used_pct);
		return 1;
	}
	bool reclaim = st->last_scan_ms && s->t_ms - st->last_scan_ms <= 30000;
	if (h->n_psi_cgroups) {
		for (size_t i = 0; i < n_cg; i++) {
			const struct trace_cgroup_psi *c = &s->cgroup_psi[i];
			if (!c->present || !oomd_pressure_over(p, st, i, c->full_avg10, s->t_ms) || !reclaim)
				continue;
			/* the cgroup is the victim column; its name stays out of the reason */
			snprintf(reason, cap, "cgroup pressure %.0f%% > %g%% for %us",
				 c->full_avg10, p->oomd_pressure_pct, p->oomd_pressure_ms / 1000);
			*victim = h->psi_cgroups[i];
			return 1;
		}
		return 0;
	}
	if (!s->psi_present)
		return 0;
	if (oomd_pressure_over(p, st, 0, s->psi_full_avg10, s->t_ms) && reclaim) {
		snprintf(reason, cap, "pressure %.0f%% > %g%% for %us", s->psi_full_avg10,
			 p->oomd_pressure_pct, p->oomd_pressure_ms / 1000);
		return 1;
	}
	return 0;
}

static void to_mem_sample(const struct trace_sample *t, struct mem_sample *m)
{
	memset(m, 0, sizeof(*m));
	m->avail_kib = t->avail_kib;
	m->total_kib = t->total_kib;
	m->swap_free_kib = t->swap_free_kib;
	m->swap_total_kib = t->swap_total_kib;
	m->psi_present = t->psi_present;
	m->psi_full_avg10 = t->psi_full_avg10;
	m->psi_full_total_us = t->psi_full_total_us;
	m->has_majfault = true;
	m->majfault = t->pgmajfault;
}

/* ---- the peers' own pace ---- */

static uint64_t headroom_kib(uint64_t have_kib, uint64_t level)
{
	return have_kib > level ? have_kib - level : 0;
}

static unsigned clamp_ms(double ms, unsigned lo, unsigned hi)
{
	return ms < lo ? lo : ms > hi ? hi : (unsigned)ms;
}

unsigned replay_check_period_ms(const struct replay_policy *p, const struct trace_sample *s,
				const struct trigger_state *oomguard_state,
				const struct trigger_decision *oomguard_decision, bool pressure_rule)
{
	switch (p->kind) {
	case REPLAY_EARLYOOM: {   /* KiB over KiB per ms; its percent base is the trace's total */
		uint64_t mem = headroom_kib(s->avail_kib, level_kib(s->total_kib, p->mem_term_pct, p->mem_term_kib));
		uint64_t swap = headroom_kib(s->swap_free_kib,
					     level_kib(s->swap_total_kib, p->swap_term_pct, p->swap_term_kib));
		return clamp_ms((double)(mem / 6000 + swap / 800), 100, 1000);
	}
	case REPLAY_NOHANG: {     /* the soft thresholds, percent of MemTotal / SwapTotal */
		uint64_t mem = headroom_kib(s->avail_kib, level_kib(s->mem_total_kib, p->mem_term_pct, p->mem_term_kib));
		uint64_t swap = headroom_kib(s->swap_free_kib,
					     level_kib(s->swap_total_kib, p->swap_term_pct, p->swap_term_kib));
		return clamp_ms(1000.0 * ((double)mem / (6000.0 * 1024) + (double)swap / (2000.0 * 1024)), 100, 3000);
	}
	case REPLAY_SYSTEMD_OOMD:
		return pressure_rule ? 1000 : 150;
	case REPLAY_OOMGUARD: {
		struct mem_sample m;
		to_mem_sample(s, &m);
		return oomguard_state && oomguard_decision ?
			trigger_poll_interval_ms(p->cfg, oomguard_state, &m, oomguard_decision) : POLL_MIN_MS;
	}
	}
	return 0;
}

void replay_begin(struct replay_state *st, const struct replay_policy *p, const struct trace_header *h)
{
	memset(st, 0, sizeof(*st));
	st->policy = p;
	st->header = h;
	trigger_state_init(&st->trigger);
	trigger_state_init(&st->early);
	if (p->kind == REPLAY_OOMGUARD && p->cfg)
		st->early_cfg = *p->cfg;
	st->check_due_ms = UINT64_MAX;
	/* the trace watched this policy's own daemon (not another one's) */
	st->watched = h->watch_pid > 0 && strcmp(h->watch_comm, replay_kind_name(p->kind)) == 0;
}

static void kernel_kill_at(struct replay_state *st, uint64_t t_ms)
{
	if (!st->out.kernel_killed || t_ms < st->out.kernel_t_ms) {
		st->out.kernel_killed = true;
		st->out.kernel_t_ms = t_ms;
	}
}

void replay_feed_event(struct replay_state *st, const struct trace_event *e)
{
	if (strcmp(e->kind, "kernel_oom_kill") == 0)
		kernel_kill_at(st, e->t_ms);
}

/* Whether the threshold peer checks at this sample: always, unless the trace watched its daemon;
 * then (replay.h) from the sample its next wake is due until its next sleep shows. */
static bool watched_wake(struct replay_state *st, const struct trace_sample *s, unsigned period_ms)
{
	if (!st->watched)
		return true;
	bool rose = st->samples > 1 && st->watch_sleeps && s->watch_sleeps > st->watch_sleeps;
	st->watch_sleeps = s->watch_sleeps;
	if (rose) {
		st->check_due_ms = s->t_ms + period_ms;
		return false;                /* the check that ended here did not act (or it did already) */
	}
	return s->t_ms >= st->check_due_ms;   /* awake (or about to be) until its next sleep */
}

/* The early twin of the oomguard model (replay.h): fed every sample until it first acts. */
static void oomguard_early(struct replay_state *st, const struct trace_sample *s, const struct mem_sample *m)
{
	if (s->psi_present && st->samples > 1 && s->psi_full_total_us > st->prev_psi_full_us) {
		/* the counter's step: the greatest common divisor of its rises */
		uint64_t a = s->psi_full_total_us - st->prev_psi_full_us, b = st->psi_step_us;
		while (b) {
			uint64_t r = a % b;
			a = b;
			b = r;
		}
		st->psi_step_us = a;
	}
	st->prev_psi_full_us = s->psi_full_total_us;
	if (st->early_acted)
		return;
	unsigned budget_ms = st->policy->cfg->psi_stall_budget_ms;
	unsigned slack_ms = (unsigned)((2 * st->psi_step_us + 999) / 1000);
	if (budget_ms)                      /* 0 is off: keep it on */
		st->early_cfg.psi_stall_budget_ms = budget_ms > slack_ms ? budget_ms - slack_ms : 1;
	struct trigger_decision d;
	trigger_evaluate(&st->early_cfg, &st->early, m, s->t_ms, &d);
	if (d.kind != TRIGGER_NONE) {
		st->early_acted = true;
		st->early_from_ms = st->samples > 1 ? st->prev_t_ms : s->t_ms;
	}
}

void replay_feed_sample(struct replay_state *st, const struct trace_sample *s)
{
	const struct replay_policy *p = st->policy;
	struct replay_outcome *out = &st->out;
	char reason[96] = "";
	int act = 0;   /* 1 = SIGTERM (or the peer's only kill), 2 = SIGKILL */
	bool watched_act = false;   /* acted at a check of the watched daemon */
	uint64_t watch_from_ms = 0, watch_to_ms = 0;

	const char *oomd_victim = "";
	if (st->samples && s->oom_kill > st->prev_oom_kill)
		kernel_kill_at(st, s->t_ms);
	st->prev_oom_kill = s->oom_kill;
	size_t index = st->samples++;
	if (!s->procs_skipped) {
		st->n_procs = s->n_procs < TRACE_PROCS_MAX ? s->n_procs : TRACE_PROCS_MAX;
		memcpy(st->procs, s->procs, st->n_procs * sizeof(st->procs[0]));
	}
	if (out->acted)
		return;
	unsigned period_ms;
	if (p->kind == REPLAY_OOMGUARD) {
		struct mem_sample m;
		struct trigger_decision d;
		to_mem_sample(s, &m);
		oomguard_early(st, s, &m);
		trigger_evaluate(p->cfg, &st->trigger, &m, s->t_ms, &d);
		if (d.kind != TRIGGER_NONE) {
			act = d.kind == TRIGGER_KILL ? 2 : 1;
			snprintf(reason, sizeof(reason), "%s", trigger_cause_name(d.cause));
		}
		period_ms = replay_check_period_ms(p, s, &st->trigger, &d, false);
	} else if (p->kind == REPLAY_SYSTEMD_OOMD) {
		act = oomd_rule(p, &st->oomd, st->header, s, reason, sizeof(reason), &oomd_victim);
		/* the swap rule is checked every 150 ms; before it acts, that is the pace that counts */
		period_ms = replay_check_period_ms(p, s, NULL, NULL, act && strncmp(reason, "swap", 4) != 0);
	} else {
		period_ms = replay_check_period_ms(p, s, NULL, NULL, false);
		if (watched_wake(st, s, period_ms)) {
			act = threshold_peer(p, s, reason, sizeof(reason));
			if (act) {       /* it woke in the sample's interval (or, late, the next one) */
				watched_act = true;
				watch_from_ms = st->samples > 1 ? st->prev_t_ms : s->t_ms;
				watch_to_ms = s->t_ms + (s->t_ms - watch_from_ms);
			}
		}
	}
	bool first = index == 0;
	uint64_t prev_t_ms = st->prev_t_ms;
	unsigned prev_period_ms = st->prev_period_ms;
	st->prev_t_ms = s->t_ms;
	st->prev_period_ms = period_ms;
	if (!act)
		return;
	out->acted = true;
	out->t_ms = s->t_ms;
	out->window_from_ms = first ? s->t_ms : prev_t_ms;
	if (p->kind == REPLAY_OOMGUARD && st->early_acted && st->early_from_ms < out->window_from_ms)
		out->window_from_ms = st->early_from_ms;
	/* systemd-oomd: the rule that acted sets the pace (its pressure rule is read every 1 s) */
	if (first || p->kind == REPLAY_SYSTEMD_OOMD)
		prev_period_ms = period_ms;
	out->window_to_ms = s->t_ms + prev_period_ms;
	if (watched_act) {
		out->window_from_ms = watch_from_ms;
		out->window_to_ms = watch_to_ms;
	}
	out->sample = index;
	out->avail_pct_at_action = trace_pct(s->avail_kib, s->total_kib);
	snprintf(out->reason, sizeof(out->reason), "%s", reason);
	if (p->kind == REPLAY_SYSTEMD_OOMD) {
		snprintf(out->action, sizeof(out->action), "kill cgroup");
		snprintf(out->victim_cgroup, sizeof(out->victim_cgroup), "%s", oomd_victim);
	} else {
		/* the victim from the processes of the last scan (this sample's, unless it skipped it) */
		struct trace_sample with_procs;
		const struct trace_sample *vs = s;
		if (s->procs_skipped) {
			with_procs = *s;
			with_procs.n_procs = st->n_procs;
			memcpy(with_procs.procs, st->procs, st->n_procs * sizeof(st->procs[0]));
			vs = &with_procs;
		}
		snprintf(out->action, sizeof(out->action), "%s", act == 2 ? "SIGKILL" : "SIGTERM");
		out->has_victim = p->kind == REPLAY_OOMGUARD ? oomguard_victim(p, st->header, vs, &out->victim)
							      : highest_oom_score(vs, &out->victim);
	}
}

void replay_end(struct replay_state *st, struct replay_outcome *out)
{
	st->out.before_kernel = st->out.acted && (!st->out.kernel_killed || st->out.t_ms < st->out.kernel_t_ms);
	*out = st->out;
}

void replay_run(const struct replay_policy *p, const struct trace_header *h,
		const struct trace_sample *s, size_t n, const struct trace_event *ev, size_t n_ev,
		struct replay_outcome *out)
{
	struct replay_state st;
	replay_begin(&st, p, h);
	for (size_t i = 0; i < n_ev; i++)
		replay_feed_event(&st, &ev[i]);
	for (size_t i = 0; i < n; i++)
		replay_feed_sample(&st, &s[i]);
	replay_end(&st, out);
}
