/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One kernel OOM report (or allocation failure / OOM panic), reassembled from its log lines by
 * oom_assembler.h.  Plain data, owned by whoever receives it from the assembler callback and freed
 * with oom_event_free().  A field the report did not print stays "unset" (OOM_UNSET for numbers,
 * "" for strings): the parser never invents a value.  Read by `events`, `explain`, `report`. */
#ifndef OOMGUARD_OOM_EVENT_H
#define OOMGUARD_OOM_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/kmsg/log_record.h"

/* Numbers the report did not print. */
#define OOM_UNSET INT64_MIN
static inline bool oom_isset(int64_t v) { return v != OOM_UNSET; }

#define OOM_COMM_MAX 64         /* kernel comm is 16 bytes; room for hostile/forged text */
#define OOM_PATH_MAX 256        /* cgroup paths, cpuset names */
#define OOM_GFP_TEXT_MAX 256    /* "GFP_KERNEL|__GFP_NOWARN" as printed (%pGg) or decoded */
#define OOM_ID_LEN 12           /* hex digits of the event id */

enum oom_kind {
	OOM_KIND_UNKNOWN = 0,
	OOM_KIND_OOM_KILL,          /* the (global or cpuset/mempolicy-constrained) OOM killer killed */
	OOM_KIND_MEMCG_OOM,         /* a memory cgroup hit its limit and the OOM killer killed */
	OOM_KIND_NO_KILLABLE,       /* "Out of memory and no killable processes..." */
	OOM_KIND_PANIC,             /* panic_on_oom: the kernel panicked instead of killing */
	OOM_KIND_ALLOC_FAILURE,     /* "page allocation failure": no OOM kill, the request failed */
	OOM_KIND_USERSPACE,         /* a userspace killer (systemd-oomd, earlyoom, ...) killed; no kernel
				     * report of the same kill was found */
};

enum oom_constraint {
	OOM_CONSTRAINT_UNKNOWN = 0, /* not printed (kernels before 5.0 without a memcg hint) */
	OOM_CONSTRAINT_NONE,
	OOM_CONSTRAINT_CPUSET,
	OOM_CONSTRAINT_MEMORY_POLICY,
	OOM_CONSTRAINT_MEMCG,
	OOM_CONSTRAINT_OTHER,       /* a name this parser does not know (BPF OOM policies): see
				     * oom_event.constraint_name */
};

/* Who asked for memory when the OOM killer was invoked (not necessarily the culprit). */
struct oom_trigger {
	char comm[OOM_COMM_MAX];    /* "<comm> invoked oom-killer" / "<comm>: page allocation failure" */
	int64_t pid;                /* from the stack dump's "CPU: n PID: p Comm: c" line */
	int64_t gfp_mask;           /* the raw mask */
	char gfp_flags[OOM_GFP_TEXT_MAX]; /* names printed by the kernel (%pGg), or "" */
	char gfp_decoded[OOM_GFP_TEXT_MAX]; /* from gfp.h: names for a bare hex mask, or "undecoded" */
	int64_t order;              /* -1 = manual OOM from sysrq */
	int64_t oom_score_adj;      /* of the invoking task (oom_adj on 2.6.32-3.6 is oom_adj_legacy) */
	int64_t oom_adj_legacy;     /* 2.6.19-3.6 "oomkilladj=" / "oom_adj=" */
	char nodemask[OOM_PATH_MAX];
	char cpuset[OOM_PATH_MAX];
	char mems_allowed[OOM_PATH_MAX];
	bool compaction_disabled;   /* "COMPACTION is disabled!!!" */
};

/* The killed task.  rss values are in kB as the kill line prints them. */
struct oom_victim {
	int64_t pid;
	char comm[OOM_COMM_MAX];
	int64_t uid;
	int64_t total_vm_kib;
	int64_t anon_rss_kib;
	int64_t file_rss_kib;
	int64_t shmem_rss_kib;
	int64_t pgtables_kib;
	int64_t oom_score_adj;
	int64_t score;              /* "Kill process N (c) score S ..." (2.6.16-5.0) */
	unsigned n_killed;          /* kill lines seen: > 1 with memory.oom.group or "sharing same memory" */
	/* oom_reaper (4.6+) */
	bool reaped;                /* "oom_reaper: reaped process" */
	bool reap_failed;           /* "unable to reap" / "giving up" */
	int64_t reaped_anon_rss_kib, reaped_file_rss_kib, reaped_shmem_rss_kib; /* left after reaping */
};

