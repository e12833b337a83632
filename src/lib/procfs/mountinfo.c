/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mountinfo parsing for cgroup discovery (Documentation/filesystems/proc.rst, 3.5). */
#include "lib/procfs/mountinfo.h"

#include <errno.h>
#include <string.h>
#include "lib/util/textline.h"

void mountinfo_unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r;) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 4;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

/* Copies the n-th space-separated field (0-based) of [p, eol) into dst. */
static bool field(const char *p, const char *eol, int n, char *dst, size_t cap)
{
	for (int i = 0; i < n; i++) {
		const char *sp = memchr(p, ' ', (size_t)(eol - p));
		if (!sp)
			return false;
		p = sp + 1;
	}
	const char *e = memchr(p, ' ', (size_t)(eol - p));
	if (!e)
		e = eol;
	size_t len = (size_t)(e - p);
	if (len >= cap)
		return false;
	memcpy(dst, p, len);
	dst[len] = '\0';
	return true;
}

int mountinfo_find_cgroups(const char *text, size_t len, struct cgroup_mounts *out)
{
	const char *p = text, *end = text + len;

	memset(out, 0, sizeof(*out));
	const char *line, *eol;
	while (textline_next(&p, end, &line, &eol)) {
		/* "36 35 0:30 / /sys/fs/cgroup/memory rw,... shared:1 - cgroup cgroup rw,memory" */
		const char *dash = NULL;
		for (const char *q = line; q + 2 < eol; q++)
			if (q[0] == ' ' && q[1] == '-' && q[2] == ' ') {
				dash = q;
				break;
			}
		char mnt[256], fstype[32], opts[512];
		if (dash && field(line, dash, 4, mnt, sizeof(mnt)) &&
		    field(dash + 3, eol, 0, fstype, sizeof(fstype)) &&
		    field(dash + 3, eol, 2, opts, sizeof(opts))) {
			mountinfo_unescape(mnt);
			if (strcmp(fstype, "cgroup2") == 0 && !out->unified[0]) {
				strcpy(out->unified, mnt);
			} else if (strcmp(fstype, "cgroup") == 0) {
				/* a v1 hierarchy may hold several controllers: "rw,cpu,cpuacct" */
				char *save = NULL;
				for (char *o = strtok_r(opts, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
					if (strcmp(o, "memory") == 0 && !out->memory_v1[0])
						strcpy(out->memory_v1, mnt);
					else if (strcmp(o, "pids") == 0 && !out->pids_v1[0])
						strcpy(out->pids_v1, mnt);
				}
			}
		}
	}
	return (out->unified[0] || out->memory_v1[0] || out->pids_v1[0]) ? 0 : -ENOENT;
}
