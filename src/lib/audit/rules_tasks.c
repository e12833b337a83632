/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rules on task limits and cgroups: threads and PIDs near kernel.pid_max / threads-max, users
 * near RLIMIT_NPROC, cgroup pids limits, and memory cgroups (v1 and v2) at their limit or with
 * OOM kills.  Sources: Documentation/admin-guide/sysctl/kernel.rst,
 * Documentation/admin-guide/cgroup-v2.rst, Documentation/admin-guide/cgroup-v1/memory.rst. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "lib/audit/rules.h"

#define PID_MAX_LIMIT 4194304ull  /* the most pids a 64-bit kernel allows (kernel.rst pid_max) */

static void rule_task_limits(const struct rule_ctx *c)
{
	const struct audit_snapshot *s = c->s;
	if (!s->have_procs || !audit_sc_has(s, SC_PID_MAX))
		return;
	int64_t pid_max = audit_sc_val(s, SC_PID_MAX);
	int64_t limit = pid_max;
	const char *which = "kernel.pid_max";
	if (audit_sc_has(s, SC_THREADS_MAX) && audit_sc_val(s, SC_THREADS_MAX) < limit) {
		limit = audit_sc_val(s, SC_THREADS_MAX);
		which = "kernel.threads-max";
	}
	double p = audit_pct(s->total_tasks, (uint64_t)(limit > 0 ? limit : 1));
	if (p >= c->t->tasks_warn_pct) {
		struct finding *f = finding_add(c->out, "kernel.tasks.near_limit",
			p >= c->t->tasks_crit_pct ? SEV_CRIT : SEV_WARN,
			"At the limit fork() and pthread_create() fail with EAGAIN (shells print 'fork: "
			"Cannot allocate memory' on some kernels) although memory is free.");
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "%" PRIu64 " tasks: %.0f%% of %s", s->total_tasks, p, which);
		audit_fset(f->measured, sizeof(f->measured), "tasks (threads)=%" PRIu64 ", kernel.pid_max=%" PRId64
			 ", kernel.threads-max=%" PRId64, s->total_tasks, pid_max, audit_sc_val(s, SC_THREADS_MAX));
		if (strcmp(which, "kernel.pid_max") == 0) {
			audit_fix_sysctl(f, s, SC_PID_MAX, "4194304");
		} else {
			char v[32];
			audit_fset(v, sizeof(v), "%" PRId64, limit * 2);
			audit_fix_sysctl(f, s, SC_THREADS_MAX, v);
		}
		size_t n = strlen(f->fix);
		audit_fset(f->fix + n, sizeof(f->fix) - n, "\nfirst look for a thread leak: "
			 "ps -eo nlwp,pid,comm --sort=-nlwp | head");
		audit_fset(f->step, sizeof(f->step), "ps -eo nlwp,pid,comm --sort=-nlwp | head");
	}
	for (size_t i = 0; i < s->n_uids; i++) {
		const struct uid_tasks *u = &s->uids[i];
		if (u->uid == 0 || u->nproc_soft <= 0)
			continue;  /* root is not held to RLIMIT_NPROC */
		double q = audit_pct(u->tasks, (uint64_t)u->nproc_soft);
		if (q < c->t->nproc_warn_pct)
			continue;
		struct finding *f = finding_add(c->out, "user.nproc.near_limit", SEV_WARN,
			"When a user reaches its process limit (RLIMIT_NPROC) its fork() and "
			"pthread_create() calls fail with EAGAIN.");
		if (!f)
			return;
		audit_fset(f->subject, sizeof(f->subject), "uid %u", (unsigned)u->uid);
		audit_fset(f->title, sizeof(f->title), "uid %u runs %" PRIu64 " tasks, %.0f%% of its limit",
			 (unsigned)u->uid, u->tasks, q);
		audit_fset(f->measured, sizeof(f->measured), "tasks=%" PRIu64 ", Max processes (soft)=%" PRId64,
			 u->tasks, u->nproc_soft);
		audit_fset(f->fix, sizeof(f->fix), "raise nproc in /etc/security/limits.d/ (login sessions) "
			 "or LimitNPROC= in the service's unit; first check for a thread leak");
		audit_fset(f->step, sizeof(f->step), "ps -o nlwp,pid,comm -u %u --sort=-nlwp | head",
		     (unsigned)u->uid);
	}
}

/* Raw bytes: findings keep system text as data, the renderers escape it. */
static const char *cg_name(const struct cgroup_mem *g)
{
	return g->path[0] ? g->path : "/";
}

