/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A /proc/PID directory opened only while it is still the process that was seen: the start time
 * in its stat proves a pid was not reused since a scan.  Shared by `protect` (oomadj_write.c)
 * and the daemon's killer, so the check is written once. */
#ifndef OOMGUARD_PROCDIR_H
#define OOMGUARD_PROCDIR_H

#include <stdint.h>
#include <sys/types.h>

/* 0 when the stat read through the /proc/PID directory fd dfd names pid with this start time;
 * -ESRCH when not (exited, or the pid now names another process), or another -errno. */
int procdir_verify(int dfd, pid_t pid, uint64_t starttime);
/* The same check on an open /proc/PID/stat (re-read from its start).  A stat file held open
 * since a scan reads ESRCH once its process has ended, so it never vouches for a newcomer. */
int procdir_verify_stat(int stat_fd, pid_t pid, uint64_t starttime);
/* Opens /proc/PID (through sysroot, O_DIRECTORY) and verifies it as above.  The fd, or -ESRCH
 * when the process is gone or is not the one that started at starttime, or another -errno.
 * Files opened through the fd afterwards belong to that process even if the pid is reused. */
int procdir_open_verified(pid_t pid, uint64_t starttime);

#endif
