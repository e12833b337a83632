/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The OOM report assembler: keeps one open report per host, hands each line of each log record to
 * the line parsers (oom_lines.c) and emits a struct oom_event when its report is complete: at the
 * next report of that host, when a report's trailing lines (oom_reaper) have had their chance,
 * or at flush.  Pure; memory is bounded by OOM_HOSTS_MAX open reports of bounded size. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/oomreport/container_id.h"
#include "lib/oomreport/oom_assembler.h"
#include "lib/oomreport/oom_event.h"
#include "lib/oomreport/oom_parse.h"
#include "lib/oomreport/userspace_kills.h"

#define OOM_HOSTS_MAX 64
#define LINE_MAX_BYTES 4096
/* An ended report waits this long (or this many unrelated lines) for oom_reaper / group kills. */
#define TRAILER_WAIT_US 2000000
#define TRAILER_WAIT_LINES 200
/* An open report with no new line for this long lost its end. */
#define STALL_US 60000000
/* A userspace kill waits this long for the kernel's report of the same pid (or its follow-up
 * lines: earlyoom's "exited after", systemd's process count) before it is an event alone. */
#define USERSPACE_WAIT_US 10000000

struct host_slot {
	char host[64];
	bool open;
	struct oom_report r;
};

struct oom_assembler {
	oom_event_cb cb;
	void *userdata;
	struct host_slot *slots;
	size_t n_slots;
	struct us_state us;         /* what the multi-line userspace killers said last */
	struct oom_event *us_pending; /* the last userspace kill, not yet handed out */
	int64_t us_pending_real, us_pending_mono;
};

struct oom_assembler *oom_assembler_new(oom_event_cb cb, void *userdata)
{
	struct oom_assembler *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	a->slots = calloc(OOM_HOSTS_MAX, sizeof(*a->slots));
	if (!a->slots) {
		free(a);
		return NULL;
	}
	a->cb = cb;
	a->userdata = userdata;
	us_state_init(&a->us);
	return a;
}

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* The id depends on what identifies the kill in every source: the kernel time of the kill line
 * (or the wall-clock second when the source has no kernel time) and the victim. */
static void make_id(struct oom_event *ev, const struct oom_report *r)
{
	uint64_t h = 1469598103934665603ULL;
	int64_t t;
	static const char hex[] = "0123456789abcdef";

	if (r->anchor_mono != LOG_TIME_UNKNOWN)
		t = r->anchor_mono;
	else if (ev->monotonic_us != LOG_TIME_UNKNOWN)
		t = ev->monotonic_us;
	else if (r->anchor_real != LOG_TIME_UNKNOWN)
		t = r->anchor_real / 1000000;
	else if (ev->realtime_us != LOG_TIME_UNKNOWN)
		t = ev->realtime_us / 1000000;
	else
		t = (int64_t)ev->first_line;
	h = fnv1a(h, &t, sizeof(t));
	if (ev->has_victim)
		h = fnv1a(h, &ev->victim.pid, sizeof(ev->victim.pid));
	else
		h = fnv1a(h, ev->trigger.comm, strlen(ev->trigger.comm));
	h = fnv1a(h, ev->host, strlen(ev->host));
	if (!ev->from_kernel)
		h = fnv1a(h, ev->userspace.killer, strlen(ev->userspace.killer));
	for (int i = 0; i < OOM_ID_LEN; i++)
		ev->id[i] = hex[(h >> (4 * (OOM_ID_LEN - 1 - i))) & 15];
	ev->id[OOM_ID_LEN] = '\0';
}

static int cmp_slab_total(const void *a, const void *b)
{
	const struct oom_slab *x = a, *y = b;
	return (x->total_kib < y->total_kib) - (x->total_kib > y->total_kib);
}

struct oom_event *oom_report_finish(struct oom_report *r)
{
	struct oom_event *ev = r->ev;

