/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's journal records end to end (os/daemon/daemon_log.c over os/core/sd_socket.c):
 * a child in a mount namespace of its own sees this test's datagram socket at journald's path,
 * logs a kill (a process name with a newline) and a message through daemon_log, and the test
 * decodes what arrived in the native protocol's two forms.  Without the socket, no journal.  A
 * journald that reads nothing makes the daemon drop records, not wait, and it allocates none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "lib/policy/daemon_config.h"
#include "os/core/sd_socket.h"
#include "os/daemon/daemon_log.h"
#include "daemon_test_log.h"
#include "event_builder.h"

/* Allocation count while `counting` (the sanitizer build has its own allocator: not counted).
 * Calls from libc itself (vsnprintf's) come through these too. */
#ifndef __SANITIZE_ADDRESS__
#define COUNTS_ALLOCATIONS 1
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
static volatile int counting;
static volatile unsigned allocations;
void *malloc(size_t n)
{
	if (counting)
		allocations++;
	return __libc_malloc(n);
}
void *calloc(size_t n, size_t size)
{
	if (counting)
		allocations++;
	return __libc_calloc(n, size);
}
void *realloc(void *p, size_t n)
{
	if (counting)
		allocations++;
	return __libc_realloc(p, n);
}
#else
#define COUNTS_ALLOCATIONS 0
static volatile int counting;
static volatile unsigned allocations;
#endif

static char dir[80];
static const char comm[] = "j (hog)\n\"x";

/* One field of a record in the native protocol; false when the bytes are malformed. */
static bool next_field(const char **p, const char *end, char *name, size_t name_cap,
		       const char **value, size_t *value_len)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	const char *eq = nl ? memchr(*p, '=', (size_t)(nl - *p)) : NULL;
	if (!nl)
		return false;
	size_t n = (size_t)((eq ? eq : nl) - *p);
	if (n == 0 || n >= name_cap)
		return false;
	memcpy(name, *p, n);
	name[n] = '\0';
	if (eq) {                                   /* NAME=value\n */
		*value = eq + 1;
		*value_len = (size_t)(nl - eq - 1);
		*p = nl + 1;
		return true;
	}
	if (end - nl < 1 + 8)                       /* NAME\n size value \n */
		return false;
	uint64_t len = 0;
	for (int b = 7; b >= 0; b--)
		len = len << 8 | (unsigned char)nl[1 + b];
	if ((uint64_t)(end - nl - 9) < len + 1 || nl[9 + len] != '\n')
		return false;
	*value = nl + 9;
	*value_len = (size_t)len;
	*p = nl + 9 + len + 1;
	return true;
}

/* The value of the field named name in the record (the first one), NULL when absent. */
static const char *field(const char *rec, size_t len, const char *want, size_t *vlen)
{
	const char *p = rec, *end = rec + len, *v = NULL;
	char name[80];
	while (p < end) {
		assert_true(next_field(&p, end, name, sizeof(name), &v, vlen));
		if (strcmp(name, want) == 0)
			return v;
	}
	return NULL;
}

static void expect_field(const char *rec, size_t len, const char *name, const char *want, size_t want_len)
{
	size_t vlen;
	const char *v = field(rec, len, name, &vlen);
	if (!v)
		fail_msg("no %s in the record", name);
	assert_int_equal(vlen, want_len);
	assert_memory_equal(v, want, want_len);
}
#define EXPECT(rec, len, name, want) expect_field(rec, len, name, want, strlen(want))

/* In a child: a mount namespace of its own where dir is journald's socket directory (or, with
 * no_socket, where that directory is empty).  0, 77 no namespace, 1 a failure. */
static int enter_namespace(bool no_socket)
{
	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("og-test-run", "/run", "tmpfs", 0, "mode=0755") < 0)
		return 77;
	if (mkdir("/run/systemd", 0755) < 0 || mkdir("/run/systemd/journal", 0755) < 0)
		return 1;
	if (!no_socket && mount(dir, "/run/systemd/journal", NULL, MS_BIND, NULL) < 0)
		return 1;
	return 0;
}

