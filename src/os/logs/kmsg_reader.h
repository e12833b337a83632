/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The live kernel ring buffer through /dev/kmsg (below --root): one record per read, non-blocking,
 * from the oldest record still in the buffer, sequence-aware (records overwritten while reading
 * are skipped, not fatal).  A regular file in its place (fixture trees) is read as text lines. */
#ifndef OOMGUARD_KMSG_READER_H
#define OOMGUARD_KMSG_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kmsg_reader;

/* Returns 0, or -errno (-EPERM/-EACCES under dmesg_restrict, -ENOENT when absent). */
int kmsg_reader_open(struct kmsg_reader **out);
/* Next record's first line (dictionary lines cut off), in a buffer the caller may modify until
 * the next call.  Returns 1, 0 when no record is waiting (or at the end of a file), -errno. */
int kmsg_reader_next(struct kmsg_reader *k, char **line, size_t *len);
/* The descriptor to poll() for new records; -1 when following is not possible (a file). */
int kmsg_reader_poll_fd(const struct kmsg_reader *k);
/* Records lost because the ring buffer overwrote them while we read. */
uint64_t kmsg_reader_lost(const struct kmsg_reader *k);
void kmsg_reader_close(struct kmsg_reader *k);

#endif