	r->ev = NULL;
	if (!ev)
		return NULL;
	oom_tasks_finish(r, ev);
	/* no kill line, but the summary names the victim (task=, pid=, uid=) */
	if (!ev->has_victim && oom_isset(r->summary_pid) && ev->summary_task[0]) {
		struct oom_victim *v = &ev->victim;
		memset(v, 0, sizeof(*v));
		v->pid = r->summary_pid;
		snprintf(v->comm, sizeof(v->comm), "%s", ev->summary_task);
		v->uid = r->summary_uid;
		v->total_vm_kib = v->anon_rss_kib = v->file_rss_kib = v->shmem_rss_kib = OOM_UNSET;
		v->pgtables_kib = v->oom_score_adj = v->score = OOM_UNSET;
		v->reaped_anon_rss_kib = v->reaped_file_rss_kib = v->reaped_shmem_rss_kib = OOM_UNSET;
		v->n_killed = 1;
		ev->has_victim = true;
	}
	/* kill lines before 5.4 print neither uid nor oom_score_adj: the victim's task row does */
	for (size_t i = 0; ev->has_victim && i < ev->tasks.n_top; i++) {
		const struct oom_task *t = &ev->tasks.top[i];
		if (t->pid != ev->victim.pid)
			continue;
		if (!oom_isset(ev->victim.uid))
			ev->victim.uid = t->uid;
		if (!oom_isset(ev->victim.oom_score_adj))
			ev->victim.oom_score_adj = t->oom_score_adj;
	}
	if (ev->n_slabs > 1)
		qsort(ev->slabs, ev->n_slabs, sizeof(ev->slabs[0]), cmp_slab_total);
	ev->incomplete = !r->started || !r->ended;
	if (r->panic_on_oom)
		ev->kind = OOM_KIND_PANIC;
	else if (r->no_killable)
		ev->kind = OOM_KIND_NO_KILLABLE;
	else if (r->alloc_failure && !ev->has_victim)
		ev->kind = OOM_KIND_ALLOC_FAILURE;
	else if (r->memcg_hint || ev->constraint == OOM_CONSTRAINT_MEMCG)
		ev->kind = OOM_KIND_MEMCG_OOM;
	else if (ev->has_victim || r->started)
		ev->kind = OOM_KIND_OOM_KILL;
	else
		ev->kind = OOM_KIND_UNKNOWN;
	if (r->memcg_hint && ev->constraint == OOM_CONSTRAINT_UNKNOWN && ev->kind == OOM_KIND_MEMCG_OOM)
		ev->constraint = OOM_CONSTRAINT_MEMCG;
	if (!ev->from_kernel)
		ev->kind = OOM_KIND_USERSPACE;
	/* "Kill process A ... or sacrifice child" naming the one that died is no second process */
	if (oom_isset(ev->selected_pid) && ev->has_victim && ev->selected_pid == ev->victim.pid) {
		ev->selected_pid = OOM_UNSET;
		ev->selected_comm[0] = '\0';
	}
	oom_event_fill_container(ev);
	make_id(ev, r);
	return ev;
}

void oom_event_fill_container(struct oom_event *ev)
{
	const char *path = ev->memcg.task_memcg[0] ? ev->memcg.task_memcg :
			   ev->userspace.cgroup[0] ? ev->userspace.cgroup :
			   ev->memcg.oom_memcg[0] ? ev->memcg.oom_memcg : ev->memcg.stats_for;

	if (ev->container.runtime[0] || ev->container.unit[0])   /* OpenVZ's UB, or done */
		return;
	if (path[0])
		container_from_cgroup(path, &ev->container);
	if (!ev->container.unit[0] && ev->unit[0])
		oomtext_copy(ev->container.unit, sizeof(ev->container.unit), ev->unit, strlen(ev->unit));
}

void oom_event_absorb(struct oom_event *into, const struct oom_event *from)
{
	if (from->has_userspace && !into->has_userspace) {
		into->has_userspace = true;
		into->userspace = from->userspace;
	} else if (from->has_userspace && !into->also_killer[0] &&
		   strcmp(from->userspace.killer, into->userspace.killer) != 0) {
		oomtext_copy(into->also_killer, sizeof(into->also_killer), from->userspace.killer,
			  strlen(from->userspace.killer));     /* claimed by two killers */
	}
	if (!into->unit[0] && from->unit[0])
		oomtext_copy(into->unit, sizeof(into->unit), from->unit, strlen(from->unit));
	into->from_kernel = into->from_kernel || from->from_kernel;
	if (into->from_kernel && into->kind == OOM_KIND_USERSPACE)
		into->kind = from->kind;
	if (!into->container.unit[0] && into->unit[0])
		oomtext_copy(into->container.unit, sizeof(into->container.unit), into->unit, strlen(into->unit));
}

static bool times_close(int64_t a_real, int64_t a_mono, int64_t b_real, int64_t b_mono)
{
	if (a_real != LOG_TIME_UNKNOWN && b_real != LOG_TIME_UNKNOWN)
		return llabs(a_real - b_real) <= 60000000;
	if (a_mono != LOG_TIME_UNKNOWN && b_mono != LOG_TIME_UNKNOWN)
		return llabs(a_mono - b_mono) <= 60000000;
	return true;
}

