/* The OOM report assembler: keeps one open report per host, hands each line of each log record to
 * the line parsers (oom_lines.c) and emits a struct oom_event when its report is complete: at the
 * next report of that host, when a report's trailing lines (oom_reaper) have had their chance,
 * or at flush.  Pure; memory is bounded by OOM_HOSTS_MAX open reports of bounded size. */
#include <stdlib.h>
#include <string.h>

#include "lib/oomreport/oom_assembler.h"
#include "lib/oomreport/oom_event.h"
#include "lib/oomreport/oom_parse.h"

#define OOM_HOSTS_MAX 64
#define LINE_MAX_BYTES 4096
/* An ended report waits this long (or this many unrelated lines) for oom_reaper / group kills. */
#define TRAILER_WAIT_US 2000000
#define TRAILER_WAIT_LINES 200
/* An open report with no new line for this long lost its end. */
#define STALL_US 60000000

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
	for (int i = 0; i < OOM_ID_LEN; i++)
		ev->id[i] = hex[(h >> (4 * (OOM_ID_LEN - 1 - i))) & 15];
	ev->id[OOM_ID_LEN] = '\0';
}

static int cmp_slab_total(const void *a, const void *b)
{
	const struct oom_slab *x = a, *y = b;
	return (x->total_kb < y->total_kb) - (x->total_kb > y->total_kb);
}

struct oom_event *oom_report_finish(struct oom_report *r)
{
	struct oom_event *ev = r->ev;

	r->ev = NULL;
	if (!ev)
		return NULL;
	oom_tasks_finish(r, ev);
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
	make_id(ev, r);
	return ev;
}

static void emit(struct oom_assembler *a, struct host_slot *s)
{
	struct oom_event *ev;

	if (!s->open)
		return;
	s->open = false;
	ev = oom_report_finish(&s->r);
	if (ev)
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
	copy_text(s->host, sizeof(s->host), host, len);
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
		copy_text(ev->host, sizeof(ev->host), rec->host ? rec->host : "", rec->host ? rec->host_len : 0);
		if (rec->source)
			copy_text(ev->source, sizeof(ev->source), rec->source, strlen(rec->source));
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
	    !str_starts(line, "oom_reaper") && oom_line_is_anchor(line)) {
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
	if (was_ended && str_starts(line, "oom_reaper: ") && !r->ev->oom_group)
		emit(a, s);
}

void oom_assembler_feed(struct oom_assembler *a, const struct log_record *rec)
{
	char line[LINE_MAX_BYTES];
	const char *p, *end, *nl;

	if (!a || !rec || !rec->msg)
		return;
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
		if (!whole && len && p[len - 1] == '\r')
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
			feed_line(a, rec, line);
	}
}

void oom_assembler_idle(struct oom_assembler *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n_slots; i++)
		if (a->slots[i].open && a->slots[i].r.ended)
			emit(a, &a->slots[i]);
}

void oom_assembler_flush(struct oom_assembler *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n_slots; i++)
		emit(a, &a->slots[i]);
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
	case OOM_CONSTRAINT_UNKNOWN: break;
	}
	return "";
}
