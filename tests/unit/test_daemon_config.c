/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the daemon's configuration: option values, the config file text, rules and
 * command lines, drop-in order, flags over files, one-line errors, and the effective config
 * printed back reading the same. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/policy/daemon_config.h"
#include "lib/util/strbuf.h"

#define FIX FIXTURES_DIR "/daemon-config/"

static int load(struct daemon_config *cfg, char *err, size_t errlen, ...)
{
	char *argv[32] = { "daemon" };
	int argc = 1;
	va_list ap;
	va_start(ap, errlen);
	for (char *a; (a = va_arg(ap, char *)) != NULL && argc < 31;)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	return daemon_config_load(argc, argv, cfg, err, errlen);
}

/* earlyoom's swap levels; memory at 5,2.5 (earlyoom: 10,5), so that a job holding 90% of
 * memory steadily is left alone (bench/false_kills.sh) */
static void test_defaults(void **state)
{
	struct daemon_config c;
	char err[256] = "";
	assert_int_equal(load(&c, err, sizeof(err), "--config", "/nonexistent/x.conf", NULL), -ENOENT);
	assert_non_null(strstr(err, "/nonexistent/x.conf"));
	daemon_config_defaults(&c);
	assert_true(c.mem_term.percent == 5 && c.mem_kill.percent == 2.5);
	assert_true(c.swap_term.percent == 10 && c.swap_kill.percent == 5);
	assert_int_equal(c.flight_recorder_minutes, 10);
	assert_int_equal(c.mem_term.kib, 0);
	assert_true(c.psi_enabled);
	assert_int_equal(c.default_scope, KILL_PROCESS);
	assert_int_equal(c.report_interval_s, 3600);
	daemon_config_free(&c);
}

static void test_levels(void **state)
{
	struct daemon_config c;
	char err[256];

	daemon_config_defaults(&c);
	assert_int_equal(daemon_config_set(&c, "mem", "30", err, sizeof(err)), 0);
	assert_true(c.mem_term.percent == 30 && c.mem_kill.percent == 15);
	assert_int_equal(daemon_config_set(&c, "mem", "20,18", err, sizeof(err)), 0);
	assert_true(c.mem_term.percent == 20 && c.mem_kill.percent == 18);
	assert_int_equal(daemon_config_set(&c, "mem", "20,30", err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "above"));
	assert_int_equal(daemon_config_set(&c, "mem", "101", err, sizeof(err)), -EINVAL);
	assert_int_equal(daemon_config_set(&c, "mem", "10x", err, sizeof(err)), -EINVAL);
	assert_int_equal(daemon_config_set(&c, "swap-size", "1048576", err, sizeof(err)), 0);
	assert_true(c.swap_term.kib == 1048576 && c.swap_kill.kib == 524288);
	assert_int_equal(daemon_config_set(&c, "mem-size", "1G,256M", err, sizeof(err)), 0);
	assert_true(c.mem_term.kib == 1048576 && c.mem_kill.kib == 262144);
	/* a size under 1 KiB would leave no level at all (found by fuzz_config_text: printed, it read
	 * back as the default percent) */
	assert_int_equal(daemon_config_set(&c, "mem-size", "55.5", err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "less than 1 KiB"));
	assert_int_equal(daemon_config_set(&c, "swap-size", "0", err, sizeof(err)), -EINVAL);
	assert_true(c.mem_term.kib == 1048576 && c.swap_term.kib == 1048576);
	assert_int_equal(daemon_config_set(&c, "grace", "10,5", err, sizeof(err)), -EINVAL);
	assert_int_equal(daemon_config_set(&c, "grace", "10", err, sizeof(err)), -EINVAL);
	assert_int_equal(daemon_config_set(&c, "psi", "maybe", err, sizeof(err)), -EINVAL);
	assert_int_equal(daemon_config_set(&c, "no-such-key", "1", err, sizeof(err)), -ENOENT);
	assert_int_equal(daemon_config_set(&c, "config", "/x", err, sizeof(err)), -ENOENT);
	assert_int_equal(daemon_config_set(&c, "event-log", "relative.jsonl", err, sizeof(err)), -EINVAL);
	assert_int_equal(daemon_config_set(&c, "event-log", "none", err, sizeof(err)), 0);
	/* the fill-rate horizon: auto (the default, 0) or a fixed time */
	assert_int_equal(c.rate_horizon_ms, 0);
	assert_int_equal(daemon_config_set(&c, "rate-horizon", "250", err, sizeof(err)), 0);
	assert_int_equal(c.rate_horizon_ms, 250);
	assert_int_equal(daemon_config_set(&c, "rate-horizon", "0", err, sizeof(err)), -EINVAL);
	assert_int_equal(daemon_config_set(&c, "rate-horizon", "auto", err, sizeof(err)), 0);
	assert_int_equal(c.rate_horizon_ms, 0);
	assert_int_equal(c.psi_stall_budget_ms, 1000);
	assert_int_equal(daemon_config_set(&c, "psi-stall-budget", "0", err, sizeof(err)), 0);
	assert_int_equal(c.psi_stall_budget_ms, 0);
	assert_int_equal(daemon_config_set(&c, "psi-stall-budget", "-1", err, sizeof(err)), -EINVAL);
	struct strbuf sb;
	strbuf_init(&sb);
	daemon_config_format(&c, &sb);
	assert_non_null(strstr(sb.buf, "\nrate-horizon = auto\n"));
	assert_non_null(strstr(sb.buf, "\npsi-stall-budget = 0\n"));
	strbuf_free(&sb);
	assert_null(c.event_log);
	daemon_config_free(&c);
}

