/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The lines that open an OOM report and say who asked for memory: the "invoked oom-killer"
 * header and the allocation-failure header of every era (mm/oom_kill.c, mm/page_alloc.c), the
 * cpuset line and the stack dump's identity line.  Called by oom_report_line (oom_lines.c). */
#include <stdint.h>
#include <string.h>

#include "lib/oomreport/gfp.h"
#include "lib/oomreport/oom_parse.h"

/* The gfp part shared by the header and the allocation failure: "0x...(NAMES)" at p. */
static void parse_gfp(struct oom_trigger *t, const char *p)
{
	int64_t mask;
	const char *close;

	if (!oomtext_scan_hex(&p, &mask))
		return;
	t->gfp_mask = mask;
	if (*p == '(' && (close = strchr(p, ')')) != NULL) {
		oomtext_copy(t->gfp_flags, sizeof(t->gfp_flags), p + 1, (size_t)(close - p - 1));
		if (!t->gfp_flags[0])
			oomtext_copy(t->gfp_flags, sizeof(t->gfp_flags), "none", 4);
	} else {
		gfp_decode_legacy((uint64_t)mask, t->gfp_decoded, sizeof(t->gfp_decoded));
	}
}

/* Copies the text after key up to the first of the terminators (or end of line). */
static void copy_until(char *dst, size_t cap, const char *line, const char *key,
		       const char *const *terms)
{
	const char *p = strstr(line, key), *end;

	if (!p)
		return;
	p += strlen(key);
	end = p + strlen(p);
	for (; *terms; terms++) {
		const char *q = strstr(p, *terms);
		if (q && q < end)
			end = q;
	}
	oomtext_copy(dst, cap, p, (size_t)(end - p));
}

/*   2.6.11-18  oom-killer: gfp_mask=0x%x[, order=%d]
 *   2.6.19+    %s invoked oom-killer: gfp_mask=0x%x[(%pGg)][, nodemask=..], order=%d,
 *              {oomkilladj|oom_adj|oom_score_adj}=%d  */
void oom_header_invoked(struct oom_report *r, const char *line)
{
	struct oom_trigger *t = &r->ev->trigger;
	const char *p = oomtext_find_last(line, OOM_TEXT_INVOKED), *tail;
	static const char *const nm_terms[] = { ", order=", ",  order=", NULL };

	if (p) {
		oomtext_copy(t->comm, sizeof(t->comm), line, (size_t)(p - line));
		tail = p + sizeof(OOM_TEXT_INVOKED) - 1;
	} else {
		tail = line + strlen("oom-killer: ");
	}
	if (oomtext_starts(tail, "gfp_mask="))
		parse_gfp(t, tail + strlen("gfp_mask="));
	oomtext_find_num(tail, "order=", &t->order);
	if (!oomtext_find_num(tail, "oom_score_adj=", &t->oom_score_adj)) {
		if (!oomtext_find_num(tail, "oom_adj=", &t->oom_adj_legacy))
			oomtext_find_num(tail, "oomkilladj=", &t->oom_adj_legacy);
	} else {
		oomtext_find_num(tail, " oom_adj=", &t->oom_adj_legacy);
	}
	copy_until(t->nodemask, sizeof(t->nodemask), tail, "nodemask=", nm_terms);
	if (oom_isset(t->order) && t->order == -1)
		r->ev->sysrq = true;
}

/*   %s: page allocation failure. order:%d, mode:0x%x                        (2.6.x)
 *   %s: page allocation failure: order:%u, mode:%#x(%pGg)[, nodemask=%*pbl][,cpuset=..,mems_allowed=..] */
void oom_header_alloc_failure(struct oom_report *r, const char *line)
{
	struct oom_trigger *t = &r->ev->trigger;
	const char *p = oomtext_find_last(line, OOM_TEXT_ALLOC_FAIL), *tail;
	static const char *const nm_terms[] = { ",cpuset=", NULL };
	static const char *const cs_terms[] = { ",mems_allowed=", NULL };
	static const char *const none[] = { NULL };

	oomtext_copy(t->comm, sizeof(t->comm), line, (size_t)(p - line));
	tail = p + sizeof(OOM_TEXT_ALLOC_FAIL) - 1;
	oomtext_find_num(tail, "order:", &t->order);
	const char *mode = strstr(tail, "mode:");
	if (mode)
		parse_gfp(t, mode + 5);
	copy_until(t->nodemask, sizeof(t->nodemask), tail, "nodemask=", nm_terms);
	copy_until(t->cpuset, sizeof(t->cpuset), tail, ",cpuset=", cs_terms);
	copy_until(t->mems_allowed, sizeof(t->mems_allowed), tail, ",mems_allowed=", none);
	r->alloc_failure = true;
}

/* "%s cpuset=%s mems_allowed=%s" (2.6.29-4.20): the comm is the trigger's. */
bool oom_header_cpuset(struct oom_report *r, const char *line)
{
	const char *c = oomtext_find_last(line, " cpuset="), *m;
	struct oom_trigger *t = &r->ev->trigger;

	if (!c || !(m = oomtext_find_last(c, " mems_allowed=")))
		return false;
	c += strlen(" cpuset=");
	oomtext_copy(t->cpuset, sizeof(t->cpuset), c, (size_t)(m - c));
	m += strlen(" mems_allowed=");
	oomtext_copy(t->mems_allowed, sizeof(t->mems_allowed), m, strlen(m));
	return true;
}

/* Stack dump identity: "CPU: %d [UID: %u ]PID: %d Comm: %.20s ..." (3.9+) or
 * "Pid: %d, comm: %.20s ..." (x86 up to 3.8). */
bool oom_header_stack_id(struct oom_report *r, const char *line)
{
	struct oom_trigger *t = &r->ev->trigger;
	int64_t pid;

	if (oom_isset(t->pid))
		return false;
	if (oomtext_starts(line, "CPU: ") && strstr(line, " PID: ") && oomtext_find_num(line, " PID: ", &pid)) {
		t->pid = pid;
		return true;
	}
	if (oomtext_starts(line, "Pid: ") && oomtext_find_num(line, "Pid: ", &pid)) {
		t->pid = pid;
		const char *c = strstr(line, ", comm: ");
		if (c && !t->comm[0]) {
			c += strlen(", comm: ");
			const char *e = strstr(c, " Not tainted");
			if (!e)
				e = strstr(c, " Tainted");
			oomtext_copy(t->comm, sizeof(t->comm), c, e ? (size_t)(e - c) : strlen(c));
		}
		return true;
	}
	return false;
}