/* In a child (ended by alarm() after 20 s, whatever waits): the namespace above, and a daemon_log
 * with --log auto there.  0 its target is the journal, 3 it is not, 77 no namespace, 1 failed. */
static int child_journal_log(bool no_socket, struct daemon_log **log)
{
	alarm(20);
	int r = enter_namespace(no_socket);
	if (r)
		return r;
	r = daemon_test_log_open_to(log, dir, LOG_TO_AUTO);
	if (r < 0) {
		fprintf(stderr, "daemon_log_open: %s\n", strerror(-r));
		return 1;
	}
	if (strcmp(daemon_log_target_name(*log), "journal") != 0) {
		fprintf(stderr, "log target: %s\n", daemon_log_target_name(*log));
		return 3;
	}
	return 0;
}

/* Logs a kill and a message.  Exit status: 0 logged to the journal, 3 target not the journal,
 * 77 no namespace, other: a failure. */
static int child(bool no_socket)
{
	struct daemon_log *log;
	int r = child_journal_log(no_socket, &log);
	if (r)
		return r;
	struct daemon_event ev;
	event_builder_kill(&ev, comm);
	if (daemon_log_event(log, &ev) < 0)
		return 1;
	daemon_log_msg(log, LOG_ERR, "cannot read %s", "/proc/meminfo");
	daemon_log_close(log);
	return 0;
}

static int run_child(bool no_socket)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(child(no_socket));
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	if (WEXITSTATUS(st) == 77) {
		fprintf(stderr, "skipping: no mount namespace for journald's socket path\n");
		skip();
	}
	return WEXITSTATUS(st);
}

/* The test's datagram socket at dir/socket, where the child's journald socket will be (it is
 * read without waiting); skips without root. */
static int journald_stand_in(struct sockaddr_un *sa)
{
	if (geteuid() != 0) {
		fprintf(stderr, "skipping: journald's socket path needs root (a mount namespace)\n");
		skip();
	}
	*sa = (struct sockaddr_un){ .sun_family = AF_UNIX };
	snprintf(sa->sun_path, sizeof(sa->sun_path), "%s/socket", dir);
	int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	assert_true(s >= 0);
	assert_int_equal(bind(s, (struct sockaddr *)sa, sizeof(*sa)), 0);
	return s;
}

static void test_records_reach_the_journal(void **state)
{
	struct sockaddr_un sa;
	int s = journald_stand_in(&sa);

	assert_int_equal(run_child(false), 0);
	static char rec[65536];
	ssize_t n = recv(s, rec, sizeof(rec), 0);
	assert_true(n > 0);
	EXPECT(rec, (size_t)n, "MESSAGE_ID", OOMGUARD_MESSAGE_ID_ACTION);
	EXPECT(rec, (size_t)n, "PRIORITY", "4");
	EXPECT(rec, (size_t)n, "SYSLOG_IDENTIFIER", "oomguard");
	EXPECT(rec, (size_t)n, "OOMGUARD_PID", "4242");
	EXPECT(rec, (size_t)n, "OOMGUARD_SIGNAL", "SIGTERM");
	EXPECT(rec, (size_t)n, "OOMGUARD_COMM", comm);   /* newline: the sized form */
	assert_non_null(memmem(rec, (size_t)n, "OOMGUARD_COMM\n\x0a\0\0\0\0\0\0\0", 22));
	size_t mlen;
	const char *m = field(rec, (size_t)n, "MESSAGE", &mlen);
	assert_non_null(m);
	assert_non_null(memmem(m, mlen, "4242", 4));

	n = recv(s, rec, sizeof(rec), 0);
	assert_true(n > 0);
	EXPECT(rec, (size_t)n, "MESSAGE", "cannot read /proc/meminfo");
	EXPECT(rec, (size_t)n, "PRIORITY", "3");
	EXPECT(rec, (size_t)n, "MESSAGE_ID", OOMGUARD_MESSAGE_ID_DAEMON);
	assert_int_equal(recv(s, rec, sizeof(rec), 0), -1);   /* nothing else */
	assert_int_equal(errno, EAGAIN);
	close(s);
	unlink(sa.sun_path);

	/* journald's directory without its socket: --log auto does not pick the journal */
	assert_int_equal(run_child(true), 3);
}

