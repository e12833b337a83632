/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Per-process /proc files held open across scans while memory is short (see pidfiles.h): two
 * arrays mapped once, the last scan's sorted by pid and this scan's filled as the scan meets
 * each pid, swapped at the scan's end. */
#include "os/daemon/pidfiles.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#include "lib/util/compiler.h"
#include "os/core/sysroot.h"
#include "os/daemon/resident.h"

#define PIDFILES_FD_RESERVE 64u   /* descriptors left for everything else the daemon opens */

static const char *const pidfile_names[PIDFILE_KINDS] = {
	"stat", "cgroup", "status", "oom_score_adj", "cmdline"
};

/* The soft limit raised to the hard one; the entries that many descriptors allow. */
OG_COLD static size_t fd_limit_entries(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return 0;
	if (rl.rlim_cur < rl.rlim_max) {
		rlim_t want = rl.rlim_max;
		if (want == RLIM_INFINITY || want > 1u << 20)
			want = 1u << 20;
		struct rlimit up = { want, rl.rlim_max };
		if (want > rl.rlim_cur && setrlimit(RLIMIT_NOFILE, &up) == 0)
			rl.rlim_cur = want;
	}
	if (rl.rlim_cur == RLIM_INFINITY)
		rl.rlim_cur = 1u << 20;
	return rl.rlim_cur > PIDFILES_FD_RESERVE ?
		(size_t)(rl.rlim_cur - PIDFILES_FD_RESERVE) / PIDFILE_KINDS : 0;
}

OG_COLD int pidfiles_init(struct pidfiles *pf, size_t cap)
{
	memset(pf, 0, sizeof(*pf));
	size_t bytes = 2 * cap * sizeof(struct pidfiles_entry);
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	pf->cur = p;
	pf->next = pf->cur + cap;
	pf->cap = cap;
	size_t lim = fd_limit_entries();
	pf->limit = lim < cap ? lim : cap;
	return 0;
}

static void close_entry(struct pidfiles_entry *e)
{
	for (int k = 0; k < PIDFILE_KINDS; k++) {
		if (e->fd[k] >= 0)
			close(e->fd[k]);
		e->fd[k] = -1;
	}
}

static void close_all(struct pidfiles_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		close_entry(&v[i]);
}

OG_COLD void pidfiles_free(struct pidfiles *pf)
{
	if (!pf->cur)
		return;
	close_all(pf->cur, pf->n_cur);
	close_all(pf->next, pf->n_next);
	/* the two arrays are one mapping; whichever is first now */
	munmap(pf->cur < pf->next ? pf->cur : pf->next, 2 * pf->cap * sizeof(struct pidfiles_entry));
	memset(pf, 0, sizeof(*pf));
}

void pidfiles_hold(struct pidfiles *pf, bool on, size_t rows)
{
	if (!pf->cur)
		return;
	if (on) {
		size_t n = rows < pf->limit ? rows : pf->limit;
		resident_touch(pf->cur, n * sizeof(struct pidfiles_entry));
		resident_touch(pf->next, n * sizeof(struct pidfiles_entry));
		pf->holding = pf->limit > 0;
		return;
	}
	close_all(pf->cur, pf->n_cur);
	close_all(pf->next, pf->n_next);
	pf->n_cur = pf->n_next = 0;
	pf->holding = false;
	resident_release(pf->cur, pf->cap * sizeof(struct pidfiles_entry));
	resident_release(pf->next, pf->cap * sizeof(struct pidfiles_entry));
}

void pidfiles_scan_begin(struct pidfiles *pf)
{
	pf->n_next = 0;
	pf->opened = 0;
}

