/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for lib/kmsg/journal_entry: journal fields as sd-journal hands them out ->
 * log_record, which entries prove the kernel, and the bytes of MESSAGE kept whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "lib/kmsg/journal_entry.h"

static struct journal_entry e;

/* Feeds "NAME=value" fields; a field may hold any byte, so lengths are explicit where it does. */
static void fields(const char *const *f)
{
	for (; *f; f++)
		journal_entry_field(&e, *f, strlen(*f));
}

static void test_kernel_entry(void **state)
{
	static const char *const f[] = {
		"_BOOT_ID=5f0c1e2d3c4b4a5968778695a4b3c2d1", "_TRANSPORT=kernel", "SYSLOG_FACILITY=0",
		"SYSLOG_IDENTIFIER=kernel", "PRIORITY=3", "_SOURCE_MONOTONIC_TIMESTAMP=475654550",
		"_HOSTNAME=web1", "MESSAGE_ID=not the message",
		"MESSAGE=Memory cgroup out of memory: Killed process 18464 (mem hog)x)", NULL,
	};
	journal_entry_start(&e, 1793628453654550);
	fields(f);
	const struct log_record *r = journal_entry_record(&e);
	assert_non_null(r);
	assert_int_equal(r->msg_len, strlen("Memory cgroup out of memory: Killed process 18464 (mem hog)x)"));
	assert_memory_equal(r->msg, "Memory cgroup out of memory: Killed process 18464 (mem hog)x)", r->msg_len);
	assert_int_equal(r->host_len, 4);
	assert_string_equal(r->host, "web1");
	assert_int_equal(r->level, 3);
	assert_int_equal(r->monotonic_us, 475654550);
	assert_int_equal(r->realtime_us, 1793628453654550);
	assert_true(r->kernel_proven);
	assert_int_equal(r->origin, LOG_ORIGIN_JOURNAL);
	assert_string_equal(r->source, "journal");
	/* the order of the fields does not matter */
	static const char *const g[] = { "MESSAGE=x", "SYSLOG_FACILITY=0", "_TRANSPORT=kernel", NULL };
	journal_entry_start(&e, LOG_TIME_UNKNOWN);
	fields(g);
	assert_non_null(r = journal_entry_record(&e));
	assert_int_equal(r->realtime_us, LOG_TIME_UNKNOWN);
	assert_int_equal(r->monotonic_us, LOG_TIME_UNKNOWN);
	assert_int_equal(r->level, -1);
	assert_int_equal(r->host_len, 0);
	assert_string_equal(r->host, "");
}

/* What does not prove the kernel: other transports, a process's write to /dev/kmsg (kernel
 * transport, user facility), a missing field, a second value of a field. */
static void test_not_kernel(void **state)
{
	static const char *const cases[][4] = {
		{ "_TRANSPORT=syslog", "SYSLOG_FACILITY=0", "SYSLOG_IDENTIFIER=kernel", NULL },
		{ "_TRANSPORT=journal", "SYSLOG_FACILITY=0", NULL },
		{ "_TRANSPORT=kernel", "SYSLOG_FACILITY=1", NULL },
		{ "_TRANSPORT=kernel", "SYSLOG_FACILITY=00", NULL },
		{ "_TRANSPORT=kernel", NULL },
		{ "SYSLOG_FACILITY=0", "SYSLOG_IDENTIFIER=kernel", NULL },
		{ "_TRANSPORT=kernel", "SYSLOG_FACILITY=0", "SYSLOG_FACILITY=1", NULL },
		{ "_TRANSPORT=kernel", "SYSLOG_FACILITY=1", "SYSLOG_FACILITY=0", NULL },
		{ "_TRANSPORT=kernelx", "SYSLOG_FACILITY=0", NULL },
		{ "_TRANSPORT=kernel", "_TRANSPORT=stdout", "SYSLOG_FACILITY=0", NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		journal_entry_start(&e, 1);
		journal_entry_field(&e, "MESSAGE=Out of memory: Killed process 1 (init)",
				    strlen("MESSAGE=Out of memory: Killed process 1 (init)"));
		fields(cases[i]);
		assert_null(journal_entry_record(&e));
	}
	/* the kernel's entry without a MESSAGE gives nothing to read */
	static const char *const nomsg[] = { "_TRANSPORT=kernel", "SYSLOG_FACILITY=0", NULL };
	journal_entry_start(&e, 1);
	fields(nomsg);
	assert_null(journal_entry_record(&e));
}

/* MESSAGE byte for byte: a multi-line printk's newlines, a NUL, escape bytes; an empty one; one
 * over the limit is cut, not overrun. */
static void test_message_bytes(void **state)
{
	static const char *const k[] = { "_TRANSPORT=kernel", "SYSLOG_FACILITY=0", NULL };
	static const char raw[] = "MESSAGE=active_anon:1 inactive_anon:2\n active_file:3\n a\0b\x1b[31m";
	journal_entry_start(&e, 1);
	fields(k);
	journal_entry_field(&e, raw, sizeof(raw) - 1);
	const struct log_record *r = journal_entry_record(&e);
	assert_non_null(r);
	assert_int_equal(r->msg_len, sizeof(raw) - 1 - 8);
	assert_memory_equal(r->msg, raw + 8, r->msg_len);

	journal_entry_start(&e, 1);
	fields(k);
	journal_entry_field(&e, "MESSAGE=", 8);
	assert_non_null(r = journal_entry_record(&e));
	assert_int_equal(r->msg_len, 0);

	size_t big = JOURNAL_MESSAGE_MAX + 100;
	char *huge = malloc(big + 8);
	assert_non_null(huge);
	memcpy(huge, "MESSAGE=", 8);
	memset(huge + 8, 'x', big);
	journal_entry_start(&e, 1);
	fields(k);
	journal_entry_field(&e, huge, big + 8);
	assert_non_null(r = journal_entry_record(&e));
	assert_int_equal(r->msg_len, JOURNAL_MESSAGE_MAX);
	free(huge);
}

/* Odd values: a host longer than the buffer is cut and stays terminated; numbers that are not
 * numbers are unknown; a field without '=' is ignored. */
static void test_odd_values(void **state)
{
	char host[400] = "_HOSTNAME=";
	memset(host + 10, 'h', 300);
	host[310] = '\0';
	static const char *const f[] = {
		"_TRANSPORT=kernel", "SYSLOG_FACILITY=0", "MESSAGE=m", "PRIORITY=9",
		"_SOURCE_MONOTONIC_TIMESTAMP=12x4", "GARBAGE", NULL,
	};
	journal_entry_start(&e, 1);
	fields(f);
	journal_entry_field(&e, host, strlen(host));
	const struct log_record *r = journal_entry_record(&e);
	assert_non_null(r);
	assert_int_equal(r->level, -1);
	assert_int_equal(r->monotonic_us, LOG_TIME_UNKNOWN);
	assert_int_equal(r->host_len, sizeof(e.host) - 1);
	assert_int_equal(strlen(r->host), r->host_len);
	static const char *const g[] = {
		"_TRANSPORT=kernel", "SYSLOG_FACILITY=0", "MESSAGE=m", "PRIORITY=",
		"_SOURCE_MONOTONIC_TIMESTAMP=99999999999999999999", NULL,
	};
	journal_entry_start(&e, 1);
	fields(g);
	assert_non_null(r = journal_entry_record(&e));
	assert_int_equal(r->level, -1);
	assert_int_equal(r->monotonic_us, LOG_TIME_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_entry),
		cmocka_unit_test(test_not_kernel),
		cmocka_unit_test(test_message_bytes),
		cmocka_unit_test(test_odd_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