/* One process of a kill that took several (memory.oom.group, "sharing same memory"), in the
 * order printed, each pid once.  Sizes in kB as the kill line prints them. */
#define OOM_KILLED_MAX 32
struct oom_killed {
	int64_t pid;
	char comm[OOM_COMM_MAX];
	int64_t total_vm_kib, anon_rss_kib, file_rss_kib, shmem_rss_kib;
};

/* A userspace killer's record of a kill (userspace_kills.c): who, why, and the figures it printed.
 * The victim's pid and name (when printed) are in oom_event.victim. */
#define OOM_KILLER_MAX 24
struct oom_userspace {
	char killer[OOM_KILLER_MAX]; /* "systemd-oomd", "earlyoom", "nohang", "oomd", "lmkd", "oomguard" */
	char reason[256];           /* the reason as the killer gives it ("memory pressure ...") */
	char cgroup[OOM_PATH_MAX];  /* the killed cgroup or unit, when the killer kills cgroups */
	char signal[12];            /* "SIGTERM", "SIGKILL", "" when not printed */
	bool failed;                /* the killer says the kill failed */
	int64_t processes_killed;   /* "killed N process(es)", "Killed N:" */
	int64_t rss_kib, swap_kib;    /* the victim's figures as printed (MiB/MB converted to kB) */
	int64_t badness, oom_score_adj, uid;
	int64_t pressure_pct_x100, limit_pct_x100; /* "being 51.07% > 50.00%" */
	int64_t mem_avail_pct_x100, swap_free_pct_x100; /* earlyoom/nohang thresholds met */
	int64_t exited_after_ms;    /* earlyoom "process N exited after S seconds" */
};

/* Where a victim ran, read from its cgroup path (container_id.c). */
struct oom_container {
	char unit[128];             /* systemd unit: "foo.service", "docker-<id>.scope", ... */
	char runtime[16];           /* "kubernetes", "docker", "containerd", "cri-o", "lxc", "podman", "" */
	char id[72];                /* container id (64 hex for docker/containerd/cri-o) or LXC name */
	char pod_uid[40];           /* Kubernetes pod UID (dashes restored) */
	char qos[12];               /* "guaranteed", "burstable", "besteffort" */
};

/* Memory cgroup section (memcg OOMs). */
struct oom_memcg_stat {
	char key[32];
	int64_t value;              /* bytes for the 5.3+ memory.stat dump; kB for the old "key:NKB" */
};
#define OOM_MEMCG_STATS_MAX 64
struct oom_memcg {
	char oom_memcg[OOM_PATH_MAX];   /* the cgroup whose limit was hit ("limit of Y", oom_memcg=) */
	char task_memcg[OOM_PATH_MAX];  /* the victim's cgroup ("Task in X", task_memcg=) */
	int64_t usage_kib, limit_kib, failcnt;              /* "memory: usage ..., limit ..., failcnt" */
	int64_t memsw_usage_kib, memsw_limit_kib, memsw_failcnt; /* v1 "memory+swap:" */
	int64_t kmem_usage_kib, kmem_limit_kib, kmem_failcnt;    /* v1 "kmem:" */
	int64_t swap_usage_kib, swap_limit_kib, swap_failcnt;    /* v2 "swap:" */
	char stats_for[OOM_PATH_MAX];   /* "Memory cgroup stats for X:" (the first block) */
	bool stats_in_bytes;            /* true: 5.3+ "anon 123" lines (hierarchical); false:
					 * "rss:123KB" pairs, summed over the subtree's blocks */
	struct oom_memcg_stat stats[OOM_MEMCG_STATS_MAX];
	size_t n_stats;
};

