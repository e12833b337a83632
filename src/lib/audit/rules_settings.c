/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rules on the OOM-related kernel settings: overcommit and its reserves, panic_on_oom,
 * oom_kill_allocating_task, oom_dump_tasks, vfs_cache_pressure and watermark_scale_factor
 * (zone_reclaim_mode goes with the NUMA rules in rules_numa.c).  Sources:
 * Documentation/admin-guide/sysctl/{vm,kernel}.rst, Documentation/mm/overcommit-accounting.rst,
 * mm/oom_kill.c check_panic_on_oom(). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "lib/audit/rules.h"

static void rule_overcommit(const struct rule_ctx *c)
{
	const struct audit_snapshot *s = c->s;
	const struct meminfo *m = &s->mem;
	char o[400], a[32], b[32];
	if (!audit_sc_has(s, SC_OVERCOMMIT_MEMORY))
		return;
	int64_t mode = audit_sc_val(s, SC_OVERCOMMIT_MEMORY);
	audit_sc_origin_text(o, sizeof(o), s, SC_OVERCOMMIT_MEMORY);

	if (mode == 1) {
		struct finding *f = finding_add(c->out, "vm.overcommit_memory.always", SEV_INFO,
			"Every allocation succeeds, so only the OOM killer stops a runaway process (Redis "
			"recommends this mode for fork-based saves; then protect what matters).");
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "vm.overcommit_memory=1: allocations never fail");
		audit_fset(f->measured, sizeof(f->measured), "vm.overcommit_memory=1 (%s)", o);
		audit_fset(f->fix, sizeof(f->fix), "keep it if a service needs it (Redis); otherwise: ");
		size_t n = strlen(f->fix);
		struct finding tmp = *f;
		audit_fix_sysctl(&tmp, s, SC_OVERCOMMIT_MEMORY, "0");
		audit_fset(f->fix + n, sizeof(f->fix) - n, "%s", tmp.fix);
		return;  /* informational: no scripted change */
	}
	if (mode != 2 || !s->have_mem)
		return;

	double used = audit_pct(m->committed_as, m->commit_limit);
	int64_t ratio = audit_sc_has(s, SC_OVERCOMMIT_RATIO) ? audit_sc_val(s, SC_OVERCOMMIT_RATIO) : 50;
	bool by_kbytes = audit_sc_has(s, SC_OVERCOMMIT_KBYTES) && audit_sc_val(s, SC_OVERCOMMIT_KBYTES) > 0;
	bool small_swap = audit_pct(m->swap_total, m->mem_total) < c->t->small_swap_pct;
	if (used >= c->t->commit_warn_pct || (!by_kbytes && ratio <= c->t->overcommit_ratio_low && small_swap)) {
		enum severity sev = used >= c->t->commit_crit_pct ? SEV_CRIT : SEV_WARN;
		struct finding *f = finding_add(c->out, "vm.overcommit.strict_limit", sev,
			"With overcommit_memory=2 allocations fail with ENOMEM at CommitLimit, and fork() of "
			"a large process charges all its writable memory again, so shells and services "
			"fail to start ('fork: Cannot allocate memory') with RAM still free.");
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "strict overcommit: %.0f%% of the commit limit is used", used);
		audit_fset(f->measured, sizeof(f->measured),
			 "vm.overcommit_memory=2 (%s), %s=%" PRId64 ", CommitLimit=%s, Committed_AS=%s (%.1f%%), swap %s",
			 o, by_kbytes ? "overcommit_kbytes" : "overcommit_ratio",
			 by_kbytes ? audit_sc_val(s, SC_OVERCOMMIT_KBYTES) : ratio,
			 audit_kib_human(a, sizeof(a), m->commit_limit), audit_kib_human(b, sizeof(b), m->committed_as), used,
			 m->swap_total ? "present" : "none");
		/* CommitLimit = swap + RAM * ratio / 100: raise the ratio to cover what is committed
		 * now with a 25% margin, at least 80 */
		uint64_t need = m->committed_as + m->committed_as / 4;
		uint64_t want = m->mem_total ? (need > m->swap_total ? (need - m->swap_total) * 100 / m->mem_total + 1 : 0) : 80;
		if (want < 80)
			want = 80;
		if (want > 100 && !by_kbytes) {
			audit_fix_sysctl(f, s, SC_OVERCOMMIT_MEMORY, "0");
			size_t n = strlen(f->fix);
			audit_fset(f->fix + n, sizeof(f->fix) - n, "\n(no ratio up to 100 covers what is "
				 "committed now; heuristic overcommit (0) is the kernel's default)");
		} else if (!by_kbytes) {
			char v[16];
			audit_fset(v, sizeof(v), "%" PRIu64, want);
			audit_fix_sysctl(f, s, SC_OVERCOMMIT_RATIO, v);
		} else {
			char v[32];
			audit_fset(v, sizeof(v), "%" PRIu64, need > m->swap_total ? need - m->swap_total : need);
			audit_fix_sysctl(f, s, SC_OVERCOMMIT_KBYTES, v);
		}
	}
	if (audit_sc_has(s, SC_ADMIN_RESERVE_KBYTES) && audit_sc_val(s, SC_ADMIN_RESERVE_KBYTES) < 131072) {
		struct finding *f = finding_add(c->out, "vm.admin_reserve_kbytes.low", SEV_WARN,
			"Under strict overcommit this reserve is what lets root log in and kill the culprit; "
			"vm.rst suggests 128 MiB for mode 2.");
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "root's recovery reserve is small for strict overcommit");
		audit_fset(f->measured, sizeof(f->measured), "vm.admin_reserve_kbytes=%" PRId64 " with vm.overcommit_memory=2",
			 audit_sc_val(s, SC_ADMIN_RESERVE_KBYTES));
		audit_fix_sysctl(f, s, SC_ADMIN_RESERVE_KBYTES, "131072");
	}
}

