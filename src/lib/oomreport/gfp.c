/* SPDX-License-Identifier: GPL-2.0-or-later */
/* GFP flag tables by kernel era (see gfp.h).  Bit values are from include/linux/gfp.h (and
 * gfp_types.h) of the kernels named; composites are tried first, as the kernel's %pGg does. */
#include <stdio.h>
#include <string.h>

#include "lib/oomreport/gfp.h"

struct gfp_name {
	uint64_t bits;
	const char *name;
};

/* 2.6 - 4.3: __GFP_WAIT era.  Three layouts share it:
 *  - up to 2.6.15 there is no __GFP_HARDWALL: GFP_HIGHUSER is WAIT|IO|FS|HIGHMEM (0xd2), so the
 *    common 0x1d2 is GFP_HIGHUSER|__GFP_COLD, a page-cache page (page_cache_alloc_cold);
 *  - 2.6.23 - 2.6.30 keep __GFP_MOVABLE at 0x100000 (GFP_HIGHUSER_MOVABLE = 0x1200d2);
 *  - 2.6.31 moves __GFP_MOVABLE to 0x08; 3.8 - 3.14 reuse 0x100000 as __GFP_KMEMCG.
 * A __GFP_HIGHMEM page never holds kernel objects of the direct map, so WAIT|IO|FS|HIGHMEM is
 * named GFP_HIGHUSER in every layout (from 2.6.16 vmalloc pages use that mask too). */
static const struct gfp_name era_wait[] = {
	{ 0x1200d2, "GFP_HIGHUSER_MOVABLE" }, { 0x200da, "GFP_HIGHUSER_MOVABLE" },
	{ 0x200d2, "GFP_HIGHUSER" }, { 0x800d0, "GFP_TEMPORARY" }, { 0x200d0, "GFP_USER" },
	{ 0xd2, "GFP_HIGHUSER" }, { 0xd0, "GFP_KERNEL" }, { 0x50, "GFP_NOFS" }, { 0x10, "GFP_NOIO" },
	{ 0x20, "GFP_ATOMIC" },
	{ 0x01, "__GFP_DMA" }, { 0x02, "__GFP_HIGHMEM" }, { 0x04, "__GFP_DMA32" },
	{ 0x08, "__GFP_MOVABLE" }, { 0x10, "__GFP_WAIT" }, { 0x20, "__GFP_HIGH" }, { 0x40, "__GFP_IO" },
	{ 0x80, "__GFP_FS" }, { 0x100, "__GFP_COLD" }, { 0x200, "__GFP_NOWARN" },
	{ 0x400, "__GFP_REPEAT" }, { 0x800, "__GFP_NOFAIL" }, { 0x1000, "__GFP_NORETRY" },
	{ 0x2000, "__GFP_MEMALLOC" }, { 0x4000, "__GFP_COMP" }, { 0x8000, "__GFP_ZERO" },
	{ 0x10000, "__GFP_NOMEMALLOC" }, { 0x20000, "__GFP_HARDWALL" }, { 0x40000, "__GFP_THISNODE" },
	{ 0x80000, "__GFP_RECLAIMABLE" }, { 0x100000, "__GFP_KMEMCG" }, { 0x200000, "__GFP_NOTRACK" },
	{ 0x400000, "__GFP_NO_KSWAPD" }, { 0x800000, "__GFP_OTHER_NODE" }, { 0x1000000, "__GFP_WRITE" },
};

