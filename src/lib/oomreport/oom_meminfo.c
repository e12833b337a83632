/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Mem-Info of an OOM report (lib/show_mem.c, mm/show_mem.c, show_free_areas in mm/page_alloc.c):
 * the global counter line in pages and its indented continuation lines, per-node lines, per-zone
 * watermark lines with lowmem_reserve, buddy lists, hugepages, swap totals and page counts; and
 * the "Unreclaimable slab info:" table (mm/slab_common.c).  Fields are matched by name, so the
 * many layout changes across versions only add or drop names. */
#include <string.h>

#include "lib/oomreport/oom_parse.h"

struct field {
	const char *name;
	size_t off;
};

#define MI(f) { #f, offsetof(struct oom_meminfo, f) }
/* global line, in pages; old names (2.6.11-2.6.31) map onto the same fields */
static const struct field global_fields[] = {
	MI(active_anon), MI(inactive_anon), MI(isolated_anon), MI(active_file), MI(inactive_file),
	MI(isolated_file), MI(unevictable), MI(dirty), MI(writeback), MI(slab_reclaimable),
	MI(slab_unreclaimable), MI(mapped), MI(shmem), MI(pagetables), MI(sec_pagetables),
	MI(bounce), MI(kernel_misc_reclaimable), MI(free), MI(free_pcp), MI(free_cma),
	{ "Active_anon", offsetof(struct oom_meminfo, active_anon) },
	{ "Active_file", offsetof(struct oom_meminfo, active_file) },
	{ "Inactive_anon", offsetof(struct oom_meminfo, inactive_anon) },
	{ "Inactive_file", offsetof(struct oom_meminfo, inactive_file) },
	{ "Unevictable", offsetof(struct oom_meminfo, unevictable) },
};

#define ZF(f) { #f, offsetof(struct oom_zone, f##_kib) }
static const struct field zone_fields[] = {
	ZF(free), ZF(min), ZF(low), ZF(high), ZF(boost), ZF(reserved_highatomic), ZF(present),
	ZF(managed), ZF(mlocked), ZF(free_pcp), ZF(free_cma), ZF(kernel_stack), ZF(pagetables),
};

#define NF(f) { #f, offsetof(struct oom_node, f##_kib) }
static const struct field node_fields[] = {
	NF(kernel_stack), NF(pagetables), NF(shmem), NF(unevictable),
	{ "shmem_thp", offsetof(struct oom_node, shmem_thp_kib) },
};

/* Parses "name:value[kB]" tokens of line into base through the table; returns the count set. */
static int parse_fields(const char *line, void *base, const struct field *t, size_t n)
{
	const char *p = line;
	int set = 0;

	while (*p) {
		p = oomtext_skip_ws(p);
		const char *tok = p;
		while (*p && *p != ' ' && *p != ':')
			p++;
		if (*p != ':') {
			while (*p && *p != ' ')
				p++;
			continue;
		}
		size_t klen = (size_t)(p - tok);
		const char *num = p + 1;
		int64_t v;
		if (!oomtext_scan_i64(&num, &v)) {
			p++;
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			if (strlen(t[i].name) == klen && memcmp(t[i].name, tok, klen) == 0) {
				*(int64_t *)((char *)base + t[i].off) = v;
				set++;
				break;
			}
		}
		p = num;
		while (*p && *p != ' ')
			p++;
	}
	return set;
}

static struct oom_node *node_get(struct oom_meminfo *mi, int node)
{
	for (size_t i = 0; i < mi->n_nodes; i++)
		if (mi->nodes[i].node == node)
			return &mi->nodes[i];
	if (mi->n_nodes >= OOM_NODES_MAX)
		return NULL;
	struct oom_node *n = &mi->nodes[mi->n_nodes++];
	memset(n, 0, sizeof(*n));
	n->node = node;
	n->kernel_stack_kib = n->pagetables_kib = n->shmem_kib = n->shmem_thp_kib = OOM_UNSET;
	n->unevictable_kib = n->hugepages_total = n->hugepages_free = n->hugepages_size_kib = OOM_UNSET;
	n->hugetlb_kib = OOM_UNSET;
	return n;
}

static struct oom_zone *zone_get(struct oom_report *r, int node, const char *name, size_t nlen)
{
	struct oom_meminfo *mi = &r->ev->mem;
	char nm[16];

