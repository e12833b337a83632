/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Line parsers for the parts of an OOM report that mm/oom_kill.c and mm/memcontrol.c print: the
 * "invoked oom-killer" header, the allocation-failure header, the kill lines of every era, the
 * oom-kill summary, the memcg usage and stats lines, oom_reaper and panics.  Mem-Info and the task
 * table are in oom_meminfo.c and oom_tasks.c.  Formats: see the table in each function. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/oomreport/gfp.h"
#include "lib/oomreport/oom_parse.h"

static const char INVOKED[] = " invoked oom-killer: ";
static const char ALLOC_FAIL[] = ": page allocation failure";
static const char NO_KILLABLE[] = "Out of memory and no killable processes";
static const char PANIC[] = "Kernel panic - not syncing: ";
static const char VM_KILLING[] = "VM: killing process ";      /* Linux 2.4 (mm/oom_kill.c) */
static const char SKIP_EXITING[] = " is already exiting. Skip killing the task";

bool oom_line_starts_report(const char *line)
{
	return strstr(line, INVOKED) || oomtext_starts(line, "oom-killer: gfp_mask=") ||
	       strstr(line, ALLOC_FAIL);
}

static bool is_oom_panic(const char *line)
{
	const char *p = strstr(line, PANIC);

	if (!p)
		return false;
	p += sizeof(PANIC) - 1;
	return oomtext_starts(p, "Out of memory") || oomtext_starts(p, "out of memory") ||
	       oomtext_starts(p, "System is deadlocked on memory");
}

/* "... Killed process" / "Kill process" lines in their variants of every era. */
static const char *find_killed(const char *line)
{
	const char *p = strstr(line, "Killed process ");
	return p ? p : strstr(line, "killed process ");
}

static const char *find_kill(const char *line)
{
	const char *p = strstr(line, ": Kill process ");
	return p ? p : strstr(line, ": kill process ");
}

bool oom_line_is_anchor(const char *line)
{
	return find_killed(line) || find_kill(line) || oomtext_starts(line, "oom-kill:constraint=") ||
	       oomtext_starts(line, VM_KILLING) || strstr(line, SKIP_EXITING) ||
	       strstr(line, NO_KILLABLE) || is_oom_panic(line) ||
	       (oomtext_starts(line, "Task in ") && strstr(line, "killed as a result of limit")) ||
	       oomtext_starts(line, "Memory cgroup out of memory") ||
	       oomtext_starts(line, "memory: usage ") || oomtext_starts(line, "Tasks state (memory values");
}

