/* SPDX-License-Identifier: GPL-2.0-or-later */
/* oom_score_adj written to several processes at once, all or nothing (see oomadj_write.h).  Each
 * file is opened through a /proc/PID directory whose start time still matches the scan, so a pid
 * reused since the scan is never changed. */
#include "os/proc/oomadj_write.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "lib/procfs/oomadj.h"
#include "os/core/sysroot.h"
#include "os/proc/procdir.h"

static int open_target(struct oomadj_target *t)
{
	int dfd = procdir_open_verified(t->pid, t->starttime);
	if (dfd < 0)
		return dfd;
	t->fd = openat(dfd, t->legacy ? "oom_adj" : "oom_score_adj", O_WRONLY | O_CLOEXEC);
	int r = t->fd < 0 ? -errno : 0;
	close(dfd);
	return r;
}

static int write_adj(const struct oomadj_target *t, int adj)
{
	char text[16];
	oomadj_value_text(adj, t->legacy, text, sizeof(text));
	return sysroot_write_fd(t->fd, text);
}

int oomadj_apply(struct oomadj_target *targets, size_t n, int adj, struct oomadj_failure *fail)
{
	memset(fail, 0, sizeof(*fail));
	for (size_t i = 0; i < n; i++) {
		int r = open_target(&targets[i]);
		if (r < 0) {
			fail->index = i;
			fail->opening = true;
			return r;
		}
	}
	for (size_t i = 0; i < n; i++) {
		int r = write_adj(&targets[i], adj);
		if (r == 0) {
			targets[i].written = true;
			continue;
		}
		fail->index = i;
		for (size_t k = 0; k < i; k++) {
			if (write_adj(&targets[k], targets[k].old_adj) == 0) {
				targets[k].written = false;
				fail->restored++;
			} else {
				fail->stuck++;
			}
		}
		return r;
	}
	return 0;
}

void oomadj_close_all(struct oomadj_target *targets, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (targets[i].fd >= 0)
			close(targets[i].fd);
		targets[i].fd = -1;
	}
}
