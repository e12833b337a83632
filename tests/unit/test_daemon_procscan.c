/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the daemon's scanner holding each process's /proc files open while memory is
 * short (os/daemon/procscan.c, os/daemon/pidfiles.c): on a copy of a fixture tree, a held scan
 * re-reads without opening and sees what changed, a pid that left is let go, the descriptor
 * limit is kept, and stopping closes every file; on the real /proc, a held file of a process
 * that has ended is dropped, not read as someone else's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "os/core/sysroot.h"
#include "os/daemon/procscan.h"

static char tree[] = "/tmp/og-procscan-XXXXXX";

static int copy_tree(void **state)
{
	(void)state;
	char cmd[512];
	if (!mkdtemp(tree))
		return -1;
	snprintf(cmd, sizeof(cmd), "cp -r '%s/top-modern/proc' '%s/proc'", FIXTURES_DIR, tree);
	return system(cmd) == 0 ? 0 : -1;
}

static int remove_tree(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tree);
	return system(cmd) == 0 ? 0 : -1;
}

static unsigned open_fds(void)
{
	unsigned n = 0;
	DIR *d = opendir("/proc/self/fd");
	if (!d)
		return 0;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static const struct candidate *find(const struct procscan *ps, pid_t pid)
{
	for (size_t i = 0; i < ps->n; i++)
		if (ps->v[i].pid == pid)
			return &ps->v[i];
	return NULL;
}

/* Rewrites a file in place (the same inode, as /proc's content changes under a held file). */
static void rewrite(const char *rel, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", tree, rel);
	int fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void test_held_scan(void **state)
{
	(void)state;
	struct procscan ps;
	assert_int_equal(sysroot_init(tree), 0);
	unsigned fds_before = open_fds();
	assert_int_equal(procscan_init(&ps, 64), 0);
	ps.want_cgroup = true;

	/* not holding: every scan opens every file it reads */
	int n = procscan_run(&ps, NULL, NULL);
	assert_true(n > 0);
	unsigned opened = ps.files.opened;
	assert_true(opened >= (unsigned)n * 4);
	assert_int_equal(procscan_run(&ps, NULL, NULL), n);
	assert_int_equal(ps.files.opened, opened);

	/* holding: the first scan opens them, the next one opens nothing and reads the same */
	procscan_hold(&ps, true);
	assert_int_equal(procscan_run(&ps, NULL, NULL), n);
	assert_int_equal(ps.files.opened, opened);
	assert_int_equal(procscan_run(&ps, NULL, NULL), n);
	assert_int_equal(ps.files.opened, 0);
	const struct candidate *c = find(&ps, 4242);
	assert_non_null(c);
	assert_int_equal(c->rss_kib, 40000);

	/* what changed under a held file is read */
	rewrite("proc/4242/status", "Name:\ta b) (c\nState:\tS (sleeping)\nUid:\t1000\t1000\t1000\t1000\n"
		"Threads:\t1\nVmRSS:\t90000 kB\nRssAnon:\t90000 kB\nRssFile:\t0 kB\nRssShmem:\t0 kB\n"
		"VmPTE:\t200 kB\nVmSwap:\t512 kB\n");
	rewrite("proc/4242/oom_score_adj", "500\n");
	assert_int_equal(procscan_run(&ps, NULL, NULL), n);
	assert_int_equal(ps.files.opened, 0);
	c = find(&ps, 4242);
	assert_non_null(c);
	assert_int_equal(c->rss_kib, 90000);
	assert_int_equal(c->swap_kib, 512);
	assert_int_equal(c->oom_score_adj, 500);

	/* a pid that left /proc is let go: its files are closed at the scan's end */
	unsigned fds_held = open_fds();
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s/proc/4242'", tree);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(procscan_run(&ps, NULL, NULL), n - 1);
	assert_null(find(&ps, 4242));
	assert_int_equal(ps.files.opened, 0);
	assert_int_equal(open_fds(), fds_held - 4);

	/* the descriptor limit: past it, files are opened and closed again as without a hold */
	procscan_hold(&ps, false);
	assert_int_equal(open_fds(), fds_before + 1);   /* /proc itself */
	size_t limit = ps.files.limit;
	ps.files.limit = 2;
	procscan_hold(&ps, true);
	assert_int_equal(procscan_run(&ps, NULL, NULL), n - 1);
	unsigned first = ps.files.opened;
	assert_int_equal(procscan_run(&ps, NULL, NULL), n - 1);
	assert_true(ps.files.opened > 0 && ps.files.opened < first);
	assert_true(open_fds() <= fds_before + 1 + 2 * PIDFILE_KINDS);
	ps.files.limit = limit;

	/* stopping closes every held file */
	procscan_hold(&ps, false);
	assert_int_equal(open_fds(), fds_before + 1);
	procscan_free(&ps);
	assert_int_equal(open_fds(), fds_before);
}

static pid_t child = -1;

/* A failed assertion leaves the child behind: end it if it is still ours and unreaped
 * (waitpid(WNOHANG) is 0 only then, so its pid cannot be anyone else's). */
static int end_child(void **state)
{
	(void)state;
	if (child > 0 && waitpid(child, NULL, WNOHANG) == 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	child = -1;
	return 0;
}

/* On the real /proc: a held stat of a child that has ended and been reaped reads ESRCH; the
 * entry drops its files and opens the path again, which is gone (or, were the pid reused, would
 * be the new process's own). */
static void test_held_file_of_ended_process(void **state)
{
	(void)state;
	struct pidfiles pf;
	char buf[1024], name[16];
	assert_int_equal(sysroot_init("/"), 0);
	int proc_fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(proc_fd >= 0);
	assert_int_equal(pidfiles_init(&pf, 8), 0);
	pidfiles_hold(&pf, true, 8);

	child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	assert_true(child > 0);
	snprintf(name, sizeof(name), "%d", (int)child);
	pidfiles_scan_begin(&pf);
	struct pidfiles_entry *e = pidfiles_take(&pf, child);
	assert_non_null(e);
	assert_true(pidfiles_read(&pf, e, proc_fd, name, PIDFILE_STAT, buf, sizeof(buf)) > 0);
	assert_true(e->fd[PIDFILE_STAT] >= 0);
	pidfiles_scan_end(&pf);

	pid_t ended = child;
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	child = -1;
	pidfiles_scan_begin(&pf);
	e = pidfiles_take(&pf, ended);
	assert_non_null(e);
	assert_true(e->fd[PIDFILE_STAT] >= 0);           /* moved over from the last scan */
	ssize_t r = pidfiles_read(&pf, e, proc_fd, name, PIDFILE_STAT, buf, sizeof(buf));
	assert_int_equal(r, -ENOENT);                    /* the path was tried again: gone */
	assert_int_equal(e->fd[PIDFILE_STAT], -1);
	pidfiles_scan_end(&pf);

	pidfiles_free(&pf);
	close(proc_fd);
}

/* On the real /proc: a held scan keeps each candidate's cmdline open unread, and the action's
 * read of the victim's is then a pread (no file opened); once the process has ended, the held
 * file reads nothing of someone else's. */
static void test_held_cmdline(void **state)
{
	(void)state;
	struct procscan ps;
	char buf[256];
	assert_int_equal(sysroot_init("/"), 0);
	assert_int_equal(procscan_init(&ps, 8192), 0);
	child = fork();
	if (child == 0) {
		execl("/bin/sleep", "sleep", "30", (char *)NULL);
		_exit(127);
	}
	assert_true(child > 0);
	/* wait until it is sleep, not this test's fork */
	for (int i = 0; i < 200; i++) {
		if (procscan_cmdline(&ps, child, buf, sizeof(buf)) > 0 && strcmp(buf, "sleep 30") == 0)
			break;
		usleep(10000);
	}
	assert_string_equal(buf, "sleep 30");
	procscan_hold(&ps, true);
	assert_true(procscan_run(&ps, NULL, NULL) > 0);
	assert_true(procscan_held_fd(&ps, child, PIDFILE_CMDLINE) >= 0);
	unsigned opened = ps.files.opened;
	memset(buf, 0, sizeof(buf));
	assert_int_equal(procscan_cmdline(&ps, child, buf, sizeof(buf)), 8);
	assert_string_equal(buf, "sleep 30");
	assert_int_equal(ps.files.opened, opened);      /* read through the held file */
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	pid_t ended = child;
	child = -1;
	assert_true(procscan_cmdline(&ps, ended, buf, sizeof(buf)) < 0);
	procscan_hold(&ps, false);
	procscan_free(&ps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_held_scan, copy_tree, remove_tree),
		cmocka_unit_test_teardown(test_held_file_of_ended_process, end_child),
		cmocka_unit_test_teardown(test_held_cmdline, end_child),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
