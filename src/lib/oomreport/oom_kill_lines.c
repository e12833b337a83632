/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The lines that say whom the OOM killer chose and what became of it (mm/oom_kill.c): the
 * "Kill process" and "Killed process" lines of every era (OpenVZ and RHEL forms too), the
 * oom-kill summary, Linux 2.4's "VM: killing process", oom_reaper and the OOM panics.  Called by
 * oom_report_line (oom_lines.c). */
#include <stdint.h>
#include <string.h>

#include "lib/oomreport/oom_parse.h"

/* The name in "(name)" that ends at the last of the given suffixes, or at the last ')'. */
static bool paren_name(const char *open, const char *const *ends, char *dst, size_t cap,
		       const char **after)
{
	const char *close = NULL;

	if (*open != '(')
		return false;
	for (; *ends && !close; ends++) {
		const char *q = oomtext_find_last(open, *ends);
		if (q)
			close = q;
	}
	if (!close)
		close = strrchr(open, ')');
	if (!close || close <= open)
		return false;
	oomtext_copy(dst, cap, open + 1, (size_t)(close - open - 1));
	*after = close + 1;
	return true;
}

static void kill_reason(struct oom_report *r, const char *line, const char *at)
{
	size_t n = (size_t)(at - line);
	const char *ub = n ? memmem(line, n, " in UB ", 7) : NULL;

	/* OpenVZ/Virtuozzo: "Out of memory in UB 101: OOM killed process ..." */
	if (ub) {
		const char *p = ub + 7, *d = p;
		while (*d >= '0' && *d <= '9')
			d++;
		struct oom_container *c = &r->ev->container;
		if (d > p) {
			oomtext_copy(c->runtime, sizeof(c->runtime), "openvz", 6);
			oomtext_copy(c->id, sizeof(c->id), p, (size_t)(d - p));
		}
	}

	if (n >= 27 && strncmp(line, "Memory cgroup out of memory", 27) == 0)
		r->memcg_hint = true;
	if (n && memmem(line, n, "oom_kill_allocating_task", 24))
		r->ev->allocating_task = true;
}

/* One more process of the kill, each pid once. */
static void killed_add(struct oom_event *ev, const struct oom_victim *v)
{
	unsigned kept = ev->n_killed < OOM_KILLED_MAX ? ev->n_killed : OOM_KILLED_MAX;

	for (unsigned i = 0; i < kept; i++)
		if (oom_isset(v->pid) && ev->killed[i].pid == v->pid)
			return;              /* memory.oom.group prints the first victim again */
	if (kept < OOM_KILLED_MAX) {
		struct oom_killed *k = &ev->killed[kept];
		k->pid = v->pid;
		oomtext_copy(k->comm, sizeof(k->comm), v->comm, strlen(v->comm));
		k->total_vm_kib = v->total_vm_kib;
		k->anon_rss_kib = v->anon_rss_kib;
		k->file_rss_kib = v->file_rss_kib;
		k->shmem_rss_kib = v->shmem_rss_kib;
	}
	ev->n_killed++;
	ev->victim.n_killed = ev->n_killed;
}

/* Killed process lines:
 *   2.6.11-19   [Out of Memory: ]Killed process %d (%s).
 *   2.6.33-35   Killed process %d (%s) vsz:%lukB, anon-rss:%lukB, file-rss:%lukB
 *   2.6.36-5.0  Killed process %d (%s) total-vm:..kB, anon-rss:..kB, file-rss:..kB[, shmem-rss:..kB]
 *   5.1+        %s: Killed process %d (%s) total-vm:.., UID:%u pgtables:%lukB oom_score_adj:%hd
 *   RHEL6       Killed process %d, UID %d, (%s) total-vm:...
 *   RHEL7       Killed process %d (%s), UID %d, total-vm:...
 *   OpenVZ      Out of memory in UB %d: OOM killed process %d (%s) score %d vm:..kB, rss:..kB, swap:..kB */
