/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target for lib/policy/trace and the replay and lead-up that read it: arbitrary bytes
 * as trace lines.  Whatever parses must survive the writer's round trip (a sample written again
 * reads back with the same counters and names), and every line streams through all four
 * policies and the lead-up without a fault. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/policy/daemon_config.h"
#include "lib/policy/leadup.h"
#include "lib/policy/replay.h"
#include "lib/policy/trace.h"
#include "lib/util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct trace_sample s, back;
static struct trace_header h, hb;
static struct trace_event e, eb;

static void round_trip(int kind)
{
	struct strbuf sb;
	char err[160];
	strbuf_init(&sb);
	if (kind == TRACE_LINE_SAMPLE)
		trace_write_sample(&sb, &s);
	else if (kind == TRACE_LINE_HEADER)
		trace_write_header(&sb, &h);
	else
		trace_write_event(&sb, &e);
	if (sb.failed || trace_parse_line(sb.buf, sb.len - 1, &hb, &back, &eb, err, sizeof(err)) != kind)
		__builtin_trap();
	if (kind == TRACE_LINE_SAMPLE &&
	    (back.t_ms != s.t_ms || back.avail_kib != s.avail_kib || back.oom_kill != s.oom_kill ||
	     back.n_procs != s.n_procs || back.n_growers != s.n_growers ||
	     back.procs_skipped != s.procs_skipped || back.n_cgroup_psi != s.n_cgroup_psi ||
	     (s.n_cgroup_psi && (back.cgroup_psi[0].present != s.cgroup_psi[0].present ||
				 back.cgroup_psi[0].pgscan != s.cgroup_psi[0].pgscan)) ||
	     (s.n_procs && strcmp(back.procs[0].comm, s.procs[0].comm))))
		__builtin_trap();
	if (kind == TRACE_LINE_HEADER &&
	    (strcmp(hb.scope, h.scope) || hb.n_psi_cgroups != h.n_psi_cgroups || hb.near_ms != h.near_ms ||
	     (h.n_psi_cgroups && strcmp(hb.psi_cgroups[0], h.psi_cgroups[0]))))
		__builtin_trap();
	if (kind == TRACE_LINE_EVENT && strcmp(eb.kind, e.kind))
		__builtin_trap();
	strbuf_free(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct daemon_config cfg;
	static bool have_cfg;
	char err[160];
	if (!have_cfg) {
		daemon_config_defaults(&cfg);
		daemon_config_finish(&cfg, err, sizeof(err));
		have_cfg = true;
	}
	static const char *specs[] = { "oomguard", "earlyoom", "nohang", "systemd-oomd" };
	struct replay_policy p[4];
	struct replay_state st[4];
	struct leadup lu;
	for (int i = 0; i < 4; i++) {
		replay_policy_parse(&p[i], specs[i], NULL, 0, err, sizeof(err));
		p[i].cfg = &cfg;
	}
	memset(&h, 0, sizeof(h));
	for (int i = 0; i < 4; i++)
		replay_begin(&st[i], &p[i], &h);
	leadup_init(&lu);
	const char *text = (const char *)data, *end = text + size;
	while (text < end) {
		const char *nl = memchr(text, '\n', (size_t)(end - text));
		size_t len = nl ? (size_t)(nl - text) : (size_t)(end - text);
		int kind = trace_parse_line(text, len, &h, &s, &e, err, sizeof(err));
		if (kind >= 0)
			round_trip(kind);
		if (kind == TRACE_LINE_SAMPLE) {
			for (int i = 0; i < 4; i++)
				replay_feed_sample(&st[i], &s);
			leadup_feed_sample(&lu, &s);
		} else if (kind == TRACE_LINE_EVENT) {
			for (int i = 0; i < 4; i++)
				replay_feed_event(&st[i], &e);
			leadup_feed_event(&lu, &e);
		}
		text += len + (nl ? 1 : 0);
	}
	struct replay_outcome o;
	for (int i = 0; i < 4; i++)
		replay_end(&st[i], &o);
	if (leadup_finish(&lu)) {
		struct strbuf sb;
		strbuf_init(&sb);
		leadup_curve_text(&lu, &sb);
		strbuf_free(&sb);
	}
	return 0;
}
