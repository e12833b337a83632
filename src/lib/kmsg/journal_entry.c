/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Journal entry fields -> log_record (see journal_entry.h). */
#include "lib/kmsg/journal_entry.h"

#include <string.h>

#include "lib/kmsg/killer_tags.h"

void journal_entry_start(struct journal_entry *e, int64_t realtime_us)
{
	e->rec = (struct log_record){
		.realtime_us = realtime_us, .monotonic_us = LOG_TIME_UNKNOWN, .host = "",
		.origin = LOG_ORIGIN_JOURNAL, .kernel_proven = true, .level = -1, .source = "journal",
	};
	e->have_msg = false;
	e->tag_len = 0;
	e->origin = (struct journal_origin){ 0 };
}

/* A decimal field value, or LOG_TIME_UNKNOWN (also for an empty or over-long one). */
static int64_t digits(const char *v, size_t l)
{
	if (l == 0 || l > 18)
		return LOG_TIME_UNKNOWN;
	int64_t n = 0;
	for (size_t i = 0; i < l; i++) {
		if (v[i] < '0' || v[i] > '9')
			return LOG_TIME_UNKNOWN;
		n = n * 10 + (v[i] - '0');
	}
	return n;
}

/* A field that may repeat: the kernel's only while every value is. */
static void vote(signed char *state, const char *v, size_t l, const char *kernel)
{
	bool is = l == strlen(kernel) && memcmp(v, kernel, l) == 0;
	if (*state >= 0)
		*state = is ? 1 : -1;
}

void journal_origin_field(struct journal_origin *o, const char *name, size_t name_len,
			  const char *value, size_t value_len)
{
	if (name_len == 10 && memcmp(name, "_TRANSPORT", 10) == 0)
		vote(&o->transport, value, value_len, "kernel");
	else if (name_len == 15 && memcmp(name, "SYSLOG_FACILITY", 15) == 0)
		vote(&o->facility, value, value_len, "0");
}

bool journal_origin_is_kernel(const struct journal_origin *o)
{
	return o->transport == 1 && o->facility == 1;
}

void journal_entry_field(struct journal_entry *e, const void *data, size_t len)
{
	const char *d = data, *eq = memchr(d, '=', len);
	if (!eq)
		return;
	size_t nl = (size_t)(eq - d), vl = len - nl - 1;
	const char *v = eq + 1;
#define IS(name) (nl == sizeof(name) - 1 && memcmp(d, name, nl) == 0)
	if (IS("MESSAGE")) {
		e->rec.msg_len = vl < sizeof(e->msg) ? vl : sizeof(e->msg);
		memcpy(e->msg, v, e->rec.msg_len);
		e->rec.msg = e->msg;
		e->have_msg = true;
	} else if (IS("_HOSTNAME")) {
		e->rec.host_len = vl < sizeof(e->host) ? vl : sizeof(e->host) - 1;
		memcpy(e->host, v, e->rec.host_len);
		e->host[e->rec.host_len] = '\0';
		e->rec.host = e->host;
	} else if (IS("_SOURCE_MONOTONIC_TIMESTAMP")) {
		e->rec.monotonic_us = digits(v, vl);
	} else if (IS("SYSLOG_IDENTIFIER")) {
		e->tag_len = vl < sizeof(e->tag) ? vl : 0;
		memcpy(e->tag, v, e->tag_len);
	} else if (IS("PRIORITY")) {
		int64_t prio = digits(v, vl);
		e->rec.level = prio >= 0 && prio <= 7 ? (int)prio : -1;
	} else {
		journal_origin_field(&e->origin, d, nl, v, vl);
	}
#undef IS
}

const struct log_record *journal_entry_record(const struct journal_entry *e)
{
	if (!e->have_msg)
		return NULL;
	if (journal_origin_is_kernel(&e->origin))
		return &e->rec;
	if (!e->tag_len || e->origin.transport == 1 || !killer_tag_known(e->tag, e->tag_len))
		return NULL;
	/* a program's entry: the record is a userspace killer's, never the kernel's */
	struct log_record *r = (struct log_record *)&e->rec;
	r->kernel_proven = false;
	r->tag = e->tag;
	r->tag_len = e->tag_len;
	return r;
}
