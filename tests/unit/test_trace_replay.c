/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for memory traces and their replay (lib/policy/trace, lib/policy/replay): lines
 * round-trip byte for byte with hostile names, malformed lines are refused with the key, and
 * each policy acts at the sample its rule names on traces built here step by step. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/policy/daemon_config.h"
#include "lib/policy/flightrec.h"
#include "lib/policy/leadup.h"
#include "lib/policy/replay.h"
#include "lib/policy/trace.h"

#define GIB_KIB (1024ull * 1024)

static struct trace_header header(const char *scope)
{
	struct trace_header h = { .version = TRACE_VERSION, .interval_ms = 100, .start_epoch_ms = 1 };
	snprintf(h.scope, sizeof(h.scope), "%s", scope);
	snprintf(h.host, sizeof(h.host), "box");
	return h;
}

static struct trace_proc proc(pid_t pid, const char *comm, uint64_t rss_kib, int adj)
{
	struct trace_proc p = { .pid = pid, .rss_kib = rss_kib, .oom_score_adj = adj };
	snprintf(p.comm, sizeof(p.comm), "%s", comm);
	snprintf(p.cgroup, sizeof(p.cgroup), "/app");
	return p;
}

/* A machine of 8 GiB, no swap, whose available memory falls 1% per 100 ms sample from 50%:
 * sample i has 50 - i percent left.  "hog" grows; "db" is large but protected by -1000. */
static size_t falling_trace(struct trace_sample *s, size_t cap)
{
	size_t n = 0;
	for (int pct = 50; pct >= 0 && n < cap; pct--, n++) {
		memset(&s[n], 0, sizeof(s[n]));
		s[n].t_ms = n * 100;
		s[n].total_kib = s[n].mem_total_kib = 8 * GIB_KIB;
		s[n].avail_kib = 8 * GIB_KIB * (uint64_t)pct / 100;
		s[n].procs[0] = proc(4242, "hog", 8 * GIB_KIB * (uint64_t)(50 - pct) / 100 + 1024, 0);
		s[n].procs[1] = proc(700, "db", 2 * GIB_KIB, -1000);
		s[n].procs[2] = proc(800, "web", 512 * 1024, 0);
		s[n].n_procs = 3;
	}
	return n;
}

static void test_round_trip_hostile_names(void **state)
{
	(void)state;
	struct trace_header h = header("/a b) (c\n<script>"), h2;
	struct trace_sample s, s2;
	struct trace_event e = { .t_ms = 7, .pid = 9 }, e2;
	memset(&s, 0, sizeof(s));
	s.t_ms = 1234;
	s.avail_kib = 55;
	s.total_kib = 1000;
	s.psi_present = true;
	s.psi_full_avg10 = 12.5;
	s.oom_kill = 3;
	s.procs[0] = proc(1, "x) (y\nz\x1b[31m\xff", 10, -17);
	s.n_procs = 1;
	s.growers[0] = s.procs[0];
	s.growers[0].delta_rss_kib = -5;
	s.n_growers = 1;
	snprintf(e.kind, sizeof(e.kind), "kernel_oom_kill");
	snprintf(e.actor, sizeof(e.actor), "kernel");
	snprintf(e.comm, sizeof(e.comm), "\"q\"");

	struct strbuf sb;
	char err[128];
	strbuf_init(&sb);
	trace_write_header(&sb, &h);
	assert_int_equal(trace_parse_line(sb.buf, sb.len - 1, &h2, &s2, &e2, err, sizeof(err)), TRACE_LINE_HEADER);
	assert_string_equal(h2.scope, h.scope);
	assert_string_equal(h2.host, "box");
	strbuf_reset(&sb);
	trace_write_sample(&sb, &s);
	assert_int_equal(trace_parse_line(sb.buf, sb.len - 1, &h2, &s2, &e2, err, sizeof(err)), TRACE_LINE_SAMPLE);
	assert_int_equal(s2.t_ms, 1234);
	assert_int_equal(s2.avail_kib, 55);
	assert_true(s2.psi_present);
	assert_true(s2.psi_full_avg10 == 12.5);
	assert_int_equal(s2.oom_kill, 3);
	assert_int_equal(s2.n_procs, 1);
	assert_memory_equal(s2.procs[0].comm, s.procs[0].comm, strlen(s.procs[0].comm) + 1);
	assert_int_equal(s2.procs[0].oom_score_adj, -17);
	assert_int_equal(s2.growers[0].delta_rss_kib, -5);
	/* written again, the line is the same bytes */
	struct strbuf again;
	strbuf_init(&again);
	trace_write_sample(&again, &s2);
	assert_int_equal(again.len, sb.len);
	assert_memory_equal(again.buf, sb.buf, sb.len);
	strbuf_reset(&sb);
	trace_write_event(&sb, &e);
	assert_int_equal(trace_parse_line(sb.buf, sb.len - 1, &h2, &s2, &e2, err, sizeof(err)), TRACE_LINE_EVENT);
	assert_string_equal(e2.kind, "kernel_oom_kill");
	assert_string_equal(e2.comm, "\"q\"");
	strbuf_free(&sb);
	strbuf_free(&again);
}

/* Each line is refused (-EINVAL) with a message. */
static void assert_lines_refused(const char *const *lines, size_t n)
{
	static struct trace_sample s;
	struct trace_header h;
	struct trace_event e;
	char err[128];
	memset(&h, 0, sizeof(h));
	for (size_t i = 0; i < n; i++) {
		err[0] = '\0';
		assert_int_equal(trace_parse_line(lines[i], strlen(lines[i]), &h, &s, &e, err, sizeof(err)), -EINVAL);
		assert_true(err[0] != '\0');
	}
}

