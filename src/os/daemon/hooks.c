/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hook runner (see hooks.h): vfork + execve with a prepared argv and environment, a new process
 * group, optional setresgid/setresuid in the child, and a deadline after which the group gets
 * SIGKILL.  Waiting uses a pidfd when the kernel has pidfd_open (5.3), else short polls. */
#include "os/daemon/hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HOOK_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

struct env_builder {
	char *buf;
	size_t cap, used;
	char **env;
	size_t max, n;
	bool overflow;
};

static void env_add(struct env_builder *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void env_add(struct env_builder *b, const char *fmt, ...)
{
	va_list ap;
	if (b->n >= b->max || b->used >= b->cap) {
		b->overflow = true;
		return;
	}
	va_start(ap, fmt);
	int n = vsnprintf(b->buf + b->used, b->cap - b->used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= b->cap - b->used) {
		b->overflow = true;
		return;
	}
	b->env[b->n++] = b->buf + b->used;
	b->used += (size_t)n + 1;
}

/* Copies s (raw bytes, stopping at NUL or cap) as a variable's value. */
static void env_add_text(struct env_builder *b, const char *name, const char *s, size_t cap)
{
	env_add(b, "%s=%.*s", name, (int)strnlen(s, cap), s);
}

int hook_event_env(const struct daemon_event *ev, const char *phase, char *buf, size_t cap,
		   char **env, size_t max_env)
{
	struct env_builder b = { buf, cap, 0, env, max_env, 0, false };

	env_add(&b, "PATH=%s", HOOK_PATH);
	env_add(&b, "OOMGUARD_EVENT=%s", phase ? phase : "");
	if (ev) {
		const struct event_proc *v = &ev->victim;
		env_add(&b, "OOMGUARD_KIND=%s", event_kind_name(ev->kind));
		env_add_text(&b, "OOMGUARD_REASON", ev->trigger.reason, sizeof(ev->trigger.reason));
		env_add(&b, "OOMGUARD_DRY_RUN=%d", ev->dry_run ? 1 : 0);
		env_add(&b, "OOMGUARD_OUTCOME=%s", event_outcome_name(ev->outcome));
		if (ev->signal > 0)
			env_add(&b, "OOMGUARD_SIGNAL=%s", signal_name(ev->signal));
		if (ev->trigger.mem_available_kib != UINT64_MAX)
			env_add(&b, "OOMGUARD_MEM_AVAILABLE_KB=%llu", (unsigned long long)ev->trigger.mem_available_kib);
		if (ev->trigger.swap_free_kib != UINT64_MAX)
			env_add(&b, "OOMGUARD_SWAP_FREE_KB=%llu", (unsigned long long)ev->trigger.swap_free_kib);
		if (ev->recovered_kib != UINT64_MAX && ev->kind == EVENT_KILL)
			env_add(&b, "OOMGUARD_RECOVERED_KB=%llu", (unsigned long long)ev->recovered_kib);
		if (ev->has_victim) {
			env_add(&b, "OOMGUARD_PID=%d", (int)v->pid);
			env_add_text(&b, "OOMGUARD_NAME", v->comm, sizeof(v->comm));
			env_add(&b, "OOMGUARD_UID=%u", (unsigned)v->uid);
			env_add(&b, "OOMGUARD_RSS_KB=%llu", (unsigned long long)v->rss_kib);
			env_add(&b, "OOMGUARD_SWAP_KB=%llu", (unsigned long long)v->swap_kib);
			env_add(&b, "OOMGUARD_OOM_SCORE=%d", v->oom_score);
			env_add(&b, "OOMGUARD_OOM_SCORE_ADJ=%d", v->oom_score_adj);
			env_add_text(&b, "OOMGUARD_CGROUP", v->cgroup, sizeof(v->cgroup));
			env_add_text(&b, "OOMGUARD_UNIT", v->unit, sizeof(v->unit));
			env_add_text(&b, "OOMGUARD_CMDLINE", v->cmdline, sizeof(v->cmdline));
			env_add(&b, "OOMGUARD_SCOPE=%s", kill_scope_name(ev->scope));
			/* what earlyoom's -N scripts read */
			env_add(&b, "EARLYOOM_PID=%d", (int)v->pid);
			env_add(&b, "EARLYOOM_UID=%u", (unsigned)v->uid);
			env_add_text(&b, "EARLYOOM_NAME", v->comm, sizeof(v->comm));
		}
	}
	env[b.n] = NULL;
	return b.overflow ? -E2BIG : (int)b.n;
}

/* argv[0] as an executable path: as given when it has a '/', else the first PATH match. */
static int resolve(const char *name, char *out, size_t cap)
{
	if (strchr(name, '/')) {
		if ((size_t)snprintf(out, cap, "%s", name) >= cap)
			return -ENAMETOOLONG;
		return access(out, X_OK) == 0 ? 0 : -errno;
	}
	const char *p = HOOK_PATH;
	while (*p) {
		const char *colon = strchr(p, ':');
		size_t dl = colon ? (size_t)(colon - p) : strlen(p);
		if ((size_t)snprintf(out, cap, "%.*s/%s", (int)dl, p, name) < cap && access(out, X_OK) == 0)
			return 0;
		p += dl + (colon ? 1 : 0);
	}
	return -ENOENT;
}

static long sys_setresid(long nr, long id)
{
	return syscall(nr, id, id, id);
}

int hook_start(struct hook_child *c, char *const argv[], const struct daemon_event *ev,
	       const char *phase, const char *const *extra_env, const struct hook_creds *creds,
	       unsigned timeout_ms)
{
	char path[512];
	volatile int child_errno = 0;
	size_t n = 0;
	int r;

	c->pid = 0;
	c->pidfd = -1;
	if (!argv || !argv[0])
		return -EINVAL;
	r = resolve(argv[0], path, sizeof(path));
	if (r < 0)
		return r;
	for (; argv[n]; n++) {
		if (n >= HOOK_MAX_ARGS)
			return -E2BIG;
		c->argv[n] = argv[n];
	}
	c->argv[n] = NULL;
	r = hook_event_env(ev, phase, c->strings, sizeof(c->strings), c->envp, HOOK_MAX_ENV);
	if (r < 0)
		return r;
	for (size_t i = 0; extra_env && extra_env[i]; i++) {
		if ((size_t)r >= HOOK_MAX_ENV)
			return -E2BIG;
		c->envp[r++] = (char *)extra_env[i];
		c->envp[r] = NULL;
	}
	long uid = creds ? creds->uid : -1, gid = creds ? creds->gid : -1;
#ifdef SYS_setresuid32
	const long nr_uid = SYS_setresuid32, nr_gid = SYS_setresgid32, nr_groups = SYS_setgroups32;
#else
	const long nr_uid = SYS_setresuid, nr_gid = SYS_setresgid, nr_groups = SYS_setgroups;
#endif

	/* vfork: no copy of the (locked) address space; the child only calls async-signal-safe
	 * functions and raw syscalls (credentials are per task), then execve or _exit */
	pid_t pid = vfork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGPIPE, SIG_DFL);
		setpgid(0, 0);
		int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (fd >= 0)
			dup2(fd, 0);
		if (gid >= 0 && (syscall(nr_groups, 0, NULL) < 0 || sys_setresid(nr_gid, gid) < 0)) {
			child_errno = errno;
			_exit(126);
		}
		if (uid >= 0 && sys_setresid(nr_uid, uid) < 0) {
			child_errno = errno;
			_exit(126);
		}
		execve(path, c->argv, c->envp);
		child_errno = errno ? errno : ENOEXEC;
		_exit(127);
	}
	if (child_errno) {
		int e = child_errno;
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		return -e;
	}
	setpgid(pid, pid);   /* also from this side: no race with an early kill(-pid) */
	c->pid = pid;
