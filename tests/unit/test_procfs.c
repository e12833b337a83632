/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the /proc parsers (lib/procfs) and the process table read through a fixture
 * root (tests/fixtures/proc-basic): hostile names, kernel threads, missing PSI (and PSI as JSON),
 * legacy oom_adj. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/procfs/badness.h"
#include "lib/procfs/cgpath.h"
#include "lib/procfs/meminfo.h"
#include "lib/procfs/procmaps.h"
#include "lib/procfs/mountinfo.h"
#include "lib/procfs/pidstat.h"
#include "lib/procfs/psi.h"
#include "lib/procfs/psi_json.h"
#include "lib/procfs/vmstat.h"
#include "os/proc/proctable.h"
#include "os/core/sysroot.h"

static void test_meminfo(void **state)
{
	const char *t = "MemTotal:       24576000 kB\nMemFree:        100 kB\nMemAvailable:   2048 kB\n"
			"Shmem:          77 kB\nHugePages_Total:       4\nHugepagesize:       2048 kB\n";
	struct meminfo mi;
	assert_int_equal(meminfo_parse(t, strlen(t), &mi), 0);
	assert_int_equal(mi.mem_total, 24576000);
	assert_int_equal(mi.mem_available, 2048);
	assert_int_equal(mi.hugepages_total, 4);
	assert_true(mi.has & MEMINFO_HAS_SHMEM);
	assert_int_equal(meminfo_parse("garbage", 7, &mi), -EINVAL);
	/* pre-3.14: no MemAvailable, estimate from free + file + reclaimable slab */
	const char *old = "MemTotal: 1000 kB\nMemFree: 100 kB\nActive(file): 50 kB\nInactive(file): 25 kB\n"
			  "SReclaimable: 5 kB\n";
	assert_int_equal(meminfo_parse(old, strlen(old), &mi), 0);
	assert_int_equal(meminfo_available_kib(&mi), 180);
}

static void test_psi(void **state)
{
	const char *t = "some avg10=1.50 avg60=0.20 avg300=0.00 total=12345\n"
			"full avg10=0.75 avg60=0.10 avg300=0.00 total=678\n";
	struct psi p;
	assert_int_equal(psi_parse(t, strlen(t), &p), 0);
	assert_true(p.full.present);
	assert_true(p.some.avg10 > 1.49 && p.some.avg10 < 1.51);
	assert_int_equal(p.full.total_us, 678);
	assert_int_equal(psi_parse("", 0, &p), -EINVAL);
}

/* Averages are decimals, read exactly as strtod reads them; anything else refuses the line. */
static void test_psi_decimals(void **state)
{
	static const char *const good[] = { "0.00", "12.34", "99.99", "100.00", "7", "3.", "0.125" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char t[160];
		struct psi p;
		snprintf(t, sizeof(t), "some avg10=%s avg60=0.00 avg300=0.00 total=1\n", good[i]);
		assert_int_equal(psi_parse(t, strlen(t), &p), 0);
		assert_true(p.some.avg10 == strtod(good[i], NULL));   /* the same double, not close */
	}
	static const char *const bad[] = { "1e5", "nan", "inf", "0x10", ".", "-1.0", "1.2.3", "1,5",
					   "1234567890123456789" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char t[160];
		struct psi p;
		snprintf(t, sizeof(t), "some avg10=%s avg60=0.00 avg300=0.00 total=1\n", bad[i]);
		assert_int_equal(psi_parse(t, strlen(t), &p), -EINVAL);
	}
}

