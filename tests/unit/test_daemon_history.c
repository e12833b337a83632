/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for reading the daemon's records back: the strict JSON pull reader, the event-line
 * and snapshot parser (valid, truncated at every byte, malformed, hostile names), and the
 * end-to-end path: records written by the daemon's own writer (os/daemon_log, lib/policy/
 * daemon_event) read back through os/daemon_history field for field, snapshots found where the
 * log says and beside a copied log. */
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
#include <unistd.h>

#include "lib/policy/daemon_event.h"
#include "lib/policy/daemon_event_read.h"
#include "lib/util/json_read.h"
#include "lib/util/strbuf.h"
#include "os/logs/daemon_history.h"
#include "os/daemon/daemon_log.h"
#include "daemon_test_log.h"
#include "event_builder.h"

/* Names a hostile process could have: quotes, backslashes, newlines, escape sequences, invalid
 * UTF-8, valid multi-byte UTF-8, a fake JSON tail. */
static const char *const hostile[] = {
	"a b) (c",
	"q\"uote\\back",
	"new\nline\r\ttab",
	"\x1b[31mred\x1b[0m\x7f",
	"bad\xff\xfe utf8 \xc3",
	"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	"\",\"pid\":1}",
	"\\u0041 not an escape",
};

static void sample_event(struct daemon_event *ev, const char *comm)
{
	event_builder_kill(ev, comm);
	ev->time.tv_nsec = 123456000;
	snprintf(ev->trigger.cgroup, sizeof(ev->trigger.cgroup), "/guarded/%s", comm);
	ev->trigger.mem_available_pct = 3.25;
	ev->trigger.mem_term_kib = 2516582;
	ev->trigger.fill_rate_kib_s = 51200.5;
	ev->trigger.time_to_exhaustion_s = 1.75;
	snprintf(ev->victim.cgroup, sizeof(ev->victim.cgroup), "/user.slice/%s.scope", comm);
	snprintf(ev->victim.cmdline, sizeof(ev->victim.cmdline), "%s --flag \"x\"", comm);
	strcpy(ev->victim.unit, "session-1.scope");
	ev->victim.oom_score_adj = -17;
	ev->victim.swap_kib = 7;
	ev->victim.pgtables_kib = 40960;
	ev->victim.rss_points = 5242880;
	ev->victim.swap_points = 1;
	ev->victim.pgtables_points = 10240;
	ev->victim.adj_points = -108;
	ev->victim.points = 5253013;
	ev->victim.rule_delta = 300;
	ev->victim.score = 5253313;
	ev->victim.cmdline_truncated = true;
	ev->scope = KILL_PROCESS_GROUP;
	ev->outcome = OUTCOME_ESCALATED;
	ev->wait_ms = 5130;
	strcpy(ev->message, "then SIGKILL");
}

static void assert_double_same(double a, double b)
{
	if (isnan(a) || isnan(b))
		assert_true(isnan(a) && isnan(b));
	else
		assert_true(fabs(a - b) <= 1e-6 * fabs(a));
}

static void assert_proc_equal(const struct event_proc *a, const struct event_proc *b)
{
	assert_int_equal(a->pid, b->pid);
	assert_int_equal(a->uid, b->uid);
	assert_string_equal(a->comm, b->comm);
	assert_string_equal(a->cgroup, b->cgroup);
	assert_string_equal(a->cmdline, b->cmdline);
	assert_string_equal(a->unit, b->unit);
	assert_int_equal(a->oom_score, b->oom_score);
	assert_int_equal(a->oom_score_adj, b->oom_score_adj);
	assert_int_equal(a->rss_kib, b->rss_kib);
	assert_int_equal(a->swap_kib, b->swap_kib);
	assert_int_equal(a->pgtables_kib, b->pgtables_kib);
	assert_int_equal(a->rss_points, b->rss_points);
	assert_int_equal(a->swap_points, b->swap_points);
	assert_int_equal(a->pgtables_points, b->pgtables_points);
	assert_int_equal(a->adj_points, b->adj_points);
	assert_int_equal(a->points, b->points);
	assert_int_equal(a->rule_delta, b->rule_delta);
	assert_int_equal(a->score, b->score);
	assert_int_equal(a->cgroup_truncated, b->cgroup_truncated);
	assert_int_equal(a->cmdline_truncated, b->cmdline_truncated);
}

