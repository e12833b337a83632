/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The race-free signal path: a pidfd pins the chosen process, its start time (read from
 * /proc/PID/stat *after* pidfd_open) proves the pidfd is the process that was chosen and not a
 * newcomer that got the same pid, and every signal goes through the pidfd.  process_mrelease
 * returns a SIGKILLed victim's memory at once; the pidfd polls readable when it has exited. */
#ifndef OOMGUARD_KILLER_H
#define OOMGUARD_KILLER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Opens a pidfd for pid and checks it is still the process that started at starttime:
 * through held_stat_fd, its /proc/PID/stat held open since the scan (a re-read, no path walk:
 * os/daemon/pidfiles.h), or by opening /proc/PID when that is -1.  Returns the fd, -ESRCH when
 * the process is gone or pid now names another process (the verify step failed: nothing may be
 * signalled), or another -errno. */
int killer_open_verified(pid_t pid, uint64_t starttime, int held_stat_fd);
/* The start time check alone (reads /proc/PID/stat through sysroot): 0 when pid still started
 * at starttime, -ESRCH when not or gone. */
int killer_verify(pid_t pid, uint64_t starttime);
/* pidfd_send_signal; -ESRCH when it has exited meanwhile, -EPERM, ... */
int killer_signal(int pidfd, int sig);
/* process_mrelease (Linux 5.15+); only valid after SIGKILL.  -ENOSYS on older kernels. */
int killer_mrelease(int pidfd);
/* Waits up to timeout_ms for the process to exit.  1 exited, 0 still there, -errno. */
int killer_wait_exit(int pidfd, int timeout_ms);
/* True when the process behind pidfd has exited (non-blocking). */
bool killer_exited(int pidfd);

#endif
