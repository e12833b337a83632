/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the pure parts of `check` (lib/audit): the kernel's min_free_kbytes formulas,
 * sysctl.d / tuned parsing and precedence, zoneinfo, NUMA node sums, thresholds, the rules on
 * hand-made snapshots, and the fix script. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "lib/audit/audit.h"
#include "lib/audit/fix_script.h"
#include "lib/audit/min_free.h"
#include "lib/audit/numa.h"
#include "lib/audit/sysctl_conf.h"
#include "lib/procfs/oomadj.h"
#include "lib/procfs/zoneinfo.h"

static void test_isqrt(void **state)
{
	assert_int_equal(isqrt_u64(0), 0);
	assert_int_equal(isqrt_u64(15), 3);
	assert_int_equal(isqrt_u64(16), 4);
	assert_int_equal(isqrt_u64(UINT64_MAX), 4294967295u);
}

static void test_min_free_formulas(void **state)
{
	/* 4 GiB of lowmem: int_sqrt(4194304 * 16) = 8192 */
	assert_int_equal(kernel_default_min_free_kbytes(4194304, MIN_FREE_KBYTES_CEIL), 8192);
	assert_int_equal(kernel_default_min_free_kbytes(100, MIN_FREE_KBYTES_CEIL), 128);
	assert_int_equal(kernel_default_min_free_kbytes(8ull << 30, MIN_FREE_KBYTES_CEIL), 262144);
	/* x86-64, 3 populated lowmem zones, 2 MiB pageblocks: 512*3*(2+9) pages = 67584 kB */
	assert_int_equal(thp_recommended_min_free_kbytes(512, 3, 6000000, 4), 67584);
	/* capped at 5% of lowmem */
	assert_int_equal(thp_recommended_min_free_kbytes(512, 3, 100000, 4), 100000 / 20 * 4);

	struct min_free_expect e;
	min_free_expected(6000000, 4, true, 512, 3, &e);
	assert_int_equal(e.expected_kib, 67584);
	assert_true(min_free_is_kernel_choice(67584, &e));
	assert_true(min_free_is_kernel_choice(67000, &e));   /* within 1% */
	assert_false(min_free_is_kernel_choice(1024000, &e));
	min_free_expected(6000000, 4, false, 512, 3, &e);
	assert_int_equal(e.thp_kib, 0);
	assert_true(min_free_is_kernel_choice(e.kernel_default_kib, &e));
}

struct seen {
	char key[8][SYSCTL_KEY_MAX];
	char value[8][SYSCTL_VALUE_MAX];
	unsigned line[8];
	int n;
};

static void collect(const char *key, const char *value, unsigned line, void *ud)
{
	struct seen *s = ud;
	if (s->n >= 8)
		return;
	strcpy(s->key[s->n], key);
	strcpy(s->value[s->n], value);
	s->line[s->n++] = line;
}

static void test_sysctl_conf_parse(void **state)
{
	const char *t = "# comment\n; also\n\nvm.min_free_kbytes = 1024000\n-vm/overcommit_memory=2\n"
			"net/ipv4/conf/eth0.1/rp_filter = 1\ngarbage line\n  kernel.panic=10  \n";
	struct seen s = { 0 };
	assert_int_equal(sysctl_conf_parse(t, strlen(t), collect, &s), 4);
	assert_string_equal(s.key[0], "vm.min_free_kbytes");
	assert_string_equal(s.value[0], "1024000");
	assert_int_equal(s.line[0], 4);
	assert_string_equal(s.key[1], "vm.overcommit_memory");
	/* slash-separated: dots are literal and become slashes */
	assert_string_equal(s.key[2], "net.ipv4.conf.eth0/1.rp_filter");
	assert_string_equal(s.key[3], "kernel.panic");
	assert_string_equal(s.value[3], "10");
}

static void test_tuned_parse(void **state)
{
	const char *t = "[main]\nsummary=x\ninclude=throughput-performance, other\n[sysctl]\n"
			"vm.min_free_kbytes=135168\n[vm]\ntransparent_hugepages=always\n";
	struct seen s = { 0 };
	char inc[64];
	assert_int_equal(tuned_conf_parse(t, strlen(t), collect, &s, inc, sizeof(inc)), 1);
	assert_string_equal(inc, "throughput-performance");
	assert_string_equal(s.key[0], "vm.min_free_kbytes");
	assert_string_equal(s.value[0], "135168");
}

