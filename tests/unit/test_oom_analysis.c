/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the analyses of lib/oomreport/oom_analysis.h (mode, memory in use, swap,
 * watermarks, fragmentation) and for the consumer table (largest names, victim and trigger always
 * named), on real reports of several kernel eras (tests/fixtures/oom-reports/README.md names
 * their sources) and on generated task tables.  Where OOMAnalyser answers the same question, its
 * answer for the same report (run at the commit the README names) is the expected value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/kmsg/logline.h"
#include "lib/oomreport/oom_analysis.h"
#include "lib/oomreport/oom_assembler.h"
#include "lib/oomreport/oom_event.h"
#include "lib/oomreport/oom_event_json.h"
#include "lib/util/strbuf.h"
#include "kept_events.h"

/* Feeds a fixture through the same line decoder the commands use (dmesg, dmesg -T, bare). */
static void feed_file(struct kept_events *c, const char *name)
{
	char path[512], buf[16384];
	struct logline_ctx ctx;
	struct log_record rec;
	struct oom_assembler *a = oom_assembler_new(keep_event, c);
	FILE *f;

	snprintf(path, sizeof(path), "%s/oom-reports/%s", FIXTURES_DIR, name);
	f = fopen(path, "r");
	assert_non_null(f);
	logline_ctx_init(&ctx, LOG_ORIGIN_FILE, false, name);
	while (fgets(buf, sizeof(buf), f)) {
		size_t len = strcspn(buf, "\n");
		buf[len] = '\0';
		if (logline_decode(&ctx, buf, len, &rec) == 1)
			oom_assembler_feed(a, &rec);
	}
	fclose(f);
	oom_assembler_flush(a);
	oom_assembler_free(a);
}

static struct oom_event *one(struct kept_events *c, const char *name)
{
	feed_file(c, name);
	assert_int_equal(c->n, 1);
	return c->ev[0];
}

static const struct oom_wmark_zone *wzone(const struct oom_analysis *a, int node, const char *name)
{
	for (size_t i = 0; i < a->wmark.n_zones; i++)
		if (a->wmark.zones[i].node == node && strcmp(a->wmark.zones[i].name, name) == 0)
			return &a->wmark.zones[i];
	return NULL;
}

/* RHEL 7 (3.10), 85 processes, mysqld 19.7 GiB of 32 GiB: the report of the issue. */
static void test_real_rhel7(void **state)
{
	struct kept_events c = { 0 };
	struct oom_analysis a;
	(void)state;
	struct oom_event *ev = one(&c, "real-v3.10-rhel7-mysqld.txt");
	oom_analyse(ev, &a);

	/* consumer table: the victim first, flagged; the trigger kept though small */
	const struct oom_task_table *t = &ev->tasks;
	assert_int_equal(t->n_rows, 85);
	assert_string_equal(t->groups[0].name, "mysqld");
	assert_true(t->groups[0].victim);
	bool trigger_seen = false;
	for (size_t i = 0; i < t->n_groups; i++)
		trigger_seen |= t->groups[i].trigger && strcmp(t->groups[i].name, "sed") == 0;
	assert_true(trigger_seen);
	assert_string_equal(t->groups[t->n_groups - 1].name, "");   /* (all others) last */
	assert_true(t->groups[t->n_groups - 1].rss < t->groups[0].rss / 100);

	/* OOMAnalyser: automatic, Normal zone, failed below the low watermark, not fragmented */
	assert_string_equal(a.mode.trigger, "automatic");
	assert_string_equal(a.mode.scope, "system-wide");
	assert_int_equal(a.wmark.verdict, OOM_WMARK_BELOW_LOW);
	const struct oom_wmark_zone *n0 = wzone(&a, 0, "Normal"), *n1 = wzone(&a, 1, "Normal");
	assert_non_null(n0);
	assert_non_null(n1);
	assert_string_equal(n0->level, "below-min");          /* 36692 < 36784 */
	assert_string_equal(n1->level, "below-low");          /* 45444 < 49436 <= 56804 */
	const struct oom_wmark_zone *dma = wzone(&a, 0, "DMA");
	assert_non_null(dma);
	assert_true(dma->reserve_kib > dma->free_kib);          /* kept back from Movable requests */
	assert_int_equal(a.frag.verdict, OOM_FRAG_NONE);
	/* OOMAnalyser: swap 8388604 total, 0 free, 45368 cache, 8343236 used without the cache */
	assert_int_equal(a.swap.total_kib, 8388604);
	assert_int_equal(a.swap.free_kib, 0);
	assert_int_equal(a.swap.cache_kib, 45368);
	assert_int_equal(a.swap.used_without_cache_kib, 8343236);
	assert_true(a.swap.full);
	assert_int_equal(a.swap.cache_add, 31260615);
	assert_int_equal(a.swap.cache_find_total, 297583545);
	/* OOMAnalyser: RAM 33519336 kB; processes 31705788 kB = 94 % (it truncates) */
	assert_int_equal(a.usage.total_kib, 33519336);
	assert_int_equal(a.usage.task_rss_kib, 31705788);
	assert_true(a.usage.task_rss_pct >= 94.0 && a.usage.task_rss_pct < 95.0);
	kept_events_free(&c);
}

