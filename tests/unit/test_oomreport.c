/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for lib/oomreport: every fixture report in tests/fixtures/oom-reports (kernel
 * message text, optionally with "[ seconds]" stamps) is fed line by line as log records, and
 * the extracted fields, completeness and diagnosis are checked; plus interleaved hosts, forged
 * lines, truncation, bounded task tables, hostile names and GFP decoding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/oomreport/diagnose.h"
#include "lib/oomreport/gfp.h"
#include "lib/oomreport/oom_assembler.h"
#include "lib/oomreport/oom_event.h"
#include "lib/oomreport/oom_event_json.h"
#include "kept_events.h"


/* One fixture line as a record: "[ 123.456789] msg" sets the kernel time. */
static void line_record(struct log_record *r, char *line, const char *host, bool proven, uint64_t no)
{
	double ts;
	char *msg = line;

	memset(r, 0, sizeof(*r));
	r->monotonic_us = r->realtime_us = LOG_TIME_UNKNOWN;
	if (line[0] == '[' && sscanf(line, "[%lf]", &ts) == 1 && strchr(line, ']')) {
		r->monotonic_us = (int64_t)(ts * 1e6 + 0.5);
		msg = strchr(line, ']') + 1;
		if (*msg == ' ')
			msg++;
	}
	r->msg = msg;
	r->msg_len = strlen(msg);
	r->host = host;
	r->host_len = strlen(host);
	r->origin = proven ? LOG_ORIGIN_KMSG : LOG_ORIGIN_FILE;
	r->kernel_proven = proven;
	r->level = -1;
	r->source = "fixture";
	r->line_no = no;
}

static char **read_lines(const char *name, size_t *n)
{
	char path[512], buf[8192];
	char **lines = NULL;
	FILE *f;

	snprintf(path, sizeof(path), "%s/oom-reports/%s", FIXTURES_DIR, name);
	f = fopen(path, "r");
	assert_non_null(f);
	*n = 0;
	while (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		lines = realloc(lines, (*n + 1) * sizeof(*lines));
		assert_non_null(lines);
		lines[(*n)++] = strdup(buf);
	}
	fclose(f);
	return lines;
}

