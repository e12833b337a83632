/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel's min_free_kbytes formulas (see min_free.h). */
#include "lib/audit/min_free.h"

uint64_t isqrt_u64(uint64_t x)
{
	uint64_t r = 0, bit = (uint64_t)1 << 62;

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

uint64_t kernel_default_min_free_kbytes(uint64_t lowmem_kib, uint64_t ceil_kib)
{
	uint64_t v = isqrt_u64(lowmem_kib * 16);
	if (v < MIN_FREE_KBYTES_FLOOR)
		v = MIN_FREE_KBYTES_FLOOR;
	if (v > ceil_kib)
		v = ceil_kib;
	return v;
}

uint64_t thp_recommended_min_free_kbytes(uint64_t pageblock_pages, unsigned nr_lowmem_zones,
					 uint64_t lowmem_pages, uint64_t page_kib)
{
	uint64_t rec = pageblock_pages * nr_lowmem_zones * 2;
	rec += pageblock_pages * nr_lowmem_zones * MIGRATE_PCPTYPES * MIGRATE_PCPTYPES;
	if (rec > lowmem_pages / 20)
		rec = lowmem_pages / 20;
	return rec * page_kib;
}

void min_free_expected(uint64_t lowmem_pages, uint64_t page_kib, bool thp_enabled,
		       uint64_t pageblock_pages, unsigned nr_lowmem_zones, struct min_free_expect *out)
{
	out->kernel_default_kib = kernel_default_min_free_kbytes(lowmem_pages * page_kib,
								 MIN_FREE_KBYTES_CEIL);
	out->thp_kib = thp_enabled ? thp_recommended_min_free_kbytes(pageblock_pages, nr_lowmem_zones,
								    lowmem_pages, page_kib) : 0;
	out->expected_kib = out->thp_kib > out->kernel_default_kib ? out->thp_kib : out->kernel_default_kib;
}

static bool near(uint64_t a, uint64_t b)
{
	uint64_t d = a > b ? a - b : b - a;
	return d * 100 <= b;
}

bool min_free_is_kernel_choice(uint64_t value_kib, const struct min_free_expect *e)
{
	if (near(value_kib, e->expected_kib) || (e->thp_kib && near(value_kib, e->thp_kib)))
		return true;
	/* before 5.7 the boot default was capped at 64 MiB */
	if (e->kernel_default_kib > MIN_FREE_KBYTES_CEIL_OLD && value_kib == MIN_FREE_KBYTES_CEIL_OLD &&
	    (!e->thp_kib || e->thp_kib <= MIN_FREE_KBYTES_CEIL_OLD))
		return true;
	return false;
}
