/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Everything `check` and `report` judge, gathered once: kernel settings with where each comes
 * from, memory counters, zones, THP, swap, tmpfs, cgroups and a process summary.  The OS layer
 * (os/settings_snapshot.c) fills it; the rules (lib/audit/rules_*.c) only read it, so every rule
 * is tested on hand-made snapshots and fixture trees alike. */
#ifndef OOMGUARD_AUDIT_SNAPSHOT_H
#define OOMGUARD_AUDIT_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "lib/audit/numa.h"
#include "lib/audit/sysctl_conf.h"
#include "lib/procfs/meminfo.h"
#include "lib/procfs/pidstat.h"
#include "lib/procfs/proc_entry.h"
#include "lib/procfs/psi.h"
#include "lib/procfs/vmstat.h"
#include "lib/procfs/zoneinfo.h"

/* The kernel settings the rules read, in /proc/sys order. */
enum sysctl_id {
	SC_MIN_FREE_KBYTES, SC_OVERCOMMIT_MEMORY, SC_OVERCOMMIT_RATIO, SC_OVERCOMMIT_KBYTES,
	SC_ADMIN_RESERVE_KBYTES, SC_USER_RESERVE_KBYTES, SC_PANIC_ON_OOM, SC_OOM_KILL_ALLOCATING_TASK,
	SC_OOM_DUMP_TASKS, SC_SWAPPINESS, SC_WATERMARK_SCALE_FACTOR, SC_VFS_CACHE_PRESSURE,
	SC_ZONE_RECLAIM_MODE, SC_NR_HUGEPAGES, SC_KERNEL_PANIC, SC_THREADS_MAX, SC_PID_MAX,
	SC_OOM_KILL_LEGACY,     /* vm.oom-kill: a switch of some old vendor kernels, 0 = no OOM killer */
	SC_COUNT
};

/* "vm.min_free_kbytes" for an id. */
const char *sysctl_name(enum sysctl_id id);

enum origin_kind {
	ORIGIN_DEFAULT,    /* no file or profile sets it: the kernel's value */
	ORIGIN_FILE,       /* a sysctl.d file or /etc/sysctl.conf sets it (and the value matches) */
	ORIGIN_TUNED,      /* the active tuned profile sets it */
	ORIGIN_RUNTIME,    /* files say something else or nothing matches: set by hand or a program */
};

struct sysctl_value {
	bool present;                   /* the /proc/sys file was read */
	int64_t value;
	enum origin_kind origin;
	char file[SYSCTL_PATH_MAX];     /* last file that sets it ("" if none) */
	unsigned line;
	char file_value[SYSCTL_VALUE_MAX];
	bool file_is_etc;               /* the file is under /etc (the admin's own) */
	char tuned_value[SYSCTL_VALUE_MAX]; /* value from the active tuned profile, "" if none */
};

struct thp_state {
	char enabled[16];               /* "always", "madvise", "never", "" unknown */
	char defrag[24];
	bool pmd_enabled;               /* khugepaged runs (global or the PMD-size control) */
	uint64_t pmd_kib;                /* hpage_pmd_size in kB, 0 unknown */
};

struct tmpfs_mount {
	char path[256];                 /* mount point, raw bytes */
	uint64_t size_kib;               /* size= limit (0 = default half of RAM) */
	uint64_t used_kib;               /* from statvfs on the live system, else 0 */
	bool used_known;
};

struct cgroup_mem {
	char path[256];                 /* relative to the hierarchy root, "/" for the root */
	int version;                    /* 1 or 2: of the hierarchy the entry was read from (on v1,
					 * memory and pids come from two hierarchies, two entries) */
	uint64_t usage, limit;          /* bytes; limit UINT64_MAX when unlimited */
	uint64_t inactive_file;         /* bytes of memory.stat (total_)inactive_file: easily reclaimed */
	bool has_limit;
	uint64_t oom_kill, oom, max_events, high_events, failcnt;
	bool under_oom, oom_kill_disable;
	bool has_pids;
	uint64_t pids_current, pids_max, pids_events_max;  /* pids_max UINT64_MAX = max */
};

struct proc_brief {
	pid_t pid;
	uid_t uid;
	char comm[COMM_MAX];            /* raw bytes */
	char unit[128];                 /* systemd unit or "" */
	int oom_score, oom_score_adj;
	uint64_t rss_kib, swap_kib;
	int threads;
	bool kthread;
};

/* The processes the OOM killer would pick next, in its order (os/victims.h: oom_score, ties by the
 * kernel's exact points), candidates only (not protected, not unkillable), each fully read; v[0]
 * is the one it would kill now.  `check` and `report` both read this, `top` the same ranking. */
