/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sysctl provenance (see sysctl_sources.h). */
#include "os/audit/sysctl_sources.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/util/numparse.h"
#include "os/core/sysroot.h"

#define MAX_FILES 256
#define TUNED_DEPTH 5

struct assign_ctx {
	struct audit_snapshot *s;
	const char *file;        /* displayed path */
	bool tuned;
};

static void on_assign(const char *key, const char *value, unsigned line, void *ud)
{
	struct assign_ctx *c = ud;
	for (int i = 0; i < SC_COUNT; i++) {
		if (strcmp(key, sysctl_name((enum sysctl_id)i)) != 0)
			continue;
		struct sysctl_value *v = &c->s->sc[i];
		if (c->tuned) {
			snprintf(v->tuned_value, sizeof(v->tuned_value), "%s", value);
		} else {
			snprintf(v->file, sizeof(v->file), "%s", c->file);
			snprintf(v->file_value, sizeof(v->file_value), "%s", value);
			v->line = line;
			v->file_is_etc = strncmp(c->file, "/etc/", 5) == 0;
		}
	}
}

/* A sysctl.d entry that links to /etc/sysctl.conf (Debian's 99-sysctl.conf) is shown as that. */
static void display_path(const char *path, char *out, size_t cap)
{
	char real[PATH_MAX], target[PATH_MAX];
	snprintf(out, cap, "%s", path);
	if (sysroot_path(real, sizeof(real), path) < 0)
		return;
	ssize_t n = readlink(real, target, sizeof(target) - 1);
	if (n <= 0)
		return;
	target[n] = '\0';
	const char *base = strrchr(target, '/');
	if (strcmp(base ? base + 1 : target, "sysctl.conf") == 0 && strncmp(path, "/etc/", 5) == 0)
		snprintf(out, cap, "/etc/sysctl.conf");
}

static void read_conf(struct audit_snapshot *s, const char *path)
{
	char *text, shown[SYSCTL_PATH_MAX];
	ssize_t n = sysroot_read_alloc(path, &text);
	if (n < 0) {
		if (n != -ENOENT)
			audit_snapshot_note(s, path, strerror((int)-n));
		return;
	}
	display_path(path, shown, sizeof(shown));
	struct assign_ctx c = { .s = s, .file = shown, .tuned = false };
	sysctl_conf_parse(text, (size_t)n, on_assign, &c);
	free(text);
}

static size_t list_dir(struct audit_snapshot *s, int rank, struct sysctl_file *files, size_t n)
{
	DIR *d = sysroot_opendir(sysctl_d_dirs[rank]);
	struct dirent *e;
	if (!d) {
		if (errno != ENOENT)
			audit_snapshot_note(s, sysctl_d_dirs[rank], strerror(errno));
		return n;
	}
	while ((e = readdir(d)) && n < MAX_FILES) {
		size_t l = strlen(e->d_name);
		if (l < 6 || l > 200 || strcmp(e->d_name + l - 5, ".conf") != 0 || e->d_name[0] == '.')
			continue;
		snprintf(files[n].path, sizeof(files[n].path), "%.32s/%.200s", sysctl_d_dirs[rank], e->d_name);
		files[n].dir_rank = rank;
		n++;
	}
	closedir(d);
	return n;
}

static void ignore_assign(const char *key, const char *value, unsigned line, void *ud)
{
	(void)key, (void)value, (void)line, (void)ud;
}

/* Applies a tuned profile's [sysctl] values, its include first (its values are overridden). */
static void read_tuned_profile(struct audit_snapshot *s, const char *profile, int depth)
{
	static const char *const dirs[] = { "/etc/tuned/profiles", "/etc/tuned", "/usr/lib/tuned/profiles",
					    "/usr/lib/tuned" };
	char path[PATH_MAX], include[64];

	if (depth > TUNED_DEPTH || !*profile || strchr(profile, '/') || profile[0] == '.')
		return;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char *text;
		snprintf(path, sizeof(path), "%s/%s/tuned.conf", dirs[i], profile);
		ssize_t n = sysroot_read_alloc(path, &text);
		if (n < 0)
			continue;
		tuned_conf_parse(text, (size_t)n, ignore_assign, NULL, include, sizeof(include));
		if (include[0])
			read_tuned_profile(s, include, depth + 1);
		struct assign_ctx c = { .s = s, .file = path, .tuned = true };
		tuned_conf_parse(text, (size_t)n, on_assign, &c, include, sizeof(include));
		free(text);
		return;
	}
}

static bool value_matches(const char *file_value, int64_t running)
{
	int64_t v;
	char buf[SYSCTL_VALUE_MAX];
	snprintf(buf, sizeof(buf), "%s", file_value);
	return numparse_i64(numparse_trim_ws(buf), &v) == 0 && v == running;
}

int sysctl_sources_resolve(struct audit_snapshot *s)
{
	struct sysctl_file *files = calloc(MAX_FILES + 1, sizeof(*files));
	size_t n = 0;
	char line[128];

	if (!files)
		return -ENOMEM;
	for (size_t r = 0; r < sysctl_d_ndirs; r++)
		n = list_dir(s, (int)r, files, n);
	snprintf(files[n].path, sizeof(files[n].path), "/etc/sysctl.conf");
	files[n++].dir_rank = -1;
	n = sysctl_files_order(files, n);
	for (size_t i = 0; i < n; i++)
		read_conf(s, files[i].path);
	free(files);

	if (sysroot_read_line("/etc/tuned/active_profile", line, sizeof(line)) > 0) {
		char *p = numparse_trim_ws(line);
		p[strcspn(p, " \t")] = '\0';  /* "a b" = several merged profiles: take the first */
		snprintf(s->tuned_profile, sizeof(s->tuned_profile), "%s", p);
		read_tuned_profile(s, s->tuned_profile, 0);
	}

	for (int i = 0; i < SC_COUNT; i++) {
		struct sysctl_value *v = &s->sc[i];
		if (!v->present)
			continue;
		if (v->tuned_value[0])
			v->origin = value_matches(v->tuned_value, v->value) ? ORIGIN_TUNED : ORIGIN_RUNTIME;
		else if (v->file[0])
			v->origin = value_matches(v->file_value, v->value) ? ORIGIN_FILE : ORIGIN_RUNTIME;
		else
			v->origin = ORIGIN_DEFAULT;
	}
	return 0;
}
