/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for os/core/sd_socket.c and os/core/syslog_socket.c against real AF_UNIX datagram
 * sockets this test binds (a path in a directory it creates, and an abstract name): the exact
 * bytes of notify messages, journal records (both field encodings) and syslog messages, a record
 * larger than a datagram arriving as a sealed memfd, the watchdog variables' rules, a full
 * receiver refusing at once, and the errors (no socket, nobody listening, bad names). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "os/core/sd_socket.h"
#include "os/core/syslog_socket.h"

static char dir[80];   /* short: the sockets' paths must fit a sockaddr_un */

/* A datagram socket bound to path ("@name": abstract), non-blocking for the checks that
 * nothing arrived. */
static int bind_dgram(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t n = strlen(path);
	socklen_t len;
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	assert_true(fd >= 0);
	assert_true(n < sizeof(sa.sun_path));
	memcpy(sa.sun_path, path, n);
	if (path[0] == '@') {
		sa.sun_path[0] = '\0';
		len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
	} else {
		len = (socklen_t)sizeof(sa);
	}
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, len), 0);
	return fd;
}

/* The next datagram (its payload, length, and any descriptor passed with it). */
static ssize_t recv_one(int sock, void *buf, size_t cap, int *fd_out)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(4 * sizeof(int))];
	} control;
	struct iovec iov = { buf, cap };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = control.buf, .msg_controllen = sizeof(control.buf) };
	ssize_t n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	*fd_out = -1;
	if (n < 0)
		return -errno;
	assert_false(mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC));
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		assert_int_equal(c->cmsg_level, SOL_SOCKET);
		assert_int_equal(c->cmsg_type, SCM_RIGHTS);
		assert_int_equal(c->cmsg_len, CMSG_LEN(sizeof(int)));   /* exactly one descriptor */
		memcpy(fd_out, CMSG_DATA(c), sizeof(int));
	}
	return n;
}

static void expect_datagram(int sock, const void *want, size_t want_len)
{
	char buf[4096];
	int fd;
	ssize_t n = recv_one(sock, buf, sizeof(buf), &fd);
	assert_int_equal(fd, -1);
	assert_int_equal(n, (ssize_t)want_len);
	assert_memory_equal(buf, want, want_len);
}

static void expect_nothing(int sock)
{
	char buf[16];
	int fd;
	assert_int_equal(recv_one(sock, buf, sizeof(buf), &fd), -EAGAIN);
}

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/og-sdsock-XXXXXX", tmp && *tmp ? tmp : P_tmpdir);
	assert_non_null(mkdtemp(dir));
	unsetenv("NOTIFY_SOCKET");
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void path_in_dir(char *buf, size_t cap, const char *name)
{
	snprintf(buf, cap, "%s/%s", dir, name);
}

static void test_notify_path(void **state)
{
	char path[128];
	path_in_dir(path, sizeof(path), "notify");
	int s = bind_dgram(path);
	assert_int_equal(sd_socket_notify_to(path, "READY=1"), 1);
	expect_datagram(s, "READY=1", 7);
	/* through the environment, every state the daemon sends */
	setenv("NOTIFY_SOCKET", path, 1);
	static const char *const states[] = { "RELOADING=1", "STOPPING=1", "WATCHDOG=1",
					      "STATUS=guarding: 512 MiB free", "READY=1\nSTATUS=a" };
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		assert_int_equal(sd_socket_notify(states[i]), 1);
		expect_datagram(s, states[i], strlen(states[i]));
	}
	expect_nothing(s);
	assert_int_equal(sd_socket_notify(""), -EINVAL);
	expect_nothing(s);
	unsetenv("NOTIFY_SOCKET");
	close(s);
}

static void test_notify_abstract(void **state)
{
	char name[64];
	snprintf(name, sizeof(name), "@oomguard-test-notify-%d", (int)getpid());
	int s = bind_dgram(name);
	setenv("NOTIFY_SOCKET", name, 1);
	assert_int_equal(sd_socket_notify("READY=1"), 1);
	expect_datagram(s, "READY=1", 7);
	close(s);
	/* the same name, nobody bound to it any more */
	assert_int_equal(sd_socket_notify("READY=1"), -ECONNREFUSED);
	unsetenv("NOTIFY_SOCKET");
}