static void assert_event_equal(const struct daemon_event *a, const struct daemon_event *b)
{
	const struct event_trigger *s = &a->trigger, *t = &b->trigger;
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->time.tv_sec, b->time.tv_sec);
	assert_int_equal(a->time.tv_nsec / 1000, b->time.tv_nsec / 1000);   /* microseconds are kept */
	if (a->kind != EVENT_KILL && a->kind != EVENT_ACTION && a->kind != EVENT_ERROR)
		goto body;   /* no trigger recorded for start, stop, reload */
	assert_string_equal(s->reason, t->reason);
	assert_string_equal(s->cgroup, t->cgroup);
	assert_int_equal(s->mem_total_kib, t->mem_total_kib);
	assert_int_equal(s->mem_available_kib, t->mem_available_kib);
	assert_int_equal(s->swap_total_kib, t->swap_total_kib);
	assert_int_equal(s->swap_free_kib, t->swap_free_kib);
	assert_int_equal(s->mem_term_kib, t->mem_term_kib);
	assert_int_equal(s->mem_kill_kib, t->mem_kill_kib);
	assert_int_equal(s->swap_term_kib, t->swap_term_kib);
	assert_int_equal(s->swap_kill_kib, t->swap_kill_kib);
	assert_double_same(s->mem_available_pct, t->mem_available_pct);
	assert_double_same(s->swap_free_pct, t->swap_free_pct);
	assert_double_same(s->psi_some_avg10, t->psi_some_avg10);
	assert_double_same(s->psi_full_avg10, t->psi_full_avg10);
	assert_double_same(s->fill_rate_kib_s, t->fill_rate_kib_s);
	assert_double_same(s->time_to_exhaustion_s, t->time_to_exhaustion_s);
body:
	assert_int_equal(a->has_victim, b->has_victim);
	if (a->has_victim)
		assert_proc_equal(&a->victim, &b->victim);
	assert_int_equal(a->scope, b->scope);
	assert_int_equal(a->signal, b->signal);
	assert_int_equal(a->outcome, b->outcome);
	assert_int_equal(a->error, b->error);
	assert_int_equal(a->recovered_kib, b->recovered_kib);
	assert_int_equal(a->wait_ms, b->wait_ms);
	assert_int_equal(a->dry_run, b->dry_run);
	assert_string_equal(a->message, b->message);
	assert_string_equal(a->snapshot, b->snapshot);
}

/* ---------- the JSON reader ---------- */

static void test_json_read_values(void **state)
{
	static const char doc[] = " {\"s\" : \"a\\\"b\\\\c\\/\\n\\u00e9\\u00ff\\u20ac\\ud83d\\ude00\", \"n\":[1,-2,3.5e2,0,true,false,null],"
				  "\"o\":{\"deep\":{\"x\":[[]]}}, \"u\":18446744073709551615} ";
	struct json_reader r;
	char key[16], s[64];
	size_t len;
	int64_t i;
	uint64_t u;
	double d;
	bool b;

	json_read_init(&r, doc, strlen(doc));
	assert_true(json_read_object(&r));
	assert_true(json_read_member(&r, key, sizeof(key), NULL));
	assert_string_equal(key, "s");
	assert_true(json_read_string(&r, s, sizeof(s), &len, NULL));
	/* \u00e9 and \u00ff are single bytes (the writer's escape of raw bytes); others are UTF-8 */
	assert_memory_equal(s, "a\"b\\c/\n\xe9\xff\xe2\x82\xac\xf0\x9f\x98\x80", len);
	assert_int_equal(len, 16);
	assert_true(json_read_member(&r, key, sizeof(key), NULL));
	assert_true(json_read_array(&r));
	assert_true(json_read_element(&r) && json_read_i64(&r, &i) && i == 1);
	assert_true(json_read_element(&r) && json_read_i64(&r, &i) && i == -2);
	assert_true(json_read_element(&r) && json_read_double(&r, &d) && d == 350.0);
	assert_true(json_read_element(&r) && json_read_u64(&r, &u) && u == 0);
	assert_true(json_read_element(&r) && json_read_bool(&r, &b) && b);
	assert_true(json_read_element(&r) && json_read_bool(&r, &b) && !b);
	assert_true(json_read_element(&r) && json_read_null(&r));
	assert_false(json_read_element(&r));
	assert_true(json_read_member(&r, key, sizeof(key), NULL));
	assert_true(json_read_skip(&r));
	assert_true(json_read_member(&r, key, sizeof(key), NULL));
	assert_true(json_read_u64(&r, &u) && u == UINT64_MAX);
	assert_false(json_read_member(&r, key, sizeof(key), NULL));
	assert_null(r.err);
	assert_true(json_read_end(&r));

	/* a long string is cut at whole characters and says so */
	bool cut;
	json_read_init(&r, "\"\xe2\x82\xac\xe2\x82\xac\"", 8);
	assert_true(json_read_string(&r, s, 6, &len, &cut));
	assert_true(cut);
	assert_int_equal(len, 3);
}

