/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The JSON form of the daemon's records (doc/daemon-events-json.md): one line per action for the
 * event log, one document per kill snapshot.  Pure formatting into a strbuf the caller sized;
 * unknown measurements (NaN, UINT64_MAX) are written as null. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/policy/daemon_event.h"
#include "lib/procfs/psi_json.h"
#include "lib/util/json.h"
#include "lib/util/strbuf.h"

static const char *const kind_names[] = { "kill", "action", "start", "stop", "reload", "error" };
static const char *const outcome_names[] = { "none", "dry-run", "sent", "exited", "escalated",
					     "gone", "failed", "timeout" };

const char *event_kind_name(enum event_kind k)
{
	return (unsigned)k < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[k] : "?";
}

const char *event_outcome_name(enum event_outcome o)
{
	return (unsigned)o < sizeof(outcome_names) / sizeof(outcome_names[0]) ? outcome_names[o] : "?";
}

const char *signal_name(int sig)
{
	switch (sig) {
	case 9: return "SIGKILL";
	case 15: return "SIGTERM";
	case 1: return "SIGHUP";
	case 2: return "SIGINT";
	case 10: return "SIGUSR1";
	case 12: return "SIGUSR2";
	default: return "signal";
	}
}

static void kv_text(struct json *j, const char *key, const char *s, size_t cap)
{
	json_key(j, key);
	json_strn(j, s, strnlen(s, cap));
}

void event_time_iso(const struct timespec *ts, char *buf, size_t cap)
{
	struct tm tm;
	time_t t = ts->tv_sec;
	gmtime_r(&t, &tm);
	snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts->tv_nsec / 1000000);
}

static void proc_json(struct json *j, const struct event_proc *p)
{
	json_obj_begin(j);
	json_kv_int(j, "pid", p->pid);
	json_kv_uint(j, "uid", p->uid);
	kv_text(j, "comm", p->comm, sizeof(p->comm));
	kv_text(j, "cmdline", p->cmdline, sizeof(p->cmdline));
	kv_text(j, "cgroup", p->cgroup, sizeof(p->cgroup));
	kv_text(j, "unit", p->unit, sizeof(p->unit));
	json_kv_int(j, "oom_score", p->oom_score);
	json_kv_int(j, "oom_score_adj", p->oom_score_adj);
	json_kv_uint(j, "rss_kb", p->rss_kib);
	json_kv_uint(j, "swap_kb", p->swap_kib);
	json_kv_uint(j, "pgtables_kb", p->pgtables_kib);   /* the name top and explain use */
	json_kv_uint(j, "pte_kb", p->pgtables_kib);        /* the same: the name of 0.1's schema */
	json_key(j, "badness");
	json_obj_begin(j);
	json_kv_int(j, "rss", p->rss_points);
	json_kv_int(j, "swap", p->swap_points);
	json_kv_int(j, "pgtables", p->pgtables_points);
	json_kv_int(j, "adj", p->adj_points);
	json_kv_int(j, "points", p->points);
	json_obj_end(j);
	json_kv_int(j, "rule_delta", p->rule_delta);
	json_kv_int(j, "score", p->score);
	if (p->cgroup_truncated)
		json_kv_bool(j, "cgroup_truncated", true);
	if (p->cmdline_truncated)
		json_kv_bool(j, "cmdline_truncated", true);
	json_obj_end(j);
}

static void trigger_json(struct json *j, const struct event_trigger *t)
{
	json_obj_begin(j);
	kv_text(j, "reason", t->reason, sizeof(t->reason));
	kv_text(j, "cgroup", t->cgroup, sizeof(t->cgroup));
	json_kv_uint_or_null(j, "mem_total_kib", t->mem_total_kib);
	json_kv_uint_or_null(j, "mem_available_kib", t->mem_available_kib);
	json_kv_double(j, "mem_available_pct", t->mem_available_pct);
	json_kv_uint_or_null(j, "swap_total_kib", t->swap_total_kib);
	json_kv_uint_or_null(j, "swap_free_kib", t->swap_free_kib);
	json_kv_double(j, "swap_free_pct", t->swap_free_pct);
	json_kv_uint_or_null(j, "mem_term_kib", t->mem_term_kib);
	json_kv_uint_or_null(j, "mem_kill_kib", t->mem_kill_kib);
	json_kv_uint_or_null(j, "swap_term_kib", t->swap_term_kib);
	json_kv_uint_or_null(j, "swap_kill_kib", t->swap_kill_kib);
	json_kv_double(j, "psi_some_avg10", t->psi_some_avg10);
	json_kv_double(j, "psi_full_avg10", t->psi_full_avg10);
	json_kv_double(j, "fill_rate_kib_s", t->fill_rate_kib_s);
	json_kv_double(j, "time_to_exhaustion_s", t->time_to_exhaustion_s);
	json_obj_end(j);
}