static void test_sysctl_precedence(void **state)
{
	struct sysctl_file f[5] = {
		{ .path = "/usr/lib/sysctl.d/50-default.conf", .dir_rank = 3 },
		{ .path = "/etc/sysctl.conf", .dir_rank = -1 },
		{ .path = "/etc/sysctl.d/50-default.conf", .dir_rank = 0 },
		{ .path = "/run/sysctl.d/10-a.conf", .dir_rank = 1 },
		{ .path = "/usr/lib/sysctl.d/99-z.conf", .dir_rank = 3 },
	};
	size_t n = sysctl_files_order(f, 5);
	assert_int_equal(n, 4);
	assert_string_equal(f[0].path, "/run/sysctl.d/10-a.conf");
	assert_string_equal(f[1].path, "/etc/sysctl.d/50-default.conf");  /* /etc hides /usr/lib */
	assert_string_equal(f[2].path, "/usr/lib/sysctl.d/99-z.conf");
	assert_string_equal(f[3].path, "/etc/sysctl.conf");               /* always last */
}

static void test_zoneinfo(void **state)
{
	const char *t = "Node 0, zone      DMA\n  pages free     3840\n        min      8\n        low      10\n"
			"        high     12\n        spanned  4095\n        present  3998\n        managed  3840\n"
			"  pagesets\n    cpu: 0\n              high:  4316\n"
			"Node 0, zone   Normal\n  pages free     100\n        high     50\n        present  7000\n"
			"        managed  6000\n";
	struct zoneinfo z;
	assert_int_equal(zoneinfo_parse(t, strlen(t), &z), 2);
	assert_string_equal(z.zone[0].name, "DMA");
	assert_int_equal(z.zone[0].high, 12);   /* the pageset "high:" is not the watermark */
	assert_int_equal(z.zone[1].managed, 6000);
	assert_true(zone_is_lowmem(&z.zone[1]));
	assert_int_equal(zoneinfo_parse("nothing", 7, &z), -EINVAL);
}

static void test_thresholds(void **state)
{
	struct audit_thresholds t;
	thresholds_default(&t);
	assert_true(t.min_free_warn_pct == 1);
	assert_int_equal(thresholds_set(&t, "min_free_warn_pct=2.5"), 0);
	assert_true(t.min_free_warn_pct == 2.5);
	assert_int_equal(thresholds_set(&t, "nope=1"), -ENOENT);
	assert_int_equal(thresholds_set(&t, "min_free_warn_pct=abc"), -EINVAL);
	assert_int_equal(thresholds_set(&t, "min_free_warn_pct"), -EINVAL);
}

/* A healthy 16 GiB machine without zoneinfo or processes. */
static void base_snapshot(struct audit_snapshot *s)
{
	memset(s, 0, sizeof(*s));
	s->have_mem = true;
	s->page_kib = 4;
	s->mem.mem_total = 16u << 20;
	s->mem.mem_available = 12u << 20;
	s->mem.has = MEMINFO_HAS_MEM_AVAILABLE | MEMINFO_HAS_SHMEM | MEMINFO_HAS_SRECLAIMABLE;
	s->mem.swap_total = 4u << 20;
	s->mem.swap_free = 4u << 20;
	s->mem.active = s->mem.inactive = 2u << 20;
	s->psi.present = true;
	s->sc[SC_MIN_FREE_KBYTES].present = true;
	s->sc[SC_MIN_FREE_KBYTES].value = kernel_default_min_free_kbytes(16u << 20, MIN_FREE_KBYTES_CEIL);
	s->sc[SC_OVERCOMMIT_MEMORY].present = true;
	s->sc[SC_PANIC_ON_OOM].present = true;
	s->sc[SC_KERNEL_PANIC].present = true;
	strcpy(s->thp.enabled, "never");
}

static const struct finding *find(const struct findings *f, const char *id)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].id, id) == 0)
			return &f->v[i];
	return NULL;
}

static void run(const struct audit_snapshot *s, struct findings *f)
{
	struct audit_thresholds t;
	thresholds_default(&t);
	memset(f, 0, sizeof(*f));
	assert_int_equal(audit_run(s, &t, f), 0);
}

