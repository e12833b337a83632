/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who killed, what the kill took and where the victim ran, for `events` and `explain` (see
 * kills_view.h).  Names and paths from the logs are data: escaped by safetext when printed. */
#include <stdio.h>
#include <string.h>

#include "cmd/kills_view.h"
#include "lib/util/safetext.h"
#include "lib/util/units.h"

void kills_by_text(char *buf, size_t cap, const struct oom_event *ev)
{
	snprintf(buf, cap, "%s%s%s%s%s", ev->from_kernel ? "kernel" : "",
		 ev->from_kernel && ev->has_userspace ? "+" : "",
		 ev->has_userspace ? ev->userspace.killer : "", ev->also_killer[0] ? "+" : "",
		 ev->also_killer);
}

void kills_container_text(char *buf, size_t cap, const struct oom_event *ev)
{
	const struct oom_container *c = &ev->container;
	char id[16];

	snprintf(id, sizeof(id), "%.12s", c->id);
	if (c->pod_uid[0])
		snprintf(buf, cap, "k8s pod %.8s%s%s%s%s", c->pod_uid, c->qos[0] ? " " : "", c->qos,
			 id[0] ? " " : "", id);
	else if (c->runtime[0])
		snprintf(buf, cap, "%s %s", c->runtime, id);
	else if (c->unit[0])
		snprintf(buf, cap, "%s", c->unit);
	else if (ev->unit[0])
		snprintf(buf, cap, "%s", ev->unit);
	else
		buf[0] = '\0';
}

void kills_victim_text(char *buf, size_t cap, const struct oom_event *ev)
{
	char more[24] = "";

	if (ev->n_killed > 1)
		snprintf(more, sizeof(more), " +%u", ev->n_killed - 1);
	else if (ev->has_userspace && oom_isset(ev->userspace.processes_killed) &&
		 ev->userspace.processes_killed > 1)
		snprintf(more, sizeof(more), " (%lld)", (long long)ev->userspace.processes_killed);
	if (ev->has_victim && oom_isset(ev->victim.pid)) {
		snprintf(buf, cap, "%s[%lld]%s", ev->victim.comm, (long long)ev->victim.pid, more);
	} else if (ev->has_victim) {
		snprintf(buf, cap, "%s%s", ev->victim.comm, more);
	} else if (ev->has_userspace && ev->userspace.cgroup[0]) {
		const char *b = strrchr(ev->userspace.cgroup, '/');
		snprintf(buf, cap, "%s%s", b ? b + 1 : ev->userspace.cgroup, more);
	} else {
		snprintf(buf, cap, "(%s)", oom_kind_name(ev->kind));
	}
}

int64_t kills_victim_rss_kib(const struct oom_event *ev)
{
	const struct oom_victim *v = &ev->victim;

	if (ev->has_victim && oom_isset(v->anon_rss_kib))
		return v->anon_rss_kib + (oom_isset(v->file_rss_kib) ? v->file_rss_kib : 0) +
		       (oom_isset(v->shmem_rss_kib) ? v->shmem_rss_kib : 0);
	if (ev->has_userspace && oom_isset(ev->userspace.rss_kib))
		return ev->userspace.rss_kib;
	return OOM_UNSET;
}

static void add_text(struct strbuf *sb, const char *s)
{
	safetext_terminal(sb, s, strlen(s));
}

static void kills_pct(struct strbuf *sb, const char *label, int64_t x100)
{
	if (oom_isset(x100))
		strbuf_addf(sb, "%s%lld.%02lld%%", label, (long long)(x100 / 100), (long long)(x100 % 100));
}

