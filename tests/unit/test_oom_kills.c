/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for every OOM kill by every killer: memory.oom.group kills (one event listing each
 * process once, "already exiting" not a kill), a child killed instead of the selected task, old
 * and vendor kernel formats, userspace killers (systemd-oomd, systemd's unit manager, earlyoom of
 * several versions, nohang, Facebook's oomd, Android's lmkd, oomguard's daemon), one kill told by a
 * killer and the kernel as one event, and containers read from cgroup paths.  Lines go through
 * the log-line decoder and the assembler as `events` reads files; the real logs are in
 * tests/fixtures/kills (sources in its README). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/oomreport/event_merge.h"
#include "lib/kmsg/journal_entry.h"
#include "lib/kmsg/killer_tags.h"
#include "lib/kmsg/logline.h"
#include "lib/oomreport/container_id.h"
#include "lib/oomreport/oom_assembler.h"
#include "lib/oomreport/oom_event.h"
#include "lib/oomreport/oom_event_json.h"
#include "lib/oomreport/userspace_kills.h"
#include "lib/policy/daemon_event.h"
#include "lib/util/json.h"
#include "lib/util/strbuf.h"
#include "kept_events.h"
#include "event_builder.h"

/* Decodes each line as `events FILE` does (userspace killers included) and assembles. */
static void feed_text(struct kept_events *k, const char *const *lines, size_t n)
{
	struct oom_assembler *a = oom_assembler_new(keep_event, k);
	struct logline_ctx ctx;
	struct log_record rec;
	char buf[4096];

	logline_ctx_init(&ctx, LOG_ORIGIN_FILE, false, "test");
	ctx.want_userspace = true;
	ctx.ref_year = 2026;
	ctx.ref_mon = 12;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(lines[i]);
		assert_true(len < sizeof(buf));
		memcpy(buf, lines[i], len + 1);
		if (logline_decode(&ctx, buf, len, &rec) >= 1)
			oom_assembler_feed(a, &rec);
	}
	oom_assembler_flush(a);
	oom_assembler_free(a);
}

static void feed_fixture(struct kept_events *k, const char *name)
{
	char path[512], line[4096];
	const char *lines[256];
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/kills/%s", FIXTURES_DIR, name);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	while (n < 256 && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		lines[n++] = strdup(line);
	}
	fclose(f);
	feed_text(k, lines, n);
	for (size_t i = 0; i < n; i++)
		free((char *)lines[i]);
}

static char *event_json(const struct oom_event *ev)
{
	struct strbuf sb;
	struct json j;

	strbuf_init(&sb);
	json_init(&j, &sb);
	oom_event_json(&j, ev, false);
	assert_false(sb.failed);
	return sb.buf;
}

/* ---- kernel kills ---- */

static void test_oom_group_one_event(void **state)
{
	(void)state;
	/* 5.9+ wording (mm/oom_kill.c): the victim, the group line, every member - the victim
	 * again - and a member that was exiting already */
	static const char *const lines[] = {
		"[ 100.000001] gunicorn invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		"[ 100.000002] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/system.slice/api.service,task_memcg=/system.slice/api.service,task=gunicorn,pid=5512,uid=999",
		"[ 100.000003] Memory cgroup out of memory: Killed process 5512 (gunicorn) total-vm:720480kB, anon-rss:680480kB, file-rss:4000kB, shmem-rss:0kB, UID:999 pgtables:1408kB oom_score_adj:0",
		"[ 100.000004] Tasks in /system.slice/api.service are going to be killed due to memory.oom.group set",
		"[ 100.000005] Memory cgroup out of memory: Killed process 5512 (gunicorn) total-vm:720480kB, anon-rss:680480kB, file-rss:4000kB, shmem-rss:0kB, UID:999 pgtables:1408kB oom_score_adj:0",
		"[ 100.000006] Memory cgroup out of memory: Killed process 5501 (gunicorn) total-vm:120480kB, anon-rss:40480kB, file-rss:0kB, shmem-rss:0kB, UID:999 pgtables:208kB oom_score_adj:0",
		"[ 100.000007] Memory cgroup out of memory: OOM victim 5509 (gunicorn) is already exiting. Skip killing the task",
		"[ 100.000008] Memory cgroup out of memory: Killed process 5510 (gunicorn) total-vm:720480kB, anon-rss:1000kB, file-rss:0kB, shmem-rss:0kB, UID:999 pgtables:1400kB oom_score_adj:0",
	};
	struct kept_events k = { 0 };

	feed_text(&k, lines, sizeof(lines) / sizeof(lines[0]));
	assert_int_equal(k.n, 1);
	const struct oom_event *ev = k.ev[0];
	assert_true(ev->oom_group);
	assert_int_equal(ev->n_killed, 3);            /* 5512 once, 5501, 5510; not 5509 */
	assert_int_equal(ev->killed[0].pid, 5512);
	assert_int_equal(ev->killed[1].pid, 5501);
	assert_int_equal(ev->killed[1].anon_rss_kib, 40480);
	assert_int_equal(ev->killed[2].pid, 5510);
	assert_true(ev->skipped_exiting);
	assert_int_equal(ev->victim.pid, 5512);
	assert_string_equal(ev->container.unit, "api.service");
	char *js = event_json(ev);
	assert_non_null(strstr(js, "\"killed_count\":3"));
	assert_non_null(strstr(js, "\"killed_by\":[\"kernel\"]"));
	free(js);
	kept_events_free(&k);
}