static void test_malformed_lines(void **state)
{
	(void)state;
	struct trace_header h;
	struct trace_sample s;
	struct trace_event e;
	char err[128];
	static const char *bad[] = {
		"{\"trace\":\"other\",\"version\":1}",
		"{\"trace\":\"oomguard\",\"version\":99}",
		"{\"trace\":\"oomguard\"}",
		"{\"t_ms\":-1}",
		"{\"t_ms\":1,\"procs\":[{\"pid\":\"x\"}]}",
		"{\"t_ms\":1,\"procs\":[{\"oom_score_adj\":5000}]}",
		"{\"t_ms\":1",
		"not json",
	};
	assert_lines_refused(bad, sizeof(bad) / sizeof(bad[0]));
	/* more processes than a sample keeps: the rest are dropped, not an error */
	const char *many = "{\"t_ms\":1,\"procs\":[{\"pid\":1},{\"pid\":2},{\"pid\":3},{\"pid\":4},{\"pid\":5},{\"pid\":6}]}";
	assert_int_equal(trace_parse_line(many, strlen(many), &h, &s, &e, err, sizeof(err)), TRACE_LINE_SAMPLE);
	assert_int_equal(s.n_procs, TRACE_PROCS_MAX);
}

static void run(const char *spec, const struct trace_sample *s, size_t n, struct replay_outcome *o)
{
	struct replay_policy p;
	char err[128];
	struct trace_header h = header("/");
	assert_int_equal(replay_policy_parse(&p, spec, NULL, 0, err, sizeof(err)), 0);
	replay_run(&p, &h, s, n, NULL, 0, o);
}

static void test_earlyoom_levels(void **state)
{
	(void)state;
	static struct trace_sample s[64];
	size_t n = falling_trace(s, 64);
	struct replay_outcome o;
	run("earlyoom", s, n, &o);       /* default -m 10: at 10% left, sample 40 */
	assert_true(o.acted);
	assert_int_equal(o.t_ms, 4000);
	assert_string_equal(o.action, "SIGTERM");
	assert_true(o.has_victim);
	assert_int_equal(o.victim.pid, 4242);   /* db is larger early on but -1000 */
	/* the real earlyoom acts after the sample before (the level was crossed in between) and
	 * at most one of its own sleeps later: 1% of 8 GiB of headroom at 6000 MiB/s is 14 ms,
	 * clamped to its 100 ms */
	assert_int_equal(o.window_from_ms, 3900);
	assert_int_equal(o.window_to_ms, 4100);
	run("earlyoom:-m 20,10", s, n, &o);
	assert_int_equal(o.t_ms, 3000);
	run("earlyoom:-m 20 -M 409600", s, n, &o);   /* 400 MiB = 4.9% of 8 GiB wins over 20% */
	assert_int_equal(o.t_ms, 4600);
	assert_false(o.kernel_killed);
	assert_true(o.before_kernel);
}

/* earlyoom watched (record --watch-pid): a daemon simulated here wakes, checks the latest
 * sample, and sleeps as long as its headroom says; each sleep shows as a rise of watch_sleeps
 * in the next sample.  The replay checks its rule only where it woke: it acts within one sample
 * of the simulated decision, where without the watch it acts at the first sample past the
 * level, up to one of the daemon's sleeps before it. */
static void test_watched_daemon_wakes(void **state)
{
	(void)state;
	static struct trace_sample s[400];
	struct replay_policy p;
	char err[128];
	assert_int_equal(replay_policy_parse(&p, "earlyoom", NULL, 0, err, sizeof(err)), 0);
	unsigned plain_early = 0;
	for (uint64_t phase = 0; phase < 100; phase += 7) {
		size_t n = 400;
		for (size_t i = 0; i < n; i++) {       /* 20 ms samples; 8 GiB falling from 30% */
			memset(&s[i], 0, sizeof(s[i]));
			s[i].t_ms = i * 20;
			s[i].total_kib = s[i].mem_total_kib = 8 * GIB_KIB;
			s[i].avail_kib = 8 * GIB_KIB * 30 / 100 - (uint64_t)i * 8 * GIB_KIB / 1000;
			s[i].procs[0] = proc(4242, "hog", 4 * GIB_KIB, 0);
			s[i].n_procs = 1;
		}
		/* the daemon: first wake at phase ms; each check reads the latest figures and, unless
		 * it acts, takes CHECK_MS before it sleeps its own period, and the scheduler wakes it
		 * `late_ms` after that (0-40 ms: a loaded machine); its sleeps count up as it goes */
		const uint64_t CHECK_MS = 3, late_ms = phase * 3 % 41;
		uint64_t wake = phase, decided = UINT64_MAX, slept_at[256];
		size_t n_sleeps = 0;
		for (size_t i = 0; i < n && decided == UINT64_MAX; i++) {
			while (wake <= s[i].t_ms) {
				size_t at = i && s[i].t_ms > wake ? i - 1 : i;     /* the latest figures */
				if (trace_pct(s[at].avail_kib, s[at].total_kib) <= 10.0) {
					decided = wake;
					break;
				}
				assert_true(n_sleeps < 256);
				slept_at[n_sleeps++] = wake + CHECK_MS;
				wake += CHECK_MS + replay_check_period_ms(&p, &s[at], NULL, NULL, false) + late_ms;
			}
		}
		for (size_t i = 0; i < n; i++) {
			s[i].watch_sleeps = 1;
			for (size_t k = 0; k < n_sleeps; k++)
				s[i].watch_sleeps += slept_at[k] <= s[i].t_ms;
		}
		assert_true(decided != UINT64_MAX);
		struct trace_header h = header("/");
		struct replay_outcome watched, plain;
		replay_run(&p, &h, s, n, NULL, 0, &plain);
		h.watch_pid = 777;
		snprintf(h.watch_comm, sizeof(h.watch_comm), "nohang");   /* another daemon's wakes */
		struct replay_outcome other;
		replay_run(&p, &h, s, n, NULL, 0, &other);
		assert_int_equal(other.t_ms, plain.t_ms);
		snprintf(h.watch_comm, sizeof(h.watch_comm), "earlyoom");
		replay_run(&p, &h, s, n, NULL, 0, &watched);
		assert_true(plain.acted && watched.acted);
		/* a wake later than one sample after its sleep cannot be placed closer than that lateness,
		 * but the check is never lost (the daemon is awake from the due time to its next sleep) */
		if (late_ms < 20) {
			assert_true(watched.t_ms + 20 >= decided && watched.t_ms <= decided + 20);
			assert_true(watched.window_from_ms <= decided && decided <= watched.window_to_ms);
		} else {
			assert_true(watched.t_ms + 20 + late_ms >= decided && watched.t_ms <= decided + 20);
		}
		assert_true(plain.t_ms <= watched.t_ms);
		plain_early += plain.t_ms + 20 < decided;
	}
	assert_true(plain_early > 0);       /* the watch is what puts it within a sample */
}

