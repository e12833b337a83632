/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Analyses of one OOM report beyond the diagnosis: manual or automatic and its scope, memory in
 * use as a share of RAM (or of the cgroup limit), swap, the watermark check of the zones the
 * failed allocation could use (watermarks.c) and fragmentation of their free lists
 * (fragmentation.c).  Pure: reads a struct oom_event; doc/explain-analyses.md tells the rules. */
#ifndef OOMGUARD_OOM_ANALYSIS_H
#define OOMGUARD_OOM_ANALYSIS_H

#include "lib/oomreport/oom_event.h"
#include "lib/util/json.h"

#define OOM_ANALYSIS_TEXT_MAX 320

/* Zones the failed allocation could use: from the GFP zone bits (highest zone), the allowed
 * nodes (nodemask, cpuset mems_allowed) and the zones the report printed. */
struct oom_zone_use {
	char requested_zone[16];    /* highest zone allowed by the GFP mask ("Normal", "Movable") */
	bool zone_from_gfp;         /* false: no mask printed, Normal assumed */
	int requested_index;        /* its index in lowmem_reserve[] */
	uint64_t nodes;             /* allowed nodes (bit n = node n); all bits: no restriction */
	char nodes_from[16];        /* "all", "nodemask", "cpuset", "nodemask+cpuset" */
	int64_t order;              /* requested order (0 for SysRq's -1) */
	int64_t page_kib;
	bool high_priority;         /* __GFP_HIGH: the min watermark is halved */
	size_t idx[OOM_ZONES_MAX];  /* indexes into ev->mem.zones of the usable zones */
	size_t n;
};

enum oom_wmark_verdict {
	OOM_WMARK_UNKNOWN = 0,      /* no zone lines, or no usable zone */
	OOM_WMARK_BELOW_MIN,        /* every usable zone at or below min (+ reserve): real shortage */
	OOM_WMARK_BELOW_LOW,        /* every usable zone at or below low, some above min */
	OOM_WMARK_ABOVE,            /* a usable zone above its low watermark: look elsewhere */
};

struct oom_wmark_zone {
	int node;
	char name[16];
	int64_t free_kib, min_kib, low_kib, high_kib;
	int64_t reserve_kib;         /* lowmem_reserve[requested zone] x page size */
	int64_t min_used_kib;        /* min as the allocator applied it (halved for __GFP_HIGH) */
	int64_t free_usable_kib;     /* free less the (2^order - 1) pages the check sets aside */
	const char *level;          /* "below-min", "below-low", "below-high", "above-high" */
};

struct oom_watermarks {
	enum oom_wmark_verdict verdict;
	struct oom_wmark_zone zones[OOM_ZONES_MAX];
	size_t n_zones;
	char text[OOM_ANALYSIS_TEXT_MAX];
};

enum oom_frag_verdict {
	OOM_FRAG_UNKNOWN = 0,       /* no free-list lines for the usable zones */
	OOM_FRAG_NO_BLOCK,          /* order > 0 and no free block at or above it */
	OOM_FRAG_HEAVY,             /* no free block of order >= 3 (PAGE_ALLOC_COSTLY_ORDER) */
	OOM_FRAG_NONE,              /* blocks of order >= 3 were free */
};
#define OOM_COSTLY_ORDER 3

struct oom_fragmentation {
	enum oom_frag_verdict verdict;
	int64_t order;              /* requested order */
	int64_t blocks_at_order, kb_at_order;   /* free blocks of order >= requested, in usable zones */
	int64_t blocks_costly, kb_costly;       /* free blocks of order >= 3 */
	int64_t free_list_kib;       /* "= NkB" summed over the usable zones */
	int largest_order;          /* largest order with a free block, -1 none */
	size_t n_zones;             /* usable zones with a free-list line */
	char text[OOM_ANALYSIS_TEXT_MAX];
};

enum oom_cg_swap {
	OOM_CG_SWAP_NA = 0,         /* not a memcg kill */
	OOM_CG_SWAP_UNKNOWN,        /* memcg kill, no swap line for the cgroup */
	OOM_CG_SWAP_LIMITED,        /* v1 memory+swap or v2 swap.max > 0 */
	OOM_CG_SWAP_NONE,           /* v2 swap.max 0, or v1 memory+swap limit == memory limit */
};

struct oom_swap {
	int64_t total_kib, free_kib, used_kib;     /* used = total - free (as /proc/meminfo) */
	int64_t cache_kib;                       /* pages in swap cache x page size */
	int64_t used_without_cache_kib;          /* used - cache */
	bool configured, in_use, full;          /* total > 0; used > 0; free < 1% of total */
	int64_t cache_add, cache_delete, cache_find, cache_find_total; /* "Swap cache stats" */
	enum oom_cg_swap cg;
	int64_t cg_swap_usage_kib, cg_swap_limit_kib;
	char text[OOM_ANALYSIS_TEXT_MAX];
};

struct oom_usage {
	bool memcg;                 /* share of the cgroup limit, not of RAM */
	int64_t total_kib;           /* RAM (pages RAM) or the limit */
	int64_t in_use_kib;          /* RAM - free, or the cgroup's usage */
	double in_use_pct;          /* one decimal; NaN unknown */
	int64_t task_rss_kib;        /* resident memory summed over the task table */
	double task_rss_pct;
	char text[OOM_ANALYSIS_TEXT_MAX];
};

struct oom_mode {
	bool manual;                /* SysRq-f (order=-1) */
	const char *trigger;        /* "manual" | "automatic" */
	const char *scope;          /* "system-wide", "cgroup-local", "cpuset", "mempolicy",
				     * "allocation-failure" (no OOM killer), "unknown" */
	char text[OOM_ANALYSIS_TEXT_MAX];
};

struct oom_analysis {
	struct oom_mode mode;
	struct oom_usage usage;
	struct oom_swap swap;
	struct oom_zone_use use;
	struct oom_watermarks wmark;
	struct oom_fragmentation frag;
};

void oom_analyse(const struct oom_event *ev, struct oom_analysis *out);
/* watermarks.c */
void oom_zone_use(const struct oom_event *ev, struct oom_zone_use *u);
void oom_watermarks(const struct oom_event *ev, const struct oom_zone_use *u, struct oom_watermarks *w);
/* fragmentation.c */
void oom_fragmentation(const struct oom_event *ev, const struct oom_zone_use *u, struct oom_fragmentation *f);

const char *oom_wmark_verdict_name(enum oom_wmark_verdict v);  /* "below_min", ... "unknown" */
const char *oom_frag_verdict_name(enum oom_frag_verdict v);    /* "no_block", ... */
const char *oom_cg_swap_name(enum oom_cg_swap c);              /* "limited", "none", ... */
/* The "analysis" object of explain --json (doc/explain-json.md). */
void oom_analysis_json(struct json *j, const struct oom_analysis *a);

#endif