static void free_lines(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

static void feed_fixture(struct kept_events *c, const char *name)
{
	struct oom_assembler *a = oom_assembler_new(keep_event, c);
	struct log_record r;
	size_t n;
	char **lines = read_lines(name, &n);

	for (size_t i = 0; i < n; i++) {
		line_record(&r, lines[i], "", true, i + 1);
		oom_assembler_feed(a, &r);
	}
	oom_assembler_flush(a);
	oom_assembler_free(a);
	free_lines(lines, n);
}

/* The one event of a fixture. */
static struct oom_event *one(struct kept_events *c, const char *name)
{
	feed_fixture(c, name);
	assert_int_equal(c->n, 1);
	return c->ev[0];
}

static enum oom_cause cause_of(const struct oom_event *ev)
{
	struct oom_diagnosis d;
	oom_diagnose(ev, &d);
	assert_true(d.verdict[0] != '\0');
	assert_true(d.n_next_steps > 0);
	return d.cause;
}

static void test_v2_6_11_global(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v2.6.11-global.txt");
	assert_int_equal(ev->kind, OOM_KIND_OOM_KILL);
	assert_false(ev->incomplete);
	assert_string_equal(ev->trigger.comm, "");        /* 2.6.11 names no task */
	assert_int_equal(ev->trigger.gfp_mask, 0xd0);
	assert_string_equal(ev->trigger.gfp_decoded, "GFP_KERNEL");
	assert_false(oom_isset(ev->trigger.order));
	assert_int_equal(ev->victim.pid, 2345);
	assert_string_equal(ev->victim.comm, "httpd");
	assert_false(oom_isset(ev->victim.anon_rss_kib));
	assert_int_equal(ev->mem.pages_ram, 65520);
	assert_int_equal(ev->mem.pages_reserved, 1086);
	assert_int_equal(ev->mem.free, 965);
	assert_int_equal(ev->mem.n_zones, 2);
	assert_int_equal(ev->mem.zones[1].min_kib, 956);
	assert_int_equal(ev->mem.zones[1].buddy_total_kib, 2252);
	assert_int_equal(ev->mem.swap_free_kib, 0);
	assert_true(ev->mem.nodes[0].all_unreclaimable);
	kept_events_free(&c);
}

static void test_v2_6_18_rhel5(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v2.6.18-rhel5-global.txt");
	assert_string_equal(ev->trigger.comm, "perl");
	assert_int_equal(ev->trigger.oom_adj_legacy, 0);
	assert_string_equal(ev->trigger.gfp_decoded, "GFP_HIGHUSER|__GFP_COLD");
	assert_int_equal(ev->victim.pid, 3140);
	assert_int_equal(ev->victim.score, 987234);
	assert_int_equal(ev->mem.swap_total_kib, 2096472);
	assert_int_equal(ev->mem.pages_ram, 524272);
	assert_int_equal(ev->monotonic_us, 1234567100001LL);
	kept_events_free(&c);
}

static void test_v2_6_32_rhel6(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v2.6.32-rhel6-global.txt");
	assert_string_equal(ev->trigger.cpuset, "/");
	assert_string_equal(ev->trigger.mems_allowed, "0");
	assert_int_equal(ev->trigger.pid, 2406);
	assert_string_equal(ev->trigger.gfp_decoded, "GFP_HIGHUSER_MOVABLE|__GFP_ZERO");
	assert_int_equal(ev->victim.uid, 27);                /* RHEL6 "Killed process N, UID U, (c)" */
	assert_int_equal(ev->victim.anon_rss_kib, 1788940);
	assert_int_equal(ev->victim.score, 912);
	assert_int_equal(ev->tasks.n_rows, 7);
	assert_int_equal(ev->tasks.top[0].pid, 2406);
	assert_int_equal(ev->tasks.top[0].oom_score_adj, 0);
	assert_int_equal(ev->tasks.groups[0].count, 1);
	assert_int_equal(ev->mem.active_anon, 448571);
	assert_int_equal(ev->mem.pagetables, 2104);         /* continuation line */
	assert_int_equal(ev->mem.zones[1].lowmem_reserve[0], 0);
	assert_int_equal(ev->mem.zones[0].n_lowmem_reserve, 4);
	assert_int_equal(cause_of(ev), OOM_CAUSE_SINGLE_PROCESS);
	kept_events_free(&c);
}

static void test_v2_6_32_lowmem(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v2.6.32-32bit-lowmem.txt");
	assert_int_equal(ev->mem.pages_highmem, 1837058);
	assert_int_equal(ev->victim.pid, 1520);
	assert_int_equal(ev->victim.score, 26102);            /* "kill process ... or a child" */
	assert_false(oom_isset(ev->tasks.top[0].oom_score_adj)); /* only legacy oom_adj printed */
	assert_int_equal(cause_of(ev), OOM_CAUSE_LOWMEM);
	kept_events_free(&c);
}

static void test_v3_10_rhel7(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v3.10-rhel7-global.txt");
	assert_int_equal(ev->victim.uid, 1001);               /* RHEL7 "(c), UID U," */
	assert_int_equal(ev->victim.shmem_rss_kib, 0);
	assert_int_equal(ev->trigger.pid, 30988);
	assert_int_equal(ev->mem.n_zones, 3);
	assert_int_equal(ev->mem.nodes[0].hugepages_size_kib, 2048);
	assert_int_equal(ev->tasks.top[0].pgtables_bytes, 14812 * 4096); /* nr_ptes, page 4 kB */
	assert_int_equal(ev->mem.free, 33781);
	assert_int_equal(cause_of(ev), OOM_CAUSE_SINGLE_PROCESS);
	kept_events_free(&c);
}

static void test_v3_10_memcg_v1(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v3.10-rhel7-memcg-v1.txt");
	assert_int_equal(ev->kind, OOM_KIND_MEMCG_OOM);
	assert_int_equal(ev->constraint, OOM_CONSTRAINT_MEMCG);
	assert_string_equal(ev->memcg.task_memcg, "/system.slice/docker-8efb22f5a09b.scope");
	assert_string_equal(ev->memcg.oom_memcg, "/system.slice/docker-8efb22f5a09b.scope");
	assert_int_equal(ev->memcg.usage_kib, 1048576);
	assert_int_equal(ev->memcg.failcnt, 48213);
	assert_int_equal(ev->memcg.memsw_limit_kib, 2097152);
	assert_int_equal(ev->memcg.kmem_usage_kib, 0);
	assert_false(ev->memcg.stats_in_bytes);
	assert_int_equal(ev->memcg.stats[1].value, 1042916);  /* rss:1042916KB */
	assert_string_equal(ev->memcg.stats[1].key, "rss");
	assert_string_equal(ev->trigger.cpuset, "8efb22f5a09b");
	assert_int_equal(cause_of(ev), OOM_CAUSE_MEMCG_LIMIT);
	kept_events_free(&c);
}

static void test_v3_16_split_task_in(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v3.16-memcg-split-parent-limit.txt");
	assert_string_equal(ev->memcg.task_memcg, "/lxc/web1/php");
	assert_string_equal(ev->memcg.oom_memcg, "/lxc/web1");
	assert_string_equal(ev->memcg.stats_for, "/lxc/web1");
	assert_int_equal(ev->memcg.stats[1].value, 12288 + 2064384); /* rss summed over the subtree */
	assert_int_equal(ev->tasks.groups[0].count, 9);
	assert_string_equal(ev->tasks.groups[0].name, "php-fpm");
	assert_int_equal(ev->victim.pid, 14006);
	kept_events_free(&c);
}

static void test_v4_4_bare_hex(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v4.4-global-bare-hex.txt");
	assert_string_equal(ev->trigger.gfp_flags, "");
	assert_string_equal(ev->trigger.gfp_decoded, "GFP_HIGHUSER_MOVABLE|__GFP_COLD");
	assert_int_equal(ev->trigger.oom_score_adj, 300);
	assert_int_equal(ev->victim.oom_score_adj, 100);      /* from the victim's task row */
	assert_int_equal(ev->tasks.sum_swapents, 63800);
	assert_false(oom_isset(ev->tasks.top[0].pgtables_bytes)); /* no buddy line: page size unknown */
	kept_events_free(&c);
}

static void test_v4_9_alloc_failure(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v4.9-alloc-failure-atomic.txt");
	assert_int_equal(ev->kind, OOM_KIND_ALLOC_FAILURE);
	assert_false(ev->incomplete);
	assert_false(ev->has_victim);
	assert_string_equal(ev->trigger.comm, "java");
	assert_int_equal(ev->trigger.gfp_mask, 0x2084120);
	assert_string_equal(ev->trigger.gfp_flags, "GFP_ATOMIC|__GFP_COLD|__GFP_COMP");
	assert_int_equal(ev->trigger.order, 0);
	assert_int_equal(ev->mem.nodes[0].shmem_kib, 8044);
	assert_int_equal(cause_of(ev), OOM_CAUSE_WATERMARKS);
	kept_events_free(&c);
}

static void test_v4_14_reaper(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v4.14-global-reaper.txt");
	assert_string_equal(ev->trigger.nodemask, "(null)");  /* "nodemask=(null),  order=0" */
	assert_int_equal(ev->trigger.order, 0);
	assert_true(ev->victim.reaped);
	assert_int_equal(ev->victim.reaped_anon_rss_kib, 0);
	assert_int_equal(ev->mem.pages_hwpoisoned, 0);
	assert_int_equal(ev->tasks.top[0].pgtables_bytes, (1850 + 6) * 4096);
	kept_events_free(&c);
}

static void test_v4_15_slab(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v4.15-slab-leak.txt");
	assert_true(ev->has_slab_info);
	assert_int_equal(ev->n_slabs, 5);
	assert_string_equal(ev->slabs[0].name, "kmalloc-64");
	assert_int_equal(ev->slabs[0].total_kib, 3600012);
	assert_int_equal(ev->trigger.oom_score_adj, -250);
	assert_int_equal(cause_of(ev), OOM_CAUSE_KERNEL_MEMORY);
	kept_events_free(&c);
}

static void test_v4_19_memcg(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v4.19-memcg-kubepods.txt");
	assert_int_equal(ev->kind, OOM_KIND_MEMCG_OOM);
	assert_string_equal(ev->trigger.mems_allowed, "0-1");
	assert_int_equal(ev->tasks.n_rows, 3);                /* "[%7d]" rows */
	assert_int_equal(ev->tasks.top[0].oom_score_adj, 968);
	assert_int_equal(ev->victim.score, 1929);
	assert_true(ev->victim.reaped);
	kept_events_free(&c);
}

static void test_no_killable(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v4.19-no-killable.txt");
	assert_int_equal(ev->kind, OOM_KIND_NO_KILLABLE);
	assert_true(ev->panic);
	assert_string_equal(ev->panic_msg, "System is deadlocked on memory");
	assert_false(ev->has_victim);
	assert_false(ev->incomplete);
	assert_int_equal(cause_of(ev), OOM_CAUSE_NO_KILLABLE);
	kept_events_free(&c);

	ev = one(&c, "v4.12-no-killable-panic.txt");           /* before 4.19: the panic is the line */
	assert_int_equal(ev->kind, OOM_KIND_NO_KILLABLE);
	assert_true(ev->panic);
	assert_false(ev->incomplete);
	assert_int_equal(ev->tasks.n_rows, 3);
	kept_events_free(&c);
}

static void test_v4_18_rhel8(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v4.18-rhel8-global.txt");
	assert_int_equal(ev->constraint, OOM_CONSTRAINT_NONE);
	assert_true(ev->global_oom);
	assert_string_equal(ev->memcg.task_memcg, "/user.slice/user-1000.slice/session-3.scope");
	assert_string_equal(ev->summary_task, "node");
	assert_int_equal(ev->victim.uid, 1000);               /* "..., UID:1000" */
	assert_false(oom_isset(ev->victim.pgtables_kib));
	kept_events_free(&c);
}

static void test_v5_4_single(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v5.4-global-single-process.txt");
	assert_string_equal(ev->trigger.comm, "kworker/3:1");
	assert_int_equal(ev->trigger.gfp_mask, 0x100cca);
	assert_string_equal(ev->trigger.gfp_flags, "GFP_HIGHUSER_MOVABLE");
	assert_int_equal(ev->victim.pgtables_kib, 30324);
	assert_int_equal(ev->victim.oom_score_adj, 0);
	assert_int_equal(ev->mem.n_nodes, 1);
	assert_int_equal(ev->mem.nodes[0].hugepages_size_kib, 1048576);
	assert_int_equal(ev->mem.pages_cma_reserved, 0);
	assert_int_equal(ev->mem.zones[0].n_lowmem_reserve, 5);
	assert_int_equal(ev->mem.zones[2].buddy_count[7], 1);
	assert_int_equal(ev->mem.page_size_kib, 4);
	assert_int_equal(cause_of(ev), OOM_CAUSE_SINGLE_PROCESS);
	kept_events_free(&c);
}

static void test_v5_10_memcg_v2(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v5.10-memcg-v2.txt");
	assert_int_equal(ev->constraint, OOM_CONSTRAINT_MEMCG);
	assert_string_equal(ev->memcg.oom_memcg, "/system.slice/webapp.service");
	assert_int_equal(ev->memcg.swap_limit_kib, 0);
	assert_true(ev->memcg.stats_in_bytes);
	assert_int_equal(ev->memcg.n_stats, 22);              /* multi-line memory.stat dump */
	assert_string_equal(ev->memcg.stats[0].key, "anon");
	assert_int_equal(ev->memcg.stats[0].value, 1069350912);
	struct oom_diagnosis d;
	oom_diagnose(ev, &d);
	assert_int_equal(d.cause, OOM_CAUSE_MEMCG_LIMIT);
	assert_int_equal(d.confidence, OOM_CONF_HIGH);
	assert_true(d.mem.memcg);
	assert_int_equal(d.mem.anon_kib, 1069350912 / 1024);
	assert_non_null(strstr(d.next_steps[0], "webapp.service MemoryMax="));
	kept_events_free(&c);
}

static void test_constraints(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v5.15-cpuset.txt");
	assert_int_equal(ev->constraint, OOM_CONSTRAINT_CPUSET);
	assert_string_equal(ev->trigger.cpuset, "batch");
	assert_int_equal(ev->mem.n_nodes, 2);
	assert_int_equal(cause_of(ev), OOM_CAUSE_CONSTRAINED);
	kept_events_free(&c);
	ev = one(&c, "v5.15-mempolicy.txt");
	assert_int_equal(ev->constraint, OOM_CONSTRAINT_MEMORY_POLICY);
	assert_string_equal(ev->trigger.nodemask, "1");
	assert_string_equal(ev->trigger.mems_allowed, "0-1");
	assert_int_equal(cause_of(ev), OOM_CAUSE_CONSTRAINED);
	kept_events_free(&c);
}

static void test_high_order(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v5.0-alloc-failure-order4.txt");
	assert_int_equal(ev->kind, OOM_KIND_ALLOC_FAILURE);
	assert_int_equal(ev->trigger.order, 4);
	assert_string_equal(ev->trigger.cpuset, "/");
	assert_string_equal(ev->trigger.nodemask, "(null)");
	assert_int_equal(cause_of(ev), OOM_CAUSE_FRAGMENTATION);
	kept_events_free(&c);
	ev = one(&c, "v5.19-fragmentation-order3.txt");
	assert_int_equal(ev->trigger.order, 3);
	assert_int_equal(cause_of(ev), OOM_CAUSE_FRAGMENTATION);
	kept_events_free(&c);
}

static void test_watermarks(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v5.10-watermarks-min-free.txt");
	assert_int_equal(ev->mem.zones[1].min_kib, 1700000);
	assert_int_equal(cause_of(ev), OOM_CAUSE_WATERMARKS);
	kept_events_free(&c);
}

static void test_oom_group(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v6.1-oom-group.txt");
	assert_true(ev->oom_group);
	assert_int_equal(ev->victim.pid, 5512);
	assert_int_equal(ev->victim.n_killed, 4);
	assert_true(ev->victim.reaped);
	kept_events_free(&c);
}

static void test_allocating_task(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v6.1-allocating-task.txt");
	assert_true(ev->allocating_task);
	assert_int_equal(ev->victim.pid, 4410);
	assert_int_equal(ev->mem.sec_pagetables, 0);
	struct oom_diagnosis d;
	oom_diagnose(ev, &d);
	bool says = false;
	for (size_t i = 0; i < d.n_next_steps; i++)
		says |= strstr(d.next_steps[i], "oom_kill_allocating_task=0") != NULL;
	assert_true(says);
	kept_events_free(&c);
}

static void test_panic_on_oom(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v6.2-panic-on-oom.txt");
	assert_int_equal(ev->kind, OOM_KIND_PANIC);
	assert_true(ev->panic);
	assert_string_equal(ev->panic_msg, "Out of memory: system-wide panic_on_oom is enabled");
	assert_false(ev->incomplete);
	kept_events_free(&c);
}

static void test_shmem_hugetlb_sysrq(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v6.5-shmem-tmpfs.txt");
	assert_int_equal(ev->mem.shmem, 1300120);
	assert_int_equal(cause_of(ev), OOM_CAUSE_SHMEM);
	kept_events_free(&c);
	ev = one(&c, "v6.6-hugetlb.txt");
	assert_int_equal(ev->mem.nodes[0].hugepages_total, 13312);
	assert_int_equal(ev->mem.nodes[0].hugetlb_kib, 13312 * 2048);
	assert_int_equal(cause_of(ev), OOM_CAUSE_HUGETLB);
	kept_events_free(&c);
	ev = one(&c, "v6.6-sysrq.txt");
	assert_true(ev->sysrq);
	assert_int_equal(ev->trigger.order, -1);
	assert_int_equal(cause_of(ev), OOM_CAUSE_SYSRQ);
	kept_events_free(&c);
}

static void test_v6_8_rss_split(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v6.8-global-many-processes.txt");
	assert_true(ev->tasks.has_rss_split);
	assert_int_equal(ev->tasks.n_rows, 66);
	assert_int_equal(ev->tasks.n_top, OOM_TASKS_MAX);
	assert_true(ev->tasks.top[0].rss >= ev->tasks.top[1].rss);
	assert_true(oom_isset(ev->tasks.top[0].rss_anon));
	assert_string_equal(ev->tasks.groups[0].name, "php-fpm8.2");
	assert_int_equal(ev->tasks.groups[0].count, 61);
	assert_int_equal(ev->victim.pid, 1233);
	assert_int_equal(cause_of(ev), OOM_CAUSE_MANY_PROCESSES);
	kept_events_free(&c);
}

static void test_live_6_18_hostile_comm(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "v6.18-memcg-v1-live.txt");
	/* made on this project's CI kernel: memhog named "mem hog)x" in a 64 MiB v1 cgroup */
	assert_string_equal(ev->trigger.comm, "mem hog)x");
	assert_string_equal(ev->victim.comm, "mem hog)x");
	assert_string_equal(ev->summary_task, "mem hog)x");
	assert_string_equal(ev->tasks.top[0].name, "mem hog)x");
	assert_int_equal(ev->memcg.limit_kib, 65536);
	assert_int_equal(ev->memcg.memsw_limit_kib, 65536);
	assert_true(ev->memcg.stats_in_bytes);
	assert_int_equal(ev->victim.anon_rss_kib, 65280);
	assert_int_equal(ev->tasks.top[0].rss_anon, 16320);
	assert_int_equal(cause_of(ev), OOM_CAUSE_MEMCG_LIMIT);
	kept_events_free(&c);
}