static void test_nohang_and_oomd(void **state)
{
	(void)state;
	static struct trace_sample s[64];
	size_t n = falling_trace(s, 64);
	struct replay_outcome o;
	run("nohang", s, n, &o);          /* soft 5% of MemTotal */
	assert_int_equal(o.t_ms, 4500);
	assert_int_equal(o.window_from_ms, 4400);
	assert_int_equal(o.window_to_ms, 4600);   /* its 0.1 s shortest sleep */
	struct replay_policy p;
	char err[128];
	const char *conf = "# nohang\nsoft_threshold_min_mem = 1024 M\nhard_threshold_min_mem = 2 %\n";
	assert_int_equal(replay_policy_parse(&p, "nohang:x", conf, strlen(conf), err, sizeof(err)), 0);
	struct trace_header h = header("/");
	replay_run(&p, &h, s, n, NULL, 0, &o);
	assert_int_equal(o.t_ms, 3800);   /* 1 GiB of 8 = 12.5%: first at 12% */
	assert_int_equal(replay_policy_parse(&p, "nohang:x", "soft_threshold_min_mem = lots\n", 30, err, sizeof(err)), -EINVAL);

	run("systemd-oomd", s, n, &o);    /* no swap, no pressure: never */
	assert_false(o.acted);
	/* pressure above 60% from 2 s on, with reclaim: acts 30 s later (20 s with the setting) */
	static struct trace_sample ps[400];
	for (size_t i = 0; i < 400; i++) {
		memset(&ps[i], 0, sizeof(ps[i]));
		ps[i].t_ms = i * 100;
		ps[i].total_kib = ps[i].mem_total_kib = 8 * GIB_KIB;
		ps[i].avail_kib = 4 * GIB_KIB;
		ps[i].psi_present = true;
		ps[i].psi_full_avg10 = i >= 20 ? 75 : 0;
		ps[i].pgscan = i;
	}
	run("systemd-oomd", ps, 400, &o);
	assert_true(o.acted);
	assert_int_equal(o.t_ms, 32000);
	assert_int_equal(o.window_from_ms, 31900);
	assert_int_equal(o.window_to_ms, 33000);  /* it reads pressure every second */
	assert_string_equal(o.action, "kill cgroup");
	assert_string_equal(o.victim_cgroup, "/");
	run("systemd-oomd:DefaultMemoryPressureDurationSec=20s", ps, 400, &o);
	assert_int_equal(o.t_ms, 22000);
	assert_int_equal(replay_policy_parse(&p, "systemd-oomd:Bogus=1", NULL, 0, err, sizeof(err)), -EINVAL);
	assert_int_equal(replay_policy_parse(&p, "lmkd", NULL, 0, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "unknown policy"));
}

static void test_oomguard_policy_and_kernel(void **state)
{
	(void)state;
	static struct trace_sample s[64];
	size_t n = falling_trace(s, 64);
	struct daemon_config cfg;
	char err[256];
	daemon_config_defaults(&cfg);
	cfg.rate_enabled = false;            /* levels alone: SIGTERM at 10%, SIGKILL at 5% */
	cfg.mem_term.percent = 10;
	cfg.mem_kill.percent = 5;
	assert_int_equal(daemon_config_finish(&cfg, err, sizeof(err)), 0);
	struct replay_policy p;
	assert_int_equal(replay_policy_parse(&p, "oomguard", NULL, 0, err, sizeof(err)), 0);
	p.cfg = &cfg;
	/* the kernel killed at sample 48 (2% left): the counter went up there */
	for (size_t i = 48; i < n; i++)
		s[i].oom_kill = 1;
	struct trace_header h = header("/");
	struct replay_outcome o;
	replay_run(&p, &h, s, n, NULL, 0, &o);
	assert_true(o.acted);
	assert_int_equal(o.t_ms, 4000);
	/* its daemon sleeps the headroom over 3 GiB/s: 82 MiB at the sample before, 27 ms */
	assert_int_equal(o.window_from_ms, 3900);
	assert_true(o.window_to_ms >= 4000 + POLL_MIN_MS && o.window_to_ms <= 4030);
	assert_int_equal(o.victim.pid, 4242);
	assert_true(o.kernel_killed);
	assert_int_equal(o.kernel_t_ms, 4800);
	assert_true(o.before_kernel);
	/* with the fill-rate raise it acts earlier: memory falls 82 MiB per 100 ms */
	cfg.rate_enabled = true;
	replay_run(&p, &h, s, n, NULL, 0, &o);
	assert_true(o.acted);
	assert_true(o.t_ms < 4000);
	assert_string_equal(o.reason, "fill-rate");
	/* a kernel kill named by an event counts the same as the counter */
	struct trace_event e = { .t_ms = 100 };
	snprintf(e.kind, sizeof(e.kind), "kernel_oom_kill");
	for (size_t i = 0; i < n; i++)
		s[i].oom_kill = 0;
	replay_run(&p, &h, s, n, &e, 1, &o);
	assert_int_equal(o.kernel_t_ms, 100);
	assert_false(o.before_kernel);
	daemon_config_free(&cfg);
}