/* The kernel's event ev reports the kill the pending userspace record claims. */
static bool claims(const struct oom_event *us, const struct oom_event *ev)
{
	if (!us || !ev->has_victim || !us->has_victim || !oom_isset(us->victim.pid))
		return false;
	bool pid_match = ev->victim.pid == us->victim.pid;
	for (unsigned i = 0; !pid_match && i < ev->n_killed && i < OOM_KILLED_MAX; i++)
		pid_match = ev->killed[i].pid == us->victim.pid;
	return pid_match && times_close(us->realtime_us, us->monotonic_us, ev->realtime_us,
					ev->monotonic_us);
}

static void us_emit(struct oom_assembler *a)
{
	struct oom_event *ev = a->us_pending;

	a->us_pending = NULL;
	if (ev)
		a->cb(ev, a->userdata);
}

static void emit(struct oom_assembler *a, struct host_slot *s)
{
	struct oom_event *ev;

	/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): every caller passes a slot of a->slots */
	if (!s->open)
		return;
	s->open = false;
	ev = oom_report_finish(&s->r);
	if (!ev)
		return;
	if (claims(a->us_pending, ev)) {          /* one kill, told by a killer and the kernel */
		oom_event_absorb(ev, a->us_pending);
		oom_event_free(a->us_pending);
		a->us_pending = NULL;
	} else if (a->us_pending && a->us_pending_real != LOG_TIME_UNKNOWN &&
		   ev->realtime_us != LOG_TIME_UNKNOWN && a->us_pending_real <= ev->realtime_us) {
		us_emit(a);                           /* an earlier kill of its own: time order */
	}
	a->cb(ev, a->userdata);
}

static struct host_slot *slot_find(struct oom_assembler *a, const char *host, size_t len)
{
	if (len >= sizeof(a->slots[0].host))
		len = sizeof(a->slots[0].host) - 1;
	for (size_t i = 0; i < a->n_slots; i++)
		if (strlen(a->slots[i].host) == len && memcmp(a->slots[i].host, host, len) == 0)
			return &a->slots[i];
	return NULL;
}

static struct host_slot *slot_new(struct oom_assembler *a, const char *host, size_t len)
{
	struct host_slot *s = NULL;

	for (size_t i = 0; i < a->n_slots && !s; i++)
		if (!a->slots[i].open)
			s = &a->slots[i];
	if (!s && a->n_slots < OOM_HOSTS_MAX)
		s = &a->slots[a->n_slots++];
	if (!s) {                          /* every slot busy: finish the oldest report */
		s = &a->slots[0];
		for (size_t i = 1; i < a->n_slots; i++)
			if (a->slots[i].r.last_real < s->r.last_real)
				s = &a->slots[i];
		emit(a, s);
	}
	oomtext_copy(s->host, sizeof(s->host), host, len);
	return s;
}

static bool report_open(struct oom_assembler *a, const struct log_record *rec)
{
	struct host_slot *s = slot_find(a, rec->host ? rec->host : "", rec->host ? rec->host_len : 0);
	return s && s->open;
}

static int64_t gap_us(const struct oom_report *r, const struct log_record *rec)
{
	int64_t d = 0;
	bool over = false;

	if (r->last_mono != LOG_TIME_UNKNOWN && rec->monotonic_us != LOG_TIME_UNKNOWN)
		over = __builtin_sub_overflow(rec->monotonic_us, r->last_mono, &d);
	else if (r->last_real != LOG_TIME_UNKNOWN && rec->realtime_us != LOG_TIME_UNKNOWN)
		over = __builtin_sub_overflow(rec->realtime_us, r->last_real, &d);
	return over ? INT64_MAX : d;
}

static void account(struct oom_report *r, const struct log_record *rec, bool first)
{
	struct oom_event *ev = r->ev;

	if (first) {
		ev->origin = rec->origin;
		oomtext_copy(ev->host, sizeof(ev->host), rec->host ? rec->host : "", rec->host ? rec->host_len : 0);
		if (rec->source)
			oomtext_copy(ev->source, sizeof(ev->source), rec->source, strlen(rec->source));
		ev->first_line = rec->line_no;
		ev->realtime_us = rec->realtime_us;
		ev->monotonic_us = rec->monotonic_us;
	}
	ev->n_lines++;
	ev->last_line = rec->line_no;
	ev->kernel_proven = ev->kernel_proven && rec->kernel_proven;
	if (rec->monotonic_us != LOG_TIME_UNKNOWN)
		r->last_mono = rec->monotonic_us;
	if (rec->realtime_us != LOG_TIME_UNKNOWN)
		r->last_real = rec->realtime_us;
}

