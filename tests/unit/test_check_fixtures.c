/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The check engine on fixture trees (tests/fixtures/check/, built into CHECK_TREES_DIR by
 * tests/tools/check_trees.sh), read through sysroot exactly as
 * `oomguard --root DIR check` does: for each rule a tree where it fires (with the severity it
 * must have) and one where it stays quiet.  Each tree is read in a child process because the
 * process table keeps its /proc directory open for the life of the process. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/audit/audit.h"
#include "os/audit/settings_snapshot.h"
#include "os/core/sysroot.h"

#define ABSENT (-1)

struct expect {
	const char *fixture;
	const char *id;
	int sev;              /* enum severity, or ABSENT */
	const char *in_fix;   /* text the fix must contain, or NULL */
	const char *subject;  /* the finding about this subject (a cgroup path), or NULL for any */
	const char *in_measured; /* text the measured values must contain, or NULL */
};

static const struct expect cases[] = {
	{ "check-minfree-4g-high", "vm.min_free_kbytes.high", SEV_CRIT, "/etc/sysctl.d/90-oomguard.conf", NULL, NULL },
	{ "check-minfree-4g-high", "vm.min_free_kbytes.high", SEV_CRIT, "line 2 of /etc/sysctl.conf", NULL, NULL },
	{ "check-minfree-4g-high", "vm.min_free_kbytes.high", SEV_CRIT, "vm.min_free_kbytes=67584", NULL, NULL },
	{ "check-minfree-4g-thp-default", "vm.min_free_kbytes.high", ABSENT, NULL, NULL, NULL },
	{ "check-minfree-24g-thp-default", "vm.min_free_kbytes.high", ABSENT, NULL, NULL, NULL },
	{ "check-minfree-24g-nothp-default", "vm.min_free_kbytes.high", ABSENT, NULL, NULL, NULL },
	{ "check-minfree-24g-nothp-default", "vm.min_free_kbytes.low", ABSENT, NULL, NULL, NULL },
	{ "check-minfree-8g-etc-d", "vm.min_free_kbytes.high", SEV_WARN, "/etc/sysctl.d/60-net.conf line 1", NULL, NULL },
	{ "check-minfree-tuned", "vm.min_free_kbytes.high", SEV_INFO, "tuned", NULL, NULL },
	{ "check-overcommit-strict", "vm.overcommit.strict_limit", SEV_WARN, "vm.overcommit_ratio", NULL, NULL },
	{ "check-overcommit-strict", "vm.admin_reserve_kbytes.low", SEV_WARN, "131072", NULL, NULL },
	{ "check-overcommit-heuristic", "vm.overcommit.strict_limit", ABSENT, NULL, NULL, NULL },
	{ "check-panic-hang", "vm.panic_on_oom.no_reboot", SEV_CRIT, "vm.panic_on_oom=0", NULL, NULL },
	{ "check-panic-reboot", "vm.panic_on_oom.no_reboot", ABSENT, NULL, NULL, NULL },
	{ "check-panic-reboot", "vm.panic_on_oom.enabled", SEV_WARN, NULL, NULL, NULL },
	{ "check-tasks-near-limit", "kernel.tasks.near_limit", SEV_WARN, "kernel.pid_max=4194304", NULL, NULL },
	{ "check-tasks-ok", "kernel.tasks.near_limit", ABSENT, NULL, NULL, NULL },
	{ "check-swap-full", "swap.nearly_full", SEV_CRIT, NULL, NULL, NULL },
	{ "check-swap-roomy", "swap.nearly_full", ABSENT, NULL, NULL, NULL },
	{ "check-swap-roomy", "swap.none", ABSENT, NULL, NULL, NULL },
	{ "check-overcommit-heuristic", "swap.none", SEV_INFO, "mkswap", NULL, NULL },
	{ "check-hugepages-unused", "hugetlb.unused", SEV_WARN, "vm.nr_hugepages=48", NULL, NULL },
	{ "check-hugepages-used", "hugetlb.unused", ABSENT, NULL, NULL, NULL },
	{ "check-shmem-high", "shmem.high", SEV_WARN, "ipcs", NULL, NULL },
	{ "check-swap-roomy", "shmem.high", ABSENT, NULL, NULL, NULL },
	{ "check-slab-leak", "slab.unreclaimable", SEV_CRIT, "slabtop", NULL, NULL },
	{ "check-swap-roomy", "slab.unreclaimable", ABSENT, NULL, NULL, NULL },
	{ "check-cgroup-v2", "cgroup.memory.oom_kills", SEV_WARN, "MemoryMax", NULL, NULL },
	/* memory.events counts descendants' kills: the slice's own (memory.events.local) are 0 */
	{ "check-cgroup-v2", "cgroup.memory.oom_kills", SEV_WARN, NULL, "/system.slice/db.service", "oom_kill=3" },
	{ "check-cgroup-v2", "cgroup.memory.oom_kills", ABSENT, NULL, "/system.slice", NULL },
	{ "check-cgroup-v2", "cgroup.memory.near_limit", SEV_WARN, NULL, NULL, NULL },
	{ "check-cgroup-v2", "cgroup.pids.near_limit", SEV_WARN, "TasksMax", NULL, NULL },
	{ "check-cgroup-v2-calm", "cgroup.memory.oom_kills", ABSENT, NULL, NULL, NULL },
	{ "check-cgroup-v2-calm", "cgroup.memory.near_limit", ABSENT, NULL, NULL, NULL },
	{ "check-cgroup-v2-calm", "cgroup.pids.near_limit", ABSENT, NULL, NULL, NULL },
	{ "check-cgroup-v1-hybrid", "cgroup.memory.oom_kills", SEV_WARN, "memory.limit_in_bytes", NULL, NULL },
	{ "check-cgroup-v1-hybrid", "cgroup.memory.oom_kill_disabled", SEV_WARN, NULL, NULL, NULL },
	{ "check-service-unprotected", "process.unprotected_service", SEV_WARN, "OOMScoreAdjust=-500", NULL, NULL },
	{ "check-service-protected", "process.unprotected_service", ABSENT, NULL, NULL, NULL },
	{ "check-vmstat-kills", "oom.kills_since_boot", SEV_WARN, "oomguard events", NULL, NULL },
	{ "check-swap-roomy", "oom.kills_since_boot", ABSENT, NULL, NULL, NULL },
	/* cgroup v1 pids hierarchy (legacy layout) */
	{ "check-cgroup-v1-pids", "cgroup.pids.near_limit", SEV_WARN,
	  "echo 8192 > /sys/fs/cgroup/pids/system.slice/builder.service/pids.max",
	  "/system.slice/builder.service", "pids.current=3900, pids.max=4096, pids.events max=0 (cgroup v1" },
	{ "check-cgroup-v1-pids", "cgroup.pids.hit_limit", SEV_WARN, "systemctl set-property crawler.service TasksMax=1024",
	  "/system.slice/crawler.service", "pids.events max=17" },
	{ "check-cgroup-v1-pids", "cgroup.pids.hit_limit", SEV_WARN,
	  "cat /sys/fs/cgroup/pids/system.slice/crawler.service/worker/../pids.max",
	  "/system.slice/crawler.service/worker", "pids.max=max" },
	{ "check-cgroup-v1-pids", "cgroup.pids.near_limit", ABSENT, NULL, "/user.slice", NULL },
	{ "check-cgroup-v1-pids", "cgroup.pids.hit_limit", ABSENT, NULL, "/user.slice", NULL },
	{ "check-cgroup-v1-pids-calm", "cgroup.pids.near_limit", ABSENT, NULL, NULL, NULL },
	{ "check-cgroup-v1-pids-calm", "cgroup.pids.hit_limit", ABSENT, NULL, NULL, NULL },
	{ "check-cgroup-v1-hybrid", "cgroup.pids.near_limit", ABSENT, NULL, NULL, NULL },
	/* NUMA: one node dry while the other has plenty; zone reclaim */
	{ "check-numa-node-low", "numa.node_low", SEV_WARN, "grep -l ' bind:' /proc/[0-9]*/numa_maps",
	  "node 1", "node 1: free 39 MiB <= low watermark 48 MiB" },
	{ "check-numa-node-low", "numa.node_low", SEV_WARN, NULL, "node 1", "node 0: free 19 GiB (62%)" },
	{ "check-numa-node-low", "numa.node_low", SEV_WARN, NULL, "node 1", "page cache 195 MiB (less shmem), anon 31 GiB" },
	{ "check-numa-node-low", "numa.node_low", ABSENT, NULL, "node 0", NULL },
	{ "check-numa-node-low-cache", "numa.node_low", SEV_INFO, NULL, "node 1", "page cache 7.6 GiB" },
	{ "check-numa-node-low", "vm.zone_reclaim_mode.on", SEV_WARN, "vm.zone_reclaim_mode=0",
	  NULL, "2 memory nodes" },
	{ "check-numa-balanced", "numa.node_low", ABSENT, NULL, NULL, NULL },
	{ "check-numa-balanced", "vm.zone_reclaim_mode.on", ABSENT, NULL, NULL, NULL },
	{ "check-numa-both-low", "numa.node_low", ABSENT, NULL, NULL, NULL },
	{ "check-numa-single-node", "numa.node_low", ABSENT, NULL, NULL, NULL },
	{ "check-numa-single-node", "vm.zone_reclaim_mode.on", ABSENT, NULL, NULL, NULL },
	/* MGLRU thrashing protection */
	{ "check-mglru-off-nodaemon", "mglru.min_ttl_ms.off", SEV_INFO,
	  "w /sys/kernel/mm/lru_gen/min_ttl_ms - - - - 1000", NULL, "min_ttl_ms=0" },
	{ "check-mglru-off-earlyoom", "mglru.min_ttl_ms.off", ABSENT, NULL, NULL, NULL },
	{ "check-mglru-oomguard-daemon", "mglru.min_ttl_ms.off", ABSENT, NULL, NULL, NULL },
	{ "check-mglru-ttl-high", "mglru.min_ttl_ms.high", SEV_WARN,
	  "echo 1000 > /sys/kernel/mm/lru_gen/min_ttl_ms", NULL, "min_ttl_ms=5000" },
	{ "check-mglru-ttl-high", "mglru.min_ttl_ms.off", ABSENT, NULL, NULL, NULL },
	{ "check-mglru-ttl-1000", "mglru.min_ttl_ms.high", ABSENT, NULL, NULL, NULL },
	{ "check-mglru-ttl-1000", "mglru.min_ttl_ms.off", ABSENT, NULL, NULL, NULL },
	{ "check-mglru-disabled", "mglru.min_ttl_ms.high", ABSENT, NULL, NULL, NULL },
	{ "check-swap-roomy", "mglru.min_ttl_ms.off", ABSENT, NULL, NULL, NULL },
	/* the legacy vm.oom-kill switch: off in /proc, or a stale line on a kernel without it */
	{ "check-oom-kill-off", "vm.oom-kill.off", SEV_CRIT, "vm.oom-kill=1", NULL, "vm.oom-kill=0" },
	{ "check-oom-kill-stale", "vm.oom-kill.stale", SEV_WARN, "line 3 of /etc/sysctl.conf", NULL,
	  "/etc/sysctl.conf line 3" },
	{ "check-oom-kill-stale", "vm.oom-kill.off", ABSENT, NULL, NULL, NULL },
	{ "check-tasks-ok", "vm.oom-kill.stale", ABSENT, NULL, NULL, NULL },
	/* RLIMIT_NPROC: a small limit binds as much as a large one */
	{ "check-nproc-small-limit", "user.nproc.near_limit", SEV_WARN, NULL, "uid 1000",
	  "tasks=40, Max processes (soft)=40" },
	{ "check-tasks-ok", "user.nproc.near_limit", ABSENT, NULL, NULL, NULL },
};