static void test_interleaved_reports(void **state)
{
	struct kept_events c = { 0 };
	feed_fixture(&c, "interleaved-two-reports.txt");
	assert_int_equal(c.n, 2);
	assert_string_equal(c.ev[0]->victim.comm, "worker-a");
	assert_true(c.ev[0]->victim.reaped);                    /* reaper after an unrelated line */
	assert_int_equal(c.ev[0]->memcg.n_stats, 2);            /* EXT4 line did not end up in stats */
	assert_string_equal(c.ev[1]->memcg.oom_memcg, "/jobs");
	assert_string_equal(c.ev[1]->memcg.task_memcg, "/jobs/b");
	assert_int_equal(c.ev[1]->tasks.n_rows, 2);
	assert_false(c.ev[0]->incomplete);
	assert_false(c.ev[1]->incomplete);
	assert_string_not_equal(c.ev[0]->id, c.ev[1]->id);
	kept_events_free(&c);
}

static void test_truncated(void **state)
{
	struct kept_events c = { 0 };
	struct oom_event *ev = one(&c, "truncated-cut-off.txt");
	assert_true(ev->incomplete);
	assert_false(ev->has_victim);
	assert_int_equal(ev->tasks.n_rows, 2);
	kept_events_free(&c);
	ev = one(&c, "truncated-start-lost.txt");
	assert_true(ev->incomplete);
	assert_true(ev->has_victim);
	assert_string_equal(ev->trigger.comm, "");             /* never invented */
	assert_false(oom_isset(ev->trigger.gfp_mask));
	assert_int_equal(ev->kind, OOM_KIND_MEMCG_OOM);
	kept_events_free(&c);
	feed_fixture(&c, "lines-lost-between-reports.txt");
	assert_int_equal(c.n, 2);
	assert_true(c.ev[0]->incomplete);
	assert_false(c.ev[0]->has_victim);
	assert_false(c.ev[1]->incomplete);
	assert_int_equal(c.ev[1]->victim.pid, 602);
	kept_events_free(&c);
}

