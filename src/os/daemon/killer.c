/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pidfd-based signalling (see killer.h).  Raw syscalls, so it builds on libcs without wrappers. */
#include "os/daemon/killer.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "os/proc/procdir.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_process_mrelease
#define SYS_process_mrelease 448
#endif

int killer_verify(pid_t pid, uint64_t starttime)
{
	int dfd = procdir_open_verified(pid, starttime);
	if (dfd < 0)
		return dfd;
	close(dfd);
	return 0;
}

int killer_open_verified(pid_t pid, uint64_t starttime, int held_stat_fd)
{
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0)
		return -errno;
	/* From here the pidfd pins whichever process has pid now; the start time says if it is
	 * ours (a held stat that still reads is the scanned process, alive after the pidfd_open,
	 * so the pid named it then) */
	int r = held_stat_fd >= 0 ? procdir_verify_stat(held_stat_fd, pid, starttime)
				  : killer_verify(pid, starttime);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

int killer_signal(int pidfd, int sig)
{
	if (syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0)
		return -errno;
	return 0;
}

int killer_mrelease(int pidfd)
{
	if (syscall(SYS_process_mrelease, pidfd, 0) < 0)
		return -errno;
	return 0;
}

int killer_wait_exit(int pidfd, int timeout_ms)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	for (;;) {
		int r = poll(&p, 1, timeout_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		return r > 0 ? 1 : 0;
	}
}

bool killer_exited(int pidfd)
{
	return killer_wait_exit(pidfd, 0) == 1;
}
