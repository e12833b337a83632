/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the daemon's signal path (os/daemon/killer.c) on real processes this test starts:
 * a wrong start time means nothing is signalled; the right one kills through the pidfd; and,
 * with root, a pid forced to be reused (a new pid namespace, ns_last_pid) is never signalled
 * on behalf of the process that had it before. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/procfs/pidstat.h"
#include "os/daemon/killer.h"
#include "os/core/sysroot.h"

static uint64_t starttime_of(pid_t pid)
{
	char path[64], buf[1024];
	struct pid_stat st;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	ssize_t n = sysroot_read(path, buf, sizeof(buf));
	if (n <= 0 || pid_stat_parse(buf, (size_t)n, &st) < 0)
		return 0;
	return st.starttime;
}

static pid_t started[8];
static unsigned n_started;

static pid_t start_sleeper(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	if (pid > 0 && n_started < sizeof(started) / sizeof(started[0]))
		started[n_started++] = pid;
	return pid;
}

/* A failed assertion leaves a sleeper behind: end every one this test started and still holds.
 * A sleeper the test already reaped is skipped (its pid may belong to someone else by now):
 * waitpid(WNOHANG) returns 0 only for a child of ours that is alive and unreaped, whose pid no
 * other process can have. */
static int kill_sleepers(void **state)
{
	for (unsigned i = 0; i < n_started; i++)
		if (waitpid(started[i], NULL, WNOHANG) == 0 && kill(started[i], SIGKILL) == 0)
			waitpid(started[i], NULL, 0);
	n_started = 0;
	return 0;
}

static bool alive_child(pid_t pid)
{
	return waitpid(pid, NULL, WNOHANG) == 0;
}

/* A failed assertion in the fixture test must not leave the later tests reading the fixture. */
static int real_root(void **state)
{
	return sysroot_init(NULL);
}

static void test_verify_fixture(void **state)
{
	assert_int_equal(sysroot_init(FIXTURES_DIR "/proc-basic"), 0);
	uint64_t st = starttime_of(300);
	assert_true(st > 0);
	assert_int_equal(killer_verify(300, st), 0);
	assert_int_equal(killer_verify(300, st + 1), -ESRCH);
	assert_int_equal(killer_verify(9999, st), -ESRCH);     /* no such process */
	assert_int_equal(sysroot_init(NULL), 0);
}

static void test_wrong_starttime_is_never_signalled(void **state)
{
	pid_t pid = start_sleeper();
	assert_true(pid > 0);
	uint64_t st = starttime_of(pid);
	assert_true(st > 0);
	assert_int_equal(killer_open_verified(pid, st + 1, -1), -ESRCH);
	assert_int_equal(killer_open_verified(pid, st - 1, -1), -ESRCH);
	assert_true(alive_child(pid));

	/* through a held stat: the same verdicts */
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	int held = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(held >= 0);
	assert_int_equal(killer_open_verified(pid, st + 1, held), -ESRCH);
	int hfd = killer_open_verified(pid, st, held);
	assert_true(hfd >= 0);
	close(hfd);

	int fd = killer_open_verified(pid, st, -1);
	assert_true(fd >= 0);
	assert_int_equal(killer_wait_exit(fd, 0), 0);
	assert_false(killer_exited(fd));
	assert_int_equal(killer_signal(fd, SIGKILL), 0);
	assert_int_equal(killer_wait_exit(fd, 5000), 1);      /* readable once it has exited */
	int mr = killer_mrelease(fd);                        /* exited already: nothing to reap */
	assert_true(mr == 0 || mr == -ESRCH || mr == -EINVAL || mr == -ENOSYS);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	assert_int_equal(killer_signal(fd, SIGKILL), -ESRCH); /* reaped: the pidfd stays dead */
	close(fd);
	assert_int_equal(killer_open_verified(pid, st, -1), -ESRCH);
	assert_int_equal(killer_open_verified(pid, st, held), -ESRCH);   /* its held file: ESRCH */
	close(held);
}

/* Clock ticks since boot, the unit of a process's start time in /proc/PID/stat. */
static uint64_t boot_ticks(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_BOOTTIME, &ts);
	uint64_t hz = (uint64_t)sysconf(_SC_CLK_TCK);
	return (uint64_t)ts.tv_sec * hz + (uint64_t)ts.tv_nsec / (1000000000u / hz);
}