/* Two hosts' reports line by line in one syslog stream. */
static void test_interleaved_hosts(void **state)
{
	struct kept_events c = { 0 };
	struct oom_assembler *a = oom_assembler_new(keep_event, &c);
	size_t na, nb;
	char **la = read_lines("v5.4-global-single-process.txt", &na);
	char **lb = read_lines("v6.8-global-many-processes.txt", &nb);
	struct log_record r;

	for (size_t i = 0; i < na || i < nb; i++) {
		if (i < na) {
			line_record(&r, la[i], "web1", false, 2 * i + 1);
			oom_assembler_feed(a, &r);
		}
		if (i < nb) {
			line_record(&r, lb[i], "db2", false, 2 * i + 2);
			oom_assembler_feed(a, &r);
		}
	}
	oom_assembler_flush(a);
	oom_assembler_free(a);
	assert_int_equal(c.n, 2);
	for (size_t i = 0; i < 2; i++) {
		struct oom_event *ev = c.ev[i];
		assert_false(ev->incomplete);
		assert_false(ev->kernel_proven);
		if (strcmp(ev->host, "web1") == 0) {
			assert_string_equal(ev->victim.comm, "java");
			assert_int_equal(ev->tasks.n_rows, 8);
		} else {
			assert_string_equal(ev->host, "db2");
			assert_string_equal(ev->victim.comm, "php-fpm8.2");
			assert_int_equal(ev->tasks.n_rows, 66);
		}
	}
	free_lines(la, na);
	free_lines(lb, nb);
	kept_events_free(&c);
}