#define FLOOD_RECORDS 2000

/* Logs 1 + FLOOD_RECORDS kills while the test reads nothing, counting allocations after the
 * first; tells the test how many it logged, waits until the test has read its queue, logs one
 * more.  A send that waited for the full queue would meet alarm() and end the child. */
static int child_flood(int to_test, int from_test)
{
	struct daemon_log *log;
	int r = child_journal_log(false, &log);
	if (r)
		return r;
	struct daemon_event ev;
	event_builder_kill(&ev, comm);
	/* the daemon logs its start before anything else: libc's one-time set-up of the time zone
	 * (it reads /etc/localtime: 5 allocations in glibc) is done by then */
	daemon_log_event(log, &ev);
	counting = 1;
	for (int i = 0; i < FLOOD_RECORDS; i++)
		daemon_log_event(log, &ev);
	counting = 0;
	unsigned report[2] = { FLOOD_RECORDS + 1, allocations };
	char go;
	if (write(to_test, report, sizeof(report)) != sizeof(report) || read(from_test, &go, 1) != 1)
		return 1;
	daemon_log_msg(log, LOG_ERR, "after the flood");
	daemon_log_close(log);
	return 0;
}

/* journald not reading: the daemon's sends do not wait (its loop and next kill must not), they
 * allocate nothing, and the first record that gets through says how many were dropped. */
static void test_full_journal_never_waits(void **state)
{
	struct sockaddr_un sa;
	int s = journald_stand_in(&sa);
	int up[2], down[2];
	assert_int_equal(pipe(up), 0);
	assert_int_equal(pipe(down), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(child_flood(up[1], down[0]));
	close(up[1]);
	close(down[0]);
	unsigned report[2] = { 0, 0 };
	ssize_t got = read(up[0], report, sizeof(report));    /* EOF if the child failed first */
	static char rec[65536];
	unsigned queued = 0;
	while (recv(s, rec, sizeof(rec), 0) > 0)
		queued++;
	signal(SIGPIPE, SIG_IGN);          /* a child that died: a failed assertion below, not SIGPIPE */
	(void)!write(down[1], "g", 1);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));        /* not SIGALRM: no send waited */
	if (WEXITSTATUS(st) == 77) {
		fprintf(stderr, "skipping: no mount namespace for journald's socket path\n");
		skip();
	}
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_int_equal(got, (ssize_t)sizeof(report));
	fprintf(stderr, "%u records logged, %u queued (net.unix.max_dgram_qlen), %u allocations\n",
		report[0], queued, report[1]);
	assert_true(queued > 0 && queued < report[0]);
	if (COUNTS_ALLOCATIONS)
		assert_int_equal(report[1], 0);
	else
		fprintf(stderr, "note: the sanitizer build does not count allocations\n");
	ssize_t n = recv(s, rec, sizeof(rec), 0);
	assert_true(n > 0);
	EXPECT(rec, (size_t)n, "MESSAGE", "after the flood");
	char dropped[16];
	snprintf(dropped, sizeof(dropped), "%u", report[0] - queued);
	EXPECT(rec, (size_t)n, "OOMGUARD_JOURNAL_DROPPED", dropped);
	close(s);
	close(up[0]);
	close(down[1]);
	unlink(sa.sun_path);
}

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/og-djournal-XXXXXX", tmp && *tmp ? tmp : P_tmpdir);
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records_reach_the_journal),
		cmocka_unit_test(test_full_journal_never_waits),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