/* Polls (1 ms steps, at most 5 s) until the boot clock is past TICKS: a process started after
 * that has a later start time.  False if the deadline passed. */
static bool wait_past_tick(uint64_t ticks)
{
	struct timespec ms = { 0, 1000000L };
	for (int i = 0; i < 5000; i++) {
		if (boot_ticks() > ticks)
			return true;
		nanosleep(&ms, NULL);
	}
	return false;
}

/* Runs as pid 1 of a new pid namespace with its own /proc.  Exit codes: 0 the newcomer was
 * spared, 1 it was signalled (or the pidfd was accepted), 77 the reuse could not be arranged. */
static int reuse_in_namespace(void)
{
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return 77;
	pid_t a = start_sleeper();     /* its /proc entry and start time exist once fork returns */
	uint64_t start_a = starttime_of(a);
	char stat_a[64];
	snprintf(stat_a, sizeof(stat_a), "/proc/%d/stat", (int)a);
	int held_a = open(stat_a, O_RDONLY | O_CLOEXEC);   /* as the daemon's scan holds it */
	kill(a, SIGKILL);
	waitpid(a, NULL, 0);
	if (start_a == 0 || !wait_past_tick(start_a))   /* the newcomer must start later */
		return 77;
	char last[32];
	snprintf(last, sizeof(last), "%d", (int)a - 1);
	if (sysroot_write("/proc/sys/kernel/ns_last_pid", last) < 0)
		return 77;
	pid_t b = start_sleeper();
	if (b != a) {
		kill(b, SIGKILL);
		return 77;
	}
	int fd = killer_open_verified(a, start_a, -1);   /* what the daemon would do with its old scan */
	int spared = fd == -ESRCH && alive_child(b) && starttime_of(b) != start_a;
	if (fd >= 0)
		close(fd);
	/* Through the held stat of the first process the check reads that file, not the path: even
	 * given the newcomer's own start time it refuses (the held file reads ESRCH), where a check
	 * by path accepts it.  So the held path can never vouch for a reused pid. */
	uint64_t start_b = starttime_of(b);
	fd = held_a >= 0 ? killer_open_verified(a, start_b, held_a) : 0;
	spared = spared && fd == -ESRCH;
	if (fd >= 0 && held_a >= 0)
		close(fd);
	fd = killer_open_verified(a, start_b, -1);
	spared = spared && fd >= 0;
	if (fd >= 0)
		close(fd);
	if (held_a >= 0)
		close(held_a);
	kill(b, SIGKILL);
	waitpid(b, NULL, 0);
	return spared ? 0 : 1;
}

static void test_pid_reuse_is_never_signalled(void **state)
{
	if (geteuid() != 0) {
		fprintf(stderr, "skipping: pid reuse needs root (a new pid namespace)\n");
		skip();
	}
	pid_t outer = fork();
	assert_true(outer >= 0);
	if (outer == 0) {
		alarm(20);                 /* never outlive the test, whatever fails inside */
		if (unshare(CLONE_NEWPID | CLONE_NEWNS) < 0)
			_exit(77);
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
			_exit(77);
		pid_t init = fork();
		if (init == 0)
			_exit(reuse_in_namespace());
		int st;
		if (init < 0 || waitpid(init, &st, 0) != init || !WIFEXITED(st))
			_exit(1);
		_exit(WEXITSTATUS(st));
	}
	int st;
	assert_int_equal(waitpid(outer, &st, 0), outer);
	assert_true(WIFEXITED(st));
	if (WEXITSTATUS(st) == 77) {
		fprintf(stderr, "skipping: this kernel did not allow forcing pid reuse\n");
		skip();
	}
	assert_int_equal(WEXITSTATUS(st), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_verify_fixture, real_root),
		cmocka_unit_test_teardown(test_wrong_starttime_is_never_signalled, kill_sleepers),
		cmocka_unit_test(test_pid_reuse_is_never_signalled),
	};
	return cmocka_run_group_tests(tests, NULL, kill_sleepers);
}