#define AUDIT_VICTIMS_MAX 32
struct audit_victims {
	struct proc_entry *v;           /* n entries, owned (their cgroup/unit/cmdline too) */
	size_t n;
	size_t candidates;              /* processes the kernel could pick, in all */
	size_t top_ties;                /* > 1: v[0] is one of this many tied and not told apart */
	uint64_t totalpages;            /* RAM + swap in pages, for oomrank_why() */
	unsigned page_kib;
	unsigned protected_count;       /* oom_score_adj -1000 */
	unsigned unkillable_count;      /* init, exiting */
};

struct uid_tasks {
	uid_t uid;
	uint64_t tasks;                 /* threads of that user */
	int64_t nproc_soft;             /* RLIMIT_NPROC soft limit of one of its processes, -1 unlimited / unknown */
};

struct oom_kill_brief {
	int64_t time_us;                /* wall clock, LOG_TIME_UNKNOWN-like INT64_MIN when unknown */
	pid_t pid;
	char comm[COMM_MAX];            /* raw bytes */
	bool memcg;                     /* a cgroup limit, not the whole machine */
	char verdict[160];              /* one line */
	char id[16];                    /* the event's id, for `oomguard explain ID` */
	char host[64];                  /* as logged, "" when unknown */
	char cgroup[256];               /* memcg kills: the cgroup whose limit was hit, "" unknown */
	uint64_t rss_kib;                /* the victim's anon + file + shmem RSS when killed, 0 unknown */
};

struct audit_snapshot {
	/* what could not be read, for the "as non-root" notes: "<path>: <problem>" */
	char notes[8][160];
	size_t n_notes;
	bool is_root;

	char kernel_release[64];
	uint64_t page_kib;               /* 4 on most machines */
	double uptime_s;

	struct meminfo mem;
	bool have_mem;
	struct vmstat vm;
	bool have_vmstat;
	struct psi psi;                 /* psi.present false when /proc/pressure/memory is missing */
	struct zoneinfo zones;
	bool have_zones;

	/* NUMA nodes that have memory, from /sys/devices/system/node/nodeN/meminfo (none read on
	 * kernels without NUMA support: the zones of /proc/zoneinfo still tell the nodes apart) */
	struct numa_node_mem nodes[AUDIT_NODES_MAX];
	size_t n_nodes;

	/* multi-generational LRU, /sys/kernel/mm/lru_gen (Documentation/admin-guide/mm/multigen_lru.rst) */
	struct {
		bool present;            /* the directory exists: a kernel built with MGLRU */
		unsigned enabled;        /* the "enabled" bit mask; bit 0x1 turns MGLRU on */
		bool ttl_known;
		int64_t min_ttl_ms;      /* 0 = no thrashing protection */
	} mglru;

	/* a userspace OOM killer that runs now (earlyoom, nohang, systemd-oomd, oomd, the oomguard
	 * daemon): its name, "" when none was seen (or processes were not read) */
	char oom_daemon[32];

	struct sysctl_value sc[SC_COUNT];
	char tuned_profile[64];         /* /etc/tuned/active_profile, "" when tuned is not in use */

	struct thp_state thp;
	bool kexec_crash_loaded;        /* kdump is armed */

	uint64_t swap_total_kib, swap_used_kib;
	unsigned swap_devices;
	bool swap_on_zram;
	bool zswap_enabled;

	struct tmpfs_mount *tmpfs;
	size_t n_tmpfs;

	struct cgroup_mem *cgroups;
	size_t n_cgroups;
	bool cgroup_v1, cgroup_v2;      /* which hierarchy accounts memory (both when hybrid) */
	char cgroup_unified_mount[256]; /* where cgroup2 is mounted, "" when it is not */
	char cgroup_pids_v1_mount[256]; /* where the v1 pids hierarchy is mounted, "" when it is not */
	bool cgroups_truncated;

	struct proc_brief *procs;       /* every process (no kernel threads), in the OOM killer's order */
	size_t n_procs;
	struct audit_victims victims;   /* the head of that order, in full */
	bool have_procs;
	unsigned procs_unreadable;
	uint64_t total_tasks;           /* threads of every process */
	struct uid_tasks *uids;
	size_t n_uids;

	struct oom_kill_brief *kills;   /* from kernel logs, oldest first */
	size_t n_kills;
	bool kills_searched;            /* the logs were read (else only the vmstat counter is known) */
	char kills_note[160];           /* e.g. which log sources could not be read */
};

void audit_snapshot_free(struct audit_snapshot *s);
/* Adds "<what>: <problem>" to the notes (kept short; extra notes are dropped). */
void audit_snapshot_note(struct audit_snapshot *s, const char *what, const char *problem);

#endif