static void test_sacrifice_child(void **state)
{
	(void)state;
	struct kept_events k = { 0 };

	feed_fixture(&k, "k8s-sacrifice-child-dmesgT.txt");
	assert_true(k.n >= 1);
	const struct oom_event *ev = k.ev[0];
	assert_int_equal(ev->victim.pid, 28438);           /* the one that died */
	assert_int_equal(ev->selected_pid, 24572);         /* the one selected */
	assert_string_equal(ev->selected_comm, "java");
	assert_int_equal(ev->victim.anon_rss_kib, 466160);
	assert_int_equal(ev->constraint, OOM_CONSTRAINT_MEMCG);
	kept_events_free(&k);
}

static void test_old_and_vendor_formats(void **state)
{
	(void)state;
	struct kept_events k = { 0 };
	static const char *const v24[] = { "VM: killing process mozilla-bin" };   /* Linux 2.4 */

	feed_text(&k, v24, 1);
	assert_int_equal(k.n, 1);
	assert_true(k.ev[0]->has_victim);
	assert_string_equal(k.ev[0]->victim.comm, "mozilla-bin");
	assert_false(oom_isset(k.ev[0]->victim.pid));
	kept_events_free(&k);

	feed_fixture(&k, "virtuozzo-ub.log");               /* OpenVZ / Virtuozzo */
	assert_int_equal(k.n, 2);
	assert_int_equal(k.ev[0]->victim.pid, 21738);
	assert_string_equal(k.ev[0]->victim.comm, "php-cgi");
	assert_int_equal(k.ev[0]->victim.total_vm_kib, 281988);
	assert_string_equal(k.ev[0]->container.runtime, "openvz");
	assert_string_equal(k.ev[0]->container.id, "1234");
	kept_events_free(&k);

	static const char *const odd[] = {
		/* /proc/kmsg: "<level>[stamp] message" */
		"<4>[ 1234.567890] Out of memory: Killed process 15925 ((resolved)) total-vm:1000kB, anon-rss:500kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0",
		/* rsyslog ISO 8601 stamp, a name with blanks, a line padded with blanks */
		"2024-05-01T10:00:00.123456+00:00 web1 kernel:    Out of memory: Killed process 4711 (Web Content) total-vm:2000kB, anon-rss:1500kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:40kB oom_score_adj:0   ",
	};
	feed_text(&k, odd, 2);
	assert_int_equal(k.n, 2);
	assert_string_equal(k.ev[0]->victim.comm, "(resolved)");
	assert_int_equal(k.ev[0]->monotonic_us, 1234567890);
	assert_string_equal(k.ev[1]->victim.comm, "Web Content");
	assert_int_equal(k.ev[1]->victim.anon_rss_kib, 1500);
	assert_int_equal(k.ev[1]->realtime_us, 1714557600123456LL);
	kept_events_free(&k);
}

