/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for lib/kmsg: every line format kernel messages are found in, decoded into a
 * struct log_record, one line at a time and over whole fixture files (tests/fixtures/logs). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/kmsg/logline.h"

static char linebuf[4096];
static struct log_record rec;

/* Decodes a copy of text (escapes are decoded in place); returns logline_decode's result. */
static int decode(struct logline_ctx *ctx, const char *text)
{
	size_t n = strlen(text);
	assert_true(n < sizeof(linebuf));
	memcpy(linebuf, text, n + 1);
	return logline_decode(ctx, linebuf, n, &rec);
}

static void assert_msg(const char *want)
{
	assert_int_equal(rec.msg_len, strlen(want));
	assert_memory_equal(rec.msg, want, rec.msg_len);
}

static void assert_host(const char *want)
{
	assert_int_equal(rec.host_len, strlen(want));
	assert_memory_equal(rec.host, want, rec.host_len);
}

#define EPOCH_US(y, mo, d, h, mi, s) (logline_civil_to_epoch(y, mo, d, h, mi, s) * 1000000)

static void test_civil_time(void **state)
{
	assert_int_equal(logline_civil_to_epoch(1970, 1, 1, 0, 0, 0), 0);
	assert_int_equal(logline_civil_to_epoch(2000, 3, 1, 0, 0, 0), 951868800);
	assert_int_equal(logline_civil_to_epoch(2026, 11, 2, 14, 8, 46), 1793628526);
	assert_int_equal(logline_month("Nov", 3), 11);
	assert_int_equal(logline_month("jun", 3), 6);
	assert_int_equal(logline_month("Mai", 3), 0);
}

static void test_dmesg_raw_and_caller(void **state)
{
	struct logline_ctx ctx;
	logline_ctx_init(&ctx, LOG_ORIGIN_FILE, false, "f");
	assert_int_equal(decode(&ctx, "[  547.516850] Out of memory: Killed process 1 (x)"), 1);
	assert_msg("Out of memory: Killed process 1 (x)");
	assert_int_equal(rec.monotonic_us, 547516850);
	assert_int_equal(rec.realtime_us, LOG_TIME_UNKNOWN);
	assert_false(rec.kernel_proven);
	assert_int_equal(rec.line_no, 1);

	assert_int_equal(decode(&ctx, "[   49.92][ T6736] memhog invoked oom-killer: gfp_mask=0x0"), 1);
	assert_msg("memhog invoked oom-killer: gfp_mask=0x0");
	assert_int_equal(rec.monotonic_us, 49920000);
	assert_int_equal(decode(&ctx, "[ 1.5] [  C1] msg"), 1);
	assert_msg("msg");

	/* with a known boot time, dmesg stamps get a wall clock */
	ctx.boot_realtime_us = 1000000000000000;
	assert_int_equal(decode(&ctx, "[    2.000001] x"), 1);
	assert_int_equal(rec.realtime_us, 1000000002000001);
	/* CRLF line ends */
	assert_int_equal(decode(&ctx, "[    2.0] crlf\r"), 1);
	assert_msg("crlf");
	/* dmesg -x */
	assert_int_equal(decode(&ctx, "kern  :warn  : [  3.000000] warned"), 1);
	assert_msg("warned");
	assert_int_equal(rec.level, 4);
	assert_int_equal(decode(&ctx, "user  :notice: [  3.000000] Out of memory: Killed process 2 (y)"), 0);
}

static void test_dmesg_ctime(void **state)
{
	struct logline_ctx ctx;
	logline_ctx_init(&ctx, LOG_ORIGIN_FILE, false, "f");
	assert_int_equal(decode(&ctx, "[Tue Aug 30 01:35:08 2023] Killed process 5 (a)"), 1);
	assert_msg("Killed process 5 (a)");
	assert_int_equal(rec.realtime_us, EPOCH_US(2023, 8, 30, 1, 35, 8));
	assert_int_equal(decode(&ctx, "[So Aug  6 01:35:08 2023] localized weekday"), 1);
	assert_int_equal(rec.realtime_us, EPOCH_US(2023, 8, 6, 1, 35, 8));
	/* a localized month: the message is kept, the time is unknown */
	assert_int_equal(decode(&ctx, "[Mo Okt 30 01:35:08 2023] localized month"), 1);
	assert_msg("localized month");
	assert_int_equal(rec.realtime_us, LOG_TIME_UNKNOWN);
}

