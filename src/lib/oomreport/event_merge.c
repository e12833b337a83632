/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Time order and duplicate removal over events from several sources (see event_merge.h). */
#include "lib/oomreport/event_merge.h"

#include <stdlib.h>
#include <string.h>

#include "lib/oomreport/oom_assembler.h"

/* Host names compare up to the first dot ("web1" and "web1.example.org" are one machine);
 * an unknown host matches any. */
static bool same_host(const char *a, const char *b)
{
	if (!*a || !*b)
		return true;
	size_t la = strcspn(a, "."), lb = strcspn(b, ".");
	return la == lb && memcmp(a, b, la) == 0;
}

static int64_t absdiff(int64_t a, int64_t b)
{
	return a > b ? a - b : b - a;
}

/* A userspace killer prints the name it read (lmkd: the command line), the kernel its comm of at
 * most 15 bytes: one may be cut short of the other. */
static bool names_agree(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t n = la < lb ? la : lb;
	return la == lb ? strcmp(a, b) == 0 : n >= 15 && memcmp(a, b, n) == 0;
}

bool event_same_kill(const struct oom_event *a, const struct oom_event *b)
{
	bool userspace = a->kind == OOM_KIND_USERSPACE || b->kind == OOM_KIND_USERSPACE;

	if (a->has_victim != b->has_victim)
		return false;
	if (userspace && a->has_victim) {
		/* a killer's record and the kernel's report (or two killers) of one pid */
		if (!oom_isset(a->victim.pid) || a->victim.pid != b->victim.pid ||
		    !names_agree(a->victim.comm, b->victim.comm))
			return false;
	} else if (userspace) {
		if (strcmp(a->userspace.cgroup, b->userspace.cgroup) != 0 || !a->userspace.cgroup[0])
			return false;
	} else if (a->has_victim) {
		if (a->victim.pid != b->victim.pid || strcmp(a->victim.comm, b->victim.comm) != 0)
			return false;
	} else if (a->kind != b->kind || strcmp(a->trigger.comm, b->trigger.comm) != 0) {
		return false;
	}
	if (!same_host(a->host, b->host))
		return false;
	if (a->realtime_us != LOG_TIME_UNKNOWN && b->realtime_us != LOG_TIME_UNKNOWN)
		return absdiff(a->realtime_us, b->realtime_us) <= EVENT_MERGE_TOLERANCE_US;
	if (a->monotonic_us != LOG_TIME_UNKNOWN && b->monotonic_us != LOG_TIME_UNKNOWN)
		return absdiff(a->monotonic_us, b->monotonic_us) <= 1000000;
	return false;
}

/* > 0 when a is the better copy of one kill */
static int better(const struct oom_event *a, const struct oom_event *b)
{
	if (a->from_kernel != b->from_kernel)        /* the kernel's report tells more */
		return a->from_kernel ? 1 : -1;
	if (a->kernel_proven != b->kernel_proven)
		return a->kernel_proven ? 1 : -1;
	if (a->incomplete != b->incomplete)
		return a->incomplete ? -1 : 1;
	if (a->n_lines != b->n_lines)
		return a->n_lines > b->n_lines ? 1 : -1;
	return 0;
}

struct slot {
	struct oom_event *ev;
	size_t order;
};

static int by_time(const void *pa, const void *pb)
{
	const struct slot *a = pa, *b = pb;
	int64_t ra = a->ev->realtime_us, rb = b->ev->realtime_us;
	bool ka = ra != LOG_TIME_UNKNOWN, kb = rb != LOG_TIME_UNKNOWN;
	if (ka != kb)
		return ka ? 1 : -1;
	if (!ka) {
		ra = a->ev->monotonic_us;
		rb = b->ev->monotonic_us;
	}
	if (ra != rb)
		return ra < rb ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order ? 1 : 0;
}

size_t event_merge(struct oom_event **evs, size_t n)
{
	struct slot *s = malloc(n * sizeof(*s) + 1);
	if (!s)
		return n;   /* unsorted and undeduplicated beats nothing */
	for (size_t i = 0; i < n; i++)
		s[i] = (struct slot){ evs[i], i };
	qsort(s, n, sizeof(*s), by_time);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		struct oom_event *ev = s[i].ev;
		bool dup = false;
		for (size_t j = kept; j-- > 0;) {
			struct oom_event *k = evs[j];
			if (ev->realtime_us != LOG_TIME_UNKNOWN && k->realtime_us != LOG_TIME_UNKNOWN &&
			    ev->realtime_us - k->realtime_us > EVENT_MERGE_TOLERANCE_US)
				break;
			if (event_same_kill(ev, k)) {
				/* the copy kept takes what the other adds (a killer's record, the unit) */
				if (better(ev, k) > 0) {
					oom_event_absorb(ev, k);
					evs[j] = ev;
					oom_event_free(k);
				} else {
					oom_event_absorb(k, ev);
					oom_event_free(ev);
				}
				dup = true;
				break;
			}
		}
		if (!dup)
			evs[kept++] = ev;
	}
	free(s);
	return kept;
}
