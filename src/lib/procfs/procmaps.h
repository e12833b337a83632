/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reads the lines of /proc/PID/maps (one mapping each: address range, permissions, file offset,
 * device, inode, path), so the daemon can find its own stack and code mappings
 * (os/daemon/resident.c).  Pure: text in, ranges out. */
#ifndef OOMGUARD_PROCMAPS_H
#define OOMGUARD_PROCMAPS_H

#include <stddef.h>
#include <stdint.h>

struct procmaps_range {
	uint64_t start, end;          /* [start, end) */
	uint64_t offset_bytes;        /* into the mapped file */
	uint64_t inode;               /* 0 for anonymous mappings */
	char perms[5];                /* "r-xp" */
	const char *path;             /* into the text, not terminated; path_len bytes ("" if none) */
	size_t path_len;
};

/* Parses the next well-formed line at *pos (below end) into out and moves *pos past it; lines
 * that do not parse are skipped.  Returns 1 with out filled, 0 at the end of the text. */
int procmaps_next(const char **pos, const char *end, struct procmaps_range *out);

#endif
