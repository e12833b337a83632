/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Line stream (see linestream.h): the line buffer is refilled by the source's reads, or for gzip
 * input by inflate() from a separate input buffer the source fills; memory is the two buffers and
 * zlib's state whatever the input's size.  Lines are found with memchr, no allocation per line. */
#include "os/logs/linestream.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#if HAVE_ZLIB
#include <zlib.h>
#endif

#define LS_ZIN_MAX (256u << 10)

struct linestream {
	linestream_read_fn read;
	void *source;
	char *buf;
	size_t size;
	size_t start, end;      /* unconsumed bytes are buf[start, end) */
	bool eof;               /* nothing more will come into buf */
	int err;                /* returned once the buffer is drained (0 = a clean end) */
	bool gzip;
	bool cutting;           /* skipping the rest of a line longer than the buffer */
	bool last_cut;
	uint64_t lines, cut, first_cut;
	unsigned char *zin;     /* input bytes not inflated yet are zin[.., ..+avail_in) */
	size_t zin_size;
	bool in_eof;            /* the source has ended */
#if HAVE_ZLIB
	z_stream z;
	bool z_ready;
#endif
};

bool linestream_is_gzip(const struct linestream *s) { return s->gzip; }
bool linestream_line_cut(const struct linestream *s) { return s->last_cut; }
uint64_t linestream_cut_count(const struct linestream *s) { return s->cut; }
uint64_t linestream_first_cut_line(const struct linestream *s) { return s->first_cut; }
uint64_t linestream_line_count(const struct linestream *s) { return s->lines; }
size_t linestream_buf_size(const struct linestream *s) { return s->size; }

#if HAVE_ZLIB
/* Makes at least `need` input bytes available to inflate unless the source ends first. */
static int z_input(struct linestream *s, size_t need)
{
	while (s->z.avail_in < need && !s->in_eof) {
		if (s->z.avail_in > 0 && s->z.next_in != s->zin)
			memmove(s->zin, s->z.next_in, s->z.avail_in);
		s->z.next_in = s->zin;
		ssize_t k = s->read(s->source, s->zin + s->z.avail_in, s->zin_size - s->z.avail_in);
		if (k < 0)
			return (int)k;
		if (k == 0)
			s->in_eof = true;
		s->z.avail_in += (uInt)k;
	}
	return 0;
}

/* Inflates into buf[end, size) until some output came or the stream ended (the end of the last
 * gzip member: concatenated members are read on; trailing bytes that are no member end it). */
static int gzip_fill(struct linestream *s)
{
	while (s->end < s->size) {
		int e = z_input(s, 1);
		if (e < 0)
			return e;
		size_t room = s->size - s->end;
		s->z.next_out = (unsigned char *)s->buf + s->end;
		s->z.avail_out = (uInt)room;
		int zr = inflate(&s->z, Z_NO_FLUSH);
		size_t produced = room - s->z.avail_out;
		s->end += produced;
		if (zr == Z_STREAM_END) {
			if ((e = z_input(s, 2)) < 0)
				return e;
			if (s->z.avail_in >= 2 && s->z.next_in[0] == 0x1f && s->z.next_in[1] == 0x8b) {
				inflateReset(&s->z);
			} else {
				s->eof = true;
				return 0;
			}
		} else if (zr == Z_MEM_ERROR) {
			return -ENOMEM;
		} else if (zr == Z_BUF_ERROR) {
			if (s->z.avail_in == 0 && s->in_eof)
				return -EBADMSG;   /* truncated: the data ended before the member's trailer */
			if (s->z.avail_in > 0 && produced == 0)
				return -EBADMSG;   /* no progress with input and room: not expected */
		} else if (zr != Z_OK) {
			return -EBADMSG;
		}
		if (produced > 0)
			return 0;   /* enough to look for lines */
	}
	return 0;
}
#endif

/* Moves the unconsumed bytes to the front and reads more; an error or the end sets eof. */
static void fill(struct linestream *s)
{
	if (s->start > 0) {
		memmove(s->buf, s->buf + s->start, s->end - s->start);
		s->end -= s->start;
		s->start = 0;
	}
	int e = 0;
#if HAVE_ZLIB
	if (s->gzip) {
		e = gzip_fill(s);
	} else
#endif
	{
		ssize_t k = s->read(s->source, s->buf + s->end, s->size - s->end);
		if (k < 0)
			e = (int)k;
		else if (k == 0)
			s->eof = true;
		else
			s->end += (size_t)k;
	}
	if (e < 0) {
		s->err = e;
		s->eof = true;
	}
}

int linestream_new(size_t buf_size, linestream_read_fn read, void *source, struct linestream **out)
{
	struct linestream *s = calloc(1, sizeof(*s));
	if (buf_size < 64)
		buf_size = 64;
	size_t zin_size = buf_size < LS_ZIN_MAX ? buf_size : LS_ZIN_MAX;
	if (!s || !(s->buf = malloc(buf_size)) || !(s->zin = malloc(zin_size))) {
		if (s)
			free(s->buf);
		free(s);
		return -ENOMEM;
	}
	s->read = read;
	s->source = source;
	s->size = buf_size;
	s->zin_size = zin_size;

	/* the first bytes (two at least, unless the input is shorter) tell gzip from text */
	size_t have = 0;
	while (have < 2 && !s->in_eof) {
		ssize_t k = read(source, s->zin + have, zin_size - have);
		if (k < 0) {
			linestream_free(s);
			return (int)k;
		}
		if (k == 0)
			s->in_eof = true;
		have += (size_t)k;
	}
	if (have >= 2 && s->zin[0] == 0x1f && s->zin[1] == 0x8b) {
		s->gzip = true;
#if HAVE_ZLIB
		s->z.next_in = s->zin;
		s->z.avail_in = (uInt)have;
		if (inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK) {
			linestream_free(s);
			return -ENOMEM;
		}
		s->z_ready = true;
#else
		linestream_free(s);
		return -ENOTSUP;
#endif
	} else {
		memcpy(s->buf, s->zin, have);   /* zin_size <= buf_size */
		s->end = have;
		s->eof = s->in_eof;
		free(s->zin);
		s->zin = NULL;
	}
	*out = s;
	return 0;
}

int linestream_next(struct linestream *s, char **line, size_t *len)
{
	s->last_cut = false;
	for (;;) {
		char *p = s->buf + s->start;
		size_t avail = s->end - s->start;
		char *nl = memchr(p, '\n', avail);
		if (nl) {
			s->start += (size_t)(nl - p) + 1;
			if (s->cutting) {
				s->cutting = false;
				continue;
			}
			*line = p;
			*len = (size_t)(nl - p);
			s->lines++;
			return 1;
		}
		if (s->start == 0 && s->end == s->size) {
			/* a line as long as the buffer or longer: hand out its first part, skip the rest
			 * (checked before the end, so plain and gzip input cut the same way) */
			s->start = s->end;
			if (s->cutting)
				continue;
			s->cutting = true;
			s->last_cut = true;
			s->lines++;
			if (s->cut++ == 0)
				s->first_cut = s->lines;
			*line = p;
			*len = avail;
			return 1;
		}
		if (s->eof) {
			s->start = s->end;
			if (avail == 0 || s->cutting) {
				s->cutting = false;
				return s->err;
			}
			*line = p;   /* the last line, without a newline */
			*len = avail;
			s->lines++;
			return 1;
		}
		fill(s);
	}
}

void linestream_free(struct linestream *s)
{
	if (!s)
		return;
#if HAVE_ZLIB
	if (s->z_ready)
		inflateEnd(&s->z);
#endif
	free(s->zin);
	free(s->buf);
	free(s);
}