static void test_kmsg(void **state)
{
	struct logline_ctx ctx;
	logline_ctx_init(&ctx, LOG_ORIGIN_KMSG, true, "/dev/kmsg");
	assert_int_equal(decode(&ctx, "3,651,547517217,-;Memory cgroup out of memory: Killed process "
				      "20644 (a b) (c\\x0a\\x5c) total-vm:68012kB"), 1);
	assert_msg("Memory cgroup out of memory: Killed process 20644 (a b) (c\n\\) total-vm:68012kB");
	assert_int_equal(rec.level, 3);
	assert_int_equal(rec.seq, 651);
	assert_int_equal(rec.monotonic_us, 547517217);
	assert_true(rec.kernel_proven);
	assert_int_equal(rec.origin, LOG_ORIGIN_KMSG);
	/* dictionary lines after a record are not message text */
	assert_int_equal(decode(&ctx, " SUBSYSTEM=usb"), 0);
	/* extra fields before ';' */
	assert_int_equal(decode(&ctx, "6,652,547517300,c,caller=T20644;cont"), 1);
	assert_msg("cont");
	/* a userspace write to /dev/kmsg (facility user) is not the kernel, whatever it says */
	assert_int_equal(decode(&ctx, "12,653,547517400,-;Out of memory: Killed process 1 (init)"), 0);
	/* the same text read from a file is not proven */
	logline_ctx_init(&ctx, LOG_ORIGIN_FILE, false, "kmsg.txt");
	assert_int_equal(decode(&ctx, "4,1,2,-;x"), 1);
	assert_false(rec.kernel_proven);
}

static int64_t fixed_plus_one(int y, int mo, int d, int h, int mi, int s)
{
	return logline_civil_to_epoch(y, mo, d, h, mi, s) - 3600;   /* a zone at UTC+1 */
}