#ifdef SYS_pidfd_open
	c->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (c->pidfd >= 0)
		fcntl(c->pidfd, F_SETFD, FD_CLOEXEC);
#endif
	c->deadline_ms = now_ms() + timeout_ms;
	snprintf(c->what, sizeof(c->what), "%s", phase ? phase : "hook");
	return 0;
}

static void release(struct hook_child *c)
{
	if (c->pidfd >= 0)
		close(c->pidfd);
	c->pidfd = -1;
	c->pid = 0;
}

static int reap_if_done(struct hook_child *c)
{
	int st;
	pid_t r = waitpid(c->pid, &st, WNOHANG);
	if (r == c->pid) {
		release(c);
		return st;
	}
	if (r < 0 && errno == ECHILD) {   /* reaped elsewhere (SIGCHLD ignored?) */
		release(c);
		return -ECHILD;
	}
	return -EAGAIN;
}

static int kill_and_reap(struct hook_child *c)
{
	kill(-c->pid, SIGKILL);
	kill(c->pid, SIGKILL);
	while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
		;
	release(c);
	return -ETIMEDOUT;
}

int hook_poll(struct hook_child *c)
{
	if (c->pid <= 0)
		return -ECHILD;
	int r = reap_if_done(c);
	if (r != -EAGAIN)
		return r;
	return now_ms() >= c->deadline_ms ? kill_and_reap(c) : -EAGAIN;
}

int hook_wait(struct hook_child *c)
{
	for (;;) {
		int r = hook_poll(c);
		if (r != -EAGAIN)
			return r;
		uint64_t now = now_ms();
		int left = c->deadline_ms > now ? (int)(c->deadline_ms - now) : 0;
		if (c->pidfd >= 0) {
			struct pollfd p = { .fd = c->pidfd, .events = POLLIN };
			poll(&p, 1, left);       /* EINTR: just look again */
		} else {
			struct timespec ts = { 0, (left < 10 ? left : 10) * 1000000L };
			nanosleep(&ts, NULL);
		}
	}
}

int hook_run(char *const argv[], const struct daemon_event *ev, const char *phase, unsigned timeout_ms)
{
	static struct hook_child c;      /* big: kept off the stack; the daemon runs hooks one at a time */
	int r = hook_start(&c, argv, ev, phase, NULL, NULL, timeout_ms);
	return r < 0 ? r : hook_wait(&c);
}
