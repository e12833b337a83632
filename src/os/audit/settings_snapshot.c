/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The audit snapshot, read from the machine (see settings_snapshot.h). */
#include "os/audit/settings_snapshot.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include "lib/procfs/mountinfo.h"
#include "lib/util/numparse.h"
#include "os/audit/cgroup_scan.h"
#include "os/logs/oom_history.h"
#include "os/proc/proctable.h"
#include "os/proc/victims.h"
#include "os/audit/sysctl_sources.h"
#include "os/core/sysroot.h"


static void note_err(struct audit_snapshot *s, const char *path, int r)
{
	if (r == -EACCES || r == -EPERM)
		audit_snapshot_note(s, path, "permission denied");
}

static void read_sysctls(struct audit_snapshot *s)
{
	for (int i = 0; i < SC_COUNT; i++) {
		char path[128];
		int n = snprintf(path, sizeof(path), "/proc/sys/%s", sysctl_name((enum sysctl_id)i));
		for (int k = 10; k < n; k++)
			if (path[k] == '.')
				path[k] = '/';
		int r = sysroot_read_i64(path, &s->sc[i].value);
		s->sc[i].present = r == 0;
		note_err(s, path, r);
	}
}

/* "always [madvise] never" -> "madvise" */
static void read_bracketed(const char *path, char *out, size_t cap)
{
	char buf[256];
	out[0] = '\0';
	if (sysroot_read_line(path, buf, sizeof(buf)) < 0)
		return;
	char *a = strchr(buf, '['), *b = a ? strchr(a, ']') : NULL;
	if (a && b) {
		*b = '\0';
		snprintf(out, cap, "%s", a + 1);
	}
}

static bool thp_on(const char *mode)
{
	return strcmp(mode, "always") == 0 || strcmp(mode, "madvise") == 0;
}

static void read_thp(struct audit_snapshot *s)
{
	struct thp_state *t = &s->thp;
	int64_t pmd;
	read_bracketed("/sys/kernel/mm/transparent_hugepage/enabled", t->enabled, sizeof(t->enabled));
	read_bracketed("/sys/kernel/mm/transparent_hugepage/defrag", t->defrag, sizeof(t->defrag));
	if (sysroot_read_i64("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size", &pmd) == 0 && pmd > 0)
		t->pmd_kib = (uint64_t)pmd / 1024;
	t->pmd_enabled = thp_on(t->enabled);
	/* 6.8+: the PMD size has its own control ("inherit" follows the global one) */
	if (t->pmd_kib) {
		char path[128], mode[16];
		snprintf(path, sizeof(path), "/sys/kernel/mm/transparent_hugepage/hugepages-%llukB/enabled",
			 (unsigned long long)t->pmd_kib);
		read_bracketed(path, mode, sizeof(mode));
		if (mode[0] && strcmp(mode, "inherit") != 0)
			t->pmd_enabled = thp_on(mode);
	}
}

