/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/meminfo as a struct: every field the project uses, in kB as the kernel prints it.
 * Pure parser; fields the text lacks stay 0 and their MEMINFO_HAS_* bit stays clear. */
#ifndef OOMGUARD_MEMINFO_H
#define OOMGUARD_MEMINFO_H

#include <stddef.h>
#include <stdint.h>

struct meminfo {
	uint64_t mem_total, mem_free, mem_available, buffers, cached, swap_cached;
	uint64_t active, inactive, active_anon, inactive_anon, active_file, inactive_file;
	uint64_t unevictable, mlocked, swap_total, swap_free, zswap, zswapped, dirty, writeback;
	uint64_t anon_pages, mapped, shmem, kreclaimable, slab, sreclaimable, sunreclaim;
	uint64_t kernel_stack, page_tables, sec_page_tables, commit_limit, committed_as;
	uint64_t vmalloc_used, percpu, anon_huge_pages, shmem_huge_pages, shmem_pmd_mapped;
	uint64_t hugepages_total, hugepages_free, hugepages_rsvd, hugepages_surp, hugepagesize;
	uint64_t hugetlb, low_total, low_free, high_total, high_free;
	uint64_t has;  /* MEMINFO_HAS_* bits for fields whose absence matters */
};

#define MEMINFO_HAS_MEM_AVAILABLE  (1u << 0)  /* kernel >= 3.14 */
#define MEMINFO_HAS_SHMEM          (1u << 1)
#define MEMINFO_HAS_SRECLAIMABLE   (1u << 2)
#define MEMINFO_HAS_HUGETLB        (1u << 3)
#define MEMINFO_HAS_LOWMEM         (1u << 4)  /* 32-bit highmem kernels */
#define MEMINFO_HAS_MEM_TOTAL      (1u << 5)

/* Returns 0, or -EINVAL when MemTotal is missing (not a meminfo file). */
int meminfo_parse(const char *text, size_t len, struct meminfo *out);
/* MemAvailable, or on kernels without it the kernel's own estimate from free + file + reclaimable. */
uint64_t meminfo_available_kib(const struct meminfo *mi);

#endif
