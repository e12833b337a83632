/* SPDX-License-Identifier: GPL-2.0-or-later */
/* End-to-end tests of the log sources: wrapped log files (every format, gzip, several hosts, a
 * forged line) through the line decoders and the OOM report assembler into events with the right
 * victim, and a machine tree (--root) with /dev/kmsg, syslog rotations and duplicate copies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "config.h"
#if HAVE_ZLIB
#include <zlib.h>
#endif

#include "lib/oomreport/event_merge.h"
#include "lib/kmsg/timearg.h"
#include "lib/oomreport/oom_event.h"
#include "os/logs/logreader.h"
#include "os/logs/oom_sources.h"
#include "os/core/sysroot.h"
#include "kept_events.h"


static const char *fixture(const char *name)
{
	static char path[8][512];
	static int k;
	char *p = path[k++ % 8];
	snprintf(p, 512, "%s/logs/%s", FIXTURES_DIR, name);
	return p;
}

static int collect(const char *const *files, size_t n, int64_t since, int64_t until, struct kept_events *g,
		   struct oom_source_status *st)
{
	struct oom_source_opts o = { .files = files, .n_files = n, .since_us = since,
				     .until_us = until };
	return oom_sources_collect(&o, keep_event, g, st);
}

static void assert_victim(const struct oom_event *ev, int64_t pid, const char *comm)
{
	assert_true(ev->has_victim);
	assert_int_equal(ev->victim.pid, pid);
	assert_string_equal(ev->victim.comm, comm);
}

/* Every wrapper of the same report gives the same kill. */
static void test_each_format_gives_the_kill(void **state)
{
	static const char *const files[] = { "dmesg-raw.txt", "dmesg-caller.txt", "dmesg-T.txt",
		"journal-short.txt", "journal-short-iso.txt", "journal-short-monotonic.txt",
		"rfc5424.log", "syslog-iso.log" };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct kept_events g = { 0 };
		struct oom_source_status st;
		const char *f = fixture(files[i]);
		print_message("%s\n", files[i]);
		assert_int_equal(collect(&f, 1, LOG_TIME_UNKNOWN, LOG_TIME_UNKNOWN, &g, &st), 0);
		assert_int_equal(g.n, 1);
		assert_victim(g.ev[0], 20644, "a b) (c");
		assert_int_equal(g.ev[0]->constraint, OOM_CONSTRAINT_MEMCG);
		assert_string_equal(g.ev[0]->memcg.oom_memcg, "/oomguard-sample-3776");
		assert_false(g.ev[0]->kernel_proven);
		assert_int_equal(g.ev[0]->origin, LOG_ORIGIN_FILE);
		kept_events_free(&g);
	}
}

static void test_kmsg_text_and_json(void **state)
{
	struct kept_events g = { 0 };
	const char *f = fixture("kmsg.txt");
	assert_int_equal(collect(&f, 1, LOG_TIME_UNKNOWN, LOG_TIME_UNKNOWN, &g, NULL), 0);
	/* the userspace "Killed process 999 (forged)" record (facility user) is not an event */
	assert_int_equal(g.n, 1);
	assert_victim(g.ev[0], 20644, "a b) (c\x1b");
	assert_false(g.ev[0]->kernel_proven);   /* a file, even in kmsg format */
	kept_events_free(&g);

	f = fixture("journal.json");
	assert_int_equal(collect(&f, 1, LOG_TIME_UNKNOWN, LOG_TIME_UNKNOWN, &g, NULL), 0);
	assert_int_equal(g.n, 1);   /* the `logger -t kernel` entry is not the kernel's */
	assert_victim(g.ev[0], 20644, "a b) (c\x1b");
	assert_string_equal(g.ev[0]->host, "web1");
	kept_events_free(&g);
}

