/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parser for /proc/vmstat ("name value" per line). */
#include "lib/procfs/vmstat.h"

#include <errno.h>
#include <string.h>
#include "lib/util/numparse.h"
#include "lib/util/textline.h"

static int starts(const char *p, size_t n, const char *prefix)
{
	size_t l = strlen(prefix);
	return n >= l && memcmp(p, prefix, l) == 0;
}

static int is(const char *p, size_t n, const char *name)
{
	return n == strlen(name) && memcmp(p, name, n) == 0;
}

int vmstat_parse(const char *text, size_t len, struct vmstat *out)
{
	const char *p = text, *end = text + len;
	int lines = 0;

	memset(out, 0, sizeof(*out));
	const char *line, *eol;
	while (textline_next(&p, end, &line, &eol)) {
		const char *sp = memchr(line, ' ', (size_t)(eol - line));
		uint64_t v;
		if (sp && numparse_scan_u64(sp + 1, eol, &v, NULL) == 0) {
			size_t n = (size_t)(sp - line);
			lines++;
			if (is(line, n, "oom_kill")) {
				out->oom_kill = v;
				out->has |= VMSTAT_HAS_OOM_KILL;
			} else if (starts(line, n, "allocstall")) {
				out->allocstall += v;
			} else if (is(line, n, "pgmajfault")) {
				out->pgmajfault = v;
			} else if (is(line, n, "pgscan_kswapd")) {
				out->pgscan_kswapd = v;
			} else if (is(line, n, "pgscan_direct")) {
				out->pgscan_direct = v;
			} else if (is(line, n, "pgsteal_kswapd")) {
				out->pgsteal_kswapd = v;
			} else if (is(line, n, "pgsteal_direct")) {
				out->pgsteal_direct = v;
			} else if (is(line, n, "workingset_refault") || is(line, n, "workingset_refault_anon") ||
				   is(line, n, "workingset_refault_file")) {
				out->workingset_refault += v;
			} else if (is(line, n, "compact_stall")) {
				out->compact_stall = v;
			} else if (is(line, n, "compact_fail")) {
				out->compact_fail = v;
			} else if (is(line, n, "kswapd_low_wmark_hit_quickly")) {
				out->kswapd_low_wmark_hit_quickly = v;
			} else if (is(line, n, "pswpin")) {
				out->pswpin = v;
			} else if (is(line, n, "pswpout")) {
				out->pswpout = v;
			}
		}
	}
	return lines > 0 ? 0 : -EINVAL;
}
