/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/zoneinfo as a list of zones: which zones are populated and their managed pages and
 * watermarks, so the kernel's own min_free_kbytes default can be recomputed (lib/audit/min_free). */
#ifndef OOMGUARD_ZONEINFO_H
#define OOMGUARD_ZONEINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ZONEINFO_MAX_ZONES 64

struct zone_info {
	int node;
	char name[16];                 /* "DMA", "DMA32", "Normal", "HighMem", "Movable", "Device" */
	uint64_t free, min, low, high; /* pages */
	uint64_t spanned, present, managed;
};

struct zoneinfo {
	struct zone_info zone[ZONEINFO_MAX_ZONES];
	size_t n;
	bool truncated;                /* more zones than ZONEINFO_MAX_ZONES */
};

/* Returns the number of zones, or -EINVAL when the text holds no "Node N, zone NAME" header. */
int zoneinfo_parse(const char *text, size_t len, struct zoneinfo *out);
/* Zones the kernel counts as lowmem for GFP_USER (every zone up to Normal; not HighMem,
 * Movable or Device), as mm/page_alloc.c nr_free_zone_pages(gfp_zone(GFP_USER)) does. */
bool zone_is_lowmem(const struct zone_info *z);

#endif
