/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/PID/cgroup parsing and unit naming (see cgpath.h). */
#include "lib/procfs/cgpath.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void copy_field(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

int pid_cgroup_parse(const char *text, size_t len, struct pid_cgroups *out)
{
	const char *p = text, *end = text + len;
	int lines = 0;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		const char *c1 = memchr(p, ':', (size_t)(eol - p));
		const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(eol - c1 - 1)) : NULL;
		if (c2) {
			const char *ctl = c1 + 1;
			size_t ctl_len = (size_t)(c2 - ctl);
			const char *path = c2 + 1;
			size_t plen = (size_t)(eol - path);
			lines++;
			if (ctl_len == 0 && c1 - p == 1 && p[0] == '0') {
				copy_field(out->unified, sizeof(out->unified), path, plen);
			} else if (ctl_len == 12 && memcmp(ctl, "name=systemd", 12) == 0) {
				copy_field(out->systemd_v1, sizeof(out->systemd_v1), path, plen);
			} else {
				/* controller lists look like "cpu,cpuacct" or "memory" */
				const char *c = ctl;
				while (c < c2) {
					const char *comma = memchr(c, ',', (size_t)(c2 - c));
					const char *ce = comma ? comma : c2;
					if (ce - c == 6 && memcmp(c, "memory", 6) == 0)
						copy_field(out->memory_v1, sizeof(out->memory_v1), path, plen);
					c = comma ? comma + 1 : c2;
				}
			}
		}
		p = nl ? nl + 1 : end;
	}
	return lines > 0 ? 0 : -EINVAL;
}

const char *pid_cgroup_memory_path(const struct pid_cgroups *cg)
{
	return cg->memory_v1[0] ? cg->memory_v1 : cg->unified;
}

const char *pid_cgroup_unit_path(const struct pid_cgroups *cg)
{
	if (cg->unified[0] && strcmp(cg->unified, "/") != 0)
		return cg->unified;
	if (cg->systemd_v1[0])
		return cg->systemd_v1;
	return cg->memory_v1[0] ? cg->memory_v1 : cg->unified;
}

static int ends_with(const char *s, size_t n, const char *suf)
{
	size_t l = strlen(suf);
	return n > l && memcmp(s + n - l, suf, l) == 0;
}

const char *cgroup_path_unit(const char *path, char *buf, size_t cap)
{
	const char *best = NULL;
	size_t best_len = 0;
	const char *p = path;

	buf[0] = '\0';
	while (*p) {
		while (*p == '/')
			p++;
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n && (ends_with(p, n, ".service") || ends_with(p, n, ".scope"))) {
			best = p;
			best_len = n;
		}
		p += n;
	}
	if (best)
		copy_field(buf, cap, best, best_len);
	return buf;
}

const char *cgroup_path_shorten(char *dst, size_t cap, const char *path, size_t width)
{
	static const char lead[] = ".../";
	size_t len = strlen(path);

	if (cap == 0)
		return dst;
	if (width >= cap)
		width = cap - 1;
	if (len <= width) {
		snprintf(dst, cap, "%s", path);
		return dst;
	}
	/* the most trailing components that fit after ".../" */
	const char *tail = NULL;
	for (const char *p = path + len - 1; p > path; p--) {
		if (p[-1] != '/')
			continue;
		if (sizeof(lead) - 1 + (size_t)(path + len - p) > width)
			break;
		tail = p;
	}
	if (tail) {
		snprintf(dst, cap, "%s%s", lead, tail);
		return dst;
	}
	/* the last component alone is too long: its start and end */
	const char *last = strrchr(path, '/');
	const char *pre = last && last > path ? lead : last ? "/" : "";
	last = last ? last + 1 : path;
	size_t fixed = strlen(pre) + 3;
	if (width <= fixed + 2) {
		snprintf(dst, cap, "%.*s", (int)width, path);
		return dst;
	}
	size_t room = width - fixed, end = room / 3, start = room - end;
	snprintf(dst, cap, "%s%.*s...%s", pre, (int)start, last, last + strlen(last) - end);
	return dst;
}