/* Each malformed text fails with an error, never reads past its end. */
static void test_json_read_rejects(void **state)
{
	static const struct { const char *text; const char *err; } bad[] = {
		{ "{\"a\":1,}", "expected a key" },
		{ "{\"a\" 1}", "expected ':'" },
		{ "{\"a\":01}", "expected ',' or '}'" },     /* leading zero: 0, then junk */
		{ "{\"a\":1.}", "bad number" },
		{ "{\"a\":-}", "expected a number" },
		{ "{\"a\":1e}", "bad number" },
		{ "{\"a\":\"x\ty\"}", "control byte" },
		{ "{\"a\":\"\\x\"}", "bad escape" },
		{ "{\"a\":\"\\u12\"}", "bad \\u escape" },
		{ "{\"a\":\"\\u0000\"}", "\\u0000" },
		{ "{\"a\":\"\\ud800\"}", "surrogate" },
		{ "{\"a\":\"\\udc00\"}", "surrogate" },
		{ "{\"a\":\"\xff\"}", "invalid UTF-8" },
		{ "{\"a\":\"\xc0\xaf\"}", "invalid UTF-8" },        /* overlong */
		{ "{\"a\":\"\xed\xa0\x80\"}", "invalid UTF-8" },    /* encoded surrogate */
		{ "{\"a\":tru}", "expected true or false" },
		{ "{\"a\":nul}", "expected null" },
		{ "{\"a\":1} x", "unexpected text after the end" },
		{ "{\"a\":\"abc", "unterminated string" },
		{ "", "unexpected end of text" },
		{ "[1 2]", "expected ',' or ']'" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct json_reader r;
		char key[8];
		json_read_init(&r, bad[i].text, strlen(bad[i].text));
		if (bad[i].text[0] == '[') {
			json_read_skip(&r);
		} else if (json_read_object(&r)) {
			while (json_read_member(&r, key, sizeof(key), NULL))
				if (!json_read_skip(&r))
					break;
			json_read_end(&r);
		}
		if (!r.err || !strstr(r.err, bad[i].err))
			fail_msg("%s: got %s, want %s", bad[i].text, r.err ? r.err : "no error", bad[i].err);
	}

	/* nesting deeper than the limit is an error, not a stack overflow */
	char deep[200];
	memset(deep, '[', sizeof(deep));
	struct json_reader r;
	json_read_init(&r, deep, sizeof(deep));
	assert_false(json_read_skip(&r));
	assert_string_equal(r.err, "nested too deep");
	/* numbers out of range */
	json_read_init(&r, "18446744073709551616", 20);
	uint64_t u;
	assert_false(json_read_u64(&r, &u));
	json_read_init(&r, "-1", 2);
	assert_false(json_read_u64(&r, &u));
	json_read_init(&r, "1.5", 3);
	int64_t i;
	assert_false(json_read_i64(&r, &i));
}

/* ---------- the event-line parser ---------- */

static void test_parse_round_trip_hostile(void **state)
{
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		struct daemon_event ev, back;
		struct strbuf sb;
		char err[200];

		sample_event(&ev, hostile[i]);
		strbuf_init(&sb);
		daemon_event_json(&ev, &sb);
		assert_ptr_equal(strchr(sb.buf, '\n'), sb.buf + sb.len - 1);   /* one line, whatever the name */
		int r = daemon_event_parse(sb.buf, sb.len, &back, err, sizeof(err));
		if (r != 0)
			fail_msg("name %zu: %s in %s", i, err, sb.buf);
		assert_event_equal(&ev, &back);
		strbuf_free(&sb);
	}
}