/* A "logger -t kernel" line in a syslog file is text, not proof: one unproven line taints. */
static void test_forged_line_marked(void **state)
{
	struct kept_events c = { 0 };
	struct oom_assembler *a = oom_assembler_new(keep_event, &c);
	struct log_record r;
	char l1[] = "Out of memory: Killed process 1 (systemd) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:1kB oom_score_adj:0";

	line_record(&r, l1, "", false, 1);
	oom_assembler_feed(a, &r);
	oom_assembler_flush(a);
	assert_int_equal(c.n, 1);
	assert_false(c.ev[0]->kernel_proven);
	assert_int_equal(c.ev[0]->origin, LOG_ORIGIN_FILE);
	assert_true(c.ev[0]->incomplete);
	kept_events_free(&c);
	oom_assembler_free(a);
}

/* A multi-line record (a /dev/kmsg message with embedded newlines) is split into lines. */
static void test_multiline_record(void **state)
{
	struct kept_events c = { 0 };
	struct oom_assembler *a = oom_assembler_new(keep_event, &c);
	struct log_record r;
	char msg[] = "Memory cgroup stats for /x:\nanon 4096\nfile 8192\n";
	char h[] = "x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0";
	char k[] = "Memory cgroup out of memory: Killed process 9 (x) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0";

	line_record(&r, h, "", true, 0);
	oom_assembler_feed(a, &r);
	line_record(&r, msg, "", true, 0);
	oom_assembler_feed(a, &r);
	line_record(&r, k, "", true, 0);
	oom_assembler_feed(a, &r);
	oom_assembler_idle(a);                                 /* --follow: nothing new for a while */
	assert_int_equal(c.n, 1);
	assert_int_equal(c.ev[0]->memcg.n_stats, 2);
	assert_int_equal(c.ev[0]->memcg.stats[1].value, 8192);
	assert_false(c.ev[0]->incomplete);
	kept_events_free(&c);
	oom_assembler_free(a);
}