static void open_report(struct oom_assembler *a, struct host_slot *s, const struct log_record *rec,
			const char *line)
{
	if (oom_report_init(&s->r) < 0)
		return;
	s->open = true;
	account(&s->r, rec, true);
	if (oom_report_line(&s->r, line) == LINE_UNRELATED) {   /* not a line we can use after all */
		oom_event_free(s->r.ev);
		s->r.ev = NULL;
		free(s->r.group_hash);
		s->r.group_hash = NULL;
		s->open = false;
		return;
	}
	if (s->r.ended) {
		s->r.anchor_mono = rec->monotonic_us;
		s->r.anchor_real = rec->realtime_us;
	}
}

/* A userspace killer's record as an event of its own (kind userspace). */
static struct oom_event *us_event_new(const struct log_record *rec, const struct us_record *u)
{
	struct oom_report r;

	if (oom_report_init(&r) < 0)
		return NULL;
	struct oom_event *ev = r.ev;
	ev->from_kernel = false;
	ev->has_userspace = true;
	ev->userspace = u->u;
	if (oom_isset(u->pid) || u->comm[0]) {
		ev->has_victim = true;
		ev->victim.pid = u->pid;
		oomtext_copy(ev->victim.comm, sizeof(ev->victim.comm), u->comm, strlen(u->comm));
		ev->victim.uid = u->u.uid;
		ev->victim.oom_score_adj = u->u.oom_score_adj;
		ev->killed[0].pid = u->pid;
		oomtext_copy(ev->killed[0].comm, sizeof(ev->killed[0].comm), u->comm, strlen(u->comm));
		ev->killed[0].total_vm_kib = ev->killed[0].anon_rss_kib = OOM_UNSET;
		ev->killed[0].file_rss_kib = ev->killed[0].shmem_rss_kib = OOM_UNSET;
		ev->n_killed = ev->victim.n_killed = 1;
	}
	r.started = r.ended = true;
	account(&r, rec, true);
	ev->kernel_proven = false;      /* a program's line never proves a kernel kill */
	r.anchor_mono = rec->monotonic_us;
	r.anchor_real = rec->realtime_us;
	return oom_report_finish(&r);
}

static bool basename_is(const char *path, const char *name)
{
	const char *b = strrchr(path, '/');
	return strcmp(b ? b + 1 : path, name) == 0;
}

/* One record of a userspace killer (or the in-kernel lowmemorykiller) for host slot s. */
static void us_record_feed(struct oom_assembler *a, const struct log_record *rec,
			   const struct us_record *u)
{
	const char *host = rec->host ? rec->host : "";
	struct host_slot *s = slot_find(a, host, rec->host ? rec->host_len : 0);
	struct oom_event *p = a->us_pending;
	struct oom_event *open_ev = s && s->open ? s->r.ev : NULL;

	switch (u->what) {
	case US_KILL: {
		struct oom_event *ev = us_event_new(rec, u);
		if (!ev)
			return;
		if (open_ev && claims(ev, open_ev)) {   /* the kernel's report came first */
			oom_event_absorb(open_ev, ev);
			oom_event_free(ev);
			return;
		}
		if (p && claims(ev, p)) {       /* signalled again, or claimed by a second killer */
			oom_event_absorb(p, ev);
			oom_event_free(ev);
			return;
		}
		us_emit(a);
		a->us_pending = ev;
		a->us_pending_real = rec->realtime_us;
		a->us_pending_mono = rec->monotonic_us;
		return;
	}
	case US_EXITED:
	case US_KILL_FAILED:
	case US_ESCALATED:
		if (!p || strcmp(p->userspace.killer, u->u.killer) != 0 ||
		    (oom_isset(u->pid) && p->victim.pid != u->pid))
			return;
		if (u->what == US_EXITED)
			p->userspace.exited_after_ms = u->u.exited_after_ms;
		else if (u->what == US_KILL_FAILED)
			p->userspace.failed = true;
		else
			oomtext_copy(p->userspace.signal, sizeof(p->userspace.signal), "SIGKILL", 7);
		return;
	case US_UNIT_OOMD:
		if (p && strcmp(p->userspace.killer, "systemd-oomd") == 0 &&
		    basename_is(p->userspace.cgroup, u->unit)) {
			p->userspace.processes_killed = u->u.processes_killed;
			oomtext_copy(p->unit, sizeof(p->unit), u->unit, strlen(u->unit));
			return;
		}
		{       /* systemd-oomd's own line was not in this log: the manager's is the record */
			struct oom_event *ev = us_event_new(rec, u);
			if (!ev)
				return;
			oomtext_copy(ev->unit, sizeof(ev->unit), u->unit, strlen(u->unit));
			us_emit(a);
			a->us_pending = ev;
			a->us_pending_real = rec->realtime_us;
			a->us_pending_mono = rec->monotonic_us;
		}
		return;
	case US_UNIT_KERNEL_OOM:
		/* names the unit of the kernel's kill; never a kill of its own */
		if (open_ev && open_ev->from_kernel && !open_ev->unit[0])
			oomtext_copy(open_ev->unit, sizeof(open_ev->unit), u->unit, strlen(u->unit));
		return;
	case US_NONE:
		return;
	}
}

