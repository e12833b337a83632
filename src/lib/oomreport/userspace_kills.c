/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Userspace OOM killers' log lines -> us_record (see userspace_kills.h).  The wordings are those of
 * each killer's own source and of real logs cited in tests/fixtures/userspace-kills/README.md:
 *   systemd-oomd   "Killed|Marked <cgroup> [for killing ]due to <reason>"
 *   systemd        "<unit>: systemd-oomd killed N process(es) in this unit."
 *                  "<unit>: A process of this unit has been killed by the OOM killer."
 *                  "<unit>: Failed with result 'oom-kill'."
 *   earlyoom       "Killing process N NAME"                                         (0.x-1.1)
 *                  "Killing process 'NAME' with signal S, pid: N, badness: B, VmRSS: R MiB" (1.2)
 *                  "killing process N "NAME" with signal S: badness B, VmRSS R MiB"  (1.3-rc)
 *                  "sending SIG to process N ["uid U ]"NAME": badness B, VmRSS R MiB" (1.3-1.8)
 *                  "sending SIG to process N uid U "NAME": oom_score B, oom_score_adj A, VmRSS R
 *                   MiB, cmdline "..."" (1.8+); "low memory! at or below SIGTERM limits: mem
 *                   M%, swap S%"; "process [N ]exited after S seconds"; "kill failed: ..."
 *   nohang         "Victim status ...", "  PID: N, name: X, ...", "  Vm, MiB: ... RSS: R",
 *                  "  Sending|Send SIGTERM to the victim"
 *   oomd           "Picked "<cgroup>" (N MB) based on ...", "Killed N: pid(comm) pid(comm)[E3]"
 *   lmkd           "Kill 'NAME' (PID), uid U, oom_score_adj A to free R kB rss, S kB swap; reason: ..."
 *   oomguard       "sent SIGTERM to N (NAME) uid U: reason...; rss R MiB swap S MiB ..." */
#include <string.h>

#include "lib/oomreport/oom_parse.h"
#include "lib/oomreport/userspace_kills.h"

void oom_userspace_clear(struct oom_userspace *u)
{
	memset(u, 0, sizeof(*u));
	u->processes_killed = u->rss_kib = u->swap_kib = OOM_UNSET;
	u->badness = u->oom_score_adj = u->uid = OOM_UNSET;
	u->pressure_pct_x100 = u->limit_pct_x100 = OOM_UNSET;
	u->mem_avail_pct_x100 = u->swap_free_pct_x100 = OOM_UNSET;
	u->exited_after_ms = OOM_UNSET;
}

void us_state_init(struct us_state *st)
{
	memset(st, 0, sizeof(*st));
	st->earlyoom_mem_pct = st->earlyoom_swap_pct = OOM_UNSET;
	st->nohang_pid = st->nohang_uid = st->nohang_rss_kib = st->nohang_badness = OOM_UNSET;
	st->oomd_usage_kib = OOM_UNSET;
}

static bool tag_is(const char *tag, size_t len, const char *name)
{
	return strlen(name) == len && memcmp(tag, name, len) == 0;
}

/* "12.34" (or "12") at *p -> 1234; advances *p.  false when no digit. */
static bool scan_x100(const char **p, int64_t *out)
{
	const char *s = oomtext_skip_ws(*p);
	int64_t whole;

	if (!oomtext_scan_i64(&s, &whole) || whole < 0)
		return false;
	int64_t frac = 0, scale = 10;
	if (*s == '.') {
		s++;
		for (; *s >= '0' && *s <= '9'; s++) {
			if (scale) {
				frac += (*s - '0') * scale;
				scale /= 10;
			}
		}
	}
	*out = whole * 100 + frac;
	*p = s;
	return true;
}

static void rec_init(struct us_record *out, const char *killer)
{
	memset(out, 0, sizeof(*out));
	out->pid = OOM_UNSET;
	oom_userspace_clear(&out->u);
	oomtext_copy(out->u.killer, sizeof(out->u.killer), killer, strlen(killer));
}

