/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rules on memory itself: available memory, the min_free_kbytes watermark, swap, huge pages,
 * shmem/tmpfs, kernel memory (slab, stacks, page tables), unevictable memory, 32-bit lowmem,
 * pressure (PSI) and the kernel's OOM-kill counter.  Sources: Documentation/admin-guide/sysctl/
 * vm.rst, Documentation/filesystems/proc.rst, Documentation/accounting/psi.rst, mm/oom_kill.c. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "lib/audit/min_free.h"
#include "lib/audit/rules.h"

static void rule_mem_available(const struct rule_ctx *c)
{
	const struct meminfo *m = &c->s->mem;
	uint64_t avail = meminfo_available_kib(m);
	double p = audit_pct(avail, m->mem_total);
	char a[32], t[32];

	if (p >= c->t->mem_available_warn_pct)
		return;
	struct finding *f = finding_add(c->out, "mem.available.low",
		p < c->t->mem_available_crit_pct ? SEV_CRIT : SEV_WARN,
		"When MemAvailable runs out the kernel must reclaim, stall or kill; MemFree alone understates what is usable.");
	if (!f)
		return;
	audit_fset(f->title, sizeof(f->title), "only %.1f%% of memory is available", p);
	audit_fset(f->measured, sizeof(f->measured), "MemAvailable=%s of MemTotal=%s (%.1f%%)",
		 audit_kib_human(a, sizeof(a), avail), audit_kib_human(t, sizeof(t), m->mem_total), p);
	audit_fset(f->fix, sizeof(f->fix), "find the largest consumers: oomguard top\n"
		 "limit them (systemctl set-property UNIT MemoryMax=...), add swap or RAM");
	audit_fset(f->step, sizeof(f->step), "oomguard top");
}

/* The kernel's own min_free_kbytes for this machine (see min_free.h). */
static void expected_min_free(const struct audit_snapshot *s, struct min_free_expect *e, bool *exact)
{
	uint64_t managed = 0, free_buffer = 0, pageblock = 512;
	unsigned zones = 0;
	uint64_t pk = s->page_kib ? s->page_kib : 4;

	if (s->thp.pmd_kib)
		pageblock = s->thp.pmd_kib / pk;
	else if (s->mem.hugepagesize)
		pageblock = s->mem.hugepagesize / pk;
	*exact = s->have_zones;
	if (s->have_zones) {
		for (size_t i = 0; i < s->zones.n; i++) {
			const struct zone_info *z = &s->zones.zone[i];
			if (!zone_is_lowmem(z) || !z->present)
				continue;
			zones++;
			managed += z->managed;
			free_buffer += z->managed > z->high ? z->managed - z->high : 0;
		}
	} else {
		managed = free_buffer = s->mem.mem_total / pk;
		zones = 3;
	}
	min_free_expected(managed, pk, s->thp.pmd_enabled, pageblock, zones, e);
	/* khugepaged runs after the watermarks exist, so it sees managed - high */
	if (s->thp.pmd_enabled) {
		uint64_t thp = thp_recommended_min_free_kbytes(pageblock, zones, free_buffer, pk);
		e->thp_kib = thp;
		e->expected_kib = thp > e->kernel_default_kib ? thp : e->kernel_default_kib;
	}
}

static bool min_free_matches_kernel(const struct audit_snapshot *s, uint64_t v, struct min_free_expect *e)
{
	bool exact;
	expected_min_free(s, e, &exact);
	if (min_free_is_kernel_choice(v, e))
		return true;
	if (!exact && s->thp.pmd_enabled) {
		/* without /proc/zoneinfo the number of zones is a guess: try the usual ones */
		uint64_t pk = s->page_kib ? s->page_kib : 4;
		uint64_t pageblock = s->thp.pmd_kib ? s->thp.pmd_kib / pk : 512;
		for (unsigned z = 1; z <= 4; z++) {
			struct min_free_expect alt;
			min_free_expected(s->mem.mem_total / pk, pk, true, pageblock, z, &alt);
			if (min_free_is_kernel_choice(v, &alt))
				return true;
		}
	}
	return false;
}