/* A stall read every 20 ms, memory short but above the levels: the model acts once the stall
 * sum reaches the 1 s budget.  With a PSI counter in 10 ms ticks, the daemon's own readings may
 * reach it up to two ticks of stall sooner: the bracket opens that much earlier.  A counter in
 * microseconds moves it by nothing. */
static void test_stall_bracket_counter_steps(void **state)
{
	(void)state;
	static struct trace_sample s[400];
	struct daemon_config cfg;
	char err[256];
	daemon_config_defaults(&cfg);
	assert_int_equal(daemon_config_finish(&cfg, err, sizeof(err)), 0);
	struct replay_policy p;
	assert_int_equal(replay_policy_parse(&p, "oomguard", NULL, 0, err, sizeof(err)), 0);
	p.cfg = &cfg;
	struct trace_header h = header("/");
	for (int ticks = 1; ticks >= 0; ticks--) {
		uint64_t total_us = 5000000;
		for (size_t i = 0; i < 400; i++) {
			memset(&s[i], 0, sizeof(s[i]));
			s[i].t_ms = 1000 + i * 20;
			s[i].total_kib = s[i].mem_total_kib = 8 * GIB_KIB;
			s[i].avail_kib = 8 * GIB_KIB / 5;          /* 20%: below the guard (25%) */
			s[i].psi_present = true;
			s[i].procs[0] = proc(4242, "hog", 4 * GIB_KIB, 0);
			s[i].n_procs = 1;
			/* 75% stalled: ticks of 10 ms (10, 20, 10, 20 ...) or microseconds */
			total_us += ticks ? (i % 2 ? 20000 : 10000) : (i % 2 ? 15007 : 14993);
			s[i].psi_full_total_us = total_us;
		}
		struct replay_outcome o;
		replay_run(&p, &h, s, 400, NULL, 0, &o);
		assert_true(o.acted);
		assert_string_equal(o.reason, "pressure-stall");
		if (ticks)   /* 20 ms of stall lower: 2 samples sooner (15 ms a sample), then the one before */
			assert_true(o.window_from_ms <= o.t_ms - 40 && o.window_from_ms >= o.t_ms - 80);
		else
			assert_int_equal(o.window_from_ms, o.t_ms - 20);
	}
	daemon_config_free(&cfg);
}

static void raw_name(struct strbuf *out, const char *raw)
{
	strbuf_adds(out, raw);
}

static void test_leadup(void **state)
{
	(void)state;
	static struct trace_sample s[64];
	size_t n = falling_trace(s, 64);
	struct leadup l;
	/* a dip from 50% to 40% that recovers to 60%, then the fall to the kill */
	static struct trace_sample t[128];
	size_t m = 0;
	for (int pct = 50; pct >= 40; pct--, m++) {
		t[m] = s[0];
		t[m].avail_kib = 8 * GIB_KIB * (uint64_t)pct / 100;
	}
	t[m] = s[0];
	t[m++].avail_kib = 8 * GIB_KIB * 60 / 100;
	for (size_t i = 0; i < n; i++) {
		t[m] = s[i];
		t[m].swap_total_kib = 1024;
		t[m].swap_free_kib = i >= 30 ? 0 : 1024;    /* swap full from sample 30 on */
		t[m].psi_full_total_us = i * 100000;         /* a full stall of 0.1 s per sample */
		t[m].oom_kill = i >= 48 ? 1 : 0;             /* the kernel killed at sample 48 */
		m++;
	}
	for (size_t i = 0; i < m; i++)
		t[i].t_ms = i * 100;
	leadup_init(&l);
	for (size_t i = 0; i < m; i++)
		leadup_feed_sample(&l, &t[i]);
	assert_true(leadup_finish(&l));
	assert_true(l.killed);
	assert_string_equal(l.kill_actor, "kernel");
	assert_true(l.from_pct > 59.9 && l.from_pct < 60.1);   /* the later, deeper fall, from 60% */
	assert_true(l.to_pct > 2.9 && l.to_pct < 3.1);          /* the last sample before the kill */
	assert_int_equal(l.fall_ms, 4800);
	assert_true(l.has_grower);
	assert_int_equal(l.grower.pid, 4242);
	assert_int_equal(l.grower_kib, (int64_t)(8 * GIB_KIB * 47 / 100));
	assert_true(l.full_stall_s > 4.69 && l.full_stall_s < 4.71);
	assert_true(l.best.swap_full);
	struct strbuf sb;
	strbuf_init(&sb);
	leadup_sentence(&l, &sb, raw_name);
	assert_string_equal(sb.buf, "Memory fell from 60% to 3% available in 4.8 s; hog (pid 4242) grew by 3.8 GiB in 4.8 s to 3.8 GiB; "
				    "swap filled 1.8 s before the kill; full stall 4.7 s.");
	strbuf_reset(&sb);
	leadup_curve_text(&l, &sb);
	assert_true(l.n_curve > 0 && l.n_curve <= LEADUP_CURVE_MAX);
	assert_int_equal(l.curve_bucket_ms, 100);    /* 61 samples of 100 ms fit in 64 cells */
	strbuf_free(&sb);
	/* a long trace halves the curve's resolution and keeps the lowest value of each pair */
	leadup_init(&l);
	for (uint64_t i = 0; i < 1000; i++) {
		struct trace_sample x = s[0];
		x.t_ms = i * 100;
		x.avail_kib = i == 777 ? 0 : 4 * GIB_KIB;
		leadup_feed_sample(&l, &x);
	}
	assert_true(leadup_finish(&l));
	assert_true(l.n_curve <= LEADUP_CURVE_MAX);
	assert_int_equal(l.curve_bucket_ms, 1600);
	assert_true(l.curve_pct[777 * 100 / 1600] == 0.0);

	/* a trace with no kill in it (`oomguard record` while a daemon acted): memory comes back
	 * (not above the peak, so the same fall) and the hog is gone from the later scans, where web
	 * grew a little; the grower is who was there at the trough */
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		t[k++] = s[i];
	for (size_t i = 0; i < 5; i++, k++) {
		t[k] = s[0];
		t[k].avail_kib = 8 * GIB_KIB * 49 / 100;
		t[k].procs[0] = proc(800, "web", 600 * 1024, 0);
		t[k].procs[1] = proc(700, "db", 2 * GIB_KIB, -1000);
		t[k].n_procs = 2;
	}
	for (size_t i = 0; i < k; i++)
		t[i].t_ms = i * 100;
	leadup_init(&l);
	for (size_t i = 0; i < k; i++)
		leadup_feed_sample(&l, &t[i]);
	assert_true(leadup_finish(&l));
	assert_false(l.killed);
	assert_true(l.to_pct < 0.1);
	assert_true(l.has_grower);
	assert_int_equal(l.grower.pid, 4242);
	assert_int_equal(l.grower_kib, (int64_t)(8 * GIB_KIB / 2));
	assert_int_equal(l.grower_span_ms, (n - 1) * 100);
}

