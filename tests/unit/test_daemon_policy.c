/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the daemon's pure decisions (lib/policy): levels and earlyoom's "memory AND
 * swap" rule, the fill-rate raise and its cap, pressure hysteresis, poll interval, grace,
 * cool-down, memory figures (tmpfs, ZFS ARC, cgroup v1/v2), and victim ranking with rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/policy/daemon_config.h"
#include "lib/policy/fillrate.h"
#include "lib/policy/memfigure.h"
#include "lib/policy/trigger.h"
#include "lib/policy/victim.h"

static void base_config(struct daemon_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->mem_term = (struct level){ 10, 0 };
	cfg->mem_kill = (struct level){ 5, 0 };
	cfg->swap_term = (struct level){ 10, 0 };
	cfg->swap_kill = (struct level){ 5, 0 };
	cfg->psi_mem_guard_percent = 25;
	cfg->psi_full_avg10 = 40;
	cfg->psi_duration_s = 10;
	cfg->psi_stall_budget_ms = 1000;
	cfg->rate_horizon_ms = 2000;
	cfg->grace_min_ms = 250;
	cfg->grace_max_ms = 5000;
	cfg->cooldown_ms = 2000;
}

static struct mem_sample sample(uint64_t avail, uint64_t total, uint64_t swap_free, uint64_t swap_total)
{
	struct mem_sample s = { .avail_kib = avail, .total_kib = total, .swap_free_kib = swap_free,
				.swap_total_kib = swap_total };
	return s;
}

static void test_level_resolve(void **state)
{
	struct level pct = { 10, 0 }, kib = { -1, 5000 }, both = { 10, 5000 }, none = { -1, 0 };
	assert_int_equal(level_resolve(&pct, 100000), 10000);
	assert_int_equal(level_resolve(&kib, 100000), 5000);
	assert_int_equal(level_resolve(&both, 100000), 5000);   /* the smaller wins */
	assert_int_equal(level_resolve(&both, 20000), 2000);
	assert_int_equal(level_resolve(&none, 100000), 0);
}

static void test_mem_and_swap(void **state)
{
	struct daemon_config cfg;
	struct trigger_state st;
	struct trigger_decision d;
	base_config(&cfg);

	/* no swap: memory alone decides */
	trigger_state_init(&st);
	struct mem_sample s = sample(9000, 100000, 0, 0);
	trigger_evaluate(&cfg, &st, &s, 1000, &d);
	assert_int_equal(d.kind, TRIGGER_TERM);
	assert_int_equal(d.cause, CAUSE_MEMORY);
	s = sample(4000, 100000, 0, 0);
	trigger_evaluate(&cfg, &st, &s, 1000, &d);
	assert_int_equal(d.kind, TRIGGER_KILL);

	/* with swap: memory low but swap plentiful -> nothing (earlyoom semantics) */
	trigger_state_init(&st);
	s = sample(4000, 100000, 50000, 100000);
	trigger_evaluate(&cfg, &st, &s, 1000, &d);
	assert_int_equal(d.kind, TRIGGER_NONE);
	s = sample(4000, 100000, 8000, 100000);
	trigger_evaluate(&cfg, &st, &s, 1000, &d);
	assert_int_equal(d.kind, TRIGGER_TERM);
	s = sample(4000, 100000, 4000, 100000);
	trigger_evaluate(&cfg, &st, &s, 1000, &d);
	assert_int_equal(d.kind, TRIGGER_KILL);
	/* plentiful */
	s = sample(60000, 100000, 0, 0);
	trigger_evaluate(&cfg, &st, &s, 1000, &d);
	assert_int_equal(d.kind, TRIGGER_NONE);
}

