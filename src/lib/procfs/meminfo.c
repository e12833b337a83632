/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parser for /proc/meminfo (Documentation/filesystems/proc.rst, "meminfo"). */
#include "lib/procfs/meminfo.h"

#include <errno.h>
#include <string.h>
#include "lib/util/numparse.h"
#include "lib/util/textline.h"

struct meminfo_field {
	const char *name;
	size_t offset;
	uint64_t has_bit;
};

#define F(n, m) { n, offsetof(struct meminfo, m), 0 }
#define FH(n, m, b) { n, offsetof(struct meminfo, m), b }
static const struct meminfo_field fields[] = {
	FH("MemTotal", mem_total, MEMINFO_HAS_MEM_TOTAL), F("MemFree", mem_free),
	FH("MemAvailable", mem_available, MEMINFO_HAS_MEM_AVAILABLE),
	F("Buffers", buffers), F("Cached", cached), F("SwapCached", swap_cached),
	F("Active", active), F("Inactive", inactive),
	F("Active(anon)", active_anon), F("Inactive(anon)", inactive_anon),
	F("Active(file)", active_file), F("Inactive(file)", inactive_file),
	F("Unevictable", unevictable), F("Mlocked", mlocked),
	F("SwapTotal", swap_total), F("SwapFree", swap_free), F("Zswap", zswap), F("Zswapped", zswapped),
	F("Dirty", dirty), F("Writeback", writeback), F("AnonPages", anon_pages), F("Mapped", mapped),
	FH("Shmem", shmem, MEMINFO_HAS_SHMEM), F("KReclaimable", kreclaimable), F("Slab", slab),
	FH("SReclaimable", sreclaimable, MEMINFO_HAS_SRECLAIMABLE), F("SUnreclaim", sunreclaim),
	F("KernelStack", kernel_stack), F("PageTables", page_tables), F("SecPageTables", sec_page_tables),
	F("CommitLimit", commit_limit), F("Committed_AS", committed_as), F("VmallocUsed", vmalloc_used),
	F("Percpu", percpu), F("AnonHugePages", anon_huge_pages), F("ShmemHugePages", shmem_huge_pages),
	F("ShmemPmdMapped", shmem_pmd_mapped),
	F("HugePages_Total", hugepages_total), F("HugePages_Free", hugepages_free),
	F("HugePages_Rsvd", hugepages_rsvd), F("HugePages_Surp", hugepages_surp),
	F("Hugepagesize", hugepagesize), FH("Hugetlb", hugetlb, MEMINFO_HAS_HUGETLB),
	FH("LowTotal", low_total, MEMINFO_HAS_LOWMEM), F("LowFree", low_free),
	F("HighTotal", high_total), F("HighFree", high_free),
};
#undef F
#undef FH

int meminfo_parse(const char *text, size_t len, struct meminfo *out)
{
	const char *p = text, *end = text + len;

	memset(out, 0, sizeof(*out));
	const char *line, *eol;
	while (textline_next(&p, end, &line, &eol)) {
		const char *colon = memchr(line, ':', (size_t)(eol - line));
		if (colon) {
			size_t klen = (size_t)(colon - line);
			for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
				if (strlen(fields[i].name) != klen || memcmp(fields[i].name, line, klen) != 0)
					continue;
				const char *v = colon + 1;
				while (v < eol && (*v == ' ' || *v == '\t'))
					v++;
				uint64_t val;
				if (numparse_scan_u64(v, eol, &val, NULL) == 0) {
					*(uint64_t *)((char *)out + fields[i].offset) = val;
					out->has |= fields[i].has_bit;
				}
				break;
			}
		}
	}
	return (out->has & MEMINFO_HAS_MEM_TOTAL) ? 0 : -EINVAL;
}

uint64_t meminfo_available_kib(const struct meminfo *mi)
{
	if (mi->has & MEMINFO_HAS_MEM_AVAILABLE)
		return mi->mem_available;
	/* Pre-3.14 kernels: free + page cache + reclaimable slab is the usual approximation. */
	return mi->mem_free + mi->active_file + mi->inactive_file + mi->sreclaimable;
}
