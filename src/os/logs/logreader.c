/* Streaming line reader (see logreader.h): a 1 MiB line buffer refilled with large reads (or from
 * zlib's inflate for gzip input), lines found with memchr, no allocation per line. */
#include "os/logs/logreader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#if HAVE_ZLIB
#include <zlib.h>
#endif

#define LR_BUF_SIZE (1u << 20)
#define LR_ZIN_SIZE (256u << 10)

struct logreader {
	int fd;
	char *buf;
	size_t start, end;      /* unconsumed bytes are buf[start, end) */
	bool eof;
	bool gzip;
	bool cutting;           /* dropping the rest of a line longer than the buffer */
#if HAVE_ZLIB
	z_stream z;
	unsigned char *zin;
	bool z_ready, z_input_eof;
#endif
};

bool logreader_is_gzip(const struct logreader *r)
{
	return r->gzip;
}

static ssize_t read_some(int fd, void *dst, size_t n)
{
	for (;;) {
		ssize_t k = read(fd, dst, n);
		if (k >= 0 || errno != EINTR)
			return k < 0 ? -errno : k;
	}
}

#if HAVE_ZLIB
/* Moves the bytes already read (the first block) into zlib's input and starts inflating. */
static int gzip_start(struct logreader *r)
{
	r->zin = malloc(LR_ZIN_SIZE);
	if (!r->zin)
		return -ENOMEM;
	memcpy(r->zin, r->buf, r->end);
	memset(&r->z, 0, sizeof(r->z));
	r->z.next_in = r->zin;
	r->z.avail_in = (uInt)r->end;
	if (inflateInit2(&r->z, 16 + MAX_WBITS) != Z_OK)
		return -ENOMEM;
	r->z_ready = true;
	r->start = r->end = 0;
	return 0;
}

/* Inflates into buf[end, LR_BUF_SIZE); sets eof at the end of the last gzip member. */
static int gzip_fill(struct logreader *r)
{
	size_t room = LR_BUF_SIZE - r->end;
	while (room > 0 && !r->eof) {
		if (r->z.avail_in == 0 && !r->z_input_eof) {
			ssize_t k = read_some(r->fd, r->zin, LR_ZIN_SIZE);
			if (k < 0)
				return (int)k;
			if (k == 0)
				r->z_input_eof = true;
			r->z.next_in = r->zin;
			r->z.avail_in = (uInt)k;
		}
		r->z.next_out = (unsigned char *)r->buf + r->end;
		r->z.avail_out = (uInt)room;
		int zr = inflate(&r->z, Z_NO_FLUSH);
		size_t produced = room - r->z.avail_out;
		r->end += produced;
		room -= produced;
		if (zr == Z_STREAM_END) {
			/* another member may follow (concatenated gzip files); trailing junk ends it */
			if (r->z.avail_in == 0 && !r->z_input_eof) {
				ssize_t k = read_some(r->fd, r->zin, LR_ZIN_SIZE);
				if (k < 0)
					return (int)k;
				r->z.next_in = r->zin;
				r->z.avail_in = (uInt)k;
				if (k == 0)
					r->z_input_eof = true;
			}
			if (r->z.avail_in >= 2 && r->z.next_in[0] == 0x1f && r->z.next_in[1] == 0x8b)
				inflateReset(&r->z);
			else
				r->eof = true;
		} else if (zr == Z_BUF_ERROR && r->z.avail_in == 0 && r->z_input_eof) {
			return -EBADMSG;   /* truncated: the stream ended before its trailer */
		} else if (zr != Z_OK && zr != Z_BUF_ERROR) {
			return -EBADMSG;
		}
		if (produced > 0)
			break;   /* enough to look for lines */
	}
	return 0;
}
#endif

static int fill(struct logreader *r)
{
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
#if HAVE_ZLIB
	if (r->gzip)
		return gzip_fill(r);
#endif
	ssize_t k = read_some(r->fd, r->buf + r->end, LR_BUF_SIZE - r->end);
	if (k < 0)
		return (int)k;
	if (k == 0)
		r->eof = true;
	r->end += (size_t)k;
	return 0;
}

int logreader_fdopen(int fd, struct logreader **out)
{
	struct logreader *r = calloc(1, sizeof(*r));
	if (!r || !(r->buf = malloc(LR_BUF_SIZE))) {
		free(r);
		close(fd);
		return -ENOMEM;
	}
	r->fd = fd;
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	int e = fill(r);
	if (e == 0 && r->end >= 2 && (unsigned char)r->buf[0] == 0x1f &&
	    (unsigned char)r->buf[1] == 0x8b) {
		r->gzip = true;
#if HAVE_ZLIB
		r->eof = false;
		e = gzip_start(r);
		if (e == 0)
			e = gzip_fill(r);
#else
		e = -ENOTSUP;
#endif
	}
	if (e < 0) {
		logreader_close(r);
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
	for (;;) {
		char *p = r->buf + r->start;
		size_t avail = r->end - r->start;
		char *nl = memchr(p, '\n', avail);
		if (nl) {
			r->start += (size_t)(nl - p) + 1;
			if (r->cutting) {
				r->cutting = false;
				continue;
			}
			*line = p;
			*len = (size_t)(nl - p);
			return 1;
		}
		if (r->eof) {
			if (avail == 0)
				return 0;
			r->start = r->end;
			if (r->cutting)
				return 0;
			*line = p;
			*len = avail;
			return 1;
		}
		if (r->start == 0 && r->end == LR_BUF_SIZE) {
			/* a line longer than the buffer: hand out its first part, drop the rest */
			r->start = r->end;
			bool was_cutting = r->cutting;
			r->cutting = true;
			if (was_cutting)
				continue;
			*line = p;
			*len = avail;
			return 1;
		}
		int e = fill(r);
		if (e < 0)
			return e;
	}
}

void logreader_close(struct logreader *r)
{
	if (!r)
		return;
#if HAVE_ZLIB
	if (r->z_ready)
		inflateEnd(&r->z);
	free(r->zin);
#endif
	if (r->fd >= 0)
		close(r->fd);
	free(r->buf);
	free(r);
}