static void rule_min_free(const struct rule_ctx *c)
{
	const struct audit_snapshot *s = c->s;
	if (!audit_sc_has(s, SC_MIN_FREE_KBYTES) || !s->mem.mem_total)
		return;
	uint64_t v = (uint64_t)audit_sc_val(s, SC_MIN_FREE_KBYTES);
	struct min_free_expect e;
	char a[32], t[32], k[32], origin[400], value[32];

	if (min_free_matches_kernel(s, v, &e))
		return;
	double p = audit_pct(v, s->mem.mem_total);
	bool tuned = s->sc[SC_MIN_FREE_KBYTES].origin == ORIGIN_TUNED;
	audit_fset(value, sizeof(value), "%" PRIu64, e.expected_kib);
	audit_sc_origin_text(origin, sizeof(origin), s, SC_MIN_FREE_KBYTES);

	if (p > c->t->min_free_warn_pct) {
		enum severity sev = p > c->t->min_free_crit_pct ? SEV_CRIT : tuned ? SEV_INFO : SEV_WARN;
		struct finding *f = finding_add(c->out, "vm.min_free_kbytes.high", sev,
			"The kernel keeps this much memory free for emergencies and normal allocations cannot "
			"use it, so the machine runs out of memory (OOM kills) while memory still looks free.");
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "vm.min_free_kbytes reserves %.1f%% of RAM", p);
		audit_fset(f->measured, sizeof(f->measured),
			 "vm.min_free_kbytes=%" PRIu64 " (%s, %.1f%% of %s RAM; %s); the kernel's own value "
			 "here is %" PRIu64 " (%s%s)", v, audit_kib_human(a, sizeof(a), v), p,
			 audit_kib_human(t, sizeof(t), s->mem.mem_total), origin, e.expected_kib,
			 audit_kib_human(k, sizeof(k), e.expected_kib), e.thp_kib >= e.kernel_default_kib ?
			 ", raised by khugepaged for THP" : "");
		audit_fix_sysctl(f, s, SC_MIN_FREE_KBYTES, value);
	} else if (v < 1024 || v * 2 < e.kernel_default_kib) {
		struct finding *f = finding_add(c->out, "vm.min_free_kbytes.low", v < 1024 ? SEV_WARN : SEV_INFO,
			"Atomic allocations (network, drivers) cannot wait for reclaim and fail when the "
			"reserve is too small; below 1024 kB the kernel is prone to deadlock.");
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "vm.min_free_kbytes is below the kernel's default");
		audit_fset(f->measured, sizeof(f->measured), "vm.min_free_kbytes=%" PRIu64 " (%s); the kernel's "
			 "own value here is %" PRIu64, v, origin, e.expected_kib);
		audit_fix_sysctl(f, s, SC_MIN_FREE_KBYTES, value);
	}
}

