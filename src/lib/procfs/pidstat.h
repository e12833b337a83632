/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsers for one process's /proc/PID/stat and /proc/PID/status.  The comm in stat is found
 * through the LAST ')' so names like "a b) (c" parse right; names are kept as raw bytes and only
 * escaped when printed (lib/util/safetext.h). */
#ifndef OOMGUARD_PIDSTAT_H
#define OOMGUARD_PIDSTAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PF_KTHREAD_FLAG 0x00200000u  /* include/linux/sched.h PF_KTHREAD */
#define COMM_MAX 64                  /* TASK_COMM_LEN is 16 today; leave room */

struct pid_stat {
	pid_t pid, ppid, pgrp, session;
	char comm[COMM_MAX];
	char state;
	unsigned int flags;
	uint64_t starttime;     /* clock ticks after boot: with pid, identifies one process */
	uint64_t vsize_bytes;
	uint64_t rss_pages;
	int num_threads;
};

struct pid_status {
	uid_t uid;               /* real uid */
	int threads;
	uint64_t vm_rss_kib, rss_anon_kib, rss_file_kib, rss_shmem_kib, vm_swap_kib, vm_pte_kib, vm_lck_kib;
	bool has_rss_split;      /* RssAnon/RssFile/RssShmem present (4.5+) */
	bool kthread;            /* "Kthread: 1" (6.x) */
	bool has_kthread_field;
	bool has_vm_rss;         /* absent for kernel threads and exited (zombie) processes */
	uint64_t voluntary_ctxt_switches;   /* the main thread's sleeps (2.6.23+) */
	bool has_ctxt_switches;             /* that line was there */
};

int pid_stat_parse(const char *text, size_t len, struct pid_stat *out);
int pid_status_parse(const char *text, size_t len, struct pid_status *out);
bool pid_stat_is_kthread(const struct pid_stat *st);

#endif
