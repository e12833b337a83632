/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's pure decision about *whom* to stop: the kernel's own order (badness from RSS,
 * swap and page tables plus oom_score_adj, on the scale of /proc/PID/oom_score) adjusted by the
 * prefer/avoid rules, after removing everything that must never be signalled.  The candidates
 * are filled by the OS layer (os/procscan.c) into a preallocated array; nothing here allocates. */
#ifndef OOMGUARD_VICTIM_H
#define OOMGUARD_VICTIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "lib/policy/daemon_config.h"
#include "lib/procfs/badness.h"
#include "lib/procfs/pidstat.h"

#define CAND_CGROUP_MAX 256
#define CAND_UNIT_MAX 96
#define CAND_USER_MAX 32
#define CAND_CMDLINE_MAX 256

struct candidate {
	pid_t pid, pgrp;
	uint64_t starttime;          /* with pid, the identity checked again before any signal */
	char state;
	bool kthread;
	uid_t uid;
	int oom_score_adj;
	uint64_t rss_kib, swap_kib, pgtables_kib;
	char comm[COMM_MAX];         /* raw bytes */
	char cgroup[CAND_CGROUP_MAX];/* memory cgroup path ("/a/b") */
	char unit[CAND_UNIT_MAX];    /* systemd unit or "" */
	char user[CAND_USER_MAX];    /* user name, or the uid in decimal */
	char cmdline[CAND_CMDLINE_MAX]; /* only filled when a rule needs it */
};

/* A process already signalled that did not go away (D state): skipped from then on. */
struct victim_stuck {
	pid_t pid;
	uint64_t starttime;
};

struct victim_policy {
	const struct daemon_config *cfg;
	pid_t self;
	const char *scope_cgroup;    /* only processes in this cgroup or below; NULL = whole machine */
	uint64_t totalpages;         /* what oom_score_adj scales against: RAM+swap or the cgroup limit */
	uint64_t page_kib;           /* the kernel's page size in KiB (4, 16, 64); 0 is taken as 4 */
	const struct victim_stuck *stuck;
	size_t n_stuck;
};

enum victim_skip {
	SKIP_NONE,
	SKIP_INIT, SKIP_SELF, SKIP_KTHREAD, SKIP_ZOMBIE, SKIP_UNKILLABLE, SKIP_OUT_OF_SCOPE,
	SKIP_IGNORE_RULE, SKIP_ROOT_USER, SKIP_STUCK,
	SKIP_COUNT
};

struct victim_choice {
	size_t index;                /* into the candidate array */
	struct badness badness;      /* per-factor breakdown, in pages */
	int64_t base_score;          /* badness on the oom_score scale (points * 1000 / totalpages) */
	int64_t rule_delta;          /* sum of matching prefer (+) and avoid (-) rules */
	int64_t score;               /* base_score + rule_delta: the ranking key */
	const struct victim_rule *action_rule;  /* RULE_ACTION_CMD to run instead of a kill, or NULL */
	enum kill_scope scope;       /* what to end */
	unsigned eligible;           /* how many candidates could have been chosen */
	unsigned skipped[SKIP_COUNT];
};

/* path == scope, or a descendant of it ("/a" contains "/a/b", not "/ab"); "/" contains all. */
bool cgroup_within(const char *path, const char *scope);
/* Why c may not be chosen (SKIP_NONE when it may).  The scope check comes first: outside the
 * guarded cgroup nothing else is even looked at. */
enum victim_skip victim_excluded(const struct candidate *c, const struct victim_policy *p);
/* Picks the highest-scoring eligible candidate (ties: more RSS, then lower pid).
 * Returns 0, or -ESRCH when none is eligible. */
int victim_choose(const struct candidate *v, size_t n, const struct victim_policy *p,
		  struct victim_choice *out);
/* Scores one candidate (eligible or not) into out; index and counters are left alone. */
void victim_score(const struct candidate *c, const struct victim_policy *p,
		  struct victim_choice *out);
/* The text a rule's field is matched against. */
const char *victim_rule_subject(const struct candidate *c, enum rule_field f);
const char *victim_skip_name(enum victim_skip s);
/* True when any rule matches on f (the scanner reads such fields only when needed). */
bool victim_rules_use(const struct daemon_config *cfg, enum rule_field f);

#endif
