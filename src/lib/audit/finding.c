/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding lists (see finding.h). */
#include "lib/audit/finding.h"

#include <stdlib.h>
#include <string.h>

const char *severity_name(enum severity s)
{
	switch (s) {
	case SEV_CRIT:
		return "critical";
	case SEV_WARN:
		return "warn";
	default:
		return "info";
	}
}

struct finding *finding_add(struct findings *f, const char *id, enum severity sev, const char *why)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		struct finding *v = realloc(f->v, cap * sizeof(*v));
		if (!v) {
			f->oom = true;
			return NULL;
		}
		f->v = v;
		f->cap = cap;
	}
	struct finding *x = &f->v[f->n++];
	memset(x, 0, sizeof(*x));
	strncpy(x->id, id, sizeof(x->id) - 1);
	x->sev = sev;
	x->why = why;
	return x;
}

void findings_free(struct findings *f)
{
	free(f->v);
	memset(f, 0, sizeof(*f));
}

void findings_sort(struct findings *f)
{
	/* stable insertion sort: lists are short and rule order is meaningful */
	for (size_t i = 1; i < f->n; i++) {
		struct finding tmp = f->v[i];
		size_t j = i;
		while (j > 0 && f->v[j - 1].sev < tmp.sev) {
			f->v[j] = f->v[j - 1];
			j--;
		}
		f->v[j] = tmp;
	}
}

int findings_exit_status(const struct findings *f)
{
	int worst = 0;
	for (size_t i = 0; i < f->n; i++) {
		if (f->v[i].sev == SEV_CRIT)
			return 2;
		if (f->v[i].sev == SEV_WARN)
			worst = 1;
	}
	return worst;
}

size_t findings_count(const struct findings *f, enum severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		n += f->v[i].sev == sev;
	return n;
}