static void test_rules_healthy(void **state)
{
	struct audit_snapshot s;
	struct findings f;
	base_snapshot(&s);
	run(&s, &f);
	assert_int_equal(f.n, 0);
	assert_int_equal(findings_exit_status(&f), 0);
	findings_free(&f);
}

static void test_rule_min_free(void **state)
{
	struct audit_snapshot s;
	struct findings f;
	base_snapshot(&s);
	s.sc[SC_MIN_FREE_KBYTES].value = 1024000;   /* 6% of 16 GiB */
	strcpy(s.sc[SC_MIN_FREE_KBYTES].file, "/etc/sysctl.d/50-tune.conf");
	s.sc[SC_MIN_FREE_KBYTES].file_is_etc = true;
	s.sc[SC_MIN_FREE_KBYTES].line = 3;
	s.sc[SC_MIN_FREE_KBYTES].origin = ORIGIN_FILE;
	run(&s, &f);
	const struct finding *x = find(&f, "vm.min_free_kbytes.high");
	assert_non_null(x);
	assert_int_equal(x->sev, SEV_CRIT);
	/* the fix edits the admin's own file, not a new one */
	assert_string_equal(x->sysctl_file, "/etc/sysctl.d/50-tune.conf");
	assert_non_null(strstr(x->fix, "line 3"));
	assert_int_equal(findings_exit_status(&f), 2);
	findings_free(&f);

	s.sc[SC_MIN_FREE_KBYTES].value = 200000;    /* 1.2%: a warning */
	run(&s, &f);
	assert_int_equal(find(&f, "vm.min_free_kbytes.high")->sev, SEV_WARN);
	findings_free(&f);

	s.sc[SC_MIN_FREE_KBYTES].value = 512;       /* below 1024: prone to deadlock */
	run(&s, &f);
	assert_int_equal(find(&f, "vm.min_free_kbytes.low")->sev, SEV_WARN);
	findings_free(&f);
}

static void test_rule_overcommit_and_panic(void **state)
{
	struct audit_snapshot s;
	struct findings f;
	base_snapshot(&s);
	s.sc[SC_OVERCOMMIT_MEMORY].value = 2;
	s.sc[SC_OVERCOMMIT_RATIO].present = true;
	s.sc[SC_OVERCOMMIT_RATIO].value = 50;
	s.mem.swap_total = s.mem.swap_free = 0;
	s.mem.commit_limit = 8u << 20;
	s.mem.committed_as = 7u << 20;
	s.sc[SC_PANIC_ON_OOM].value = 1;
	s.sc[SC_KERNEL_PANIC].value = 0;
	run(&s, &f);
	const struct finding *x = find(&f, "vm.overcommit.strict_limit");
	assert_non_null(x);
	assert_string_equal(x->sysctl_key, "vm.overcommit_ratio");
	assert_int_equal(find(&f, "vm.panic_on_oom.no_reboot")->sev, SEV_CRIT);
	findings_free(&f);

	s.sc[SC_KERNEL_PANIC].value = 10;           /* reboots: a warning, not a hang */
	run(&s, &f);
	assert_null(find(&f, "vm.panic_on_oom.no_reboot"));
	assert_int_equal(find(&f, "vm.panic_on_oom.enabled")->sev, SEV_WARN);
	findings_free(&f);
}

static void test_rule_tuned_not_fought(void **state)
{
	struct audit_snapshot s;
	struct findings f;
	base_snapshot(&s);
	s.mem.mem_total = 8u << 20;
	s.sc[SC_MIN_FREE_KBYTES].value = 135168;    /* tuned hpc-compute, 1.6% of 8 GiB */
	s.sc[SC_MIN_FREE_KBYTES].origin = ORIGIN_TUNED;
	strcpy(s.sc[SC_MIN_FREE_KBYTES].tuned_value, "135168");
	strcpy(s.tuned_profile, "hpc-compute");
	run(&s, &f);
	const struct finding *x = find(&f, "vm.min_free_kbytes.high");
	assert_non_null(x);
	assert_int_equal(x->sev, SEV_INFO);
	assert_string_equal(x->sysctl_key, "");     /* a sysctl.d file would lose against tuned */
	assert_string_equal(x->write_path, "/etc/tuned/hpc-compute-oomguard/tuned.conf");
	findings_free(&f);
}