static void test_fill_rate_raise(void **state)
{
	struct daemon_config cfg;
	struct trigger_state st;
	struct trigger_decision d;
	base_config(&cfg);
	cfg.rate_enabled = true;
	trigger_state_init(&st);

	/* falling 10 MiB/s, steadily, from 40 MiB on a 100 MiB total (levels 10/5 MiB) */
	uint64_t avail = 40960, t = 0;
	for (int i = 0; i < 30; i++) {
		struct mem_sample s = sample(avail, 102400, 0, 0);
		trigger_evaluate(&cfg, &st, &s, t, &d);
		t += 100;
		avail -= 1024;
	}
	/* rate ~10 MiB/s x 2 s raises SIGTERM from 10 to ~25 MiB (cap: 25 MiB, a quarter) */
	assert_true(d.rate_kib_s > 9000 && d.rate_kib_s < 11000);
	assert_true(d.term_level_kib > 20000 && d.term_level_kib <= 25600);
	assert_int_equal(d.kind, TRIGGER_TERM);
	assert_int_equal(d.cause, CAUSE_FILL_RATE);
	assert_true(d.ms_to_kill_level > 500 && d.ms_to_kill_level < 1500);

	/* the raise never goes past a quarter of the total, whatever the rate */
	struct trigger_state fast;
	trigger_state_init(&fast);
	struct mem_sample s = sample(90000, 102400, 0, 0);
	trigger_evaluate(&cfg, &fast, &s, 0, &d);
	s = sample(40000, 102400, 0, 0);             /* 50 MiB in 10 ms: 5 GiB/s */
	trigger_evaluate(&cfg, &fast, &s, 10, &d);
	assert_int_equal(d.term_level_kib, 25600);
	assert_int_equal(d.kind, TRIGGER_NONE);

	/* disabled: no raise */
	cfg.rate_enabled = false;
	trigger_evaluate(&cfg, &st, &s, t, &d);
	assert_int_equal(d.term_level_kib, 10240);
}

/* rate-horizon = auto: the raise is rate x the learned pipeline time, which rises to a slower
 * kill at once and comes down slowly, within its bounds. */
static void test_pipeline_horizon(void **state)
{
	struct daemon_config cfg;
	struct trigger_state st;
	struct trigger_decision d;
	base_config(&cfg);
	cfg.rate_enabled = true;
	cfg.rate_horizon_ms = 0;
	trigger_state_init(&st);
	assert_int_equal(trigger_horizon_ms(&cfg, &st), RATE_HORIZON_INITIAL_MS);

	/* 1 GiB/s on 24 GiB (level 2.4 GiB): raised by ~400 MiB, not by 2 GiB */
	uint64_t total = 24ull << 20, avail = 12ull << 20;
	for (uint64_t t = 0; t <= 3000; t += 10) {
		struct mem_sample s = sample(avail, total, 0, 0);
		trigger_evaluate(&cfg, &st, &s, t, &d);
		avail -= 10ull << 10;
	}
	uint64_t raise = d.term_level_kib - total / 10;
	assert_true(raise > 350ull << 10 && raise < 420ull << 10);

	trigger_learn_pipeline(&st, 60);              /* fast kills: comes down by quarters */
	assert_int_equal(trigger_horizon_ms(&cfg, &st), 400 - 340 / 4);
	for (int i = 0; i < 40; i++)
		trigger_learn_pipeline(&st, 20);
	assert_int_equal(trigger_horizon_ms(&cfg, &st), RATE_HORIZON_MIN_MS);
	trigger_learn_pipeline(&st, 700);             /* a slow one: at once */
	assert_int_equal(trigger_horizon_ms(&cfg, &st), 700);
	trigger_learn_pipeline(&st, 60000);
	assert_int_equal(trigger_horizon_ms(&cfg, &st), RATE_HORIZON_MAX_MS);
	cfg.rate_horizon_ms = 250;                    /* set: fixed */
	assert_int_equal(trigger_horizon_ms(&cfg, &st), 250);
}

static void test_fillrate_model(void **state)
{
	struct fillrate fr;
	fillrate_init(&fr);
	fillrate_update(&fr, 0, 100000);
	assert_true(fr.kib_per_s == 0);
	fillrate_update(&fr, 0, 50000);              /* same millisecond: ignored */
	assert_true(fr.kib_per_s == 0);
	fillrate_update(&fr, 5000, 50000);           /* long sleep: counts almost fully */
	assert_true(fr.kib_per_s > 9000 && fr.kib_per_s <= 10000);
	assert_int_equal(fillrate_ms_until(&fr, 50000, 10000), (uint64_t)(40000.0 * 1000.0 / fr.kib_per_s));
	assert_int_equal(fillrate_ms_until(&fr, 5000, 10000), 0);
	fillrate_update(&fr, 10000, 100000);         /* recovering */
	assert_true(fr.kib_per_s < 0);
	assert_true(fillrate_ms_until(&fr, 100000, 10000) == UINT64_MAX);
}

/* A machine-scope sample with the PSI full total at total_us. */
static struct mem_sample psi_sample(uint64_t avail, uint64_t total_us, double avg10)
{
	struct mem_sample s = sample(avail, 100000, 0, 0);
	s.psi_present = true;
	s.psi_full_avg10 = avg10;
	s.psi_full_total_us = total_us;
	return s;
}