static void read_swaps(struct audit_snapshot *s)
{
	char *text, buf[8];
	ssize_t n = sysroot_read_alloc("/proc/swaps", &text);
	if (n >= 0) {
		char *save = NULL;
		strtok_r(text, "\n", &save);  /* header */
		for (char *l = strtok_r(NULL, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
			s->swap_devices++;
			if (strncmp(l, "/dev/zram", 9) == 0)
				s->swap_on_zram = true;
		}
		free(text);
	}
	if (sysroot_read_line("/sys/module/zswap/parameters/enabled", buf, sizeof(buf)) > 0)
		s->zswap_enabled = buf[0] == 'Y' || buf[0] == '1';
}

/* tmpfs mounts with their size= limits; duplicates (over-mounts) are counted once. */
static void read_tmpfs(struct audit_snapshot *s)
{
	char *text;
	ssize_t n = sysroot_read_alloc("/proc/self/mountinfo", &text);
	if (n < 0)
		return;
	size_t cap = 0;
	char *save = NULL;
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *sep = strstr(l, " - ");
		if (!sep || strncmp(sep + 3, "tmpfs ", 6) != 0)
			continue;
		char mnt[256] = "", opts[256] = "", super[512] = "";
		if (sscanf(l, "%*s %*s %*s %*s %255s %255s", mnt, opts) != 2 ||
		    sscanf(sep + 3, "%*s %*s %511s", super) != 1)
			continue;
		if (strncmp(opts, "ro", 2) == 0 && (opts[2] == ',' || !opts[2]))
			continue;  /* read-only: nothing can fill it */
		mountinfo_unescape(mnt);
		bool dup = false;
		for (size_t i = 0; i < s->n_tmpfs; i++)
			dup |= strcmp(s->tmpfs[i].path, mnt) == 0;
		if (dup)
			continue;
		if (s->n_tmpfs == cap) {
			size_t nc = cap ? cap * 2 : 16;
			struct tmpfs_mount *v = realloc(s->tmpfs, nc * sizeof(*v));
			if (!v)
				break;
			s->tmpfs = v;
			cap = nc;
		}
		struct tmpfs_mount *t = &s->tmpfs[s->n_tmpfs++];
		memset(t, 0, sizeof(*t));
		snprintf(t->path, sizeof(t->path), "%s", mnt);
		char *sz = strstr(super, "size=");
		if (sz && (sz == super || sz[-1] == ',')) {
			char num[64];
			uint64_t bytes;
			snprintf(num, sizeof(num), "%.*s", (int)strcspn(sz + 5, ","), sz + 5);
			if (numparse_size_bytes(num, &bytes) == 0)
				t->size_kib = bytes / 1024;
		}
		struct statvfs vfs;
		if (sysroot_is_live() && statvfs(mnt, &vfs) == 0) {
			t->used_kib = (uint64_t)(vfs.f_blocks - vfs.f_bfree) * vfs.f_frsize / 1024;
			t->used_known = true;
		}
	}
	free(text);
}

/* /sys/devices/system/node/nodeN/meminfo for each node that has memory. */
static void read_numa_nodes(struct audit_snapshot *s)
{
	DIR *d = sysroot_opendir("/sys/devices/system/node");
	if (!d)
		return;  /* no NUMA support in the kernel (or a fixture without it) */
	struct dirent *e;
	while ((e = readdir(d)) && s->n_nodes < AUDIT_NODES_MAX) {
		unsigned id;
		char tail;
		if (sscanf(e->d_name, "node%u%c", &id, &tail) != 1)
			continue;
		char path[96], *text;
		snprintf(path, sizeof(path), "/sys/devices/system/node/node%u/meminfo", id);
		ssize_t n = sysroot_read_alloc(path, &text);
		if (n < 0)
			continue;
		struct numa_node_mem m;
		if (node_meminfo_parse(text, (size_t)n, &m) == 0 && m.total_kib > 0)
			s->nodes[s->n_nodes++] = m;
		free(text);
	}
	closedir(d);
}

static void read_mglru(struct audit_snapshot *s)
{
	char buf[32];
	int64_t ttl;
	if (sysroot_read_line("/sys/kernel/mm/lru_gen/enabled", buf, sizeof(buf)) < 0)
		return;  /* a kernel without CONFIG_LRU_GEN */
	s->mglru.present = true;
	char *end;
	unsigned long v = strtoul(buf, &end, 16);  /* "0x0007" */
	if (end != buf)
		s->mglru.enabled = (unsigned)v;
	else
		s->mglru.enabled = buf[0] == 'y' || buf[0] == 'Y';
	if (sysroot_read_i64("/sys/kernel/mm/lru_gen/min_ttl_ms", &ttl) == 0 && ttl >= 0) {
		s->mglru.min_ttl_ms = ttl;
		s->mglru.ttl_known = true;
	}
}

/* True when pid's command line has the word "daemon" (`oomguard daemon`, with options before
 * it or not); the `oomguard check` that reads this is not one. */
static bool runs_daemon_subcommand(pid_t pid)
{
	char path[64], *text;
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	ssize_t n = sysroot_read_alloc(path, &text);
	if (n < 0)
		return false;
	bool yes = false;
	for (ssize_t i = 0; i < n && !yes; i += (ssize_t)strlen(text + i) + 1)
		yes = strcmp(text + i, "daemon") == 0;
	free(text);
	return yes;
}

/* The userspace OOM killers a machine may run instead of waiting for the kernel's, by process
 * name or by systemd unit. */
