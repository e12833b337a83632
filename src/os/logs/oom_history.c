/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Past OOM kills for check and report (see oom_history.h): the machine's own log sources through
 * os/oom_sources.h, each event reduced to its id, time, host, victim and size, scope (the cgroup)
 * and lib/oomreport's short verdict. */
#include "os/logs/oom_history.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "lib/oomreport/diagnose.h"
#include "lib/oomreport/oom_event.h"
#include "os/logs/oom_sources.h"

struct collect {
	struct audit_snapshot *s;
	size_t cap;
	bool failed;
};

static void on_event(struct oom_event *ev, void *ud)
{
	struct collect *c = ud;
	struct audit_snapshot *s = c->s;

	if (ev->kind == OOM_KIND_OOM_KILL || ev->kind == OOM_KIND_MEMCG_OOM || ev->kind == OOM_KIND_PANIC ||
	    ev->kind == OOM_KIND_NO_KILLABLE) {
		if (s->n_kills == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 16;
			struct oom_kill_brief *v = realloc(s->kills, cap * sizeof(*v));
			if (!v) {
				c->failed = true;
				oom_event_free(ev);
				return;
			}
			s->kills = v;
			c->cap = cap;
		}
		struct oom_kill_brief *k = &s->kills[s->n_kills++];
		memset(k, 0, sizeof(*k));
		k->time_us = ev->realtime_us == LOG_TIME_UNKNOWN ? INT64_MIN : ev->realtime_us;
		k->pid = ev->has_victim ? (pid_t)ev->victim.pid : 0;
		snprintf(k->comm, sizeof(k->comm), "%s", ev->has_victim ? ev->victim.comm : ev->summary_task);
		k->memcg = ev->kind == OOM_KIND_MEMCG_OOM || ev->constraint == OOM_CONSTRAINT_MEMCG;
		snprintf(k->verdict, sizeof(k->verdict), "%s", oom_verdict_short(ev));
		snprintf(k->id, sizeof(k->id), "%s", ev->id);
		snprintf(k->host, sizeof(k->host), "%s", ev->host);
		if (ev->has_memcg)
			snprintf(k->cgroup, sizeof(k->cgroup), "%s",
				 ev->memcg.oom_memcg[0] ? ev->memcg.oom_memcg : ev->memcg.task_memcg);
		if (ev->has_victim) {
			const int64_t part[] = { ev->victim.anon_rss_kib, ev->victim.file_rss_kib,
						 ev->victim.shmem_rss_kib };
			for (size_t i = 0; i < sizeof(part) / sizeof(part[0]); i++)
				if (oom_isset(part[i]) && part[i] > 0)
					k->rss_kib += (uint64_t)part[i];
		}
	}
	oom_event_free(ev);
}

int oom_history_collect(struct audit_snapshot *s, double window_days)
{
	struct oom_source_opts o = {
		.since_us = (int64_t)time(NULL) * 1000000 - (int64_t)(window_days * 86400.0 * 1e6),
		.until_us = LOG_TIME_UNKNOWN,
		.quiet_unreadable = true,
	};
	struct oom_source_status st;
	struct collect c = { .s = s };

	memset(&st, 0, sizeof(st));
	int r = oom_sources_collect(&o, on_event, &c, &st);
	if (c.failed)
		return -ENOMEM;
	if (r < 0 || st.sources_read == 0) {
		snprintf(s->kills_note, sizeof(s->kills_note), "no kernel log could be read%s%.120s",
			 st.sources_denied ? ": " : "", st.denied);
		return 0;
	}
	s->kills_searched = true;
	if (st.sources_denied)
		snprintf(s->kills_note, sizeof(s->kills_note), "not readable: %.140s", st.denied);
	else if (st.n_problems)   /* e.g. a truncated .gz: the kills before the damage are counted */
		snprintf(s->kills_note, sizeof(s->kills_note), "not read whole: %.100s%s",
			 st.problems[0].name, st.n_problems + st.problems_lost > 1 ? " and others" : "");
	return 0;
}