/* In a child: snapshot + rules on the fixture; exit 0 when the expectation holds, else 1
 * after printing what was found. */
static int check_in_child(const struct expect *e)
{
	char root[512];
	snprintf(root, sizeof(root), "%s/%s", CHECK_TREES_DIR, e->fixture);
	if (sysroot_init(root) < 0)
		return 2;
	struct audit_snapshot s;
	struct findings f = { 0 };
	struct audit_thresholds t;
	thresholds_default(&t);
	if (settings_snapshot_collect(&s, SNAP_PROCS | SNAP_CGROUPS, t.kill_window_days) < 0)
		return 3;
	if (audit_run(&s, &t, &f) < 0)
		return 4;
	const struct finding *hit = NULL;
	for (size_t i = 0; i < f.n; i++)
		if (strcmp(f.v[i].id, e->id) == 0 && (!e->subject || strcmp(f.v[i].subject, e->subject) == 0))
			hit = &f.v[i];
	int ok = e->sev == ABSENT ? hit == NULL
		 : hit && (int)hit->sev == e->sev && (!e->in_fix || strstr(hit->fix, e->in_fix)) &&
		   (!e->in_measured || strstr(hit->measured, e->in_measured));
	if (!ok) {
		fprintf(stderr, "%s: expected %s%s%s %s%s%s%s%s; found:\n", e->fixture, e->id,
			e->subject ? " on " : "", e->subject ? e->subject : "",
			e->sev == ABSENT ? "absent" : severity_name((enum severity)e->sev),
			e->in_fix ? " with fix containing " : "", e->in_fix ? e->in_fix : "",
			e->in_measured ? " and measured containing " : "", e->in_measured ? e->in_measured : "");
		for (size_t i = 0; i < f.n; i++)
			fprintf(stderr, "  %s %s [%s]\n  measured: %s\n  fix: %s\n", f.v[i].id,
				severity_name(f.v[i].sev), f.v[i].subject, f.v[i].measured, f.v[i].fix);
	}
	findings_free(&f);
	audit_snapshot_free(&s);
	return ok ? 0 : 1;
}

static void test_fixtures(void **state)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fflush(NULL);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0)
			_exit(check_in_child(&cases[i]));
		int st;
		assert_int_equal(waitpid(pid, &st, 0), pid);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			fail_msg("case %zu (%s / %s) failed", i, cases[i].fixture, cases[i].id);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