/* Arch Linux 6.1: the trigger is the victim; swap full; Normal below min. */
static void test_real_arch_6_1(void **state)
{
	struct kept_events c = { 0 };
	struct oom_analysis a;
	(void)state;
	struct oom_event *ev = one(&c, "real-v6.1-arch-doxygen.txt");
	oom_analyse(ev, &a);

	assert_string_equal(ev->tasks.groups[0].name, "doxygen");
	assert_true(ev->tasks.groups[0].victim && ev->tasks.groups[0].trigger);
	assert_int_equal(a.wmark.verdict, OOM_WMARK_BELOW_MIN);  /* OOMAnalyser: below low */
	assert_string_equal(a.use.requested_zone, "Movable");    /* GFP_HIGHUSER_MOVABLE */
	assert_int_equal(a.frag.verdict, OOM_FRAG_NONE);          /* OOMAnalyser: not fragmented */
	assert_int_equal(a.swap.cache_kib, 99452);                 /* OOMAnalyser */
	assert_int_equal(a.swap.used_without_cache_kib, 25066284); /* OOMAnalyser */
	assert_int_equal(a.usage.total_kib, 16461600);             /* OOMAnalyser */
	assert_int_equal(a.usage.task_rss_kib, 11513452);          /* OOMAnalyser */
	assert_string_equal(a.mode.trigger, "automatic");
	kept_events_free(&c);
}

/* Ubuntu 21.10 (5.13), SysRq-f on a 2 GiB VM: manual, and free memory above the watermarks. */
static void test_real_sysrq_above_watermarks(void **state)
{
	struct kept_events c = { 0 };
	struct oom_analysis a;
	(void)state;
	struct oom_event *ev = one(&c, "real-v5.13-ubuntu-sysrq.txt");
	oom_analyse(ev, &a);

	assert_true(a.mode.manual);                               /* OOMAnalyser: KERNEL_MANUAL */
	assert_string_equal(a.mode.trigger, "manual");
	assert_non_null(strstr(a.mode.text, "SysRq"));
	assert_int_equal(a.wmark.verdict, OOM_WMARK_ABOVE);
	assert_non_null(strstr(a.wmark.text, "above the watermarks"));
	assert_string_equal(wzone(&a, 0, "DMA32")->level, "above-high");
	assert_false(a.swap.configured);                          /* OOMAnalyser: swap inactive */
	assert_int_equal(a.swap.cache_kib, 0);
	assert_int_equal(a.usage.total_kib, 2096632);              /* OOMAnalyser */
	assert_int_equal(a.usage.task_rss_kib, 209520);            /* OOMAnalyser */
	bool victim = false;                 /* not the largest (snapd is): named all the same */
	for (size_t i = 0; i < ev->tasks.n_groups; i++)
		victim |= ev->tasks.groups[i].victim && strcmp(ev->tasks.groups[i].name, "unattended-upgr") == 0;
	assert_true(victim);
	kept_events_free(&c);
}