bool oom_kill_killed(struct oom_report *r, const char *line, const char *at)
{
	static const char *const ends[] = { ") total-vm:", ") vsz:", "), UID ", ") score ", NULL };
	struct oom_victim v;
	const char *p = at + strlen("Killed process "), *tail;
	int64_t n;

	memset(&v, 0, sizeof(v));
	if (!oomtext_scan_i64(&p, &v.pid))
		return false;
	v.uid = v.total_vm_kib = v.anon_rss_kib = v.file_rss_kib = v.shmem_rss_kib = OOM_UNSET;
	v.pgtables_kib = v.oom_score_adj = OOM_UNSET;
	if (oomtext_starts(p, ", UID ")) {           /* RHEL6 */
		p += 6;
		oomtext_scan_i64(&p, &v.uid);
		if (oomtext_starts(p, ","))
			p++;
	}
	p = oomtext_skip_ws(p);
	if (!paren_name(p, ends, v.comm, sizeof(v.comm), &tail))
		return false;
	if (oomtext_find_num(tail, "total-vm:", &n) || oomtext_find_num(tail, "vsz:", &n) || oomtext_find_num(tail, " vm:", &n))
		v.total_vm_kib = n;
	if (oomtext_find_num(tail, "anon-rss:", &n))
		v.anon_rss_kib = n;
	if (oomtext_find_num(tail, "file-rss:", &n))
		v.file_rss_kib = n;
	if (oomtext_find_num(tail, "shmem-rss:", &n))
		v.shmem_rss_kib = n;
	if (oomtext_find_num(tail, "UID:", &n) || oomtext_find_num(tail, ", UID ", &n))
		v.uid = n;
	if (oomtext_find_num(tail, "pgtables:", &n))
		v.pgtables_kib = n;
	if (oomtext_find_num(tail, "oom_score_adj:", &n))
		v.oom_score_adj = n;

	kill_reason(r, line, at);
	struct oom_event *ev = r->ev;
	if (!ev->has_victim) {
		v.score = (oom_isset(r->chosen_pid) && r->chosen_pid == v.pid) ? r->chosen_score : OOM_UNSET;
		v.reaped_anon_rss_kib = v.reaped_file_rss_kib = v.reaped_shmem_rss_kib = OOM_UNSET;
		ev->victim = v;
		ev->has_victim = true;
	}
	killed_add(ev, &v);
	return true;
}

/*   2.6.16-19  Out of Memory: Kill process %d (%s) score %li and children.
 *   2.6.20-35  %s: kill process %d (%s) score %li or a child
 *   2.6.36-5.0 %s: Kill process %d (%s) score %d|%u or sacrifice child                        */
bool oom_kill_chosen(struct oom_report *r, const char *line, const char *at)
{
	static const char *const ends[] = { ") score ", NULL };
	const char *p = at + strlen(": Kill process "), *tail;
	char comm[OOM_COMM_MAX];
	int64_t pid, score;

	if (!oomtext_scan_i64(&p, &pid) || !paren_name(oomtext_skip_ws(p), ends, comm, sizeof(comm), &tail))
		return false;
	kill_reason(r, line, at);
	r->chosen_pid = pid;
	r->ev->selected_pid = pid;
	oomtext_copy(r->ev->selected_comm, sizeof(r->ev->selected_comm), comm, strlen(comm));
	if (oomtext_find_num(tail, "score ", &score))
		r->chosen_score = score;
	return true;
}

/* oom-kill:constraint=%s,nodemask=%*pbl[,cpuset=%s,mems_allowed=%*pbl]
 *          [,oom_memcg=%s|,global_oom][,task_memcg=%s],task=%s,pid=%d,uid=%d   (5.0+, RHEL8)
 * cpuset and cgroup names may hold commas: the tail is taken from the right. */