static void test_parse_kinds_and_nulls(void **state)
{
	static const char line[] =
		"{\"time\":\"2026-09-21T14:13:20.123Z\",\"time_us\":1790000000123000,\"event\":\"error\",\"dry_run\":true,"
		"\"trigger\":{\"reason\":\"psi\",\"cgroup\":\"\",\"mem_total_kib\":null,\"mem_available_pct\":null,"
		"\"psi_full_avg10\":41.5,\"future_key\":{\"nested\":[1,2,{\"x\":null}]}},"
		"\"outcome\":\"failed\",\"errno\":3,\"error\":\"No such process\",\"message\":\"no victim\","
		"\"added_later\":\"skipped\"}";
	struct daemon_event ev;
	char err[200], id[DAEMON_EVENT_ID_LEN + 1], id2[DAEMON_EVENT_ID_LEN + 1];

	assert_int_equal(daemon_event_parse(line, strlen(line), &ev, err, sizeof(err)), 0);
	assert_int_equal(ev.kind, EVENT_ERROR);
	assert_true(ev.dry_run);
	assert_int_equal(ev.time.tv_sec, 1790000000);
	assert_int_equal(ev.time.tv_nsec, 123000000);
	assert_string_equal(ev.trigger.reason, "psi");
	assert_int_equal(ev.trigger.mem_total_kib, UINT64_MAX);
	assert_int_equal(ev.trigger.mem_available_kib, UINT64_MAX);   /* absent: unknown too */
	assert_true(isnan(ev.trigger.mem_available_pct));
	assert_double_same(ev.trigger.psi_full_avg10, 41.5);
	assert_false(ev.has_victim);
	assert_int_equal(ev.outcome, OUTCOME_FAILED);
	assert_int_equal(ev.error, -ESRCH);
	assert_int_equal(ev.recovered_kib, UINT64_MAX);
	assert_string_equal(ev.message, "no victim");

	/* ids: og + 10 hex, stable, differ by pid */
	daemon_event_id(&ev, id);
	assert_int_equal(strlen(id), DAEMON_EVENT_ID_LEN);
	assert_true(strncmp(id, "og", 2) == 0);
	assert_int_equal(strspn(id + 2, "0123456789abcdef"), DAEMON_EVENT_ID_LEN - 2);
	daemon_event_id(&ev, id2);
	assert_string_equal(id, id2);
	ev.has_victim = true;
	ev.victim.pid = 1;
	daemon_event_id(&ev, id2);
	assert_string_not_equal(id, id2);
}