	oomtext_copy(nm, sizeof(nm), name, nlen);
	for (size_t i = 0; i < mi->n_zones; i++)
		if (mi->zones[i].node == node && strcmp(mi->zones[i].name, nm) == 0)
			return &mi->zones[i];
	if (mi->n_zones >= OOM_ZONES_MAX)
		return NULL;
	struct oom_zone *z = &mi->zones[mi->n_zones++];
	memset(z, 0, sizeof(*z));
	z->node = node;
	memcpy(z->name, nm, sizeof(nm));
	int64_t *f[] = { &z->free_kib, &z->min_kib, &z->low_kib, &z->high_kib, &z->boost_kib,
		&z->reserved_highatomic_kib, &z->present_kib, &z->managed_kib, &z->mlocked_kib,
		&z->free_pcp_kib, &z->free_cma_kib, &z->buddy_total_kib, &z->kernel_stack_kib, &z->pagetables_kib };
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		*f[i] = OOM_UNSET;
	for (int i = 0; i < OOM_ORDERS; i++)
		z->buddy_count[i] = OOM_UNSET;
	return z;
}

static bool is_zone_name(const char *s, size_t n)
{
	static const char *const zones[] = { "DMA", "DMA32", "Normal", "HighMem", "Movable", "Device" };
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		if (strlen(zones[i]) == n && memcmp(zones[i], s, n) == 0)
			return true;
	return false;
}

static void all_unreclaimable(struct oom_meminfo *mi, int node, const char *line)
{
	const char *p = strstr(line, "all_unreclaimable? ");
	struct oom_node *n;

	if (!p || !(n = node_get(mi, node)))
		return;
	p += strlen("all_unreclaimable? ");
	n->all_unreclaimable_set = true;
	n->all_unreclaimable = n->all_unreclaimable || oomtext_starts(p, "yes");
}

/* "N*4kB (UME) M*8kB ... = TkB" after "ZONE: " */
static void parse_buddy(struct oom_meminfo *mi, struct oom_zone *z, const char *p)
{
	int order = 0;

	while (*p && order < OOM_ORDERS) {
		int64_t count, size;
		p = oomtext_skip_ws(p);
		if (*p == '=') {
			p++;
			oomtext_scan_i64(&p, &z->buddy_total_kib);
			break;
		}
		if (!oomtext_scan_i64(&p, &count) || *p != '*')
			break;
		p++;
		if (!oomtext_scan_i64(&p, &size) || !oomtext_starts(p, "kB"))
			break;
		p += 2;
		if (order == 0 && (size == 4 || size == 8 || size == 16 || size == 64) &&
		    !oom_isset(mi->page_size_kib))
			mi->page_size_kib = size;
		z->buddy_count[order++] = count;
		p = oomtext_skip_ws(p);
		if (*p == '(') {                  /* migrate types "(UME)" */
			const char *c = strchr(p, ')');
			p = c ? c + 1 : p + strlen(p);
		}
	}
	z->n_buddy_orders = order;
}

