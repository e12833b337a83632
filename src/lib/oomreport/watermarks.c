/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which zones a failed allocation could use, and where their free pages stood against the min,
 * low and high watermarks with the lowmem_reserve kept back for the requested zone: the check
 * of __zone_watermark_ok() in mm/page_alloc.c, replayed on the numbers the report printed. */
#include <stdio.h>
#include <string.h>

#include "lib/oomreport/oom_analysis.h"

/* GFP zone bits, the same in every era (include/linux/gfp.h, gfp_types.h) */
#define GFP_DMA 0x01
#define GFP_HIGHMEM 0x02
#define GFP_DMA32 0x04
#define GFP_MOVABLE 0x08
#define GFP_HIGH 0x20

static const char *const zone_order[] = { "DMA", "DMA32", "Normal", "HighMem", "Movable", "Device" };
#define N_ZONE_NAMES (sizeof(zone_order) / sizeof(zone_order[0]))

static bool zone_printed(const struct oom_meminfo *mi, const char *name)
{
	for (size_t i = 0; i < mi->n_zones; i++)
		if (strcmp(mi->zones[i].name, name) == 0)
			return true;
	return false;
}

/* The kernel's zone list as lowmem_reserve[] indexes it: DMA, DMA32 and HighMem exist when
 * printed (configured zones the machine lacks print as empty lines), Normal and Movable always. */
static int zone_index(const struct oom_meminfo *mi, const char *name)
{
	int idx = 0;
	for (size_t i = 0; i < N_ZONE_NAMES; i++) {
		const char *z = zone_order[i];
		bool exists = strcmp(z, "Normal") == 0 || strcmp(z, "Movable") == 0 || zone_printed(mi, z);
		if (strcmp(z, name) == 0)
			return exists ? idx : -1;
		idx += exists;
	}
	return -1;
}

/* "0-1,3" -> bits; false for "(null)", "" or anything else. */
static bool parse_nodes(const char *s, uint64_t *out)
{
	uint64_t m = 0;
	const char *p = s;

	if (!*p)
		return false;
	while (*p) {
		unsigned a = 0, b;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9' && a < 64)
			a = a * 10 + (unsigned)(*p++ - '0');
		b = a;
		if (*p == '-') {
			p++;
			if (*p < '0' || *p > '9')
				return false;
			b = 0;
			while (*p >= '0' && *p <= '9' && b < 64)
				b = b * 10 + (unsigned)(*p++ - '0');
		}
		if (a > b || b >= 64)
			return false;
		for (unsigned n = a; n <= b; n++)
			m |= UINT64_C(1) << n;
		if (*p == ',')
			p++;
		else if (*p)
			return false;
	}
	*out = m;
	return m != 0;
}

void oom_zone_use(const struct oom_event *ev, struct oom_zone_use *u)
{
	const struct oom_meminfo *mi = &ev->mem;
	const struct oom_trigger *t = &ev->trigger;
	const char *req = "Normal";

	memset(u, 0, sizeof(*u));
	u->page_kib = oom_isset(mi->page_size_kib) && mi->page_size_kib > 0 && mi->page_size_kib <= 65536 ?
		     mi->page_size_kib : 4;
	u->order = oom_isset(t->order) && t->order > 0 ? t->order : 0;
	if (u->order > 20)
		u->order = 20;
	u->zone_from_gfp = oom_isset(t->gfp_mask);
	if (u->zone_from_gfp) {
		int64_t g = t->gfp_mask;
		if (g & GFP_DMA)
			req = "DMA";
		else if (g & GFP_DMA32)
			req = "DMA32";
		else if ((g & GFP_HIGHMEM) && (g & GFP_MOVABLE))
			req = "Movable";
		else if (g & GFP_HIGHMEM)
			req = "HighMem";
		u->high_priority = (g & GFP_HIGH) != 0;
	}
	/* a zone this kernel lacks falls back as GFP_ZONE_TABLE does: to the next lower one */
	if (strcmp(req, "HighMem") == 0 && zone_index(mi, "HighMem") < 0)
		req = "Normal";
	if (strcmp(req, "DMA32") == 0 && zone_index(mi, "DMA32") < 0)
		req = "Normal";
	if (strcmp(req, "DMA") == 0 && zone_index(mi, "DMA") < 0)
		req = "Normal";
	snprintf(u->requested_zone, sizeof(u->requested_zone), "%s", req);
	u->requested_index = zone_index(mi, req);

	uint64_t nm = 0, cs = 0;
	bool has_nm = parse_nodes(t->nodemask, &nm), has_cs = parse_nodes(t->mems_allowed, &cs);
	u->nodes = UINT64_MAX;
	if (has_nm)
		u->nodes &= nm;
	if (has_cs)
		u->nodes &= cs;
	snprintf(u->nodes_from, sizeof(u->nodes_from), "%s",
		 has_nm && has_cs ? "nodemask+cpuset" : has_nm ? "nodemask" : has_cs ? "cpuset" : "all");

	for (size_t i = 0; i < mi->n_zones; i++) {
		const struct oom_zone *z = &mi->zones[i];
		int zi = zone_index(mi, z->name);
		if (zi < 0 || zi > u->requested_index || z->node < 0 || z->node >= 64 ||
		    !(u->nodes & (UINT64_C(1) << z->node)))
			continue;
		if (!oom_isset(z->free_kib) && z->n_buddy_orders == 0)
			continue;
		u->idx[u->n++] = i;
	}
}

