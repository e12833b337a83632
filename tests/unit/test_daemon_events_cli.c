/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `oomguard events` and `oomguard explain` on the daemon's actions, run as the binary on a tree
 * made here: the event log and a kill snapshot written by the daemon's own writer (os/daemon_log)
 * below ROOT/var/lib/oomguard, a kernel OOM report in ROOT/var/log/kern.log 1.5 s after the
 * daemon's kill, and `--root ROOT` so the default locations are used. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/policy/daemon_event.h"
#include "lib/policy/daemon_event_read.h"
#include "lib/util/json_read.h"
#include "lib/util/strbuf.h"
#include "os/daemon/daemon_log.h"
#include "daemon_test_log.h"
#include "event_builder.h"

static char tmpdir[64], root[128], bin[512];
static char og_kill[DAEMON_EVENT_ID_LEN + 1], og_action[DAEMON_EVENT_ID_LEN + 1];
static const char hostile_comm[] = "evil\"\nname\x1b[31m\xff";

/* The kernel's kill in the fixture: 2026-11-02T15:08:46+01:00. */
#define KERNEL_KILL_S 1793628526

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void copy_file(const char *from, const char *to)
{
	char cmd[2100];
	snprintf(cmd, sizeof(cmd), "cp '%.1000s' '%.1000s'", from, to);
	assert_int_equal(system(cmd), 0);
}

static void kill_event(struct daemon_event *ev)
{
	event_builder_kill(ev, hostile_comm);
	ev->time.tv_sec = KERNEL_KILL_S - 2;
	ev->time.tv_nsec = 500000000;   /* 1.5 s before the kernel's kill */
	strcpy(ev->trigger.reason, "mem");
	ev->trigger.mem_term_kib = 2516582;
	ev->trigger.mem_kill_kib = 1258291;
	ev->trigger.psi_full_avg10 = 8;
	strcpy(ev->victim.cgroup, "/user.slice/user-1000.slice/session-1.scope");
	strcpy(ev->victim.cmdline, "evil --flag");
	ev->victim.rss_points = 5242880;
	ev->victim.points = 5242880;
	ev->victim.score = 5243180;
	ev->victim.rule_delta = 300;
}

