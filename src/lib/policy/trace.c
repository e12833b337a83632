/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Memory traces as JSON lines (see trace.h): one table of a sample's numeric fields drives both
 * the writer and the reader, so a field added to the table is written and read the same way. */
#include "lib/policy/trace.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "lib/util/json.h"
#include "lib/util/json_read.h"

enum field_type { F_U64, F_U64_OPTIONAL, F_DOUBLE };   /* optional: not written when 0 */

struct field {
	const char *key;
	size_t offset;
	enum field_type type;
};

#define U64(k, m) { k, offsetof(struct trace_sample, m), F_U64 }
#define DBL(k, m) { k, offsetof(struct trace_sample, m), F_DOUBLE }
static const struct field sample_fields[] = {
	U64("t_ms", t_ms),
	U64("avail_kib", avail_kib), U64("total_kib", total_kib), U64("mem_total_kib", mem_total_kib),
	U64("swap_free_kib", swap_free_kib), U64("swap_total_kib", swap_total_kib),
	DBL("psi_some_avg10", psi_some_avg10), DBL("psi_full_avg10", psi_full_avg10),
	U64("psi_some_total_us", psi_some_total_us), U64("psi_full_total_us", psi_full_total_us),
	U64("pgmajfault", pgmajfault), U64("workingset_refault", workingset_refault),
	U64("pgscan", pgscan), U64("oom_kill", oom_kill),
	{ "watch_sleeps", offsetof(struct trace_sample, watch_sleeps), F_U64_OPTIONAL },
};
#undef U64
#undef DBL

double trace_pct(uint64_t part, uint64_t total)
{
	return total ? 100.0 * (double)part / (double)total : 0.0;
}

/* ---- writing ---- */

void trace_write_header(struct strbuf *out, const struct trace_header *h)
{
	struct json j;
	json_init(&j, out);
	json_obj_begin(&j);
	json_kv_str(&j, "trace", "oomguard");
	json_kv_int(&j, "version", h->version ? h->version : TRACE_VERSION);
	json_kv_str(&j, "scope", h->scope);
	json_kv_str(&j, "host", h->host);
	json_kv_uint(&j, "start_epoch_ms", h->start_epoch_ms);
	json_kv_uint(&j, "start_monotonic_ms", h->start_monotonic_ms);
	json_kv_uint(&j, "interval_ms", h->interval_ms);
	json_kv_uint(&j, "near_ms", h->near_ms);
	json_kv_double(&j, "near_pct", h->near_pct);
	if (h->watch_pid > 0) {
		json_kv_int(&j, "watch_pid", h->watch_pid);
		json_kv_str(&j, "watch_comm", h->watch_comm);
	}
	json_key(&j, "psi_cgroups");
	json_arr_begin(&j);
	for (size_t i = 0; i < h->n_psi_cgroups && i < TRACE_PSI_CGROUPS_MAX; i++)
		json_str(&j, h->psi_cgroups[i]);
	json_arr_end(&j);
	json_obj_end(&j);
	strbuf_addc(out, '\n');
}

static void write_procs(struct json *j, const char *key, const struct trace_proc *p, size_t n,
			bool delta, bool skipped)
{
	json_key(j, key);
	if (skipped) {
		json_null(j);
		return;
	}
	json_arr_begin(j);
	for (size_t i = 0; i < n; i++) {
		json_obj_begin(j);
		json_kv_int(j, "pid", p[i].pid);
		json_kv_str(j, "comm", p[i].comm);
		json_kv_int(j, "oom_score_adj", p[i].oom_score_adj);
		json_kv_uint(j, "rss_kib", p[i].rss_kib);
		json_kv_uint(j, "swap_kib", p[i].swap_kib);
		if (delta)
			json_kv_int(j, "delta_rss_kib", p[i].delta_rss_kib);
		json_kv_str(j, "cgroup", p[i].cgroup);
		json_obj_end(j);
	}
	json_arr_end(j);
}

