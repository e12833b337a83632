/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sysctl.d and tuned.conf parsing, and systemd-sysctl's file precedence (see sysctl_conf.h). */
#include "lib/audit/sysctl_conf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/util/numparse.h"

const char *const sysctl_d_dirs[] = {
	"/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d", "/lib/sysctl.d",
};
const size_t sysctl_d_ndirs = sizeof(sysctl_d_dirs) / sizeof(sysctl_d_dirs[0]);

/* Copies [p, eol) into buf and trims it; returns buf. */
static char *copy_line(char *buf, size_t cap, const char *p, const char *eol)
{
	size_t n = (size_t)(eol - p);
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return numparse_trim_ws(buf);
}

/* Splits "key = value"; normalises the key; false when the line is not an assignment. */
static bool split_assignment(char *s, char **key, char **value)
{
	char *eq = strchr(s, '=');
	if (!eq)
		return false;
	*eq = '\0';
	*key = numparse_trim_ws(s);
	*value = numparse_trim_ws(eq + 1);
	if (**key == '-')
		*key = numparse_trim_ws(*key + 1);
	if (!**key || strlen(*key) >= SYSCTL_KEY_MAX)
		return false;
	/* sysctl.d(5): if the first separator is a slash, slashes separate and dots are literal */
	char *slash = strchr(*key, '/'), *dot = strchr(*key, '.');
	if (slash && (!dot || slash < dot))
		for (char *c = *key; *c; c++)
			*c = *c == '/' ? '.' : *c == '.' ? '/' : *c;
	return true;
}

int sysctl_conf_parse(const char *text, size_t len, sysctl_assign_cb cb, void *ud)
{
	const char *p = text, *end = text + len;
	unsigned line_no = 0;
	int count = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		char buf[SYSCTL_KEY_MAX + SYSCTL_VALUE_MAX + 16], *key, *value;
		line_no++;
		char *s = copy_line(buf, sizeof(buf), p, eol);
		if (*s && *s != '#' && *s != ';' && split_assignment(s, &key, &value)) {
			cb(key, value, line_no, ud);
			count++;
		}
		p = eol + (nl ? 1 : 0);
	}
	return count;
}

int tuned_conf_parse(const char *text, size_t len, sysctl_assign_cb cb, void *ud,
		     char *include, size_t include_cap)
{
	const char *p = text, *end = text + len;
	char section[64] = "";
	unsigned line_no = 0;
	int count = 0;

	if (include_cap)
		include[0] = '\0';
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		char buf[SYSCTL_KEY_MAX + SYSCTL_VALUE_MAX + 16], *key, *value;
		line_no++;
		char *s = copy_line(buf, sizeof(buf), p, eol);
		size_t sl = strlen(s);
		if (*s == '[' && sl > 1 && s[sl - 1] == ']') {
			s[sl - 1] = '\0';
			snprintf(section, sizeof(section), "%s", s + 1);
		} else if (*s && *s != '#' && *s != ';' && split_assignment(s, &key, &value)) {
			if (strcmp(section, "sysctl") == 0) {
				cb(key, value, line_no, ud);
				count++;
			} else if (strcmp(section, "main") == 0 && strcmp(key, "include") == 0 &&
				   include_cap) {
				/* "include=a,b": tuned applies them in order; the first is the base */
				size_t n = strcspn(value, ", ");
				if (n >= include_cap)
					n = include_cap - 1;
				memcpy(include, value, n);
				include[n] = '\0';
			}
		}
		p = eol + (nl ? 1 : 0);
	}
	return count;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Compares by basename computed here: `name` pointers go stale while qsort moves entries. */
static int file_cmp(const void *a, const void *b)
{
	const struct sysctl_file *x = a, *y = b;
	if ((x->dir_rank < 0) != (y->dir_rank < 0))
		return x->dir_rank < 0 ? 1 : -1;
	int c = strcmp(base_name(x->path), base_name(y->path));
	return c ? c : x->dir_rank - y->dir_rank;
}

size_t sysctl_files_order(struct sysctl_file *files, size_t n)
{
	size_t out = 0;

	qsort(files, n, sizeof(*files), file_cmp);
	for (size_t i = 0; i < n; i++) {
		/* same name, lower priority directory (sorted right after the winner): hidden */
		if (out > 0 && files[i].dir_rank >= 0 && files[out - 1].dir_rank >= 0 &&
		    strcmp(base_name(files[i].path), base_name(files[out - 1].path)) == 0)
			continue;
		if (out != i)
			files[out] = files[i];
		out++;
	}
	for (size_t i = 0; i < out; i++)
		files[i].name = base_name(files[i].path);
	return out;
}
