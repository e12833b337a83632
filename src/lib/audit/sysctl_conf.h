/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where a sysctl value comes from: parsers for sysctl.d(5) files and tuned profiles, and the
 * precedence systemd-sysctl and `sysctl --system` apply (files sorted by name across
 * /etc, /run, /usr/local/lib, /usr/lib, /lib; a same-named file in an earlier directory hides the
 * later ones; /etc/sysctl.conf last).  Pure: the OS layer (os/sysctl_sources.c) reads the files. */
#ifndef OOMGUARD_SYSCTL_CONF_H
#define OOMGUARD_SYSCTL_CONF_H

#include <stdbool.h>
#include <stddef.h>

#define SYSCTL_KEY_MAX 128
#define SYSCTL_VALUE_MAX 128
#define SYSCTL_PATH_MAX 256

/* One "key = value" line; the key is normalised to dots (vm/min_free_kbytes -> vm.min_free_kbytes). */
typedef void (*sysctl_assign_cb)(const char *key, const char *value, unsigned line, void *ud);

/* sysctl.d syntax: '#' and ';' comments, optional leading '-' (ignore failure), blanks around
 * '='.  Returns the number of assignments. */
int sysctl_conf_parse(const char *text, size_t len, sysctl_assign_cb cb, void *ud);

/* tuned.conf (INI): calls cb for each [sysctl] assignment; copies the [main] include= value
 * (first profile named) into include (or "" when none). */
int tuned_conf_parse(const char *text, size_t len, sysctl_assign_cb cb, void *ud,
		     char *include, size_t include_cap);

/* The directories systemd-sysctl reads, highest priority first. */
extern const char *const sysctl_d_dirs[];
extern const size_t sysctl_d_ndirs;

struct sysctl_file {
	char path[SYSCTL_PATH_MAX];
	const char *name;   /* basename inside path */
	int dir_rank;       /* index in sysctl_d_dirs; -1 for /etc/sysctl.conf */
};

/* Sorts files into the order they are applied and drops the ones a same-named file in a
 * higher-priority directory hides; /etc/sysctl.conf (dir_rank -1) goes last.  Returns the new
 * count.  `name` pointers are fixed up. */
size_t sysctl_files_order(struct sysctl_file *files, size_t n);

#endif