static void test_multihost_forged_and_gzip(void **state)
{
	struct kept_events g = { 0 };
	const char *f = fixture("syslog-multihost.log");
	assert_int_equal(collect(&f, 1, LOG_TIME_UNKNOWN, LOG_TIME_UNKNOWN, &g, NULL), 0);
	assert_int_equal(g.n, 3);
	assert_victim(g.ev[0], 4242, "forged");
	assert_false(g.ev[0]->kernel_proven);
	assert_victim(g.ev[1], 20644, "a b) (c");
	assert_string_equal(g.ev[1]->host, "web1");
	assert_int_equal(g.ev[1]->monotonic_us, 547516850);
	assert_victim(g.ev[2], 4711, "postgres");
	assert_string_equal(g.ev[2]->host, "db2");
	assert_string_equal(g.ev[2]->memcg.oom_memcg, "/db");
	kept_events_free(&g);

	/* a .gz is detected by its magic bytes */
	f = fixture("kern.log.2.gz");
	assert_int_equal(collect(&f, 1, LOG_TIME_UNKNOWN, LOG_TIME_UNKNOWN, &g, NULL), 0);
	assert_int_equal(g.n, 1);
	assert_victim(g.ev[0], 4711, "postgres");
	kept_events_free(&g);

	/* the same kill in two files is one event */
	const char *both[] = { fixture("syslog-multihost.log"), fixture("kern.log.2.gz") };
	assert_int_equal(collect(both, 2, LOG_TIME_UNKNOWN, LOG_TIME_UNKNOWN, &g, NULL), 0);
	assert_int_equal(g.n, 3);
	kept_events_free(&g);
}

static void test_since_until_and_errors(void **state)
{
	struct kept_events g = { 0 };
	struct oom_source_status st;
	const char *f = fixture("syslog-multihost.log");
	int64_t since, until;

	assert_int_equal(timearg_parse("2026-11-02T14:08:45Z", 0, LOG_TIME_UNKNOWN, NULL, &since), 0);
	assert_int_equal(timearg_parse("2026-11-02T14:08:47Z", 0, LOG_TIME_UNKNOWN, NULL, &until), 0);
	setenv("TZ", "UTC", 1);
	assert_int_equal(collect(&f, 1, since, until, &g, &st), 0);
	assert_int_equal(g.n, 1);
	assert_victim(g.ev[0], 20644, "a b) (c");
	kept_events_free(&g);

	/* a missing named file among several: listed as a problem, the others read all the same */
	const char *two[] = { f, "/nonexistent/kern.log" };
	assert_int_equal(collect(two, 2, since, until, &g, &st), 0);
	assert_int_equal(g.n, 1);
	assert_victim(g.ev[0], 20644, "a b) (c");
	assert_int_equal(st.n_problems, 1);
	assert_string_equal(st.problems[0].name, "/nonexistent/kern.log");
	assert_int_equal(st.problems[0].err, -ENOENT);
	assert_int_equal(st.sources_read, 1);
	kept_events_free(&g);

	/* none can be opened: -ENOENT, the first named, nothing emitted */
	const char *none[] = { "/nonexistent/kern.log", "/nonexistent/syslog" };
	assert_int_equal(collect(none, 2, LOG_TIME_UNKNOWN, LOG_TIME_UNKNOWN, &g, &st), -ENOENT);
	assert_string_equal(st.failed, "/nonexistent/kern.log");
	assert_int_equal(st.n_problems, 2);
	assert_int_equal(g.n, 0);
}

