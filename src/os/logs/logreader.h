/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Streaming line reader for log files of any size: a file descriptor fed to os/logs/linestream
 * (one fixed buffer, lines split with memchr, gzip found by its magic bytes and inflated through
 * zlib when built with it).  Memory stays bounded whatever the file's size; a line longer than the
 * buffer is cut, and the reader says so. */
#ifndef OOMGUARD_LOGREADER_H
#define OOMGUARD_LOGREADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define LOGREADER_BUF_SIZE (1u << 20)

struct logreader;

/* Opens path ("-" = standard input) for reading lines.  Returns 0 or -errno; -ENOTSUP for a
 * gzip file when built without zlib. */
int logreader_open(const char *path, struct logreader **out);
/* Wraps an already open descriptor (taken over: closed by logreader_close). */
int logreader_fdopen(int fd, struct logreader **out);
/* Next line, without its newline, in a buffer the caller may modify until the next call.
 * Returns 1 with a line, 0 at the end, -errno on a read or decompression error once the lines
 * before it were handed out (-EBADMSG: corrupt or truncated gzip data). */
int logreader_next(struct logreader *r, char **line, size_t *len);
/* True when the input was gzip-compressed. */
bool logreader_is_gzip(const struct logreader *r);
/* Lines longer than the buffer (cut to LOGREADER_BUF_SIZE bytes) so far, and the first one's
 * number; the line last handed out was cut when logreader_line_cut() says so. */
uint64_t logreader_cut_count(const struct logreader *r);
uint64_t logreader_first_cut_line(const struct logreader *r);
bool logreader_line_cut(const struct logreader *r);
/* Lines read so far. */
uint64_t logreader_line_count(const struct logreader *r);
void logreader_close(struct logreader *r);

#endif