static void test_psi_hysteresis(void **state)
{
	struct daemon_config cfg;
	struct trigger_state st;
	struct trigger_decision d;
	base_config(&cfg);
	cfg.psi_enabled = true;
	trigger_state_init(&st);

	/* pressure with plenty of memory (50% > 25% guard): never acts, however long every task
	 * stalls, and the stall does not count towards the budget */
	struct mem_sample s = psi_sample(50000, 0, 90);
	for (uint64_t t = 0; t <= 60000; t += 100) {
		s.psi_full_total_us = t * 900;       /* 90% of the time stalled */
		trigger_evaluate(&cfg, &st, &s, t, &d);
		assert_int_equal(d.kind, TRIGGER_NONE);
	}
	assert_true(d.stall_ms == 0);
	assert_false(trigger_psi_guard_open(&cfg, &s));
	/* the guard (25%) and the margin above it the daemon rests at (os/daemon/daemon_loop.c) */
	assert_true(trigger_above_guard(&cfg, &s, 10));       /* 50% >= 35% */
	assert_false(trigger_above_guard(&cfg, &s, 30));      /* 50% < 55% */
	struct mem_sample edge = psi_sample(25000, 0, 0);
	assert_false(trigger_psi_guard_open(&cfg, &edge));   /* 25% is not below 25% */
	assert_true(trigger_above_guard(&cfg, &edge, 0));
	edge.avail_kib = 24999;
	assert_true(trigger_psi_guard_open(&cfg, &edge));
	edge.total_kib = 0;                                   /* unknown total: neither */
	assert_false(trigger_psi_guard_open(&cfg, &edge));
	assert_false(trigger_above_guard(&cfg, &edge, 0));

	/* below the guard, with swap still free (the memory level is not the trigger): the stall
	 * adds up and acts once it reaches the budget, here after 1 s of full stall */
	trigger_state_init(&st);
	uint64_t t = 0, total = 0;
	s = psi_sample(20000, total, 5);
	trigger_evaluate(&cfg, &st, &s, t, &d);
	for (;;) {
		t += 100;
		total += 50000;                      /* 50% of the time stalled */
		s.psi_full_total_us = total;
		trigger_evaluate(&cfg, &st, &s, t, &d);
		if (d.kind != TRIGGER_NONE)
			break;
		assert_true(t < 5000);
	}
	assert_int_equal(d.cause, CAUSE_PSI_STALL);
	assert_string_equal(trigger_cause_name(d.cause), "pressure-stall");
	assert_true(d.stall_ms >= 1000 && t >= 2000 && t <= 2200);
	/* after the action a whole new budget is needed */
	trigger_acted(&st);
	t += 100;
	total += 50000;
	s.psi_full_total_us = total;
	trigger_evaluate(&cfg, &st, &s, t, &d);
	assert_int_equal(d.kind, TRIGGER_NONE);

	/* a trickle of stall (1%) decays faster than it adds up: never acts */
	trigger_state_init(&st);
	total = 0;
	for (t = 0; t <= 600000; t += 1000) {
		s.psi_full_total_us = total;
		total += 10000;
		trigger_evaluate(&cfg, &st, &s, t, &d);
		assert_int_equal(d.kind, TRIGGER_NONE);
	}
	assert_true(d.stall_ms < 300);

	/* a v1 cgroup reads the system's PSI: it counts only while the cgroup's own major faults
	 * rise (another cgroup's stall is not this one's) */
	trigger_state_init(&st);
	s = psi_sample(20000, 0, 5);
	s.psi_shared = true;
	s.has_majfault = true;
	s.majfault = 100;
	total = 0;
	for (t = 0; t <= 10000; t += 100) {
		total += 90000;
		s.psi_full_total_us = total;
		trigger_evaluate(&cfg, &st, &s, t, &d);
		assert_int_equal(d.kind, TRIGGER_NONE);
	}
	assert_true(d.stall_ms == 0);
	for (t = 10100; d.kind == TRIGGER_NONE; t += 100) {
		s.majfault += 50;                    /* now the cgroup itself swaps in */
		total += 90000;
		s.psi_full_total_us = total;
		trigger_evaluate(&cfg, &st, &s, t, &d);
		assert_true(t < 12000);
	}
	assert_int_equal(d.cause, CAUSE_PSI_STALL);
	/* ... or while its own pages go out to swap (the first pass of a thrash) */
	trigger_state_init(&st);
	s.swapped_kib = 0;
	for (t = 0; d.kind == TRIGGER_NONE || t == 0; t += 100) {
		s.swapped_kib += 4096;
		total += 90000;
		s.psi_full_total_us = total;
		trigger_evaluate(&cfg, &st, &s, t, &d);
		assert_true(t < 2000);
	}
	assert_int_equal(d.cause, CAUSE_PSI_STALL);

	/* budget 0: only the sustained avg10 rule; it acts after the whole duration, and its clock
	 * restarts when avg10 drops */
	cfg.psi_stall_budget_ms = 0;
	trigger_state_init(&st);
	s = psi_sample(20000, 0, 50);
	trigger_evaluate(&cfg, &st, &s, 1000, &d);
	assert_int_equal(d.kind, TRIGGER_NONE);
	trigger_evaluate(&cfg, &st, &s, 9000, &d);
	assert_int_equal(d.kind, TRIGGER_NONE);
	s.psi_full_avg10 = 10;
	trigger_evaluate(&cfg, &st, &s, 10000, &d);
	s.psi_full_avg10 = 50;
	trigger_evaluate(&cfg, &st, &s, 12000, &d);
	assert_int_equal(d.kind, TRIGGER_NONE);
	trigger_evaluate(&cfg, &st, &s, 22000, &d);
	assert_int_equal(d.kind, TRIGGER_TERM);
	assert_int_equal(d.cause, CAUSE_PSI_SUSTAINED);
	assert_string_equal(trigger_cause_name(d.cause), "pressure-sustained");

	/* pressure off: ignored */
	cfg.psi_enabled = false;
	cfg.psi_stall_budget_ms = 1000;
	trigger_evaluate(&cfg, &st, &s, 23000, &d);
	assert_int_equal(d.kind, TRIGGER_NONE);
}