/* Relative and absolute --since arguments. */
static void test_timearg(void **state)
{
	const int64_t now = 1793628526LL * 1000000, boot = now - 3600LL * 1000000;
	int64_t t;
	assert_int_equal(timearg_parse("-2h", now, boot, NULL, &t), 0);
	/* spans and epochs too large for microseconds are refused, not overflowed */
	int64_t big;
	assert_int_equal(timearg_parse("-99999999W6d", now, boot, NULL, &big), -EINVAL);
	assert_int_equal(timearg_parse("99999999w 99999999w ago", now, boot, NULL, &big), -EINVAL);
	assert_int_equal(timearg_parse("@9223372036859", now, boot, NULL, &big), -EINVAL);
	assert_int_equal(timearg_parse("@9223372036854", now, boot, NULL, &big), 0);
	assert_int_equal(t, now - 7200LL * 1000000);
	assert_int_equal(timearg_parse("2 hours ago", now, boot, NULL, &t), 0);
	assert_int_equal(t, now - 7200LL * 1000000);
	assert_int_equal(timearg_parse("1h30min ago", now, boot, NULL, &t), 0);
	assert_int_equal(t, now - 5400LL * 1000000);
	assert_int_equal(timearg_parse("boot", now, boot, NULL, &t), 0);
	assert_int_equal(t, boot);
	assert_int_equal(timearg_parse("boot", now, LOG_TIME_UNKNOWN, NULL, &t), -ENOENT);
	assert_int_equal(timearg_parse("2026-11-02 14:00", now, boot, NULL, &t), 0);
	assert_int_equal(t, 1793628000LL * 1000000);
	assert_int_equal(timearg_parse("2026-11-02T14:00:00+01:00", now, boot, NULL, &t), 0);
	assert_int_equal(t, (1793628000LL - 3600) * 1000000);
	assert_int_equal(timearg_parse("today", now, boot, NULL, &t), 0);
	assert_int_equal(t, 1793577600LL * 1000000);
	assert_int_equal(timearg_parse("@1793628526", now, boot, NULL, &t), 0);
	assert_int_equal(t, now);
	assert_int_equal(timearg_parse("2 fortnights ago", now, boot, NULL, &t), -EINVAL);
	assert_int_equal(timearg_parse("2026-13-02", now, boot, NULL, &t), -EINVAL);
	assert_int_equal(timearg_parse("yesterday-ish", now, boot, NULL, &t), -EINVAL);
}

/* The machine's own sources below --root: /dev/kmsg (a file here), kern.log with a report cut by
 * rotation (kern.log.1 + kern.log), a .gz rotation from another host, a forged line in syslog. */
static void test_machine_tree(void **state)
{
	char root[512], path[600];
	static const char *const logs[] = { "kern.log", "kern.log.1", "kern.log.2.gz", "syslog" };
	struct timespec ts[2] = { { 1793631600, 0 }, { 1793631600, 0 } };   /* 2026-11-02 15:00 */
	struct kept_events g = { 0 };
	struct oom_source_status st;
	struct oom_source_opts o = { .since_us = LOG_TIME_UNKNOWN, .until_us = LOG_TIME_UNKNOWN };

	snprintf(root, sizeof(root), "%s/logs-root", FIXTURES_DIR);
	/* the year of a syslog stamp comes from the file's mtime, which git does not keep */
	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/var/log/%s", root, logs[i]);
		assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	}
	setenv("TZ", "UTC", 1);
	assert_int_equal(sysroot_init(root), 0);
	assert_int_equal(oom_sources_collect(&o, keep_event, &g, &st), 0);
	sysroot_init(NULL);
	assert_int_equal(g.n, 3);
	assert_victim(g.ev[0], 4242, "forged");
	assert_false(g.ev[0]->kernel_proven);
	/* kmsg + kern.log copies of one kill: one event, the proven copy */
	assert_victim(g.ev[1], 20644, "a b) (c");
	assert_true(g.ev[1]->kernel_proven);
	assert_int_equal(g.ev[1]->origin, LOG_ORIGIN_KMSG);
	assert_string_equal(g.ev[1]->host, "web1");
	assert_victim(g.ev[2], 4711, "postgres");
	assert_false(g.ev[2]->kernel_proven);
	/* kmsg, kern.log.2.gz, kern.log.1, kern.log, syslog */
	assert_int_equal(st.sources_read, 5);
	assert_int_equal(st.sources_denied, 0);
	kept_events_free(&g);
}

