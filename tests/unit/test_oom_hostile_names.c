/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the OOM report assembler with hostile process names: a comm holding a newline
 * (which /dev/kmsg escapes as "\x0a" and journald unescapes into MESSAGE) or terminal escapes
 * stays one kernel line, while the kernel's real multi-line records (the Mem-Info counters, the
 * memcg memory.stat dump) are still split; fed as bare records and through the /dev/kmsg decoder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/kmsg/logline.h"
#include "lib/oomreport/oom_assembler.h"
#include "lib/oomreport/oom_event.h"
#include "kept_events.h"

/* One 6.18 memcg v1 report (after tests/fixtures/oom-reports/v6.18-memcg-v1-live.txt), one
 * string per kernel record, "%C" standing for the comm.  Records 4 and 6 are the multi-line
 * records the kernel really prints: show_mem's counters (continuations led by a space) and the
 * memory.stat dump of 5.3 to 6.4 (continuations not led by a space). */
static const char *const REPORT[] = {
	"%C invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
	"CPU: 1 UID: 0 PID: 4242 Comm: %C Not tainted 6.18.0 #1 PREEMPT(none)",
	"memory: usage 65536kB, limit 65536kB, failcnt 0",
	"Mem-Info:",
	"active_anon:1 inactive_anon:16320 isolated_anon:0\n active_file:0 inactive_file:0 isolated_file:0\n unevictable:0 dirty:0 writeback:0\n free:5000 free_pcp:0 free_cma:0",
	"Memory cgroup stats for /hog:",
	"anon 66916352\nfile 4096\nkernel 188416",
	"Tasks state (memory values in pages):",
	"[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name",
	"[   4242]     0  4242    17003    16660    16320      340         0   176128        0             0 %C",
	"oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/hog,task_memcg=/hog,task=%C,pid=4242,uid=0",
	"Memory cgroup out of memory: Killed process 4242 (%C) total-vm:68012kB, anon-rss:65280kB, file-rss:1360kB, shmem-rss:0kB, UID:0 pgtables:172kB oom_score_adj:0",
	"oom_reaper: reaped process 4242 (%C), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
};
#define N_REPORT (sizeof(REPORT) / sizeof(REPORT[0]))

/* fmt with every "%C" replaced by comm */
static void expand(char *out, size_t cap, const char *fmt, const char *comm)
{
	size_t n = 0;
	for (const char *p = fmt; *p; p++) {
		const char *s = p;
		size_t l = 1;
		if (p[0] == '%' && p[1] == 'C') {
			s = comm;
			l = strlen(comm);
			p++;
		}
		assert_true(n + l < cap);
		memcpy(out + n, s, l);
		n += l;
	}
	out[n] = '\0';
}

static void bare_record(struct log_record *r, const char *msg, uint64_t no)
{
	memset(r, 0, sizeof(*r));
	r->msg = msg;
	r->msg_len = strlen(msg);
	r->host = "";
	r->monotonic_us = (int64_t)(475000000 + no);
	r->realtime_us = LOG_TIME_UNKNOWN;
	r->origin = LOG_ORIGIN_KMSG;
	r->kernel_proven = true;
	r->level = 6;
	r->source = "test";
	r->line_no = no;
}

static void assert_report(const struct kept_events *c, const char *comm)
{
	assert_int_equal(c->n, 1);
	const struct oom_event *ev = c->ev[0];
	assert_false(ev->incomplete);
	assert_string_equal(ev->trigger.comm, comm);
	assert_int_equal(ev->trigger.pid, 4242);
	assert_true(ev->has_victim);
	assert_int_equal(ev->victim.pid, 4242);
	assert_string_equal(ev->victim.comm, comm);
	assert_int_equal(ev->victim.anon_rss_kib, 65280);
	assert_string_equal(ev->summary_task, comm);
	assert_int_equal(ev->tasks.n_rows, 1);
	assert_string_equal(ev->tasks.top[0].name, comm);
	assert_int_equal(ev->tasks.top[0].rss_anon, 16320);
	assert_int_equal(ev->memcg.limit_kib, 65536);
	/* the multi-line records were still split into their lines */
	assert_int_equal(ev->memcg.n_stats, 3);
	assert_int_equal(ev->memcg.stats[1].value, 4096);
	assert_int_equal(ev->memcg.stats[2].value, 188416);
	assert_int_equal(ev->mem.inactive_anon, 16320);
	assert_int_equal(ev->mem.free, 5000);
	assert_int_equal(ev->mem.free_cma, 0);
}

