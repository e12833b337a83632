/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for `oomguard top` and `protect` below the command layer: the ranked snapshot
 * (os/victims) on fixture trees (tests/fixtures/top-modern: hostile names, a pid that vanishes
 * between reads, kernel threads, a zombie, no PSI; top-legacy: a kernel with only oom_adj and no
 * RSS split), the pure ranking and wording (lib/procfs/oomrank), drop-in helpers
 * (lib/procfs/oomadj) and passwd lookup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "lib/procfs/oomadj.h"
#include "lib/procfs/oomrank.h"
#include "lib/util/passwd.h"
#include "os/core/sysroot.h"
#include "os/proc/usernames.h"
#include "os/proc/victims.h"

static const struct proc_entry *find(const struct victims *v, pid_t pid)
{
	for (size_t i = 0; i < v->table.n; i++)
		if (v->table.v[i].pid == pid)
			return &v->table.v[i];
	return NULL;
}

static void test_modern_ranking(void **state)
{
	struct victims v;
	assert_int_equal(sysroot_init(FIXTURES_DIR "/top-modern"), 0);
	/* no /proc/pressure in this tree: top does not need PSI */
	assert_int_equal(access(FIXTURES_DIR "/top-modern/proc/pressure", F_OK), -1);
	assert_int_equal(victims_scan(&v, OOMRANK_SCORE, 0), 7);
	/* kernel threads 2 and 3 are never listed; 5000 vanished between the listing and the reads */
	assert_null(find(&v, 2));
	assert_null(find(&v, 3));
	assert_null(find(&v, 5000));
	assert_int_equal(v.table.vanished, 1);
	assert_int_equal(v.table.unreadable, 0);
	/* order: by oom_score, ties by the kernel's exact points (4244 holds more than 4243) */
	const pid_t order[] = { 18540, 4242, 4244, 4243 };
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(v.table.v[i].pid, order[i]);
	for (size_t i = 1; i < v.table.n; i++)
		assert_true(v.table.v[i - 1].oom_score >= v.table.v[i].oom_score);
	assert_int_equal(v.next_victim, 0);
	assert_int_equal(v.rows, 7);
	assert_int_equal(v.totalpages, 1250000);
	assert_int_equal(v.protected_count, 1);
	assert_int_equal(v.unkillable_count, 2);

	/* hostile names are kept as raw bytes */
	assert_string_equal(find(&v, 4242)->comm, "a b) (c");
	assert_string_equal(find(&v, 4243)->comm, "x\ny\x1b[31m");
	assert_int_equal(oomrank_standing(find(&v, 700)), OOM_PROTECTED);
	assert_int_equal(oomrank_standing(find(&v, 1)), OOM_UNKILLABLE);
	assert_int_equal(oomrank_standing(find(&v, 6000)), OOM_UNKILLABLE);

	const struct proc_entry *m = find(&v, 18540);
	assert_string_equal(m->unit, "mysql.service");
	assert_int_equal(m->rss_anon_kib, 2000000);
	assert_int_equal(m->swap_kib, 40000);
	/* user names come from the tree's etc/passwd, not this machine's */
	assert_string_equal(username_of(m->uid), "mysql");
	assert_string_equal(username_of(4321), "4321");
	usernames_free();

	struct badness b;
	oomrank_badness(m, v.totalpages, 4, &b);
	assert_int_equal(b.rss_points, 500100);
	assert_int_equal(b.swap_points, 10000);
	assert_int_equal(b.pgtables_points, 1000);
	assert_int_equal(b.adj_points, 0);
	oomrank_badness(find(&v, 4242), v.totalpages, 4, &b);
	assert_int_equal(b.adj_points, 300 * 1250);

	struct strbuf sb;
	strbuf_init(&sb);
	oomrank_headline(&sb, m, 0);
	assert_string_equal(sb.buf, "If memory ran out now, the kernel would kill mysqld (pid 18540, oom_score 912).");
	strbuf_reset(&sb);
	oomrank_headline(&sb, find(&v, 4243), 0);
	assert_null(strchr(sb.buf, '\n'));   /* escaped, not raw */
	assert_null(strchr(sb.buf, '\x1b'));
	assert_non_null(strstr(sb.buf, "x\\ny\\x1b[31m"));
	strbuf_reset(&sb);
	oomrank_why(&sb, find(&v, 4242), v.totalpages, 4);
	assert_non_null(strstr(sb.buf, "oom_score_adj +300 adds 30.0%"));
	strbuf_reset(&sb);
	oomrank_headline(&sb, NULL, 0);
	assert_non_null(strstr(sb.buf, "kernel would panic"));
	strbuf_free(&sb);
	victims_free(&v);

	/* lazy detail: only 2 rows asked for; the rest have just their oom_score */
	assert_int_equal(victims_scan(&v, OOMRANK_SCORE, 2), 7);
	assert_int_equal(v.rows, 2);
	assert_true((v.table.v[1].have & VICTIMS_DETAIL) == VICTIMS_DETAIL);
	assert_int_equal(v.table.v[v.next_victim].pid, 18540);
	victims_free(&v);

	/* other sort keys */
	assert_int_equal(victims_scan(&v, OOMRANK_RSS, 0), 7);
	assert_int_equal(v.table.v[0].pid, 18540);
	assert_int_equal(v.table.v[1].pid, 4244);
	victims_free(&v);
	assert_int_equal(victims_scan(&v, OOMRANK_NAME, 0), 7);
	assert_string_equal(v.table.v[0].comm, "a b) (c");
	assert_int_equal(v.table.v[v.next_victim].pid, 18540);
	victims_free(&v);
	assert_int_equal(sysroot_init(NULL), 0);
}

