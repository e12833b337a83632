/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the pure parts of `report`: grouping of past OOM kills (lib/audit/kill_summary.h),
 * cgroup paths cut for a table cell (lib/procfs/cgpath.h), and the next victims that check and
 * report share (the snapshot's audit_victims, read by the unprotected-service rule). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "lib/audit/audit.h"
#include "lib/audit/kill_summary.h"
#include "lib/procfs/cgpath.h"

static struct oom_kill_brief kill(int64_t t_s, const char *comm, const char *cgroup, const char *host)
{
	struct oom_kill_brief k;
	memset(&k, 0, sizeof(k));
	k.time_us = t_s * 1000000;
	k.pid = (pid_t)(1000 + t_s);
	snprintf(k.comm, sizeof(k.comm), "%s", comm);
	k.memcg = cgroup != NULL;
	snprintf(k.cgroup, sizeof(k.cgroup), "%s", cgroup ? cgroup : "");
	snprintf(k.host, sizeof(k.host), "%s", host);
	snprintf(k.id, sizeof(k.id), "%012llx", (unsigned long long)t_s);
	k.rss_kib = (uint64_t)t_s;
	return k;
}

static const struct kill_group *group_named(const struct kill_summary *s, const char *comm, bool memcg)
{
	for (size_t i = 0; i < s->n_groups; i++)
		if (strcmp(s->groups[i].comm, comm) == 0 && s->groups[i].memcg == memcg)
			return &s->groups[i];
	return NULL;
}

/* 40 kills: 25 of "worker" in 5 cgroups of one job, 10 machine-wide "java", 5 "worker" machine-wide. */
static void test_groups(void **state)
{
	struct oom_kill_brief k[40];
	char cg[64];
	size_t n = 0;
	for (int i = 0; i < 25; i++) {
		snprintf(cg, sizeof(cg), "/kubepods/burstable/job-%d", i % 5);
		k[n++] = kill(100 + i, "worker", cg, "");
	}
	for (int i = 0; i < 10; i++)
		k[n++] = kill(200 + i, "java", NULL, "");
	for (int i = 0; i < 5; i++)
		k[n++] = kill(300 + i, "worker", NULL, "");

	struct kill_summary s;
	assert_int_equal(kill_summary_build(k, n, 3, &s), 0);
	assert_int_equal(s.n_kills, 40);
	assert_int_equal(s.recent, 3);
	assert_int_equal(s.grouped, 37);
	assert_int_equal(s.machine_wide, 15);
	assert_int_equal(s.n_hosts, 0);
	assert_int_equal(s.n_groups, 3);

	/* largest first; the last three machine-wide workers are shown apart, two are grouped */
	assert_string_equal(s.groups[0].comm, "worker");
	assert_true(s.groups[0].memcg);
	assert_int_equal(s.groups[0].count, 25);
	assert_int_equal(s.groups[0].n_cgroups, 5);
	assert_string_equal(s.groups[0].cgroup, "/kubepods/burstable/job-*");
	assert_int_equal(s.groups[0].first_us, 100 * 1000000LL);
	assert_int_equal(s.groups[0].last_us, 124 * 1000000LL);
	assert_int_equal(s.groups[0].latest, 24);
	assert_int_equal(s.groups[0].max_rss_kib, 124);

	const struct kill_group *java = group_named(&s, "java", false);
	assert_non_null(java);
	assert_int_equal(java->count, 10);
	assert_int_equal(java->n_cgroups, 0);
	assert_string_equal(java->cgroup, "");
	const struct kill_group *w = group_named(&s, "worker", false);
	assert_non_null(w);
	assert_int_equal(w->count, 2);
	assert_int_equal(w->latest, 36);

	size_t sum = 0;
	for (size_t i = 0; i < s.n_groups; i++)
		sum += s.groups[i].count;
	assert_int_equal(sum, s.grouped);

	/* all three fit in three lines; in two, one group and the "rest" line: the machine-wide one */
	size_t idx[3];
	assert_int_equal(kill_summary_pick(&s, 3, idx), 3);
	assert_int_equal(kill_summary_pick(&s, 2, idx), 1);
	assert_ptr_equal(&s.groups[idx[0]], java);
	kill_summary_free(&s);
}

/* A single machine-wide kill among many cgroup kills is shown, not summed up as "other". */
static void test_pick_keeps_machine_wide(void **state)
{
	struct oom_kill_brief k[60];
	size_t n = 0;
	for (int i = 0; i < 20; i++)
		k[n++] = kill(i, "a", "/a", "");
	for (int i = 0; i < 15; i++)
		k[n++] = kill(100 + i, "b", "/b", "");
	for (int i = 0; i < 10; i++)
		k[n++] = kill(200 + i, "c", "/c", "");
	k[n++] = kill(300, "java", NULL, "");
	for (int i = 0; i < 10; i++)
		k[n++] = kill(400 + i, "d", "/d", "");
	struct kill_summary s;
	size_t idx[3];
	assert_int_equal(kill_summary_build(k, n, 3, &s), 0);
	assert_int_equal(s.n_groups, 5);  /* a, b, c, java, d (7 grouped: 3 of d are recent) */
	assert_int_equal(kill_summary_pick(&s, 3, idx), 2);
	assert_string_equal(s.groups[idx[0]].comm, "a");
	assert_string_equal(s.groups[idx[1]].comm, "java");
	assert_false(s.groups[idx[1]].memcg);
	kill_summary_free(&s);
}

static void test_few_kills_not_grouped(void **state)
{
	struct oom_kill_brief k[5];
	for (int i = 0; i < 5; i++)
		k[i] = kill(i, "a", "/one", i < 3 ? "db1" : "db2");
	struct kill_summary s;
	assert_int_equal(kill_summary_build(k, 5, 3, &s), 0);
	assert_int_equal(s.recent, 5);   /* 3 apart + 2 in one group would save nothing */
	assert_int_equal(s.n_groups, 0);
	assert_int_equal(s.n_hosts, 2);
	kill_summary_free(&s);

	assert_int_equal(kill_summary_build(k, 0, 3, &s), 0);
	assert_int_equal(s.recent, 0);
	assert_int_equal(s.n_groups, 0);
	kill_summary_free(&s);
}

/* Hosts split groups; one cgroup is named whole; kills without a time keep first/last open. */
static void test_hosts_and_times(void **state)
{
	struct oom_kill_brief k[8];
	for (int i = 0; i < 8; i++)
		k[i] = kill(i + 1, "postgres", "/system.slice/postgresql.service", i % 2 ? "db2" : "db1");
	k[0].time_us = INT64_MIN;
	struct kill_summary s;
	assert_int_equal(kill_summary_build(k, 8, 2, &s), 0);
	assert_int_equal(s.n_groups, 2);
	assert_int_equal(s.groups[0].count + s.groups[1].count, 6);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(s.groups[i].n_cgroups, 1);
		assert_string_equal(s.groups[i].cgroup, "/system.slice/postgresql.service");
	}
	const struct kill_group *db1 = strcmp(s.groups[0].host, "db1") == 0 ? &s.groups[0] : &s.groups[1];
	assert_string_equal(db1->host, "db1");
	assert_int_equal(db1->count, 3);           /* kills 1, 3, 5 (7 is recent) */
	assert_int_equal(db1->first_us, 3 * 1000000LL);  /* kill 1 has no time */
	kill_summary_free(&s);
}

