/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Machine and cgroup memory readers (see memsource.h).  Every file is read into a stack buffer:
 * this runs on every wake-up, including while memory is nearly gone. */
#include "os/daemon/memsource.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "lib/util/compiler.h"
#include "lib/procfs/psi.h"
#include "lib/util/numparse.h"
#include "os/core/cgroupfs.h"
#include "os/core/sysroot.h"

static int read_u64_file(const char *dir, const char *name, uint64_t *out)
{
	char path[MEMSOURCE_MOUNT_MAX + CAND_CGROUP_MAX + 64], buf[64];   /* a file of ms->dir */
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	ssize_t n = sysroot_read(path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	char *s = numparse_trim_ws(buf);
	if (strcmp(s, "max") == 0) {
		*out = UINT64_MAX;
		return 0;
	}
	return numparse_u64(s, out);
}

static bool file_exists(const char *dir, const char *name)
{
	char path[PATH_MAX], full[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (sysroot_path(full, sizeof(full), path) < 0)
		return false;
	return access(full, F_OK) == 0;
}

/* Strips the mount point when the argument is a directory below it. */
static const char *strip_mount(const char *arg, const char *mnt)
{
	size_t n = strlen(mnt);
	if (n && strncmp(arg, mnt, n) == 0 && (arg[n] == '/' || arg[n] == '\0'))
		return arg[n] ? arg + n : "/";
	return NULL;
}

OG_COLD int memsource_open(struct memsource *ms, const char *cgroup, bool want_psi)
{
	memset(ms, 0, sizeof(*ms));
	ms->want_psi = want_psi;
	long pg = sysconf(_SC_PAGESIZE);
	ms->page_kib = pg > 0 ? (uint64_t)pg / 1024 : 4;
	ms->zfs = file_exists("/proc/spl/kstat/zfs", "arcstats");
	snprintf(ms->pressure, sizeof(ms->pressure), "/proc/pressure/memory");

	struct cgroup_mounts m;
	int r = cgroupfs_discover(&m);
	if (r == 0) {
		ms->v2 = cgroupfs_memory_is_v2(&m);
		snprintf(ms->mount, sizeof(ms->mount), "%s", ms->v2 ? m.unified : m.memory_v1);
	}
	if (!cgroup)
		return 0;
	if (r < 0)
		return r;
	ms->cgroup = true;
	const char *mnt = ms->mount;
	if (!mnt[0])
		return -ENOENT;
	const char *rel = strip_mount(cgroup, mnt);
	if (!rel)
		rel = cgroup;
	int n = snprintf(ms->rel, sizeof(ms->rel), "%s%s", rel[0] == '/' ? "" : "/", rel);
	if (n < 0 || (size_t)n >= sizeof(ms->rel))
		return -ENAMETOOLONG;
	while (n > 1 && ms->rel[n - 1] == '/')
		ms->rel[--n] = '\0';
	if (snprintf(ms->dir, sizeof(ms->dir), "%s%s", mnt, strcmp(ms->rel, "/") ? ms->rel : "")
	    >= (int)sizeof(ms->dir))
		return -ENAMETOOLONG;
	if (!file_exists(ms->dir, ms->v2 ? "memory.current" : "memory.usage_in_bytes"))
		return -ENOENT;
	if (ms->v2 && file_exists(ms->dir, "memory.pressure")) {
		if (snprintf(ms->pressure, sizeof(ms->pressure), "%s/memory.pressure", ms->dir)
		    >= (int)sizeof(ms->pressure))
			return -ENAMETOOLONG;
		ms->own_pressure = true;
	}
	return 0;
}

static void read_psi(const struct memsource *ms, struct mem_sample *s)
{
	char buf[512];
	struct psi p;
	ssize_t n = sysroot_read(ms->pressure, buf, sizeof(buf));
	if (n > 0 && psi_parse(buf, (size_t)n, &p) == 0 && p.full.present) {
		s->psi_present = true;
		s->psi_full_avg10 = p.full.avg10;
		s->psi_full_total_us = p.full.total_us;
		s->psi_shared = ms->cgroup && !ms->own_pressure;
	}
}

/* ZFS's ARC, reclaimable like page cache (0 when unreadable).  A frame of its own, so that
 * machines without ZFS sample with a shallow stack. */
static uint64_t __attribute__((noinline)) zfs_arc_reclaimable_kib(void)
{
	char arcbuf[16384];
	uint64_t arc = 0;
	ssize_t an = sysroot_read("/proc/spl/kstat/zfs/arcstats", arcbuf, sizeof(arcbuf));
	if (an > 0 && arcstats_reclaimable_kib(arcbuf, (size_t)an, &arc) < 0)
		arc = 0;
	return arc;
}

static int read_system(const struct memsource *ms, struct mem_sample *out, char *text, size_t cap)
{
	char own[4096];           /* /proc/meminfo: under 2 KiB; the fields used are in its first lines */
	char *buf = text ? text : own;
	struct meminfo mi;
	uint64_t arc = 0;
	ssize_t n = sysroot_read("/proc/meminfo", buf, text ? cap : sizeof(own));
	if (n < 0)
		return (int)n;
	int r = meminfo_parse(buf, (size_t)n, &mi);
	if (r < 0)
		return r;
	if (ms->zfs)
		arc = zfs_arc_reclaimable_kib();
	memfigure_system(&mi, arc, out);
	return 0;
}

static int read_cgroup(const struct memsource *ms, struct cgroup_mem *cg)
{
	char path[sizeof(ms->dir) + 32], stat[8192];
	int r;

	memset(cg, 0, sizeof(*cg));
	cg->v1 = !ms->v2;
	if (ms->v2) {
		uint64_t high = UINT64_MAX;
		if ((r = read_u64_file(ms->dir, "memory.current", &cg->usage)) < 0)
			return r;
		if ((r = read_u64_file(ms->dir, "memory.max", &cg->limit)) < 0)
			cg->limit = UINT64_MAX;
		/* above memory.high the kernel throttles the cgroup into reclaim: treat it as the limit */
		if (read_u64_file(ms->dir, "memory.high", &high) == 0 && high < cg->limit)
			cg->limit = high;
		cg->has_swap_account = read_u64_file(ms->dir, "memory.swap.current", &cg->swap_usage) == 0 &&
				       read_u64_file(ms->dir, "memory.swap.max", &cg->swap_limit) == 0;
	} else {
		if ((r = read_u64_file(ms->dir, "memory.usage_in_bytes", &cg->usage)) < 0)
			return r;
		if ((r = read_u64_file(ms->dir, "memory.limit_in_bytes", &cg->limit)) < 0)
			return r;
		cg->has_swap_account =
			read_u64_file(ms->dir, "memory.memsw.usage_in_bytes", &cg->swap_usage) == 0 &&
			read_u64_file(ms->dir, "memory.memsw.limit_in_bytes", &cg->swap_limit) == 0;
	}
	if (snprintf(path, sizeof(path), "%s/memory.stat", ms->dir) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	ssize_t n = sysroot_read(path, stat, sizeof(stat));
	if (n > 0 && memory_stat_value(stat, (size_t)n, ms->v2 ? "inactive_file" : "total_inactive_file",
				       &cg->inactive_file) < 0)
		cg->inactive_file = 0;
	/* major faults (swap-ins, page-cache refaults) tie the system's PSI to this cgroup on v1 */
	cg->has_majfault = n > 0 && memory_stat_value(stat, (size_t)n, ms->v2 ? "pgmajfault" :
						       "total_pgmajfault", &cg->majfault) == 0;
	return 0;
}

int memsource_read(const struct memsource *ms, struct mem_sample *out)
{
	return memsource_read_text(ms, out, NULL, 0);
}

int memsource_read_text(const struct memsource *ms, struct mem_sample *out, char *meminfo_text,
			size_t meminfo_cap)
{
	struct mem_sample sys;
	int r = read_system(ms, &sys, meminfo_text, meminfo_cap);
	if (r < 0)
		return r;
	if (ms->cgroup) {
		struct cgroup_mem cg;
		if ((r = read_cgroup(ms, &cg)) < 0)
			return r;
		memfigure_cgroup(&cg, &sys, out);
	} else {
		*out = sys;
	}
	if (ms->want_psi)
		read_psi(ms, out);
	return 0;
}

uint64_t memsource_totalpages(const struct memsource *ms, const struct mem_sample *s)
{
	/* the machine's from the sample's own /proc/meminfo read: no file read here (the action
	 * calls this between its decision and its signal) */
	uint64_t kib = !ms->cgroup && s->ram_total_kib ? s->ram_total_kib + s->swap_total_kib
						       : s->total_kib + s->swap_total_kib;
	uint64_t pages = kib / (ms->page_kib ? ms->page_kib : 4);
	return pages ? pages : 1;
}