static void test_legacy_kernel(void **state)
{
	struct victims v;
	assert_int_equal(sysroot_init(FIXTURES_DIR "/top-legacy"), 0);
	assert_int_equal(victims_scan(&v, OOMRANK_SCORE, 0), 4);
	assert_null(find(&v, 2));
	const struct proc_entry *httpd = find(&v, 100), *batch = find(&v, 102), *java = find(&v, 101);
	assert_true(httpd->legacy_oom_adj);
	assert_int_equal(httpd->oom_score_adj, -1000);   /* oom_adj -17 */
	assert_int_equal(batch->oom_score_adj, 1000);    /* oom_adj 15 */
	assert_int_equal(oomrank_standing(httpd), OOM_PROTECTED);
	assert_false(java->has_rss_split);
	assert_int_equal(java->rss_kib, 500000);
	assert_int_equal(v.table.v[v.next_victim].pid, 102);
	assert_null(java->unit);                         /* no cgroup file on this kernel */
	victims_free(&v);
	assert_int_equal(sysroot_init(NULL), 0);
}

/* Equal oom_score: ordered by the kernel's exact points, with rss as the kernel counts it (stat's,
 * not status's VmRSS, which adds per-CPU batches on 6.16+); equal points: the newest process
 * first (select_bad_process keeps the last one it meets), by starttime, then the higher pid in one
 * tick.  Only the rows shown get their cgroup read. */
static void test_tie_order(void **state)
{
	struct victims v;
	assert_int_equal(sysroot_init(FIXTURES_DIR "/top-ties"), 0);
	assert_int_equal(victims_scan(&v, OOMRANK_SCORE, 1), 7);
	/* 503 holds the most; then 2010 points each: 300 (started last, its pid wrapped), 504 and 502
	 * (same tick: the higher pid came later), 501; then 506 (VmRSS 9000 kB, but 1900 pages as the
	 * kernel counts), then 505 */
	const pid_t order[] = { 503, 300, 504, 502, 501, 506, 505 };
	for (size_t i = 0; i < 7; i++)
		assert_int_equal(v.table.v[i].pid, order[i]);
	assert_int_equal(v.table.v[v.next_victim].pid, 503);
	assert_int_equal(v.top_ties, 0);
	assert_int_equal(v.rows, 1);
	assert_int_equal(find(&v, 506)->rss_kib, 9000);
	assert_int_equal(oomrank_points(find(&v, 506), v.totalpages, v.page_kib), 1910);
	assert_int_equal(find(&v, 505)->have & PROC_WANT_CGROUP, 0);
	assert_int_not_equal(find(&v, 503)->have & PROC_WANT_CGROUP, 0);
	victims_free(&v);

	/* every row shown: the same order */
	assert_int_equal(victims_scan(&v, OOMRANK_SCORE, 0), 7);
	for (size_t i = 0; i < 7; i++)
		assert_int_equal(v.table.v[i].pid, order[i]);
	victims_free(&v);
	assert_int_equal(sysroot_init(NULL), 0);

	/* without stat, equal points fall back to the higher pid first */
	struct proc_entry e[3] = {
		{ .pid = 10, .rss_kib = 400, .oom_score = 666 },
		{ .pid = 30, .rss_kib = 400, .oom_score = 666 },
		{ .pid = 20, .rss_kib = 800, .oom_score = 666 },
	};
	oomrank_sort_points(e, 3, 1000000, 4);
	assert_int_equal(e[0].pid, 20);
	assert_int_equal(e[1].pid, 30);
	assert_int_equal(e[2].pid, 10);
	assert_int_equal(oomrank_points(&e[0], 1000000, 4), 200);
	e[0].oom_score_adj = -1000;
	assert_true(oomrank_points(&e[0], 1000000, 4) == INT64_MIN);
}

