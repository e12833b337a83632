/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reads the daemon's JSON records back into struct daemon_event / daemon_snapshot (see
 * daemon_event_read.h): a walk over the fixed schema of doc/daemon-events-json.md on the strict
 * pull reader.  Errors name the key path ("victim.badness.rss") and the byte offset. */
#include "lib/policy/daemon_event_read.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/util/json_read.h"

#define KEY_MAX 64

struct parse {
	struct json_reader r;
	const char *problem;        /* a schema error (not grammar), static text */
	char path[160];             /* key path of the value being read */
};

static bool schema_fail(struct parse *ps, const char *problem)
{
	if (!ps->problem && !ps->r.err)
		ps->problem = problem;
	return json_read_fail(&ps->r, problem);
}

/* path = parent "." key, for messages */
static void enter(struct parse *ps, const char *parent, const char *key)
{
	const char *parts[3] = { parent, *parent ? "." : "", key };
	char *w = ps->path;
	size_t left = sizeof(ps->path);
	for (int i = 0; i < 3; i++) {
		size_t n = strnlen(parts[i], left - 1);   /* a cut path still says where */
		memcpy(w, parts[i], n);
		w += n;
		left -= n;
	}
	*w = '\0';
}

static void format_error(const struct parse *ps, char *err, size_t errlen)
{
	if (!errlen)
		return;
	snprintf(err, errlen, "%s%s%s (byte %zu)", ps->path, ps->path[0] ? ": " : "",
		 ps->r.err ? ps->r.err : "malformed", ps->r.err_at);
}

/* ---- typed values ---- */

static bool read_text(struct parse *ps, char *dst, size_t cap)
{
	return json_read_string(&ps->r, dst, cap, NULL, NULL);
}

static bool read_int(struct parse *ps, int *out, int64_t lo, int64_t hi)
{
	int64_t v;
	if (!json_read_i64(&ps->r, &v))
		return false;
	if (v < lo || v > hi)
		return schema_fail(ps, "out of range");
	*out = (int)v;
	return true;
}

/* An integer size or null (-> UINT64_MAX, the structs' "unknown"). */
static bool read_size(struct parse *ps, uint64_t *out)
{
	if (json_read_null(&ps->r)) {
		*out = UINT64_MAX;
		return true;
	}
	return json_read_u64(&ps->r, out);
}

/* A number or null (-> NaN). */
static bool read_number(struct parse *ps, double *out)
{
	if (json_read_null(&ps->r)) {
		*out = NAN;
		return true;
	}
	return json_read_double(&ps->r, out);
}

/* A name from a table of count names; -1 when it is none of them. */
static int name_index(const char *s, const char *(*name_of)(int), int count)
{
	for (int i = 0; i < count; i++)
		if (strcmp(s, name_of(i)) == 0)
			return i;
	return -1;
}

static const char *kind_name(int i) { return event_kind_name((enum event_kind)i); }
static const char *outcome_name(int i) { return event_outcome_name((enum event_outcome)i); }
static const char *scope_name(int i) { return kill_scope_name((enum kill_scope)i); }

static bool read_enum(struct parse *ps, int *out, const char *(*name_of)(int), int count)
{
	char s[32];
	if (!read_text(ps, s, sizeof(s)))
		return false;
	int i = name_index(s, name_of, count);
	if (i < 0)
		return schema_fail(ps, "unknown value");
	*out = i;
	return true;
}

/* "SIGTERM", "SIGKILL", ... or null; "signal" (a number the daemon had no name for) reads as 0. */
static bool read_signal(struct parse *ps, int *out)
{
	char s[32];
	*out = 0;
	if (json_read_null(&ps->r))
		return true;
	if (!read_text(ps, s, sizeof(s)))
		return false;
	if (strcmp(s, "signal") == 0)
		return true;
	for (int sig = 1; sig < 65; sig++)
		if (strcmp(s, signal_name(sig)) == 0) {
			*out = sig;
			return true;
		}
	return schema_fail(ps, "unknown signal");
}

/* ---- objects ---- */

static bool badness_member(struct parse *ps, const char *key, struct event_proc *p)
{
	int64_t *v = strcmp(key, "rss") == 0 ? &p->rss_points : strcmp(key, "swap") == 0 ? &p->swap_points :
		     strcmp(key, "pgtables") == 0 ? &p->pgtables_points : strcmp(key, "adj") == 0 ? &p->adj_points :
		     strcmp(key, "points") == 0 ? &p->points : NULL;
	return v ? json_read_i64(&ps->r, v) : json_read_skip(&ps->r);
}