/* The last scan's entry of pid (binary search: that array is sorted), or NULL. */
static struct pidfiles_entry *find_cur(struct pidfiles *pf, int32_t pid)
{
	size_t lo = 0, hi = pf->n_cur;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pf->cur[mid].pid == pid)
			return &pf->cur[mid];
		if (pf->cur[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct pidfiles_entry *pidfiles_take(struct pidfiles *pf, int32_t pid)
{
	if (!pf->holding || pf->n_next >= pf->limit)
		return NULL;
	struct pidfiles_entry *e = &pf->next[pf->n_next++];
	struct pidfiles_entry *old = find_cur(pf, pid);
	e->pid = pid;
	for (int k = 0; k < PIDFILE_KINDS; k++) {
		e->fd[k] = old ? old->fd[k] : -1;
		if (old)
			old->fd[k] = -1;      /* moved: scan_end does not close it */
	}
	return e;
}

int pidfiles_held(struct pidfiles *pf, int32_t pid, enum pidfile_kind kind)
{
	const struct pidfiles_entry *e = pf->holding ? find_cur(pf, pid) : NULL;
	return e && e->fd[kind] >= 0 ? e->fd[kind] : -1;
}

/* Shell sort by pid: a /proc walk meets pids in rising order already; cgroup.procs may not. */
static void sort_by_pid(struct pidfiles_entry *v, size_t n)
{
	static const size_t gaps[] = { 701, 301, 132, 57, 23, 10, 4, 1 };
	for (size_t g = 0; g < sizeof(gaps) / sizeof(gaps[0]); g++) {
		size_t gap = gaps[g];
		for (size_t i = gap; i < n; i++) {
			struct pidfiles_entry t = v[i];
			size_t j = i;
			for (; j >= gap && v[j - gap].pid > t.pid; j -= gap)
				v[j] = v[j - gap];
			v[j] = t;
		}
	}
}

void pidfiles_scan_end(struct pidfiles *pf)
{
	close_all(pf->cur, pf->n_cur);        /* the pids this scan did not meet */
	sort_by_pid(pf->next, pf->n_next);
	struct pidfiles_entry *t = pf->cur;
	pf->cur = pf->next;
	pf->n_cur = pf->n_next;
	pf->next = t;
	pf->n_next = 0;
}

/* "PID/FILE" below /proc, opened: the descriptor or -errno. */
static int open_kind(struct pidfiles *pf, int proc_fd, const char *pid, enum pidfile_kind kind)
{
	char rel[64];
	snprintf(rel, sizeof(rel), "%s/%s", pid, pidfile_names[kind]);
	int fd = sysroot_open_at(proc_fd, rel);
	if (fd >= 0)
		pf->opened++;
	return fd;
}

void pidfiles_keep(struct pidfiles *pf, struct pidfiles_entry *e, int proc_fd, const char *pid,
		   enum pidfile_kind kind)
{
	if (!e || e->fd[kind] != -1)
		return;
	int fd = open_kind(pf, proc_fd, pid, kind);
	e->fd[kind] = fd >= 0 ? fd : -2;
}

ssize_t pidfiles_read(struct pidfiles *pf, struct pidfiles_entry *e, int proc_fd, const char *pid,
		      enum pidfile_kind kind, char *buf, size_t cap)
{
	if (e && e->fd[kind] >= 0) {
		ssize_t n = sysroot_read_fd(e->fd[kind], buf, cap);
		if (n != -ESRCH)
			return n;
		close_entry(e);               /* that process is gone; the pid may be reused */
	}
	int fd = open_kind(pf, proc_fd, pid, kind);
	if (fd < 0)
		return fd;
	ssize_t n = sysroot_read_fd(fd, buf, cap);
	if (e && n >= 0)
		e->fd[kind] = fd;
	else
		close(fd);
	return n;
}

ssize_t pidfiles_read_last(struct pidfiles *pf, int proc_fd, int32_t pid, enum pidfile_kind kind,
			   char *buf, size_t cap)
{
	char name[16];
	snprintf(name, sizeof(name), "%d", (int)pid);
	return pidfiles_read(pf, pf->holding ? find_cur(pf, pid) : NULL, proc_fd, name, kind, buf, cap);
}