static void test_notify_errors(void **state)
{
	char path[128], longname[200];

	/* not under a service manager: nothing to do, nothing sent */
	unsetenv("NOTIFY_SOCKET");
	assert_int_equal(sd_socket_notify("READY=1"), 0);
	setenv("NOTIFY_SOCKET", "", 1);
	assert_int_equal(sd_socket_notify("READY=1"), 0);

	path_in_dir(path, sizeof(path), "missing");
	assert_int_equal(sd_socket_notify_to(path, "READY=1"), -ENOENT);
	setenv("NOTIFY_SOCKET", path, 1);
	assert_int_equal(sd_socket_notify("READY=1"), -ENOENT);
	/* a socket file whose socket was closed */
	path_in_dir(path, sizeof(path), "closed");
	close(bind_dgram(path));
	assert_int_equal(sd_socket_notify_to(path, "READY=1"), -ECONNREFUSED);

	assert_int_equal(sd_socket_notify_to("relative/path", "READY=1"), -EAFNOSUPPORT);
	assert_int_equal(sd_socket_notify_to("vsock:2:1234", "READY=1"), -EAFNOSUPPORT);
	assert_int_equal(sd_socket_notify_to("@", "READY=1"), -EINVAL);
	memset(longname, 'x', sizeof(longname) - 1);
	longname[0] = '/';
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(sd_socket_notify_to(longname, "READY=1"), -ENAMETOOLONG);
	longname[0] = '@';
	assert_int_equal(sd_socket_notify_to(longname, "READY=1"), -ENAMETOOLONG);
	unsetenv("NOTIFY_SOCKET");
}

static void test_watchdog(void **state)
{
	uint64_t usec = 7;
	char pid[32];

	assert_int_equal(sd_socket_watchdog_usec(&usec), 0);
	assert_int_equal(usec, 7);
	setenv("WATCHDOG_USEC", "20000000", 1);
	assert_int_equal(sd_socket_watchdog_usec(&usec), 1);
	assert_int_equal(usec, 20000000);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	setenv("WATCHDOG_PID", pid, 1);
	usec = 0;
	assert_int_equal(sd_socket_watchdog_usec(&usec), 1);
	assert_int_equal(usec, 20000000);
	/* another process's watchdog (set for a parent, inherited) */
	snprintf(pid, sizeof(pid), "%d", (int)getppid());
	setenv("WATCHDOG_PID", pid, 1);
	usec = 0;
	assert_int_equal(sd_socket_watchdog_usec(&usec), 0);
	assert_int_equal(usec, 0);
	setenv("WATCHDOG_PID", "12x", 1);
	assert_int_equal(sd_socket_watchdog_usec(&usec), -EINVAL);
	unsetenv("WATCHDOG_PID");
	static const char *const bad[] = { "0", "", "-5", " 5", "5s", "99999999999999999999999" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		setenv("WATCHDOG_USEC", bad[i], 1);
		assert_int_equal(sd_socket_watchdog_usec(&usec), -EINVAL);
	}
	setenv("WATCHDOG_USEC", "18446744073709551615", 1);
	assert_int_equal(sd_socket_watchdog_usec(&usec), 1);
	assert_true(usec == UINT64_MAX);
	unsetenv("WATCHDOG_USEC");
	assert_int_equal(sd_socket_watchdog_usec(&usec), 0);
}

#define IOV(s) { (void *)(s), sizeof(s) - 1 }