static void rule_panic_on_oom(const struct rule_ctx *c)
{
	const struct audit_snapshot *s = c->s;
	char o[400];
	if (!audit_sc_has(s, SC_PANIC_ON_OOM) || audit_sc_val(s, SC_PANIC_ON_OOM) == 0)
		return;
	int64_t mode = audit_sc_val(s, SC_PANIC_ON_OOM);
	bool no_reboot = audit_sc_has(s, SC_KERNEL_PANIC) && audit_sc_val(s, SC_KERNEL_PANIC) == 0;
	audit_sc_origin_text(o, sizeof(o), s, SC_PANIC_ON_OOM);

	if (no_reboot) {
		struct finding *f = finding_add(c->out, "vm.panic_on_oom.no_reboot", SEV_CRIT,
			"The machine panics on out-of-memory and kernel.panic=0 means it then hangs forever "
			"instead of rebooting: one leak becomes an outage until someone power-cycles it.");
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "an OOM panics the kernel, and a panic never reboots");
		audit_fset(f->measured, sizeof(f->measured), "vm.panic_on_oom=%" PRId64 " (%s), kernel.panic=0%s",
			 mode, o, s->kexec_crash_loaded ? ", kdump armed" : ", no kdump kernel loaded");
		audit_fix_sysctl(f, s, SC_PANIC_ON_OOM, "0");
		size_t n = strlen(f->fix);
		audit_fset(f->fix + n, sizeof(f->fix) - n, "\nor, on a failover cluster that wants the panic: "
			 "sysctl -w kernel.panic=10 (reboot 10 s after a panic) and persist it the same way");
		return;
	}
	struct finding *f = finding_add(c->out, "vm.panic_on_oom.enabled", SEV_WARN,
		mode == 2 ? "With panic_on_oom=2 even a container or cgroup hitting its own limit panics the "
			    "whole machine, instead of one kill inside that cgroup."
			  : "A machine-wide OOM panics and reboots the kernel instead of killing one process; "
			    "right for failover clusters, costly anywhere else.");
	if (!f)
		return;
	audit_fset(f->title, sizeof(f->title), "vm.panic_on_oom=%" PRId64 ": an OOM %s", mode,
		 mode == 2 ? "anywhere, even in a cgroup, panics" : "reboots the machine");
	audit_fset(f->measured, sizeof(f->measured), "vm.panic_on_oom=%" PRId64 " (%s), kernel.panic=%" PRId64 "%s",
		 mode, o, audit_sc_val(s, SC_KERNEL_PANIC), s->kexec_crash_loaded ? ", kdump armed" : "");
	audit_fix_sysctl(f, s, SC_PANIC_ON_OOM, "0");
}

/* vm.oom-kill: some old vendor kernels (2.6 era) had this switch; 0 turns the OOM killer off, so
 * running out of memory hangs the machine.  Newer kernels have no such file, and a line left in
 * a sysctl file then makes `sysctl -p` stop with "cannot stat /proc/sys/vm/oom-kill". */