/* The systemd unit whose own cgroup this is ("/system.slice/cron.service" -> "cron.service"),
 * or "UNIT" when the last component is no unit (its limit is not a unit's property then). */
static const char *own_unit(const struct cgroup_mem *g)
{
	const char *last = strrchr(g->path, '/');
	last = last ? last + 1 : g->path;
	size_t n = strlen(last);
	static const char *const kinds[] = { ".service", ".scope", ".slice" };
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		size_t k = strlen(kinds[i]);
		if (n > k && strcmp(last + n - k, kinds[i]) == 0)
			return last;
	}
	return "UNIT";
}

static void rule_cgroup_pids(const struct rule_ctx *c, const struct cgroup_mem *g)
{
	if (!g->has_pids)
		return;
	bool near = g->pids_max != UINT64_MAX && g->pids_max &&
		    audit_pct(g->pids_current, g->pids_max) >= c->t->cg_pids_warn_pct;
	if (!near && !g->pids_events_max)
		return;
	struct finding *f = finding_add(c->out, near ? "cgroup.pids.near_limit" : "cgroup.pids.hit_limit",
		SEV_WARN, "At pids.max fork() in this cgroup fails with EAGAIN, which programs often "
		"report as 'Cannot allocate memory'.");
	if (!f)
		return;
	char max[24];
	if (g->pids_max == UINT64_MAX)
		audit_fset(max, sizeof(max), "max");
	else
		audit_fset(max, sizeof(max), "%" PRIu64, g->pids_max);
	/* the directory of its pids files: v1 keeps pids in a hierarchy of its own */
	const char *mount = g->version == 1 ? c->s->cgroup_pids_v1_mount : c->s->cgroup_unified_mount;
	audit_fset(f->subject, sizeof(f->subject), "%s", cg_name(g));
	audit_fset(f->title, sizeof(f->title), "cgroup %s %s its task limit", cg_name(g),
		 near ? "is near" : "has hit");
	audit_fset(f->measured, sizeof(f->measured), "pids.current=%" PRIu64 ", pids.max=%s, "
		 "pids.events max=%" PRIu64 " (cgroup v%d%s)", g->pids_current, max, g->pids_events_max,
		 g->version, g->version == 1 ? " pids hierarchy" : "");
	const char *base = mount[0] ? mount : "CGROUP_MOUNT";
	if (g->pids_max == UINT64_MAX) {
		/* no limit of its own: the fork failed at an ancestor's pids.max */
		audit_fset(f->fix, sizeof(f->fix), "the limit that was hit is a parent's; find it (go further "
			 "up if that says max):\n  cat %s%s/../pids.max\nthen raise it there: TasksMax= on "
			 "its systemd unit or slice, or write that pids.max", base, g->path);
		audit_fset(f->step, sizeof(f->step), "cat %s%s/../pids.max", base, g->path);
		return;
	}
	/* the new limit: twice what runs now and at least twice the old one (it only goes up) */
	uint64_t top = g->pids_current > g->pids_max ? g->pids_current : g->pids_max;
	char want[24];
	if (top >= PID_MAX_LIMIT / 2)
		audit_fset(want, sizeof(want), "max");  /* no number above the kernel's own limit */
	else
		audit_fset(want, sizeof(want), "%" PRIu64, top * 2 < 1024 ? 1024 : top * 2);
	audit_fset(f->step, sizeof(f->step), "paste -sd, %s%s/cgroup.procs | xargs -r ps -o "
	     "nlwp,pid,comm --sort=-nlwp -p | head", base, g->path);
	audit_fset(f->fix, sizeof(f->fix), "first see what runs in it (a fork loop or a thread leak?):\n  %s\n"
		 "then raise the limit; a systemd unit (kept in a drop-in):\n"
		 "  systemctl set-property %s TasksMax=%s\n"
		 "a container: --pids-limit %s; anything else, until the next boot:\n"
		 "  echo %s > %s%s/pids.max", f->step, own_unit(g),
		 strcmp(want, "max") ? want : "infinity", strcmp(want, "max") ? want : "-1",
		 want, base, g->path);
}

