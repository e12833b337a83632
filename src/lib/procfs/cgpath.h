/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/PID/cgroup lines and cgroup paths: which cgroup a process is in for memory accounting
 * (v2 unified "0::" or the v1 "memory" hierarchy), and which systemd unit a path belongs to. */
#ifndef OOMGUARD_CGPATH_H
#define OOMGUARD_CGPATH_H

#include <stddef.h>

struct pid_cgroups {
	char unified[512];   /* "0::/path", "" if absent */
	char memory_v1[512]; /* "N:memory:/path", "" if absent */
	char systemd_v1[512];/* "N:name=systemd:/path" on hybrid/legacy systems */
};

int pid_cgroup_parse(const char *text, size_t len, struct pid_cgroups *out);
/* The path that accounts memory: v1 memory when present, else unified. */
const char *pid_cgroup_memory_path(const struct pid_cgroups *cg);
/* The path that names the systemd unit: unified, else name=systemd, else memory. */
const char *pid_cgroup_unit_path(const struct pid_cgroups *cg);
/* Last path component ending in .service or .scope ("" if none); e.g.
 * "/system.slice/mysql.service" -> "mysql.service". */
const char *cgroup_path_unit(const char *path, char *buf, size_t cap);

/* Copies path into dst cut to at most width bytes for a table cell: whole when it fits, else
 * ".../" and as many trailing components as fit; a last component too long alone keeps its start
 * and end around "..." (kubepods and container ids stay recognisable).  Returns dst. */
const char *cgroup_path_shorten(char *dst, size_t cap, const char *path, size_t width);

#endif