/* 100k task rows keep memory bounded: top rows, name groups and the "rest" group. */
static void test_task_table_bounded(void **state)
{
	struct kept_events c = { 0 };
	struct oom_assembler *a = oom_assembler_new(keep_event, &c);
	struct log_record r;
	char line[256];

	snprintf(line, sizeof(line), "big invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
	line_record(&r, line, "", true, 0);
	oom_assembler_feed(a, &r);
	/* stamped, so that the test's "[ seconds]" parsing leaves the bracketed pid alone */
	snprintf(line, sizeof(line), "[5.0] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name");
	line_record(&r, line, "", true, 0);
	oom_assembler_feed(a, &r);
	for (int i = 0; i < 100000; i++) {
		snprintf(line, sizeof(line), "[5.0] [%7d] 0 %d 100 %d 4096 0 0 name%d", i + 1, i + 1, i, i % 50);
		line_record(&r, line, "", true, 0);
		oom_assembler_feed(a, &r);
	}
	oom_assembler_flush(a);
	oom_assembler_free(a);
	assert_int_equal(c.n, 1);
	const struct oom_task_table *t = &c.ev[0]->tasks;
	assert_int_equal(t->n_rows, 100000);
	assert_int_equal(t->n_top, OOM_TASKS_MAX);
	assert_int_equal(t->top[0].rss, 99999);
	assert_int_equal(t->top[OOM_TASKS_MAX - 1].rss, 99999 - OOM_TASKS_MAX + 1);
	assert_int_equal(t->n_groups, OOM_TASK_GROUPS_MAX + 1);
	uint64_t count = 0;
	for (size_t i = 0; i < t->n_groups; i++)
		count += t->groups[i].count;
	assert_int_equal(count, 100000);
	assert_int_equal(t->sum_rss, (int64_t)99999 * 100000 / 2);
	kept_events_free(&c);
}

static void test_victim_comm_with_paren_and_spaces(void **state)
{
	struct kept_events c = { 0 };
	struct oom_assembler *a = oom_assembler_new(keep_event, &c);
	struct log_record r;
	char k[] = "Out of memory: Killed process 77 (a) total-vm:1kB (b) total-vm:5kB, anon-rss:3kB, file-rss:1kB, shmem-rss:0kB, UID:5 pgtables:4kB oom_score_adj:-5";

	line_record(&r, k, "h", true, 0);
	oom_assembler_feed(a, &r);
	oom_assembler_flush(a);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.ev[0]->victim.comm, "a) total-vm:1kB (b");
	assert_int_equal(c.ev[0]->victim.total_vm_kib, 5);
	assert_int_equal(c.ev[0]->victim.oom_score_adj, -5);
	kept_events_free(&c);
	oom_assembler_free(a);
}