static void test_journal_fields(void **state)
{
	char path[128];
	path_in_dir(path, sizeof(path), "journal");
	int s = bind_dgram(path);

	struct iovec plain[] = { IOV("MESSAGE=killed 42 (hog)"), IOV("PRIORITY=4"), IOV("OOMGUARD_EMPTY="),
				 IOV("OOMGUARD_EQ=a=b") };
	static const char plain_want[] = "MESSAGE=killed 42 (hog)\nPRIORITY=4\nOOMGUARD_EMPTY=\nOOMGUARD_EQ=a=b\n";
	assert_int_equal(sd_socket_journal_sendv_to(path, plain, 4), 0);
	expect_datagram(s, plain_want, sizeof(plain_want) - 1);

	/* a value with a newline (a hostile process name) and one with a NUL byte: the binary form,
	 * the size as 64-bit little-endian */
	struct iovec bin[] = { IOV("OOMGUARD_COMM=a\nb"), IOV("PRIORITY=3"), IOV("X_1=\0\n") };
	static const char bin_want[] = "OOMGUARD_COMM\n\x03\0\0\0\0\0\0\0a\nb\nPRIORITY=3\nX_1\n\x02\0\0\0\0\0\0\0\0\n\n";
	assert_int_equal(sd_socket_journal_sendv_to(path, bin, 3), 0);
	expect_datagram(s, bin_want, sizeof(bin_want) - 1);

	/* a size that needs more than one byte: 300 = 0x012c */
	static char big[sizeof("BIG=") - 1 + 300];
	memcpy(big, "BIG=", 4);
	memset(big + 4, 'v', 300);
	big[10] = '\n';
	struct iovec one = { big, sizeof(big) };
	char want[3 + 1 + 8 + 300 + 1];
	memcpy(want, "BIG\n\x2c\x01\0\0\0\0\0\0", 12);
	memcpy(want + 12, big + 4, 300);
	want[sizeof(want) - 1] = '\n';
	assert_int_equal(sd_socket_journal_sendv_to(path, &one, 1), 0);
	expect_datagram(s, want, sizeof(want));
	expect_nothing(s);
	close(s);
}

static void test_journal_invalid(void **state)
{
	char path[128];
	path_in_dir(path, sizeof(path), "journal-bad");
	int s = bind_dgram(path);
	static const char *const bad[] = { "message=x", "_PID=1", "1ABC=x", "NOEQUALS", "=x", "A-B=1",
		"A B=1", "\xc3\x84=1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=1" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct iovec f[] = { IOV("MESSAGE=ok"), { (void *)bad[i], strlen(bad[i]) } };
		assert_int_equal(sd_socket_journal_sendv_to(path, f, 2), -EINVAL);
	}
	/* 64 characters is the longest name */
	struct iovec ok = IOV("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=1");
	assert_int_equal(sd_socket_journal_sendv_to(path, &ok, 1), 0);
	expect_datagram(s, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=1\n", 67);
	struct iovec empty = { (void *)"", 0 };
	assert_int_equal(sd_socket_journal_sendv_to(path, &empty, 1), -EINVAL);
	assert_int_equal(sd_socket_journal_sendv_to(path, &ok, 0), -EINVAL);
	struct iovec many[SD_SOCKET_JOURNAL_MAX_FIELDS + 1];
	for (size_t i = 0; i < SD_SOCKET_JOURNAL_MAX_FIELDS + 1; i++)
		many[i] = (struct iovec)IOV("MESSAGE=x");
	assert_int_equal(sd_socket_journal_sendv_to(path, many, SD_SOCKET_JOURNAL_MAX_FIELDS + 1), -E2BIG);
	/* the most fields there may be */
	assert_int_equal(sd_socket_journal_sendv_to(path, many, SD_SOCKET_JOURNAL_MAX_FIELDS), 0);
	char buf[4096];
	int fd;
	assert_int_equal(recv_one(s, buf, sizeof(buf), &fd), SD_SOCKET_JOURNAL_MAX_FIELDS * 10);
	expect_nothing(s);
	close(s);

	assert_int_equal(sd_socket_journal_sendv_to(path, &ok, 1), -ECONNREFUSED);
	path_in_dir(path, sizeof(path), "no-journal");
	assert_int_equal(sd_socket_journal_sendv_to(path, &ok, 1), -ENOENT);
}

/* The kernel's default send buffer of a new socket: a datagram larger than that is EMSGSIZE. */
static size_t default_sndbuf(void)
{
	FILE *f = fopen("/proc/sys/net/core/wmem_default", "r");
	unsigned long v = 0;
	if (f) {
		if (fscanf(f, "%lu", &v) != 1)
			v = 0;
		fclose(f);
	}
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);
	int sb = 0;
	socklen_t l = sizeof(sb);
	assert_true(s >= 0);
	assert_int_equal(getsockopt(s, SOL_SOCKET, SO_SNDBUF, &sb, &l), 0);
	close(s);
	return (size_t)sb > v ? (size_t)sb : v;
}

