/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rules on processes: databases and web servers that the OOM killer would pick next while they
 * run unprotected, processes protected so completely that nothing is left to kill, and the OOM
 * kills found in the kernel logs.  Sources: Documentation/filesystems/proc.rst (oom_score_adj),
 * mm/oom_kill.c (oom_badness, "no killable processes"). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "lib/audit/rules.h"
#include "lib/procfs/oomadj.h"

static void rule_unprotected_services(const struct rule_ctx *c)
{
	const struct audit_victims *v = &c->s->victims;
	size_t top = (size_t)c->t->next_victims;
	char name[96], a[32];

	if (top > v->n)
		top = v->n;
	for (size_t rank = 1; rank <= top; rank++) {
		const struct proc_entry *p = &v->v[rank - 1];
		const char *unit = p->unit ? p->unit : "";
		if (!audit_is_critical_service(p->comm) || p->oom_score_adj < 0)
			continue;
		audit_fset(name, sizeof(name), "%s", p->comm);
		struct finding *f = finding_add(c->out, "process.unprotected_service", SEV_WARN,
			"A database or web server is among the processes the OOM killer picks first, so the "
			"next memory shortage takes the service down instead of a less important process.");
		if (!f)
			return;
		audit_fset(f->subject, sizeof(f->subject), "%s[%d]", name, (int)p->pid);
		audit_fset(f->title, sizeof(f->title), "%s (pid %d) is OOM victim #%zu and unprotected",
			 name, (int)p->pid, rank);
		audit_fset(f->measured, sizeof(f->measured), "oom_score=%d, oom_score_adj=%d, rss=%s%s%s",
			 p->oom_score, p->oom_score_adj, audit_kib_human(a, sizeof(a), p->rss_kib),
			 unit[0] ? ", unit " : "", unit);
		f->adj_pid = p->pid;
		f->adj_value = -500;
		if (unit[0] && strchr(unit, '\n') == NULL && strchr(unit, '\'') == NULL) {
			audit_fset(f->dropin_unit, sizeof(f->dropin_unit), "%s", unit);
			audit_fset(f->dropin_body, sizeof(f->dropin_body), "[Service]\nOOMScoreAdjust=-500\n");
			audit_fset(f->fix, sizeof(f->fix),
				 "now: choom -p %d -n -500\n"
				 "persist: /etc/systemd/system/%s.d/50-oomguard.conf with\n"
				 "  [Service]\n  OOMScoreAdjust=-500\n"
				 "then: systemctl daemon-reload (or: oomguard protect)\n"
				 "and give the service a memory limit it fits in", (int)p->pid, unit);
			audit_fset(f->step, sizeof(f->step), "oomguard protect --adj -500 --persist %d", (int)p->pid);
		} else {
			audit_fset(f->fix, sizeof(f->fix),
				 "now: choom -p %d -n -500; persist it in whatever starts the process "
				 "(or: oomguard protect)", (int)p->pid);
			audit_fset(f->step, sizeof(f->step), "choom -p %d -n -500", (int)p->pid);
		}
	}
}

static void rule_unkillable(const struct rule_ctx *c)
{
	const struct audit_snapshot *s = c->s;
	size_t eligible = 0, protected_all = 0;
	const struct proc_brief *big = NULL;
	char name[96], a[32];

	for (size_t i = 0; i < s->n_procs; i++) {
		const struct proc_brief *p = &s->procs[i];
		if (p->kthread || p->pid == 1)
			continue;
		eligible++;
		if (p->oom_score_adj == -1000) {
			protected_all++;
			if (oomadj_too_large_to_protect(p->rss_kib, p->swap_kib, s->mem.mem_total, s->mem.swap_total) &&
			    (!big || p->rss_kib + p->swap_kib > big->rss_kib + big->swap_kib))
				big = p;
		}
	}
	if (eligible && protected_all == eligible) {
		struct finding *f = finding_add(c->out, "process.none_killable", SEV_CRIT,
			"Every process is exempt from the OOM killer, so on the next shortage the kernel "
			"finds nothing to kill and panics ('System is deadlocked on memory').");
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "no process can be OOM-killed");
		audit_fset(f->measured, sizeof(f->measured), "%zu processes, all at oom_score_adj=-1000", eligible);
		audit_fset(f->fix, sizeof(f->fix), "find who sets -1000 (OOMScoreAdjust= in units, a wrapper "
			 "script) and keep it for sshd and a few vital daemons only");
		audit_fset(f->step, sizeof(f->step), "oomguard protect --list");
	} else if (big) {
		audit_fset(name, sizeof(name), "%s", big->comm);
		struct finding *f = finding_add(c->out, "process.large_unkillable", SEV_INFO,
			"A process exempt from the OOM killer that holds much of RAM forces the kernel to "
			"kill everything else first.");
		if (!f)
			return;
		audit_fset(f->subject, sizeof(f->subject), "%s[%d]", name, (int)big->pid);
		audit_fset(f->title, sizeof(f->title), "%s (pid %d) holds %s and can never be OOM-killed",
			 name, (int)big->pid, audit_kib_human(a, sizeof(a), big->rss_kib));
		audit_fset(f->measured, sizeof(f->measured), "oom_score_adj=-1000, rss=%s", a);
		audit_fset(f->fix, sizeof(f->fix), "if it is not vital, use a milder value: choom -p %d -n -500, "
			 "and OOMScoreAdjust=-500 in its unit; give it a memory limit", (int)big->pid);
		audit_fset(f->step, sizeof(f->step), "choom -p %d -n -500", (int)big->pid);
	}
}

static void rule_past_kills(const struct rule_ctx *c)
{
	const struct audit_snapshot *s = c->s;
	char name[96];
	if (!s->kills_searched || !s->n_kills)
		return;
	size_t global = 0;
	for (size_t i = 0; i < s->n_kills; i++)
		global += !s->kills[i].memcg;
	const struct oom_kill_brief *last = &s->kills[s->n_kills - 1];
	audit_fset(name, sizeof(name), "%s", last->comm);
	struct finding *f = finding_add(c->out, "oom.past_kills", SEV_WARN,
		"The kernel logs show recent OOM kills: the conditions that caused them are likely still "
		"here.");
	if (!f)
		return;
	if (global)
		audit_fset(f->title, sizeof(f->title), "%zu OOM kill%s in the last %.0f days, %zu machine-wide",
		     s->n_kills, s->n_kills == 1 ? "" : "s", c->t->kill_window_days, global);
	else
		audit_fset(f->title, sizeof(f->title), "%zu OOM kill%s in the last %.0f days, all at cgroup limits",
		     s->n_kills, s->n_kills == 1 ? "" : "s", c->t->kill_window_days);
	audit_fset(f->measured, sizeof(f->measured), "last: %s (pid %d): %s", name, (int)last->pid, last->verdict);
	if (last->id[0]) {
		audit_fset(f->fix, sizeof(f->fix), "the latest: oomguard explain %s\nall of them: oomguard "
		     "events --since -%.0fd", last->id, c->t->kill_window_days);
		audit_fset(f->step, sizeof(f->step), "oomguard explain %s", last->id);
	} else {
		audit_fset(f->fix, sizeof(f->fix), "read each one: oomguard events --since -%.0fd",
		     c->t->kill_window_days);
		audit_fset(f->step, sizeof(f->step), "oomguard events --since -%.0fd", c->t->kill_window_days);
	}
}

void rules_processes(const struct rule_ctx *c)
{
	if (c->s->have_procs) {
		rule_unprotected_services(c);
		rule_unkillable(c);
	}
	rule_past_kills(c);
}
