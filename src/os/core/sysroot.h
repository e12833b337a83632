/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one door to /proc and /sys: every read or write of kernel state goes through here, with
 * paths relative to a root that `--root DIR` or OOMGUARD_ROOT can redirect to a fixture tree.
 * All functions return >= 0 on success and -errno on failure; none prints. */
#ifndef OOMGUARD_SYSROOT_H
#define OOMGUARD_SYSROOT_H

#include <dirent.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

/* Sets the root ("" or NULL = the live system).  -ENOTDIR / -ENOENT if it is not a directory. */
int sysroot_init(const char *root);
/* "" for the live system, else the directory given. */
const char *sysroot_get(void);
int sysroot_is_live(void);
/* Builds root + abs_path into buf.  -ENAMETOOLONG when it does not fit. */
int sysroot_path(char *buf, size_t cap, const char *abs_path);

/* Reads a whole file (up to cap-1 bytes), NUL-terminates, returns the length. */
ssize_t sysroot_read(const char *abs_path, char *buf, size_t cap);
/* Reads a whole file of any size into a malloc'd buffer (NUL-terminated). */
ssize_t sysroot_read_alloc(const char *abs_path, char **out);
/* Reads a file holding one integer (e.g. /proc/sys/vm/min_free_kbytes). */
int sysroot_read_i64(const char *abs_path, int64_t *out);
/* Reads a file's first line, trailing newline removed. */
ssize_t sysroot_read_line(const char *abs_path, char *buf, size_t cap);
/* Writes data to an existing file (O_WRONLY|O_TRUNC, no create). */
int sysroot_write(const char *abs_path, const char *data);

/* Writes data at offset 0 of an already open file (e.g. a /proc/PID/oom_score_adj opened first so
 * that a multi-process change can check every target before writing any). */
int sysroot_write_fd(int fd, const char *data);
/* Writes the whole buffer to an open descriptor (a file, a pipe, standard output), again after
 * EINTR and short writes.  0 or -errno. */
int sysroot_write_all(int fd, const char *buf, size_t len);
/* Replaces abs_path atomically (temp file in the same directory, fsync, rename), creating its
 * parent directory (one level, 0755) when missing. */
int sysroot_write_atomic(const char *abs_path, const char *data, mode_t mode);
/* Removes a file; then its parent directory too when that is left empty (ENOTEMPTY is not an error). */
int sysroot_unlink_and_prune(const char *abs_path);

int sysroot_open(const char *abs_path, int flags);
DIR *sysroot_opendir(const char *abs_path);  /* NULL with errno set */

/* Reads rel (e.g. "1234/stat") below an already open directory fd; same contract as sysroot_read. */
ssize_t sysroot_read_at(int dirfd, const char *rel, char *buf, size_t cap);
/* Opens rel below an already open directory fd for reading (close-on-exec): the descriptor or -errno. */
int sysroot_open_at(int dirfd, const char *rel);
/* Reads an open file whole, from offset 0 whatever its position (pread), up to cap-1 bytes, and
 * NUL-terminates: the read of every function above, and the re-read of a file held open. */
ssize_t sysroot_read_fd(int fd, char *buf, size_t cap);

#endif
