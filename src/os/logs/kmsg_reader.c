/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /dev/kmsg reader (see kmsg_reader.h).  Documentation/ABI/testing/dev-kmsg: each read() returns
 * one record; EAGAIN means the buffer is drained; EPIPE means records were overwritten since the
 * last read and the next read continues with the oldest remaining one. */
#include "os/logs/kmsg_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os/logs/logreader.h"
#include "os/core/sysroot.h"

#define KMSG_RECORD_MAX 16384   /* the kernel's records are at most 8 KiB (CONSOLE_EXT_LOG_MAX) */

struct kmsg_reader {
	int fd;
	struct logreader *file;  /* a regular file standing in for the device */
	uint64_t next_seq, lost;
	bool have_seq;
	char buf[KMSG_RECORD_MAX + 1];
};

int kmsg_reader_open(struct kmsg_reader **out)
{
	struct kmsg_reader *k = calloc(1, sizeof(*k));
	struct stat st;

	if (!k)
		return -ENOMEM;
	k->fd = sysroot_open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (k->fd < 0) {
		int e = k->fd;
		free(k);
		return e;
	}
	if (fstat(k->fd, &st) == 0 && S_ISREG(st.st_mode)) {
		int e = logreader_fdopen(k->fd, &k->file);
		k->fd = -1;
		if (e < 0) {
			free(k);
			return e;
		}
	}
	*out = k;
	return 0;
}

/* "prio,seq,..." -> seq */
static bool record_seq(const char *p, size_t len, uint64_t *seq)
{
	const char *c = memchr(p, ',', len);
	if (!c)
		return false;
	uint64_t v = 0;
	const char *end = p + len;
	for (c++; c < end && *c >= '0' && *c <= '9'; c++)
		v = v * 10 + (uint64_t)(*c - '0');
	if (c >= end || *c != ',')
		return false;
	*seq = v;
	return true;
}

int kmsg_reader_next(struct kmsg_reader *k, char **line, size_t *len)
{
	if (k->file)
		return logreader_next(k->file, line, len);
	for (;;) {
		ssize_t n = read(k->fd, k->buf, KMSG_RECORD_MAX);
		if (n < 0) {
			if (errno == EINTR || errno == EPIPE)
				continue;   /* EPIPE: overwritten records; the seq gap counts them */
			if (errno == EAGAIN)
				return 0;
			return -errno;
		}
		if (n == 0)
			return 0;
		char *nl = memchr(k->buf, '\n', (size_t)n);
		size_t l = nl ? (size_t)(nl - k->buf) : (size_t)n;
		uint64_t seq;
		if (record_seq(k->buf, l, &seq)) {
			if (k->have_seq && seq > k->next_seq)
				k->lost += seq - k->next_seq;
			k->next_seq = seq + 1;
			k->have_seq = true;
		}
		k->buf[l] = '\0';
		*line = k->buf;
		*len = l;
		return 1;
	}
}

int kmsg_reader_poll_fd(const struct kmsg_reader *k)
{
	return k->file ? -1 : k->fd;
}

uint64_t kmsg_reader_lost(const struct kmsg_reader *k)
{
	return k->lost;
}

void kmsg_reader_close(struct kmsg_reader *k)
{
	if (!k)
		return;
	logreader_close(k->file);
	if (k->fd >= 0)
		close(k->fd);
	free(k);
}