static void feed_line(struct oom_assembler *a, const struct log_record *rec, const char *line)
{
	const char *host = rec->host ? rec->host : "";
	size_t host_len = rec->host ? rec->host_len : 0;
	struct host_slot *s = slot_find(a, host, host_len);
	struct oom_report *r;

	if (s && s->open) {
		r = &s->r;
		int64_t gap = gap_us(r, rec);
		if ((r->ended && (gap > TRAILER_WAIT_US || r->lines_after_end > TRAILER_WAIT_LINES)) ||
		    (!r->ended && gap > STALL_US))
			emit(a, s);
	}
	struct us_record lmk;
	if (us_parse_kernel_lmk(line, &lmk)) {       /* Android's in-kernel lowmemorykiller */
		us_record_feed(a, rec, &lmk);
		return;
	}
	if (oom_line_starts_report(line)) {
		if (s)
			emit(a, s);
		else
			s = slot_new(a, host, host_len);
		open_report(a, s, rec, line);
		return;
	}
	if (!s || !s->open) {
		if (oom_line_is_anchor(line)) {
			if (!s)
				s = slot_new(a, host, host_len);
			open_report(a, s, rec, line);
		}
		return;
	}
	r = &s->r;
	bool was_ended = r->ended;
	/* A second victim line without memory.oom.group is the next report, its start lost. */
	if (was_ended && !r->ev->oom_group && strstr(line, "illed process ") &&
	    !oomtext_starts(line, "oom_reaper") && oom_line_is_anchor(line)) {
		emit(a, s);
		open_report(a, s, rec, line);
		return;
	}
	enum line_result res = oom_report_line(r, line);
	if (res == LINE_UNRELATED) {
		if (was_ended)
			r->lines_after_end++;
		return;
	}
	account(r, rec, false);
	if (!was_ended && r->ended) {
		r->anchor_mono = rec->monotonic_us;
		r->anchor_real = rec->realtime_us;
	}
	/* the reaper's result is the last line a report can have (unless a group is being killed) */
	if (was_ended && oomtext_starts(line, "oom_reaper: ") && !r->ev->oom_group)
		emit(a, s);
}

/* Lines some tools pad with blanks: an OOM line led by blanks is still that line. */
static const char *unpad(const char *line)
{
	static const char *const heads[] = { "oom-kill:", "Out of memory", "Memory cgroup out of memory",
					     "Killed process", "Kill process", "VM: killing process",
					     "oom_reaper:", "Tasks in ", "Task in " };
	const char *t = oomtext_skip_ws(line);

	if (t == line)
		return line;
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		if (oomtext_starts(t, heads[i]))
			return t;
	if (strstr(t, " invoked oom-killer: "))
		return t;
	return line;
}

static void us_feed(struct oom_assembler *a, const struct log_record *rec)
{
	char line[LINE_MAX_BYTES];
	size_t len = rec->msg_len < sizeof(line) - 1 ? rec->msg_len : sizeof(line) - 1;
	struct us_record u;

	/* systemd's manager logs much; only its lines about OOM kills matter */
	if (rec->tag_len == 7 && memcmp(rec->tag, "systemd", 7) == 0 &&
	    !memmem(rec->msg, rec->msg_len, "oom", 3) && !memmem(rec->msg, rec->msg_len, "OOM", 3))
		return;
	memcpy(line, rec->msg, len);
	line[len] = '\0';
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\r'))
		line[--len] = '\0';
	if (us_parse_line(&a->us, rec->tag, rec->tag_len, line, &u) != US_NONE)
		us_record_feed(a, rec, &u);
}

