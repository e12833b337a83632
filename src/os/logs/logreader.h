/* Streaming line reader for log files of any size: one fixed buffer, lines split with memchr, gzip
 * (detected by its magic bytes, not the name) decompressed through zlib when built with it.
 * Memory stays bounded whatever the file's size; a line longer than the buffer is cut. */
#ifndef OOMGUARD_LOGREADER_H
#define OOMGUARD_LOGREADER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct logreader;

/* Opens path ("-" = standard input) for reading lines.  Returns 0 or -errno; -ENOTSUP for a
 * gzip file when built without zlib. */
int logreader_open(const char *path, struct logreader **out);
/* Wraps an already open descriptor (taken over: closed by logreader_close). */
int logreader_fdopen(int fd, struct logreader **out);
/* Next line, without its newline, in a buffer the caller may modify until the next call.
 * Returns 1 with a line, 0 at the end, -errno on a read or decompression error. */
int logreader_next(struct logreader *r, char **line, size_t *len);
/* True when the input was gzip-compressed. */
bool logreader_is_gzip(const struct logreader *r);
void logreader_close(struct logreader *r);

#endif
