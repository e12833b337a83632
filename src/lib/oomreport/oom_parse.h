/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Internal to lib/oomreport: the state of one report being assembled and the per-line parsers
 * (oom_lines.c: which line goes where; oom_header_lines.c: the opening lines; oom_kill_lines.c:
 * kill, summary, reaper and panic lines; oom_memcg_lines.c: memcg usage and stats;
 * oom_meminfo.c: Mem-Info and slab; oom_tasks.c: the task table).  Lines arrive one at a time,
 * NUL-terminated, wrappers already removed. */
#ifndef OOMGUARD_OOM_PARSE_H
#define OOMGUARD_OOM_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/oomreport/oom_event.h"

enum oom_section {
	SEC_NONE,        /* header or stack dump: nothing section-specific expected */
	SEC_TASKIN,      /* "Task in X killed as a result of limit of Y" split over lines */
	SEC_MEMCG_STATS, /* lines after "Memory cgroup stats for X:" */
	SEC_MEMINFO,     /* after "Mem-Info:" */
	SEC_SLAB,        /* after "Unreclaimable slab info:" */
	SEC_TASKS,       /* after the task table header */
};

#define OOM_TASK_COLS_MAX 24

struct oom_report {
	struct oom_event *ev;
	enum oom_section sec;
	bool started;               /* the first line of a report was seen */
	bool ended;                 /* the line that completes a report was seen */
	bool alloc_failure;         /* started by "page allocation failure" */
	bool no_killable, panic_on_oom;
	bool memcg_hint;            /* a memcg-only line was seen */
	bool stats_block_done;      /* only the first "Memory cgroup stats" block is kept */
	int task_cols[OOM_TASK_COLS_MAX];
	int n_task_cols;
	int cur_zone;               /* index of the last zone line, for lowmem_reserve; -1 */
	char pending[2 * OOM_PATH_MAX + 64]; /* split "Task in ..." sentence */
	size_t pending_len;
	int64_t chosen_pid, chosen_score; /* "Kill process N (c) score S" */
	int64_t summary_pid, summary_uid; /* "oom-kill:...,task=C,pid=N,uid=U": the victim when no
					   * kill line is there (a grep kept only this line) */
	unsigned lines_after_end;   /* unrelated lines since the end */
	int64_t last_mono, last_real;   /* time of the last line that belonged to the report */
	int64_t anchor_mono, anchor_real; /* time of the kill line (for the id) */
	size_t tasks_cap, groups_cap;
	uint32_t *group_hash;       /* beside ev->tasks.groups: hash of each name, for lookups */
	struct oom_task_group rest; /* names pushed out of the working table (count 0: none) */
};

enum line_result { LINE_UNRELATED, LINE_PART, LINE_END };

/* Largest number a field may hold (2^53: 8 EiB in kB; the kernel's "unlimited" memcg limit,
 * 9007199254740988 kB, fits).  Larger text is not a counter and leaves the field unset, so
 * products with a page size and sums of a few fields cannot overflow. */
#define OOM_NUM_MAX (UINT64_C(1) << 53)
/* Sums over many rows saturate here (x 64 kB pages still fits in int64_t). */
#define OOM_SUM_MAX (INT64_C(1) << 56)
static inline int64_t oomtext_sum_sat(int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r) || r > OOM_SUM_MAX)
		return OOM_SUM_MAX;
	return r < -OOM_SUM_MAX ? -OOM_SUM_MAX : r;
}

/* A line that always begins a new report ("invoked oom-killer", "page allocation failure"). */
bool oom_line_starts_report(const char *line);
/* A line that belongs only to OOM reports, so it opens one (flagged incomplete) when none is. */
bool oom_line_is_anchor(const char *line);
/* Cheap test on len bytes (no NUL needed): false when the line can be neither of the above. */
bool oom_line_may_open(const char *line, size_t len);
/* A record (len bytes, no NUL needed) holding '\n' that is nevertheless one kernel line: one of
 * the single-line formats that print a comm, which may itself hold newlines.  Other records are
 * split at each '\n' (multi-line printk).  True for a record without '\n'. */
bool oom_record_is_one_line(const char *msg, size_t len);
/* A line that may follow the end (oom_reaper, more kills of memory.oom.group, panic trailer). */
bool oom_line_is_trailer(const char *line);

