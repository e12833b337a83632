/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the Prometheus exposition (lib/policy/metrics_text.c), the daemon's metrics
 * options, and the counting of the daemon's records (os/daemon/metrics_daemon.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/oomreport/userspace_kills.h"
#include "lib/policy/daemon_config.h"
#include "lib/policy/metrics_text.h"
#include "lib/util/strbuf.h"
#include "os/daemon/metrics_daemon.h"
#include "event_builder.h"

static char *render(const struct metrics_state *m)
{
	struct strbuf sb;
	strbuf_init(&sb);
	metrics_text_write(m, &sb);
	assert_false(sb.failed);
	char *text = strdup(sb.len ? sb.buf : "");
	strbuf_free(&sb);
	return text;
}

static void full_state(struct metrics_state *m)
{
	memset(m, 0, sizeof(*m));
	m->have_memory = m->have_psi = m->have_kernel_kills = m->have_findings = m->have_daemon = true;
	m->mem_total_bytes = 8ull << 30;
	m->mem_available_bytes = 3ull << 30;
	m->swap_total_bytes = 2ull << 30;
	m->swap_free_bytes = 1ull << 30;
	m->psi_some_seconds = 12.5;
	m->psi_full_seconds = 3.25;
	m->kernel_kills[MX_SCOPE_MEMCG][MX_CONSTRAINT_MEMCG] = 3;
	m->kernel_kills[MX_SCOPE_GLOBAL][MX_CONSTRAINT_NONE] = 1;
	m->kernel_last_kill_s = 1796196854.5;
	m->findings[MX_SEV_CRITICAL] = 2;
	m->actions[MX_ACTION_SIGKILL][CAUSE_PSI_STALL] = 4;
	m->reloads_failed = 1;
	m->wakeups = 99;
	m->daemon_start_s = 1796190000;
}

static void test_nothing_known_nothing_written(void **state)
{
	struct metrics_state m;
	memset(&m, 0, sizeof(m));
	char *t = render(&m);
	assert_string_equal(t, "");
	free(t);
}

/* Every sample line is NAME{LABELS} VALUE of a family announced once by HELP and TYPE before
 * it; counters end in _total; no label is a pid; values are numbers. */