static void test_gfp_legacy_tables(void **state)
{
	char out[256];
	assert_true(gfp_decode_legacy(0x280da, out, sizeof(out)));
	assert_string_equal(out, "GFP_HIGHUSER_MOVABLE|__GFP_ZERO");
	assert_true(gfp_decode_legacy(0x24000c0, out, sizeof(out)));
	assert_string_equal(out, "GFP_KERNEL");
	assert_true(gfp_decode_legacy(0x20, out, sizeof(out)));
	assert_string_equal(out, "GFP_ATOMIC");
	assert_true(gfp_decode_legacy(0x204010, out, sizeof(out)));   /* 3.18 "mode:0x204010" */
	assert_string_equal(out, "GFP_NOIO|__GFP_COMP|__GFP_NOTRACK");
	/* 2.6.9-2.6.15 (no __GFP_HARDWALL): page cache read-ahead, not kernel memory */
	assert_true(gfp_decode_legacy(0x1d2, out, sizeof(out)));
	assert_string_equal(out, "GFP_HIGHUSER|__GFP_COLD");
	/* 2.6.23-2.6.30: __GFP_MOVABLE at 0x100000 */
	assert_true(gfp_decode_legacy(0x1201d2, out, sizeof(out)));
	assert_string_equal(out, "GFP_HIGHUSER_MOVABLE|__GFP_COLD");
	/* 3.8-3.14: 0x100000 is __GFP_KMEMCG (thread stacks charged to a cgroup) */
	assert_true(gfp_decode_legacy(0x3000d0, out, sizeof(out)));
	assert_string_equal(out, "GFP_KERNEL|__GFP_KMEMCG|__GFP_NOTRACK");
	assert_true(gfp_decode_legacy(0xd0, out, sizeof(out)));
	assert_string_equal(out, "GFP_KERNEL");
	assert_false(gfp_decode_legacy(0x80000000ULL, out, sizeof(out)));
	assert_string_equal(out, "undecoded");
	assert_true(gfp_names_can_reclaim_fs("GFP_KERNEL|__GFP_COMP"));
	assert_false(gfp_names_can_reclaim_fs("GFP_NOFS"));
}

