/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rules for NUMA machines: a node below its low watermark while another node has plenty free
 * (bound allocations are OOM-killed there with memory free elsewhere), and vm.zone_reclaim_mode.
 * A machine with one memory node gets no finding at all.  Sources: mm/oom_kill.c
 * constrained_alloc() and check_panic_on_oom(), Documentation/admin-guide/sysctl/vm.rst. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "lib/audit/rules.h"

static const struct numa_node_mem *node_mem(const struct audit_snapshot *s, int node)
{
	for (size_t i = 0; i < s->n_nodes; i++)
		if (s->nodes[i].node == node)
			return &s->nodes[i];
	return NULL;
}

/* Nodes that have memory: by their zones, or by their meminfo when zoneinfo was not read. */
static size_t memory_nodes(const struct audit_snapshot *s, size_t from_zones)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n_nodes; i++)
		n += s->nodes[i].total_kib > 0;
	return from_zones > n ? from_zones : n;
}

/* Free memory of a node is compared with the sum of its zones' low watermarks.  The kernel tests
 * each zone with its lowmem_reserve on top, so DMA32 pages kept for DMA32-only allocations make
 * the sum look better than the node is: the rule can miss a dry node, not invent one. */
static void rule_node_low(const struct rule_ctx *c, const struct node_watermarks *w, size_t n)
{
	const struct audit_snapshot *s = c->s;
	uint64_t pk = s->page_kib ? s->page_kib : 4;
	char a[32], b[32], d[32], e[32], r[32];

	for (size_t i = 0; i < n; i++) {
		if (w[i].free > w[i].low)
			continue;
		/* the other node with the most free memory, if it has plenty */
		const struct node_watermarks *rich = NULL;
		for (size_t j = 0; j < n; j++)
			if (j != i && w[j].free > w[j].high &&
			    audit_pct(w[j].free, w[j].managed) >= c->t->numa_other_free_pct &&
			    (!rich || w[j].free > rich->free))
				rich = &w[j];
		if (!rich)
			continue;  /* every node is short: the machine is, and other rules say so */
		/* page cache on the node is what kswapd reclaims next: with plenty of it the node
		 * refills by itself, and only a burst of bound allocations could outrun it */
		const struct numa_node_mem *m = node_mem(s, w[i].node);
		uint64_t cache_kib = m && m->file_kib > m->shmem_kib ? m->file_kib - m->shmem_kib : 0;
		bool refills = m && audit_pct(cache_kib, m->total_kib) >= c->t->numa_cache_info_pct;
		struct finding *f = finding_add(c->out, "numa.node_low", refills ? SEV_INFO : SEV_WARN,
			"Allocations bound to this node (a cpuset's mems, numactl --membind, mbind) are "
			"OOM-killed with memory free on other nodes (CONSTRAINT_CPUSET or "
			"CONSTRAINT_MEMORY_POLICY in the report), and vm.panic_on_oom=1 does not panic for "
			"them.");
		if (!f)
			return;
		audit_fset(f->subject, sizeof(f->subject), "node %d", w[i].node);
		audit_fset(f->title, sizeof(f->title), "NUMA node %d is below its low watermark; node %d has "
			 "%s free", w[i].node, rich->node, audit_kib_human(a, sizeof(a), rich->free * pk));
		char detail[96] = "";
		if (m)
			audit_fset(detail, sizeof(detail), ", page cache %s (less shmem), anon %s",
			     audit_kib_human(d, sizeof(d), cache_kib), audit_kib_human(e, sizeof(e), m->anon_kib));
		size_t len = (size_t)snprintf(f->measured, sizeof(f->measured),
			"node %d: free %s <= low watermark %s (min %s) of %s managed%s; "
			"node %d: free %s (%.0f%%)", w[i].node, audit_kib_human(a, sizeof(a), w[i].free * pk),
			audit_kib_human(b, sizeof(b), w[i].low * pk), audit_kib_human(d, sizeof(d), w[i].min * pk),
			audit_kib_human(e, sizeof(e), w[i].managed * pk), detail, rich->node,
			audit_kib_human(r, sizeof(r), rich->free * pk), audit_pct(rich->free, rich->managed));
		if (len < sizeof(f->measured) && audit_sc_has(s, SC_PANIC_ON_OOM))
			audit_fset(f->measured + len, sizeof(f->measured) - len, ", vm.panic_on_oom=%" PRId64
			     ", vm.zone_reclaim_mode=%" PRId64, audit_sc_val(s, SC_PANIC_ON_OOM),
			     audit_sc_val(s, SC_ZONE_RECLAIM_MODE));
		audit_fset(f->step, sizeof(f->step), "grep -E 'MemFree|FilePages|AnonPages' "
		     "/sys/devices/system/node/node*/meminfo");
		audit_fset(f->fix, sizeof(f->fix), "see what fills the node (numastat -m, package numactl, "
			 "shows the same per node):\n  %s\n"
			 "find processes with a memory policy bound to nodes, and cpusets limited to some:\n"
			 "  grep -l ' bind:' /proc/[0-9]*/numa_maps\n"
			 "  find /sys/fs/cgroup -name cpuset.mems -exec grep -H . {} +\n"
			 "spread them over all nodes: start them with numactl --interleave=all, or widen "
			 "the cpuset's mems (systemd: AllowedMemoryNodes= on the unit)", f->step);
	}
}