static void count_lines(void *ctx, const char *line, size_t len)
{
	size_t *n = ctx;
	assert_true(len > 0 && line[len - 1] == '\n');
	(*n)++;
}

static void test_flightrec_ring(void **state)
{
	(void)state;
	enum { SLOTS = 16 };
	static unsigned char mem[SLOTS * (sizeof(struct flightrec_figures) + sizeof(struct flightrec_procs))];
	struct flightrec fr;
	struct trace_sample s, got;
	assert_int_equal(flightrec_bytes(SLOTS), sizeof(mem));
	flightrec_init(&fr, mem, SLOTS, 1);    /* a one-minute window */
	memset(&s, 0, sizeof(s));
	/* 100 samples 1 s apart: the ring keeps the last 16, all inside the minute */
	for (uint64_t i = 0; i < 100; i++) {
		s.t_ms = i * 1000;
		s.avail_kib = i;
		s.n_procs = i % 2;    /* every other sample carries a process */
		s.procs[0] = proc((pid_t)(1000 + i), "x) (y\n", i, 0);
		flightrec_push(&fr, &s);
	}
	assert_int_equal(flightrec_count(&fr), SLOTS);
	assert_true(flightrec_get(&fr, 0, &got));
	assert_int_equal(got.t_ms, 84000);
	assert_true(flightrec_get(&fr, SLOTS - 1, &got));
	assert_int_equal(got.avail_kib, 99);
	assert_int_equal(got.n_procs, 1);
	assert_int_equal(got.procs[0].pid, 1099);
	assert_string_equal(got.procs[0].comm, "x) (y\n");
	assert_false(flightrec_get(&fr, SLOTS, &got));
	/* samples 10 s apart: only those within the minute of the newest are written */
	for (uint64_t i = 0; i < SLOTS; i++) {
		s.t_ms = 200000 + i * 10000;
		flightrec_push(&fr, &s);
	}
	assert_int_equal(flightrec_count(&fr), 7);     /* 0, 10, ... 60 s back from the newest */
	struct trace_header h = header("/");
	struct strbuf sb;
	size_t lines = 0;
	strbuf_init(&sb);
	flightrec_write(&fr, &h, count_lines, &lines, &sb);
	assert_int_equal(lines, 1 + 7);
	strbuf_free(&sb);
}

/* At rest the ring uses the slots of one window, not all of them as it goes round; when samples
 * come faster it grows, keeping every sample of the window in order, processes included. */
static void test_flightrec_ring_follows_window(void **state)
{
	(void)state;
	enum { SLOTS = 1024 };
	static unsigned char mem[SLOTS * (sizeof(struct flightrec_figures) + sizeof(struct flightrec_procs))];
	struct flightrec fr;
	struct trace_sample s, got;
	flightrec_init(&fr, mem, SLOTS, 10);
	memset(&s, 0, sizeof(s));
	uint64_t t = 0;
	/* a day at rest: one sample per 5 s; every 7th carries a process named by its time */
	/* (then on until the next slot is mid-ring, so the growth below moves slots) */
	for (int i = 0; i < 17280 || fr.head != 60; i++, t += 5000) {
		s.t_ms = t;
		s.n_procs = i % 7 == 0;
		s.procs[0] = proc((pid_t)(t / 1000), "idle", 1, 0);
		flightrec_push(&fr, &s);
		assert_true(i < 17280 + 128);
		if (i == 99) {         /* 16, 32, 64, 128 slots as the first 500 s came in: all kept */
			assert_int_equal(flightrec_count(&fr), 100);
			for (size_t n = 0; n < 100; n++)
				assert_true(flightrec_get(&fr, n, &got) && got.t_ms == n * 5000);
		}
	}
	assert_int_equal(flightrec_count(&fr), 121);     /* 0, 5, ... 600 s back */
	assert_true(fr.used <= 128);
	/* memory tightens: 100 ms samples, more than the slots */
	for (int i = 0; i < 1500; i++, t += 100) {
		s.t_ms = t;
		s.n_procs = 0;
		flightrec_push(&fr, &s);
		/* every sample of the window is kept until the slots run out: at the 401st fast
		 * one, 45 s after the last idle one, the idle ones of the last 555 s (112) */
		if (i == 400)
			assert_int_equal(flightrec_count(&fr), 112 + 401);
	}
	assert_int_equal(fr.used, SLOTS);
	assert_int_equal(flightrec_count(&fr), SLOTS);
	uint64_t prev = 0;
	for (size_t n = 0; n < SLOTS; n++) {
		assert_true(flightrec_get(&fr, n, &got));
		assert_true(n == 0 || got.t_ms > prev);
		prev = got.t_ms;
	}
	assert_int_equal(prev, t - 100);
	/* the idle samples' processes survive the growth (the ring had wrapped when it grew) */
	flightrec_init(&fr, mem, SLOTS, 10);
	t = 0;
	for (int i = 0; i < 2000; i++, t += 5000) {
		s.t_ms = t;
		s.n_procs = i % 7 == 0;
		s.procs[0] = proc((pid_t)(t / 1000), "idle", 1, 0);
		flightrec_push(&fr, &s);
	}
	assert_true(fr.head != 0);
	for (int i = 0; i < 300; i++, t += 100) {
		s.t_ms = t;
		s.n_procs = 0;
		flightrec_push(&fr, &s);
	}
	/* the last fast one 34.9 s after the last idle one: the idle ones of 565.1 s back (114) */
	assert_int_equal(flightrec_count(&fr), 114 + 300);
	size_t with_procs = 0;
	for (size_t n = 0; flightrec_get(&fr, n, &got); n++) {
		if (got.n_procs) {
			assert_int_equal((uint64_t)got.procs[0].pid, got.t_ms / 1000);
			assert_int_equal(got.t_ms / 5000 % 7, 0);
			with_procs++;
		}
	}
	assert_true(with_procs >= 16);
}

