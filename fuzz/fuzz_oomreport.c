/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target for lib/oomreport: arbitrary bytes become log lines (split at '\n'; a '\x1e'
 * byte keeps several lines in one record, like a multi-line /dev/kmsg message) fed to the
 * assembler from three hosts; every event is diagnosed, analysed and written as JSON, which must
 * parse back as one JSON value (lib/util/json_read).  Each line also checks that the assembler's
 * cheap prefilter never drops a line that could open a report.  A line led by a watched program's
 * name and ": " ("earlyoom: sending SIGTERM ...") is fed as that userspace killer's record; every
 * line is also read as a cgroup path (container_id). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/kmsg/killer_tags.h"
#include "lib/kmsg/logline.h"
#include "lib/oomreport/container_id.h"
#include "lib/oomreport/diagnose.h"
#include "lib/oomreport/gfp.h"
#include "lib/oomreport/oom_analysis.h"
#include "lib/oomreport/oom_assembler.h"
#include "lib/oomreport/oom_event.h"
#include "lib/oomreport/oom_event_json.h"
#include "lib/oomreport/oom_parse.h"
#include "lib/util/json.h"
#include "lib/util/json_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_event(struct oom_event *ev, void *userdata)
{
	struct oom_diagnosis d;
	struct strbuf sb;
	struct json j;

	(void)userdata;
	oom_diagnose(ev, &d);
	if (!oom_verdict_short(ev) || !d.verdict[0])
		__builtin_trap();
	strbuf_init(&sb);
	json_init(&j, &sb);
	oom_event_json(&j, ev, true);
	/* what the oomreport path writes must read back as one JSON value (the strict reader) */
	struct json_reader r;
	json_read_init(&r, sb.buf ? sb.buf : "", sb.len);
	if (!sb.failed && (!json_read_skip(&r) || !json_read_end(&r)))
		__builtin_trap();
	struct oom_analysis an;
	oom_analyse(ev, &an);
	if (!an.wmark.text[0] || !an.frag.text[0] || !an.swap.text[0] || !an.usage.text[0])
		__builtin_trap();
	strbuf_free(&sb);
	strbuf_init(&sb);
	json_init(&j, &sb);
	oom_analysis_json(&j, &an);
	json_read_init(&r, sb.buf ? sb.buf : "", sb.len);
	if (!sb.failed && (!json_read_skip(&r) || !json_read_end(&r)))
		__builtin_trap();
	strbuf_free(&sb);
	oom_event_free(ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const hosts[] = { "", "web1", "db2" };
	struct oom_assembler *a = oom_assembler_new(on_event, NULL);
	char buf[8192];
	size_t start = 0;
	uint64_t n = 0;

	if (!a)
		return 0;
	if (size >= 8) {
		uint64_t mask;
		char out[256];
		memcpy(&mask, data, sizeof(mask));
		gfp_decode_legacy(mask, out, sizeof(out));
	}
	while (start < size) {
		const uint8_t *nl = memchr(data + start, '\n', size - start);
		size_t len = nl ? (size_t)(nl - (data + start)) : size - start;
		size_t copy = len < sizeof(buf) ? len : sizeof(buf);
		struct log_record r;

		memcpy(buf, data + start, copy);
		/* the assembler's prefilter must pass every line the full checks would take */
		if (copy < sizeof(buf) && !oom_line_may_open(buf, copy)) {
			buf[copy] = '\0';
			if (oom_line_starts_report(buf) || oom_line_is_anchor(buf))
				__builtin_trap();
		}
		for (size_t i = 0; i < copy; i++)
			if (buf[i] == '\x1e')
				buf[i] = '\n';
		memset(&r, 0, sizeof(r));
		n++;
		r.msg = buf;
		r.msg_len = copy;
		r.host = hosts[(copy + n) % 3];
		r.host_len = strlen(r.host);
		r.kernel_proven = (n % 5) != 0;
		r.origin = r.kernel_proven ? LOG_ORIGIN_KMSG : LOG_ORIGIN_FILE;
		r.monotonic_us = (n % 7) ? (int64_t)(n * 1000) : LOG_TIME_UNKNOWN;
		r.realtime_us = (n % 11) ? (int64_t)(n * 700000) : LOG_TIME_UNKNOWN;
		r.source = "fuzz";
		r.line_no = n;
		const char *colon = memchr(buf, ':', copy < 24 ? copy : 24);
		if (colon && colon + 1 < buf + copy && colon[1] == ' ' &&
		    killer_tag_known(buf, (size_t)(colon - buf))) {
			r.tag = buf;
			r.tag_len = (size_t)(colon - buf);
			r.msg = colon + 2;
			r.msg_len = copy - (size_t)(colon + 2 - buf);
		}
		if (copy < sizeof(buf)) {
			struct oom_container c;
			buf[copy] = '\0';
			container_from_cgroup(buf, &c);
		}
		oom_assembler_feed(a, &r);
		if (n % 97 == 0)
			oom_assembler_idle(a);
		start += len + 1;
	}
	oom_assembler_flush(a);
	oom_assembler_free(a);
	return 0;
}
