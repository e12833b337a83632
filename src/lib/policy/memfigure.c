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
	return scan_u64(last, eol, out, &next);
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

uint64_t zoneinfo_pcp_pages(const char *text, size_t len, size_t *used)
{
	const char *p = text, *end = text + len;
	uint64_t sum = 0;

	*used = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		const char *q = p;
		while (q < nl && (*q == ' ' || *q == '\t'))
			q++;
		uint64_t v;
		const char *next;
		if ((size_t)(nl - q) > 6 && memcmp(q, "count:", 6) == 0) {
			q += 6;
			while (q < nl && (*q == ' ' || *q == '\t'))
				q++;
			if (scan_u64(q, nl, &v, &next) == 0)
				sum += v;
		}
		p = nl + 1;
		*used = (size_t)(p - text);
	}
	return sum;
}

/* Since Linux 6.7 the per-CPU page lists (struct per_cpu_pages, mm/page_alloc.c) are sized
 * automatically and can hold over a gigabyte per CPU: a bulk refill (rmqueue_bulk) moves
 * pages from the buddy free lists, and NR_FREE_PAGES with them, so MemFree and MemAvailable
 * (si_mem_available(), counted from NR_FREE_PAGES) fall at once although the pages are still
 * free.  An allocation takes them before reclaim, and the allocator drains every CPU's list
 * (drain_all_pages() in __alloc_pages_direct_reclaim) before it gives up, so they are
 * available memory; counting them keeps a bulk refill from looking like a fill and a kill.
 * The counts are the `count:` lines of /proc/zoneinfo (Documentation/filesystems/proc.rst). */
void memfigure_system(const struct meminfo *mi, uint64_t arc_reclaimable_kib, uint64_t pcp_free_kib,
		      struct mem_sample *out)
{
	memset(out, 0, sizeof(*out));
	out->avail_kib = meminfo_available_kb(mi) + arc_reclaimable_kib + pcp_free_kib;
	out->total_kib = out->avail_kib + mi->anon_pages;
	if (out->total_kib > mi->mem_total + arc_reclaimable_kib || mi->anon_pages == 0)
		out->total_kib = mi->mem_total;
	if (out->avail_kib > out->total_kib)
		out->avail_kib = out->total_kib;
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
