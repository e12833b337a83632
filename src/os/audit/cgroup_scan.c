/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Memory cgroup walk (see cgroup_scan.h). */
#include "os/audit/cgroup_scan.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/util/numparse.h"
#include "os/core/cgroupfs.h"
#include "os/core/sysroot.h"

/* v1 reports "no limit" as a page-rounded LONG_MAX */
#define V1_UNLIMITED ((uint64_t)1 << 60)

struct walk {
	struct audit_snapshot *s;
	size_t cap;
	bool memory;    /* read the memory files */
	bool pids;      /* read the pids files */
	int version;
	bool failed;
};

/* "<dir>/<file>" holding one number or "max" (UINT64_MAX).  -errno when unreadable. */
static int read_num(const char *dir, const char *file, uint64_t *out)
{
	char path[PATH_MAX], buf[64];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	ssize_t n = sysroot_read_line(path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	char *t = numparse_trim_ws(buf);
	if (strcmp(t, "max") == 0) {
		*out = UINT64_MAX;
		return 0;
	}
	return numparse_u64(t, out);
}

/* Looks up "key N" lines of a flat-keyed file (memory.events, memory.stat, memory.oom_control). */
static void read_keyed(const char *dir, const char *file, const char *const *keys, uint64_t **vals, size_t nk)
{
	char path[PATH_MAX], *text;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	ssize_t n = sysroot_read_alloc(path, &text);
	if (n < 0)
		return;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char *sp = strchr(line, ' ');
		if (!sp)
			continue;
		*sp = '\0';
		for (size_t i = 0; i < nk; i++) {
			uint64_t v;
			if (strcmp(line, keys[i]) == 0 && numparse_u64(numparse_trim_ws(sp + 1), &v) == 0)
				*vals[i] = v;
		}
	}
	free(text);
}

static void read_memory_v2(const char *dir, struct cgroup_mem *g)
{
	uint64_t max;
	read_num(dir, "memory.current", &g->usage);
	if (read_num(dir, "memory.max", &max) == 0 && max != UINT64_MAX) {
		g->limit = max;
		g->has_limit = true;
	}
	const char *ek[] = { "oom_kill", "oom", "max", "high" };
	uint64_t *ev[] = { &g->oom_kill, &g->oom, &g->max_events, &g->high_events };
	read_keyed(dir, "memory.events", ek, ev, 4);
	/* memory.events counts the kills of every descendant too: a kill in a service would be
	 * reported again for its slice and every ancestor.  memory.events.local (Linux 5.2+) has
	 * the cgroup's own kills only. */
	const char *lk[] = { "oom_kill" };
	uint64_t *lv[] = { &g->oom_kill };
	read_keyed(dir, "memory.events.local", lk, lv, 1);
	const char *sk[] = { "inactive_file" };
	uint64_t *sv[] = { &g->inactive_file };
	read_keyed(dir, "memory.stat", sk, sv, 1);
}

static void read_memory_v1(const char *dir, struct cgroup_mem *g)
{
	uint64_t limit, disable = 0, under = 0;
	read_num(dir, "memory.usage_in_bytes", &g->usage);
	if (read_num(dir, "memory.limit_in_bytes", &limit) == 0 && limit < V1_UNLIMITED) {
		g->limit = limit;
		g->has_limit = true;
	}
	read_num(dir, "memory.failcnt", &g->failcnt);
	const char *ok[] = { "oom_kill_disable", "under_oom", "oom_kill" };
	uint64_t *ov[] = { &disable, &under, &g->oom_kill };
	read_keyed(dir, "memory.oom_control", ok, ov, 3);
	g->oom_kill_disable = disable != 0;
	g->under_oom = under != 0;
	/* hierarchical totals when present (use_hierarchy), else the cgroup's own */
	uint64_t total = UINT64_MAX, own = 0;
	const char *sk[] = { "total_inactive_file", "inactive_file" };
	uint64_t *sv[] = { &total, &own };
	read_keyed(dir, "memory.stat", sk, sv, 2);
	g->inactive_file = total != UINT64_MAX ? total : own;
}

