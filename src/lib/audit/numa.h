/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NUMA nodes for `check`: one node's /sys/devices/system/node/nodeN/meminfo ("Node N MemFree:
 * X kB" lines) and each node's free pages and watermarks summed over its zones in /proc/zoneinfo,
 * so a rule can tell a node that ran dry from a machine that did.  Pure: text in, structs out. */
#ifndef OOMGUARD_AUDIT_NUMA_H
#define OOMGUARD_AUDIT_NUMA_H

#include <stddef.h>
#include <stdint.h>
#include "lib/procfs/zoneinfo.h"

#define AUDIT_NODES_MAX 64

/* One node's meminfo, in kB. */
struct numa_node_mem {
	int node;
	uint64_t total_kib, free_kib;
	uint64_t file_kib;            /* FilePages: page cache, with shmem */
	uint64_t shmem_kib;           /* Shmem: tmpfs and shared memory, not reclaimable without swap */
	uint64_t anon_kib;            /* AnonPages */
};

/* Parses a nodeN/meminfo file.  0, or -EINVAL when it has no "Node N MemTotal:" line. */
int node_meminfo_parse(const char *text, size_t len, struct numa_node_mem *out);

/* One node's zones added up, in pages: only populated zones (managed > 0) count. */
struct node_watermarks {
	int node;
	uint64_t free, min, low, high, managed;
};

/* Per-node sums of z, in node order of first appearance; at most cap nodes.  When z was
 * truncated, its last node may lack zones and is left out.  Returns the number of nodes. */
size_t node_watermarks_sum(const struct zoneinfo *z, struct node_watermarks *out, size_t cap);

#endif
