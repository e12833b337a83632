/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target for the log-line decoders (lib/kmsg): arbitrary bytes, split into lines, are
 * decoded in place in every stream context, as a file reader would; decoded records must stay
 * inside the line they borrow from (or, for a continuation line, the host kept in the context);
 * a userspace killer's line (result 2) names a watched program, inside the line. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/kmsg/killer_tags.h"
#include "lib/kmsg/logline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	struct logline_ctx ctx[2];
	struct log_record rec;

	if (!buf)
		return 0;
	logline_ctx_init(&ctx[0], LOG_ORIGIN_FILE, false, "fuzz");
	ctx[0].ref_year = 2026;
	ctx[0].ref_mon = 6;
	ctx[0].boot_realtime_us = 1000000;
	ctx[0].want_userspace = true;        /* userspace killers' lines, as `events FILE` reads */
	logline_ctx_init(&ctx[1], LOG_ORIGIN_KMSG, true, "kmsg");
	for (int c = 0; c < 2; c++) {
		memcpy(buf, data, size);
		char *p = buf, *end = buf + size;
		while (p <= end) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			char *e = nl ? nl : end;
			int r = logline_decode(&ctx[c], p, (size_t)(e - p), &rec);
			if (r == 2 && (c != 0 || !rec.tag || rec.tag < p || rec.tag + rec.tag_len > e ||
				       !killer_tag_known(rec.tag, rec.tag_len)))
				abort();
			if (r >= 1) {
				if (rec.msg < p || rec.msg + rec.msg_len > e)
					abort();
				/* a continuation line carries the host kept from the line before it */
				bool kept = rec.host == ctx[c].cont_host &&
					    rec.host_len < sizeof(ctx[c].cont_host);
				if (rec.host_len && !kept && (rec.host < p || rec.host + rec.host_len > e))
					abort();
			}
			if (!nl)
				break;
			p = nl + 1;
		}
	}
	free(buf);
	return 0;
}