/* Lines that are JSON but not an event, or an event with wrong types: each names the key. */
static void test_parse_malformed(void **state)
{
	static const struct { const char *line; const char *err; } bad[] = {
		{ "{\"event\":\"kill\"}", "no \"time_us\" key" },
		{ "{\"time_us\":1}", "no \"event\" key" },
		{ "{\"time_us\":1,\"event\":\"explode\"}", "event: unknown value" },
		{ "{\"time_us\":\"1\",\"event\":\"kill\"}", "time_us: expected a number" },
		{ "{\"time_us\":-1,\"event\":\"kill\"}", "time_us: expected an unsigned integer" },
		{ "{\"time_us\":1,\"event\":\"kill\",\"victim\":{\"comm\":\"x\"}}", "victim: no \"pid\"" },
		{ "{\"time_us\":1,\"event\":\"kill\",\"victim\":{\"pid\":1,\"comm\":7}}", "victim.comm: expected a string" },
		{ "{\"time_us\":1,\"event\":\"kill\",\"victim\":{\"pid\":1,\"badness\":{\"rss\":1.5}}}",
		  "victim.badness.rss: expected an integer" },
		{ "{\"time_us\":1,\"event\":\"kill\",\"victim\":{\"pid\":1,\"oom_score_adj\":5000}}",
		  "victim.oom_score_adj: out of range" },
		{ "{\"time_us\":1,\"event\":\"kill\",\"signal\":\"SIGWHAT\"}", "signal: unknown signal" },
		{ "{\"time_us\":1,\"event\":\"kill\",\"trigger\":{\"mem_total_kib\":-5}}",
		  "trigger.mem_total_kib: expected an unsigned integer" },
		{ "{\"time_us\":1,\"event\":\"kill\",\"trigger\":[]}", "trigger: expected an object" },
		{ "[1,2]", "expected an object" },
		{ "{\"time_us\":1,\"event\":\"kill\"}{}", "unexpected text after the end" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct daemon_event ev;
		char err[200] = "";
		int r = daemon_event_parse(bad[i].line, strlen(bad[i].line), &ev, err, sizeof(err));
		if (r != -EBADMSG || !strstr(err, bad[i].err))
			fail_msg("%s: got %d \"%s\", want \"%s\"", bad[i].line, r, err, bad[i].err);
		assert_non_null(strstr(err, "(byte "));
	}
}

/* A line cut at any byte (a torn write, a full disk) is rejected, never misread. */
static void test_parse_truncated_everywhere(void **state)
{
	struct daemon_event ev, back;
	struct strbuf sb;
	char err[200];

	sample_event(&ev, hostile[4]);
	strbuf_init(&sb);
	daemon_event_json(&ev, &sb);
	size_t full = sb.len - 1;   /* without the newline */
	for (size_t n = 0; n < full; n++) {
		char *copy = malloc(n ? n : 1);   /* exact size: ASan catches a read past the end */
		memcpy(copy, sb.buf, n);
		assert_int_equal(daemon_event_parse(copy, n, &back, err, sizeof(err)), -EBADMSG);
		free(copy);
	}
	assert_int_equal(daemon_event_parse(sb.buf, full, &back, err, sizeof(err)), 0);
	strbuf_free(&sb);
}

/* ---------- written by the daemon's own writer, read back through os/daemon_history ---------- */

static char tmpdir[64];

static int setup(void **state)
{
	strcpy(tmpdir, "/tmp/oomguard-history-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char meminfo_text[] = "MemTotal:       25165824 kB\nMemFree:          300000 kB\n"
				   "MemAvailable:     819200 kB\nHugePages_Total:       0\n";
static const char psi_text[] = "some avg10=12.50 avg60=3.00 avg300=1.00 total=12345\n"
			       "full avg10=8.00 avg60=2.00 avg300=0.50 total=6789\n";

static void test_end_to_end(void **state)
{
	char dir[128], path[256], err[256], snap_path[512];
	struct daemon_event written[4], ev;
	struct event_proc top[3];
	uint64_t line;

	snprintf(dir, sizeof(dir), "%s/var", tmpdir);
	/* the log's stderr target writes a line per record: not into this test's output */
	int saved_stderr = dup(2), devnull = open("/dev/null", O_WRONLY);
	dup2(devnull, 2);
	close(devnull);
	struct daemon_log *log = NULL;
	assert_int_equal(daemon_test_log_open(&log, dir), 0);

	event_builder_blank(&written[0], EVENT_START);
	written[0].time.tv_sec = 1789999000;
	assert_int_equal(daemon_log_event(log, &written[0]), 0);

	sample_event(&written[1], hostile[1]);
	for (int i = 0; i < 3; i++) {
		top[i] = written[1].victim;
		top[i].pid = 100 + i;
		snprintf(top[i].comm, sizeof(top[i].comm), "%s", hostile[2 + i]);
	}
	top[0].pid = written[1].victim.pid;
	struct kill_snapshot ks = { .meminfo = meminfo_text, .psi = psi_text, .vmstat = "oom_kill 3\nnr_free_pages 75000\n",
				    .top = top, .n_top = 3 };
	assert_int_equal(daemon_log_snapshot(log, &written[1], &ks), 0);
	assert_int_equal(daemon_log_event(log, &written[1]), 0);

	sample_event(&written[2], hostile[3]);   /* a dry run of a rule's command, no snapshot */
	written[2].kind = EVENT_ACTION;
	written[2].time.tv_sec++;
	written[2].signal = 0;
	written[2].dry_run = true;
	written[2].outcome = OUTCOME_DRY_RUN;
	assert_int_equal(daemon_log_event(log, &written[2]), 0);
	daemon_log_close(log);
	dup2(saved_stderr, 2);
	close(saved_stderr);

	/* a torn last line (a crash mid-write) is named, the rest still reads */
	snprintf(path, sizeof(path), "%s/events.jsonl", dir);
	FILE *f = fopen(path, "a");
	fputs("\n{\"time_us\":1790000999000000,\"event\":\"ki", f);
	fclose(f);

	struct daemon_history *h;
	assert_int_equal(daemon_history_open(path, &h), 0);
	assert_string_equal(daemon_history_path(h), path);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(daemon_history_next(h, &ev, &line, err, sizeof(err)), 1);
		assert_int_equal(line, (uint64_t)i + 1);
		assert_event_equal(&written[i], &ev);
	}
	assert_int_equal(daemon_history_next(h, &ev, &line, err, sizeof(err)), -EBADMSG);
	assert_int_equal(line, 5);   /* line 4 is blank: skipped, still counted */
	assert_non_null(strstr(err, "event: unterminated string"));
	assert_int_equal(daemon_history_next(h, &ev, &line, err, sizeof(err)), 0);
	daemon_history_close(h);

	/* the kill's snapshot, where the event line says */
	struct daemon_snapshot *snap = malloc(sizeof(*snap));
	assert_int_equal(daemon_history_snapshot(path, &written[1], snap, snap_path, sizeof(snap_path), err, sizeof(err)), 0);
	assert_string_equal(snap_path, written[1].snapshot);
	assert_event_equal(&written[1], &snap->ev);
	assert_int_equal(snap->n_top, 3);
	for (int i = 0; i < 3; i++)
		assert_proc_equal(&top[i], &snap->top[i]);
	assert_int_equal(snapshot_meminfo(snap, "MemAvailable"), 819200);
	assert_int_equal(snapshot_meminfo(snap, "HugePages_Total"), 0);
	assert_int_equal(snapshot_meminfo(snap, "SwapTotal"), UINT64_MAX);
	assert_true(snap->has_vmstat);
	assert_int_equal(snap->n_vmstat, 2);
	assert_string_equal(snap->vmstat[0].key, "oom_kill");
	assert_true(snap->psi.present && snap->psi.full.present);
	assert_double_same(snap->psi.some.avg10, 12.5);
	assert_int_equal(snap->psi.full.total_us, 6789);

	/* an action without a snapshot */
	assert_int_equal(daemon_history_snapshot(path, &written[2], snap, snap_path, sizeof(snap_path), err, sizeof(err)),
			 -ENOENT);

	/* the log and its snapshots copied elsewhere: found beside the copy */
	char copy[128], cmd[512];
	snprintf(copy, sizeof(copy), "%s/copy", tmpdir);
	snprintf(cmd, sizeof(cmd), "mv '%s' '%s'", dir, copy);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/events.jsonl", copy);
	assert_int_equal(daemon_history_snapshot(path, &written[1], snap, snap_path, sizeof(snap_path), err, sizeof(err)), 0);
	assert_true(strncmp(snap_path, copy, strlen(copy)) == 0);

	/* a snapshot that belongs to another kill is refused */
	struct daemon_event other = written[1];
	other.time.tv_sec += 60;
	assert_int_equal(daemon_history_snapshot(path, &other, snap, snap_path, sizeof(snap_path), err, sizeof(err)),
			 -EBADMSG);
	assert_non_null(strstr(err, "another kill"));

	/* a snapshot file that is not one */
	f = fopen(snap_path, "w");
	fputs("{\"schema\":\"something-else/2\",\"time_us\":1,\"event\":\"kill\"}\n", f);
	fclose(f);
	assert_int_equal(daemon_history_snapshot(path, &written[1], snap, snap_path, sizeof(snap_path), err, sizeof(err)),
			 -EBADMSG);
	assert_non_null(strstr(err, "not an oomguard-kill-snapshot/1"));
	free(snap);

	/* a missing log */
	snprintf(path, sizeof(path), "%s/none.jsonl", tmpdir);
	assert_int_equal(daemon_history_open(path, &h), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_read_values),
		cmocka_unit_test(test_json_read_rejects),
		cmocka_unit_test(test_parse_round_trip_hostile),
		cmocka_unit_test(test_parse_kinds_and_nulls),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_parse_truncated_everywhere),
		cmocka_unit_test_setup_teardown(test_end_to_end, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