static void userspace_part(struct strbuf *sb, const struct oom_event *ev)
{
	const struct oom_userspace *u = &ev->userspace;
	char size[32];

	strbuf_adds(sb, ev->from_kernel ? "  The userspace killer " : "  Killed by ");
	add_text(sb, u->killer);
	if (ev->from_kernel)
		strbuf_adds(sb, " acted on it too");
	if (u->signal[0]) {
		strbuf_adds(sb, " (");
		add_text(sb, u->signal);
		strbuf_adds(sb, ")");
	}
	if (u->failed)
		strbuf_adds(sb, ", and says the kill failed");
	strbuf_adds(sb, ".\n");
	if (u->cgroup[0]) {
		strbuf_adds(sb, "  It killed the cgroup ");
		add_text(sb, u->cgroup);
		if (oom_isset(u->processes_killed))
			strbuf_addf(sb, " (%lld process%s)", (long long)u->processes_killed,
				    u->processes_killed == 1 ? "" : "es");
		strbuf_adds(sb, ".\n");
	}
	if (u->reason[0]) {
		strbuf_adds(sb, "  Its reason: ");
		add_text(sb, u->reason);
		strbuf_adds(sb, "\n");
	}
	if (oom_isset(u->pressure_pct_x100) || oom_isset(u->limit_pct_x100) ||
	    oom_isset(u->mem_avail_pct_x100) || oom_isset(u->swap_free_pct_x100)) {
		strbuf_adds(sb, "  Figures:");
		kills_pct(sb, " pressure ", u->pressure_pct_x100);
		kills_pct(sb, " limit ", u->limit_pct_x100);
		kills_pct(sb, " memory available ", u->mem_avail_pct_x100);
		kills_pct(sb, " swap free ", u->swap_free_pct_x100);
		strbuf_adds(sb, "\n");
	}
	if (oom_isset(u->rss_kib)) {
		units_size_kib(size, sizeof(size), u->rss_kib, SIZE_LONG);
		strbuf_addf(sb, "  The victim's resident size as the killer saw it: %s", size);
		if (oom_isset(u->swap_kib)) {
			units_size_kib(size, sizeof(size), u->swap_kib, SIZE_LONG);
			strbuf_addf(sb, ", swap %s", size);
		}
		strbuf_adds(sb, ".\n");
	}
	if (oom_isset(u->exited_after_ms))
		strbuf_addf(sb, "  The process exited %lld.%03lld s after the signal.\n",
			    (long long)(u->exited_after_ms / 1000), (long long)(u->exited_after_ms % 1000));
}

void kills_explain(struct strbuf *sb, const struct oom_event *ev)
{
	char size[32], where[160];

	if (oom_isset(ev->selected_pid)) {
		strbuf_adds(sb, "  The OOM killer selected ");
		add_text(sb, ev->selected_comm);
		strbuf_addf(sb, " (pid %lld) and killed this child of it instead.\n",
			    (long long)ev->selected_pid);
	}
	if (ev->n_killed > 1) {
		strbuf_addf(sb, "  Processes killed (%u):\n", ev->n_killed);
		for (unsigned i = 0; i < ev->n_killed && i < OOM_KILLED_MAX; i++) {
			const struct oom_killed *k = &ev->killed[i];
			units_size_kib(size, sizeof(size), k->anon_rss_kib, SIZE_LONG);
			strbuf_adds(sb, "    ");
			add_text(sb, k->comm);
			strbuf_addf(sb, " (pid %lld), %s anon\n", (long long)k->pid, size);
		}
		if (ev->n_killed > OOM_KILLED_MAX)
			strbuf_addf(sb, "    ... and %u more\n", ev->n_killed - OOM_KILLED_MAX);
	}
	if (ev->skipped_exiting)
		strbuf_adds(sb, "  One task it chose was already exiting: the kernel let it go without a kill.\n");
	if (ev->has_userspace)
		userspace_part(sb, ev);
	kills_container_text(where, sizeof(where), ev);
	if (where[0]) {
		const struct oom_container *c = &ev->container;
		strbuf_adds(sb, "  It ran in ");
		if (c->pod_uid[0]) {
			strbuf_adds(sb, "Kubernetes pod ");
			add_text(sb, c->pod_uid);
			if (c->qos[0]) {
				strbuf_adds(sb, " (QoS ");
				add_text(sb, c->qos);
				strbuf_adds(sb, ")");
			}
			if (c->id[0]) {
				strbuf_adds(sb, ", container ");
				add_text(sb, c->id);
			}
		} else if (c->runtime[0]) {
			add_text(sb, c->runtime);
			strbuf_adds(sb, " container ");
			add_text(sb, c->id);
		} else {
			strbuf_adds(sb, "the unit ");
			add_text(sb, where);
		}
		if ((c->pod_uid[0] || c->runtime[0]) && c->unit[0]) {
			strbuf_adds(sb, " (unit ");
			add_text(sb, c->unit);
			strbuf_adds(sb, ")");
		}
		strbuf_adds(sb, ".\n");
	}
}
