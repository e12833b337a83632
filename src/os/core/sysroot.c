/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Root-redirectable access to /proc and /sys (see sysroot.h). */
#include "os/core/sysroot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lib/util/compiler.h"
#include "lib/util/numparse.h"

static char root_dir[PATH_MAX];

int sysroot_init(const char *root)
{
	struct stat st;

	if (!root || !*root || strcmp(root, "/") == 0) {
		root_dir[0] = '\0';
		return 0;
	}
	if (strlen(root) >= sizeof(root_dir) - 1)
		return -ENAMETOOLONG;
	if (stat(root, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	strcpy(root_dir, root);
	size_t n = strlen(root_dir);
	while (n > 1 && root_dir[n - 1] == '/')
		root_dir[--n] = '\0';
	return 0;
}

const char *sysroot_get(void)
{
	return root_dir;
}

int sysroot_is_live(void)
{
	return root_dir[0] == '\0';
}

int sysroot_path(char *buf, size_t cap, const char *abs_path)
{
	/* two copies, not snprintf: the daemon's every sample comes through here */
	size_t root_len = strlen(root_dir), path_len = strlen(abs_path);
	if (root_len + path_len >= cap)
		return -ENAMETOOLONG;
	memcpy(buf, root_dir, root_len);
	memcpy(buf + root_len, abs_path, path_len + 1);
	return 0;
}

/* With a --root, the joined path; live, abs_path itself (no copy: the daemon reads through here
 * every few seconds, with a shallow stack). */
static int __attribute__((noinline)) open_below_root(const char *abs_path, int flags)
{
	char path[PATH_MAX];
	int r = sysroot_path(path, sizeof(path), abs_path);
	if (r < 0)
		return r;
	int fd = open(path, flags);
	return fd < 0 ? -errno : fd;
}

int sysroot_open(const char *abs_path, int flags)
{
	if (root_dir[0])
		return open_below_root(abs_path, flags | O_CLOEXEC);
	int fd = open(abs_path, flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

DIR *sysroot_opendir(const char *abs_path)
{
	char path[PATH_MAX];
	if (sysroot_path(path, sizeof(path), abs_path) < 0) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	return opendir(path);
}

ssize_t sysroot_read_fd(int fd, char *buf, size_t cap)
{
	size_t len = 0;

	if (cap == 0)
		return -EINVAL;
	while (len < cap - 1) {
		ssize_t n = pread(fd, buf + len, cap - 1 - len, (off_t)len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	return (ssize_t)len;
}

ssize_t sysroot_read(const char *abs_path, char *buf, size_t cap)
{
	int fd = sysroot_open(abs_path, O_RDONLY);
	if (fd < 0)
		return fd;
	ssize_t r = sysroot_read_fd(fd, buf, cap);
	close(fd);
	return r;
}

int sysroot_open_at(int dirfd, const char *rel)
{
	int fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

ssize_t sysroot_read_at(int dirfd, const char *rel, char *buf, size_t cap)
{
	int fd = sysroot_open_at(dirfd, rel);
	if (fd < 0)
		return fd;
	ssize_t r = sysroot_read_fd(fd, buf, cap);
	close(fd);
	return r;
}

OG_COLD ssize_t sysroot_read_alloc(const char *abs_path, char **out)
{
	int fd = sysroot_open(abs_path, O_RDONLY);
	size_t cap = 16384, len = 0;
	char *buf;

	*out = NULL;
	if (fd < 0)
		return fd;
	buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		if (len + 1 >= cap) {
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				close(fd);
				return -ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
		ssize_t n = read(fd, buf + len, cap - 1 - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = -errno;
			free(buf);
			close(fd);
			return e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	*out = buf;
	return (ssize_t)len;
}

ssize_t sysroot_read_line(const char *abs_path, char *buf, size_t cap)
{
	ssize_t n = sysroot_read(abs_path, buf, cap);
	if (n < 0)
		return n;
	char *nl = memchr(buf, '\n', (size_t)n);
	if (nl) {
		*nl = '\0';
		n = nl - buf;
	}
	return n;
}

int sysroot_read_i64(const char *abs_path, int64_t *out)
{
	char buf[64];
	ssize_t n = sysroot_read(abs_path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	return numparse_i64(numparse_trim_ws(buf), out);
}

int sysroot_write(const char *abs_path, const char *data)
{
	int fd = sysroot_open(abs_path, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return fd;
	size_t len = strlen(data), off = 0;
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = -errno;
			close(fd);
			return e;
		}
		off += (size_t)n;
	}
	if (close(fd) < 0)
		return -errno;
	return 0;
}

int sysroot_write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int sysroot_write_fd(int fd, const char *data)
{
	size_t len = strlen(data), off = 0;
	while (off < len) {
		ssize_t n = pwrite(fd, data + off, len - off, (off_t)off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		off += (size_t)n;
	}
	/* a regular file (a fixture tree's stand-in for /proc) keeps no stale tail */
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && ftruncate(fd, (off_t)len) < 0)
		return -errno;
	return 0;
}

/* Splits path into its directory (in dir) and returns the last component. */
static const char *split_dir(const char *path, char *dir, size_t cap)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;
	if (n >= cap)
		n = cap - 1;
	memcpy(dir, path, n);
	dir[n] = '\0';
	return slash ? slash + 1 : path;
}

int sysroot_write_atomic(const char *abs_path, const char *data, mode_t mode)
{
	char path[PATH_MAX], dir[PATH_MAX], tmp[PATH_MAX];
	int r = sysroot_path(path, sizeof(path), abs_path);
	if (r < 0)
		return r;
	const char *base = split_dir(path, dir, sizeof(dir));
	if (dir[0] && mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	if (snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, base) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t len = strlen(data), off = 0;
	r = 0;
	while (off < len && r == 0) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno != EINTR)
			r = -errno;
		else if (n > 0)
			off += (size_t)n;
	}
	if (r == 0 && fchmod(fd, mode) < 0)
		r = -errno;
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0)
		unlink(tmp);
	return r;
}

int sysroot_unlink_and_prune(const char *abs_path)
{
	char path[PATH_MAX], dir[PATH_MAX];
	int r = sysroot_path(path, sizeof(path), abs_path);
	if (r < 0)
		return r;
	if (unlink(path) < 0)
		return -errno;
	split_dir(path, dir, sizeof(dir));
	if (dir[0] && rmdir(dir) < 0 && errno != ENOTEMPTY && errno != EEXIST)
		return -errno;
	return 0;
}