static void read_pids(const char *dir, struct cgroup_mem *g)
{
	if (read_num(dir, "pids.current", &g->pids_current) < 0)
		return;
	g->has_pids = true;
	if (read_num(dir, "pids.max", &g->pids_max) < 0)
		g->pids_max = UINT64_MAX;
	const char *k[] = { "max" };
	uint64_t *v[] = { &g->pids_events_max };
	read_keyed(dir, "pids.events", k, v, 1);
}

static struct cgroup_mem *add(struct walk *w)
{
	struct audit_snapshot *s = w->s;
	if (s->n_cgroups >= CGROUP_SCAN_MAX) {
		s->cgroups_truncated = true;
		return NULL;
	}
	if (s->n_cgroups == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		struct cgroup_mem *v = realloc(s->cgroups, cap * sizeof(*v));
		if (!v) {
			w->failed = true;
			return NULL;
		}
		s->cgroups = v;
		w->cap = cap;
	}
	struct cgroup_mem *g = &s->cgroups[s->n_cgroups++];
	memset(g, 0, sizeof(*g));
	return g;
}

static void walk(struct walk *w, const char *mount, const char *rel, int depth)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s%s", mount, rel);

	if (*rel) {  /* the root cgroup has no limit of its own */
		struct cgroup_mem *g = add(w);
		if (!g)
			return;
		snprintf(g->path, sizeof(g->path), "%s", rel);
		g->version = w->version;
		if (w->memory) {
			if (w->version == 2)
				read_memory_v2(dir, g);
			else
				read_memory_v1(dir, g);
		}
		if (w->pids)
			read_pids(dir, g);
		/* keep only what a rule could use */
		if (!g->has_limit && !g->oom_kill && !g->oom_kill_disable && !g->under_oom &&
		    !(g->has_pids && (g->pids_max != UINT64_MAX || g->pids_events_max)))
			w->s->n_cgroups--;
	}
	if (depth >= CGROUP_SCAN_DEPTH)
		return;
	DIR *d = sysroot_opendir(dir);
	if (!d) {
		if (errno == EACCES)
			audit_snapshot_note(w->s, dir, "permission denied");
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)) && !w->failed && !w->s->cgroups_truncated) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		char sub[PATH_MAX];
		if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", rel, e->d_name) >= sizeof(sub))
			continue;
		walk(w, mount, sub, depth + 1);
	}
	closedir(d);
}

int cgroup_scan(struct audit_snapshot *s)
{
	struct cgroup_mounts m;
	struct walk w = { .s = s };

	memset(&m, 0, sizeof(m));
	if (cgroupfs_discover(&m) < 0)
		return 0;
	snprintf(s->cgroup_unified_mount, sizeof(s->cgroup_unified_mount), "%s", m.unified);
	snprintf(s->cgroup_pids_v1_mount, sizeof(s->cgroup_pids_v1_mount), "%s", m.pids_v1);
	if (cgroupfs_memory_is_v2(&m)) {
		/* pure v2: one walk reads memory and pids (pids files are absent when pids is bound
		 * to a v1 hierarchy, then the v1 walk below reads them) */
		s->cgroup_v2 = true;
		w.memory = w.pids = true;
		w.version = 2;
		walk(&w, m.unified, "", 0);
	} else {
		if (m.memory_v1[0]) {
			s->cgroup_v1 = true;
			w.memory = true;
			w.version = 1;
			walk(&w, m.memory_v1, "", 0);
		}
		/* hybrid: pids may be enabled on the unified hierarchy */
		char ctl[256], path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/cgroup.controllers", m.unified);
		if (m.unified[0] && sysroot_read_line(path, ctl, sizeof(ctl)) >= 0 && strstr(ctl, "pids")) {
			w.memory = false;
			w.pids = true;
			w.version = 2;
			walk(&w, m.unified, "", 0);
		}
	}
	/* legacy and hybrid machines: the v1 pids hierarchy (pids.max, pids.current, pids.events) */
	if (m.pids_v1[0] && !w.failed) {
		w.memory = false;
		w.pids = true;
		w.version = 1;
		walk(&w, m.pids_v1, "", 0);
	}
	return w.failed ? -ENOMEM : 0;
}