static void test_poll_interval(void **state)
{
	struct daemon_config cfg;
	struct trigger_state st;
	struct trigger_decision d;
	base_config(&cfg);
	trigger_state_init(&st);

	/* 20 GiB free on 24 GiB: sleeps near the maximum (<= 1 wake-up per 5 s) */
	struct mem_sample s = sample(20ull << 20, 24ull << 20, 0, 0);
	trigger_evaluate(&cfg, &st, &s, 0, &d);
	unsigned iv = trigger_poll_interval_ms(&cfg, &st, &s, &d);
	assert_true(iv >= 4000 && iv <= POLL_MAX_MS);
	/* 64 MiB above the level: milliseconds */
	s = sample((64 << 10) + d.term_level_kib, 24ull << 20, 0, 0);
	iv = trigger_poll_interval_ms(&cfg, &st, &s, &d);
	assert_true(iv >= POLL_MIN_MS && iv <= 20);
	/* at the level: the minimum */
	s.avail_kib = d.term_level_kib;
	assert_int_equal(trigger_poll_interval_ms(&cfg, &st, &s, &d), POLL_MIN_MS);
	/* below the pressure guard: at most POLL_PSI_TRACK_MS without a kernel trigger to wake us;
	 * with one, the headroom decides until a stall adds up, then POLL_STALL_MS */
	cfg.psi_enabled = true;
	trigger_state_init(&st);
	s = sample(20ull << 20, 100ull << 20, 0, 0);  /* 20% < 25%; 10 GiB above the level */
	s.psi_present = true;
	trigger_evaluate(&cfg, &st, &s, 0, &d);
	assert_true(trigger_poll_interval_ms(&cfg, &st, &s, &d) <= POLL_PSI_TRACK_MS);
	st.psi_trigger_armed = true;
	assert_true(trigger_poll_interval_ms(&cfg, &st, &s, &d) > POLL_PSI_TRACK_MS);
	s.psi_full_total_us = 100000;
	trigger_evaluate(&cfg, &st, &s, 500, &d);
	assert_true(d.stalling);
	assert_int_equal(trigger_poll_interval_ms(&cfg, &st, &s, &d), POLL_STALL_MS);
	/* near the stall budget: no longer than what is left of it (the stall grows at most as
	 * fast as time), so the sample that reaches it is not up to POLL_STALL_MS late */
	assert_true(cfg.psi_stall_budget_ms > POLL_STALL_MS);
	d.stall_ms = (double)cfg.psi_stall_budget_ms - 120.0;
	assert_int_equal(trigger_poll_interval_ms(&cfg, &st, &s, &d), 120);
	d.stall_ms = (double)cfg.psi_stall_budget_ms - 3.0;
	assert_int_equal(trigger_poll_interval_ms(&cfg, &st, &s, &d), POLL_MIN_MS);
	d.stalling = false;        /* a stall that stopped: the kernel trigger wakes us if it resumes */
	assert_true(trigger_poll_interval_ms(&cfg, &st, &s, &d) > POLL_STALL_MS);

	/* memory at its level but swap free (thrashing ahead): no 10 ms polling; the swap headroom
	 * at the assumed swap-out rate decides */
	cfg.psi_enabled = false;
	trigger_state_init(&st);
	s = sample(1000, 128 << 10, 400 << 10, 512 << 10);
	trigger_evaluate(&cfg, &st, &s, 0, &d);
	assert_int_equal(d.kind, TRIGGER_NONE);
	assert_true(d.swap_holds);
	iv = trigger_poll_interval_ms(&cfg, &st, &s, &d);
	assert_true(iv >= 150 && iv <= 200);           /* (400 - 51.2) MiB at 2 GiB/s */
	s.swap_free_kib = 52 << 10;                    /* just above its level */
	trigger_evaluate(&cfg, &st, &s, 10, &d);
	assert_int_equal(trigger_poll_interval_ms(&cfg, &st, &s, &d), POLL_SWAP_MIN_MS);
}