static void check_memfd(int s, const char *want, size_t want_len)
{
	char buf[16];
	int fd;
	struct stat st;
	assert_int_equal(recv_one(s, buf, sizeof(buf), &fd), 0);   /* empty payload, one fd */
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_size, (off_t)want_len);
	int seals = fcntl(fd, F_GET_SEALS);
	assert_true(seals >= 0);
	assert_int_equal(seals & (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL),
			 F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
	char *got = malloc(want_len);
	assert_non_null(got);
	assert_int_equal(pread(fd, got, want_len, 0), (ssize_t)want_len);
	assert_memory_equal(got, want, want_len);
	free(got);
	close(fd);
}

static void test_journal_memfd(void **state)
{
	char path[128];
	size_t vlen = default_sndbuf() + 64 * 1024;
	if (vlen < 300 * 1024)
		vlen = 300 * 1024;
	path_in_dir(path, sizeof(path), "journal-big");
	int s = bind_dgram(path);

	/* "MESSAGE=" + vlen bytes without a newline */
	char *field = malloc(8 + vlen), *want = malloc(8 + 8 + vlen + 32);
	assert_non_null(field);
	assert_non_null(want);
	memcpy(field, "MESSAGE=", 8);
	for (size_t i = 0; i < vlen; i++)
		field[8 + i] = (char)('a' + i % 26);
	struct iovec f[] = { { field, 8 + vlen }, IOV("PRIORITY=6") };
	assert_int_equal(sd_socket_journal_sendv_to(path, f, 2), 0);
	memcpy(want, field, 8 + vlen);
	memcpy(want + 8 + vlen, "\nPRIORITY=6\n", 12);
	check_memfd(s, want, 8 + vlen + 12);

	/* with a newline: the binary form in the memfd too */
	field[8 + vlen / 2] = '\n';
	assert_int_equal(sd_socket_journal_sendv_to(path, f, 2), 0);
	size_t k = 0;
	memcpy(want, "MESSAGE\n", 8);
	k = 8;
	for (unsigned b = 0; b < 8; b++)
		want[k++] = (char)(unsigned char)((uint64_t)vlen >> (8 * b));
	memcpy(want + k, field + 8, vlen);
	k += vlen;
	memcpy(want + k, "\nPRIORITY=6\n", 12);
	k += 12;
	check_memfd(s, want, k);
	expect_nothing(s);
	free(field);
	free(want);
	close(s);
}

static void test_journal_usable(void **state)
{
	char path[128];
	path_in_dir(path, sizeof(path), "usable");
	assert_false(sd_socket_journal_usable_at(path));          /* missing */
	int s = bind_dgram(path);
	assert_true(sd_socket_journal_usable_at(path));
	close(s);
	unlink(path);
	int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);   /* a file, not a socket */
	assert_true(fd >= 0);
	close(fd);
	assert_false(sd_socket_journal_usable_at(path));
}