static void test_syslog_rfc3164(void **state)
{
	struct logline_ctx ctx;
	logline_ctx_init(&ctx, LOG_ORIGIN_FILE, false, "/var/log/syslog");
	ctx.ref_year = 2027;
	ctx.ref_mon = 1;
	assert_int_equal(decode(&ctx, "Dec 31 23:59:59 web1 kernel: [ 123.456789] Out of memory: x"), 1);
	assert_msg("Out of memory: x");
	assert_host("web1");
	assert_int_equal(rec.monotonic_us, 123456789);
	/* month after the reference month: the year before */
	assert_int_equal(rec.realtime_us, EPOCH_US(2026, 12, 31, 23, 59, 59));
	assert_int_equal(decode(&ctx, "Jan  1 00:00:01 db2 kernel: no stamp"), 1);
	assert_msg("no stamp");
	assert_host("db2");
	assert_int_equal(rec.monotonic_us, LOG_TIME_UNKNOWN);
	assert_int_equal(rec.realtime_us, EPOCH_US(2027, 1, 1, 0, 0, 1));
	/* the reference month, but after the reference moment: never in the future, last year's */
	logline_ctx_init(&ctx, LOG_ORIGIN_FILE, false, "/var/log/syslog");
	ctx.ref_year = 2026;
	ctx.ref_mon = 12;
	ctx.ref_us = EPOCH_US(2026, 12, 2, 7, 30, 0);
	assert_int_equal(decode(&ctx, "Dec 15 10:00:00 web1 kernel: later this month"), 1);
	assert_int_equal(rec.realtime_us, EPOCH_US(2025, 12, 15, 10, 0, 0));
	assert_int_equal(decode(&ctx, "Dec  2 07:30:01 web1 kernel: a second after"), 1);
	assert_int_equal(rec.realtime_us, EPOCH_US(2025, 12, 2, 7, 30, 1));
	assert_int_equal(decode(&ctx, "Dec  2 07:30:00 web1 kernel: at the moment"), 1);
	assert_int_equal(rec.realtime_us, EPOCH_US(2026, 12, 2, 7, 30, 0));
	assert_int_equal(decode(&ctx, "Nov 30 23:00:00 web1 kernel: before"), 1);
	assert_int_equal(rec.realtime_us, EPOCH_US(2026, 11, 30, 23, 0, 0));
	ctx.ref_year = 2027;
	ctx.ref_mon = 1;
	ctx.ref_us = 0;
	/* other programs are ignored */
	assert_int_equal(decode(&ctx, "Jan  1 00:00:02 db2 sshd[12]: kernel: Killed process 1"), 0);
	assert_int_equal(decode(&ctx, "Jan  1 00:00:02 db2 kernelx: y"), 0);
	/* a pri prefix with a facility other than kern is not the kernel's */
	assert_int_equal(decode(&ctx, "<13>Jan  1 00:00:02 db2 kernel: forged"), 0);
	assert_int_equal(decode(&ctx, "<4>Jan  1 00:00:02 db2 kernel: real"), 1);
	assert_int_equal(rec.level, 4);
	/* rsyslog escapes; caller id after the stamp; journalctl short-precise */
	assert_int_equal(decode(&ctx, "Jan  1 00:00:03 db2 kernel: [ 1.0][ T5] stats:#012anon 4#011x #123"), 1);
	assert_msg("stats:\nanon 4\tx #123");
	assert_int_equal(decode(&ctx, "Jan 01 00:00:03.250000 db2 kernel: precise"), 1);
	assert_int_equal(rec.realtime_us, EPOCH_US(2027, 1, 1, 0, 0, 3) + 250000);
	/* local time through the hook (cached per hour) */
	ctx.local_time = fixed_plus_one;
	assert_int_equal(decode(&ctx, "Jan  1 01:30:00 db2 kernel: local"), 1);
	assert_int_equal(rec.realtime_us, EPOCH_US(2027, 1, 1, 0, 30, 0));
	assert_int_equal(decode(&ctx, "Jan  1 01:59:00 db2 kernel: local"), 1);
	assert_int_equal(rec.realtime_us, EPOCH_US(2027, 1, 1, 0, 59, 0));
	/* journalctl: localized lower-case month, markers */
	assert_int_equal(decode(&ctx, "-- Boot 0123 --"), 0);
	assert_int_equal(decode(&ctx, "jun 05 10:00:00 h kernel: lower"), 1);
	assert_int_equal(rec.realtime_us, EPOCH_US(2026, 6, 5, 9, 0, 0));
	/* a line in no format after syslog lines is not taken as a kernel message */
	assert_int_equal(decode(&ctx, "Out of memory: Killed process 3 (z)"), 0);
}

static void test_iso_and_rfc5424(void **state)
{
	struct logline_ctx ctx;
	logline_ctx_init(&ctx, LOG_ORIGIN_FILE, false, "f");
	assert_int_equal(decode(&ctx, "2026-11-02T14:08:46.123456+01:00 web1 kernel: iso"), 1);
	assert_msg("iso");
	assert_host("web1");
	assert_int_equal(rec.realtime_us, EPOCH_US(2026, 11, 2, 13, 8, 46) + 123456);
	assert_int_equal(decode(&ctx, "2026-11-02T09:08:46-0500 web1 kernel: short-iso"), 1);
	assert_int_equal(rec.realtime_us, EPOCH_US(2026, 11, 2, 14, 8, 46));
	assert_int_equal(decode(&ctx, "2026-11-02T14:08:46Z web1 kernel: [  5.5] z"), 1);
	assert_int_equal(rec.realtime_us, EPOCH_US(2026, 11, 2, 14, 8, 46));
	assert_int_equal(rec.monotonic_us, 5500000);
	assert_msg("z");
	assert_int_equal(decode(&ctx, "2026-11-02 14:08:46 web1 kernel: space, no zone (UTC here)"), 1);
	assert_int_equal(rec.realtime_us, EPOCH_US(2026, 11, 2, 14, 8, 46));
	assert_int_equal(decode(&ctx, "2026-11-02T14:08:46Z web1 app[3]: other"), 0);

	assert_int_equal(decode(&ctx, "<4>1 2026-11-02T14:08:46.5Z web1 kernel - - - five"), 1);
	assert_msg("five");
	assert_int_equal(rec.level, 4);
	assert_int_equal(rec.realtime_us, EPOCH_US(2026, 11, 2, 14, 8, 46) + 500000);
	assert_int_equal(decode(&ctx, "<0>1 - host kernel 1 ID [a x=\"q\\]\"][b] \xEF\xBB\xBFsd"), 1);
	assert_msg("sd");
	assert_host("host");
	assert_int_equal(decode(&ctx, "<13>1 2026-11-02T14:08:46Z web1 kernel - - - forged"), 0);
	assert_int_equal(decode(&ctx, "<4>1 2026-11-02T14:08:46Z web1 sshd 3 - - other"), 0);
}