static void test_rule_services_and_cgroups(void **state)
{
	struct audit_snapshot s;
	struct findings f;
	struct proc_brief procs[2] = {
		{ .pid = 10, .comm = "postgres", .oom_score = 900, .unit = "postgresql.service", .rss_kib = 1000 },
		{ .pid = 11, .comm = "bash", .oom_score = 5 },
	};
	char unit[] = "postgresql.service";
	struct proc_entry ranked[2] = {
		{ .pid = 10, .comm = "postgres", .oom_score = 900, .unit = unit, .rss_kib = 1000 },
		{ .pid = 11, .comm = "bash", .oom_score = 5 },
	};
	struct cgroup_mem cg = { .path = "/system.slice/x.service", .version = 2, .usage = 950,
				 .limit = 1000, .has_limit = true, .oom_kill = 2 };
	base_snapshot(&s);
	s.procs = procs;
	s.n_procs = 2;
	s.victims.v = ranked;
	s.victims.n = 2;
	s.have_procs = true;
	s.cgroups = &cg;
	s.n_cgroups = 1;
	run(&s, &f);
	const struct finding *x = find(&f, "process.unprotected_service");
	assert_non_null(x);
	assert_string_equal(x->dropin_unit, "postgresql.service");
	assert_int_equal(x->adj_pid, 10);
	assert_non_null(find(&f, "cgroup.memory.oom_kills"));
	assert_non_null(find(&f, "cgroup.memory.near_limit"));
	findings_free(&f);

	procs[0].oom_score_adj = -500;              /* protected: quiet */
	ranked[0].oom_score_adj = -500;
	cg.oom_kill = 0;
	cg.inactive_file = 500;                      /* mostly cache: not near the limit */
	run(&s, &f);
	assert_null(find(&f, "process.unprotected_service"));
	assert_null(find(&f, "cgroup.memory.near_limit"));
	findings_free(&f);
}

static void test_node_meminfo(void **state)
{
	const char *t = "Node 1 MemTotal:       33030144 kB\nNode 1 MemFree:        40000 kB\n"
			"Node 1 MemUsed:        32990144 kB\nNode 1 FilePages:      200000 kB\n"
			"Node 1 AnonPages:      32000000 kB\nNode 1 Shmem:          0 kB\n"
			"Node 1 HugePages_Total:     0\n";
	struct numa_node_mem m;
	assert_int_equal(node_meminfo_parse(t, strlen(t), &m), 0);
	assert_int_equal(m.node, 1);
	assert_int_equal(m.total_kib, 33030144);
	assert_int_equal(m.free_kib, 40000);
	assert_int_equal(m.file_kib, 200000);
	assert_int_equal(m.anon_kib, 32000000);
	assert_int_equal(m.shmem_kib, 0);
	const char *bad = "MemTotal: 5 kB\nNode x MemTotal: 5 kB\nNode 0 MemTotal: lots kB\n";
	assert_int_equal(node_meminfo_parse(bad, strlen(bad), &m), -EINVAL);
	assert_int_equal(node_meminfo_parse("", 0, &m), -EINVAL);
}

static void test_node_watermarks(void **state)
{
	struct zoneinfo z = { .n = 4 };
	z.zone[0] = (struct zone_info){ .node = 0, .name = "DMA32", .free = 100, .min = 1, .low = 2,
					.high = 3, .managed = 1000 };
	z.zone[1] = (struct zone_info){ .node = 0, .name = "Normal", .free = 900, .min = 10, .low = 20,
					.high = 30, .managed = 9000 };
	z.zone[2] = (struct zone_info){ .node = 0, .name = "Movable" };           /* empty: skipped */
	z.zone[3] = (struct zone_info){ .node = 1, .name = "Normal", .free = 5, .min = 10, .low = 20,
					.high = 30, .managed = 10000 };
	struct node_watermarks w[4];
	assert_int_equal(node_watermarks_sum(&z, w, 4), 2);
	assert_int_equal(w[0].node, 0);
	assert_int_equal(w[0].free, 1000);
	assert_int_equal(w[0].low, 22);
	assert_int_equal(w[0].managed, 10000);
	assert_int_equal(w[1].node, 1);
	assert_int_equal(w[1].free, 5);
	assert_int_equal(node_watermarks_sum(&z, w, 1), 1);  /* capped */
	z.truncated = true;                                    /* node 1 may be incomplete */
	assert_int_equal(node_watermarks_sum(&z, w, 4), 1);
	assert_int_equal(w[0].node, 0);
}

