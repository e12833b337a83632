/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/PID directories proven by their start time (see procdir.h). */
#include "os/proc/procdir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "lib/procfs/pidstat.h"
#include "os/core/sysroot.h"

static int verify_text(const char *buf, ssize_t n, pid_t pid, uint64_t starttime)
{
	struct pid_stat st;
	if (n < 0)
		return n == -ENOENT ? -ESRCH : (int)n;
	if (n == 0 || pid_stat_parse(buf, (size_t)n, &st) < 0 || st.pid != pid ||
	    st.starttime != starttime)
		return -ESRCH;
	return 0;
}

int procdir_verify(int dfd, pid_t pid, uint64_t starttime)
{
	char buf[1024];
	return verify_text(buf, sysroot_read_at(dfd, "stat", buf, sizeof(buf)), pid, starttime);
}

int procdir_verify_stat(int stat_fd, pid_t pid, uint64_t starttime)
{
	char buf[1024];
	return verify_text(buf, sysroot_read_fd(stat_fd, buf, sizeof(buf)), pid, starttime);
}

int procdir_open_verified(pid_t pid, uint64_t starttime)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	int dfd = sysroot_open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return dfd == -ENOENT ? -ESRCH : dfd;
	int r = procdir_verify(dfd, pid, starttime);
	if (r < 0) {
		close(dfd);
		return r;
	}
	return dfd;
}
