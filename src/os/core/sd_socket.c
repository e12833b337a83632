/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The notify and journal protocols over AF_UNIX datagrams (see sd_socket.h), written from
 * systemd's sd_notify(3) man page, its doc "The sd_notify protocol", and its
 * docs/JOURNAL_NATIVE_PROTOCOL.md ("Native Journal Protocol"). */
#include "os/core/sd_socket.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* addr as a sockaddr_un: "/path" (NUL-terminated in sun_path) or "@name" (the abstract
 * namespace: a leading NUL, the length says where the name ends).  An AF_VSOCK address
 * ("vsock:CID:PORT", systemd 254 and later, for a manager outside a VM) is not supported: it
 * needs connection-oriented sockets and a header libc does not have. */
static int unix_address(const char *addr, struct sockaddr_un *sa, socklen_t *len)
{
	size_t n = strlen(addr);

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (addr[0] == '@') {
		if (n < 2)
			return -EINVAL;
		if (n > sizeof(sa->sun_path))
			return -ENAMETOOLONG;
		memcpy(sa->sun_path + 1, addr + 1, n - 1);   /* sun_path[0] stays NUL */
		*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
		return 0;
	}
	if (addr[0] != '/')
		return -EAFNOSUPPORT;
	if (n >= sizeof(sa->sun_path))
		return -ENAMETOOLONG;
	memcpy(sa->sun_path, addr, n);
	*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
	return 0;
}

/* One datagram of iov (and, when fd >= 0, that descriptor as SCM_RIGHTS) to sa. */
static int send_datagram(int sock, const struct sockaddr_un *sa, socklen_t salen,
			 struct iovec *iov, size_t iovcnt, int fd)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} control;
	struct msghdr mh;

	memset(&mh, 0, sizeof(mh));
	mh.msg_name = (void *)sa;
	mh.msg_namelen = salen;
	mh.msg_iov = iov;
	mh.msg_iovlen = iovcnt;
	if (fd >= 0) {
		memset(&control, 0, sizeof(control));
		mh.msg_control = control.buf;
		mh.msg_controllen = sizeof(control.buf);
		struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	return sendmsg(sock, &mh, MSG_NOSIGNAL) < 0 ? -errno : 0;
}

/* One datagram of iov to addr from a socket of its own; sock_flags adds SOCK_NONBLOCK or not. */
static int datagram_to(const char *addr, const struct iovec *iov, size_t n, int sock_flags)
{
	struct sockaddr_un sa;
	socklen_t salen;
	int r = unix_address(addr, &sa, &salen);
	if (r < 0)
		return r;
	int sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | sock_flags, 0);
	if (sock < 0)
		return -errno;
	r = send_datagram(sock, &sa, salen, (struct iovec *)iov, n, -1);
	close(sock);
	return r;
}

int sd_socket_notify_to(const char *addr, const char *state)
{
	size_t n = strlen(state);
	if (n == 0)
		return -EINVAL;
	struct iovec iov = { .iov_base = (void *)state, .iov_len = n };
	int r = datagram_to(addr, &iov, 1, 0);
	return r < 0 ? r : 1;
}

int sd_socket_datagram_to(const char *addr, const struct iovec *iov, size_t n)
{
	return datagram_to(addr, iov, n, SOCK_NONBLOCK);
}

int sd_socket_notify(const char *state)
{
	const char *addr = getenv("NOTIFY_SOCKET");
	return addr && *addr ? sd_socket_notify_to(addr, state) : 0;
}

/* A positive decimal number (digits only, no sign or blanks, no overflow). */
static int parse_positive(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		unsigned d = (unsigned)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -EINVAL;
		v = v * 10 + d;
	}
	if (v == 0)
		return -EINVAL;
	*out = v;
	return 0;
}

int sd_socket_watchdog_usec(uint64_t *usec)
{
	const char *u = getenv("WATCHDOG_USEC"), *p = getenv("WATCHDOG_PID");
	uint64_t v, pid;

	if (!u)
		return 0;
	if (parse_positive(u, &v) < 0)
		return -EINVAL;
	if (p) {
		if (parse_positive(p, &pid) < 0)
			return -EINVAL;
		if (pid != (uint64_t)getpid())
			return 0;            /* meant for another process (our parent, say) */
	}
	*usec = v;
	return 1;
}

