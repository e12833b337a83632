/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fragmentation from the per-zone free lists of a report ("Node 0 Normal: 12*4kB 3*8kB ... =
 * 123kB"): the free blocks at or above the requested order, and at or above
 * PAGE_ALLOC_COSTLY_ORDER (3), in the zones the failed allocation could use (watermarks.c). */
#include <stdio.h>
#include <string.h>

#include "lib/oomreport/oom_analysis.h"

const char *oom_frag_verdict_name(enum oom_frag_verdict v)
{
	switch (v) {
	case OOM_FRAG_NO_BLOCK: return "no_block_of_order";
	case OOM_FRAG_HEAVY: return "heavily_fragmented";
	case OOM_FRAG_NONE: return "not_fragmented";
	case OOM_FRAG_UNKNOWN: break;
	}
	return "unknown";
}

static int64_t add_sat(int64_t a, int64_t b)
{
	int64_t r;
	return __builtin_add_overflow(a, b, &r) || r > (INT64_C(1) << 56) ? INT64_C(1) << 56 : r;
}

void oom_fragmentation(const struct oom_event *ev, const struct oom_zone_use *u, struct oom_fragmentation *f)
{
	const struct oom_meminfo *mi = &ev->mem;

	memset(f, 0, sizeof(*f));
	f->order = u->order;
	f->largest_order = -1;
	for (size_t k = 0; k < u->n; k++) {
		const struct oom_zone *z = &mi->zones[u->idx[k]];
		if (z->n_buddy_orders <= 0)
			continue;
		f->n_zones++;
		if (oom_isset(z->buddy_total_kib))
			f->free_list_kib = add_sat(f->free_list_kib, z->buddy_total_kib);
		for (int o = 0; o < z->n_buddy_orders && o < OOM_ORDERS; o++) {
			int64_t n = z->buddy_count[o], kb;
			if (!oom_isset(n) || n <= 0)
				continue;
			if (__builtin_mul_overflow(n, u->page_kib << o, &kb))
				kb = INT64_C(1) << 56;
			if (o > f->largest_order)
				f->largest_order = o;
			if (o >= u->order) {
				f->blocks_at_order = add_sat(f->blocks_at_order, n);
				f->kb_at_order = add_sat(f->kb_at_order, kb);
			}
			if (o >= OOM_COSTLY_ORDER) {
				f->blocks_costly = add_sat(f->blocks_costly, n);
				f->kb_costly = add_sat(f->kb_costly, kb);
			}
		}
	}
	if (f->n_zones == 0) {
		f->verdict = OOM_FRAG_UNKNOWN;
		snprintf(f->text, sizeof(f->text), "%s",
			 ev->kind == OOM_KIND_MEMCG_OOM ? "Not checked: a cgroup's limit decided this kill, not free blocks." :
			 "Not checked: the report has no free-list lines for the zones this allocation could use.");
		return;
	}
	if (u->order > 0 && f->blocks_at_order == 0) {
		f->verdict = OOM_FRAG_NO_BLOCK;
		snprintf(f->text, sizeof(f->text),
			 "No free block of order %lld (%lld kB contiguous) or larger in the zones this allocation "
			 "could use (largest free order %d, %lld kB free in small blocks): fragmentation made the "
			 "request fail.", (long long)u->order, (long long)(u->page_kib << u->order),
			 f->largest_order, (long long)f->free_list_kib);
	} else if (f->blocks_costly == 0) {
		f->verdict = OOM_FRAG_HEAVY;
		snprintf(f->text, sizeof(f->text),
			 "Heavily fragmented: no free block of order %d (%lld kB) or larger in the usable zones, "
			 "so requests of higher order (kernel stacks, huge pages, network buffers) fail%s.",
			 OOM_COSTLY_ORDER, (long long)(u->page_kib << OOM_COSTLY_ORDER),
			 u->order == 0 ? "; this order-0 request did not need one" : "");
	} else {
		f->verdict = OOM_FRAG_NONE;
		snprintf(f->text, sizeof(f->text),
			 "Not heavily fragmented: %lld free block%s of order %d or larger (%lld kB) in the usable "
			 "zones, the largest of order %d.", (long long)f->blocks_costly,
			 f->blocks_costly == 1 ? "" : "s", OOM_COSTLY_ORDER, (long long)f->kb_costly, f->largest_order);
	}
}