static void test_size_alone_replaces_default_percent(void **state)
{
	struct daemon_config c;
	char err[256];
	assert_int_equal(load(&c, err, sizeof(err), "--config", FIX "broken.conf.d/10-ok.conf",
			      "-M", "1048576", NULL), 0);
	assert_true(c.mem_term.percent < 0 && c.mem_term.kib == 1048576);
	assert_true(c.swap_term.percent == 20);
	daemon_config_free(&c);
	assert_int_equal(load(&c, err, sizeof(err), "--config", FIX "broken.conf.d/10-ok.conf",
			      "-M", "1048576", "-m", "20", NULL), 0);
	assert_true(c.mem_term.percent == 20 && c.mem_term.kib == 1048576);
	daemon_config_free(&c);
}

static void test_argv_split(void **state)
{
	char **v;
	char err[128];
	assert_int_equal(dcfg_argv_split("  /bin/echo 'a b' \"c\\\"d\" e\\ f \"\"", &v, err, sizeof(err)), 0);
	assert_string_equal(v[0], "/bin/echo");
	assert_string_equal(v[1], "a b");
	assert_string_equal(v[2], "c\"d");
	assert_string_equal(v[3], "e f");
	assert_string_equal(v[4], "");
	assert_null(v[5]);
	struct strbuf sb;
	strbuf_init(&sb);
	dcfg_argv_format(v, &sb);
	char **w;
	assert_int_equal(dcfg_argv_split(sb.buf, &w, err, sizeof(err)), 0);
	for (int i = 0; i < 5; i++)
		assert_string_equal(v[i], w[i]);
	assert_null(w[5]);
	dcfg_argv_free(v);
	dcfg_argv_free(w);
	strbuf_free(&sb);
	assert_int_equal(dcfg_argv_split("a 'b", &v, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "unterminated quote");
	assert_int_equal(dcfg_argv_split("   ", &v, err, sizeof(err)), -EINVAL);
}

static void test_rules(void **state)
{
	struct victim_rule r;
	char err[256];

	assert_int_equal(victim_rule_parse("prefer name=^chrome$", &r, err, sizeof(err)), 0);
	assert_int_equal(r.action, RULE_PREFER);
	assert_int_equal(r.field, RULE_NAME);
	assert_int_equal(r.score_delta, 300);
	assert_int_equal(regexec(&r.re, "chrome", 0, NULL, 0), 0);
	assert_int_not_equal(regexec(&r.re, "chromed", 0, NULL, 0), 0);
	victim_rule_free(&r);

	assert_int_equal(victim_rule_parse("avoid cgroup='^/system.slice/db' delta=800 scope=cgroup", &r, err, sizeof(err)), 0);
	assert_int_equal(r.score_delta, -800);
	assert_int_equal(r.scope, KILL_CGROUP);
	victim_rule_free(&r);

	assert_int_equal(victim_rule_parse("action unit=x\\.service run=/bin/systemctl restart x.service", &r, err, sizeof(err)), 0);
	assert_string_equal(r.action_argv[0], "/bin/systemctl");
	assert_string_equal(r.action_argv[2], "x.service");
	assert_null(r.action_argv[3]);
	struct strbuf sb;
	strbuf_init(&sb);
	victim_rule_format(&r, &sb);
	assert_string_equal(sb.buf, "action unit=x\\.service scope=process run=/bin/systemctl restart x.service");
	struct victim_rule r2;
	assert_int_equal(victim_rule_parse(sb.buf, &r2, err, sizeof(err)), 0);
	assert_string_equal(r2.pattern, r.pattern);
	victim_rule_free(&r2);
	strbuf_free(&sb);
	victim_rule_free(&r);

	assert_int_equal(victim_rule_parse("kill name=x", &r, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "'kill' is not prefer"));
	assert_int_equal(victim_rule_parse("prefer colour=x", &r, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "'colour' is not a field"));
	assert_int_equal(victim_rule_parse("prefer name=(", &r, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "bad regular expression"));
	assert_int_equal(victim_rule_parse("action name=x", &r, err, sizeof(err)), -EINVAL);
	assert_int_equal(victim_rule_parse("ignore name=x delta=3", &r, err, sizeof(err)), -EINVAL);
	assert_int_equal(victim_rule_parse("prefer name=x scope=galaxy", &r, err, sizeof(err)), -EINVAL);
}

static void test_text_errors_name_file_line_key(void **state)
{
	struct daemon_config c;
	char err[256];
	static const struct { const char *text, *want; } cases[] = {
		{ "mem = 10\n\nswap = lots\n", "f.conf:3: swap: 'lots' is not PERCENT" },
		{ "# c\nbogus = 1\n", "f.conf:2: bogus: unknown key" },
		{ "mem 10\n", "f.conf:1: mem 10: expected key = value" },
		{ "[rules]\n", "f.conf:1: [rules]: unknown section" },
		{ "rule = prefer name=(\n", "f.conf:1: rule: bad regular expression" },
		{ "notify = perhaps\n", "f.conf:1: notify: 'perhaps' is not yes or no" },
		{ " = 3\n", "f.conf:1: missing key" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		daemon_config_defaults(&c);
		assert_int_equal(daemon_config_parse_text(&c, cases[i].text, strlen(cases[i].text), "f.conf",
							  err, sizeof(err)), -EINVAL);
		if (strncmp(err, cases[i].want, strlen(cases[i].want)) != 0)
			fail_msg("case %zu: got '%s', want '%s...'", i, err, cases[i].want);
		assert_null(strchr(err, '\n'));
		daemon_config_free(&c);
	}
}

static void test_full_file_dropins_and_flags(void **state)
{
	struct daemon_config c;
	char err[256] = "";

	assert_int_equal(load(&c, err, sizeof(err), "--config", FIX "full.conf", "-s", "50,25", "--cooldown", "100",
			      "--dryrun", "-g", "--no-notify", "-P", "/bin/true", NULL), 0);
	assert_true(c.mem_term.percent == 20 && c.mem_kill.percent == 8);
	assert_int_equal(c.mem_term.kib, 2 * 1024 * 1024);
	assert_true(c.swap_term.percent == 50 && c.swap_kill.percent == 25);   /* flag wins over 20-second.conf */
	assert_int_equal(c.cooldown_ms, 100);
	assert_false(c.psi_enabled);
	assert_true(c.psi_full_avg10 == 55.5);
	assert_int_equal(c.grace_min_ms, 100);
	assert_int_equal(c.grace_max_ms, 3000);
	assert_true(c.dry_run);
	assert_false(c.notify);
	assert_int_equal(c.default_scope, KILL_PROCESS_GROUP);
	assert_string_equal(c.event_log, "/tmp/oomguard-test/events.jsonl");
	assert_null(c.snapshot_dir);
	assert_string_equal(c.pre_kill_argv[0], "/bin/true");
	assert_null(c.pre_kill_argv[1]);
	assert_int_equal(c.n_rules, 4);
	assert_int_equal(c.rules[0].action, RULE_PREFER);
	assert_int_equal(c.rules[1].score_delta, -500);
	assert_int_equal(c.rules[1].scope, KILL_PROCESS_GROUP);
	assert_int_equal(regexec(&c.rules[1].re, "/usr/bin/python3 x build#1", 0, NULL, 0), 0);
	assert_int_equal(c.rules[2].action, RULE_ACTION_CMD);
	assert_string_equal(c.rules[2].action_argv[2], "backup.service");
	assert_int_equal(c.rules[3].action, RULE_IGNORE);
	assert_string_equal(c.config_files[0], FIX "full.conf");
	assert_string_equal(c.config_files[1], FIX "full.conf.d/10-first.conf");
	assert_string_equal(c.config_files[2], FIX "full.conf.d/20-second.conf");
	assert_null(c.config_files[3]);

	/* the printed configuration reads back to the same configuration */
	struct strbuf sb;
	struct daemon_config d;
	strbuf_init(&sb);
	daemon_config_format(&c, &sb);
	daemon_config_defaults(&d);
	if (daemon_config_parse_text(&d, sb.buf, sb.len, "printed", err, sizeof(err)) != 0)
		fail_msg("printed config does not parse: %s\n%s", err, sb.buf);
	assert_int_equal(daemon_config_finish(&d, err, sizeof(err)), 0);
	struct strbuf sb2;
	strbuf_init(&sb2);
	d.config_files = c.config_files;
	daemon_config_format(&d, &sb2);
	d.config_files = NULL;
	assert_string_equal(sb.buf, sb2.buf);
	strbuf_free(&sb);
	strbuf_free(&sb2);
	daemon_config_free(&d);
	daemon_config_free(&c);
}

static void test_broken_dropin_is_one_precise_line(void **state)
{
	struct daemon_config c;
	char err[256] = "";
	assert_int_equal(load(&c, err, sizeof(err), "--config", FIX "broken.conf", NULL), -EINVAL);
	assert_string_equal(err, FIX "broken.conf.d/50-bad.conf:2: mem: kill percent 30 is above the term percent 10");
}

static void test_flag_errors(void **state)
{
	struct daemon_config c;
	char err[256];
	assert_int_equal(load(&c, err, sizeof(err), "--config", FIX "broken.conf.d/10-ok.conf", "--bogus", NULL), -EINVAL);
	assert_string_equal(err, "--bogus: unknown option (see oomguard daemon --help)");
	assert_int_equal(load(&c, err, sizeof(err), "--config", FIX "broken.conf.d/10-ok.conf", "-m", NULL), -EINVAL);
	assert_string_equal(err, "-m: needs an argument");
	assert_int_equal(load(&c, err, sizeof(err), "--config", FIX "broken.conf.d/10-ok.conf", "-m", "x", NULL), -EINVAL);
	assert_string_equal(err, "-m/--mem: 'x' is not PERCENT[,KILL_PERCENT] with percents from 0 to 100");
	assert_int_equal(load(&c, err, sizeof(err), "--config", FIX "broken.conf.d/10-ok.conf", "--psi-window", "100", NULL), -EINVAL);
	assert_int_equal(load(&c, err, sizeof(err), "--config", FIX "broken.conf.d/10-ok.conf", "stray", NULL), -EINVAL);
	assert_string_equal(err, "stray: unexpected argument (options only)");
	/* -i and -p are accepted for earlyoom compatibility; --check-config and --help are noted */
	assert_int_equal(load(&c, err, sizeof(err), "--config", FIX "broken.conf.d/10-ok.conf", "-i", "-p",
			      "--check-config", "--prefer", "x", "--avoid", "y", "--ignore-root-user", "-r", "60", "-d", "-n", NULL), 0);
	assert_true(c.check_config && c.ignore_root_user && c.debug && c.notify);
	assert_int_equal(c.report_interval_s, 60);
	assert_int_equal(c.n_rules, 2);
	daemon_config_free(&c);
	assert_int_equal(load(&c, err, sizeof(err), "-h", NULL), 0);
	assert_true(c.show_help);
	daemon_config_free(&c);
}

/* Every commented-out `#key = value` line of the installed sample must be valid when uncommented. */
static void test_sample_config_is_true_to_the_code(void **state)
{
	FILE *f = fopen(FIXTURES_DIR "/../../dist/oomguard.conf", "r");
	char line[1024], err[256];
	unsigned n = 0;
	struct daemon_config c;

	assert_non_null(f);
	daemon_config_defaults(&c);
	while (fgets(line, sizeof(line), f)) {
		if (line[0] != '#' || !strchr(line, '=') || line[1] == ' ' || line[1] == '#')
			continue;
		if (daemon_config_parse_text(&c, line + 1, strlen(line + 1), "oomguard.conf", err, sizeof(err)) != 0)
			fail_msg("sample line '%s': %s", line + 1, err);
		n++;
	}
	fclose(f);
	assert_true(n >= 30);
	assert_int_equal(daemon_config_finish(&c, err, sizeof(err)), 0);
	daemon_config_free(&c);
}

/* The option table: every printed row has a place of its own, the printed configuration reads
 * back to itself, and every DOPT_UINT row takes its range's ends and refuses one past them. */
static void test_option_table(void **state)
{
	struct daemon_config cfg, back;
	struct strbuf a, b;
	char err[256];
	unsigned seen[64] = { 0 };

	for (unsigned i = 0; i < daemon_n_options; i++) {
		const struct daemon_option *o = &daemon_options[i];
		assert_ptr_equal(daemon_option_find(o->key), o);
		assert_non_null(o->help);
		assert_true(o->print_pos < 64);
		if (o->print_pos)
			assert_int_equal(seen[o->print_pos]++, 0);
		if (o->type != DOPT_UINT)
			continue;
		char v[32], lo[16], hi[16];
		/* the range the error text names is the row's range */
		snprintf(lo, sizeof(lo), "%u ", o->min);
		snprintf(hi, sizeof(hi), " %u", o->max);
		assert_non_null(strstr(o->expect, lo));
		assert_non_null(strstr(o->expect, hi));
		daemon_config_defaults(&cfg);
		snprintf(v, sizeof(v), "%u", o->min);
		assert_int_equal(daemon_config_set(&cfg, o->key, v, err, sizeof(err)), 0);
		snprintf(v, sizeof(v), "%u", o->max);
		assert_int_equal(daemon_config_set(&cfg, o->key, v, err, sizeof(err)), 0);
		snprintf(v, sizeof(v), "%llu", (unsigned long long)o->max + 1);
		assert_int_equal(daemon_config_set(&cfg, o->key, v, err, sizeof(err)), -EINVAL);
		assert_non_null(strstr(err, o->expect));
		if (o->min > 0) {
			snprintf(v, sizeof(v), "%u", o->min - 1);
			assert_int_equal(daemon_config_set(&cfg, o->key, v, err, sizeof(err)), -EINVAL);
		}
		daemon_config_free(&cfg);
	}
	assert_null(daemon_option_find("nosuch"));
	assert_int_equal(daemon_config_set(&cfg, "config", "/x", err, sizeof(err)), -ENOENT);

	/* the effective configuration, read back as a config file, prints the same */
	static const char text[] = "mem = 20,5\nswap-size = 1G\nrule = prefer name=^java$ delta=50\n"
		"post-kill-hook = /bin/echo \"a b\"\nlog = stderr\ngrace = 100,900\nrate-horizon = 700\n"
		"cgroup = /a/b\nkill-scope = group\nevent-log = none\npsi-full-avg10 = 12.5\nnotify = yes\n";
	daemon_config_defaults(&cfg);
	assert_int_equal(daemon_config_parse_text(&cfg, text, sizeof(text) - 1, "t.conf", err, sizeof(err)), 0);
	assert_int_equal(daemon_config_finish(&cfg, err, sizeof(err)), 0);
	strbuf_init(&a);
	daemon_config_format(&cfg, &a);
	daemon_config_defaults(&back);
	assert_int_equal(daemon_config_parse_text(&back, a.buf, a.len, "back.conf", err, sizeof(err)), 0);
	assert_int_equal(daemon_config_finish(&back, err, sizeof(err)), 0);
	strbuf_init(&b);
	daemon_config_format(&back, &b);
	assert_string_equal(a.buf, b.buf);
	assert_non_null(strstr(a.buf, "\nswap-size = 1048576,524288\n"));
	assert_non_null(strstr(a.buf, "\npost-kill-hook = /bin/echo 'a b'\n"));
	assert_non_null(strstr(a.buf, "\nlog = stderr\n"));
	strbuf_free(&a);
	strbuf_free(&b);
	daemon_config_free(&cfg);
	daemon_config_free(&back);
}

/* A rule whose regex glibc would compile in exponential memory (the fuzzer's find: stacked '+'
 * after unit=^backu) is refused where it is read, naming the file, line and key, or the flag. */
static void test_rule_regex_blowup_refused(void **state)
{
	struct daemon_config c;
	struct victim_rule r;
	char err[512];
	static const char text[] = "rule = prefer name=^java$\n"
		"rule = action unit=^backu\xfd\xfd++++++++++++p\\.service$ run=/bin/systemctl restart backup.service\n";

	daemon_config_defaults(&c);
	assert_int_equal(daemon_config_parse_text(&c, text, sizeof(text) - 1, "f.conf", err, sizeof(err)), -EINVAL);
	if (strncmp(err, "f.conf:2: rule: bad regular expression '^backu", 46) != 0 ||
	    !strstr(err, "': stacked repetition operators \"++\""))
		fail_msg("got '%s'", err);
	assert_null(strchr(err, '\n'));
	daemon_config_free(&c);

	assert_int_equal(load(&c, err, sizeof(err), "--config", FIX "broken.conf.d/10-ok.conf",
			      "--rule", "avoid cgroup=(x{100}){20}", NULL), -EINVAL);
	assert_non_null(strstr(err, "--rule: bad regular expression '(x{100}){20}': over 1024 positions"));
	assert_int_equal(load(&c, err, sizeof(err), "--config", FIX "broken.conf.d/10-ok.conf",
			      "--prefer", "^(.*)-\\1$", NULL), -EINVAL);
	assert_non_null(strstr(err, "back-reference"));

	/* a long pattern is cut in the message, so the problem is still on the line */
	char rule[300];
	snprintf(rule, sizeof(rule), "prefer cmdline=%0200d.*+", 0);
	assert_int_equal(victim_rule_parse(rule, &r, err, 256), -EINVAL);
	assert_non_null(strstr(err, "...': stacked repetition operators \"*+\""));

	/* each rule is bounded, and so are all together: a file cannot pile them up */
	static const char many[] = "rule = prefer name=x{1000}\nrule = avoid user=y{1000}\nrule = ignore unit=z{1000}\n"
		"rule = prefer cgroup=w{1000}\nrule = prefer cmdline=v{1000}\n";
	daemon_config_defaults(&c);
	assert_int_equal(daemon_config_parse_text(&c, many, sizeof(many) - 1, "f.conf", err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "f.conf:5: rule: the rules' regexes have over 4096 positions together (5000 with "
			    "this one; each rule is matched against every process)");
	daemon_config_free(&c);
	static const char cleared[] = "rule = prefer name=x{1000}\nrule = avoid user=y{1000}\nrule = ignore unit=z{1000}\n"
		"rule = prefer cgroup=w{1000}\nrule =\nrule = prefer cmdline=v{1000}\n";
	daemon_config_defaults(&c);
	assert_int_equal(daemon_config_parse_text(&c, cleared, sizeof(cleared) - 1, "f.conf", err, sizeof(err)), 0);
	assert_int_equal(c.n_rules, 1);
	daemon_config_free(&c);

	/* ordinary rules still compile and match */
	assert_int_equal(victim_rule_parse("action unit=^backup\\.service$ run=/bin/true", &r, err, sizeof(err)), 0);
	assert_int_equal(regexec(&r.re, "backup.service", 0, NULL, 0), 0);
	assert_int_equal(regexec(&r.re, "backupXservice", 0, NULL, 0), REG_NOMATCH);
	victim_rule_free(&r);
	assert_int_equal(victim_rule_parse("avoid cmdline='java .*-Xmx[0-9]+[gG]( |$)' delta=100", &r, err, sizeof(err)), 0);
	assert_int_equal(regexec(&r.re, "java -server -Xmx8g app.jar", 0, NULL, 0), 0);
	victim_rule_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_size_alone_replaces_default_percent),
		cmocka_unit_test(test_argv_split),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_text_errors_name_file_line_key),
		cmocka_unit_test(test_rule_regex_blowup_refused),
		cmocka_unit_test(test_full_file_dropins_and_flags),
		cmocka_unit_test(test_broken_dropin_is_one_precise_line),
		cmocka_unit_test(test_flag_errors),
		cmocka_unit_test(test_sample_config_is_true_to_the_code),
		cmocka_unit_test(test_option_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