static int64_t reserve_kib(const struct oom_zone *z, int idx, int64_t page_kib)
{
	if (z->n_lowmem_reserve <= 0 || idx < 0)
		return 0;
	if (idx >= z->n_lowmem_reserve)
		idx = z->n_lowmem_reserve - 1;
	int64_t r = z->lowmem_reserve[idx], kb;
	if (r <= 0)
		return 0;
	return __builtin_mul_overflow(r, page_kib, &kb) || kb > (INT64_C(1) << 56) ? INT64_C(1) << 56 : kb;
}

const char *oom_wmark_verdict_name(enum oom_wmark_verdict v)
{
	switch (v) {
	case OOM_WMARK_BELOW_MIN: return "below_min";
	case OOM_WMARK_BELOW_LOW: return "below_low";
	case OOM_WMARK_ABOVE: return "above_watermarks";
	case OOM_WMARK_UNKNOWN: break;
	}
	return "unknown";
}

void oom_watermarks(const struct oom_event *ev, const struct oom_zone_use *u, struct oom_watermarks *w)
{
	const struct oom_meminfo *mi = &ev->mem;
	bool any_min = false, any_low = false;
	const struct oom_wmark_zone *above = NULL;

	memset(w, 0, sizeof(*w));
	for (size_t k = 0; k < u->n; k++) {
		const struct oom_zone *z = &mi->zones[u->idx[k]];
		if (!oom_isset(z->free_kib) || !oom_isset(z->min_kib) || !oom_isset(z->low_kib))
			continue;
		struct oom_wmark_zone *o = &w->zones[w->n_zones++];
		o->node = z->node;
		snprintf(o->name, sizeof(o->name), "%s", z->name);
		o->free_kib = z->free_kib;
		o->min_kib = z->min_kib;
		o->low_kib = z->low_kib;
		o->high_kib = z->high_kib;
		o->reserve_kib = reserve_kib(z, u->requested_index, u->page_kib);
		o->min_used_kib = u->high_priority ? z->min_kib - z->min_kib / 2 : z->min_kib;
		o->free_usable_kib = z->free_kib - (((int64_t)1 << u->order) - 1) * u->page_kib;
		bool ok_min = o->free_usable_kib > o->min_used_kib + o->reserve_kib;
		bool ok_low = o->free_usable_kib > o->low_kib + o->reserve_kib;
		bool ok_high = oom_isset(o->high_kib) && o->free_usable_kib > o->high_kib + o->reserve_kib;
		o->level = !ok_min ? "below-min" : !ok_low ? "below-low" : !ok_high ? "below-high" : "above-high";
		any_min |= ok_min;
		any_low |= ok_low;
		if (ok_low && (!above || o->free_usable_kib - o->low_kib - o->reserve_kib >
					 above->free_usable_kib - above->low_kib - above->reserve_kib))
			above = o;                   /* the zone with the most room names the verdict */
	}
	if (w->n_zones == 0) {
		w->verdict = OOM_WMARK_UNKNOWN;
		snprintf(w->text, sizeof(w->text), "%s",
			 ev->kind == OOM_KIND_MEMCG_OOM ?
			 "Not checked: a cgroup's limit, not the machine's zones, decided this kill." :
			 mi->n_zones ? "Not checked: none of the printed zones was usable by this allocation." :
			 "Not checked: the report has no per-zone lines.");
		return;
	}
	if (any_low) {
		w->verdict = OOM_WMARK_ABOVE;
		snprintf(w->text, sizeof(w->text),
			 "Free memory was above the watermarks (Node %d %s: %lld kB free, low %lld kB + reserve %lld kB): "
			 "not a plain shortage of pages; look elsewhere - the request's order and fragmentation, "
			 "a cpuset or mempolicy, a memcg limit%s.",
			 above->node, above->name, (long long)above->free_kib, (long long)above->low_kib,
			 (long long)above->reserve_kib, ev->sysrq ? ", or the SysRq key that asked for the kill" : "");
	} else if (any_min) {
		w->verdict = OOM_WMARK_BELOW_LOW;
		snprintf(w->text, sizeof(w->text),
			 "Free memory was below the low watermark in every zone the allocation could use "
			 "(above min in some): a real shortage; reclaim could not keep up.");
	} else {
		w->verdict = OOM_WMARK_BELOW_MIN;
		snprintf(w->text, sizeof(w->text),
			 "Free memory was at or below the min watermark (plus lowmem_reserve) in every zone the "
			 "allocation could use: a real shortage of memory.");
	}
}