void oom_assembler_feed(struct oom_assembler *a, const struct log_record *rec)
{
	char line[LINE_MAX_BYTES];
	const char *p, *end, *nl;

	if (!a || !rec || !rec->msg)
		return;
	if (a->us_pending) {
		int64_t d = 0;
		if (rec->realtime_us != LOG_TIME_UNKNOWN && a->us_pending_real != LOG_TIME_UNKNOWN)
			d = rec->realtime_us - a->us_pending_real;
		else if (rec->monotonic_us != LOG_TIME_UNKNOWN && a->us_pending_mono != LOG_TIME_UNKNOWN)
			d = rec->monotonic_us - a->us_pending_mono;
		if (d > USERSPACE_WAIT_US)
			us_emit(a);
	}
	if (rec->tag && rec->tag_len) {
		us_feed(a, rec);
		return;
	}
	p = rec->msg;
	end = rec->msg + rec->msg_len;
	/* One record may carry several lines (a multi-line printk read from /dev/kmsg or the
	 * journal), but a newline inside a process name does not end a line: records in the
	 * formats that print a comm are taken whole (oom_record_is_one_line). */
	bool whole = oom_record_is_one_line(p, rec->msg_len);
	for (; p < end; p = nl + 1) {
		nl = whole ? NULL : memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		size_t len = (size_t)(nl - p);
		if (!whole)
			while (len && (p[len - 1] == '\r' || p[len - 1] == ' ' || p[len - 1] == '\t'))
				len--;
		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		/* the common case, kernel chatter between reports, is dismissed before the copy */
		if (!oom_line_may_open(p, len) && !report_open(a, rec))
			continue;
		memcpy(line, p, len);
		line[len] = '\0';
		/* a NUL inside the message ends the line: the parsers work on C strings */
		if (len)
			feed_line(a, rec, unpad(line));
	}
}

void oom_assembler_idle(struct oom_assembler *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n_slots; i++)
		if (a->slots[i].open && a->slots[i].r.ended)
			emit(a, &a->slots[i]);
	us_emit(a);
}

void oom_assembler_flush(struct oom_assembler *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n_slots; i++)
		emit(a, &a->slots[i]);
	us_emit(a);
}

void oom_assembler_free(struct oom_assembler *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n_slots; i++) {
		if (a->slots[i].open)
			oom_event_free(a->slots[i].r.ev);
		free(a->slots[i].r.group_hash);
	}
	oom_event_free(a->us_pending);
	free(a->slots);
	free(a);
}

void oom_event_free(struct oom_event *ev)
{
	if (!ev)
		return;
	free(ev->tasks.top);
	free(ev->tasks.groups);
	free(ev);
}

const char *oom_kind_name(enum oom_kind k)
{
	switch (k) {
	case OOM_KIND_OOM_KILL: return "oom-kill";
	case OOM_KIND_MEMCG_OOM: return "memcg-oom";
	case OOM_KIND_NO_KILLABLE: return "no-killable";
	case OOM_KIND_PANIC: return "panic";
	case OOM_KIND_ALLOC_FAILURE: return "alloc-failure";
	case OOM_KIND_USERSPACE: return "userspace";
	case OOM_KIND_UNKNOWN: break;
	}
	return "unknown";
}

const char *oom_constraint_name(enum oom_constraint c)
{
	switch (c) {
	case OOM_CONSTRAINT_NONE: return "CONSTRAINT_NONE";
	case OOM_CONSTRAINT_CPUSET: return "CONSTRAINT_CPUSET";
	case OOM_CONSTRAINT_MEMORY_POLICY: return "CONSTRAINT_MEMORY_POLICY";
	case OOM_CONSTRAINT_MEMCG: return "CONSTRAINT_MEMCG";
	case OOM_CONSTRAINT_OTHER: return "CONSTRAINT_OTHER";
	case OOM_CONSTRAINT_UNKNOWN: break;
	}
	return "";
}

const char *oom_event_constraint(const struct oom_event *ev)
{
	if (ev->constraint == OOM_CONSTRAINT_OTHER && ev->constraint_name[0])
		return ev->constraint_name;
	return oom_constraint_name(ev->constraint);
}