static bool has_at(const char *p, const char *end, const char *s, size_t n)
{
	return (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

static bool has_kill(const char *line, const char *end, char k)
{
	for (const char *p = line; (p = memchr(p, k, (size_t)(end - p))) != NULL; p++)
		if (has_at(p + 1, end, "ill", 3))
			return true;
	return false;
}

/* The assembler's first look at a line while no report is open, before it even copies the line,
 * so that the lines of a busy log cost three memchr instead of a dozen strstr: every line that
 * oom_line_starts_report or oom_line_is_anchor takes either holds "kill"/"Kill" (oom-killer,
 * Killed process, Kill process, killable, killed as a result), "page allocation failure" or
 * "panic - not syncing", or starts with "Memory cgroup out", "memory: usage" or "Tasks state".
 * False means neither can be true, for these bytes and for any prefix of them. */
bool oom_line_may_open(const char *line, size_t len)
{
	const char *end = line + len;

	if (len == 0)
		return false;
	if ((line[0] == 'M' && has_at(line, end, "Memory cgroup out", 17)) ||
	    (line[0] == 'm' && has_at(line, end, "memory: usage", 13)) ||
	    (line[0] == 'T' && has_at(line, end, "Tasks state", 11)))
		return true;
	if (has_kill(line, end, 'k') || has_kill(line, end, 'K'))
		return true;
	for (const char *p = line; (p = memchr(p, 'p', (size_t)(end - p))) != NULL; p++)
		if (has_at(p + 1, end, "age allocation failure", 22) ||
		    has_at(p + 1, end, "anic - not syncing", 18))
			return true;
	return false;
}

/* Kernel records are split at '\n' by the assembler, because some OOM-report records really are
 * several lines: show_mem's global counters (mm/show_mem.c: continuation lines led by a space)
 * and, from 5.3 to 6.4, the memcg memory.stat dump printed with one pr_info (mm/memcontrol.c:
 * continuation lines "file 4096" not led by anything).  But a process name may hold any byte:
 * /dev/kmsg escapes a newline in a comm as "\x0a" (Documentation/ABI/testing/dev-kmsg) and
 * journald unescapes it into MESSAGE, so one kernel line can hold a raw '\n'.  Neither kind can be
 * told from its continuation text alone (a comm "a\nfile 1" reads like a stat line), so the record
 * is classed by where it starts: every format below prints a comm (and never prints several
 * lines), so such a record is one line whatever bytes follow.  The comm is the only field of
 * them that can hold a newline: cgroup names cannot (cgroup_mkdir refuses '\n'), pids and
 * numbers cannot.  A real multi-line record never starts like one of these.
 *
 * Formats whose comm comes later in the line, known by how the record starts:
 *   oom-kill:constraint=...,task=%s,pid=%d,uid=%d                           (4.19+)
 *   CPU: %d [UID: %u ]PID: %d Comm: %.20s ...       Pid: %d, comm: %.20s ... (dump_stack)
 *   [%7d] %5d %5d ... %s                                                    (task table rows)
 *   ...illed process %d[, UID %d,] (%s) ..., ...: Kill process %d (%s) score ...,
 *   oom_reaper: reaped process %d (%s), oom_reaper: unable to reap pid:%d (%s) (kill lines)
 * Formats that start with the comm, known by their marker within the longest comm:
 *   %s invoked oom-killer: ...      %s: page allocation failure...      %s cpuset=%s mems_allowed=%s */
#define COMM_BYTES_MAX 64   /* TASK_COMM_LEN is 16; room for a kernel that widens it */

static const char *mem_find(const char *p, size_t len, const char *s)
{
	return memmem(p, len, s, strlen(s));
}

/* "[" blanks digits "]": a task table row (the header row "[  pid  ]" is not one) */
static bool is_task_row(const char *p, const char *end)
{
	if (p >= end || *p++ != '[')
		return false;
	while (p < end && *p == ' ')
		p++;
	const char *digits = p;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p > digits && p < end && *p == ']';
}

/* The kill lines of every era, whose comm follows the pid: "[Kk]illed process N (c)", RHEL 6's
 * "Killed process N, UID U, (c)", "[Kk]ill process N (c) score", "reaped process N (c)",
 * "unable to reap pid:N (c)". */
static bool is_kill_line(const char *p, const char *end)
{
	static const char *const keys[] = { "illed process ", "ill process ", "reaped process ",
					    "reap pid:" };

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		if (mem_find(p, (size_t)(end - p), keys[k]))
			return true;
	return false;
}

bool oom_record_is_one_line(const char *msg, size_t len)
{
	const char *end = msg + len, *nl = memchr(msg, '\n', len);
	static const char *const comm_first[] = { INVOKED, ALLOC_FAIL, " cpuset=" };

	if (!nl)
		return true;
	const char *first_end = nl;
	if (has_at(msg, end, "oom-kill:", 9) || is_task_row(msg, first_end) ||
	    (has_at(msg, end, "CPU: ", 5) && mem_find(msg, (size_t)(first_end - msg), " Comm: ")) ||
	    (has_at(msg, end, "Pid: ", 5) && mem_find(msg, (size_t)(first_end - msg), ", comm: ")) ||
	    is_kill_line(msg, first_end))
		return true;
	for (size_t i = 0; i < sizeof(comm_first) / sizeof(comm_first[0]); i++) {
		size_t ml = strlen(comm_first[i]);
		size_t span = len < COMM_BYTES_MAX + ml ? len : COMM_BYTES_MAX + ml;
		if (mem_find(msg, span, comm_first[i]))
			return true;
	}
	return false;
}

bool oom_line_is_trailer(const char *line)
{
	return find_killed(line) || oomtext_starts(line, "oom_reaper: ") || strstr(line, SKIP_EXITING) ||
	       strstr(line, "due to memory.oom.group set") || strstr(line, "sharing same memory") ||
	       strstr(line, PANIC) || oomtext_starts(line, "---[ end Kernel panic") ||
	       strstr(line, " pages hwpoisoned") || strstr(line, " pages cma reserved") ||
	       strstr(line, "pages HighMem/MovableOnly");
}

int oom_report_init(struct oom_report *r)
{
	struct oom_event *ev;

	memset(r, 0, sizeof(*r));
	ev = calloc(1, sizeof(*ev));
	if (!ev)
		return -ENOMEM;
	/* every number starts "not printed" */
	struct oom_trigger *t = &ev->trigger;
	t->pid = t->gfp_mask = t->order = t->oom_score_adj = t->oom_adj_legacy = OOM_UNSET;
	struct oom_victim *v = &ev->victim;
	v->pid = v->uid = v->total_vm_kib = v->anon_rss_kib = v->file_rss_kib = v->shmem_rss_kib =
		v->pgtables_kib = v->oom_score_adj = v->score = OOM_UNSET;
	v->reaped_anon_rss_kib = v->reaped_file_rss_kib = v->reaped_shmem_rss_kib = OOM_UNSET;
	struct oom_memcg *m = &ev->memcg;
	m->usage_kib = m->limit_kib = m->failcnt = OOM_UNSET;
	m->memsw_usage_kib = m->memsw_limit_kib = m->memsw_failcnt = OOM_UNSET;
	m->kmem_usage_kib = m->kmem_limit_kib = m->kmem_failcnt = OOM_UNSET;
	m->swap_usage_kib = m->swap_limit_kib = m->swap_failcnt = OOM_UNSET;
	struct oom_meminfo *mi = &ev->mem;
	int64_t *mem_fields[] = {
		&mi->active_anon, &mi->inactive_anon, &mi->isolated_anon, &mi->active_file,
		&mi->inactive_file, &mi->isolated_file, &mi->unevictable, &mi->dirty, &mi->writeback,
		&mi->slab_reclaimable, &mi->slab_unreclaimable, &mi->mapped, &mi->shmem,
		&mi->pagetables, &mi->sec_pagetables, &mi->bounce, &mi->kernel_misc_reclaimable,
		&mi->free, &mi->free_pcp, &mi->free_cma, &mi->pagecache_pages, &mi->swap_free_kib,
		&mi->swap_total_kib, &mi->pages_ram, &mi->pages_highmem, &mi->pages_reserved,
		&mi->pages_cma_reserved, &mi->pages_hwpoisoned, &mi->page_size_kib,
		&mi->swap_cache_pages, &mi->swap_cache_add, &mi->swap_cache_delete,
		&mi->swap_cache_find, &mi->swap_cache_find_total,
	};
	for (size_t i = 0; i < sizeof(mem_fields) / sizeof(mem_fields[0]); i++)
		*mem_fields[i] = OOM_UNSET;
	ev->tasks.sum_rss = ev->tasks.sum_rss_anon = ev->tasks.sum_swapents = OOM_UNSET;
	ev->realtime_us = ev->monotonic_us = LOG_TIME_UNKNOWN;
	ev->kernel_proven = true;
	ev->from_kernel = true;
	ev->selected_pid = OOM_UNSET;
	oom_userspace_clear(&ev->userspace);
	r->ev = ev;
	r->cur_zone = -1;
	r->chosen_pid = r->chosen_score = OOM_UNSET;
	r->summary_pid = r->summary_uid = OOM_UNSET;
	r->last_mono = r->last_real = r->anchor_mono = r->anchor_real = LOG_TIME_UNKNOWN;
	return 0;
}

/* The gfp part shared by the header and the allocation failure: "0x...(NAMES)" at p. */
static void parse_gfp(struct oom_trigger *t, const char *p)
{
	int64_t mask;
	const char *close;

	if (!oomtext_scan_hex(&p, &mask))
		return;
	t->gfp_mask = mask;
	if (*p == '(' && (close = strchr(p, ')')) != NULL) {
		oomtext_copy(t->gfp_flags, sizeof(t->gfp_flags), p + 1, (size_t)(close - p - 1));
		if (!t->gfp_flags[0])
			oomtext_copy(t->gfp_flags, sizeof(t->gfp_flags), "none", 4);
	} else {
		gfp_decode_legacy((uint64_t)mask, t->gfp_decoded, sizeof(t->gfp_decoded));
	}
}

/* Copies the text after key up to the first of the terminators (or end of line). */
static void copy_until(char *dst, size_t cap, const char *line, const char *key,
		       const char *const *terms)
{
	const char *p = strstr(line, key), *end;

	if (!p)
		return;
	p += strlen(key);
	end = p + strlen(p);
	for (; *terms; terms++) {
		const char *q = strstr(p, *terms);
		if (q && q < end)
			end = q;
	}
	oomtext_copy(dst, cap, p, (size_t)(end - p));
}

/*   2.6.11-18  oom-killer: gfp_mask=0x%x[, order=%d]
 *   2.6.19+    %s invoked oom-killer: gfp_mask=0x%x[(%pGg)][, nodemask=..], order=%d,
 *              {oomkilladj|oom_adj|oom_score_adj}=%d  */
static void parse_header(struct oom_report *r, const char *line)
{
	struct oom_trigger *t = &r->ev->trigger;
	const char *p = oomtext_find_last(line, INVOKED), *tail;
	static const char *const nm_terms[] = { ", order=", ",  order=", NULL };

	if (p) {
		oomtext_copy(t->comm, sizeof(t->comm), line, (size_t)(p - line));
		tail = p + sizeof(INVOKED) - 1;
	} else {
		tail = line + strlen("oom-killer: ");
	}
	if (oomtext_starts(tail, "gfp_mask="))
		parse_gfp(t, tail + strlen("gfp_mask="));
	oomtext_find_num(tail, "order=", &t->order);
	if (!oomtext_find_num(tail, "oom_score_adj=", &t->oom_score_adj)) {
		if (!oomtext_find_num(tail, "oom_adj=", &t->oom_adj_legacy))
			oomtext_find_num(tail, "oomkilladj=", &t->oom_adj_legacy);
	} else {
		oomtext_find_num(tail, " oom_adj=", &t->oom_adj_legacy);
	}
	copy_until(t->nodemask, sizeof(t->nodemask), tail, "nodemask=", nm_terms);
	if (oom_isset(t->order) && t->order == -1)
		r->ev->sysrq = true;
}

/*   %s: page allocation failure. order:%d, mode:0x%x                        (2.6.x)
 *   %s: page allocation failure: order:%u, mode:%#x(%pGg)[, nodemask=%*pbl][,cpuset=..,mems_allowed=..] */
static void parse_alloc_failure(struct oom_report *r, const char *line)
{
	struct oom_trigger *t = &r->ev->trigger;
	const char *p = oomtext_find_last(line, ALLOC_FAIL), *tail;
	static const char *const nm_terms[] = { ",cpuset=", NULL };
	static const char *const cs_terms[] = { ",mems_allowed=", NULL };
	static const char *const none[] = { NULL };

	oomtext_copy(t->comm, sizeof(t->comm), line, (size_t)(p - line));
	tail = p + sizeof(ALLOC_FAIL) - 1;
	oomtext_find_num(tail, "order:", &t->order);
	const char *mode = strstr(tail, "mode:");
	if (mode)
		parse_gfp(t, mode + 5);
	copy_until(t->nodemask, sizeof(t->nodemask), tail, "nodemask=", nm_terms);
	copy_until(t->cpuset, sizeof(t->cpuset), tail, ",cpuset=", cs_terms);
	copy_until(t->mems_allowed, sizeof(t->mems_allowed), tail, ",mems_allowed=", none);
	r->alloc_failure = true;
}

/* "%s cpuset=%s mems_allowed=%s" (2.6.29-4.20): the comm is the trigger's. */
static bool parse_cpuset_line(struct oom_report *r, const char *line)
{
	const char *c = oomtext_find_last(line, " cpuset="), *m;
	struct oom_trigger *t = &r->ev->trigger;

	if (!c || !(m = oomtext_find_last(c, " mems_allowed=")))
		return false;
	c += strlen(" cpuset=");
	oomtext_copy(t->cpuset, sizeof(t->cpuset), c, (size_t)(m - c));
	m += strlen(" mems_allowed=");
	oomtext_copy(t->mems_allowed, sizeof(t->mems_allowed), m, strlen(m));
	return true;
}

/* Stack dump identity: "CPU: %d [UID: %u ]PID: %d Comm: %.20s ..." (3.9+) or
 * "Pid: %d, comm: %.20s ..." (x86 up to 3.8). */
static bool parse_stack_id(struct oom_report *r, const char *line)
{
	struct oom_trigger *t = &r->ev->trigger;
	int64_t pid;

	if (oom_isset(t->pid))
		return false;
	if (oomtext_starts(line, "CPU: ") && strstr(line, " PID: ") && oomtext_find_num(line, " PID: ", &pid)) {
		t->pid = pid;
		return true;
	}
	if (oomtext_starts(line, "Pid: ") && oomtext_find_num(line, "Pid: ", &pid)) {
		t->pid = pid;
		const char *c = strstr(line, ", comm: ");
		if (c && !t->comm[0]) {
			c += strlen(", comm: ");
			const char *e = strstr(c, " Not tainted");
			if (!e)
				e = strstr(c, " Tainted");
			oomtext_copy(t->comm, sizeof(t->comm), c, e ? (size_t)(e - c) : strlen(c));
		}
		return true;
	}
	return false;
}

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
static bool parse_killed(struct oom_report *r, const char *line, const char *at)
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
static bool parse_kill(struct oom_report *r, const char *line, const char *at)
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
static void parse_summary(struct oom_report *r, const char *line)
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
static void parse_vm_killing(struct oom_report *r, const char *line)
{
	struct oom_event *ev = r->ev;
	const char *name = line + strlen(VM_KILLING);

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

/* "memory: usage %llukB, limit %llukB, failcnt %lu" and its memory+swap / kmem / swap forms. */
static bool parse_memcg_usage(struct oom_report *r, const char *line)
{
	static const struct { const char *prefix; size_t off; } kinds[] = {
		{ "memory: usage ", offsetof(struct oom_memcg, usage_kib) },
		{ "memory+swap: usage ", offsetof(struct oom_memcg, memsw_usage_kib) },
		{ "kmem: usage ", offsetof(struct oom_memcg, kmem_usage_kib) },
		{ "swap: usage ", offsetof(struct oom_memcg, swap_usage_kib) },
	};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!oomtext_starts(line, kinds[i].prefix))
			continue;
		int64_t *f = (int64_t *)((char *)&r->ev->memcg + kinds[i].off);
		oomtext_find_num(line, "usage ", &f[0]);
		oomtext_find_num(line, "limit ", &f[1]);
		oomtext_find_num(line, "failcnt ", &f[2]);
		r->memcg_hint = true;
		r->ev->has_memcg = true;
		return true;
	}
	return false;
}

/* "Task in %s killed as a result of limit of %s" (2.6.30-4.20), the paths printed piecewise
 * from 3.16, so a syslog may split the sentence: pieces are gathered in r->pending. */
static bool parse_task_in(struct oom_report *r)
{
	static const char MID[] = " killed as a result of limit of ";
	const char *s = r->pending + strlen("Task in ");
	const char *mid = strstr(s, MID);
	struct oom_memcg *m = &r->ev->memcg;

	r->memcg_hint = true;
	r->ev->has_memcg = true;
	if (!mid) {
		oomtext_copy(m->task_memcg, sizeof(m->task_memcg), s, strlen(s));
		return false;
	}
	oomtext_copy(m->task_memcg, sizeof(m->task_memcg), s, (size_t)(mid - s));
	mid += sizeof(MID) - 1;
	oomtext_copy(m->oom_memcg, sizeof(m->oom_memcg), mid, strlen(mid));
	return m->oom_memcg[0] != '\0';
}

static void pending_add(struct oom_report *r, const char *s)
{
	size_t n = strlen(s);

	if (r->pending_len + n >= sizeof(r->pending))
		n = sizeof(r->pending) - 1 - r->pending_len;
	memcpy(r->pending + r->pending_len, s, n);
	r->pending_len += n;
	r->pending[r->pending_len] = '\0';
}

/* "Memory cgroup stats for %s:" then either " key:NKB" pairs on the same line (3.x-5.2) or one
 * "key value" per line (5.3+). */
static void stat_add(struct oom_memcg *m, const char *key, size_t klen, int64_t v)
{
	for (size_t i = 0; i < m->n_stats; i++) {
		if (strlen(m->stats[i].key) == klen && memcmp(m->stats[i].key, key, klen) == 0) {
			m->stats[i].value += v;       /* old form: one block per cgroup of the subtree */
			return;
		}
	}
	if (m->n_stats >= OOM_MEMCG_STATS_MAX || klen == 0)
		return;
	oomtext_copy(m->stats[m->n_stats].key, sizeof(m->stats[0].key), key, klen);
	m->stats[m->n_stats++].value = v;
}

static void parse_stats_header(struct oom_report *r, const char *line)
{
	struct oom_memcg *m = &r->ev->memcg;
	const char *p = line + strlen("Memory cgroup stats for ");
	const char *colon = oomtext_find_last(p, ":");
	const char *kb = strstr(p, "KB ");

	r->memcg_hint = true;
	r->ev->has_memcg = true;
	/* old form: "for /a: cache:0KB rss:12KB ..." - the path ends at the ": " before the first
	 * pair; one such line per cgroup of the subtree, summed into stats */
	const char *pairs = strstr(p, ": ");
	if (pairs && (kb || oomtext_find_last(line, "KB"))) {
		if (r->stats_block_done && m->stats_in_bytes)
			return;
		if (!r->stats_block_done)
			oomtext_copy(m->stats_for, sizeof(m->stats_for), p, (size_t)(pairs - p));
		r->stats_block_done = true;
		m->stats_in_bytes = false;
		for (const char *t = pairs + 1; *t;) {
			t = oomtext_skip_ws(t);
			const char *c = strchr(t, ':');
			const char *sp = strchr(t, ' ');
			int64_t v;
			if (!c || (sp && sp < c))
				break;
			const char *num = c + 1;
			if (!oomtext_scan_i64(&num, &v))
				break;
			stat_add(m, t, (size_t)(c - t), v);
			t = num;
			while (*t && *t != ' ')
				t++;
		}
		r->sec = SEC_NONE;
		return;
	}
	if (r->stats_block_done) {        /* the 5.3+ dump is printed once; keep the first */
		r->sec = SEC_NONE;
		return;
	}
	r->stats_block_done = true;
	oomtext_copy(m->stats_for, sizeof(m->stats_for), p, colon ? (size_t)(colon - p) : strlen(p));
	m->stats_in_bytes = true;
	r->sec = SEC_MEMCG_STATS;
}

static bool parse_stat_line(struct oom_report *r, const char *line)
{
	const char *p = oomtext_skip_ws(line), *k = p;
	int64_t v;

	while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')
		p++;
	if (p == k || *p != ' ')
		return false;
	size_t klen = (size_t)(p - k);
	if (!oomtext_scan_i64(&p, &v) || *oomtext_skip_ws(p))
		return false;
	stat_add(&r->ev->memcg, k, klen, v);
	return true;
}

/* oom_reaper: reaped process %d (%s), now anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB
 *             unable to reap pid:%d (%s) / giving up pid:%d (%s)                            */
static bool parse_reaper(struct oom_report *r, const char *line)
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

static bool parse_panic(struct oom_report *r, const char *line)
{
	const char *p = strstr(line, PANIC);
	struct oom_event *ev = r->ev;

	if (!p)
		return false;
	p += sizeof(PANIC) - 1;
	ev->panic = true;
	oomtext_copy(ev->panic_msg, sizeof(ev->panic_msg), p, strlen(p));
	if (strstr(p, "panic_on_oom"))
		r->panic_on_oom = true;
	if (strstr(p, "no killable processes"))
		r->no_killable = true;
	return true;
}

/* Lines that may follow the end of a report. */
static enum line_result trailer_line(struct oom_report *r, const char *line)
{
	const char *k;

	if ((k = find_killed(line)) != NULL)
		return parse_killed(r, line, k) ? LINE_PART : LINE_UNRELATED;
	if (oomtext_starts(line, "oom_reaper: "))
		return parse_reaper(r, line) ? LINE_PART : LINE_UNRELATED;
	if (strstr(line, "due to memory.oom.group set")) {
		r->ev->oom_group = true;
		return LINE_PART;
	}
	if (strstr(line, SKIP_EXITING)) {
		r->ev->skipped_exiting = true;
		return LINE_PART;
	}
	if (strstr(line, "sharing same memory") || oomtext_starts(line, "OOM killer in rage"))
		return LINE_PART;
	if (oomtext_starts(line, "---[ end Kernel panic"))
		return r->ev->panic ? LINE_PART : LINE_UNRELATED;
	if (strstr(line, PANIC))
		return parse_panic(r, line) ? LINE_PART : LINE_UNRELATED;
	return oom_meminfo_line(r, line) ? LINE_PART : LINE_UNRELATED;
}

enum line_result oom_report_line(struct oom_report *r, const char *line)
{
	const char *k;

	if (r->ended)
		return trailer_line(r, line);

	if (r->sec == SEC_TASKIN) {
		const char *s = oomtext_skip_ws(line);
		if (*s == '/' || oomtext_starts(s, "killed as a result") || oomtext_starts(line, " killed as")) {
			if (oomtext_starts(s, "killed"))
				pending_add(r, " ");
			pending_add(r, s);
			if (parse_task_in(r))
				r->sec = SEC_NONE;
			return LINE_PART;
		}
		r->sec = SEC_NONE;
	}
	if (r->sec == SEC_MEMCG_STATS) {
		if (parse_stat_line(r, line))
			return LINE_PART;
		r->sec = SEC_NONE;
	}
	if (r->sec == SEC_TASKS) {
		if (oom_tasks_row(r, line))
			return LINE_PART;
	}
	if (r->sec == SEC_SLAB) {
		if (oom_slab_line(r, line))
			return LINE_PART;
	}

	if (!r->started && oom_line_starts_report(line)) {
		r->started = true;
		if (strstr(line, ALLOC_FAIL) && !strstr(line, INVOKED))
			parse_alloc_failure(r, line);
		else
			parse_header(r, line);
		return LINE_PART;
	}
	if (oomtext_starts(line, "oom-kill:constraint=")) {
		parse_summary(r, line);
		return LINE_PART;
	}
	if ((k = find_killed(line)) != NULL) {
		if (!parse_killed(r, line, k))
			return LINE_UNRELATED;
		r->ended = true;
		return LINE_END;
	}
	if ((k = find_kill(line)) != NULL)
		return parse_kill(r, line, k) ? LINE_PART : LINE_UNRELATED;
	if (oomtext_starts(line, VM_KILLING)) {
		parse_vm_killing(r, line);
		r->ended = true;
		return LINE_END;
	}
	if (strstr(line, SKIP_EXITING)) {      /* not a kill: the chosen task was dying already */
		r->ev->skipped_exiting = true;
		return LINE_PART;
	}
	if (strstr(line, NO_KILLABLE)) {
		r->no_killable = true;
		if (strstr(line, PANIC))
			parse_panic(r, line);
		r->ended = true;
		return LINE_END;
	}
	if (is_oom_panic(line)) {
		parse_panic(r, line);
		r->ended = true;
		return LINE_END;
	}
	if (oomtext_starts(line, "COMPACTION is disabled")) {
		r->ev->trigger.compaction_disabled = true;
		return LINE_PART;
	}
	if (parse_stack_id(r, line))
		return LINE_PART;
	if (parse_memcg_usage(r, line))
		return LINE_PART;
	if (oomtext_starts(line, "Task in ")) {
		r->pending_len = 0;
		pending_add(r, line);
		r->sec = parse_task_in(r) ? SEC_NONE : SEC_TASKIN;
		return LINE_PART;
	}
	if (oomtext_starts(line, "Memory limit reached of cgroup ")) {
		const char *p = line + strlen("Memory limit reached of cgroup ");
		oomtext_copy(r->ev->memcg.oom_memcg, sizeof(r->ev->memcg.oom_memcg), p, strlen(p));
		r->memcg_hint = r->ev->has_memcg = true;
		return LINE_PART;
	}
	if (oomtext_starts(line, "Memory cgroup stats for ")) {
		parse_stats_header(r, line);
		return LINE_PART;
	}
	if (oom_tasks_header(r, line))
		return LINE_PART;
	if (oomtext_starts(line, "Unreclaimable slab info:")) {
		r->ev->has_slab_info = true;
		r->sec = SEC_SLAB;
		return LINE_PART;
	}
	if (oom_meminfo_line(r, line)) {
		/* an allocation failure report ends with show_mem's page counts */
		if (r->alloc_failure && oomtext_find_last(line, " pages reserved"))
			r->ended = true;
		return r->ended ? LINE_END : LINE_PART;
	}
	if (r->started && !r->ev->trigger.cpuset[0] && strstr(line, " cpuset=") &&
	    strstr(line, " mems_allowed=") && parse_cpuset_line(r, line))
		return LINE_PART;
	return LINE_UNRELATED;
}