static void test_grace_and_cooldown(void **state)
{
	struct daemon_config cfg;
	struct trigger_decision d = { 0 };
	base_config(&cfg);
	d.ms_to_kill_level = UINT64_MAX;
	assert_int_equal(trigger_grace_ms(&cfg, &d), 5000);
	d.ms_to_kill_level = 1200;
	assert_int_equal(trigger_grace_ms(&cfg, &d), 1200);
	d.ms_to_kill_level = 10;
	assert_int_equal(trigger_grace_ms(&cfg, &d), 250);

	struct cooldown c = { 0 };
	assert_false(cooldown_holds(&c, &cfg, 0, 100));
	cooldown_start(&c, 1000, 5000, 6000);
	assert_true(cooldown_holds(&c, &cfg, 1100, 7000));    /* settling */
	assert_true(cooldown_holds(&c, &cfg, 1300, 9000));    /* still coming back */
	assert_false(cooldown_holds(&c, &cfg, 1400, 9000));   /* recovery stalled: free to act */
	assert_false(c.active);
	cooldown_start(&c, 1000, 5000, 6000);
	uint64_t a = 6000;
	for (uint64_t t = 1100; t < 3000; t += 100)
		assert_true(cooldown_holds(&c, &cfg, t, a += 100));
	assert_false(cooldown_holds(&c, &cfg, 3000, a += 100)); /* cooldown_ms is the most */
	cooldown_start(&c, 1000, 5000, 6000);
	c.full = true;                                         /* nothing freed: the whole time */
	assert_true(cooldown_holds(&c, &cfg, 2900, 6000));
	assert_false(cooldown_holds(&c, &cfg, 3000, 6000));
}