/* The report as decoded records (what journald's MESSAGE holds), comm bytes as they are. */
static void feed_report(const char *comm)
{
	struct kept_events c = { 0 };
	struct oom_assembler *a = oom_assembler_new(keep_event, &c);
	struct log_record r;
	char msg[1024];

	for (size_t i = 0; i < N_REPORT; i++) {
		expand(msg, sizeof(msg), REPORT[i], comm);
		bare_record(&r, msg, i + 1);
		oom_assembler_feed(a, &r);
	}
	oom_assembler_flush(a);
	assert_report(&c, comm);
	kept_events_free(&c);
	oom_assembler_free(a);
}

static void test_plain_comm(void **state)
{
	(void)state;
	feed_report("memhog");
}

static void test_newline_comm(void **state)
{
	(void)state;
	feed_report("a\nb");
	feed_report("\nb");
	feed_report("a\n");
	feed_report("\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n");
}

static void test_newline_and_paren_comm(void **state)
{
	(void)state;
	feed_report("x) (y\nz");
	/* a comm whose second line looks like another report line */
	feed_report("q\n[ 1] 0 1 1 1");
}

static void test_escape_comm(void **state)
{
	(void)state;
	feed_report("\x1b[2J");
	feed_report("t\ttab\r\x7f");
}

/* /dev/kmsg as the kernel writes it: every byte below ' ', from 127, and '\' as "\xNN"
 * (Documentation/ABI/testing/dev-kmsg), so a record is one line whatever the text holds. */
static void kmsg_escape(char *out, size_t cap, const char *text)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		assert_true(n + 5 < cap);
		if (*p < ' ' || *p >= 127 || *p == '\\')
			n += (size_t)snprintf(out + n, cap - n, "\\x%02x", *p);
		else
			out[n++] = (char)*p;
	}
	out[n] = '\0';
}

static void feed_kmsg_report(const char *comm)
{
	struct kept_events c = { 0 };
	struct oom_assembler *a = oom_assembler_new(keep_event, &c);
	struct logline_ctx ctx;
	struct log_record r;
	char text[1024], esc[4096], line[4200];

	logline_ctx_init(&ctx, LOG_ORIGIN_KMSG, true, "/dev/kmsg");
	for (size_t i = 0; i < N_REPORT; i++) {
		expand(text, sizeof(text), REPORT[i], comm);
		kmsg_escape(esc, sizeof(esc), text);
		assert_null(strchr(esc, '\n'));
		int n = snprintf(line, sizeof(line), "6,%zu,%zu,-;%s", 100 + i, 475000000 + i, esc);
		assert_int_equal(logline_decode(&ctx, line, (size_t)n, &r), 1);
		assert_int_equal(r.msg_len, strlen(text));
		assert_memory_equal(r.msg, text, r.msg_len);
		oom_assembler_feed(a, &r);
	}
	oom_assembler_flush(a);
	assert_report(&c, comm);
	kept_events_free(&c);
	oom_assembler_free(a);
}

static void test_kmsg_escaped_newline(void **state)
{
	(void)state;
	feed_kmsg_report("a\nb");
	feed_kmsg_report("x) (y\nz");
	feed_kmsg_report("back\\x0aslash");   /* a literal "\x0a" in a name is not a newline */
	feed_kmsg_report("\x1b[2J");
}

/* name as a whole word of line (not "node" in "nodemask") replaced by comm */
static void replace_word(char *out, size_t cap, const char *line, const char *name,
			 const char *comm)
{
	size_t n = 0, nl = strlen(name), cl = strlen(comm);
	for (const char *p = line; *p;) {
		bool word = strncmp(p, name, nl) == 0 &&
			    (p == line || strchr(" (=[", p[-1])) && strchr(" ),:", p[nl]);
		const char *s = word ? comm : p;
		size_t l = word ? cl : 1;
		assert_true(n + l < cap);
		memcpy(out + n, s, l);
		n += l;
		p += word ? nl : 1;
	}
	out[n] = '\0';
}

