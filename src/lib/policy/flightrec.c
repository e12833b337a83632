/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The flight recorder's ring (see flightrec.h): push overwrites the oldest slot once full; the
 * window is applied when reading, from the newest sample back. */
#include "lib/policy/flightrec.h"

#include <string.h>

size_t flightrec_bytes(size_t slots)
{
	return slots * (sizeof(struct flightrec_figures) + sizeof(struct flightrec_procs));
}

void flightrec_init(struct flightrec *fr, void *mem, size_t slots, unsigned minutes)
{
	memset(fr, 0, sizeof(*fr));
	fr->fig = mem;
	fr->procs = (struct flightrec_procs *)(fr->fig + slots);
	fr->slots = slots;
	fr->used = slots < FLIGHTREC_FIRST_SLOTS ? slots : FLIGHTREC_FIRST_SLOTS;
	fr->window_ms = (uint64_t)(minutes ? minutes : FLIGHTREC_DEFAULT_MINUTES) * 60000u;
}

/* The ring is full of samples inside the window: it takes more slots (twice as many, at most all).
 * The oldest part, [head, used), moves to the end of the larger ring, so the free slots are at
 * head, in order; a ring that has not wrapped (head 0) just goes on past its end. */
static void grow(struct flightrec *fr)
{
	size_t used = fr->used * 2 < fr->slots ? fr->used * 2 : fr->slots;
	size_t d = used - fr->used;
	if (fr->head == 0) {
		fr->head = fr->used;
	} else {
		for (size_t i = fr->used; i-- > fr->head;) {
			fr->fig[i + d] = fr->fig[i];
			if (fr->fig[i].n_procs || fr->fig[i].n_growers)
				fr->procs[i + d] = fr->procs[i];
		}
	}
	fr->used = used;
}

void flightrec_push(struct flightrec *fr, const struct trace_sample *s)
{
	if (!fr->slots || !fr->used)     /* used is 0 only without slots (flightrec_init) */
		return;
	/* samples out of the window from this one are dropped from the oldest end (no reader would
	 * write them), so the slots in use follow the window, not the time the daemon has run */
	while (fr->count) {
		size_t oldest = (fr->head + fr->used - fr->count) % fr->used;
		if (s->t_ms >= fr->fig[oldest].t_ms && s->t_ms - fr->fig[oldest].t_ms <= fr->window_ms)
			break;
		fr->count--;
	}
	if (fr->count == fr->used && fr->used < fr->slots)
		grow(fr);
	struct flightrec_figures *f = &fr->fig[fr->head];
	f->t_ms = s->t_ms;
	f->avail_kib = s->avail_kib;
	f->total_kib = s->total_kib;
	f->mem_total_kib = s->mem_total_kib;
	f->swap_free_kib = s->swap_free_kib;
	f->swap_total_kib = s->swap_total_kib;
	f->psi_some_total_us = s->psi_some_total_us;
	f->psi_full_total_us = s->psi_full_total_us;
	f->pgmajfault = s->pgmajfault;
	f->workingset_refault = s->workingset_refault;
	f->pgscan = s->pgscan;
	f->oom_kill = s->oom_kill;
	f->psi_present = s->psi_present;
	f->psi_some_avg10 = (float)s->psi_some_avg10;
	f->psi_full_avg10 = (float)s->psi_full_avg10;
	f->n_procs = (uint8_t)s->n_procs;
	f->n_growers = (uint8_t)s->n_growers;
	if (s->n_procs || s->n_growers) {
		struct flightrec_procs *p = &fr->procs[fr->head];
		memcpy(p->procs, s->procs, s->n_procs * sizeof(s->procs[0]));
		memcpy(p->growers, s->growers, s->n_growers * sizeof(s->growers[0]));
	}
	fr->head = (fr->head + 1) % fr->used;
	if (fr->count < fr->used)
		fr->count++;
}

void flightrec_set_newest_procs(struct flightrec *fr, const struct trace_sample *s)
{
	if (!fr->count)
		return;
	size_t newest = (fr->head + fr->used - 1) % fr->used;
	fr->fig[newest].n_procs = (uint8_t)s->n_procs;
	fr->fig[newest].n_growers = (uint8_t)s->n_growers;
	memcpy(fr->procs[newest].procs, s->procs, s->n_procs * sizeof(s->procs[0]));
	memcpy(fr->procs[newest].growers, s->growers, s->n_growers * sizeof(s->growers[0]));
}

/* Index of the oldest sample inside the window, counted from the oldest kept. */
static size_t window_start(const struct flightrec *fr)
{
	if (!fr->count)
		return 0;
	size_t newest = (fr->head + fr->used - 1) % fr->used;
	uint64_t t_new = fr->fig[newest].t_ms;
	size_t skip = 0;
	while (skip < fr->count) {
		size_t i = (fr->head + fr->used - fr->count + skip) % fr->used;
		if (t_new - fr->fig[i].t_ms <= fr->window_ms)
			break;
		skip++;
	}
	return skip;
}

size_t flightrec_count(const struct flightrec *fr)
{
	return fr->count - window_start(fr);
}

/* Rebuilds the sample in slot i. */
static void fill(const struct flightrec *fr, size_t i, struct trace_sample *out)
{
	const struct flightrec_figures *f = &fr->fig[i];
	memset(out, 0, sizeof(*out));
	out->t_ms = f->t_ms;
	out->avail_kib = f->avail_kib;
	out->total_kib = f->total_kib;
	out->mem_total_kib = f->mem_total_kib;
	out->swap_free_kib = f->swap_free_kib;
	out->swap_total_kib = f->swap_total_kib;
	out->psi_some_total_us = f->psi_some_total_us;
	out->psi_full_total_us = f->psi_full_total_us;
	out->pgmajfault = f->pgmajfault;
	out->workingset_refault = f->workingset_refault;
	out->pgscan = f->pgscan;
	out->oom_kill = f->oom_kill;
	out->psi_present = f->psi_present;
	out->psi_some_avg10 = f->psi_some_avg10;
	out->psi_full_avg10 = f->psi_full_avg10;
	out->n_procs = f->n_procs;
	out->n_growers = f->n_growers;
	if (f->n_procs || f->n_growers) {
		memcpy(out->procs, fr->procs[i].procs, f->n_procs * sizeof(out->procs[0]));
		memcpy(out->growers, fr->procs[i].growers, f->n_growers * sizeof(out->growers[0]));
	}
}

static size_t slot_of(const struct flightrec *fr, size_t skip, size_t n)
{
	return (fr->head + fr->used - fr->count + skip + n) % fr->used;
}

bool flightrec_get(const struct flightrec *fr, size_t n, struct trace_sample *out)
{
	size_t skip = window_start(fr);
	if (n >= fr->count - skip)
		return false;
	fill(fr, slot_of(fr, skip, n), out);
	return true;
}

void flightrec_write(const struct flightrec *fr, const struct trace_header *h,
		     void (*emit)(void *ctx, const char *line, size_t len), void *ctx,
		     struct strbuf *scratch)
{
	struct trace_sample s;
	size_t skip = window_start(fr);
	strbuf_reset(scratch);
	trace_write_header(scratch, h);
	emit(ctx, scratch->buf, scratch->len);
	for (size_t n = 0; n < fr->count - skip; n++) {
		fill(fr, slot_of(fr, skip, n), &s);
		strbuf_reset(scratch);
		trace_write_sample(scratch, &s);
		emit(ctx, scratch->buf, scratch->len);
	}
}