void trace_write_sample(struct strbuf *out, const struct trace_sample *s)
{
	struct json j;
	json_init(&j, out);
	json_obj_begin(&j);
	for (size_t i = 0; i < sizeof(sample_fields) / sizeof(sample_fields[0]); i++) {
		const struct field *f = &sample_fields[i];
		const char *at = (const char *)s + f->offset;
		if (f->type == F_U64_OPTIONAL && *(const uint64_t *)at == 0)
			continue;
		if (f->type != F_DOUBLE)
			json_kv_uint(&j, f->key, *(const uint64_t *)at);
		else if (s->psi_present)
			json_kv_double(&j, f->key, *(const double *)(const void *)at);
		else {
			json_key(&j, f->key);
			json_null(&j);
		}
	}
	write_procs(&j, "procs", s->procs, s->n_procs, false, s->procs_skipped);
	write_procs(&j, "growers", s->growers, s->n_growers, true, s->procs_skipped);
	if (s->n_cgroup_psi) {   /* version 2, only when the header names cgroups */
		json_key(&j, "cgroup_pressure");
		json_arr_begin(&j);
		for (size_t i = 0; i < s->n_cgroup_psi && i < TRACE_PSI_CGROUPS_MAX; i++) {
			const struct trace_cgroup_psi *c = &s->cgroup_psi[i];
			if (!c->present) {
				json_null(&j);
				continue;
			}
			json_obj_begin(&j);
			json_kv_double(&j, "some_avg10", c->some_avg10);
			json_kv_double(&j, "full_avg10", c->full_avg10);
			json_kv_uint(&j, "some_total_us", c->some_total_us);
			json_kv_uint(&j, "full_total_us", c->full_total_us);
			json_kv_uint(&j, "pgscan", c->pgscan);
			json_obj_end(&j);
		}
		json_arr_end(&j);
	}
	json_obj_end(&j);
	strbuf_addc(out, '\n');
}

void trace_write_event(struct strbuf *out, const struct trace_event *e)
{
	struct json j;
	json_init(&j, out);
	json_obj_begin(&j);
	json_kv_uint(&j, "t_ms", e->t_ms);
	json_kv_str(&j, "event", e->kind);
	json_kv_str(&j, "actor", e->actor);
	json_kv_int(&j, "pid", e->pid);
	json_kv_str(&j, "comm", e->comm);
	json_kv_str(&j, "detail", e->detail);
	json_obj_end(&j);
	strbuf_addc(out, '\n');
}

/* ---- reading ---- */

static bool read_str(struct json_reader *r, char *dst, size_t cap)
{
	return json_read_string(r, dst, cap, NULL, NULL);
}

/* An integer from lo to hi; out_of_range is the error otherwise. */
static bool read_int_in(struct json_reader *r, int64_t lo, int64_t hi, const char *out_of_range, int *out)
{
	int64_t v;
	if (!json_read_i64(r, &v))
		return false;
	if (v < lo || v > hi)
		return json_read_fail(r, out_of_range);
	*out = (int)v;
	return true;
}

static bool read_pid(struct json_reader *r, pid_t *out)
{
	int v = 0;
	if (!read_int_in(r, 0, INT_MAX, "pid out of range", &v))
		return false;
	*out = (pid_t)v;
	return true;
}

static bool read_proc(struct json_reader *r, struct trace_proc *p)
{
	char key[32];
	if (!json_read_object(r))
		return false;
	while (json_read_member(r, key, sizeof(key), NULL)) {
		bool ok;
		if (strcmp(key, "pid") == 0)
			ok = read_pid(r, &p->pid);
		else if (strcmp(key, "comm") == 0)
			ok = read_str(r, p->comm, sizeof(p->comm));
		else if (strcmp(key, "cgroup") == 0)
			ok = read_str(r, p->cgroup, sizeof(p->cgroup));
		else if (strcmp(key, "rss_kib") == 0)
			ok = json_read_u64(r, &p->rss_kib);
		else if (strcmp(key, "swap_kib") == 0)
			ok = json_read_u64(r, &p->swap_kib);
		else if (strcmp(key, "delta_rss_kib") == 0)
			ok = json_read_i64(r, &p->delta_rss_kib);
		else if (strcmp(key, "oom_score_adj") == 0)
			ok = read_int_in(r, -1000, 1000, "oom_score_adj out of range", &p->oom_score_adj);
		else
			ok = json_read_skip(r);
		if (!ok)
			return false;
	}
	return !r->err;
}

static bool read_procs(struct json_reader *r, struct trace_proc *p, size_t cap, size_t *n)
{
	*n = 0;
	if (!json_read_array(r))
		return false;
	while (json_read_element(r)) {
		struct trace_proc scratch;
		/* cppcheck-suppress uninitvar ; the memset below fills whichever dst points to */
		struct trace_proc *dst = *n < cap ? &p[*n] : &scratch;   /* extra entries are dropped */
		memset(dst, 0, sizeof(*dst));
		if (!read_proc(r, dst))
			return false;
		if (*n < cap)
			(*n)++;
	}
	return !r->err;
}