static void test_short_monotonic(void **state)
{
	struct logline_ctx ctx;
	logline_ctx_init(&ctx, LOG_ORIGIN_STDIN, false, "-");
	assert_int_equal(decode(&ctx, "[  547.516850] web1 kernel: Out of memory: Killed"), 1);
	assert_msg("Out of memory: Killed");
	assert_host("web1");
	assert_int_equal(rec.monotonic_us, 547516850);
	/* once the stream is short-monotonic, other programs' lines are not the kernel's */
	assert_int_equal(decode(&ctx, "[  547.6] web1 sshd[77]: Connection closed"), 0);
	assert_int_equal(decode(&ctx, "[  547.6] no-host message"), 0);
}

static void test_journal_json(void **state)
{
	struct logline_ctx ctx;
	logline_ctx_init(&ctx, LOG_ORIGIN_FILE, false, "j.json");
	assert_int_equal(decode(&ctx, "{\"__REALTIME_TIMESTAMP\" : \"1793628526000001\", "
				      "\"_TRANSPORT\":\"kernel\",\"SYSLOG_FACILITY\":\"0\",\"PRIORITY\":\"3\","
				      "\"_HOSTNAME\":\"h\\u00e9\","
				      "\"_SOURCE_MONOTONIC_TIMESTAMP\":\"42\",\"__MONOTONIC_TIMESTAMP\":\"50\","
				      "\"MESSAGE\":\"a\\\"b\\\\c\\nd\\ud83d\\ude00\",\"N\":null,\"X\":[1,2]}"), 1);
	assert_msg("a\"b\\c\nd\xF0\x9F\x98\x80");
	assert_host("h\xC3\xA9");
	assert_int_equal(rec.realtime_us, 1793628526000001);
	assert_int_equal(rec.monotonic_us, 42);
	assert_int_equal(rec.level, 3);
	assert_false(rec.kernel_proven);
	/* binary message as a byte array, field given twice */
	assert_int_equal(decode(&ctx, "{\"_TRANSPORT\":\"kernel\",\"SYSLOG_FACILITY\":\"0\","
				      "\"MESSAGE\":[97,32,27,98],"
				      "\"_HOSTNAME\":[\"one\",\"two\"]}"), 1);
	assert_msg("a \x1b" "b");
	assert_host("one");
	/* `logger -t kernel` in the journal: _TRANSPORT says syslog */
	assert_int_equal(decode(&ctx, "{\"_TRANSPORT\":\"syslog\",\"SYSLOG_IDENTIFIER\":\"kernel\","
				      "\"MESSAGE\":\"Out of memory: Killed process 1 (x)\"}"), 0);
	assert_int_equal(decode(&ctx, "{\"SYSLOG_IDENTIFIER\":\"kernel\",\"MESSAGE\":\"m\"}"), 1);
	/* a process's write to /dev/kmsg: kernel transport, but the kernel gave it the user
	 * facility (the rule of journal_entry.c, for the libsystemd reader) */
	assert_int_equal(decode(&ctx, "{\"_TRANSPORT\":\"kernel\",\"SYSLOG_FACILITY\":\"1\","
				      "\"MESSAGE\":\"Out of memory: Killed process 1 (x)\"}"), 0);
	assert_int_equal(decode(&ctx, "{\"_TRANSPORT\":\"kernel\",\"MESSAGE\":\"m\"}"), 0);
	assert_int_equal(decode(&ctx, "{\"SYSLOG_FACILITY\":\"0\",\"_TRANSPORT\":\"kernel\","
				      "\"MESSAGE\":\"m\"}"), 1);
	/* every value of a repeated field counts; null or odd values are not the kernel's */
	assert_int_equal(decode(&ctx, "{\"_TRANSPORT\":\"kernel\",\"SYSLOG_FACILITY\":[\"0\",\"1\"],"
				      "\"MESSAGE\":\"m\"}"), 0);
	assert_int_equal(decode(&ctx, "{\"_TRANSPORT\":[\"kernel\",\"kernel\"],\"SYSLOG_FACILITY\":\"0\","
				      "\"MESSAGE\":\"m\"}"), 1);
	assert_int_equal(decode(&ctx, "{\"_TRANSPORT\":\"kernel\",\"SYSLOG_FACILITY\":null,"
				      "\"MESSAGE\":\"m\"}"), 0);
	assert_int_equal(decode(&ctx, "{\"_TRANSPORT\":\"kernel\",\"SYSLOG_FACILITY\":\"00\","
				      "\"MESSAGE\":\"m\"}"), 0);
	/* without _TRANSPORT, a facility other than kern still rules the entry out */
	assert_int_equal(decode(&ctx, "{\"SYSLOG_IDENTIFIER\":\"kernel\",\"SYSLOG_FACILITY\":\"3\","
				      "\"MESSAGE\":\"m\"}"), 0);
	assert_int_equal(decode(&ctx, "{\"MESSAGE\":\"unterminated"), 0);
}

