/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sums up the lead-up to a kill from a trace (see leadup.h).  The fall starts at the last peak of
 * available memory before the kill: a new high resets it, so an earlier dip that recovered is not
 * counted.  Growth is measured between the peak's and the last sample's largest processes. */
#include "lib/policy/leadup.h"

#include <stdio.h>
#include <string.h>

#include "lib/util/units.h"

#define SWAP_FULL_PCT 1.0   /* swap counts as full below this share free */

void leadup_init(struct leadup *l)
{
	memset(l, 0, sizeof(*l));
}

static double avail_pct(const struct trace_sample *s)
{
	return trace_pct(s->avail_kib, s->total_kib);
}

void leadup_feed_event(struct leadup *l, const struct trace_event *e)
{
	bool kill = strcmp(e->kind, "kernel_oom_kill") == 0 || strcmp(e->kind, "daemon_kill") == 0;
	if (!kill || l->killed)
		return;
	l->killed = true;
	l->kill_ms = e->t_ms;
	snprintf(l->kill_actor, sizeof(l->kill_actor), "%s", e->actor);
}

#define CURVE_FIRST_BUCKET_MS 100u

/* Halves the curve's resolution: each pair of buckets becomes one holding the lower value. */
static void curve_halve(struct leadup *l)
{
	unsigned n = 0;
	for (unsigned i = 0; i < l->n_curve; i += 2) {
		double v = l->curve_pct[i];
		if (i + 1 < l->n_curve && l->curve_pct[i + 1] < v)
			v = l->curve_pct[i + 1];
		l->curve_pct[n++] = v;
	}
	l->n_curve = n;
	l->curve_bucket_ms *= 2;
}

static void curve_add(struct leadup *l, uint64_t t_ms, double pct)
{
	if (!l->curve_started) {
		l->curve_started = true;
		l->curve_start_ms = t_ms;
		l->curve_bucket_ms = CURVE_FIRST_BUCKET_MS;
	}
	uint64_t idx;
	while ((idx = (t_ms - l->curve_start_ms) / l->curve_bucket_ms) >= LEADUP_CURVE_MAX)
		curve_halve(l);
	if (idx < l->n_curve) {
		if (pct < l->curve_pct[idx])
			l->curve_pct[idx] = pct;
		return;
	}
	double gap = l->n_curve ? l->curve_pct[l->n_curve - 1] : pct;   /* a gap keeps the last value */
	for (unsigned i = l->n_curve; i < idx; i++)
		l->curve_pct[i] = gap;
	l->curve_pct[idx] = pct;
	l->n_curve = (unsigned)idx + 1;
}

void leadup_curve_text(const struct leadup *l, struct strbuf *out)
{
	static const char *const blocks[] = { " ", "\u2581", "\u2582", "\u2583", "\u2584",
					      "\u2585", "\u2586", "\u2587", "\u2588" };
	for (unsigned i = 0; i < l->n_curve; i++) {
		int level = (int)(l->curve_pct[i] / 100.0 * 8.0 + 0.5);
		strbuf_adds(out, blocks[level < 0 ? 0 : level > 8 ? 8 : level]);
	}
}

void leadup_feed_sample(struct leadup *l, const struct trace_sample *s)
{
	if (l->killed)
		return;
	if (l->have_last && s->oom_kill > l->last.oom_kill) {
		/* the counter says the kernel killed between the last sample and this one */
		l->killed = true;
		l->kill_ms = s->t_ms;
		snprintf(l->kill_actor, sizeof(l->kill_actor), "kernel");
		return;
	}
	struct leadup_fall *f = &l->cur;
	if (!l->have_last || avail_pct(s) > avail_pct(&f->peak)) {
		memset(f, 0, sizeof(*f));
		f->peak = f->trough = *s;
	}
	if (s->n_procs) {
		if (!f->have_procs)
			f->first_procs = *s;
		f->last_procs = *s;
		f->have_procs = true;
	}
	/* the growers are who was there at the trough: after it (a trace without a kill in it,
	 * memory back) the process that grew may be gone */
	if (avail_pct(s) <= avail_pct(&f->trough)) {
		f->trough = *s;
		f->trough_has_procs = f->have_procs;
		if (f->have_procs)
			f->trough_procs = f->last_procs;
	}
	if (!f->swap_full && s->swap_total_kib &&
	    trace_pct(s->swap_free_kib, s->swap_total_kib) < SWAP_FULL_PCT) {
		f->swap_full = true;
		f->swap_full_ms = s->t_ms;
	}
	f->samples++;
	if (!l->have_best || avail_pct(&f->peak) - avail_pct(&f->trough) >=
			     avail_pct(&l->best.peak) - avail_pct(&l->best.trough)) {
		l->best = *f;
		l->have_best = true;
	}
	l->last = *s;
	l->have_last = true;
	l->samples++;
	if (s->t_ms >= l->curve_start_ms)
		curve_add(l, s->t_ms, avail_pct(s));
}

static uint64_t since(uint64_t now, uint64_t then)
{
	return now > then ? now - then : 0;
}