/* /proc/PID/maps lines: the daemon finds its stack and its own code with them. */
static void test_procmaps(void **state)
{
	const char *t =
		"55d0c0a00000-55d0c0a03000 r--p 00000000 fe:00 5308823                    /usr/bin/oomguard daemon\n"
		"55d0c0a03000-55d0c0a17000 r-xp 00003000 fe:00 5308823                    /usr/bin/oomguard daemon\n"
		"not a mapping line\n"
		"7ffd90c51000-7ffd90c72000 rw-p 00000000 00:00 0                          [stack]\n"
		"7f00000000-7f00001000 rw-p 00000000 00:00 0\n"
		"ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]";
	const char *pos = t, *end = t + strlen(t);
	struct procmaps_range r;

	assert_int_equal(procmaps_next(&pos, end, &r), 1);
	assert_true(r.start == 0x55d0c0a00000ull && r.end == 0x55d0c0a03000ull);
	assert_string_equal(r.perms, "r--p");
	assert_true(r.inode == 5308823 && r.offset_bytes == 0);
	assert_int_equal((int)r.path_len, (int)strlen("/usr/bin/oomguard daemon"));
	assert_memory_equal(r.path, "/usr/bin/oomguard daemon", r.path_len);   /* spaces are data */
	assert_int_equal(procmaps_next(&pos, end, &r), 1);
	assert_true(r.offset_bytes == 0x3000 && r.perms[2] == 'x');
	assert_int_equal(procmaps_next(&pos, end, &r), 1);      /* the malformed line is skipped */
	assert_true(r.inode == 0 && r.start == 0x7ffd90c51000ull);
	assert_memory_equal(r.path, "[stack]", r.path_len);
	assert_int_equal(procmaps_next(&pos, end, &r), 1);
	assert_int_equal((int)r.path_len, 0);                    /* anonymous, no path */
	assert_int_equal(procmaps_next(&pos, end, &r), 1);      /* the last line has no newline */
	assert_true(r.end == 0xffffffffff601000ull);
	assert_int_equal(procmaps_next(&pos, end, &r), 0);

	static const char *const bad[] = { "1000-0fff r--p 0 00:00 0 x\n", "1000-2000 r--p\n",
		"1000-2000 r--pX 0 00:00 0\n", "10000000000000000-20000000000000000 r--p 0 00:00 0\n",
		"1000-2000 r--p 0 00:00\n" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		pos = bad[i];
		assert_int_equal(procmaps_next(&pos, bad[i] + strlen(bad[i]), &r), 0);
	}
}

/* The JSON shape of report --json "pressure" and the kill snapshot's "psi_memory". */
static void test_psi_json(void **state)
{
	const char *t = "some avg10=1.50 avg60=0.20 avg300=0.00 total=12345\n";  /* old kernel: no full */
	struct strbuf sb;
	struct json j;
	struct psi p;

	assert_int_equal(psi_parse(t, strlen(t), &p), 0);
	strbuf_init(&sb);
	json_init(&j, &sb);
	json_obj_begin(&j);
	psi_json(&j, "a", &p);
	psi_json(&j, "b", NULL);
	p.present = false;
	psi_json(&j, "c", &p);
	json_obj_end(&j);
	assert_string_equal(sb.buf, "{\"a\":{\"some\":{\"avg10\":1.5,\"avg60\":0.2,\"avg300\":0,"
				    "\"total_us\":12345},\"full\":null},\"b\":null,\"c\":null}");
	strbuf_free(&sb);
}

static void test_vmstat(void **state)
{
	const char *t = "nr_free_pages 100\nallocstall_normal 3\nallocstall_movable 4\noom_kill 2\n";
	struct vmstat v;
	assert_int_equal(vmstat_parse(t, strlen(t), &v), 0);
	assert_int_equal(v.oom_kill, 2);
	assert_int_equal(v.allocstall, 7);
	assert_true(v.has & VMSTAT_HAS_OOM_KILL);
}