static void test_bare_lines(void **state)
{
	struct logline_ctx ctx;
	logline_ctx_init(&ctx, LOG_ORIGIN_STDIN, false, "-");
	assert_int_equal(decode(&ctx, "Out of memory: Killed process 3 (z)"), 1);
	assert_msg("Out of memory: Killed process 3 (z)");
	assert_int_equal(decode(&ctx, ""), 0);
}

/* Unstamped text (`dmesg -t`, a pasted report): task-table rows start with "[ pid ]" and
 * "[ 9871]", which are not kernel timestamps (those always have a dot and a fraction). */
static void test_bare_task_rows(void **state)
{
	struct logline_ctx ctx;
	logline_ctx_init(&ctx, LOG_ORIGIN_STDIN, false, "-");
	assert_int_equal(decode(&ctx, "java invoked oom-killer: gfp_mask=0xd0, order=0"), 1);
	assert_int_equal(decode(&ctx, "[ pid ]   uid  tgid total_vm      rss nr_ptes swapents "
				      "oom_score_adj name"), 1);
	assert_msg("[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name");
	assert_int_equal(decode(&ctx, "[ 9871]     0  9871     2925      182      11        0"
				      "             0 sh"), 1);
	assert_msg("[ 9871]     0  9871     2925      182      11        0             0 sh");
	assert_int_equal(rec.monotonic_us, LOG_TIME_UNKNOWN);
	assert_int_equal(decode(&ctx, "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes"), 1);
	assert_int_equal(decode(&ctx, "[   3301]   998  3301     2012      130    57344"), 1);
	assert_msg("[   3301]   998  3301     2012      130    57344");
	/* the lines after the table are still taken: the stream did not turn into dmesg */
	assert_int_equal(decode(&ctx, "Killed process 9930 (java), UID 0, total-vm:3840912kB"), 1);
	assert_msg("Killed process 9930 (java), UID 0, total-vm:3840912kB");
	/* `dmesg -t` on a kernel with CONFIG_PRINTK_CALLER keeps the caller id */
	assert_int_equal(decode(&ctx, "[    T1] swapper invoked oom-killer: gfp_mask=0x0"), 1);
	assert_msg("swapper invoked oom-killer: gfp_mask=0x0");

	/* a stamp needs its fraction; with it, the stream is dmesg */
	logline_ctx_init(&ctx, LOG_ORIGIN_STDIN, false, "-");
	assert_int_equal(decode(&ctx, "[12345] not a stamp"), 1);
	assert_msg("[12345] not a stamp");
	assert_int_equal(decode(&ctx, "[12345.] not a stamp either"), 1);
	assert_msg("[12345.] not a stamp either");
	assert_int_equal(decode(&ctx, "[ 8812.771261] [  pid  ]   uid  tgid"), 1);
	assert_msg("[  pid  ]   uid  tgid");
	assert_int_equal(rec.monotonic_us, 8812771261);
	assert_int_equal(decode(&ctx, "[ 8812.771262] [   3301]   998  3301"), 1);
	assert_msg("[   3301]   998  3301");
}