static int setup(void **state)
{
	char path[512];
	struct daemon_log *log;
	struct daemon_event ev;

	const char *b = getenv("OOMGUARD_BIN");
	if (!b)
		return -1;
	snprintf(bin, sizeof(bin), "%s", b);
	strcpy(tmpdir, "/tmp/oomguard-evcli-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(root, sizeof(root), "%s/root", tmpdir);
	snprintf(path, sizeof(path), "mkdir -p '%s/var/log' '%s/var/lib/oomguard'", root, root);
	if (system(path) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/var/log/kern.log", root);
	copy_file(FIXTURES_DIR "/logs/syslog-iso.log", path);

	int saved = dup(2), devnull = open("/dev/null", O_WRONLY);
	dup2(devnull, 2);   /* the stderr target's lines are not this test's output */
	close(devnull);
	snprintf(path, sizeof(path), "%s/var/lib/oomguard", root);
	int r = daemon_test_log_open(&log, path);
	if (r == 0) {
		event_builder_blank(&ev, EVENT_START);
		ev.time.tv_sec = KERNEL_KILL_S - 100;
		daemon_log_event(log, &ev);

		kill_event(&ev);
		struct event_proc top[2] = { ev.victim, ev.victim };
		top[1].pid = 77;
		strcpy(top[1].comm, "second");
		struct kill_snapshot ks = {
			.meminfo = "MemTotal: 25165824 kB\nMemFree: 300000 kB\nMemAvailable: 819200 kB\nAnonPages: 23000000 kB\n",
			.psi = "some avg10=12.50 avg60=3.00 avg300=1.00 total=12345\nfull avg10=8.00 avg60=2.00 avg300=0.50 total=6789\n",
			.top = top, .n_top = 2,
		};
		r = daemon_log_snapshot(log, &ev, &ks);
		daemon_log_event(log, &ev);
		daemon_event_id(&ev, og_kill);

		kill_event(&ev);
		ev.kind = EVENT_ACTION;
		ev.time.tv_sec = KERNEL_KILL_S + 30;
		ev.signal = 0;
		ev.dry_run = true;
		ev.outcome = OUTCOME_DRY_RUN;
		ev.victim.pid = 5151;
		strcpy(ev.victim.comm, "batch");
		daemon_log_event(log, &ev);
		daemon_event_id(&ev, og_action);
		daemon_log_close(log);
	}
	dup2(saved, 2);
	close(saved);
	return r;
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Runs `oomguard --root ROOT --color never ARGS`; stdout into out, stderr into err; exit code. */
static int run(struct strbuf *out, struct strbuf *err, const char *args)
{
	char cmd[2048], errfile[200], buf[4096];
	size_t n;

	snprintf(errfile, sizeof(errfile), "%s/stderr", tmpdir);
	snprintf(cmd, sizeof(cmd), "COLUMNS=200 TZ=UTC '%s' --root '%s' --color never %s 2>'%s'", bin, root, args, errfile);
	strbuf_reset(out);
	strbuf_reset(err);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		strbuf_add(out, buf, n);
	int status = pclose(p);
	FILE *e = fopen(errfile, "r");
	assert_non_null(e);
	while ((n = fread(buf, 1, sizeof(buf), e)) > 0)
		strbuf_add(err, buf, n);
	fclose(e);
	if (!out->buf)
		strbuf_add(out, "", 0);
	if (!err->buf)
		strbuf_add(err, "", 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static bool valid_json(const char *text, size_t len)
{
	struct json_reader r;
	json_read_init(&r, text, len);
	return json_read_skip(&r) && json_read_end(&r);
}

/* NEEDLE occurs in the line that starts at LINE (strstr alone would also accept a later line,
 * and a missing needle's NULL compares below every pointer). */
static void assert_in_line(const char *line, const char *needle)
{
	const char *end = strchr(line, '\n');
	const char *at = strstr(line, needle);
	assert_non_null(at);
	assert_non_null(end);
	assert_true(at < end);
}

/* The kernel event's id, from `events --json`. */
static void kernel_id(const char *json_lines, char *id, size_t cap)
{
	const char *p = strstr(json_lines, "\"origin\":\"file\"");
	assert_non_null(p);
	while (p > json_lines && p[-1] != '\n')
		p--;
	assert_true(strncmp(p, "{\"id\":\"", 7) == 0);
	snprintf(id, cap, "%.12s", p + 7);
}

static void test_events_lists_daemon_beside_kernel(void **state)
{
	struct strbuf out, err;
	char kid[16];

	strbuf_init(&out);
	strbuf_init(&err);
	assert_int_equal(run(&out, &err, "events --json"), 0);
	/* three objects, each valid JSON, oldest first: daemon kill, kernel kill, daemon dry run */
	const char *lines[4] = { out.buf };
	int n = 0;
	for (const char *p = out.buf; *p && n < 4; p = strchr(p, '\n') + 1) {
		const char *nl = strchr(p, '\n');
		assert_non_null(nl);
		assert_true(valid_json(p, (size_t)(nl - p)));
		lines[n++] = p;
	}
	assert_int_equal(n, 3);
	assert_true(strncmp(lines[0], "{\"id\":\"og", 9) == 0);
	assert_non_null(strstr(lines[0], og_kill));
	assert_in_line(lines[0], "\"action\":\"SIGTERM\"");
	assert_in_line(lines[0], "\"comm\":\"evil\\\"\\nname\\u001b[31m\\u00ff\"");
	assert_in_line(lines[0], "\"daemon\":{\"time\":");
	assert_non_null(strstr(lines[1], "\"origin\":\"file\""));
	assert_non_null(strstr(lines[2], og_action));
	assert_non_null(strstr(lines[2], "\"kind\":\"daemon-action\""));
	assert_non_null(strstr(lines[2], "\"dry_run\":true"));
	kernel_id(out.buf, kid, sizeof(kid));

	/* the table: marked, escaped, no control byte reaches the terminal */
	assert_int_equal(run(&out, &err, "events"), 0);
	assert_non_null(strstr(out.buf, "oomguard daemon: SIGTERM, exited, recovered 19.0G"));
	assert_non_null(strstr(out.buf, "evil\"\\nname\\x1b[31m\\xff[4242]"));
	assert_non_null(strstr(out.buf, "oomguard daemon: action [dry-run]"));
	for (const char *p = out.buf; *p; p++)
		assert_true(*p == '\n' || (unsigned char)*p >= 0x20);
	const char *at_og = strstr(out.buf, og_kill), *at_kernel = strstr(out.buf, kid);
	assert_non_null(at_og);
	assert_non_null(at_kernel);
	assert_true(at_og < at_kernel);

	/* --since after the kill hides it; --stats counts the daemon's actions */
	assert_int_equal(run(&out, &err, "events --json --since @1793628527"), 0);
	assert_null(strstr(out.buf, og_kill));
	assert_non_null(strstr(out.buf, og_action));
	assert_int_equal(run(&out, &err, "events --stats --json"), 0);
	assert_non_null(strstr(out.buf, "\"daemon_actions\":2,\"daemon_kills\":1"));
	strbuf_free(&out);
	strbuf_free(&err);
}

static void test_explain_daemon_kill(void **state)
{
	struct strbuf out, err;
	char args[256], kid[16];

	strbuf_init(&out);
	strbuf_init(&err);
	assert_int_equal(run(&out, &err, "events --json"), 0);
	kernel_id(out.buf, kid, sizeof(kid));

	snprintf(args, sizeof(args), "explain %.8s", og_kill);   /* a prefix is enough */
	assert_int_equal(run(&out, &err, args), 0);
	static const char *const want[] = {
		"oomguard daemon kill ", "The oomguard daemon sent SIGTERM to evil\"\\nname\\x1b[31m\\xff (pid 4242).",
		"Why it acted", "MemAvailable  800.0 MiB of 24.0 GiB (3.3%); SIGTERM below 2.4 GiB, SIGKILL below 1.2 GiB",
		"badness:       rss 5242880 + swap 0 + page tables 0 + adj 0 = 5242880 points",
		"of which +300 from prefer/avoid rules", "Memory at the time (RAM 24.0 GiB)", "Largest consumers",
		"second", "exited 130 ms after the signal; MemAvailable rose by 19.0 GiB",
		"The kernel's view", "1.5 s after: memcg-oom, a b) (c (pid 20644)",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!strstr(out.buf, want[i]))
			fail_msg("explain lacks \"%s\":\n%s", want[i], out.buf);
	assert_non_null(strstr(out.buf, kid));
	assert_string_equal(err.buf, "");

	snprintf(args, sizeof(args), "explain --json %s", og_kill);
	assert_int_equal(run(&out, &err, args), 0);
	assert_true(valid_json(out.buf, out.len));
	assert_non_null(strstr(out.buf, "\"snapshot\":{\"schema\":\"oomguard-kill-snapshot/1\""));
	assert_non_null(strstr(out.buf, "\"meminfo_kb\":{\"MemTotal\":25165824,"));
	char near[64];
	snprintf(near, sizeof(near), "\"kernel_events_nearby\":[{\"id\":\"%s\"", kid);
	assert_non_null(strstr(out.buf, near));

	/* the kernel's kill points back to the daemon's */
	snprintf(args, sizeof(args), "explain %s", kid);
	assert_int_equal(run(&out, &err, args), 0);
	assert_non_null(strstr(out.buf, "The oomguard daemon near this time"));
	assert_non_null(strstr(out.buf, og_kill));
	assert_non_null(strstr(out.buf, "1.5 s before: SIGTERM"));

	/* the last event is the daemon's dry run */
	assert_int_equal(run(&out, &err, "explain"), 0);
	assert_non_null(strstr(out.buf, "oomguard daemon action "));
	assert_non_null(strstr(out.buf, "Dry run:"));
	assert_non_null(strstr(out.buf, "No snapshot was recorded"));

	/* an id that is not there */
	assert_int_equal(run(&out, &err, "explain og0000000000"), 1);
	assert_non_null(strstr(err.buf, "og0000000000: no oomguard daemon action with this id"));
	strbuf_free(&out);
	strbuf_free(&err);
}

static void test_missing_and_malformed_logs(void **state)
{
	struct strbuf out, err;
	char args[512], path[512];

	strbuf_init(&out);
	strbuf_init(&err);
	/* named and missing: an error naming it */
	snprintf(args, sizeof(args), "events --event-log %s/none.jsonl", tmpdir);
	assert_int_equal(run(&out, &err, args), 1);
	assert_non_null(strstr(err.buf, "none.jsonl: No such file or directory"));
	assert_string_equal(out.buf, "");

	/* the default and missing: normal, nothing said */
	snprintf(path, sizeof(path), "%s/var/lib/oomguard/events.jsonl", root);
	snprintf(args, sizeof(args), "%s/moved.jsonl", tmpdir);
	assert_int_equal(rename(path, args), 0);
	assert_int_equal(run(&out, &err, "events"), 0);
	assert_null(strstr(err.buf, "event log"));
	assert_null(strstr(err.buf, "events.jsonl"));
	assert_null(strstr(out.buf, "oomguard daemon"));
	assert_non_null(strstr(out.buf, "a b) (c[20644]"));

	/* a malformed line is named with its line number; the rest is listed, the exit code says so */
	copy_file(args, path);
	FILE *f = fopen(path, "a");
	fputs("{\"time_us\":1793632200000000,\"event\":\"kill\",\"victim\":{\"pid\":\"x\"}}\n", f);
	fclose(f);
	assert_int_equal(run(&out, &err, "events"), 1);
	assert_non_null(strstr(err.buf, "events.jsonl:4: victim.pid: expected a number"));
	assert_non_null(strstr(out.buf, og_kill));
	assert_non_null(strstr(out.buf, og_action));
	write_file(path, "");
	strbuf_free(&out);
	strbuf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events_lists_daemon_beside_kernel),
		cmocka_unit_test(test_explain_daemon_kill),
		cmocka_unit_test(test_missing_and_malformed_logs),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