/* Proxmox 5.15, cgroup v2 limit in an LXC container: cgroup-local, the cgroup had no swap. */
static void test_real_memcg_v2(void **state)
{
	struct kept_events c = { 0 };
	struct oom_analysis a;
	(void)state;
	struct oom_event *ev = one(&c, "real-v5.15-proxmox-memcg-v2.txt");
	oom_analyse(ev, &a);

	assert_int_equal(ev->kind, OOM_KIND_MEMCG_OOM);           /* OOMAnalyser: CGROUP_V2 */
	assert_string_equal(a.mode.scope, "cgroup-local");
	assert_non_null(strstr(a.mode.text, "cgroup-local"));
	assert_int_equal(a.swap.cg, OOM_CG_SWAP_NONE);            /* "swap: usage 0kB, limit 0kB" */
	assert_int_equal(a.swap.cg_swap_limit_kib, 0);
	assert_true(a.usage.memcg);
	assert_int_equal(a.usage.total_kib, 31211520);
	assert_true(a.usage.in_use_pct == 100.0);
	assert_int_equal(a.wmark.verdict, OOM_WMARK_UNKNOWN);     /* no zones in a memcg report */
	assert_string_equal(ev->tasks.groups[0].name, "php-fpm"); /* OOMAnalyser's killed process */
	assert_true(ev->tasks.groups[0].victim);
	kept_events_free(&c);
}

/* Kernels before the real ones: a 32-bit lowmem report, an order-3 failure, a v1 memcg. */
static void test_older_eras(void **state)
{
	struct kept_events c = { 0 };
	struct oom_analysis a;
	(void)state;

	oom_analyse(one(&c, "v5.19-fragmentation-order3.txt"), &a);
	assert_int_equal(a.frag.order, 3);
	assert_int_equal(a.frag.verdict, OOM_FRAG_NO_BLOCK);
	assert_int_equal(a.frag.blocks_at_order, 0);
	kept_events_free(&c);

	oom_analyse(one(&c, "v3.10-rhel7-memcg-v1.txt"), &a);
	assert_string_equal(a.mode.scope, "cgroup-local");
	assert_true(a.swap.cg == OOM_CG_SWAP_LIMITED || a.swap.cg == OOM_CG_SWAP_NONE);
	kept_events_free(&c);

	oom_analyse(one(&c, "v2.6.32-32bit-lowmem.txt"), &a);
	assert_true(a.wmark.n_zones > 0);
	assert_int_not_equal(a.wmark.verdict, OOM_WMARK_UNKNOWN);
	kept_events_free(&c);
}

/* A generated task table: "invoked", header, rows, then the kill line. */
struct gen {
	struct oom_assembler *a;
	struct kept_events c;
};

static void gen_line(struct gen *g, const char *fmt, ...)
{
	char line[512];
	struct log_record r;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	memset(&r, 0, sizeof(r));
	r.monotonic_us = 5000000;
	r.realtime_us = LOG_TIME_UNKNOWN;
	r.msg = line;
	r.msg_len = strlen(line);
	r.host = "";
	r.origin = LOG_ORIGIN_KMSG;
	r.kernel_proven = true;
	r.level = -1;
	r.source = "gen";
	oom_assembler_feed(g->a, &r);
}