static void test_new_headers_constraints_panic(void **state)
{
	(void)state;
	struct kept_events k = { 0 };
	static const char *const lines[] = {
		"[  50.000001] stress invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0",
		"[  50.000002] CPU: 3 UID: 1000 PID: 4321 Comm: stress Not tainted 6.12.0 #1",
		/* a constraint name this parser does not know (the BPF OOM work may add some) is kept */
		"[  50.000003] oom-kill:constraint=CONSTRAINT_SOMETHING_NEW,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice,task=stress,pid=4322,uid=1000",
		"[  50.000004] Out of memory: Killed process 4322 (stress) total-vm:9000kB, anon-rss:8000kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:40kB oom_score_adj:0",
		"[  60.000001] bash invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		"[  60.000002] Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled",
	};
	feed_text(&k, lines, sizeof(lines) / sizeof(lines[0]));
	assert_int_equal(k.n, 2);
	assert_int_equal(k.ev[0]->trigger.pid, 4321);
	assert_int_equal(k.ev[0]->constraint, OOM_CONSTRAINT_OTHER);
	assert_string_equal(oom_event_constraint(k.ev[0]), "CONSTRAINT_SOMETHING_NEW");
	assert_int_equal(k.ev[1]->kind, OOM_KIND_PANIC);
	assert_false(k.ev[1]->has_victim);                  /* a panic names no victim */
	kept_events_free(&k);

	/* localized dmesg -T: the stamp is read, the time stays unknown */
	static const char *const loc[] = {
		"[mar. août 29 01:35:08 2023] Out of memory: Killed process 77 (x) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0",
	};
	feed_text(&k, loc, 1);
	assert_int_equal(k.n, 1);
	assert_int_equal(k.ev[0]->victim.pid, 77);
	kept_events_free(&k);
}

/* ---- userspace killers ---- */

static void test_systemd_oomd(void **state)
{
	(void)state;
	struct kept_events k = { 0 };

	feed_fixture(&k, "systemd-oomd-pressure.log");
	assert_int_equal(k.n, 1);
	const struct oom_event *ev = k.ev[0];
	assert_int_equal(ev->kind, OOM_KIND_USERSPACE);
	assert_string_equal(ev->userspace.killer, "systemd-oomd");
	assert_int_equal(ev->userspace.processes_killed, 12);
	assert_int_equal(ev->userspace.pressure_pct_x100, 5107);
	assert_int_equal(ev->userspace.limit_pct_x100, 5000);
	assert_non_null(strstr(ev->userspace.reason, "memory pressure for /user.slice/user-1001.slice"));
	assert_string_equal(ev->container.unit, "vte-spawn-dbb4a75e-031f-480d-924b-5de5af7579d2.scope");
	assert_false(ev->has_victim);
	char *js = event_json(ev);
	assert_non_null(strstr(js, "\"verdict\":\"killed by systemd-oomd\""));
	assert_non_null(strstr(js, "\"kind\":\"userspace\""));
	free(js);
	kept_events_free(&k);

	feed_fixture(&k, "systemd-oomd-marked-monotonic.log");   /* newer "Marked ... for killing" */
	assert_int_equal(k.n, 1);
	assert_string_equal(k.ev[0]->userspace.cgroup, "/system.slice/systemd-journald.service");
	assert_int_equal(k.ev[0]->userspace.processes_killed, 1);
	kept_events_free(&k);

	struct us_state st;
	struct us_record u;
	us_state_init(&st);
	/* swap kill wording (src/oom/oomd-manager.c) */
	assert_int_equal(us_parse_line(&st, "systemd-oomd", 12,
				       "Killed /user.slice/user-1000.slice/user@1000.service/app.slice/app-x.scope due to swap used (3000) / total (4000) being more than 90.00%", &u),
			 US_KILL);
	assert_int_equal(u.u.limit_pct_x100, 9000);
	assert_non_null(strstr(u.u.reason, "swap used"));
}

