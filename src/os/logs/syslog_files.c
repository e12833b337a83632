/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding a syslog file's rotations (see syslog_files.h): one pass over /var/log, names matched
 * against "base", "base.N", "base.N.gz", "base-DATE" and "base-DATE.gz", sorted oldest first. */
#include "os/logs/syslog_files.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "os/core/sysroot.h"

const char *const syslog_default_names[] = { "messages", "kern.log", "syslog", NULL };

struct ranked {
	struct syslog_file f;
	int group;          /* 0 numbered rotation, 1 dated rotation, 2 the live file */
	long number;        /* .N: larger is older */
	char date[40];      /* -DATE: larger is newer */
};

static int by_age(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;
	if (a->group != b->group)
		return a->group - b->group;
	if (a->group == 0)
		return a->number < b->number ? 1 : a->number > b->number ? -1 : 0;
	return strcmp(a->date, b->date);
}

/* The rotation suffix after base: "" (live), ".N[.gz]" or "-DATE[.gz]"; -1 when not one. */
static int classify(const char *suffix, struct ranked *r)
{
	char tail[40];
	size_t n = strlen(suffix);
	if (n >= sizeof(tail))
		return -1;
	memcpy(tail, suffix, n + 1);
	if (n > 3 && strcmp(tail + n - 3, ".gz") == 0)
		tail[n -= 3] = '\0';
	if (n == 0 && suffix[0] == '\0') {
		r->group = 2;
		return 0;
	}
	if (n < 2 || (tail[0] != '.' && tail[0] != '-'))
		return -1;
	for (size_t i = 1; i < n; i++)
		if (tail[i] < '0' || tail[i] > '9')
			return -1;
	if (tail[0] == '.') {
		r->group = 0;
		r->number = strtol(tail + 1, NULL, 10);
	} else {
		r->group = 1;
		snprintf(r->date, sizeof(r->date), "%s", tail + 1);
	}
	return 0;
}

int syslog_family_list(const char *base, struct syslog_file *out, size_t cap)
{
	struct ranked found[SYSLOG_FAMILY_MAX];
	size_t n = 0, blen = strlen(base);
	DIR *d = sysroot_opendir("/var/log");
	struct dirent *e;

	if (!d)
		return -errno;
	while ((e = readdir(d)) && n < SYSLOG_FAMILY_MAX) {
		if (strncmp(e->d_name, base, blen) != 0)
			continue;
		struct ranked r;
		memset(&r, 0, sizeof(r));
		if (classify(e->d_name + blen, &r) < 0)
			continue;
		char rel[300];
		struct stat st;
		snprintf(rel, sizeof(rel), "/var/log/%s", e->d_name);
		if (sysroot_path(r.f.path, sizeof(r.f.path), rel) < 0 || stat(r.f.path, &st) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		snprintf(r.f.name, sizeof(r.f.name), "%s", rel);
		r.f.mtime = st.st_mtime;
		found[n++] = r;
	}
	closedir(d);
	qsort(found, n, sizeof(found[0]), by_age);
	size_t k = n < cap ? n : cap;   /* keep the newest when there are too many */
	for (size_t i = 0; i < k; i++)
		out[i] = found[n - k + i].f;
	return (int)k;
}
