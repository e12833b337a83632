/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target for the metrics side's pure code: other killers' log lines as the metrics
 * count them (lib/oomreport/userspace_kills) from arbitrary identifier/message bytes, and the
 * Prometheus exposition (lib/policy/metrics_text) of a struct filled from the input; every line written must be a
 * comment or "name{labels} value" with no byte of the input in it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/oomreport/userspace_kills.h"
#include "lib/policy/metrics_text.h"
#include "lib/util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t il = nul ? (size_t)(nul - data) : size / 2;
	const char *ident = (const char *)data, *msg = (const char *)data + il + (nul ? 1 : 0);
	size_t ml = size - il - (nul ? 1 : 0);
	char text[512];
	struct us_state st;
	us_state_init(&st);
	snprintf(text, sizeof(text), "%.*s", (int)(ml < sizeof(text) - 1 ? ml : sizeof(text) - 1), msg);
	int k = us_count_kill(&st, ident, il, text);
	if (k < -1 || k >= US_KILLER_COUNT)
		abort();

	/* the struct from the input: flags from one byte's bits, numbers from the bytes after */
	struct metrics_state m;
	memset(&m, 0, sizeof(m));
	uint8_t flags = size ? data[0] : 0;
	m.have_memory = flags & 1;
	m.have_psi = flags & 2;
	m.have_kernel_kills = flags & 4;
	m.have_other_killers = flags & 8;
	m.have_findings = flags & 16;
	m.have_daemon = flags & 32;
	m.daemon_stopped = flags & 64;
	m.daemon_dry_run = m.daemon_cgroup_scope = flags & 128;
	uint64_t *nums[] = { &m.mem_total_bytes, &m.mem_available_bytes, &m.swap_free_bytes,
			     &m.kernel_kills[1][3], &m.other_kills[0], &m.actions[2][1], &m.errors,
			     &m.wakeups, &m.kmsg_lost };
	double *reals[] = { &m.psi_some_seconds, &m.psi_full_seconds, &m.kernel_last_kill_s,
			    &m.daemon_start_s, &m.daemon_last_kill_s };
	size_t at = 1;
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]) && at + 8 <= size; i++, at += 8)
		memcpy(nums[i], data + at, 8);
	for (size_t i = 0; i < sizeof(reals) / sizeof(reals[0]) && at + 8 <= size; i++, at += 8)
		memcpy(reals[i], data + at, 8);      /* any bits: NaN and infinities too */
	if (at + 4 <= size)
		memcpy(&m.findings[2], data + at, 4);
	struct strbuf sb;
	strbuf_init(&sb);
	metrics_text_write(&m, &sb);
	if (!sb.failed) {
		for (size_t i = 0; i < sb.len; i++) {
			unsigned char c = (unsigned char)sb.buf[i];
			if (c != '\n' && (c < 0x20 || c > 0x7e))
				abort();            /* only printable ASCII lines */
		}
		if (sb.len && sb.buf[sb.len - 1] != '\n')
			abort();
	}
	strbuf_free(&sb);
	return 0;
}