static void rule_zone_reclaim(const struct rule_ctx *c, size_t nodes)
{
	const struct audit_snapshot *s = c->s;
	char o[400];
	if (!audit_sc_has(s, SC_ZONE_RECLAIM_MODE) || audit_sc_val(s, SC_ZONE_RECLAIM_MODE) == 0)
		return;
	int64_t mode = audit_sc_val(s, SC_ZONE_RECLAIM_MODE);
	struct finding *f = finding_add(c->out, "vm.zone_reclaim_mode.on", SEV_WARN,
		"With zone reclaim a node reclaims its own page cache (and with bits 2 and 4 writes out "
		"and swaps) before it uses free memory on another node: allocation stalls, and OOM kills "
		"of node-bound work while other nodes have memory to spare.");
	if (!f)
		return;
	audit_fset(f->title, sizeof(f->title), "NUMA zone reclaim is on: nodes reclaim before using "
		 "their neighbours' free memory");
	audit_fset(f->measured, sizeof(f->measured), "vm.zone_reclaim_mode=%" PRId64 " (%s%s%s) (%s), "
		 "%zu memory nodes", mode, mode & 1 ? "1 reclaim the local node first" : "",
		 mode & 2 ? ", 2 write dirty pages out" : "", mode & 4 ? ", 4 swap" : "",
		 audit_sc_origin_text(o, sizeof(o), s, SC_ZONE_RECLAIM_MODE), nodes);
	audit_fix_sysctl(f, s, SC_ZONE_RECLAIM_MODE, "0");
	size_t n = strlen(f->fix);
	audit_fset(f->fix + n, sizeof(f->fix) - n, "\nkeep it only where a workload partitioned by node "
		 "measured a gain from node-local memory (vm.rst); older kernels turned it on by "
		 "themselves on machines with distant nodes, so persist the 0");
}

void rules_numa(const struct rule_ctx *c)
{
	const struct audit_snapshot *s = c->s;
	struct node_watermarks w[AUDIT_NODES_MAX];
	size_t n = s->have_zones ? node_watermarks_sum(&s->zones, w, AUDIT_NODES_MAX) : 0;
	size_t nodes = memory_nodes(s, n);
	if (nodes < 2)
		return;  /* one memory node: nothing NUMA can cause */
	rule_node_low(c, w, n);
	rule_zone_reclaim(c, nodes);
}
