/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel's own value of vm.min_free_kbytes, recomputed so `check` never flags what the kernel
 * chose itself: mm/page_alloc.c calculate_min_free_kbytes() and, when transparent hugepages are
 * enabled, mm/khugepaged.c set_recommended_min_free_kbytes(). */
#ifndef OOMGUARD_MIN_FREE_H
#define OOMGUARD_MIN_FREE_H

#include <stdbool.h>
#include <stdint.h>

#define MIN_FREE_KBYTES_FLOOR 128
#define MIN_FREE_KBYTES_CEIL 262144      /* 65536 before Linux 5.7 */
#define MIN_FREE_KBYTES_CEIL_OLD 65536
#define MIGRATE_PCPTYPES 3               /* unmovable, movable, reclaimable */

/* Largest r with r*r <= x (the kernel's int_sqrt). */
uint64_t isqrt_u64(uint64_t x);
/* clamp(int_sqrt(lowmem_kib * 16), 128, ceil_kib). */
uint64_t kernel_default_min_free_kbytes(uint64_t lowmem_kib, uint64_t ceil_kib);
/* khugepaged's recommendation: pageblock * zones * (2 + MIGRATE_PCPTYPES^2) pages, at most 5% of
 * lowmem; in kB.  pageblock_pages is 512 on x86-64 (2 MiB / 4 KiB). */
uint64_t thp_recommended_min_free_kbytes(uint64_t pageblock_pages, unsigned nr_lowmem_zones,
					 uint64_t lowmem_pages, uint64_t page_kib);

struct min_free_expect {
	uint64_t kernel_default_kib;  /* what the kernel sets at boot */
	uint64_t thp_kib;             /* khugepaged's raise, 0 when THP is off */
	uint64_t expected_kib;        /* max of the two: what an untouched machine shows */
};

void min_free_expected(uint64_t lowmem_pages, uint64_t page_kib, bool thp_enabled,
		       uint64_t pageblock_pages, unsigned nr_lowmem_zones, struct min_free_expect *out);
/* True when value is the kernel's own choice (within 1%, since lowmem moves a little with
 * watermarks and hotplug), under either the current or the pre-5.7 ceiling. */
bool min_free_is_kernel_choice(uint64_t value_kib, const struct min_free_expect *e);

#endif