/* journald's rule for the names a client may send (systemd.journal-fields(7)). */
static bool journal_name_valid(const char *name, size_t n)
{
	if (n == 0 || n > 64 || name[0] == '_' || (name[0] >= '0' && name[0] <= '9'))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return true;
}

/* writev until all of iov is written (iov is advanced in place). */
static int write_all(int fd, struct iovec *iov, size_t cnt)
{
	while (cnt > 0) {
		ssize_t w = writev(fd, iov, (int)cnt);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		size_t left = (size_t)w;
		while (cnt > 0 && left >= iov->iov_len) {
			left -= iov->iov_len;
			iov++;
			cnt--;
		}
		if (cnt > 0) {
			iov->iov_base = (char *)iov->iov_base + left;
			iov->iov_len -= left;
		}
	}
	return 0;
}

/* The record in a sealed memfd, the descriptor sent with an empty payload (the doc's way for
 * a record larger than a datagram). */
static int send_as_memfd(int sock, const struct sockaddr_un *sa, socklen_t salen,
			 struct iovec *iov, size_t cnt)
{
	int fd = memfd_create("oomguard-journal", MFD_CLOEXEC | MFD_ALLOW_SEALING), r;
	if (fd < 0)
		return -errno;
	r = write_all(fd, iov, cnt);
	if (r == 0 && fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0)
		r = -errno;
	if (r == 0)
		r = send_datagram(sock, sa, salen, NULL, 0, fd);
	close(fd);
	return r;
}

int sd_socket_journal_sendv_to(const char *path, const struct iovec *fields, size_t n)
{
	/* per field at most: name, "\n", 64-bit size, value, "\n" */
	struct iovec iov[SD_SOCKET_JOURNAL_MAX_FIELDS * 5];
	unsigned char sizes[SD_SOCKET_JOURNAL_MAX_FIELDS][8];
	static char newline[] = "\n";
	struct sockaddr_un sa;
	socklen_t salen;
	size_t k = 0;
	int r;

	if (n == 0)
		return -EINVAL;
	if (n > SD_SOCKET_JOURNAL_MAX_FIELDS)
		return -E2BIG;
	for (size_t i = 0; i < n; i++) {
		char *f = fields[i].iov_base;
		size_t len = fields[i].iov_len;
		const char *eq = len ? memchr(f, '=', len) : NULL;
		if (!eq || !journal_name_valid(f, (size_t)(eq - f)))
			return -EINVAL;
		size_t name_len = (size_t)(eq - f), value_len = len - name_len - 1;
		if (!memchr(eq + 1, '\n', value_len)) {
			/* NAME=value\n */
			iov[k++] = (struct iovec){ f, len };
			iov[k++] = (struct iovec){ newline, 1 };
			continue;
		}
		/* NAME\n, the value's size as 64-bit little-endian, the value, \n */
		for (unsigned b = 0; b < 8; b++)
			sizes[i][b] = (unsigned char)((uint64_t)value_len >> (8 * b));
		iov[k++] = (struct iovec){ f, name_len };
		iov[k++] = (struct iovec){ newline, 1 };
		iov[k++] = (struct iovec){ sizes[i], 8 };
		iov[k++] = (struct iovec){ f + name_len + 1, value_len };
		iov[k++] = (struct iovec){ newline, 1 };
	}
	if ((r = unix_address(path, &sa, &salen)) < 0)
		return r;
	/* non-blocking: a journald that does not read (stalled while memory is short) fills its
	 * queue, and a blocking send would then hold the daemon's loop, and its next kill, with it */
	int sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (sock < 0)
		return -errno;
	r = send_datagram(sock, &sa, salen, iov, k, -1);
	/* too large for one datagram (ENOBUFS: too large for the kernel to allocate at once) */
	if (r == -EMSGSIZE || r == -ENOBUFS)
		r = send_as_memfd(sock, &sa, salen, iov, k);
	close(sock);
	return r;
}

int sd_socket_journal_sendv(const struct iovec *fields, size_t n)
{
	return sd_socket_journal_sendv_to(SD_SOCKET_JOURNAL_PATH, fields, n);
}

bool sd_socket_journal_usable_at(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISSOCK(st.st_mode) && access(path, W_OK) == 0;
}

bool sd_socket_journal_usable(void)
{
	return sd_socket_journal_usable_at(SD_SOCKET_JOURNAL_PATH);
}