static void test_stat_hostile_comm(void **state)
{
	const char *t = "4242 (a b) (c) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 3 0 "
			"98765 1000000 250 18446744073709551615\n";
	struct pid_stat st;
	assert_int_equal(pid_stat_parse(t, strlen(t), &st), 0);
	assert_int_equal(st.pid, 4242);
	assert_string_equal(st.comm, "a b) (c");
	assert_int_equal(st.state, 'S');
	assert_int_equal(st.num_threads, 3);
	assert_int_equal(st.starttime, 98765);
	assert_int_equal(st.rss_pages, 250);
	assert_false(pid_stat_is_kthread(&st));

	const char *nl = "77 (x\ny)) R 2 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0 1\n";
	assert_int_equal(pid_stat_parse(nl, strlen(nl), &st), 0);
	assert_string_equal(st.comm, "x\ny)");
	assert_true(pid_stat_is_kthread(&st));

	const char *cut = "77 (x) R 2 0 0";
	assert_int_equal(pid_stat_parse(cut, strlen(cut), &st), -EINVAL);
}

static void test_status(void **state)
{
	const char *t = "Name:\tweird: name\nUid:\t1000\t1000\t1000\t1000\nThreads:\t5\n"
			"VmRSS:\t  300 kB\nRssAnon:\t  200 kB\nRssFile:\t  90 kB\nRssShmem:\t 10 kB\n"
			"VmSwap:\t  7 kB\nVmPTE:\t  12 kB\nKthread:\t0\n";
	struct pid_status s;
	assert_int_equal(pid_status_parse(t, strlen(t), &s), 0);
	assert_int_equal(s.uid, 1000);
	assert_int_equal(s.rss_anon_kib, 200);
	assert_int_equal(s.vm_swap_kib, 7);
	assert_true(s.has_rss_split);
	assert_true(s.has_kthread_field);
	assert_false(s.has_ctxt_switches);
	/* a fresh process's count is 0, and still there */
	const char *sw = "Name:\tx\nUid:\t0\t0\t0\t0\nvoluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t3\n";
	assert_int_equal(pid_status_parse(sw, strlen(sw), &s), 0);
	assert_true(s.has_ctxt_switches);
	assert_int_equal(s.voluntary_ctxt_switches, 0);
	sw = "Uid:\t0\t0\t0\t0\nvoluntary_ctxt_switches:\t4242\n";
	assert_int_equal(pid_status_parse(sw, strlen(sw), &s), 0);
	assert_int_equal(s.voluntary_ctxt_switches, 4242);
}

static void test_cgroup_and_unit(void **state)
{
	const char *t = "9:name=systemd:/system.slice/mysql.service\n4:memory:/system.slice/mysql.service\n0::/\n";
	struct pid_cgroups cg;
	char unit[64];
	assert_int_equal(pid_cgroup_parse(t, strlen(t), &cg), 0);
	assert_string_equal(pid_cgroup_memory_path(&cg), "/system.slice/mysql.service");
	assert_string_equal(cgroup_path_unit(pid_cgroup_unit_path(&cg), unit, sizeof(unit)), "mysql.service");
	assert_string_equal(cgroup_path_unit("/user.slice/user-1000.slice/session-2.scope/x", unit,
					     sizeof(unit)), "session-2.scope");
	assert_string_equal(cgroup_path_unit("/", unit, sizeof(unit)), "");
}

static void test_mountinfo(void **state)
{
	const char *t =
		"30 25 0:26 / /sys/fs/cgroup rw shared:4 - tmpfs tmpfs rw\n"
		"35 30 0:30 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory\n"
		"40 30 0:31 / /sys/fs/cgroup/unified rw shared:10 - cgroup2 cgroup2 rw\n";
	struct cgroup_mounts m;
	assert_int_equal(mountinfo_find_cgroups(t, strlen(t), &m), 0);
	assert_string_equal(m.memory_v1, "/sys/fs/cgroup/memory");
	assert_string_equal(m.unified, "/sys/fs/cgroup/unified");
	assert_string_equal(m.pids_v1, "");
}

/* Legacy and hybrid layouts: the v1 pids hierarchy, alone or co-mounted with other controllers,
 * the first mount winning over a later bind mount, escapes undone. */
