/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which lines belong to an OOM report and where each goes: the tests the assembler makes before
 * a report is open (starts, anchor, one-line records, trailers), and oom_report_line, which hands
 * each line to its kind's parser: oom_header_lines.c, oom_kill_lines.c, oom_memcg_lines.c,
 * oom_meminfo.c (Mem-Info, slab) and oom_tasks.c (the task table). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/oomreport/oom_parse.h"

bool oom_line_starts_report(const char *line)
{
	return strstr(line, OOM_TEXT_INVOKED) || oomtext_starts(line, "oom-killer: gfp_mask=") ||
	       strstr(line, OOM_TEXT_ALLOC_FAIL);
}

static bool is_oom_panic(const char *line)
{
	const char *p = strstr(line, OOM_TEXT_PANIC);

	if (!p)
		return false;
	p += sizeof(OOM_TEXT_PANIC) - 1;
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
	       oomtext_starts(line, OOM_TEXT_VM_KILLING) || strstr(line, OOM_TEXT_SKIP_EXITING) ||
	       strstr(line, OOM_TEXT_NO_KILLABLE) || is_oom_panic(line) ||
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
	static const char *const comm_first[] = { OOM_TEXT_INVOKED, OOM_TEXT_ALLOC_FAIL, " cpuset=" };

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
	return find_killed(line) || oomtext_starts(line, "oom_reaper: ") || strstr(line, OOM_TEXT_SKIP_EXITING) ||
	       strstr(line, "due to memory.oom.group set") || strstr(line, "sharing same memory") ||
	       strstr(line, OOM_TEXT_PANIC) || oomtext_starts(line, "---[ end Kernel panic") ||
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

/* Lines that may follow the end of a report. */
static enum line_result trailer_line(struct oom_report *r, const char *line)
{
	const char *k;

	if ((k = find_killed(line)) != NULL)
		return oom_kill_killed(r, line, k) ? LINE_PART : LINE_UNRELATED;
	if (oomtext_starts(line, "oom_reaper: "))
		return oom_kill_reaper(r, line) ? LINE_PART : LINE_UNRELATED;
	if (strstr(line, "due to memory.oom.group set")) {
		r->ev->oom_group = true;
		return LINE_PART;
	}
	if (strstr(line, OOM_TEXT_SKIP_EXITING)) {
		r->ev->skipped_exiting = true;
		return LINE_PART;
	}
	if (strstr(line, "sharing same memory") || oomtext_starts(line, "OOM killer in rage"))
		return LINE_PART;
	if (oomtext_starts(line, "---[ end Kernel panic"))
		return r->ev->panic ? LINE_PART : LINE_UNRELATED;
	if (strstr(line, OOM_TEXT_PANIC))
		return oom_kill_panic(r, line) ? LINE_PART : LINE_UNRELATED;
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
				oom_memcg_pending_add(r, " ");
			oom_memcg_pending_add(r, s);
			if (oom_memcg_task_in(r))
				r->sec = SEC_NONE;
			return LINE_PART;
		}
		r->sec = SEC_NONE;
	}
	if (r->sec == SEC_MEMCG_STATS) {
		if (oom_memcg_stat_line(r, line))
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
		if (strstr(line, OOM_TEXT_ALLOC_FAIL) && !strstr(line, OOM_TEXT_INVOKED))
			oom_header_alloc_failure(r, line);
		else
			oom_header_invoked(r, line);
		return LINE_PART;
	}
	if (oomtext_starts(line, "oom-kill:constraint=")) {
		oom_kill_summary(r, line);
		return LINE_PART;
	}
	if ((k = find_killed(line)) != NULL) {
		if (!oom_kill_killed(r, line, k))
			return LINE_UNRELATED;
		r->ended = true;
		return LINE_END;
	}
	if ((k = find_kill(line)) != NULL)
		return oom_kill_chosen(r, line, k) ? LINE_PART : LINE_UNRELATED;
	if (oomtext_starts(line, OOM_TEXT_VM_KILLING)) {
		oom_kill_vm_killing(r, line);
		r->ended = true;
		return LINE_END;
	}
	if (strstr(line, OOM_TEXT_SKIP_EXITING)) {      /* not a kill: the chosen task was dying already */
		r->ev->skipped_exiting = true;
		return LINE_PART;
	}
	if (strstr(line, OOM_TEXT_NO_KILLABLE)) {
		r->no_killable = true;
		if (strstr(line, OOM_TEXT_PANIC))
			oom_kill_panic(r, line);
		r->ended = true;
		return LINE_END;
	}
	if (is_oom_panic(line)) {
		oom_kill_panic(r, line);
		r->ended = true;
		return LINE_END;
	}
	if (oomtext_starts(line, "COMPACTION is disabled")) {
		r->ev->trigger.compaction_disabled = true;
		return LINE_PART;
	}
	if (oom_header_stack_id(r, line))
		return LINE_PART;
	if (oom_memcg_usage(r, line))
		return LINE_PART;
	if (oomtext_starts(line, "Task in ")) {
		r->pending_len = 0;
		oom_memcg_pending_add(r, line);
		r->sec = oom_memcg_task_in(r) ? SEC_NONE : SEC_TASKIN;
		return LINE_PART;
	}
	if (oomtext_starts(line, "Memory limit reached of cgroup ")) {
		const char *p = line + strlen("Memory limit reached of cgroup ");
		oomtext_copy(r->ev->memcg.oom_memcg, sizeof(r->ev->memcg.oom_memcg), p, strlen(p));
		r->memcg_hint = r->ev->has_memcg = true;
		return LINE_PART;
	}
	if (oomtext_starts(line, "Memory cgroup stats for ")) {
		oom_memcg_stats_header(r, line);
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
	    strstr(line, " mems_allowed=") && oom_header_cpuset(r, line))
		return LINE_PART;
	return LINE_UNRELATED;
}