/* The same report gives the same id in every run, and JSON output is valid-looking. */
static void test_id_stable_and_json(void **state)
{
	struct kept_events c1 = { 0 }, c2 = { 0 };
	struct strbuf sb;
	struct json j;

	feed_fixture(&c1, "v5.4-global-single-process.txt");
	feed_fixture(&c2, "v5.4-global-single-process.txt");
	assert_string_equal(c1.ev[0]->id, c2.ev[0]->id);
	assert_int_equal(strlen(c1.ev[0]->id), OOM_ID_LEN);
	strbuf_init(&sb);
	json_init(&j, &sb);
	oom_event_json(&j, c1.ev[0], true);
	assert_false(sb.failed);
	assert_non_null(strstr(sb.buf, "\"victim\":{\"pid\":19001,\"comm\":\"java\""));
	assert_non_null(strstr(sb.buf, "\"verdict\":\"one process used most memory\""));
	assert_int_equal(sb.buf[sb.len - 1], '}');
	strbuf_free(&sb);
	kept_events_free(&c1);
	kept_events_free(&c2);
}

/* Absurd numbers (forged or corrupt lines) stay unset or saturate; nothing overflows. */
static void test_hostile_numbers(void **state)
{
	struct kept_events c = { 0 };
	struct oom_assembler *a = oom_assembler_new(keep_event, &c);
	struct log_record r;
	char l[4][160] = {
		"x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=99999, oom_score_adj=0",
		"memory: usage 99999999999999999999kB, limit 9007199254740988kB, failcnt 1",
		"Node 0 hugepages_total=4294967296 hugepages_free=0 hugepages_surp=0 hugepages_size=9007199254740988kB",
		"Memory cgroup out of memory: Killed process 5 (x) total-vm:1kB, anon-rss:9007199254740992kB, file-rss:0kB",
	};
	for (int i = 0; i < 4; i++) {
		line_record(&r, l[i], "", true, 0);
		oom_assembler_feed(a, &r);
	}
	oom_assembler_flush(a);
	oom_assembler_free(a);
	assert_int_equal(c.n, 1);
	assert_false(oom_isset(c.ev[0]->memcg.usage_kib));
	assert_int_equal(c.ev[0]->memcg.limit_kib, 9007199254740988LL);
	assert_int_equal(c.ev[0]->victim.anon_rss_kib, 9007199254740992LL);
	assert_int_equal(cause_of(c.ev[0]), OOM_CAUSE_MEMCG_LIMIT);
	kept_events_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v2_6_11_global),
		cmocka_unit_test(test_v2_6_18_rhel5),
		cmocka_unit_test(test_v2_6_32_rhel6),
		cmocka_unit_test(test_v2_6_32_lowmem),
		cmocka_unit_test(test_v3_10_rhel7),
		cmocka_unit_test(test_v3_10_memcg_v1),
		cmocka_unit_test(test_v3_16_split_task_in),
		cmocka_unit_test(test_v4_4_bare_hex),
		cmocka_unit_test(test_v4_9_alloc_failure),
		cmocka_unit_test(test_v4_14_reaper),
		cmocka_unit_test(test_v4_15_slab),
		cmocka_unit_test(test_v4_19_memcg),
		cmocka_unit_test(test_no_killable),
		cmocka_unit_test(test_v4_18_rhel8),
		cmocka_unit_test(test_v5_4_single),
		cmocka_unit_test(test_v5_10_memcg_v2),
		cmocka_unit_test(test_constraints),
		cmocka_unit_test(test_high_order),
		cmocka_unit_test(test_watermarks),
		cmocka_unit_test(test_oom_group),
		cmocka_unit_test(test_allocating_task),
		cmocka_unit_test(test_panic_on_oom),
		cmocka_unit_test(test_shmem_hugetlb_sysrq),
		cmocka_unit_test(test_v6_8_rss_split),
		cmocka_unit_test(test_live_6_18_hostile_comm),
		cmocka_unit_test(test_interleaved_reports),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_interleaved_hosts),
		cmocka_unit_test(test_forged_line_marked),
		cmocka_unit_test(test_multiline_record),
		cmocka_unit_test(test_task_table_bounded),
		cmocka_unit_test(test_victim_comm_with_paren_and_spaces),
		cmocka_unit_test(test_gfp_legacy_tables),
		cmocka_unit_test(test_id_stable_and_json),
		cmocka_unit_test(test_hostile_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