static bool proc_member(struct parse *ps, const char *key, struct event_proc *p)
{
	int v = 0;
	if (strcmp(key, "pid") == 0) {
		if (!read_int(ps, &v, 0, INT_MAX))
			return false;
		p->pid = v;
		return true;
	}
	if (strcmp(key, "uid") == 0) {
		uint64_t u;
		if (!json_read_u64(&ps->r, &u))
			return false;
		if (u > UINT32_MAX)
			return schema_fail(ps, "out of range");
		p->uid = (uid_t)u;
		return true;
	}
	if (strcmp(key, "comm") == 0)
		return read_text(ps, p->comm, sizeof(p->comm));
	if (strcmp(key, "cmdline") == 0)
		return read_text(ps, p->cmdline, sizeof(p->cmdline));
	if (strcmp(key, "cgroup") == 0)
		return read_text(ps, p->cgroup, sizeof(p->cgroup));
	if (strcmp(key, "unit") == 0)
		return read_text(ps, p->unit, sizeof(p->unit));
	if (strcmp(key, "oom_score") == 0)
		return read_int(ps, &p->oom_score, INT_MIN, INT_MAX);
	if (strcmp(key, "oom_score_adj") == 0)
		return read_int(ps, &p->oom_score_adj, -1000, 1000);
	if (strcmp(key, "rss_kb") == 0)
		return json_read_u64(&ps->r, &p->rss_kib);
	if (strcmp(key, "swap_kb") == 0)
		return json_read_u64(&ps->r, &p->swap_kib);
	if (strcmp(key, "pgtables_kb") == 0 || strcmp(key, "pte_kb") == 0)   /* pte_kb: 0.1's name */
		return json_read_u64(&ps->r, &p->pgtables_kib);
	if (strcmp(key, "rule_delta") == 0)
		return read_int(ps, &p->rule_delta, INT_MIN, INT_MAX);
	if (strcmp(key, "score") == 0)
		return json_read_i64(&ps->r, &p->score);
	if (strcmp(key, "cgroup_truncated") == 0)
		return json_read_bool(&ps->r, &p->cgroup_truncated);
	if (strcmp(key, "cmdline_truncated") == 0)
		return json_read_bool(&ps->r, &p->cmdline_truncated);
	if (strcmp(key, "badness") == 0) {
		char here[160], k[KEY_MAX];
		snprintf(here, sizeof(here), "%s", ps->path);
		if (!json_read_object(&ps->r))
			return false;
		while (json_read_member(&ps->r, k, sizeof(k), NULL)) {
			enter(ps, here, k);
			if (!badness_member(ps, k, p))
				return false;
		}
		return !ps->r.err;
	}
	return json_read_skip(&ps->r);
}

static bool read_proc(struct parse *ps, const char *parent, struct event_proc *p)
{
	char k[KEY_MAX];
	bool has_pid = false;

	memset(p, 0, sizeof(*p));
	if (!json_read_object(&ps->r))
		return false;
	while (json_read_member(&ps->r, k, sizeof(k), NULL)) {
		enter(ps, parent, k);
		has_pid |= strcmp(k, "pid") == 0;
		if (!proc_member(ps, k, p))
			return false;
		enter(ps, "", parent);
	}
	if (ps->r.err)
		return false;
	snprintf(ps->path, sizeof(ps->path), "%s", parent);
	return has_pid || schema_fail(ps, "no \"pid\"");
}