/* ---- systemd-oomd and systemd ---- */

static enum us_what parse_oomd_systemd(const char *msg, struct us_record *out)
{
	const char *p, *due;

	if (oomtext_starts(msg, "Killed "))
		p = msg + 7;
	else if (oomtext_starts(msg, "Marked "))
		p = msg + 7;
	else
		return US_NONE;
	due = strstr(p, " due to ");
	if (!due || *p != '/')
		return US_NONE;
	rec_init(out, "systemd-oomd");
	const char *end = due;
	if (oomtext_starts(msg, "Marked ") && end - p > 12 && memcmp(end - 12, " for killing", 12) == 0)
		end -= 12;
	oomtext_copy(out->u.cgroup, sizeof(out->u.cgroup), p, (size_t)(end - p));
	due += 8;
	oomtext_copy(out->u.reason, sizeof(out->u.reason), due, strlen(due));
	oomtext_copy(out->u.signal, sizeof(out->u.signal), "SIGKILL", 7);
	/* "... being 51.07% > 50.00% for > 20s ..." and "... being more than 90.00%" */
	const char *being = strstr(due, " being ");
	if (being) {
		const char *q = being + 7;
		int64_t v;
		if (oomtext_starts(q, "more than ")) {
			q += 10;
			if (scan_x100(&q, &v))
				out->u.limit_pct_x100 = v;
		} else if (scan_x100(&q, &v)) {
			out->u.pressure_pct_x100 = v;
			if (oomtext_starts(q, "% > ")) {
				q += 4;
				if (scan_x100(&q, &v))
					out->u.limit_pct_x100 = v;
			}
		}
	}
	return US_KILL;
}

static enum us_what parse_systemd(const char *msg, struct us_record *out)
{
	const char *colon = strstr(msg, ": ");
	enum us_what what = US_NONE;

	if (!colon)
		return US_NONE;
	const char *rest = colon + 2;
	if (oomtext_starts(rest, "systemd-oomd killed "))
		what = US_UNIT_OOMD;
	else if (oomtext_starts(rest, "A process of this unit has been killed by the OOM killer") ||
		 oomtext_starts(rest, "Failed with result 'oom-kill'"))
		what = US_UNIT_KERNEL_OOM;
	else
		return US_NONE;
	rec_init(out, "systemd-oomd");
	oomtext_copy(out->unit, sizeof(out->unit), msg, (size_t)(colon - msg));
	if (what == US_UNIT_OOMD) {
		const char *q = rest + strlen("systemd-oomd killed ");
		int64_t n;
		if (oomtext_scan_i64(&q, &n))
			out->u.processes_killed = n;
		oomtext_copy(out->u.cgroup, sizeof(out->u.cgroup), msg, (size_t)(colon - msg));
		oomtext_copy(out->u.signal, sizeof(out->u.signal), "SIGKILL", 7);
	}
	out->what = what;
	return what;
}

/* ---- earlyoom ---- */

static void signal_text(char *dst, size_t cap, const char *p)
{
	size_t n = 0;
	while (p[n] >= 'A' && p[n] <= 'Z' && n < cap - 1)
		n++;
	oomtext_copy(dst, cap, p, n);
}

/* "with signal 15" -> "SIGTERM" */
static void signal_number(char *dst, size_t cap, int64_t sig)
{
	const char *name = sig == 15 ? "SIGTERM" : sig == 9 ? "SIGKILL" : "";
	oomtext_copy(dst, cap, name, strlen(name));
}

/* The quoted name "NAME" at p (a name may hold quotes: the last '"' before the stop text). */
static bool quoted_name(const char *p, const char *stop, char *dst, size_t cap, const char **after)
{
	if (*p != '"')
		return false;
	const char *close = oomtext_find_last(p + 1, stop);
	if (!close)
		return false;
	oomtext_copy(dst, cap, p + 1, (size_t)(close - p - 1));
	*after = close + strlen(stop);
	return true;
}

