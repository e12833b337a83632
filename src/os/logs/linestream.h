/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Line splitting over a byte source given as a read callback: one fixed buffer, gzip input
 * (found by its magic bytes) inflated through zlib in bounded steps.  No I/O of its own: the
 * caller's callback reads, so the same code reads files (logreader) and fuzz inputs in any
 * chunking.  Here rather than in src/lib because it needs zlib (src/lib is libc and libm only). */
#ifndef OOMGUARD_LINESTREAM_H
#define OOMGUARD_LINESTREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Reads up to n bytes into dst: the count, 0 at the end, or -errno. */
typedef ssize_t (*linestream_read_fn)(void *source, void *dst, size_t n);

struct linestream;

/* A stream over read(source) with a line buffer of buf_size bytes (at least 64).  Reads the first
 * bytes to tell gzip from plain text.  Returns 0, -ENOMEM, -ENOTSUP (gzip without zlib in this
 * build), or the first read's -errno. */
int linestream_new(size_t buf_size, linestream_read_fn read, void *source, struct linestream **out);
/* Next line, without its newline, in a buffer the caller may modify until the next call.
 * Returns 1 with a line, 0 at the end, or -errno once every line before a read or decompression
 * error was handed out (-EBADMSG: corrupt or truncated gzip data; the readable part comes first,
 * its unfinished last line included).  A line longer than the buffer is handed out cut to the
 * buffer's size; linestream_line_cut() says so and the rest of that line is skipped. */
int linestream_next(struct linestream *s, char **line, size_t *len);
/* True when the line last handed out was cut to the buffer size. */
bool linestream_line_cut(const struct linestream *s);
/* Lines cut so far, and the number (from 1) of the first one; 0 when none. */
uint64_t linestream_cut_count(const struct linestream *s);
uint64_t linestream_first_cut_line(const struct linestream *s);
/* Lines handed out so far. */
uint64_t linestream_line_count(const struct linestream *s);
/* True when the input is gzip-compressed. */
bool linestream_is_gzip(const struct linestream *s);
/* The buffer size (the longest line handed out whole is one byte shorter). */
size_t linestream_buf_size(const struct linestream *s);
void linestream_free(struct linestream *s);

#endif