static void rule_swap(const struct rule_ctx *c)
{
	const struct audit_snapshot *s = c->s;
	char a[32], b[32];

	if (!s->have_mem)
		return;
	if (s->mem.swap_total == 0) {
		struct finding *f = finding_add(c->out, "swap.none", SEV_INFO,
			"Without swap, anonymous memory can never be reclaimed, so a leak goes straight to "
			"an OOM kill with no slow-down to notice it by.");
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "no swap");
		audit_fset(f->measured, sizeof(f->measured), "SwapTotal=0");
		audit_fset(f->fix, sizeof(f->fix),
			 "add a swap file (size to taste):\n"
			 "  fallocate -l 2G /swapfile && chmod 600 /swapfile\n"
			 "  mkswap /swapfile && swapon /swapfile\n"
			 "  echo '/swapfile none swap sw 0 0' >> /etc/fstab\n"
			 "or compressed swap in RAM: zram-tools or systemd-zram-generator");
		audit_fset(f->step, sizeof(f->step), "fallocate -l 2G /swapfile && chmod 600 /swapfile && "
		     "mkswap /swapfile && swapon /swapfile");
		return;
	}
	uint64_t used = s->mem.swap_total - (s->mem.swap_free < s->mem.swap_total ? s->mem.swap_free : s->mem.swap_total);
	double p = audit_pct(used, s->mem.swap_total);
	if (p >= c->t->swap_used_warn_pct) {
		struct finding *f = finding_add(c->out, "swap.nearly_full",
			p >= c->t->swap_used_crit_pct ? SEV_CRIT : SEV_WARN,
			"When swap is full, anonymous memory can no longer be moved out and the next "
			"allocation peak ends in an OOM kill.");
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "swap is %.0f%% used", p);
		audit_fset(f->measured, sizeof(f->measured), "swap used %s of %s (%.1f%%)",
			 audit_kib_human(a, sizeof(a), used), audit_kib_human(b, sizeof(b), s->mem.swap_total), p);
		audit_fset(f->fix, sizeof(f->fix), "find who holds it: oomguard top (the swap column)\n"
			 "add swap (swapon a new file) or reduce the largest consumers%s",
			 s->oom_daemon[0] ? "" : "\nwith swap full the machine thrashes or hangs before the kernel "
			 "kills; an early OOM daemon kills first:\n  systemctl enable --now oomguard");
		audit_fset(f->step, sizeof(f->step), "oomguard top --sort swap");
	}
	if (s->swap_on_zram && audit_sc_has(s, SC_SWAPPINESS) && audit_sc_val(s, SC_SWAPPINESS) <= 100) {
		struct finding *f = finding_add(c->out, "vm.swappiness.zram", SEV_INFO,
			"Swap on zram is compressed RAM and far cheaper than disk, so the kernel should "
			"prefer it over dropping page cache.");
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "swap is on zram but vm.swappiness is %" PRId64,
			 audit_sc_val(s, SC_SWAPPINESS));
		audit_fset(f->measured, sizeof(f->measured), "vm.swappiness=%" PRId64 ", zram swap in use",
			 audit_sc_val(s, SC_SWAPPINESS));
		audit_fix_sysctl(f, s, SC_SWAPPINESS, "180");
	}
}

static void rule_hugetlb(const struct rule_ctx *c)
{
	const struct meminfo *m = &c->s->mem;
	char a[32], b[32];
	if (!m->hugepages_total || !m->mem_total)
		return;
	uint64_t size = m->hugepagesize ? m->hugepagesize : 2048;
	uint64_t pool = m->hugetlb ? m->hugetlb : m->hugepages_total * size;
	uint64_t idle_pages = m->hugepages_free > m->hugepages_rsvd ? m->hugepages_free - m->hugepages_rsvd : 0;
	uint64_t idle = idle_pages * size;
	double pi = audit_pct(idle, m->mem_total), pp = audit_pct(pool, m->mem_total);

	if (pi > c->t->hugetlb_unused_warn_pct || pp > c->t->hugetlb_total_warn_pct) {
		struct finding *f = finding_add(c->out, pi > c->t->hugetlb_unused_warn_pct ?
			"hugetlb.unused" : "hugetlb.large", SEV_WARN,
			"Huge pages in the pool are set aside at all times: nothing else can use them and "
			"they are never swapped, so they shrink the memory every process shares.");
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "%s of huge pages reserved, %s unused",
			 audit_kib_human(a, sizeof(a), pool), audit_kib_human(b, sizeof(b), idle));
		audit_fset(f->measured, sizeof(f->measured), "HugePages_Total=%" PRIu64 " Free=%" PRIu64
			 " Rsvd=%" PRIu64 " Hugepagesize=%" PRIu64 " kB (pool %.1f%% of RAM, unused %.1f%%)",
			 m->hugepages_total, m->hugepages_free, m->hugepages_rsvd, size, pp, pi);
		char value[32];
		audit_fset(value, sizeof(value), "%" PRIu64, m->hugepages_total - idle_pages);
		audit_fix_sysctl(f, c->s, SC_NR_HUGEPAGES, value);
		size_t n = strlen(f->fix);
		audit_fset(f->fix + n, sizeof(f->fix) - n,
			 "\nif the pool comes from the kernel command line (hugepages=), change it in "
			 "/etc/default/grub and run update-grub");
	}
}

