/* SPDX-License-Identifier: GPL-2.0-or-later */
/* End-to-end tests of multi-line kernel records and task tables in wrapped logs: fixture reports
 * from tests/fixtures/oom-reports rewritten as raw dmesg, `dmesg -t`, syslog (with and without
 * the kernel stamp) and journalctl short, then read through the log sources into events whose
 * Mem-Info counters, memcg stats and task rows must all be there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/oomreport/oom_event.h"
#include "os/logs/oom_sources.h"
#include "kept_events.h"

enum wrap { WRAP_DMESG, WRAP_BARE, WRAP_SYSLOG_STAMPED, WRAP_SYSLOG, WRAP_JOURNAL_SHORT, WRAP_N };
static const char *const wrap_names[] = { "dmesg", "dmesg -t", "syslog + kernel stamp", "syslog",
					  "journalctl short" };

/* Writes fixture `name` in wrapper w to a temporary file; returns its path (static).  A line
 * "[ts] msg" is a kernel line with a stamp; a line led by blanks is the continuation of a
 * multi-line record and is written as it is (that is how dmesg and journalctl print those); any
 * other line is a kernel line without a stamp (the fixture is `dmesg -t` text). */
static const char *wrap_fixture(const char *name, enum wrap w)
{
	static char out[64];
	char path[512], line[8192];
	unsigned n = 0;

	snprintf(path, sizeof(path), "%s/oom-reports/%s", FIXTURES_DIR, name);
	FILE *in = fopen(path, "r");
	assert_non_null(in);
	snprintf(out, sizeof(out), "/tmp/oomguard-wrap-XXXXXX");
	int fd = mkstemp(out);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	if (w == WRAP_SYSLOG || w == WRAP_SYSLOG_STAMPED)
		fprintf(f, "Nov  2 14:08:45 web1 sshd[812]: Accepted publickey for deploy\n");
	while (fgets(line, sizeof(line), in)) {
		line[strcspn(line, "\n")] = '\0';
		char stamp[64] = "", *msg = line;
		char *close = line[0] == '[' ? strchr(line, ']') : NULL;
		if (close && close[1] == ' ' && memchr(line, '.', (size_t)(close - line))) {
			snprintf(stamp, sizeof(stamp), "%.*s", (int)(close - line + 1), line);
			msg = close + 2;
		} else if (line[0] != ' ' && line[0] != '\t') {
			snprintf(stamp, sizeof(stamp), "[%5u.%06u]", 100 + n / 1000, n % 1000);
		} else {
			fprintf(f, "%s\n", line);      /* a continuation line */
			continue;
		}
		n++;
		switch (w) {
		case WRAP_DMESG: fprintf(f, "%s %s\n", stamp, msg); break;
		case WRAP_BARE: fprintf(f, "%s\n", msg); break;
		case WRAP_SYSLOG_STAMPED: fprintf(f, "Nov  2 14:08:46 web1 kernel: %s %s\n", stamp, msg); break;
		case WRAP_SYSLOG: fprintf(f, "Nov  2 14:08:46 web1 kernel: %s\n", msg); break;
		case WRAP_JOURNAL_SHORT: fprintf(f, "Nov 02 14:08:46 web1 kernel: %s\n", msg); break;
		case WRAP_N: break;
		}
	}
	if (w == WRAP_SYSLOG || w == WRAP_SYSLOG_STAMPED)
		fprintf(f, "Nov  2 14:08:47 web1 CRON[99]: (root) CMD (true)\n");
	fclose(in);
	assert_int_equal(fclose(f), 0);
	return out;
}

/* The one event of fixture `name` in wrapper w. */
static struct oom_event *read_wrapped(const char *name, enum wrap w)
{
	struct kept_events g = { 0 };
	const char *file = wrap_fixture(name, w);
	struct oom_source_opts o = { .files = &file, .n_files = 1, .since_us = LOG_TIME_UNKNOWN,
				     .until_us = LOG_TIME_UNKNOWN };
	print_message("%s as %s\n", name, wrap_names[w]);
	int rc = oom_sources_collect(&o, keep_event, &g, NULL);
	unlink(file);
	assert_int_equal(rc, 0);
	assert_int_equal(g.n, 1);
	return g.ev[0];
}

static int64_t stat_of(const struct oom_event *ev, const char *key)
{
	for (size_t i = 0; i < ev->memcg.n_stats; i++)
		if (strcmp(ev->memcg.stats[i].key, key) == 0)
			return ev->memcg.stats[i].value;
	return OOM_UNSET;
}

/* The Mem-Info counters printed on the continuation lines of one record (all kernels before 5.x
 * print " active_file:... " that way) reach the event in every wrapper. */
static void test_meminfo_continuations(void **state)
{
	static const struct {
		const char *name;
		int64_t victim, active_file, shmem, slab_reclaimable, free;
	} cases[] = {
		{ "v3.10-rhel7-global.txt", 30912, 1025, 8812, 12034, 33781 },
		{ "v5.4-global-single-process.txt", 19001, 412, 2140, 14021, 33780 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (enum wrap w = 0; w < WRAP_N; w++) {
			struct oom_event *ev = read_wrapped(cases[i].name, w);
			assert_true(ev->has_victim);
			assert_int_equal(ev->victim.pid, cases[i].victim);
			assert_int_equal(ev->mem.active_file, cases[i].active_file);
			assert_int_equal(ev->mem.shmem, cases[i].shmem);
			assert_int_equal(ev->mem.slab_reclaimable, cases[i].slab_reclaimable);
			assert_int_equal(ev->mem.free, cases[i].free);
			assert_false(ev->incomplete);
			oom_event_free(ev);
		}
	}
}

/* The memcg v2 memory.stat dump is one record of many lines. */
static void test_memcg_stat_dump(void **state)
{
	for (enum wrap w = 0; w < WRAP_N; w++) {
		struct oom_event *ev = read_wrapped("v5.10-memcg-v2.txt", w);
		assert_int_equal(ev->victim.pid, 3311);
		assert_int_equal(ev->memcg.n_stats, 22);
		assert_int_equal(stat_of(ev, "anon"), 1069350912);
		assert_int_equal(stat_of(ev, "file"), 2428928);
		assert_int_equal(stat_of(ev, "slab_unreclaimable"), 512000);
		assert_int_equal(stat_of(ev, "oom_kill"), 0);
		assert_int_equal(ev->tasks.n_rows, 2);
		oom_event_free(ev);
	}
}

/* A report pasted without stamps keeps its task table and its kill line. */
static void test_unstamped_task_table(void **state)
{
	for (enum wrap w = 0; w < WRAP_N; w++) {
		struct oom_event *ev = read_wrapped("v3.10-rhel7-memcg-v1.txt", w);
		assert_int_equal(ev->victim.pid, 9930);
		assert_int_equal(ev->tasks.n_rows, 2);
		assert_int_equal(ev->tasks.top[0].pid, 9930);
		assert_int_equal(ev->tasks.top[0].rss, 261005);
		oom_event_free(ev);
	}
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meminfo_continuations),
		cmocka_unit_test(test_memcg_stat_dump),
		cmocka_unit_test(test_unstamped_task_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