static void test_path_shorten(void **state)
{
	char b[128];
	assert_string_equal(cgroup_path_shorten(b, sizeof(b), "/system.slice/ssh.service", 40),
			    "/system.slice/ssh.service");
	assert_string_equal(cgroup_path_shorten(b, sizeof(b),
			    "/kubepods/burstable/pod1234/abcdef", 24), ".../pod1234/abcdef");
	/* a last component too long alone keeps its start and end */
	const char *k8s = "/kubepods.slice/kubepods-burstable.slice/cri-containerd-"
			  "0123456789abcdef0123456789abcdef.scope";
	cgroup_path_shorten(b, sizeof(b), k8s, 30);
	assert_true(strlen(b) <= 30);
	assert_memory_equal(b, ".../cri-contain", 15);
	assert_non_null(strstr(b, "..."));
	assert_string_equal(b + strlen(b) - 6, ".scope");
	/* one component: no ".../" */
	cgroup_path_shorten(b, sizeof(b), "/oomguard-test-events-123456789", 20);
	assert_true(strlen(b) <= 20);
	assert_int_equal(b[0], '/');
	assert_string_equal(b + strlen(b) - 4, "6789");
	/* never longer than width, whatever the input */
	for (size_t w = 1; w < 40; w++) {
		cgroup_path_shorten(b, sizeof(b), k8s, w);
		assert_true(strlen(b) <= w);
	}
}

/* check's rule reads the shared ranking: only the first next_victims entries count. */
static void test_unprotected_rank(void **state)
{
	struct audit_snapshot s;
	struct audit_thresholds t;
	struct findings f = { 0 };
	struct proc_entry v[6];
	memset(&s, 0, sizeof(s));
	memset(v, 0, sizeof(v));
	for (int i = 0; i < 6; i++) {
		v[i].pid = 10 + i;
		v[i].oom_score = 900 - i;
		snprintf(v[i].comm, sizeof(v[i].comm), "%s", i == 5 ? "mysqld" : "bash");
	}
	s.victims.v = v;
	s.victims.n = 6;
	s.have_procs = true;
	thresholds_default(&t);
	assert_int_equal(audit_run(&s, &t, &f), 0);
	for (size_t i = 0; i < f.n; i++)
		assert_string_not_equal(f.v[i].id, "process.unprotected_service");  /* 6th: not next */
	findings_free(&f);
	t.next_victims = 6;
	assert_int_equal(audit_run(&s, &t, &f), 0);
	bool found = false;
	for (size_t i = 0; i < f.n; i++)
		if (strcmp(f.v[i].id, "process.unprotected_service") == 0) {
			found = true;
			assert_string_equal(f.v[i].step, "choom -p 15 -n -500");
		}
	assert_true(found);
	findings_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_pick_keeps_machine_wide),
		cmocka_unit_test(test_few_kills_not_grouped),
		cmocka_unit_test(test_hosts_and_times),
		cmocka_unit_test(test_path_shorten),
		cmocka_unit_test(test_unprotected_rank),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