static void earlyoom_figures(const char *tail, struct us_record *out)
{
	int64_t n;
	if (oomtext_find_num(tail, "VmRSS ", &n) || oomtext_find_num(tail, "VmRSS: ", &n))
		out->u.rss_kib = n * 1024;
	if (oomtext_find_num(tail, "badness ", &n) || oomtext_find_num(tail, "badness: ", &n) ||
	    oomtext_find_num(tail, "oom_score ", &n))
		out->u.badness = n;
	if (oomtext_find_num(tail, "oom_score_adj ", &n))
		out->u.oom_score_adj = n;
}

static enum us_what parse_earlyoom(struct us_state *st, const char *msg, struct us_record *out)
{
	const char *p, *after;
	int64_t n;

	if (oomtext_starts(msg, "low memory! ") || oomtext_starts(msg, "Low Memory! ") ||
	    oomtext_starts(msg, "Low memory! ")) {
		oomtext_copy(st->earlyoom_reason, sizeof(st->earlyoom_reason), msg, strlen(msg));
		return US_NONE;
	}
	if (oomtext_starts(msg, "mem avail:")) {
		const char *q = strchr(msg, '(');
		if (q) {
			q++;
			if (!scan_x100(&q, &st->earlyoom_mem_pct))
				st->earlyoom_mem_pct = OOM_UNSET;
		}
		q = strstr(msg, "swap free:");
		if (q && (q = strchr(q, '(')) != NULL) {
			q++;
			if (!scan_x100(&q, &st->earlyoom_swap_pct))
				st->earlyoom_swap_pct = OOM_UNSET;
		}
		return US_NONE;
	}
	if (oomtext_starts(msg, "dryrun")) {
		st->earlyoom_dryrun = true;
		return US_NONE;
	}
	if (oomtext_starts(msg, "kill failed")) {
		rec_init(out, "earlyoom");
		return US_KILL_FAILED;
	}
	if (oomtext_starts(msg, "escalating to SIGKILL")) {
		rec_init(out, "earlyoom");
		oomtext_copy(out->u.signal, sizeof(out->u.signal), "SIGKILL", 7);
		return US_ESCALATED;
	}
	if (oomtext_starts(msg, "process ") && (p = strstr(msg, "exited after ")) != NULL) {
		rec_init(out, "earlyoom");
		const char *q = msg + 8;
		if (oomtext_scan_i64(&q, &n))
			out->pid = n;
		q = p + 13;
		int64_t x100;
		if (scan_x100(&q, &x100))
			out->u.exited_after_ms = x100 * 10;
		return US_EXITED;
	}

