/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a diagnosis of one OOM event is (lib/oomreport/diagnose fills it): the cause, the
 * confidence, the verdict with its evidence and next steps, and where the memory was. */
#ifndef OOMGUARD_OOM_DIAGNOSIS_H
#define OOMGUARD_OOM_DIAGNOSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum oom_cause {
	OOM_CAUSE_UNKNOWN = 0,
	OOM_CAUSE_SINGLE_PROCESS,   /* (a) one process holds most of the memory */
	OOM_CAUSE_MANY_PROCESSES,   /* (b) many processes together, none dominant */
	OOM_CAUSE_KERNEL_MEMORY,    /* (c) slab / page tables / unaccounted kernel memory */
	OOM_CAUSE_SHMEM,            /* (d) shmem / tmpfs that killing cannot free */
	OOM_CAUSE_HUGETLB,          /* (e) a large HugeTLB pool */
	OOM_CAUSE_MEMCG_LIMIT,      /* (f) a memory cgroup's limit */
	OOM_CAUSE_FRAGMENTATION,    /* (g) no free block of the requested order */
	OOM_CAUSE_WATERMARKS,       /* (h) free memory held back by high watermarks */
	OOM_CAUSE_LOWMEM,           /* (i) 32-bit lowmem exhausted while highmem is free */
	OOM_CAUSE_CONSTRAINED,      /* cpuset / mempolicy nodes full, other nodes may be free */
	OOM_CAUSE_NO_KILLABLE,      /* every candidate is protected (oom_score_adj -1000) */
	OOM_CAUSE_SYSRQ,            /* manual OOM kill (SysRq-f), not a shortage */
};

enum oom_confidence { OOM_CONF_LOW, OOM_CONF_MEDIUM, OOM_CONF_HIGH };

/* Where the memory was, in kB, for the bar chart of `explain`.  Unset parts are OOM_UNSET. */
struct oom_breakdown {
	int64_t total_kib;           /* RAM (pages RAM), or the memcg limit for memcg OOMs */
	int64_t anon_kib, file_kib, shmem_kib, slab_kib, pagetables_kib, kernel_stack_kib, hugetlb_kib;
	int64_t free_kib, unaccounted_kib;
	bool memcg;                 /* the parts describe the cgroup, not the machine */
};

/* The next step when swap ran full or the machine hung before the kill: an early OOM daemon
 * (oomguard's own; dist/oomguard.service), acting while the machine still responds. */
#define OOM_STEP_EARLY_DAEMON \
	"run an early OOM daemon that kills before the machine thrashes or hangs: systemctl enable --now oomguard"
#define OOM_DIAG_LINES 10
#define OOM_DIAG_LINE_MAX 240
struct oom_diagnosis {
	enum oom_cause cause;
	enum oom_confidence confidence;
	char verdict[OOM_DIAG_LINE_MAX];              /* one sentence, names included */
	char evidence[OOM_DIAG_LINES][OOM_DIAG_LINE_MAX];
	size_t n_evidence;
	char next_steps[OOM_DIAG_LINES][OOM_DIAG_LINE_MAX];
	size_t n_next_steps;
	struct oom_breakdown mem;
};

#endif