/* Lines that begin with "Node N " or a zone name. */
static bool node_or_zone_line(struct oom_report *r, const char *line)
{
	struct oom_meminfo *mi = &r->ev->mem;
	const char *p = line;
	int64_t node = 0;

	if (oomtext_starts(p, "Node ")) {
		p += 5;
		if (!oomtext_scan_i64(&p, &node) || *p != ' ' || node < 0 || node > 65535)
			return false;
		p++;
	}
	const char *name = p;
	while (*p && *p != ' ' && *p != ':')
		p++;
	size_t nlen = (size_t)(p - name);

	if (is_zone_name(name, nlen)) {
		struct oom_zone *z;
		if (oomtext_starts(p, ": ")) {                          /* buddy list */
			if (!(z = zone_get(r, (int)node, name, nlen)))
				return true;
			parse_buddy(mi, z, p + 2);
			return true;
		}
		if (oomtext_starts(p, " free:")) {                      /* watermark line */
			if (!(z = zone_get(r, (int)node, name, nlen)))
				return true;
			parse_fields(p, z, zone_fields, sizeof(zone_fields) / sizeof(zone_fields[0]));
			r->cur_zone = (int)(z - mi->zones);
			all_unreclaimable(mi, (int)node, p);
			return true;
		}
		return oomtext_starts(p, " per-cpu:");               /* 2.6 pcp dump: part, no data */
	}
	if (name == line)                                           /* no "Node N" prefix */
		return false;
	if (oomtext_starts(name, "hugepages_total=")) {
		struct oom_node *n = node_get(mi, (int)node);
		int64_t total = 0, free = 0, size = 0;
		if (!n)
			return true;
		oomtext_find_num(name, "hugepages_total=", &total);
		oomtext_find_num(name, "hugepages_free=", &free);
		oomtext_find_num(name, "hugepages_size=", &size);
		if (!oom_isset(n->hugepages_size_kib) || (n->hugepages_total <= 0 && total > 0)) {
			n->hugepages_total = total;
			n->hugepages_free = free;
			n->hugepages_size_kib = size;
		}
		int64_t kb;
		if (__builtin_mul_overflow(total, size, &kb))
			kb = OOM_SUM_MAX;
		n->hugetlb_kib = oomtext_sum_sat(oom_isset(n->hugetlb_kib) ? n->hugetlb_kib : 0, kb);
		return true;
	}
	if (strstr(name, "active_anon:")) {                         /* per-node line, kB */
		struct oom_node *n = node_get(mi, (int)node);
		if (n)
			parse_fields(name, n, node_fields, sizeof(node_fields) / sizeof(node_fields[0]));
		all_unreclaimable(mi, (int)node, name);
		return true;
	}
	return false;
}

static bool page_count_line(struct oom_meminfo *mi, const char *line)
{
	static const struct { const char *suffix; size_t off; } counts[] = {
		{ " total pagecache pages", offsetof(struct oom_meminfo, pagecache_pages) },
		{ " pages RAM", offsetof(struct oom_meminfo, pages_ram) },
		{ " pages of RAM", offsetof(struct oom_meminfo, pages_ram) },
		{ " pages HighMem/MovableOnly", offsetof(struct oom_meminfo, pages_highmem) },
		{ " pages HighMem", offsetof(struct oom_meminfo, pages_highmem) },
		{ " pages of HIGHMEM", offsetof(struct oom_meminfo, pages_highmem) },
		{ " pages reserved", offsetof(struct oom_meminfo, pages_reserved) },
		{ " reserved pages", offsetof(struct oom_meminfo, pages_reserved) },
		{ " pages cma reserved", offsetof(struct oom_meminfo, pages_cma_reserved) },
		{ " pages hwpoisoned", offsetof(struct oom_meminfo, pages_hwpoisoned) },
		{ " pages in swap cache", offsetof(struct oom_meminfo, swap_cache_pages) },
	};
	const char *p = line;
	int64_t v;

	if (!oomtext_scan_i64(&p, &v))
		return false;
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		if (strcmp(p, counts[i].suffix) == 0) {
			*(int64_t *)((char *)mi + counts[i].off) = v;
			return true;
		}
	}
	/* "N pages shared", ...: part of the report, not kept */
	return oomtext_starts(p, " pages ");
}