	rec_init(out, "earlyoom");
	if (oomtext_starts(msg, "sending SIG")) {                 /* 1.3+ */
		signal_text(out->u.signal, sizeof(out->u.signal), msg + 8);
		p = strstr(msg, " to process ");
		if (!p)
			return US_NONE;
		p += 12;
		if (!oomtext_scan_i64(&p, &out->pid))
			return US_NONE;
		p = oomtext_skip_ws(p);
		if (oomtext_starts(p, "uid ")) {
			p += 4;
			if (oomtext_scan_i64(&p, &n))
				out->u.uid = n;
			p = oomtext_skip_ws(p);
		}
		if (!quoted_name(p, "\": ", out->comm, sizeof(out->comm), &after))
			return US_NONE;
		earlyoom_figures(after, out);
	} else if (oomtext_starts(msg, "killing process ")) {     /* 1.3-rc */
		p = msg + 16;
		if (!oomtext_scan_i64(&p, &out->pid))
			return US_NONE;
		p = oomtext_skip_ws(p);
		if (!quoted_name(p, "\" with signal ", out->comm, sizeof(out->comm), &after))
			return US_NONE;
		if (oomtext_scan_i64(&after, &n))
			signal_number(out->u.signal, sizeof(out->u.signal), n);
		earlyoom_figures(after, out);
	} else if (oomtext_starts(msg, "Killing process '")) {    /* 1.2 */
		p = msg + 16;
		const char *close = oomtext_find_last(p + 1, "' with signal ");
		if (!close)
			return US_NONE;
		oomtext_copy(out->comm, sizeof(out->comm), p + 1, (size_t)(close - p - 1));
		after = close + 14;
		if (oomtext_scan_i64(&after, &n))
			signal_number(out->u.signal, sizeof(out->u.signal), n);
		if (oomtext_find_num(after, "pid: ", &n))
			out->pid = n;
		earlyoom_figures(after, out);
	} else if (oomtext_starts(msg, "Killing process ")) {     /* 0.x-1.1: "Killing process %d %s" */
		p = msg + 16;
		if (!oomtext_scan_i64(&p, &out->pid) || *p != ' ')
			return US_NONE;
		p++;
		oomtext_copy(out->comm, sizeof(out->comm), p, strlen(p));
		oomtext_copy(out->u.signal, sizeof(out->u.signal), "SIGKILL", 7);
	} else {
		return US_NONE;
	}
	if (st->earlyoom_dryrun) {         /* "dryrun, not actually sending any signal" */
		st->earlyoom_dryrun = false;
		return US_NONE;
	}
	oomtext_copy(out->u.reason, sizeof(out->u.reason), st->earlyoom_reason,
		  strlen(st->earlyoom_reason));
	out->u.mem_avail_pct_x100 = st->earlyoom_mem_pct;
	out->u.swap_free_pct_x100 = st->earlyoom_swap_pct;
	return US_KILL;
}

/* ---- nohang ---- */

static enum us_what parse_nohang(struct us_state *st, const char *line, struct us_record *out)
{
	const char *msg = oomtext_skip_ws(line);
	int64_t n;

	if (st->nohang_reason_next) {
		st->nohang_reason_next = false;
		if (msg != line) {
			oomtext_copy(st->nohang_reason, sizeof(st->nohang_reason), msg, strlen(msg));
			return US_NONE;
		}
	}
	if (oomtext_starts(msg, "Memory status that requires corrective actions")) {
		st->nohang_reason_next = true;
		return US_NONE;
	}
	if (oomtext_starts(msg, "Victim status")) {
		st->nohang_pid = st->nohang_uid = st->nohang_rss_kib = st->nohang_badness = OOM_UNSET;
		st->nohang_name[0] = '\0';
		return US_NONE;
	}
	if (oomtext_starts(msg, "PID:")) {
		const char *q = msg + 4;
		if (oomtext_scan_i64(&q, &n))
			st->nohang_pid = n;
		const char *nm = strstr(q, ", name: ");
		if (!nm)
			nm = strstr(q, ", Name: ");
		if (nm) {
			nm += 8;
			const char *e = strstr(nm, ", state: ");
			if (!e)
				e = strstr(nm, ", badness: ");
			oomtext_copy(st->nohang_name, sizeof(st->nohang_name), nm, e ? (size_t)(e - nm) : strlen(nm));
		}
		if (oomtext_find_num(q, "EUID: ", &n))
			st->nohang_uid = n;
		if (oomtext_find_num(q, "badness: ", &n))
			st->nohang_badness = n;
		return US_NONE;
	}
	if (oomtext_starts(msg, "Name:")) {
		const char *nm = oomtext_skip_ws(msg + 5);
		oomtext_copy(st->nohang_name, sizeof(st->nohang_name), nm, strlen(nm));
		return US_NONE;
	}
	if (oomtext_starts(msg, "EUID:")) {
		const char *q = msg + 5;
		if (oomtext_scan_i64(&q, &n))
			st->nohang_uid = n;
		return US_NONE;
	}
	if (oomtext_starts(msg, "badness:")) {
		const char *q = msg + 8;
		if (oomtext_scan_i64(&q, &n))
			st->nohang_badness = n;
		return US_NONE;
	}
	if (oomtext_starts(msg, "Vm, MiB:") && oomtext_find_num(msg, "RSS: ", &n)) {
		st->nohang_rss_kib = n * 1024;
		return US_NONE;
	}
	if (oomtext_starts(msg, "VmRSS:") || oomtext_starts(msg, "Victim VmRSS:")) {
		const char *q = strchr(msg, ':') + 1;
		if (oomtext_scan_i64(&q, &n))
			st->nohang_rss_kib = strstr(q, "MiB") ? n * 1024 : n;
		return US_NONE;
	}
	const char *send = NULL;
	if (oomtext_starts(msg, "Sending SIG"))
		send = msg + 8;
	else if (oomtext_starts(msg, "Send SIG"))
		send = msg + 5;
	if (!send || !strstr(send, " to the victim"))
		return US_NONE;
	rec_init(out, "nohang");
	signal_text(out->u.signal, sizeof(out->u.signal), send);
	out->pid = st->nohang_pid;
	oomtext_copy(out->comm, sizeof(out->comm), st->nohang_name, strlen(st->nohang_name));
	out->u.uid = st->nohang_uid;
	out->u.rss_kib = st->nohang_rss_kib;
	out->u.badness = st->nohang_badness;
	oomtext_copy(out->u.reason, sizeof(out->u.reason), st->nohang_reason, strlen(st->nohang_reason));
	return US_KILL;
}