static void find_oom_daemon(struct audit_snapshot *s)
{
	static const char *const names[] = { "earlyoom", "nohang", "systemd-oomd", "oomd" };
	static const char *const units[] = { "earlyoom.service", "nohang.service",
		"nohang-desktop.service", "systemd-oomd.service", "oomd.service", "oomguard.service" };
	pid_t self = sysroot_is_live() ? getpid() : 0;
	for (size_t i = 0; i < s->n_procs && !s->oom_daemon[0]; i++) {
		const struct proc_brief *p = &s->procs[i];
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (strcmp(p->comm, names[k]) == 0)
				snprintf(s->oom_daemon, sizeof(s->oom_daemon), "%s", names[k]);
		for (size_t k = 0; k < sizeof(units) / sizeof(units[0]); k++)
			if (strcmp(p->unit, units[k]) == 0)
				snprintf(s->oom_daemon, sizeof(s->oom_daemon), "%s", units[k]);
		if (!s->oom_daemon[0] && p->pid != self && strcmp(p->comm, "oomguard") == 0 &&
		    runs_daemon_subcommand(p->pid))
			snprintf(s->oom_daemon, sizeof(s->oom_daemon), "oomguard daemon");
	}
}

/* "Max processes   4096   8192   processes" -> soft limit, -1 when unlimited or unknown. */
static int64_t read_nproc_soft(pid_t pid)
{
	char path[64], *text;
	int64_t soft = -1;
	snprintf(path, sizeof(path), "/proc/%d/limits", (int)pid);
	if (sysroot_read_alloc(path, &text) < 0)
		return -1;
	char *l = strstr(text, "Max processes");
	if (l) {
		char word[32];
		if (sscanf(l + strlen("Max processes"), "%31s", word) == 1 && strcmp(word, "unlimited") != 0) {
			int64_t v;
			if (numparse_i64(word, &v) == 0)
				soft = v;
		}
	}
	free(text);
	return soft;
}

static void move_entry(struct proc_entry *to, struct proc_entry *from)
{
	*to = *from;
	from->cgroup = from->unit = from->cmdline = NULL;  /* now owned by the snapshot */
}

/* Moves the first candidates of the ranked table into s->victims (v[0] = the next victim). */
static int take_victims(struct audit_snapshot *s, struct victims *v)
{
	struct audit_victims *av = &s->victims;
	struct proctable *t = &v->table;

	av->totalpages = v->totalpages;
	av->page_kib = v->page_kib;
	av->protected_count = v->protected_count;
	av->unkillable_count = v->unkillable_count;
	av->top_ties = v->top_ties;
	for (size_t i = 0; i < t->n; i++)
		av->candidates += oomrank_standing(&t->v[i]) == OOM_CANDIDATE;
	if (v->next_victim < 0)
		return 0;
	av->v = calloc(AUDIT_VICTIMS_MAX, sizeof(*av->v));
	if (!av->v)
		return -ENOMEM;
	/* the next victim first (it is the first candidate unless the ties were too many to order),
	 * then the other candidates in order */
	move_entry(&av->v[av->n++], &t->v[v->next_victim]);
	for (size_t i = 0; i < v->detailed && av->n < AUDIT_VICTIMS_MAX; i++)
		if ((long)i != v->next_victim && oomrank_standing(&t->v[i]) == OOM_CANDIDATE)
			move_entry(&av->v[av->n++], &t->v[i]);
	return 0;
}