bool leadup_finish(struct leadup *l)
{
	if (!l->have_best || l->samples < 2)
		return false;
	const struct trace_sample *a = &l->best.peak, *b = &l->best.trough;
	l->from_pct = avail_pct(a);
	l->to_pct = avail_pct(b);
	l->fall_ms = since(b->t_ms, a->t_ms);
	l->full_stall_s = (double)since(b->psi_full_total_us, a->psi_full_total_us) / 1e6;
	l->some_stall_s = (double)since(b->psi_some_total_us, a->psi_some_total_us) / 1e6;
	l->majfaults = since(b->pgmajfault, a->pgmajfault);
	l->refaults = since(b->workingset_refault, a->workingset_refault);
	l->has_grower = l->grower_grew = false;
	if (!l->best.trough_has_procs)
		return true;
	const struct trace_sample *p0 = &l->best.first_procs, *p1 = &l->best.trough_procs;
	bool two = p1->t_ms > p0->t_ms;
	for (size_t i = 0; i < p1->n_procs; i++) {
		int64_t before = 0, now = (int64_t)p1->procs[i].rss_kib;
		bool seen = false;
		for (size_t k = 0; two && k < p0->n_procs; k++)
			if (p0->procs[k].pid == p1->procs[i].pid) {
				before = (int64_t)p0->procs[k].rss_kib;
				seen = true;
			}
		/* a process absent from the first scan of the fall started (or grew into the list)
		 * during it: all of its size is growth only when the first scan was a full one */
		int64_t key = two ? now - before : now;
		if (!l->has_grower || key > l->grower_kib) {
			l->grower = p1->procs[i];
			l->grower_kib = key;
			l->has_grower = true;
			l->grower_grew = two && (seen || p0->n_procs < TRACE_PROCS_MAX);
		}
	}
	if (l->has_grower && l->grower_kib <= 0)
		l->has_grower = false;
	l->grower_span_ms = p1->t_ms - p0->t_ms;
	return true;
}

void leadup_sentence(const struct leadup *l, struct strbuf *out,
		     void (*add_name)(struct strbuf *out, const char *raw))
{
	char size[32];
	strbuf_addf(out, "Memory fell from %.0f%% to %.0f%% available in %.1f s", l->from_pct, l->to_pct,
		    (double)l->fall_ms / 1000.0);
	if (l->has_grower) {
		strbuf_adds(out, "; ");
		add_name(out, l->grower.comm);
		strbuf_addf(out, l->grower_grew ? " (pid %d) grew by %s" : " (pid %d) was the largest with %s",
			    (int)l->grower.pid, units_size_kib(size, sizeof(size), l->grower_kib, SIZE_LONG));
		if (l->grower_grew)
			strbuf_addf(out, " in %.1f s to %s", (double)l->grower_span_ms / 1000.0,
				    units_size_kib(size, sizeof(size), (int64_t)l->grower.rss_kib, SIZE_LONG));
	}
	if (l->best.swap_full && l->killed)
		strbuf_addf(out, "; swap filled %.1f s before the kill",
			    (double)since(l->kill_ms, l->best.swap_full_ms) / 1000.0);
	else if (l->best.swap_full)
		strbuf_adds(out, "; swap filled");
	if (l->full_stall_s >= 0.05)
		strbuf_addf(out, "; full stall %.1f s", l->full_stall_s);
	strbuf_adds(out, ".");
}

static void add_raw_name(struct strbuf *out, const char *raw)
{
	strbuf_adds(out, raw);
}

void leadup_json(struct json *j, const struct leadup *l)
{
	struct strbuf sentence;
	strbuf_init(&sentence);
	leadup_sentence(l, &sentence, add_raw_name);
	json_obj_begin(j);
	json_kv_double(j, "from_percent", l->from_pct);
	json_kv_double(j, "to_percent", l->to_pct);
	json_kv_uint(j, "fall_ms", l->fall_ms);
	json_kv_double(j, "full_stall_s", l->full_stall_s);
	json_kv_double(j, "some_stall_s", l->some_stall_s);
	json_kv_uint(j, "major_faults", l->majfaults);
	json_kv_uint(j, "refaults", l->refaults);
	json_kv_uint_or_null(j, "swap_full_ms", l->best.swap_full ? l->best.swap_full_ms : UINT64_MAX);
	json_kv_uint_or_null(j, "kill_ms", l->killed ? l->kill_ms : UINT64_MAX);
	json_kv_str(j, "kill_actor", l->killed ? l->kill_actor : NULL);
	json_key(j, "grower");
	if (l->has_grower) {
		json_obj_begin(j);
		json_kv_int(j, "pid", l->grower.pid);
		json_kv_str(j, "comm", l->grower.comm);
		json_kv_bool(j, "grew", l->grower_grew);
		json_kv_int(j, l->grower_grew ? "grew_kib" : "rss_kib", l->grower_kib);
		json_kv_uint(j, "span_ms", l->grower_span_ms);
		json_kv_uint(j, "rss_kib_after", l->grower.rss_kib);
		json_obj_end(j);
	} else
		json_null(j);
	json_key(j, "curve_percent");
	json_arr_begin(j);
	for (unsigned i = 0; i < l->n_curve; i++)
		json_double(j, l->curve_pct[i]);
	json_arr_end(j);
	json_kv_uint(j, "curve_bucket_ms", l->curve_bucket_ms);
	json_kv_str(j, "text", sentence.failed ? NULL : sentence.buf);
	json_obj_end(j);
	strbuf_free(&sentence);
}