/* Per-zone line, lowmem_reserve and buddy list of show_free_areas(). */
#define OOM_ORDERS 16
struct oom_zone {
	int node;
	char name[16];              /* DMA, DMA32, Normal, HighMem, Movable, Device */
	int64_t free_kib, min_kib, low_kib, high_kib, boost_kib;
	int64_t reserved_highatomic_kib;
	int64_t present_kib, managed_kib, mlocked_kib, free_pcp_kib, free_cma_kib;
	int64_t kernel_stack_kib, pagetables_kib; /* per zone on 2.6.32-5.10, per node later */
	int64_t lowmem_reserve[8];  /* in pages, one per zone index */
	int n_lowmem_reserve;
	int64_t buddy_count[OOM_ORDERS]; /* free blocks per order from "N*4kB" (unset when no line) */
	int n_buddy_orders;
	int64_t buddy_total_kib;     /* "= 123kB" */
};

struct oom_node {
	int node;
	bool all_unreclaimable_set, all_unreclaimable;
	int64_t kernel_stack_kib, pagetables_kib, shmem_kib, shmem_thp_kib, unevictable_kib;
	int64_t hugepages_total, hugepages_free, hugepages_size_kib; /* the first (default) size */
	int64_t hugetlb_kib;         /* sum over every size: total * size */
};

#define OOM_ZONES_MAX 32
#define OOM_NODES_MAX 16
/* Mem-Info (show_mem / show_free_areas): global counters are PAGES, as printed. */
struct oom_meminfo {
	bool present;               /* a "Mem-Info:" line was seen */
	int64_t active_anon, inactive_anon, isolated_anon;
	int64_t active_file, inactive_file, isolated_file;
	int64_t unevictable, dirty, writeback;
	int64_t slab_reclaimable, slab_unreclaimable;
	int64_t mapped, shmem, pagetables, sec_pagetables, bounce, kernel_misc_reclaimable;
	int64_t free, free_pcp, free_cma;
	int64_t pagecache_pages;    /* "N total pagecache pages" */
	int64_t swap_free_kib, swap_total_kib; /* "Free swap  = NkB", "Total swap = NkB" */
	int64_t swap_cache_pages;   /* "N pages in swap cache" */
	int64_t swap_cache_add, swap_cache_delete, swap_cache_find, swap_cache_find_total;
				    /* "Swap cache stats: add A, delete D, find F/T" (up to 6.x) */
	int64_t pages_ram, pages_highmem, pages_reserved, pages_cma_reserved, pages_hwpoisoned;
	int64_t page_size_kib;       /* smallest buddy block size ("4kB"); unset when no buddy line */
	struct oom_zone zones[OOM_ZONES_MAX];
	size_t n_zones;
	struct oom_node nodes[OOM_NODES_MAX];
	size_t n_nodes;
};

/* "Unreclaimable slab info:" (4.15+), largest caches first. */
#define OOM_SLABS_MAX 16
struct oom_slab {
	char name[32];
	int64_t used_kib, total_kib;
};

/* Task table (dump_tasks).  Only the OOM_TASKS_MAX largest rows by rss are kept, and one
 * aggregate per process name: a working table of OOM_TASK_GROUPS_WORK names where a new name
 * pushes the smallest (by rss + swap) into "(all others)", then at the end the
 * OOM_TASK_GROUPS_MAX largest names plus the victim's and the trigger's, so a report with 100k
 * tasks stays small and the culprit is never hidden.  Values as printed: total_vm/rss/rss_* and
 * swapents in pages, pgtables in bytes (nr_ptes/nr_pmds converted). */