static void event_body(struct json *j, const struct daemon_event *ev)
{
	char when[40];

	event_time_iso(&ev->time, when, sizeof(when));
	json_kv_str(j, "time", when);
	json_kv_uint(j, "time_us", (uint64_t)ev->time.tv_sec * 1000000u + (uint64_t)ev->time.tv_nsec / 1000u);
	json_kv_str(j, "event", event_kind_name(ev->kind));
	json_kv_bool(j, "dry_run", ev->dry_run);
	if (ev->kind == EVENT_KILL || ev->kind == EVENT_ACTION || ev->kind == EVENT_ERROR) {
		json_key(j, "trigger");
		trigger_json(j, &ev->trigger);
	}
	if (ev->has_victim) {
		json_key(j, "victim");
		proc_json(j, &ev->victim);
		json_kv_str(j, "scope", kill_scope_name(ev->scope));
	}
	if (ev->kind == EVENT_KILL) {
		json_key(j, "signal");
		if (ev->signal > 0)
			json_str(j, signal_name(ev->signal));
		else
			json_null(j);
	}
	json_kv_str(j, "outcome", event_outcome_name(ev->outcome));
	if (ev->outcome == OUTCOME_FAILED) {
		json_kv_int(j, "errno", -ev->error);
		json_kv_str(j, "error", strerror(ev->error < 0 ? -ev->error : ev->error));
	}
	if (ev->kind == EVENT_KILL || ev->kind == EVENT_ACTION) {
		json_kv_uint_or_null(j, "recovered_kib", ev->recovered_kib);
		json_kv_uint(j, "wait_ms", ev->wait_ms);
	}
	if (ev->message[0])
		kv_text(j, "message", ev->message, sizeof(ev->message));
	if (ev->snapshot[0])
		kv_text(j, "snapshot", ev->snapshot, sizeof(ev->snapshot));
}

void daemon_event_json(const struct daemon_event *ev, struct strbuf *out)
{
	struct json j;

	json_init(&j, out);
	json_obj_begin(&j);
	event_body(&j, ev);
	json_obj_end(&j);
	strbuf_addc(out, '\n');
}

/* "Key:   123 kB" lines as {"Key": 123}; values in kB (or pages/counts where the kernel has no unit). */
static void keyed_numbers_json(struct json *j, const char *text, char sep)
{
	const char *p = text;

	json_obj_begin(j);
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);
		const char *k = p, *s = memchr(p, sep, (size_t)(end - p));
		if (s && s > k) {
			const char *v = s + 1;
			while (v < end && (*v == ' ' || *v == '\t'))
				v++;
			unsigned long long n = 0;
			bool digits = false;
			while (v < end && *v >= '0' && *v <= '9') {
				n = n * 10 + (unsigned long long)(*v++ - '0');
				digits = true;
			}
			if (digits) {
				char key[64];
				size_t kl = (size_t)(s - k) < sizeof(key) - 1 ? (size_t)(s - k) : sizeof(key) - 1;
				memcpy(key, k, kl);
				key[kl] = '\0';
				json_kv_uint(j, key, n);
			}
		}
		p = nl ? nl + 1 : NULL;
	}
	json_obj_end(j);
}

void kill_snapshot_json(const struct daemon_event *ev, const struct kill_snapshot *snap, struct strbuf *out)
{
	struct json j;
	struct psi psi;

	json_init(&j, out);
	json_obj_begin(&j);
	json_kv_str(&j, "schema", "oomguard-kill-snapshot/1");
	event_body(&j, ev);
	json_key(&j, "meminfo_kb");
	if (snap->meminfo)
		keyed_numbers_json(&j, snap->meminfo, ':');
	else
		json_null(&j);
	bool psi_read = snap->psi && psi_parse(snap->psi, strlen(snap->psi), &psi) == 0;
	psi_json(&j, "psi_memory", psi_read ? &psi : NULL);
	if (snap->vmstat) {
		json_key(&j, "vmstat");
		keyed_numbers_json(&j, snap->vmstat, ' ');
	}
	json_key(&j, "top");
	json_arr_begin(&j);
	for (size_t i = 0; i < snap->n_top; i++)
		proc_json(&j, &snap->top[i]);
	json_arr_end(&j);
	json_obj_end(&j);
	strbuf_addc(out, '\n');
}