/* Version 2: the header's pressure cgroups and near period, a sample's cgroup pressure (one
 * entry unread: null) and a sample without a process scan ("procs": null) read back and are
 * written again as the same bytes. */
static void test_v2_round_trip(void **state)
{
	(void)state;
	struct trace_header h = header("/"), h2;
	struct trace_sample s, s2;
	struct trace_event e2;
	char err[128];
	h.near_ms = 20;
	h.near_pct = 15;
	h.n_psi_cgroups = 2;
	snprintf(h.psi_cgroups[0], sizeof(h.psi_cgroups[0]), "/ogfk.slice");
	snprintf(h.psi_cgroups[1], sizeof(h.psi_cgroups[1]), "/a \"b\"\n\xff");
	h.watch_pid = 4321;
	snprintf(h.watch_comm, sizeof(h.watch_comm), "earlyoom");
	struct strbuf sb, again;
	strbuf_init(&sb);
	strbuf_init(&again);
	trace_write_header(&sb, &h);
	assert_int_equal(trace_parse_line(sb.buf, sb.len - 1, &h2, &s2, &e2, err, sizeof(err)), TRACE_LINE_HEADER);
	assert_int_equal(h2.version, TRACE_VERSION);
	assert_int_equal(h2.near_ms, 20);
	assert_true(h2.near_pct == 15);
	assert_int_equal(h2.n_psi_cgroups, 2);
	assert_string_equal(h2.psi_cgroups[0], "/ogfk.slice");
	assert_string_equal(h2.psi_cgroups[1], h.psi_cgroups[1]);
	assert_int_equal(h2.watch_pid, 4321);
	assert_string_equal(h2.watch_comm, "earlyoom");
	trace_write_header(&again, &h2);
	assert_int_equal(again.len, sb.len);
	assert_memory_equal(again.buf, sb.buf, sb.len);

	memset(&s, 0, sizeof(s));
	s.t_ms = 40;
	s.total_kib = s.mem_total_kib = 1000;
	s.procs_skipped = true;
	s.watch_sleeps = 77;
	s.n_cgroup_psi = 2;
	s.cgroup_psi[0] = (struct trace_cgroup_psi){ .present = true, .some_avg10 = 80.5, .full_avg10 = 61.25,
						     .some_total_us = 900, .full_total_us = 700, .pgscan = 12345 };
	strbuf_reset(&sb);
	strbuf_reset(&again);
	trace_write_sample(&sb, &s);
	assert_non_null(strstr(sb.buf, "\"procs\":null"));
	assert_int_equal(trace_parse_line(sb.buf, sb.len - 1, &h2, &s2, &e2, err, sizeof(err)), TRACE_LINE_SAMPLE);
	assert_true(s2.procs_skipped);
	assert_int_equal(s2.watch_sleeps, 77);
	assert_int_equal(s2.n_procs, 0);
	assert_int_equal(s2.n_cgroup_psi, 2);
	assert_true(s2.cgroup_psi[0].present);
	assert_true(s2.cgroup_psi[0].full_avg10 == 61.25);
	assert_true(s2.cgroup_psi[0].some_avg10 == 80.5);
	assert_int_equal(s2.cgroup_psi[0].full_total_us, 700);
	assert_int_equal(s2.cgroup_psi[0].pgscan, 12345);
	assert_false(s2.cgroup_psi[1].present);
	trace_write_sample(&again, &s2);
	assert_int_equal(again.len, sb.len);
	assert_memory_equal(again.buf, sb.buf, sb.len);
	strbuf_free(&sb);
	strbuf_free(&again);
}