static void rule_thp(const struct rule_ctx *c)
{
	const struct thp_state *t = &c->s->thp;
	if (strcmp(t->defrag, "always") == 0) {
		struct finding *f = finding_add(c->out, "thp.defrag_always", SEV_WARN,
			"With defrag=always every page fault that wants a huge page compacts memory "
			"synchronously, which shows as long stalls under memory pressure.");
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "transparent hugepage defrag is 'always'");
		audit_fset(f->measured, sizeof(f->measured), "/sys/kernel/mm/transparent_hugepage/defrag=%s", t->defrag);
		audit_fset(f->fix, sizeof(f->fix),
			 "echo madvise > /sys/kernel/mm/transparent_hugepage/defrag\n"
			 "persist: /etc/tmpfiles.d/oomguard-thp.conf with the line\n"
			 "  w /sys/kernel/mm/transparent_hugepage/defrag - - - - madvise");
		audit_fset(f->step, sizeof(f->step), "echo madvise > /sys/kernel/mm/transparent_hugepage/defrag");
		audit_fset(f->write_path, sizeof(f->write_path), "/etc/tmpfiles.d/oomguard-thp.conf");
		audit_fset(f->write_content, sizeof(f->write_content),
			 "w /sys/kernel/mm/transparent_hugepage/defrag - - - - madvise\n");
		audit_fset(f->after_cmd, sizeof(f->after_cmd),
			 "echo madvise > /sys/kernel/mm/transparent_hugepage/defrag");
	}
	if (strcmp(t->enabled, "always") == 0) {
		struct finding *f = finding_add(c->out, "thp.enabled_always", SEV_INFO,
			"THP for every mapping can bloat sparse heaps (Redis and several databases ask for "
			"madvise or never) and makes khugepaged raise min_free_kbytes.");
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "transparent hugepages are enabled for all memory");
		audit_fset(f->measured, sizeof(f->measured), "/sys/kernel/mm/transparent_hugepage/enabled=%s", t->enabled);
		audit_fset(f->fix, sizeof(f->fix),
			 "only if a service documents it: echo madvise > /sys/kernel/mm/transparent_hugepage/enabled\n"
			 "persist with the kernel parameter transparent_hugepage=madvise (/etc/default/grub)");
	}
}

static void rule_shmem(const struct rule_ctx *c)
{
	const struct audit_snapshot *s = c->s;
	const struct meminfo *m = &s->mem;
	char a[32], b[32];

	if ((m->has & MEMINFO_HAS_SHMEM) && m->mem_total) {
		double p = audit_pct(m->shmem, m->mem_total);
		if (p > c->t->shmem_warn_pct) {
			struct finding *f = finding_add(c->out, "shmem.high",
				p > c->t->shmem_crit_pct ? SEV_CRIT : SEV_WARN,
				"Files in tmpfs and shared memory segments are not freed by killing processes, "
				"so the OOM killer can kill everything and still not recover this memory.");
			if (!f)
				return;
			audit_fset(f->title, sizeof(f->title), "tmpfs and shared memory hold %.0f%% of RAM", p);
			audit_fset(f->measured, sizeof(f->measured), "Shmem=%s of MemTotal=%s (%.1f%%)",
				 audit_kib_human(a, sizeof(a), m->shmem), audit_kib_human(b, sizeof(b), m->mem_total), p);
			audit_fset(f->fix, sizeof(f->fix),
				 "find large tmpfs content: df -h -t tmpfs; du -xsh /dev/shm /run /tmp\n"
				 "System V segments: ipcs -m --human (remove orphans with ipcrm -m ID)\n"
				 "cap a tmpfs: mount -o remount,size=2G /dev/shm (persist in /etc/fstab)");
			audit_fset(f->step, sizeof(f->step), "df -h -t tmpfs; ipcs -m --human");
		}
	}
	uint64_t sum = 0;
	for (size_t i = 0; i < s->n_tmpfs; i++)
		sum += s->tmpfs[i].size_kib;  /* explicit size= only: defaults are half of RAM each */
	if (s->n_tmpfs && m->mem_total && sum > m->mem_total + m->swap_total) {
		struct finding *f = finding_add(c->out, "tmpfs.oversized", SEV_INFO,
			"Together the tmpfs mounts may grow beyond RAM + swap; filling them can leave the "
			"machine with nothing the OOM killer is able to free.");
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "%zu tmpfs mounts may hold more than RAM + swap", s->n_tmpfs);
		audit_fset(f->measured, sizeof(f->measured), "sum of tmpfs size limits %s, RAM + swap %s",
			 audit_kib_human(a, sizeof(a), sum), audit_kib_human(b, sizeof(b), m->mem_total + m->swap_total));
		audit_fset(f->fix, sizeof(f->fix), "give the large ones a size= that fits: "
			 "mount -o remount,size=N MOUNTPOINT, persisted in /etc/fstab");
		audit_fset(f->step, sizeof(f->step), "df -h -t tmpfs");
	}
}

