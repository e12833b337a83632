/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A finding of `check`: a stable id, a severity, the values measured, why it matters in one
 * sentence, and the exact fix, both as text for people and as structured actions (a sysctl, a
 * systemd drop-in, an oom_score_adj) that the fix script (fix_script.c) turns into commands.
 * Text fields hold raw bytes from the system (process names, cgroup paths); renderers escape. */
#ifndef OOMGUARD_FINDING_H
#define OOMGUARD_FINDING_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum severity { SEV_INFO = 0, SEV_WARN = 1, SEV_CRIT = 2 };

const char *severity_name(enum severity s);   /* "info", "warn", "critical" */

struct finding {
	char id[64];             /* stable, e.g. "vm.min_free_kbytes.high" */
	enum severity sev;
	char subject[200];       /* what it is about when several can fire: a cgroup, a process */
	char title[160];         /* one line headline */
	char measured[400];      /* the values measured, "name=value, ..." */
	const char *why;         /* one sentence, static */
	char fix[900];           /* what to do: commands and explanations, lines separated by \n */
	char step[200];          /* the one command to run first, exactly ("" when it takes a person) */

	/* structured actions for the fix script; empty when the fix needs a person */
	char sysctl_key[64];     /* apply key=value now and persist it ... */
	char sysctl_value[32];
	char sysctl_file[256];   /* ... in this file (an /etc/sysctl.d file; replaced in place) */
	char stale_file[256];    /* /etc/sysctl.conf when it sets the key: its line is commented out */
	char write_path[256];    /* a whole file to write (e.g. a tuned profile) ... */
	char write_content[400];
	char after_cmd[200];     /* ... and a command to run after it */
	char dropin_unit[128];   /* systemd unit that gets a drop-in ... */
	char dropin_body[256];   /* ... with this [Service] content */
	pid_t adj_pid;           /* running process to choom now (0 = none) */
	int adj_value;
};

struct findings {
	struct finding *v;
	size_t n, cap;
	bool oom;                /* an allocation failed: the list is incomplete */
};

/* Appends a zeroed finding with id, severity and why filled; NULL (and f->oom) on ENOMEM. */
struct finding *finding_add(struct findings *f, const char *id, enum severity sev, const char *why);
void findings_free(struct findings *f);
/* Most severe first; among equals, the order the rules ran. */
void findings_sort(struct findings *f);
/* 0 when nothing or only info, 1 with a warning, 2 with a critical finding. */
int findings_exit_status(const struct findings *f);
size_t findings_count(const struct findings *f, enum severity sev);

#endif
