/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Lean /proc scan into a preallocated array (see procscan.h).  Directory entries come from
 * getdents64 on a /proc fd opened once (opendir/readdir would allocate), files are read with
 * openat into one buffer that belongs to the scanner. */
#include "os/daemon/procscan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "lib/util/compiler.h"
#include "lib/procfs/cgpath.h"
#include "lib/procfs/pidstat.h"
#include "lib/util/numparse.h"
#include "os/core/sysroot.h"
#include "os/daemon/resident.h"

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

OG_COLD int procscan_init(struct procscan *ps, size_t cap)
{
	memset(ps, 0, sizeof(*ps));
	ps->proc_fd = -1;
	void *p = mmap(NULL, cap * sizeof(struct candidate), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	ps->v = p;
	ps->cap = cap;
	int r = pidfiles_init(&ps->files, cap);
	if (r < 0) {
		procscan_free(ps);
		return r;
	}
	int fd = sysroot_open("/proc", O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		procscan_free(ps);
		return fd;
	}
	ps->proc_fd = fd;
	return 0;
}

OG_COLD void procscan_free(struct procscan *ps)
{
	if (ps->v)
		munmap(ps->v, ps->cap * sizeof(struct candidate));
	pidfiles_free(&ps->files);
	if (ps->proc_fd >= 0)
		close(ps->proc_fd);
	ps->v = NULL;
	ps->proc_fd = -1;
}

/* uid -> name, cached: getpwuid_r may read /etc/passwd, so each uid is looked up once. */
static void user_name(uid_t uid, char *out, size_t cap)
{
	static struct { uid_t uid; char name[CAND_USER_MAX]; } cache[64];
	static unsigned used;
	static char pwbuf[4096];

	for (unsigned i = 0; i < used; i++)
		if (cache[i].uid == uid) {
			snprintf(out, cap, "%s", cache[i].name);
			return;
		}
	struct passwd pw, *res = NULL;
	if (getpwuid_r(uid, &pw, pwbuf, sizeof(pwbuf), &res) == 0 && res)
		snprintf(out, cap, "%s", res->pw_name);
	else
		snprintf(out, cap, "%u", (unsigned)uid);
	if (used < sizeof(cache) / sizeof(cache[0])) {
		cache[used].uid = uid;
		snprintf(cache[used].name, sizeof(cache[used].name), "%s", out);
		used++;
	}
}

/* /proc/PID/cmdline's bytes as one line: NULs between the words become spaces. */
static int cmdline_text(char *buf, ssize_t n)
{
	if (n < 0)
		return (int)n;
	while (n > 0 && buf[n - 1] == '\0')
		n--;
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
	return (int)n;
}

int procscan_cmdline(struct procscan *ps, pid_t pid, char *buf, size_t cap)
{
	return cmdline_text(buf, pidfiles_read_last(&ps->files, ps->proc_fd, (int32_t)pid,
						    PIDFILE_CMDLINE, buf, cap));
}

/* Where the next entry goes: the next free slot, or (when full) the smallest entry if the new
 * process is larger; NULL to drop it. */
static struct candidate *slot_for(struct procscan *ps, uint64_t size_kib)
{
	if (ps->n < ps->cap)
		return &ps->v[ps->n++];
	size_t min = 0;
	for (size_t i = 1; i < ps->n; i++)
		if (ps->v[i].rss_kib + ps->v[i].swap_kib < ps->v[min].rss_kib + ps->v[min].swap_kib)
			min = i;
	ps->dropped++;
	return ps->v[min].rss_kib + ps->v[min].swap_kib < size_kib ? &ps->v[min] : NULL;
}

/* Reads one process; 1 kept, 0 skipped (kernel thread, out of scope), -errno. */
static int scan_one(struct procscan *ps, const char *name, const char *scope)
{
	struct pid_stat st;
	struct pid_status sts;
	struct pid_cgroups cgs;
	char *buf = ps->buf;
	size_t cap = sizeof(ps->buf);
	ssize_t n;
	int64_t adj, pid;

	if (numparse_i64(name, &pid) < 0 || pid <= 0 || pid > INT32_MAX)
		return 0;
	ps->met++;
	struct pidfiles_entry *e = pidfiles_take(&ps->files, (int32_t)pid);
	if ((n = pidfiles_read(&ps->files, e, ps->proc_fd, name, PIDFILE_STAT, buf, cap)) < 0)
		return (int)n;
	if (pid_stat_parse(buf, (size_t)n, &st) < 0)
		return -EINVAL;
	if (pid_stat_is_kthread(&st))
		return 0;
	const char *cgpath = "";
	memset(&cgs, 0, sizeof(cgs));
	if (scope || ps->want_cgroup) {
		if ((n = pidfiles_read(&ps->files, e, ps->proc_fd, name, PIDFILE_CGROUP, buf, cap)) < 0)
			return (int)n;
		if (pid_cgroup_parse(buf, (size_t)n, &cgs) < 0)
			return -EINVAL;
		cgpath = pid_cgroup_memory_path(&cgs);
		if (scope && !cgroup_within(cgpath, scope))
			return 0;
	}
	if ((n = pidfiles_read(&ps->files, e, ps->proc_fd, name, PIDFILE_STATUS, buf, cap)) < 0)
		return (int)n;
	if (pid_status_parse(buf, (size_t)n, &sts) < 0)
		return -EINVAL;
	if (sts.kthread)
		return 0;
	if ((n = pidfiles_read(&ps->files, e, ps->proc_fd, name, PIDFILE_OOM_ADJ, buf, cap)) < 0)
		return (int)n;
	if (numparse_i64(numparse_trim_ws(buf), &adj) < 0)
		return -EINVAL;

	struct candidate *c = slot_for(ps, sts.vm_rss_kib + sts.vm_swap_kib);
	if (!c)
		return 0;
	c->pid = st.pid;
	c->pgrp = st.pgrp;
	c->starttime = st.starttime;
	c->state = st.state;
	c->kthread = false;
	c->uid = sts.uid;
	c->oom_score_adj = (int)adj;
	c->rss_kib = sts.vm_rss_kib;
	c->swap_kib = sts.vm_swap_kib;
	c->pgtables_kib = sts.vm_pte_kib;
	snprintf(c->comm, sizeof(c->comm), "%s", st.comm);
	snprintf(c->cgroup, sizeof(c->cgroup), "%s", cgpath);
	if (cgpath[0])
		cgroup_path_unit(pid_cgroup_unit_path(&cgs), c->unit, sizeof(c->unit));
	else
		c->unit[0] = '\0';
	if (ps->want_user)
		user_name(c->uid, c->user, sizeof(c->user));
	else
		snprintf(c->user, sizeof(c->user), "%u", (unsigned)c->uid);
	c->cmdline[0] = '\0';
	if (ps->want_cmdline &&      /* the rules match it */
	    cmdline_text(c->cmdline, pidfiles_read(&ps->files, e, ps->proc_fd, name, PIDFILE_CMDLINE,
						   c->cmdline, sizeof(c->cmdline))) < 0)
		c->cmdline[0] = '\0';
	if (!ps->want_cmdline)       /* held unread for the action, which reads the victim's */
		pidfiles_keep(&ps->files, e, ps->proc_fd, name, PIDFILE_CMDLINE);
	return 1;
}

static void count_result(struct procscan *ps, int r)
{
	if (r == -ENOENT || r == -ESRCH)
		ps->vanished++;
	else if (r == -EACCES || r == -EPERM)
		ps->unreadable++;
}

/* Scans the pids listed in dirfd's cgroup.procs, read in chunks (the list can be long). */
static int scan_procs_file(struct procscan *ps, int dirfd, const char *scope)
{
	char name[24];
	size_t have = 0;
	int fd = openat(dirfd, "cgroup.procs", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t got = read(fd, ps->procs + have, sizeof(ps->procs) - 1 - have);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		have += (size_t)got;
		size_t start = 0;
		for (size_t i = 0; i < have; i++) {
			if (ps->procs[i] != '\n')
				continue;
			size_t len = i - start;
			if (len > 0 && len < sizeof(name)) {
				memcpy(name, ps->procs + start, len);
				name[len] = '\0';
				count_result(ps, scan_one(ps, name, scope));
			}
			start = i + 1;
		}
		memmove(ps->procs, ps->procs + start, have - start);
		have -= start;
	}
	close(fd);
	return 0;
}

/* Walks a cgroup directory and its descendants (depth-limited), scanning each cgroup.procs. */
static int scan_cgroup_tree(struct procscan *ps, int dirfd, const char *scope, int depth)
{
	char dents[4096];
	int r = scan_procs_file(ps, dirfd, scope);
	if (r < 0 || depth >= 16)
		return r;
	for (;;) {
		long got = syscall(SYS_getdents64, dirfd, dents, sizeof(dents));
		if (got <= 0)
			return got < 0 ? -errno : 0;
		for (long off = 0; off < got;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(dents + off);
			off += d->d_reclen;
			if (d->d_type != DT_DIR || d->d_name[0] == '.')
				continue;
			int sub = openat(dirfd, d->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (sub < 0)
				continue;          /* removed meanwhile */
			scan_cgroup_tree(ps, sub, scope, depth + 1);
			close(sub);
		}
	}
}

/* Every process in /proc, in the order /proc lists them (rising pids). */
static int scan_all(struct procscan *ps, const char *scope)
{
	if (lseek(ps->proc_fd, 0, SEEK_SET) < 0)
		return -errno;
	for (;;) {
		long got = syscall(SYS_getdents64, ps->proc_fd, ps->dents, sizeof(ps->dents));
		if (got < 0)
			return -errno;
		if (got == 0)
			return 0;
		for (long off = 0; off < got;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(ps->dents + off);
			off += d->d_reclen;
			if (d->d_name[0] < '1' || d->d_name[0] > '9')
				continue;
			count_result(ps, scan_one(ps, d->d_name, scope));
		}
	}
}

int procscan_run(struct procscan *ps, const char *scope, const char *scope_dir)
{
	int r;
	ps->n = ps->met = 0;
	ps->vanished = ps->unreadable = ps->dropped = 0;
	pidfiles_scan_begin(&ps->files);
	if (scope && scope_dir) {
		int fd = sysroot_open(scope_dir, O_RDONLY | O_DIRECTORY);
		if (fd < 0) {
			r = fd;
		} else {
			r = scan_cgroup_tree(ps, fd, scope, 0);
			close(fd);
		}
	} else {
		r = scan_all(ps, scope);
	}
	pidfiles_scan_end(&ps->files);
	if (ps->met > ps->met_peak)
		ps->met_peak = ps->met;
	return r < 0 ? r : (int)ps->n;
}

void procscan_hold(struct procscan *ps, bool on)
{
	pidfiles_hold(&ps->files, on, ps->met_peak + ps->met_peak / 4 + 64);
}

int procscan_held_fd(struct procscan *ps, pid_t pid, enum pidfile_kind kind)
{
	return pidfiles_held(&ps->files, pid, kind);
}

void procscan_rest(struct procscan *ps)
{
	if (ps->v)
		resident_release(ps->v, ps->cap * sizeof(*ps->v));
	ps->n = 0;
}