static void rule_oom_kill_legacy(const struct rule_ctx *c)
{
	const struct audit_snapshot *s = c->s;
	const struct sysctl_value *v = &s->sc[SC_OOM_KILL_LEGACY];
	struct finding *f;
	char o[400];

	if (v->present && v->value == 0) {
		f = finding_add(c->out, "vm.oom-kill.off", SEV_CRIT,
			"With the OOM killer switched off nothing frees memory when it runs out: the machine "
			"hangs in reclaim until someone resets it.");
		if (!f)
			return;
		audit_sc_origin_text(o, sizeof(o), s, SC_OOM_KILL_LEGACY);
		audit_fset(f->title, sizeof(f->title), "the OOM killer is disabled (vm.oom-kill=0): out of memory means a hang");
		audit_fset(f->measured, sizeof(f->measured), "vm.oom-kill=0 (%s)", o);
		audit_fix_sysctl(f, s, SC_OOM_KILL_LEGACY, "1");
		return;
	}
	if (v->present || !v->file[0])
		return;
	f = finding_add(c->out, "vm.oom-kill.stale", SEV_WARN,
		"This kernel has no vm.oom-kill; the line is advice for old kernels, and it makes "
		"`sysctl -p` report \"cannot stat /proc/sys/vm/oom-kill\" and exit non-zero.");
	if (!f)
		return;
	audit_fset(f->title, sizeof(f->title), "a stale vm.oom-kill line: this kernel has no such setting");
	audit_fset(f->measured, sizeof(f->measured), "vm.oom-kill = %s in %s line %u; /proc/sys/vm/oom-kill does not exist",
	     v->file_value, v->file, v->line);
	audit_fset(f->fix, sizeof(f->fix), "delete or comment out line %u of %s (vm.oom-kill = %s)",
	     v->line, v->file, v->file_value);
	audit_fset(f->step, sizeof(f->step), "sed -n %up %s", v->line, v->file);
}

/* A setting with one bad value and a one-step fix. */
static void simple(const struct rule_ctx *c, enum sysctl_id id, bool bad, const char *fid,
		   enum severity sev, const char *title, const char *good, const char *why)
{
	char o[400];
	if (!audit_sc_has(c->s, id) || !bad)
		return;
	struct finding *f = finding_add(c->out, fid, sev, why);
	if (!f)
		return;
	audit_fset(f->title, sizeof(f->title), "%s", title);
	audit_fset(f->measured, sizeof(f->measured), "%s=%" PRId64 " (%s)", sysctl_name(id),
		 audit_sc_val(c->s, id), audit_sc_origin_text(o, sizeof(o), c->s, id));
	audit_fix_sysctl(f, c->s, id, good);
}

void rules_settings(const struct rule_ctx *c)
{
	const struct audit_snapshot *s = c->s;
	rule_overcommit(c);
	rule_panic_on_oom(c);
	rule_oom_kill_legacy(c);
	simple(c, SC_OOM_KILL_ALLOCATING_TASK, audit_sc_val(s, SC_OOM_KILL_ALLOCATING_TASK) != 0,
	       "vm.oom_kill_allocating_task.on", SEV_WARN,
	       "the OOM killer kills whoever asked last, not the biggest",
	       "0", "The task that happened to allocate when memory ran out is killed, often a small "
	       "innocent one, while the real consumer keeps growing.");
	simple(c, SC_OOM_DUMP_TASKS, audit_sc_val(s, SC_OOM_DUMP_TASKS) == 0, "vm.oom_dump_tasks.off", SEV_INFO,
	       "OOM reports leave out the task table", "1",
	       "Without the task table an OOM report cannot show who held the memory.");
	simple(c, SC_VFS_CACHE_PRESSURE, audit_sc_val(s, SC_VFS_CACHE_PRESSURE) == 0,
	       "vm.vfs_cache_pressure.zero", SEV_WARN, "dentry and inode caches are never reclaimed", "100",
	       "With vfs_cache_pressure=0 the kernel never reclaims dentries and inodes, which can fill "
	       "memory and end in an OOM kill.");
	/* direct reclaim stalls since boot: kswapd wakes too late */
	if (s->have_vmstat && s->uptime_s > 600 && audit_sc_has(s, SC_WATERMARK_SCALE_FACTOR) &&
	    audit_sc_val(s, SC_WATERMARK_SCALE_FACTOR) <= 10) {
		double per_hour = (double)s->vm.allocstall * 3600.0 / s->uptime_s;
		if (per_hour >= c->t->allocstall_per_hour) {
			struct finding *f = finding_add(c->out, "vm.watermark_scale_factor.stalls", SEV_INFO,
				"Processes often reclaim memory themselves (direct reclaim stalls): a larger gap "
				"between watermarks wakes kswapd earlier.");
			if (!f)
				return;
			audit_fset(f->title, sizeof(f->title), "%.0f direct reclaim stalls an hour", per_hour);
			audit_fset(f->measured, sizeof(f->measured), "allocstall=%" PRIu64 " over %.1f h, "
				 "vm.watermark_scale_factor=%" PRId64, s->vm.allocstall, s->uptime_s / 3600.0,
				 audit_sc_val(s, SC_WATERMARK_SCALE_FACTOR));
			audit_fix_sysctl(f, s, SC_WATERMARK_SCALE_FACTOR, "100");
		}
	}
}