bool oom_meminfo_line(struct oom_report *r, const char *line)
{
	struct oom_meminfo *mi = &r->ev->mem;
	const char *s = oomtext_skip_ws(line);

	if (oomtext_starts(line, "Mem-Info:") || oomtext_starts(line, "Mem-info:")) {
		mi->present = true;
		r->sec = SEC_MEMINFO;
		return true;
	}
	if (oomtext_starts(s, "Free swap")) {                 /* "Free swap  = NkB" / "Free swap: NkB" */
		const char *p = s + 9;
		while (*p == ' ' || *p == '=' || *p == ':')
			p++;
		return oomtext_scan_i64(&p, &mi->swap_free_kib);
	}
	if (oomtext_starts(s, "Total swap")) {
		const char *p = s + 10;
		while (*p == ' ' || *p == '=' || *p == ':')
			p++;
		return oomtext_scan_i64(&p, &mi->swap_total_kib);
	}
	if (page_count_line(mi, s))
		return true;
	if (oomtext_starts(s, "Swap cache stats: add ")) {   /* "add A, delete D, find F/T" */
		const char *p = s + 22;
		int64_t add, del, find, total;
		if (!oomtext_scan_i64(&p, &add) || !oomtext_starts(p, ", delete "))
			return true;
		p += 9;
		if (!oomtext_scan_i64(&p, &del) || !oomtext_starts(p, ", find "))
			return true;
		p += 7;
		if (!oomtext_scan_i64(&p, &find) || *p++ != '/' || !oomtext_scan_i64(&p, &total))
			return true;
		mi->swap_cache_add = add;
		mi->swap_cache_delete = del;
		mi->swap_cache_find = find;
		mi->swap_cache_find_total = total;
		return true;
	}
	if (r->sec != SEC_MEMINFO && !mi->present)
		return false;
	if (oomtext_starts(s, "lowmem_reserve[]:")) {
		if (r->cur_zone < 0 || (size_t)r->cur_zone >= mi->n_zones)
			return true;
		struct oom_zone *z = &mi->zones[r->cur_zone];
		const char *p = s + strlen("lowmem_reserve[]:");
		z->n_lowmem_reserve = 0;
		while (z->n_lowmem_reserve < 8 && oomtext_scan_i64(&p, &z->lowmem_reserve[z->n_lowmem_reserve]))
			z->n_lowmem_reserve++;
		return true;
	}
	if (node_or_zone_line(r, s))
		return true;
	if (oomtext_starts(s, "Swap cache stats:"))
		return true;
	if (oomtext_starts(s, "Active:")) {       /* 2.6.11-27: "Active:%lu inactive:%lu ... slab:%lu" */
		static const struct field old[] = {
			{ "Active", offsetof(struct oom_meminfo, active_anon) },
			{ "inactive", offsetof(struct oom_meminfo, inactive_anon) },
			{ "slab", offsetof(struct oom_meminfo, slab_unreclaimable) },
			MI(dirty), MI(writeback), MI(free), MI(mapped), MI(pagetables),
		};
		parse_fields(s, mi, old, sizeof(old) / sizeof(old[0]));
		return true;
	}
	/* the global line and its continuation lines: tokens "name:pages" */
	if (parse_fields(s, mi, global_fields, sizeof(global_fields) / sizeof(global_fields[0])) > 0)
		return true;
	return false;
}

static void slab_keep(struct oom_event *ev, const char *name, size_t nlen, int64_t used,
		      int64_t total)
{
	size_t at = ev->n_slabs;

	if (at >= OOM_SLABS_MAX) {            /* replace the smallest when this one is larger */
		size_t min = 0;
		for (size_t i = 1; i < ev->n_slabs; i++)
			if (ev->slabs[i].total_kib < ev->slabs[min].total_kib)
				min = i;
		if (ev->slabs[min].total_kib >= total)
			return;
		at = min;
	} else {
		ev->n_slabs++;
	}
	oomtext_copy(ev->slabs[at].name, sizeof(ev->slabs[at].name), name, nlen);
	ev->slabs[at].used_kib = used;
	ev->slabs[at].total_kib = total;
}

/* "Name                      Used          Total" then "%-17s %10luKB %10luKB" rows. */
bool oom_slab_line(struct oom_report *r, const char *line)
{
	const char *end = line + strlen(line), *p;
	int64_t used, total;

	if (oomtext_starts(line, "Name ") && strstr(line, "Used") && strstr(line, "Total"))
		return true;
	/* from the right: "<name> <used>KB <total>KB" */
	if (end - line < 6 || strcmp(end - 2, "KB") != 0)
		return false;
	p = end - 2;
	while (p > line && p[-1] >= '0' && p[-1] <= '9')
		p--;
	const char *tnum = p;
	if (!oomtext_scan_i64(&tnum, &total))
		return false;
	while (p > line && p[-1] == ' ')
		p--;
	if (p - line < 3 || strncmp(p - 2, "KB", 2) != 0)
		return false;
	p -= 2;
	while (p > line && p[-1] >= '0' && p[-1] <= '9')
		p--;
	const char *unum = p;
	if (!oomtext_scan_i64(&unum, &used))
		return false;
	while (p > line && p[-1] == ' ')
		p--;
	if (p == line)
		return false;
	slab_keep(r->ev, line, (size_t)(p - line), used, total);
	return true;
}