static bool trigger_member(struct parse *ps, const char *key, struct event_trigger *t)
{
	static const struct { const char *key; size_t off; } sizes[] = {
		{ "mem_total_kib", offsetof(struct event_trigger, mem_total_kib) },
		{ "mem_available_kib", offsetof(struct event_trigger, mem_available_kib) },
		{ "swap_total_kib", offsetof(struct event_trigger, swap_total_kib) },
		{ "swap_free_kib", offsetof(struct event_trigger, swap_free_kib) },
		{ "mem_term_kib", offsetof(struct event_trigger, mem_term_kib) },
		{ "mem_kill_kib", offsetof(struct event_trigger, mem_kill_kib) },
		{ "swap_term_kib", offsetof(struct event_trigger, swap_term_kib) },
		{ "swap_kill_kib", offsetof(struct event_trigger, swap_kill_kib) },
	}, numbers[] = {
		{ "mem_available_pct", offsetof(struct event_trigger, mem_available_pct) },
		{ "swap_free_pct", offsetof(struct event_trigger, swap_free_pct) },
		{ "psi_some_avg10", offsetof(struct event_trigger, psi_some_avg10) },
		{ "psi_full_avg10", offsetof(struct event_trigger, psi_full_avg10) },
		{ "fill_rate_kib_s", offsetof(struct event_trigger, fill_rate_kib_s) },
		{ "time_to_exhaustion_s", offsetof(struct event_trigger, time_to_exhaustion_s) },
	};
	if (strcmp(key, "reason") == 0)
		return read_text(ps, t->reason, sizeof(t->reason));
	if (strcmp(key, "cgroup") == 0)
		return read_text(ps, t->cgroup, sizeof(t->cgroup));
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (strcmp(key, sizes[i].key) == 0)
			return read_size(ps, (uint64_t *)(void *)((char *)t + sizes[i].off));
	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++)
		if (strcmp(key, numbers[i].key) == 0)
			return read_number(ps, (double *)(void *)((char *)t + numbers[i].off));
	return json_read_skip(&ps->r);
}

/* The trigger's values are unknown until read. */
static void trigger_unknown(struct event_trigger *t)
{
	memset(t, 0, sizeof(*t));
	t->mem_total_kib = t->mem_available_kib = t->swap_total_kib = t->swap_free_kib = UINT64_MAX;
	t->mem_term_kib = t->mem_kill_kib = t->swap_term_kib = t->swap_kill_kib = UINT64_MAX;
	t->mem_available_pct = t->swap_free_pct = NAN;
	t->psi_some_avg10 = t->psi_full_avg10 = NAN;
	t->fill_rate_kib_s = t->time_to_exhaustion_s = NAN;
}

static bool read_trigger(struct parse *ps, struct event_trigger *t)
{
	char k[KEY_MAX];
	if (!json_read_object(&ps->r))
		return false;
	while (json_read_member(&ps->r, k, sizeof(k), NULL)) {
		enter(ps, "trigger", k);
		if (!trigger_member(ps, k, t))
			return false;
		enter(ps, "", "trigger");   /* an error between members is the object's */
	}
	return !ps->r.err;
}

struct seen {
	bool time_us, event;
};

/* One key of the event body (shared by event lines and snapshots).  *handled = false for keys
 * that are not event keys. */
static bool event_member(struct parse *ps, const char *key, struct daemon_event *ev, struct seen *seen,
			 bool *handled)
{
	int v = 0;
	*handled = true;
	if (strcmp(key, "time_us") == 0) {
		uint64_t us;
		if (!json_read_u64(&ps->r, &us))
			return false;
		if (us > (uint64_t)INT64_MAX)
			return schema_fail(ps, "out of range");
		ev->time.tv_sec = (time_t)(us / 1000000u);
		ev->time.tv_nsec = (long)(us % 1000000u) * 1000;
		seen->time_us = true;
		return true;
	}
	if (strcmp(key, "event") == 0) {
		if (!read_enum(ps, &v, kind_name, EVENT_ERROR + 1))
			return false;
		ev->kind = (enum event_kind)v;
		seen->event = true;
		return true;
	}
	if (strcmp(key, "dry_run") == 0)
		return json_read_bool(&ps->r, &ev->dry_run);
	if (strcmp(key, "trigger") == 0)
		return read_trigger(ps, &ev->trigger);
	if (strcmp(key, "victim") == 0) {
		ev->has_victim = true;
		return read_proc(ps, "victim", &ev->victim);
	}
	if (strcmp(key, "scope") == 0) {
		if (!read_enum(ps, &v, scope_name, KILL_CGROUP + 1))
			return false;
		ev->scope = (enum kill_scope)v;
		return true;
	}
	if (strcmp(key, "signal") == 0)
		return read_signal(ps, &ev->signal);
	if (strcmp(key, "outcome") == 0) {
		if (!read_enum(ps, &v, outcome_name, OUTCOME_TIMEOUT + 1))
			return false;
		ev->outcome = (enum event_outcome)v;
		return true;
	}
	if (strcmp(key, "errno") == 0) {
		if (!read_int(ps, &v, 0, 4095))
			return false;
		ev->error = -v;
		return true;
	}
	if (strcmp(key, "recovered_kib") == 0)
		return read_size(ps, &ev->recovered_kib);
	if (strcmp(key, "wait_ms") == 0) {
		uint64_t ms;
		if (!json_read_u64(&ps->r, &ms))
			return false;
		ev->wait_ms = ms > UINT_MAX ? UINT_MAX : (unsigned)ms;
		return true;
	}
	if (strcmp(key, "message") == 0)
		return read_text(ps, ev->message, sizeof(ev->message));
	if (strcmp(key, "snapshot") == 0)
		return read_text(ps, ev->snapshot, sizeof(ev->snapshot));
	*handled = false;
	return true;
}