static void rule_kernel_memory(const struct rule_ctx *c)
{
	const struct meminfo *m = &c->s->mem;
	char a[32], b[32];
	if (!m->mem_total)
		return;
	uint64_t lru = m->active + m->inactive + m->unevictable;
	double p = audit_pct(m->sunreclaim, m->mem_total);
	/* mm/oom_kill.c should_dump_unreclaim_slab(): slab outgrew every LRU page together */
	bool kernel_rule = (m->has & MEMINFO_HAS_SRECLAIMABLE) && m->sunreclaim > lru;
	if (kernel_rule || p > c->t->slab_unreclaim_warn_pct) {
		struct finding *f = finding_add(c->out, "slab.unreclaimable",
			kernel_rule ? SEV_CRIT : SEV_WARN,
			"Unreclaimable kernel memory is not returned by killing processes; growth points to a "
			"leak in a driver or the kernel.");
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "unreclaimable slab holds %s (%.0f%% of RAM)",
			 audit_kib_human(a, sizeof(a), m->sunreclaim), p);
		audit_fset(f->measured, sizeof(f->measured), "SUnreclaim=%s, all LRU pages=%s%s",
			 audit_kib_human(a, sizeof(a), m->sunreclaim), audit_kib_human(b, sizeof(b), lru),
			 kernel_rule ? " (more than every LRU page: the kernel's own leak signal)" : "");
		audit_fset(f->fix, sizeof(f->fix), "see which cache grows: slabtop -s c (or sort /proc/slabinfo)\n"
			 "then update or unload the driver or kernel responsible; a reboot frees it for now");
		audit_fset(f->step, sizeof(f->step), "slabtop -o -s c | head -20");
	}
	struct { const char *id, *name; uint64_t kb; double lim; const char *why, *fix, *step; } k[] = {
		{ "kernel_stack.high", "KernelStack", m->kernel_stack, c->t->kernel_stack_warn_pct,
		  "Each thread holds a kernel stack; this much means a thread explosion somewhere.",
		  "count threads per process: ps -eo nlwp,pid,comm --sort=-nlwp | head\n"
		  "cap them: TasksMax= in the unit, or fix the leak",
		  "ps -eo nlwp,pid,comm --sort=-nlwp | head" },
		{ "page_tables.high", "PageTables", m->page_tables, c->t->page_tables_warn_pct,
		  "Page tables are unswappable kernel memory; this much comes from many processes mapping "
		  "large shared memory without huge pages.",
		  "find the processes: ps -eo pid,comm --sort=-rss | head; grep VmPTE /proc/*/status\n"
		  "use huge pages for large shared memory (e.g. PostgreSQL huge_pages=on)",
		  "grep VmPTE /proc/*/status | sort -k2 -n | tail" },
		{ "unevictable.high", "Unevictable", m->unevictable, c->t->unevictable_warn_pct,
		  "Locked memory (mlock, ramfs) cannot be reclaimed or swapped, whatever the pressure.",
		  "find VmLck: grep VmLck /proc/*/status | sort -k2 -n | tail\n"
		  "limit it: LimitMEMLOCK= in the unit",
		  "grep VmLck /proc/*/status | sort -k2 -n | tail" },
	};
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		double q = audit_pct(k[i].kb, m->mem_total);
		if (q <= k[i].lim)
			continue;
		struct finding *f = finding_add(c->out, k[i].id, SEV_WARN, k[i].why);
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "%s is %.1f%% of RAM", k[i].name, q);
		audit_fset(f->measured, sizeof(f->measured), "%s=%s of MemTotal=%s", k[i].name,
			 audit_kib_human(a, sizeof(a), k[i].kb), audit_kib_human(b, sizeof(b), m->mem_total));
		audit_fset(f->fix, sizeof(f->fix), "%s", k[i].fix);
		audit_fset(f->step, sizeof(f->step), "%s", k[i].step);
	}
	if ((m->has & MEMINFO_HAS_LOWMEM) && m->low_total &&
	    audit_pct(m->low_free, m->low_total) < c->t->lowmem_free_warn_pct) {
		struct finding *f = finding_add(c->out, "lowmem.low", SEV_WARN,
			"On 32-bit kernels kernel allocations need low memory; when it runs out the OOM "
			"killer fires while high memory is still free.");
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "low memory is nearly exhausted");
		audit_fset(f->measured, sizeof(f->measured), "LowFree=%" PRIu64 " kB of LowTotal=%" PRIu64 " kB",
			 m->low_free, m->low_total);
		audit_fset(f->fix, sizeof(f->fix), "run a 64-bit kernel");
	}
}

