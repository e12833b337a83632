/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Streaming line reader (see logreader.h): the descriptor's read() as os/logs/linestream's
 * source, with a 1 MiB line buffer; all the splitting and inflating is in the pure part. */
#include "os/logs/logreader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "os/logs/linestream.h"

struct logreader {
	int fd;
	struct linestream *s;
};

static ssize_t fd_read(void *source, void *dst, size_t n)
{
	struct logreader *r = source;
	for (;;) {
		ssize_t k = read(r->fd, dst, n);
		if (k >= 0 || errno != EINTR)
			return k < 0 ? -errno : k;
	}
}

bool logreader_is_gzip(const struct logreader *r) { return linestream_is_gzip(r->s); }
uint64_t logreader_cut_count(const struct logreader *r) { return linestream_cut_count(r->s); }
uint64_t logreader_first_cut_line(const struct logreader *r) { return linestream_first_cut_line(r->s); }
bool logreader_line_cut(const struct logreader *r) { return linestream_line_cut(r->s); }
uint64_t logreader_line_count(const struct logreader *r) { return linestream_line_count(r->s); }

int logreader_fdopen(int fd, struct logreader **out)
{
	struct logreader *r = calloc(1, sizeof(*r));
	if (!r) {
		close(fd);
		return -ENOMEM;
	}
	r->fd = fd;
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	int e = linestream_new(LOGREADER_BUF_SIZE, fd_read, r, &r->s);
	if (e < 0) {
		close(fd);
		free(r);
		return e;
	}
	*out = r;
	return 0;
}

int logreader_open(const char *path, struct logreader **out)
{
	int fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	return logreader_fdopen(fd, out);
}

int logreader_next(struct logreader *r, char **line, size_t *len)
{
	return linestream_next(r->s, line, len);
}

void logreader_close(struct logreader *r)
{
	if (!r)
		return;
	linestream_free(r->s);
	if (r->fd >= 0)
		close(r->fd);
	free(r);
}
