/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Process table snapshot from /proc (see proctable.h).  One directory fd on /proc, openat() per
 * file, fixed stack buffers, and one allocation for the whole table: the cost per process is the
 * few small reads it was asked for.  Large tables are read by one thread per CPU (up to 4). */
#include "os/proc/proctable.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/procfs/badness.h"
#include "lib/procfs/cgpath.h"
#include "lib/util/numparse.h"
#include "os/core/sysroot.h"

/* Reading is spread over threads (one per CPU, up to MAX_THREADS) from this many file reads on:
 * about 4 ms of work, against some 50 us to start a thread. */
#define PARALLEL_MIN_READS 1024
#define MAX_THREADS 4

static int proc_dirfd = -1;
static char proc_dirfd_root[PATH_MAX];

/* The /proc fd, reopened when the sysroot changed (tests switch between fixture trees). */
static int proc_fd(void)
{
	if (proc_dirfd >= 0 && strcmp(proc_dirfd_root, sysroot_get()) == 0)
		return proc_dirfd;
	if (proc_dirfd >= 0)
		close(proc_dirfd);
	proc_dirfd = -1;
	int fd = sysroot_open("/proc", O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return fd;
	proc_dirfd = fd;
	snprintf(proc_dirfd_root, sizeof(proc_dirfd_root), "%s", sysroot_get());
	return proc_dirfd;
}

void proc_entry_free(struct proc_entry *e)
{
	free(e->cgroup);
	free(e->unit);
	free(e->cmdline);
	e->cgroup = e->unit = e->cmdline = NULL;
}

/* "<pid>/<name>" without snprintf: this runs several times per process. */
static void pid_rel(char *rel, pid_t pid, const char *name)
{
	char digits[16];
	int nd = 0;
	unsigned v = (unsigned)pid;
	do {
		digits[nd++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	char *p = rel;
	while (nd)
		*p++ = digits[--nd];
	*p++ = '/';
	size_t len = strlen(name);
	memcpy(p, name, len + 1);
}

/* Reads one small per-process file (stat, status, oom_score, oom_score_adj, cgroup) below the
 * /proc fd.  The kernel makes each of them whole in one go (a single seq_file show, or one
 * buffer), so one read() that returns less than asked has the whole file: the second read() to
 * see the end, a syscall per file, is saved.  Regular files in a fixture tree behave alike.  A
 * multi-record seq_file (maps, smaps) can return short before its end: never read one this way.
 * A file as large as the buffer is cut to cap-1 bytes, as sysroot_read_at() does. */
static ssize_t read_pid_file(int dfd, const char *rel, char *buf, size_t cap)
{
	int fd = openat(dfd, rel, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n;
	do
		n = read(fd, buf, cap - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		n = -errno;
	else
		buf[n] = '\0';
	close(fd);
	return n;
}

/* A process that exits between reads shows as ENOENT or ESRCH, or as an empty read. */
static int gone_or(ssize_t r)
{
	if (r == 0 || r == -ENOENT || r == -ESRCH)
		return -ESRCH;
	return (int)r;
}

static int read_small_int(int dfd, pid_t pid, const char *name, int *out)
{
	char rel[48], buf[32];
	int64_t v;
	pid_rel(rel, pid, name);
	ssize_t n = read_pid_file(dfd, rel, buf, sizeof(buf));
	if (n <= 0)
		return n == 0 ? -ESRCH : (int)n;
	if (numparse_i64(numparse_trim_ws(buf), &v) < 0 || v < INT32_MIN || v > INT32_MAX)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

static int fill_stat(int dfd, struct proc_entry *e, char *buf, size_t cap)
{
	char rel[48];
	struct pid_stat st;
	pid_rel(rel, e->pid, "stat");
	ssize_t n = read_pid_file(dfd, rel, buf, cap);
	if (n <= 0)
		return gone_or(n);
	if (pid_stat_parse(buf, (size_t)n, &st) < 0 || st.pid != e->pid)
		return -EINVAL;
	e->ppid = st.ppid;
	e->pgrp = st.pgrp;
	e->starttime = st.starttime;
	e->state = st.state;
	e->threads = st.num_threads;
	e->oom_rss_pages = st.rss_pages;
	memcpy(e->comm, st.comm, sizeof(e->comm));
	e->kthread = pid_stat_is_kthread(&st);
	return 0;
}

static int fill_status(int dfd, struct proc_entry *e, char *buf, size_t cap)
{
	char rel[48];
	struct pid_status ps;
	pid_rel(rel, e->pid, "status");
	ssize_t n = read_pid_file(dfd, rel, buf, cap);
	if (n <= 0)
		return gone_or(n);
	if (pid_status_parse(buf, (size_t)n, &ps) < 0)
		return -EINVAL;
	e->uid = ps.uid;
	e->rss_kib = ps.vm_rss_kib;
	e->rss_anon_kib = ps.rss_anon_kib;
	e->rss_file_kib = ps.rss_file_kib;
	e->rss_shmem_kib = ps.rss_shmem_kib;
	e->has_rss_split = ps.has_rss_split;
	e->swap_kib = ps.vm_swap_kib;
	e->pgtables_kib = ps.vm_pte_kib;
	e->has_mm = ps.has_vm_rss;
	if (ps.has_kthread_field)
		e->kthread = ps.kthread;
	return 0;
}

static int fill_adj(int dfd, struct proc_entry *e)
{
	int r = read_small_int(dfd, e->pid, "oom_score_adj", &e->oom_score_adj);
	if (r != -ENOENT)
		return r;
	/* kernels before 2.6.36 have only the legacy file; so would a vanished process */
	int adj = 0;
	r = read_small_int(dfd, e->pid, "oom_adj", &adj);
	if (r == 0) {
		e->oom_score_adj = oom_adj_to_score_adj(adj);
		e->legacy_oom_adj = true;
	}
	return r;
}

static void fill_cgroup(int dfd, struct proc_entry *e, char *buf, size_t cap)
{
	char rel[48], unit[256];
	struct pid_cgroups cg;
	pid_rel(rel, e->pid, "cgroup");
	ssize_t n = read_pid_file(dfd, rel, buf, cap);
	if (n <= 0 || pid_cgroup_parse(buf, (size_t)n, &cg) < 0)
		return;  /* no cgroup file (very old kernel or fixture): not an error */
	free(e->cgroup);
	free(e->unit);
	e->cgroup = strdup(pid_cgroup_memory_path(&cg));
	cgroup_path_unit(pid_cgroup_unit_path(&cg), unit, sizeof(unit));
	e->unit = unit[0] ? strdup(unit) : NULL;
}

static void fill_cmdline(int dfd, struct proc_entry *e, char *buf, size_t cap)
{
	char rel[48];
	pid_rel(rel, e->pid, "cmdline");
	ssize_t n = sysroot_read_at(dfd, rel, buf, cap);
	if (n <= 0)
		return;  /* kernel threads and zombies have none */
	while (n > 0 && buf[n - 1] == '\0')
		n--;
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
	free(e->cmdline);
	e->cmdline = strdup(buf);
}

/* proc_fill below the /proc fd dfd (the workers are handed it: they never open it themselves). */
static int fill_entry(int dfd, struct proc_entry *e, unsigned want)
{
	char buf[4096];
	int r = 0;

	if (want & PROC_WANT_OOM)
		want |= PROC_WANT_SCORE | PROC_WANT_ADJ;
	want &= ~e->have;
	if (want & PROC_WANT_STAT) {
		if ((r = fill_stat(dfd, e, buf, sizeof(buf))) < 0)
			return r;
		e->have |= PROC_WANT_STAT;
	}
	if (want & PROC_WANT_SCORE) {
		r = read_small_int(dfd, e->pid, "oom_score", &e->oom_score);
		if (r < 0 && r != -EACCES)
			return gone_or(r);
		e->have |= PROC_WANT_SCORE;
	}
	if (want & PROC_WANT_ADJ) {
		r = fill_adj(dfd, e);
		if (r < 0 && r != -EACCES)
			return gone_or(r);
		e->have |= PROC_WANT_ADJ;
	}
	if ((e->have & (PROC_WANT_SCORE | PROC_WANT_ADJ)) == (PROC_WANT_SCORE | PROC_WANT_ADJ))
		e->have |= PROC_WANT_OOM;
	if (want & PROC_WANT_STATUS) {
		if ((r = fill_status(dfd, e, buf, sizeof(buf))) < 0)
			return r;
		e->have |= PROC_WANT_STATUS;
	}
	if (want & PROC_WANT_CGROUP) {
		fill_cgroup(dfd, e, buf, sizeof(buf));
		e->have |= PROC_WANT_CGROUP;
	}
	if (want & PROC_WANT_CMDLINE) {
		fill_cmdline(dfd, e, buf, sizeof(buf));
		e->have |= PROC_WANT_CMDLINE;
	}
	return 0;
}

int proc_fill(struct proc_entry *e, unsigned want)
{
	int dfd = proc_fd();
	return dfd < 0 ? dfd : fill_entry(dfd, e, want);
}

int proc_read_one(pid_t pid, unsigned want, struct proc_entry *out)
{
	memset(out, 0, sizeof(*out));
	out->pid = pid;
	out->oom_score = -1;
	return proc_fill(out, want | PROC_WANT_STAT);
}

/* A /proc entry name that is a pid (all digits, > 0), else 0. */
static pid_t pid_of_name(const char *name)
{
	uint64_t v = 0;
	if (!*name)
		return 0;
	for (const char *p = name; *p; p++) {
		if (*p < '0' || *p > '9' || v > INT32_MAX / 10)
			return 0;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	return v > 0 && v <= INT32_MAX ? (pid_t)v : 0;
}

/* A reader thread's first step: a file table of its own.  Threads sharing one make every
 * openat() and close() take its lock, and every use of an fd (the /proc fd for each openat, each
 * read) take a reference on the shared file, all bouncing between CPUs; a thread alone with its
 * table skips both.  The copy holds the /proc fd the thread was handed.  On failure the shared
 * table still works, only slower. */
static void own_file_table(void)
{
	(void)unshare(CLONE_FILES);
}

struct fill_job {
	struct proc_entry *v;
	int *rc;
	int dfd;
	size_t from, to;
	unsigned want;
};

static void fill_range(struct fill_job *j)
{
	/* cppcheck-suppress uninitvar ; every job is filled before a thread starts (k >= 1) */
	for (size_t i = j->from; i < j->to; i++)
		j->rc[i] = fill_entry(j->dfd, &j->v[i], j->want);
}

static void *fill_thread(void *arg)
{
	own_file_table();
	fill_range(arg);
	return NULL;
}

/* How many /proc files `want` reads for one process. */
static size_t files_per_entry(unsigned want)
{
	if (want & PROC_WANT_OOM)
		want |= PROC_WANT_SCORE | PROC_WANT_ADJ;
	return (size_t)__builtin_popcount(want & ~(unsigned)PROC_WANT_OOM);
}

static unsigned thread_count(size_t entries, unsigned want)
{
	if (entries * files_per_entry(want) < PARALLEL_MIN_READS)
		return 1;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (cpus < 1)
		return 1;
	return cpus > MAX_THREADS ? MAX_THREADS : (unsigned)cpus;
}

int proctable_fill(struct proctable *t, size_t from, size_t to, unsigned want)
{
	if (to > t->n)
		to = t->n;
	if (from >= to)
		return 0;
	size_t n = to - from;
	int *rc = calloc(n, sizeof(*rc));
	if (!rc)
		return -ENOMEM;
	int dfd = proc_fd();
	if (dfd < 0) {
		free(rc);
		return dfd;
	}

	/* the main thread takes the first slice; the others run beside it */
	struct proc_entry *v = t->v + from;
	unsigned k = thread_count(n, want);
	struct fill_job jobs[MAX_THREADS];
	pthread_t tids[MAX_THREADS];
	bool started[MAX_THREADS] = { false };
	for (unsigned i = 0; i < k; i++)
		jobs[i] = (struct fill_job){ v, rc, dfd, n * i / k, n * (i + 1) / k, want };
	for (unsigned i = 1; i < k; i++)
		started[i] = pthread_create(&tids[i], NULL, fill_thread, &jobs[i]) == 0;
	fill_range(&jobs[0]);
	for (unsigned i = 1; i < k; i++) {
		if (started[i])
			pthread_join(tids[i], NULL);
		else
			fill_range(&jobs[i]);
	}

	/* keep what was read, count what was not, close the gaps */
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (rc[i] == 0) {
			if (kept != i)
				v[kept] = v[i];
			kept++;
			continue;
		}
		proc_entry_free(&v[i]);
		if (rc[i] == -ESRCH)
			t->vanished++;
		else
			t->unreadable++;  /* EACCES/EPERM (hidepid, other users), or malformed text */
	}
	free(rc);
	if (kept < n) {
		memmove(v + kept, v + n, (t->n - to) * sizeof(*v));
		t->n -= n - kept;
	}
	return (int)kept;
}

/* The scan is a pipeline: this thread lists /proc while the others already read the pids it has
 * published, claiming chunks from a shared cursor; then it joins them.  Entries are sized up front
 * from the kernel's thread count (/proc/loadavg), so the table never moves under the readers. */
#define CLAIM_CHUNK 32
#define CAP_SLACK 1024

struct scan_pipe {
	struct proc_entry *v;
	int *rc;
	int dfd;
	unsigned want;
	atomic_size_t listed;         /* entries published by the lister */
	atomic_size_t next;           /* next entry to claim */
	atomic_bool done;             /* the lister has published everything */
};

static void pipe_read(struct scan_pipe *p)
{
	for (;;) {
		size_t i = atomic_load_explicit(&p->next, memory_order_relaxed);
		bool done = atomic_load_explicit(&p->done, memory_order_acquire);
		size_t listed = atomic_load_explicit(&p->listed, memory_order_acquire);
		if (i >= listed) {
			if (done)
				return;
			sched_yield();
			continue;
		}
		size_t end = i + CLAIM_CHUNK < listed ? i + CLAIM_CHUNK : listed;
		if (!atomic_compare_exchange_weak(&p->next, &i, end))
			continue;
		for (; i < end; i++)
			p->rc[i] = fill_entry(p->dfd, &p->v[i], p->want);
	}
}

static void *pipe_thread(void *arg)
{
	own_file_table();
	pipe_read(arg);
	return NULL;
}

/* Upper bound for the number of processes: the kernel's count of threads, plus room to grow. */
static size_t estimate_procs(int dfd)
{
	char buf[128];
	ssize_t n = sysroot_read_at(dfd, "loadavg", buf, sizeof(buf));
	const char *slash = n > 0 ? strchr(buf, '/') : NULL;
	uint64_t threads = 0;
	if (slash && numparse_scan_u64(slash + 1, buf + n, &threads, NULL) == 0 && threads < 4000000)
		return (size_t)threads + CAP_SLACK;
	return 4096;
}

int proctable_scan_only(struct proctable *t, unsigned want)
{
	int dfd = proc_fd();

	memset(t, 0, sizeof(*t));
	if (dfd < 0)
		return dfd;
	int dup_fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dup_fd < 0)
		return -errno;
	DIR *d = fdopendir(dup_fd);
	if (!d) {
		close(dup_fd);
		return -errno;
	}
	t->cap = estimate_procs(dfd);
	t->v = calloc(t->cap, sizeof(*t->v));
	int *rc = calloc(t->cap, sizeof(*rc));
	if (!t->v || !rc) {
		closedir(d);
		free(rc);
		free(t->v);
		memset(t, 0, sizeof(*t));
		return -ENOMEM;
	}

	struct scan_pipe p = { .v = t->v, .rc = rc, .dfd = dfd, .want = want };
	unsigned k = thread_count(t->cap - CAP_SLACK, want);
	pthread_t tids[MAX_THREADS];
	bool started[MAX_THREADS] = { false };
	for (unsigned i = 1; i < k; i++)
		started[i] = pthread_create(&tids[i], NULL, pipe_thread, &p) == 0;

	/* list; past the estimate (a fork storm), keep listing but leave the rest for later */
	size_t n = 0, over = 0;
	pid_t *extra = NULL;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		pid_t pid = pid_of_name(de->d_name);
		if (!pid)
			continue;
		if (n < t->cap) {
			t->v[n].pid = pid;
			t->v[n].oom_score = -1;
			if (++n % CLAIM_CHUNK == 0)
				atomic_store_explicit(&p.listed, n, memory_order_release);
			continue;
		}
		pid_t *ne = realloc(extra, (over + 1) * sizeof(*extra));
		if (ne) {
			extra = ne;
			extra[over++] = pid;
		}
	}
	closedir(d);
	atomic_store_explicit(&p.listed, n, memory_order_release);
	atomic_store_explicit(&p.done, true, memory_order_release);
	pipe_read(&p);
	for (unsigned i = 1; i < k; i++)
		if (started[i])
			pthread_join(tids[i], NULL);

	/* keep what was read, count what was not */
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (rc[i] == 0) {
			if (kept != i)
				t->v[kept] = t->v[i];
			kept++;
			continue;
		}
		proc_entry_free(&t->v[i]);
		if (rc[i] == -ESRCH)
			t->vanished++;
		else
			t->unreadable++;
	}
	free(rc);
	t->n = kept;
	if (over) {
		struct proc_entry *nv = realloc(t->v, (kept + over) * sizeof(*nv));
		if (!nv) {
			free(extra);
			proctable_free(t);
			return -ENOMEM;
		}
		t->v = nv;
		t->cap = kept + over;
		for (size_t i = 0; i < over; i++)
			t->v[kept + i] = (struct proc_entry){ .pid = extra[i], .oom_score = -1 };
		t->n = kept + over;
		free(extra);
		int r = proctable_fill(t, kept, t->n, want);
		if (r < 0) {
			proctable_free(t);
			return r;
		}
	}
	return (int)t->n;
}

int proctable_scan(struct proctable *t, unsigned want)
{
	return proctable_scan_only(t, want | PROC_WANT_STAT);
}

void proctable_free(struct proctable *t)
{
	for (size_t i = 0; i < t->n; i++)
		proc_entry_free(&t->v[i]);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static int cmp_oom(const void *a, const void *b)
{
	const struct proc_entry *x = a, *y = b;
	if (x->oom_score != y->oom_score)
		return x->oom_score > y->oom_score ? -1 : 1;
	if (x->rss_kib != y->rss_kib)
		return x->rss_kib > y->rss_kib ? -1 : 1;
	return x->pid < y->pid ? -1 : (x->pid > y->pid);
}

void proctable_sort_oom(struct proctable *t)
{
	if (t->n < 2)
		return;  /* also keeps a NULL array (empty table) away from qsort */
	qsort(t->v, t->n, sizeof(t->v[0]), cmp_oom);
}