/* A version 1 trace (as recorded before version 2) still reads, with none of the new parts. */
static void test_v1_lines_still_read(void **state)
{
	(void)state;
	struct trace_header h;
	struct trace_sample s;
	struct trace_event e;
	char err[128];
	const char *head = "{\"trace\":\"oomguard\",\"version\":1,\"scope\":\"/cg\",\"host\":\"vm\",\"start_epoch_ms\":1,"
			   "\"start_monotonic_ms\":2,\"interval_ms\":100}";
	const char *smp = "{\"t_ms\":0,\"avail_kib\":10,\"total_kib\":20,\"mem_total_kib\":20,\"swap_free_kib\":0,"
			  "\"swap_total_kib\":0,\"psi_some_avg10\":1.5,\"psi_full_avg10\":0.5,\"psi_some_total_us\":3,"
			  "\"psi_full_total_us\":4,\"pgmajfault\":5,\"workingset_refault\":6,\"pgscan\":7,\"oom_kill\":0,"
			  "\"procs\":[{\"pid\":9,\"comm\":\"a\",\"oom_score_adj\":0,\"rss_kib\":8,\"swap_kib\":0,\"cgroup\":\"/cg\"}],\"growers\":[]}";
	assert_int_equal(trace_parse_line(head, strlen(head), &h, &s, &e, err, sizeof(err)), TRACE_LINE_HEADER);
	assert_int_equal(h.version, 1);
	assert_int_equal(h.interval_ms, 100);
	assert_int_equal(h.near_ms, 0);
	assert_int_equal(h.n_psi_cgroups, 0);
	assert_int_equal(trace_parse_line(smp, strlen(smp), &h, &s, &e, err, sizeof(err)), TRACE_LINE_SAMPLE);
	assert_false(s.procs_skipped);
	assert_int_equal(s.n_procs, 1);
	assert_int_equal(s.n_cgroup_psi, 0);
	assert_int_equal(s.pgscan, 7);
	/* the version 2 parts refused when malformed, naming the key */
	static const char *bad[] = {
		"{\"trace\":\"oomguard\",\"version\":2,\"psi_cgroups\":[1]}",
		"{\"trace\":\"oomguard\",\"version\":2,\"psi_cgroups\":\"/a\"}",
		"{\"trace\":\"oomguard\",\"version\":2,\"near_pct\":101}",
		"{\"trace\":\"oomguard\",\"version\":3}",
		"{\"t_ms\":1,\"cgroup_pressure\":[{\"full_avg10\":-1}]}",
		"{\"t_ms\":1,\"cgroup_pressure\":[{\"pgscan\":\"x\"}]}",
		"{\"t_ms\":1,\"cgroup_pressure\":{}}",
		"{\"t_ms\":1,\"procs\":5}",
	};
	assert_lines_refused(bad, sizeof(bad) / sizeof(bad[0]));
	/* more cgroups than a trace keeps: dropped alike in the header and the samples */
	const char *many_h = "{\"trace\":\"oomguard\",\"version\":2,\"psi_cgroups\":[\"/1\",\"/2\",\"/3\",\"/4\",\"/5\"]}";
	assert_int_equal(trace_parse_line(many_h, strlen(many_h), &h, &s, &e, err, sizeof(err)), TRACE_LINE_HEADER);
	assert_int_equal(h.n_psi_cgroups, TRACE_PSI_CGROUPS_MAX);
	assert_string_equal(h.psi_cgroups[3], "/4");
	const char *many_s = "{\"t_ms\":1,\"cgroup_pressure\":[null,null,null,{\"full_avg10\":9},{\"full_avg10\":99}]}";
	assert_int_equal(trace_parse_line(many_s, strlen(many_s), &h, &s, &e, err, sizeof(err)), TRACE_LINE_SAMPLE);
	assert_int_equal(s.n_cgroup_psi, TRACE_PSI_CGROUPS_MAX);
	assert_true(s.cgroup_psi[3].full_avg10 == 9);
}

/* systemd-oomd with the monitored slice's pressure in the trace: the slice's full avg10 (not the
 * machine's) above 60% for 30 s, with reclaim in the slice, kills the slice's cgroup. */
static void test_oomd_slice_pressure(void **state)
{
	(void)state;
	static struct trace_sample ps[400];
	struct trace_header h = header("/");
	h.n_psi_cgroups = 2;
	snprintf(h.psi_cgroups[0], sizeof(h.psi_cgroups[0]), "/other.slice");
	snprintf(h.psi_cgroups[1], sizeof(h.psi_cgroups[1]), "/ogfk.slice");
	for (size_t i = 0; i < 400; i++) {
		memset(&ps[i], 0, sizeof(ps[i]));
		ps[i].t_ms = i * 100;
		ps[i].total_kib = ps[i].mem_total_kib = 8 * GIB_KIB;
		ps[i].avail_kib = 4 * GIB_KIB;                /* 50% available: the swap rule stays quiet */
		ps[i].psi_present = true;
		ps[i].psi_full_avg10 = 5;                     /* the machine is calm */
		ps[i].pgscan = 0;                             /* and does not reclaim on the whole */
		ps[i].n_cgroup_psi = 2;
		ps[i].cgroup_psi[0] = (struct trace_cgroup_psi){ .present = true, .full_avg10 = 10, .pgscan = 0 };
		ps[i].cgroup_psi[1] = (struct trace_cgroup_psi){ .present = i != 100, /* one unread sample */
								 .full_avg10 = i >= 20 ? 75 : 0, .pgscan = i };
	}
	struct replay_policy p;
	char err[128];
	struct replay_outcome o;
	assert_int_equal(replay_policy_parse(&p, "systemd-oomd", NULL, 0, err, sizeof(err)), 0);
	replay_run(&p, &h, ps, 400, NULL, 0, &o);
	assert_true(o.acted);
	assert_int_equal(o.t_ms, 32000);
	assert_string_equal(o.victim_cgroup, "/ogfk.slice");
	assert_string_equal(o.reason, "cgroup pressure 75% > 60% for 30s");
	/* the pressure dips to the limit once (60 is not above 60): the 30 s start again from there */
	ps[50].cgroup_psi[1].full_avg10 = 60;
	replay_run(&p, &h, ps, 400, NULL, 0, &o);
	assert_int_equal(o.t_ms, 5100 + 30000);
	ps[50].cgroup_psi[1].full_avg10 = 75;
	/* without reclaim in the slice, pressure alone does not kill */
	for (size_t i = 0; i < 400; i++)
		ps[i].cgroup_psi[1].pgscan = 7;
	replay_run(&p, &h, ps, 400, NULL, 0, &o);
	assert_false(o.acted);
	/* the machine's pressure high and the slices' low: nothing, as the slices are what is watched */
	for (size_t i = 0; i < 400; i++) {
		ps[i].psi_full_avg10 = 90;
		ps[i].pgscan = i;
		ps[i].cgroup_psi[1].full_avg10 = 20;
		ps[i].cgroup_psi[1].pgscan = i;
	}
	replay_run(&p, &h, ps, 400, NULL, 0, &o);
	assert_false(o.acted);
	/* the same samples in a trace without pressure cgroups: the machine's pressure stands in */
	struct trace_header h1 = header("/");
	replay_run(&p, &h1, ps, 400, NULL, 0, &o);
	assert_true(o.acted);
	assert_int_equal(o.t_ms, 30000);
	assert_string_equal(o.victim_cgroup, "/");
}