static void test_exposition_shape(void **state)
{
	struct metrics_state m;
	full_state(&m);
	char *t = render(&m);
	regex_t sample, labels;
	assert_int_equal(regcomp(&sample, "^([a-z_]+)(\\{[^}]*\\})? (-?[0-9.e+]+)$", REG_EXTENDED), 0);
	assert_int_equal(regcomp(&labels, "^\\{([a-z_]+=\"[a-z0-9_.:-]*\",?)+\\}$", REG_EXTENDED), 0);
	char typed[64][96];
	char types[64][16];
	unsigned n_typed = 0, n_samples = 0;
	char *save = NULL;
	for (char *l = strtok_r(t, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char name[96], type[16];
		if (sscanf(l, "# TYPE %95s %15s", name, type) == 2) {
			for (unsigned i = 0; i < n_typed; i++)
				assert_string_not_equal(typed[i], name);   /* once per family */
			assert_true(n_typed < 64);
			snprintf(typed[n_typed], sizeof(typed[0]), "%s", name);
			snprintf(types[n_typed++], sizeof(types[0]), "%s", type);
			size_t len = strlen(name);
			bool total = len > 6 && strcmp(name + len - 6, "_total") == 0;
			assert_int_equal(total, strcmp(type, "counter") == 0);
			continue;
		}
		if (l[0] == '#') {
			assert_true(strncmp(l, "# HELP oomguard_", 16) == 0);
			continue;
		}
		regmatch_t mt[4];
		if (regexec(&sample, l, 4, mt, 0) != 0)
			fail_msg("not a sample line: %s", l);
		snprintf(name, sizeof(name), "%.*s", (int)(mt[1].rm_eo - mt[1].rm_so), l + mt[1].rm_so);
		bool announced = false;
		for (unsigned i = 0; i < n_typed; i++)
			announced |= strcmp(typed[i], name) == 0;
		if (!announced)
			fail_msg("sample before its TYPE line: %s", l);
		if (mt[2].rm_so >= 0) {
			char lab[256];
			snprintf(lab, sizeof(lab), "%.*s", (int)(mt[2].rm_eo - mt[2].rm_so), l + mt[2].rm_so);
			if (regexec(&labels, lab, 0, NULL, 0) != 0)
				fail_msg("bad labels: %s", l);
			assert_null(strstr(lab, "pid="));
		}
		n_samples++;
	}
	regfree(&sample);
	regfree(&labels);
	assert_true(n_typed >= 18);
	assert_int_equal(n_samples, 46);   /* other killers absent: have_other_killers is false */   /* bounded: every label from a fixed list */
	free(t);
}

static void test_values(void **state)
{
	struct metrics_state m;
	full_state(&m);
	char *t = render(&m);
	assert_non_null(strstr(t, "\noomguard_kernel_oom_kills_total{scope=\"memcg\",constraint=\"memcg\"} 3\n"));
	assert_non_null(strstr(t, "\noomguard_kernel_oom_kills_total{scope=\"global\",constraint=\"none\"} 1\n"));
	assert_non_null(strstr(t, "\noomguard_kernel_oom_kills_total{scope=\"global\",constraint=\"cpuset\"} 0\n"));
	assert_non_null(strstr(t, "\noomguard_memory_available_bytes 3221225472\n"));
	assert_non_null(strstr(t, "\noomguard_swap_free_bytes 1073741824\n"));
	assert_non_null(strstr(t, "\noomguard_memory_pressure_stall_seconds_total{kind=\"full\"} 3.250000\n"));
	assert_non_null(strstr(t, "\noomguard_kernel_oom_last_kill_timestamp_seconds 1796196854.5\n"));
	assert_non_null(strstr(t, "\noomguard_check_findings{severity=\"critical\"} 2\n"));
	assert_non_null(strstr(t, "\noomguard_daemon_actions_total{action=\"sigkill\",reason=\"pressure-stall\"} 4\n"));
	assert_non_null(strstr(t, "\noomguard_daemon_config_reloads_total{result=\"failure\"} 1\n"));
	assert_non_null(strstr(t, "\noomguard_daemon_up 1\n"));
	assert_null(strstr(t, "reason=\"none\""));      /* an action always has a cause */
	free(t);

	m.daemon_stopped = true;
	m.have_kernel_kills = false;
	t = render(&m);
	assert_non_null(strstr(t, "\noomguard_daemon_up 0\n"));
	assert_null(strstr(t, "oomguard_kernel_oom_kills_total"));   /* absent, not zero */
	free(t);
}

static void test_count_event(void **state)
{
	struct metrics_counters c;
	struct daemon_event ev;
	memset(&c, 0, sizeof(c));
	event_builder_blank(&ev, EVENT_KILL);
	ev.signal = SIGKILL;
	ev.outcome = OUTCOME_ESCALATED;
	ev.time.tv_sec = 1000;
	metrics_count_event(&c, &ev, CAUSE_MEMORY);
	assert_int_equal(c.actions[MX_ACTION_SIGKILL][CAUSE_MEMORY], 1);
	assert_int_equal(c.last_kill_ms, 1000000);
	ev.signal = SIGTERM;
	ev.dry_run = true;
	ev.outcome = OUTCOME_DRY_RUN;
	ev.time.tv_sec = 2000;
	metrics_count_event(&c, &ev, CAUSE_FILL_RATE);
	assert_int_equal(c.actions[MX_ACTION_DRY_RUN][CAUSE_FILL_RATE], 1);
	assert_int_equal(c.last_kill_ms, 1000000);          /* a dry run kills nobody */
	event_builder_blank(&ev, EVENT_ACTION);
	ev.outcome = OUTCOME_FAILED;
	metrics_count_event(&c, &ev, CAUSE_PSI_SUSTAINED);
	assert_int_equal(c.actions[MX_ACTION_COMMAND][CAUSE_PSI_SUSTAINED], 1);
	assert_int_equal(c.errors, 1);
	ev.kind = EVENT_ERROR;
	metrics_count_event(&c, &ev, CAUSE_MEMORY);
	assert_int_equal(c.errors, 2);
	ev.kind = EVENT_RELOAD;
	ev.outcome = OUTCOME_NONE;
	metrics_count_event(&c, &ev, CAUSE_NONE);
	ev.outcome = OUTCOME_FAILED;
	metrics_count_event(&c, &ev, CAUSE_NONE);
	assert_int_equal(c.reloads_ok, 1);
	assert_int_equal(c.reloads_failed, 1);
	ev.kind = EVENT_START;
	metrics_count_event(&c, &ev, CAUSE_NONE);
	assert_int_equal(c.errors, 2);
}

static void test_options(void **state)
{
	struct daemon_config c;
	char err[256];
	daemon_config_defaults(&c);
	assert_null(c.metrics_textfile);
	assert_null(c.metrics_listen);
	assert_int_equal(c.metrics_interval_s, 15);
	assert_int_equal(daemon_config_set(&c, "metrics-listen", "9747", err, sizeof(err)), 0);
	assert_string_equal(c.metrics_listen, "127.0.0.1:9747");
	assert_int_equal(daemon_config_set(&c, "metrics-listen", "0.0.0.0:80", err, sizeof(err)), 0);
	assert_string_equal(c.metrics_listen, "0.0.0.0:80");
	assert_int_equal(daemon_config_set(&c, "metrics-listen", "[::1]:9747", err, sizeof(err)), 0);
	assert_string_equal(c.metrics_listen, "[::1]:9747");
	static const char *const bad[] = { "0", "65536", "localhost:9747", "1.2.3:9", "::1:9747",
					   "127.0.0.1:", ":9747", "[]:1", "9747x" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (daemon_config_set(&c, "metrics-listen", bad[i], err, sizeof(err)) != -EINVAL)
			fail_msg("metrics-listen '%s' accepted", bad[i]);
	assert_string_equal(c.metrics_listen, "[::1]:9747");    /* a refused value changes nothing */
	assert_int_equal(daemon_config_set(&c, "metrics-listen", "none", err, sizeof(err)), 0);
	assert_null(c.metrics_listen);
	assert_int_equal(daemon_config_set(&c, "metrics-textfile", "relative.prom", err, sizeof(err)), -EINVAL);
	assert_int_equal(daemon_config_set(&c, "metrics-textfile", "/var/lib/x.prom", err, sizeof(err)), 0);
	assert_int_equal(daemon_config_set(&c, "metrics-interval", "0", err, sizeof(err)), -EINVAL);
	assert_int_equal(daemon_config_set(&c, "metrics-interval", "60", err, sizeof(err)), 0);

	struct strbuf sb;
	strbuf_init(&sb);
	daemon_config_format(&c, &sb);
	assert_non_null(strstr(sb.buf, "\nmetrics-textfile = /var/lib/x.prom\n"));
	assert_non_null(strstr(sb.buf, "\nmetrics-listen = none\n"));
	assert_non_null(strstr(sb.buf, "\nmetrics-interval = 60\n"));
	strbuf_free(&sb);
	daemon_config_free(&c);
}

static int classify(struct us_state *st, const char *ident, const char *msg)
{
	return us_count_kill(st, ident, strlen(ident), msg);
}

/* The other killers' kills the metrics count are those `events` reads (lib/oomreport/
 * userspace_kills): one per kill, none for other lines, failed kills or the unit manager's echo. */
static void test_other_killer_lines(void **state)
{
	struct us_state st;
	us_state_init(&st);
	assert_int_equal(classify(&st, "earlyoom", "sending SIGTERM to process 4242 uid 1000 \"chrome\": "
				  "oom_score 900, VmRSS 4000 MiB"), US_KILLER_EARLYOOM);
	assert_int_equal(classify(&st, "earlyoom", "escalating to SIGKILL after 0.5 seconds"), -1);
	assert_int_equal(classify(&st, "earlyoom", "mem avail: 3000 of 7812 MiB (38.40%)"), -1);
	assert_int_equal(classify(&st, "earlyoomx", "sending SIGKILL to process 1 uid 0 \"x\""), -1);
	assert_int_equal(classify(&st, "logger", "sending SIGKILL to process 1 uid 0 \"x\""), -1);
	assert_int_equal(classify(&st, "systemd-oomd", "Killed /user.slice/a.scope due to memory pressure for "
				  "/user.slice being 71.20% > 50.00% for > 20s with reclaim activity"), US_KILLER_SYSTEMD_OOMD);
	assert_int_equal(classify(&st, "systemd-oomd", "Swap used (95.00%) is over 90.00%"), -1);
	assert_int_equal(classify(&st, "systemd", "a.scope: systemd-oomd killed 3 process(es) in this unit."), -1);
	assert_int_equal(classify(&st, "oomguard", "sent SIGTERM to 12 (x) uid 0: memory"), -1);
	assert_int_equal(us_count_kill(&st, NULL, 0, "x"), -1);
	assert_string_equal(us_killer_name(US_KILLER_SYSTEMD_OOMD), "systemd-oomd");
	assert_string_equal(us_killer_name(US_KILLER_LMKD), "lmkd");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_known_nothing_written),
		cmocka_unit_test(test_exposition_shape),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_count_event),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_other_killer_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
