/* libFuzzer target for the metrics side's pure code: other killers' log lines
 * (lib/kmsg/killer_line) from arbitrary identifier/message bytes, and the Prometheus exposition
 * (lib/policy/metrics_text) of a struct filled from the input; every line written must be a
 * comment or "name{labels} value" with no byte of the input in it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/kmsg/killer_line.h"
#include "lib/policy/metrics_text.h"
#include "lib/util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t il = nul ? (size_t)(nul - data) : size / 2;
	const char *ident = (const char *)data, *msg = (const char *)data + il + (nul ? 1 : 0);
	size_t ml = size - il - (nul ? 1 : 0);
	int k = other_killer_classify(ident, il, msg, ml);
	if (k < -1 || k >= KILLER_COUNT)
		abort();

	struct metrics_state m;
	memset(&m, 0, sizeof(m));
	memcpy(&m, data, size < sizeof(m) ? size : sizeof(m));
	/* bools must hold 0 or 1 */
	m.have_memory &= 1; m.have_psi &= 1; m.have_kernel_kills &= 1; m.have_other_killers &= 1;
	m.have_findings &= 1; m.have_daemon &= 1; m.daemon_stopped &= 1; m.daemon_dry_run &= 1;
	m.daemon_cgroup_scope &= 1;
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