/* Length of a valid UTF-8 sequence at p (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t need = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 && p[0] < 0xe0 ? 2 : 0;
	if (!need || need > n)
		return 0;
	for (size_t i = 1; i < need; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return need;
}

const char *text_escape_fixed(char *dst, size_t cap, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), o = 0;

	if (!cap)
		return dst;
	for (size_t i = 0; i < n;) {
		char tmp[4];
		const char *add = tmp;
		size_t al;
		size_t u = p[i] >= 0x80 ? utf8_len(p + i, n - i) : 0;
		if (u) {
			add = (const char *)p + i;
			al = u;
		} else if (p[i] == '\n') {
			add = "\\n", al = 2;
		} else if (p[i] == '\t') {
			add = "\\t", al = 2;
		} else if (p[i] == '\\') {
			add = "\\\\", al = 2;
		} else if (p[i] < 0x20 || p[i] >= 0x7f) {
			tmp[0] = '\\', tmp[1] = 'x', tmp[2] = hex[p[i] >> 4], tmp[3] = hex[p[i] & 15];
			al = 4;
		} else {
			tmp[0] = (char)p[i];
			al = 1;
		}
		if (o + al + 1 > cap) {
			if (cap > 4) {
				while (o + 4 > cap)
					o--;
				memcpy(dst + o, "...", 3);
				o += 3;
			}
			break;
		}
		memcpy(dst + o, add, al);
		o += al;
		i += u ? u : 1;
	}
	dst[o < cap ? o : cap - 1] = '\0';
	return dst;
}

/* Appends to buf at *len, never past cap. */
static void addf(char *buf, size_t cap, size_t *len, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void addf(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
	va_list ap;
	if (*len >= cap)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(buf + *len, cap - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len = *len + (size_t)n < cap ? *len + (size_t)n : cap - 1;
}

static double mib(uint64_t kib)
{
	return (double)kib / 1024.0;
}

void daemon_event_summary(const struct daemon_event *ev, char *buf, size_t cap)
{
	char comm[80], text[300];
	const struct event_trigger *t = &ev->trigger;
	const struct event_proc *v = &ev->victim;
	size_t len = 0;

	if (!cap)
		return;
	buf[0] = '\0';
	switch (ev->kind) {
	case EVENT_KILL:
		text_escape_fixed(comm, sizeof(comm), v->comm);
		addf(buf, cap, &len, "%s %s to %d (%s) uid %u%s", ev->dry_run ? "would send" : "sent",
		     signal_name(ev->signal), (int)v->pid, comm, (unsigned)v->uid,
		     ev->scope == KILL_PROCESS ? "" : ev->scope == KILL_PROCESS_GROUP ? " and its process group" :
		     " and its cgroup");
		break;
	case EVENT_ACTION:
		text_escape_fixed(comm, sizeof(comm), v->comm);
		addf(buf, cap, &len, "%s the rule command for %d (%s) uid %u", ev->dry_run ? "would run" : "ran",
		     (int)v->pid, comm, (unsigned)v->uid);
		break;
	case EVENT_START: addf(buf, cap, &len, "started"); break;
	case EVENT_STOP: addf(buf, cap, &len, "stopped"); break;
	case EVENT_RELOAD: addf(buf, cap, &len, "configuration reloaded"); break;
	case EVENT_ERROR: addf(buf, cap, &len, "error"); break;
	}
	if (t->reason[0] && (ev->kind == EVENT_KILL || ev->kind == EVENT_ACTION || ev->kind == EVENT_ERROR)) {
		text_escape_fixed(text, sizeof(text), t->reason);
		addf(buf, cap, &len, ": %s", text);
		if (t->mem_available_kib != UINT64_MAX)
			addf(buf, cap, &len, ", MemAvailable %.0f MiB (%.1f%%)", mib(t->mem_available_kib), t->mem_available_pct);
		if (t->swap_total_kib != UINT64_MAX && t->swap_total_kib > 0 && t->swap_free_kib != UINT64_MAX)
			addf(buf, cap, &len, ", SwapFree %.0f MiB (%.1f%%)", mib(t->swap_free_kib), t->swap_free_pct);
		if (t->psi_full_avg10 == t->psi_full_avg10)
			addf(buf, cap, &len, ", PSI full avg10 %.1f%%", t->psi_full_avg10);
		if (t->time_to_exhaustion_s == t->time_to_exhaustion_s)
			addf(buf, cap, &len, ", exhausted in %.1f s", t->time_to_exhaustion_s);
	}
	if (ev->has_victim) {     /* oom_score -1: not read (a victim SIGKILLed at once) */
		addf(buf, cap, &len, "; rss %.0f MiB swap %.0f MiB", mib(v->rss_kib), mib(v->swap_kib));
		if (v->oom_score >= 0)
			addf(buf, cap, &len, " oom_score %d", v->oom_score);
		addf(buf, cap, &len, " adj %d", v->oom_score_adj);
	}
	if (ev->outcome != OUTCOME_NONE)
		addf(buf, cap, &len, "; %s", event_outcome_name(ev->outcome));
	if (ev->outcome == OUTCOME_FAILED)
		addf(buf, cap, &len, " (%s)", strerror(ev->error < 0 ? -ev->error : ev->error));
	if ((ev->kind == EVENT_KILL || ev->kind == EVENT_ACTION) && ev->recovered_kib != UINT64_MAX)
		addf(buf, cap, &len, ", recovered %.0f MiB in %u ms", mib(ev->recovered_kib), ev->wait_ms);
	if (ev->message[0]) {
		text_escape_fixed(text, sizeof(text), ev->message);
		addf(buf, cap, &len, "; %s", text);
	}
}