/* ---- Facebook oomd ---- */

static enum us_what parse_fb_oomd(struct us_state *st, const char *line, struct us_record *out)
{
	const char *msg = line, *p;
	int64_t n;

	/* "[../src/oomd/plugins/BaseKillPlugin.cpp:665] " (and a time before it) */
	if ((p = strstr(line, "] ")) != NULL && strchr(line, '[') && strchr(line, '[') < p)
		msg = p + 2;
	if (oomtext_starts(msg, "Picked \"")) {
		const char *close = strstr(msg + 8, "\" (");
		if (!close)
			return US_NONE;
		oomtext_copy(st->oomd_cgroup, sizeof(st->oomd_cgroup), msg + 8, (size_t)(close - msg - 8));
		p = close + 3;
		st->oomd_usage_kib = oomtext_scan_i64(&p, &n) && oomtext_starts(p, "MB)") ? n * 1024 : OOM_UNSET;
		const char *based = strstr(msg, ") based on ");
		oomtext_copy(st->oomd_reason, sizeof(st->oomd_reason), based ? based + 11 : "",
			  based ? strlen(based + 11) : 0);
		return US_NONE;
	}
	if (oomtext_starts(msg, "Failed to kill cgroup ")) {
		rec_init(out, "oomd");
		p = msg + 22;
		const char *e = strstr(p, ": ");
		oomtext_copy(out->u.cgroup, sizeof(out->u.cgroup), p, e ? (size_t)(e - p) : strlen(p));
		oomtext_copy(out->u.reason, sizeof(out->u.reason), st->oomd_reason, strlen(st->oomd_reason));
		out->u.failed = true;
		out->u.processes_killed = 0;
		return US_KILL;
	}
	if (!oomtext_starts(msg, "Killed "))
		return US_NONE;
	p = msg + 7;
	if (!oomtext_scan_i64(&p, &n) || *p != ':')
		return US_NONE;
	rec_init(out, "oomd");
	out->u.processes_killed = n;
	oomtext_copy(out->u.signal, sizeof(out->u.signal), "SIGKILL", 7);
	oomtext_copy(out->u.cgroup, sizeof(out->u.cgroup), st->oomd_cgroup, strlen(st->oomd_cgroup));
	oomtext_copy(out->u.reason, sizeof(out->u.reason), st->oomd_reason, strlen(st->oomd_reason));
	out->u.rss_kib = st->oomd_usage_kib;
	/* " 123(comm) 456(comm)[E3]": the first process is the victim */
	p++;
	int64_t pid;
	if (oomtext_scan_i64(&p, &pid)) {
		out->pid = pid;
		if (*p == '(') {
			const char *close = strstr(p, ") ");
			if (!close)
				close = strrchr(p, ')');
			if (close && close > p)
				oomtext_copy(out->comm, sizeof(out->comm), p + 1, (size_t)(close - p - 1));
		}
	}
	if (n == 0)
		out->u.failed = true;
	return US_KILL;
}