/* Multi-line kernel records as text tools print them: the continuation lines have no stamp and
 * are indented (dmesg aligns them under the message, journalctl too).  They are kernel text with
 * the previous line's times and host, but only right after a kernel line. */
static void test_continuation_lines(void **state)
{
	struct logline_ctx ctx;
	logline_ctx_init(&ctx, LOG_ORIGIN_FILE, false, "f");
	assert_int_equal(decode(&ctx, "[ 8812.771250] anon 1069350912"), 1);
	assert_int_equal(decode(&ctx, "               file 2428928"), 1);
	assert_msg("               file 2428928");
	assert_int_equal(rec.monotonic_us, 8812771250);
	assert_int_equal(rec.line_no, 2);
	assert_int_equal(decode(&ctx, "\tshmem 0"), 1);
	assert_msg("\tshmem 0");
	/* a blank line carries nothing */
	assert_int_equal(decode(&ctx, "    "), 0);
	/* not indented, no stamp: not a continuation */
	assert_int_equal(decode(&ctx, "garbage"), 0);
	assert_int_equal(decode(&ctx, "  after garbage"), 0);

	/* dmesg -T: the wall clock carries over */
	logline_ctx_init(&ctx, LOG_ORIGIN_FILE, false, "f");
	assert_int_equal(decode(&ctx, "[Tue Aug 30 01:35:08 2023] active_anon:1 inactive_anon:2"), 1);
	assert_int_equal(decode(&ctx, " active_file:1025 inactive_file:1877"), 1);
	assert_msg(" active_file:1025 inactive_file:1877");
	assert_int_equal(rec.realtime_us, EPOCH_US(2023, 8, 30, 1, 35, 8));

	/* syslog: host and times carry over; never after another program's line */
	logline_ctx_init(&ctx, LOG_ORIGIN_FILE, false, "f");
	ctx.ref_year = 2026;
	ctx.ref_mon = 11;
	assert_int_equal(decode(&ctx, "Nov  2 14:08:46 web1 kernel: [ 547.516850] active_anon:1"), 1);
	assert_int_equal(decode(&ctx, " active_file:412 inactive_file:518"), 1);
	assert_msg(" active_file:412 inactive_file:518");
	assert_host("web1");
	assert_int_equal(rec.realtime_us, EPOCH_US(2026, 11, 2, 14, 8, 46));
	assert_int_equal(rec.monotonic_us, 547516850);
	assert_int_equal(decode(&ctx, "Nov  2 14:08:47 web1 python3[77]: Traceback:"), 0);
	assert_int_equal(decode(&ctx, "  File \"x.py\", line 1"), 0);
	assert_int_equal(decode(&ctx, "<4>Nov  2 14:08:48 db2 kernel: Mem-Info:"), 1);
	assert_int_equal(decode(&ctx, "  free:33780 free_pcp:62"), 1);
	assert_host("db2");
	assert_int_equal(rec.level, 4);
	assert_int_equal(decode(&ctx, "-- Boot 0123 --"), 0);
	assert_int_equal(decode(&ctx, "  free:1"), 0);

	/* /dev/kmsg text: indented lines are the dictionary, never message text */
	logline_ctx_init(&ctx, LOG_ORIGIN_KMSG, true, "/dev/kmsg");
	assert_int_equal(decode(&ctx, "6,1,2,-;Mem-Info:"), 1);
	assert_int_equal(decode(&ctx, " SUBSYSTEM=usb"), 0);
}