static void test_unit_manager_ties_kernel_kill(void **state)
{
	(void)state;
	struct kept_events k = { 0 };
	static const char *const lines[] = {
		"Aug  4 09:26:10 srv kernel: Out of memory: Killed process 1234 (node) total-vm:100kB, anon-rss:80kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0",
		"Aug  4 09:26:11 srv systemd[1]: fworch-ui.service: A process of this unit has been killed by the OOM killer.",
		"Aug  4 09:26:11 srv systemd[1]: fworch-ui.service: Failed with result 'oom-kill'.",
	};
	feed_text(&k, lines, 3);
	assert_int_equal(k.n, 1);                      /* never a second kill */
	assert_string_equal(k.ev[0]->unit, "fworch-ui.service");
	assert_true(k.ev[0]->from_kernel);
	kept_events_free(&k);

	feed_text(&k, lines + 1, 2);                   /* the unit line alone is no kill */
	assert_int_equal(k.n, 0);
}

static void test_earlyoom_versions(void **state)
{
	(void)state;
	struct kept_events k = { 0 };
	struct us_state st;
	struct us_record u;

	feed_fixture(&k, "earlyoom-1.6-journal.log");
	assert_int_equal(k.n, 2);
	assert_int_equal(k.ev[0]->victim.pid, 57834);
	assert_string_equal(k.ev[0]->victim.comm, "code");
	assert_int_equal(k.ev[0]->victim.uid, 1000);
	assert_int_equal(k.ev[0]->userspace.rss_kib, 5 * 1024);
	assert_int_equal(k.ev[0]->userspace.badness, 866);
	assert_string_equal(k.ev[0]->userspace.signal, "SIGTERM");
	assert_int_equal(k.ev[0]->userspace.mem_avail_pct_x100, 52);
	assert_int_equal(k.ev[0]->userspace.swap_free_pct_x100, 3984);
	assert_int_equal(k.ev[0]->userspace.exited_after_ms, 100);
	assert_non_null(strstr(k.ev[0]->userspace.reason, "SIGTERM limits"));
	kept_events_free(&k);

	feed_fixture(&k, "earlyoom-1.2-journal.log");
	assert_int_equal(k.n, 1);
	assert_int_equal(k.ev[0]->victim.pid, 24059);
	assert_string_equal(k.ev[0]->victim.comm, "tail");
	assert_int_equal(k.ev[0]->userspace.rss_kib, 4278 * 1024);
	kept_events_free(&k);

	/* wordings from earlyoom's kill.c of each era */
	us_state_init(&st);
	assert_int_equal(us_parse_line(&st, "earlyoom", 8, "Killing process 4242 firefox", &u), US_KILL);
	assert_int_equal(u.pid, 4242);
	assert_string_equal(u.comm, "firefox");
	assert_int_equal(us_parse_line(&st, "earlyoom", 8,
				       "killing process 28367 \"python3\" with signal 15: badness 698, VmRSS 11793 MiB", &u), US_KILL);
	assert_int_equal(u.pid, 28367);
	assert_string_equal(u.u.signal, "SIGTERM");
	assert_int_equal(us_parse_line(&st, "earlyoom", 8,
				       "sending SIGTERM to process 12006 \"python3\": badness 209, VmRSS 2891 MiB", &u), US_KILL);
	assert_int_equal(u.pid, 12006);
	assert_int_equal(us_parse_line(&st, "earlyoom", 8,
				       "sending SIGKILL to process 997 uid 1000 \"a \"quoted\" name\": oom_score 1146, oom_score_adj 0, VmRSS 23007 MiB, cmdline \"x\"", &u), US_KILL);
	assert_string_equal(u.comm, "a \"quoted\" name");
	assert_int_equal(u.u.badness, 1146);
	assert_int_equal(u.u.oom_score_adj, 0);
	assert_string_equal(u.u.signal, "SIGKILL");
	assert_int_equal(us_parse_line(&st, "earlyoom", 8, "kill failed: Timer expired", &u), US_KILL_FAILED);
	assert_int_equal(us_parse_line(&st, "earlyoom", 8, "dryrun, not actually sending any signal", &u), US_NONE);
	assert_int_equal(us_parse_line(&st, "earlyoom", 8,
				       "sending SIGTERM to process 1 uid 0 \"x\": badness 1, VmRSS 1 MiB", &u), US_NONE);
}