/* ---- Android lmkd ---- */

static enum us_what parse_lmkd(const char *msg, struct us_record *out)
{
	const char *p, *close;
	int64_t n;

	if (!oomtext_starts(msg, "Kill '"))
		return US_NONE;
	close = oomtext_find_last(msg + 6, "' (");
	if (!close)
		return US_NONE;
	rec_init(out, "lmkd");
	oomtext_copy(out->comm, sizeof(out->comm), msg + 6, (size_t)(close - msg - 6));
	p = close + 3;
	if (oomtext_scan_i64(&p, &n))
		out->pid = n;
	if (oomtext_find_num(p, "uid ", &n))
		out->u.uid = n;
	if (oomtext_find_num(p, "oom_score_adj ", &n) || oomtext_find_num(p, "oom_adj ", &n))
		out->u.oom_score_adj = n;
	if (oomtext_find_num(p, "to free ", &n))
		out->u.rss_kib = n;
	const char *sw = strstr(p, "kB rss, ");
	if (sw) {
		const char *q = sw + 8;
		if (oomtext_scan_i64(&q, &n))
			out->u.swap_kib = n;
	}
	const char *reason = strstr(p, "reason: ");
	if (reason)
		oomtext_copy(out->u.reason, sizeof(out->u.reason), reason + 8, strlen(reason + 8));
	oomtext_copy(out->u.signal, sizeof(out->u.signal), "SIGKILL", 7);
	return US_KILL;
}

bool us_parse_kernel_lmk(const char *line, struct us_record *out)
{
	const char *p;
	int64_t n;

	if (!oomtext_starts(line, "lowmemorykiller: "))
		return false;
	line += 17;
	if (oomtext_starts(line, "Killing '")) {             /* 3.10-4.12 staging driver */
		const char *close = oomtext_find_last(line + 9, "' (");
		if (!close)
			return false;
		rec_init(out, "lowmemorykiller");
		oomtext_copy(out->comm, sizeof(out->comm), line + 9, (size_t)(close - line - 9));
		p = close + 3;
		if (oomtext_scan_i64(&p, &n))
			out->pid = n;
		if (oomtext_find_num(p, "adj ", &n))
			out->u.oom_score_adj = n;
		if (oomtext_find_num(p, "to free ", &n))
			out->u.rss_kib = n;
	} else if (oomtext_starts(line, "send sigkill to ")) { /* 3.0-3.9 */
		p = line + 16;
		rec_init(out, "lowmemorykiller");
		if (!oomtext_scan_i64(&p, &n))
			return false;
		out->pid = n;
		p = oomtext_skip_ws(p);
		const char *close = oomtext_find_last(p, "), adj ");
		if (*p != '(' || !close)
			return false;
		oomtext_copy(out->comm, sizeof(out->comm), p + 1, (size_t)(close - p - 1));
		if (oomtext_find_num(close, "adj ", &n))
			out->u.oom_score_adj = n;
	} else {
		return false;
	}
	oomtext_copy(out->u.signal, sizeof(out->u.signal), "SIGKILL", 7);
	out->what = US_KILL;
	return true;
}

/* ---- oomguard's own daemon ---- */

static enum us_what parse_oomguard(const char *msg, struct us_record *out)
{
	const char *p;
	int64_t n;

