/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target for lib/policy/daemon_event_read: arbitrary bytes as one event-log line, as
 * each of its lines, and as a kill snapshot.  Whatever parses must survive the round trip through
 * the daemon's own writer: parse(write(parse(x))) succeeds and keeps every field that is not a
 * floating-point number (those are written with 6 digits). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/policy/daemon_event.h"
#include "lib/policy/daemon_event_read.h"
#include "lib/util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_proc(const struct event_proc *a, const struct event_proc *b)
{
	if (a->pid != b->pid || a->uid != b->uid || strcmp(a->comm, b->comm) || strcmp(a->cgroup, b->cgroup) ||
	    strcmp(a->cmdline, b->cmdline) || strcmp(a->unit, b->unit) || a->rss_kib != b->rss_kib ||
	    a->points != b->points || a->score != b->score || a->oom_score_adj != b->oom_score_adj)
		__builtin_trap();
}

static void round_trip(const struct daemon_event *ev)
{
	struct daemon_event back;
	struct strbuf sb;
	char err[256], id[DAEMON_EVENT_ID_LEN + 1];

	strbuf_init(&sb);
	daemon_event_json(ev, &sb);
	if (sb.failed || daemon_event_parse(sb.buf, sb.len, &back, err, sizeof(err)) != 0)
		__builtin_trap();
	if (back.kind != ev->kind || daemon_event_time_us(&back) != daemon_event_time_us(ev) ||
	    back.has_victim != ev->has_victim || back.outcome != ev->outcome ||
	    strcmp(back.message, ev->message) || strcmp(back.snapshot, ev->snapshot))
		__builtin_trap();
	if (ev->has_victim)
		check_proc(&ev->victim, &back.victim);
	daemon_event_id(ev, id);
	if (strlen(id) != DAEMON_EVENT_ID_LEN)
		__builtin_trap();
	daemon_event_summary(ev, err, sizeof(err));
	strbuf_free(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct daemon_snapshot snap;
	struct daemon_event ev;
	char err[256];
	const char *text = (const char *)data;

	if (daemon_event_parse(text, size, &ev, err, sizeof(err)) == 0)
		round_trip(&ev);
	else if (!err[0])
		__builtin_trap();   /* every rejection says why */
	for (size_t start = 0; start < size;) {
		const char *nl = memchr(text + start, '\n', size - start);
		size_t len = nl ? (size_t)(nl - (text + start)) : size - start;
		if (len && daemon_event_parse(text + start, len, &ev, err, sizeof(err)) == 0)
			round_trip(&ev);
		start += len + 1;
	}
	if (daemon_snapshot_parse(text, size, &snap, err, sizeof(err)) == 0) {
		round_trip(&snap.ev);
		if (snap.n_top > SNAPSHOT_MAX_TOP || snap.n_meminfo > SNAPSHOT_MAX_MEMINFO)
			__builtin_trap();
		(void)snapshot_meminfo(&snap, "MemTotal");
	}
	return 0;
}