/* The line reader: long lines are cut, not fatal; a truncated gzip file is an error. */
static void test_logreader_edges(void **state)
{
	char tmpl[] = "/tmp/oomguard-logreader-XXXXXX";
	int fd = mkstemp(tmpl);
	assert_true(fd >= 0);
	size_t big = 3u << 20;
	char *data = malloc(big + 16);
	memset(data, 'x', big);
	memcpy(data + big, "\nshort\nlast", 11);
	assert_int_equal(write(fd, data, big + 11), (ssize_t)(big + 11));
	close(fd);
	struct logreader *r;
	char *line;
	size_t len;
	assert_int_equal(logreader_open(tmpl, &r), 0);
	assert_int_equal(logreader_next(r, &line, &len), 1);
	assert_int_equal(len, 1u << 20);   /* the first MiB of the long line */
	assert_true(logreader_line_cut(r));
	assert_int_equal(logreader_next(r, &line, &len), 1);
	assert_false(logreader_line_cut(r));
	assert_int_equal(logreader_cut_count(r), 1);
	assert_int_equal(logreader_first_cut_line(r), 1);
	assert_int_equal(len, 5);
	assert_memory_equal(line, "short", 5);
	assert_int_equal(logreader_next(r, &line, &len), 1);
	assert_memory_equal(line, "last", 4);
	assert_int_equal(logreader_next(r, &line, &len), 0);
	logreader_close(r);

	/* the first half of a gzip file */
	char gz[512];
	snprintf(gz, sizeof(gz), "%s", fixture("kern.log.2.gz"));
	int in = open(gz, O_RDONLY);
	ssize_t n = read(in, data, 4096);
	close(in);
	fd = open(tmpl, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, data, (size_t)n / 2), n / 2);
	close(fd);
	assert_int_equal(logreader_open(tmpl, &r), 0);
	assert_true(logreader_is_gzip(r));
	int k;
	while ((k = logreader_next(r, &line, &len)) == 1)
		;
	assert_int_equal(k, -EBADMSG);
	logreader_close(r);

#if HAVE_ZLIB
	/* a gzip file far larger than one read (the first read once overflowed a smaller buffer):
	 * 24000 lines of 64 hex digits, about 800 KiB compressed */
	gzFile gw = gzopen(tmpl, "wb1");
	assert_non_null(gw);
	uint32_t x = 1;
	for (int i = 0; i < 24000; i++) {
		char row[80];
		int at = snprintf(row, sizeof(row), "%05d ", i);
		for (int j = 0; j < 8; j++, at += 8) {
			x = x * 1103515245u + 12345u;
			snprintf(row + at, sizeof(row) - (size_t)at, "%08x", x);
		}
		row[at++] = '\n';
		assert_int_equal(gzwrite(gw, row, (unsigned)at), at);
	}
	gzclose(gw);
	struct stat sb;
	assert_int_equal(stat(tmpl, &sb), 0);
	assert_true(sb.st_size > (512 << 10));
	assert_int_equal(logreader_open(tmpl, &r), 0);
	assert_true(logreader_is_gzip(r));
	int rows = 0;
	while ((k = logreader_next(r, &line, &len)) == 1) {
		char want[16];
		snprintf(want, sizeof(want), "%05d ", rows++);
		assert_int_equal(len, 70);
		assert_memory_equal(line, want, 6);
	}
	assert_int_equal(k, 0);
	assert_int_equal(rows, 24000);
	logreader_close(r);
#endif
	unlink(tmpl);
	free(data);
}

int main(void)
{
	setenv("TZ", "UTC", 1);   /* syslog stamps are local time: make the tests' zone fixed */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_format_gives_the_kill),
		cmocka_unit_test(test_kmsg_text_and_json),
		cmocka_unit_test(test_multihost_forged_and_gzip),
		cmocka_unit_test(test_since_until_and_errors),
		cmocka_unit_test(test_timearg),
		cmocka_unit_test(test_machine_tree),
		cmocka_unit_test(test_logreader_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