static void test_earlyoom_then_kernel_one_event(void **state)
{
	(void)state;
	struct kept_events k = { 0 };
	/* earlyoom signals, the process ignores SIGTERM, the kernel kills it (the situation of
	 * rfjakob/earlyoom issue #121, here with both in one syslog) */
	static const char *const lines[] = {
		"Apr 28 01:23:28 PC earlyoom[900]: low memory! at or below SIGTERM limits: mem 10 %, swap 10 %",
		"Apr 28 01:23:28 PC earlyoom[900]: killing process 27541 \"bash\" with signal 15: badness 550, VmRSS 7609 MiB",
		"Apr 28 01:23:30 PC kernel: Out of memory: Kill process 27541 (bash) score 572 or sacrifice child",
		"Apr 28 01:23:30 PC kernel: Killed process 27541 (bash) total-vm:8118236kB, anon-rss:8098448kB, file-rss:3264kB, shmem-rss:0kB",
		"Apr 28 01:23:30 PC earlyoom[900]: process 27541 exited after 1.9 seconds",
	};
	feed_text(&k, lines, sizeof(lines) / sizeof(lines[0]));
	assert_int_equal(k.n, 1);
	const struct oom_event *ev = k.ev[0];
	assert_true(ev->from_kernel);
	assert_true(ev->has_userspace);
	assert_string_equal(ev->userspace.killer, "earlyoom");
	assert_int_equal(ev->victim.anon_rss_kib, 8098448);
	char *js = event_json(ev);
	assert_non_null(strstr(js, "\"killed_by\":[\"kernel\",\"earlyoom\"]"));
	free(js);
	kept_events_free(&k);
}

static void test_two_killers_one_kill(void **state)
{
	(void)state;
	struct kept_events k = { 0 };
	static const char *const lines[] = {
		"Apr 28 01:23:28 PC earlyoom[900]: sending SIGTERM to process 4711 uid 0 \"hog\": badness 550, VmRSS 7609 MiB",
		"Apr 28 01:23:29 PC oomguard[901]: sent SIGKILL to 4711 (hog) uid 0: mem; rss 7609 MiB swap 0 MiB oom_score 900 adj 0; exited",
	};
	feed_text(&k, lines, 2);
	assert_int_equal(k.n, 1);
	char *js = event_json(k.ev[0]);
	assert_non_null(strstr(js, "\"killed_by\":[\"earlyoom\",\"oomguard\"]"));
	free(js);
	kept_events_free(&k);
}

static void test_merge_across_sources(void **state)
{
	(void)state;
	struct kept_events a = { 0 }, b = { 0 };
	static const char *const kern[] = {
		"Apr 28 01:23:30 PC kernel: Killed process 27541 (bash) total-vm:8118236kB, anon-rss:8098448kB, file-rss:3264kB, shmem-rss:0kB",
	};
	static const char *const eo[] = {
		"Apr 28 01:23:28 PC earlyoom[900]: sending SIGTERM to process 27541 uid 0 \"bash\": badness 550, VmRSS 7609 MiB",
	};
	feed_text(&a, kern, 1);
	feed_text(&b, eo, 1);
	struct oom_event *evs[2] = { b.ev[0], a.ev[0] };
	size_t n = event_merge(evs, 2);
	assert_int_equal(n, 1);
	assert_true(evs[0]->from_kernel);
	assert_true(evs[0]->has_userspace);
	oom_event_free(evs[0]);
}