	if (oomtext_starts(msg, "oomguard: "))         /* its stderr form, captured by journald */
		msg += 10;
	if (oomtext_starts(msg, "warning: "))
		msg += 9;
	if (!oomtext_starts(msg, "sent SIG"))
		return US_NONE;                    /* "would send" is a dry run */
	rec_init(out, "oomguard");
	signal_text(out->u.signal, sizeof(out->u.signal), msg + 5);
	p = strstr(msg, " to ");
	if (!p)
		return US_NONE;
	p += 4;
	if (!oomtext_scan_i64(&p, &out->pid) || !oomtext_starts(p, " ("))
		return US_NONE;
	p += 1;
	const char *close = oomtext_find_last(p, ") uid ");
	if (!close)
		return US_NONE;
	oomtext_copy(out->comm, sizeof(out->comm), p + 1, (size_t)(close - p - 1));
	p = close + 6;
	if (oomtext_scan_i64(&p, &n))
		out->u.uid = n;
	if (oomtext_starts(p, " and its cgroup") || oomtext_starts(p, " and its process group"))
		p = strchr(p, ':') ? strchr(p, ':') : p + strlen(p);
	if (*p == ':') {
		p = oomtext_skip_ws(p + 1);
		const char *e = strchr(p, ';');
		oomtext_copy(out->u.reason, sizeof(out->u.reason), p, e ? (size_t)(e - p) : strlen(p));
	}
	if ((p = strstr(msg, "; rss ")) != NULL) {
		const char *q = p + 6;
		if (oomtext_scan_i64(&q, &n))
			out->u.rss_kib = n * 1024;
		if (oomtext_find_num(q, "swap ", &n))
			out->u.swap_kib = n * 1024;
		if (oomtext_find_num(q, " adj ", &n))
			out->u.oom_score_adj = n;
	}
	if (strstr(msg, "; failed"))
		out->u.failed = true;
	return US_KILL;
}

enum us_what us_parse_line(struct us_state *st, const char *tag, size_t tag_len, const char *msg,
			   struct us_record *out)
{
	enum us_what w = US_NONE;

	if (tag_is(tag, tag_len, "systemd-oomd"))
		w = parse_oomd_systemd(msg, out);
	else if (tag_is(tag, tag_len, "systemd"))
		w = parse_systemd(msg, out);
	else if (tag_is(tag, tag_len, "earlyoom"))
		w = parse_earlyoom(st, msg, out);
	else if (tag_is(tag, tag_len, "nohang") || tag_is(tag, tag_len, "nohang-desktop"))
		w = parse_nohang(st, msg, out);
	else if (tag_is(tag, tag_len, "oomd"))
		w = parse_fb_oomd(st, msg, out);
	else if (tag_is(tag, tag_len, "lmkd") || tag_is(tag, tag_len, "lowmemorykiller"))
		w = parse_lmkd(msg, out);
	else if (tag_is(tag, tag_len, "oomguard"))
		w = parse_oomguard(msg, out);
	if (w != US_NONE)
		out->what = w;
	return w;
}

static const char *const us_killer_names[US_KILLER_COUNT] = {
	"systemd-oomd", "earlyoom", "nohang", "oomd", "lmkd",
};

const char *us_killer_name(enum us_killer k)
{
	return (unsigned)k < US_KILLER_COUNT ? us_killer_names[k] : "unknown";
}

int us_count_kill(struct us_state *st, const char *tag, size_t tag_len, const char *msg)
{
	struct us_record rec;
	if (!tag || !msg || us_parse_line(st, tag, tag_len, msg, &rec) != US_KILL || rec.u.failed)
		return -1;
	const char *k = rec.u.killer;
	if (strcmp(k, "lowmemorykiller") == 0)
		k = "lmkd";
	for (int i = 0; i < US_KILLER_COUNT; i++)
		if (strcmp(k, us_killer_names[i]) == 0)
			return i;
	return -1;   /* oomguard's own */
}