/* The NUMA rule on zones alone (a kernel without /sys/devices/system/node): node 1 dry, node 0
 * with plenty; quiet when the machine has one node, or when every node is dry. */
static void test_rule_numa(void **state)
{
	struct audit_snapshot s;
	struct findings f;
	base_snapshot(&s);
	s.have_zones = true;
	s.zones.n = 2;
	s.zones.zone[0] = (struct zone_info){ .node = 0, .name = "Normal", .free = 500000, .min = 1000,
					      .low = 2000, .high = 3000, .managed = 2000000 };
	s.zones.zone[1] = (struct zone_info){ .node = 1, .name = "Normal", .free = 1500, .min = 1000,
					      .low = 2000, .high = 3000, .managed = 2000000 };
	s.sc[SC_ZONE_RECLAIM_MODE].present = true;
	s.sc[SC_ZONE_RECLAIM_MODE].value = 4;
	run(&s, &f);
	const struct finding *x = find(&f, "numa.node_low");
	assert_non_null(x);
	assert_string_equal(x->subject, "node 1");
	assert_int_equal(x->sev, SEV_WARN);
	x = find(&f, "vm.zone_reclaim_mode.on");
	assert_non_null(x);
	assert_non_null(strstr(x->measured, "4 swap"));
	assert_string_equal(x->sysctl_value, "0");
	findings_free(&f);

	/* with page cache to reclaim on the node it is only info; shmem does not count */
	s.nodes[0] = (struct numa_node_mem){ .node = 1, .total_kib = 8000000, .file_kib = 1000000,
					     .shmem_kib = 100000, .anon_kib = 6000000 };
	s.n_nodes = 1;
	run(&s, &f);
	x = find(&f, "numa.node_low");
	assert_non_null(x);
	assert_int_equal(x->sev, SEV_INFO);
	assert_non_null(strstr(x->measured, "page cache 879 MiB (less shmem)"));
	findings_free(&f);
	s.nodes[0].shmem_kib = 900000;
	run(&s, &f);
	x = find(&f, "numa.node_low");
	assert_non_null(x);
	assert_int_equal(x->sev, SEV_WARN);
	findings_free(&f);

	s.zones.zone[0].free = 1900;                 /* both dry: the machine is short, not a node */
	run(&s, &f);
	assert_null(find(&f, "numa.node_low"));
	findings_free(&f);

	s.zones.n = 1;                               /* one node: nothing about NUMA at all */
	s.zones.zone[0].free = 100;
	run(&s, &f);
	assert_null(find(&f, "numa.node_low"));
	assert_null(find(&f, "vm.zone_reclaim_mode.on"));
	findings_free(&f);
}

/* MGLRU: min_ttl_ms 0 without a userspace OOM daemon is a suggestion, >= 3000 a warning; nothing
 * when MGLRU is off, when a daemon runs, or when processes were not read. */
static void test_rule_mglru(void **state)
{
	struct audit_snapshot s;
	struct findings f;
	base_snapshot(&s);
	s.mglru.present = s.mglru.ttl_known = true;
	s.mglru.enabled = 0x7;
	s.have_procs = true;
	run(&s, &f);
	const struct finding *x = find(&f, "mglru.min_ttl_ms.off");
	assert_non_null(x);
	assert_int_equal(x->sev, SEV_INFO);
	assert_string_equal(x->write_content, "w /sys/kernel/mm/lru_gen/min_ttl_ms - - - - 1000\n");
	findings_free(&f);

	strcpy(s.oom_daemon, "earlyoom");
	run(&s, &f);
	assert_null(find(&f, "mglru.min_ttl_ms.off"));
	findings_free(&f);
	s.oom_daemon[0] = '\0';
	s.have_procs = false;
	run(&s, &f);
	assert_null(find(&f, "mglru.min_ttl_ms.off"));
	findings_free(&f);

	s.mglru.min_ttl_ms = 2999;
	run(&s, &f);
	assert_null(find(&f, "mglru.min_ttl_ms.high"));
	findings_free(&f);
	s.mglru.min_ttl_ms = 3000;
	run(&s, &f);
	x = find(&f, "mglru.min_ttl_ms.high");
	assert_non_null(x);
	assert_int_equal(x->sev, SEV_WARN);
	findings_free(&f);
	s.mglru.enabled = 0;                         /* MGLRU off: min_ttl_ms does nothing */
	run(&s, &f);
	assert_null(find(&f, "mglru.min_ttl_ms.high"));
	findings_free(&f);
}

