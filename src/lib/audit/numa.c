/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NUMA node meminfo parsing and per-node watermark sums (see numa.h). */
#include "lib/audit/numa.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "lib/util/numparse.h"

int node_meminfo_parse(const char *text, size_t len, struct numa_node_mem *out)
{
	static const struct { const char *key; size_t off; } keys[] = {
		{ "MemTotal", offsetof(struct numa_node_mem, total_kib) },
		{ "MemFree", offsetof(struct numa_node_mem, free_kib) },
		{ "FilePages", offsetof(struct numa_node_mem, file_kib) },
		{ "AnonPages", offsetof(struct numa_node_mem, anon_kib) },
		{ "Shmem", offsetof(struct numa_node_mem, shmem_kib) },
	};
	bool have_total = false;
	const char *p = text, *end = text + len;

	memset(out, 0, sizeof(*out));
	out->node = -1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		char line[128];
		if (n < sizeof(line)) {
			memcpy(line, p, n);
			line[n] = '\0';
			/* "Node 0 MemTotal:       24684084 kB" */
			int node;
			char key[32], num[32];
			if (sscanf(line, "Node %d %31[^:]: %31s", &node, key, num) == 3 && node >= 0) {
				for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
					uint64_t v;
					if (strcmp(key, keys[i].key) != 0 || numparse_u64(num, &v) < 0)
						continue;
					*(uint64_t *)((char *)out + keys[i].off) = v;
					if (i == 0) {
						have_total = true;
						out->node = node;
					}
				}
			}
		}
		p = nl ? nl + 1 : end;
	}
	return have_total ? 0 : -EINVAL;
}

size_t node_watermarks_sum(const struct zoneinfo *z, struct node_watermarks *out, size_t cap)
{
	size_t n = 0, zones = z->n;
	if (z->truncated && zones) {
		/* the last node's zones may go on beyond the table: leave that node out */
		int last = z->zone[zones - 1].node;
		while (zones && z->zone[zones - 1].node == last)
			zones--;
	}
	for (size_t i = 0; i < zones; i++) {
		const struct zone_info *zi = &z->zone[i];
		if (!zi->managed)
			continue;  /* empty zone (Movable, Device, or a memoryless node) */
		size_t k = 0;
		while (k < n && out[k].node != zi->node)
			k++;
		if (k == n) {
			if (n == cap)
				continue;
			memset(&out[n], 0, sizeof(out[n]));
			out[n++].node = zi->node;
		}
		out[k].free += zi->free;
		out[k].min += zi->min;
		out[k].low += zi->low;
		out[k].high += zi->high;
		out[k].managed += zi->managed;
	}
	return n;
}