static void test_nohang_oomd_lmkd(void **state)
{
	(void)state;
	struct kept_events k = { 0 };
	struct us_state st;
	struct us_record u;

	feed_fixture(&k, "nohang-old-journal.log");
	assert_int_equal(k.n, 1);
	assert_string_equal(k.ev[0]->userspace.killer, "nohang");
	assert_int_equal(k.ev[0]->userspace.rss_kib, 3268608);
	kept_events_free(&k);

	/* nohang 0.2 (src/nohang): the victim's status block, then the signal */
	us_state_init(&st);
	static const char *const nh[] = {
		"Memory status that requires corrective actions:",
		"  MemAvailable [383 MiB, 5.0 %] <= soft_threshold_min_mem [384 MiB, 5.0 %]",
		"Victim status (found in 2ms):",
		"  PID:       903309, name: mysqld, state: S (sleeping), EUID: 27, SID: 903309 (mysqld), lifetime: 3d",
		"  badness:   849, oom_score:  849, oom_score_adj:  0",
		"  Vm, MiB:   Size: 9000, RSS: 6500, Swap: 10",
	};
	for (size_t i = 0; i < sizeof(nh) / sizeof(nh[0]); i++)
		assert_int_equal(us_parse_line(&st, "nohang", 6, nh[i], &u), US_NONE);
	assert_int_equal(us_parse_line(&st, "nohang", 6, "  Sending SIGTERM to the victim", &u), US_KILL);
	assert_int_equal(u.pid, 903309);
	assert_string_equal(u.comm, "mysqld");
	assert_int_equal(u.u.uid, 27);
	assert_int_equal(u.u.rss_kib, 6500 * 1024);
	assert_int_equal(u.u.badness, 849);
	assert_non_null(strstr(u.u.reason, "soft_threshold_min_mem"));

	feed_fixture(&k, "nohang-desktop-victim.log");     /* status without a signal: no kill */
	assert_int_equal(k.n, 0);
	feed_fixture(&k, "oomd-fb-journal.log");           /* detection without a kill: no kill */
	assert_int_equal(k.n, 0);

	/* Facebook oomd (BaseKillPlugin.cpp, KillPressure-inl.h): "Picked", then "Killed N:" */
	us_state_init(&st);
	assert_int_equal(us_parse_line(&st, "oomd", 4,
				       "[../src/oomd/plugins/KillPressure-inl.h:87] Picked \"workload.slice/job.service\" (2048MB) based on pressure generation at 10s=80 60s=60", &u), US_NONE);
	assert_int_equal(us_parse_line(&st, "oomd", 4,
				       "[../src/oomd/plugins/BaseKillPlugin.cpp:665] Killed 2: 1234(java) 1240(sh)", &u), US_KILL);
	assert_int_equal(u.pid, 1234);
	assert_string_equal(u.comm, "java");
	assert_int_equal(u.u.processes_killed, 2);
	assert_string_equal(u.u.cgroup, "workload.slice/job.service");
	assert_int_equal(u.u.rss_kib, 2048 * 1024);
	assert_non_null(strstr(u.u.reason, "pressure generation"));
	assert_int_equal(us_parse_line(&st, "oomd", 4,
				       "[../src/oomd/plugins/BaseKillPlugin.cpp:665] Killed 0: 1234(java)[E1]", &u), US_KILL);
	assert_true(u.u.failed);

	feed_fixture(&k, "lmkd-logcat-threadtime.txt");    /* logcat -v threadtime */
	assert_int_equal(k.n, 1);
	assert_string_equal(k.ev[0]->userspace.killer, "lmkd");
	assert_int_equal(k.ev[0]->victim.pid, 17933);
	assert_string_equal(k.ev[0]->victim.comm, "com.google.android.gms.unstable");
	assert_int_equal(k.ev[0]->victim.uid, 10446);
	assert_int_equal(k.ev[0]->userspace.rss_kib, 140528);
	assert_int_equal(k.ev[0]->userspace.swap_kib, 37404);
	assert_string_equal(k.ev[0]->userspace.reason, "device is not responding");
	kept_events_free(&k);

	static const char *const brief[] = {   /* logcat -v brief, an older lmkd without rss/swap */
		"I/lowmemorykiller(  710): Kill 'com.example.app' (4321), uid 10100, oom_adj 15 to free 51520kB",
		"[ 5000.1] lowmemorykiller: Killing 'android.process' (1999), adj 1000,",
	};
	feed_text(&k, brief, 2);
	assert_int_equal(k.n, 2);
	assert_int_equal(k.ev[0]->victim.pid, 4321);
	assert_int_equal(k.ev[0]->userspace.oom_score_adj, 15);
	assert_string_equal(k.ev[1]->userspace.killer, "lowmemorykiller");
	assert_int_equal(k.ev[1]->victim.pid, 1999);
	kept_events_free(&k);
}