static bool read_pct(struct json_reader *r, double *out)
{
	if (!json_read_double(r, out))
		return false;
	return (*out >= 0 && *out <= 100) || json_read_fail(r, "not a percentage");
}

/* A period in ms that fits an unsigned; out_of_range names the key in the error. */
static bool read_period_ms(struct json_reader *r, const char *out_of_range, unsigned *out)
{
	uint64_t u;
	if (!json_read_u64(r, &u))
		return false;
	if (u > UINT_MAX)
		return json_read_fail(r, out_of_range);
	*out = (unsigned)u;
	return true;
}

static bool read_cgroup_psi(struct json_reader *r, struct trace_cgroup_psi *c)
{
	char key[32];
	memset(c, 0, sizeof(*c));
	if (json_read_null(r))
		return true;
	if (!json_read_object(r))
		return false;
	c->present = true;
	while (json_read_member(r, key, sizeof(key), NULL)) {
		bool ok;
		if (strcmp(key, "some_avg10") == 0)
			ok = read_pct(r, &c->some_avg10);
		else if (strcmp(key, "full_avg10") == 0)
			ok = read_pct(r, &c->full_avg10);
		else if (strcmp(key, "some_total_us") == 0)
			ok = json_read_u64(r, &c->some_total_us);
		else if (strcmp(key, "full_total_us") == 0)
			ok = json_read_u64(r, &c->full_total_us);
		else if (strcmp(key, "pgscan") == 0)
			ok = json_read_u64(r, &c->pgscan);
		else
			ok = json_read_skip(r);
		if (!ok)
			return false;
	}
	return !r->err;
}

static bool read_cgroup_psis(struct json_reader *r, struct trace_sample *s)
{
	s->n_cgroup_psi = 0;
	if (!json_read_array(r))
		return false;
	while (json_read_element(r)) {
		struct trace_cgroup_psi scratch;
		bool keep = s->n_cgroup_psi < TRACE_PSI_CGROUPS_MAX;   /* extra entries are dropped */
		if (!read_cgroup_psi(r, keep ? &s->cgroup_psi[s->n_cgroup_psi] : &scratch))
			return false;
		if (keep)
			s->n_cgroup_psi++;
	}
	return !r->err;
}

static bool read_sample_member(struct json_reader *r, const char *key, struct trace_sample *s)
{
	if (strcmp(key, "procs") == 0) {
		if (json_read_null(r)) {   /* version 2: no scan this sample */
			s->procs_skipped = true;
			s->n_procs = 0;
			return true;
		}
		s->procs_skipped = false;   /* the last of repeated keys wins */
		return read_procs(r, s->procs, TRACE_PROCS_MAX, &s->n_procs);
	}
	if (strcmp(key, "growers") == 0) {
		if (json_read_null(r)) {
			s->n_growers = 0;
			return true;
		}
		return read_procs(r, s->growers, TRACE_GROWERS_MAX, &s->n_growers);
	}
	if (strcmp(key, "cgroup_pressure") == 0)
		return read_cgroup_psis(r, s);
	for (size_t i = 0; i < sizeof(sample_fields) / sizeof(sample_fields[0]); i++) {
		const struct field *f = &sample_fields[i];
		if (strcmp(key, f->key) != 0)
			continue;
		char *at = (char *)s + f->offset;
		if (f->type != F_DOUBLE)
			return json_read_u64(r, (uint64_t *)at);
		if (json_read_null(r))
			return true;
		s->psi_present = true;
		return json_read_double(r, (double *)(void *)at);
	}
	return json_read_skip(r);
}