static void test_keys(void **state)
{
	enum oomrank_key k;
	assert_int_equal(oomrank_key_parse("rss", &k), 0);
	assert_int_equal(k, OOMRANK_RSS);
	assert_int_equal(oomrank_key_parse("oom_score", &k), 0);
	assert_int_equal(k, OOMRANK_SCORE);
	assert_int_equal(oomrank_key_parse("bogus", &k), -EINVAL);
	assert_string_equal(oomrank_key_name(OOMRANK_SWAP), "swap");

	struct strbuf sb;
	strbuf_init(&sb);
	oomrank_add_size(&sb, 1536);
	assert_string_equal(sb.buf, "1.5 MiB");
	strbuf_reset(&sb);
	oomrank_add_size(&sb, 512);
	assert_string_equal(sb.buf, "512 KiB");
	strbuf_free(&sb);
}

static void test_dropin(void **state)
{
	char buf[512];
	assert_true(oomadj_unit_is_service("mysql.service"));
	assert_true(oomadj_unit_is_service("getty@tty1.service"));
	assert_false(oomadj_unit_is_service("session-3.scope"));
	assert_false(oomadj_unit_is_service("../../etc.service"));
	assert_false(oomadj_unit_is_service("a/b.service"));
	assert_false(oomadj_unit_is_service("x\n.service"));
	assert_false(oomadj_unit_is_service(".service"));
	assert_int_equal(oomadj_dropin_path("mysql.service", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/etc/systemd/system/mysql.service.d/50-oomguard.conf");
	assert_int_equal(oomadj_dropin_path("../x.service", buf, sizeof(buf)), -EINVAL);
	oomadj_dropin_text(-1000, buf, sizeof(buf));
	assert_non_null(strstr(buf, "\n[Service]\nOOMScoreAdjust=-1000\n"));
	assert_true(oomadj_dropin_is_ours(buf, strlen(buf)));
	assert_false(oomadj_dropin_is_ours("[Service]\nOOMScoreAdjust=-1000\n", 30));
	oomadj_value_text(-1000, true, buf, sizeof(buf));
	assert_string_equal(buf, "-17\n");
	oomadj_value_text(-1000, false, buf, sizeof(buf));
	assert_string_equal(buf, "-1000\n");
}

static void test_passwd(void **state)
{
	const char *t = "root:x:0:0:root:/root:/bin/bash\nbad line\nweird:x:12x:0::/:/bin/sh\n"
			"mysql:x:110:118::/nonexistent:/bin/false";
	char name[32];
	assert_int_equal(passwd_name_of_uid(t, strlen(t), 110, name, sizeof(name)), 0);
	assert_string_equal(name, "mysql");
	assert_int_equal(passwd_name_of_uid(t, strlen(t), 12, name, sizeof(name)), -ENOENT);
	assert_int_equal(passwd_name_of_uid(t, strlen(t), 0, name, sizeof(name)), 0);
	assert_string_equal(name, "root");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modern_ranking),
		cmocka_unit_test(test_legacy_kernel),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_dropin),
		cmocka_unit_test(test_passwd),
		cmocka_unit_test(test_tie_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