#define OOM_TASKS_MAX 32
#define OOM_TASK_GROUPS_MAX 32
#define OOM_TASK_GROUPS_WORK 512
struct oom_task {
	int64_t pid, uid, tgid;
	int64_t total_vm, rss, rss_anon, rss_file, rss_shmem; /* pages */
	int64_t pgtables_bytes, swapents, oom_score_adj;
	char name[OOM_COMM_MAX];
};
struct oom_task_group {          /* every row with this name; name "" = "(all others)", last */
	char name[OOM_COMM_MAX];
	uint64_t count;
	int64_t rss, rss_anon, swapents; /* pages; rss_anon unset on kernels before 6.8 */
	bool victim, trigger;       /* the victim's / the trigger's name */
	bool partial;               /* some rows of this name may be counted in "(all others)" */
};
struct oom_task_table {
	bool present;               /* a header line was seen */
	bool has_rss_split;         /* 6.8+ rss_anon/rss_file/rss_shmem columns */
	uint64_t n_rows;            /* rows seen (all of them, not only the kept ones) */
	int64_t sum_rss, sum_rss_anon, sum_swapents; /* pages, over all rows */
	struct oom_task *top;       /* n_top rows, largest rss first */
	size_t n_top;
	struct oom_task_group *groups; /* n_groups, largest rss + swap first, "(all others)" last */
	size_t n_groups;
};

struct oom_event {
	char id[OOM_ID_LEN + 1];    /* stable hex id for `explain ID` (from time + kind + victim) */
	enum oom_kind kind;
	bool incomplete;            /* cut off / lines lost: some fields are missing */
	bool kernel_proven;         /* every line came from a source proving kernel origin */
	enum log_origin origin;     /* of the first line */
	char host[64];              /* "" when unknown */
	char source[OOM_PATH_MAX];  /* file name / "/dev/kmsg" / "journal" of the first line */
	uint64_t first_line, last_line; /* line numbers in a file, 0 otherwise */
	int64_t realtime_us;        /* wall clock of the first line, or LOG_TIME_UNKNOWN */
	int64_t monotonic_us;       /* kernel timestamp of the first line, or LOG_TIME_UNKNOWN */
	unsigned n_lines;           /* log records that belonged to this report */

	enum oom_constraint constraint;
	bool global_oom;            /* ",global_oom" in the summary line */
	bool allocating_task;       /* "Out of memory (oom_kill_allocating_task)" */
	bool oom_group;             /* "... due to memory.oom.group set" */
	bool sysrq;                 /* order=-1: manual OOM (SysRq-f) */
	bool panic;                 /* the report ended in a kernel panic */
	char panic_msg[128];        /* "Out of memory: system-wide panic_on_oom is enabled" etc. */
	char summary_task[OOM_COMM_MAX]; /* oom-kill: task= (normally the victim) */
	bool skipped_exiting;       /* "OOM victim N (c) is already exiting. Skip killing the task" */
	char constraint_name[40];   /* the constraint as printed, for OOM_CONSTRAINT_OTHER */
	/* "Kill process A ... or sacrifice child" then "Killed process B": A was selected, B died */
	int64_t selected_pid;
	char selected_comm[OOM_COMM_MAX];
	/* every process killed, each pid once (victim first); n_killed counts past OOM_KILLED_MAX */
	struct oom_killed killed[OOM_KILLED_MAX];
	unsigned n_killed;
	/* who reported the kill: the kernel's report, a userspace killer's record, or both */
	bool from_kernel;
	bool has_userspace;
	struct oom_userspace userspace;
	char also_killer[OOM_KILLER_MAX]; /* a second userspace killer claiming the same kill */
	char unit[128];             /* systemd's unit manager named the unit of a kernel kill */
	struct oom_container container; /* from the victim's cgroup (or OpenVZ's "UB N") */

	struct oom_trigger trigger;
	bool has_victim;
	struct oom_victim victim;
	bool has_memcg;
	struct oom_memcg memcg;
	struct oom_meminfo mem;
	struct oom_slab slabs[OOM_SLABS_MAX];
	size_t n_slabs;
	bool has_slab_info;
	struct oom_task_table tasks;
};

const char *oom_kind_name(enum oom_kind k);             /* "oom-kill", "memcg-oom", ... */
const char *oom_constraint_name(enum oom_constraint c); /* "CONSTRAINT_NONE", ..., "" */
/* The constraint as printed: constraint_name for OOM_CONSTRAINT_OTHER. */
const char *oom_event_constraint(const struct oom_event *ev);
/* Every number of a userspace record "not printed". */
void oom_userspace_clear(struct oom_userspace *u);

#endif