static void rule_psi(const struct rule_ctx *c)
{
	const struct psi *p = &c->s->psi;
	if (!p->present) {
		struct finding *f = finding_add(c->out, "psi.missing", SEV_INFO,
			"Pressure stall information is the earliest sign of thrashing, and userspace OOM "
			"handlers (systemd-oomd, oomguard daemon) rely on it.");
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "memory pressure (PSI) is not available");
		audit_fset(f->measured, sizeof(f->measured), "/proc/pressure/memory is missing");
		audit_fset(f->fix, sizeof(f->fix), "kernel 4.20 or later with CONFIG_PSI; where it is built "
			 "but off (RHEL 8), boot with psi=1 (/etc/default/grub, then update-grub)");
		return;
	}
	bool crit = p->full.present && p->full.avg10 >= c->t->psi_full_avg10_crit;
	bool warn = p->some.avg60 >= c->t->psi_some_avg60_warn ||
		    (p->full.present && p->full.avg10 >= c->t->psi_full_avg10_warn);
	if (!crit && !warn)
		return;
	struct finding *f = finding_add(c->out, "psi.memory.pressure", crit ? SEV_CRIT : SEV_WARN,
		"Tasks are stalled waiting for memory right now: the machine is reclaiming hard or "
		"thrashing, the step before OOM kills.");
	if (!f)
		return;
	audit_fset(f->title, sizeof(f->title), "memory pressure: tasks stall %.0f%% of the time", p->some.avg60);
	audit_fset(f->measured, sizeof(f->measured), "some avg10=%.2f avg60=%.2f; full avg10=%.2f avg60=%.2f",
		 p->some.avg10, p->some.avg60, p->full.avg10, p->full.avg60);
	audit_fset(f->fix, sizeof(f->fix), "find the growing processes: oomguard top\n"
		 "add memory or limits; act early with oomguard daemon or systemd-oomd");
	audit_fset(f->step, sizeof(f->step), "oomguard top");
}

static void rule_oom_counter(const struct rule_ctx *c)
{
	const struct audit_snapshot *s = c->s;
	if (!s->have_vmstat || !(s->vm.has & VMSTAT_HAS_OOM_KILL) || !s->vm.oom_kill)
		return;
	if (s->kills_searched && s->n_kills)
		return;  /* oom.past_kills (rules_processes.c) tells the same with names and causes */
	struct finding *f = finding_add(c->out, "oom.kills_since_boot", SEV_WARN,
		"The kernel already had to kill processes to free memory since this boot; each kill "
		"lost work and can happen again.");
	if (!f)
		return;
	audit_fset(f->title, sizeof(f->title), "%" PRIu64 " OOM kill%s since boot", s->vm.oom_kill,
		 s->vm.oom_kill == 1 ? "" : "s");
	audit_fset(f->measured, sizeof(f->measured), "/proc/vmstat oom_kill=%" PRIu64 " (uptime %.1f days)",
		 s->vm.oom_kill, s->uptime_s / 86400.0);
	audit_fset(f->fix, sizeof(f->fix), "see each kill and its cause: oomguard events --since boot, "
	     "then oomguard explain ID");
	audit_fset(f->step, sizeof(f->step), "oomguard events --since boot");
}

void rules_memory(const struct rule_ctx *c)
{
	if (c->s->have_mem) {
		rule_mem_available(c);
		rule_min_free(c);
		rule_swap(c);
		rule_hugetlb(c);
		rule_shmem(c);
		rule_kernel_memory(c);
	}
	rule_thp(c);
	rule_psi(c);
	rule_oom_counter(c);
}