static void test_memfigure(void **state)
{
	struct meminfo mi = { 0 };
	struct mem_sample s;
	mi.mem_total = 1000000;
	mi.mem_available = 300000;
	mi.anon_pages = 200000;
	mi.shmem = 400000;          /* tmpfs: neither available nor user memory */
	mi.has = MEMINFO_HAS_MEM_AVAILABLE | MEMINFO_HAS_MEM_TOTAL;
	memfigure_system(&mi, 0, &s);
	assert_int_equal(s.avail_kib, 300000);
	assert_int_equal(s.total_kib, 500000);     /* 60% available, not 30% */
	memfigure_system(&mi, 100000, &s);       /* reclaimable ZFS ARC counts as available */
	assert_int_equal(s.avail_kib, 400000);
	assert_int_equal(s.total_kib, 600000);

	const char *arc = "13 1 0x01 123 33456 1 2\nname type data\nhits 4 10\nc_min 4 1048576\n"
			  "size 4 5242880\n";
	uint64_t kib;
	assert_int_equal(arcstats_reclaimable_kib(arc, strlen(arc), &kib), 0);
	assert_int_equal(kib, 4096);
	assert_int_equal(arcstats_reclaimable_kib("hits 4 1\n", 9, &kib), -ENOENT);

	const char *stat = "cache 100\ninactive_file 4096\ntotal_inactive_file 8192\n";
	uint64_t v;
	assert_int_equal(memory_stat_value(stat, strlen(stat), "inactive_file", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(memory_stat_value(stat, strlen(stat), "total_inactive_file", &v), 0);
	assert_int_equal(v, 8192);
	assert_int_equal(memory_stat_value(stat, strlen(stat), "active_file", &v), -ENOENT);

	/* v1: 256 MiB limit, 200 MiB used of which 40 MiB inactive cache; memsw = limit: no swap */
	struct mem_sample sys = sample(10ull << 20, 20ull << 20, 1 << 20, 2 << 20);
	struct cgroup_mem cg = { .usage = 200ull << 20, .limit = 256ull << 20, .inactive_file = 40ull << 20,
				 .has_swap_account = true, .swap_usage = 200ull << 20,
				 .swap_limit = 256ull << 20, .v1 = true };
	memfigure_cgroup(&cg, &sys, &s);
	assert_int_equal(s.total_kib, 256 << 10);
	assert_int_equal(s.avail_kib, 96 << 10);
	assert_int_equal(s.usage_kib, 200 << 10);
	assert_int_equal(s.swap_total_kib, 0);
	/* v1 memsw 512 MiB with 30 MiB swapped out */
	cg.swap_limit = 512ull << 20;
	cg.swap_usage = 230ull << 20;
	memfigure_cgroup(&cg, &sys, &s);
	assert_int_equal(s.swap_total_kib, 256 << 10);
	assert_int_equal(s.swap_free_kib, 226 << 10);
	assert_int_equal(s.swapped_kib, 30 << 10);
	cg.swap_limit = UINT64_MAX;                    /* swap unlimited: still its own use */
	memfigure_cgroup(&cg, &sys, &s);
	assert_int_equal(s.swapped_kib, 30 << 10);
	cg.swap_limit = 512ull << 20;
	/* v2 with swap.max, machine nearly out: never more than the machine has */
	struct cgroup_mem v2 = { .usage = 10ull << 20, .limit = 256ull << 20, .has_swap_account = true,
				 .swap_usage = 0, .swap_limit = 64ull << 20 };
	sys.avail_kib = 100 << 10;
	memfigure_cgroup(&v2, &sys, &s);
	assert_int_equal(s.avail_kib, 100 << 10);
	assert_int_equal(s.swap_total_kib, 64 << 10);
	/* no limit: the machine's figure */
	v2.limit = UINT64_MAX;
	v2.swap_limit = UINT64_MAX;
	memfigure_cgroup(&v2, &sys, &s);
	assert_int_equal(s.total_kib, sys.total_kib);
	assert_int_equal(s.swap_total_kib, sys.swap_total_kib);
}

static struct candidate cand(pid_t pid, const char *comm, uint64_t rss_kib, int adj, const char *cg)
{
	struct candidate c;
	memset(&c, 0, sizeof(c));
	c.pid = pid;
	c.pgrp = pid;
	c.starttime = 1000 + (uint64_t)pid;
	c.state = 'S';
	c.uid = 1000;
	c.oom_score_adj = adj;
	c.rss_kib = rss_kib;
	snprintf(c.comm, sizeof(c.comm), "%s", comm);
	snprintf(c.cgroup, sizeof(c.cgroup), "%s", cg);
	snprintf(c.user, sizeof(c.user), "1000");
	return c;
}

static void add_rule(struct daemon_config *cfg, struct victim_rule *r, enum rule_action a,
		     enum rule_field f, const char *re, int delta)
{
	memset(r, 0, sizeof(*r));
	r->action = a;
	r->field = f;
	r->pattern = (char *)re;
	r->score_delta = delta;
	assert_int_equal(regcomp(&r->re, re, REG_EXTENDED | REG_NOSUB), 0);
	cfg->n_rules++;
}

static void test_cgroup_within(void **state)
{
	assert_true(cgroup_within("/a", "/a"));
	assert_true(cgroup_within("/a/b", "/a"));
	assert_true(cgroup_within("/a/b", "/a/"));
	assert_false(cgroup_within("/ab", "/a"));
	assert_false(cgroup_within("/", "/a"));
	assert_true(cgroup_within("/x/y", "/"));
	assert_false(cgroup_within("", "/a"));
}

static void test_victim_choice(void **state)
{
	struct daemon_config cfg;
	struct victim_rule rules[4];
	base_config(&cfg);
	cfg.rules = rules;

	struct candidate v[] = {
		cand(1, "init", 900000, 0, "/"),
		cand(2, "kworker", 0, 0, "/"),
		cand(50, "self", 800000, 0, "/t"),
		cand(60, "postgres", 700000, -1000, "/t"),   /* protected */
		cand(70, "browser", 500000, 0, "/t"),
		cand(80, "build", 300000, 0, "/t/sub"),
		cand(90, "outside", 999999, 1000, "/other"),
		cand(95, "zombie", 999999, 0, "/t"),
	};
	v[1].kthread = true;
	v[7].state = 'Z';
	size_t n = sizeof(v) / sizeof(v[0]);
	struct victim_policy p = { .cfg = &cfg, .self = 50, .scope_cgroup = "/t", .totalpages = 256000 };
	struct victim_choice ch;

	/* kernel order among the eligible: browser (largest) */
	assert_int_equal(victim_choose(v, n, &p, &ch), 0);
	assert_int_equal(v[ch.index].pid, 70);
	assert_int_equal(ch.eligible, 2);
	assert_int_equal(ch.skipped[SKIP_OUT_OF_SCOPE], 3);   /* init, kworker and "outside" */
	assert_int_equal(ch.skipped[SKIP_SELF], 1);
	assert_int_equal(ch.skipped[SKIP_UNKILLABLE], 1);
	assert_int_equal(ch.skipped[SKIP_ZOMBIE], 1);
	assert_int_equal(ch.base_score, 500000 / 4 * 1000 / 256000);
	assert_int_equal(ch.badness.rss_points, 125000);
	assert_int_equal(ch.scope, KILL_PROCESS);

	/* avoid browser by 300: build wins */
	add_rule(&cfg, &rules[0], RULE_AVOID, RULE_NAME, "^brows", -300);
	assert_int_equal(victim_choose(v, n, &p, &ch), 0);
	assert_int_equal(v[ch.index].pid, 80);
	/* prefer beats size; a rule's scope applies */
	add_rule(&cfg, &rules[1], RULE_PREFER, RULE_CGROUP, "^/t$", 600);
	rules[1].scope = KILL_CGROUP;
	assert_int_equal(victim_choose(v, n, &p, &ch), 0);
	assert_int_equal(v[ch.index].pid, 70);
	assert_int_equal(ch.rule_delta, 300);
	assert_int_equal(ch.scope, KILL_CGROUP);
	/* ignore: never chosen */
	add_rule(&cfg, &rules[2], RULE_IGNORE, RULE_NAME, "^browser$", 0);
	assert_int_equal(victim_choose(v, n, &p, &ch), 0);
	assert_int_equal(v[ch.index].pid, 80);
	assert_int_equal(ch.skipped[SKIP_IGNORE_RULE], 1);
	/* an action rule is reported with the choice */
	add_rule(&cfg, &rules[3], RULE_ACTION_CMD, RULE_NAME, "^build$", 0);
	assert_int_equal(victim_choose(v, n, &p, &ch), 0);
	assert_ptr_equal(ch.action_rule, &rules[3]);
	/* a process that did not exit before is skipped; then nobody is left */
	struct victim_stuck stuck = { 80, 1080 };
	p.stuck = &stuck;
	p.n_stuck = 1;
	assert_int_equal(victim_choose(v, n, &p, &ch), -ESRCH);
	assert_int_equal(ch.eligible, 0);
	/* same pid, new process (other start time): not the stuck one */
	stuck.starttime = 1;
	assert_int_equal(victim_choose(v, n, &p, &ch), 0);
	/* root user ignored on request */
	cfg.ignore_root_user = true;
	v[5].uid = 0;
	assert_int_equal(victim_choose(v, n, &p, &ch), -ESRCH);
	assert_int_equal(ch.skipped[SKIP_ROOT_USER], 1);
	for (unsigned i = 0; i < cfg.n_rules; i++)
		regfree(&rules[i].re);
}

static void test_victim_adj_scale(void **state)
{
	/* oom_score_adj scales against totalpages (the cgroup limit in cgroup scope), as the kernel */
	struct daemon_config cfg;
	base_config(&cfg);
	struct candidate v[] = { cand(10, "big", 400000, 0, "/"), cand(11, "small", 40000, 500, "/") };
	struct victim_policy p = { .cfg = &cfg, .self = 1, .totalpages = 262144 };
	struct victim_choice ch;
	assert_int_equal(victim_choose(v, 2, &p, &ch), 0);
	assert_int_equal(v[ch.index].pid, 11);        /* 10000 + 500*262 pages > 100000 */
	assert_int_equal(ch.badness.adj_points, 500 * 262);
	/* ties: more memory, then lower pid */
	struct candidate t[] = { cand(21, "a", 4000, 0, "/"), cand(20, "b", 4000, 0, "/") };
	assert_int_equal(victim_choose(t, 2, &p, &ch), 0);
	assert_int_equal(t[ch.index].pid, 20);
}

static void test_victim_page_size(void **state)
{
	/* A 64 KiB page kernel with 16 GiB of RAM: totalpages = 262144 pages of 64 KiB.  The kernel
	 * counts rss in those pages, so "big" (4 GiB) has 65536 points and "small" (1 GiB, adj 500)
	 * 16384 + 500 * 262 = 147384: the kernel kills "small".  Counting KiB / 4 would give "big"
	 * 1048576 points and choose it instead. */
	struct daemon_config cfg;
	base_config(&cfg);
	struct candidate v[] = { cand(10, "big", 4u << 20, 0, "/"), cand(11, "small", 1u << 20, 500, "/") };
	struct victim_policy p = { .cfg = &cfg, .self = 1, .totalpages = 262144, .page_kib = 64 };
	struct victim_choice ch;
	assert_int_equal(victim_choose(v, 2, &p, &ch), 0);
	assert_int_equal(v[ch.index].pid, 11);
	assert_int_equal(ch.badness.rss_points, 16384);
	assert_int_equal(ch.base_score, (16384 + 500 * 262) * 1000 / 262144);
	victim_score(&v[0], &p, &ch);
	assert_int_equal(ch.badness.rss_points, 65536);
	assert_int_equal(ch.base_score, 250);           /* /proc/PID/oom_score would say 250 */
	/* 16 KiB pages: the same machine has 4x the pages */
	p.page_kib = 16;
	p.totalpages = 1048576;
	victim_score(&v[0], &p, &ch);
	assert_int_equal(ch.badness.rss_points, 262144);
	assert_int_equal(ch.base_score, 250);
}

/* A PSI total that advances in 10 ms steps, read every 20 ms: an interval can show 30 ms of stall
 * in 20 ms.  Capped and carried, the sum is the same as with a reading every 200 ms (nothing is
 * lost to the steps); without the carry the fine sum fell short by a quarter here. */
static void test_stall_steps_carried(void **state)
{
	struct stall_tracker fine, coarse;
	stall_tracker_init(&fine);
	stall_tracker_init(&coarse);
	double fine_ms = 0, coarse_ms = 0;
	for (uint64_t t = 0; t <= 2000; t += 20) {
		/* stalled the whole time, counted in whole 10 ms ticks, the reading 5 ms into one */
		uint64_t total_us = (t + 5) / 10 * 10 * 1000 + (t % 40 == 20 ? 10000 : 0);
		fine_ms = stall_tracker_update(&fine, t, total_us, true);
		if (t % 200 == 0)
			coarse_ms = stall_tracker_update(&coarse, t, total_us, true);
	}
	assert_true(coarse_ms > 1800.0);
	assert_true(fine_ms > coarse_ms - 10.0 && fine_ms < coarse_ms + 10.0);
	/* never more than the time that passed, whatever the counter says */
	struct stall_tracker t;
	stall_tracker_init(&t);
	stall_tracker_update(&t, 0, 0, true);
	double sum = stall_tracker_update(&t, 100, 5000000, true);      /* 5 s of stall in 100 ms */
	assert_true(sum <= 100.0);
	sum = stall_tracker_update(&t, 200, 5000000, true);             /* carried: at most 50 ms */
	assert_true(sum <= 200.0 && sum > 100.0 && sum < 100.0 + STALL_CARRY_MAX_MS + 1.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_level_resolve),
		cmocka_unit_test(test_stall_steps_carried),
		cmocka_unit_test(test_mem_and_swap),
		cmocka_unit_test(test_fill_rate_raise),
		cmocka_unit_test(test_pipeline_horizon),
		cmocka_unit_test(test_fillrate_model),
		cmocka_unit_test(test_psi_hysteresis),
		cmocka_unit_test(test_poll_interval),
		cmocka_unit_test(test_grace_and_cooldown),
		cmocka_unit_test(test_memfigure),
		cmocka_unit_test(test_cgroup_within),
		cmocka_unit_test(test_victim_choice),
		cmocka_unit_test(test_victim_adj_scale),
		cmocka_unit_test(test_victim_page_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