/* A fixture's events, its trigger's name replaced by comm; one record per line. */
static void feed_fixture(struct kept_events *c, const char *fixture, const char *name,
			 const char *comm)
{
	char path[512], buf[8192], line[9000];
	struct oom_assembler *a = oom_assembler_new(keep_event, c);
	struct log_record r;
	uint64_t no = 0;
	double ts;

	snprintf(path, sizeof(path), "%s/oom-reports/%s", FIXTURES_DIR, fixture);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		char *msg = buf;
		bare_record(&r, "", ++no);
		if (sscanf(buf, "[%lf]", &ts) == 1 && (msg = strchr(buf, ']'))) {
			r.monotonic_us = (int64_t)(ts * 1e6 + 0.5);
			msg += msg[1] == ' ' ? 2 : 1;
		}
		replace_word(line, sizeof(line), msg, name, comm);
		r.msg = line;
		r.msg_len = strlen(line);
		oom_assembler_feed(a, &r);
	}
	fclose(f);
	oom_assembler_flush(a);
	oom_assembler_free(a);
}

static void assert_same_name(const char *got, const char *want_plain, const char *name,
			     const char *comm)
{
	assert_string_equal(got, strcmp(want_plain, name) == 0 ? comm : want_plain);
}

/* Older formats too (the comm-first "cpuset=" line, "Kill process ... score", allocation
 * failures, 2.6 task rows): every fixture reads the same with a hostile trigger name. */
static void test_fixtures_with_newline_comm(void **state)
{
	static const char *const cases[][2] = {
		{ "v4.14-global-reaper.txt", "stress" }, { "v4.9-alloc-failure-atomic.txt", "java" },
		{ "v3.10-rhel7-global.txt", "java" }, { "v2.6.32-rhel6-global.txt", "mysqld" },
		{ "v6.1-oom-group.txt", "gunicorn" }, { "v5.10-memcg-v2.txt", "node" },
	};
	static const char *const comms[] = { "a\nb", "x) (y\nz", "\n[ 1] 0 1 1 1" };
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kept_events plain = { 0 };
		const char *name = cases[i][1];
		feed_fixture(&plain, cases[i][0], name, name);
		assert_true(plain.n >= 1);
		for (size_t j = 0; j < sizeof(comms) / sizeof(comms[0]); j++) {
			struct kept_events c = { 0 };
			feed_fixture(&c, cases[i][0], name, comms[j]);
			assert_int_equal(c.n, plain.n);
			for (size_t e = 0; e < c.n; e++) {
				const struct oom_event *p = plain.ev[e], *h = c.ev[e];
				assert_int_equal(h->kind, p->kind);
				assert_int_equal(h->incomplete, p->incomplete);
				assert_int_equal(h->n_lines, p->n_lines);
				assert_same_name(h->trigger.comm, p->trigger.comm, name, comms[j]);
				assert_int_equal(h->has_victim, p->has_victim);
				assert_int_equal(h->victim.pid, p->victim.pid);
				assert_int_equal(h->victim.total_vm_kib, p->victim.total_vm_kib);
				assert_same_name(h->victim.comm, p->victim.comm, name, comms[j]);
				assert_same_name(h->summary_task, p->summary_task, name, comms[j]);
				assert_int_equal(h->tasks.n_rows, p->tasks.n_rows);
				assert_int_equal(h->tasks.sum_rss, p->tasks.sum_rss);
				for (size_t t = 0; t < h->tasks.n_top; t++)
					assert_same_name(h->tasks.top[t].name, p->tasks.top[t].name,
							 name, comms[j]);
			}
			kept_events_free(&c);
		}
		kept_events_free(&plain);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_comm),
		cmocka_unit_test(test_newline_comm),
		cmocka_unit_test(test_newline_and_paren_comm),
		cmocka_unit_test(test_escape_comm),
		cmocka_unit_test(test_kmsg_escaped_newline),
		cmocka_unit_test(test_fixtures_with_newline_comm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