static void test_mountinfo_pids_v1(void **state)
{
	(void)state;
	const char *hybrid =
		"31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
		"32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
		"35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
		"39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
		"41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"
		"90 20 0:36 / /mnt/other\\040pids rw - cgroup cgroup rw,pids\n";
	struct cgroup_mounts m;
	assert_int_equal(mountinfo_find_cgroups(hybrid, strlen(hybrid), &m), 0);
	assert_string_equal(m.pids_v1, "/sys/fs/cgroup/pids");
	assert_string_equal(m.memory_v1, "/sys/fs/cgroup/memory");
	assert_string_equal(m.unified, "/sys/fs/cgroup/unified");

	/* only pids, co-mounted, under a name with a space */
	const char *only = "50 20 0:40 / /cg/pids\\040and\\040devices rw shared:3 - cgroup none rw,devices,pids\n";
	assert_int_equal(mountinfo_find_cgroups(only, strlen(only), &m), 0);
	assert_string_equal(m.pids_v1, "/cg/pids and devices");
	assert_string_equal(m.memory_v1, "");
	assert_string_equal(m.unified, "");

	/* a pids-like word in another option does not count */
	const char *none = "51 20 0:41 / /cg/x rw - cgroup none rw,name=pids2,cpu\n";
	assert_int_equal(mountinfo_find_cgroups(none, strlen(none), &m), -ENOENT);
	assert_string_equal(m.pids_v1, "");
}

static void test_badness(void **state)
{
	struct badness_input in = { .rss_pages = 1000, .swap_pages = 100, .pgtables_pages = 10,
				    .oom_score_adj = 500, .totalpages = 1000000 };
	struct badness b;
	badness_compute(&in, &b);
	assert_int_equal(b.adj_points, 500000);
	assert_int_equal(b.points, 501110);
	assert_false(b.unkillable);
	in.oom_score_adj = -1000;
	badness_compute(&in, &b);
	assert_true(b.unkillable);
	assert_int_equal(oom_adj_to_score_adj(-17), -1000);
	assert_int_equal(oom_adj_to_score_adj(15), 1000);
	assert_int_equal(oom_score_adj_to_adj(-1000), -17);
}

static void test_proctable_fixture(void **state)
{
	struct proctable t;
	assert_int_equal(sysroot_init(FIXTURES_DIR "/proc-basic"), 0);
	assert_int_equal(proctable_scan(&t, PROC_WANT_ALL), 3);
	proctable_sort_oom(&t);
	assert_int_equal(t.v[0].pid, 300);
	assert_string_equal(t.v[0].comm, "a b) (c");
	assert_int_equal(t.v[0].oom_score, 700);
	assert_string_equal(t.v[0].unit, "hog.service");
	assert_int_equal(t.v[0].rss_anon_kib, 800000);
	/* pid 2 is a kernel thread */
	int found_kthread = 0;
	for (size_t i = 0; i < t.n; i++)
		if (t.v[i].pid == 2)
			found_kthread = t.v[i].kthread;
	assert_true(found_kthread);
	/* pid 400's directory has stat but no status: it vanished mid-scan and is skipped */
	assert_int_equal(t.vanished, 1);
	proctable_free(&t);
	assert_int_equal(sysroot_init(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meminfo),
		cmocka_unit_test(test_psi),
		cmocka_unit_test(test_psi_json),
		cmocka_unit_test(test_psi_decimals),
		cmocka_unit_test(test_procmaps),
		cmocka_unit_test(test_vmstat),
		cmocka_unit_test(test_stat_hostile_comm),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_cgroup_and_unit),
		cmocka_unit_test(test_mountinfo),
		cmocka_unit_test(test_mountinfo_pids_v1),
		cmocka_unit_test(test_badness),
		cmocka_unit_test(test_proctable_fixture),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