/* Decodes a whole fixture file line by line; counts kernel lines, proven lines and hosts. */
struct file_counts {
	int kernel, proven, lines_with_oom_kill, hosts;
	char host[4][32];
};

static struct file_counts decode_file(const char *name, enum log_origin origin, bool proven)
{
	char path[512], line[4096];
	struct file_counts c;
	struct logline_ctx ctx;

	memset(&c, 0, sizeof(c));
	snprintf(path, sizeof(path), "%s/logs/%s", FIXTURES_DIR, name);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	logline_ctx_init(&ctx, origin, proven, name);
	ctx.ref_year = 2026;
	ctx.ref_mon = 11;
	while (fgets(line, sizeof(line), f)) {
		size_t n = strcspn(line, "\n");
		if (logline_decode(&ctx, line, n, &rec) != 1)
			continue;
		c.kernel++;
		c.proven += rec.kernel_proven;
		if (memmem(rec.msg, rec.msg_len, "Killed process", 14))
			c.lines_with_oom_kill++;
		int i;
		for (i = 0; i < c.hosts; i++)
			if (strlen(c.host[i]) == rec.host_len && !memcmp(c.host[i], rec.host, rec.host_len))
				break;
		if (i == c.hosts && c.hosts < 4 && rec.host_len < 32) {
			memcpy(c.host[c.hosts], rec.host, rec.host_len);
			c.host[c.hosts++][rec.host_len] = 0;
		}
	}
	fclose(f);
	return c;
}

static void test_fixture_files(void **state)
{
	/* the same 78-line report in every wrapper */
	static const char *const files[] = { "dmesg-caller.txt", "dmesg-T.txt", "journal-short.txt",
		"journal-short-iso.txt", "journal-short-monotonic.txt", "rfc5424.log" };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct file_counts c = decode_file(files[i], LOG_ORIGIN_FILE, false);
		print_message("%s: %d kernel lines\n", files[i], c.kernel);
		assert_int_equal(c.kernel, 78);
		assert_int_equal(c.lines_with_oom_kill, 1);
		assert_int_equal(c.proven, 0);
	}
	struct file_counts c = decode_file("dmesg-raw.txt", LOG_ORIGIN_FILE, false);
	assert_int_equal(c.kernel, 79);
	/* one JSON entry is `logger -t kernel` (ignored), the kill line is a byte array */
	c = decode_file("journal.json", LOG_ORIGIN_FILE, false);
	assert_int_equal(c.kernel, 78);
	assert_int_equal(c.lines_with_oom_kill, 1);
	/* kmsg: one usb record + 78; the facility-user forgery and dictionary lines dropped */
	c = decode_file("kmsg.txt", LOG_ORIGIN_KMSG, true);
	assert_int_equal(c.kernel, 79);
	assert_int_equal(c.proven, 79);
	assert_int_equal(c.lines_with_oom_kill, 1);
	/* the stats block is one line with #012 escapes: 78 - 42 stats lines */
	c = decode_file("syslog-iso.log", LOG_ORIGIN_FILE, false);
	assert_int_equal(c.kernel, 78 - 42);
	/* two hosts interleaved, plus a forged kernel line: decoded, never proven */
	c = decode_file("syslog-multihost.log", LOG_ORIGIN_FILE, false);
	assert_int_equal(c.kernel, 2 * 78 + 1);
	assert_int_equal(c.lines_with_oom_kill, 3);
	assert_int_equal(c.proven, 0);
	assert_int_equal(c.hosts, 2);
	assert_string_equal(c.host[0], "web1");
	assert_string_equal(c.host[1], "db2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civil_time),
		cmocka_unit_test(test_dmesg_raw_and_caller),
		cmocka_unit_test(test_dmesg_ctime),
		cmocka_unit_test(test_kmsg),
		cmocka_unit_test(test_syslog_rfc3164),
		cmocka_unit_test(test_iso_and_rfc5424),
		cmocka_unit_test(test_short_monotonic),
		cmocka_unit_test(test_journal_json),
		cmocka_unit_test(test_bare_lines),
		cmocka_unit_test(test_bare_task_rows),
		cmocka_unit_test(test_continuation_lines),
		cmocka_unit_test(test_fixture_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