/* 4.4 - 4.5: __GFP_DIRECT_RECLAIM / __GFP_KSWAPD_RECLAIM era (names printed from 4.6) */
static const struct gfp_name era_reclaim[] = {
	{ 0x24200ca, "GFP_HIGHUSER_MOVABLE" }, { 0x24200c2, "GFP_HIGHUSER" },
	{ 0x24000d0, "GFP_TEMPORARY" }, { 0x24200c0, "GFP_USER" }, { 0x24000c0, "GFP_KERNEL" },
	{ 0x2400040, "GFP_NOFS" }, { 0x2080020, "GFP_ATOMIC" }, { 0x2400000, "GFP_NOIO" },
	{ 0x2000000, "GFP_NOWAIT" },
	{ 0x01, "__GFP_DMA" }, { 0x02, "__GFP_HIGHMEM" }, { 0x04, "__GFP_DMA32" },
	{ 0x08, "__GFP_MOVABLE" }, { 0x10, "__GFP_RECLAIMABLE" }, { 0x20, "__GFP_HIGH" },
	{ 0x40, "__GFP_IO" }, { 0x80, "__GFP_FS" }, { 0x100, "__GFP_COLD" }, { 0x200, "__GFP_NOWARN" },
	{ 0x400, "__GFP_REPEAT" }, { 0x800, "__GFP_NOFAIL" }, { 0x1000, "__GFP_NORETRY" },
	{ 0x2000, "__GFP_MEMALLOC" }, { 0x4000, "__GFP_COMP" }, { 0x8000, "__GFP_ZERO" },
	{ 0x10000, "__GFP_NOMEMALLOC" }, { 0x20000, "__GFP_HARDWALL" }, { 0x40000, "__GFP_THISNODE" },
	{ 0x80000, "__GFP_ATOMIC" }, { 0x100000, "__GFP_ACCOUNT" }, { 0x200000, "__GFP_NOTRACK" },
	{ 0x400000, "__GFP_DIRECT_RECLAIM" }, { 0x800000, "__GFP_OTHER_NODE" },
	{ 0x1000000, "__GFP_WRITE" }, { 0x2000000, "__GFP_KSWAPD_RECLAIM" },
};

#define N_WAIT (sizeof(era_wait) / sizeof(era_wait[0]))
#define N_RECLAIM (sizeof(era_reclaim) / sizeof(era_reclaim[0]))
#define N_COMPOSITE_WAIT 10
#define N_COMPOSITE_RECLAIM 9

static void add_name(char *out, size_t cap, size_t *len, const char *name)
{
	int n = snprintf(out + *len, cap - *len, "%s%s", *len ? "|" : "", name);
	if (n > 0)
		*len = (size_t)n + *len >= cap ? cap - 1 : *len + (size_t)n;
}

bool gfp_decode_legacy(uint64_t mask, char *out, size_t cap)
{
	const struct gfp_name *t;
	size_t n, n_comp, len = 0;
	uint64_t left = mask;
	char hex[24];

	if (cap == 0)
		return false;
	out[0] = '\0';
	if (mask >= 0x4000000) {
		snprintf(out, cap, "undecoded");
		return false;
	}
	/* The 4.4 layout has KSWAPD_RECLAIM at bit 25; transparent hugepage masks of 4.4 clear it but
	 * keep DIRECT_RECLAIM without the old __GFP_WAIT bit. */
	if ((mask & 0x2000000) || ((mask & 0x400000) && !(mask & 0x10))) {
		t = era_reclaim, n = N_RECLAIM, n_comp = N_COMPOSITE_RECLAIM;
	} else {
		t = era_wait, n = N_WAIT, n_comp = N_COMPOSITE_WAIT;
	}
	if (mask == 0) {
		snprintf(out, cap, "GFP_NOWAIT");
		return true;
	}
	for (size_t i = 0; i < n_comp; i++) {
		if ((left & t[i].bits) == t[i].bits) {
			add_name(out, cap, &len, t[i].name);
			left &= ~t[i].bits;
			break;
		}
	}
	for (size_t i = n_comp; i < n && left; i++) {
		if (left & t[i].bits) {
			add_name(out, cap, &len, t[i].name);
			left &= ~t[i].bits;
		}
	}
	if (left) {
		snprintf(hex, sizeof(hex), "%#llx", (unsigned long long)left);
		add_name(out, cap, &len, hex);
	}
	return true;
}

bool gfp_names_can_reclaim_fs(const char *names)
{
	static const char *const fs_ok[] = { "GFP_KERNEL", "GFP_USER", "GFP_HIGHUSER",
		"GFP_HIGHUSER_MOVABLE", "GFP_TEMPORARY", "GFP_KERNEL_ACCOUNT", "GFP_TRANSHUGE" };
	char buf[256];
	char *save = NULL, *tok;

	if (!names || !*names)
		return false;
	snprintf(buf, sizeof(buf), "%s", names);
	for (tok = strtok_r(buf, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
		for (size_t i = 0; i < sizeof(fs_ok) / sizeof(fs_ok[0]); i++)
			if (strcmp(tok, fs_ok[i]) == 0)
				return true;
		if (strcmp(tok, "__GFP_FS") == 0)
			return true;
	}
	return false;
}