void oom_kill_summary(struct oom_report *r, const char *line)
{
	struct oom_event *ev = r->ev;
	char buf[4 * OOM_PATH_MAX];
	char *s = buf, *q;
	int64_t n;

	oomtext_copy(buf, sizeof(buf), line + strlen("oom-kill:"), strlen(line + strlen("oom-kill:")));
	if ((q = (char *)oomtext_find_last(s, ",uid=")) != NULL) {
		const char *num = q + 5;
		if (oomtext_scan_i64(&num, &n)) {
			r->summary_uid = n;
			if (!oom_isset(ev->victim.uid) && ev->has_victim)
				ev->victim.uid = n;
		}
		*q = '\0';
	}
	if ((q = (char *)oomtext_find_last(s, ",pid=")) != NULL) {
		const char *num = q + 5;
		if (oomtext_scan_i64(&num, &n) && *num == '\0' && n > 0)
			r->summary_pid = n;
		*q = '\0';
	}
	if ((q = (char *)oomtext_find_last(s, ",task=")) != NULL) {
		oomtext_copy(ev->summary_task, sizeof(ev->summary_task), q + 6, strlen(q + 6));
		*q = '\0';
	}
	if ((q = (char *)oomtext_find_last(s, ",task_memcg=")) != NULL) {
		oomtext_copy(ev->memcg.task_memcg, sizeof(ev->memcg.task_memcg), q + 12, strlen(q + 12));
		*q = '\0';
	}
	if ((q = (char *)oomtext_find_last(s, ",global_oom")) != NULL && q[11] == '\0') {
		ev->global_oom = true;
		*q = '\0';
	} else if ((q = (char *)oomtext_find_last(s, ",oom_memcg=")) != NULL) {
		oomtext_copy(ev->memcg.oom_memcg, sizeof(ev->memcg.oom_memcg), q + 11, strlen(q + 11));
		r->memcg_hint = true;
		*q = '\0';
	}
	if ((q = (char *)oomtext_find_last(s, ",mems_allowed=")) != NULL) {
		oomtext_copy(ev->trigger.mems_allowed, sizeof(ev->trigger.mems_allowed), q + 14, strlen(q + 14));
		*q = '\0';
	}
	if ((q = strstr(s, ",cpuset=")) != NULL) {
		oomtext_copy(ev->trigger.cpuset, sizeof(ev->trigger.cpuset), q + 8, strlen(q + 8));
		*q = '\0';
	}
	if ((q = strstr(s, ",nodemask=")) != NULL) {
		oomtext_copy(ev->trigger.nodemask, sizeof(ev->trigger.nodemask), q + 10, strlen(q + 10));
		*q = '\0';
	}
	if (oomtext_starts(s, "constraint=")) {
		static const struct { const char *name; enum oom_constraint c; } cs[] = {
			{ "CONSTRAINT_NONE", OOM_CONSTRAINT_NONE },
			{ "CONSTRAINT_CPUSET", OOM_CONSTRAINT_CPUSET },
			{ "CONSTRAINT_MEMORY_POLICY", OOM_CONSTRAINT_MEMORY_POLICY },
			{ "CONSTRAINT_MEMCG", OOM_CONSTRAINT_MEMCG },
		};
		for (size_t i = 0; i < sizeof(cs) / sizeof(cs[0]); i++)
			if (strcmp(s + 11, cs[i].name) == 0)
				ev->constraint = cs[i].c;
		/* a name added later (BPF OOM policies) is kept as printed */
		if (ev->constraint == OOM_CONSTRAINT_UNKNOWN && s[11]) {
			ev->constraint = OOM_CONSTRAINT_OTHER;
			oomtext_copy(ev->constraint_name, sizeof(ev->constraint_name), s + 11, strlen(s + 11));
		}
	}
}

/* Linux 2.4: "VM: killing process %s" - a name, no pid, no sizes. */
void oom_kill_vm_killing(struct oom_report *r, const char *line)
{
	struct oom_event *ev = r->ev;
	const char *name = line + strlen(OOM_TEXT_VM_KILLING);

	if (ev->has_victim)
		return;
	ev->has_victim = true;
	oomtext_copy(ev->victim.comm, sizeof(ev->victim.comm), name, strlen(name));
	ev->victim.n_killed = ev->n_killed = 1;
	ev->killed[0].pid = OOM_UNSET;
	oomtext_copy(ev->killed[0].comm, sizeof(ev->killed[0].comm), name, strlen(name));
	ev->killed[0].total_vm_kib = ev->killed[0].anon_rss_kib = OOM_UNSET;
	ev->killed[0].file_rss_kib = ev->killed[0].shmem_rss_kib = OOM_UNSET;
}

/* oom_reaper: reaped process %d (%s), now anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB
 *             unable to reap pid:%d (%s) / giving up pid:%d (%s)                            */
bool oom_kill_reaper(struct oom_report *r, const char *line)
{
	struct oom_victim *v = &r->ev->victim;
	const char *p;
	int64_t pid;

	if ((p = strstr(line, "reaped process ")) != NULL) {
		p += strlen("reaped process ");
		if (!oomtext_scan_i64(&p, &pid) || !r->ev->has_victim || pid != v->pid)
			return false;
		const char *now = oomtext_find_last(p, "), now ");
		if (!now)
			return false;
		v->reaped = true;
		oomtext_find_num(now, "anon-rss:", &v->reaped_anon_rss_kib);
		oomtext_find_num(now, "file-rss:", &v->reaped_file_rss_kib);
		oomtext_find_num(now, "shmem-rss:", &v->reaped_shmem_rss_kib);
		return true;
	}
	if ((p = strstr(line, " pid:")) != NULL) {
		p += 5;
		if (!oomtext_scan_i64(&p, &pid) || !r->ev->has_victim || pid != v->pid)
			return false;
		v->reap_failed = true;
		return true;
	}
	return false;
}

bool oom_kill_panic(struct oom_report *r, const char *line)
{
	const char *p = strstr(line, OOM_TEXT_PANIC);
	struct oom_event *ev = r->ev;

	if (!p)
		return false;
	p += sizeof(OOM_TEXT_PANIC) - 1;
	ev->panic = true;
	oomtext_copy(ev->panic_msg, sizeof(ev->panic_msg), p, strlen(p));
	if (strstr(p, "panic_on_oom"))
		r->panic_on_oom = true;
	if (strstr(p, "no killable processes"))
		r->no_killable = true;
	return true;
}