static void event_init(struct daemon_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	trigger_unknown(&ev->trigger);
	ev->recovered_kib = UINT64_MAX;
}

static bool event_complete(struct parse *ps, const struct seen *seen)
{
	ps->path[0] = '\0';
	if (!seen->time_us)
		return schema_fail(ps, "no \"time_us\" key");
	if (!seen->event)
		return schema_fail(ps, "no \"event\" key");
	return true;
}

int daemon_event_parse(const char *text, size_t len, struct daemon_event *ev, char *err, size_t errlen)
{
	struct parse ps = { 0 };
	struct seen seen = { 0 };
	char k[KEY_MAX];
	bool handled;

	event_init(ev);
	json_read_init(&ps.r, text, len);
	if (json_read_object(&ps.r)) {
		while (json_read_member(&ps.r, k, sizeof(k), NULL)) {
			enter(&ps, "", k);
			if (!event_member(&ps, k, ev, &seen, &handled))
				break;
			if (!handled && !json_read_skip(&ps.r))
				break;
			ps.path[0] = '\0';
		}
		if (!ps.r.err) {
			ps.path[0] = '\0';
			if (json_read_end(&ps.r))
				event_complete(&ps, &seen);
		}
	}
	if (ps.r.err) {
		format_error(&ps, err, errlen);
		return -EBADMSG;
	}
	return 0;
}

/* {"Key": number, ...} into a counter list; entries past the array are counted, not kept. */
static bool read_counters(struct parse *ps, const char *parent, struct snapshot_counter *v, size_t max,
			  size_t *n, size_t *dropped)
{
	char k[KEY_MAX];
	bool cut;

	if (!json_read_object(&ps->r))
		return false;
	while (json_read_member(&ps->r, k, sizeof(k), &cut)) {
		uint64_t value;
		enter(ps, parent, k);
		if (!json_read_u64(&ps->r, &value))
			return false;
		if (cut || strlen(k) >= SNAPSHOT_COUNTER_KEY || !k[0] || *n >= max) {
			(*dropped)++;
			continue;
		}
		memcpy(v[*n].key, k, strlen(k) + 1);   /* fits: checked above */
		v[(*n)++].value = value;
	}
	return !ps->r.err;
}

static bool read_psi_line(struct parse *ps, const char *parent, struct psi_line *l)
{
	char k[KEY_MAX];
	memset(l, 0, sizeof(*l));
	if (json_read_null(&ps->r))
		return true;
	if (!json_read_object(&ps->r))
		return false;
	l->present = true;
	while (json_read_member(&ps->r, k, sizeof(k), NULL)) {
		enter(ps, parent, k);
		bool ok = strcmp(k, "avg10") == 0 ? json_read_double(&ps->r, &l->avg10) :
			  strcmp(k, "avg60") == 0 ? json_read_double(&ps->r, &l->avg60) :
			  strcmp(k, "avg300") == 0 ? json_read_double(&ps->r, &l->avg300) :
			  strcmp(k, "total_us") == 0 ? json_read_u64(&ps->r, &l->total_us) :
			  json_read_skip(&ps->r);
		if (!ok)
			return false;
	}
	return !ps->r.err;
}

static bool read_psi(struct parse *ps, struct psi *p)
{
	char k[KEY_MAX];
	memset(p, 0, sizeof(*p));
	if (json_read_null(&ps->r))
		return true;
	if (!json_read_object(&ps->r))
		return false;
	while (json_read_member(&ps->r, k, sizeof(k), NULL)) {
		enter(ps, "psi_memory", k);
		bool ok = strcmp(k, "some") == 0 ? read_psi_line(ps, "psi_memory.some", &p->some) :
			  strcmp(k, "full") == 0 ? read_psi_line(ps, "psi_memory.full", &p->full) :
			  json_read_skip(&ps->r);
		if (!ok)
			return false;
	}
	p->present = p->some.present || p->full.present;
	return !ps->r.err;
}