static void test_fix_script(void **state)
{
	struct findings f = { 0 };
	struct finding *x = finding_add(&f, "vm.min_free_kbytes.high", SEV_CRIT, "why");
	strcpy(x->title, "title\nrm -rf /");        /* a newline must not leave the comment */
	strcpy(x->sysctl_key, "vm.min_free_kbytes");
	strcpy(x->sysctl_value, "67584");
	strcpy(x->sysctl_file, "/etc/sysctl.d/90-oomguard.conf");
	strcpy(x->stale_file, "/etc/sysctl.conf");
	x = finding_add(&f, "process.unprotected_service", SEV_WARN, "why");
	strcpy(x->dropin_unit, "evil;touch x.service");   /* unsafe: not scripted */
	strcpy(x->fix, "by hand");
	struct strbuf sb;
	strbuf_init(&sb);
	fix_script_build(&f, &sb);
	assert_non_null(strstr(sb.buf, "persist_sysctl vm.min_free_kbytes 67584 /etc/sysctl.d/90-oomguard.conf\n"));
	assert_non_null(strstr(sb.buf, "disable_sysctl_line vm.min_free_kbytes /etc/sysctl.conf\n"));
	assert_null(strstr(sb.buf, "\nrm -rf"));
	assert_null(strstr(sb.buf, "evil;touch"));
	assert_non_null(strstr(sb.buf, "#     by hand\n"));
	assert_false(fix_script_safe_word("a b"));
	assert_false(fix_script_safe_word("../x"));
	strbuf_free(&sb);
	findings_free(&f);
}

/* A drop-in written by the fix script carries protect --persist's marker: protect --undo takes it. */
static void test_fix_script_dropin_marker(void **state)
{
	struct findings f = { 0 };
	struct finding *x = finding_add(&f, "process.unprotected_service", SEV_WARN, "why");
	strcpy(x->dropin_unit, "mysqld.service");
	strcpy(x->dropin_body, "[Service]\nOOMScoreAdjust=-500\n");
	struct strbuf sb;
	strbuf_init(&sb);
	fix_script_build(&f, &sb);
	const char *start = strstr(sb.buf, "/mysqld.service.d/" OOMADJ_DROPIN_NAME " <<'OOMGUARD_EOF'\n");
	assert_non_null(start);
	start = strchr(start, '\n') + 1;
	const char *end = strstr(start, "OOMGUARD_EOF\n");
	assert_non_null(end);
	assert_true(oomadj_dropin_is_ours(start, (size_t)(end - start)));
	assert_non_null(strstr(start, "[Service]\nOOMScoreAdjust=-500\nOOMGUARD_EOF"));
	strbuf_free(&sb);
	findings_free(&f);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_isqrt),
		cmocka_unit_test(test_min_free_formulas),
		cmocka_unit_test(test_sysctl_conf_parse),
		cmocka_unit_test(test_tuned_parse),
		cmocka_unit_test(test_sysctl_precedence),
		cmocka_unit_test(test_zoneinfo),
		cmocka_unit_test(test_thresholds),
		cmocka_unit_test(test_rules_healthy),
		cmocka_unit_test(test_rule_min_free),
		cmocka_unit_test(test_rule_overcommit_and_panic),
		cmocka_unit_test(test_rule_tuned_not_fought),
		cmocka_unit_test(test_rule_services_and_cgroups),
		cmocka_unit_test(test_fix_script),
		cmocka_unit_test(test_fix_script_dropin_marker),
		cmocka_unit_test(test_node_meminfo),
		cmocka_unit_test(test_node_watermarks),
		cmocka_unit_test(test_rule_numa),
		cmocka_unit_test(test_rule_mglru),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