static int read_procs(struct audit_snapshot *s)
{
	struct victims v;
	int r = victims_scan(&v, OOMRANK_SCORE, 0);
	if (r < 0) {
		victims_free(&v);
		note_err(s, "/proc", r);
		return r == -ENOMEM ? r : 0;
	}
	const struct proctable *t = &v.table;
	s->total_tasks = v.kthreads;  /* one task each */
	s->procs = calloc(t->n ? t->n : 1, sizeof(*s->procs));
	s->uids = calloc(t->n ? t->n : 1, sizeof(*s->uids));
	if (!s->procs || !s->uids) {
		victims_free(&v);
		return -ENOMEM;
	}
	for (size_t i = 0; i < t->n; i++) {
		const struct proc_entry *e = &t->v[i];
		struct proc_brief *p = &s->procs[s->n_procs++];
		p->pid = e->pid;
		p->uid = e->uid;
		memcpy(p->comm, e->comm, sizeof(p->comm));
		if (e->unit)
			snprintf(p->unit, sizeof(p->unit), "%s", e->unit);
		p->oom_score = e->oom_score;
		p->oom_score_adj = e->oom_score_adj;
		p->rss_kib = e->rss_kib;
		p->swap_kib = e->swap_kib;
		p->threads = e->threads > 0 ? e->threads : 1;
		s->total_tasks += (uint64_t)p->threads;
		size_t u = 0;
		while (u < s->n_uids && s->uids[u].uid != p->uid)
			u++;
		if (u == s->n_uids) {
			s->uids[u].uid = p->uid;
			s->uids[u].nproc_soft = -1;
			s->n_uids++;
		}
		s->uids[u].tasks += (uint64_t)p->threads;
	}
	if (take_victims(s, &v) < 0) {  /* after the copy above: it moves the unit names */
		victims_free(&v);
		return -ENOMEM;
	}
	for (size_t u = 0; u < s->n_uids; u++) {
		/* every user: a small `ulimit -u` is as binding as a large one (one read per user) */
		if (s->uids[u].uid == 0)
			continue;
		for (size_t i = 0; i < s->n_procs; i++)
			if (!s->procs[i].kthread && s->procs[i].uid == s->uids[u].uid) {
				s->uids[u].nproc_soft = read_nproc_soft(s->procs[i].pid);
				break;
			}
	}
	s->procs_unreadable = t->unreadable;
	if (t->unreadable)
		audit_snapshot_note(s, "/proc/PID", "some processes could not be read (run as root to see all)");
	s->have_procs = true;
	victims_free(&v);
	return 0;
}

int settings_snapshot_collect(struct audit_snapshot *s, unsigned parts, double kill_window_days)
{
	char *text;
	ssize_t n;
	int64_t v;
	char buf[128];

	memset(s, 0, sizeof(*s));
	s->is_root = !sysroot_is_live() || geteuid() == 0;
	n = sysroot_read_alloc("/proc/meminfo", &text);
	if (n < 0)
		return (int)n;
	int r = meminfo_parse(text, (size_t)n, &s->mem);
	free(text);
	if (r < 0)
		return r;
	s->have_mem = true;

	long page = sysroot_is_live() ? sysconf(_SC_PAGESIZE) : 4096;
	s->page_kib = page > 0 ? (uint64_t)page / 1024 : 4;
	if (sysroot_read_line("/proc/sys/kernel/osrelease", buf, sizeof(buf)) > 0)
		snprintf(s->kernel_release, sizeof(s->kernel_release), "%.63s", buf);
	if (sysroot_read_line("/proc/uptime", buf, sizeof(buf)) > 0)
		s->uptime_s = strtod(buf, NULL);
	if ((n = sysroot_read_alloc("/proc/vmstat", &text)) >= 0) {
		s->have_vmstat = vmstat_parse(text, (size_t)n, &s->vm) == 0;
		free(text);
	}
	if ((n = sysroot_read_alloc("/proc/pressure/memory", &text)) >= 0) {
		if (psi_parse(text, (size_t)n, &s->psi) < 0)
			s->psi.present = false;
		free(text);
	} else {
		note_err(s, "/proc/pressure/memory", (int)n);
	}
	if ((n = sysroot_read_alloc("/proc/zoneinfo", &text)) >= 0) {
		s->have_zones = zoneinfo_parse(text, (size_t)n, &s->zones) > 0;
		free(text);
	} else {
		note_err(s, "/proc/zoneinfo", (int)n);
	}
	read_sysctls(s);
	sysctl_sources_resolve(s);
	read_thp(s);
	s->kexec_crash_loaded = sysroot_read_i64("/sys/kernel/kexec_crash_loaded", &v) == 0 && v == 1;
	read_swaps(s);
	read_tmpfs(s);

	read_numa_nodes(s);
	read_mglru(s);

	if ((parts & SNAP_PROCS) && (r = read_procs(s)) < 0)
		return r;
	find_oom_daemon(s);
	if ((parts & SNAP_CGROUPS) && (r = cgroup_scan(s)) < 0)
		return r;
	if ((parts & SNAP_KILLS) && (r = oom_history_collect(s, kill_window_days)) < 0)
		return r;
	return 0;
}
