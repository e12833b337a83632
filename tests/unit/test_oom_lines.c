/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the OOM line classifiers the assembler runs on every kernel line: the cheap
 * prefilter (oom_line_may_open) must pass every line that can open a report, in every fixture
 * and every era's wording, and turn ordinary kernel chatter away; and the task-table header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/oomreport/oom_assembler.h"
#include "lib/oomreport/oom_parse.h"

static bool opens(const char *line)
{
	return oom_line_starts_report(line) || oom_line_is_anchor(line);
}

/* Each wording that begins a report or anchors one, from 2.6 to 6.x. */
static void test_prefilter_passes_every_opening_line(void **state)
{
	static const char *const lines[] = {
		"java invoked oom-killer: gfp_mask=0x280da, order=0, oom_score_adj=0",
		"oom-killer: gfp_mask=0xd0, order=0",
		"kworker/u8:2: page allocation failure: order:4, mode:0x40cc0(GFP_KERNEL|__GFP_COMP)",
		"Out of memory: Killed process 19001 (java) total-vm:36044808kB",
		"Killed process 9930 (java), UID 0, total-vm:3840912kB",
		"Memory cgroup out of memory: Killed process 3311 (node)",
		"Out of memory (oom_kill_allocating_task): Killed process 4 (x)",
		"Out of memory: Kill process 2301 (mysqld) score 912 or sacrifice child",
		"Memory cgroup out of memory: Kill process 9930 (java) score 997 or sacrifice child",
		"Out of memory: kill process 1 (x) score 2 or a child",
		"Out of Memory: Killed process 2301 (mysqld).",
		"oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0",
		"Out of memory and no killable processes...",
		"Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled",
		"Kernel panic - not syncing: System is deadlocked on memory",
		"Task in /a killed as a result of limit of /a",
		"Memory cgroup out of memory: Kill process 1 (x) score 2 or sacrifice child",
		"memory: usage 1048576kB, limit 1048576kB, failcnt 912",
		"Tasks state (memory values in pages):",
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		print_message("%s\n", lines[i]);
		assert_true(opens(lines[i]));
		assert_true(oom_line_may_open(lines[i], strlen(lines[i])));
	}
}

/* Every line of every fixture report that opens a report passes the prefilter. */
static void test_prefilter_on_fixtures(void **state)
{
	char dir[512], path[800], buf[8192];
	snprintf(dir, sizeof(dir), "%s/oom-reports", FIXTURES_DIR);
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	unsigned files = 0, opening = 0;
	while ((e = readdir(d)) != NULL) {
		if (!strstr(e->d_name, ".txt"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "r");
		assert_non_null(f);
		files++;
		while (fgets(buf, sizeof(buf), f)) {
			buf[strcspn(buf, "\n")] = '\0';
			char *msg = buf, *close = strchr(buf, ']');
			if (buf[0] == '[' && close && memchr(buf, '.', (size_t)(close - buf)))
				msg = close + 1 + (close[1] == ' ');
			if (!opens(msg))
				continue;
			opening++;
			if (!oom_line_may_open(msg, strlen(msg)))
				fail_msg("%s: prefilter drops \"%s\"", e->d_name, msg);
		}
		fclose(f);
	}
	closedir(d);
	assert_true(files >= 30);
	assert_true(opening >= 100);
}

/* The lines a busy machine logs all day are turned away without the full checks. */
static void test_prefilter_rejects_chatter(void **state)
{
	static const char *const lines[] = {
		"[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56 SRC=203.0.113.9 DST=192.0.2.1 LEN=60",
		"audit: type=1400 audit(1700000000.123:42): apparmor=\"DENIED\" operation=\"open\" pid=1",
		"cgroup: fork rejected by pids controller in /system.slice/a.service",
		"EXT4-fs (sda1): mounted filesystem with ordered data mode. Quota mode: none.",
		"e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: None",
		"usb 1-1: new high-speed USB device number 2 using xhci_hcd",
		"",
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		assert_false(oom_line_may_open(lines[i], strlen(lines[i])));
}

/* A task-table header must name the rss column (every kernel's does): without it the rows would
 * carry no size, and the diagnosis multiplies the largest row's rss by the page size. */
static void test_task_header_needs_rss(void **state)
{
	struct oom_report r;
	assert_int_equal(oom_report_init(&r), 0);
	assert_int_equal(oom_report_line(&r, "x invoked oom-killer: gfp_mask=0x0, order=0"), LINE_PART);
	assert_false(oom_tasks_header(&r, "[ pid ]   uid  tgid total_vm name"));
	oom_report_line(&r, "[ pid ]   uid  tgid total_vm name");
	oom_report_line(&r, "[ 12]     0    12     100 sh");
	assert_int_equal(r.ev->tasks.n_rows, 0);
	assert_true(oom_tasks_header(&r, "[ pid ]   uid  tgid total_vm      rss cpu oom_adj name"));
	assert_true(oom_tasks_row(&r, "[ 12]     0    12     100      7   0       0 sh"));
	assert_int_equal(r.ev->tasks.n_rows, 1);
	/* a garbled header inside the table leaves the columns of the good one in place */
	assert_false(oom_tasks_header(&r, "[ pid ]   uid  tgid total_vm cpu oom_adj x y z"));
	assert_true(oom_tasks_row(&r, "[ 13]     0    13     100      9   0       0 sh"));
	assert_int_equal(r.ev->tasks.n_rows, 2);
	struct oom_event *ev = oom_report_finish(&r);
	assert_int_equal(ev->tasks.top[0].rss, 9);
	assert_int_equal(ev->tasks.top[1].rss, 7);
	oom_event_free(ev);
}

/* A summary line left alone (a grep for "oom-kill:") still names the victim: task= and pid=
 * (uid= too); a kill line, when there is one, wins. */
static void test_summary_only_names_victim(void **state)
{
	struct oom_report r;
	assert_int_equal(oom_report_init(&r), 0);
	oom_report_line(&r, "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=a,b,"
			    "mems_allowed=0,oom_memcg=/x,task_memcg=/x/y,task=my proc,pid=1234,uid=1000");
	struct oom_event *ev = oom_report_finish(&r);
	assert_true(ev->has_victim);
	assert_int_equal(ev->victim.pid, 1234);
	assert_string_equal(ev->victim.comm, "my proc");
	assert_int_equal(ev->victim.uid, 1000);
	assert_false(oom_isset(ev->victim.anon_rss_kib));
	oom_event_free(ev);

	assert_int_equal(oom_report_init(&r), 0);
	oom_report_line(&r, "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,"
			    "mems_allowed=0,global_oom,task_memcg=/,task=a,pid=77,uid=0");
	oom_report_line(&r, "Out of memory: Killed process 78 (b) total-vm:100kB, anon-rss:50kB, "
			    "file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0");
	ev = oom_report_finish(&r);
	assert_int_equal(ev->victim.pid, 78);
	assert_string_equal(ev->victim.comm, "b");
	oom_event_free(ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefilter_passes_every_opening_line),
		cmocka_unit_test(test_prefilter_on_fixtures),
		cmocka_unit_test(test_prefilter_rejects_chatter),
		cmocka_unit_test(test_task_header_needs_rss),
		cmocka_unit_test(test_summary_only_names_victim),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
