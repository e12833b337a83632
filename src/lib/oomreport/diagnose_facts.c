/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The diagnosis helpers every rule uses (see diagnose_facts.h). */
#include "lib/oomreport/diagnose_facts.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void add_line(char lines[][OOM_DIAG_LINE_MAX], size_t *n, const char *fmt, va_list ap)
{
	if (*n >= OOM_DIAG_LINES)
		return;
	vsnprintf(lines[*n], OOM_DIAG_LINE_MAX, fmt, ap);
	(*n)++;
}

void diag_evidence(struct oom_diagnosis *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_line(d->evidence, &d->n_evidence, fmt, ap);
	va_end(ap);
}

void diag_step(struct oom_diagnosis *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_line(d->next_steps, &d->n_next_steps, fmt, ap);
	va_end(ap);
}

int64_t diag_pct(int64_t part, int64_t whole)
{
	return (whole > 0 && oom_isset(part)) ? (int64_t)((double)part * 100.0 / (double)whole) : 0;
}

const char *diag_unit_of(const char *cgroup)
{
	const char *slash = strrchr(cgroup, '/');
	const char *name = slash ? slash + 1 : cgroup;
	size_t n = strlen(name);
	if (n > 8 && (strcmp(name + n - 8, ".service") == 0 || strcmp(name + n - 6, ".scope") == 0))
		return name;
	return NULL;
}