/* Samples without a process scan: the victim comes from the last sample that scanned. */
static void test_victim_from_last_scan(void **state)
{
	(void)state;
	static struct trace_sample s[64];
	size_t n = falling_trace(s, 64);
	for (size_t i = 0; i < n; i++) {
		if (i % 4 == 0)
			continue;
		s[i].procs_skipped = true;
		s[i].n_procs = 0;
		memset(s[i].procs, 0, sizeof(s[i].procs));
	}
	struct replay_outcome o;
	run("earlyoom", s, n, &o);        /* 10% at sample 40 (skipped): the hog of sample 40's scan */
	assert_int_equal(o.t_ms, 4000);
	assert_true(o.has_victim);
	assert_int_equal(o.victim.pid, 4242);
	run("nohang", s, n, &o);          /* 5% at sample 45: processes from sample 44 */
	assert_int_equal(o.t_ms, 4500);
	assert_true(o.has_victim);
	assert_int_equal(o.victim.pid, 4242);
	assert_int_equal(o.victim.rss_kib, s[44].procs[0].rss_kib);
}

/* A real trace (tests/fixtures/traces/guest-earlyoom-swap.trace: the test guest, earlyoom's
 * exhaustion run 3 of bench/guest-false-kills.sh on 2026-12-02, cut to 36.5-38.7 s): near the
 * levels samples come every 20-30 ms, most without a process scan; earlyoom's model acts at the
 * first sample with swap at or below 10% free, one short period after the last one above it, and
 * names the leak from the last scan. */
static void test_guest_trace_fixture(void **state)
{
	(void)state;
	const char *dir = getenv("OOMGUARD_FIXTURES");
	char path[4096];
	if (!dir) {
		print_message("skip: OOMGUARD_FIXTURES not set (run through meson test)\n");
		skip();
	}
	snprintf(path, sizeof(path), "%s/traces/guest-earlyoom-swap.trace", dir);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	static char line[TRACE_LINE_MAX + 2];
	static struct trace_sample s[128];
	struct trace_header h;
	struct trace_event e;
	char err[128];
	size_t n = 0, skipped = 0;
	assert_non_null(fgets(line, sizeof(line), f));
	assert_int_equal(trace_parse_line(line, strcspn(line, "\n"), &h, &s[0], &e, err, sizeof(err)), TRACE_LINE_HEADER);
	assert_int_equal(h.version, 2);
	assert_int_equal(h.near_ms, 20);
	assert_int_equal(h.n_psi_cgroups, 1);
	assert_string_equal(h.psi_cgroups[0], "/ogfk.slice");
	while (n < 128 && fgets(line, sizeof(line), f)) {
		assert_int_equal(trace_parse_line(line, strcspn(line, "\n"), &h, &s[n], &e, err, sizeof(err)), TRACE_LINE_SAMPLE);
		assert_int_equal(s[n].n_cgroup_psi, 1);
		skipped += s[n].procs_skipped;
		n++;
	}
	fclose(f);
	assert_int_equal(n, 74);
	assert_true(skipped > n / 2);
	struct replay_policy p;
	struct replay_outcome o;
	assert_int_equal(replay_policy_parse(&p, "earlyoom", NULL, 0, err, sizeof(err)), 0);
	replay_run(&p, &h, s, n, NULL, 0, &o);
	assert_true(o.acted);
	assert_int_equal(o.t_ms, 38142);
	assert_true(o.has_victim);
	assert_string_equal(o.victim.comm, "leak");
	size_t i = o.sample;
	assert_true(i > 0);
	assert_true(trace_pct(s[i].swap_free_kib, s[i].swap_total_kib) <= 10.0);
	assert_true(trace_pct(s[i - 1].swap_free_kib, s[i - 1].swap_total_kib) > 10.0);
	assert_true(s[i].t_ms - s[i - 1].t_ms <= 40);
	assert_true(s[i].procs_skipped);   /* the victim came from an earlier scan */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flightrec_ring_follows_window),
		cmocka_unit_test(test_round_trip_hostile_names),
		cmocka_unit_test(test_malformed_lines),
		cmocka_unit_test(test_earlyoom_levels),
		cmocka_unit_test(test_watched_daemon_wakes),
		cmocka_unit_test(test_nohang_and_oomd),
		cmocka_unit_test(test_oomguard_policy_and_kernel),
		cmocka_unit_test(test_stall_bracket_counter_steps),
		cmocka_unit_test(test_leadup),
		cmocka_unit_test(test_flightrec_ring),
		cmocka_unit_test(test_v2_round_trip),
		cmocka_unit_test(test_v1_lines_still_read),
		cmocka_unit_test(test_oomd_slice_pressure),
		cmocka_unit_test(test_victim_from_last_scan),
		cmocka_unit_test(test_guest_trace_fixture),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