static void test_oomguard_daemon_lines(void **state)
{
	(void)state;
	struct daemon_event ev;
	char text[512], line[700];
	struct kept_events k = { 0 };

	/* the daemon's own summary line, as it writes it to the journal / syslog */
	event_builder_blank(&ev, EVENT_KILL);
	ev.signal = 15;
	ev.has_victim = true;
	ev.victim.pid = 4711;
	snprintf(ev.victim.comm, sizeof(ev.victim.comm), "%s", "hog (x)");
	ev.victim.uid = 1000;
	ev.victim.rss_kib = 512 * 1024;
	snprintf(ev.trigger.reason, sizeof(ev.trigger.reason), "%s", "mem");
	daemon_event_summary(&ev, text, sizeof(text));
	snprintf(line, sizeof(line), "Nov  2 14:00:00 box oomguard[77]: %s", text);
	const char *lines[] = { line };
	feed_text(&k, lines, 1);
	assert_int_equal(k.n, 1);
	assert_string_equal(k.ev[0]->userspace.killer, "oomguard");
	assert_int_equal(k.ev[0]->victim.pid, 4711);
	assert_string_equal(k.ev[0]->victim.comm, "hog (x)");
	assert_int_equal(k.ev[0]->userspace.rss_kib, 512 * 1024);
	assert_string_equal(k.ev[0]->userspace.signal, "SIGTERM");
	kept_events_free(&k);

	/* its stderr form ("oomguard: warning: ..."), as journald keeps it for a service */
	struct us_state st;
	struct us_record u;
	char err[600];
	us_state_init(&st);
	snprintf(err, sizeof(err), "oomguard: warning: %s", text);
	assert_int_equal(us_parse_line(&st, "oomguard", 8, err, &u), US_KILL);
	assert_int_equal(u.pid, 4711);

	ev.dry_run = true;                          /* "would send": nothing was killed */
	daemon_event_summary(&ev, text, sizeof(text));
	snprintf(line, sizeof(line), "Nov  2 14:00:00 box oomguard[77]: %s", text);
	feed_text(&k, lines, 1);
	assert_int_equal(k.n, 0);
}

static void test_journal_entries(void **state)
{
	(void)state;
	struct kept_events k = { 0 };
	/* journalctl -o json: a systemd-oomd entry is read (never as the kernel's) */
	static const char *const js[] = {
		"{\"__REALTIME_TIMESTAMP\":\"1702928096000000\",\"_HOSTNAME\":\"desk\",\"SYSLOG_IDENTIFIER\":\"systemd-oomd\",\"_TRANSPORT\":\"journal\",\"MESSAGE\":\"Killed /user.slice/a.scope due to memory pressure for /user.slice being 51.07% > 50.00% for > 20s with reclaim activity\"}",
		"{\"__REALTIME_TIMESTAMP\":\"1702928097000000\",\"SYSLOG_IDENTIFIER\":\"bash\",\"_TRANSPORT\":\"journal\",\"MESSAGE\":\"Killed /x due to y\"}",
	};
	feed_text(&k, js, 2);
	assert_int_equal(k.n, 1);
	assert_string_equal(k.ev[0]->userspace.killer, "systemd-oomd");
	assert_false(k.ev[0]->kernel_proven);
	assert_int_equal(k.ev[0]->realtime_us, 1702928096000000LL);
	kept_events_free(&k);

	/* sd-journal fields (os/logs/journal_reader hands them over one by one) */
	struct journal_entry *e = malloc(sizeof(*e));
	assert_non_null(e);
	static const char *const fields[] = {
		"SYSLOG_IDENTIFIER=earlyoom", "_TRANSPORT=syslog", "SYSLOG_FACILITY=3",
		"MESSAGE=sending SIGTERM to process 7 uid 0 \"x\": badness 1, VmRSS 2 MiB",
	};
	journal_entry_start(e, 1000000);
	for (size_t i = 0; i < 4; i++)
		journal_entry_field(e, fields[i], strlen(fields[i]));
	const struct log_record *rec = journal_entry_record(e);
	assert_non_null(rec);
	assert_false(rec->kernel_proven);
	assert_int_equal(rec->tag_len, 8);
	/* the same name on a write to /dev/kmsg (kernel transport, user facility): neither */
	journal_entry_start(e, 1000000);
	static const char *const forged[] = { "SYSLOG_IDENTIFIER=earlyoom", "_TRANSPORT=kernel",
					      "SYSLOG_FACILITY=1", "MESSAGE=x" };
	for (size_t i = 0; i < 4; i++)
		journal_entry_field(e, forged[i], strlen(forged[i]));
	assert_null(journal_entry_record(e));
	free(e);
}