static bool read_top(struct parse *ps, struct daemon_snapshot *s)
{
	struct event_proc spare;
	if (json_read_null(&ps->r))
		return true;
	if (!json_read_array(&ps->r))
		return false;
	while (json_read_element(&ps->r)) {
		char here[32];
		size_t i = s->n_top + s->top_dropped;
		snprintf(here, sizeof(here), "top[%zu]", i);
		struct event_proc *p = s->n_top < SNAPSHOT_MAX_TOP ? &s->top[s->n_top] : &spare;
		if (!read_proc(ps, here, p))
			return false;
		if (p == &spare)
			s->top_dropped++;
		else
			s->n_top++;
	}
	return !ps->r.err;
}

static bool snapshot_member(struct parse *ps, const char *key, struct daemon_snapshot *s, bool *schema_ok)
{
	if (strcmp(key, "schema") == 0) {
		char v[64];
		if (!read_text(ps, v, sizeof(v)))
			return false;
		if (strcmp(v, "oomguard-kill-snapshot/1") != 0)
			return schema_fail(ps, "not an oomguard-kill-snapshot/1 file");
		*schema_ok = true;
		return true;
	}
	if (strcmp(key, "meminfo_kb") == 0) {
		if (json_read_null(&ps->r))
			return true;
		s->has_meminfo = true;
		return read_counters(ps, "meminfo_kb", s->meminfo, SNAPSHOT_MAX_MEMINFO, &s->n_meminfo,
				     &s->meminfo_dropped);
	}
	if (strcmp(key, "vmstat") == 0) {
		if (json_read_null(&ps->r))
			return true;
		s->has_vmstat = true;
		return read_counters(ps, "vmstat", s->vmstat, SNAPSHOT_MAX_VMSTAT, &s->n_vmstat, &s->vmstat_dropped);
	}
	if (strcmp(key, "psi_memory") == 0)
		return read_psi(ps, &s->psi);
	if (strcmp(key, "top") == 0)
		return read_top(ps, s);
	return json_read_skip(&ps->r);
}

int daemon_snapshot_parse(const char *text, size_t len, struct daemon_snapshot *snap, char *err, size_t errlen)
{
	struct parse ps = { 0 };
	struct seen seen = { 0 };
	char k[KEY_MAX];
	bool handled, schema_ok = false;

	memset(snap, 0, offsetof(struct daemon_snapshot, meminfo));
	memset(&snap->psi, 0, sizeof(snap->psi));
	event_init(&snap->ev);
	json_read_init(&ps.r, text, len);
	if (json_read_object(&ps.r)) {
		while (json_read_member(&ps.r, k, sizeof(k), NULL)) {
			enter(&ps, "", k);
			if (!event_member(&ps, k, &snap->ev, &seen, &handled))
				break;
			if (!handled && !snapshot_member(&ps, k, snap, &schema_ok))
				break;
			ps.path[0] = '\0';
		}
		if (!ps.r.err) {
			ps.path[0] = '\0';
			if (json_read_end(&ps.r) && event_complete(&ps, &seen) && !schema_ok)
				schema_fail(&ps, "no \"schema\" key: not an oomguard kill snapshot");
		}
	}
	if (ps.r.err) {
		format_error(&ps, err, errlen);
		return -EBADMSG;
	}
	return 0;
}

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

int64_t daemon_event_time_us(const struct daemon_event *ev)
{
	return (int64_t)ev->time.tv_sec * 1000000 + ev->time.tv_nsec / 1000;
}

void daemon_event_id(const struct daemon_event *ev, char out[DAEMON_EVENT_ID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	char what[64];
	/* hashed as text, so the id is the same on every architecture */
	int n = snprintf(what, sizeof(what), "%lld:%s:%d", (long long)daemon_event_time_us(ev),
			 event_kind_name(ev->kind), ev->has_victim ? (int)ev->victim.pid : 0);
	uint64_t h = fnv1a(0xcbf29ce484222325ULL, what, n > 0 ? (size_t)n : 0);

	out[0] = 'o';
	out[1] = 'g';
	for (int i = 0; i < DAEMON_EVENT_ID_LEN - 2; i++)
		out[2 + i] = hex[(h >> (4 * (DAEMON_EVENT_ID_LEN - 3 - i))) & 15];
	out[DAEMON_EVENT_ID_LEN] = '\0';
}

uint64_t snapshot_meminfo(const struct daemon_snapshot *s, const char *key)
{
	for (size_t i = 0; i < s->n_meminfo; i++)
		if (strcmp(s->meminfo[i].key, key) == 0)
			return s->meminfo[i].value;
	return UINT64_MAX;
}