static bool read_header_member(struct json_reader *r, const char *key, struct trace_header *h)
{
	if (strcmp(key, "trace") == 0) {
		char name[16];
		if (!read_str(r, name, sizeof(name)))
			return false;
		return strcmp(name, "oomguard") == 0 || json_read_fail(r, "not an oomguard trace");
	}
	if (strcmp(key, "version") == 0)
		return read_int_in(r, 1, TRACE_VERSION, "unsupported trace version", &h->version);
	if (strcmp(key, "scope") == 0)
		return read_str(r, h->scope, sizeof(h->scope));
	if (strcmp(key, "host") == 0)
		return read_str(r, h->host, sizeof(h->host));
	if (strcmp(key, "start_epoch_ms") == 0)
		return json_read_u64(r, &h->start_epoch_ms);
	if (strcmp(key, "start_monotonic_ms") == 0)
		return json_read_u64(r, &h->start_monotonic_ms);
	if (strcmp(key, "interval_ms") == 0)
		return read_period_ms(r, "interval_ms out of range", &h->interval_ms);
	if (strcmp(key, "near_ms") == 0)
		return read_period_ms(r, "near_ms out of range", &h->near_ms);
	if (strcmp(key, "near_pct") == 0)
		return read_pct(r, &h->near_pct);
	if (strcmp(key, "watch_comm") == 0)
		return read_str(r, h->watch_comm, sizeof(h->watch_comm));
	if (strcmp(key, "watch_pid") == 0)
		return read_int_in(r, 1, INT32_MAX, "watch_pid out of range", &h->watch_pid);
	if (strcmp(key, "psi_cgroups") == 0) {
		h->n_psi_cgroups = 0;
		if (!json_read_array(r))
			return false;
		while (json_read_element(r)) {
			char scratch[TRACE_SCOPE_MAX] = "";
			bool keep = h->n_psi_cgroups < TRACE_PSI_CGROUPS_MAX;   /* as the samples drop theirs */
			if (!read_str(r, keep ? h->psi_cgroups[h->n_psi_cgroups] : scratch, TRACE_SCOPE_MAX))
				return false;
			if (keep)
				h->n_psi_cgroups++;
		}
		return !r->err;
	}
	return json_read_skip(r);
}

static bool read_event_member(struct json_reader *r, const char *key, struct trace_event *e)
{
	if (strcmp(key, "t_ms") == 0)
		return json_read_u64(r, &e->t_ms);
	if (strcmp(key, "event") == 0)
		return read_str(r, e->kind, sizeof(e->kind));
	if (strcmp(key, "actor") == 0)
		return read_str(r, e->actor, sizeof(e->actor));
	if (strcmp(key, "pid") == 0)
		return read_pid(r, &e->pid);
	if (strcmp(key, "comm") == 0)
		return read_str(r, e->comm, sizeof(e->comm));
	if (strcmp(key, "detail") == 0)
		return read_str(r, e->detail, sizeof(e->detail));
	return json_read_skip(r);
}

/* The first key tells the kind: "trace" opens a header, "event" names an event (its writer puts
 * t_ms first, so the kind is decided by scanning for "event" at the top level), else a sample. */
static enum trace_line_kind line_kind(const char *text, size_t len)
{
	struct json_reader r;
	char key[32];
	json_read_init(&r, text, len);
	if (!json_read_object(&r))
		return TRACE_LINE_SAMPLE;
	while (json_read_member(&r, key, sizeof(key), NULL)) {
		if (strcmp(key, "trace") == 0)
			return TRACE_LINE_HEADER;
		if (strcmp(key, "event") == 0)
			return TRACE_LINE_EVENT;
		if (!json_read_skip(&r))
			break;
	}
	return TRACE_LINE_SAMPLE;
}

int trace_parse_line(const char *text, size_t len, struct trace_header *h, struct trace_sample *s,
		     struct trace_event *e, char *err, size_t errlen)
{
	struct json_reader r;
	char key[32] = "";
	enum trace_line_kind kind = line_kind(text, len);
	bool ok = true;

	if (kind == TRACE_LINE_HEADER)
		memset(h, 0, sizeof(*h));
	else if (kind == TRACE_LINE_EVENT)
		memset(e, 0, sizeof(*e));
	else
		memset(s, 0, sizeof(*s));
	json_read_init(&r, text, len);
	if (json_read_object(&r)) {
		while (ok && json_read_member(&r, key, sizeof(key), NULL)) {
			if (kind == TRACE_LINE_HEADER)
				ok = read_header_member(&r, key, h);
			else if (kind == TRACE_LINE_EVENT)
				ok = read_event_member(&r, key, e);
			else
				ok = read_sample_member(&r, key, s);
		}
		json_read_end(&r);
	}
	if (r.err) {
		if (errlen)
			snprintf(err, errlen, "%s%s%s (byte %zu)", key[0] && ok ? "" : key,
				 key[0] && !ok ? ": " : "", r.err, r.err_at);
		return -EINVAL;
	}
	if (kind == TRACE_LINE_SAMPLE && s->procs_skipped)
		s->n_growers = 0;   /* growers come with a scan: none without one */
	if (kind == TRACE_LINE_HEADER && h->version == 0) {
		if (errlen)
			snprintf(err, errlen, "version: missing");
		return -EINVAL;
	}
	return (int)kind;
}