static void test_killer_tags(void **state)
{
	(void)state;
	assert_int_equal(killer_tag_count(), 9);
	for (size_t i = 0; i < killer_tag_count(); i++) {
		const char *t = killer_tag_name(i);
		assert_true(killer_tag_known(t, strlen(t)));
		assert_false(killer_tag_known(t, strlen(t) - 1));
	}
	assert_false(killer_tag_known("kernel", 6));
	assert_false(killer_tag_known("sshd", 4));
}

/* ---- containers ---- */

static void test_containers(void **state)
{
	(void)state;
	struct oom_container c;

	assert_true(container_from_cgroup("/kubepods/burstable/pod95387fa4-da9c-11e7-9d36-5254b24cbf5e/6895a3e13439535852d3184ac2aadd26d7363cc035f171545ec7d4ce74073b0b", &c));
	assert_string_equal(c.pod_uid, "95387fa4-da9c-11e7-9d36-5254b24cbf5e");
	assert_string_equal(c.qos, "burstable");
	assert_string_equal(c.id, "6895a3e13439535852d3184ac2aadd26d7363cc035f171545ec7d4ce74073b0b");

	assert_true(container_from_cgroup("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod0330b2c1_a15b_4cdd_b5e5_72d4a90bee82.slice/cri-containerd-b27201334a41cd0749d053b18378d7ea65617b8e26277197ea25c974da1a5a8a.scope", &c));
	assert_string_equal(c.pod_uid, "0330b2c1-a15b-4cdd-b5e5-72d4a90bee82");
	assert_string_equal(c.qos, "besteffort");
	assert_string_equal(c.runtime, "containerd");
	assert_string_equal(c.id, "b27201334a41cd0749d053b18378d7ea65617b8e26277197ea25c974da1a5a8a");

	assert_true(container_from_cgroup("/kubepods.slice/kubepods-pod0330b2c1_a15b_4cdd_b5e5_72d4a90bee82.slice/crio-b27201334a41cd0749d053b18378d7ea65617b8e26277197ea25c974da1a5a8a.scope", &c));
	assert_string_equal(c.qos, "guaranteed");
	assert_string_equal(c.runtime, "cri-o");

	assert_true(container_from_cgroup("/docker/b27201334a41cd0749d053b18378d7ea65617b8e26277197ea25c974da1a5a8a", &c));
	assert_string_equal(c.runtime, "docker");
	assert_true(container_from_cgroup("/system.slice/docker-b27201334a41cd0749d053b18378d7ea65617b8e26277197ea25c974da1a5a8a.scope", &c));
	assert_string_equal(c.runtime, "docker");
	assert_string_equal(c.pod_uid, "");

	assert_true(container_from_cgroup("/lxc/703/ns/system.slice/pulse.service", &c));
	assert_string_equal(c.runtime, "lxc");
	assert_string_equal(c.id, "703");
	assert_string_equal(c.unit, "pulse.service");
	assert_true(container_from_cgroup("/lxc.payload/tryit-select/system.slice/lxd.service", &c) ||
		    c.unit[0]);
	assert_true(container_from_cgroup("/lxc.payload.web1/system.slice/nginx.service", &c));
	assert_string_equal(c.id, "web1");

	assert_true(container_from_cgroup("/system.slice/postgresql.service", &c));
	assert_string_equal(c.unit, "postgresql.service");
	assert_string_equal(c.runtime, "");
	assert_false(container_from_cgroup("/", &c));
	assert_false(container_from_cgroup("", &c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oom_group_one_event),
		cmocka_unit_test(test_sacrifice_child),
		cmocka_unit_test(test_old_and_vendor_formats),
		cmocka_unit_test(test_new_headers_constraints_panic),
		cmocka_unit_test(test_systemd_oomd),
		cmocka_unit_test(test_unit_manager_ties_kernel_kill),
		cmocka_unit_test(test_earlyoom_versions),
		cmocka_unit_test(test_earlyoom_then_kernel_one_event),
		cmocka_unit_test(test_merge_across_sources),
		cmocka_unit_test(test_two_killers_one_kill),
		cmocka_unit_test(test_nohang_oomd_lmkd),
		cmocka_unit_test(test_oomguard_daemon_lines),
		cmocka_unit_test(test_journal_entries),
		cmocka_unit_test(test_killer_tags),
		cmocka_unit_test(test_containers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
