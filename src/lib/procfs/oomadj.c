/* SPDX-License-Identifier: GPL-2.0-or-later */
/* oom_score_adj values and their systemd drop-in (see oomadj.h). */
#include "lib/procfs/oomadj.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "lib/procfs/badness.h"

void oomadj_value_text(int score_adj, bool legacy, char *buf, size_t cap)
{
	snprintf(buf, cap, "%d\n", legacy ? oom_score_adj_to_adj(score_adj) : score_adj);
}

bool oomadj_unit_is_service(const char *unit)
{
	static const char suffix[] = ".service";
	size_t len = strlen(unit), slen = sizeof(suffix) - 1;

	if (len <= slen || len >= 256 || unit[0] == '.' || strcmp(unit + len - slen, suffix) != 0)
		return false;
	for (const char *p = unit; *p; p++) {
		unsigned char c = (unsigned char)*p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == ':' || c == '_' || c == '.' || c == '-' || c == '@' || c == '\\';
		if (!ok)
			return false;
	}
	return true;
}

int oomadj_dropin_path(const char *unit, char *buf, size_t cap)
{
	if (!oomadj_unit_is_service(unit))
		return -EINVAL;
	int n = snprintf(buf, cap, "/etc/systemd/system/%s.d/" OOMADJ_DROPIN_NAME, unit);
	return n < 0 || (size_t)n >= cap ? -ENAMETOOLONG : 0;
}

void oomadj_dropin_text(int score_adj, char *buf, size_t cap)
{
	snprintf(buf, cap,
		 OOMADJ_DROPIN_MARKER "; `oomguard protect --undo` removes this file.\n"
		 "[Service]\n"
		 "OOMScoreAdjust=%d\n", score_adj);
}

bool oomadj_dropin_is_ours(const char *text, size_t len)
{
	size_t mlen = sizeof(OOMADJ_DROPIN_MARKER) - 1;
	return len >= mlen && memcmp(text, OOMADJ_DROPIN_MARKER, mlen) == 0;
}

bool oomadj_too_large_to_protect(uint64_t rss_kib, uint64_t swap_kib, uint64_t ram_kib, uint64_t swap_total_kib)
{
	uint64_t total = ram_kib + swap_total_kib;
	return total > 0 && (rss_kib + swap_kib) * 4 > total;
}