/* 45 distinct names; the victim is the 40th name seen and the largest: first in table and JSON. */
static void test_victim_is_40th_name(void **state)
{
	struct gen g = { 0 };
	(void)state;
	g.a = oom_assembler_new(keep_event, &g.c);
	gen_line(&g, "tiny invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
	gen_line(&g, "Tasks state (memory values in pages):");
	gen_line(&g, "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name");
	for (int i = 1; i <= 45; i++) {
		long rss = i == 40 ? 5000000 : 1000 + i;
		gen_line(&g, "[%7d] 0 %d 100 %ld 4096 0 0 %s%d", 100 + i, 100 + i, rss, i == 40 ? "hog" : "proc", i);
	}
	gen_line(&g, "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=hog40,pid=140,uid=0");
	gen_line(&g, "Out of memory: Killed process 140 (hog40) total-vm:400kB, anon-rss:20000000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0");
	oom_assembler_flush(g.a);
	oom_assembler_free(g.a);
	assert_int_equal(g.c.n, 1);
	const struct oom_task_table *t = &g.c.ev[0]->tasks;
	assert_string_equal(t->groups[0].name, "hog40");
	assert_true(t->groups[0].victim);
	assert_int_equal(t->n_groups, OOM_TASK_GROUPS_MAX + 1);   /* 32 names + (all others) */
	assert_int_equal(t->groups[t->n_groups - 1].count, 45 - OOM_TASK_GROUPS_MAX);

	struct strbuf sb;
	struct json j;
	strbuf_init(&sb);
	json_init(&j, &sb);
	oom_event_json(&j, g.c.ev[0], true);
	assert_false(sb.failed);
	const char *by = strstr(sb.buf, "\"by_name\":[{\"name\":\"hog40\"");
	assert_non_null(by);
	assert_non_null(strstr(by, "\"victim\":true"));
	strbuf_free(&sb);
	kept_events_free(&g.c);
}

/* 100k rows with 100k names: memory stays bounded and a small victim (oom_score_adj 1000) that
 * was pushed out of the working table is still named, flagged partial. */
static void test_small_victim_among_100k_names(void **state)
{
	struct gen g = { 0 };
	(void)state;
	g.a = oom_assembler_new(keep_event, &g.c);
	gen_line(&g, "trig invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
	gen_line(&g, "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name");
	gen_line(&g, "[%7d] 0 %d 100 %d 4096 0 1000 %s", 7, 7, 3, "smallvic");
	for (int i = 0; i < 100000; i++)
		gen_line(&g, "[%7d] 0 %d 100 %d 4096 0 0 n%d", 1000 + i, 1000 + i, 10 + i % 1000, i);
	gen_line(&g, "[%7d] 0 %d 100 %d 4096 0 0 %s", 9, 9, 2, "trig");
	gen_line(&g, "Out of memory: Killed process 7 (smallvic) total-vm:400kB, anon-rss:12kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:1000");
	oom_assembler_flush(g.a);
	oom_assembler_free(g.a);
	assert_int_equal(g.c.n, 1);
	const struct oom_task_table *t = &g.c.ev[0]->tasks;
	assert_int_equal(t->n_rows, 100002);
	assert_true(t->n_groups <= OOM_TASK_GROUPS_MAX + 3);
	bool victim = false, trigger = false;
	uint64_t count = 0;
	for (size_t i = 0; i < t->n_groups; i++) {
		count += t->groups[i].count;
		if (t->groups[i].victim) {
			victim = true;
			assert_string_equal(t->groups[i].name, "smallvic");
			assert_int_equal(t->groups[i].rss, 3);
		}
		trigger |= t->groups[i].trigger && strcmp(t->groups[i].name, "trig") == 0;
	}
	assert_true(victim);
	assert_true(trigger);
	assert_int_equal(count, 100002);                         /* every row counted once */
	assert_int_equal(t->groups[0].rss, 1009);                /* the largest names lead */
	kept_events_free(&g.c);
}

/* The analysis JSON carries the verdicts by name. */
static void test_analysis_json(void **state)
{
	struct kept_events c = { 0 };
	struct oom_analysis a;
	struct strbuf sb;
	struct json j;
	(void)state;

	oom_analyse(one(&c, "real-v5.13-ubuntu-sysrq.txt"), &a);
	strbuf_init(&sb);
	json_init(&j, &sb);
	oom_analysis_json(&j, &a);
	assert_false(sb.failed);
	assert_non_null(strstr(sb.buf, "\"verdict\":\"above_watermarks\""));
	assert_non_null(strstr(sb.buf, "\"trigger\":\"manual\""));
	assert_non_null(strstr(sb.buf, "\"configured\":false"));
	strbuf_free(&sb);
	kept_events_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_rhel7),
		cmocka_unit_test(test_real_arch_6_1),
		cmocka_unit_test(test_real_sysrq_above_watermarks),
		cmocka_unit_test(test_real_memcg_v2),
		cmocka_unit_test(test_older_eras),
		cmocka_unit_test(test_victim_is_40th_name),
		cmocka_unit_test(test_small_victim_among_100k_names),
		cmocka_unit_test(test_analysis_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
