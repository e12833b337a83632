/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Memory figures from raw numbers (see memfigure.h). */
#include "lib/policy/memfigure.h"

#include <errno.h>
#include <string.h>
#include "lib/util/numparse.h"

/* Finds "key" at a line start followed by a blank; returns the rest of the line. */
static const char *find_key(const char *text, size_t len, const char *key, const char **eol)
{
	size_t kl = strlen(key);
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		if ((size_t)(e - p) > kl && memcmp(p, key, kl) == 0 && (p[kl] == ' ' || p[kl] == '\t')) {
			*eol = e;
			return p + kl;
		}
		p = nl ? nl + 1 : end;
	}
	return NULL;
}

static int last_number_on_line(const char *p, const char *eol, uint64_t *out)
{
	const char *last = NULL;
	for (const char *q = p; q < eol; q++)
		if ((*q >= '0' && *q <= '9') && (q == p || q[-1] == ' ' || q[-1] == '\t'))
			last = q;
	if (!last)
		return -EINVAL;
	const char *next;
	return numparse_scan_u64(last, eol, out, &next);
}

int memory_stat_value(const char *text, size_t len, const char *key, uint64_t *out)
{
	const char *eol, *p = find_key(text, len, key, &eol);
	if (!p)
		return -ENOENT;
	return last_number_on_line(p, eol, out);
}

int arcstats_reclaimable_kib(const char *text, size_t len, uint64_t *kib)
{
	/* lines are "name type data", e.g. "size                            4    1073741824" */
	uint64_t size, c_min;
	const char *eol, *p;

	if (!(p = find_key(text, len, "size", &eol)) || last_number_on_line(p, eol, &size) < 0)
		return -ENOENT;
	if (!(p = find_key(text, len, "c_min", &eol)) || last_number_on_line(p, eol, &c_min) < 0)
		return -ENOENT;
	*kib = size > c_min ? (size - c_min) / 1024 : 0;
	return 0;
}

/* Free pages on the per-CPU lists (struct per_cpu_pages, mm/page_alloc.c) are left out, as
 * MemAvailable leaves them out (si_mem_available() counts NR_FREE_PAGES, which a bulk refill,
 * rmqueue_bulk(), lowers).  Since Linux 6.7 the lists size themselves and were measured holding
 * 100-450 MiB during a fill and up to 1.4 GiB after a large exit (bench/daemon-bench.sh, the
 * `count:` lines of /proc/zoneinfo).  Counting them would be more exact, but the levels are
 * MemAvailable levels (earlyoom's -m, what `free` shows): counted, the daemon acted that much
 * below the level the user set.  And the sudden falls of MemAvailable seen on the benchmark
 * machine came with unchanged per-CPU counts, so counting them would not have absorbed those. */
void memfigure_system(const struct meminfo *mi, uint64_t arc_reclaimable_kib, struct mem_sample *out)
{
	memset(out, 0, sizeof(*out));
	out->avail_kib = meminfo_available_kib(mi) + arc_reclaimable_kib;
	out->total_kib = out->avail_kib + mi->anon_pages;
	if (out->total_kib > mi->mem_total + arc_reclaimable_kib || mi->anon_pages == 0)
		out->total_kib = mi->mem_total;
	if (out->avail_kib > out->total_kib)
		out->avail_kib = out->total_kib;
	out->ram_total_kib = mi->mem_total;
	out->swap_total_kib = mi->swap_total;
	out->swap_free_kib = mi->swap_free;
}

void memfigure_cgroup(const struct cgroup_mem *cg, const struct mem_sample *sys, struct mem_sample *out)
{
	*out = *sys;
	out->has_majfault = cg->has_majfault;
	out->majfault = cg->majfault;
	if (cg->limit < CGROUP_UNLIMITED_BYTES) {
		uint64_t limit = cg->limit / 1024, usage = cg->usage / 1024;
		uint64_t room = usage < limit ? limit - usage : 0;
		room += cg->inactive_file / 1024;
		if (room > limit)
			room = limit;
		out->total_kib = limit;
		out->usage_kib = usage;
		out->avail_kib = room < sys->avail_kib ? room : sys->avail_kib;
	}
	if (cg->has_swap_account) {
		/* v1 memsw counts memory + swap: the swap part is what exceeds the usage */
		uint64_t in_swap = cg->v1 ? (cg->swap_usage > cg->usage ? cg->swap_usage - cg->usage : 0)
					  : cg->swap_usage;
		out->swapped_kib = in_swap / 1024;
	}
	if (!cg->has_swap_account || cg->swap_limit >= CGROUP_UNLIMITED_BYTES)
		return;          /* the machine's swap is what the cgroup can use */
	uint64_t total, used;
	if (cg->v1) {
		/* memsw counts memory + swap: the swap part is what exceeds the memory limit/usage */
		total = cg->swap_limit > cg->limit ? (cg->swap_limit - cg->limit) / 1024 : 0;
		used = cg->swap_usage > cg->usage ? (cg->swap_usage - cg->usage) / 1024 : 0;
	} else {
		total = cg->swap_limit / 1024;
		used = cg->swap_usage / 1024;
	}
	if (total > sys->swap_total_kib)
		total = sys->swap_total_kib;
	out->swap_total_kib = total;
	uint64_t free = used < total ? total - used : 0;
	out->swap_free_kib = free < sys->swap_free_kib ? free : sys->swap_free_kib;
}