static void rule_cgroup_memory(const struct rule_ctx *c, const struct cgroup_mem *g)
{
	char a[32], b[32];
	const char *limit_file = g->version == 2 ? "memory.max" : "memory.limit_in_bytes";
	const char *fix = g->version == 2 ?
		"raise or remove the limit: systemctl set-property UNIT MemoryMax=N (containers: "
		"--memory); or find the growth: oomguard top" :
		"raise the limit: systemctl set-property UNIT MemoryLimit=N, or write memory.limit_in_bytes "
		"(containers: --memory); or find the growth: oomguard top";

	if (g->under_oom) {
		struct finding *f = finding_add(c->out, "cgroup.memory.under_oom", SEV_CRIT,
			"This cgroup is out of memory right now and, with its OOM killer disabled, its tasks "
			"are frozen until memory is freed.");
		if (!f)
			return;
		audit_fset(f->subject, sizeof(f->subject), "%s", cg_name(g));
		audit_fset(f->title, sizeof(f->title), "cgroup %s is stuck out of memory", cg_name(g));
		audit_fset(f->measured, sizeof(f->measured), "memory.oom_control under_oom=1, oom_kill_disable=%d",
			 g->oom_kill_disable);
		audit_fset(f->fix, sizeof(f->fix), "raise the limit or kill a task in it; "
			 "re-enable the OOM killer: echo 0 > .../memory.oom_control");
	} else if (g->oom_kill_disable) {
		struct finding *f = finding_add(c->out, "cgroup.memory.oom_kill_disabled", SEV_WARN,
			"With the OOM killer disabled, tasks that hit the limit hang instead of one of them "
			"being killed.");
		if (!f)
			return;
		audit_fset(f->subject, sizeof(f->subject), "%s", cg_name(g));
		audit_fset(f->title, sizeof(f->title), "cgroup %s hangs at its limit instead of killing", cg_name(g));
		audit_fset(f->measured, sizeof(f->measured), "memory.oom_control oom_kill_disable=1");
		audit_fset(f->fix, sizeof(f->fix), "echo 0 > CGROUP/memory.oom_control, unless a userspace "
			 "OOM handler watches this cgroup");
	}
	if (g->oom_kill) {
		struct finding *f = finding_add(c->out, "cgroup.memory.oom_kills", SEV_WARN,
			"Processes in this cgroup were killed because it reached its memory limit, even if "
			"the machine had memory to spare.");
		if (!f)
			return;
		audit_fset(f->subject, sizeof(f->subject), "%s", cg_name(g));
		audit_fset(f->title, sizeof(f->title), "%" PRIu64 " OOM kill%s in cgroup %s", g->oom_kill,
			 g->oom_kill == 1 ? "" : "s", cg_name(g));
		if (g->has_limit)
			audit_fset(f->measured, sizeof(f->measured), "oom_kill=%" PRIu64 ", %s=%s, usage %s",
				 g->oom_kill, limit_file, audit_kib_human(a, sizeof(a), g->limit / 1024),
				 audit_kib_human(b, sizeof(b), g->usage / 1024));
		else
			audit_fset(f->measured, sizeof(f->measured), "oom_kill=%" PRIu64 " (a parent's limit)", g->oom_kill);
		audit_fset(f->fix, sizeof(f->fix), "%s", fix);
		audit_fset(f->step, sizeof(f->step), "oomguard top");
	}
	if (g->has_limit && g->limit) {
		/* the working set, as container runtimes count it: page cache on the inactive list
		 * goes first and is not a reason to worry */
		uint64_t ws = g->usage > g->inactive_file ? g->usage - g->inactive_file : 0;
		double p = audit_pct(ws, g->limit);
		if (p >= c->t->cg_mem_warn_pct) {
			struct finding *f = finding_add(c->out, "cgroup.memory.near_limit", SEV_WARN,
				"At its limit the cgroup reclaims its own page cache first and then the kernel "
				"OOM-kills inside it.");
			if (!f)
				return;
			audit_fset(f->subject, sizeof(f->subject), "%s", cg_name(g));
			audit_fset(f->title, sizeof(f->title), "cgroup %s uses %.0f%% of its memory limit",
				 cg_name(g), p);
			audit_fset(f->measured, sizeof(f->measured), "working set %s (usage less inactive "
				 "file cache) of %s=%s (%.1f%%)%s", audit_kib_human(a, sizeof(a), ws / 1024), limit_file,
				 audit_kib_human(b, sizeof(b), g->limit / 1024), p,
				 g->failcnt ? ", the limit was hit before (failcnt > 0)" : "");
			audit_fset(f->fix, sizeof(f->fix), "%s", fix);
			audit_fset(f->step, sizeof(f->step), "oomguard top");
		}
	}
}

void rules_cgroups(const struct rule_ctx *c)
{
	for (size_t i = 0; i < c->s->n_cgroups; i++) {
		rule_cgroup_memory(c, &c->s->cgroups[i]);
		rule_cgroup_pids(c, &c->s->cgroups[i]);
	}
}

void rules_tasks(const struct rule_ctx *c)
{
	rule_task_limits(c);
}