int oom_report_init(struct oom_report *r);     /* allocates r->ev; -ENOMEM */
enum line_result oom_report_line(struct oom_report *r, const char *line);
/* Sorts the kept tasks, settles kind and id; returns the event and clears r->ev. */
struct oom_event *oom_report_finish(struct oom_report *r);

/* Texts that mark a line's kind, shared by the dispatcher and the parsers. */
#define OOM_TEXT_INVOKED " invoked oom-killer: "
#define OOM_TEXT_ALLOC_FAIL ": page allocation failure"
#define OOM_TEXT_NO_KILLABLE "Out of memory and no killable processes"
#define OOM_TEXT_PANIC "Kernel panic - not syncing: "
#define OOM_TEXT_VM_KILLING "VM: killing process "      /* Linux 2.4 (mm/oom_kill.c) */
#define OOM_TEXT_SKIP_EXITING " is already exiting. Skip killing the task"

/* oom_header_lines.c, called by oom_report_line: the report's first line (invoked oom-killer /
 * page allocation failure), the "cpuset= mems_allowed=" line and the stack dump's "CPU: .. PID:"
 * or "Pid: .., comm:" line (false when the line is not one or the pid is known). */
void oom_header_invoked(struct oom_report *r, const char *line);
void oom_header_alloc_failure(struct oom_report *r, const char *line);
bool oom_header_cpuset(struct oom_report *r, const char *line);
bool oom_header_stack_id(struct oom_report *r, const char *line);

/* oom_kill_lines.c, called by oom_report_line; at points into line at the "Killed process " /
 * ": Kill process " found there.  The bool ones return false for a line that only looks like
 * theirs. */
bool oom_kill_killed(struct oom_report *r, const char *line, const char *at);
bool oom_kill_chosen(struct oom_report *r, const char *line, const char *at);
void oom_kill_summary(struct oom_report *r, const char *line);      /* "oom-kill:constraint=" */
void oom_kill_vm_killing(struct oom_report *r, const char *line);   /* Linux 2.4 */
bool oom_kill_reaper(struct oom_report *r, const char *line);
bool oom_kill_panic(struct oom_report *r, const char *line);

/* oom_memcg_lines.c, called by oom_report_line: "memory: usage" and its kin; "Task in ..."
 * gathered in r->pending (oom_memcg_pending_add), true once both paths are known; the "Memory
 * cgroup stats for" line (sets r->sec for the 5.3+ form) and each "key value" line after it. */
bool oom_memcg_usage(struct oom_report *r, const char *line);
bool oom_memcg_task_in(struct oom_report *r);
void oom_memcg_pending_add(struct oom_report *r, const char *s);
void oom_memcg_stats_header(struct oom_report *r, const char *line);
bool oom_memcg_stat_line(struct oom_report *r, const char *line);

/* oom_meminfo.c / oom_tasks.c, called by oom_report_line */
bool oom_meminfo_line(struct oom_report *r, const char *line);
bool oom_slab_line(struct oom_report *r, const char *line);
bool oom_tasks_header(struct oom_report *r, const char *line);
bool oom_tasks_row(struct oom_report *r, const char *line);
/* Sorts rows and names, keeps the victim's and the trigger's names, folds the tail into
 * "(all others)"; frees the working state in r. */
void oom_tasks_finish(struct oom_report *r, struct oom_event *ev);

/* oom_text.c: small scanning helpers over NUL-terminated lines */
bool oomtext_starts(const char *s, const char *prefix);
const char *oomtext_find_last(const char *hay, const char *needle);
const char *oomtext_skip_ws(const char *s);
/* Copies [s, s+len) into dst (cap bytes, always terminated). */
void oomtext_copy(char *dst, size_t cap, const char *s, size_t len);
/* Signed decimal at *p (leading blanks skipped); advances *p.  false when none. */
bool oomtext_scan_i64(const char **p, int64_t *out);
/* Hex ("0x..." or bare hex digits) at *p; advances *p. */
bool oomtext_scan_hex(const char **p, int64_t *out);
/* Finds "key" in line and parses the number right after it (decimal; "kB"/"KB" suffix allowed). */
bool oomtext_find_num(const char *line, const char *key, int64_t *out);

#endif