static void test_syslog_format(void **state)
{
	(void)state;
	struct tm t = { .tm_year = 126, .tm_mon = 11, .tm_mday = 3, .tm_hour = 6, .tm_min = 5, .tm_sec = 9 };
	char buf[128];
	size_t n = syslog_socket_format(buf, sizeof(buf), LOG_DAEMON, LOG_WARNING, &t, "oomguard", 812,
					"killed java (pid 7) [x] $(rm)");
	/* PRI = 3 * 8 + 4; the day of month space-padded, as RFC 3164 writes it */
	assert_string_equal(buf, "<28>Dec  3 06:05:09 oomguard[812]: killed java (pid 7) [x] $(rm)");
	assert_int_equal(n, strlen(buf));
	/* cut to the buffer, still terminated */
	n = syslog_socket_format(buf, 12, LOG_DAEMON, LOG_ERR, &t, "oomguard", 1, "text");
	assert_int_equal(n, 11);
	assert_string_equal(buf, "<27>Dec  3 ");
	t.tm_mon = 12;        /* out of range: not read past the table */
	syslog_socket_format(buf, sizeof(buf), LOG_USER, LOG_INFO, &t, "x", 1, "y");
	assert_string_equal(buf, "<14>Jan  3 06:05:09 x[1]: y");
}

static void test_syslog_send(void **state)
{
	(void)state;
	char path[128], want[160], buf[512];
	path_in_dir(path, sizeof(path), "log");
	int sock = bind_dgram(path);
	assert_int_equal(syslog_socket_send_to(path, LOG_DAEMON, LOG_NOTICE, "oomguard", "a\nb"), 0);
	int fd;
	ssize_t n = recv_one(sock, buf, sizeof(buf) - 1, &fd);
	assert_int_equal(fd, -1);
	assert_true(n > 0);
	buf[n] = '\0';
	/* "<29>Mmm dd hh:mm:ss oomguard[PID]: a\nb": the stamp's shape, then the exact rest */
	assert_memory_equal(buf, "<29>", 4);
	assert_true(n > 20 && buf[7] == ' ' && buf[10] == ' ' && buf[13] == ':' && buf[16] == ':' && buf[19] == ' ');
	snprintf(want, sizeof(want), "oomguard[%ld]: a\nb", (long)getpid());
	assert_string_equal(buf + 20, want);
	close(sock);
	assert_int_equal(syslog_socket_send_to(path, LOG_DAEMON, LOG_NOTICE, "oomguard", "x"), -ECONNREFUSED);
	path_in_dir(path, sizeof(path), "none");
	assert_int_equal(syslog_socket_send_to(path, LOG_DAEMON, LOG_NOTICE, "oomguard", "x"), -ENOENT);
	unlink(path);
}

/* A syslog daemon that does not read: its queue fills, and then each send is refused at once
 * (-EAGAIN) instead of waiting; once it reads again, sends go through. */
static void test_syslog_full_never_waits(void **state)
{
	(void)state;
	char path[128], buf[512];
	path_in_dir(path, sizeof(path), "full");
	int sock = bind_dgram(path), r = 0, sent = 0, fd;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (sent < 100000 && (r = syslog_socket_send_to(path, LOG_DAEMON, LOG_INFO, "t", "filler")) == 0)
		sent++;
	assert_int_equal(r, -EAGAIN);
	assert_true(sent > 0);
	assert_int_equal(syslog_socket_send_to(path, LOG_DAEMON, LOG_INFO, "t", "one more"), -EAGAIN);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* a blocking send would stand still here for good; generous for a loaded machine */
	assert_true((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 < 5000);
	assert_true(recv_one(sock, buf, sizeof(buf), &fd) > 0);
	assert_int_equal(syslog_socket_send_to(path, LOG_DAEMON, LOG_INFO, "t", "after"), 0);
	close(sock);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notify_path),
		cmocka_unit_test(test_notify_abstract),
		cmocka_unit_test(test_notify_errors),
		cmocka_unit_test(test_watchdog),
		cmocka_unit_test(test_journal_fields),
		cmocka_unit_test(test_journal_invalid),
		cmocka_unit_test(test_journal_memfd),
		cmocka_unit_test(test_journal_usable),
		cmocka_unit_test(test_syslog_format),
		cmocka_unit_test(test_syslog_send),
		cmocka_unit_test(test_syslog_full_never_waits),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
