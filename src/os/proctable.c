/* Process table snapshot from /proc (see proctable.h).  Uses one directory fd on /proc and
 * openat() per file, so the cost per process is a handful of small reads. */
#include "os/proctable.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/procfs/badness.h"
#include "lib/procfs/cgpath.h"
#include "lib/util/numparse.h"
#include "os/sysroot.h"

static int proc_dirfd = -1;

static int proc_fd(void)
{
	if (proc_dirfd < 0) {
		int fd = sysroot_open("/proc", O_RDONLY | O_DIRECTORY);
		if (fd < 0)
			return fd;
		proc_dirfd = fd;
	}
	return proc_dirfd;
}

void proc_entry_free(struct proc_entry *e)
{
	free(e->cgroup);
	free(e->unit);
	free(e->cmdline);
	e->cgroup = e->unit = e->cmdline = NULL;
}

static int read_small_int(int dfd, const char *rel, int *out)
{
	char buf[32];
	int64_t v;
	ssize_t n = read_at(dfd, rel, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	if (parse_i64(trim_ws(buf), &v) < 0)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

static int gone_or(int r)
{
	/* a process that exits between reads shows as ENOENT or ESRCH; empty reads likewise */
	return (r == -ENOENT || r == -ESRCH) ? -ESRCH : r;
}

int proc_read_one(pid_t pid, unsigned want, struct proc_entry *out)
{
	char rel[64], buf[4096];
	int dfd = proc_fd();
	ssize_t n;
	int r;

	memset(out, 0, sizeof(*out));
	out->oom_score = -1;
	if (dfd < 0)
		return dfd;

	snprintf(rel, sizeof(rel), "%d/stat", (int)pid);
	n = read_at(dfd, rel, buf, sizeof(buf));
	if (n <= 0)
		return n == 0 ? -ESRCH : gone_or((int)n);
	struct pid_stat st;
	if (pid_stat_parse(buf, (size_t)n, &st) < 0)
		return -EINVAL;
	out->pid = st.pid;
	out->ppid = st.ppid;
	out->pgrp = st.pgrp;
	out->starttime = st.starttime;
	out->state = st.state;
	out->threads = st.num_threads;
	memcpy(out->comm, st.comm, sizeof(out->comm));
	out->kthread = pid_stat_is_kthread(&st);

	if (want & PROC_WANT_STATUS) {
		snprintf(rel, sizeof(rel), "%d/status", (int)pid);
		n = read_at(dfd, rel, buf, sizeof(buf));
		if (n <= 0)
			return n == 0 ? -ESRCH : gone_or((int)n);
		struct pid_status ps;
		if (pid_status_parse(buf, (size_t)n, &ps) == 0) {
			out->uid = ps.uid;
			out->rss_kb = ps.vm_rss_kb;
			out->rss_anon_kb = ps.rss_anon_kb;
			out->rss_file_kb = ps.rss_file_kb;
			out->rss_shmem_kb = ps.rss_shmem_kb;
			out->has_rss_split = ps.has_rss_split;
			out->swap_kb = ps.vm_swap_kb;
			out->pte_kb = ps.vm_pte_kb;
			if (ps.has_kthread_field)
				out->kthread = ps.kthread;
		}
	}

	if (want & PROC_WANT_OOM) {
		snprintf(rel, sizeof(rel), "%d/oom_score", (int)pid);
		r = read_small_int(dfd, rel, &out->oom_score);
		if (r < 0 && r != -EACCES)
			return gone_or(r);
		snprintf(rel, sizeof(rel), "%d/oom_score_adj", (int)pid);
		r = read_small_int(dfd, rel, &out->oom_score_adj);
		if (r == -ENOENT) {
			int adj = 0;
			snprintf(rel, sizeof(rel), "%d/oom_adj", (int)pid);
			r = read_small_int(dfd, rel, &adj);
			if (r == 0) {
				out->oom_score_adj = oom_adj_to_score_adj(adj);
				out->legacy_oom_adj = true;
			}
		}
		if (r < 0 && r != -EACCES)
			return gone_or(r);
	}

	if (want & PROC_WANT_CGROUP) {
		snprintf(rel, sizeof(rel), "%d/cgroup", (int)pid);
		n = read_at(dfd, rel, buf, sizeof(buf));
		struct pid_cgroups cg;
		if (n > 0 && pid_cgroup_parse(buf, (size_t)n, &cg) == 0) {
			char unit[256];
			out->cgroup = strdup(pid_cgroup_memory_path(&cg));
			cgroup_path_unit(pid_cgroup_unit_path(&cg), unit, sizeof(unit));
			if (unit[0])
				out->unit = strdup(unit);
		}
	}

	if (want & PROC_WANT_CMDLINE) {
		snprintf(rel, sizeof(rel), "%d/cmdline", (int)pid);
		n = read_at(dfd, rel, buf, sizeof(buf));
		if (n > 0) {
			while (n > 0 && buf[n - 1] == '\0')
				n--;
			for (ssize_t i = 0; i < n; i++)
				if (buf[i] == '\0')
					buf[i] = ' ';
			buf[n] = '\0';
			out->cmdline = strdup(buf);
		}
	}
	return 0;
}

static int parse_pid_name(const char *name, pid_t *pid)
{
	int64_t v;
	if (!isdigit((unsigned char)name[0]) || parse_i64(name, &v) < 0 || v <= 0 || v > INT32_MAX)
		return -EINVAL;
	*pid = (pid_t)v;
	return 0;
}

int proctable_scan(struct proctable *t, unsigned want)
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
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		pid_t pid;
		if (parse_pid_name(de->d_name, &pid) < 0)
			continue;
		if (t->n == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 512;
			struct proc_entry *nv = realloc(t->v, cap * sizeof(*nv));
			if (!nv) {
				closedir(d);
				proctable_free(t);
				return -ENOMEM;
			}
			t->v = nv;
			t->cap = cap;
		}
		int r = proc_read_one(pid, want, &t->v[t->n]);
		if (r == 0) {
			t->n++;
		} else {
			proc_entry_free(&t->v[t->n]);
			if (r == -EACCES || r == -EPERM)
				t->unreadable++;
			else
				t->vanished++;
		}
	}
	closedir(d);
	return (int)t->n;
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
	if (x->rss_kb != y->rss_kb)
		return x->rss_kb > y->rss_kb ? -1 : 1;
	return x->pid < y->pid ? -1 : (x->pid > y->pid);
}

void proctable_sort_oom(struct proctable *t)
{
	qsort(t->v, t->n, sizeof(t->v[0]), cmp_oom);
}
